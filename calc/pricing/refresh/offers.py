"""Read AWS Price List bulk API files and map their SKUs and terms to the snapshot's rows.

File formats (real samples in ``../shared/aws-prices/offer-samples/``):

* the offer index ``/offers/v1.0/aws/index.json``: ``offers.<code>.currentRegionIndexUrl``
  (and ``currentSavingsPlanIndexUrl`` for EC2);
* a region index: ``regions`` as ``{code: {currentVersionUrl}}`` (offers) or as a list of
  ``{regionCode, versionUrl}`` (Savings Plans);
* a JSON offer (Lambda, S3, EFS): ``products.<sku>.attributes`` and
  ``terms.OnDemand.<sku>.<term>.priceDimensions.<rate>`` with ``unit``, ``beginRange``,
  ``endRange`` and ``pricePerUnit.USD``; streamed (:func:`read_json_offer_stream`) one product
  and one term at a time, keeping only the Region's products and the On-Demand terms;
* a CSV offer (EC2, hundreds of MB a Region; Savings Plans): five metadata lines
  (FormatVersion, Disclaimer, Publication Date, Version, OfferCode), a header, one row per price
  dimension. EC2 is read in chunks of rows with only the columns used, so memory stays bounded
  whatever the file size.

Prices stay exact decimal strings; unit changes are exact :class:`~decimal.Decimal` arithmetic
with the constants of :mod:`calc.units` (S3 requests per 1,000, gp3 throughput per MiB/s-month
= per GiBps-month / 1,024, magnetic I/O per million). Anything unexpected (a missing column, a
unit the mapping does not know, two different prices for one meter) raises
:class:`OfferFormatError` naming the file and what was found: nothing is guessed.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

import numpy as np

from calc.pricing.refresh.vocabulary import (
    COMPUTE_FAMILIES,
    PLAN_TYPES,
    PURCHASE,
    TERM_YEARS,
    os_label,
    strip_usage_prefix,
)
from calc.units import MIB_PER_GIB, PER_MILLION, PER_THOUSAND

DEFAULT_OPERATING_SYSTEMS = ("Linux", "Windows", "RHEL", "SUSE")  # kept by default


class OfferFormatError(ValueError):
    """A Price List file is not what the mapping expects (garbage, truncated, new schema)."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        super().__init__(f"{file}: {message}")


def decimal_text(value: str | Decimal, file: str = "", what: str = "") -> str:
    """An exact decimal string without trailing zeros: "0.0960000000" -> "0.096"."""
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError):
        raise OfferFormatError(file, f"{what or 'price'} {value!r} is not a number") from None
    if not d.is_finite() or d < 0:
        raise OfferFormatError(file, f"{what or 'price'} {value!r} is not a price")
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def scaled(value: str, factor: Decimal | int, file: str = "", what: str = "") -> str:
    """``value`` x ``factor`` exactly (factor may be a fraction such as 1/1024)."""
    return decimal_text(Decimal(decimal_text(value, file, what)) * Decimal(factor), file, what)


# -- indexes -------------------------------------------------------------------------------
def offer_index(data: Any, file: str) -> dict[str, dict[str, str]]:
    """``offers`` of the offer index, checked."""
    if not isinstance(data, dict) or not isinstance(data.get("offers"), dict):
        raise OfferFormatError(file, "unexpected schema: no 'offers' object (not the Price "
                                     "List offer index)")
    offers: dict[str, dict[str, str]] = data["offers"]
    return offers


def region_index(data: Any, file: str) -> dict[str, str]:
    """region code -> offer file path, from either region-index form."""
    regions = data.get("regions") if isinstance(data, dict) else None
    out: dict[str, str] = {}
    if isinstance(regions, dict):
        items: Iterable[Any] = regions.values()
    elif isinstance(regions, list):
        items = regions
    else:
        raise OfferFormatError(file, "unexpected schema: no 'regions' (not a region index)")
    for r in items:
        if not isinstance(r, dict):
            raise OfferFormatError(file, "unexpected schema: a region entry is not an object")
        url = r.get("currentVersionUrl") or r.get("versionUrl")
        code = r.get("regionCode")
        if not isinstance(code, str) or not isinstance(url, str):
            raise OfferFormatError(file, "unexpected schema: region entry without regionCode "
                                         "and currentVersionUrl/versionUrl")
        out[code] = url
    return out


def csv_url(json_url: str) -> str:
    """The CSV twin of a region's offer file (the bulk API serves both)."""
    if not json_url.endswith(".json"):
        raise OfferFormatError(json_url, "offer file URL does not end in .json")
    return json_url[: -len(".json")] + ".csv"


# -- JSON offers (Lambda, S3, EFS) -----------------------------------------------------------
@dataclass(frozen=True)
class Dimension:
    """One On-Demand price dimension of a product."""

    sku: str
    family: str
    attributes: dict[str, str]
    usage: str  # usagetype without its region prefix
    unit: str
    usd: str
    begin: str
    end: str
    description: str


@dataclass
class JsonOffer:
    offer_code: str
    version: str
    publication_date: str  # YYYY-MM-DD
    dimensions: list[Dimension]


