"""Network transfer days, the one-week rule, and Snow devices (notes and today)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.cli import main
from calc.errors import first_error
from calc.transfer import api
from calc.transfer.models import TransferInput
from calc.transfer.network import network_transfer_days
from calc.transfer.snow import devices_needed
from calc.units import SECONDS_PER_DAY
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does
LIM = CAT.limits


def plan_transfer(inp: TransferInput) -> api.TransferPlan:
    return api.plan(inp, catalog=CAT)


def test_100_tb_over_1_gbps_at_80_pct_takes_about_12_days() -> None:
    # rule: SNOW-RULE
    # 100 TB = 10^14 bytes = 8 x 10^14 bits; 1 Gbps at 80% = 8 x 10^8 bit/s: 10^6 s =
    # 11.57 days, "about 12 days" (the transfer-time table of the AWS Snow material,
    # e.g. lucaraveri.com's course notes read 2026-11-26: 100 TB over 1 Gbps = 12 days).
    # More than a week (notes L3059): use the Snow Family.
    plan = plan_transfer(TransferInput(data_tb=100, bandwidth_mbps=1_000, utilization=0.8))
    assert plan.network_days == pytest.approx(1e6 / SECONDS_PER_DAY)
    assert round(plan.network_days) == 12
    assert plan.recommend_snow and plan.one_week_days == 7


@pytest.mark.parametrize(("days_target", "snow"), [
    # rule: SNOW-RULE: "if transfer takes more than a week" - exactly a week is not more
    (7.0, False),
    (7.0001, True),
])
def test_one_week_rule_edges(days_target: float, snow: bool) -> None:
    # data that takes exactly ``days_target`` days over 100 Mbit/s at 100%
    tb = days_target * SECONDS_PER_DAY * 100e6 / 8 / 1e12
    plan = plan_transfer(TransferInput(data_tb=tb, bandwidth_mbps=100, utilization=1.0))
    assert plan.network_days == pytest.approx(days_target)
    assert plan.recommend_snow is snow


def test_devices_notes_versus_today() -> None:
    # rule: SNOW-DEVICES (notes L3075: Snowball Edge Storage Optimized 80 TB; AWS today
    # 210 TB; L3078 Compute Optimized 42 TB; L3063 Snowcone 8 TB HDD / 14 TB SSD and
    # L3083 Snowmobile 100 PB - both retired today)
    plan = plan_transfer(TransferInput(data_tb=100, bandwidth_mbps=1_000))
    d = plan.devices.set_index("device")
    so = d.loc["Snowball Edge Storage Optimized"]
    assert (so["capacity_tb_notes"], so["capacity_tb_today"]) == (80, 210)
    assert (so["devices_notes"], so["devices_today"]) == (2, 1)
    assert d.loc["Snowball Edge Compute Optimized", "devices_notes"] == 3  # 100 / 42
    cone = d.loc["Snowcone (HDD)"]
    assert cone["devices_notes"] == 13 and pd_na(cone["devices_today"])
    assert not cone["available_today"] and "retired" in cone["note"]
    assert "24 TB" in cone["note"]  # the notes recommend Snowcone up to 24 TB jobs
    mobile = d.loc["Snowmobile"]
    assert mobile["capacity_tb_notes"] == 100_000 and mobile["devices_notes"] == 1


def pd_na(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


@pytest.mark.parametrize(("tb", "capacity", "n"), [(80, 80, 1), (80.001, 80, 2), (0.1, 80, 1)])
def test_devices_needed_edges(tb: float, capacity: float, n: int) -> None:
    # rule: SNOW-DEVICES
    assert devices_needed(data_tb=tb, capacity_tb=capacity) == n


@pytest.mark.parametrize("utilization", [0, -0.1, 1.5, 1.0001, 0.0099, 3.16e-187])
def test_utilization_outside_its_range_is_rejected(utilization: float) -> None:
    # rule: SNOW-RULE; the share of the link is from 1 % to 100 % (issue 15: the fuzz's
    # 3.16e-187 underflowed the link to zero)
    with pytest.raises(ValidationError) as e:
        TransferInput(data_tb=1, bandwidth_mbps=100, utilization=utilization)
    msg = first_error(e.value)
    assert msg == (f"utilization={float(utilization)!r}: must be from 0.01 to 1: the share of the "
                   "link the transfer gets [SNOW-RULE]")


@pytest.mark.parametrize("mbps", [0.000999, 3.16e-187, 5e-324])
def test_a_link_slower_than_1_kbit_s_is_rejected(mbps: float) -> None:
    with pytest.raises(ValidationError) as e:
        TransferInput(data_tb=1, bandwidth_mbps=mbps)
    assert first_error(e.value) == (f"bandwidth_mbps={mbps!r}: must be at least 0.001 Mbit/s "
                                    "(1 kbit/s) [SNOW-RULE]")


def test_the_slowest_link_and_share_with_the_most_data_stay_finite() -> None:
    # the fuzz's case at the new floors: 10^13 TB over 1 kbit/s at 1 % is
    # 10^25 bytes x 8 / (1,000 bit/s x 0.01) = 8 x 10^24 s = 9.26 x 10^19 days; finite, and
    # no RuntimeWarning (a division by zero or an overflow would raise here)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plan = plan_transfer(TransferInput(data_tb=1e13, bandwidth_mbps=0.001,
                                           utilization=0.01))
    assert plan.network_days == pytest.approx(8e24 / 86_400)
    assert np.isfinite(plan.options["days"]).all()


def test_full_utilization_is_allowed() -> None:
    plan = plan_transfer(TransferInput(data_tb=1, bandwidth_mbps=100, utilization=1.0))
    assert plan.network_days > 0


def test_options_frame_has_the_one_week_line() -> None:
    plan = plan_transfer(TransferInput(data_tb=100, bandwidth_mbps=500))
    o = plan.options
    assert "500 Mbit/s (your link)" in list(o["option"])
    assert (o["one_week_days"] == 7).all()
    assert list(o["over_one_week"]) == list(o["days"] > 7)
    assert o["days"].is_monotonic_decreasing  # faster links, fewer days


@settings(max_examples=80)
@given(st.lists(st.floats(1e-3, 1e5), min_size=1, max_size=20), st.floats(1, 1e5),
       st.floats(0.01, 1))
def test_days_scalar_equals_vector_and_falls_with_bandwidth(tbs: list[float], mbps: float,
                                                            util: float) -> None:
    vec = network_transfer_days(data_tb=np.array(tbs), bandwidth_mbps=mbps, utilization=util)
    scal = [network_transfer_days(data_tb=t, bandwidth_mbps=mbps, utilization=util) for t in tbs]
    assert np.allclose(vec, scal) and (vec > 0).all()
    faster = network_transfer_days(data_tb=np.array(tbs), bandwidth_mbps=mbps * 2,
                                   utilization=util)
    assert np.allclose(faster, vec / 2)


# -- CLI ------------------------------------------------------------------------------------
def test_cli_transfer_plan_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["transfer", "plan", "--data-tb", "100", "--bandwidth-mbps", "1000",
                 "--utilization", "0.8", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data = json.loads(out)
    assert round(data["network_days"], 2) == 11.57
    assert data["recommend_snow"] is True
    assert {d["device"] for d in data["devices"]} >= {"Snowball Edge Storage Optimized"}
    so = next(d for d in data["devices"] if d["device"].startswith("Snowball Edge Storage"))
    assert so["devices_today"] == 1 and so["devices_notes"] == 2


@pytest.mark.parametrize("value", ["0", "1.5", "-1", "3.16e-187"])
def test_cli_bad_utilization_exit_2(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code = main(["transfer", "plan", "--data-tb", "1", "--bandwidth-mbps", "10",
                 "--utilization", value])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"costsizer-cli: error: --utilization={float(value)!r}: must be "
                          "from 0.01 to 1") and err.endswith("[SNOW-RULE]\n")


def test_cli_the_fuzz_case_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    # issue 15: `make fuzz` found a division by zero (a RuntimeWarning) for these values
    code = main(["transfer", "plan", "--data-tb=1e13", "--bandwidth-mbps=3.16e-187",
                 "--utilization=3.16e-187"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == ("costsizer-cli: error: --bandwidth-mbps=3.16e-187: must be at least 0.001 "
                   "Mbit/s (1 kbit/s) [SNOW-RULE]\n")


def test_cli_transfer_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["transfer", "plan", "--data-tb", "5", "--bandwidth-mbps", "1000"])
    out, _ = capsys.readouterr()
    assert code == 0 and "within 7 days: the network will do" in out
