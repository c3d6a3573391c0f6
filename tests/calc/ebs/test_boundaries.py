"""EBS volume limits at their boundaries (issue 13, docs/accuracy.md): size, IOPS and
throughput ranges and ratios of each type, gp2 and HDD throughput edges, boot and Multi-Attach
types, the snapshot archive minimum. Exactly at each limit and one step past it.

Billing (per second, 60 s minimum) is the EBS helper's work and is tested in its files.
Limits come from the bundled catalog's limits table (figures of RULES.md, not prices).
"""

from __future__ import annotations

from typing import Any

import pytest

from calc.ebs.costs import snapshot_archive_gib_months
from calc.ebs.feasibility import check_volume
from calc.ebs.performance import performance
from calc.ebs.specs import snapshot_rules, volume_specs
from calc.errors import InputError
from tests.calc.ebs.bundled import CATALOG

TODAY = volume_specs(CATALOG.limits)
NOTES = volume_specs(CATALOG.limits, "notes")
NON_NITRO = volume_specs(CATALOG.limits, nitro=False)


def ok(vtype: str, spec: Any = None, **kw: Any) -> tuple[float | None, float | None]:
    kw = {"iops": None, "throughput_mibps": None, **kw}
    return check_volume(vtype, spec=spec or TODAY[vtype], **kw)


def refused(vtype: str, rule_id: str, spec: Any = None, **kw: Any) -> InputError:
    with pytest.raises(InputError) as e:
        ok(vtype, spec, **kw)
    assert e.value.rule_id == rule_id, e.value
    return e.value


# -- EBS-GP3 ---------------------------------------------------------------------------------
# AWS EBS User Guide, "General Purpose SSD volumes" (gp3): 1 GiB-64 TiB; 3,000 IOPS and 125
# MiB/s included at any size; up to 80,000 IOPS (500 IOPS per GiB) and 2,000 MiB/s (0.25 MiB/s
# per provisioned IOPS). The notes (L2583-2586): 16 TiB, 16,000 IOPS, 1,000 MiB/s.
def test_gp3_smallest_volume_gets_the_baseline() -> None:
    # rule: EBS-GP3. 1 GiB: 3,000 IOPS and 125 MiB/s by default, and up to 750 MiB/s (3,000 x
    # 0.25) without more IOPS.
    assert ok("gp3", size_gib=1) == (3_000, 125)
    assert ok("gp3", size_gib=1, throughput_mibps=750) == (3_000, 750)
    refused("gp3", "EBS-GP3", size_gib=1, throughput_mibps=751)


@pytest.mark.parametrize(("size", "good"), [(1, True), (0.5, False), (65_536, True),
                                            (65_537, False)])
def test_gp3_size_range(size: float, good: bool) -> None:
    # rule: EBS-GP3
    if good:
        ok("gp3", size_gib=size)
    else:
        refused("gp3", "EBS-GP3", size_gib=size)


def test_gp3_notes_size_16_tib() -> None:
    # rule: EBS-GP3. The notes' 16 TiB: 16,385 GiB refused under the notes, fine today.
    refused("gp3", "EBS-GP3", NOTES["gp3"], size_gib=16_385)
    ok("gp3", size_gib=16_385)


def test_gp3_80000_iops_need_160_gib() -> None:
    # rule: EBS-GP3. 80,000 / 500 = 160 GiB.
    assert ok("gp3", size_gib=160, iops=80_000)[0] == 80_000
    refused("gp3", "EBS-GP3", size_gib=159, iops=80_000)
    refused("gp3", "EBS-GP3", size_gib=1_000, iops=80_001)


def test_gp3_2000_mibps_need_8000_iops() -> None:
    # rule: EBS-GP3. 2,000 / 0.25 = 8,000 IOPS (16 GiB x 500 = 8,000).
    assert ok("gp3", size_gib=16, iops=8_000, throughput_mibps=2_000) == (8_000, 2_000)
    refused("gp3", "EBS-GP3", size_gib=16, iops=7_999, throughput_mibps=2_000)
    refused("gp3", "EBS-GP3", size_gib=1_000, iops=16_000, throughput_mibps=2_001)


