"""`python -m calc ebs ...`: JSON shapes of the CLI contract, exit codes, one-line errors."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.cli import main
from calc.ebs import (
    VOLUME_TYPES,
    SizingRequirement,
    cost_vs_iops_curves,
)
from calc.ebs.api import (
    SizeResult,
    burst_demand_iops,
    iops_curves,
    price_record,
    report,
    size,
    size_charts,
)
from calc.pricing.errors import PriceNotFound
from calc.report import Output
from tests.calc.ebs.bundled import CATALOG, make


def size_output(req: SizingRequirement, region: str) -> tuple[Output, SizeResult]:
    """What ``ebs size`` prints for ``req`` in ``region``, and the result it reports."""
    res = size(req, region=region, catalog=CATALOG)
    return report(res), res


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0 and err == "", err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_cost_gp3_pricing_page_example(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP3 - AWS EBS pricing page example 1 (2,000 GB, 10,000 IOPS, 500 MB/s), a whole
    # month at the bundled us-east-1 prices (0.08, 0.005, 0.04; EBS feed 2024-07-18)
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp3", "--size-gib", "2000", "--iops",
                 "10000", "--throughput-mibps", "500", "--region", "us-east-1")
    assert d["usd_per_month"] == pytest.approx(210.0)
    assert d["limits"] == "aws_today" and d["as_of"] == "2024-07-18"
    assert [(b["component"], b["usd_per_month"]) for b in d["breakdown"]] == [
        ("storage", pytest.approx(160.0)), ("iops_above_included", pytest.approx(35.0)),
        ("throughput_above_included", pytest.approx(15.0))]
    assert d["price_available"] is True


def test_cost_reports_the_notes_limits(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp3", "--size-gib", "100",
                 "--region", "us-east-1", "--limits", "notes")
    assert d["limits"] == "notes" and d["usd_per_month"] == pytest.approx(8.0)


def test_cost_with_snapshots_and_partial_month(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp2", "--size-gib", "100", "--region",
                 "us-east-1", "--hours", "365", "--count", "2", "--snapshot-retention-days", "7",
                 "--snapshot-daily-change-pct", "10", "--archive-gib-per-month", "100")
    comps = {b["component"]: b["usd_per_month"] for b in d["breakdown"]}
    assert comps["storage"] == pytest.approx(2 * 100 * 0.10 / 2)  # half of a 730-hour month
    assert comps["snapshot_standard"] == pytest.approx(2 * 160 * 0.05)
    assert "snapshot_archive" in comps


def test_size_contract(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(capsys, "ebs", "size", "--size-gib", "1000", "--iops", "10000",
                 "--throughput-mibps", "500", "--region", "us-east-1")
    opts = d["options"]
    assert len(opts) == 7 and d["limits"] == "aws_today" and d["cheapest"] == "gp3"
    for o in opts:
        assert {"volume_type", "size_gib", "iops", "throughput_mibps", "usd_per_month",
                "feasible", "reason"} <= set(o)
    feasible = [o["feasible"] for o in opts]
    assert feasible == sorted(feasible, reverse=True)  # infeasible last
    costs = [o["usd_per_month"] for o in opts if o["feasible"]]
    assert costs == sorted(costs)  # cheapest first
    assert all(o["reason"] for o in opts if not o["feasible"])


def test_size_boot_and_multi_attach(capsys: pytest.CaptureFixture[str]) -> None:
    # rules: EBS-BOOT, EBS-MULTI-ATTACH
    d = run_json(capsys, "ebs", "size", "--size-gib", "100", "--boot", "--multi-attach",
                 "--region", "us-east-1")
    ok = {o["volume_type"] for o in d["options"] if o["feasible"]}
    assert ok == {"io1", "io2"}
    st1 = next(o for o in d["options"] if o["volume_type"] == "st1")
    assert "[EBS-BOOT]" in st1["reason"]


def test_size_table_and_csv_render(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ebs", "size", "--size-gib", "100", "--region", "us-east-1")
    assert code == 0 and "cheapest first" in out and "gp3" in out
    code, out, _ = run(capsys, "ebs", "size", "--size-gib", "100", "--region", "us-east-1",
                       "--format", "csv")
    header, first = out.splitlines()[:2]
    assert code == 0 and header.startswith("rank,volume_type,size_gib")
    # every CSV row says where and when its prices are from and which limits were used
    assert header.endswith(",region,prices_as_of,limits")
    assert first.endswith(",us-east-1,2024-07-18,aws_today")


def test_gp2_contract_100_gib(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP2-BURST - EBS docs gp2 table: 100 GiB, 300 IOPS, 2,000 s, 18,000 s to refill;
    # 75 MiB/s (300 x 256 KiB)
    d = run_json(capsys, "ebs", "gp2", "--size-gib", "100")
    assert (d["baseline_iops"], d["burst_iops"], d["burst_seconds"], d["refill_seconds"],
            d["throughput_mibps"]) == (300, 3000, 2000, 18000, 75)
    assert d["limits"] == "aws_today"


def test_gp2_without_burst_gives_null_durations(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP2-IOPS, EBS-GP2-BURST - notes L2589: 16,000 IOPS at 5,334 GB; no burst
    d = run_json(capsys, "ebs", "gp2", "--size-gib", "5334", "--limits", "notes")
    assert d["baseline_iops"] == 16000 and d["bursts"] is False
    assert d["burst_seconds"] is None and d["refill_seconds"] is None
    assert d["limits"] == "notes"


def test_migrate(capsys: pytest.CaptureFixture[str]) -> None:
    # rules: EBS-GP3, EBS-RESIZE - 500 GiB gp2 (0.10) -> gp3 (0.08) with 3,000 IOPS and gp2's
    # 250 MiB/s (125 above the included, 0.04): 50 - 45 = 5 USD saved
    d = run_json(capsys, "ebs", "migrate", "--size-gib", "500", "--region", "us-east-1")
    assert d["gp2_usd_per_month"] == pytest.approx(50.0)
    assert d["saving_usd_per_month"] == pytest.approx(5.0) and d["saving_pct"] == pytest.approx(10)
    assert d["limits"] == "aws_today" and len(d["options"]) == 3
    assert any("[EBS-RESIZE]" in n for n in d["notes"])
    code, out, _ = run(capsys, "ebs", "migrate", "--size-gib", "500", "--region", "us-east-1")
    assert code == 0 and "saves 5.00 USD per month" in out


# -- bad input: exit 2, one line naming field, value, range and rule -----------------------------
@pytest.mark.parametrize(("argv", "words"), [
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "10", "--iops", "20000"],
     ["iops=20000", "500 IOPS per GiB", "size_gib >= 40", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "st1", "--size-gib", "500", "--boot"],
     ["boot=True", "st1 cannot be a boot volume", "[EBS-BOOT]"]),
    (["ebs", "cost", "--volume-type", "sc1", "--size-gib", "500", "--boot"], ["[EBS-BOOT]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "20000", "--limits", "notes"],
     ["size_gib=20000", "1 to 16,384 GiB", "as in the notes", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100", "--iops", "90000"],
     ["iops=90000", "80,000", "AWS today", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100", "--throughput-mibps", "2500"],
     ["throughput_mibps=2500.0", "2,000 MiB/s", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "io1", "--size-gib", "100", "--iops", "6000"],
     ["50 IOPS per GiB", "size_gib >= 120", "[EBS-IO1-IO2]"]),
    (["ebs", "cost", "--volume-type", "gp2", "--size-gib", "100", "--attach-instances", "2"],
     ["attach_instances=2", "[EBS-MULTI-ATTACH]"]),
    (["ebs", "gp2", "--size-gib", "0"], ["size_gib=0", "1 to 16,384 GiB", "[EBS-GP2-IOPS]"]),
    (["ebs", "size", "--size-gib", "100", "--burst-iops", "3000"],
     ["burst_seconds", "[EBS-GP2-BURST]"]),
    (["ebs", "cost", "--volume-type", "gp9", "--size-gib", "100"], ["invalid choice"]),
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str],
                                         words: list[str]) -> None:
    if argv[1] in ("cost", "size"):
        argv = [*argv, "--region", "us-east-1"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    for w in words:
        assert w in err


def test_unknown_region_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ebs", "migrate", "--size-gib", "100", "--region", "us-east-7")
    assert code == 2 and "us-east-1" in err  # close matches


@pytest.mark.parametrize("command", [
    ["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100"],
    ["ebs", "size", "--size-gib", "100"],
    ["ebs", "migrate", "--size-gib", "100"],
])
def test_region_without_ebs_prices_exits_1(capsys: pytest.CaptureFixture[str],
                                           command: list[str]) -> None:
    # mx-central-1 opened after the EBS feed's date (2024-07-18): no EBS prices in the snapshot
    code, out, err = run(capsys, *command, "--region", "mx-central-1")
    assert code == 1 and out == ""
    assert "no price for EBS volumes in mx-central-1" in err and "2024-07-18" in err


def test_missing_io2_price_exits_1_for_cost_but_not_for_size(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ebs", "cost", "--volume-type", "io2", "--size-gib", "100",
                       "--iops", "1000", "--region", "af-south-1")
    assert code == 1 and "io2" in err and "af-south-1" in err
    d = run_json(capsys, "ebs", "size", "--size-gib", "100", "--region", "af-south-1")
    io2 = next(o for o in d["options"] if o["volume_type"] == "io2")
    assert io2["price_available"] is False and io2["usd_per_month"] is None


# -- size_output / size_charts: the ``ebs size`` data the GUI's EBS page draws ----------------
def _req(**kw: Any) -> SizingRequirement:
    return make(SizingRequirement, **kw)


def test_size_output_is_what_the_cli_prints(capsys: pytest.CaptureFixture[str]) -> None:
    out, res = size_output(_req(size_gib=1000, iops=10000, throughput_mibps=500), "us-east-1")
    d = run_json(capsys, "ebs", "size", "--size-gib", "1000", "--iops", "10000",
                 "--throughput-mibps", "500", "--region", "us-east-1")
    assert res.cheapest == d["cheapest"] == "gp3"
    assert out.table is not None and list(out.table["volume_type"]) == [
        o["volume_type"] for o in d["options"]]
    assert [None if np.isnan(u) else u for u in out.table["usd_per_month"]] == [
        o["usd_per_month"] for o in d["options"]]
    assert out.csv_context == {"region": "us-east-1", "prices_as_of": "2024-07-18",
                               "limits": "aws_today"}


def test_size_output_without_ebs_prices_raises() -> None:
    # ap-east-2 opened after the EBS feed's date (2024-07-18)
    with pytest.raises(PriceNotFound, match="ap-east-2"):
        size_output(_req(size_gib=100), "ap-east-2")


def test_iops_curves_gp3_pricing_page_example() -> None:
    # rule: EBS-GP3 - AWS EBS pricing page example 1: 2,000 GB, 10,000 IOPS, 500 MB/s:
    # 160 + 7,000 x 0.005 + 375 x 0.04 = 210 USD (us-east-1, EBS feed 2024-07-18)
    prices = price_record("us-east-1", catalog=CATALOG)
    c = iops_curves(_req(size_gib=2000, throughput_mibps=500), prices, [10000], catalog=CATALOG)
    assert c.set_index("volume_type").loc["gp3", "usd_per_month"] == pytest.approx(210.0)


REQS = [_req(size_gib=500, iops=1000, throughput_mibps=125, burst_iops=3000, burst_seconds=2700,
             burst_every_hours=6),
        _req(size_gib=500, iops=6000),
        _req(size_gib=100, iops=100, burst_iops=5000, burst_seconds=60),
        _req(size_gib=2000, iops=200, throughput_mibps=300),
        _req(size_gib=100, boot=True, multi_attach=True),
        _req(size_gib=70000, iops=90000)]


@pytest.mark.parametrize("req", REQS)
def test_curves_at_the_required_iops_are_the_size_table(req: SizingRequirement) -> None:
    # the markers on the cost-versus-IOPS chart sit where the table's costs are
    _, res = size_output(req, "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    at = charts.at_required.set_index("volume_type")
    opts = res.options.set_index("volume_type")
    assert list(at.index) == list(VOLUME_TYPES) and (at["required_iops"] == req.iops).all()
    assert np.allclose(at.loc[opts.index, "usd_per_month"], opts["usd_per_month"],
                       equal_nan=True)
    assert (at.loc[opts.index, "feasible"] == opts["feasible"]).all()
    for vt, frame in charts.curves_by_type.items():
        assert frame.equals(charts.curves[charts.curves["volume_type"] == vt])


def test_curves_without_a_burst_are_cost_vs_iops_curves() -> None:
    prices = price_record("us-east-1", catalog=CATALOG)
    req = _req(size_gib=800, throughput_mibps=200, attach_instances=2, multi_attach=True)
    grid = np.linspace(0, 40000, 81)
    pd.testing.assert_frame_equal(
        iops_curves(req, prices, grid, catalog=CATALOG),
        cost_vs_iops_curves(iops=grid, size_gib=800, prices=prices, throughput_mibps=200,
                            attach_instances=2, limits=CATALOG.limits))


@settings(max_examples=60)
@given(size=st.integers(1, 70000), thr=st.floats(0, 1200), burst=st.integers(0, 8000),
       basis=st.sampled_from(["aws_today", "notes"]))
def test_curves_never_negative_and_never_fall_as_iops_grow(size: int, thr: float, burst: int,
                                                          basis: str) -> None:
    prices = price_record("us-east-1", catalog=CATALOG)
    req = _req(size_gib=size, throughput_mibps=thr, burst_iops=burst or None,
               burst_seconds=600 if burst else None, basis=basis)
    grid = np.linspace(0, 100000, 201)
    for _vt, frame in iops_curves(req, prices, grid, catalog=CATALOG).groupby("volume_type"):
        usd = frame["usd_per_month"].to_numpy()
        ok = frame["feasible"].to_numpy()
        assert np.all(usd[ok] >= 0) and np.all(np.isnan(usd[~ok]))
        assert np.all(np.diff(usd[ok]) >= -1e-9)
        first_bad = int(np.argmin(ok)) if not ok.all() else len(ok)
        assert not ok[first_bad:].any()  # once more IOPS are infeasible, more stay so


def test_burst_demand_worked_example() -> None:
    # 1,000 IOPS with a 90 s burst to 3,000 in 60 s steps: the second step is half burst
    d = burst_demand_iops(iops=1000, burst_iops=3000, burst_seconds=90,
                          burst_every_seconds=np.inf, step_seconds=60, steps=4)
    assert list(d) == [3000, 2000, 1000, 1000]
    # no burst (burst at or below the sustained IOPS): flat
    flat = burst_demand_iops(iops=1000, burst_iops=800, burst_seconds=90,
                             burst_every_seconds=np.inf, step_seconds=60, steps=3)
    assert list(flat) == [1000, 1000, 1000]


@settings(max_examples=80)
@given(iops=st.floats(0, 5000), burst=st.floats(0, 20000), d=st.floats(1, 5000),
       every=st.one_of(st.just(np.inf), st.floats(5001, 50000)), step=st.floats(1, 900),
       steps=st.integers(1, 500))
def test_burst_demand_keeps_the_io_asked_for(iops: float, burst: float, d: float, every: float,
                                             step: float, steps: int) -> None:
    demand = burst_demand_iops(iops=iops, burst_iops=burst, burst_seconds=d,
                               burst_every_seconds=every, step_seconds=step, steps=steps)
    horizon = step * steps
    if np.isfinite(every):
        in_burst = np.floor(horizon / every) * d + min(horizon % every, d)
    else:
        in_burst = min(horizon, d)
    extra = max(burst - iops, 0.0) * in_burst
    assert demand.sum() * step == pytest.approx(iops * horizon + extra, rel=1e-9, abs=1e-6)
    assert np.all(demand >= min(iops, burst) - 1e-9) and np.all(demand <= max(iops, burst) + 1e-9)


def test_gp2_balance_worked_example() -> None:
    # rule: EBS-GP2-BURST - EBS docs gp2 table, 500 GiB: 1,500 IOPS baseline, 5.4M-credit
    # bucket. A 3,000 IOPS burst spends 1,500 credits/s: 2,700 s spend 4.05M -> 25 % left; at
    # 1,000 IOPS it earns 500 credits/s back: full again 8,100 s (2.25 h) after the burst.
    _, res = size_output(REQS[0], "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    assert set(charts.balance) == {"gp2"}  # gp2 keeps the 500 GiB asked for
    bal = charts.balance["gp2"]
    assert bal.size_gib == 500 and bal.sized and bal.baseline_iops == 1500
    assert bal.min_burst_balance_pct == pytest.approx(25.0)
    assert bal.empty_after_h is None and not bal.short_of_demand
    pct = bal.frame.set_index("time_h")["burst_balance_pct"]
    assert pct.loc[0.75] == pytest.approx(25.0) and pct.loc[3.0] == pytest.approx(100.0)
    assert pct.loc[2.9] < 100 and pct.loc[6.75] == pytest.approx(25.0)  # the next burst
    assert charts.step_seconds == 60 and bal.frame["time_h"].iloc[-1] == pytest.approx(24)


def test_gp2_balance_at_the_capacity_asked_runs_out() -> None:
    # rule: EBS-GP2-BURST - EBS docs gp2 table, 500 GiB: 3,600 s at 3,000 IOPS from a full
    # bucket; 6,000 IOPS sustained grows gp2 to 2,000 GiB (6,000 baseline, never bursts).
    _, res = size_output(REQS[1], "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    sized, asked = charts.balance["gp2"], charts.balance["gp2:requested"]
    assert sized.size_gib == 2000 and sized.min_burst_balance_pct == 100
    assert asked.size_gib == 500 and not asked.sized
    assert asked.empty_after_h == pytest.approx(1.0) and asked.short_of_demand


def test_gp2_balance_absent_with_multi_attach() -> None:
    # rule: EBS-MULTI-ATTACH - gp2 cannot be Multi-Attached: no balance line, the reason instead
    _, res = size_output(REQS[4], "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    assert charts.balance == {} and "[EBS-MULTI-ATTACH]" in charts.balance_note
    assert charts.migration is None and "[EBS-MULTI-ATTACH]" in charts.migration_note


def test_migration_at_the_capacity_asked() -> None:
    # rules: EBS-GP3, EBS-RESIZE - as test_migrate: 500 GiB gp2 -> gp3 saves 5 USD a month
    _, res = size_output(REQS[0], "us-east-1")
    mig = size_charts(res, catalog=CATALOG).migration
    assert mig is not None and mig.saving_usd_per_month == pytest.approx(5.0)
    # 70,000 GiB is more than gp2 holds: no migration figure, the reason instead
    _, res = size_output(REQS[5], "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    assert charts.migration is None
    assert "size_gib=70000" in charts.migration_note and "[EBS-GP2-IOPS]" in charts.migration_note
