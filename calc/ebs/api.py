"""The EBS calculator's chain: validated input -> the catalog's prices and limits -> formulas ->
a result that carries its facts (prices used, verdicts), and :func:`report` -> the Output that the
CLI prints and the GUI exports.

Every entry point takes the price catalog as a required keyword (``catalog=``): it is handed
in, never fetched. Build the inputs with ``calc.context.validate(Model, data, catalog=...)``
(their validators read the limits from that catalog).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import ValidationError

from calc.context import validate
from calc.ebs.burst import gp2_credit_balance
from calc.ebs.models import (
    Gp2Query,
    MigrationInput,
    SizingRequirement,
    SnapshotPlan,
    VolumeConfig,
    specs_for,
)
from calc.ebs.performance import gp2_burst
from calc.ebs.prices import prices_used, type_columns
from calc.ebs.results import (
    CostResult,
    MigrationResult,
    gp2_report,
    gp2_table,
    migrate_gp2_to_gp3,
    size_options,
    volume_cost,
)
from calc.ebs.sizing import cheapest_config, cheapest_usd_per_month
from calc.ebs.specs import VOLUME_TYPE_NAMES, VOLUME_TYPES, VolumeSpec
from calc.errors import field_errors
from calc.fields import BASIS_LABELS
from calc.pricing import Catalog, PriceNotFound, PriceRecord
from calc.report import Output, PriceUsed
from calc.units import HOURS_PER_DAY, SECONDS_PER_HOUR

__all__ = [
    "RULES", "VOLUME_TYPES", "VOLUME_TYPE_NAMES", "CostResult", "Gp2Balance", "Gp2Query",
    "Gp2Result", "MigrationInput", "MigrationResult", "SizeCharts", "SizeResult",
    "SizingRequirement", "SnapshotPlan", "VolumeConfig", "burst_demand_iops", "cost", "gp2",
    "iops_curves", "migrate", "price_record", "report", "size", "size_charts",
]

# The rules behind ``ebs size`` (the EBS page's Explain panel lists them).
RULES: tuple[str, ...] = ("EBS-GP3", "EBS-GP2-IOPS", "EBS-GP2-BURST", "EBS-IO1-IO2",
                          "EBS-IO2-BX", "EBS-ST1", "EBS-SC1", "EBS-BOOT", "EBS-MULTI-ATTACH")


def price_record(region: str, *, catalog: Catalog) -> PriceRecord:
    """The region's EBS prices in ``catalog``; PriceNotFound when it has none for the region.

    The bundled EBS prices are as of 2024-07-18; Regions opened later have no row.
    """
    rec = catalog.ebs_prices(region)
    if all(v is None for v in rec.values.values()):
        raise PriceNotFound("EBS volumes", region=region, as_of=rec.as_of, table=rec.table)
    return rec


def _limits_line(basis: str) -> str:
    return f"limits: {BASIS_LABELS[basis]} ({basis})"


def _context(region: str, as_of: str, basis: str) -> dict[str, str]:
    """Columns every CSV row carries: where and when the prices are from, which limits."""
    return {"region": region, "prices_as_of": as_of, "limits": basis}


# -- ebs cost -------------------------------------------------------------------------------
def cost(config: VolumeConfig, *, region: str, catalog: Catalog) -> CostResult:
    """The monthly cost of ``config`` in ``region``, by component (:func:`volume_cost`).

    Raises PriceNotFound when the region has no EBS prices or misses one the volume bills.
    """
    prices = price_record(region, catalog=catalog)
    result = volume_cost(config, prices, limits=catalog.limits)
    if not result.price_available:
        raise PriceNotFound(f"EBS {', '.join(result.missing)}", region=region,
                            as_of=result.as_of, table="ebs_prices")
    return result


def _cost_report(result: CostResult) -> Output:
    config = result.config
    table = result.breakdown.drop(columns=["price_column"])
    notes = [f"{config.volume_type} {config.size_gib} GiB in {result.region}: "
             f"{result.usd_per_month:,.2f} USD per month; {_limits_line(config.basis)}; "
             f"prices as of {result.as_of}", *result.notes]
    return Output(result.data(), table, notes,
                  csv_context=_context(result.region, result.as_of, config.basis))


# -- ebs size -------------------------------------------------------------------------------
@dataclass
class SizeResult:
    """``ebs size`` for one requirement: the ranked options, the verdicts and the prices used."""

    requirement: SizingRequirement
    region: str
    prices: PriceRecord
    options: pd.DataFrame  # :func:`calc.ebs.size_options`, cheapest feasible first
    cheapest: str | None  # volume type of the cheapest feasible, priced option
    # per row of ``options``: feasible and priced (else greyed, with the reason)
    available: list[bool] = field(default_factory=list)
    infeasible: list[str] = field(default_factory=list)  # volume types that cannot meet it
    charts: SizeCharts | None = None  # :func:`size_charts`, when asked for
    # the prices of every type with a priced option (and of gp2 and gp3 when the charts hold
    # the gp2 -> gp3 migration), in volume-type order
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def cheapest_option(self) -> dict[str, Any] | None:
        """The cheapest option's row (name, size_gib, iops, throughput_mibps, usd_per_month)."""
        if self.cheapest is None:
            return None
        row = self.options[self.options["volume_type"] == self.cheapest].iloc[0]
        return {str(k): v for k, v in row.items()}