def read_json_offer(data: Any, *, offer_code: str, region: str, file: str) -> JsonOffer:
    """The On-Demand dimensions of ``region``'s products in a JSON offer file."""
    if not isinstance(data, dict):
        raise OfferFormatError(file, "unexpected schema: not a JSON object")
    if data.get("offerCode") not in (None, offer_code):
        raise OfferFormatError(file, f"offerCode is {data.get('offerCode')!r}, "
                                     f"expected {offer_code!r}")
    products, terms = data.get("products"), data.get("terms")
    if not isinstance(products, dict) or not isinstance(terms, dict):
        raise OfferFormatError(file, "unexpected schema: no 'products'/'terms' objects")
    on_demand = terms.get("OnDemand", {})
    if not isinstance(on_demand, dict):
        raise OfferFormatError(file, "unexpected schema: terms.OnDemand is not an object")
    dims: list[Dimension] = []
    for sku, product in products.items():
        attrs = product.get("attributes") if isinstance(product, dict) else None
        if not isinstance(attrs, dict):
            raise OfferFormatError(file, f"unexpected schema: product {sku} has no attributes")
        code = attrs.get("regionCode")
        if code is not None and code != region:
            continue
        if code is None and attrs.get("location") == "Any":
            continue  # free-tier rows (location "Any")
        for term in (on_demand.get(sku) or {}).values():
            pds = term.get("priceDimensions") if isinstance(term, dict) else None
            if not isinstance(pds, dict):
                raise OfferFormatError(file, f"unexpected schema: term of {sku} without "
                                             "priceDimensions")
            for pd_ in pds.values():
                try:
                    usd = pd_["pricePerUnit"]["USD"]
                    unit = pd_["unit"]
                except (KeyError, TypeError):
                    raise OfferFormatError(file, f"unexpected schema: price dimension of {sku} "
                                                 "without unit or pricePerUnit.USD") from None
                dims.append(Dimension(
                    sku, str(product.get("productFamily", "")), attrs,
                    strip_usage_prefix(str(attrs.get("usagetype", ""))), str(unit), str(usd),
                    str(pd_.get("beginRange", "0")), str(pd_.get("endRange", "Inf")),
                    str(pd_.get("description", ""))))
    return JsonOffer(offer_code, str(data.get("version", "")),
                     str(data.get("publicationDate", ""))[:10], dims)


class _JsonStream:
    """Members of a JSON object read from a byte stream one value at a time (stdlib
    ``raw_decode`` over a growing text buffer), so a large offer never sits in memory whole."""

    def __init__(self, stream: BinaryIO, file: str, max_bytes: int) -> None:
        self.stream, self.file, self.max_bytes = stream, file, max_bytes
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf, self.pos, self.read_bytes, self.eof = "", 0, 0, False
        self.json = json.JSONDecoder()

    def _more(self, want: int = 1 << 20) -> bool:
        if self.eof:
            return False
        data = self.stream.read(max(want, 1 << 16))
        self.read_bytes += len(data)
        if self.read_bytes > self.max_bytes:
            raise OfferFormatError(self.file, f"file larger than {self.max_bytes:,} bytes: not "
                                              "a Lambda, S3 or EFS Region offer file")
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as e:
            raise OfferFormatError(self.file, f"not valid JSON ({e}); the file is corrupt or "
                                              "not a Price List file") from None
        self.buf = self.buf[self.pos:] + text
        self.pos = 0
        self.eof = not data
        return True

    def _bad(self, what: str) -> OfferFormatError:
        return OfferFormatError(self.file, f"not valid JSON ({what} after "
                                           f"{self.read_bytes:,} bytes); the file is corrupt "
                                           "or not a Price List file")

    def peek(self) -> str:
        """The next non-blank character ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos:self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self._bad(f"expected {char!r}")
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value; more text is read until it is complete (and followed by a
        character, so a number cut at a block's end is never taken short)."""
        self.peek()
        while True:
            try:
                val, end = self.json.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof:
                    self.pos = end
                    return val
            except json.JSONDecodeError as e:
                if self.eof:
                    raise self._bad(e.msg) from None
            self._more(len(self.buf) - self.pos)  # grow geometrically: no quadratic re-parse

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller reads each value."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise self._bad("an object key that is not a string")
            self.expect(":")
            yield key
            nxt = self.peek()
            self.pos += 1
            if nxt == "}":
                return
            if nxt != ",":
                raise self._bad("expected ',' or '}'")


def _wanted_product(product: Any, region: str) -> bool:
    """Kept unless it is a well-formed product of another Region (anything odd is kept, for
    :func:`read_json_offer` to name)."""
    attrs = product.get("attributes") if isinstance(product, dict) else None
    if not isinstance(attrs, dict):
        return True
    code = attrs.get("regionCode")
    return code is None or code == region


