"""Amazon EFS: storage cost by class mix, access charges, and throughput (bursting,
provisioned, elastic), with FSx for Lustre scratch burst beside it.

Formula functions take prices as arguments and accept numbers or numpy arrays;
:func:`efs_cost` looks the prices up and builds the tables the GUI shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from calc.errors import InputError
from calc.pricing.catalog import Basis, Catalog, Limits, PriceRecord, active_catalog
from calc.units import GIB_PER_TIB

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
ThroughputMode = Literal["bursting", "provisioned", "elastic"]
_PERCENT = 100.0


def _out(value: Any, *inputs: Any) -> Any:
    if all(np.ndim(x) == 0 for x in inputs):
        return float(value)
    return np.asarray(value, dtype=float)


# -- formulas ------------------------------------------------------------------------------
def efs_storage_usd(*, storage_gb: Any, ia_share: Any, archive_share: Any,
                    standard_usd_per_gb_month: float, ia_usd_per_gb_month: float,
                    archive_usd_per_gb_month: float) -> Any:
    """Monthly storage cost of a file system split across Standard, IA and Archive.

    Parameters
    ----------
    storage_gb : float or array
        Data stored [GB-month].
    ia_share, archive_share : float or array
        Shares in Infrequent Access and Archive, 0-1 [fraction]; Standard holds the rest.
    standard_usd_per_gb_month, ia_usd_per_gb_month, archive_usd_per_gb_month : float
        [USD/GB-month] (use the One Zone prices for a One Zone file system).

    Returns
    -------
    float or array
        [USD/month].

    Notes
    -----
    Rules: EFS-IA (IA up to 92% cheaper, moved by lifecycle policy), EFS-ONE-ZONE. Source:
    AWS EFS pricing page example: 177 GB-months x $0.30 = $53.10.
    """
    gb = np.asarray(storage_gb, dtype=float)
    ia = np.asarray(ia_share, dtype=float)
    ar = np.asarray(archive_share, dtype=float)
    usd = gb * ((1.0 - ia - ar) * standard_usd_per_gb_month + ia * ia_usd_per_gb_month
                + ar * archive_usd_per_gb_month)
    return _out(usd, storage_gb, ia_share, archive_share)


def efs_bursting_mibps(*, standard_gb: Any, mibps_per_tib: float, min_mibps: float = 0.0
                       ) -> Any:
    """Bursting-mode throughput from the data in the Standard class [MiB/s].

    Parameters
    ----------
    standard_gb : float or array
        Data in EFS Standard (AWS GB = GiB) [GB].
    mibps_per_tib : float
        Baseline (50) or burst (100) rate [MiB/s per TiB].
    min_mibps : float
        Floor (every file system bursts to at least 100 MiB/s) [MiB/s].

    Notes
    -----
    Rule: EFS-BURST (50 MiB/s per TB stored, bursts to 100 MiB/s per TB; notes L2676).
    """
    value = np.maximum(np.asarray(standard_gb, float) / GIB_PER_TIB * mibps_per_tib, min_mibps)
    return _out(value, standard_gb)


def efs_provisioned_usd(*, provisioned_mibps: Any, baseline_mibps: Any,
                        usd_per_mibps_month: float) -> Any:
    """Provisioned throughput cost: only what exceeds the Standard storage's baseline.

    Notes
    -----
    Rule: EFS-BURST. Source: AWS re:Post, "Is EFS Provisioned Throughput mode billed at daily
    granularity?": billed on the throughput provisioned in excess of what the EFS Standard
    storage allows, in MB/s-months (EFS pricing page).
    """
    extra = np.maximum(np.asarray(provisioned_mibps, float) - np.asarray(baseline_mibps, float),
                       0.0)
    return _out(extra * usd_per_mibps_month, provisioned_mibps, baseline_mibps)


def efs_elastic_usd(*, read_gb: Any, write_gb: Any, read_usd_per_gb: float,
                    write_usd_per_gb: float) -> Any:
    """Elastic throughput cost: per GB read and written [USD]."""
    usd = (np.asarray(read_gb, float) * read_usd_per_gb
           + np.asarray(write_gb, float) * write_usd_per_gb)
    return _out(usd, read_gb, write_gb)


def fsx_scratch_burst_mbps(*, storage_tib: Any, mbps_per_tib: float) -> Any:
    """FSx for Lustre scratch file system burst throughput [MB/s].

    Notes
    -----
    Rule: FSX-SCRATCH (burst 200 MBps per TiB, notes L3172).
    """
    return _out(np.asarray(storage_tib, float) * mbps_per_tib, storage_tib)


# -- inputs --------------------------------------------------------------------------------
class EfsCostInput(BaseModel):
    """An EFS file system: size, class mix, access and throughput needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code")
    storage_gb: NonNegative = Field(description="data stored [GB-month]")
    ia_percent: Percent = Field(0, description="share in Infrequent Access, by lifecycle "
                                               "policy [%] (rule EFS-IA)")
    archive_percent: Percent = Field(0, description="share in Archive [%]")
    one_zone: bool = Field(False, description="One Zone file system (rule EFS-ONE-ZONE)")
    ia_read_gb: NonNegative = Field(0, description="GB read from IA a month")
    ia_write_gb: NonNegative = Field(0, description="GB written to IA a month (tiering included)")
    archive_read_gb: NonNegative = Field(0, description="GB read from Archive a month")
    archive_write_gb: NonNegative = Field(0, description="GB written to Archive a month")
    throughput_mode: ThroughputMode = Field("bursting", description="bursting, provisioned or "
                                                                    "elastic (rule EFS-BURST)")
    required_mibps: NonNegative = Field(0, description="sustained throughput needed [MiB/s]")
    provisioned_mibps: NonNegative | None = Field(
        None, description="provisioned throughput [MiB/s]; default the required throughput")
    elastic_read_gb: NonNegative = Field(0, description="elastic mode: GB read a month")
    elastic_write_gb: NonNegative = Field(0, description="elastic mode: GB written a month")
    basis: Basis = Field("aws_today", description="limits as AWS states them today or the notes")

    @model_validator(mode="after")
    def _shares(self) -> EfsCostInput:
        if self.ia_percent + self.archive_percent > _PERCENT:
            raise InputError("ia_percent", self.ia_percent,
                             f"IA and Archive shares add up to at most 100% "
                             f"(archive_percent={self.archive_percent:g})", rule_id="EFS-IA")
        return self


