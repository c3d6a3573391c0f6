"""The EC2 calculators' chain: validated input -> prices and rules -> formulas -> result.

Every entry point takes a model from :mod:`calc.ec2.models` (or the ``ec2 find`` /
``ec2 burst`` models) and the price catalog as the required keyword ``catalog`` (never a
global one). It looks up the prices and limits once (:mod:`calc.ec2.rates`), hands them to
the formula modules (:mod:`calc.ec2.compare`, :mod:`calc.ec2.burst`,
:mod:`calc.ec2.savings_plan`, ...) and returns a result that carries its facts: the prices it
used (``prices_used``, :class:`calc.report.PriceUsed`) and its verdicts (the cheapest option,
each option's break-even). The ``*_output`` functions give the :class:`calc.report.Output`
the CLI prints and the GUI exports. Option labels come from :func:`calc.ec2.options.option_label`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from calc.context import validate
from calc.display import money
from calc.ec2.burst import BurstInput, BurstMode, BurstResult, burst_analysis, default_credit_mode
from calc.ec2.compare import Ec2Comparison, compare_options
from calc.ec2.models import Ec2Workload
from calc.ec2.options import option_label, option_spec
from calc.ec2.rates import OptionRate, option_rate
from calc.ec2.regions import compare_regions
from calc.ec2.savings_plan import CommitmentSizing, ProfileKind, size_commitment
from calc.ec2.search import InstanceSearch, find_instances
from calc.errors import InputError
from calc.pricing import Catalog, SnapshotError
from calc.report import Output, PriceUsed
from calc.units import HOURS_PER_MONTH, PCT

__all__ = [
    "BURST_DAYS", "COMMITMENT_POINTS", "BurstInput", "BurstResult", "Ec2Comparison", "Ec2Study",
    "Ec2Workload", "InstanceSearch", "WorkloadCommitment", "burst", "burst_output",
    "commitment_output", "compare", "compare_output", "default_credit_mode", "find_output",
    "option_label",
    "prices_used", "regions_output", "report", "run_study", "workload_burst",
    "workload_commitment", "workload_spend_profile",
]

BURST_DAYS = 7  # days of the credit-balance series the GUI draws (BurstInput's default)
COMMITMENT_POINTS = 101  # commitments on a cost-versus-commitment curve (the CLI's default)
_BURST_CACHE_SIZE = 32  # burst results kept per (type, region, OS, CPU %, mode, catalog)


# -- prices used ----------------------------------------------------------------------------
def _source_title(catalog: Catalog, source_id: str) -> str:
    try:
        return catalog.source(source_id).title or source_id
    except (KeyError, SnapshotError, ValueError):
        return source_id


def prices_used(rates: Sequence[OptionRate], *, region: str, instance_type: str,
                catalog: Catalog) -> list[PriceUsed]:
    """Every priced option of ``rates`` with its unit, date and source (for Explain and JSON),
    and the Spot Advisor's interruption band behind the Spot row.

    Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-DEDICATED-HOST.
    """
    out = []
    for r in rates:
        if not r.price_available:
            continue
        label = option_label(r.option)
        unit = "host-hour" if r.spec.kind == "dedicated_host" else "hour"
        note = f"+ {money(r.upfront_usd)} upfront" if r.split_known and r.upfront_usd else ""
        if r.price_source == "user":
            out.append(PriceUsed(label, r.usd_per_hour, unit, "your input", r.note, note))
            continue
        src = catalog.source(r.source)
        usd: float | None = r.usd_per_hour
        if not r.split_known:  # EC2-RI: only the effective rate is known
            usd = r.given_effective_usd_per_hour
            note = ("effective rate (hourly fee + upfront / term hours); upfront and hourly "
                    "fee unknown")
        elif r.upfront_derived:
            note += " derived from the effective rate"
        out.append(PriceUsed(label, usd, unit, r.as_of or src.as_of, src.title, note))
        if r.spec.kind == "spot" and r.interruption_band:
            prices = catalog.ec2_prices(region, instance_type)
            adv = next(iter(prices.spot_advisor.values()), None)
            if adv is not None:
                out.append(PriceUsed("Spot interruption frequency (Spot Advisor)", None, "",
                                     adv.as_of, _source_title(catalog, adv.source.id),
                                     r.interruption_band))
    return out


# -- ec2 compare ----------------------------------------------------------------------------
def compare(workload: Ec2Workload, *, catalog: Catalog) -> Ec2Comparison:
    """Every purchasing option for ``workload`` (one row per option id of
    :data:`calc.ec2.options.OPTION_IDS`), with the cheapest option, each break-even and the
    prices used. Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-DEDICATED-HOST,
    EC2-DEDICATED-INSTANCE, EC2-CAPACITY-RESERVATION, EC2-EIP."""
    result = compare_options(workload, catalog=catalog)
    used = prices_used(result.rates, region=workload.region,
                       instance_type=workload.instance_type, catalog=catalog)
    return replace(result, prices_used=used)


def report(result: Ec2Comparison) -> Output:
    """What ``ec2 compare`` prints for a comparison (the GUI's EC2 page exports the same).
    CSV rows carry the region and the price dates used; without an On-Demand price (every
    saving is measured by it) the command exits 1 after printing."""
    dates = sorted({str(d) for d in result.options["as_of"] if isinstance(d, str) and d})
    context = {"region": result.workload.region, "prices_as_of": " ".join(dates)}
    od = result.options[result.options["option"] == "on_demand"]
    missing = ""
    if len(od) and not bool(od["price_available"].iloc[0]):
        missing = f"On-Demand: {od['reason'].iloc[0]}"
    return Output(result.to_dict(), result.options, [*result.notes, result.verdict],
                  csv_context=context, missing_price=missing)


def compare_output(workload: Ec2Workload, *,
                   catalog: Catalog) -> tuple[Output, Ec2Comparison]:
    """The comparison of ``workload`` and its Output (what ``ec2 compare`` prints)."""
    result = compare(workload, catalog=catalog)
    return report(result), result


# -- ec2 regions ----------------------------------------------------------------------------
def regions_output(workload: Ec2Workload, option: str = "on_demand", *,
                   catalog: Catalog) -> Output:
    """What ``ec2 regions`` prints: ``option`` for the workload in every Region (its own
    region ignored), cheapest first, Regions without a price last with the reason."""
    option_spec(option, field="option")
    w = workload
    table = compare_regions(w, option, catalog=catalog)
    n = int(table["price_available"].sum())
    return Output({"instance_type": w.instance_type, "option": option,
                   "regions_with_price": n, "regions": table}, table,
                  [f"{option} for {w.count} x {w.instance_type}: {n} of {len(table)} "
                   "Regions have a price (cheapest first)"])


# -- ec2 burst ------------------------------------------------------------------------------
def burst(inp: BurstInput, *, catalog: Catalog) -> BurstResult:
    """The credit balance, the unlimited surplus charge and the break-even CPU % of a T type
    (:func:`calc.ec2.burst.burst_analysis`). Rule: EC2-BURST."""
    return burst_analysis(inp, catalog=catalog)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def burst_output(result: BurstResult, *, series: bool = False) -> Output:
    """What ``ec2 burst`` prints: the summary (field, value) rows, or with ``series`` the
    hourly credit-balance series."""
    summary = pd.DataFrame({"field": list(result.summary),
                            "value": [_cell(v) for v in result.summary.values()]})
    missing = ""  # a blank total is an unknown answer: the CLI exits 1 (issue 15, item 9)
    if result.summary.get("total_usd_per_month") is None:
        reason = (result.summary.get("surplus_price_reason")
                  or ("no On-Demand price" if result.summary.get("on_demand_usd_per_month")
                      is None else "a price it needs is missing"))
        missing = (f"total_usd_per_month of {result.summary.get('instance_type')} is unknown: "
                   f"{reason}")
    return Output({**result.summary, "notes": result.notes, "series": result.series},
                  result.series if series else summary, result.notes, missing_price=missing)


@lru_cache(maxsize=_BURST_CACHE_SIZE)
def _cached_burst(region: str, instance_type: str, os: str, cpu_pct_per_vcpu: float,
                  mode: BurstMode | None, days: int, catalog: Catalog) -> BurstResult | None:
    credits = catalog.table("ec2_burst_credits")
    if not (credits["instance_type"] == instance_type).any():
        return None
    inp = validate(BurstInput, {"region": region, "instance_type": instance_type, "os": os,
                                "cpu_pct_per_vcpu": cpu_pct_per_vcpu, "mode": mode,
                                "days": days}, catalog=catalog)
    return burst_analysis(inp, catalog=catalog)


def workload_burst(workload: Ec2Workload, *, cpu_pct_per_vcpu: float,
                   mode: BurstMode | None = None, days: int = BURST_DAYS,
                   catalog: Catalog) -> BurstResult | None:
    """:func:`burst` for the workload's type, region and OS at an average CPU % per vCPU;
    None when the type is not a burstable T type with a row in the snapshot's credit table
    (no CPU credits to show). ``mode`` None: the family's launch default (T2 standard; T3,
    T3a, T4g unlimited). The same inputs on the same catalog give the same result
    object (the count and hours of the workload do not change it). Rule: EC2-BURST."""
    return _cached_burst(workload.region, workload.instance_type, workload.os,
                         cpu_pct_per_vcpu, mode, days, catalog)


# -- ec2 commitment -------------------------------------------------------------------------
def workload_spend_profile(*, on_demand_usd_per_hour: float, count: int,
                           hours_per_month: float) -> np.ndarray:
    """The hourly On-Demand spend of ``count`` instances that run ``hours_per_month`` of the
    730 hours of a month [USD/hour], one value per hour of the month.

    Notes
    -----
    spend_h = count x rate x clip(H - h, 0, 1) for h = 0..729: full hours while running, the
    part of an hour for a fractional H, 0 after. Rule: EC2-SP (a Savings Plan commitment is
    paid every hour, so when in the month the hours fall matters only through this profile).
    """
    hours = np.arange(HOURS_PER_MONTH, dtype=float)
    share = np.clip(float(hours_per_month) - hours, 0.0, 1.0)
    return float(count) * float(on_demand_usd_per_hour) * share


@dataclass
class WorkloadCommitment:
    """A Savings Plan's cost-versus-commitment curve for a workload, or why there is none."""

    plan: str
    rate: OptionRate
    discount_pct: float | None = None  # the plan's discount off On-Demand [%]
    curve: pd.DataFrame | None = None  # :func:`~calc.ec2.savings_plan.size_commitment` curve
    best: dict[str, Any] | None = None  # the curve row with the lowest cost
    reason: str | None = None  # why there is no curve

    @property
    def label(self) -> str:
        return option_label(self.plan)