def read_json_offer_stream(stream: BinaryIO, *, offer_code: str, region: str, file: str,
                           max_bytes: int = 256 << 20) -> JsonOffer:
    """:func:`read_json_offer` over a byte stream, one product and one term at a time: only
    ``region``'s products and the On-Demand terms are kept (Reserved and other terms are
    parsed and dropped), so memory follows what the Region needs, not the file size."""
    js = _JsonStream(stream, file, max_bytes)
    if js.peek() != "{":
        return read_json_offer(js.value(), offer_code=offer_code, region=region, file=file)
    data: dict[str, Any] = {}
    for key in js.members():
        if key == "products" and js.peek() == "{":
            products: dict[str, Any] = {}
            for sku in js.members():
                product = js.value()
                if _wanted_product(product, region):
                    products[sku] = product
            data["products"] = products
        elif key == "terms" and js.peek() == "{":
            terms: dict[str, Any] = {}
            for kind in js.members():
                if kind != "OnDemand":
                    if js.peek() == "{":
                        for _sku in js.members():
                            js.value()  # parsed (the file must be valid JSON), not kept
                        terms[kind] = {}
                    else:
                        terms[kind] = js.value()
                    continue
                terms[kind] = js.value() if js.peek() != "{" else \
                    {sku: js.value() for sku in js.members()}
            data["terms"] = terms
        else:
            data[key] = js.value()
        if key == "offerCode" and data[key] not in (None, offer_code):
            break  # the wrong offer: said at once, not after reading all of it
    else:
        if js.peek() != "":
            raise js._bad("text after the JSON object")
    return read_json_offer(data, offer_code=offer_code, region=region, file=file)


def _check_unit(dim: Dimension, allowed: Iterable[str], file: str, what: str) -> None:
    if dim.unit not in allowed:
        raise OfferFormatError(file, f"unexpected unit {dim.unit!r} for {what} (SKU {dim.sku}); "
                                     f"the mapping knows {', '.join(sorted(allowed))}")


def _put(values: dict[str, str], column: str, value: str, file: str) -> None:
    old = values.get(column)
    if old is not None and Decimal(old) != Decimal(value):
        raise OfferFormatError(file, f"two different prices for {column}: {old} and {value}")
    values[column] = value


_REQ_UNITS = ("Request", "Requests")
_GBS_UNITS = ("Lambda-GB-Second", "GB-Seconds", "GB-Second", "Lambda-GB-Seconds")

# Lambda: Price List product group -> snapshot column (x86; "-ARM" groups -> arm64).
LAMBDA_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "AWS-Lambda-Requests": ("usd_per_request", _REQ_UNITS),
    "AWS-Lambda-Duration": ("usd_per_gb_second_tier", _GBS_UNITS),
    "AWS-Lambda-Storage-Duration": ("ephemeral_storage_usd_per_gb_second", _GBS_UNITS),
    "AWS-Lambda-Provisioned-Concurrency": ("provisioned_concurrency_usd_per_gb_second",
                                           _GBS_UNITS),
    "AWS-Lambda-Duration-Provisioned": ("provisioned_duration_usd_per_gb_second", _GBS_UNITS),
}
LAMBDA_EDGE = {"AWS-Lambda-Edge-Requests": ("edge_usd_per_request", _REQ_UNITS),
               "AWS-Lambda-Edge-Duration": ("edge_duration_usd_per_gb_second", _GBS_UNITS)}


def lambda_values(offer: JsonOffer, file: str) -> dict[str, str]:
    """One Region's ``lambda_prices`` columns from an AWSLambda offer: groups as in
    LAMBDA_GROUPS; duration tiers 1-3 are the dimensions of the duration SKU in order of
    ``beginRange`` (AWS tiers per account and Region, see lambda_duration_tiers)."""
    values: dict[str, str] = {}
    tiers: dict[str, list[tuple[Decimal, str]]] = {}
    for d in offer.dimensions:
        group = str(d.attributes.get("group", ""))
        if group in LAMBDA_EDGE:
            col, units = LAMBDA_EDGE[group]
            _check_unit(d, units, file, group)
            _put(values, col, decimal_text(d.usd, file, col), file)
            continue
        arch = "x86"
        if group.endswith("-ARM"):
            arch, group = "arm64", group[: -len("-ARM")]
        if group not in LAMBDA_GROUPS:
            continue
        col, units = LAMBDA_GROUPS[group]
        _check_unit(d, units, file, group)
        if col == "usd_per_gb_second_tier":
            tiers.setdefault(arch, []).append((Decimal(d.begin), decimal_text(d.usd, file)))
            continue
        _put(values, f"{arch}_{col}", decimal_text(d.usd, file, col), file)
    for arch, dims in tiers.items():
        dims.sort()
        if len({b for b, _ in dims}) != len(dims) or len(dims) > 3:
            raise OfferFormatError(file, f"{arch} duration: {len(dims)} tiers with begin ranges "
                                         f"{[str(b) for b, _ in dims]} (expected up to 3)")
        for i, (_, usd) in enumerate(dims, start=1):
            _put(values, f"{arch}_usd_per_gb_second_tier{i}", usd, file)
    return values


# EFS: usage type -> column; data access by operation (Read / Write).
EFS_STORAGE = {
    "TimedStorage-ByteHrs": "standard_usd_per_gb_month",
    "IATimedStorage-ByteHrs": "infrequent_access_usd_per_gb_month",
    "IATimedStorage-ET-ByteHrs": "infrequent_access_et_usd_per_gb_month",
    "ArchiveTimedStorage-ByteHrs": "archive_usd_per_gb_month",
    "TimedStorage-Z-ByteHrs": "one_zone_usd_per_gb_month",
    "IATimedStorage-Z-ByteHrs": "one_zone_ia_usd_per_gb_month",
}
EFS_ACCESS = {"IADataAccess-Bytes": "ia", "ArchiveDataAccess-Bytes": "archive",
              "ETDataAccess-Bytes": "elastic_throughput"}
