"""S3 formula functions: keyword arguments, prices passed in, scalar or numpy array in.

Each function gives the same answer for a number and for an array of numbers (element-wise),
so a sweep is one call. Nothing here looks a price up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from calc.pricing import Tier
from calc.units import (
    BYTES_PER_GIB,
    BYTES_PER_KIB,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    HOURS_PER_DAY,
    PCT,
    PER_THOUSAND,
    SECONDS_PER_HOUR,
    SECONDS_PER_MINUTE,
)

# S3 bills GB-months in binary GB (the FAQ divides byte-hours by 1,073,741,824) and states
# object minimums in KB of 1,024 bytes.
KB_PER_GB = BYTES_PER_GIB // BYTES_PER_KIB
MINUTES_PER_YEAR = DAYS_PER_YEAR * HOURS_PER_DAY * SECONDS_PER_HOUR // SECONDS_PER_MINUTE


def _out(value: np.ndarray, *inputs: Any) -> Any:
    """A float when every input was a scalar, else the array."""
    if all(np.ndim(x) == 0 for x in inputs):
        return float(value)
    return value


def tiered_usd(*, quantity: Any, tiers: Sequence[Tier]) -> Any:
    """Cost of ``quantity`` under graduated volume tiers.

    Parameters
    ----------
    quantity : float or array
        Units in the month (e.g. GB-months) [unit of the price].
    tiers : sequence of Tier
        ``start`` <= q < ``end`` bounds and ``usd_per_unit`` [USD/unit].

    Returns
    -------
    float or array
        [USD]. Each unit is priced at the tier it falls in (first 50 TB at the first price,
        the next 450 TB at the second, ...), so the cost is continuous at every break.

    Notes
    -----
    Rule: S3-CLASSES (Standard: first 50 TB, next 450 TB, over 500 TB; 1 TB = 1,024 GB).
    Source: AWS S3 pricing page, storage table.
    """
    q = np.asarray(quantity, dtype=float)
    total = np.zeros_like(q)
    for t in tiers:
        width = np.inf if t.end is None else t.end - t.start
        total = total + np.clip(q - t.start, 0.0, width) * t.usd_per_unit
    return _out(total, quantity)


def billable_gb(*, storage_gb: Any, objects: Any, min_object_kb: Any) -> Any:
    """GB billed when every object is billed as at least ``min_object_kb``.

    Parameters
    ----------
    storage_gb : float or array
        Data stored [GB].
    objects : float or array
        Objects stored [count].
    min_object_kb : float or array
        Minimum billable object size (0 = none) [KB].

    Returns
    -------
    float or array
        ``max(storage_gb, objects x min_object_kb)`` [GB]. With only the average object
        size known this is exact when objects are all the same size and a lower bound
        otherwise.

    Notes
    -----
    Rule: S3-MIN-DURATION (Standard-IA, One Zone-IA and Glacier IR bill at least 128 KB
    per object).
    """
    floor_gb = np.asarray(objects, dtype=float) * np.asarray(min_object_kb, float) / KB_PER_GB
    return _out(np.maximum(np.asarray(storage_gb, dtype=float), floor_gb),
                storage_gb, objects, min_object_kb)


def overhead_gb(*, objects: Any, overhead_kb: Any) -> Any:
    """Per-object overhead added to the stored GB [GB].

    Notes
    -----
    Rule: S3-MIN-DURATION (Glacier Flexible and Deep Archive add 32 KB per object at the
    archive rate and 8 KB at the Standard rate).
    """
    value = np.asarray(objects, dtype=float) * np.asarray(overhead_kb, float) / KB_PER_GB
    return _out(value, objects, overhead_kb)


def per_thousand_usd(*, count: Any, usd_per_thousand: Any) -> Any:
    """Requests (or objects) priced per 1,000 [USD].

    Parameters
    ----------
    count : float or array
        Requests or objects [count].
    usd_per_thousand : float or array
        [USD per 1,000].
    """
    value = np.asarray(count, dtype=float) / PER_THOUSAND * np.asarray(usd_per_thousand, float)
    return _out(value, count, usd_per_thousand)


def per_gb_usd(*, gb: Any, usd_per_gb: Any) -> Any:
    """A per-GB charge (retrieval, upload) [USD]."""
    return _out(np.asarray(gb, dtype=float) * np.asarray(usd_per_gb, dtype=float),
                gb, usd_per_gb)


def prorated_usd(*, usd_per_month: Any, days: Any, month_days: Any = DAYS_PER_MONTH) -> Any:
    """A monthly charge for ``days`` days of a ``month_days``-day month [USD].

    Notes
    -----
    Rule: S3-CLASSES. AWS prorates GB-months by the hours of the real month (S3 FAQ, billing:
    byte-hours "divided by the number of hours in the month"); the default is AWS's 730-hour
    month (30.42 days).
    """
    return _out(np.asarray(usd_per_month, float) * np.asarray(days, float)
                / np.asarray(month_days, float), usd_per_month, days, month_days)


def early_delete_usd(*, usd_per_month: Any, days_stored: Any, min_duration_days: Any,
                     month_days: Any = DAYS_PER_MONTH) -> Any:
    """The minimum-duration charge for data removed before the class minimum.

    Parameters
    ----------
    usd_per_month : float or array
        Storage charge of the data for a full month in its class [USD/month].
    days_stored : float or array
        Days the data stayed in the class before it was deleted, overwritten or moved [days].
    min_duration_days : float or array
        The class's minimum storage duration (0 = none) [days].

    Returns
    -------
    float or array
        Storage for the remaining ``min - days_stored`` days, prorated [USD]; 0 when the data
        stayed at least the minimum.

    Notes
    -----
    Rule: S3-MIN-DURATION (Standard-IA and One Zone-IA 30 days, Glacier IR and Flexible 90,
    Deep Archive 180). Source: AWS S3 User Guide, "Expiring objects": objects expired before
    the minimum are charged for the full minimum.
    """
    remaining = np.maximum(np.asarray(min_duration_days, float) - np.asarray(days_stored, float),
                           0.0)
    return _out(np.asarray(usd_per_month, float) * remaining / np.asarray(month_days, float),
                usd_per_month, days_stored, min_duration_days, month_days)


def expected_objects_lost_per_year(*, objects: Any, durability_pct: Any) -> Any:
    """Objects expected to be lost in a year at the designed durability [objects/year].

    Notes
    -----
    Rule: S3-DURABILITY (11 nines: 10,000,000 objects lose one object per 10,000 years,
    notes L2788).
    """
    loss = 1.0 - np.asarray(durability_pct, dtype=float) / PCT
    return _out(np.asarray(objects, dtype=float) * loss, objects, durability_pct)


def downtime_minutes_per_year(*, availability_pct: Any) -> Any:
    """Minutes a year a class may be unavailable at its designed availability [min/year].

    Notes
    -----
    Rule: S3-AVAILABILITY (Standard 99.99%: about 53 minutes a year, notes L2791).
    """
    down = 1.0 - np.asarray(availability_pct, dtype=float) / PCT
    return _out(down * MINUTES_PER_YEAR, availability_pct)