def _sizing(sizing: CommitmentSizing, points: int) -> tuple[pd.DataFrame, dict[str, Any]]:
    res = size_commitment(sizing, points=points)
    curve, best = res["curve"], res["best"]
    assert isinstance(curve, pd.DataFrame) and isinstance(best, dict)
    return curve, best


def workload_commitment(workload: Ec2Workload, plan: str, *,
                        points: int = COMMITMENT_POINTS,
                        catalog: Catalog) -> WorkloadCommitment:
    """Cost per month against the hourly commitment of the Savings Plan ``plan`` for the
    workload's On-Demand spend (:func:`workload_spend_profile`), with the best commitment.

    The plan's discount comes from its rate for the workload's type (the snapshot's, or the
    user's rate or discount in ``workload.user_rates``). Without a rate there is no curve:
    ``reason`` says why. Rule: EC2-SP.
    """
    spec = option_spec(plan, field="plan")
    if spec.kind != "savings_plan":
        raise InputError("plan", plan, "must be a savings_plan_* option", rule_id="EC2-SP")
    w = workload
    rate = option_rate(w.region, w.instance_type, plan, os=w.os, catalog=catalog,
                       user_rates=w.user_rates)
    if not rate.price_available:
        return WorkloadCommitment(plan, rate, reason=rate.reason)
    od = rate.on_demand_usd_per_hour
    if not od:
        return WorkloadCommitment(plan, rate, reason=f"no On-Demand price for "
                                  f"{w.instance_type} in {w.region} in the snapshot to size "
                                  "a commitment against")
    discount = (1 - rate.usd_per_hour / od) * PCT
    if discount < 0:
        return WorkloadCommitment(plan, rate, discount, reason=(
            f"the plan's rate {rate.usd_per_hour:g} USD/h is above On-Demand {od:g} USD/h: "
            "no commitment pays [EC2-SP]"))
    profile = workload_spend_profile(on_demand_usd_per_hour=od, count=w.count,
                                     hours_per_month=w.usage_hours_per_month)
    sizing = CommitmentSizing(profile_kind="hourly", on_demand_usd_per_hour=tuple(profile),
                              discount_pct=discount)
    curve, best = _sizing(sizing, points)
    return WorkloadCommitment(plan, rate, discount, curve, best)


