"""``efs`` commands. Parsing only: options generated from :class:`EfsCostInput`, numbers from
:mod:`calc.efs.api`."""

from __future__ import annotations

import argparse
from typing import Any

from calc.cliargs import add_model_arguments, model_data
from calc.context import validate
from calc.efs import api
from calc.efs.models import EfsCostInput
from calc.report import Output


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    e = sub.add_parser("efs", help="Amazon EFS: storage classes and throughput")
    es = e.add_subparsers(dest="command", metavar="SUBCOMMAND")
    es.required = True
    c = es.add_parser("cost", parents=[common],
                      help="monthly cost by class mix, and whether bursting is enough")
    add_model_arguments(c, EfsCostInput)
    c.set_defaults(handler=efs_cost_command)


def efs_cost_command(args: argparse.Namespace) -> Output:
    inp = validate(EfsCostInput, model_data(args, EfsCostInput), catalog=args.catalog)
    return api.report(api.cost(inp, catalog=args.catalog))
