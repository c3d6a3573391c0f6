"""S3 storage classes: their ids, snapshot names and the per-class figures from the limits.

Every figure (availability, durability, minimum duration, minimum billable size, retrieval
times) is a row of ``pricing_data/limits.csv``; this module only says which row belongs to
which class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import pandas as pd

from calc.errors import InputError
from calc.pricing import Basis, Limits
from calc.units import MS_PER_SECOND, SECONDS_PER_HOUR, SECONDS_PER_MINUTE

StorageClassId = Literal[
    "standard", "intelligent_tiering", "standard_ia", "onezone_ia", "glacier_ir",
    "glacier_flexible", "deep_archive", "express_onezone",
]
CLASS_IDS: tuple[str, ...] = get_args(StorageClassId)

# class id -> the storage_class name in the snapshot (s3_prices.csv)
SNAPSHOT_CLASS: dict[str, str] = {
    "standard": "STANDARD",
    "intelligent_tiering": "INTELLIGENT_TIERING",
    "standard_ia": "STANDARD_IA",
    "onezone_ia": "ONEZONE_IA",
    "glacier_ir": "GLACIER_IR",
    "glacier_flexible": "GLACIER",
    "deep_archive": "DEEP_ARCHIVE",
    "express_onezone": "EXPRESS_ONEZONE",
}

LABELS: dict[str, str] = {
    "standard": "S3 Standard",
    "intelligent_tiering": "S3 Intelligent-Tiering",
    "standard_ia": "S3 Standard-IA",
    "onezone_ia": "S3 One Zone-IA",
    "glacier_ir": "S3 Glacier Instant Retrieval",
    "glacier_flexible": "S3 Glacier Flexible Retrieval",
    "deep_archive": "S3 Glacier Deep Archive",
    "express_onezone": "S3 Express One Zone",
}

# The lifecycle "waterfall", warm to cold: a lifecycle rule may only move objects to a class
# further down this list (AWS S3 User Guide, "Transitioning objects using Amazon S3
# Lifecycle", supported transitions). S3 Express One Zone takes no lifecycle transitions.
LIFECYCLE_ORDER: tuple[str, ...] = (
    "standard", "standard_ia", "intelligent_tiering", "onezone_ia", "glacier_ir",
    "glacier_flexible", "deep_archive",
)

RetrievalTier = Literal["expedited", "standard", "bulk"]
# archive classes: their restore tiers, cheapest first, and the limits key of the slowest time
ARCHIVE_RETRIEVAL: dict[str, tuple[tuple[str, str, float], ...]] = {
    # (tier, limits key of the slowest first-byte time, seconds per unit of that key)
    "glacier_flexible": (
        ("bulk", "s3.retrieval.flexible_bulk_max_h", SECONDS_PER_HOUR),
        ("standard", "s3.retrieval.flexible_standard_max_h", SECONDS_PER_HOUR),
        ("expedited", "s3.retrieval.flexible_expedited_max_minutes", SECONDS_PER_MINUTE),
    ),
    "deep_archive": (
        ("bulk", "s3.retrieval.deep_archive_bulk_max_h", SECONDS_PER_HOUR),
        ("standard", "s3.retrieval.deep_archive_standard_max_h", SECONDS_PER_HOUR),
    ),
}

_AVAILABILITY_KEY = {c: f"s3.availability_pct.{c}" for c in CLASS_IDS}
_MIN_DURATION_KEY = {
    "standard_ia": "s3.min_duration_days.standard_ia",
    "onezone_ia": "s3.min_duration_days.onezone_ia",
    "glacier_ir": "s3.min_duration_days.glacier_ir",
    "glacier_flexible": "s3.min_duration_days.glacier_flexible",
    "deep_archive": "s3.min_duration_days.deep_archive",
}
_MIN_BILLABLE_KEY = {
    "standard_ia": "s3.min_billable_object_kb",
    "onezone_ia": "s3.min_billable_object_kb",
    "glacier_ir": "s3.min_billable_object_kb.glacier_ir",
}
ARCHIVE_CLASSES = frozenset(ARCHIVE_RETRIEVAL)


def check_class_id(value: object, field: str = "storage_class") -> str:
    """``value`` if it is a class id, else an InputError that lists the valid ids.

    Notes
    -----
    Rule: S3-CLASSES.
    """
    if isinstance(value, str) and value in CLASS_IDS:
        return value
    raise InputError(field, value, f"unknown storage class; one of {', '.join(CLASS_IDS)}",
                     rule_id="S3-CLASSES")


@dataclass(frozen=True)
class ClassInfo:
    """The figures shown beside a class's cost.

    ``first_byte_max_s`` is the slowest first-byte time of the class's fastest access path
    (for archive classes, the fastest restore tier) [s].
    """

    class_id: str
    label: str
    availability_pct: float
    durability_pct: float
    min_duration_days: float
    min_billable_object_kb: float
    first_byte: str
    first_byte_max_s: float
    archive: bool
    single_az: bool


def retrieval_max_s(class_id: str, tier: str, limits: Limits, basis: Basis = "aws_today"
                    ) -> float:
    """The slowest first-byte time of a restore tier of an archive class [s].

    Notes
    -----
    Rule: S3-RETRIEVAL.
    """
    for name, key, seconds in ARCHIVE_RETRIEVAL[class_id]:
        if name == tier:
            return limits.value(key, basis) * seconds
    allowed = ", ".join(t for t, _, _ in ARCHIVE_RETRIEVAL[class_id])
    raise InputError("retrieval_tier", tier, f"{LABELS[class_id]} restores with {allowed}",
                     rule_id="S3-RETRIEVAL")


def class_info(class_id: str, limits: Limits, basis: Basis = "aws_today") -> ClassInfo:
    """Availability, durability, minimums and time to first byte of one class.

    Notes
    -----
    Rules: S3-DURABILITY (every class), S3-AVAILABILITY, S3-MIN-DURATION, S3-RETRIEVAL,
    S3-PERFORMANCE (first-byte latency of the millisecond classes).
    """
    check_class_id(class_id)
    min_days = (limits.value(_MIN_DURATION_KEY[class_id], basis)
                if class_id in _MIN_DURATION_KEY else 0.0)
    min_kb = (limits.value(_MIN_BILLABLE_KEY[class_id], basis)
              if class_id in _MIN_BILLABLE_KEY else 0.0)
    if class_id in ARCHIVE_RETRIEVAL:
        parts = []
        for tier, key, seconds in reversed(ARCHIVE_RETRIEVAL[class_id]):
            unit = "min" if seconds == SECONDS_PER_MINUTE else "h"
            lim = limits[key]
            lo_key = key.replace("_max_", "_min_")
            lo = limits.value(lo_key, basis) if lo_key in limits else None
            span = f"{lo:g}-{lim.value(basis):g}" if lo is not None else f"<= {lim.value(basis):g}"
            parts.append(f"{tier} {span} {unit}")
        first_byte = "restore: " + ", ".join(parts)
        fastest = min(retrieval_max_s(class_id, t, limits, basis)
                      for t, _, _ in ARCHIVE_RETRIEVAL[class_id])
    elif class_id == "express_onezone":
        ms = limits.value("s3.latency.express_onezone_max_ms", basis)
        first_byte = f"< {ms:g} ms"
        fastest = ms / MS_PER_SECOND
    else:
        lo = limits.value("s3.latency.min_ms", basis)
        hi = limits.value("s3.latency.max_ms", basis)
        first_byte = f"{lo:g}-{hi:g} ms"
        fastest = hi / MS_PER_SECOND
    return ClassInfo(
        class_id=class_id, label=LABELS[class_id],
        availability_pct=limits.value(_AVAILABILITY_KEY[class_id], basis),
        durability_pct=limits.value("s3.durability.pct", basis),
        min_duration_days=min_days, min_billable_object_kb=min_kb,
        first_byte=first_byte, first_byte_max_s=fastest,
        archive=class_id in ARCHIVE_RETRIEVAL,
        single_az=class_id in ("onezone_ia", "express_onezone"),
    )


def class_table(limits: Limits, basis: Basis = "aws_today") -> pd.DataFrame:
    """One row per class: availability, durability, minimums and time to first byte."""
    return pd.DataFrame([class_info(c, limits, basis).__dict__ for c in CLASS_IDS])