def size(req: SizingRequirement, *, region: str, catalog: Catalog,
         charts: bool = False) -> SizeResult:
    """The cheapest configuration of every volume type for ``req`` in ``region``.

    Parameters
    ----------
    req : SizingRequirement
        The need, validated with ``catalog``.
    region : str
        AWS Region code.
    catalog : Catalog
        Prices and limits.
    charts : bool
        Also compute :func:`size_charts` (the EBS page's curves, gp2 balance and migration).

    Raises PriceNotFound when the snapshot has no EBS prices for the region.
    """
    prices = price_record(region, catalog=catalog)
    options = size_options(req, prices, limits=catalog.limits)
    ok = options["feasible"].astype(bool) & options["usd_per_month"].notna()
    feasible = options[ok]
    cheapest = None if feasible.empty else str(feasible.iloc[0]["volume_type"])
    result = SizeResult(req, region, prices, options, cheapest,
                        available=[bool(v) for v in ok],
                        infeasible=[str(v) for v in
                                    options.loc[~options["feasible"].astype(bool),
                                                "volume_type"]])
    used = set(feasible["volume_type"])
    if charts:
        result.charts = size_charts(result, catalog=catalog)
        if result.charts.migration is not None:
            used |= {"gp2", "gp3"}
    result.prices_used = prices_used(prices, type_columns(used))
    return result


def _size_report(result: SizeResult) -> Output:
    req, prices = result.requirement, result.prices
    # the JSON keeps the field's CLI-era name "limits" (README examples' bytes)
    requirement = {("limits" if k == "basis" else k): v for k, v in req.model_dump().items()}
    data = {"region": result.region, "requirement": requirement, "cheapest": result.cheapest,
            "options": result.options, "limits": req.basis, "as_of": prices.as_of,
            "source": prices.source.id}
    notes = [f"cheapest first, infeasible last; {_limits_line(req.basis)}; "
             f"prices as of {prices.as_of}"]
    return Output(data, result.options.drop(columns=["name", "limits"]), notes,
                  csv_context=_context(result.region, prices.as_of, req.basis))


# -- ebs gp2 --------------------------------------------------------------------------------
@dataclass
class Gp2Result:
    """``ebs gp2``: one gp2 volume's baseline, burst and throughput."""

    query: Gp2Query
    report: dict[str, Any]  # :func:`calc.ebs.gp2_report`
    table: pd.DataFrame  # :func:`calc.ebs.gp2_table` for the one size
    bursts: bool  # False: the baseline reaches the burst ceiling, no credits are spent


def gp2(query: Gp2Query, *, catalog: Catalog) -> Gp2Result:
    """Baseline, burst and throughput of the gp2 volume of ``query`` (EBS-GP2-IOPS,
    EBS-GP2-BURST)."""
    spec = specs_for(catalog, query.basis)["gp2"]
    data = gp2_report(query.size_gib, spec)
    return Gp2Result(query, data, gp2_table(size_gib=[query.size_gib], spec=spec),
                     bursts=bool(data["bursts"]))


def _gp2_report(result: Gp2Result) -> Output:
    notes = [_limits_line(result.query.basis)]
    if not result.bursts:
        notes.append("the baseline reaches the burst ceiling: this volume never spends credits "
                     "[EBS-GP2-BURST]")
    return Output(result.report, result.table, notes)


# -- ebs migrate ----------------------------------------------------------------------------
def migrate(inp: MigrationInput, *, region: str, catalog: Catalog) -> MigrationResult:
    """The saving of moving the gp2 volume of ``inp`` to gp3 in ``region``.

    Raises PriceNotFound when the region misses a gp2 or gp3 price.
    """
    prices = price_record(region, catalog=catalog)
    result = migrate_gp2_to_gp3(inp, prices, catalog=catalog)
    if not result.price_available:
        raise PriceNotFound(f"EBS {', '.join(result.missing)}", region=region,
                            as_of=prices.as_of, table="ebs_prices")
    return result


def _migrate_report(result: MigrationResult) -> Output:
    inp = result.input
    # no share at 0 hours (nothing billed, issue 15 fuzz)
    pct = "" if result.saving_pct is None else f" ({result.saving_pct:.1f}%)"
    notes = [f"gp2 {inp.size_gib} GiB to gp3 in {result.region}: saves "
             f"{result.saving_usd_per_month:,.2f} USD per month{pct}; "
             f"{_limits_line(inp.basis)}; prices as of {result.as_of}", *result.notes]
    return Output(result.data(), result.options, notes,
                  csv_context=_context(result.region, result.as_of, inp.basis))


