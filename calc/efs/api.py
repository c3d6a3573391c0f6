"""Amazon EFS: the entry point (validated input -> prices and limits -> formulas -> result).

:func:`cost` prices a file system's class mix and throughput mode on the catalog it is
handed, checks whether bursting throughput is enough, and builds the tables the GUI shows;
:func:`report` is what ``efs cost`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from calc.efs.costs import efs_elastic_usd, efs_provisioned_usd, efs_storage_usd
from calc.efs.models import THROUGHPUT_MODES, EfsCostInput, ThroughputMode
from calc.efs.throughput import burst_table
from calc.pricing import Catalog, PriceRecord
from calc.report import Output, PriceUsed
from calc.units import PCT

__all__ = ["MODE_LABELS", "THROUGHPUT_MODES", "EfsCostInput", "EfsCostResult", "PriceUsed",
           "ThroughputMode", "cost", "report"]

# one label per throughput mode id, for the GUI's choices and summaries
MODE_LABELS: dict[str, str] = {"bursting": "Bursting", "provisioned": "Provisioned",
                               "elastic": "Elastic"}
# price column of the snapshot -> what the price is called in the Explain panel
PRICE_LABELS: dict[str, str] = {
    "standard_usd_per_gb_month": "EFS Standard storage",
    "infrequent_access_usd_per_gb_month": "EFS Infrequent Access storage",
    "archive_usd_per_gb_month": "EFS Archive storage",
    "one_zone_usd_per_gb_month": "EFS One Zone storage",
    "one_zone_ia_usd_per_gb_month": "EFS One Zone-IA storage",
    "one_zone_archive_usd_per_gb_month": "EFS One Zone Archive storage",
    "ia_read_usd_per_gb": "EFS IA reads",
    "ia_write_usd_per_gb": "EFS IA writes (tiering included)",
    "archive_read_usd_per_gb": "EFS Archive reads",
    "archive_write_usd_per_gb": "EFS Archive writes",
    "provisioned_throughput_usd_per_mbps_month": "EFS provisioned throughput",
    "elastic_throughput_read_usd_per_gb": "EFS elastic throughput reads",
    "elastic_throughput_write_usd_per_gb": "EFS elastic throughput writes",
}


COLUMNS = ["component", "quantity", "unit", "usd_per_unit", "usd_per_month",
           "price_available", "note", "as_of", "rule_id"]


@dataclass(frozen=True)
class EfsCostResult:
    """The monthly EFS cost, its breakdown, the throughput check and the prices used.

    ``bursting_enough`` is the verdict of rule EFS-BURST: the baseline throughput of the data
    in Standard covers the throughput needed.
    """

    region: str
    usd_per_month: float | None  # None when a needed price is missing (see ``missing``)
    complete: bool
    missing: list[str]
    breakdown: pd.DataFrame
    throughput: dict[str, Any]
    throughput_options: pd.DataFrame  # one row per throughput mode
    class_mix: pd.DataFrame  # cost by IA share (for a chart)
    burst: pd.DataFrame  # baseline/burst throughput against stored GB (for a chart)
    as_of: str
    notes: list[str]
    bursting_enough: bool = True
    baseline_mibps_per_tib: float = 0.0  # the bursting baseline rate (rule EFS-BURST)
    prices_used: list[PriceUsed] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "usd_per_month": self.usd_per_month,
                "complete": self.complete, "missing_prices": self.missing,
                "breakdown": self.breakdown, "throughput": self.throughput,
                "throughput_options": self.throughput_options, "class_mix": self.class_mix,
                "burst": self.burst, "as_of": self.as_of, "notes": self.notes}


def _columns(one_zone: bool) -> dict[str, str]:
    if one_zone:
        return {"standard": "one_zone_usd_per_gb_month", "ia": "one_zone_ia_usd_per_gb_month",
                "archive": "one_zone_archive_usd_per_gb_month"}
    return {"standard": "standard_usd_per_gb_month", "ia": "infrequent_access_usd_per_gb_month",
            "archive": "archive_usd_per_gb_month"}


def cost(inp: EfsCostInput, *, catalog: Catalog) -> EfsCostResult:
    """Monthly EFS cost for a class mix and throughput mode, and the throughput check.

    Notes
    -----
    Rules: EFS-IA, EFS-ONE-ZONE, EFS-BURST, FSX-SCRATCH. Prices: the EFS pricing-page feed
    (as of 2025-09-25). IA uses the feed's "Infrequent Access Storage" meter; the feed also
    has an "Infrequent Access ET" meter whose use AWS does not label (see SOURCES.md).
    """
    cat = catalog
    cat.region(inp.region)
    lim = cat.limits
    rec: PriceRecord = cat.efs_prices(inp.region)
    cols = _columns(inp.one_zone)
    rows: list[dict[str, Any]] = []
    missing: list[str] = []
    used: list[PriceUsed] = []

    def line(component: str, quantity: float, unit: str, column: str, rule_id: str,
             note: str = "") -> None:
        value = rec.get(column)
        if value is None and quantity == 0:
            return  # nothing is billed at the missing price
        if value is None:
            why = (f"no price for EFS {column.removesuffix('_usd_per_gb_month')} in "
                   f"{inp.region} in the price snapshot (as of {rec.as_of})")
            missing.append(why)
            rows.append(dict(component=component, quantity=quantity, unit=unit,
                             usd_per_unit=None, usd_per_month=None, price_available=False,
                             note=why, as_of="", rule_id=rule_id))
            return
        rows.append(dict(component=component, quantity=quantity, unit=unit,
                         usd_per_unit=value, usd_per_month=quantity * value,
                         price_available=True, note=note, as_of=rec.as_of, rule_id=rule_id))
        used.append(PriceUsed(PRICE_LABELS.get(column, column), value, unit, rec.as_of,
                              rec.source.title))

    ia_share = inp.ia_percent / PCT
    ar_share = inp.archive_percent / PCT
    std_gb = inp.storage_gb * (1.0 - ia_share - ar_share)
    # GB-months: the GB stored x the share of the month it is stored (rule EFS-BILLING)
    share = inp.month_share
    zone_rule = "EFS-ONE-ZONE" if inp.one_zone else "EFS-IA"
    line("standard_storage", std_gb * share, "GB-month", cols["standard"], zone_rule)
    if ia_share:
        line("ia_storage", inp.storage_gb * ia_share * share, "GB-month", cols["ia"],
             "EFS-IA")
    if ar_share:
        line("archive_storage", inp.storage_gb * ar_share * share, "GB-month",
             cols["archive"], "EFS-IA")
    for comp, qty, col in (("ia_read", inp.ia_read_gb, "ia_read_usd_per_gb"),
                           ("ia_write", inp.ia_write_gb, "ia_write_usd_per_gb"),
                           ("archive_read", inp.archive_read_gb, "archive_read_usd_per_gb"),
                           ("archive_write", inp.archive_write_gb, "archive_write_usd_per_gb")):
        if qty:
            line(comp, qty, "GB", col, "EFS-IA")

    # -- throughput -----------------------------------------------------------------------
    bt = burst_table(standard_gb=std_gb, required_mibps=inp.required_mibps, limits=lim,
                     basis=inp.basis)
    baseline = float(bt["baseline_mibps"].iloc[0])
    burst = float(bt["burst_mibps"].iloc[0])
    burst_min = float(bt["burst_minutes_per_day"].iloc[0])
    min_baseline = lim.value("efs.bursting.min_baseline_mibps", inp.basis)
    at_floor = baseline <= min_baseline
    bursting_ok = inp.required_mibps <= baseline
    prov_price = rec.get("provisioned_throughput_usd_per_mbps_month")
    er, ew = (rec.get("elastic_throughput_read_usd_per_gb"),
              rec.get("elastic_throughput_write_usd_per_gb"))
    provisioned = inp.provisioned_mibps if inp.provisioned_mibps is not None \
        else inp.required_mibps
    prov_usd = (efs_provisioned_usd(provisioned_mibps=provisioned, baseline_mibps=baseline,
                                    usd_per_mibps_month=prov_price) * share
                if prov_price is not None else None)
    elastic_given = bool(inp.elastic_read_gb or inp.elastic_write_gb)
    elastic_usd = (efs_elastic_usd(read_gb=inp.elastic_read_gb, write_gb=inp.elastic_write_gb,
                                   read_usd_per_gb=er, write_usd_per_gb=ew)
                   if er is not None and ew is not None and elastic_given else None)
    options = pd.DataFrame([
        {"throughput_mode": "bursting", "usd_per_month": 0.0, "meets_required": bursting_ok,
         "note": f"baseline {baseline:,.1f} MiB/s"
                 + (" (the minimum)" if at_floor else "")
                 + f", bursts to {burst:,.1f} MiB/s for up to {burst_min:,.1f} min a day "
                 "while credits last"},
        {"throughput_mode": "provisioned", "usd_per_month": prov_usd,
         "meets_required": provisioned >= inp.required_mibps,
         "note": f"{provisioned:,.1f} MiB/s provisioned; billed above the {baseline:,.1f} "
                 "MiB/s baseline"},
        {"throughput_mode": "elastic", "usd_per_month": elastic_usd, "meets_required": True,
         "note": "scales with demand; billed per GB read and written"
                 + ("" if elastic_given else " (give the GB read and written to price it)")},
    ])
    if inp.throughput_mode == "provisioned":
        if prov_price is None:
            line("provisioned_throughput", provisioned * share, "MiB/s-month",
                 "provisioned_throughput_usd_per_mbps_month", "EFS-BURST")
        else:
            billed = max(provisioned - baseline, 0.0) * share
            line("provisioned_throughput", billed, "MiB/s-month",
                 "provisioned_throughput_usd_per_mbps_month", "EFS-BURST",
                 note=f"{provisioned:,.1f} MiB/s minus the {baseline:,.1f} MiB/s baseline")
    elif inp.throughput_mode == "elastic":
        if inp.elastic_read_gb:
            line("elastic_read", inp.elastic_read_gb, "GB", "elastic_throughput_read_usd_per_gb",
                 "EFS-BURST")
        if inp.elastic_write_gb:
            line("elastic_write", inp.elastic_write_gb, "GB",
                 "elastic_throughput_write_usd_per_gb", "EFS-BURST")
    notes: list[str] = partial_month_notes(inp)
    if at_floor:
        notes.append(f"baseline {min_baseline:g} MiB/s: every Bursting file system gets "
                     f"at least {min_baseline:g} MiB/s, whatever it stores (below 20.48 GiB in "
                     "Standard; AWS What's New 2020-06-30, EFS User Guide) [EFS-BURST]")
    if inp.throughput_mode == "bursting" and not bursting_ok:
        cheaper = options.dropna(subset=["usd_per_month"])
        cheaper = cheaper[cheaper["throughput_mode"] != "bursting"]
        alt = ", ".join(f"{r.throughput_mode} ${r.usd_per_month:,.2f}/month"
                        for r in cheaper.itertuples(index=False))
        notes.append(f"bursting is not enough: {inp.required_mibps:g} MiB/s needed, baseline "
                     f"{baseline:,.1f} MiB/s [EFS-BURST]; alternatives: {alt}")

    # -- class mix sweep ------------------------------------------------------------------
    prices = {k: rec.get(c) for k, c in cols.items()}
    # ten steps plus the share asked for, flagged ``current`` (the chart marks that point)
    shares = np.unique(np.append(np.linspace(0.0, 1.0 - ar_share, 11), ia_share))
    mix = pd.DataFrame({"ia_percent": shares * PCT,
                        "archive_percent": np.full_like(shares, inp.archive_percent),
                        "current": np.isclose(shares, ia_share)})
    if prices["standard"] is not None and prices["ia"] is not None and (
            prices["archive"] is not None or ar_share == 0):
        mix["storage_usd_per_month"] = efs_storage_usd(
            storage_gb=inp.storage_gb * share, ia_share=shares, archive_share=ar_share,
            standard_usd_per_gb_month=prices["standard"], ia_usd_per_gb_month=prices["ia"],
            archive_usd_per_gb_month=prices["archive"] or 0.0)
    else:
        mix["storage_usd_per_month"] = np.nan
    sizes = np.linspace(0.0, max(inp.storage_gb, 1.0) * 2.0, 41)
    burst_frame = burst_table(standard_gb=sizes, required_mibps=inp.required_mibps, limits=lim,
                              basis=inp.basis)

    frame = pd.DataFrame(rows, columns=COLUMNS)
    ok = frame["price_available"].astype(bool)
    priced = float(frame.loc[ok, "usd_per_month"].astype(float).sum())
    total = None if missing else priced  # unknown while a needed price is missing
    saving = None
    if prices["standard"] and prices["ia"] is not None:
        saving = (1.0 - prices["ia"] / prices["standard"]) * PCT
        notes.append(f"IA is {saving:.1f}% cheaper than Standard here (notes: up to "
                     f"{lim.value('efs.ia.max_saving_pct', inp.basis):g}%) [EFS-IA]")
    throughput = {"mode": inp.throughput_mode, "required_mibps": inp.required_mibps,
                  "baseline_mibps": baseline, "burst_mibps": burst,
                  "burst_minutes_per_day": burst_min,
                  "bursting_enough": bursting_ok, "provisioned_usd_per_month": prov_usd,
                  "elastic_usd_per_month": elastic_usd, "ia_saving_pct": saving}
    return EfsCostResult(inp.region, total, not missing, missing, frame, throughput, options,
                         mix, burst_frame, rec.as_of, notes, bool(bursting_ok),
                         lim.value("efs.bursting.baseline_mibps_per_tib", inp.basis), used)


def partial_month_notes(inp: EfsCostInput) -> list[str]:
    """What a partial-month result says: the month its GB-months are prorated over.

    Notes
    -----
    Rule: EFS-BILLING. EFS meters storage in GB-hours and divides by the month's actual hours
    (EFS pricing page example: "132,000 GB-Hours x (1 Month/744 hours) = 177 GB-Months" for
    March); the app's default month is 730 hours. A whole month gets no note.
    """
    if inp.hours is None or inp.hours >= inp.month_hours:
        return []
    if inp.month_days is None:
        return [f"partial month: {inp.hours:,.6g} of the app's {inp.month_hours:,.0f} hours; "
                "AWS divides GB-hours by the month's actual hours (EFS pricing page): give "
                "month_days (28-31) for the real month [EFS-BILLING]"]
    return [f"partial month: {inp.hours:,.6g} of the {inp.month_hours:,.0f} hours of a "
            f"{inp.month_days}-day month, as AWS bills it (EFS pricing page) [EFS-BILLING]"]


def report(res: EfsCostResult) -> Output:
    """``efs cost`` as the CLI prints it (the GUI's EFS & transfer page exports the same)."""
    t = res.throughput
    total = (f"${res.usd_per_month:,.2f} a month" if res.usd_per_month is not None
             else "unknown (a price is missing)")
    notes = [f"EFS in {res.region}: {total}",
             f"bursting: baseline {t['baseline_mibps']:,.1f} MiB/s, burst "
             f"{t['burst_mibps']:,.1f} MiB/s; needed {t['required_mibps']:g} MiB/s "
             f"[EFS-BURST]", *res.notes]
    context = {"region": res.region, "prices_as_of": res.as_of}
    return Output(res.to_dict(), res.breakdown, notes, csv_context=context,
                  missing_price="; ".join(res.missing))
