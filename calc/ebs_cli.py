"""``ebs`` commands: cost of a configuration, cheapest volume for a need, gp2 burst, gp2 -> gp3.

The commands only parse arguments and render what :mod:`calc.ebs` computes.
"""

from __future__ import annotations

import argparse
from typing import Any

from calc.cli import Output
from calc.ebs import (
    VOLUME_TYPES,
    Gp2Query,
    MigrationInput,
    SizingRequirement,
    SnapshotPlan,
    VolumeConfig,
    ebs_price_record,
    gp2_report,
    gp2_table,
    migrate_gp2_to_gp3,
    size_options,
    specs_for,
    volume_cost,
)
from calc.ebs.specs import BASIS_LABELS
from calc.pricing.errors import PriceNotFound
from calc.units import HOURS_PER_MONTH


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ebs", help="EBS volumes: cost, sizing, gp2 burst, gp2 to gp3")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True

    limits = argparse.ArgumentParser(add_help=False)
    limits.add_argument("--limits", choices=("aws_today", "notes"), default="aws_today",
                        help="volume limits: AWS today (default) or as in the SysOps notes")

    c = ps.add_parser("cost", parents=[common, limits],
                      help="monthly cost of a volume configuration, by component")
    c.add_argument("--volume-type", required=True, choices=VOLUME_TYPES)
    c.add_argument("--size-gib", type=int, required=True, help="volume size (GiB)")
    c.add_argument("--iops", type=int, help="provisioned IOPS (gp3, io1, io2)")
    c.add_argument("--throughput-mibps", type=float, help="provisioned throughput (gp3, MiB/s)")
    c.add_argument("--region", required=True, help="AWS Region code, e.g. us-east-1")
    c.add_argument("--hours", type=float, default=float(HOURS_PER_MONTH),
                   help=f"hours the volume exists this month (default {HOURS_PER_MONTH})")
    c.add_argument("--count", type=int, default=1, help="number of identical volumes")
    c.add_argument("--io-requests-millions", type=float, default=0.0,
                   help="I/O requests per month in millions (magnetic only)")
    c.add_argument("--boot", action="store_true", help="used as a boot volume")
    c.add_argument("--attach-instances", type=int, default=1,
                   help="instances attached (more than 1: Multi-Attach, io1/io2)")
    c.add_argument("--non-nitro", action="store_true", help="attached to a non-Nitro instance")
    c.add_argument("--snapshot-retention-days", type=int, default=0,
                   help="daily standard snapshots kept (days)")
    c.add_argument("--snapshot-daily-change-pct", type=float, default=0.0,
                   help="share of the data changed each day (%%)")
    c.add_argument("--snapshot-data-gib", type=float,
                   help="data on the volume (GiB; default: the volume size)")
    c.add_argument("--archive-gib-per-month", type=float, default=0.0,
                   help="snapshot data archived each month (GiB)")
    c.add_argument("--archive-retention-days", type=float,
                   help="days each archived snapshot is kept (billed at least 90)")
    c.add_argument("--archive-restore-gib-per-month", type=float, default=0.0,
                   help="archived snapshot data restored each month (GiB)")
    c.set_defaults(handler=cost_command)

    s = ps.add_parser("size", parents=[common, limits],
                      help="the cheapest configuration of every volume type for a need")
    s.add_argument("--size-gib", type=int, required=True, help="capacity needed (GiB)")
    s.add_argument("--iops", type=int, default=0, help="sustained IOPS needed")
    s.add_argument("--throughput-mibps", type=float, default=0.0,
                   help="sustained throughput needed (MiB/s)")
    s.add_argument("--burst-iops", type=int, help="IOPS during bursts")
    s.add_argument("--burst-seconds", type=float, help="length of each burst (s)")
    s.add_argument("--burst-every-hours", type=float, help="time between burst starts (h)")
    s.add_argument("--boot", action="store_true", help="must be a boot volume")
    s.add_argument("--multi-attach", action="store_true",
                   help="attached to several instances (io1/io2)")
    s.add_argument("--attach-instances", type=int, help="instances to attach")
    s.add_argument("--non-nitro", action="store_true", help="attached to a non-Nitro instance")
    s.add_argument("--region", required=True, help="AWS Region code, e.g. us-east-1")
    s.set_defaults(handler=size_command)

    g = ps.add_parser("gp2", parents=[common, limits],
                      help="gp2 baseline IOPS, burst duration, refill time and throughput")
    g.add_argument("--size-gib", type=int, required=True, help="gp2 volume size (GiB)")
    g.set_defaults(handler=gp2_command)

    m = ps.add_parser("migrate", parents=[common, limits],
                      help="saving of moving a gp2 volume to gp3 at equal or better performance")
    m.add_argument("--size-gib", type=int, required=True, help="gp2 volume size (GiB)")
    m.add_argument("--region", required=True, help="AWS Region code, e.g. us-east-1")
    m.add_argument("--hours", type=float, default=float(HOURS_PER_MONTH),
                   help=f"hours the volume exists this month (default {HOURS_PER_MONTH})")
    m.add_argument("--count", type=int, default=1, help="number of identical volumes")
    m.set_defaults(handler=migrate_command)


