"""EBS volume-type limits as data: both limit sets, per type, read from limits.csv."""

from __future__ import annotations

import pytest

from calc.ebs import VOLUME_TYPES, specs_table, volume_specs
from calc.ebs.specs import BOOT_TYPES, MULTI_ATTACH_TYPES, snapshot_rules
from calc.pricing import Limits
from tests.calc.ebs.bundled import CATALOG


@pytest.fixture(scope="module")
def limits() -> Limits:
    return CATALOG.limits


def test_every_type_has_a_spec_under_both_sets(limits: Limits) -> None:
    for basis in ("aws_today", "notes"):
        specs = volume_specs(limits, basis)
        assert tuple(specs) == VOLUME_TYPES
        for vt, spec in specs.items():
            assert spec.basis == basis and spec.volume_type == vt
            assert 0 < spec.min_size_gib < spec.max_size_gib


# rule: EBS-GP3 - notes L2580-2586: 16 TiB, 16,000 IOPS, 1,000 MiB/s; AWS today 64 TiB,
# 80,000 IOPS, 2,000 MiB/s; 500 IOPS per GiB and 0.25 MiB/s per IOPS (notes silent)
@pytest.mark.parametrize(("basis", "size", "iops", "mibps"), [
    ("notes", 16384, 16000, 1000),
    ("aws_today", 65536, 80000, 2000),
])
def test_gp3_limits_notes_versus_today(limits: Limits, basis: str, size: int, iops: int,
                                        mibps: int) -> None:
    gp3 = volume_specs(limits, basis)["gp3"]
    assert (gp3.max_size_gib, gp3.max_iops, gp3.max_throughput_mibps) == (size, iops, mibps)
    assert (gp3.included_iops, gp3.included_throughput_mibps) == (3000, 125)
    assert (gp3.max_iops_per_gib, gp3.max_mibps_per_iops) == (500, 0.25)
    assert gp3.rule("max_iops") == "EBS-GP3"


# rule: EBS-GP2-IOPS, EBS-GP2-BURST - notes L2587-2589: 3 IOPS per GB, 16,000 max at 5,334 GB;
# RULES.md AWS today: minimum 100 IOPS, 5.4M credit bucket, bursts under 1 TiB
def test_gp2_limits(limits: Limits) -> None:
    gp2 = volume_specs(limits)["gp2"]
    assert (gp2.iops_per_gib, gp2.min_iops, gp2.max_iops) == (3, 100, 16000)
    assert (gp2.burst_iops, gp2.burst_bucket_credits, gp2.burst_max_size_gib) == (
        3000, 5_400_000, 1024)
    assert gp2.rule("burst_bucket_credits") == "EBS-GP2-BURST"
    # the limits table states the size where the ceiling is reached; it must agree with 3/GiB
    assert limits["ebs.gp2.max_iops_size_gib"].value() == -(-gp2.max_iops // gp2.iops_per_gib)


# rule: EBS-IO1-IO2, EBS-IO2-BX - notes L2590-2598: io1/io2 4 GiB-16 TiB, 64,000 IOPS on Nitro,
# 32,000 otherwise; io2 Block Express 64 TiB, 256,000 IOPS, 1,000 IOPS per GiB (io2 today)
def test_io1_io2_limits_by_set_and_instance(limits: Limits) -> None:
    today, notes = volume_specs(limits, "aws_today"), volume_specs(limits, "notes")
    assert (today["io1"].max_iops, today["io1"].max_iops_per_gib) == (64000, 50)
    assert volume_specs(limits, "aws_today", nitro=False)["io1"].max_iops == 32000
    assert (today["io2"].max_size_gib, today["io2"].max_iops) == (65536, 256000)
    assert today["io2"].rule("max_iops") == "EBS-IO2-BX"
    assert (notes["io2"].max_size_gib, notes["io2"].max_iops) == (16384, 64000)
    assert notes["io2"].rule("max_iops") == "EBS-IO1-IO2"
    assert volume_specs(limits, "notes", nitro=False)["io2"].max_iops == 32000
    assert (today["io2"].tier1_max_iops, today["io2"].tier2_max_iops) == (32000, 64000)


# rule: EBS-ST1, EBS-SC1 - notes L2600-2606; AWS today per-TiB throughput
def test_hdd_limits(limits: Limits) -> None:
    specs = volume_specs(limits)
    st1, sc1 = specs["st1"], specs["sc1"]
    assert (st1.min_size_gib, st1.max_throughput_mibps, st1.max_iops) == (125, 500, 500)
    assert (st1.baseline_mibps_per_tib, st1.burst_mibps_per_tib) == (40, 250)
    assert (sc1.max_throughput_mibps, sc1.max_iops) == (250, 250)
    assert (sc1.baseline_mibps_per_tib, sc1.burst_mibps_per_tib) == (12, 80)


# rule: EBS-BOOT (notes L2608), EBS-MULTI-ATTACH (notes L2611-2618: io1/io2, up to 16)
def test_boot_and_multi_attach_support(limits: Limits) -> None:
    specs = volume_specs(limits)
    assert {vt for vt, s in specs.items() if s.boot} == set(BOOT_TYPES) == {
        "gp2", "gp3", "io1", "io2"}
    assert {vt for vt, s in specs.items() if s.multi_attach} == set(MULTI_ATTACH_TYPES) == {
        "io1", "io2"}
    assert specs["io1"].max_attach_instances == 16


def test_magnetic_figures_cite_the_aws_docs_not_a_rule(limits: Limits) -> None:
    std = volume_specs(limits)["standard"]
    assert (std.min_size_gib, std.max_size_gib, std.max_iops) == (1, 1024, 200)
    assert std.rule("max_iops") is None and "previous-generation" in std.cite("max_iops")


def test_note_names_the_set_and_the_other_figure(limits: Limits) -> None:
    today = volume_specs(limits)["gp3"]
    assert today.note("max_iops") == "limits: AWS today; the notes say 16,000"
    notes = volume_specs(limits, "notes")["gp3"]
    assert notes.note("max_iops") == "limits: as in the notes; AWS today 80,000"
    assert today.note("max_iops_per_gib") == "limits: AWS today"  # notes silent: no difference


# rule: EBS-SNAPSHOT-ARCHIVE - notes L2573: 75% cheaper, 24-72 h; AWS today: 90-day minimum
def test_snapshot_archive_rules(limits: Limits) -> None:
    rules = snapshot_rules(limits)
    assert (rules.archive_discount_pct, rules.archive_min_days) == (75, 90)
    assert (rules.restore_min_hours, rules.restore_max_hours) == (24, 72)
    # the prices bear the 75% out: test_snapshot_prices.py


def test_specs_table_lists_differences_for_the_gui(limits: Limits) -> None:
    t = specs_table(limits)
    assert list(t["volume_type"]) == list(VOLUME_TYPES)
    gp3 = t.set_index("volume_type").loc["gp3"]
    assert gp3["max_iops"] == 80000
    assert "notes 16,000, AWS today 80,000" in gp3["differs_from_notes"]
    assert set(t["limits"]) == {"aws_today"}