EFS_THROUGHPUT = "ProvisionedTP-MiBpsHrs"


def efs_values(offer: JsonOffer, file: str) -> dict[str, str]:
    """One Region's ``efs_prices`` columns from an AmazonEFS offer (usage types of the EFS
    billing-report table, docs.aws.amazon.com/efs/latest/ug/billing-usage-reports.html)."""
    values: dict[str, str] = {}
    for d in offer.dimensions:
        if d.usage in EFS_STORAGE:
            _check_unit(d, ("GB-Mo", "GB-Month"), file, d.usage)
            _put(values, EFS_STORAGE[d.usage], decimal_text(d.usd, file), file)
        elif d.usage in EFS_ACCESS:
            _check_unit(d, ("GB",), file, d.usage)
            op = f"{d.attributes.get('accessType', '')} {d.attributes.get('operation', '')}"
            kind = "read" if "Read" in op else "write" if "Write" in op else ""
            if not kind:
                raise OfferFormatError(file, f"{d.usage} (SKU {d.sku}) is neither Read nor "
                                             "Write")
            _put(values, f"{EFS_ACCESS[d.usage]}_{kind}_usd_per_gb",
                 decimal_text(d.usd, file), file)
        elif d.usage == EFS_THROUGHPUT:
            _check_unit(d, ("MiBps-Mo", "MiBps-mo", "MBps-Mo"), file, d.usage)
            _put(values, "provisioned_throughput_usd_per_mbps_month",
                 decimal_text(d.usd, file), file)
    return values


# S3: usage type -> (storage class, component, kind). Kinds: storage per GB-month (tiered),
# requests (per request in the file, per 1,000 in the snapshot), retrieval per GB,
# monitoring (per object in the file, per 1,000 objects-month in the snapshot).
S3_USAGE: dict[str, tuple[str, str, str]] = {
    "TimedStorage-ByteHrs": ("STANDARD", "storage", "storage"),
    "TimedStorage-SIA-ByteHrs": ("STANDARD_IA", "storage", "storage"),
    "TimedStorage-ZIA-ByteHrs": ("ONEZONE_IA", "storage", "storage"),
    "TimedStorage-GIR-ByteHrs": ("GLACIER_IR", "storage", "storage"),
    "TimedStorage-GlacierByteHrs": ("GLACIER", "storage", "storage"),
    "TimedStorage-GlacierStaging": ("GLACIER", "staging_storage", "storage"),
    "TimedStorage-GDA-ByteHrs": ("DEEP_ARCHIVE", "storage", "storage"),
    "TimedStorage-XZ-ByteHrs": ("EXPRESS_ONEZONE", "storage", "storage"),
    "TimedStorage-INT-FA-ByteHrs": ("INTELLIGENT_TIERING", "storage_frequent_access", "storage"),
    "TimedStorage-INT-IA-ByteHrs": ("INTELLIGENT_TIERING", "storage_infrequent_access",
                                    "storage"),
    "TimedStorage-INT-AIA-ByteHrs": ("INTELLIGENT_TIERING", "storage_archive_instant_access",
                                     "storage"),
    "TimedStorage-INT-AA-ByteHrs": ("INTELLIGENT_TIERING", "storage_archive_access", "storage"),
    "TimedStorage-INT-DAA-ByteHrs": ("INTELLIGENT_TIERING", "storage_deep_archive_access",
                                     "storage"),
    "Requests-Tier1": ("STANDARD", "requests_put_copy_post_list", "requests"),
    "Requests-Tier2": ("STANDARD", "requests_get_select_other", "requests"),
    "Requests-SIA-Tier1": ("STANDARD_IA", "requests_put_copy_post_list", "requests"),
    "Requests-SIA-Tier2": ("STANDARD_IA", "requests_get_select_other", "requests"),
    "Requests-ZIA-Tier1": ("ONEZONE_IA", "requests_put_copy_post_list", "requests"),
    "Requests-ZIA-Tier2": ("ONEZONE_IA", "requests_get_select_other", "requests"),
    "Requests-GIR-Tier1": ("GLACIER_IR", "requests_put_copy_post_list", "requests"),
    "Requests-GIR-Tier2": ("GLACIER_IR", "requests_get_select_other", "requests"),
    "Requests-INT-Tier1": ("INTELLIGENT_TIERING", "requests_put_copy_post_list", "requests"),
    "Requests-INT-Tier2": ("INTELLIGENT_TIERING", "requests_get_select_other", "requests"),
    "Retrieval-SIA": ("STANDARD_IA", "retrieval", "retrieval"),
    "Retrieval-ZIA": ("ONEZONE_IA", "retrieval", "retrieval"),
    "Retrieval-GIR": ("GLACIER_IR", "retrieval", "retrieval"),
    "Monitoring-Automation-INT": ("INTELLIGENT_TIERING", "monitoring_automation", "monitoring"),
}
_S3_KIND = {  # kind -> (units in the file, factor, unit label in the snapshot)
    "storage": (("GB-Mo", "GB-Month"), 1, "GB-month"),
    "requests": (("Requests", "Request"), PER_THOUSAND, "1000 requests"),
    "retrieval": (("GB",), 1, "GB"),
    "monitoring": (("Objects", "Objects-Mo", "Object-Mo"), PER_THOUSAND, "1000 objects-month"),
}


