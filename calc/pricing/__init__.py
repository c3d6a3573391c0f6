"""The price catalog API.

Module-level lookups use the active snapshot (the bundled one unless a refreshed one was
activated). Each answer carries ``as_of`` and its source; a missing price raises
:class:`PriceNotFound`, never a guess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calc.pricing.catalog import (
    Basis,
    Catalog,
    Ec2Rate,
    Limit,
    Limits,
    PriceRecord,
    Region,
    Source,
    Tier,
    TieredPrice,
    active_catalog,
    bundled_root,
    set_active_catalog,
)
from calc.pricing.errors import PriceNotFound, SnapshotError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Basis", "Catalog", "Ec2Rate", "Limit", "Limits", "PriceNotFound",
    "PriceRecord", "Region", "SnapshotError", "Source", "Tier", "TieredPrice",
    "active_catalog", "bundled_root", "ebs_prices", "ec2_instance", "ec2_on_demand",
    "ec2_reserved", "efs_prices", "lambda_prices", "limits", "regions", "s3_price",
    "s3_prices", "set_active_catalog",
]


def regions() -> list[Region]:
    return active_catalog().regions()


def lambda_prices(region: str) -> PriceRecord:
    return active_catalog().lambda_prices(region)


def ebs_prices(region: str) -> PriceRecord:
    return active_catalog().ebs_prices(region)


def efs_prices(region: str) -> PriceRecord:
    return active_catalog().efs_prices(region)


def s3_prices(region: str) -> pd.DataFrame:
    return active_catalog().s3_prices(region)


def s3_price(region: str, storage_class: str, component: str) -> TieredPrice:
    return active_catalog().s3_price(region, storage_class, component)


def ec2_on_demand(region: str, instance_type: str, os: str = "Linux",
                  tenancy: str = "Shared") -> Ec2Rate:
    return active_catalog().ec2_on_demand(region, instance_type, os, tenancy)


def ec2_reserved(region: str, instance_type: str, os: str = "Linux") -> pd.DataFrame:
    return active_catalog().ec2_reserved(region, instance_type, os)


def ec2_instance(instance_type: str) -> dict[str, Any]:
    return active_catalog().ec2_instance(instance_type)


def limits() -> Limits:
    return active_catalog().limits
