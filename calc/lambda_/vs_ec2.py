"""Lambda versus EC2: monthly cost at a request rate, the break-even rate, the cost curve.

The EC2 side is a fleet of one instance type sized to serve the same load: every concurrent
request needs what one Lambda execution environment has (its memory and its share of vCPUs,
:func:`environment_size`), and a steady rate r with duration d keeps ``r x d`` environments
busy (Little's law). The instance type is the user's or the cheapest that serves the load
(:func:`suggest_instances`). EC2 prices come from the EC2 engine (``calc.ec2.rates``), on
the catalog handed in.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from calc.ec2.options import OPTION_IDS, option_label
from calc.ec2.rates import option_rate
from calc.errors import InputError, unknown_name
from calc.lambda_.cost import billed_duration_ms, monthly_cost
from calc.lambda_.limits import LambdaRules
from calc.lambda_.prices import LambdaPrices
from calc.lambda_.sweep import vcpus_for_memory
from calc.pricing import Catalog
from calc.pricing.errors import PriceNotFound
from calc.report import PriceUsed
from calc.units import (
    HOURS_PER_MONTH,
    MIB_PER_GIB,
    MS_PER_SECOND,
    PCT,
    SECONDS_PER_MONTH,
)

ArrayLike = float | np.ndarray
# How many of the cheapest On-Demand fleets are re-priced under another purchasing option when
# suggesting an instance (commitment discounts are close within a family, so the cheapest
# under the option is among them).
_REPRICE_TOP = 20
_ROUND = 9  # decimals kept before floor/ceil so float noise does not add an instance


# -- purchasing options -------------------------------------------------------------------
def purchasing_options() -> tuple[str, ...]:
    """The EC2 purchasing option ids a comparison accepts (those of :mod:`calc.ec2.options`)."""
    return tuple(OPTION_IDS)


def check_purchasing_option(option: str, field: str = "purchasing_option") -> str:
    """``option`` when it is an EC2 purchasing option id; InputError with close matches."""
    if option not in OPTION_IDS:
        raise unknown_name(field, option, OPTION_IDS, what="purchasing option")
    return option


@dataclass(frozen=True)
class Ec2HourlyRate:
    """An instance type's effective USD per instance-hour under one purchasing option."""

    instance_type: str
    option: str
    usd_per_hour: float
    as_of: str
    source: str


def ec2_hourly_rate(region: str, instance_type: str, option: str = "on_demand", *,
                    catalog: Catalog) -> Ec2HourlyRate:
    """Effective USD per instance-hour (Linux, shared tenancy) at full use.

    From ``calc.ec2.rates.option_rate`` (every purchasing option of issue 3) on ``catalog``;
    PriceNotFound when the snapshot has no price for that option. Rules: EC2-OD-BILLING,
    EC2-RI, EC2-SP.
    """
    check_purchasing_option(option)
    r = option_rate(region, instance_type, option, catalog=catalog)
    rate = r.effective_usd_per_hour
    if not r.price_available or rate is None:
        raise PriceNotFound(f"EC2 {instance_type} {option_label(option)} ({r.reason})",
                            region=region, as_of=catalog.table_as_of("ec2_on_demand"))
    return Ec2HourlyRate(instance_type, option, float(rate), r.as_of or "", r.source)


# -- sizing -------------------------------------------------------------------------------
def environment_size(*, memory_mb: ArrayLike, rules: LambdaRules) -> tuple[ArrayLike, ArrayLike]:
    """Memory [GiB] and vCPUs of one Lambda execution environment at ``memory_mb``.

    Notes
    -----
    Lambda's MB are MiB (1,024 MB = 1 GB in GB-seconds), so GiB = MB / 1,024; vCPUs from
    :func:`calc.lambda_.sweep.vcpus_for_memory` (1 at 1,769 MB). Rule: LAMBDA-MEMORY.
    """
    return (np.asarray(memory_mb, dtype=float) / MIB_PER_GIB,
            vcpus_for_memory(memory_mb=memory_mb, rules=rules))


