"""``ec2`` commands: compare, burst, commitment, regions, find. Parsing and rendering only;
every figure comes from :mod:`calc.ec2`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import numpy as np
import pandas as pd

from calc.ec2.burst import BurstInput, BurstMode, BurstResult, burst_analysis
from calc.ec2.compare import Ec2Comparison, compare_options
from calc.ec2.models import Ec2Workload
from calc.ec2.options import OPTION_IDS, OsSlug, option_spec
from calc.ec2.rates import OptionRate, UserRate, option_rate
from calc.ec2.regions import compare_regions
from calc.ec2.savings_plan import CommitmentSizing, read_profile_csv, size_commitment
from calc.ec2.search import InstanceSearch, find_instances
from calc.errors import InputError
from calc.pricing.catalog import Catalog, active_catalog
from calc.report import Output
from calc.units import HOURS_PER_MONTH

PCT = 100.0

OS_CHOICES = get_args(OsSlug)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ec2", help="EC2 purchasing options, burstable credits, Savings Plans")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True

    c = ps.add_parser("compare", parents=[common],
                      help="every purchasing option for a workload, with break-even")
    _workload_args(c, region=True)
    c.set_defaults(handler=compare_command)

    r = ps.add_parser("regions", parents=[common],
                      help="one instance type and option across every Region, sorted")
    _workload_args(r, region=False)
    r.add_argument("--option", default="on_demand", metavar="OPTION",
                   help="the purchasing option (default on_demand)")
    r.set_defaults(handler=regions_command)

    b = ps.add_parser("burst", parents=[common],
                      help="T instance credits, falling to baseline, unlimited surplus charge")
    b.add_argument("--instance-type", required=True, help="a T type, e.g. t3.large")
    b.add_argument("--region", default="us-east-1", help="AWS Region (default us-east-1)")
    b.add_argument("--os", default="linux", choices=OS_CHOICES, metavar="OS")
    b.add_argument("--cpu-pct", type=float, required=True,
                   help="average CPU utilisation per vCPU, 0-100")
    b.add_argument("--mode", choices=("standard", "unlimited"), default="unlimited")
    b.add_argument("--initial-credits", type=float, default=0.0,
                   help="earned credit balance at the start (default 0)")
    b.add_argument("--days", type=int, default=7, help="days of the balance series (1-365)")
    b.add_argument("--compare-with", metavar="TYPE",
                   help="non-burstable type to compare (default: cheapest same size)")
    b.add_argument("--series", action="store_true",
                   help="table/CSV: the hourly credit-balance series instead of the summary")
    b.set_defaults(handler=burst_command)

    m = ps.add_parser("commitment", parents=[common],
                      help="the Savings Plan commitment that minimises total cost")
    prof = m.add_mutually_exclusive_group(required=True)
    prof.add_argument("--usd-per-hour", type=float,
                      help="constant On-Demand spend per hour (USD)")
    prof.add_argument("--weekly", type=Path, metavar="CSV",
                      help="24x7 pattern: 168 hourly On-Demand spends, Monday 00:00 first")
    prof.add_argument("--hourly", type=Path, metavar="CSV",
                      help="hourly On-Demand spend, one row per hour")
    disc = m.add_mutually_exclusive_group(required=True)
    disc.add_argument("--discount-pct", type=float,
                      help="the plan's discount off On-Demand (%%)")
    disc.add_argument("--plan", metavar="OPTION",
                      help="a savings_plan_* option: its discount comes from the snapshot "
                           "rate for --instance-type in --region")
    m.add_argument("--instance-type", help="with --plan")
    m.add_argument("--region", help="with --plan")
    m.add_argument("--os", default="linux", choices=OS_CHOICES, metavar="OS")
    m.add_argument("--points", type=int, default=101, help="curve points (default 101)")
    m.set_defaults(handler=commitment_command)

    f = ps.add_parser("find", parents=[common], help="search instance types")
    f.add_argument("--family")
    f.add_argument("--min-vcpu", type=int)
    f.add_argument("--max-vcpu", type=int)
    f.add_argument("--min-memory-gib", type=float)
    f.add_argument("--max-memory-gib", type=float)
    f.add_argument("--arch", choices=("x86_64", "arm64"))
    f.add_argument("--burstable", action=argparse.BooleanOptionalAction, default=None)
    f.add_argument("--all-generations", action="store_true",
                   help="include previous generations")
    f.add_argument("--region", help="add On-Demand prices of this Region")
    f.add_argument("--os", default="linux", choices=OS_CHOICES, metavar="OS")
    f.add_argument("--max-usd-per-hour", type=float)
    f.add_argument("--sort", choices=("price", "vcpu", "memory", "name"))
    f.add_argument("--limit", type=int, default=50)
    f.set_defaults(handler=find_command)


def _workload_args(p: argparse.ArgumentParser, *, region: bool) -> None:
    p.add_argument("--instance-type", required=True, help="e.g. m5.large")
    if region:
        p.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
    p.add_argument("--os", default="linux", choices=OS_CHOICES, metavar="OS",
                   help=f"operating system (default linux): {', '.join(OS_CHOICES)}")
    p.add_argument("--count", type=int, default=1, help="instances (default 1)")
    use = p.add_mutually_exclusive_group()
    use.add_argument("--hours-per-month", type=float,
                     help="hours each instance runs per month, 0-730 (default 730)")
    use.add_argument("--utilization-pct", type=float, help="or the share of 730 h (%%)")
    p.add_argument("--horizon-months", type=int, default=36, help="1-60 (default 36)")
    p.add_argument("--job-seconds", type=float,
                   help="short-job mode: seconds per run (with --runs-per-month)")
    p.add_argument("--runs-per-month", type=int, help="short-job mode: runs per instance")
    p.add_argument("--prorate-terms", action="store_true",
                   help="prorate terms longer than the horizon (default: counted whole)")
    p.add_argument("--spot-rerun-overhead-pct", type=float, default=0.0,
                   help="extra Spot hours re-running interrupted work (%%)")
    p.add_argument("--spot-price-basis", choices=("average_price", "advisor_savings"),
                   default="average_price")
    p.add_argument("--public-ipv4", type=int, default=0, metavar="N",
                   help="public IPv4 addresses per instance ($0.005/h each)")
    p.add_argument("--public-ipv4-always", action="store_true",
                   help="addresses kept all month (Elastic IPs), not only while running")
    p.add_argument("--sp-partial-upfront-pct", type=float,
                   help="Savings Plan Partial Upfront share paid upfront, 50-99 (default 50)")
    p.add_argument("--instances-per-host", type=int, help="Dedicated Host capacity")
    p.add_argument("--rate", action="append", default=[], metavar="OPTION=USD_PER_HOUR[,UPFRONT]",
                   help="your rate for an option (repeatable)")
    p.add_argument("--discount", action="append", default=[], metavar="OPTION=PCT",
                   help="your discount off On-Demand for an option (repeatable)")


def parse_user_rates(rates: list[str], discounts: list[str]) -> tuple[UserRate, ...]:
    """``--rate OPTION=USD_PER_HOUR[,UPFRONT_USD]`` and ``--discount OPTION=PCT``."""
    out = []
    for flag, items in (("--rate", rates), ("--discount", discounts)):
        for item in items:
            option, sep, value = item.partition("=")
            if not sep or not value:
                raise InputError(flag, item, "write OPTION=USD_PER_HOUR[,UPFRONT_USD]"
                                 if flag == "--rate" else "write OPTION=PCT")
            option_spec(option.strip(), field=flag)
            parts = [v.strip() for v in value.split(",")]
            try:
                numbers = [float(v) for v in parts]
            except ValueError:
                raise InputError(flag, item, "the values must be numbers") from None
            if flag == "--rate":
                if len(numbers) > 2:
                    raise InputError(flag, item, "at most USD_PER_HOUR,UPFRONT_USD")
                out.append(UserRate(option=option.strip(), usd_per_hour=numbers[0],
                                    upfront_usd=numbers[1] if len(numbers) == 2 else None))
            else:
                if len(numbers) != 1:
                    raise InputError(flag, item, "one percentage")
                out.append(UserRate(option=option.strip(), discount_pct=numbers[0]))
    return tuple(out)


def workload_from_args(args: argparse.Namespace, region: str | None = None) -> Ec2Workload:
    return Ec2Workload(
        region=region or args.region, instance_type=args.instance_type, os=args.os,
        count=args.count, hours_per_month=args.hours_per_month,
        utilization_pct=args.utilization_pct, horizon_months=args.horizon_months,
        job_seconds=args.job_seconds, runs_per_month=args.runs_per_month,
        count_whole_term=not args.prorate_terms,
        spot_rerun_overhead_pct=args.spot_rerun_overhead_pct,
        spot_price_basis=args.spot_price_basis, public_ipv4_per_instance=args.public_ipv4,
        public_ipv4_always=args.public_ipv4_always,
        sp_partial_upfront_pct=args.sp_partial_upfront_pct,
        instances_per_host=args.instances_per_host,
        user_rates=parse_user_rates(args.rate, args.discount))


def compare_output(workload: Ec2Workload, *,
                   catalog: Catalog | None = None) -> tuple[Output, Ec2Comparison]:
    """What ``ec2 compare`` prints for ``workload`` and the comparison behind it (the GUI's
    EC2 page shows the same Output). CSV rows carry the region and the price dates used."""
    result = compare_options(workload, catalog=catalog)
    dates = sorted({str(d) for d in result.options["as_of"] if isinstance(d, str) and d})
    context = {"region": workload.region, "prices_as_of": " ".join(dates)}
    od = result.options[result.options["option"] == "on_demand"]
    missing = ""
    if len(od) and not bool(od["price_available"].iloc[0]):  # every saving is measured by it
        missing = f"On-Demand: {od['reason'].iloc[0]}"
    return Output(result.to_dict(), result.options, [*result.notes, result.verdict],
                  csv_context=context, missing_price=missing), result


def compare_command(args: argparse.Namespace) -> Output:
    return compare_output(workload_from_args(args))[0]


def regions_output(workload: Ec2Workload, option: str = "on_demand", *,
                   catalog: Catalog | None = None) -> Output:
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


def regions_command(args: argparse.Namespace) -> Output:
    option_spec(args.option, field="option")
    w = workload_from_args(args, region="us-east-1")  # the region is ignored
    return regions_output(w, args.option)


def burst_command(args: argparse.Namespace) -> Output:
    inp = BurstInput(region=args.region, instance_type=args.instance_type, os=args.os,
                     cpu_pct_per_vcpu=args.cpu_pct, mode=args.mode,
                     initial_credits=args.initial_credits, days=args.days,
                     compare_with=args.compare_with)
    result = burst_analysis(inp)
    summary = pd.DataFrame({"field": list(result.summary),
                            "value": [_cell(v) for v in result.summary.values()]})
    return Output({**result.summary, "notes": result.notes, "series": result.series},
                  result.series if args.series else summary, result.notes)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def commitment_command(args: argparse.Namespace) -> Output:
    if args.usd_per_hour is not None:
        kind, values = "constant", (args.usd_per_hour,)
    else:
        path: Path = args.weekly or args.hourly
        kind = "weekly" if args.weekly else "hourly"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"--{kind}", str(path), f"cannot be read ({e.strerror})") from None
        values = read_profile_csv(text, field=f"--{kind}")
    source: dict[str, Any] = {}
    if args.plan is not None:
        spec = option_spec(args.plan, field="--plan")
        if spec.kind != "savings_plan":
            raise InputError("--plan", args.plan, "must be a savings_plan_* option",
                             rule_id="EC2-SP")
        if not args.instance_type or not args.region:
            raise InputError("--plan", args.plan, "needs --instance-type and --region")
        rate = option_rate(args.region, args.instance_type, args.plan, os=args.os)
        if not rate.price_available or not rate.on_demand_usd_per_hour:
            raise InputError("--plan", args.plan, f"{rate.reason}; give --discount-pct",
                             rule_id="EC2-SP")
        discount = (1 - rate.usd_per_hour / rate.on_demand_usd_per_hour) * 100
        source = {"plan": args.plan, "instance_type": args.instance_type,
                  "region": args.region, "plan_usd_per_hour": rate.usd_per_hour,
                  "on_demand_usd_per_hour": rate.on_demand_usd_per_hour, "as_of": rate.as_of,
                  "source": rate.source}
    else:
        discount = args.discount_pct
    if not 2 <= args.points <= 10_000:
        raise InputError("--points", args.points, "must be 2 to 10,000")
    sizing = CommitmentSizing(profile_kind=kind, on_demand_usd_per_hour=values,
                              discount_pct=discount)
    result = size_commitment(sizing, points=args.points)
    best = result["best"]
    notes = [f"best commitment {best['commitment_usd_per_hour']:.4f} USD/h: "
             f"{best['usd_per_month']:,.2f} USD/month, coverage {best['coverage_pct']:.1f}%, "
             f"utilisation {best['utilization_pct']:.1f}% [EC2-SP]"
             if best["commitment_usd_per_hour"] > 0 else
             "no commitment pays for this profile (On-Demand is cheapest) [EC2-SP]"]
    cap = active_catalog().limits["ec2.ri.max_discount_pct"]
    if discount > cap.value("notes"):  # AWS quotes commitment discounts "up to 72%"
        notes.append(f"the {discount:.1f}% discount is above the notes' 'up to "
                     f"{cap.value('notes'):g}%' for commitments: check the rate [EC2-SP]")
    data = {"profile": kind, "hours": len(values), "discount_pct": discount, **source,
            "best": best, "curve": result["curve"],
            "as_of": source.get("as_of") or active_catalog().table_as_of("ec2_savings_plans")
            if source else None}
    return Output(data, result["curve"], notes)


def find_command(args: argparse.Namespace) -> Output:
    search = InstanceSearch(
        family=args.family, min_vcpu=args.min_vcpu, max_vcpu=args.max_vcpu,
        min_memory_gib=args.min_memory_gib, max_memory_gib=args.max_memory_gib,
        architecture=args.arch, burstable=args.burstable,
        current_generation=None if args.all_generations else True, region=args.region,
        os=args.os, max_usd_per_hour=args.max_usd_per_hour,
        **({"sort": args.sort} if args.sort else {}), limit=args.limit)
    table = find_instances(search)
    return Output({"count": len(table), "region": args.region, "instances": table}, table,
                  [f"{len(table)} instance type(s)"])


# -- the workload's burst credits and Savings Plan commitment (the GUI's EC2 page) ----------
def workload_burst(workload: Ec2Workload, *, cpu_pct_per_vcpu: float,
                   mode: BurstMode = "unlimited", days: int = 7,
                   catalog: Catalog | None = None) -> BurstResult | None:
    """:func:`~calc.ec2.burst.burst_analysis` for the workload's type, region and OS at an
    average CPU % per vCPU; None when the type is not a burstable T type with a row in the
    snapshot's credit table (no CPU credits to show). Rule: EC2-BURST."""
    cat = catalog or active_catalog()
    credits = cat.table("ec2_burst_credits")
    if not (credits["instance_type"] == workload.instance_type).any():
        return None
    inp = BurstInput(region=workload.region, instance_type=workload.instance_type,
                     os=workload.os, cpu_pct_per_vcpu=cpu_pct_per_vcpu, mode=mode, days=days)
    return burst_analysis(inp, catalog=cat)


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


def workload_commitment(workload: Ec2Workload, plan: str, *, points: int = 101,
                        catalog: Catalog | None = None) -> WorkloadCommitment:
    """Cost per month against the hourly commitment of the Savings Plan ``plan`` for the
    workload's On-Demand spend (:func:`workload_spend_profile`), with the best commitment.

    The plan's discount comes from its rate for the workload's type (the snapshot's, or the
    user's rate or discount in ``workload.user_rates``). Without a rate there is no curve:
    ``reason`` says why. Rule: EC2-SP.
    """
    cat = catalog or active_catalog()
    spec = option_spec(plan, field="plan")
    if spec.kind != "savings_plan":
        raise InputError("plan", plan, "must be a savings_plan_* option", rule_id="EC2-SP")
    w = workload
    rate = option_rate(w.region, w.instance_type, plan, os=w.os, catalog=cat,
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
    res = size_commitment(sizing, points=points)
    return WorkloadCommitment(plan, rate, discount, res["curve"],  # type: ignore[arg-type]
                              res["best"])  # type: ignore[arg-type]


__all__ = ["OPTION_IDS", "WorkloadCommitment", "compare_output", "regions_output", "register",
           "workload_burst", "workload_commitment", "workload_spend_profile"]
