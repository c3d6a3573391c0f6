"""EFS: storage by class mix, access charges, bursting against required throughput."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.cli import main
from calc.efs import api
from calc.efs.costs import efs_provisioned_usd, efs_storage_usd
from calc.efs.models import EfsCostInput
from calc.efs.throughput import efs_bursting_mibps, fsx_scratch_burst_mbps
from calc.errors import first_error
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does
LIM = CAT.limits
EAST = CAT.efs_prices("us-east-1")


def efs_cost(inp: EfsCostInput) -> api.EfsCostResult:
    return api.cost(inp, catalog=CAT)


@pytest.mark.parametrize(("standard_gb", "baseline", "burst"), [
    # rule: EFS-BURST (notes L2676: 50 MiB/s per TB stored, bursts to 100 MiB/s per TB;
    # AWS EFS docs: every file system can burst to at least 100 MiB/s)
    (1_024, 50, 100),  # exactly 1 TiB
    (2_048, 100, 200),
    (100, 100 / 1_024 * 50, 100),  # small: the 100 MiB/s burst floor
    # AWS What's New 2020-06-30 ("Amazon Elastic File System increases file system minimum
    # throughput"): every Bursting file system has a baseline of at least 1 MiB/s, a fixed
    # minimum below 20 GiB in Standard; 50 KiB/s per GiB reaches 1 MiB/s at 20.48 GiB
    (0, 1, 100),  # empty: the 1 MiB/s minimum
    (10, 1, 100),  # 10 GiB: 0.49 MiB/s by size, 1 MiB/s by the minimum
    (20, 1, 100),  # the announcement's "less than 20 GiB" edge
    (20.48, 1, 100),  # where 50 KiB/s per GiB meets the minimum
    (40.96, 2, 100),  # above it, the size decides
])
def test_bursting_throughput(standard_gb: float, baseline: float, burst: float) -> None:
    res = efs_cost(EfsCostInput(storage_gb=standard_gb))
    assert res.throughput["baseline_mibps"] == pytest.approx(baseline)
    assert res.throughput["burst_mibps"] == pytest.approx(burst)


@pytest.mark.parametrize(("required", "enough"), [(50, True), (50.001, False)])
def test_bursting_enough_at_the_baseline(required: float, enough: bool) -> None:
    # rule: EFS-BURST. 1 TiB in Standard sustains 50 MiB/s.
    res = efs_cost(EfsCostInput(storage_gb=1_024, required_mibps=required))
    assert res.throughput["bursting_enough"] is enough
    assert any("not enough" in n for n in res.notes) is (not enough)


@pytest.mark.parametrize(("standard_gb", "minutes"), [
    # rule: EFS-BURST. EFS User Guide, bursting table: 256 GiB bursts 180 min a day (12.5 of
    # 100 MiB/s), 1 TiB and more 720 min (50%); 1,440 x baseline / burst. With the 1 MiB/s
    # minimum (What's New 2020-06-30) a small file system bursts 1,440 x 1 / 100 = 14.4 min.
    (256, 180), (1_024, 720), (4_096, 720), (5, 14.4), (0, 14.4),
])
def test_burst_minutes_per_day(standard_gb: float, minutes: float) -> None:
    res = efs_cost(EfsCostInput(storage_gb=standard_gb))
    assert res.throughput["burst_minutes_per_day"] == pytest.approx(minutes)


@pytest.mark.parametrize(("storage", "required", "enough"), [
    (5, 1.0, True),  # 5 GiB: 0.24 MiB/s by size, but the 1 MiB/s minimum covers 1 MiB/s
    (5, 1.001, False),
    (0, 1.0, True),
])
def test_small_file_system_bursting_enough_at_the_minimum(storage: float, required: float,
                                                          enough: bool) -> None:
    # rule: EFS-BURST (What's New 2020-06-30: 1 MiB/s minimum for every Bursting file system);
    # before the fix a 5 GiB file system needing 1 MiB/s was told bursting is not enough
    res = efs_cost(EfsCostInput(storage_gb=storage, required_mibps=required))
    assert res.throughput["bursting_enough"] is enough
    assert any("not enough" in n for n in res.notes) is (not enough)
    assert any("at least 1 MiB/s" in n and "[EFS-BURST]" in n for n in res.notes)


def test_provisioned_within_the_minimum_costs_nothing() -> None:
    # rule: EFS-BURST. re:Post Knowledge Center "efs-choosing-correct-throughput-mode": "You
    # don't incur charges for Provisioned throughput below your file system's entitlement in
    # Bursting throughput mode"; a 5 GiB file system is entitled to the 1 MiB/s minimum.
    # Provisioned 1 MiB/s: $0; 3 MiB/s: 2 MB/s-months x $6.00 = $12.00.
    one = efs_cost(EfsCostInput(storage_gb=5, throughput_mode="provisioned",
                                provisioned_mibps=1))
    row = one.breakdown[one.breakdown["component"] == "provisioned_throughput"].iloc[0]
    assert row["quantity"] == 0 and row["usd_per_month"] == 0
    three = efs_cost(EfsCostInput(storage_gb=5, throughput_mode="provisioned",
                                  provisioned_mibps=3))
    row = three.breakdown[three.breakdown["component"] == "provisioned_throughput"].iloc[0]
    assert row["quantity"] == pytest.approx(2) and row["usd_per_month"] == pytest.approx(12.0)
    assert efs_provisioned_usd(provisioned_mibps=1, baseline_mibps=1,
                               usd_per_mibps_month=6.0) == 0.0


@pytest.mark.parametrize(("kw", "ok"), [
    ({"month_days": 28}, True), ({"month_days": 31}, True),
    ({"month_days": 27}, False), ({"month_days": 32}, False),
    ({"hours": 0}, True), ({"hours": 730}, True), ({"hours": 731}, False),
    ({"hours": 744, "month_days": 31}, True), ({"hours": 745, "month_days": 31}, False),
    ({"hours": 673, "month_days": 28}, False), ({"hours": -1}, False),
])
def test_month_days_and_hours_limits(kw: dict, ok: bool) -> None:
    # rule: EFS-BILLING: month_days 28-31 (default the 730-hour month); hours within it
    if ok:
        EfsCostInput(storage_gb=10, **kw)
        return
    with pytest.raises(ValidationError) as e:
        EfsCostInput(storage_gb=10, **kw)
    msg = first_error(e.value)
    field = "hours" if "hours" in kw else "month_days"
    assert msg.startswith(f"{field}={kw[field]}") and "[EFS-BILLING]" in msg
    assert "must be 0 to" in msg or "must be 28 to 31 days" in msg


@pytest.mark.parametrize(("kw", "share"), [
    ({}, 1.0), ({"month_days": 30}, 1.0), ({"hours": 0}, 0.0), ({"hours": 365}, 0.5),
    ({"hours": 372, "month_days": 31}, 0.5), ({"hours": 744, "month_days": 31}, 1.0),
])
def test_month_share(kw: dict, share: float) -> None:
    # rule: EFS-BILLING: GB-months = GB x hours / the month's hours; whole month without hours
    inp = EfsCostInput(storage_gb=10, **kw)
    assert inp.month_share == pytest.approx(share)
    res = efs_cost(inp)
    assert res.breakdown.loc[0, "quantity"] == pytest.approx(10 * share)
    assert any("partial month" in n for n in res.notes) is (share < 1)


def test_only_standard_storage_counts_for_bursting() -> None:
    # rule: EFS-BURST - throughput scales with the data in EFS Standard
    res = efs_cost(EfsCostInput(storage_gb=2_048, ia_percent=50))
    assert res.throughput["baseline_mibps"] == pytest.approx(50)


def test_provisioned_is_billed_above_the_baseline() -> None:
    # rule: EFS-BURST. AWS re:Post (repost.aws, "Is EFS Provisioned Throughput mode billed at
    # daily granularity?", read 2026-11-26): billed on the throughput provisioned in excess
    # of what the EFS Standard storage allows, per MB/s-month ($6.00 in us-east-1).
    # 1 TiB (baseline 50 MiB/s) provisioned at 150 MiB/s: 100 x $6 = $600.
    res = efs_cost(EfsCostInput(storage_gb=1_024, throughput_mode="provisioned",
                                provisioned_mibps=150))
    row = res.breakdown[res.breakdown["component"] == "provisioned_throughput"].iloc[0]
    assert row["quantity"] == pytest.approx(100) and row["usd_per_month"] == pytest.approx(600)
    assert res.usd_per_month == pytest.approx(1_024 * 0.30 + 600)
    # below the baseline nothing is billed
    assert efs_provisioned_usd(provisioned_mibps=40, baseline_mibps=50,
                               usd_per_mibps_month=6.0) == 0.0


def test_elastic_throughput_per_gb() -> None:
    # rule: EFS-BURST. Elastic: $0.03/GB read, $0.06/GB written (us-east-1 snapshot).
    res = efs_cost(EfsCostInput(storage_gb=100, throughput_mode="elastic",
                                elastic_read_gb=1_000, elastic_write_gb=100))
    assert res.usd_per_month == pytest.approx(100 * 0.30 + 1_000 * 0.03 + 100 * 0.06)
    opts = res.throughput_options.set_index("throughput_mode")
    assert opts.loc["elastic", "usd_per_month"] == pytest.approx(36.0)


def test_fsx_lustre_scratch_burst() -> None:
    # rule: FSX-SCRATCH (notes L3172: scratch burst 200 MBps per TiB)
    assert fsx_scratch_burst_mbps(storage_tib=1.2, mbps_per_tib=LIM.value(
        "fsx.lustre.scratch_burst_mbps_per_tib")) == pytest.approx(240)
    res = efs_cost(EfsCostInput(storage_gb=1_024))
    assert res.burst["fsx_lustre_scratch_burst_mbps"].iloc[-1] == pytest.approx(
        res.burst["standard_gb"].iloc[-1] / 1_024 * 200)


def test_gui_frames() -> None:
    res = efs_cost(EfsCostInput(storage_gb=1_000, required_mibps=30))
    mix = res.class_mix
    assert mix["ia_percent"].iloc[0] == 0 and mix["ia_percent"].iloc[-1] == 100
    assert mix["storage_usd_per_month"].is_monotonic_decreasing  # more IA, cheaper storage
    assert {"baseline_mibps", "burst_mibps", "required_mibps"} <= set(res.burst.columns)
    assert list(res.throughput_options["throughput_mode"]) == ["bursting", "provisioned",
                                                               "elastic"]


@pytest.mark.parametrize(("kw", "field"), [
    ({"storage_gb": -1}, "storage_gb"),
    ({"storage_gb": 1, "ia_percent": 101}, "ia_percent"),
    ({"storage_gb": 1, "ia_percent": 60, "archive_percent": 50}, "ia_percent"),
    ({"storage_gb": 1, "throughput_mode": "turbo"}, "throughput_mode"),
])
def test_bad_input(kw: dict, field: str) -> None:
    with pytest.raises(ValidationError) as e:
        EfsCostInput(**kw)
    assert first_error(e.value).startswith(f"{field}=")


@settings(max_examples=80)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=20), st.floats(0, 1), st.floats(0, 1))
def test_storage_formula_properties(gbs: list[float], ia: float, ar: float) -> None:
    ar = min(ar, 1 - ia)
    prices = dict(standard_usd_per_gb_month=0.30, ia_usd_per_gb_month=0.025,
                  archive_usd_per_gb_month=0.008)
    vec = efs_storage_usd(storage_gb=np.array(gbs), ia_share=ia, archive_share=ar, **prices)
    scal = [efs_storage_usd(storage_gb=g, ia_share=ia, archive_share=ar, **prices) for g in gbs]
    assert np.allclose(vec, scal) and (vec >= 0).all()
    # moving data to IA never costs more storage
    more_ia = efs_storage_usd(storage_gb=np.array(gbs), ia_share=min(1 - ar, ia + 0.1),
                              archive_share=ar, **prices)
    assert (more_ia <= vec + 1e-9).all()


@settings(max_examples=60)
@given(st.floats(0, 1e7), st.floats(0, 1e7))
def test_bursting_monotone(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert efs_bursting_mibps(standard_gb=lo, mibps_per_tib=50) <= efs_bursting_mibps(
        standard_gb=hi, mibps_per_tib=50)


# -- CLI ------------------------------------------------------------------------------------


def test_cli_efs_bad_shares_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["efs", "cost", "--storage-gb", "10", "--ia-percent", "70",
                 "--archive-percent", "40"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert "--ia-percent=70.0" in err and "[EFS-IA]" in err


def test_cli_efs_negative_size_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["efs", "cost", "--storage-gb", "-5"])
    _, err = capsys.readouterr()
    assert code == 2 and "--storage-gb=-5.0" in err