def report(result: CostResult | SizeResult | Gp2Result | MigrationResult) -> Output:
    """What the CLI prints (and the GUI exports) for ``result``."""
    if isinstance(result, CostResult):
        return _cost_report(result)
    if isinstance(result, SizeResult):
        return _size_report(result)
    if isinstance(result, Gp2Result):
        return _gp2_report(result)
    return _migrate_report(result)


# -- chart data for ``ebs size`` (the GUI's EBS page) --------------------------------------
CURVE_POINTS = 241  # IOPS values per cost-versus-IOPS curve (the required IOPS is added)
CURVE_SPAN = 2.0  # the curves run to twice the larger of the IOPS needed and gp3's included
BALANCE_STEPS = 1440  # steps of the gp2 credit simulation (one a minute over a day)
BALANCE_MIN_HOURS = HOURS_PER_DAY  # the balance is shown over at least a day
BALANCE_PERIODS = 3  # ... and over three periods of a repeated burst
SINGLE_BURST_SPAN = 2.0  # ... and over twice a single burst
FULL_BALANCE_PCT = 100.0  # CloudWatch BurstBalance of a full bucket [%]
BALANCE_KEYS = ("gp2", "gp2:requested")  # as sized, and at the capacity asked for

BalanceVerdict = Literal["runs_out", "refills", "never_spends"]


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

    @property
    def label(self) -> str:
        """"gp2 500 GiB (as sized)" or "... (at the capacity asked)"."""
        which = "as sized" if self.sized else "at the capacity asked"
        return f"gp2 {self.size_gib:,.10g} GiB ({which})"

    @property
    def verdict(self) -> BalanceVerdict:
        """"runs_out" (the credits empty, then it delivers its baseline), "refills" (the
        balance falls and refills) or "never_spends" (rule EBS-GP2-BURST)."""
        if self.empty_after_h is not None:
            return "runs_out"
        if self.min_burst_balance_pct < FULL_BALANCE_PCT:
            return "refills"
        return "never_spends"


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
    migration: MigrationResult | None = None  # :func:`calc.ebs.migrate_gp2_to_gp3`
    migration_note: str = ""  # why there is no migration figure

    @property
    def migration_priced(self) -> bool:
        """A gp2 -> gp3 saving to show (both prices found)."""
        return self.migration is not None and self.migration.saving_usd_per_month is not None

    @property
    def curve_types(self) -> list[str]:
        """Volume types with a line on the cost-versus-IOPS chart (feasible somewhere)."""
        return [vt for vt, rows in self.curves_by_type.items() if bool(rows["feasible"].any())]

    @property
    def priced_at_required(self) -> pd.DataFrame:
        """The rows of :attr:`at_required` with a cost (feasible and priced): the markers."""
        at = self.at_required
        return at[at["feasible"].astype(bool) & at["usd_per_month"].notna()]


def iops_curves(req: SizingRequirement, prices: PriceRecord, iops: Any, *,
                catalog: Catalog) -> pd.DataFrame:
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
    catalog : Catalog
        The limits (under ``req.basis``).

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
    specs = specs_for(catalog, req.basis, req.nitro)
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
                                    "limits": req.basis}))
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
    # a share of a step in a burst; rounding of edges / period may put it a hair above 1
    share = np.clip(np.diff(in_burst) / step_seconds, 0.0, 1.0)
    demand: np.ndarray = float(iops) + (float(burst_iops) - float(iops)) * share
    return demand


def _balance_steps(req: SizingRequirement) -> tuple[float, int]:
    """(step [s], steps) of the balance simulation: at least a day, three burst periods or
    twice a single burst; a burst longer than a step spans whole steps."""
    horizon = float(BALANCE_MIN_HOURS * SECONDS_PER_HOUR)
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
                 spec: VolumeSpec) -> Gp2Balance:
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


def size_charts(res: SizeResult, *, catalog: Catalog) -> SizeCharts:
    """Chart data for an ``ebs size`` result: cost against IOPS per type, the gp2 credit
    balance under the requirement's I/O profile (at the size chosen for gp2 and, where it
    differs, at the capacity asked for), and the gp2 -> gp3 saving at the capacity asked for.

    Notes
    -----
    Rules: EBS-GP2-BURST (balance), EBS-GP3 and EBS-RESIZE (migration), and those of
    :func:`iops_curves`.
    """
    req, prices = res.requirement, res.prices
    specs = specs_for(catalog, req.basis, req.nitro)
    g2, g3 = specs["gp2"], specs["gp3"]
    peak = max(float(req.iops), float(req.burst_iops or 0), g3.included_iops or 0.0)
    grid = np.union1d(np.linspace(0.0, CURVE_SPAN * peak, CURVE_POINTS), [float(req.iops)])
    curves = iops_curves(req, prices, grid, catalog=catalog)
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
        inp = validate(MigrationInput, {"size_gib": req.size_gib, "boot": req.boot,
                                        "basis": req.basis}, catalog=catalog)
    except ValidationError as e:  # e.g. more than gp2's largest size: nothing to migrate
        charts.migration_note = "; ".join(field_errors(e).values())
    else:
        charts.migration = migrate_gp2_to_gp3(inp, prices, catalog=catalog)
    return charts
