"""EBS cost formulas and the cost of a configuration (``volume_cost``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ebs import (
    SnapshotPlan,
    VolumeConfig,
    gp3_iops_usd_per_month,
    gp3_throughput_usd_per_month,
    io2_iops_usd_per_month,
    prorate,
    snapshot_archive_gib_months,
    snapshot_standard_gib,
    storage_usd_per_month,
    volume_cost,
    volume_usd_per_month,
)
from calc.ebs.specs import VOLUME_TYPES, VolumeSpec, volume_specs
from calc.pricing import PriceRecord
from calc.units import DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_DAY, SECONDS_PER_HOUR
from tests.calc.ebs.bundled import CATALOG, make
from tests.calc.ebs.published import US_EAST_1, WITHOUT_IO2

EAST = US_EAST_1  # AWS's published us-east-1 prices (published.py)
SPECS: dict[str, VolumeSpec] = volume_specs(CATALOG.limits)
P = EAST.values


# -- the AWS EBS pricing page, example 1 (gp3) ---------------------------------------------------
# rule: EBS-GP3 - Amazon EBS pricing page, "Pricing examples, Example 1 - General Purpose SSD
# (gp3) Volumes" (read from the stored copy of aws.eu/ebs/pricing, the EUR edition of the same
# page, as stored in 2025; the USD page has the same example): "provision a 2,000 GB volume for
# 12 hours (43,200 seconds) in a 30-day month ... 10,000 IOPS and 500 MB/s"; storage
# "EUR 0.09394 per GB-month * 2,000 GB * 43,200 seconds / (86,400 seconds/day * 30-day month)
# = EUR 3.13133"; IOPS "EUR 0.00592 per provisioned IOPS-month * (10,000 IOPS provisioned -
# 3,000 IOPS in the free baseline performance) * 43,200 seconds / ..."
PAGE_MONTH_FRACTION = 12 * SECONDS_PER_HOUR / (SECONDS_PER_DAY * 30)  # the page's 30-day month


def test_pricing_page_gp3_example_storage_and_iops_charges() -> None:
    storage = storage_usd_per_month(size_gib=2000, usd_per_gb_month=0.09394)
    assert storage * PAGE_MONTH_FRACTION == pytest.approx(3.13133, abs=5e-6)
    iops = gp3_iops_usd_per_month(iops=10000, included_iops=3000, usd_per_iops_month=0.00592)
    assert iops * PAGE_MONTH_FRACTION == pytest.approx(0.00592 * 7000 / 60)
    # prorate() reaches the same fraction from hours of AWS's 730-hour month
    hours = HOURS_PER_MONTH * PAGE_MONTH_FRACTION
    assert prorate(usd_per_month=storage, hours=hours) == pytest.approx(3.13133, abs=5e-6)


def test_pricing_page_gp3_example_in_us_east_1_full_month() -> None:
    # rule: EBS-GP3 - the same 2,000 GB / 10,000 IOPS / 500 MiB/s volume for a whole month at
    # the published us-east-1 prices (AWS EBS pricing page): 0.08/GB-month, 0.005/IOPS-month
    # above 3,000, 0.04/MiB/s-month above 125 -> 160 + 35 + 15 = 210 USD.
    cfg = make(VolumeConfig, volume_type="gp3", size_gib=2000, iops=10000, throughput_mibps=500)
    res = volume_cost(cfg, EAST, limits=CATALOG.limits)
    by = res.breakdown.set_index("component")["usd_per_month"]
    assert by["storage"] == pytest.approx(2000 * 0.08)
    assert by["iops_above_included"] == pytest.approx((10000 - 3000) * 0.005)
    assert by["throughput_above_included"] == pytest.approx((500 - 125) * 0.04)
    assert res.usd_per_month == pytest.approx(210.0)
    assert res.config.basis == "aws_today" and res.as_of == US_EAST_1.as_of
    # the page's 12 hours of a 30-day month, expressed in AWS's 730-hour month
    part = volume_cost(cfg.model_copy(update={"hours": HOURS_PER_MONTH * PAGE_MONTH_FRACTION}),
                       EAST, limits=CATALOG.limits)
    assert part.usd_per_month == pytest.approx(210.0 / 60)


def test_gp3_included_baseline_costs_nothing_extra() -> None:
    # rule: EBS-GP3 - 3,000 IOPS and 125 MiB/s included in the storage price
    res = volume_cost(make(VolumeConfig, volume_type="gp3", size_gib=100), EAST,
                      limits=CATALOG.limits)
    assert res.usd_per_month == pytest.approx(100 * 0.08)
    assert gp3_throughput_usd_per_month(throughput_mibps=125, included_throughput_mibps=125,
                                        usd_per_mibps_month=0.04) == 0


# -- io2 IOPS tiers ------------------------------------------------------------------------------
# rule: EBS-IO2-BX, EBS-IO1-IO2 - AWS EBS pricing page: io2 provisioned IOPS "up to 32,000",
# "32,001 to 64,000", "greater than 64,000"; us-east-1 tier prices published on the AWS EBS pricing
# page: 0.065, 0.0455, 0.03185 USD per IOPS-month
T1, T2, T3 = 0.065, 0.0455, 0.03185


@pytest.mark.parametrize(("iops", "usd"), [
    (32000, 32000 * T1),                            # exactly the end of tier 1
    (32001, 32000 * T1 + 1 * T2),                   # one past: the first tier-2 IOPS
    (64000, 32000 * T1 + 32000 * T2),               # exactly the end of tier 2
    (64001, 32000 * T1 + 32000 * T2 + 1 * T3),      # one past: the first tier-3 IOPS
    (256000, 32000 * T1 + 32000 * T2 + 192000 * T3),  # the io2 Block Express maximum
])
def test_io2_iops_tier_boundaries(iops: int, usd: float) -> None:
    assert (P["io2_usd_per_piops_month_tier1"], P["io2_usd_per_piops_month_tier2"],
            P["io2_usd_per_piops_month_tier3"]) == (T1, T2, T3)
    res = volume_cost(make(VolumeConfig, volume_type="io2", size_gib=4096, iops=iops), EAST,
                      limits=CATALOG.limits)
    by = res.breakdown.set_index("component")["usd_per_month"]
    iops_usd = by.drop("storage").sum()
    assert iops_usd == pytest.approx(usd)
    assert io2_iops_usd_per_month(iops=iops, tier1_max_iops=32000, tier2_max_iops=64000,
                                  usd_per_iops_month_tier1=T1, usd_per_iops_month_tier2=T2,
                                  usd_per_iops_month_tier3=T3) == pytest.approx(usd)


@settings(max_examples=100)
@given(st.sampled_from([32000.0, 64000.0]), st.floats(min_value=0, max_value=1))
def test_io2_cost_is_continuous_at_the_tier_breaks(bound: float, eps: float) -> None:
    kw = {"tier1_max_iops": 32000, "tier2_max_iops": 64000, "usd_per_iops_month_tier1": T1,
          "usd_per_iops_month_tier2": T2, "usd_per_iops_month_tier3": T3}
    below = io2_iops_usd_per_month(iops=bound - eps, **kw)
    above = io2_iops_usd_per_month(iops=bound + eps, **kw)
    assert 0 <= above - below <= 2 * eps * T1 + 1e-9


def test_io1_bills_every_provisioned_iops() -> None:
    # rule: EBS-IO1-IO2 - us-east-1 io1 0.125/GB-month and 0.065/IOPS-month (AWS EBS pricing page)
    res = volume_cost(make(VolumeConfig, volume_type="io1", size_gib=100, iops=5000), EAST,
                      limits=CATALOG.limits)
    assert res.usd_per_month == pytest.approx(100 * 0.125 + 5000 * 0.065)


@pytest.mark.parametrize(("vt", "column"), [
    ("gp2", "gp2_usd_per_gb_month"), ("st1", "st1_usd_per_gb_month"),
    ("sc1", "sc1_usd_per_gb_month"),
])
def test_size_only_types_bill_storage_only(vt: str, column: str) -> None:
    # rules: EBS-GP2-IOPS, EBS-ST1, EBS-SC1 - performance follows size, no IOPS charge
    res = volume_cost(make(VolumeConfig, volume_type=vt, size_gib=500), EAST, limits=CATALOG.limits)
    assert list(res.breakdown["component"]) == ["storage"]
    assert res.usd_per_month == pytest.approx(500 * P[column])


def test_magnetic_bills_io_requests() -> None:
    # us-east-1 magnetic: 0.05/GB-month and 0.05 per million I/O requests (AWS EBS pricing page)
    res = volume_cost(make(VolumeConfig, volume_type="standard", size_gib=100,
                                   io_requests_millions_per_month=20), EAST, limits=CATALOG.limits)
    assert res.usd_per_month == pytest.approx(100 * 0.05 + 20 * 0.05)


def test_partial_month_and_several_volumes() -> None:
    # three gp2 100 GiB volumes for 10 days (240 h) of a 730-hour month
    res = volume_cost(make(VolumeConfig, volume_type="gp2", size_gib=100, hours=240,
                           volume_count=3),
                      EAST, limits=CATALOG.limits)
    assert res.usd_per_month == pytest.approx(3 * 100 * 0.10 * 240 / HOURS_PER_MONTH)
    assert res.breakdown.loc[0, "quantity"] == pytest.approx(3 * 100 * 240 / HOURS_PER_MONTH)


# -- snapshots -----------------------------------------------------------------------------------
def test_incremental_snapshot_chain_size() -> None:
    # 500 GiB of data, 2% changes daily, 7 daily snapshots: one full copy + 6 days of changes
    assert snapshot_standard_gib(data_gib=500, daily_change_pct=2,
                                 retention_days=7) == pytest.approx(500 + 6 * 10)
    assert snapshot_standard_gib(data_gib=500, daily_change_pct=2, retention_days=1) == 500


# rule: EBS-SNAPSHOT-ARCHIVE - RULES.md AWS today: 90-day minimum (earlier deletion billed the
# remaining days), restore billed per GB; notes L2573: 75% cheaper
@pytest.mark.parametrize(("days", "billed_days"), [(30, 90), (89, 90), (90, 90), (91, 91),
                                                   (365, 365)])
def test_archive_minimum_90_days(days: float, billed_days: float) -> None:
    gm = snapshot_archive_gib_months(archived_gib_per_month=100, retention_days=days,
                                     min_days=90)
    assert gm == pytest.approx(100 * billed_days / DAYS_PER_MONTH)


def test_snapshot_components_in_a_configuration() -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE - us-east-1: standard 0.05, archive 0.0125 per GB-month,
    # restore 0.03 per GB (AWS EBS pricing page)
    plan = SnapshotPlan(retention_days=7, daily_change_pct=2, data_gib=500,
                        archive_gib_per_month=500, archive_retention_days=30,
                        archive_restore_gib_per_month=100)
    res = volume_cost(make(VolumeConfig, volume_type="gp3", size_gib=1000, volume_count=2,
                                   snapshots=plan), EAST, limits=CATALOG.limits)
    by = res.breakdown.set_index("component")["usd_per_month"]
    assert by["snapshot_standard"] == pytest.approx(2 * 560 * 0.05)
    assert by["snapshot_archive"] == pytest.approx(2 * 500 * 90 / DAYS_PER_MONTH * 0.0125)
    assert by["snapshot_archive_restore"] == pytest.approx(2 * 100 * 0.03)
    assert set(res.breakdown.loc[res.breakdown["component"].str.startswith("snapshot"),
                                 "rule_id"]) == {"EBS-SNAPSHOT-ARCHIVE"}
    assert any("90 days" in n for n in res.notes) and any("24-72 h" in n for n in res.notes)


# -- missing prices ------------------------------------------------------------------------------
def test_missing_io2_price_is_reported_not_guessed() -> None:
    # a Region without io2 prices (as af-south-1 in the bundled snapshot, see
    # test_snapshot_prices.py)
    rec = WITHOUT_IO2
    res = volume_cost(make(VolumeConfig, volume_type="io2", size_gib=100, iops=1000), rec,
                      limits=CATALOG.limits)
    assert not res.price_available and res.usd_per_month is None
    assert "io2_usd_per_gb_month" in res.missing
    assert res.breakdown["usd_per_month"].isna().all()
    assert np.isnan(volume_usd_per_month("io2", size_gib=100, iops=1000, prices=rec.values,
                                         spec=SPECS["io2"]))


# -- properties ----------------------------------------------------------------------------------
def _cost(vt: str, size: float, iops: float, thr: float, hours: float, count: int,
          prices: PriceRecord = EAST) -> float:
    kw: dict[str, float] = {}
    if vt in ("gp3", "io1", "io2"):
        kw["iops"] = iops
    if vt == "gp3":
        kw["throughput_mibps"] = thr
    if vt == "standard":
        kw["io_requests_millions"] = iops
    return float(volume_usd_per_month(vt, size_gib=size, prices=prices.values, spec=SPECS[vt],
                                      hours=hours, volume_count=count, **kw))


pos = st.floats(min_value=0, max_value=300000, allow_nan=False)


@settings(max_examples=150)
@given(st.sampled_from(VOLUME_TYPES), pos, pos, pos, pos, pos, pos,
       st.floats(min_value=0, max_value=HOURS_PER_MONTH), st.floats(min_value=0, max_value=730),
       st.integers(1, 20), st.integers(1, 20))
def test_cost_never_falls_as_any_input_grows(vt: str, s1: float, s2: float, i1: float,
                                             i2: float, t1: float, t2: float, h1: float,
                                             h2: float, n1: int, n2: int) -> None:
    # rules: EBS-GP3, EBS-IO1-IO2, EBS-IO2-BX - every component is non-decreasing
    (s1, s2), (i1, i2), (t1, t2) = sorted((s1, s2)), sorted((i1, i2)), sorted((t1, t2))
    (h1, h2), (n1, n2) = sorted((h1, min(h2, HOURS_PER_MONTH))), sorted((n1, n2))
    low = _cost(vt, s1, i1, t1, h1, n1)
    assert low >= 0
    for args in ((s2, i1, t1, h1, n1), (s1, i2, t1, h1, n1), (s1, i1, t2, h1, n1),
                 (s1, i1, t1, h2, n1), (s1, i1, t1, h1, n2), (s2, i2, t2, h2, n2)):
        assert _cost(vt, *args) >= low - 1e-9


@settings(max_examples=100)
@given(st.integers(0, 60), st.integers(0, 60), st.floats(0, 100), st.floats(0, 100),
       st.floats(0, 5000), st.floats(0, 5000), st.floats(1, 400), st.floats(1, 400))
def test_snapshot_costs_never_fall_as_inputs_grow(r1: int, r2: int, c1: float, c2: float,
                                                  a1: float, a2: float, d1: float,
                                                  d2: float) -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE
    (r1, r2), (c1, c2), (a1, a2), (d1, d2) = (sorted(x) for x in ((r1, r2), (c1, c2), (a1, a2),
                                                                 (d1, d2)))

    def usd(r: int, c: float, a: float, d: float) -> float:
        plan = SnapshotPlan(retention_days=r, daily_change_pct=c, archive_gib_per_month=a,
                            archive_retention_days=d, archive_restore_gib_per_month=a)
        res = volume_cost(make(VolumeConfig, volume_type="gp2", size_gib=200, snapshots=plan), EAST,
                          limits=CATALOG.limits)
        assert res.usd_per_month is not None
        return res.usd_per_month

    low = usd(r1, c1, a1, d1)
    for args in ((r2, c1, a1, d1), (r1, c2, a1, d1), (r1, c1, a2, d1), (r1, c1, a1, d2)):
        assert usd(*args) >= low - 1e-9


@settings(max_examples=50)
@given(st.lists(st.tuples(st.floats(1, 16384), st.floats(3000, 16000), st.floats(125, 1000)),
                min_size=1, max_size=15))
def test_scalar_and_vector_costs_agree(points: list[tuple[float, float, float]]) -> None:
    s, i, t = (np.array(x) for x in zip(*points, strict=True))
    for vt in VOLUME_TYPES:
        kw = {}
        if vt in ("gp3", "io1", "io2"):
            kw["iops"] = i
        if vt == "gp3":
            kw["throughput_mibps"] = t
        if vt == "standard":
            kw["io_requests_millions"] = i
        vec = volume_usd_per_month(vt, size_gib=s, prices=P, spec=SPECS[vt], **kw)
        assert isinstance(vec, np.ndarray) and vec.shape == s.shape
        for k in range(len(s)):
            assert vec[k] == pytest.approx(_cost(vt, s[k], i[k], t[k], HOURS_PER_MONTH, 1))
