"""S3 cost of one storage class in one Region, line by line.

``s3_cost`` wires the catalog it is handed to the formulas (:mod:`calc.s3.charges`): it looks
every price up, records the rows it uses (``prices_used``), keeps a breakdown line per
charge, and marks a line ``price_available=False`` (with the reason) where the snapshot has
no price; where that price is needed the total is unknown (None), ``complete`` is False and
``priced_usd_per_month`` sums the lines that have a price.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from calc.pricing import Catalog, TieredPrice
from calc.report import PriceUsed
from calc.s3 import charges as f
from calc.s3.classes import ARCHIVE_RETRIEVAL, LABELS, SNAPSHOT_CLASS, ClassInfo, class_info
from calc.s3.models import S3CostInput
from calc.s3.prices import (
    GET_COMPONENT,
    IT_TIERS,
    PUT_COMPONENT,
    TRANSFER_OUT,
    lookup,
    meter_label,
    price_rows,
    transfer_out_price,
)
from calc.units import DAYS_PER_MONTH, PCT

BREAKDOWN_COLUMNS = [
    "component", "quantity", "unit", "usd_per_unit", "usd_per_month", "usd_for_days_stored",
    "price_available", "note", "source", "as_of", "rule_id",
]


@dataclass
class Breakdown:
    """Breakdown lines being collected for one result."""

    days_stored: float | None = None
    month_days: float = DAYS_PER_MONTH
    rows: list[dict[str, Any]] = field(default_factory=list)
    prices_used: list[PriceUsed] = field(default_factory=list)

    def add(self, component: str, quantity: float, unit: str, price: TieredPrice | None,
            missing: str, usd_month: Any, *, prorate: bool, rule_id: str = "",
            note: str = "", period_usd: float | None = None) -> None:
        """Add a line; ``usd_month`` is called with the price when it exists.

        ``prorate`` True: a per-month charge (storage) scaled to ``days_stored``; False: the
        counts are those of the stored days, so the period pays the same amount.
        """
        if price is None:
            self.rows.append(dict(component=component, quantity=quantity, unit=unit,
                                  usd_per_unit=None, usd_per_month=None,
                                  usd_for_days_stored=None, price_available=False,
                                  note=missing, source="", as_of="", rule_id=rule_id))
            return
        usd = float(usd_month(price))
        period: float | None = None
        if self.days_stored is not None:
            if period_usd is not None:
                period = period_usd
            elif prorate:
                period = f.prorated_usd(usd_per_month=usd, days=self.days_stored,
                                        month_days=self.month_days)
            else:
                period = usd
        self.rows.append(dict(
            component=component, quantity=quantity, unit=unit,
            usd_per_unit=price.flat_usd_per_unit if len(price.tiers) == 1 else None,
            usd_per_month=usd, usd_for_days_stored=period, price_available=True, note=note,
            source=price.source.id, as_of=price.as_of, rule_id=rule_id))

    def used(self, what: str, price: TieredPrice | None) -> None:
        """Record the rows of a price the result uses (once each)."""
        if price is not None:
            self.prices_used += [p for p in price_rows(what, price) if p not in self.prices_used]

    def add_limit(self, component: str, quantity: float, unit: str, usd_per_unit: float,
                  rule_id: str, note: str) -> None:
        """A charge whose rate is a limits row (e.g. Intelligent-Tiering retrieval = 0)."""
        usd = quantity * usd_per_unit
        self.rows.append(dict(component=component, quantity=quantity, unit=unit,
                              usd_per_unit=usd_per_unit, usd_per_month=usd,
                              usd_for_days_stored=None if self.days_stored is None else usd,
                              price_available=True, note=note, source="limits.csv", as_of="",
                              rule_id=rule_id))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=BREAKDOWN_COLUMNS)


@dataclass(frozen=True)
class S3CostResult:
    """The cost of one class: totals, the breakdown and the class's figures."""

    region: str
    storage_class: str
    usd_per_month: float | None  # None when a needed price is missing (see ``missing``)
    days_stored: float | None
    usd_for_days_stored: float | None
    complete: bool
    missing: list[str]
    breakdown: pd.DataFrame
    info: ClassInfo
    as_of: list[str]
    notes: list[str]
    priced_usd_per_month: float = 0.0  # the sum of the lines that have a price
    prices_used: list[PriceUsed] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "storage_class": self.storage_class,
                "usd_per_month": self.usd_per_month, "days_stored": self.days_stored,
                "usd_for_days_stored": self.usd_for_days_stored, "complete": self.complete,
                "priced_usd_per_month": self.priced_usd_per_month,
                "missing_prices": self.missing, "breakdown": self.breakdown,
                "class": self.info.__dict__, "as_of": self.as_of, "notes": self.notes}