def _limits_line(basis: str) -> str:
    return f"limits: {BASIS_LABELS[basis]} ({basis})"


def _context(region: str, as_of: str, basis: str) -> dict[str, str]:
    """Columns every CSV row carries: where and when the prices are from, which limits."""
    return {"region": region, "prices_as_of": as_of, "limits": basis}


def cost_command(args: argparse.Namespace) -> Output:
    snapshots = None
    if (args.snapshot_retention_days or args.archive_gib_per_month
            or args.archive_restore_gib_per_month):
        snapshots = SnapshotPlan(retention_days=args.snapshot_retention_days,
                                 daily_change_pct=args.snapshot_daily_change_pct,
                                 data_gib=args.snapshot_data_gib,
                                 archive_gib_per_month=args.archive_gib_per_month,
                                 archive_retention_days=args.archive_retention_days,
                                 archive_restore_gib_per_month=args.archive_restore_gib_per_month)
    config = VolumeConfig(volume_type=args.volume_type, size_gib=args.size_gib, iops=args.iops,
                          throughput_mibps=args.throughput_mibps, hours=args.hours,
                          volume_count=args.count,
                          io_requests_millions_per_month=args.io_requests_millions,
                          boot=args.boot, attach_instances=args.attach_instances,
                          nitro=not args.non_nitro, limits=args.limits, snapshots=snapshots)
    prices = ebs_price_record(args.region)
    result = volume_cost(config, prices)
    if not result.price_available:
        raise PriceNotFound(f"EBS {', '.join(result.missing)}", region=args.region,
                            as_of=result.as_of, table="ebs_prices")
    table = result.breakdown.drop(columns=["price_column"])
    notes = [f"{config.volume_type} {config.size_gib} GiB in {args.region}: "
             f"{result.usd_per_month:,.2f} USD per month; {_limits_line(config.limits)}; "
             f"prices as of {result.as_of}", *result.notes]
    return Output(result.data(), table, notes, csv_context=_context(args.region, result.as_of,
                                                                      config.limits))


def size_command(args: argparse.Namespace) -> Output:
    req = SizingRequirement(size_gib=args.size_gib, iops=args.iops,
                            throughput_mibps=args.throughput_mibps, burst_iops=args.burst_iops,
                            burst_seconds=args.burst_seconds,
                            burst_every_hours=args.burst_every_hours, boot=args.boot,
                            multi_attach=args.multi_attach,
                            attach_instances=args.attach_instances, nitro=not args.non_nitro,
                            limits=args.limits)
    prices = ebs_price_record(args.region)
    options = size_options(req, prices)
    feasible = options[options["feasible"] & options["usd_per_month"].notna()]
    cheapest = None if feasible.empty else str(feasible.iloc[0]["volume_type"])
    data = {"region": args.region, "requirement": req.model_dump(), "cheapest": cheapest,
            "options": options, "limits": req.limits, "as_of": prices.as_of,
            "source": prices.source.id}
    notes = [f"cheapest first, infeasible last; {_limits_line(req.limits)}; "
             f"prices as of {prices.as_of}"]
    return Output(data, options.drop(columns=["name", "limits"]), notes,
                  csv_context=_context(args.region, prices.as_of, req.limits))


def gp2_command(args: argparse.Namespace) -> Output:
    q = Gp2Query(size_gib=args.size_gib, limits=args.limits)
    spec = specs_for(q.limits)["gp2"]
    data = gp2_report(q.size_gib, spec)
    notes = [_limits_line(q.limits)]
    if not data["bursts"]:
        notes.append("the baseline reaches the burst ceiling: this volume never spends credits "
                     "[EBS-GP2-BURST]")
    return Output(data, gp2_table(size_gib=[q.size_gib], spec=spec), notes)


def migrate_command(args: argparse.Namespace) -> Output:
    inp = MigrationInput(size_gib=args.size_gib, hours=args.hours, volume_count=args.count,
                         limits=args.limits)
    prices = ebs_price_record(args.region)
    data = migrate_gp2_to_gp3(inp, prices)
    options = data["options"]
    if not options["price_available"].all():
        missing = ", ".join(options.loc[~options["price_available"], "volume_type"])
        raise PriceNotFound(f"EBS {missing}", region=args.region, as_of=prices.as_of,
                            table="ebs_prices")
    notes = [f"gp2 {inp.size_gib} GiB to gp3 in {args.region}: saves "
             f"{data['saving_usd_per_month']:,.2f} USD per month ({data['saving_pct']:.1f}%); "
             f"{_limits_line(inp.limits)}; prices as of {prices.as_of}", *data["notes"]]
    return Output(data, options, notes,
                  csv_context=_context(args.region, prices.as_of, inp.limits))
