"""Lambda concurrency: how many environments a load needs, the throttled share, the fix.

Concurrency = requests per second x duration in seconds (Little's law). Against the
Region's limit (1,000 by default, shared by all functions) or a function's reserved
concurrency, the share of requests throttled is the Erlang B loss probability: requests
arrive at random (Poisson), each holds one execution environment for its duration, and a
request that finds every environment busy is rejected (429 for synchronous calls; asynchronous
events are retried for up to 6 hours). Erlang B holds for any duration distribution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from calc.units import MS_PER_SECOND

ArrayLike = float | np.ndarray


def concurrency_needed(*, requests_per_second: ArrayLike, duration_ms: ArrayLike) -> ArrayLike:
    """Average concurrent executions [environments]: rate x duration (Little's law).

    Notes
    -----
    ``C = requests/s x duration [s]``. Rule: LAMBDA-CONCURRENCY.
    """
    c = np.asarray(requests_per_second, dtype=float) * np.asarray(duration_ms) / MS_PER_SECOND
    return float(c) if c.ndim == 0 else c


# Above this many environments the exact recursion (one step per environment) gives way to
# the Halfin-Whitt / Jagerman approximation, which is accurate there.
_EXACT_MAX_SERVERS = 100_000


def _erlang_b_large(a: np.ndarray, servers: float) -> np.ndarray:
    """Jagerman's approximation ``B = phi(beta) / (sqrt(A) Phi(beta))``, beta = (c - A)/sqrt(A)."""
    a = np.maximum(a, 1e-300)
    # beta clipped to +-1e3 (B is 0 or 1 - c/A long before): a zero load with a large limit
    # squared past the float range (issue 15 fuzz)
    beta = np.clip((servers - a) / np.sqrt(a), -1e3, 1e3)
    pdf = np.exp(-0.5 * beta**2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * np.vectorize(math.erfc)(-beta / math.sqrt(2))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        approx = pdf / (np.sqrt(a) * cdf)
        # far below the load the ratio is 0/0; there B tends to 1 - c/A
        return np.clip(np.where(beta < -8, 1 - servers / a, approx), 0.0, 1.0)


def erlang_b(*, offered_load: ArrayLike, servers: int) -> ArrayLike:
    """Share of arrivals rejected when ``servers`` environments serve ``offered_load``.

    Parameters
    ----------
    offered_load : float or array
        Average concurrency the load would use without a cap [environments].
    servers : int
        Environments available (the concurrency limit or reserved concurrency).

    Notes
    -----
    Erlang B by the stable recursion ``B(0) = 1``, ``B(k) = A B(k-1) / (k + A B(k-1))``
    (Poisson arrivals, any duration distribution, no queue); above 100,000 environments by
    Jagerman's approximation ``phi(beta) / (sqrt(A) Phi(beta))``, ``beta = (c - A) / sqrt(A)``.
    It falls with ``servers`` and rises with the load; far above the cap it approaches
    ``1 - servers / A``. Rule: LAMBDA-CONCURRENCY.
    """
    a = np.asarray(offered_load, dtype=float)
    if servers > _EXACT_MAX_SERVERS:
        out = _erlang_b_large(a, float(servers))
    elif a.ndim == 0:
        af, b = float(a), 1.0
        for k in range(1, int(servers) + 1):
            b = af * b / (k + af * b)
        return b
    else:
        out = np.ones_like(a)
        for k in range(1, int(servers) + 1):
            ab = a * out
            out = ab / (k + ab)
    return float(out) if out.ndim == 0 else out


_RELATIVE_TOLERANCE = 1e-12
_MAX_HALVINGS = 200


def servers_for_target(*, offered_load: float, target_share: float) -> int:
    """Fewest environments that keep the Erlang B throttled share at or below the target.

    Notes
    -----
    Runs the Erlang B recursion until ``B(k) <= target`` (about ``A + a few x sqrt(A)``
    steps); for loads above 100,000 environments, bisects Jagerman's approximation instead,
    to half an environment or a relative 1e-12 (whichever is larger), at most 200 halvings.
    Rule: LAMBDA-CONCURRENCY.
    """
    if offered_load <= 0:
        return 0
    if offered_load > _EXACT_MAX_SERVERS:
        lo, hi = offered_load * 0.5, offered_load + 50 * math.sqrt(offered_load)
        # half an environment, or 1e-12 of the answer past 2**52 where half an environment is
        # below a float's resolution; and at most 200 halvings (issue 15, item 4)
        tolerance = max(0.5, _RELATIVE_TOLERANCE * hi)
        for _ in range(_MAX_HALVINGS):
            if hi - lo <= tolerance:
                break
            mid = (lo + hi) / 2
            if float(_erlang_b_large(np.asarray(offered_load), mid)) > target_share:
                lo = mid
            else:
                hi = mid
        return math.ceil(hi)
    b, k = 1.0, 0
    while b > target_share:
        k += 1
        b = offered_load * b / (k + offered_load * b)
    return k


def throttling_at_risk(*, throttled_share: float, target_throttle_share: float) -> bool:
    """The throttling verdict: more of the peak's requests throttled than the target accepts.

    Notes
    -----
    At risk when the Erlang B throttled share at the peak load is above the accepted share
    (``throttled_share > target_throttle_share``); then the fixes apply. The one rule the CLI
    and the GUI both show. Rule: LAMBDA-CONCURRENCY.
    """
    return throttled_share > target_throttle_share


@dataclass(frozen=True)
class ConcurrencyCheck:
    """Result of :func:`check_concurrency`. Concurrency in environments, rates per second."""

    average_concurrency: float
    peak_concurrency: float
    available_concurrency: int  # what the function can get: reserved, or limit - others
    cap_source: str  # "reserved concurrency" or "regional limit"
    throttled_share: float  # Erlang B at the peak load
    throttled_requests_per_second: float
    concurrency_for_target: int  # environments that keep throttling at the target
    target_throttle_share: float
    regional_limit: int
    provisioned_concurrency: int
    provisioned_covers_peak: bool
    fixes: list[str] = field(default_factory=list)
    throttling_at_risk: bool = False  # the verdict of :func:`throttling_at_risk`


def check_concurrency(*, requests_per_second: float, duration_ms: float, regional_limit: int,
                      unreserved_min: int, reserved_concurrency: int | None = None,
                      other_concurrency: float = 0.0, provisioned_concurrency: int = 0,
                      peak_to_average: float = 1.0,
                      target_throttle_share: float = 0.001) -> ConcurrencyCheck:
    """The concurrency a load needs, the share throttled, and what would fix it.

    Parameters
    ----------
    requests_per_second : float
        Average arrival rate [requests/s].
    duration_ms : float
        Average duration [ms].
    regional_limit : int
        Account concurrency limit in the Region (1,000 by default) [environments].
    unreserved_min : int
        Concurrency that must stay unreserved (100) [environments].
    reserved_concurrency : int, optional
        The function's reserved concurrency: its cap and its guarantee.
    other_concurrency : float
        Concurrency other functions use from the unreserved pool at the same time.
    provisioned_concurrency : int
        Provisioned environments (pre-initialised; they count against the same cap).
    peak_to_average : float
        Peak rate over average rate (>= 1).
    target_throttle_share : float
        Throttled share accepted when sizing the fix.

    Notes
    -----
    Available environments: the reserved concurrency when set, else the limit minus the
    other functions' use. Throttled share: Erlang B at the peak load. Fixes, in the words of
    the rules: raise the regional limit (a support ticket / Service Quotas request), reserve
    concurrency so other functions cannot take it (at most the limit minus the 100 that stay
    unreserved), provision concurrency to remove cold starts (it does not raise the cap).
    Rules: LAMBDA-CONCURRENCY, LAMBDA-PROVISIONED.
    """
    avg = float(concurrency_needed(requests_per_second=requests_per_second,
                                   duration_ms=duration_ms))
    peak = avg * peak_to_average
    if reserved_concurrency is not None:
        available, source = int(reserved_concurrency), "reserved concurrency"
    else:
        available = max(int(math.floor(regional_limit - other_concurrency)), 0)
        source = "regional limit"
    share = float(erlang_b(offered_load=peak, servers=available))
    need = servers_for_target(offered_load=peak, target_share=target_throttle_share)
    fixes: list[str] = []
    at_risk = throttling_at_risk(throttled_share=share, target_throttle_share=target_throttle_share)
    if at_risk:
        if reserved_concurrency is not None:
            fixes.append(f"raise the reserved concurrency from {available:,} to {need:,}")
            if need > regional_limit - unreserved_min:
                fixes.append(f"raise the regional limit to at least {need + unreserved_min:,} "
                             f"(Service Quotas / support ticket) so {need:,} can be reserved "
                             f"with {unreserved_min} left unreserved")
        else:
            fixes.append(f"raise the regional concurrency limit from {regional_limit:,} to at "
                         f"least {math.ceil(need + other_concurrency):,} (Service Quotas / "
                         f"support ticket)")
            fixes.append(f"reserve {need:,} for this function so other functions cannot take "
                         f"it (needs a limit of at least {need + unreserved_min:,})")
        fixes.append(f"provisioned concurrency keeps environments initialised (no cold "
                     f"starts, up to {need:,} ready at once) but counts against the same cap: "
                     f"it helps only together with a cap of {need:,} or more")
    return ConcurrencyCheck(
        average_concurrency=avg, peak_concurrency=peak, available_concurrency=available,
        cap_source=source, throttled_share=share,
        throttled_requests_per_second=share * requests_per_second * peak_to_average,
        concurrency_for_target=need, target_throttle_share=target_throttle_share,
        regional_limit=regional_limit, provisioned_concurrency=provisioned_concurrency,
        provisioned_covers_peak=provisioned_concurrency >= peak, fixes=fixes,
        throttling_at_risk=at_risk)
