"""``transfer`` commands. Parsing only: options generated from :class:`TransferInput`,
numbers from :mod:`calc.transfer.api`."""

from __future__ import annotations

import argparse
from typing import Any

from calc.cliargs import add_model_arguments, model_data
from calc.context import validate
from calc.report import Output
from calc.transfer import api
from calc.transfer.models import TransferInput


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    t = sub.add_parser("transfer", help="network transfer time versus Snow Family devices")
    ts = t.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ts.required = True
    p = ts.add_parser("plan", parents=[common],
                      help="days over the network, the one-week rule, devices needed")
    add_model_arguments(p, TransferInput)
    p.set_defaults(handler=transfer_plan_command)


def transfer_plan_command(args: argparse.Namespace) -> Output:
    inp = validate(TransferInput, model_data(args, TransferInput), catalog=args.catalog)
    return api.report(api.plan(inp, catalog=args.catalog))
