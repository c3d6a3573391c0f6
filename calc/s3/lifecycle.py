"""S3 lifecycle simulation over months, with daily cohorts, vectorised with numpy.

Each day's ingest is a cohort. A cohort's age decides its class: a lifecycle rule moves it at
an age in days, expiration removes it. With the cumulative ingest ``C`` (per day), the GB in
the segment that starts at age ``a`` and ends at age ``b`` on day ``t`` is
``C[t - a] - C[t - b]``: every class of every day is one shifted difference, and the GB in all
classes always add up to what was ingested minus what expired (conservation by construction).

Three scenarios are computed side by side:

* ``lifecycle``: the start class and the transition rules, then expiration;
* ``no_lifecycle``: everything stays in S3 Standard and nothing expires (no configuration);
* ``intelligent_tiering``: everything is written to Intelligent-Tiering, never read again,
  so it moves to Infrequent Access at 30 days and Archive Instant Access at 90 (and to the
  optional archive tiers when enabled), with the same expiration.

Months are the AWS 730-hour months; a day belongs to the month its first hour falls in, and
a month's GB-months are its average GB (what the S3 FAQ's byte-hours give).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from calc.errors import InputError
from calc.pricing import Catalog, Limits, Tier, TieredPrice
from calc.report import PriceUsed
from calc.s3 import charges as f
from calc.s3.classes import ARCHIVE_CLASSES, LABELS, LIFECYCLE_ORDER, SNAPSHOT_CLASS, class_info
from calc.s3.models import LifecycleRule, S3LifecycleInput
from calc.s3.prices import IT_TIERS, PUT_COMPONENT, lookup, meter_label, price_rows
from calc.units import HOURS_PER_DAY, HOURS_PER_MONTH, PER_THOUSAND

SCENARIOS = ("lifecycle", "no_lifecycle", "intelligent_tiering")
# one label per scenario id, for the GUI's summary and charts
SCENARIO_LABELS = {"lifecycle": "Lifecycle rules", "no_lifecycle": "No lifecycle (Standard)",
                   "intelligent_tiering": "Intelligent-Tiering"}

# -- layer 1: the cohort simulation (pure) -------------------------------------------------
@dataclass(frozen=True)
class CohortFlows:
    """GB per segment and month from :func:`simulate_cohorts`.

    Arrays are (segments, months) unless named per month. ``entered[k]`` is GB reaching
    segment ``k`` in the month (``entered[0]`` = ingest).
    """

    days_in_month: np.ndarray
    ingest_gb: np.ndarray
    expired_gb: np.ndarray
    avg_gb: np.ndarray
    end_gb: np.ndarray
    entered_gb: np.ndarray


def month_of_day(months: int) -> np.ndarray:
    """The month index of every simulated day (AWS 730-hour months, 365 days = 12 months)."""
    n_days = math.ceil(months * HOURS_PER_MONTH / HOURS_PER_DAY)
    return (np.arange(n_days) * HOURS_PER_DAY) // HOURS_PER_MONTH


def simulate_cohorts(*, ingest_gb_per_month: np.ndarray, initial_gb: float,
                     segment_start_days: Sequence[int], expire_days: int | None
                     ) -> CohortFlows:
    """GB in each age segment per month, for daily cohorts.

    Parameters
    ----------
    ingest_gb_per_month : array (months,)
        New data each month, spread evenly over the month's days [GB].
    initial_gb : float
        Data present on day 0, at age 0 [GB].
    segment_start_days : sequence of int
        Age at which each segment starts, increasing, the first 0 [days].
    expire_days : int or None
        Age at which data is deleted (None: never) [days].

    Returns
    -------
    CohortFlows
        [GB]; end-of-month GB of all segments = previous month's + ingest - expired.

    Notes
    -----
    Rule: S3-LIFECYCLE (transition and expiration actions by age).
    """
    ingest = np.asarray(ingest_gb_per_month, dtype=float)
    months = len(ingest)
    mod = month_of_day(months)
    n_days = len(mod)
    days_in_month = np.bincount(mod, minlength=months)
    daily = ingest[mod] / days_in_month[mod]
    daily[0] += initial_gb
    cum = np.cumsum(daily)
    starts = np.concatenate(([0], np.cumsum(days_in_month)[:-1]))
    ends = np.cumsum(days_in_month) - 1

    def shifted(age: int | None) -> np.ndarray:
        """GB ingested at least ``age`` days before each day (0 before the start)."""
        out = np.zeros(n_days)
        if age is not None and age < n_days:
            out[age:] = cum[: n_days - age]
        return out

    bounds = [*segment_start_days, expire_days]
    older = np.stack([shifted(a) for a in bounds])  # (segments + 1, days)
    stock = older[:-1] - older[1:]
    stock = np.maximum(stock, 0.0)  # float round-off only; the difference is never negative
    avg = np.add.reduceat(stock, starts, axis=1) / days_in_month
    end = stock[:, ends]

    def per_month(series: np.ndarray) -> np.ndarray:
        at_end = series[ends]
        return np.diff(at_end, prepend=0.0)

    entered = np.stack([per_month(row) for row in older[:-1]])
    expired = per_month(older[-1])
    ingest_m = per_month(cum)
    return CohortFlows(days_in_month, ingest_m, expired, avg, end, entered)


def validate_rules(inp: S3LifecycleInput, limits: Limits) -> list[LifecycleRule]:
    """The rules sorted by age; InputError when one moves objects to a warmer class.

    Notes
    -----
    Rule: S3-LIFECYCLE. AWS accepts transitions only down the waterfall Standard >
    Standard-IA > Intelligent-Tiering > One Zone-IA > Glacier IR > Glacier Flexible > Deep
    Archive, and transitions to Standard-IA or One Zone-IA only at 30 days or more.
    """
    rules = sorted(inp.rules, key=lambda r: r.days)
    prev_class, prev_days = inp.start_class, None
    min_ia = limits.value("s3.lifecycle.min_days_before_ia", inp.basis)
    for i, r in enumerate(rules):
        field_name = f"rules[{i}]"
        if prev_days is not None and r.days == prev_days:
            raise InputError(field_name, f"{r.storage_class}:{r.days}",
                             f"two transitions at {r.days} days; each rule needs its own age",
                             rule_id="S3-LIFECYCLE")
        if LIFECYCLE_ORDER.index(r.storage_class) <= LIFECYCLE_ORDER.index(prev_class):
            raise InputError(field_name, f"{r.storage_class}:{r.days}",
                             f"out of order: {r.storage_class} is not colder than {prev_class} "
                             f"(lifecycle moves objects only down "
                             f"{' > '.join(LIFECYCLE_ORDER)})", rule_id="S3-LIFECYCLE")
        if r.storage_class in ("standard_ia", "onezone_ia") and r.days < min_ia:
            raise InputError(field_name, f"{r.storage_class}:{r.days}",
                             f"transitions to {r.storage_class} need objects at least "
                             f"{min_ia:g} days old", rule_id="S3-LIFECYCLE")
        prev_class, prev_days = r.storage_class, r.days
    if inp.expire_days is not None and prev_days is not None and inp.expire_days <= prev_days:
        raise InputError("expire_days", inp.expire_days,
                         f"must be after the last transition ({prev_days} days)",
                         rule_id="S3-LIFECYCLE")
    return rules


# -- layer 3: prices and scenarios ---------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    """An age segment of a scenario: the class (and IT tier) data sits in from ``start_day``."""

    class_id: str
    start_day: int
    it_tier: str | None = None  # Intelligent-Tiering access tier, e.g. "frequent"
    transition: bool = False  # entering it is a lifecycle transition request

    @property
    def component(self) -> str:
        return IT_TIERS[self.it_tier] if self.it_tier else "storage"

    @property
    def label(self) -> str:
        return self.class_id if not self.it_tier else f"intelligent_tiering_{self.it_tier}"


def _it_segments(start: int, end: int | None, inp: S3LifecycleInput, limits: Limits,
                 small_objects: bool, transition: bool) -> list[Segment]:
    """Intelligent-Tiering from ``start`` (no access): FA, then IA, AIA and the opt-in tiers."""
    segs = [Segment("intelligent_tiering", start, "frequent", transition)]
    if small_objects:
        return segs
    steps = [("infrequent", limits.value("s3.intelligent_tiering.ia_after_days", inp.basis)),
             ("archive_instant",
              limits.value("s3.intelligent_tiering.archive_instant_after_days", inp.basis))]
    if inp.it_archive_access_days is not None:
        steps.append(("archive_access", inp.it_archive_access_days))
    if inp.it_deep_archive_access_days is not None:
        steps.append(("deep_archive_access", inp.it_deep_archive_access_days))
    for tier, after in steps:
        day = start + int(after)
        if end is None or day < end:
            segs.append(Segment("intelligent_tiering", day, tier))
    return segs


def _check_it_days(inp: S3LifecycleInput, limits: Limits) -> None:
    """Opt-in archive tiers within AWS's configurable range (rule S3-INTELLIGENT)."""
    for field_name, value, lo_key, hi_key in (
        ("it_archive_access_days", inp.it_archive_access_days,
         "s3.intelligent_tiering.archive_access_min_days",
         "s3.intelligent_tiering.archive_access_max_days"),
        ("it_deep_archive_access_days", inp.it_deep_archive_access_days,
         "s3.intelligent_tiering.deep_archive_access_min_days",
         "s3.intelligent_tiering.deep_archive_access_max_days"),
    ):
        if value is None:
            continue
        lo, hi = limits.value(lo_key, inp.basis), limits.value(hi_key, inp.basis)
        if not lo <= value <= hi:
            raise InputError(field_name, value, f"between {lo:g} and {hi:g} days",
                             rule_id="S3-INTELLIGENT")
    a, d = inp.it_archive_access_days, inp.it_deep_archive_access_days
    if a is not None and d is not None and d <= a:
        raise InputError("it_deep_archive_access_days", d,
                         f"must be after the Archive Access tier ({a} days)",
                         rule_id="S3-INTELLIGENT")


