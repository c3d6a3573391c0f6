"""Lambda monthly cost: requests, duration in GB-seconds, /tmp storage, provisioned concurrency.

Formula functions take keyword arguments and the prices and rules as values
(:class:`~calc.lambda_.limits.LambdaPrices`, :class:`~calc.lambda_.limits.LambdaRules`);
they accept numbers or numpy arrays (broadcast together) and give the same answer for both,
so a sweep over 10,113 memory sizes is one call. Inputs are assumed valid: the pydantic
models in :mod:`calc.lambda_.models` check them against the limits first.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from calc.lambda_.limits import LambdaRules
from calc.lambda_.prices import LambdaPrices
from calc.units import HOURS_PER_MONTH, MB_PER_GB, MS_PER_SECOND, SECONDS_PER_HOUR

ArrayLike = float | np.ndarray

# Durations are rounded to this many decimals of their increment before rounding up, so
# that float noise (120.00000000001 ms) is not billed as the next millisecond.
_ROUND_DECIMALS = 6


def _out(x: Any) -> ArrayLike:
    """A plain float for a 0-d result, the array otherwise."""
    a = np.asarray(x, dtype=float)
    return float(a) if a.ndim == 0 else a


def round_up_to_increment(*, value: ArrayLike, increment: float) -> ArrayLike:
    """``value`` rounded up to a whole number of ``increment`` (same unit as ``value``).

    Notes
    -----
    ``ceil(value / increment) * increment`` after rounding ``value / increment`` to six
    decimals (a nanosecond for the 1 ms Lambda increment), so float noise is not billed.
    Rule: LAMBDA-PRICE (1 ms increments), LAMBDA-PROVISIONED (5 minute increments).
    """
    v = np.asarray(value, dtype=float) / increment
    return _out(np.ceil(np.round(v, _ROUND_DECIMALS)) * increment)


def billed_duration_ms(*, duration_ms: ArrayLike, increment_ms: float) -> ArrayLike:
    """Billed duration of one invocation [ms]: the duration rounded up to the increment.

    Parameters
    ----------
    duration_ms : float or array
        Duration of one invocation [ms]; fractions of a millisecond are allowed.
    increment_ms : float
        Billing increment [ms] (``LambdaRules.billing_increment_ms``, 1 ms).

    Notes
    -----
    Rule: LAMBDA-PRICE. "Duration is calculated from the time your code begins executing
    until it returns or otherwise terminates, rounded up to the nearest 1 ms" (AWS Lambda
    pricing page). An average duration is rounded as if every invocation took the average.
    """
    return round_up_to_increment(value=duration_ms, increment=increment_ms)


def gb_seconds(*, memory_mb: ArrayLike, duration_ms: ArrayLike,
               invocations: ArrayLike) -> ArrayLike:
    """Compute in GB-seconds: invocations x duration [s] x memory [GB, 1 GB = 1,024 MB].

    Notes
    -----
    Rule: LAMBDA-PRICE. The pricing page divides memory by 1,024 ("1536MB/1024MB").
    """
    return _out(np.asarray(invocations, dtype=float) * (np.asarray(duration_ms) / MS_PER_SECOND)
                * (np.asarray(memory_mb) / MB_PER_GB))


def tiered_usd(*, quantity: ArrayLike, tier_starts: np.ndarray,
               usd_per_unit: np.ndarray) -> ArrayLike:
    """Cost of ``quantity`` under volume tiers: each tier's price on the part inside it.

    Parameters
    ----------
    quantity : float or array
        Billable quantity in the tiers' unit (e.g. GB-s per month).
    tier_starts : array
        Lower bound of each tier, ascending, the first 0; a tier ends where the next starts.
    usd_per_unit : array
        Price of each tier [USD per unit].

    Notes
    -----
    Continuous at every tier boundary. Rule: LAMBDA-PRICE (monthly duration tiers).
    """
    starts = np.asarray(tier_starts, dtype=float)
    widths = np.append(starts[1:], np.inf) - starts
    return _tiered(np.asarray(quantity, dtype=float), starts, widths,
                   np.asarray(usd_per_unit, dtype=float))


def _tiered(q: np.ndarray, starts: np.ndarray, widths: np.ndarray,
            prices: np.ndarray) -> ArrayLike:
    # tier by tier, elementwise: a scalar and an array element get bit-identical sums
    total = np.zeros_like(q)
    for start, width, price in zip(starts, widths, prices, strict=True):
        total = total + np.clip(q - start, 0.0, width) * price
    return _out(total)


def retry_factor(*, failure_share: ArrayLike, retries: int) -> ArrayLike:
    """Billed invocations per event for asynchronous invocations that fail and are retried.

    Parameters
    ----------
    failure_share : float or array
        Share of attempts that end in an error (0 for synchronous or error-free work) [0-1].
    retries : int
        Retries Lambda makes after an error (``LambdaRules.async_retries``, 2).

    Notes
    -----
    Each attempt fails independently with probability p, so an event is attempted
    1 + p + p^2 + ... + p^retries times on average; every attempt is a billed request with
    its duration. Rule: LAMBDA-ASYNC-RETRY (retried twice: after 1 minute, then 2 minutes).
    """
    p = np.asarray(failure_share, dtype=float)
    return _out(sum(p ** k for k in range(retries + 1)))


@dataclass(frozen=True)
class LambdaCost:
    """A monthly Lambda bill, component by component (floats, or arrays for a sweep).

    Money in USD per month; quantities per month. ``compute_usd`` is the on-demand duration
    plus the duration charged at the provisioned-concurrency rate.
    """

    total_usd_per_month: ArrayLike
    request_usd: ArrayLike
    compute_usd: ArrayLike
    compute_on_demand_usd: ArrayLike
    compute_provisioned_usd: ArrayLike
    ephemeral_storage_usd: ArrayLike
    provisioned_concurrency_usd: ArrayLike
    billable_requests: ArrayLike
    billable_gb_seconds: ArrayLike
    invocations: ArrayLike  # billed invocations, retries included
    on_demand_invocations: ArrayLike
    provisioned_invocations: ArrayLike
    provisioned_window_invocations: ArrayLike  # arriving while provisioned is enabled
    billed_duration_ms: ArrayLike
    on_demand_gb_seconds: ArrayLike
    free_tier_gb_seconds: ArrayLike  # free-tier GB-s actually used
    free_tier_requests: ArrayLike
    provisioned_duration_gb_seconds: ArrayLike
    provisioned_concurrency_gb_seconds: ArrayLike
    ephemeral_storage_gb_seconds: ArrayLike
    # True where the free tier was asked for but withheld: provisioned concurrency is enabled
    # (LAMBDA-FREE-TIER); a bool, or a bool array for a sweep
    free_tier_withheld: Any = False

    def as_dict(self) -> dict[str, ArrayLike]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def monthly_cost(
    *,
    memory_mb: ArrayLike,
    duration_ms: ArrayLike,
    invocations_per_month: ArrayLike,
    prices: LambdaPrices,
    rules: LambdaRules,
    ephemeral_storage_mb: ArrayLike | None = None,
    free_tier: bool = True,
    provisioned_concurrency: ArrayLike = 0,
    provisioned_hours: ArrayLike = 0.0,
    provisioned_invocations_per_month: ArrayLike | None = None,
    provisioned_duration_ms: ArrayLike | None = None,
    async_failure_share: ArrayLike = 0.0,
) -> LambdaCost:
    """Monthly cost of one Lambda function [USD/month], with every component.

    Parameters
    ----------
    memory_mb : float or array
        Configured memory [MB].
    duration_ms : float or array
        Average duration of an invocation [ms] (on-demand); rounded up to the billing increment.
    invocations_per_month : float or array
        Invocations (events) per month [count].
    prices : LambdaPrices
        The Region's prices for the function's architecture.
    rules : LambdaRules
        Free tier, billing increments, included /tmp, async retries.
    ephemeral_storage_mb : float or array, optional
        Configured /tmp [MB]; the included amount (512 MB) when omitted.
    free_tier : bool
        Deduct the monthly free tier (1 M requests and 400,000 GB-s), default True.
    provisioned_concurrency : int or array
        Provisioned execution environments [count] (0: none).
    provisioned_hours : float or array
        Hours per month provisioned concurrency is enabled [h].
    provisioned_invocations_per_month : float or array, optional
        Invocations arriving while provisioned concurrency is enabled. Default: the
        invocations spread evenly over the month's 730 hours.
    provisioned_duration_ms : float or array, optional
        Average duration while provisioned [ms] (warm starts are often faster); default
        ``duration_ms``.
    async_failure_share : float or array
        Share of asynchronous attempts that fail and are retried (0 for synchronous).

    Returns
    -------
    LambdaCost

    Notes
    -----
    * Requests: ``max(0, N - 1 M) x usd_per_request`` (free tier on), N the billed
      invocations, retries included. Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER,
      LAMBDA-ASYNC-RETRY.
    * Duration: ``GB-s = N x ceil_1ms(duration) [s] x memory / 1,024``; the free tier
      (400,000 GB-s) is deducted from the on-demand GB-s first and what remains is priced by
      the monthly volume tiers (x86: 6 B / 15 B GB-s, arm64: 7.5 B / 18.75 B). AWS applies
      the tiers to the account's aggregate per Region and architecture; this function
      treats the function as the whole aggregate. Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER.
    * /tmp: ``(ephemeral - 512 MB) / 1,024 x all execution seconds x price``. Rule: LAMBDA-TMP.
    * Provisioned concurrency: ``environments x memory [GB] x enabled seconds (rounded up to
      5 minutes) x price``, plus the invocations it serves at the lower provisioned duration
      price, without free tier or volume tiers. Invocations arriving while enabled are
      served by it up to its capacity ``environments x enabled seconds / duration``; the
      rest, and every invocation outside the window, run on demand. Rule: LAMBDA-PROVISIONED.
    * Free tier and provisioned concurrency: "The Lambda free tier does not apply to
      functions that have Provisioned Concurrency enabled" (AWS Lambda pricing page). Where
      ``provisioned_concurrency > 0`` and ``provisioned_hours > 0`` no free requests or
      GB-s are deducted, on demand or provisioned, whatever ``free_tier`` says
      (``free_tier_withheld`` is True). The page's current Provisioned Concurrency example 1
      deducts the free tier anyway; this function follows the page's stated rule.
      Rule: LAMBDA-FREE-TIER.
    * Source: AWS Lambda pricing page, https://aws.amazon.com/lambda/pricing/ (read
      2026-11-26; the page states no date).
    """
    mem_gb = np.asarray(memory_mb, dtype=float) / MB_PER_GB
    inc_ms = rules.billing_increment_ms
    billed_ms = np.asarray(billed_duration_ms(duration_ms=duration_ms, increment_ms=inc_ms))
    billed_s = billed_ms / MS_PER_SECOND
    rf = retry_factor(failure_share=async_failure_share, retries=rules.async_retries)
    n = np.asarray(invocations_per_month, dtype=float) * rf

    # -- provisioned concurrency: configured GB-s, and the invocations it serves -----------
    pc = np.asarray(provisioned_concurrency, dtype=float)
    hours = np.asarray(provisioned_hours, dtype=float)
    has_pc = pc > 0
    window_s = hours * SECONDS_PER_HOUR
    pc_billed_s = np.asarray(round_up_to_increment(
        value=window_s, increment=rules.provisioned_billing_increment_s))
    pc_config_gbs = pc * mem_gb * pc_billed_s
    if provisioned_duration_ms is None:
        prov_billed_ms = billed_ms
    else:
        prov_billed_ms = np.asarray(billed_duration_ms(duration_ms=provisioned_duration_ms,
                                                       increment_ms=inc_ms))
    if provisioned_invocations_per_month is None:
        in_window = n * (hours / HOURS_PER_MONTH)
    else:
        in_window = np.asarray(provisioned_invocations_per_month, dtype=float) * rf
    capacity = pc * window_s * MS_PER_SECOND / np.maximum(prov_billed_ms, inc_ms)
    prov_n = np.where(has_pc, np.minimum(np.minimum(in_window, capacity), n), 0.0)
    od_n = n - prov_n

    # -- duration ---------------------------------------------------------------------------
    od_gbs = od_n * billed_s * mem_gb
    prov_gbs = prov_n * (prov_billed_ms / MS_PER_SECOND) * mem_gb
    # the free tier does not apply while provisioned concurrency is enabled (LAMBDA-FREE-TIER)
    pc_enabled = has_pc & (hours > 0)
    free_ok = np.logical_and(bool(free_tier), ~pc_enabled)
    free_gbs = np.where(free_ok, rules.free_gb_seconds_per_month, 0.0)
    od_billable = np.maximum(od_gbs - free_gbs, 0.0)
    compute_od = np.asarray(_tiered(od_billable, prices._starts, prices._widths,
                                    prices._tier_prices))
    if np.any(prov_gbs > 0) or np.any(pc_config_gbs > 0):
        compute_prov = prov_gbs * prices.require("provisioned_duration_usd_per_gb_second")
        pc_usd = pc_config_gbs * prices.require("provisioned_concurrency_usd_per_gb_second")
    else:
        compute_prov = np.zeros_like(prov_gbs)
        pc_usd = np.zeros_like(pc_config_gbs)

    # -- requests ---------------------------------------------------------------------------
    free_req = np.where(free_ok, rules.free_requests_per_month, 0.0)
    billable_req = np.maximum(n - free_req, 0.0)
    request_usd = billable_req * prices.usd_per_request

    # -- ephemeral storage above the included /tmp -------------------------------------------
    if ephemeral_storage_mb is None:
        eph_gbs = np.zeros_like(od_gbs)
        eph_usd = eph_gbs
    else:
        extra_gb = np.maximum(np.asarray(ephemeral_storage_mb, dtype=float)
                              - rules.tmp_included_mb, 0.0) / MB_PER_GB
        exec_s = od_n * billed_s + prov_n * (prov_billed_ms / MS_PER_SECOND)
        eph_gbs = extra_gb * exec_s
        if np.any(eph_gbs > 0):
            eph_usd = eph_gbs * prices.require("ephemeral_storage_usd_per_gb_second")
        else:
            eph_usd = np.zeros_like(eph_gbs)

    compute_usd = compute_od + compute_prov
    total = request_usd + compute_usd + eph_usd + pc_usd
    return LambdaCost(
        total_usd_per_month=_out(total), request_usd=_out(request_usd),
        compute_usd=_out(compute_usd), compute_on_demand_usd=_out(compute_od),
        compute_provisioned_usd=_out(compute_prov), ephemeral_storage_usd=_out(eph_usd),
        provisioned_concurrency_usd=_out(pc_usd), billable_requests=_out(billable_req),
        billable_gb_seconds=_out(od_billable + prov_gbs), invocations=_out(n),
        on_demand_invocations=_out(od_n), provisioned_invocations=_out(prov_n),
        provisioned_window_invocations=_out(np.where(has_pc, in_window, 0.0)),
        billed_duration_ms=_out(billed_ms), on_demand_gb_seconds=_out(od_gbs),
        free_tier_gb_seconds=_out(od_gbs - od_billable),
        free_tier_requests=_out(n - billable_req),
        provisioned_duration_gb_seconds=_out(prov_gbs),
        provisioned_concurrency_gb_seconds=_out(pc_config_gbs),
        ephemeral_storage_gb_seconds=_out(eph_gbs),
        free_tier_withheld=_flag(np.logical_and(bool(free_tier), pc_enabled)))


def _flag(x: Any) -> Any:
    """A plain bool for a 0-d flag, the bool array otherwise."""
    a = np.asarray(x, dtype=bool)
    return bool(a) if a.ndim == 0 else a


def cost_table(cost: LambdaCost, prices: LambdaPrices) -> pd.DataFrame:
    """One row per charge of a scalar :class:`LambdaCost`: quantity, unit, price, USD/month.

    A charge whose price the snapshot lacks and that is not used keeps its row with
    ``price_available`` False.
    """
    def row(charge: str, quantity: Any, unit: str, price: float | None,
            usd: Any) -> dict[str, Any]:
        return {"charge": charge, "quantity": float(quantity), "unit": unit,
                "usd_per_unit": price, "price_available": price is not None,
                "usd_per_month": float(usd)}

    od_gbs = float(cost.billable_gb_seconds) - float(cost.provisioned_duration_gb_seconds)
    # the average over the volume tiers actually used (the first tier's price at 0 GB-s)
    od_rate = float(cost.compute_on_demand_usd) / od_gbs if od_gbs > 0 else prices.usd_per_gb_second
    rows = [
        row("requests", cost.billable_requests, "requests", prices.usd_per_request,
            cost.request_usd),
        row("duration (on demand)", od_gbs, "GB-s", od_rate, cost.compute_on_demand_usd),
        row("duration (provisioned)", cost.provisioned_duration_gb_seconds, "GB-s",
            prices.provisioned_duration_usd_per_gb_second, cost.compute_provisioned_usd),
        row("provisioned concurrency", cost.provisioned_concurrency_gb_seconds, "GB-s",
            prices.provisioned_concurrency_usd_per_gb_second, cost.provisioned_concurrency_usd),
        row("ephemeral storage", cost.ephemeral_storage_gb_seconds, "GB-s",
            prices.ephemeral_storage_usd_per_gb_second, cost.ephemeral_storage_usd),
        row("total", np.nan, "", None, cost.total_usd_per_month),
    ]
    frame = pd.DataFrame(rows)
    frame.loc[frame["charge"] == "total", "price_available"] = True
    return frame
