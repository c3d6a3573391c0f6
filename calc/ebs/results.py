"""EBS results as tidy DataFrames with unit-named columns: the CLI prints them, the GUI shows
them. Prices come in as the region's :class:`~calc.pricing.PriceRecord` and limits as the
catalog's :class:`~calc.pricing.Limits`; a missing price keeps its row with ``price_available``
False and the reason, never a guessed figure. Each result lists the prices it used
(:class:`calc.report.PriceUsed`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from calc.context import validate
from calc.ebs.costs import (
    MIN_BILLED_SECONDS,
    io_requests_millions_per_month,
    month_fraction,
    month_seconds,
    snapshot_archive_gib_months,
    snapshot_standard_gib,
    volume_components,
)
from calc.ebs.models import MigrationInput, SizingRequirement, VolumeConfig
from calc.ebs.performance import _a, config_valid, gp2_burst, performance
from calc.ebs.prices import prices_used, type_columns
from calc.ebs.sizing import (
    CAPACITY_TOO_BIG,
    IOPS_TOO_HIGH,
    NOT_BOOT,
    NOT_MULTI_ATTACH,
    SIZE_FOR_PERFORMANCE_TOO_BIG,
    THROUGHPUT_TOO_HIGH,
    TOO_MANY_INSTANCES,
    Choice,
    cheapest_config,
    cheapest_usd_per_month,
    hdd_max_baseline_mibps,
)
from calc.ebs.specs import (
    BOOT_TYPES,
    MULTI_ATTACH_TYPES,
    VOLUME_TYPE_NAMES,
    VOLUME_TYPES,
    SnapshotRules,
    VolumeSpec,
    fmt_number,
    snapshot_rules,
    volume_specs,
)
from calc.fields import Basis
from calc.pricing import Catalog, Limits, PriceRecord
from calc.report import PriceUsed
from calc.units import HOURS_PER_DAY, HOURS_PER_MONTH, SECONDS_PER_HOUR


def _missing_reason(what: str, prices: PriceRecord) -> str:
    return f"no {what} price for {prices.region} in the snapshot (as of {prices.as_of})"


# -- ebs cost -----------------------------------------------------------------------------------
@dataclass
class CostResult:
    """The monthly cost of a configuration, by component."""

    config: VolumeConfig
    region: str
    breakdown: pd.DataFrame
    usd_per_month: float | None
    performance: dict[str, float]
    as_of: str
    source: str
    iops: float | None = None  # billed, defaults filled in (gp3: the included 3,000)
    throughput_mibps: float | None = None  # billed (gp3: the included 125)
    notes: list[str] = field(default_factory=list)
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def price_available(self) -> bool:
        return bool(self.breakdown["price_available"].all())

    @property
    def missing(self) -> list[str]:
        rows = self.breakdown[~self.breakdown["price_available"]]
        return [str(c) for c in rows["price_column"]]

    def data(self) -> dict[str, Any]:
        c = self.config
        return {"volume_type": c.volume_type, "region": self.region, "size_gib": c.size_gib,
                "iops": self.iops, "throughput_mibps": self.throughput_mibps, "hours": c.hours,
                "volume_count": c.volume_count, "usd_per_month": self.usd_per_month,
                "price_available": self.price_available,
                "breakdown": self.breakdown[["component", "quantity", "unit", "usd_per_unit",
                                             "usd_per_month", "price_available", "rule_id"]],
                "performance": self.performance, "limits": c.basis, "as_of": self.as_of,
                "source": self.source, "notes": self.notes}


def volume_cost(config: VolumeConfig, prices: PriceRecord, *, limits: Limits) -> CostResult:
    """The monthly cost of ``config`` in the region of ``prices``, by component.

    Parameters
    ----------
    config : VolumeConfig
        The validated configuration (type, size, IOPS, throughput, hours, count, snapshots).
    prices : PriceRecord
        The region's EBS prices (``catalog.ebs_prices(region)``).
    limits : Limits
        The catalog's limits (volume types under ``config.basis``, snapshot archive rules).

    Returns
    -------
    CostResult
        ``breakdown`` has one row per component: ``component``, ``quantity`` (billed units for
        all volumes, prorated by hours), ``unit``, ``usd_per_unit``, ``usd_per_month``,
        ``price_available``, ``price_column``, ``rule_id``. ``usd_per_month`` is the total
        (None if any price is missing).

    Notes
    -----
    Rules: EBS-GP3, EBS-IO1-IO2, EBS-IO2-BX (IOPS tiers), EBS-SNAPSHOT-ARCHIVE. Volumes bill
    for the hours they exist (hours / 730); snapshots are a monthly steady state per volume.
    """
    spec = volume_specs(limits, config.basis, config.nitro)[config.volume_type]
    iops, thr = config.provisioned(spec)
    scale = float(month_fraction(hours=config.hours, month_days=config.month_days)) \
        * config.volume_count
    rows: list[dict[str, Any]] = []
    for comp in volume_components(config.volume_type, size_gib=config.size_gib, iops=iops,
                                  throughput_mibps=thr,
                                  io_requests_millions=config.io_requests_millions_per_month,
                                  spec=spec):
        rows.append(_row(comp.component, float(comp.quantity) * scale, comp.unit,
                         comp.price_column, comp.rule_id, prices))
    notes: list[str] = partial_month_notes(config.hours, config.month_days)
    if config.snapshots is not None:
        rows += _snapshot_rows(config, prices, snapshot_rules(limits, config.basis), notes)
    breakdown = pd.DataFrame(rows)
    available = bool(breakdown["price_available"].all())
    total = float(breakdown["usd_per_month"].sum()) if available else None
    perf = performance(config.volume_type, size_gib=config.size_gib, iops=iops,
                       throughput_mibps=thr, spec=spec)
    if config.volume_type == "gp3":
        notes.append(f"gp3 includes {fmt_number(spec.included_iops or 0)} IOPS and "
                     f"{fmt_number(spec.included_throughput_mibps or 0)} MiB/s in the storage "
                     "price [EBS-GP3]")
    if not available:
        notes.append(_missing_reason(", ".join(
            breakdown.loc[~breakdown["price_available"], "price_column"]), prices))
    return CostResult(config=config, region=prices.region, breakdown=breakdown,
                      usd_per_month=total, performance=dict(perf._asdict()),
                      as_of=prices.as_of, source=prices.source.id, iops=iops,
                      throughput_mibps=thr, notes=notes,
                      prices_used=prices_used(prices, breakdown["price_column"]))


def partial_month_notes(hours: float, month_days: int | None) -> list[str]:
    """What a partial-month result must say: the 60 s minimum, and the month it prorates over.

    Notes
    -----
    Rule: EBS-BILLING. EBS bills volumes per second with a 60-second minimum and prorates a
    GB-month over the month's actual seconds (EBS pricing page example: "43,200 seconds /
    (86,400 seconds/day * 30-day month)"); the app's default month is 730 hours. A whole
    month is one month's charge whatever its length, so it gets no note.
    """
    month_h = HOURS_PER_MONTH if month_days is None else month_days * HOURS_PER_DAY
    if hours >= month_h:
        return []
    notes: list[str] = []
    seconds = hours * SECONDS_PER_HOUR
    if hours == 0:
        notes.append("0 hours: no volume this month, nothing billed [EBS-BILLING]")
        return notes
    if seconds < MIN_BILLED_SECONDS:
        notes.append(f"a volume is billed per second with a {MIN_BILLED_SECONDS:g}-second "
                     f"minimum: {fmt_number(seconds)} s is billed as "
                     f"{MIN_BILLED_SECONDS:g} s [EBS-BILLING]")
    if month_days is None:
        notes.append(f"partial month prorated over the app's {HOURS_PER_MONTH}-hour month "
                     f"({month_seconds():,.0f} s); AWS prorates over the month's actual "
                     "seconds (EBS pricing page): give month_days (28-31) for the real "
                     "month [EBS-BILLING]")
    else:
        notes.append(f"partial month prorated per second over a {month_days}-day month "
                     f"({month_seconds(month_days=month_days):,.0f} s), as AWS bills it "
                     "(EBS pricing page) [EBS-BILLING]")
    return notes


def _row(component: str, quantity: float, unit: str, price_column: str, rule_id: str,
         prices: PriceRecord) -> dict[str, Any]:
    price = prices.values.get(price_column)
    return {"component": component, "quantity": quantity, "unit": unit,
            "usd_per_unit": price,
            "usd_per_month": None if price is None else quantity * price,
            "price_available": price is not None, "price_column": price_column,
            "rule_id": rule_id}


def _snapshot_rows(config: VolumeConfig, prices: PriceRecord, rules: SnapshotRules,
                   notes: list[str]) -> list[dict[str, Any]]:
    plan = config.snapshots
    assert plan is not None
    n = config.volume_count
    rows = []
    if plan.retention_days > 0:
        data = config.size_gib if plan.data_gib is None else plan.data_gib
        gib = float(snapshot_standard_gib(data_gib=data, daily_change_pct=plan.daily_change_pct,
                                          retention_days=plan.retention_days))
        rows.append(_row("snapshot_standard", gib * n, "GB-month",
                         "snapshot_standard_usd_per_gb_month", "EBS-SNAPSHOT-ARCHIVE", prices))
    if plan.archive_gib_per_month > 0:
        days = rules.archive_min_days if plan.archive_retention_days is None \
            else plan.archive_retention_days
        gib_months = float(snapshot_archive_gib_months(
            archived_gib_per_month=plan.archive_gib_per_month, retention_days=days,
            min_days=rules.archive_min_days))
        rows.append(_row("snapshot_archive", gib_months * n, "GB-month",
                         "snapshot_archive_usd_per_gb_month", "EBS-SNAPSHOT-ARCHIVE", prices))
        if days < rules.archive_min_days:
            least = fmt_number(rules.archive_min_days)
            notes.append(f"archived snapshots are billed at least {least} days; "
                         f"{fmt_number(days)} days is billed as {least} [EBS-SNAPSHOT-ARCHIVE]")
    if plan.archive_restore_gib_per_month > 0:
        rows.append(_row("snapshot_archive_restore", plan.archive_restore_gib_per_month * n, "GB",
                         "snapshot_archive_retrieval_usd_per_gb", "EBS-SNAPSHOT-ARCHIVE", prices))
        notes.append(f"an archived snapshot takes {fmt_number(rules.restore_min_hours)}-"
                     f"{fmt_number(rules.restore_max_hours)} h to restore "
                     "[EBS-SNAPSHOT-ARCHIVE]")
    return rows


# -- ebs size -----------------------------------------------------------------------------------
OPTION_COLUMNS = ["rank", "volume_type", "name", "size_gib", "iops", "throughput_mibps",
                  "burst_iops", "burst_seconds", "usd_per_month", "price_available", "feasible",
                  "reason", "limits"]


def size_options(req: SizingRequirement, prices: PriceRecord, *, limits: Limits,
                 types: tuple[str, ...] = VOLUME_TYPES) -> pd.DataFrame:
    """The cheapest configuration of every volume type for ``req``, ranked by monthly cost.

    Parameters
    ----------
    req : SizingRequirement
        Capacity, IOPS, throughput, burst profile, boot, Multi-Attach, limits set.
    prices : PriceRecord
        The region's EBS prices.
    limits : Limits
        The catalog's limits (read under ``req.basis``).
    types : tuple of str
        Volume types to consider (default all seven).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OPTION_COLUMNS`. Feasible and priced options first, cheapest first;
        then feasible ones without a price; then infeasible ones with the reason. ``size_gib``
        [GiB], ``iops`` [IOPS] (provisioned, or delivered for gp2/HDD/magnetic),
        ``throughput_mibps`` [MiB/s], ``usd_per_month`` [USD/month].

    Notes
    -----
    Rules: EBS-GP3, EBS-GP2-IOPS, EBS-GP2-BURST, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1,
    EBS-BOOT, EBS-MULTI-ATTACH (see :func:`calc.ebs.sizing.cheapest_config`).
    """
    specs = volume_specs(limits, req.basis, req.nitro)
    burst = 0.0 if req.burst_iops is None else float(req.burst_iops)
    burst_s = 0.0 if req.burst_seconds is None else req.burst_seconds
    rows = []
    for vt in types:
        spec = specs[vt]
        ch = cheapest_config(vt, size_gib=req.size_gib, iops=req.iops,
                             throughput_mibps=req.throughput_mibps, burst_iops=burst,
                             burst_seconds=burst_s, burst_every_seconds=req.burst_every_seconds,
                             boot=req.boot, attach_instances=req.instances, spec=spec)
        usd = cheapest_usd_per_month(vt, ch, iops=req.iops, prices=prices.values, spec=spec)
        priced = bool(np.isfinite(usd)) if ch.feasible else False
        b_iops, b_sec = np.nan, np.nan
        if vt == "gp2" and ch.feasible:
            gb = gp2_burst(size_gib=ch.size_gib, spec=spec)
            b_iops, b_sec = gb.burst_iops, gb.burst_seconds
        if not ch.feasible:
            reason = infeasible_reason(vt, ch, req, spec)
        elif not priced:
            reason = _missing_reason(vt, prices)
        else:
            reason = feasible_reason(vt, ch, req, spec)
        rows.append({"volume_type": vt, "name": VOLUME_TYPE_NAMES[vt],
                     "size_gib": ch.size_gib, "iops": ch.iops,
                     "throughput_mibps": ch.throughput_mibps, "burst_iops": b_iops,
                     "burst_seconds": b_sec, "usd_per_month": usd if priced else np.nan,
                     "price_available": priced if ch.feasible else _has_prices(vt, prices),
                     "feasible": ch.feasible, "reason": reason, "limits": req.basis})
    df = pd.DataFrame(rows)
    order = np.where(df["feasible"] & df["usd_per_month"].notna(), 0,
                     np.where(df["feasible"], 1, 2))
    df = df.assign(_order=order, _type=[VOLUME_TYPES.index(v) for v in df["volume_type"]])
    df = df.sort_values(["_order", "usd_per_month", "_type"], na_position="last",
                        kind="stable").drop(columns=["_order", "_type"]).reset_index(drop=True)
    df.insert(0, "rank", np.arange(1, len(df) + 1))
    return df[OPTION_COLUMNS]


def _has_prices(volume_type: str, prices: PriceRecord) -> bool:
    column = ("standard_magnetic_usd_per_gb_month" if volume_type == "standard"
              else f"{volume_type}_usd_per_gb_month")
    return prices.values.get(column) is not None


def infeasible_reason(volume_type: str, choice: Choice, req: SizingRequirement,
                      spec: VolumeSpec) -> str:
    """Why no configuration of ``volume_type`` meets ``req``, with the limit and rule ID."""
    code = int(choice.reason_code)
    vt, lim = volume_type, f"({spec.basis_label})"
    if code == NOT_BOOT:
        return (f"{vt} cannot be a boot volume; only {', '.join(sorted(BOOT_TYPES))} can boot "
                "[EBS-BOOT]")
    if code == NOT_MULTI_ATTACH:
        return (f"Multi-Attach works only with {' and '.join(sorted(MULTI_ATTACH_TYPES))} "
                "[EBS-MULTI-ATTACH]")
    if code == TOO_MANY_INSTANCES:
        return (f"Multi-Attach allows at most {fmt_number(spec.max_attach_instances or 0)} "
                "instances [EBS-MULTI-ATTACH]")
    if code == CAPACITY_TOO_BIG:
        return (f"{vt} holds at most {fmt_number(spec.max_size_gib)} GiB {lim} "
                f"{spec.cite('max_size_gib')}")
    if code == THROUGHPUT_TOO_HIGH:
        return (f"{vt} tops out at {fmt_number(spec.max_throughput_mibps or 0)} MiB/s {lim} "
                f"{spec.cite('max_throughput_mibps')}")
    if code == IOPS_TOO_HIGH:
        where = "" if spec.nitro or vt not in ("io1", "io2") else " on non-Nitro instances"
        need = fmt_number(float(choice.iops_needed))
        return (f"{vt} tops out at {fmt_number(spec.max_iops or 0)} IOPS{where} {lim}; this needs "
                f"{need} {spec.cite('max_iops')}")
    if code == SIZE_FOR_PERFORMANCE_TOO_BIG:
        size = fmt_number(float(choice.size_needed_gib))
        if vt in ("st1", "sc1"):
            top = hdd_max_baseline_mibps(spec)
            return (f"{vt} baseline is {fmt_number(spec.baseline_mibps_per_tib or 0)} MiB/s per "
                    f"TiB: {fmt_number(top)} MiB/s at its largest size, "
                    f"{fmt_number(spec.max_size_gib)} GiB {lim}; this needs {size} GiB "
                    f"{spec.cite('baseline_mibps_per_tib')}")
        return (f"{vt} would need {size} GiB for this IOPS/throughput, more than its "
                f"{fmt_number(spec.max_size_gib)} GiB maximum {lim} {spec.cite('max_size_gib')}")
    return "infeasible"


def feasible_reason(volume_type: str, choice: Choice, req: SizingRequirement,
                    spec: VolumeSpec) -> str:
    """What set the chosen size and IOPS (which limit made it grow), with the rule ID."""
    vt = volume_type
    size, cap = float(choice.size_gib), float(req.size_gib)
    parts: list[str] = []
    peak = max(req.iops, req.burst_iops or 0)
    if vt == "gp2" and size > max(cap, spec.min_size_gib):
        parts.append(f"grown to {fmt_number(size)} GiB for a {fmt_number(choice.iops_needed)} "
                     f"IOPS baseline ({fmt_number(spec.iops_per_gib or 0)} IOPS per GiB, "
                     f"{fmt_number(spec.io_size_kib or 0)} KiB per I/O) [EBS-GP2-IOPS]")
    if vt == "gp3" and choice.iops > max(peak, spec.included_iops or 0):
        parts.append(f"IOPS raised to {fmt_number(choice.iops)} for "
                     f"{fmt_number(req.throughput_mibps)} MiB/s "
                     f"({fmt_number(spec.max_mibps_per_iops or 0)} MiB/s per IOPS) [EBS-GP3]")
    if vt in ("io1", "io2") and choice.iops > max(peak, spec.min_iops or 0):
        parts.append(f"IOPS raised to {fmt_number(choice.iops)} for "
                     f"{fmt_number(req.throughput_mibps)} MiB/s "
                     f"{spec.cite('max_throughput_mibps')}")
    if vt in ("gp3", "io1", "io2") and size > max(cap, spec.min_size_gib):
        parts.append(f"size raised to {fmt_number(size)} GiB: at most "
                     f"{fmt_number(spec.max_iops_per_gib or 0)} IOPS per GiB "
                     f"{spec.cite('max_iops_per_gib')}")
    if vt in ("st1", "sc1") and size > max(cap, spec.min_size_gib):
        parts.append(f"grown to {fmt_number(size)} GiB for {fmt_number(req.throughput_mibps)} "
                     f"MiB/s baseline ({fmt_number(spec.baseline_mibps_per_tib or 0)} MiB/s per "
                     f"TiB) {spec.cite('baseline_mibps_per_tib')}")
    if size > cap and size == spec.min_size_gib:
        parts.append(f"{vt} volumes start at {fmt_number(spec.min_size_gib)} GiB "
                     f"{spec.cite('min_size_gib')}")
    if vt == "gp2" and req.burst_iops and req.burst_iops > choice.iops:
        b = gp2_burst(size_gib=size, spec=spec)
        parts.append(f"bursts to {fmt_number(b.burst_iops)} IOPS for "
                     f"{fmt_number(round(b.burst_seconds))} s from a full credit bucket "
                     "[EBS-GP2-BURST]")
    if vt == "standard" and req.iops > 0:
        parts.append("includes I/O requests at the sustained IOPS all month")
    return "; ".join(parts) if parts else "meets every requirement at the requested size"


# -- ebs gp2 ------------------------------------------------------------------------------------
def gp2_report(size_gib: float, spec: VolumeSpec) -> dict[str, Any]:
    """Baseline, burst and throughput of one gp2 volume.

    Returns
    -------
    dict
        size_gib [GiB], baseline_iops, burst_iops [IOPS], bursts, burst_seconds [s] (None when
        it never bursts), refill_seconds [s] (None when it never bursts), throughput_mibps
        (sustained, at baseline) and burst_throughput_mibps [MiB/s], max_iops_size_gib (the
        size where the baseline reaches its ceiling) [GiB], limits.

    Notes
    -----
    Rules: EBS-GP2-IOPS, EBS-GP2-BURST.
    """
    b = gp2_burst(size_gib=size_gib, spec=spec)
    perf = performance("gp2", size_gib=size_gib, spec=spec)
    assert spec.max_iops is not None and spec.iops_per_gib is not None
    return {"size_gib": size_gib, "baseline_iops": b.baseline_iops, "burst_iops": b.burst_iops,
            "bursts": b.bursts,
            "burst_seconds": b.burst_seconds if b.bursts else None,
            "refill_seconds": b.refill_seconds if b.bursts else None,
            "throughput_mibps": perf.sustained_throughput_mibps,
            "burst_throughput_mibps": perf.burst_throughput_mibps,
            "max_iops_size_gib": float(np.ceil(spec.max_iops / spec.iops_per_gib)),
            "limits": spec.basis}


def gp2_table(*, size_gib: Any, spec: VolumeSpec) -> pd.DataFrame:
    """Baseline, burst and throughput of gp2 volumes of many sizes (vectorised), one row each.

    Returns
    -------
    pandas.DataFrame
        ``size_gib`` [GiB], ``baseline_iops``, ``burst_iops`` [IOPS], ``bursts``,
        ``burst_seconds``, ``refill_seconds`` [s] (NaN where it never bursts),
        ``throughput_mibps``, ``burst_throughput_mibps`` [MiB/s], ``limits``.

    Notes
    -----
    Rules: EBS-GP2-IOPS, EBS-GP2-BURST.
    """
    s = _a(size_gib).ravel()
    b = gp2_burst(size_gib=s, spec=spec)
    perf = performance("gp2", size_gib=s, spec=spec)
    return pd.DataFrame({"size_gib": s, "baseline_iops": b.baseline_iops,
                         "burst_iops": b.burst_iops, "bursts": b.bursts,
                         "burst_seconds": np.where(b.bursts, b.burst_seconds, np.nan),
                         "refill_seconds": b.refill_seconds,
                         "throughput_mibps": perf.sustained_throughput_mibps,
                         "burst_throughput_mibps": perf.burst_throughput_mibps,
                         "limits": spec.basis})


# -- ebs migrate --------------------------------------------------------------------------------
@dataclass
class MigrationResult:
    """The saving of moving a gp2 volume to gp3 (``ebs migrate``, and the EBS page's line)."""

    input: MigrationInput
    region: str
    as_of: str
    source: str
    options: pd.DataFrame  # gp2 and two gp3 configurations, see :func:`migrate_gp2_to_gp3`
    gp2: dict[str, Any]  # :func:`gp2_report` of the gp2 volume
    gp2_usd_per_month: float | None
    gp3_usd_per_month: float | None
    saving_usd_per_month: float | None  # None when a price is missing
    saving_pct: float | None
    notes: list[str] = field(default_factory=list)
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def price_available(self) -> bool:
        return bool(self.options["price_available"].all())

    @property
    def missing(self) -> list[str]:
        """Volume types whose price is missing."""
        return [str(v) for v in self.options.loc[~self.options["price_available"],
                                                 "volume_type"]]

    def data(self) -> dict[str, Any]:
        """The JSON object ``ebs migrate`` prints."""
        return {"size_gib": self.input.size_gib, "region": self.region,
                "gp2_usd_per_month": self.gp2_usd_per_month,
                "gp3_usd_per_month": self.gp3_usd_per_month,
                "saving_usd_per_month": self.saving_usd_per_month,
                "saving_pct": self.saving_pct, "gp2": self.gp2, "options": self.options,
                "limits": self.input.basis, "as_of": self.as_of, "source": self.source,
                "notes": self.notes}


def migrate_gp2_to_gp3(inp: MigrationInput, prices: PriceRecord, *,
                       catalog: Catalog) -> MigrationResult:
    """The saving of moving a gp2 volume to gp3 at equal or better performance.

    Parameters
    ----------
    inp : MigrationInput
        The gp2 volume (size, hours, count, boot, basis).
    prices : PriceRecord
        The region's EBS prices.
    catalog : Catalog
        The catalog whose limits validate the gp2 and gp3 configurations.

    Returns
    -------
    MigrationResult
        ``options``: DataFrame with the gp2 volume and two gp3 configurations of the same size:
        one with IOPS >= gp2's highest (burst or baseline) and throughput >= gp2's sustained
        throughput, one also matching gp2's burst throughput; columns option, volume_type,
        size_gib, iops, throughput_mibps, usd_per_month, saving_usd_per_month, saving_pct,
        price_available. Also the headline ``saving_usd_per_month`` and ``saving_pct`` (first
        gp3 option), the notes and the gp2 and gp3 prices used.

    Notes
    -----
    Rules: EBS-GP3, EBS-GP2-IOPS, EBS-GP2-BURST, EBS-RESIZE (the size is kept: a volume can be
    changed to gp3 in place but not shrunk).
    """
    specs = volume_specs(catalog.limits, inp.basis)
    g2, g3 = specs["gp2"], specs["gp3"]
    perf = performance("gp2", size_gib=inp.size_gib, spec=g2)
    assert g3.included_iops is not None and g3.included_throughput_mibps is not None
    iops = max(g3.included_iops, float(np.ceil(perf.burst_iops)))
    sustained = max(g3.included_throughput_mibps, float(perf.sustained_throughput_mibps))
    peak = max(g3.included_throughput_mibps, float(perf.burst_throughput_mibps))
    configs = [("gp2 (current)", "gp2", None, None),
               ("gp3, IOPS and sustained throughput matched", "gp3", iops, sustained),
               ("gp3, also matching gp2 burst throughput", "gp3", iops, peak)]
    rows = []
    for label, vt, i, t in configs:
        cfg = validate(VolumeConfig, {
            "volume_type": vt, "size_gib": inp.size_gib, "iops": None if i is None else int(i),
            "throughput_mibps": t, "hours": inp.hours, "month_days": inp.month_days,
            "volume_count": inp.volume_count,
            "boot": inp.boot, "basis": inp.basis}, catalog=catalog)
        res = volume_cost(cfg, prices, limits=catalog.limits)
        p = res.performance
        rows.append({"option": label, "volume_type": vt, "size_gib": inp.size_gib,
                     "iops": p["sustained_iops"], "burst_iops": p["burst_iops"],
                     "throughput_mibps": p["sustained_throughput_mibps"],
                     "burst_throughput_mibps": p["burst_throughput_mibps"],
                     "usd_per_month": np.nan if res.usd_per_month is None else res.usd_per_month,
                     "price_available": res.price_available})
    df = pd.DataFrame(rows)
    base = float(df["usd_per_month"].iloc[0])
    df["saving_usd_per_month"] = base - df["usd_per_month"]
    df["saving_pct"] = df["saving_usd_per_month"] / base * 100 if base > 0 else np.nan
    df["limits"] = inp.basis
    first = df.iloc[1]
    gp2_perf = gp2_report(inp.size_gib, g2)
    notes = [f"gp3 keeps the {fmt_number(inp.size_gib)} GiB size: a volume's type can change in "
             "place, but it can only grow; a smaller gp3 needs a new volume and a copy of the "
             "data [EBS-RESIZE]",
             f"gp2 {fmt_number(inp.size_gib)} GiB: baseline {fmt_number(gp2_perf['baseline_iops'])}"
             f" IOPS, up to {fmt_number(gp2_perf['burst_iops'])} IOPS while it has burst credits;"
             f" gp3 delivers {fmt_number(iops)} IOPS all the time [EBS-GP2-BURST]",
             *partial_month_notes(inp.hours, inp.month_days)]
    return MigrationResult(
        input=inp, region=prices.region, as_of=prices.as_of, source=prices.source.id,
        options=df, gp2=gp2_perf, gp2_usd_per_month=_f(base),
        gp3_usd_per_month=_f(first["usd_per_month"]),
        saving_usd_per_month=_f(first["saving_usd_per_month"]),
        saving_pct=_f(first["saving_pct"]), notes=notes,
        prices_used=prices_used(prices, type_columns(("gp2", "gp3"))))


def _f(value: Any) -> float | None:
    if value is None:
        return None
    v = float(value)
    return v if np.isfinite(v) else None


# -- for the GUI's charts -------------------------------------------------------------------
def cost_vs_iops_curves(*, iops: Any, size_gib: float, prices: PriceRecord, limits: Limits,
                        throughput_mibps: float = 0.0, boot: bool = False,
                        attach_instances: int = 1, basis: Basis = "aws_today",
                        nitro: bool = True,
                        types: tuple[str, ...] = VOLUME_TYPES) -> pd.DataFrame:
    """The cheapest monthly cost of each type as the IOPS needed grows (vectorised per type).

    Parameters
    ----------
    iops : array
        IOPS needed [IOPS] (the x axis).
    size_gib : float
        Capacity needed [GiB].
    prices : PriceRecord
        The region's EBS prices.
    limits : Limits
        The catalog's limits.
    throughput_mibps : float
        Throughput needed [MiB/s].
    boot, attach_instances, basis, nitro
        As in :class:`SizingRequirement`.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per type and IOPS: ``volume_type``, ``required_iops`` [IOPS],
        ``size_gib`` [GiB], ``iops`` [IOPS] (provisioned or delivered), ``throughput_mibps``
        [MiB/s], ``usd_per_month`` [USD/month] (NaN where infeasible or unpriced),
        ``feasible``, ``limits``.

    Notes
    -----
    Rules: as :func:`calc.ebs.sizing.cheapest_config`.
    """
    specs = volume_specs(limits, basis, nitro)
    x = _a(iops).ravel()
    frames = []
    for vt in types:
        spec = specs[vt]
        ch = cheapest_config(vt, size_gib=size_gib, iops=x, throughput_mibps=throughput_mibps,
                             boot=boot, attach_instances=attach_instances, spec=spec)
        usd = cheapest_usd_per_month(vt, ch, iops=x, prices=prices.values, spec=spec)
        frames.append(pd.DataFrame({"volume_type": vt, "required_iops": x,
                                    "size_gib": ch.size_gib, "iops": ch.iops,
                                    "throughput_mibps": ch.throughput_mibps,
                                    "usd_per_month": usd, "feasible": ch.feasible,
                                    "limits": basis}))
    return pd.concat(frames, ignore_index=True)


def cost_grid(volume_type: str, *, size_gib: Any, iops: Any, prices: PriceRecord,
              spec: VolumeSpec, throughput_mibps: float | None = None) -> pd.DataFrame:
    """Monthly cost over a size x IOPS grid for one type (vectorised).

    Parameters
    ----------
    volume_type : str
        Volume type.
    size_gib, iops : array
        Grid axes [GiB] and [IOPS]; the result has len(size) x len(iops) rows.
    prices : PriceRecord
        The region's EBS prices.
    spec : VolumeSpec
        The type's limits.
    throughput_mibps : float, optional
        gp3 provisioned throughput [MiB/s] (default the included 125).

    Returns
    -------
    pandas.DataFrame
        ``size_gib``, ``iops``, ``usd_per_month`` [USD/month], ``valid``: for gp3/io1/io2 the
        IOPS are provisioned (raised to the type's minimum) and ``valid`` says whether the size
        allows them; for gp2, st1, sc1 and magnetic the cost follows size (magnetic adds I/O
        requests at that IOPS) and ``valid`` says whether the size delivers that IOPS.

    Notes
    -----
    Rules: EBS-GP3, EBS-GP2-IOPS, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1.
    """
    from calc.ebs.costs import volume_usd_per_month

    s, i = np.meshgrid(_a(size_gib).ravel(), _a(iops).ravel(), indexing="ij")
    s, i = s.ravel(), i.ravel()
    if volume_type in ("gp3", "io1", "io2"):
        lo = spec.included_iops if volume_type == "gp3" else spec.min_iops
        prov = np.maximum(i, lo or 0.0)
        thr = None
        if volume_type == "gp3":
            t = spec.included_throughput_mibps if throughput_mibps is None else throughput_mibps
            thr = np.full_like(s, t or 0.0)
        usd = volume_usd_per_month(volume_type, size_gib=s, iops=prov, throughput_mibps=thr,
                                   prices=prices.values, spec=spec)
        valid = config_valid(volume_type, size_gib=s, iops=prov, throughput_mibps=thr, spec=spec)
    else:
        io_m = io_requests_millions_per_month(iops=i) if volume_type == "standard" else 0.0
        usd = volume_usd_per_month(volume_type, size_gib=s, io_requests_millions=io_m,
                                   prices=prices.values, spec=spec)
        perf = performance(volume_type, size_gib=s, spec=spec)
        valid = config_valid(volume_type, size_gib=s, spec=spec) & (perf.sustained_iops >= i)
    return pd.DataFrame({"size_gib": s, "iops": i, "usd_per_month": usd, "valid": valid})