def stays_small(inp: S3LifecycleInput, limits: Limits) -> bool:
    """True when S3 would not transition the objects: smaller than the default minimum size.

    Notes
    -----
    Rule: S3-LIFECYCLE. Since September 2024 S3 Lifecycle by default does not transition
    objects smaller than 128 KB to any storage class (an ObjectSizeGreaterThan filter can
    allow it; ``transition_small_objects``). Source: AWS S3 User Guide, "Transitioning objects
    using Amazon S3 Lifecycle" (read 2026-11-26).
    """
    return (not inp.transition_small_objects
            and inp.avg_object_kb < limits.value("s3.lifecycle.min_transition_object_kb",
                                                 inp.basis))


def scenario_segments(inp: S3LifecycleInput, limits: Limits, rules: Sequence[LifecycleRule]
                      ) -> dict[str, tuple[list[Segment], int | None]]:
    """Each scenario's age segments and expiration age."""
    min_it_kb = limits.value("s3.intelligent_tiering.min_monitored_object_kb", inp.basis)
    small = inp.avg_object_kb < min_it_kb
    if stays_small(inp, limits):  # S3's default: objects under 128 KB are not transitioned
        rules = []
    stops = [(inp.start_class, 0, False)] + [(r.storage_class, r.days, True) for r in rules]
    life: list[Segment] = []
    for i, (cid, day, transition) in enumerate(stops):
        end = stops[i + 1][1] if i + 1 < len(stops) else inp.expire_days
        if cid == "intelligent_tiering":
            life += _it_segments(day, end, inp, limits, small, transition)
        else:
            life.append(Segment(cid, day, None, transition))
    it = _it_segments(0, inp.expire_days, inp, limits, small, False)
    return {"lifecycle": (life, inp.expire_days),
            "no_lifecycle": ([Segment("standard", 0)], None),
            "intelligent_tiering": (it, inp.expire_days)}