def commitment_output(*, profile_kind: ProfileKind, on_demand_usd_per_hour: Sequence[float],
                      catalog: Catalog, discount_pct: float | None = None,
                      plan: str | None = None, instance_type: str | None = None,
                      region: str | None = None, os: str = "linux",
                      points: int = COMMITMENT_POINTS) -> Output:
    """What ``ec2 commitment`` prints: the Savings Plan commitment that minimises the cost of
    an hourly On-Demand spend profile, and the cost-versus-commitment curve.

    The discount is ``discount_pct``, or the snapshot rate of the Savings Plan ``plan`` for
    ``instance_type`` in ``region`` against its On-Demand rate. A discount above the notes'
    "up to 72%" for commitments is flagged. Rule: EC2-SP.
    """
    source: dict[str, Any] = {}
    if plan is not None:
        spec = option_spec(plan, field="--plan")
        if spec.kind != "savings_plan":
            raise InputError("--plan", plan, "must be a savings_plan_* option",
                             rule_id="EC2-SP")
        if not instance_type or not region:
            raise InputError("--plan", plan, "needs --instance-type and --region")
        rate = option_rate(region, instance_type, plan, os=os, catalog=catalog)
        if not rate.price_available or not rate.on_demand_usd_per_hour:
            raise InputError("--plan", plan, f"{rate.reason}; give --discount-pct",
                             rule_id="EC2-SP")
        discount = (1 - rate.usd_per_hour / rate.on_demand_usd_per_hour) * PCT
        source = {"plan": plan, "instance_type": instance_type, "region": region,
                  "plan_usd_per_hour": rate.usd_per_hour,
                  "on_demand_usd_per_hour": rate.on_demand_usd_per_hour, "as_of": rate.as_of,
                  "source": rate.source}
    elif discount_pct is None:
        raise InputError("--discount-pct", None, "give --discount-pct or --plan",
                         rule_id="EC2-SP")
    else:
        discount = discount_pct
    if not 2 <= points <= 10_000:
        raise InputError("--points", points, "must be 2 to 10,000")
    sizing = CommitmentSizing(profile_kind=profile_kind,
                              on_demand_usd_per_hour=tuple(on_demand_usd_per_hour),
                              discount_pct=discount)
    curve, best = _sizing(sizing, points)
    notes = [f"best commitment {best['commitment_usd_per_hour']:.4f} USD/h: "
             f"{best['usd_per_month']:,.2f} USD/month, coverage {best['coverage_pct']:.1f}%, "
             f"utilisation {best['utilization_pct']:.1f}% [EC2-SP]"
             if best["commitment_usd_per_hour"] > 0 else
             "no commitment pays for this profile (On-Demand is cheapest) [EC2-SP]"]
    cap = catalog.limits["ec2.ri.max_discount_pct"]
    if discount > cap.value("notes"):  # AWS quotes commitment discounts "up to 72%"
        notes.append(f"the {discount:.1f}% discount is above the notes' 'up to "
                     f"{cap.value('notes'):g}%' for commitments: check the rate [EC2-SP]")
    data = {"profile": profile_kind, "hours": len(sizing.on_demand_usd_per_hour),
            "discount_pct": discount, **source, "best": best, "curve": curve,
            "as_of": source.get("as_of") or catalog.table_as_of("ec2_savings_plans")
            if source else None}
    return Output(data, curve, notes)


