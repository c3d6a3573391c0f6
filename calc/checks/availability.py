"""S3 durability and availability: expected objects lost per year and minutes down per year.

Both accept a number or a numpy array. Rules: S3-DURABILITY, S3-AVAILABILITY.
"""

from __future__ import annotations

import numpy as np

from calc.units import HOURS_PER_YEAR, PCT, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, T

MINUTES_PER_YEAR = HOURS_PER_YEAR * (SECONDS_PER_HOUR // SECONDS_PER_MINUTE)  # 525,600


def s3_expected_objects_lost_per_year(*, objects: T, durability_nines: float) -> T:
    """Expected objects lost per year [objects/year].

    Notes
    -----
    objects * 10^-nines. 11 nines: 10,000,000 objects lose one object per 10,000 years
    (notes L2786-2788). Rule: S3-DURABILITY.
    """
    out = np.asarray(objects, dtype=float) * 10.0 ** (-durability_nines)
    return out if out.ndim else float(out)  # type: ignore[return-value]


def s3_downtime_minutes_per_year(*, availability_pct: T) -> T:
    """Expected unavailable minutes per year for an availability [min/year].

    Notes
    -----
    (1 - availability) * 525,600 minutes. 99.99% is 52.6 minutes, "about 53 minutes a year"
    (notes L2791). Rule: S3-AVAILABILITY.
    """
    out = (PCT - np.asarray(availability_pct, dtype=float)) / PCT * MINUTES_PER_YEAR
    return out if out.ndim else float(out)  # type: ignore[return-value]