@dataclass
class _Costs:
    missing: list[str] = field(default_factory=list)
    prices_used: list[PriceUsed] = field(default_factory=list)

    def used(self, what: str, price: TieredPrice | None) -> None:
        if price is not None:
            self.prices_used += [p for p in price_rows(what, price) if p not in self.prices_used]

    def note(self, why: str) -> None:
        if why and why not in self.missing:
            self.missing.append(why)


def _missing_where_used(quantity: np.ndarray) -> np.ndarray:
    """A missing price costs nothing while nothing uses it, and is unknown (NaN) once used."""
    return np.where(np.asarray(quantity) > 0, np.nan, 0.0)


def _tiered(quantity: np.ndarray, tiers: Sequence[Tier] | None) -> np.ndarray:
    if tiers is None:
        return _missing_where_used(quantity)
    return np.asarray(f.tiered_usd(quantity=quantity, tiers=tiers), dtype=float)


def scenario_costs(*, segments: Sequence[Segment], expire_days: int | None,
                   flows: CohortFlows, inp: S3LifecycleInput, catalog: Catalog
                   ) -> tuple[pd.DataFrame, list[str], list[PriceUsed]]:
    """Monthly cost lines of one scenario (NaN where a price is missing), what is missing and
    the prices used.

    Notes
    -----
    Rules: S3-CLASSES (tiered storage), S3-LIFECYCLE (transition requests per 1,000),
    S3-MIN-DURATION (early-delete charge when a cohort leaves a class before its minimum;
    128 KB minimum; archive per-object overhead), S3-INTELLIGENT (monitoring fee).
    """
    lim = catalog.limits
    costs = _Costs()
    objects_per_gb = f.KB_PER_GB / inp.avg_object_kb
    months = flows.avg_gb.shape[1]

    def price(cid: str, component: str) -> TieredPrice | None:
        p, why = lookup(catalog, inp.region, SNAPSHOT_CLASS[cid], component)
        costs.note(why)
        costs.used(meter_label(SNAPSHOT_CLASS[cid], component), p)
        return p

    storage = np.zeros(months)
    transition = np.zeros(months)
    early = np.zeros(months)
    monitoring = np.zeros(months)
    overhead_std_gb = np.zeros(months)
    for k, seg in enumerate(segments):
        info = class_info(seg.class_id, lim, inp.basis)
        gb = flows.avg_gb[k]
        factor = 1.0
        if info.min_billable_object_kb:
            factor = max(1.0, info.min_billable_object_kb / inp.avg_object_kb)
        if seg.class_id in ARCHIVE_CLASSES:
            factor += lim.value("s3.archive_overhead_kb.archive_rate", inp.basis) \
                / inp.avg_object_kb
            overhead_std_gb += gb * lim.value("s3.archive_overhead_kb.standard_rate",
                                              inp.basis) / inp.avg_object_kb
        p = price(seg.class_id, seg.component)
        storage = storage + _tiered(gb * factor, None if p is None else p.tiers)
        if seg.transition:
            pt = price(seg.class_id, "lifecycle_transition_into")
            requests = flows.entered_gb[k] * objects_per_gb
            transition = transition + (requests / PER_THOUSAND * pt.flat_usd_per_unit
                                       if pt is not None else _missing_where_used(requests))
        if seg.class_id == "intelligent_tiering" and inp.avg_object_kb >= lim.value(
                "s3.intelligent_tiering.min_monitored_object_kb", inp.basis):
            pm = price("intelligent_tiering", "monitoring_automation")
            monitored = gb * objects_per_gb
            monitoring = monitoring + (monitored / PER_THOUSAND * pm.flat_usd_per_unit
                                       if pm is not None else _missing_where_used(monitored))
        if info.min_duration_days:
            # the cohort leaves this class at the next segment's start (or on expiry)
            if k + 1 < len(segments):
                leave_day, leaving = segments[k + 1].start_day, flows.entered_gb[k + 1]
            elif expire_days is not None:
                leave_day, leaving = expire_days, flows.expired_gb
            else:
                continue
            dwell = leave_day - seg.start_day
            if dwell < info.min_duration_days:
                leaving_usd = (leaving * factor * p.tiers[0].usd_per_unit if p is not None
                               else _missing_where_used(leaving))
                early = early + f.early_delete_usd(
                    usd_per_month=leaving_usd, days_stored=dwell,
                    min_duration_days=info.min_duration_days)
    if overhead_std_gb.any():
        ps = price("standard", "storage")
        storage = storage + _tiered(overhead_std_gb, None if ps is None else ps.tiers)
    first = segments[0].class_id
    pp = price(first, PUT_COMPONENT[SNAPSHOT_CLASS[first]])
    puts = flows.ingest_gb * objects_per_gb
    put_usd = (puts / PER_THOUSAND * pp.flat_usd_per_unit if pp is not None
               else _missing_where_used(puts))
    frame = pd.DataFrame({
        "month": np.arange(1, months + 1), "storage_usd": storage, "put_requests_usd": put_usd,
        "transition_usd": transition, "early_delete_usd": early, "monitoring_usd": monitoring,
    })
    parts = ["storage_usd", "put_requests_usd", "transition_usd", "early_delete_usd",
             "monitoring_usd"]
    # A month that needs a missing price has no total (NaN), and the running total stops
    # there: a partial sum would understate the cost and win comparisons it should not.
    frame["total_usd"] = frame[parts].sum(axis=1, skipna=False)
    frame["cumulative_usd"] = np.cumsum(frame["total_usd"].to_numpy())
    frame["complete"] = ~frame[parts].isna().any(axis=1)
    return frame, costs.missing, costs.prices_used


