"""The small calculators behind the plan checks, where the notes give numbers.

Formula functions take keyword arguments and the figures they need (read from
``pricing_data/limits.csv`` by the ``*Rule.from_limits`` constructors, never typed here).
Where the issue may sweep a value, they accept a number or a numpy array and give the same
answer for both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from calc.pricing.catalog import Basis, Limits
from calc.units import (
    HOURS_PER_DAY,
    HOURS_PER_YEAR,
    SECONDS_PER_HOUR,
    SECONDS_PER_MINUTE,
    T,
)

MINUTES_PER_HOUR = SECONDS_PER_HOUR // SECONDS_PER_MINUTE  # 60
MINUTES_PER_YEAR = HOURS_PER_YEAR * MINUTES_PER_HOUR  # 525,600
_PCT = 100.0

# AWS says the throttled-event retry interval "increases exponentially" from 1 s to 5 min but
# gives no factor; doubling is this calculator's assumption, stated in every output.
ASSUMED_THROTTLE_BACKOFF_FACTOR = 2.0

# float noise guard for ceilings: 70 / (10 * 0.7) is 10.000000000000002, not 11 instances
_CEIL_REL_TOL = 1e-12


# -- RDS storage autoscaling ---------------------------------------------------------------
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
    gap = alloc * (1 - free_space_threshold_pct / _PCT) - used
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
    out = np.maximum(np.maximum(rule.min_increment_gib, alloc * rule.min_increment_pct / _PCT),
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
                     "free_pct_before": (alloc - used) / alloc * _PCT,
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


# -- Lambda asynchronous invocation --------------------------------------------------------
@dataclass(frozen=True)
class AsyncRetryRule:
    """Lambda asynchronous retry figures (rules LAMBDA-ASYNC-RETRY, LAMBDA-CONCURRENCY)."""

    retries: int  # retries after a function error
    retry_delays_s: tuple[float, ...]  # wait before each retry
    max_event_age_s: float  # throttled events kept this long
    throttle_min_interval_s: float
    throttle_max_interval_s: float

    @classmethod
    def from_limits(cls, limits: Limits, basis: Basis = "aws_today") -> AsyncRetryRule:
        v = limits.value
        return cls(int(v("lambda.async.retries", basis)),
                   (v("lambda.async.first_retry_delay_s", basis),
                    v("lambda.async.second_retry_delay_s", basis)),
                   v("lambda.async.max_event_age_s", basis),
                   v("lambda.async.throttle_retry_min_interval_s", basis),
                   v("lambda.async.throttle_retry_max_interval_s", basis))


def lambda_expected_invocations(*, error_rate: T, retries: int) -> T:
    """Expected invocations per asynchronous event when each attempt fails with ``error_rate``.

    Notes
    -----
    Attempts are independent: 1 + p + p^2 + ... + p^retries. Rule: LAMBDA-ASYNC-RETRY.
    """
    p = np.asarray(error_rate, dtype=float)
    out = sum(p**k for k in range(retries + 1))
    out = np.asarray(out, dtype=float)
    return out if out.ndim else float(out)  # type: ignore[return-value]


def lambda_event_loss_probability(*, error_rate: T, retries: int) -> T:
    """Probability that an event fails every attempt (then dropped, or sent to the DLQ).

    Notes
    -----
    p^(retries + 1). Rule: LAMBDA-ASYNC-RETRY.
    """
    p = np.asarray(error_rate, dtype=float)
    out = p ** (retries + 1)
    return out if out.ndim else float(out)  # type: ignore[return-value]


def lambda_async_retry_timeline(*, duration_s: float, error_rate: float,
                                rule: AsyncRetryRule) -> pd.DataFrame:
    """When each attempt of a failing asynchronous event runs.

    Parameters
    ----------
    duration_s : float
        Run time of one attempt [s] (a timed-out attempt runs until the timeout).
    error_rate : float
        Probability that an attempt fails [0-1].
    rule : AsyncRetryRule
        Retries and their delays (from limits.csv).

    Returns
    -------
    DataFrame
        One row per attempt: ``attempt``, ``wait_before_s``, ``start_s``, ``end_s`` (seconds
        after the event arrived, if every earlier attempt failed) and ``probability_run``.

    Notes
    -----
    After an error Lambda retries 2 times, waiting 1 minute after the first failure and 2
    minutes after the second (notes L2345-2347). Rule: LAMBDA-ASYNC-RETRY.
    """
    rows = []
    start = 0.0
    for attempt in range(rule.retries + 1):
        wait = 0.0 if attempt == 0 else rule.retry_delays_s[attempt - 1]
        start += wait
        rows.append({"attempt": attempt + 1, "wait_before_s": wait, "start_s": start,
                     "end_s": start + duration_s, "probability_run": error_rate**attempt})
        start += duration_s
    return pd.DataFrame(rows)


def lambda_throttle_retry_schedule(*, rule: AsyncRetryRule,
                                   backoff_factor: float = ASSUMED_THROTTLE_BACKOFF_FACTOR
                                   ) -> pd.DataFrame:
    """Retries of a throttled asynchronous event until it is dropped.

    Returns
    -------
    DataFrame
        One row per retry: ``retry``, ``interval_s`` (wait before it) and ``at_s`` (seconds
        after the event arrived), up to the maximum event age.

    Notes
    -----
    Throttled (429) and system (5xx) errors are retried for up to 6 hours, the interval
    growing exponentially from 1 s to at most 5 minutes (notes L2460-2461). AWS gives no growth
    factor: ``backoff_factor`` (default doubling) is an assumption. Rule: LAMBDA-CONCURRENCY.
    """
    if backoff_factor <= 1:
        raise ValueError("backoff_factor must be > 1")
    rows = []
    interval, at = rule.throttle_min_interval_s, 0.0
    while at + interval <= rule.max_event_age_s:
        at += interval
        rows.append({"retry": len(rows) + 1, "interval_s": interval, "at_s": at})
        interval = min(interval * backoff_factor, rule.throttle_max_interval_s)
    return pd.DataFrame(rows, columns=["retry", "interval_s", "at_s"])


# -- Aurora quorum --------------------------------------------------------------------------
@dataclass(frozen=True)
class AuroraRule:
    """Aurora storage figures (rule AURORA)."""

    copies: int
    azs: int
    write_quorum: int
    read_quorum: int

    @property
    def copies_per_az(self) -> int:
        return self.copies // self.azs

    @classmethod
    def from_limits(cls, limits: Limits, basis: Basis = "aws_today") -> AuroraRule:
        v = limits.value
        return cls(int(v("aurora.storage.copies", basis)), int(v("aurora.storage.azs", basis)),
                   int(v("aurora.storage.write_quorum", basis)),
                   int(v("aurora.storage.read_quorum", basis)))


def aurora_copies_lost(*, azs_lost: int, extra_copies_lost: int, rule: AuroraRule) -> int:
    """Copies lost when whole AZs and some further copies fail (at most all copies)."""
    return min(azs_lost * rule.copies_per_az + extra_copies_lost, rule.copies)


def aurora_quorum(*, copies_lost: T, rule: AuroraRule) -> tuple[T, T]:
    """Whether an Aurora cluster volume can still write and read after losing copies.

    Parameters
    ----------
    copies_lost : int or ndarray
        Storage copies unavailable (0-6).
    rule : AuroraRule
        Copies and quorums (from limits.csv).

    Returns
    -------
    (can_write, can_read) : bool or ndarray of bool

    Notes
    -----
    6 copies across 3 AZs; writes need 4 copies, reads 3 (notes L3507-3509). So losing one
    AZ (2 copies) keeps writes and reads; one AZ plus one more copy (3) keeps reads only.
    Rule: AURORA.
    """
    left = rule.copies - np.asarray(copies_lost)
    can_write, can_read = left >= rule.write_quorum, left >= rule.read_quorum
    if can_write.ndim:
        return can_write, can_read  # type: ignore[return-value]
    return bool(can_write), bool(can_read)  # type: ignore[return-value]


def aurora_failure_table(rule: AuroraRule) -> pd.DataFrame:
    """Every failure from no copy lost to all copies lost: what the cluster still does."""
    rows = []
    for lost in range(rule.copies + 1):
        azs, extra = divmod(lost, rule.copies_per_az)
        what = " + ".join(p for p in (f"{azs} AZ" + ("s" if azs > 1 else "") if azs else "",
                                      f"{extra} cop" + ("ies" if extra > 1 else "y")
                                      if extra else "") if p) or "nothing"
        can_write, can_read = aurora_quorum(copies_lost=lost, rule=rule)
        rows.append({"copies_lost": lost, "equivalent_failure": what,
                     "copies_left": rule.copies - lost, "can_write": can_write,
                     "can_read": can_read})
    return pd.DataFrame(rows)


# -- S3 durability and availability ---------------------------------------------------------
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
    out = (_PCT - np.asarray(availability_pct, dtype=float)) / _PCT * MINUTES_PER_YEAR
    return out if out.ndim else float(out)  # type: ignore[return-value]


# -- ASG target tracking ------------------------------------------------------------------
AsgGoal = Literal["availability", "balance", "cost"]


def asg_target_utilisation_pct(goal: AsgGoal, limits: Limits,
                               basis: Basis = "aws_today") -> float:
    """Target utilisation for a scaling-plan goal [%]: availability 40, balance 50, cost 70.

    Notes
    -----
    Notes L1480-1482. Rule: ASG-TARGET-TRACKING.
    """
    return limits.value(f"asg.target_tracking.{goal}_pct", basis)


def asg_instances_needed(*, load: T, capacity_per_instance: T, target_utilisation_pct: T) -> T:
    """Instances needed so that average utilisation stays at or under the target.

    Parameters
    ----------
    load : float or ndarray
        Total load, in the unit of ``capacity_per_instance``.
    capacity_per_instance : float or ndarray
        Load one instance carries at 100% utilisation (> 0).
    target_utilisation_pct : float or ndarray
        Target utilisation [%] (> 0).

    Returns
    -------
    int or ndarray of int
        ceil(load / (capacity * target / 100)); 0 for no load.

    Notes
    -----
    Rule: ASG-TARGET-TRACKING.
    """
    per = np.asarray(capacity_per_instance, dtype=float) * (
        np.asarray(target_utilisation_pct, dtype=float) / _PCT)
    raw = np.asarray(load, dtype=float) / per
    out = np.ceil(raw * (1 - _CEIL_REL_TOL)).astype(np.int64)
    return out if out.ndim else int(out)  # type: ignore[return-value]


# -- SSM Parameter Store ------------------------------------------------------------------
def ssm_advanced_usd_per_month(*, parameters: T, usd_per_parameter_month: float) -> T:
    """Monthly charge for Advanced-tier parameters [USD/month].

    Notes
    -----
    parameters * $0.05 (notes L969; the price comes from limits.csv). Standard parameters are
    free. Rule: SSM-PARAMETER-TIERS.
    """
    out = np.asarray(parameters, dtype=float) * usd_per_parameter_month
    return out if out.ndim else float(out)  # type: ignore[return-value]
