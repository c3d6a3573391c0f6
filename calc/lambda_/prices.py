"""One Region's Lambda prices for one architecture as plain values, read once from the catalog.

Formulas take a :class:`LambdaPrices`; :func:`lambda_prices` is the only place that reads the
Lambda price tables, from the catalog it is handed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np

from calc.errors import unknown_name
from calc.pricing import Catalog
from calc.pricing.errors import PriceNotFound

Architecture = Literal["x86_64", "arm64"]
ARCHITECTURES: tuple[Architecture, ...] = ("x86_64", "arm64")
# Column prefix of each architecture in the Lambda price table (calc/pricing/schema.py).
_PRICE_PREFIX: dict[str, str] = {"x86_64": "x86", "arm64": "arm64"}


@dataclass(frozen=True, eq=False)
class LambdaPrices:
    """One Region's Lambda prices for one architecture [USD], with their date and source.

    ``tier_starts_gb_seconds`` are the lower bounds of the monthly duration volume tiers
    [GB-s per month] (the first is 0) and ``tier_usd_per_gb_second`` their prices. The
    optional prices are ``None`` when the snapshot has none; a formula that needs one raises
    :class:`~calc.pricing.errors.PriceNotFound` (see :meth:`require`).
    """

    region: str
    architecture: str
    usd_per_request: float
    tier_starts_gb_seconds: tuple[float, ...]
    tier_usd_per_gb_second: tuple[float, ...]
    ephemeral_storage_usd_per_gb_second: float | None
    provisioned_concurrency_usd_per_gb_second: float | None
    provisioned_duration_usd_per_gb_second: float | None
    as_of: str
    source_id: str = ""
    source_url: str = ""
    _starts: np.ndarray = field(init=False, repr=False)
    _widths: np.ndarray = field(init=False, repr=False)
    _tier_prices: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        starts = np.asarray(self.tier_starts_gb_seconds, dtype=float)
        ends = np.append(starts[1:], np.inf)
        object.__setattr__(self, "_starts", starts)
        object.__setattr__(self, "_widths", ends - starts)
        object.__setattr__(self, "_tier_prices",
                           np.asarray(self.tier_usd_per_gb_second, dtype=float))

    @property
    def usd_per_gb_second(self) -> float:
        """The first-tier duration price [USD/GB-s] (what most workloads pay)."""
        return self.tier_usd_per_gb_second[0]

    def require(self, name: str) -> float:
        """The optional price ``name`` (an attribute), or PriceNotFound naming it."""
        value = getattr(self, name)
        if value is None:
            what = f"Lambda {self.architecture} {name.removesuffix('_usd_per_gb_second')}"
            raise PriceNotFound(what.replace("_", " "), region=self.region, as_of=self.as_of,
                                table="lambda_prices")
        return float(value)


@lru_cache(maxsize=256)
def _prices_for(catalog: Catalog, region: str, architecture: str) -> LambdaPrices:
    if architecture not in _PRICE_PREFIX:
        raise unknown_name("architecture", architecture, ARCHITECTURES, what="architecture")
    rec = catalog.lambda_prices(region)
    prefix = _PRICE_PREFIX[architecture]
    tiers = catalog.table("lambda_duration_tiers")
    rows = tiers[tiers["architecture"] == architecture].sort_values("tier")
    starts = tuple(float(s) for s in rows["tier_start_gb_seconds_per_month"])
    tier_prices = tuple(rec.require(str(col), f"Lambda {architecture} duration tier {i}")
                        for i, col in enumerate(rows["lambda_csv_column"], start=1))
    return LambdaPrices(
        region=region, architecture=architecture,
        usd_per_request=rec.require(f"{prefix}_usd_per_request", f"Lambda {architecture} requests"),
        tier_starts_gb_seconds=starts, tier_usd_per_gb_second=tier_prices,
        ephemeral_storage_usd_per_gb_second=rec.get(f"{prefix}_ephemeral_storage_usd_per_gb_second"),
        provisioned_concurrency_usd_per_gb_second=rec.get(
            f"{prefix}_provisioned_concurrency_usd_per_gb_second"),
        provisioned_duration_usd_per_gb_second=rec.get(
            f"{prefix}_provisioned_duration_usd_per_gb_second"),
        as_of=rec.as_of, source_id=rec.source.id, source_url=rec.source.url)


def lambda_prices(region: str, architecture: str = "x86_64", *,
                  catalog: Catalog) -> LambdaPrices:
    """The Lambda prices of ``region`` for ``architecture`` (cached per catalog).

    Raises InputError for an unknown Region or architecture and PriceNotFound when the
    snapshot lacks the request or a duration-tier price.
    """
    return _prices_for(catalog, region, architecture)