@dataclass(frozen=True)
class S3LifecycleResult:
    """GB per class per month and the cost lines of the three scenarios.

    ``gb_by_class``: month, end-of-month GB per class of the lifecycle scenario (for a
    stacked area), total, ingest and expired GB. ``cumulative``: month and the cumulative
    cost of each scenario (three lines). ``monthly``: long table, one row per scenario and
    month with every cost part. ``summary``: one row per scenario. ``cheapest``: the
    scenario with the lowest total among those whose total is known (None when none is);
    ``cheapest_of_all`` says whether every scenario's total is known.
    """

    gb_by_class: pd.DataFrame
    cumulative: pd.DataFrame
    monthly: pd.DataFrame
    summary: pd.DataFrame
    rules: list[LifecycleRule]
    missing: dict[str, list[str]]
    as_of: list[str]
    notes: list[str]
    region: str = "us-east-1"
    cheapest: str | None = None
    cheapest_of_all: bool = True
    description: str = ""  # the lifecycle configuration in words
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def cheapest_label(self) -> str:
        """"cheapest", or "cheapest of the known" while a scenario's total is unknown."""
        return "cheapest" if self.cheapest_of_all else "cheapest of the known"

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "rules": [r.model_dump() for r in self.rules],
                "missing_prices": self.missing, "gb_by_class": self.gb_by_class,
                "cumulative": self.cumulative, "monthly": self.monthly, "as_of": self.as_of,
                "notes": self.notes}


