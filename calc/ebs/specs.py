"""EBS volume types and their limits, as data read from the snapshot's ``limits.csv``.

Every figure (size range, IOPS range and ratios, throughput caps, burst bucket, io2 price-tier
bounds, Multi-Attach instances, snapshot archive rules) is a row of ``limits.csv`` with the
notes' value and AWS's value today. :func:`volume_specs` picks one set ("aws_today", the
default, or "notes"; the notes fall back to today's figure where they are silent) and results
report which one was used. Only two facts are kept in code, each with its rule ID: which types
can boot (EBS-BOOT) and which can be Multi-Attached (EBS-MULTI-ATTACH).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Literal, get_args

import pandas as pd

from calc.fields import BASIS_LABELS
from calc.pricing import Basis, Limit, Limits

VolumeType = Literal["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"]
VOLUME_TYPES: tuple[str, ...] = get_args(VolumeType)

VOLUME_TYPE_NAMES: dict[str, str] = {
    "gp2": "General Purpose SSD (gp2)",
    "gp3": "General Purpose SSD (gp3)",
    "io1": "Provisioned IOPS SSD (io1)",
    "io2": "Provisioned IOPS SSD (io2 Block Express)",
    "st1": "Throughput Optimized HDD (st1)",
    "sc1": "Cold HDD (sc1)",
    "standard": "Magnetic (standard, previous generation)",
}

# Rule EBS-BOOT: only gp2/gp3/io1/io2 can be boot volumes (notes L2608; RULES.md: AWS today
# "same"; AWS's previous-generation table lists magnetic as bootable, RULES.md does not).
BOOT_TYPES: frozenset[str] = frozenset({"gp2", "gp3", "io1", "io2"})
# Rule EBS-MULTI-ATTACH: io1/io2 only, same AZ, up to 16 instances (notes L2611-2618).
MULTI_ATTACH_TYPES: frozenset[str] = frozenset({"io1", "io2"})
# Which types take a provisioned IOPS / throughput figure (and bill it).
PROVISIONED_IOPS_TYPES: frozenset[str] = frozenset({"gp3", "io1", "io2"})
PROVISIONED_THROUGHPUT_TYPES: frozenset[str] = frozenset({"gp3"})


@dataclass(frozen=True)
class SnapshotRules:
    """Snapshot archive tier figures (rule EBS-SNAPSHOT-ARCHIVE)."""

    archive_discount_pct: float
    archive_min_days: float
    restore_min_hours: float
    restore_max_hours: float
    basis: Basis


@dataclass(frozen=True)
class VolumeSpec:
    """One volume type's limits under one limits set.

    ``None`` means the figure does not apply to the type. ``sources`` maps each field to the
    :class:`~calc.pricing.catalog.Limit` row it came from (rule ID, notes line, both figures).
    """

    volume_type: str
    basis: Basis
    nitro: bool
    boot: bool
    multi_attach: bool
    min_size_gib: float
    max_size_gib: float
    min_iops: float | None = None  # provisioned IOPS at least (gp3: the included 3,000)
    max_iops: float | None = None  # provisioned or delivered IOPS at most
    max_iops_per_gib: float | None = None
    max_throughput_mibps: float | None = None
    max_mibps_per_iops: float | None = None
    included_iops: float | None = None  # gp3
    included_throughput_mibps: float | None = None  # gp3
    iops_per_gib: float | None = None  # gp2 baseline
    burst_iops: float | None = None  # gp2
    burst_max_size_gib: float | None = None  # gp2
    burst_bucket_credits: float | None = None  # gp2
    io_size_kib: float | None = None  # gp2 throughput = IOPS x I/O size
    small_volume_max_size_gib: float | None = None  # gp2: up to this size ...
    small_volume_max_throughput_mibps: float | None = None  # ... throughput at most this
    baseline_mibps_per_tib: float | None = None  # st1/sc1
    burst_mibps_per_tib: float | None = None  # st1/sc1
    large_io_max_iops: float | None = None  # io1: 256 KiB I/O up to this many IOPS
    large_io_max_throughput_mibps: float | None = None  # io1
    large_io_size_kib: float | None = None  # io1
    small_io_size_kib: float | None = None  # io1 above large_io_max_iops
    tier1_max_iops: float | None = None  # io2 IOPS price tiers
    tier2_max_iops: float | None = None
    max_attach_instances: float | None = None  # Multi-Attach
    sources: Mapping[str, Limit] = field(default_factory=dict, compare=False, repr=False)

    @property
    def iops_provisioned(self) -> bool:
        return self.volume_type in PROVISIONED_IOPS_TYPES

    @property
    def throughput_provisioned(self) -> bool:
        return self.volume_type in PROVISIONED_THROUGHPUT_TYPES

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]

    def rule(self, name: str) -> str | None:
        """The rule ID of the limit behind field ``name``.

        None for magnetic (standard) volumes: their figures come from the AWS docs
        (previous-generation volumes), and RULES.md has no rule for them.
        """
        if self.volume_type == "standard":
            return None
        return self.sources[name].rule_id

    def cite(self, name: str) -> str:
        """"[RULE-ID]" for a message, or where a magnetic figure comes from."""
        rule = self.rule(name)
        if rule is None:
            return "(AWS EBS docs, previous-generation volumes; no RULES.md rule)"
        return f"[{rule}]"

    def note(self, name: str) -> str:
        """Which limits set a figure comes from, and the other set's figure where they differ.

        e.g. "limits: AWS today; the notes say 16,000".
        """
        text = f"limits: {self.basis_label}"
        lim = self.sources.get(name)
        if lim is not None and lim.differs:
            other = lim.value_notes if self.basis == "aws_today" else lim.value_today
            if other is not None:
                text += f"; {'the notes say' if self.basis == 'aws_today' else 'AWS today'} "
                text += f"{fmt_number(other)}"
        return text


def fmt_number(value: float) -> str:
    """A figure for a message: thousands separators, no trailing zeros."""
    return f"{value:,.10g}"


# field -> limits.csv key, per type; io2 uses Block Express rows for AWS today (io2 is Block
# Express today) and the io2 rows of the notes (4 GiB-16 TiB, 64,000 IOPS) under "notes".
def _keys(volume_type: str, basis: Basis, nitro: bool) -> dict[str, str]:
    multi = {"max_attach_instances": "ebs.multi_attach.max_instances"}
    if volume_type == "gp2":
        p = "ebs.gp2."
        return {"min_size_gib": p + "min_size_gib", "max_size_gib": p + "max_size_gib",
                "iops_per_gib": p + "iops_per_gib", "min_iops": p + "min_iops",
                "max_iops": p + "max_iops", "burst_iops": p + "burst_iops",
                "burst_max_size_gib": p + "burst_max_size_gib",
                "burst_bucket_credits": p + "burst_bucket_credits",
                "max_throughput_mibps": p + "max_throughput_mibps",
                "io_size_kib": p + "io_size_kib",
                "small_volume_max_size_gib": p + "small_volume_max_size_gib",
                "small_volume_max_throughput_mibps": p + "small_volume_max_throughput_mibps"}
    if volume_type == "gp3":
        p = "ebs.gp3."
        return {"min_size_gib": p + "min_size_gib", "max_size_gib": p + "max_size_gib",
                "min_iops": p + "included_iops", "included_iops": p + "included_iops",
                "max_iops": p + "max_iops", "max_iops_per_gib": p + "max_iops_per_gib",
                "included_throughput_mibps": p + "included_throughput_mibps",
                "max_throughput_mibps": p + "max_throughput_mibps",
                "max_mibps_per_iops": p + "max_mibps_per_iops"}
    if volume_type == "io1":
        p = "ebs.io1."
        return {"min_size_gib": p + "min_size_gib", "max_size_gib": p + "max_size_gib",
                "min_iops": p + "min_iops",
                "max_iops": p + ("max_iops_nitro" if nitro else "max_iops_other"),
                "max_iops_per_gib": p + "max_iops_per_gib",
                "max_throughput_mibps": p + "max_throughput_mibps",
                "large_io_max_iops": p + "large_io_max_iops",
                "large_io_max_throughput_mibps": p + "large_io_max_throughput_mibps",
                "large_io_size_kib": p + "large_io_size_kib",
                "small_io_size_kib": p + "small_io_size_kib", **multi}
    if volume_type == "io2":
        p = "ebs.io2_bx." if basis == "aws_today" else "ebs.io2."
        max_iops = (p + ("max_iops" if basis == "aws_today" else "max_iops_nitro") if nitro
                    else "ebs.io2.max_iops_other")
        return {"min_size_gib": p + "min_size_gib", "max_size_gib": p + "max_size_gib",
                "min_iops": "ebs.io2.min_iops", "max_iops": max_iops,
                "max_iops_per_gib": p + "max_iops_per_gib",
                "max_throughput_mibps": "ebs.io2.max_throughput_mibps",
                "max_mibps_per_iops": "ebs.io2.max_mibps_per_iops",
                "tier1_max_iops": "ebs.io2.tier1_max_iops",
                "tier2_max_iops": "ebs.io2.tier2_max_iops", **multi}
    if volume_type in ("st1", "sc1"):
        p = f"ebs.{volume_type}."
        return {"min_size_gib": p + "min_size_gib", "max_size_gib": p + "max_size_gib",
                "max_iops": p + "max_iops", "max_throughput_mibps": p + "max_mibps",
                "baseline_mibps_per_tib": p + "baseline_mibps_per_tib",
                "burst_mibps_per_tib": p + "burst_mibps_per_tib"}
    if volume_type == "standard":
        p = "ebs.standard."
        return {"min_size_gib": p + "min_size_gib", "max_size_gib": p + "max_size_gib",
                "max_iops": p + "max_iops", "max_throughput_mibps": p + "max_throughput_mibps"}
    raise ValueError(f"unknown EBS volume type {volume_type!r}")


@lru_cache(maxsize=32)
def _specs(limits: Limits, basis: Basis, nitro: bool) -> dict[str, VolumeSpec]:
    out: dict[str, VolumeSpec] = {}
    for vt in VOLUME_TYPES:
        keys = _keys(vt, basis, nitro)
        sources = {name: limits[key] for name, key in keys.items()}
        values = {name: lim.value(basis) for name, lim in sources.items()}
        out[vt] = VolumeSpec(volume_type=vt, basis=basis, nitro=nitro,
                             boot=vt in BOOT_TYPES, multi_attach=vt in MULTI_ATTACH_TYPES,
                             sources=sources, **values)
    return out


def volume_specs(limits: Limits, basis: Basis = "aws_today",
                 nitro: bool = True) -> dict[str, VolumeSpec]:
    """Every volume type's limits under ``basis``.

    Parameters
    ----------
    limits : Limits
        ``catalog.limits`` of the active price snapshot.
    basis : {"aws_today", "notes"}
        Which figures to use where AWS changed them since the notes.
    nitro : bool
        The volume is attached to a Nitro instance (io1/io2 reach their highest IOPS only
        there; 32,000 IOPS otherwise).

    Returns
    -------
    dict
        volume type -> :class:`VolumeSpec`.

    Notes
    -----
    Rules: EBS-GP3, EBS-GP2-IOPS, EBS-GP2-BURST, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1,
    EBS-BOOT, EBS-MULTI-ATTACH (figures in ``pricing_data/limits.csv``).
    """
    return _specs(limits, basis, nitro)


def snapshot_rules(limits: Limits, basis: Basis = "aws_today") -> SnapshotRules:
    """The snapshot archive figures under ``basis`` (rule EBS-SNAPSHOT-ARCHIVE)."""
    p = "ebs.snapshot_archive."
    return SnapshotRules(
        archive_discount_pct=limits.value(p + "discount_pct", basis),
        archive_min_days=limits.value(p + "min_days", basis),
        restore_min_hours=limits.value(p + "restore_min_h", basis),
        restore_max_hours=limits.value(p + "restore_max_h", basis),
        basis=basis)


_TABLE_FIELDS = ("min_size_gib", "max_size_gib", "min_iops", "max_iops", "max_iops_per_gib",
                 "max_throughput_mibps", "max_mibps_per_iops", "iops_per_gib",
                 "baseline_mibps_per_tib", "burst_mibps_per_tib")


def specs_table(limits: Limits, basis: Basis = "aws_today", nitro: bool = True) -> pd.DataFrame:
    """One row per volume type: its limits, boot and Multi-Attach support, and which figures
    differ between the notes and AWS today (for the GUI's explanation panel)."""
    rows = []
    for vt, spec in volume_specs(limits, basis, nitro).items():
        row: dict[str, object] = {"volume_type": vt, "name": VOLUME_TYPE_NAMES[vt]}
        for f in _TABLE_FIELDS:
            row[f] = getattr(spec, f)
        row["boot"] = spec.boot
        row["multi_attach"] = spec.multi_attach
        row["differs_from_notes"] = "; ".join(
            spec.sources[f].explain() for f in _TABLE_FIELDS
            if f in spec.sources and spec.sources[f].differs)
        row["limits"] = basis
        rows.append(row)
    return pd.DataFrame(rows)


SPEC_FIELDS = tuple(f.name for f in fields(VolumeSpec))