# -- EBS-GP2-IOPS, EBS-GP2-BURST -------------------------------------------------------------
# AWS EBS User Guide, "General Purpose SSD volumes" (gp2): 3 IOPS per GiB, at least 100, at
# most 16,000 (reached at 5,334 GiB); volumes under 1,000 GiB burst to 3,000 IOPS from a 5.4
# million credit bucket; throughput 128 MiB/s up to 170 GiB, 250 MiB/s (burst) between 170 and
# 334 GiB, 250 MiB/s from 334 GiB.
@pytest.mark.parametrize(("size", "iops"), [
    (1, 100), (33, 100), (34, 102), (1_000, 3_000), (5_333, 15_999), (5_334, 16_000),
    (16_384, 16_000)])
def test_gp2_baseline_iops_edges(size: float, iops: float) -> None:
    # rule: EBS-GP2-IOPS
    assert performance("gp2", size_gib=size, spec=TODAY["gp2"]).sustained_iops == iops


@pytest.mark.parametrize(("size", "burst"), [(1, 3_000), (999, 3_000), (1_024, 3_072)])
def test_gp2_burst_edges(size: float, burst: float) -> None:
    # rule: EBS-GP2-BURST. Above 1,000 GiB the baseline is at or above 3,000: no burst.
    assert performance("gp2", size_gib=size, spec=TODAY["gp2"]).burst_iops == burst


@pytest.mark.parametrize(("size", "burst_mibps", "sustained_mibps"), [
    (170, 128, 127.5), (171, 250, 128.25), (333, 250, 249.75), (334, 250, 250)])
def test_gp2_throughput_edges(size: float, burst_mibps: float, sustained_mibps: float) -> None:
    # rule: EBS-GP2-IOPS. Sustained = baseline IOPS x 256 KiB (170 GiB: 510 x 0.25 = 127.5).
    perf = performance("gp2", size_gib=size, spec=TODAY["gp2"])
    assert perf.burst_throughput_mibps == burst_mibps
    assert perf.sustained_throughput_mibps == pytest.approx(sustained_mibps)


def test_gp2_takes_no_provisioned_iops() -> None:
    # rule: EBS-GP2-IOPS. gp2 IOPS follow size.
    refused("gp2", "EBS-GP2-IOPS", size_gib=100, iops=300)


# -- EBS-IO1-IO2, EBS-IO2-BX -----------------------------------------------------------------
# AWS EBS User Guide, "Provisioned IOPS SSD volumes": io1 4 GiB-16 TiB, 100-64,000 IOPS on
# Nitro (32,000 otherwise), at most 50 IOPS per GiB; io2 Block Express 4 GiB-64 TiB, up to
# 256,000 IOPS, 1,000 IOPS per GiB.
def test_io1_edges() -> None:
    # rule: EBS-IO1-IO2. 64,000 / 50 = 1,280 GiB.
    assert ok("io1", size_gib=1_280, iops=64_000)[0] == 64_000
    refused("io1", "EBS-IO1-IO2", size_gib=1_279, iops=64_000)
    refused("io1", "EBS-IO1-IO2", size_gib=4, iops=99)
    refused("io1", "EBS-IO1-IO2", size_gib=3, iops=100)
    refused("io1", "EBS-IO1-IO2", size_gib=16_385, iops=1_000)
    ok("io1", size_gib=4, iops=100)


def test_io1_non_nitro_32000() -> None:
    # rule: EBS-IO1-IO2
    ok("io1", NON_NITRO["io1"], size_gib=1_280, iops=32_000)
    refused("io1", "EBS-IO1-IO2", NON_NITRO["io1"], size_gib=1_280, iops=32_001)


def test_io2_block_express_edges() -> None:
    # rule: EBS-IO2-BX. 256,000 / 1,000 = 256 GiB; 64 TiB at most.
    assert ok("io2", size_gib=256, iops=256_000)[0] == 256_000
    refused("io2", "EBS-IO2-BX", size_gib=255, iops=256_000)
    refused("io2", "EBS-IO2-BX", size_gib=65_536, iops=256_001)
    ok("io2", size_gib=65_536, iops=1_000)


