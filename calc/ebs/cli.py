"""``ebs`` commands: cost of a configuration, cheapest volume for a need, gp2 burst, gp2 -> gp3.

The commands only parse arguments and render what :mod:`calc.ebs` computes.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from calc.ebs import (
    VOLUME_TYPES,
    Gp2Query,
    MigrationInput,
    SizingRequirement,
    SnapshotPlan,
    VolumeConfig,
    cheapest_config,
    cheapest_usd_per_month,
    ebs_price_record,
    gp2_burst,
    gp2_credit_balance,
    gp2_report,
    gp2_table,
    migrate_gp2_to_gp3,
    size_options,
    specs_for,
    volume_cost,
)
from calc.ebs.specs import BASIS_LABELS
from calc.errors import field_errors
from calc.pricing.catalog import Catalog, PriceRecord
from calc.pricing.errors import PriceNotFound
from calc.report import Output
from calc.units import HOURS_PER_DAY, HOURS_PER_MONTH, SECONDS_PER_HOUR


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
    c.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
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
    s.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
    s.set_defaults(handler=size_command)

    g = ps.add_parser("gp2", parents=[common, limits],
                      help="gp2 baseline IOPS, burst duration, refill time and throughput")
    g.add_argument("--size-gib", type=int, required=True, help="gp2 volume size (GiB)")
    g.set_defaults(handler=gp2_command)

    m = ps.add_parser("migrate", parents=[common, limits],
                      help="saving of moving a gp2 volume to gp3 at equal or better performance")
    m.add_argument("--size-gib", type=int, required=True, help="gp2 volume size (GiB)")
    m.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
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
    return size_output(req, args.region)[0]


@dataclass
class SizeResult:
    """``ebs size`` for one requirement: the ranked options and the prices they used."""

    requirement: SizingRequirement
    region: str
    prices: PriceRecord
    options: pd.DataFrame  # :func:`calc.ebs.size_options`, cheapest feasible first
    cheapest: str | None  # volume type of the cheapest feasible, priced option


def size_output(req: SizingRequirement, region: str,
                catalog: Catalog | None = None) -> tuple[Output, SizeResult]:
    """What ``ebs size`` prints for ``req`` in ``region`` (the GUI's EBS page shows the same).

    Raises PriceNotFound when the snapshot has no EBS prices for the region.
    """
    prices = ebs_price_record(region, catalog)
    options = size_options(req, prices)
    feasible = options[options["feasible"] & options["usd_per_month"].notna()]
    cheapest = None if feasible.empty else str(feasible.iloc[0]["volume_type"])
    data = {"region": region, "requirement": req.model_dump(), "cheapest": cheapest,
            "options": options, "limits": req.limits, "as_of": prices.as_of,
            "source": prices.source.id}
    notes = [f"cheapest first, infeasible last; {_limits_line(req.limits)}; "
             f"prices as of {prices.as_of}"]
    out = Output(data, options.drop(columns=["name", "limits"]), notes,
                 csv_context=_context(region, prices.as_of, req.limits))
    return out, SizeResult(req, region, prices, options, cheapest)


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


# -- chart data for ``ebs size`` (the GUI's EBS page) ------------------------------------------
CURVE_POINTS = 241  # IOPS values per cost-versus-IOPS curve (the required IOPS is added)
CURVE_SPAN = 2.0  # the curves run to twice the larger of the IOPS needed and gp3's included
BALANCE_STEPS = 1440  # steps of the gp2 credit simulation (one a minute over a day)
BALANCE_MIN_HOURS = HOURS_PER_DAY  # the balance is shown over at least a day
BALANCE_PERIODS = 3  # ... and over three periods of a repeated burst
SINGLE_BURST_SPAN = 2.0  # ... and over twice a single burst


@dataclass
class Gp2Balance:
    """The gp2 I/O-credit balance of one volume size under the requirement's I/O profile."""

    size_gib: float
    sized: bool  # the size ``ebs size`` chose for gp2 (else the capacity asked for)
    baseline_iops: float
    frame: pd.DataFrame  # :func:`calc.ebs.gp2_credit_balance` columns plus ``time_h`` [h]
    min_burst_balance_pct: float  # lowest BurstBalance over the horizon [%]
    empty_after_h: float | None  # end of the first step that ends with no credits [h]
    short_of_demand: bool  # delivers less than the demand in some step


@dataclass
class SizeCharts:
    """What the EBS page draws besides the ``ebs size`` table."""

    curves: pd.DataFrame  # long format, see :func:`iops_curves`
    curves_by_type: dict[str, pd.DataFrame]  # the same rows, one frame per volume type
    required_iops: float  # sustained IOPS asked for [IOPS]
    at_required: pd.DataFrame  # the curves' rows at ``required_iops`` (= the table's costs)
    balance: dict[str, Gp2Balance] = field(default_factory=dict)  # "gp2", "gp2:requested"
    balance_note: str = ""  # why there is no balance line, if there is none
    step_seconds: float = 0.0  # simulation step [s]
    migration: dict[str, Any] | None = None  # :func:`calc.ebs.migrate_gp2_to_gp3`
    migration_note: str = ""  # why there is no migration figure


def iops_curves(req: SizingRequirement, prices: PriceRecord, iops: Any) -> pd.DataFrame:
    """The cheapest monthly cost of each type against the sustained IOPS needed, the rest of
    ``req`` (capacity, throughput, burst profile, boot, Multi-Attach, limits) held.

    Parameters
    ----------
    req : SizingRequirement
        The requirement; its ``iops`` is replaced by each value of ``iops``.
    prices : PriceRecord
        The region's EBS prices.
    iops : array
        Sustained IOPS needed [IOPS] (the x axis).

    Returns
    -------
    pandas.DataFrame
        Long format, one row per type and IOPS: ``volume_type``, ``required_iops`` [IOPS],
        ``size_gib`` [GiB], ``iops`` [IOPS], ``throughput_mibps`` [MiB/s], ``usd_per_month``
        [USD/month] (NaN where infeasible or unpriced), ``feasible``, ``limits``. At
        ``req.iops`` the costs are those of :func:`calc.ebs.size_options`; without a burst
        they are :func:`calc.ebs.cost_vs_iops_curves`'.

    Notes
    -----
    Rules: as :func:`calc.ebs.sizing.cheapest_config` (EBS-GP3, EBS-GP2-IOPS, EBS-GP2-BURST,
    EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1, EBS-BOOT, EBS-MULTI-ATTACH).
    """
    specs = specs_for(req.limits, req.nitro)
    x = np.asarray(iops, dtype=float).ravel()
    burst = 0.0 if req.burst_iops is None else float(req.burst_iops)
    burst_s = 0.0 if req.burst_seconds is None else req.burst_seconds
    frames = []
    for vt in VOLUME_TYPES:
        spec = specs[vt]
        ch = cheapest_config(vt, size_gib=req.size_gib, iops=x,
                             throughput_mibps=req.throughput_mibps, burst_iops=burst,
                             burst_seconds=burst_s, burst_every_seconds=req.burst_every_seconds,
                             boot=req.boot, attach_instances=req.instances, spec=spec)
        usd = cheapest_usd_per_month(vt, ch, iops=x, prices=prices.values, spec=spec)
        frames.append(pd.DataFrame({"volume_type": vt, "required_iops": x,
                                    "size_gib": ch.size_gib, "iops": ch.iops,
                                    "throughput_mibps": ch.throughput_mibps,
                                    "usd_per_month": usd, "feasible": ch.feasible,
                                    "limits": req.limits}))
    return pd.concat(frames, ignore_index=True)


def burst_demand_iops(*, iops: float, burst_iops: float, burst_seconds: float,
                      burst_every_seconds: float, step_seconds: float,
                      steps: int) -> np.ndarray:
    """Average IOPS asked for in each step of a sustained load with bursts.

    Parameters
    ----------
    iops : float
        Sustained IOPS [IOPS].
    burst_iops : float
        IOPS during a burst [IOPS] (at most ``iops``: no burst).
    burst_seconds : float
        Length of each burst [s]; bursts start at 0, ``burst_every_seconds``, ...
    burst_every_seconds : float
        Time between burst starts [s]; inf for a single burst.
    step_seconds : float
        Step length [s].
    steps : int
        Number of steps.

    Returns
    -------
    numpy.ndarray
        Demand per step [IOPS]: iops + (burst - iops) x the share of the step in a burst, so
        the I/O asked for in every step is exact even where a burst starts or ends mid-step.
    """
    edges = np.arange(steps + 1) * step_seconds
    if burst_iops <= iops or burst_seconds <= 0:
        return np.full(steps, float(iops))
    if np.isfinite(burst_every_seconds):
        p = burst_every_seconds
        in_burst = np.floor(edges / p) * burst_seconds + np.minimum(np.mod(edges, p),
                                                                    burst_seconds)
    else:
        in_burst = np.minimum(edges, burst_seconds)
    share = np.diff(in_burst) / step_seconds
    return float(iops) + (float(burst_iops) - float(iops)) * share


def _balance_steps(req: SizingRequirement) -> tuple[float, int]:
    """(step [s], steps) of the balance simulation: at least a day, three burst periods or
    twice a single burst; a burst longer than a step spans whole steps."""
    horizon = BALANCE_MIN_HOURS * SECONDS_PER_HOUR
    d = req.burst_seconds or 0.0
    if req.burst_iops is not None and d > 0:
        span = (BALANCE_PERIODS * req.burst_every_seconds if req.burst_every_hours is not None
                else SINGLE_BURST_SPAN * d)
        horizon = max(horizon, span)
    step = horizon / BALANCE_STEPS
    if d >= step:
        step = d / np.ceil(d / step)
    return float(step), int(np.ceil(horizon / step - 1e-9))


def _gp2_balance(size_gib: float, sized: bool, demand: np.ndarray, step: float,
                 spec: Any) -> Gp2Balance:
    frame = gp2_credit_balance(size_gib=size_gib, demand_iops=demand, step_seconds=step,
                               spec=spec)
    frame["time_h"] = frame["time_s"] / SECONDS_PER_HOUR
    empty = frame.loc[frame["credit_balance"] <= 0, "time_h"]
    short = bool(np.any(frame["delivered_iops"] < frame["demand_iops"] - 1e-9))
    return Gp2Balance(size_gib=float(size_gib), sized=sized,
                      baseline_iops=float(gp2_burst(size_gib=size_gib, spec=spec).baseline_iops),
                      frame=frame, min_burst_balance_pct=float(frame["burst_balance_pct"].min()),
                      empty_after_h=float(empty.iloc[0]) if len(empty) else None,
                      short_of_demand=short)


def size_charts(res: SizeResult) -> SizeCharts:
    """Chart data for an ``ebs size`` result: cost against IOPS per type, the gp2 credit
    balance under the requirement's I/O profile (at the size chosen for gp2 and, where it
    differs, at the capacity asked for), and the gp2 -> gp3 saving at the capacity asked for.

    Notes
    -----
    Rules: EBS-GP2-BURST (balance), EBS-GP3 and EBS-RESIZE (migration), and those of
    :func:`iops_curves`.
    """
    req, prices = res.requirement, res.prices
    specs = specs_for(req.limits, req.nitro)
    g2, g3 = specs["gp2"], specs["gp3"]
    peak = max(float(req.iops), float(req.burst_iops or 0), g3.included_iops or 0.0)
    grid = np.union1d(np.linspace(0.0, CURVE_SPAN * peak, CURVE_POINTS), [float(req.iops)])
    curves = iops_curves(req, prices, grid)
    n = len(grid)  # iops_curves stacks one block of len(grid) rows per type, in type order
    by_type = {vt: curves.iloc[i * n:(i + 1) * n] for i, vt in enumerate(VOLUME_TYPES)}
    at = curves[curves["required_iops"] == float(req.iops)].reset_index(drop=True)
    charts = SizeCharts(curves=curves, curves_by_type=by_type, required_iops=float(req.iops),
                        at_required=at)

    step, steps = _balance_steps(req)
    charts.step_seconds = step
    demand = burst_demand_iops(iops=req.iops, burst_iops=float(req.burst_iops or 0),
                               burst_seconds=req.burst_seconds or 0.0,
                               burst_every_seconds=req.burst_every_seconds,
                               step_seconds=step, steps=steps)
    row = res.options[res.options["volume_type"] == "gp2"].iloc[0]
    if req.instances > 1 and not g2.multi_attach:
        charts.balance_note = str(row["reason"])
    else:
        sized = float(row["size_gib"]) if bool(row["feasible"]) else None
        if sized is not None:
            charts.balance["gp2"] = _gp2_balance(sized, True, demand, step, g2)
        asked = float(req.size_gib)
        if asked != sized and g2.min_size_gib <= asked <= g2.max_size_gib:
            charts.balance["gp2:requested"] = _gp2_balance(asked, False, demand, step, g2)
        if sized is None:
            charts.balance_note = str(row["reason"])

    if req.instances > 1 and not g2.multi_attach:  # no gp2 volume to move
        charts.migration_note = str(row["reason"])
        return charts
    try:
        inp = MigrationInput(size_gib=req.size_gib, boot=req.boot, limits=req.limits)
    except ValidationError as e:  # e.g. more than gp2's largest size: nothing to migrate
        charts.migration_note = "; ".join(field_errors(e).values())
    else:
        charts.migration = migrate_gp2_to_gp3(inp, prices)
    return charts
