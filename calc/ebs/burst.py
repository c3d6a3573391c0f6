"""gp2 burst-credit balance over time for an I/O profile (for the GUI's balance chart)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from calc.ebs.performance import gp2_burst
from calc.ebs.specs import VolumeSpec
from calc.errors import InputError


def io_profile(segments: Sequence[tuple[float, float]], *, step_seconds: float) -> np.ndarray:
    """Demand IOPS per step from ``[(duration_s, iops), ...]`` segments.

    Parameters
    ----------
    segments : sequence of (float, float)
        Consecutive segments: duration [s] (a multiple of ``step_seconds``) and IOPS [IOPS].
    step_seconds : float
        Step of the result [s].

    Returns
    -------
    numpy.ndarray
        Demand [IOPS] per step.
    """
    if step_seconds <= 0:
        raise InputError("step_seconds", step_seconds, "must be more than 0 s")
    parts = []
    for duration_s, iops in segments:
        steps = duration_s / step_seconds
        if duration_s < 0 or iops < 0 or abs(steps - round(steps)) > 1e-9:
            raise InputError("segments", (duration_s, iops),
                             f"durations >= 0 in whole steps of {step_seconds:g} s; IOPS >= 0")
        parts.append(np.full(int(round(steps)), float(iops)))
    return np.concatenate(parts) if parts else np.zeros(0)


def gp2_credit_balance(*, size_gib: float, demand_iops: Sequence[float] | np.ndarray,
                       step_seconds: float, spec: VolumeSpec,
                       initial_credits: float | None = None) -> pd.DataFrame:
    """The I/O-credit balance of a gp2 volume over time, and the IOPS it delivers.

    Parameters
    ----------
    size_gib : float
        Volume size [GiB].
    demand_iops : array
        IOPS the workload asks for in each step [IOPS].
    step_seconds : float
        Length of each step [s].
    spec : VolumeSpec
        gp2 limits (baseline, burst ceiling 3,000, bucket 5.4M credits, bursting under 1 TiB).
    initial_credits : float, optional
        Credits at the start [I/O credits]; default a full bucket (every volume starts full).

    Returns
    -------
    pandas.DataFrame
        One row per step: ``time_s`` (end of step) [s], ``demand_iops`` [IOPS],
        ``delivered_iops`` (average over the step) [IOPS], ``credit_balance`` (end of step)
        [I/O credits], ``burst_balance_pct`` [%] (CloudWatch BurstBalance).

    Notes
    -----
    Rule: EBS-GP2-BURST. Earn at the baseline rate (3 IOPS per GiB) whenever demand is below
    baseline, up to the bucket size; spend (delivered - baseline) per second above baseline, up
    to the 3,000 IOPS ceiling; when the bucket empties mid-step, the rest of the step runs at
    baseline. Volumes whose baseline reaches 3,000 IOPS never spend credits (balance stays
    full). Source: AWS EBS User Guide, gp2 I/O credits and burst performance.
    """
    if step_seconds <= 0:
        raise InputError("step_seconds", step_seconds, "must be more than 0 s")
    demand = np.asarray(demand_iops, dtype=float)
    if np.any(demand < 0) or not np.all(np.isfinite(demand)):
        raise InputError("demand_iops", "negative or not a number", "IOPS >= 0 in every step")
    b = gp2_burst(size_gib=size_gib, spec=spec)
    bucket = spec.burst_bucket_credits
    assert bucket is not None
    credits = bucket if initial_credits is None else float(initial_credits)
    if not 0 <= credits <= bucket:
        raise InputError("initial_credits", initial_credits,
                         f"0 to {bucket:,.0f} I/O credits", rule_id="EBS-GP2-BURST")
    base, ceiling, dt = b.baseline_iops, b.burst_iops, step_seconds
    n = demand.size
    delivered = np.empty(n)
    balance = np.empty(n)
    for k in range(n):
        d = demand[k]
        if d <= base or not b.bursts:
            delivered[k] = min(d, base)
            if b.bursts:
                credits = min(bucket, credits + (base - d) * dt)
        else:
            high = min(d, ceiling)
            drain = high - base
            t_empty = credits / drain
            if t_empty >= dt:
                delivered[k] = high
                credits -= drain * dt
            else:
                delivered[k] = (high * t_empty + base * (dt - t_empty)) / dt
                credits = 0.0
        balance[k] = credits
    return pd.DataFrame({
        "time_s": (np.arange(n) + 1) * dt,
        "demand_iops": demand,
        "delivered_iops": delivered,
        "credit_balance": balance,
        "burst_balance_pct": balance / bucket * 100.0,
    })
