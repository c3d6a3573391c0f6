"""RDS storage autoscaling: when it triggers, how much it adds, and a forecast of the events.

The figures come from ``pricing_data/limits.csv`` through :meth:`AutoscalingRule.from_limits`
(never typed here). The trigger and increment accept a number or a numpy array and give the same
answer for both. Rule: RDS-AUTOSCALING.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from calc.fields import Basis
from calc.pricing import Limits
from calc.units import HOURS_PER_DAY, PCT, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, T

MINUTES_PER_HOUR = SECONDS_PER_HOUR // SECONDS_PER_MINUTE  # 60


@dataclass(frozen=True)
class AutoscalingRule:
    """The RDS storage autoscaling figures (rule RDS-AUTOSCALING)."""

    free_space_threshold_pct: float  # trigger when free space <= this share of allocated
    low_storage_min_minutes: float  # ... for at least this long
    min_hours_since_last_change: float  # ... and this long after the last modification
    min_increment_gib: float  # the increase is the greatest of this,
    min_increment_pct: float  # this share of allocated storage,
    predicted_growth_h: float  # and the growth beyond allocated over this many hours

    @classmethod
    def from_limits(cls, limits: Limits, basis: Basis = "aws_today") -> AutoscalingRule:
        v = limits.value
        return cls(v("rds.autoscaling.free_space_threshold_pct", basis),
                   v("rds.autoscaling.low_storage_min_minutes", basis),
                   v("rds.autoscaling.min_hours_since_last_change", basis),
                   v("rds.autoscaling.min_increment_gib", basis),
                   v("rds.autoscaling.min_increment_pct", basis),
                   v("rds.autoscaling.predicted_growth_h", basis))


def rds_hours_until_low_storage(*, allocated_gib: T, used_gib: T, growth_gib_per_h: T,
                                free_space_threshold_pct: float) -> T:
    """Hours until free storage falls to the autoscaling threshold.

    Parameters
    ----------
    allocated_gib : float or ndarray
        Allocated storage [GiB].
    used_gib : float or ndarray
        Storage in use now [GiB].
    growth_gib_per_h : float or ndarray
        Growth of the data [GiB/h], >= 0.
    free_space_threshold_pct : float
        Free-space threshold [% of allocated].

    Returns
    -------
    float or ndarray
        Hours from now [h]; 0 when free space is already at or under the threshold, ``inf``
        when it never gets there (no growth).

    Notes
    -----
    Free space <= threshold  <=>  used >= allocated * (1 - threshold / 100). The notes say
    "less than 10%" (L3407); the RDS User Guide (USER_PIOPS.Autoscaling, read 2026-11) says
    "less than or equal to", which is used here. Rule: RDS-AUTOSCALING.
    """
    alloc = np.asarray(allocated_gib, dtype=float)
    used = np.asarray(used_gib, dtype=float)
    growth = np.asarray(growth_gib_per_h, dtype=float)
    gap = alloc * (1 - free_space_threshold_pct / PCT) - used
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        hours = np.where(gap <= 0, 0.0, np.where(growth > 0, gap / growth, np.inf))
    return hours if hours.ndim else float(hours)  # type: ignore[return-value]


def rds_autoscaling_trigger_h(*, allocated_gib: T, used_gib: T, growth_gib_per_h: T,
                              hours_since_last_change: T, rule: AutoscalingRule) -> T:
    """Hours from now until RDS storage autoscaling would start a storage modification.

    Parameters
    ----------
    allocated_gib, used_gib : float or ndarray
        Allocated and used storage now [GiB].
    growth_gib_per_h : float or ndarray
        Data growth [GiB/h], >= 0.
    hours_since_last_change : float or ndarray
        Hours since the last storage modification [h] (``inf`` = long ago).
    rule : AutoscalingRule
        The thresholds (from limits.csv).

    Returns
    -------
    float or ndarray
        Hours [h]; ``inf`` when free space never reaches the threshold.

    Notes
    -----
    All three conditions must hold (notes L3406-3409): free space <= 10% of allocated, for at
    least 5 minutes, and at least 6 hours since the last storage change::

        t = max(t_low + 5 min, 6 h - hours_since_last_change)

    Rule: RDS-AUTOSCALING.
    """
    t_low = np.asarray(rds_hours_until_low_storage(
        allocated_gib=allocated_gib, used_gib=used_gib, growth_gib_per_h=growth_gib_per_h,
        free_space_threshold_pct=rule.free_space_threshold_pct), dtype=float)
    since = np.asarray(hours_since_last_change, dtype=float)
    low_h = rule.low_storage_min_minutes / MINUTES_PER_HOUR
    wait = rule.min_hours_since_last_change - since
    out = np.maximum(t_low + low_h, np.maximum(wait, 0.0))
    return out if out.ndim else float(out)  # type: ignore[return-value]


def rds_autoscaling_increment_gib(*, allocated_gib: T, used_gib: T, growth_gib_per_h: T,
                                  rule: AutoscalingRule) -> T:
    """Storage one autoscaling event adds [GiB].

    Notes
    -----
    The greatest of 10 GiB, 10% of the allocated storage, and the growth predicted beyond the
    allocated storage over the next 7 hours (RDS User Guide, USER_PIOPS.Autoscaling, read
    2026-11; the notes give no increment). Rule: RDS-AUTOSCALING.
    """
    alloc = np.asarray(allocated_gib, dtype=float)
    predicted = (np.asarray(used_gib, dtype=float)
                 + np.asarray(growth_gib_per_h, dtype=float) * rule.predicted_growth_h - alloc)
    out = np.maximum(np.maximum(rule.min_increment_gib, alloc * rule.min_increment_pct / PCT),
                     predicted)
    return out if out.ndim else float(out)  # type: ignore[return-value]


@dataclass(frozen=True)
class AutoscalingForecast:
    """What storage autoscaling does over the horizon."""

    events: pd.DataFrame  # one row per storage modification
    allocated_gib: float  # at the end of the horizon (or when storage filled)
    used_gib: float  # at the end of the horizon (or when storage filled)
    first_trigger_h: float | None  # hours from now of the first modification, None if none
    storage_full_h: float | None  # hours from now when used storage reaches allocated
    reached_max: bool  # allocated storage hit the maximum storage threshold
    horizon_h: float


EVENT_COLUMNS = ("time_h", "used_gib", "free_pct_before", "allocated_before_gib",
                 "increment_gib", "allocated_after_gib")


def rds_autoscaling_forecast(*, allocated_gib: float, used_gib: float, growth_gib_per_day: float,
                             hours_since_last_change: float, max_storage_gib: float | None,
                             horizon_h: float, rule: AutoscalingRule,
                             max_events: int = 10_000) -> AutoscalingForecast:
    """Simulate storage autoscaling for a linearly growing database.

    Parameters
    ----------
    allocated_gib : float
        Allocated storage now [GiB].
    used_gib : float
        Used storage now [GiB], at most ``allocated_gib``.
    growth_gib_per_day : float
        Data growth [GiB/day], >= 0.
    hours_since_last_change : float
        Hours since the last storage modification [h] (``inf`` = long ago).
    max_storage_gib : float or None
        Maximum storage threshold [GiB]; None = autoscaling disabled.
    horizon_h : float
        How far to look ahead [h].
    rule : AutoscalingRule
        The thresholds (from limits.csv).
    max_events : int
        Safety stop for the event loop.

    Returns
    -------
    AutoscalingForecast

    Notes
    -----
    Each event happens at :func:`rds_autoscaling_trigger_h` and adds
    :func:`rds_autoscaling_increment_gib`, capped at the maximum storage threshold; it resets
    the 6-hour clock. If used storage reaches the allocated storage before the next event the
    instance is full (STORAGE_FULL) and the forecast stops there. Rule: RDS-AUTOSCALING.
    """
    growth_h = growth_gib_per_day / HOURS_PER_DAY
    t, alloc, used, since = 0.0, float(allocated_gib), float(used_gib), hours_since_last_change
    rows: list[dict[str, float]] = []
    full_at: float | None = None
    reached_max = max_storage_gib is not None and alloc >= max_storage_gib
    while len(rows) < max_events:
        to_full = (alloc - used) / growth_h if growth_h > 0 else math.inf
        can_scale = max_storage_gib is not None and alloc < max_storage_gib
        trig = (rds_autoscaling_trigger_h(allocated_gib=alloc, used_gib=used,
                                          growth_gib_per_h=growth_h,
                                          hours_since_last_change=since, rule=rule)
                if can_scale else math.inf)
        if to_full <= trig:  # fills before autoscaling can act
            if t + to_full <= horizon_h:
                full_at = t + to_full
                t, used = full_at, alloc
            break
        if t + trig > horizon_h:
            break
        t += trig
        used += growth_h * trig
        inc = rds_autoscaling_increment_gib(allocated_gib=alloc, used_gib=used,
                                            growth_gib_per_h=growth_h, rule=rule)
        cap = max_storage_gib if max_storage_gib is not None else alloc
        new_alloc = min(alloc + inc, cap)
        rows.append({"time_h": t, "used_gib": used,
                     "free_pct_before": (alloc - used) / alloc * PCT,
                     "allocated_before_gib": alloc, "increment_gib": new_alloc - alloc,
                     "allocated_after_gib": new_alloc})
        alloc, since = new_alloc, 0.0
        reached_max = new_alloc >= cap
    if full_at is None:
        used = used + growth_h * max(horizon_h - t, 0.0)
        used = min(used, alloc)
    events = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    first = float(events["time_h"].iloc[0]) if len(events) else None
    return AutoscalingForecast(events, alloc, used, first, full_at, reached_max, horizon_h)