def instance_capacity_rps(*, instance_memory_gib: ArrayLike, instance_vcpus: ArrayLike,
                          memory_mb: float, duration_ms: float, utilization: float,
                          rules: LambdaRules) -> ArrayLike:
    """Requests per second one instance serves [requests/s].

    Parameters
    ----------
    instance_memory_gib, instance_vcpus : float or array
        The instance's memory [GiB] and sustained vCPUs (a burstable type's baseline).
    memory_mb, duration_ms : float
        The Lambda function's memory [MB] and average duration [ms].
    utilization : float
        Share of the instance the load may use [0-1].
    rules : LambdaRules

    Notes
    -----
    Concurrent requests per instance = ``min(floor(memory x u / environment memory),
    vCPUs x u / environment vCPUs)`` (whole environments in memory, CPU shared), and
    capacity = that / duration [s] (Little's law). The duration on EC2 is taken equal to
    Lambda's, i.e. the same speed per vCPU. Rule: LAMBDA-MEMORY, LAMBDA-CONCURRENCY.
    """
    env_gib, env_vcpu = environment_size(memory_mb=memory_mb, rules=rules)
    by_memory = np.floor(np.round(np.asarray(instance_memory_gib, dtype=float) * utilization
                                  / env_gib, _ROUND))
    by_cpu = np.asarray(instance_vcpus, dtype=float) * utilization / env_vcpu
    out = np.minimum(by_memory, by_cpu) / (duration_ms / MS_PER_SECOND)
    return float(out) if out.ndim == 0 else out


def instances_needed(*, requests_per_second: ArrayLike, capacity_rps: ArrayLike) -> ArrayLike:
    """Instances of one type a steady rate needs: ``max(1, ceil(rate / capacity))``.

    An EC2 fleet never goes below one running instance. Rule: LAMBDA-CONCURRENCY.
    """
    ratio = np.asarray(requests_per_second, dtype=float) / np.asarray(capacity_rps, dtype=float)
    out = np.maximum(np.ceil(np.round(ratio, _ROUND)), 1.0)
    return float(out) if out.ndim == 0 else out


def ec2_monthly_usd(*, instances: ArrayLike, usd_per_hour: ArrayLike) -> ArrayLike:
    """Monthly cost of a fleet running all month [USD]: instances x USD/h x 730 h."""
    out = np.asarray(instances, dtype=float) * np.asarray(usd_per_hour) * HOURS_PER_MONTH
    return float(out) if out.ndim == 0 else out


@lru_cache(maxsize=64)
def _candidates(catalog: Catalog, region: str, architecture: str) -> pd.DataFrame:
    od = catalog.ec2_on_demand_table(region)[["instance_type", "usd_per_hour", "source"]]
    specs = catalog.ec2_instances()
    df = od.merge(specs, on="instance_type", how="inner")
    arch = df["architectures"].str.split(";").map(lambda a: architecture in a)
    df = df[arch].copy()
    baseline = df["burst_baseline_pct_per_vcpu"].to_numpy(float)
    burstable = (df["burstable"] == "yes").to_numpy() & ~np.isnan(baseline)
    vcpu = df["vcpu"].to_numpy(float)
    df["sustained_vcpus"] = np.where(burstable, vcpu * baseline / PCT, vcpu)
    return df[["instance_type", "vcpu", "sustained_vcpus", "memory_gib", "usd_per_hour",
               "burstable"]].rename(columns={"usd_per_hour": "on_demand_usd_per_hour"}
                                    ).reset_index(drop=True)


def ec2_candidates(region: str, architecture: str, *, catalog: Catalog) -> pd.DataFrame:
    """Instance types with a Linux On-Demand price in ``region`` for ``architecture``.

    Columns: instance_type, vcpu, sustained_vcpus (a burstable type's baseline share, e.g.
    t3.micro 2 x 10%), memory_gib, on_demand_usd_per_hour, burstable.
    """
    catalog.region(region)
    return _candidates(catalog, region, architecture)