def simulate_lifecycle(inp: S3LifecycleInput, *, catalog: Catalog) -> S3LifecycleResult:
    """Simulate a lifecycle configuration beside no lifecycle and Intelligent-Tiering.

    Notes
    -----
    Rules: S3-LIFECYCLE, S3-MIN-DURATION, S3-INTELLIGENT, S3-CLASSES. Data is assumed not
    to be read back (retrieval fees are not included).
    """
    cat = catalog
    lim = cat.limits
    rules = validate_rules(inp, lim)
    _check_it_days(inp, lim)
    ingest = inp.ingest_per_month()
    segs = scenario_segments(inp, lim, rules)
    monthly_frames = []
    missing: dict[str, list[str]] = {}
    used: list[PriceUsed] = []
    gb_by_class = pd.DataFrame()
    for name in SCENARIOS:
        seg_list, expire = segs[name]
        flows = simulate_cohorts(ingest_gb_per_month=ingest, initial_gb=inp.initial_gb,
                                 segment_start_days=[s.start_day for s in seg_list],
                                 expire_days=expire)
        frame, miss, prices = scenario_costs(segments=seg_list, expire_days=expire,
                                             flows=flows, inp=inp, catalog=cat)
        used += [p for p in prices if p not in used]
        frame.insert(1, "scenario", name)
        frame.insert(2, "gb_stored", flows.end_gb.sum(axis=0))
        monthly_frames.append(frame)
        missing[name] = miss
        if name == "lifecycle":
            cols: dict[str, Any] = {"month": np.arange(1, inp.months + 1)}
            for cid in LIFECYCLE_ORDER:
                rows = [k for k, s in enumerate(seg_list) if s.class_id == cid]
                if rows:
                    cols[f"{cid}_gb"] = flows.end_gb[rows].sum(axis=0)
            cols["total_gb"] = flows.end_gb.sum(axis=0)
            cols["ingest_gb"] = flows.ingest_gb
            cols["expired_gb"] = flows.expired_gb
            gb_by_class = pd.DataFrame(cols)
    monthly = pd.concat(monthly_frames, ignore_index=True)
    cumulative = monthly.pivot(index="month", columns="scenario", values="cumulative_usd")
    cumulative = cumulative[list(SCENARIOS)].add_suffix("_cumulative_usd").reset_index()
    cumulative.columns.name = None
    records: list[dict[str, Any]] = [{
        "scenario": str(name),
        "total_usd": float(g["total_usd"].sum(skipna=False)),
        "last_month_usd": float(g["total_usd"].iloc[-1]),
        "gb_stored_at_end": float(g["gb_stored"].iloc[-1]),
        "complete": not missing[str(name)],
        "missing": "; ".join(missing[str(name)]),
    } for name, g in monthly.groupby("scenario", sort=False)]
    summary = pd.DataFrame(records)
    known = [r for r in records if r["complete"]]
    cheapest = (str(min(known, key=lambda r: float(r["total_usd"]))["scenario"])
                if known else None)
    as_of = sorted({cat.source(s).as_of for s in set(cat.table("s3_prices")["source"])})
    notes = [f"{inp.months} months, {inp.monthly_ingest_gb:,.0f} GB a month"
             + (f" growing {inp.monthly_growth_pct:g}% a month" if inp.monthly_growth_pct else "")
             + f", objects of {inp.avg_object_kb:,.0f} KB on average",
             "no_lifecycle: everything stays in S3 Standard and nothing expires",
             *(["objects average under "
                f"{lim.value('s3.lifecycle.min_transition_object_kb', inp.basis):g} KB: S3 does "
                "not transition them by default, so the lifecycle only expires them "
                "[S3-LIFECYCLE]"] if rules and stays_small(inp, lim) else []),
             "data is not read back: retrieval fees are not included"]
    rules_text = ", ".join(f"{LABELS[r.storage_class]} at {r.days} d" for r in rules)
    notes.insert(1, f"lifecycle: {LABELS[inp.start_class]}"
                 + (f", then {rules_text}" if rules else "")
                 + (f", expire at {inp.expire_days} d" if inp.expire_days else ""))
    return S3LifecycleResult(gb_by_class, cumulative, monthly, summary, rules, missing,
                             as_of, notes, region=inp.region, cheapest=cheapest,
                             cheapest_of_all=len(known) == len(records),
                             description=notes[1], prices_used=used)
