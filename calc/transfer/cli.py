"""``transfer`` commands. Parsing and rendering only."""

from __future__ import annotations

import argparse
from typing import Any

from calc.cli import given
from calc.fields import BASIS_HELP
from calc.report import Output
from calc.transfer.api import TransferInput, TransferPlan, plan_transfer


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    t = sub.add_parser("transfer", help="network transfer time versus Snow Family devices")
    ts = t.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ts.required = True
    p = ts.add_parser("plan", parents=[common],
                      help="days over the network, the one-week rule, devices needed")
    p.add_argument("--data-tb", type=float, required=True, help="TB to move (decimal)")
    p.add_argument("--bandwidth-mbps", type=float, required=True, help="link speed, Mbit/s")
    p.add_argument("--utilization", type=float, help="share of the link used, (0, 1] "
                                                     "(default 0.8)")
    p.add_argument("--basis", choices=("aws_today", "notes"), help=BASIS_HELP)
    p.set_defaults(handler=transfer_plan_command)


def transfer_plan_command(args: argparse.Namespace) -> Output:
    inp = TransferInput(**given(args, "data_tb", "bandwidth_mbps", "utilization", "basis"))
    return transfer_output(inp)[0]


def transfer_output(inp: TransferInput) -> tuple[Output, TransferPlan]:
    """``transfer plan`` as the CLI prints it (no prices: link speed and device limits)."""
    res = plan_transfer(inp)
    return Output(res.to_dict(), res.devices, res.notes), res
