"""Synthetic AWS Price List files, in the bulk API's own formats, for tests and benchmarks.

Nothing here is a price source: the files are generated from a snapshot's own prices (so a
refresh from them must give those prices back) or, for the benchmark, from made-up values. The
formats follow the real samples in ``../shared/aws-prices/offer-samples/`` (offer index,
region index in both forms, five-line CSV metadata, the 91-column AmazonEC2 header, the Savings
Plans header, JSON ``products``/``terms``).
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from calc.pricing.refresh.offers import (
    EBS_USAGE,
    EFS_ACCESS,
    EFS_STORAGE,
    EFS_THROUGHPUT,
    LAMBDA_EDGE,
    LAMBDA_GROUPS,
    S3_USAGE,
    decimal_text,
)
from calc.pricing.refresh.vocabulary import OFFER_OS, OFFER_SQL
from calc.units import PER_THOUSAND

if TYPE_CHECKING:
    from calc.pricing.catalog import Catalog

# The header of the real AmazonEC2 CSV offer (version 20250912225308), in order.
EC2_HEADER = (
    "SKU,OfferTermCode,RateCode,TermType,PriceDescription,EffectiveDate,StartingRange,"
    "EndingRange,Unit,PricePerUnit,Currency,RelatedTo,LeaseContractLength,PurchaseOption,"
    "OfferingClass,Product Family,serviceCode,Location,Location Type,Instance Type,"
    "Current Generation,Instance Family,vCPU,Physical Processor,Clock Speed,Memory,Storage,"
    "Network Performance,Processor Architecture,Storage Media,Volume Type,Max Volume Size,"
    "Max IOPS/volume,Max IOPS Burst Performance,Max throughput/volume,Provisioned,Tenancy,"
    "EBS Optimized,Operating System,License Model,Group,Group Description,Transfer Type,"
    "From Location,From Location Type,To Location,To Location Type,usageType,operation,"
    "AvailabilityZone,CapacityStatus,ClassicNetworkingSupport,Dedicated EBS Throughput,ECU,"
    "Elastic Graphics Type,Enhanced Networking Supported,From Region Code,GPU,GPU Memory,"
    "Instance,Instance Capacity - 10xlarge,Instance Capacity - 12xlarge,"
    "Instance Capacity - 16xlarge,Instance Capacity - 18xlarge,Instance Capacity - 24xlarge,"
    "Instance Capacity - 2xlarge,Instance Capacity - 32xlarge,Instance Capacity - 4xlarge,"
    "Instance Capacity - 8xlarge,Instance Capacity - 9xlarge,Instance Capacity - large,"
    "Instance Capacity - medium,Instance Capacity - metal,Instance Capacity - xlarge,"
    "instanceSKU,Intel AVX2 Available,Intel AVX Available,Intel Turbo Available,MarketOption,"
    "Normalization Size Factor,Physical Cores,Pre Installed S/W,Processor Features,"
    "Product Type,Region Code,Resource Type,serviceName,SnapshotArchiveFeeType,To Region Code,"
    "Volume API Name,VPCNetworkingSupport").split(",")
SP_HEADER = ("SKU,RateCode,Unit,EffectiveDate,DiscountedRate,Currency,DiscountedSKU,"
             "DiscountedServiceCode,DiscountedUsageType,DiscountedOperation,PurchaseOption,"
             "LeaseContractLength,LeaseContractLengthUnit,ServiceCode,UsageType,Operation,"
             "Description,Instance Family,Location,Location Type,Granularity,Product Family,"
             "DiscountedRegionCode,DiscountedInstanceType").split(",")
DISCLAIMER = ("This pricing list is for informational purposes only. All prices are subject "
              "to the additional terms included in the pricing pages on http://aws.amazon.com.")

# Operation codes per OS label (the codes AWS uses; those of the samples plus the usual ones).
OPERATIONS = {
    "Linux": "RunInstances", "Windows": "RunInstances:0002", "RHEL": "RunInstances:0010",
    "SUSE": "RunInstances:000g", "Ubuntu Pro": "RunInstances:0g00",
    "RHEL with HA": "RunInstances:1010", "Windows BYOL": "RunInstances:0800",
    "Windows with SQL Std": "RunInstances:0006", "Windows with SQL Web": "RunInstances:0202",
    "Windows with SQL Enterprise": "RunInstances:0102", "Linux with SQL Std": "RunInstances:0004",
    "Linux with SQL Web": "RunInstances:0200", "Linux with SQL Enterprise": "RunInstances:0100",
    "RHEL with SQL Std": "RunInstances:0014", "RHEL with SQL Web": "RunInstances:0210",
    "RHEL with SQL Enterprise": "RunInstances:0110",
    "RHEL with HA and SQL Std": "RunInstances:1014",
    "RHEL with HA and SQL Enterprise": "RunInstances:1110",
}


def _os_parts() -> dict[str, tuple[str, str, str]]:
    """OS label -> (Operating System, Pre Installed S/W, License Model), the inverse of
    :func:`calc.pricing.refresh.vocabulary.os_label`."""
    from calc.pricing.refresh.vocabulary import os_label

    out: dict[str, tuple[str, str, str]] = {}
    for os_ in OFFER_OS:
        for sw in OFFER_SQL:
            for lic in ("No License required", "Bring your own license"):
                label = os_label(os_, sw, lic)
                if label is not None:
                    out.setdefault(label, (os_, sw, lic))
    return out


OS_PARTS = _os_parts()


def usage_prefix(region: str) -> str:
    """A billing prefix such as "APN1-" ("" for us-east-1, as AWS does)."""
    if region == "us-east-1":
        return ""
    parts = region.split("-")
    return f"{parts[0][:2].upper()}{parts[-2][0].upper()}{parts[-1]}-"


def num(value: Any, factor: Decimal | int | float = 1) -> str:
    """A float or string price times ``factor`` as an exact, plain decimal string."""
    if isinstance(value, float | np.floating):
        value = np.format_float_positional(float(value), trim="-")
    return decimal_text(Decimal(str(value)) * Decimal(str(factor)))


def _sku(*parts: object) -> str:
    import hashlib

    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16].upper()


# -- indexes ---------------------------------------------------------------------------------
def offer_index(codes: Iterable[str], publication: str = "2026-11-20T00:00:00Z") -> dict:
    offers = {}
    for code in codes:
        o = {"offerCode": code,
             "versionIndexUrl": f"/offers/v1.0/aws/{code}/index.json",
             "currentVersionUrl": f"/offers/v1.0/aws/{code}/current/index.json",
             "currentRegionIndexUrl": f"/offers/v1.0/aws/{code}/current/region_index.json"}
        if code in ("AmazonEC2", "AWSLambda"):
            o["currentSavingsPlanIndexUrl"] = ("/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/"
                                               "current/region_index.json")
        offers[code] = o
    return {"formatVersion": "v1.0", "disclaimer": DISCLAIMER, "publicationDate": publication,
            "offers": offers}


def region_index(code: str, version: str, regions: Iterable[str]) -> dict:
    """The offers form: ``regions`` is an object of ``{regionCode, currentVersionUrl}``."""
    return {"formatVersion": "v1.0", "disclaimer": DISCLAIMER,
            "publicationDate": _pub(version),
            "regions": {r: {"regionCode": r,
                            "currentVersionUrl": f"/offers/v1.0/aws/{code}/{version}/{r}/"
                                                 "index.json"} for r in regions}}


def sp_region_index(version: str, regions: Iterable[str]) -> dict:
    """The Savings Plans form: ``regions`` is a list of ``{regionCode, versionUrl}``."""
    return {"disclaimer": DISCLAIMER, "publicationDate": _pub(version),
            "regions": [{"regionCode": r,
                         "versionUrl": f"/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/{version}/"
                                       f"{r}/index.json"} for r in regions]}


def _pub(version: str) -> str:
    v = version
    return f"{v[:4]}-{v[4:6]}-{v[6:8]}T{v[8:10]}:{v[10:12]}:{v[12:14]}Z"


# -- JSON offers -----------------------------------------------------------------------------
class _JsonOffer:
    def __init__(self, code: str, version: str, region: str) -> None:
        self.code, self.version, self.region = code, version, region
        self.products: dict[str, Any] = {}
        self.terms: dict[str, Any] = {}

    def add(self, family: str, attrs: dict[str, str], unit: str,
            tiers: list[tuple[str, str, str]], description: str = "") -> None:
        """One product with its On-Demand dimensions ``(begin, end, usd)``."""
        sku = _sku(self.code, self.region, family, *sorted(attrs.items()))
        self.products[sku] = {"sku": sku, "productFamily": family,
                              "attributes": {"regionCode": self.region, **attrs}}
        dims = {}
        for i, (begin, end, usd) in enumerate(tiers):
            rate = f"{sku}.JRTCKXETXF.{_sku(i)[:10]}"
            dims[rate] = {"rateCode": rate, "description": description or attrs.get(
                "usagetype", ""), "beginRange": begin, "endRange": end, "unit": unit,
                "pricePerUnit": {"USD": usd}, "appliesTo": []}
        self.terms[sku] = {f"{sku}.JRTCKXETXF": {
            "offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": _pub(self.version),
            "priceDimensions": dims, "termAttributes": {}}}

    def to_dict(self) -> dict[str, Any]:
        return {"formatVersion": "v1.0", "disclaimer": DISCLAIMER, "offerCode": self.code,
                "version": self.version, "publicationDate": _pub(self.version),
                "products": self.products, "terms": {"OnDemand": self.terms}}


def lambda_offer(region: str, values: dict[str, Any], version: str,
                 tiers: dict[str, list[float]] | None = None) -> dict[str, Any]:
    """An AWSLambda offer for one Region from ``lambda_prices`` columns. ``tiers`` gives the
    duration tier start bounds (GB-s) per arch ("x86", "arm64")."""
    tiers = tiers or {"x86": [0, 6e9, 15e9], "arm64": [0, 7.5e9, 18.75e9]}
    off = _JsonOffer("AWSLambda", version, region)
    pre = usage_prefix(region)
    for arch, suffix in (("x86", ""), ("arm64", "-ARM")):
        for group, (col, units) in LAMBDA_GROUPS.items():
            if col == "usd_per_gb_second_tier":
                starts = tiers[arch]
                dims = []
                for i, start in enumerate(starts, start=1):
                    v = values.get(f"{arch}_usd_per_gb_second_tier{i}")
                    if v is None:
                        continue
                    end = num(starts[i]) if i < len(starts) else "Inf"
                    dims.append((num(start), end, num(v)))
                if dims:
                    off.add("Serverless", {"group": group + suffix,
                                           "usagetype": f"{pre}Lambda-GB-Second{suffix}"},
                            units[0], dims)
                continue
            v = values.get(f"{arch}_{col}")
            if v is not None:
                off.add("Serverless", {"group": group + suffix,
                                       "usagetype": f"{pre}{group}{suffix}"},
                        units[0], [("0", "Inf", num(v))])
    for group, (col, units) in LAMBDA_EDGE.items():
        v = values.get(col)
        if v is not None:
            off.add("Serverless", {"group": group, "usagetype": f"{pre}{group}"}, units[0],
                    [("0", "Inf", num(v))])
    # the free tier product (location "Any", no regionCode) must be ignored by the reader
    off.products["FREETIER0000000"] = {"sku": "FREETIER0000000", "productFamily": "Serverless",
                                       "attributes": {"location": "Any",
                                                      "group": "AWS-Lambda-Requests"}}
    off.terms["FREETIER0000000"] = {"FREETIER0000000.JRTCKXETXF": {"priceDimensions": {
        "FREETIER0000000.JRTCKXETXF.X": {"unit": "Requests", "beginRange": "0",
                                         "endRange": "1000000", "pricePerUnit": {"USD": "0"}}}}}
    return off.to_dict()


def efs_offer(region: str, values: dict[str, Any], version: str) -> dict[str, Any]:
    off = _JsonOffer("AmazonEFS", version, region)
    pre = usage_prefix(region)
    for usage, col in EFS_STORAGE.items():
        if values.get(col) is not None:
            off.add("Storage", {"usagetype": pre + usage}, "GB-Mo",
                    [("0", "Inf", num(values[col]))])
    for usage, kind in EFS_ACCESS.items():
        for op in ("Read", "Write"):
            v = values.get(f"{kind}_{op.lower()}_usd_per_gb")
            if v is not None:
                off.add("Storage", {"usagetype": pre + usage, "operation": op}, "GB",
                        [("0", "Inf", num(v))])
    v = values.get("provisioned_throughput_usd_per_mbps_month")
    if v is not None:
        off.add("Provisioned Throughput", {"usagetype": pre + EFS_THROUGHPUT}, "MiBps-Mo",
                [("0", "Inf", num(v))])
    return off.to_dict()


_S3_FILE = {"storage": ("GB-Mo", 1), "requests": ("Requests", PER_THOUSAND),
            "retrieval": ("GB", 1), "monitoring": ("Objects", PER_THOUSAND)}


def s3_offer(region: str, rows: Iterable[dict[str, Any]], version: str,
             code: str = "AmazonS3") -> dict[str, Any]:
    """An AmazonS3 (or AmazonS3GlacierDeepArchive: DEEP_ARCHIVE storage only) offer from
    ``s3_prices`` rows of one Region (components the mapping knows)."""
    by_meter = {(cls, comp): (usage, kind) for usage, (cls, comp, kind) in S3_USAGE.items()}
    off = _JsonOffer(code, version, region)
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        key = (r["storage_class"], r["component"])
        if key not in by_meter:
            continue
        if (code == "AmazonS3GlacierDeepArchive") != (key == ("DEEP_ARCHIVE", "storage")):
            continue
        grouped.setdefault(key, []).append(r)
    for key, tier_rows in grouped.items():
        usage, kind = by_meter[key]
        unit, factor = _S3_FILE[kind]
        dims = []
        for r in sorted(tier_rows, key=lambda r: float(r["tier_start_gb"])):
            end = r["tier_end_gb"]
            end_text = "Inf" if end is None or end != end or end == "" else num(end)
            dims.append((num(r["tier_start_gb"]), end_text,
                         num(r["usd_per_unit"], Decimal(1) / factor)))
        off.add("Storage" if kind == "storage" else "API Request",
                {"usagetype": usage_prefix(region) + usage}, unit, dims,
                str(tier_rows[0].get("aws_meter_name") or usage))
    return off.to_dict()


# -- CSV offers ------------------------------------------------------------------------------
def _csv_head(offer_code: str, version: str, header: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in (("FormatVersion", "v1.0"), ("Disclaimer", DISCLAIMER),
                ("Publication Date", _pub(version)), ("Version", version),
                ("OfferCode", offer_code), header):
        w.writerow(row)
    return buf.getvalue()


class Ec2CsvWriter:
    """Rows of an AmazonEC2 CSV offer for one Region, in the real file's 91 columns."""

    def __init__(self, region: str, version: str, location: str = "") -> None:
        self.region, self.version = region, version
        self.location = location or region
        self.prefix = usage_prefix(region)
        self._buf = io.StringIO()
        self._w = csv.writer(self._buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
        self._index = {c: i for i, c in enumerate(EC2_HEADER)}

    def head(self) -> str:
        return _csv_head("AmazonEC2", self.version, EC2_HEADER)

    def _row(self, values: dict[str, str]) -> None:
        row = [""] * len(EC2_HEADER)
        for k, v in values.items():
            row[self._index[k]] = v
        self._w.writerow(row)

    def take(self) -> str:
        text = self._buf.getvalue()
        self._buf.seek(0)
        self._buf.truncate()
        return text

    def instance(self, itype: str, os_label: str, tenancy: str, *, term: str, unit: str,
                 usd: str, lease: str = "", purchase: str = "", cls: str = "",
                 capacity: str = "Used", extra: dict[str, str] | None = None) -> None:
        os_, sw, lic = OS_PARTS[os_label]
        usage = {"Shared": "BoxUsage", "Dedicated": "DedicatedUsage",
                 "Host": "HostBoxUsage"}[tenancy]
        if capacity == "UnusedCapacityReservation":
            usage = {"BoxUsage": "UnusedBox", "DedicatedUsage": "UnusedDed"}.get(usage, usage)
        sku = _sku(self.region, itype, os_label, tenancy, capacity)
        self._row({"SKU": sku, "OfferTermCode": "JRTCKXETXF" if term == "OnDemand" else
                   _sku(lease, purchase, cls)[:10], "RateCode": f"{sku}.X.{unit}",
                   "TermType": term, "PriceDescription": f"{os_label} {itype}",
                   "EffectiveDate": _pub(self.version)[:10], "StartingRange": "0",
                   "EndingRange": "Inf", "Unit": unit, "PricePerUnit": usd, "Currency": "USD",
                   "LeaseContractLength": lease, "PurchaseOption": purchase,
                   "OfferingClass": cls, "Product Family": "Compute Instance",
                   "serviceCode": "AmazonEC2", "Location": self.location,
                   "Location Type": "AWS Region", "Instance Type": itype,
                   "Current Generation": "Yes", "Tenancy": tenancy, "Operating System": os_,
                   "License Model": lic, "usageType": f"{self.prefix}{usage}:{itype}",
                   "operation": OPERATIONS.get(os_label, "RunInstances:9999"),
                   "CapacityStatus": capacity, "MarketOption": "OnDemand",
                   "Pre Installed S/W": sw, "Region Code": self.region,
                   "serviceName": "Amazon Elastic Compute Cloud", **(extra or {})})

    def reserved(self, itype: str, os_label: str, tenancy: str, cls: str, years: int,
                 option: str, *, upfront: str, hourly: str,
                 extra: dict[str, str] | None = None) -> None:
        """The dimensions AWS lists for a Reserved term (Quantity and/or Hrs)."""
        lease = f"{years}yr"
        purchase = {"no_upfront": "No Upfront", "partial_upfront": "Partial Upfront",
                    "all_upfront": "All Upfront"}[option]
        kw: dict[str, Any] = {"lease": lease, "purchase": purchase, "cls": cls,
                              "extra": extra}
        if option != "all_upfront":
            self.instance(itype, os_label, tenancy, term="Reserved", unit="Hrs", usd=hourly,
                          **kw)
        else:
            self.instance(itype, os_label, tenancy, term="Reserved", unit="Hrs",
                          usd="0.0000000000", **kw)
        if option != "no_upfront":
            self.instance(itype, os_label, tenancy, term="Reserved", unit="Quantity",
                          usd=upfront, **kw)

    def ebs(self, values: dict[str, Any]) -> None:
        by_col = {col: (usage, units[0], factor) for usage, (col, units, factor)
                  in EBS_USAGE.items()}
        for col, v in values.items():
            if v is None or col not in by_col:
                continue
            usage, unit, factor = by_col[col]
            self._row({"SKU": _sku(self.region, usage), "TermType": "OnDemand",
                       "Unit": unit, "PricePerUnit": num(v, Decimal(1) / Decimal(factor)),
                       "Currency": "USD", "Product Family": "Storage",
                       "serviceCode": "AmazonEC2", "Location": self.location,
                       "usageType": f"{self.prefix}{usage}", "operation": "",
                       "Region Code": self.region})


def ec2_csv(catalog: Catalog, region: str, version: str, *, factor: float = 1.0,
            ebs: bool = True, limit_types: int | None = None) -> str:
    """An AmazonEC2 CSV offer for ``region`` from ``catalog``'s own prices (x ``factor``):
    its On-Demand rows, its Linux No Upfront Reserved terms plus synthetic Partial and All
    Upfront terms for them, rows not in use (capacity reservations, Host) that the reader
    must skip, and the Region's EBS prices."""
    w = Ec2CsvWriter(region, version)
    out = [w.head()]
    od = catalog.table("ec2_on_demand")
    od = od[od["region_code"] == region]
    types = sorted(set(od["instance_type"]))
    if limit_types is not None:
        types = types[:limit_types]
    keep = set(types)
    for r in od.itertuples(index=False):
        if r.instance_type not in keep:
            continue
        w.instance(r.instance_type, r.operating_system, r.tenancy, term="OnDemand", unit="Hrs",
                   usd=num(r.usd_per_hour, factor))
        # a capacity reservation row with another price: not a price of an instance in use
        w.instance(r.instance_type, r.operating_system, r.tenancy, term="OnDemand", unit="Hrs",
                   usd=num(r.usd_per_hour, factor * 3), capacity="UnusedCapacityReservation")
    ri = catalog.table("ec2_reserved")
    ri = ri[(ri["region_code"] == region) & ri["instance_type"].isin(keep)]
    hours = {1: 8760, 3: 26280}
    for r in ri.itertuples(index=False):
        years = int(r.term_years)
        hourly = float(r.usd_per_hour) * factor
        w.reserved(r.instance_type, r.operating_system, r.tenancy, r.offering_class, years,
                   r.purchase_option, upfront=num(r.upfront_usd, factor),
                   hourly=num(hourly))
        if r.purchase_option == "no_upfront":
            w.reserved(r.instance_type, r.operating_system, r.tenancy, r.offering_class, years,
                       "partial_upfront", upfront=num(round(hourly * hours[years] * 0.45)),
                       hourly=num(round(hourly * 0.5, 6)))
            w.reserved(r.instance_type, r.operating_system, r.tenancy, r.offering_class, years,
                       "all_upfront", upfront=num(round(hourly * hours[years] * 0.9)),
                       hourly="0")
    if ebs:
        rec = catalog.ebs_prices(region).values
        w.ebs({k: (None if v is None else v * factor) for k, v in rec.items()})
    out.append(w.take())
    return "".join(out)


def sp_csv(region: str, version: str, rows: Iterable[dict[str, Any]]) -> str:
    """An AWSComputeSavingsPlan CSV offer for ``region`` from ``ec2_savings_plans``-like rows
    (instance_type, operating_system, tenancy, plan_type, term_years, purchase_option,
    usd_per_hour)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    prefix = usage_prefix(region)
    families = {"ec2_instance": "EC2InstanceSavingsPlans", "compute": "ComputeSavingsPlans"}
    purchase = {"no_upfront": "No Upfront", "partial_upfront": "Partial Upfront",
                "all_upfront": "All Upfront"}
    idx = {c: i for i, c in enumerate(SP_HEADER)}
    for r in rows:
        usage = {"Shared": "BoxUsage", "Dedicated": "DedicatedUsage"}[r["tenancy"]]
        row = [""] * len(SP_HEADER)
        for k, v in {"SKU": _sku(region, r["plan_type"], r["term_years"]), "Unit": "Hrs",
                     "DiscountedRate": num(r["usd_per_hour"]), "Currency": "USD",
                     "DiscountedServiceCode": "AmazonEC2",
                     "DiscountedUsageType": f"{prefix}{usage}:{r['instance_type']}",
                     "DiscountedOperation": OPERATIONS[r["operating_system"]],
                     "PurchaseOption": purchase[r["purchase_option"]],
                     "LeaseContractLength": str(r["term_years"]),
                     "LeaseContractLengthUnit": "year", "Location Type": "AWS Region",
                     "Granularity": "hourly", "Product Family": families[r["plan_type"]],
                     "DiscountedRegionCode": region,
                     "DiscountedInstanceType": r["instance_type"]}.items():
            row[idx[k]] = v
        w.writerow(row)
    head = io.StringIO()
    hw = csv.writer(head, lineterminator="\n")
    for line in (("FormatVersion", "v1.0"), ("Disclaimer", DISCLAIMER),
                 ("Publication Date", _pub(version)), ("Version", version),
                 ("OfferCode", "AmazonComputeSavingsPlan"), SP_HEADER):
        hw.writerow(line)
    return head.getvalue() + buf.getvalue()


# -- a whole bulk API site -------------------------------------------------------------------
def site(catalog: Catalog, regions: Iterable[str], *, version: str = "20261120000000",
         factor: float = 1.0, limit_types: int | None = 40,
         savings_plans: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, bytes]:
    """Every file a refresh of ``regions`` reads, path -> bytes, generated from ``catalog``'s
    prices times ``factor``: offer index, region indexes and per-Region offer files of
    AWSLambda, AmazonS3, AmazonS3GlacierDeepArchive, AmazonEFS, AmazonEC2 (CSV) and
    AWSComputeSavingsPlan (CSV; rows from ``savings_plans`` per Region, else none)."""
    regions = list(regions)
    codes = ("AWSLambda", "AmazonS3", "AmazonS3GlacierDeepArchive", "AmazonEFS", "AmazonEC2")
    files: dict[str, bytes] = {
        "/offers/v1.0/aws/index.json": _json(offer_index(codes)),
        "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json":
            _json(sp_region_index(version, regions)),
    }
    for code in codes:
        files[f"/offers/v1.0/aws/{code}/current/region_index.json"] = _json(
            region_index(code, version, regions))
    s3 = catalog.table("s3_prices")
    for r in regions:
        base = "/offers/v1.0/aws/{code}/" + version + f"/{r}/index"
        lam = {k: (None if v is None else v * factor)
               for k, v in catalog.lambda_prices(r).values.items()}
        files[base.format(code="AWSLambda") + ".json"] = _json(lambda_offer(r, lam, version))
        efs = {k: (None if v is None else v * factor)
               for k, v in catalog.efs_prices(r).values.items()}
        files[base.format(code="AmazonEFS") + ".json"] = _json(efs_offer(r, efs, version))
        rows = [dict(row, usd_per_unit=row["usd_per_unit"] * factor)
                for row in s3[s3["region_code"] == r].to_dict("records")]
        files[base.format(code="AmazonS3") + ".json"] = _json(s3_offer(r, rows, version))
        files[base.format(code="AmazonS3GlacierDeepArchive") + ".json"] = _json(
            s3_offer(r, rows, version, code="AmazonS3GlacierDeepArchive"))
        files[base.format(code="AmazonEC2") + ".csv"] = ec2_csv(
            catalog, r, version, factor=factor, limit_types=limit_types).encode()
        files[f"/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/{version}/{r}/index.csv"] = sp_csv(
            r, version, (savings_plans or {}).get(r, [])).encode()
    return files


def _json(data: Any) -> bytes:
    return json.dumps(data, indent=1).encode()


# -- the benchmark's large file --------------------------------------------------------------
_SIZES = ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge",
          "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge", "metal")
_FAMILIES = ("m5", "m6i", "m7i", "m7g", "c5", "c6i", "c7g", "r5", "r6i", "r7g", "t3", "t4g",
             "x2iedn", "i4i", "g5", "p5", "z1d", "m6a", "c6a", "r6a", "m8g", "c8g", "r8g",
             "hpc7g", "inf2", "trn1", "d3", "h1", "im4gn", "is4gen")


def write_large_ec2_csv(path: Path, target_bytes: int, *, region: str = "us-east-1",
                        seed: int = 7) -> int:
    """Write an AmazonEC2-format CSV offer of at least ``target_bytes`` with a realistic mix
    (every OS label, Shared/Dedicated/Host tenancy, capacity reservations, On-Demand and 12
    Reserved terms with their dimensions, EBS rows, rows of Local Zones). Returns its size."""
    rng = random.Random(seed)
    w = Ec2CsvWriter(region, "20261120000000", location="US East (N. Virginia)")
    labels = list(OS_PARTS)
    extra_cols = {"vCPU": "8", "Memory": "32 GiB", "Storage": "EBS only",
                  "Network Performance": "Up to 12500 Megabit",
                  "Physical Processor": "Intel Xeon Platinum 8375C (Ice Lake)",
                  "Clock Speed": "3.5 GHz", "Processor Architecture": "64-bit",
                  "Dedicated EBS Throughput": "Up to 10000 Mbps",
                  "Enhanced Networking Supported": "Yes", "Intel AVX2 Available": "Yes",
                  "Intel AVX Available": "Yes", "Intel Turbo Available": "Yes",
                  "Normalization Size Factor": "64", "ClassicNetworkingSupport": "false",
                  "Processor Features": "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo",
                  "VPCNetworkingSupport": "true", "Instance Family": "General purpose",
                  "AvailabilityZone": "NA", "ECU": "NA", "GPU Memory": "NA"}
    written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        written += f.write(w.head())
        for values in ({"gp3_usd_per_gb_month": 0.08, "gp2_usd_per_gb_month": 0.1},):
            w.ebs(values)
        while written < target_bytes:
            fam = rng.choice(_FAMILIES)
            itype = f"{fam}.{rng.choice(_SIZES)}"
            base = round(rng.uniform(0.004, 30.0), 4)
            for label in rng.sample(labels, 6):
                for tenancy in ("Shared", "Dedicated", "Host"):
                    for capacity in ("Used", "UnusedCapacityReservation",
                                     "AllocatedCapacityReservation"):
                        usd = "0.0000000000" if tenancy == "Host" else f"{base * 1.1:.10f}"
                        w.instance(itype, label, tenancy, term="OnDemand", unit="Hrs",
                                   usd=usd, capacity=capacity, extra=extra_cols)
                    if tenancy == "Host":
                        continue
                    for cls in ("standard", "convertible"):
                        for years in (1, 3):
                            for option in ("no_upfront", "partial_upfront", "all_upfront"):
                                w.reserved(itype, label, tenancy, cls, years, option,
                                           upfront=f"{base * 3000 * years:.0f}",
                                           hourly=f"{base * 0.6:.10f}", extra=extra_cols)
            written += f.write(w.take())
    return written


def iter_chunks(data: bytes, size: int = 1 << 16) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]
