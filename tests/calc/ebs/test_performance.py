"""EBS performance formulas: gp2 baseline and burst, gp3/io1/io2 ratios, HDD per-TiB throughput.

Sources cited per test. "EBS docs gp2 table" is the table under "I/O Credits and burst
performance" in the AWS EBS volume-types page, read from a stored copy of
awsdocs/amazon-ec2-user-guide doc_source/ebs-volume-types.md (commit 4f7500de, the 2021 edition
with io2 Block Express in preview; the table is unchanged in the current page).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ebs import config_valid, gp2_baseline_iops, gp2_burst, gp2_burst_seconds, performance
from calc.ebs.performance import (
    gp3_max_iops,
    gp3_max_throughput_mibps,
    hdd_throughput_mibps,
    io1_max_throughput_mibps,
    io2_max_throughput_mibps,
    io_throughput_mibps,
)
from calc.ebs.specs import VOLUME_TYPES, VolumeSpec, volume_specs
from calc.units import tib_to_gib
from tests.calc.ebs.bundled import CATALOG


def specs(basis: str = "aws_today", nitro: bool = True) -> dict[str, VolumeSpec]:
    return volume_specs(CATALOG.limits, basis, nitro)  # type: ignore[arg-type]


GP2 = specs()["gp2"]


# rule: EBS-GP2-IOPS - notes L2589: "3 IOPS per GB, max of 16000 IOPS at 5334 GB"
def test_gp2_reaches_16000_iops_at_5334_gib_as_in_the_notes() -> None:
    kw = {"iops_per_gib": GP2.iops_per_gib, "min_iops": GP2.min_iops, "max_iops": GP2.max_iops}
    assert gp2_baseline_iops(size_gib=5334, **kw) == 16000
    assert gp2_baseline_iops(size_gib=5333, **kw) == 15999  # one GiB short: below the ceiling
    assert gp2_baseline_iops(size_gib=16384, **kw) == 16000  # capped up to the 16 TiB maximum
    # AWS EBS docs gp2: minimum 100 IOPS "at 33.33 GiB and below"
    assert gp2_baseline_iops(size_gib=33, **kw) == 100
    assert gp2_baseline_iops(size_gib=34, **kw) == 102


# rule: EBS-GP2-BURST - EBS docs gp2 table: size, baseline, burst seconds at 3,000 IOPS,
# seconds to fill an empty bucket
@pytest.mark.parametrize(("size", "baseline", "burst_s", "refill_s"), [
    (100, 300, 2000, 18000),  # the first worked example
    (500, 1500, 3600, 3600),  # the second worked example
    (250, 750, 2400, 7200),
    (750, 2250, 7200, 2400),
    (334, 1002, 2703, 5389),  # "Min. size for max throughput" row (rounded to whole seconds)
    # 1 GiB: the EBS table prints 1,802 s, but its own formula gives 5.4M / 2,900 = 1,862 s,
    # which is what the RDS User Guide's copy of the table (CHAP_Storage) prints.
    (1, 100, 1862, 54000),
])
def test_gp2_burst_table_from_the_ebs_docs(size: int, baseline: float, burst_s: float,
                                           refill_s: float) -> None:
    b = gp2_burst(size_gib=size, spec=GP2)
    assert b.bursts and b.baseline_iops == baseline and b.burst_iops == 3000
    assert round(b.burst_seconds) == burst_s
    assert round(b.refill_seconds) == refill_s


# rule: EBS-GP2-BURST - EBS docs table: 1,000 GiB (3,000 IOPS) and larger: "N/A", the baseline
# reaches the burst ceiling; RULES.md: only volumes under 1 TiB burst
@pytest.mark.parametrize("size", [1000, 1023, 1024, 5334, 16384])
def test_gp2_at_or_above_the_burst_ceiling_never_bursts(size: int) -> None:
    b = gp2_burst(size_gib=size, spec=GP2)
    assert not b.bursts and b.burst_iops == b.baseline_iops
    assert b.burst_seconds == np.inf and np.isnan(b.refill_seconds)


def test_gp2_one_gib_below_the_ceiling_still_bursts() -> None:
    # rule: EBS-GP2-BURST - 999 GiB: 2,997 IOPS baseline, 5.4M / 3 s of burst
    b = gp2_burst(size_gib=999, spec=GP2)
    assert b.bursts and b.burst_seconds == pytest.approx(5_400_000 / 3)


def test_burst_seconds_at_a_demand_below_the_ceiling() -> None:
    # rule: EBS-GP2-BURST - docs formula: credits / (burst IOPS - 3 x size); 100 GiB at 1,200
    assert gp2_burst_seconds(credit_balance=5_400_000, demand_iops=1200,
                             baseline_iops=300) == pytest.approx(6000)
    assert gp2_burst_seconds(credit_balance=5_400_000, demand_iops=300,
                             baseline_iops=300) == np.inf


# rule: EBS-GP2-IOPS - EBS docs gp2 throughput: "a 100 GiB gp2 volume with an empty credit
# balance has ... 300 IOPS and a throughput limit of 75 MiB/s (300 x 256 KiB)"; 250 MiB/s from
# "333 1/3 GiB (334 GiB in practice)"
@pytest.mark.parametrize(("size", "mibps"), [(100, 75), (333, 249.75), (334, 250), (16384, 250)])
def test_gp2_throughput_follows_size_up_to_250(size: int, mibps: float) -> None:
    perf = performance("gp2", size_gib=size, spec=GP2)
    assert perf.sustained_throughput_mibps == pytest.approx(mibps)
    assert io_throughput_mibps(iops=300, io_size_kib=256, max_throughput_mibps=250) == 75


# rule: EBS-GP3 - EBS docs gp3: "32 GiB or larger: 500 IOPS/GiB x 32 GiB = 16,000 IOPS";
# "8 GiB or larger and 4,000 IOPS or higher: 4,000 IOPS x 0.25 MiB/s/IOPS = 1,000 MiB/s"
def test_gp3_ratios_from_the_docs_under_the_notes_limits() -> None:
    gp3 = specs("notes")["gp3"]
    assert gp3_max_iops(size_gib=32, spec=gp3) == 16000
    assert gp3_max_iops(size_gib=31, spec=gp3) == 15500
    assert gp3_max_iops(size_gib=1, spec=gp3) == 3000  # the included 3,000 at any size
    assert gp3_max_throughput_mibps(iops=4000, spec=gp3) == 1000
    assert gp3_max_throughput_mibps(iops=3999, spec=gp3) == pytest.approx(999.75)
    assert config_valid("gp3", size_gib=8, iops=4000, throughput_mibps=1000, spec=gp3)
    assert not config_valid("gp3", size_gib=7, iops=4000, throughput_mibps=1000, spec=gp3)


def test_gp3_today_reaches_80000_iops_at_160_gib_and_2000_mibps() -> None:
    # rule: EBS-GP3 - RULES.md AWS today: 80,000 IOPS, 2,000 MiB/s, same ratios
    gp3 = specs()["gp3"]
    assert gp3_max_iops(size_gib=160, spec=gp3) == 80000
    assert gp3_max_iops(size_gib=159, spec=gp3) == 79500
    assert gp3_max_throughput_mibps(iops=8000, spec=gp3) == 2000
    assert gp3_max_throughput_mibps(iops=80000, spec=gp3) == 2000


# rule: EBS-IO1-IO2 - EBS docs provisioned IOPS: "up to 32,000 IOPS ... 256 KiB ... as much as
# 500 MiB/s ... peak throughput is reached at 2,000 IOPS"; above 32,000, 16 KiB per IOPS up to
# 1,000 MiB/s (48,000 IOPS x 16 KiB = 750 MiB/s; 64,000 IOPS = 1,000 MiB/s)
@pytest.mark.parametrize(("iops", "mibps"), [
    (100, 25), (2000, 500), (32000, 500), (32001, 500.015625), (48000, 750), (64000, 1000),
])
def test_io1_throughput_from_iops(iops: int, mibps: float) -> None:
    assert io1_max_throughput_mibps(iops=iops, spec=specs()["io1"]) == pytest.approx(mibps)


def test_io1_50_iops_per_gib() -> None:
    # rule: EBS-IO1-IO2 - EBS docs: "a 100 GiB io1 volume can be provisioned with up to 5,000
    # IOPS"; "io1 volume 1,280 GiB in size or greater (50 x 1,280 GiB = 64,000 IOPS)"
    io1 = specs()["io1"]
    assert config_valid("io1", size_gib=100, iops=5000, spec=io1)
    assert not config_valid("io1", size_gib=100, iops=5001, spec=io1)
    assert config_valid("io1", size_gib=1280, iops=64000, spec=io1)
    assert not config_valid("io1", size_gib=1279, iops=64000, spec=io1)
    assert not config_valid("io1", size_gib=2000, iops=64001, spec=io1)


# rule: EBS-IO2-BX - notes L2598 and EBS docs io2 Block Express: 256,000 IOPS "with volumes
# 256 GiB in size and larger (1,000 IOPS x 256 GiB)"; throughput 0.256 MiB/s per IOPS, 4,000
# MiB/s "at 16,000 IOPS or higher"
def test_io2_block_express() -> None:
    io2 = specs()["io2"]
    assert config_valid("io2", size_gib=256, iops=256000, spec=io2)
    assert not config_valid("io2", size_gib=255, iops=256000, spec=io2)
    assert io2_max_throughput_mibps(iops=16000, spec=io2) == 4000
    assert io2_max_throughput_mibps(iops=10000, spec=io2) == pytest.approx(2560)
    assert not config_valid("io2", size_gib=4096, iops=32001, spec=specs(nitro=False)["io2"])


# rule: EBS-ST1, EBS-SC1 - RULES.md AWS today: st1 40 MiB/s per TiB baseline, 250 burst (cap
# 500); sc1 12 and 80 (cap 250)
def test_hdd_throughput_per_tib() -> None:
    st1, sc1 = specs()["st1"], specs()["sc1"]
    one_tib = tib_to_gib(1)
    p = performance("st1", size_gib=one_tib, spec=st1)
    assert (p.sustained_throughput_mibps, p.burst_throughput_mibps) == (40, 250)
    assert performance("st1", size_gib=tib_to_gib(2), spec=st1).burst_throughput_mibps == 500
    assert performance("st1", size_gib=tib_to_gib(12.5), spec=st1).sustained_throughput_mibps \
        == 500
    assert performance("st1", size_gib=tib_to_gib(16), spec=st1).sustained_throughput_mibps \
        == 500  # capped
    p = performance("sc1", size_gib=one_tib, spec=sc1)
    assert (p.sustained_throughput_mibps, p.burst_throughput_mibps) == (12, 80)
    # sc1 at its largest size, 16 TiB: 192 MiB/s baseline, burst capped at 250
    p = performance("sc1", size_gib=tib_to_gib(16), spec=sc1)
    assert (p.sustained_throughput_mibps, p.burst_throughput_mibps) == (192, 250)
    assert hdd_throughput_mibps(size_gib=0, mibps_per_tib=40, max_mibps=500) == 0


@pytest.mark.parametrize(("vt", "size", "ok"), [
    ("gp2", 1, True), ("gp2", 16384, True), ("gp2", 16385, False), ("gp2", 0, False),
    ("st1", 125, True), ("st1", 124, False), ("sc1", 16384, True), ("sc1", 16385, False),
    ("standard", 1024, True), ("standard", 1025, False),
])
def test_size_ranges_exactly_at_and_one_past_the_limit(vt: str, size: int, ok: bool) -> None:
    # rules: EBS-GP2-IOPS (1 GiB-16 TiB), EBS-ST1 (125 GiB-16 TiB), EBS-SC1; magnetic 1 GiB-1 TiB
    assert config_valid(vt, size_gib=size, spec=specs()[vt]) is ok


sizes = st.floats(min_value=1, max_value=65536, allow_nan=False)
iops_values = st.floats(min_value=0, max_value=300000, allow_nan=False)


@settings(max_examples=100)
@given(st.lists(sizes, min_size=1, max_size=20), st.lists(iops_values, min_size=1, max_size=20))
def test_scalar_and_vector_answers_agree(size_list: list[float], iops_list: list[float]) -> None:
    n = min(len(size_list), len(iops_list))
    s, i = np.array(size_list[:n]), np.array(iops_list[:n])
    for vt in VOLUME_TYPES:
        spec = specs()[vt]
        kw = {"iops": i} if vt in ("gp3", "io1", "io2") else {}
        vec = performance(vt, size_gib=s, spec=spec, **kw)
        for k in range(n):
            one = performance(vt, size_gib=float(s[k]), spec=spec,
                              **({"iops": float(i[k])} if kw else {}))
            for a, b in zip(vec, one, strict=True):
                assert np.asarray(a)[k] == pytest.approx(b)


@settings(max_examples=100)
@given(sizes, sizes, iops_values, iops_values)
def test_performance_never_falls_as_size_or_iops_grows(s1: float, s2: float, i1: float,
                                                       i2: float) -> None:
    # rules: EBS-GP2-IOPS, EBS-GP3, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1
    (s1, s2), (i1, i2) = sorted((s1, s2)), sorted((i1, i2))
    for vt in VOLUME_TYPES:
        spec = specs()[vt]
        kw1 = {"iops": i1} if vt in ("io1", "io2") else {}
        kw2 = {"iops": i2} if vt in ("io1", "io2") else {}
        lo = performance(vt, size_gib=s1, spec=spec, **kw1)
        hi = performance(vt, size_gib=s2, spec=spec, **kw2)
        assert hi.sustained_iops >= lo.sustained_iops
        assert hi.sustained_throughput_mibps >= lo.sustained_throughput_mibps - 1e-9


def test_gp2_table_is_the_docs_table_in_one_call() -> None:
    # rules: EBS-GP2-IOPS, EBS-GP2-BURST - EBS docs gp2 table rows 100, 250, 500, 750, 1,000 GiB
    from calc.ebs import gp2_table

    t = gp2_table(size_gib=[100, 250, 500, 750, 1000], spec=GP2)
    assert list(t["baseline_iops"]) == [300, 750, 1500, 2250, 3000]
    assert list(t["burst_seconds"].round().iloc[:4]) == [2000, 2400, 3600, 7200]
    assert list(t["refill_seconds"].round().iloc[:4]) == [18000, 7200, 3600, 2400]
    assert not t["bursts"].iloc[4] and np.isnan(t["burst_seconds"].iloc[4])  # "N/A"
    assert set(t["limits"]) == {"aws_today"}


@pytest.mark.parametrize(("size", "burst_mibps"), [
    (100, 128),   # 170 GiB or less: at most 128 MiB/s, even while bursting
    (170, 128),   # exactly at the boundary
    (171, 250),   # one past it: up to 250 MiB/s while it has burst credits
    (334, 250),   # 250 MiB/s from baseline alone
])
def test_gp2_small_volumes_top_out_at_128_mibps(size: int, burst_mibps: float) -> None:
    # rule: EBS-GP2-IOPS. AWS EBS User Guide, gp2 throughput performance: "volumes of 170 GiB
    # or less deliver a maximum throughput of 128 MiB/s"; 171-333 GiB reach 250 MiB/s with
    # burst credits; 334 GiB and larger 250 MiB/s regardless (read 2026-11-26).
    p = performance("gp2", size_gib=size, spec=specs()["gp2"])
    assert p.burst_throughput_mibps == burst_mibps
    assert p.sustained_throughput_mibps <= burst_mibps
