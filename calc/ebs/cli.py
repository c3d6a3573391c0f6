"""``ebs`` commands: cost of a configuration, cheapest volume for a need, gp2 burst, gp2 -> gp3.

The commands only parse arguments (options generated from the input models of
:mod:`calc.ebs.models`), call :mod:`calc.ebs.api` with the catalog :func:`calc.cli.main` chose
(``args.catalog``) and return its report.
"""

from __future__ import annotations

import argparse
from typing import Any

from calc.cliargs import add_model_arguments, model_data
from calc.context import validate
from calc.ebs import api
from calc.ebs.models import Gp2Query, MigrationInput, SizingRequirement, SnapshotPlan, VolumeConfig
from calc.report import Output

# ``--limits`` was the option's name before the basis had one name everywhere; README examples
# and older command lines keep working.
_BASIS_ALIAS = {"basis": ["--limits"]}
_VOLUME_RENAME = {"volume_count": "count", "io_requests_millions_per_month": "io_requests_millions"}
_SNAPSHOT_RENAME = {"retention_days": "snapshot_retention_days",
                    "daily_change_pct": "snapshot_daily_change_pct",
                    "data_gib": "snapshot_data_gib"}
# a snapshot plan is priced only when one of these is given (non-zero)
_SNAPSHOT_TRIGGERS = ("retention_days", "archive_gib_per_month", "archive_restore_gib_per_month")


def _region(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")


def _non_nitro(p: argparse.ArgumentParser) -> None:
    # the spelling before options were generated from the models (same as --no-nitro)
    p.add_argument("--non-nitro", dest="nitro", action="store_const", const=False,
                   help="attached to a non-Nitro instance (same as --no-nitro)")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ebs", help="EBS volumes: cost, sizing, gp2 burst, gp2 to gp3")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True

    c = ps.add_parser("cost", parents=[common],
                      help="monthly cost of a volume configuration, by component")
    add_model_arguments(c, VolumeConfig, rename=_VOLUME_RENAME, aliases=_BASIS_ALIAS)
    _non_nitro(c)
    add_model_arguments(c, SnapshotPlan, rename=_SNAPSHOT_RENAME)
    _region(c)
    c.set_defaults(handler=cost_command)

    s = ps.add_parser("size", parents=[common],
                      help="the cheapest configuration of every volume type for a need")
    add_model_arguments(s, SizingRequirement, aliases=_BASIS_ALIAS)
    _non_nitro(s)
    _region(s)
    s.set_defaults(handler=size_command)

    g = ps.add_parser("gp2", parents=[common],
                      help="gp2 baseline IOPS, burst duration, refill time and throughput")
    add_model_arguments(g, Gp2Query, aliases=_BASIS_ALIAS)
    g.set_defaults(handler=gp2_command)

    m = ps.add_parser("migrate", parents=[common],
                      help="saving of moving a gp2 volume to gp3 at equal or better performance")
    add_model_arguments(m, MigrationInput, rename={"volume_count": "count"},
                        aliases=_BASIS_ALIAS)
    _region(m)
    m.set_defaults(handler=migrate_command)


def cost_command(args: argparse.Namespace) -> Output:
    data = model_data(args, VolumeConfig)
    snapshots = model_data(args, SnapshotPlan)
    if any(snapshots.get(k) for k in _SNAPSHOT_TRIGGERS):
        data["snapshots"] = snapshots
    elif snapshots:  # not priced, but a bad value is still refused (issue 15, item 9)
        SnapshotPlan.model_validate(snapshots)
    config = validate(VolumeConfig, data, catalog=args.catalog)
    return api.report(api.cost(config, region=args.region, catalog=args.catalog))


def size_command(args: argparse.Namespace) -> Output:
    req = validate(SizingRequirement, model_data(args, SizingRequirement), catalog=args.catalog)
    return api.report(api.size(req, region=args.region, catalog=args.catalog))


def gp2_command(args: argparse.Namespace) -> Output:
    query = validate(Gp2Query, model_data(args, Gp2Query), catalog=args.catalog)
    return api.report(api.gp2(query, catalog=args.catalog))


def migrate_command(args: argparse.Namespace) -> Output:
    inp = validate(MigrationInput, model_data(args, MigrationInput), catalog=args.catalog)
    return api.report(api.migrate(inp, region=args.region, catalog=args.catalog))
