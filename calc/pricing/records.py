"""The records a price lookup returns: each carries its source and the source's as-of date.

Plain frozen dataclasses, no I/O: :class:`~calc.pricing.catalog.Catalog` builds them from the
snapshot tables, calculators read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from calc.pricing.errors import PriceNotFound


@dataclass(frozen=True)
class Source:
    """Where a table's prices come from and the date they were published or fetched."""

    id: str
    title: str
    url: str
    as_of: str
    name: str = ""  # a short name for status lines ("Amazon EBS pricing page")

    @property
    def short(self) -> str:
        return self.name or self.title


class _Dated:
    """A price answer's date: the as-of date of its source."""

    source: Source

    @property
    def as_of(self) -> str:
        return self.source.as_of


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    continent: str


@dataclass(frozen=True)
class PriceRecord(_Dated):
    """One region's row of a flat price table (Lambda, EBS, EFS).

    ``values`` maps column name to USD (``None`` where the snapshot has no price).
    """

    table: str
    region: str
    values: Mapping[str, float | None]
    units: Mapping[str, str]
    source: Source

    def get(self, column: str) -> float | None:
        return self.values.get(column)

    def require(self, column: str, what: str | None = None) -> float:
        """The price in ``column``, or PriceNotFound naming it, the region and the date."""
        value = self.values.get(column)
        if value is None:
            raise PriceNotFound(what or column, region=self.region, as_of=self.as_of,
                                table=self.table)
        return value


@dataclass(frozen=True)
class Tier:
    """A volume tier: ``start`` <= quantity < ``end`` (``end`` None = no upper bound)."""

    start: float
    end: float | None
    usd_per_unit: float


@dataclass(frozen=True)
class TieredPrice(_Dated):
    """A price with volume tiers, with its unit, AWS meter name(s) and source."""

    what: str
    unit: str
    tiers: tuple[Tier, ...]
    meter: str
    source: Source

    @property
    def flat_usd_per_unit(self) -> float:
        """The price of the first tier (the whole price when there is one tier)."""
        return self.tiers[0].usd_per_unit


@dataclass(frozen=True)
class Ec2Rate(_Dated):
    """An EC2 hourly price for one instance type in one region."""

    region: str
    instance_type: str
    operating_system: str
    tenancy: str
    usd_per_hour: float
    source: Source


@dataclass(frozen=True)
class Ec2Term(_Dated):
    """A Reserved Instance term or a Savings Plan rate for one instance type.

    ``plan``: the offering class (standard | convertible) of a Reserved term, or the plan type
    (compute | ec2_instance) of a Savings Plan. ``upfront_usd`` [USD per instance per term]
    and ``usd_per_hour`` [USD per instance-hour] are 0 where the payment option has none.
    """

    operating_system: str
    tenancy: str
    plan: str
    term_years: int
    purchase_option: str  # no_upfront | partial_upfront | all_upfront
    upfront_usd: float
    usd_per_hour: float
    source: Source


@dataclass(frozen=True)
class SpotAdvice(_Dated):
    """A Spot Instance Advisor row: average saving off On-Demand and the interruption band."""

    region: str
    instance_type: str
    operating_system: str
    savings_pct_vs_ondemand: float
    interruption_frequency_band: str
    source: Source


@dataclass(frozen=True)
class Ec2Prices:
    """Every EC2 price the snapshot has for one instance type in one region."""

    region: str
    instance_type: str
    on_demand: Mapping[tuple[str, str], Ec2Rate]  # (operating system, tenancy)
    reserved: tuple[Ec2Term, ...]
    savings_plans: tuple[Ec2Term, ...]
    spot_average: Mapping[str, Ec2Rate]  # by operating system
    spot_advisor: Mapping[str, SpotAdvice]  # by operating system
    dedicated_host: Ec2Rate | None

    def on_demand_rate(self, os: str = "Linux", tenancy: str = "Shared") -> Ec2Rate | None:
        return self.on_demand.get((os, tenancy))

    def reserved_term(self, os: str, tenancy: str, offering_class: str, term_years: int,
                      purchase_option: str) -> Ec2Term | None:
        return _find_term(self.reserved, os, tenancy, offering_class, term_years,
                          purchase_option)

    def savings_plan_rate(self, os: str, tenancy: str, plan_type: str, term_years: int,
                          purchase_option: str) -> Ec2Term | None:
        return _find_term(self.savings_plans, os, tenancy, plan_type, term_years,
                          purchase_option)


def _find_term(terms: tuple[Ec2Term, ...], os: str, tenancy: str, plan: str, term_years: int,
               purchase_option: str) -> Ec2Term | None:
    for t in terms:
        if (t.operating_system, t.tenancy, t.plan, t.term_years, t.purchase_option) == (
                os, tenancy, plan, term_years, purchase_option):
            return t
    return None