# -- results -------------------------------------------------------------------------------
COLUMNS = ["component", "quantity", "unit", "usd_per_unit", "usd_per_month",
           "price_available", "note", "as_of", "rule_id"]


@dataclass(frozen=True)
class EfsCostResult:
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


def burst_table(*, standard_gb: Any, required_mibps: float, limits: Limits,
                basis: Basis = "aws_today") -> pd.DataFrame:
    """Baseline and burst throughput for stored sizes, with the required line and FSx for
    Lustre scratch burst for the same size (rules EFS-BURST, FSX-SCRATCH)."""
    gb = np.atleast_1d(np.asarray(standard_gb, dtype=float))
    base = efs_bursting_mibps(standard_gb=gb,
                              mibps_per_tib=limits.value("efs.bursting.baseline_mibps_per_tib",
                                                         basis))
    burst = efs_bursting_mibps(standard_gb=gb,
                               mibps_per_tib=limits.value("efs.bursting.burst_mibps_per_tib",
                                                          basis),
                               min_mibps=limits.value("efs.bursting.min_burst_mibps", basis))
    fsx = fsx_scratch_burst_mbps(storage_tib=gb / GIB_PER_TIB, mbps_per_tib=limits.value(
        "fsx.lustre.scratch_burst_mbps_per_tib", basis))
    return pd.DataFrame({"standard_gb": gb, "baseline_mibps": base, "burst_mibps": burst,
                         "required_mibps": np.full_like(gb, required_mibps),
                         "fsx_lustre_scratch_burst_mbps": fsx})