def _range_end(text: str) -> str:
    return "" if text in ("Inf", "") else decimal_text(text)


def s3_rows(offer: JsonOffer, region: str, source: str, file: str) -> list[dict[str, str]]:
    """``s3_prices`` rows of one Region from an AmazonS3 (or AmazonS3GlacierDeepArchive)
    offer: one row per mapped usage type and tier (tier bounds in GB as the file gives them)."""
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    for d in offer.dimensions:
        hit = S3_USAGE.get(d.usage)
        if hit is None:
            continue
        cls, comp, kind = hit
        units, factor, label = _S3_KIND[kind]
        _check_unit(d, units, file, d.usage)
        start = decimal_text(d.begin, file, "beginRange")
        row = {"region_code": region, "storage_class": cls, "component": comp,
               "tier_start_gb": start, "tier_end_gb": _range_end(d.end), "unit": label,
               "usd_per_unit": scaled(d.usd, factor, file, d.usage),
               "aws_meter_name": d.description or d.usage, "source": source}
        key = (cls, comp, start)
        old = rows.get(key)
        if old is not None and old["usd_per_unit"] != row["usd_per_unit"]:
            raise OfferFormatError(file, f"two different prices for S3 {cls} {comp} from "
                                         f"{start} GB: {old['usd_per_unit']} and "
                                         f"{row['usd_per_unit']}")
        rows[key] = row
    return list(rows.values())


# -- CSV offers (EC2, Savings Plans) -----------------------------------------------------------
@dataclass
class CsvMeta:
    publication_date: str  # YYYY-MM-DD
    version: str
    offer_code: str
    header: list[str]


def read_csv_meta(stream: BinaryIO, file: str) -> CsvMeta:
    """The five metadata lines and the header of a CSV offer (the stream is left at the first
    price row)."""
    meta: dict[str, str] = {}
    for i in range(5):
        line = stream.readline(1 << 16)
        try:
            cells = next(csv.reader([line.decode("utf-8")]), [])
        except (UnicodeDecodeError, csv.Error):
            cells = []
        if len(cells) < 2:
            shown = line[:60].decode("utf-8", "replace").strip()
            raise OfferFormatError(file, f"not a Price List CSV offer: metadata line {i + 1} "
                                         f"is {shown!r}")
        meta[cells[0]] = cells[1]
    for key in ("Publication Date", "Version", "OfferCode"):
        if key not in meta:
            raise OfferFormatError(file, f"not a Price List CSV offer: no {key!r} line")
    line = stream.readline(1 << 20)
    try:
        header = next(csv.reader([line.decode("utf-8")]), [])
    except (UnicodeDecodeError, csv.Error):
        header = []
    if not header or header[0] != "SKU":
        raise OfferFormatError(file, "unexpected schema: the header does not start with SKU")
    return CsvMeta(meta["Publication Date"][:10], meta["Version"], meta["OfferCode"], header)


EC2_COLUMNS = ("TermType", "Unit", "PricePerUnit", "LeaseContractLength", "PurchaseOption",
               "OfferingClass", "Product Family", "Instance Type", "Tenancy",
               "Operating System", "License Model", "Pre Installed S/W", "CapacityStatus",
               "usageType", "operation", "Region Code")
SP_COLUMNS = ("DiscountedRate", "DiscountedServiceCode", "DiscountedUsageType",
              "DiscountedOperation", "PurchaseOption", "LeaseContractLength",
              "LeaseContractLengthUnit", "Product Family", "DiscountedRegionCode",
              "DiscountedInstanceType")

