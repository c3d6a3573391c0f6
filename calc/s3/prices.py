"""The S3 prices a result uses, looked up in the catalog it is handed, and their labels.

:func:`lookup` answers one meter (class and component) of one Region as a tiered price, or
None and the reason; :func:`price_rows` turns a price into the :class:`calc.report.PriceUsed`
rows a result carries (one per volume tier), labelled here so the CLI and the GUI say the
same thing.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import pandas as pd

from calc.pricing import Catalog, Tier, TieredPrice
from calc.pricing.errors import PriceNotFound
from calc.report import PriceUsed
from calc.s3.classes import LABELS, SNAPSHOT_CLASS

PUT_COMPONENT = {c: "requests_put_copy_post_list" for c in SNAPSHOT_CLASS.values()}
PUT_COMPONENT.update(GLACIER="requests_put", DEEP_ARCHIVE="requests_put")
GET_COMPONENT = {c: "requests_get_select_other" for c in SNAPSHOT_CLASS.values()}
GET_COMPONENT.update(GLACIER="requests_get_other", DEEP_ARCHIVE="requests_get_other",
                     EXPRESS_ONEZONE="requests_get_other")
# Intelligent-Tiering access tiers: model field -> snapshot component
IT_TIERS = {
    "frequent": "storage_frequent_access",
    "infrequent": "storage_infrequent_access",
    "archive_instant": "storage_archive_instant_access",
    "archive_access": "storage_archive_access",
    "deep_archive_access": "storage_deep_archive_access",
}

# snapshot component -> what it is called on screen and in the CLI
COMPONENT_LABELS: dict[str, str] = {
    "storage": "storage",
    "storage_frequent_access": "Frequent Access storage",
    "storage_infrequent_access": "Infrequent Access storage",
    "storage_archive_instant_access": "Archive Instant Access storage",
    "storage_archive_access": "Archive Access storage",
    "storage_deep_archive_access": "Deep Archive Access storage",
    "staging_storage": "staging storage",
    "monitoring_automation": "monitoring and automation",
    "lifecycle_transition_into": "lifecycle transitions into the class",
    "requests_put_copy_post_list": "PUT, COPY, POST, LIST requests",
    "requests_get_select_other": "GET, SELECT and other requests",
    "requests_put": "PUT requests",
    "requests_copy": "COPY requests",
    "requests_post": "POST requests",
    "requests_get_other": "GET and other requests",
    "retrieval": "retrieval",
    "retrieval_standard": "standard retrieval",
    "retrieval_bulk": "bulk retrieval",
    "retrieval_expedited": "expedited retrieval",
    "retrieval_requests_standard": "standard restore requests",
    "retrieval_requests_bulk": "bulk restore requests",
    "retrieval_requests_expedited": "expedited restore requests",
    "select_data_returned": "S3 Select data returned",
    "select_data_scanned": "S3 Select data scanned",
    "upload": "upload",
}
CLASS_OF_SNAPSHOT = {v: k for k, v in SNAPSHOT_CLASS.items()}
TRANSFER_OUT = "data transfer out to the internet"

# per catalog instance: (region, class, component) -> (price, reason). A catalog's tables never
# change once loaded, and a refreshed snapshot is a new Catalog (a new, empty cache).
_LOOKUPS: weakref.WeakKeyDictionary[Catalog, dict[tuple[str, str, str],
                                                  tuple[TieredPrice | None, str]]] = (
    weakref.WeakKeyDictionary())


def lookup(catalog: Catalog, region: str, snapshot_class: str, component: str
           ) -> tuple[TieredPrice | None, str]:
    """The price, or None and the reason (the PriceNotFound message)."""
    cache = _LOOKUPS.setdefault(catalog, {})
    key = (region, snapshot_class, component)
    if key not in cache:
        try:
            cache[key] = (catalog.s3_price(region, snapshot_class, component), "")
        except PriceNotFound as e:
            cache[key] = (None, str(e))
    return cache[key]


def transfer_out_price(catalog: Catalog, region: str) -> tuple[TieredPrice | None, str]:
    """Data transfer out to the internet as a tiered price, or None and the reason."""
    t = catalog.table("data_transfer_out")
    rows = t[t["region_code"] == region].sort_values("tier_start_gb")
    as_of = catalog.table_as_of("data_transfer_out")
    if rows.empty:
        return None, str(PriceNotFound(TRANSFER_OUT, region=region, as_of=as_of,
                                       table="data_transfer_out"))
    tiers = tuple(Tier(float(start), None if pd.isna(end) else float(end), float(usd))
                  for start, end, usd in zip(rows["tier_start_gb"].tolist(),
                                             rows["tier_end_gb"].tolist(),
                                             rows["usd_per_gb"].tolist(), strict=True))
    src = catalog.table_sources("data_transfer_out")[0]
    return TieredPrice("data transfer out", "GB", tiers, "AWSDataTransfer", src), ""


def meter_label(snapshot_class: str, component: str) -> str:
    """``("STANDARD_IA", "storage")`` -> "S3 Standard-IA storage"."""
    cid = CLASS_OF_SNAPSHOT.get(snapshot_class, snapshot_class)
    return f"{LABELS.get(cid, cid)} {COMPONENT_LABELS.get(component, component)}"


def price_rows(what: str, price: TieredPrice) -> list[PriceUsed]:
    """One :class:`PriceUsed` per volume tier of ``price`` ("... from 51,200 GB")."""
    return [PriceUsed(what + ("" if t.start == 0 else f" from {t.start:,.0f} GB"),
                      t.usd_per_unit, price.unit, price.as_of, price.source.title)
            for t in price.tiers]


def dedupe(rows: Iterable[PriceUsed]) -> list[PriceUsed]:
    """``rows`` without repeats, in first-seen order."""
    return list(dict.fromkeys(rows))