# -- ec2 find -------------------------------------------------------------------------------
def find_output(search: InstanceSearch, *, catalog: Catalog) -> Output:
    """What ``ec2 find`` prints: the instance types that pass every filter of ``search``."""
    table = find_instances(search, catalog=catalog)
    return Output({"count": len(table), "region": search.region, "instances": table}, table,
                  [f"{len(table)} instance type(s)"])


# -- the study: one workload seen four ways (the GUI's EC2 page) ----------------------------
@dataclass
class Ec2Study:
    """The comparison, the T type's credits and a Savings Plan's sizing for one workload.

    ``burst`` is None when the type is not a burstable T type. ``prices_used`` are the
    comparison's prices and the surplus-credit price of the credit chart.
    """

    comparison: Ec2Comparison
    output: Output
    burst: BurstResult | None
    commitment: WorkloadCommitment
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def cheapest_option(self) -> str | None:
        return self.comparison.cheapest_option


def run_study(workload: Ec2Workload, *, plan: str, cpu_pct_per_vcpu: float,
              burst_mode: BurstMode | None = None, catalog: Catalog) -> Ec2Study:
    """``ec2 compare``, ``ec2 burst`` (for a T type) and the Savings Plan ``plan`` sized to
    the workload's spend, on one catalog. Rules: as :func:`compare`, EC2-BURST, EC2-SP."""
    output, comparison = compare_output(workload, catalog=catalog)
    credits = workload_burst(workload, cpu_pct_per_vcpu=cpu_pct_per_vcpu, mode=burst_mode,
                             catalog=catalog)
    commitment = workload_commitment(workload, plan, catalog=catalog)
    used = [*comparison.prices_used, *(credits.prices_used if credits is not None else [])]
    return Ec2Study(comparison, output, credits, commitment, used)