# -- EBS-ST1, EBS-SC1 ------------------------------------------------------------------------
# AWS EBS User Guide, "Throughput Optimized HDD and Cold HDD volumes": st1 125 GiB-16 TiB,
# baseline 40 MiB/s per TiB, burst 250 MiB/s per TiB, at most 500 MiB/s; sc1 125 GiB-16 TiB,
# baseline 12 MiB/s per TiB, burst 80 MiB/s per TiB, at most 250 MiB/s.
@pytest.mark.parametrize(("vtype", "size", "base", "burst"), [
    ("st1", 2_048, 80, 500), ("st1", 12_800, 500, 500), ("st1", 16_384, 500, 500),
    ("sc1", 3_200, 37.5, 250), ("sc1", 16_384, 192, 250), ("sc1", 1_024, 12, 80)])
def test_hdd_throughput_edges(vtype: str, size: float, base: float, burst: float) -> None:
    # rule: EBS-ST1 / EBS-SC1. st1 12.5 TiB x 40 = 500 (the cap); sc1 16 TiB x 12 = 192.
    perf = performance(vtype, size_gib=size, spec=TODAY[vtype])
    assert perf.sustained_throughput_mibps == pytest.approx(base)
    assert perf.burst_throughput_mibps == pytest.approx(burst)


@pytest.mark.parametrize("vtype", ["st1", "sc1"])
def test_hdd_size_range(vtype: str) -> None:
    # rule: EBS-ST1 / EBS-SC1: 125 GiB to 16 TiB.
    ok(vtype, size_gib=125)
    ok(vtype, size_gib=16_384)
    rid = "EBS-ST1" if vtype == "st1" else "EBS-SC1"
    refused(vtype, rid, size_gib=124)
    refused(vtype, rid, size_gib=16_385)


# -- EBS-BOOT, EBS-MULTI-ATTACH --------------------------------------------------------------
# AWS EBS User Guide, volume types table: st1 and sc1 cannot be boot volumes; Multi-Attach:
# io1 and io2 only, up to 16 instances.
@pytest.mark.parametrize(("vtype", "can_boot"), [
    ("gp2", True), ("gp3", True), ("io1", True), ("io2", True), ("st1", False),
    ("sc1", False)])
def test_boot_volume_types(vtype: str, can_boot: bool) -> None:
    # rule: EBS-BOOT
    kw: dict[str, Any] = {"size_gib": 125, "boot": True}
    if vtype in ("io1", "io2"):
        kw["iops"] = 1_000
    if can_boot:
        ok(vtype, **kw)
    else:
        refused(vtype, "EBS-BOOT", **kw)


@pytest.mark.parametrize(("n", "good"), [(16, True), (17, False)])
def test_multi_attach_16(n: int, good: bool) -> None:
    # rule: EBS-MULTI-ATTACH
    if good:
        ok("io2", size_gib=125, iops=1_000, attach_instances=n)
    else:
        refused("io2", "EBS-MULTI-ATTACH", size_gib=125, iops=1_000, attach_instances=n)


def test_multi_attach_not_for_gp3() -> None:
    # rule: EBS-MULTI-ATTACH
    refused("gp3", "EBS-MULTI-ATTACH", size_gib=125, attach_instances=2)


# -- EBS-SNAPSHOT-ARCHIVE --------------------------------------------------------------------
# AWS EBS User Guide, "Archive Amazon EBS snapshots": minimum archive period 90 days (deleted
# earlier, the rest is billed); restore 24-72 hours; EBS pricing page: archive tier 75% cheaper.
@pytest.mark.parametrize(("retention", "billed_days"), [(0, 90), (89, 90), (90, 90), (120, 120)])
def test_archive_billed_at_least_90_days(retention: float, billed_days: float) -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE. 100 GiB archived each month.
    got = snapshot_archive_gib_months(archived_gib_per_month=100, retention_days=retention,
                                      min_days=snapshot_rules(CATALOG.limits).archive_min_days)
    assert got == pytest.approx(100 * billed_days / (730 / 24))


def test_archive_rules() -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE
    r = snapshot_rules(CATALOG.limits)
    assert (r.archive_discount_pct, r.archive_min_days, r.restore_min_hours,
            r.restore_max_hours) == (75, 90, 24, 72)