def suggest_instances(*, candidates: pd.DataFrame, usd_per_hour: np.ndarray,
                      requests_per_second: float, memory_mb: float, duration_ms: float,
                      utilization: float, rules: LambdaRules) -> pd.DataFrame:
    """Every candidate's fleet for the load, cheapest first.

    Returns ``candidates`` plus capacity_rps, instances, usd_per_hour (the option's rate
    given) and ec2_usd_per_month, without types that cannot hold one environment.

    Notes
    -----
    The rule: the cheapest fleet of a single instance type whose memory holds the concurrent
    environments (``rate x duration``, each with the function's memory) and whose sustained
    vCPUs cover their vCPU share (1 vCPU at 1,769 MB, as Lambda allots), running all month;
    one instance when one is enough. Ties: fewer instances, then the lower hourly rate, then
    the name. Rules: LAMBDA-MEMORY, LAMBDA-CONCURRENCY.
    """
    cap = instance_capacity_rps(instance_memory_gib=candidates["memory_gib"].to_numpy(float),
                                instance_vcpus=candidates["sustained_vcpus"].to_numpy(float),
                                memory_mb=memory_mb, duration_ms=duration_ms,
                                utilization=utilization, rules=rules)
    ok = np.asarray(cap) > 0
    out = candidates[ok].copy()
    out["capacity_rps"] = np.asarray(cap)[ok]
    out["usd_per_hour"] = np.asarray(usd_per_hour, dtype=float)[ok]
    out["instances"] = instances_needed(requests_per_second=requests_per_second,
                                        capacity_rps=out["capacity_rps"].to_numpy())
    out["ec2_usd_per_month"] = ec2_monthly_usd(instances=out["instances"].to_numpy(),
                                               usd_per_hour=out["usd_per_hour"].to_numpy())
    out = out.sort_values(["ec2_usd_per_month", "instances", "usd_per_hour", "instance_type"],
                          kind="stable")
    return out.reset_index(drop=True)