def partial_month_note(days_stored: float, month_days: float | None) -> str:
    """What a partial-month result is prorated over, said beside it (issue 13).

    Notes
    -----
    Rule: S3-CLASSES. AWS prorates storage by the hours of the real month (S3 FAQ, billing);
    with no month given the app uses AWS's 730-hour month.
    """
    if month_days is None:
        return (f"partial month: {days_stored:g} days prorated over a 730-hour month "
                f"({DAYS_PER_MONTH:.2f} days); AWS prorates by the hours of the real month "
                f"(28-31 days): give month_days for the exact figure [S3-CLASSES]")
    return (f"partial month: {days_stored:g} days of a {month_days:g}-day month, prorated as "
            f"AWS does (hours of the real month) [S3-CLASSES]")


def s3_cost(inp: S3CostInput, *, catalog: Catalog) -> S3CostResult:
    """Monthly cost (and the cost for ``days_stored`` days) of one S3 class.

    Notes
    -----
    Rules: S3-CLASSES (volume tiers), S3-MIN-DURATION (minimum duration, 128 KB minimum
    object size, archive per-object overhead), S3-RETRIEVAL (restore tiers),
    S3-INTELLIGENT (monitoring fee, tiers, no retrieval charge), S3-DURABILITY and
    S3-AVAILABILITY (shown beside the cost). Sources: AWS S3 pricing page; the S3 FAQ
    (byte-hours to GB-months); prices from the bundled snapshot with their as-of dates.
    """
    cat = catalog
    lim = cat.limits
    cid = inp.storage_class
    snap = SNAPSHOT_CLASS[cid]
    info = class_info(cid, lim, inp.basis)
    month_days = DAYS_PER_MONTH if inp.month_days is None else inp.month_days
    b = Breakdown(days_stored=inp.days_stored, month_days=month_days)
    notes: list[str] = []
    if inp.days_stored is not None:
        notes.append(partial_month_note(inp.days_stored, inp.month_days))

    def price(component: str, klass: str = snap) -> tuple[TieredPrice | None, str]:
        found, why = lookup(cat, inp.region, klass, component)
        b.used(meter_label(klass, component), found)
        return found, why

    # -- storage ----------------------------------------------------------------------------
    stored_gb = inp.storage_gb
    if info.min_billable_object_kb and inp.objects is not None:
        stored_gb = f.billable_gb(storage_gb=inp.storage_gb, objects=inp.objects,
                                  min_object_kb=info.min_billable_object_kb)
        if stored_gb > inp.storage_gb:
            notes.append(f"objects average under {info.min_billable_object_kb:g} KB: each is "
                         f"billed as {info.min_billable_object_kb:g} KB [S3-MIN-DURATION]")
    storage_rule = "S3-CLASSES"
    class_storage_month = 0.0  # this class's own storage charge (for the minimum duration)
    if cid == "intelligent_tiering":
        shares = inp.it_shares_pct()
        min_kb = lim.value("s3.intelligent_tiering.min_monitored_object_kb", inp.basis)
        objects = inp.objects or 0.0
        small = objects > 0 and inp.storage_gb / objects * f.KB_PER_GB < min_kb
        if small:
            shares = {"frequent": PCT} | {k: 0.0 for k in shares if k != "frequent"}
            notes.append(f"objects average under {min_kb:g} KB: not monitored, they stay in "
                         f"Frequent Access and pay no monitoring fee [S3-INTELLIGENT]")
        for tier_name, share in shares.items():
            if tier_name != "frequent" and share == 0:
                continue
            gb = inp.storage_gb * share / PCT
            p, why = price(IT_TIERS[tier_name])
            b.add(IT_TIERS[tier_name], gb, "GB-month", p, why,
                  lambda p, gb=gb: f.tiered_usd(quantity=gb, tiers=p.tiers), prorate=True,
                  rule_id="S3-INTELLIGENT")
        monitored = 0.0 if small else objects
        p, why = price("monitoring_automation")
        b.add("monitoring_automation", monitored, "objects", p, why,
              lambda p: f.per_thousand_usd(count=monitored, usd_per_thousand=p.flat_usd_per_unit),
              prorate=True, rule_id="S3-INTELLIGENT")
    else:
        p, why = price("storage")
        if p is not None:
            class_storage_month = f.tiered_usd(quantity=stored_gb, tiers=p.tiers)
        b.add("storage", stored_gb, "GB-month", p, why,
              lambda p: f.tiered_usd(quantity=stored_gb, tiers=p.tiers), prorate=True,
              rule_id="S3-MIN-DURATION" if stored_gb > inp.storage_gb else storage_rule)
        if cid in ARCHIVE_RETRIEVAL and inp.objects:
            arch_gb = f.overhead_gb(objects=inp.objects,
                                    overhead_kb=lim.value("s3.archive_overhead_kb.archive_rate",
                                                          inp.basis))
            std_gb = f.overhead_gb(objects=inp.objects,
                                   overhead_kb=lim.value("s3.archive_overhead_kb.standard_rate",
                                                         inp.basis))
            if p is not None:
                class_storage_month = f.tiered_usd(quantity=stored_gb + arch_gb, tiers=p.tiers)
            b.add("storage_overhead_archive_rate", arch_gb, "GB-month", p, why,
                  lambda p: f.tiered_usd(quantity=stored_gb + arch_gb, tiers=p.tiers)
                  - f.tiered_usd(quantity=stored_gb, tiers=p.tiers),
                  prorate=True, rule_id="S3-MIN-DURATION",
                  note="per-object index billed at the archive rate")
            ps, why_s = price("storage", "STANDARD")
            b.add("storage_overhead_standard_rate", std_gb, "GB-month", ps, why_s,
                  lambda p: f.tiered_usd(quantity=std_gb, tiers=p.tiers), prorate=True,
                  rule_id="S3-MIN-DURATION",
                  note="per-object name and metadata billed at the S3 Standard rate")

    # -- requests ---------------------------------------------------------------------------
    if inp.put_requests:
        p, why = price(PUT_COMPONENT[snap])
        b.add(PUT_COMPONENT[snap], inp.put_requests, "requests", p, why,
              lambda p: f.per_thousand_usd(count=inp.put_requests,
                                           usd_per_thousand=p.flat_usd_per_unit),
              prorate=False, rule_id="S3-CLASSES")
    if inp.get_requests:
        p, why = price(GET_COMPONENT[snap])
        b.add(GET_COMPONENT[snap], inp.get_requests, "requests", p, why,
              lambda p: f.per_thousand_usd(count=inp.get_requests,
                                           usd_per_thousand=p.flat_usd_per_unit),
              prorate=False, rule_id="S3-CLASSES")

    # -- retrieval --------------------------------------------------------------------------
    if cid in ARCHIVE_RETRIEVAL:
        if inp.retrieval_gb:
            comp = f"retrieval_{inp.tier}"
            p, why = price(comp)
            b.add(comp, inp.retrieval_gb, "GB", p, why,
                  lambda p: f.per_gb_usd(gb=inp.retrieval_gb, usd_per_gb=p.flat_usd_per_unit),
                  prorate=False, rule_id="S3-RETRIEVAL")
        if inp.retrieval_requests:
            comp = f"retrieval_requests_{inp.tier}"
            p, why = price(comp)
            b.add(comp, inp.retrieval_requests, "requests", p, why,
                  lambda p: f.per_thousand_usd(count=inp.retrieval_requests,
                                               usd_per_thousand=p.flat_usd_per_unit),
                  prorate=False, rule_id="S3-RETRIEVAL")
    elif cid == "intelligent_tiering":
        if inp.retrieval_gb:
            b.add_limit("retrieval", inp.retrieval_gb, "GB",
                        lim.value("s3.intelligent_tiering.retrieval_usd_per_gb", inp.basis),
                        "S3-INTELLIGENT", "Intelligent-Tiering has no retrieval charge")
    elif cid != "standard" and inp.retrieval_gb:
        p, why = price("retrieval")
        b.add("retrieval", inp.retrieval_gb, "GB", p, why,
              lambda p: f.per_gb_usd(gb=inp.retrieval_gb, usd_per_gb=p.flat_usd_per_unit),
              prorate=False, rule_id="S3-RETRIEVAL")
    if cid == "express_onezone" and inp.upload_gb:
        p, why = price("upload")
        b.add("upload", inp.upload_gb, "GB", p, why,
              lambda p: f.per_gb_usd(gb=inp.upload_gb, usd_per_gb=p.flat_usd_per_unit),
              prorate=False, rule_id="S3-CLASSES")

    # -- data transfer out ------------------------------------------------------------------
    if inp.transfer_out_gb:
        p, why = transfer_out_price(cat, inp.region)
        b.used(TRANSFER_OUT, p)
        b.add("data_transfer_out_internet", inp.transfer_out_gb, "GB", p, why,
              lambda p: f.tiered_usd(quantity=inp.transfer_out_gb, tiers=p.tiers),
              prorate=False, note="tiers per Region; AWS's 100 GB/month free allowance "
                                  "(all services) is not applied")

    # -- minimum duration -------------------------------------------------------------------
    if inp.days_stored is not None and info.min_duration_days > inp.days_stored:
        p, why = price("storage") if cid != "intelligent_tiering" else (None, "")
        extra = (f.early_delete_usd(usd_per_month=class_storage_month,
                                    days_stored=inp.days_stored,
                                    min_duration_days=info.min_duration_days,
                                    month_days=month_days)
                 if p is not None else None)
        b.add("minimum_duration_charge",
              info.min_duration_days - inp.days_stored, "days", p, why,
              lambda p: 0.0, prorate=False, rule_id="S3-MIN-DURATION", period_usd=extra,
              note=f"deleted after {inp.days_stored:g} days; {LABELS[cid]} bills at least "
                   f"{info.min_duration_days:g} days")

    frame = b.frame()
    available = frame["price_available"].astype(bool)
    # A missing price matters only where something is billed at it; then the total is
    # unknown (None) and the priced lines' sum is reported under its own name.
    needed = ~available & (frame["quantity"].astype(float) > 0)
    missing = [str(n) for n in frame.loc[needed, "note"]]
    priced = float(frame.loc[available, "usd_per_month"].astype(float).sum())
    period = None
    if inp.days_stored is not None and not missing:
        period = float(frame.loc[available, "usd_for_days_stored"].astype(float).sum())
    dates = sorted({str(d) for d in frame.loc[available, "as_of"] if d})
    return S3CostResult(inp.region, cid, None if missing else priced, inp.days_stored, period,
                        not missing, missing, frame, info, dates, notes, priced, b.prices_used)
