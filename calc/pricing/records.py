"""The records a price lookup returns: each carries its source and the source's as-of date.

Plain frozen dataclasses, no I/O: :class:`~calc.pricing.catalog.Catalog` builds them from the
snapshot tables, calculators read them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from calc.pricing.errors import PriceNotFound
from calc.units import HOURS_PER_MONTH, MONTHS_PER_YEAR

EFFECTIVE_DIGITS = 6  # the significant digits of the us-east-1 effective Reserved rates


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

    ``effective_usd_per_hour`` is set when the source gives only the effective rate (hourly
    fee + upfront / term hours, rounded; the us-east-1 2026-09-24 Reserved rates). Then the
    fees the source cannot give are NaN: the upfront of All Upfront, both fees of Partial
    Upfront. ``split_source`` is the older source whose exact fees reproduce that effective
    rate to its digits; its fees are then used (the newer source still dates the price).
    Rule: EC2-RI.
    """

    operating_system: str
    tenancy: str
    plan: str
    term_years: int
    purchase_option: str  # no_upfront | partial_upfront | all_upfront
    upfront_usd: float
    usd_per_hour: float
    source: Source
    effective_usd_per_hour: float | None = None
    split_source: Source | None = None

    @property
    def split_known(self) -> bool:
        """True when the upfront and hourly fees are both known (not NaN)."""
        return self.upfront_usd == self.upfront_usd and self.usd_per_hour == self.usd_per_hour


def significant(x: float, digits: int = EFFECTIVE_DIGITS) -> float:
    """``x`` rounded to ``digits`` significant digits (0.0577671233 -> 0.0577671)."""
    return float(f"{x:.{digits}g}")


def effective_term(row: Mapping[str, Any], source: Source,
                   older: Ec2Term | None) -> Ec2Term | None:
    """The Reserved term of an effective-rate row (``ec2_reserved_effective``), or None when
    ``older`` (the term from the other sources) is newer and so wins.

    The newer source wins. Its effective rate e = hourly fee + upfront / term hours fixes
    the price; the fees follow from it only where the payment option leaves one unknown:
    No Upfront has hourly fee = e, All Upfront has no hourly fee (its upfront, e x term hours,
    is derived by the caller and marked so), Partial Upfront's split stays unknown (NaN).
    Exactness: where an older source gives both fees and they reproduce e to its
    :data:`EFFECTIVE_DIGITS` digits (e.g. m5.large 1 yr Partial 252 USD + 0.029 USD/h:
    0.029 + 252 / 8,760 = 0.0577671), those exact fees are kept, dated by the newer source
    (``split_source`` names the older one). Rule: EC2-RI.
    """
    if older is not None and older.as_of > source.as_of:
        return None
    eff = float(row["effective_usd_per_hour"])
    years = int(row["term_years"])
    option = str(row["purchase_option"])
    common = dict(operating_system=str(row["operating_system"]), tenancy=str(row["tenancy"]),
                  plan=str(row["offering_class"]), term_years=years, purchase_option=option,
                  source=source, effective_usd_per_hour=eff)
    if older is not None and older.effective_usd_per_hour is None and older.split_known:
        hours = years * MONTHS_PER_YEAR * HOURS_PER_MONTH
        if significant(older.usd_per_hour + older.upfront_usd / hours) == significant(eff):
            return Ec2Term(upfront_usd=older.upfront_usd, usd_per_hour=older.usd_per_hour,
                           split_source=older.source, **common)  # type: ignore[arg-type]
    upfront, hourly = {"no_upfront": (0.0, eff), "all_upfront": (math.nan, 0.0)}.get(
        option, (math.nan, math.nan))
    return Ec2Term(upfront_usd=upfront, usd_per_hour=hourly, **common)  # type: ignore[arg-type]


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