# EBS: usage type (after the region prefix) -> (column, units in the file, factor).
EBS_USAGE: dict[str, tuple[str, tuple[str, ...], Decimal | int]] = {
    "EBS:VolumeUsage.gp2": ("gp2_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:VolumeUsage.gp3": ("gp3_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:VolumeP-IOPS.gp3": ("gp3_usd_per_provisioned_iops_month", ("IOPS-Mo",), 1),
    # per GiBps-month in the file, per MiB/s-month in the snapshot (SOURCES.md ebs.csv)
    "EBS:VolumeP-Throughput.gp3": ("gp3_usd_per_provisioned_mibps_month",
                                   ("GiBps-mo", "GiBps-Mo"), Decimal(1) / MIB_PER_GIB),
    "EBS:VolumeUsage.piops": ("io1_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:VolumeP-IOPS.piops": ("io1_usd_per_piops_month", ("IOPS-Mo",), 1),
    "EBS:VolumeUsage.io2": ("io2_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:VolumeP-IOPS.io2": ("io2_usd_per_piops_month_tier1", ("IOPS-Mo",), 1),
    "EBS:VolumeP-IOPS.io2.tier2": ("io2_usd_per_piops_month_tier2", ("IOPS-Mo",), 1),
    "EBS:VolumeP-IOPS.io2.tier3": ("io2_usd_per_piops_month_tier3", ("IOPS-Mo",), 1),
    "EBS:VolumeUsage.st1": ("st1_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:VolumeUsage.sc1": ("sc1_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:VolumeUsage": ("standard_magnetic_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:VolumeIOUsage": ("standard_magnetic_usd_per_million_io_requests", ("IOs", "IO"),
                          PER_MILLION),
    "EBS:SnapshotUsage": ("snapshot_standard_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:SnapshotArchiveStorage": ("snapshot_archive_usd_per_gb_month", ("GB-Mo",), 1),
    "EBS:SnapshotArchiveRetrieval": ("snapshot_archive_retrieval_usd_per_gb", ("GB",), 1),
    "EBS:SnapshotArchiveEarlyDelete": ("snapshot_archive_early_delete_usd_per_gb_month",
                                       ("GB-Mo",), 1),
    "EBS:FastSnapshotRestore": ("fast_snapshot_restore_usd_per_hour",
                                ("DSU-Hour", "DSU-Hr", "DSU-Hours", "Hrs"), 1),
}


@dataclass
class Ec2Result:
    """What one Region's AmazonEC2 CSV offer gave (all strings, exact decimals)."""

    region: str
    publication_date: str = ""
    version: str = ""
    # (instance type, OS label, tenancy) -> USD per hour
    on_demand: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (type, OS, tenancy, class, years, option) -> {"upfront_usd", "usd_per_hour"}
    reserved: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)
    ebs: dict[str, str] = field(default_factory=dict)
    operations: dict[str, str] = field(default_factory=dict)  # operation code -> OS label
    rows_read: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # rows dropped, by reason

    def count(self, why: str, n: int = 1) -> None:
        self.counts[why] = self.counts.get(why, 0) + n

    def to_json(self) -> dict[str, Any]:
        return {"region": self.region, "publication_date": self.publication_date,
                "version": self.version,
                "on_demand": [[*k, v] for k, v in self.on_demand.items()],
                "reserved": [[*k, v["upfront_usd"], v["usd_per_hour"]]
                             for k, v in self.reserved.items()],
                "ebs": self.ebs, "operations": self.operations, "rows_read": self.rows_read,
                "counts": self.counts}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Ec2Result:
        r = cls(d["region"], d["publication_date"], d["version"])
        r.on_demand = {tuple(x[:3]): x[3] for x in d["on_demand"]}
        r.reserved = {tuple(x[:6]): {"upfront_usd": x[6], "usd_per_hour": x[7]}
                      for x in d["reserved"]}
        r.ebs, r.operations = d["ebs"], d["operations"]
        r.rows_read, r.counts = d["rows_read"], d["counts"]
        return r


CHUNK_ROWS = 20_000


def read_ec2_csv(stream: BinaryIO, *, region: str, file: str, instances: bool = True,
                 ebs: bool = True, operating_systems: Iterable[str] | None = None,
                 chunk_rows: int = CHUNK_ROWS,
                 on_chunk: Callable[[int], None] | None = None) -> Ec2Result:
    """Stream one Region's AmazonEC2 CSV offer into On-Demand, Reserved and EBS prices.

    Kept: instances in use (CapacityStatus Used) with Shared or Dedicated tenancy, the
    operating systems in ``operating_systems`` (None: every one the snapshot labels), rows of
    ``region`` itself. Reserved terms are keyed by type, OS, tenancy, offering class, years
    and payment option, with the upfront fee (Unit Quantity) and hourly fee (Unit Hrs). The
    file is read ``chunk_rows`` rows at a time with only :data:`EC2_COLUMNS`, so memory does
    not grow with the file.
    """
    import pandas as pd  # lazy: the GUI imports calc.pricing at start-up

    meta = read_csv_meta(stream, file)
    if meta.offer_code != "AmazonEC2":
        raise OfferFormatError(file, f"OfferCode is {meta.offer_code!r}, expected 'AmazonEC2'")
    missing = [c for c in EC2_COLUMNS if c not in meta.header]
    if missing:
        raise OfferFormatError(file, f"unexpected schema: column {missing[0]!r} is missing")
    res = Ec2Result(region, meta.publication_date, meta.version)
    wanted = None if operating_systems is None else frozenset(operating_systems)
    labels: dict[tuple[str, str, str], str | None] = {}
    op_conflicts: set[str] = set()
    conflicts: set[tuple[str, ...]] = set()
    try:
        # low-cardinality columns as categories: integer codes instead of one string object
        # per cell keep each chunk small (see bench/bench_refresh.py)
        dtypes = {c: ("str" if c in ("PricePerUnit", "usageType") else "category")
                  for c in EC2_COLUMNS}
        reader = pd.read_csv(
            stream, header=None, names=meta.header, usecols=list(EC2_COLUMNS), dtype=dtypes,
            keep_default_na=False, na_filter=False, chunksize=chunk_rows, engine="c",
            encoding="utf-8")
        for chunk in reader:
            res.rows_read += len(chunk)
            here = chunk[chunk["Region Code"] == region]
            if ebs:
                _ebs_rows(here, res, file)
            if instances:
                _instance_rows(here, res, file, wanted, labels, op_conflicts, conflicts)
            if on_chunk is not None:
                on_chunk(len(chunk))
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
        if isinstance(e, OfferFormatError):
            raise
        raise OfferFormatError(file, f"corrupt or truncated CSV ({str(e).splitlines()[0]})")\
            from None
    for op in op_conflicts:
        res.operations.pop(op, None)
    for key in conflicts:
        if len(key) == 3:
            res.on_demand.pop(key, None)
        else:
            res.reserved.pop(key, None)
    if conflicts:
        res.count("keys with two different prices (dropped)", len(conflicts))
    return res


def _ebs_rows(here: Any, res: Ec2Result, file: str) -> None:
    rest = here[~here["Product Family"].isin(COMPUTE_FAMILIES)]
    if rest.empty:
        return
    rest = rest[(rest["TermType"] == "OnDemand")
                & rest["usageType"].str.contains("EBS:", regex=False)]
    for usage, unit, usd in zip(rest["usageType"], rest["Unit"], rest["PricePerUnit"],
                                strict=True):
        hit = EBS_USAGE.get(strip_usage_prefix(usage))
        if hit is None:
            continue
        col, units, factor = hit
        if unit not in units:
            raise OfferFormatError(file, f"unexpected unit {unit!r} for {usage}; the mapping "
                                         f"knows {', '.join(units)}")
        _put(res.ebs, col, scaled(usd, factor, file, usage), file)


def _instance_rows(here: Any, res: Ec2Result, file: str, wanted: frozenset[str] | None,
                   labels: dict[tuple[str, str, str], str | None], op_conflicts: set[str],
                   conflicts: set[tuple[str, ...]]) -> None:
    inst = here[here["Product Family"].isin(COMPUTE_FAMILIES)]
    if inst.empty:
        return
    used = inst[(inst["CapacityStatus"] == "Used") & inst["Tenancy"].isin(("Shared",
                                                                           "Dedicated"))]
    res.count("instance rows not in use (capacity reservations) or Host tenancy",
              len(inst) - len(used))
    if used.empty:
        return
    label_col = _os_labels(used, labels)
    # operation code -> OS label, learnt from the file itself (Savings Plans name operations)
    for op, label in set(zip(used["operation"].to_numpy(), label_col, strict=True)):
        if label is None:
            continue
        if res.operations.setdefault(op, label) != label:
            op_conflicts.add(op)
    keep = np.array([lab is not None and (wanted is None or lab in wanted)
                     for lab in label_col], dtype=bool)
    res.count("instance rows of other operating systems", int((~keep).sum()))
    sel = used[keep]
    cols = [sel[c].to_numpy() for c in ("TermType", "Unit", "PricePerUnit", "Instance Type",
                                        "Tenancy", "LeaseContractLength", "OfferingClass",
                                        "PurchaseOption")]
    for term, unit, usd, itype, tenancy, lease, cls, purchase, label in zip(
            *cols, label_col[keep], strict=True):
        if term == "OnDemand":
            if unit != "Hrs":
                raise OfferFormatError(file, f"On-Demand {itype} priced per {unit!r}")
            price = decimal_text(usd, file, f"{itype} On-Demand")
            if price == "0":
                res.count("On-Demand rows priced 0 (dropped)")
                continue
            key = (itype, label, tenancy)
            if res.on_demand.setdefault(key, price) != price:
                conflicts.add(key)
            continue
        if term != "Reserved":
            res.count(f"{term} rows")
            continue
        years, option = TERM_YEARS.get(lease), PURCHASE.get(purchase)
        if years is None or option is None or cls not in ("standard", "convertible"):
            raise OfferFormatError(file, f"unexpected Reserved term {lease!r} {purchase!r} "
                                         f"{cls!r} for {itype}")
        rkey = (itype, label, tenancy, cls, years, option)
        row = res.reserved.setdefault(rkey, {"upfront_usd": "", "usd_per_hour": ""})
        col = {"Quantity": "upfront_usd", "Hrs": "usd_per_hour"}.get(unit)
        if col is None:
            raise OfferFormatError(file, f"unexpected Reserved unit {unit!r} for {itype}")
        price = decimal_text(usd, file, f"{itype} Reserved")
        if row[col] and row[col] != price:
            conflicts.add(rkey)
        row[col] = price


def _os_labels(rows: Any, labels: dict[tuple[str, str, str], str | None]) -> np.ndarray:
    """The OS label of every row (None for an OS the snapshot does not label), computed once
    per distinct (Operating System, Pre Installed S/W, License Model) from category codes."""
    parts = [rows[c] for c in ("Operating System", "Pre Installed S/W", "License Model")]
    cats = [list(p.cat.categories) for p in parts]
    codes = [p.cat.codes.to_numpy().astype(np.int64) for p in parts]
    combined = (codes[0] * (len(cats[1]) + 1) + codes[1]) * (len(cats[2]) + 1) + codes[2]
    uniq, inverse = np.unique(combined, return_inverse=True)
    out = []
    for u in uniq:
        c2 = int(u % (len(cats[2]) + 1))
        c1 = int(u // (len(cats[2]) + 1) % (len(cats[1]) + 1))
        c0 = int(u // ((len(cats[2]) + 1) * (len(cats[1]) + 1)))
        key = (cats[0][c0], cats[1][c1], cats[2][c2])
        if key not in labels:
            labels[key] = os_label(*key)
        out.append(labels[key])
    return np.array(out, dtype=object)[inverse]


def reserved_rows(res: Ec2Result, source: str) -> tuple[list[dict[str, str]], int]:
    """``ec2_reserved_offers`` rows (every payment option) and the number of incomplete terms
    dropped. No Upfront carries no upfront fee and All Upfront no hourly fee (AWS lists 0):
    those cells are empty, as in the bundled table."""
    rows, incomplete = [], 0
    for (itype, label, tenancy, cls, years, option), v in res.reserved.items():
        upfront, hourly = v["upfront_usd"], v["usd_per_hour"]
        if option == "no_upfront":
            upfront = "" if upfront in ("", "0") else upfront
            ok = bool(hourly) and not upfront
        elif option == "all_upfront":
            hourly = "" if hourly in ("", "0") else hourly
            ok = bool(upfront) and not hourly
        else:
            ok = bool(upfront) and bool(hourly)
        if not ok:
            incomplete += 1
            continue
        rows.append({"region_code": res.region, "instance_type": itype,
                     "operating_system": label, "tenancy": tenancy, "offering_class": cls,
                     "term_years": years, "purchase_option": option, "upfront_usd": upfront,
                     "usd_per_hour": hourly, "source": source})
    return rows, incomplete


@dataclass
class SpResult:
    region: str
    publication_date: str = ""
    version: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def read_sp_csv(stream: BinaryIO, *, region: str, file: str, operations: dict[str, str],
                operating_systems: Iterable[str] | None, source: str) -> SpResult:
    """EC2 rates of a Savings Plans CSV offer: the DiscountedRate per instance-hour in use
    (usage BoxUsage = Shared, DedicatedUsage = Dedicated). The OS comes from the operation
    code, with the codes the EC2 offers themselves pair with each OS (``operations``)."""
    import pandas as pd

    meta = read_csv_meta(stream, file)
    if "SavingsPlan" not in meta.offer_code:
        raise OfferFormatError(file, f"OfferCode is {meta.offer_code!r}, not a Savings Plans "
                                     "offer")
    missing = [c for c in SP_COLUMNS if c not in meta.header]
    if missing:
        raise OfferFormatError(file, f"unexpected schema: column {missing[0]!r} is missing")
    res = SpResult(region, meta.publication_date, meta.version)
    wanted = None if operating_systems is None else frozenset(operating_systems)
    seen: dict[tuple[str, ...], str] = {}
    try:
        for chunk in pd.read_csv(stream, header=None, names=meta.header,
                                 usecols=list(SP_COLUMNS), dtype=str, keep_default_na=False,
                                 na_filter=False, chunksize=CHUNK_ROWS, engine="c"):
            ec2 = chunk[(chunk["DiscountedServiceCode"] == "AmazonEC2")
                        & (chunk["DiscountedRegionCode"] == region)]
            res.counts["rows of other services or Regions"] = \
                res.counts.get("rows of other services or Regions", 0) + len(chunk) - len(ec2)
            for r in ec2.itertuples(index=False, name=None):
                d = dict(zip(ec2.columns, r, strict=True))
                usage = strip_usage_prefix(d["DiscountedUsageType"]).split(":", 1)[0]
                tenancy = {"BoxUsage": "Shared", "DedicatedUsage": "Dedicated"}.get(usage)
                label = operations.get(d["DiscountedOperation"])
                if tenancy is None or label is None or (wanted is not None
                                                        and label not in wanted):
                    why = ("usage types other than BoxUsage/DedicatedUsage" if tenancy is None
                           else "operation codes no EC2 offer of this refresh names"
                           if label is None else "other operating systems")
                    res.counts[why] = res.counts.get(why, 0) + 1
                    continue
                plan = PLAN_TYPES.get(d["Product Family"])
                option = PURCHASE.get(d["PurchaseOption"])
                if plan is None or option is None or d["LeaseContractLengthUnit"] != "year":
                    raise OfferFormatError(file, f"unexpected Savings Plan {d['Product Family']!r}"
                                                 f" {d['PurchaseOption']!r} "
                                                 f"{d['LeaseContractLength']} "
                                                 f"{d['LeaseContractLengthUnit']!r}")
                rate = decimal_text(d["DiscountedRate"], file, "DiscountedRate")
                key = (d["DiscountedInstanceType"], label, tenancy, plan,
                       d["LeaseContractLength"], option)
                if seen.setdefault(key, rate) != rate:
                    raise OfferFormatError(file, f"two different Savings Plan rates for "
                                                 f"{' '.join(key)}: {seen[key]} and {rate}")
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        raise OfferFormatError(file, f"corrupt or truncated CSV ({str(e).splitlines()[0]})")\
            from None
    for (itype, label, tenancy, plan, years, option), rate in seen.items():
        res.rows.append({"region_code": region, "instance_type": itype,
                         "operating_system": label, "tenancy": tenancy, "plan_type": plan,
                         "term_years": years, "purchase_option": option,
                         "usd_per_hour": rate, "source": source})
    return res

