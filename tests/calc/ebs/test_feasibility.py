"""Bad EBS input: messages name the field, the value, the range, the limits set and the rule."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from calc.ebs import (
    Gp2Query,
    MigrationInput,
    SizingRequirement,
    SnapshotPlan,
    VolumeConfig,
    check_resize,
)
from calc.errors import InputError, first_error
from tests.calc.ebs.bundled import make


def error_of(**kw: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        make(VolumeConfig, **kw)
    return first_error(exc.value)


def test_gp3_20000_iops_on_10_gib_names_the_ratio_and_the_smallest_size() -> None:
    # rule: EBS-GP3 - at most 500 IOPS per GiB: 20,000 IOPS needs 40 GiB (the example)
    msg = error_of(volume_type="gp3", size_gib=10, iops=20000)
    assert msg.startswith("iops=20000: ")
    assert "500 IOPS per GiB" in msg and "size_gib >= 40" in msg and "[EBS-GP3]" in msg
    assert "AWS today" in msg
    make(VolumeConfig, volume_type="gp3", size_gib=40, iops=20000)  # exactly the smallest size


@pytest.mark.parametrize("vt", ["st1", "sc1", "standard"])
def test_hdd_and_magnetic_cannot_boot(vt: str) -> None:
    # rule: EBS-BOOT - only gp2/gp3/io1/io2 can be boot volumes
    msg = error_of(volume_type=vt, size_gib=500, boot=True)
    assert msg.startswith("boot=True: ") and "[EBS-BOOT]" in msg and vt in msg


@pytest.mark.parametrize("vt", ["gp2", "gp3", "io1", "io2"])
def test_ssd_types_can_boot(vt: str) -> None:
    # rule: EBS-BOOT
    make(VolumeConfig, volume_type=vt, size_gib=100, iops=1000 if vt.startswith("io") else None,
                 boot=True)


# Sizes at the limit pass, one past fails; the message gives the range and the limits set.
@pytest.mark.parametrize(("vt", "basis", "ok", "bad", "words"), [
    ("gp3", "aws_today", 65536, 65537, "1 to 65,536 GiB (limits: AWS today; the notes say 16,384)"),
    ("gp3", "notes", 16384, 16385, "1 to 16,384 GiB (limits: as in the notes; AWS today 65,536)"),
    ("gp2", "aws_today", 16384, 16385, "1 to 16,384 GiB (limits: AWS today)"),
    ("st1", "aws_today", 125, 124, "125 to 16,384 GiB"),
    ("sc1", "aws_today", 16384, 16385, "125 to 16,384 GiB"),
    ("io2", "aws_today", 65536, 65537, "4 to 65,536 GiB"),
    ("io2", "notes", 16384, 16385, "4 to 16,384 GiB (limits: as in the notes; AWS today 65,536)"),
    ("io1", "aws_today", 4, 3, "4 to 16,384 GiB"),
    ("standard", "aws_today", 1024, 1025, "1 to 1,024 GiB"),
])
def test_size_range_per_type_and_limits_set(vt: str, basis: str, ok: int, bad: int,
                                            words: str) -> None:
    # rules: EBS-GP3, EBS-GP2-IOPS, EBS-ST1, EBS-SC1, EBS-IO1-IO2, EBS-IO2-BX
    iops = 100 if vt.startswith("io") else None
    make(VolumeConfig, volume_type=vt, size_gib=ok, iops=iops, basis=basis)
    msg = error_of(volume_type=vt, size_gib=bad, iops=iops, basis=basis)
    assert msg.startswith(f"size_gib={bad}: ") and words in msg


@pytest.mark.parametrize(("basis", "ok", "bad", "words"), [
    ("aws_today", 80000, 80001, "3,000 (included) to 80,000 (limits: AWS today; the notes say "
                                "16,000) [EBS-GP3]"),
    ("notes", 16000, 16001, "3,000 (included) to 16,000 (limits: as in the notes; AWS today "
                            "80,000) [EBS-GP3]"),
])
def test_gp3_iops_range(basis: str, ok: int, bad: int, words: str) -> None:
    # rule: EBS-GP3
    make(VolumeConfig, volume_type="gp3", size_gib=1000, iops=ok, basis=basis)
    assert words in error_of(volume_type="gp3", size_gib=1000, iops=bad, basis=basis)
    assert "3,000 (included)" in error_of(volume_type="gp3", size_gib=1000, iops=2999)


def test_gp3_throughput_needs_iops_at_025_mibps_per_iops() -> None:
    # rule: EBS-GP3 - 1,000 MiB/s needs 4,000 IOPS (EBS docs: "4,000 IOPS x 0.25 MiB/s/IOPS")
    msg = error_of(volume_type="gp3", size_gib=100, throughput_mibps=1000)
    assert msg.startswith("throughput_mibps=1000.0: ")
    assert "750 MiB/s at 3,000 IOPS" in msg and "iops >= 4,000" in msg and "[EBS-GP3]" in msg
    make(VolumeConfig, volume_type="gp3", size_gib=100, iops=4000, throughput_mibps=1000)
    assert "2,000 MiB/s" in error_of(volume_type="gp3", size_gib=100, iops=16000,
                                     throughput_mibps=2001)


@pytest.mark.parametrize(("vt", "size", "ok", "bad", "rule", "need"), [
    ("io1", 100, 5000, 5001, "EBS-IO1-IO2", "size_gib >= 101"),    # 50 IOPS per GiB
    ("io2", 100, 100000, 100001, "EBS-IO2-BX", "size_gib >= 101"),  # 1,000 IOPS per GiB
])
def test_piops_per_gib_ratio(vt: str, size: int, ok: int, bad: int, rule: str, need: str) -> None:
    make(VolumeConfig, volume_type=vt, size_gib=size, iops=ok)
    msg = error_of(volume_type=vt, size_gib=size, iops=bad)
    assert need in msg and f"[{rule}]" in msg


def test_piops_ranges_and_nitro() -> None:
    # rule: EBS-IO1-IO2 - 64,000 on Nitro, 32,000 otherwise; at least 100
    assert "100 to 64,000" in error_of(volume_type="io1", size_gib=2000, iops=64001)
    assert "100 to 64,000" in error_of(volume_type="io1", size_gib=2000, iops=99)
    msg = error_of(volume_type="io1", size_gib=2000, iops=32001, nitro=False)
    assert "100 to 32,000 on non-Nitro instances" in msg and "[EBS-IO1-IO2]" in msg
    assert "needs provisioned IOPS" in error_of(volume_type="io2", size_gib=100)
    # rule: EBS-IO2-BX - 256,000 today; the notes' io2 stops at 64,000
    make(VolumeConfig, volume_type="io2", size_gib=256, iops=256000)
    assert "[EBS-IO2-BX]" in error_of(volume_type="io2", size_gib=300, iops=256001)
    assert "100 to 64,000 (limits: as in the notes; AWS today 256,000)" in error_of(
        volume_type="io2", size_gib=100, iops=64001, basis="notes")


def test_iops_and_throughput_only_where_provisioned() -> None:
    # rule: EBS-GP2-IOPS - gp2 IOPS follow size
    msg = error_of(volume_type="gp2", size_gib=100, iops=3000)
    assert "not provisioned" in msg and "3 IOPS per GiB" in msg and "[EBS-GP2-IOPS]" in msg
    # rule: EBS-ST1
    assert "[EBS-ST1]" in error_of(volume_type="st1", size_gib=500, iops=400)
    # throughput is provisioned only on gp3
    msg = error_of(volume_type="io1", size_gib=100, iops=1000, throughput_mibps=200)
    assert "provisioned only on gp3" in msg and "[EBS-IO1-IO2]" in msg
    msg = error_of(volume_type="standard", size_gib=100, throughput_mibps=50)
    assert "previous-generation" in msg  # magnetic figures come from the AWS docs
    assert "magnetic" in error_of(volume_type="gp3", size_gib=100,
                                  io_requests_millions_per_month=5)


@pytest.mark.parametrize(("vt", "n", "ok"), [("io1", 16, True), ("io2", 17, False),
                                             ("gp3", 2, False), ("gp3", 1, True)])
def test_multi_attach(vt: str, n: int, ok: bool) -> None:
    # rule: EBS-MULTI-ATTACH - io1/io2 only, up to 16 instances
    kw = {"volume_type": vt, "size_gib": 100, "attach_instances": n,
          "iops": 1000 if vt.startswith("io") else None}
    if ok:
        make(VolumeConfig, **kw)
    else:
        assert "[EBS-MULTI-ATTACH]" in error_of(**kw)


def test_hours_and_count() -> None:
    assert error_of(volume_type="gp2", size_gib=100, hours=731).startswith("hours=731")
    assert error_of(volume_type="gp2", size_gib=100, volume_count=0).startswith("volume_count=0")
    with pytest.raises(ValidationError):
        SnapshotPlan(daily_change_pct=101)


def test_sizing_requirement_burst_profile_must_be_complete() -> None:
    # rule: EBS-GP2-BURST
    for kw in ({"burst_iops": 3000}, {"burst_seconds": 60},
               {"burst_iops": 3000, "burst_seconds": 3600, "burst_every_hours": 1}):
        with pytest.raises(ValidationError) as exc:
            make(SizingRequirement, size_gib=100, **kw)
        assert "[EBS-GP2-BURST]" in first_error(exc.value)
    with pytest.raises(ValidationError) as exc:
        make(SizingRequirement, size_gib=100, multi_attach=True, attach_instances=17)
    assert "[EBS-MULTI-ATTACH]" in first_error(exc.value)
    assert make(SizingRequirement, size_gib=1, multi_attach=True).instances == 2


def test_gp2_query_and_migration_size_ranges() -> None:
    # rule: EBS-GP2-IOPS - 1 GiB to 16 TiB
    with pytest.raises(ValidationError) as exc:
        make(Gp2Query, size_gib=16385)
    assert "[EBS-GP2-IOPS]" in first_error(exc.value)
    with pytest.raises(ValidationError):
        make(MigrationInput, size_gib=0)


def test_volumes_only_grow() -> None:
    # rule: EBS-RESIZE - notes L2622-2633: size can only increase
    check_resize(from_size_gib=100, to_size_gib=100)
    check_resize(from_size_gib=100, to_size_gib=101)
    with pytest.raises(InputError, match=r"only grow.*\[EBS-RESIZE\]"):
        check_resize(from_size_gib=100, to_size_gib=99)
