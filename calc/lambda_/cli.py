"""``lambda`` commands: cost, sweep, concurrency, vs-ec2. Parsing only.

The options are generated from the input models (:func:`calc.cliargs.add_model_arguments`);
``--arch`` is kept as an alias of ``--architecture``. Each handler validates the model with
the catalog ``calc.cli.main`` hands it (``args.catalog``), calls :mod:`calc.lambda_.api` and
returns the api's report.
"""

from __future__ import annotations

import argparse
from typing import Any

from calc.cliargs import add_model_arguments, model_data
from calc.context import validate
from calc.lambda_ import api
from calc.lambda_.models import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
)
from calc.report import Output

_ALIASES = {"architecture": ("--arch",)}  # today's spelling, kept for older command lines


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("lambda", help="AWS Lambda cost, memory sweep, concurrency, vs EC2")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True

    c = ps.add_parser("cost", parents=[common], help="monthly cost of one function")
    add_model_arguments(c, LambdaCostInput, aliases=_ALIASES)
    c.set_defaults(handler=cost_command)

    s = ps.add_parser("sweep", parents=[common],
                      help="cost and duration at every memory size 128-10,240 MB")
    add_model_arguments(s, LambdaSweepInput, aliases=_ALIASES)
    s.add_argument("--points-csv", metavar="FILE",
                   help="measured points (columns memory_mb,duration_ms) to interpolate")
    s.add_argument("--rows", choices=("picks", "all"), default="picks",
                   help="rows to print: the three choices (default) or every memory size")
    s.set_defaults(handler=sweep_command)

    k = ps.add_parser("concurrency", parents=[common],
                      help="concurrency a load needs, throttled share and the fix")
    add_model_arguments(k, LambdaConcurrencyInput)
    k.set_defaults(handler=concurrency_command)

    v = ps.add_parser("vs-ec2", parents=[common],
                      help="Lambda against an EC2 fleet: cost, break-even rate, curve")
    add_model_arguments(v, LambdaVsEc2Input, aliases=_ALIASES)
    v.set_defaults(handler=vs_ec2_command)


def cost_command(args: argparse.Namespace) -> Output:
    inp = validate(LambdaCostInput, model_data(args, LambdaCostInput), catalog=args.catalog)
    return api.report(api.estimate_cost(inp, catalog=args.catalog))


def sweep_command(args: argparse.Namespace) -> Output:
    data = model_data(args, LambdaSweepInput)
    if args.points_csv:
        data["measurements"] = api.read_measurements_csv(args.points_csv)
    inp = validate(LambdaSweepInput, data, catalog=args.catalog)
    return api.report(api.run_sweep(inp, catalog=args.catalog), rows=args.rows)


def concurrency_command(args: argparse.Namespace) -> Output:
    inp = validate(LambdaConcurrencyInput, model_data(args, LambdaConcurrencyInput),
                   catalog=args.catalog)
    return api.report(api.check_concurrency(inp, catalog=args.catalog))


def vs_ec2_command(args: argparse.Namespace) -> Output:
    inp = validate(LambdaVsEc2Input, model_data(args, LambdaVsEc2Input), catalog=args.catalog)
    return api.report(api.run_vs_ec2(inp, catalog=args.catalog))
