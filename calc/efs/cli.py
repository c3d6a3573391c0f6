"""``efs`` commands. Parsing and rendering only."""

from __future__ import annotations

import argparse
from typing import Any

from calc.cli import given
from calc.efs.api import EfsCostInput, EfsCostResult, efs_cost
from calc.fields import BASIS_HELP
from calc.report import Output


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    e = sub.add_parser("efs", help="Amazon EFS: storage classes and throughput")
    es = e.add_subparsers(dest="command", metavar="SUBCOMMAND")
    es.required = True
    c = es.add_parser("cost", parents=[common],
                      help="monthly cost by class mix, and whether bursting is enough")
    c.add_argument("--storage-gb", type=float, required=True, help="GB stored")
    c.add_argument("--ia-percent", type=float, help="%% in Infrequent Access")
    c.add_argument("--archive-percent", type=float, help="%% in Archive")
    c.add_argument("--one-zone", action="store_true", default=None,
                   help="a One Zone file system")
    c.add_argument("--ia-read-gb", type=float, help="GB read from IA a month")
    c.add_argument("--ia-write-gb", type=float, help="GB written to IA a month")
    c.add_argument("--archive-read-gb", type=float, help="GB read from Archive a month")
    c.add_argument("--archive-write-gb", type=float, help="GB written to Archive a month")
    c.add_argument("--throughput-mode", help="bursting (default), provisioned or elastic")
    c.add_argument("--required-mibps", type=float, help="sustained throughput needed, MiB/s")
    c.add_argument("--provisioned-mibps", type=float, help="provisioned throughput, MiB/s")
    c.add_argument("--elastic-read-gb", type=float, help="elastic: GB read a month")
    c.add_argument("--elastic-write-gb", type=float, help="elastic: GB written a month")
    c.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
    c.add_argument("--basis", choices=("aws_today", "notes"), help=BASIS_HELP)
    c.set_defaults(handler=efs_cost_command)


def efs_cost_command(args: argparse.Namespace) -> Output:
    inp = EfsCostInput(**given(
        args, "region", "storage_gb", "ia_percent", "archive_percent", "one_zone",
        "ia_read_gb", "ia_write_gb", "archive_read_gb", "archive_write_gb", "throughput_mode",
        "required_mibps", "provisioned_mibps", "elastic_read_gb", "elastic_write_gb", "basis"))
    return efs_output(inp)[0]


def efs_output(inp: EfsCostInput) -> tuple[Output, EfsCostResult]:
    """``efs cost`` as the CLI prints it (the GUI's EFS & transfer page shows the same)."""
    res = efs_cost(inp)
    t = res.throughput
    total = (f"${res.usd_per_month:,.2f} a month" if res.usd_per_month is not None
             else "unknown (a price is missing)")
    notes = [f"EFS in {res.region}: {total}",
             f"bursting: baseline {t['baseline_mibps']:,.1f} MiB/s, burst "
             f"{t['burst_mibps']:,.1f} MiB/s; needed {t['required_mibps']:g} MiB/s "
             f"[EFS-BURST]", *res.notes]
    context = {"region": res.region, "prices_as_of": res.as_of}
    return Output(res.to_dict(), res.breakdown, notes, csv_context=context,
                  missing_price="; ".join(res.missing)), res