def efs_cost(inp: EfsCostInput, catalog: Catalog | None = None) -> EfsCostResult:
    """Monthly EFS cost for a class mix and throughput mode, and the throughput check.

    Notes
    -----
    Rules: EFS-IA, EFS-ONE-ZONE, EFS-BURST, FSX-SCRATCH. Prices: the EFS pricing-page feed
    (as of 2025-09-25). IA uses the feed's "Infrequent Access Storage" meter; the feed also
    has an "Infrequent Access ET" meter whose use AWS does not label (see SOURCES.md).
    """
    cat = catalog or active_catalog()
    cat.region(inp.region)
    lim = cat.limits
    rec: PriceRecord = cat.efs_prices(inp.region)
    cols = _columns(inp.one_zone)
    rows: list[dict[str, Any]] = []
    missing: list[str] = []

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

    ia_share = inp.ia_percent / _PERCENT
    ar_share = inp.archive_percent / _PERCENT
    std_gb = inp.storage_gb * (1.0 - ia_share - ar_share)
    zone_rule = "EFS-ONE-ZONE" if inp.one_zone else "EFS-IA"
    line("standard_storage", std_gb, "GB-month", cols["standard"], zone_rule)
    if ia_share:
        line("ia_storage", inp.storage_gb * ia_share, "GB-month", cols["ia"], "EFS-IA")
    if ar_share:
        line("archive_storage", inp.storage_gb * ar_share, "GB-month", cols["archive"],
             "EFS-IA")
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
    bursting_ok = inp.required_mibps <= baseline
    prov_price = rec.get("provisioned_throughput_usd_per_mbps_month")
    er, ew = (rec.get("elastic_throughput_read_usd_per_gb"),
              rec.get("elastic_throughput_write_usd_per_gb"))
    provisioned = inp.provisioned_mibps if inp.provisioned_mibps is not None \
        else inp.required_mibps
    prov_usd = (efs_provisioned_usd(provisioned_mibps=provisioned, baseline_mibps=baseline,
                                    usd_per_mibps_month=prov_price)
                if prov_price is not None else None)
    elastic_given = bool(inp.elastic_read_gb or inp.elastic_write_gb)
    elastic_usd = (efs_elastic_usd(read_gb=inp.elastic_read_gb, write_gb=inp.elastic_write_gb,
                                   read_usd_per_gb=er, write_usd_per_gb=ew)
                   if er is not None and ew is not None and elastic_given else None)
    options = pd.DataFrame([
        {"throughput_mode": "bursting", "usd_per_month": 0.0, "meets_required": bursting_ok,
         "note": f"baseline {baseline:,.1f} MiB/s, bursts to {burst:,.1f} MiB/s while "
                 "credits last"},
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
            line("provisioned_throughput", provisioned, "MiB/s-month",
                 "provisioned_throughput_usd_per_mbps_month", "EFS-BURST")
        else:
            billed = max(provisioned - baseline, 0.0)
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
    notes: list[str] = []
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
    mix = pd.DataFrame({"ia_percent": shares * _PERCENT,
                        "archive_percent": np.full_like(shares, inp.archive_percent),
                        "current": np.isclose(shares, ia_share)})
    if prices["standard"] is not None and prices["ia"] is not None and (
            prices["archive"] is not None or ar_share == 0):
        mix["storage_usd_per_month"] = efs_storage_usd(
            storage_gb=inp.storage_gb, ia_share=shares, archive_share=ar_share,
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
        saving = (1.0 - prices["ia"] / prices["standard"]) * _PERCENT
        notes.append(f"IA is {saving:.1f}% cheaper than Standard here (notes: up to "
                     f"{lim.value('efs.ia.max_saving_pct', inp.basis):g}%) [EFS-IA]")
    throughput = {"mode": inp.throughput_mode, "required_mibps": inp.required_mibps,
                  "baseline_mibps": baseline, "burst_mibps": burst,
                  "bursting_enough": bursting_ok, "provisioned_usd_per_month": prov_usd,
                  "elastic_usd_per_month": elastic_usd, "ia_saving_pct": saving}
    return EfsCostResult(inp.region, total, not missing, missing, frame, throughput, options,
                         mix, burst_frame, rec.as_of, notes)
