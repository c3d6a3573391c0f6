"""The price catalog: records, limits and the :class:`Catalog` of one dated snapshot.

Calculators are handed a :class:`Catalog` and never choose one; which snapshot is active is
the business of :mod:`calc.pricing.snapshots` (the program entry points only). Each answer
carries ``as_of`` and its source; a missing price raises :class:`PriceNotFound`, never a guess.
"""

from __future__ import annotations

from calc.fields import Basis
from calc.pricing.catalog import Catalog
from calc.pricing.errors import PriceNotFound, RefreshError, SnapshotError
from calc.pricing.limits import Limit, Limits
from calc.pricing.records import (
    Ec2Prices,
    Ec2Rate,
    Ec2Term,
    PriceRecord,
    Region,
    Source,
    SpotAdvice,
    Tier,
    TieredPrice,
    effective_term,
)
from calc.pricing.snapshots import bundled_root

__all__ = [
    "Basis", "Catalog", "Ec2Prices", "Ec2Rate", "Ec2Term", "Limit", "Limits", "PriceNotFound",
    "PriceRecord", "RefreshError", "Region", "SnapshotError", "Source", "SpotAdvice", "Tier",
    "TieredPrice", "bundled_root", "effective_term",
]
