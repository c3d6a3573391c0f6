"""Which EBS prices a result used: one label per price column, shared by the CLI and the GUI.

A result names the price columns it billed (:data:`TYPE_PRICE_COLUMNS` for a volume type's
sizing, a cost breakdown's own ``price_column`` values); :func:`prices_used` turns them into
:class:`calc.report.PriceUsed` rows with the region's price, unit, date and source.
"""

from __future__ import annotations

from collections.abc import Iterable

from calc.ebs.specs import VOLUME_TYPES
from calc.pricing import PriceRecord
from calc.report import PriceUsed

PRICE_LABELS: dict[str, str] = {
    "gp2_usd_per_gb_month": "gp2 storage",
    "gp3_usd_per_gb_month": "gp3 storage",
    "gp3_usd_per_provisioned_iops_month": "gp3 IOPS above the included",
    "gp3_usd_per_provisioned_mibps_month": "gp3 throughput above the included",
    "io1_usd_per_gb_month": "io1 storage",
    "io1_usd_per_piops_month": "io1 provisioned IOPS",
    "io2_usd_per_gb_month": "io2 storage",
    "io2_usd_per_piops_month_tier1": "io2 IOPS, tier 1",
    "io2_usd_per_piops_month_tier2": "io2 IOPS, tier 2",
    "io2_usd_per_piops_month_tier3": "io2 IOPS, tier 3",
    "st1_usd_per_gb_month": "st1 storage",
    "sc1_usd_per_gb_month": "sc1 storage",
    "standard_magnetic_usd_per_gb_month": "magnetic storage",
    "standard_magnetic_usd_per_million_io_requests": "magnetic I/O requests",
    "snapshot_standard_usd_per_gb_month": "snapshot storage (standard tier)",
    "snapshot_archive_usd_per_gb_month": "snapshot storage (archive tier)",
    "snapshot_archive_retrieval_usd_per_gb": "archived snapshot restore",
}

# The price columns each volume type's sizing uses (snapshot prices are not part of sizing).
TYPE_PRICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "gp2": ("gp2_usd_per_gb_month",),
    "gp3": ("gp3_usd_per_gb_month", "gp3_usd_per_provisioned_iops_month",
            "gp3_usd_per_provisioned_mibps_month"),
    "io1": ("io1_usd_per_gb_month", "io1_usd_per_piops_month"),
    "io2": ("io2_usd_per_gb_month", "io2_usd_per_piops_month_tier1",
            "io2_usd_per_piops_month_tier2", "io2_usd_per_piops_month_tier3"),
    "st1": ("st1_usd_per_gb_month",),
    "sc1": ("sc1_usd_per_gb_month",),
    "standard": ("standard_magnetic_usd_per_gb_month",
                 "standard_magnetic_usd_per_million_io_requests"),
}


def type_columns(volume_types: Iterable[str]) -> list[str]:
    """The sizing price columns of ``volume_types``, in :data:`VOLUME_TYPES` order."""
    wanted = set(volume_types)
    return [c for vt in VOLUME_TYPES if vt in wanted for c in TYPE_PRICE_COLUMNS[vt]]


def prices_used(prices: PriceRecord, columns: Iterable[str]) -> list[PriceUsed]:
    """One :class:`PriceUsed` per column (first occurrence kept): label, USD per unit, unit
    ("GB-month" from the snapshot's "USD per GB-month"), as-of date and source title."""
    out: list[PriceUsed] = []
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            continue
        seen.add(column)
        unit = prices.units.get(column, "").removeprefix("USD ").removeprefix("per ")
        out.append(PriceUsed(PRICE_LABELS.get(column, column), prices.values.get(column), unit,
                             prices.as_of, prices.source.title))
    return out