# -- Lambda cost as a function of the rate ------------------------------------------------
@dataclass(frozen=True)
class LambdaRateCurve:
    """Lambda's monthly cost as a piecewise-linear function of a steady request rate.

    ``rates`` [requests/s] are the breakpoints (0, the free-tier ends, the volume-tier
    starts, and one point beyond) and ``usd`` [USD/month] the cost there, computed with
    :func:`calc.lambda_.cost.monthly_cost`. Between breakpoints the cost is exactly linear,
    so :meth:`rate_for` inverts it in closed form.
    """

    rates: np.ndarray
    usd: np.ndarray
    cost: Callable[[ArrayLike], ArrayLike] = field(repr=False)

    def rate_for(self, usd_per_month: ArrayLike) -> ArrayLike:
        """The lowest rate at which Lambda costs ``usd_per_month`` [requests/s]."""
        y = np.asarray(usd_per_month, dtype=float)
        r, u = self.rates, self.usd
        i = np.clip(np.searchsorted(u, y, side="left"), 1, len(u) - 1)
        x0, x1, y0, y1 = r[i - 1], r[i], u[i - 1], u[i]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(y <= u[0], r[0], x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        return float(out) if out.ndim == 0 else out

    def segments(self) -> list[tuple[float, float, float, float]]:
        """(start rate, end rate, intercept, slope) of each linear piece; the last is open."""
        out = []
        for k in range(len(self.rates) - 1):
            x0, x1 = self.rates[k], self.rates[k + 1]
            b = (self.usd[k + 1] - self.usd[k]) / (x1 - x0)
            end = math.inf if k == len(self.rates) - 2 else x1
            out.append((float(x0), float(end), float(self.usd[k] - b * x0), float(b)))
        return out


def lambda_rate_curve(*, memory_mb: float, duration_ms: float, prices: LambdaPrices,
                      rules: LambdaRules, ephemeral_storage_mb: float | None = None,
                      free_tier: bool = True) -> LambdaRateCurve:
    """Build :class:`LambdaRateCurve` for a function (on-demand Lambda, no provisioning).

    Notes
    -----
    Invocations a month = rate x 2,628,000 s (730 h). Breakpoints in invocations: the free
    requests (1 M), the free GB-s over the GB-s per invocation, and each volume-tier start
    (plus the free GB-s) over it. Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-TMP.
    """
    def cost(rate: ArrayLike) -> ArrayLike:
        return monthly_cost(memory_mb=memory_mb, duration_ms=duration_ms,
                            invocations_per_month=np.asarray(rate, dtype=float)
                            * SECONDS_PER_MONTH, prices=prices, rules=rules,
                            ephemeral_storage_mb=ephemeral_storage_mb,
                            free_tier=free_tier).total_usd_per_month

    billed_s = float(billed_duration_ms(duration_ms=duration_ms,
                                        increment_ms=rules.billing_increment_ms)) / MS_PER_SECOND
    gbs_per_invocation = billed_s * memory_mb / MIB_PER_GIB
    free_gbs = rules.free_gb_seconds_per_month if free_tier else 0.0
    invocations = [0.0]
    if free_tier:
        invocations += [rules.free_requests_per_month, free_gbs / gbs_per_invocation]
    invocations += [(free_gbs + s) / gbs_per_invocation for s in prices.tier_starts_gb_seconds
                    if s > 0]
    rates = np.unique(np.asarray(invocations) / SECONDS_PER_MONTH)
    rates = np.append(rates, 2 * rates[-1] + 1.0)
    return LambdaRateCurve(rates, np.asarray(cost(rates)), cost)


def break_even_scaling_fleet(*, curve: LambdaRateCurve, capacity_rps: float,
                             instance_usd_per_month: float) -> float | None:
    """Lowest steady rate at which Lambda costs at least an EC2 fleet sized for that rate.

    Parameters
    ----------
    curve : LambdaRateCurve
    capacity_rps : float
        Requests per second one instance serves.
    instance_usd_per_month : float
        Monthly cost of one instance [USD].

    Returns
    -------
    float or None
        The rate [requests/s], or None when Lambda stays cheaper at every rate.

    Notes
    -----
    The fleet costs ``k x C`` on ``((k-1) cap, k cap]``. On a linear piece ``L(r) = a + b r``
    of Lambda's cost, step k is crossed when ``a + b k cap >= k C``, i.e.
    ``k (b cap - C) >= -a``, solved for the smallest whole k on each piece in turn; the
    rate is then ``L^-1(k C)``. Closed form, no search over rates.
    """
    if capacity_rps <= 0 or instance_usd_per_month <= 0:
        return None
    cost_c = instance_usd_per_month
    for start, end, a, b in curve.segments():
        k_lo = max(1, math.ceil(round(start / capacity_rps, _ROUND)))
        k_hi = math.inf if math.isinf(end) else math.floor(round(end / capacity_rps, _ROUND))
        if k_lo > k_hi:
            continue
        d = b * capacity_rps - cost_c
        k: int | None
        if d > 0:
            k = max(k_lo, math.ceil(-a / d))
        elif d == 0:
            k = k_lo if a >= 0 else None
        else:
            k = k_lo if k_lo <= a / -d else None
        if k is None or k > k_hi:
            continue
        # float guard: step back while the step before also crosses
        while k > k_lo and float(curve.cost((k - 1) * capacity_rps)) >= (k - 1) * cost_c:
            k -= 1
        return float(curve.rate_for(k * cost_c))
    return None


# -- the comparison -----------------------------------------------------------------------
@dataclass(frozen=True)
class VsEc2Result:
    """Lambda against EC2 at one rate, the break-even rates and the curve for the chart."""

    requests_per_second: float
    invocations_per_month: float
    lambda_usd_per_month: float
    instance_type: str
    instance_count: int
    instance_count_given: bool
    purchasing_option: str
    ec2_usd_per_hour: float
    ec2_usd_per_month: float
    capacity_rps_per_instance: float
    concurrency: float
    cheaper: str
    break_even_requests_per_second: float | None
    break_even_fixed_fleet_requests_per_second: float | None
    fixed_fleet_capacity_rps: float
    lambda_as_of: str
    ec2_as_of: str
    ec2_source: str
    curve: pd.DataFrame
    suggestions: pd.DataFrame
    notes: list[str]
    # the prices this comparison used (Lambda's and the EC2 rate), filled by calc.lambda_.api
    prices_used: list[PriceUsed] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The CLI's JSON object (``lambda vs-ec2``)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "prices_used"}


def cost_curve(*, rates: np.ndarray, curve: LambdaRateCurve, capacity_rps: float,
               usd_per_hour: float, instance_count: int | None = None) -> pd.DataFrame:
    """Lambda and EC2 monthly cost at each rate (vectorised), for the chart.

    ``instance_count`` None: the fleet grows with the rate (one type); a number: a fixed
    fleet, with ``ec2_within_capacity`` False where the rate is more than it serves.
    """
    lam = np.asarray(curve.cost(rates))
    if instance_count is None:
        n = np.asarray(instances_needed(requests_per_second=rates, capacity_rps=capacity_rps))
    else:
        n = np.full(rates.shape, float(instance_count))
    ec2 = np.asarray(ec2_monthly_usd(instances=n, usd_per_hour=usd_per_hour))
    return pd.DataFrame({
        "requests_per_second": rates,
        "invocations_per_month": rates * SECONDS_PER_MONTH,
        "lambda_usd_per_month": lam,
        "ec2_usd_per_month": ec2,
        "ec2_instances": n.astype(np.int64),
        "ec2_within_capacity": rates <= n * capacity_rps * (1 + 1e-12),
        "cheaper": np.where(lam < ec2, "lambda", np.where(lam > ec2, "ec2", "equal")),
    })


def compare(*, region: str, architecture: str, memory_mb: float, duration_ms: float,
            requests_per_second: float, prices: LambdaPrices, rules: LambdaRules,
            ephemeral_storage_mb: float | None = None, free_tier: bool = True,
            instance_type: str | None = None, instance_count: int | None = None,
            purchasing_option: str = "on_demand", utilization: float = 1.0,
            curve_points: int = 201, max_requests_per_second: float | None = None,
            catalog: Catalog) -> VsEc2Result:
    """Lambda against EC2 for a steady request rate (orchestration; looks up EC2 prices).

    Notes
    -----
    Lambda: :func:`calc.lambda_.cost.monthly_cost` at ``rate x 2,628,000`` invocations.
    EC2: the given type, or the cheapest fleet from :func:`suggest_instances` (ranked by
    On-Demand, the cheapest 20 re-priced under the purchasing option), sized by
    :func:`instances_needed` unless a count is given. Break-even: with a fleet that grows with
    the rate, :func:`break_even_scaling_fleet`; with the fleet fixed at its size for the
    given rate, ``L^-1(fleet cost)``. Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-MEMORY,
    LAMBDA-CONCURRENCY, EC2-OD-BILLING, EC2-RI.
    """
    cat = catalog
    notes: list[str] = []
    curve = lambda_rate_curve(memory_mb=memory_mb, duration_ms=duration_ms, prices=prices,
                              rules=rules, ephemeral_storage_mb=ephemeral_storage_mb,
                              free_tier=free_tier)
    lam_usd = float(curve.cost(requests_per_second))
    cands = ec2_candidates(region, architecture, catalog=cat)

    def ranked_fleets(candidates: pd.DataFrame, usd_per_hour: np.ndarray) -> pd.DataFrame:
        return suggest_instances(candidates=candidates, usd_per_hour=usd_per_hour,
                                 requests_per_second=requests_per_second, memory_mb=memory_mb,
                                 duration_ms=duration_ms, utilization=utilization, rules=rules)

    if instance_type is None:
        ranked = ranked_fleets(cands, cands["on_demand_usd_per_hour"].to_numpy())
        if ranked.empty:
            raise InputError("memory_mb", memory_mb, "no instance type in this Region holds "
                             "one environment of this memory", rule_id="LAMBDA-MEMORY")
        if purchasing_option != "on_demand":
            top = ranked.head(_REPRICE_TOP)
            rates = []
            for t in top["instance_type"]:
                try:
                    rates.append(ec2_hourly_rate(region, t, purchasing_option,
                                                 catalog=cat).usd_per_hour)
                except PriceNotFound:
                    rates.append(math.nan)
            top = top.assign(usd_per_hour=rates).dropna(subset=["usd_per_hour"])
            if top.empty:
                raise PriceNotFound(f"EC2 {purchasing_option} for any of the {_REPRICE_TOP} "
                                    f"cheapest instance types that serve this load",
                                    region=region, as_of=cat.table_as_of("ec2_on_demand"))
            ranked = ranked_fleets(top.drop(columns=[
                "capacity_rps", "usd_per_hour", "instances", "ec2_usd_per_month"]),
                top["usd_per_hour"].to_numpy())
        instance_type = str(ranked.iloc[0]["instance_type"])
        notes.append(f"suggested {instance_type}: the cheapest fleet of one type that holds "
                     f"the load's memory and vCPUs")
        suggestions = ranked
    else:
        spec = cat.ec2_instance(instance_type, field="instance_type")
        row = cands[cands["instance_type"] == instance_type]
        if row.empty:
            archs = str(spec["architectures"])
            if architecture not in archs.split(";"):
                raise InputError("instance_type", instance_type,
                                 f"runs {archs}, not the function's {architecture}")
            raise PriceNotFound(f"EC2 {instance_type} Linux On-Demand", region=region,
                                as_of=cat.table_as_of("ec2_on_demand"))
        suggestions = ranked_fleets(row, row["on_demand_usd_per_hour"].to_numpy())
        if suggestions.empty:
            raise InputError("instance_type", instance_type,
                             f"has {float(spec['memory_gib']):g} GiB, less than one "
                             f"{memory_mb:,.0f} MB environment at utilization "
                             f"{utilization:g}", rule_id="LAMBDA-MEMORY")
    rate = ec2_hourly_rate(region, instance_type, purchasing_option, catalog=cat)
    spec_row = cands[cands["instance_type"] == instance_type].iloc[0]
    cap = float(instance_capacity_rps(instance_memory_gib=float(spec_row["memory_gib"]),
                                      instance_vcpus=float(spec_row["sustained_vcpus"]),
                                      memory_mb=memory_mb, duration_ms=duration_ms,
                                      utilization=utilization, rules=rules))
    given = instance_count is not None
    count = int(instance_count) if instance_count is not None else int(instances_needed(
        requests_per_second=requests_per_second, capacity_rps=cap))
    one_usd = float(ec2_monthly_usd(instances=1, usd_per_hour=rate.usd_per_hour))
    ec2_usd = count * one_usd
    if given and requests_per_second > count * cap:
        notes.append(f"{count} x {instance_type} serve {count * cap:,.4g} requests/s, less "
                     f"than {requests_per_second:,.4g}")
    be_scaling = break_even_scaling_fleet(curve=curve, capacity_rps=cap,
                                          instance_usd_per_month=one_usd)
    be_fixed = float(curve.rate_for(ec2_usd))
    if be_fixed > count * cap:
        notes.append(f"Lambda stays cheaper than {count} x {instance_type} up to the "
                     f"{count * cap:,.4g} requests/s that fleet serves")
    if be_scaling is None:
        notes.append("Lambda stays cheaper than a fleet sized for the rate at every rate")
    right = max_requests_per_second or max(
        2 * requests_per_second, 1.5 * (be_scaling or 0.0), 1.5 * min(be_fixed, count * cap),
        cap, 1e-9)
    rates_grid = np.linspace(0.0, right, curve_points)
    table = cost_curve(rates=rates_grid, curve=curve, capacity_rps=cap,
                       usd_per_hour=rate.usd_per_hour, instance_count=count if given else None)
    cheaper = "lambda" if lam_usd < ec2_usd else "ec2" if lam_usd > ec2_usd else "equal"
    return VsEc2Result(
        requests_per_second=requests_per_second,
        invocations_per_month=requests_per_second * SECONDS_PER_MONTH,
        lambda_usd_per_month=lam_usd, instance_type=instance_type, instance_count=count,
        instance_count_given=given, purchasing_option=purchasing_option,
        ec2_usd_per_hour=rate.usd_per_hour, ec2_usd_per_month=ec2_usd,
        capacity_rps_per_instance=cap,
        concurrency=requests_per_second * duration_ms / MS_PER_SECOND, cheaper=cheaper,
        break_even_requests_per_second=be_scaling,
        break_even_fixed_fleet_requests_per_second=be_fixed,
        fixed_fleet_capacity_rps=count * cap, lambda_as_of=prices.as_of,
        ec2_as_of=rate.as_of, ec2_source=rate.source, curve=table,
        suggestions=suggestions.head(10).reset_index(drop=True), notes=notes)
