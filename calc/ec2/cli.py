"""``ec2`` commands: compare, regions, burst, commitment, find. Parsing only.

The options of compare, regions, burst and find are generated from the input models
(:func:`calc.cliargs.add_model_arguments`), keeping today's spellings (``--public-ipv4``,
``--cpu-pct``, ``--arch``, ``--prorate-terms``, ``--all-generations``). Each handler validates
the model with the catalog ``calc.cli.main`` hands it (``args.catalog``), calls
:mod:`calc.ec2.api` and returns the api's Output.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from calc.cliargs import add_model_arguments, model_data, name_flags
from calc.context import validate
from calc.ec2 import api
from calc.ec2.burst import BurstInput
from calc.ec2.models import Ec2Workload
from calc.ec2.options import OPTION_IDS, OS_LABELS, option_spec
from calc.ec2.rates import UserRate
from calc.ec2.savings_plan import ProfileKind, read_profile_csv
from calc.ec2.search import InstanceSearch
from calc.errors import InputError
from calc.fileio import ReadError, read_text
from calc.report import Output

OS_CHOICES = tuple(OS_LABELS)
# model field -> today's option spelling
_WORKLOAD_NAMES = {"public_ipv4_per_instance": "public_ipv4"}
_BURST_NAMES = {"cpu_pct_per_vcpu": "cpu_pct"}
_FIND_NAMES = {"architecture": "arch"}
# by hand below: the flag is the opposite of the field, or the field is a list of models
_WORKLOAD_BY_HAND = ("count_whole_term", "user_rates")


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
    add_model_arguments(b, BurstInput, rename=_BURST_NAMES)
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
    m.add_argument("--points", type=int, default=api.COMMITMENT_POINTS,
                   help=f"curve points (default {api.COMMITMENT_POINTS})")
    m.set_defaults(handler=commitment_command)

    f = ps.add_parser("find", parents=[common], help="search instance types")
    add_model_arguments(f, InstanceSearch, rename=_FIND_NAMES, exclude=("current_generation",))
    f.add_argument("--all-generations", action="store_true",
                   help="include previous generations")
    f.set_defaults(handler=find_command)


def _workload_args(p: argparse.ArgumentParser, *, region: bool) -> None:
    add_model_arguments(p, Ec2Workload, rename=_WORKLOAD_NAMES,
                        exclude=_WORKLOAD_BY_HAND if region else (*_WORKLOAD_BY_HAND, "region"))
    p.add_argument("--prorate-terms", action="store_true",
                   help="prorate terms longer than the horizon (default: counted whole)")
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
            # checked here so the message names the option typed, not UserRate's fields
            if not all(math.isfinite(n) and n >= 0 for n in numbers):
                raise InputError(flag, item, "the values must be finite numbers, 0 or more")
            if flag == "--discount" and numbers and numbers[0] >= 100:
                raise InputError(flag, item, "the discount must be below 100 %")
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
    """The workload the options describe, validated with ``args.catalog``."""
    data = model_data(args, Ec2Workload, exclude=_WORKLOAD_BY_HAND)
    if region is not None:
        data["region"] = region
    if args.prorate_terms:
        data["count_whole_term"] = False
    data["user_rates"] = parse_user_rates(args.rate, args.discount)
    return validate(Ec2Workload, data, catalog=args.catalog)


def compare_command(args: argparse.Namespace) -> Output:
    return api.compare_output(workload_from_args(args), catalog=args.catalog)[0]


def regions_command(args: argparse.Namespace) -> Output:
    option_spec(args.option, field="option")
    w = workload_from_args(args, region="us-east-1")  # the region is ignored
    return api.regions_output(w, args.option, catalog=args.catalog)


def burst_command(args: argparse.Namespace) -> Output:
    inp = validate(BurstInput, model_data(args, BurstInput), catalog=args.catalog)
    return api.burst_output(api.burst(inp, catalog=args.catalog), series=args.series)


def commitment_command(args: argparse.Namespace) -> Output:
    kind: ProfileKind
    values: tuple[float, ...]
    if args.usd_per_hour is not None:
        kind, values = "constant", (args.usd_per_hour,)
    else:
        path: Path = args.weekly or args.hourly
        kind = "weekly" if args.weekly else "hourly"
        try:
            text = read_text(path)
        except ReadError as e:
            raise InputError(f"--{kind}", str(path), e.reason) from None
        values = read_profile_csv(text, field=f"--{kind}")
    # the model's profile field comes from whichever option was typed: errors name it
    parser = getattr(args, "_cli_parser", None)
    if parser is not None:
        name_flags(parser, {"on_demand_usd_per_hour":
                            "--usd-per-hour" if kind == "constant" else f"--{kind}"})
    return api.commitment_output(profile_kind=kind, on_demand_usd_per_hour=values,
                                 catalog=args.catalog, discount_pct=args.discount_pct,
                                 plan=args.plan, instance_type=args.instance_type,
                                 region=args.region, os=args.os, points=args.points)


def find_command(args: argparse.Namespace) -> Output:
    data = model_data(args, InstanceSearch, exclude=("current_generation",))
    if args.all_generations:
        data["current_generation"] = None
    search = validate(InstanceSearch, data, catalog=args.catalog)
    return api.find_output(search, catalog=args.catalog)


__all__ = ["OPTION_IDS", "parse_user_rates", "register", "workload_from_args"]
