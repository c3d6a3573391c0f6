"""The memory-size sweep: cost and duration at every memory size, and the three choices.

For every memory size from 128 to 10,240 MB in 1 MB steps (10,113 sizes, one vectorised
call) the duration is modelled from one measured (memory, duration) point and the share of
the work that is CPU-bound, or interpolated between several measured points; the monthly
cost comes from :func:`calc.lambda_.cost.monthly_cost` with the whole array, so the sweep
and the scalar cost agree at every point. The cheapest, fastest and balanced sizes are chosen
as AWS Lambda Power Tuning does (``lambda/analyzer.js`` of alexcasalboni/aws-lambda-power-tuning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from calc.lambda_.cost import monthly_cost
from calc.lambda_.limits import LambdaRules
from calc.lambda_.prices import LambdaPrices
from calc.report import PriceUsed
from calc.units import MS_PER_SECOND

ArrayLike = float | np.ndarray


def vcpus_for_memory(*, memory_mb: ArrayLike, rules: LambdaRules) -> ArrayLike:
    """vCPUs a function gets at ``memory_mb`` [vCPU].

    Notes
    -----
    Linear in memory up to one full vCPU at ``rules.one_vcpu_memory_mb`` (1,769 MB today,
    ``m / 1,769``; Lambda Developer Guide, "Configure Lambda function memory"; the notes, L2414,
    say 1,792 MB), then linear from 1 vCPU there to 6 vCPUs at 10,240 MB. AWS allots vCPUs in
    steps between those points; the straight line is this tool's approximation.
    Rule: LAMBDA-MEMORY.
    """
    m = np.asarray(memory_mb, dtype=float)
    one = rules.one_vcpu_memory_mb
    slope_above = (rules.max_vcpus - 1) / (rules.memory_max_mb - one)
    out = np.where(m <= one, m / one, 1 + (m - one) * slope_above)
    return float(out) if out.ndim == 0 else out


def usable_cpu(*, memory_mb: ArrayLike, threads: int, rules: LambdaRules) -> ArrayLike:
    """CPU the code can use at ``memory_mb`` [vCPU]: the vCPUs, at most one per thread.

    Notes
    -----
    Below one vCPU's memory (1,769 MB) a single thread gets a share of one vCPU; above it,
    only multi-threaded code gains. Rule: LAMBDA-MEMORY.
    """
    cpu = np.minimum(np.asarray(vcpus_for_memory(memory_mb=memory_mb, rules=rules)), threads)
    return float(cpu) if cpu.ndim == 0 else cpu


def modelled_duration_ms(*, memory_mb: ArrayLike, measured_memory_mb: float,
                         measured_duration_ms: float, cpu_bound_share: float, threads: int,
                         rules: LambdaRules) -> ArrayLike:
    """Duration at ``memory_mb`` [ms] from one measured point.

    Parameters
    ----------
    memory_mb : float or array
        Memory sizes to model [MB].
    measured_memory_mb, measured_duration_ms : float
        The measured point [MB], [ms].
    cpu_bound_share : float
        Share of the measured duration spent computing [0-1]; the rest (waiting on I/O) does
        not change with memory.
    threads : int
        Threads the code keeps busy.
    rules : LambdaRules
        The vCPU-per-memory figures.

    Notes
    -----
    ``d(m) = d0 x ((1 - s) + s x cpu(m0) / cpu(m))`` with ``cpu`` from :func:`usable_cpu`.
    Rule: LAMBDA-MEMORY (CPU scales with memory; one vCPU at 1,769 MB; up to 6 vCPUs at
    10,240 MB for multi-threaded code).
    """
    cpu0 = usable_cpu(memory_mb=measured_memory_mb, threads=threads, rules=rules)
    cpu = np.asarray(usable_cpu(memory_mb=memory_mb, threads=threads, rules=rules))
    d = measured_duration_ms * ((1 - cpu_bound_share) + cpu_bound_share * cpu0 / cpu)
    return float(d) if d.ndim == 0 else d


def interpolated_duration_ms(*, memory_mb: ArrayLike,
                             measurements: tuple[tuple[float, float], ...]) -> ArrayLike:
    """Duration at ``memory_mb`` [ms] interpolated between measured (memory, duration) pairs.

    Notes
    -----
    Straight lines between neighbouring points on log(memory)-log(duration) axes (a power
    law, which is how CPU-bound durations fall with memory); NaN outside the measured range,
    which is never extrapolated. Repeated memory sizes are averaged.
    """
    pts = pd.DataFrame(measurements, columns=["m", "d"]).groupby("m", as_index=False).mean()
    xm, yd = np.log(pts["m"].to_numpy(float)), np.log(pts["d"].to_numpy(float))
    m = np.asarray(memory_mb, dtype=float)
    out = np.exp(np.interp(np.log(m), xm, yd, left=np.nan, right=np.nan))
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class SweepResult:
    """The sweep table (one row per memory size) and the row index of each choice.

    ``prices_used`` and ``notes`` (how the durations were found) are filled by
    :func:`calc.lambda_.api.run_sweep`.
    """

    frame: pd.DataFrame
    cheapest: int
    fastest: int
    balanced: int
    region: str = ""
    architecture: str = ""
    invocations_per_month: float = 0.0
    prices_used: list[PriceUsed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def memory_mb(self, name: str) -> int:
        """The memory size [MB] of the choice ``name`` (cheapest, fastest or balanced)."""
        return int(self.frame["memory_mb"].iloc[getattr(self, name)])

    def choice(self, name: str) -> dict[str, Any]:
        """The row of ``name`` (cheapest, fastest or balanced) as a dict."""
        rec: dict[str, Any] = self.frame.iloc[getattr(self, name)].to_dict()
        return rec

    def picks(self) -> pd.DataFrame:
        """The three chosen rows, labelled in a ``strategy`` column."""
        idx = [self.cheapest, self.fastest, self.balanced]
        out = self.frame.iloc[idx].reset_index(drop=True)
        out.insert(0, "strategy", ["cheapest", "fastest", "balanced"])
        return out


def sweep_memory_sizes(rules: LambdaRules) -> np.ndarray:
    """Every configurable memory size [MB]: 128 to 10,240 in 1 MB steps (LAMBDA-MEMORY)."""
    return np.arange(rules.memory_min_mb, rules.memory_max_mb + 1, rules.memory_step_mb,
                     dtype=float)


def memory_sweep(*, memory_mb: np.ndarray, duration_ms: np.ndarray,
                 invocations_per_month: float, prices: LambdaPrices, rules: LambdaRules,
                 ephemeral_storage_mb: float | None = None, free_tier: bool = True,
                 balanced_weight: float = 0.5) -> SweepResult:
    """Monthly cost at every memory size, with the cheapest, fastest and balanced marked.

    Parameters
    ----------
    memory_mb, duration_ms : array
        Memory sizes [MB] and their durations [ms] (from :func:`modelled_duration_ms` or
        :func:`interpolated_duration_ms`); NaN durations (outside measured data) are dropped.
    invocations_per_month : float
        Invocations per month.
    prices, rules
        The Region's prices for the architecture; the limits.
    ephemeral_storage_mb : float, optional
        /tmp [MB] (default: the included 512 MB).
    free_tier : bool
        Deduct the monthly free tier.
    balanced_weight : float
        Weight of cost in the balanced choice (1: cost only, 0: speed only).

    Returns
    -------
    SweepResult
        ``frame`` columns: memory_mb, vcpus, duration_ms, billed_duration_ms,
        within_timeout, gb_seconds_per_month, request_usd, compute_usd,
        ephemeral_storage_usd, usd_per_month, usd_per_million_invocations, balanced_score,
        is_cheapest, is_fastest, is_balanced.

    Notes
    -----
    Sizes whose duration exceeds the 900 s timeout (LAMBDA-TIMEOUT) stay in the table with
    ``within_timeout`` False and are never chosen. Choices, as AWS Lambda Power Tuning:
    cheapest = lowest cost (ties: fastest); fastest = shortest duration (ties: cheapest);
    balanced = lowest ``w x cost / max cost + (1 - w) x duration / max duration``. Ties
    left after that go to the smaller memory. Rules: LAMBDA-MEMORY, LAMBDA-PRICE,
    LAMBDA-FREE-TIER, LAMBDA-TMP, LAMBDA-TIMEOUT.
    """
    keep = ~np.isnan(duration_ms)
    mem, dur = memory_mb[keep], duration_ms[keep]
    cost = monthly_cost(memory_mb=mem, duration_ms=dur, invocations_per_month=invocations_per_month,
                        prices=prices, rules=rules, ephemeral_storage_mb=ephemeral_storage_mb,
                        free_tier=free_tier)
    usd = np.broadcast_to(cost.total_usd_per_month, mem.shape)
    billed = np.broadcast_to(cost.billed_duration_ms, mem.shape)
    ok = dur <= rules.timeout_max_s * MS_PER_SECOND
    if not ok.any():
        raise ValueError("no memory size runs within the timeout")  # models check this first
    # choose among the sizes that run; others get +inf so they never win
    usd_ok = np.where(ok, usd, np.inf)
    dur_ok = np.where(ok, dur, np.inf)
    cheapest = int(np.lexsort((mem, dur_ok, usd_ok))[0])
    fastest = int(np.lexsort((mem, usd_ok, dur_ok))[0])
    max_usd = usd[ok].max()
    max_dur = dur[ok].max()
    score = (balanced_weight * (usd / max_usd if max_usd > 0 else 0.0)
             + (1 - balanced_weight) * dur / max_dur)
    balanced = int(np.lexsort((mem, np.where(ok, score, np.inf)))[0])
    n = len(mem)
    flags = np.zeros((3, n), dtype=bool)
    flags[0, cheapest] = flags[1, fastest] = flags[2, balanced] = True
    per_million = usd / invocations_per_month * 1e6 if invocations_per_month > 0 else \
        np.zeros(n)
    frame = pd.DataFrame({
        "memory_mb": mem.astype(np.int64),
        "vcpus": vcpus_for_memory(memory_mb=mem, rules=rules),
        "duration_ms": dur,
        "billed_duration_ms": billed,
        "within_timeout": ok,
        "gb_seconds_per_month": np.broadcast_to(cost.on_demand_gb_seconds, mem.shape),
        "request_usd": np.broadcast_to(cost.request_usd, mem.shape),
        "compute_usd": np.broadcast_to(cost.compute_usd, mem.shape),
        "ephemeral_storage_usd": np.broadcast_to(cost.ephemeral_storage_usd, mem.shape),
        "usd_per_month": usd,
        "usd_per_million_invocations": per_million,
        "balanced_score": score,
        "is_cheapest": flags[0],
        "is_fastest": flags[1],
        "is_balanced": flags[2],
    }, copy=False)
    return SweepResult(frame, cheapest, fastest, balanced, region=prices.region,
                       architecture=prices.architecture,
                       invocations_per_month=invocations_per_month)
