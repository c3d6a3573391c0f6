"""The price of each EC2 purchasing option for one instance type in one region.

:func:`option_rate` and :func:`effective_usd_per_hour` are the entry points other calculators
use (e.g. Lambda versus EC2): the effective USD per instance-hour of an option at full use,
with its as-of date and source. Prices come from the snapshot (``price_source`` "snapshot")
or from the user (``price_source`` "user": a quote, or the rates of their account's Savings
Plans page). A price the snapshot does not have is reported with ``price_available`` False
and a reason; nothing is invented.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from calc.ec2.options import (
    OPTION_IDS,
    OptionKind,
    OptionSpec,
    bills_per_second,
    option_spec,
    os_label,
    spot_os,
)
from calc.errors import InputError
from calc.fields import bound_models
from calc.pricing import Catalog, Ec2Prices, Ec2Rate, Ec2Term, Limits, PriceNotFound
from calc.units import HOURS_PER_MONTH, PCT

PriceSource = Literal["snapshot", "user"]
SpotPriceBasis = Literal["average_price", "advisor_savings"]


class UserRate(BaseModel):
    """A rate or discount the user enters for one option (``--rate`` / ``--discount``).

    ``usd_per_hour`` is per instance-hour (per host-hour for ``dedicated_host``; for a Savings
    Plan the plan's rate for this instance type). ``discount_pct`` is taken off the On-Demand
    list price of the snapshot (off the Dedicated On-Demand rate for ``dedicated_instance``
    and off the host price for ``dedicated_host``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    option: str = Field(description="The option id the rate is for, e.g. "
                                    "savings_plan_compute_1yr_no_upfront.")
    usd_per_hour: float | None = Field(None, ge=0, description="Your hourly rate [USD/hour].")
    upfront_usd: float | None = Field(None, ge=0, description="Your upfront fee per instance "
                                                              "per term [USD].")
    discount_pct: float | None = Field(None, ge=0, lt=100,
                                       description="Your discount off On-Demand [%].")

    @model_validator(mode="after")
    def _one_kind(self) -> UserRate:
        spec = option_spec(self.option, field="rate option")
        if (self.usd_per_hour is None) == (self.discount_pct is None):
            raise InputError(f"rate {self.option}", self.usd_per_hour,
                             "give either a rate (USD per hour) or a discount (%), not both")
        if self.upfront_usd is not None and spec.kind not in ("reserved", "dedicated_host"):
            raise InputError(f"rate {self.option}", self.upfront_usd,
                             "an upfront fee is only for Reserved options and Dedicated Hosts; "
                             "a Savings Plan's upfront follows from its commitment [EC2-SP]",
                             rule_id="EC2-SP" if spec.kind == "savings_plan" else None)
        return self


@dataclass(frozen=True)
class OptionRate:
    """The price of one option for one instance type, or why there is none.

    ``upfront_usd`` [USD per instance per term; per host for a Dedicated Host]; ``usd_per_hour``
    [USD per instance-hour]: for Reserved the hourly fee paid for every hour of the term, for a
    Savings Plan the plan's rate for this type (what one instance-hour uses of the
    commitment), for a Dedicated Host per host-hour; ``region_fee_usd_per_hour`` the Dedicated
    Instance per-region fee (shared by all Dedicated Instances of the region).
    """

    option: str
    spec: OptionSpec
    price_available: bool
    reason: str = ""
    price_source: PriceSource | None = None
    upfront_usd: float = 0.0
    usd_per_hour: float = 0.0
    on_demand_usd_per_hour: float | None = None
    as_of: str | None = None
    source: str = ""
    note: str = ""
    region_fee_usd_per_hour: float = 0.0
    interruption_band: str | None = None
    instances_per_host: int | None = None
    # Reserved from an effective rate only (us-east-1, 2026-09-24): the rate the source gives
    # (hourly fee + upfront / term hours), whether the upfront was derived from it (All
    # Upfront) and, for Partial Upfront, why the split is unknown (upfront and hourly NaN).
    given_effective_usd_per_hour: float | None = None
    upfront_derived: bool = False
    split_unknown_reason: str = ""

    @property
    def term_hours(self) -> int:
        return self.spec.term_months * HOURS_PER_MONTH

    @property
    def split_known(self) -> bool:
        """False for a Reserved rate whose upfront and hourly fees are unknown (only the
        effective rate is known): totals are known, the upfront, fees and break-even month
        are not. Rule: EC2-RI."""
        return not self.split_unknown_reason

    @property
    def effective_usd_per_hour(self) -> float | None:
        """USD per instance-hour at full use (730 h/month) over one term; None if no price.

        Reserved: upfront / hours in the term + hourly fee. Savings Plan: its rate (a
        commitment sized to full use is fully used). Dedicated Host: the host-hour price /
        instances per host. Dedicated Instance: the per-instance rate (the region fee is
        shared and added by the comparison).
        """
        if not self.price_available:
            return None
        if not self.split_known:
            return self.given_effective_usd_per_hour
        rate = self.usd_per_hour
        if self.spec.kind == "reserved" and self.term_hours:
            rate += self.upfront_usd / self.term_hours
        if self.spec.kind == "dedicated_host":
            rate = (self.upfront_usd / self.term_hours if self.term_hours else 0.0) + rate
            rate /= self.instances_per_host or math.nan
        return rate


def _missing(spec: OptionSpec, reason: str, od: float | None) -> OptionRate:
    return OptionRate(spec.option, spec, False, reason=reason, on_demand_usd_per_hour=od)


def _split_upfront(spec: OptionSpec, effective_usd_per_hour: float,
                   partial_upfront_pct: float) -> tuple[float, float]:
    """(upfront per instance per term, hourly) that give ``effective_usd_per_hour`` at full
    use under the option's payment option (Partial: ``partial_upfront_pct`` upfront)."""
    hours = spec.term_months * HOURS_PER_MONTH
    if spec.purchase_option == "all_upfront":
        return effective_usd_per_hour * hours, 0.0
    if spec.purchase_option == "partial_upfront":
        share = partial_upfront_pct / PCT
        return share * effective_usd_per_hour * hours, (1 - share) * effective_usd_per_hour
    return 0.0, effective_usd_per_hour


def instances_per_host(catalog: Catalog, instance_type: str,
                       given: int | None = None) -> int | None:
    """How many ``instance_type`` instances a Dedicated Host of its family holds.

    Only known without input when the type is as large as the family's bare-metal size (the
    whole host: 1 per host); otherwise the user gives it (the AWS Dedicated Host capacity
    depends on the host's physical cores). Rule: EC2-DEDICATED-HOST.
    """
    if given is not None:
        return given
    from calc.ec2.specs import family_metal_vcpu, instance_spec

    spec = instance_spec(catalog, instance_type)
    if family_metal_vcpu(catalog).get(str(spec["family"])) == int(spec["vcpu"]):
        return 1
    return None


@dataclass(frozen=True)
class _Lookup:
    """What every resolver needs: the type's snapshot prices and the user's rates."""

    prices: Ec2Prices
    label: str  # the snapshot's OS label
    od_rate: Ec2Rate | None  # shared-tenancy On-Demand
    user: Mapping[str, UserRate]
    partial_upfront_pct: float  # Partial Upfront share when a discount is split [%]
    region_fee_usd_per_hour: float  # Dedicated Instance per-region fee
    spot_price_basis: SpotPriceBasis
    host_capacity: int | None

    @property
    def od_list(self) -> float | None:
        return self.od_rate.usd_per_hour if self.od_rate else None

    @property
    def where(self) -> str:
        return f"{self.prices.instance_type} {self.label} in {self.prices.region}"

    def from_user(self, spec: OptionSpec, base: float | None, base_what: str,
                  **extra: Any) -> OptionRate:
        """The user's rate for ``spec``, or their discount off ``base`` [USD/hour]."""
        u = self.user[spec.option]
        if u.usd_per_hour is not None:
            upfront, hourly = (u.upfront_usd or 0.0), u.usd_per_hour
            note = f"your rate {u.usd_per_hour:g} USD/h" + (
                f" + {u.upfront_usd:g} USD upfront" if u.upfront_usd else "")
        else:
            if base is None:
                return _missing(spec, f"no {base_what} for {self.where} in the snapshot to take "
                                      f"your {u.discount_pct:g}% discount off; enter a rate",
                                self.od_list)
            assert u.discount_pct is not None
            eff = base * (1 - u.discount_pct / PCT)
            if spec.kind == "reserved":
                upfront, hourly = _split_upfront(spec, eff, self.partial_upfront_pct)
            else:
                upfront, hourly = 0.0, eff
            note = f"your {u.discount_pct:g}% off the {base_what} {base:g} USD/h"
            if spec.purchase_option == "partial_upfront" and spec.kind == "reserved":
                note += (f" ({self.partial_upfront_pct:g}% of it paid upfront, as Savings "
                         "Plans' minimum)")
        return OptionRate(spec.option, spec, True, price_source="user", upfront_usd=upfront,
                          usd_per_hour=hourly, on_demand_usd_per_hour=self.od_list, as_of=None,
                          source="user", note=note, **extra)


def _on_demand(spec: OptionSpec, k: _Lookup) -> OptionRate:
    """Rule: EC2-OD-BILLING."""
    if spec.option in k.user:
        return k.from_user(spec, k.od_list, "On-Demand rate")
    if k.od_rate is None:
        return _missing(spec, f"no On-Demand price for {k.where} in the snapshot", None)
    return _snapshot(spec, k.od_rate, k.od_list,
                     note="On-Demand, billed per second after the first minute"
                     if bills_per_second(k.label) else
                     "On-Demand, billed per started hour [EC2-OD-BILLING]")


def _reserved(spec: OptionSpec, k: _Lookup) -> OptionRate:
    """Rule: EC2-RI."""
    assert spec.plan and spec.term_years and spec.purchase_option
    if spec.option in k.user:
        return k.from_user(spec, k.od_list, "On-Demand list price")
    term = k.prices.reserved_term(k.label, "Shared", spec.plan, spec.term_years,
                                  spec.purchase_option)
    if term is None:
        return _missing(spec, f"no {spec.label} price for {k.where} in the snapshot (its "
                              "Reserved prices: No Upfront for Linux in most Regions; every "
                              "payment option of Standard for Linux in us-east-1; others only "
                              "as samples)", k.od_list)
    paid = f"every hour of the {spec.term_years}-year term is paid, used or not [EC2-RI]"
    base = OptionRate(spec.option, spec, True, price_source="snapshot",
                      upfront_usd=term.upfront_usd, usd_per_hour=term.usd_per_hour,
                      on_demand_usd_per_hour=k.od_list, as_of=term.as_of,
                      source=term.source.id, note=paid)
    if term.effective_usd_per_hour is None:
        return base
    return _from_effective(spec, term, base, paid)


def _from_effective(spec: OptionSpec, term: Ec2Term, base: OptionRate,
                    paid: str) -> OptionRate:
    """A Reserved rate whose source gives only the effective rate e = hourly fee + upfront /
    term hours (us-east-1, 2026-09-24). No Upfront: the hourly fee is e. All Upfront: no
    hourly fee, so upfront = e x term hours ("derived from the effective rate"). Partial
    Upfront: the split is unknown; the total and e are known, the upfront, the fees and the
    break-even month are not (never a guessed split). Where an older source's exact fees
    reproduce e (``term.split_source``), they are used. Rule: EC2-RI."""
    eff = term.effective_usd_per_hour
    assert eff is not None
    hours = base.term_hours
    rate_text = (f"effective rate {eff:g} USD/h as of {term.as_of} (hourly fee + upfront / "
                 f"{hours:,} h)")
    if term.split_source is not None:
        fees = (f"upfront {term.upfront_usd:g} USD + " if term.upfront_usd else "") + (
            f"{term.usd_per_hour:g} USD/h" if term.usd_per_hour else "no hourly fee")
        return replace(base, given_effective_usd_per_hour=eff,
                       note=f"{rate_text}; its fees exactly: {fees}, from "
                            f"{term.split_source.short} (as of {term.split_source.as_of}), "
                            f"which give this rate; {paid}")
    if spec.purchase_option == "no_upfront":
        return replace(base, given_effective_usd_per_hour=eff,
                       note=f"{rate_text}: No Upfront, so it is the hourly fee; {paid}")
    if spec.purchase_option == "all_upfront":
        return replace(base, upfront_usd=eff * hours, usd_per_hour=0.0,
                       given_effective_usd_per_hour=eff, upfront_derived=True,
                       note=f"upfront {eff * hours:,.2f} USD derived from the effective rate "
                            f"({eff:g} USD/h x {hours:,} h; as of {term.as_of}); All Upfront "
                            f"has no hourly fee; {paid}")
    why = (f"upfront, monthly fee and break-even month unknown: the source (as of "
           f"{term.as_of}) gives only the effective rate {eff:g} USD/h (hourly fee + upfront "
           f"/ {hours:,} h), not how Partial Upfront splits it [EC2-RI]")
    return replace(base, upfront_usd=math.nan, usd_per_hour=math.nan,
                   given_effective_usd_per_hour=eff, split_unknown_reason=why,
                   note=f"{rate_text}; total known, split unknown; {paid}")


def _savings_plan(spec: OptionSpec, k: _Lookup) -> OptionRate:
    """Rule: EC2-SP."""
    assert spec.plan and spec.term_years and spec.purchase_option
    if spec.option in k.user:
        return k.from_user(spec, k.od_list, "On-Demand list price")
    term = k.prices.savings_plan_rate(k.label, "Shared", spec.plan, spec.term_years,
                                      spec.purchase_option)
    if term is None:
        return _missing(spec, f"no {spec.label} rate for {k.where} in the snapshot (it has "
                              "Compute Savings Plans for us-east-1 Linux and an ap-east-2 r7g "
                              "sample); enter your rate or discount", k.od_list)
    return OptionRate(spec.option, spec, True, price_source="snapshot",
                      usd_per_hour=term.usd_per_hour, on_demand_usd_per_hour=k.od_list,
                      as_of=term.as_of, source=term.source.id,
                      note="Savings Plan rate for this type; commitment paid every hour, "
                           "used or not [EC2-SP]")


def _spot_option(spec: OptionSpec, k: _Lookup) -> OptionRate:
    """Rule: EC2-SPOT. The user's rate keeps the snapshot's interruption band."""
    r = _spot(spec, k.prices, k.label, k.od_list, k.spot_price_basis, k.where)
    if spec.option in k.user:
        return k.from_user(spec, k.od_list, "On-Demand list price",
                           interruption_band=r.interruption_band)
    return r


def _dedicated_instance(spec: OptionSpec, k: _Lookup) -> OptionRate:
    """Rule: EC2-DEDICATED-INSTANCE."""
    fee = k.region_fee_usd_per_hour
    ded = k.prices.on_demand_rate(k.label, "Dedicated")
    if spec.option in k.user:
        return k.from_user(spec, ded.usd_per_hour if ded else None, "Dedicated On-Demand rate",
                           region_fee_usd_per_hour=fee)
    if ded is None:
        return _missing(spec, f"no Dedicated-tenancy On-Demand price for {k.where} in the "
                              "snapshot (only offer-file samples)", k.od_list)
    return replace(_snapshot(spec, ded, k.od_list,
                             note=f"per-instance rate plus {fee:g} USD/h per region while any "
                                  "Dedicated Instance runs [EC2-DEDICATED-INSTANCE]"),
                   region_fee_usd_per_hour=fee)


def _capacity_reservation(spec: OptionSpec, k: _Lookup) -> OptionRate:
    """Rule: EC2-CAPACITY-RESERVATION: the On-Demand rate (the user's, if given) for every
    reserved hour."""
    if spec.option in k.user:
        return k.from_user(spec, k.od_list, "On-Demand list price")
    base = _on_demand(option_spec("on_demand"), k)
    if not base.price_available:
        return _missing(spec, f"no On-Demand price for {k.where} in the snapshot", k.od_list)
    return replace(base, option=spec.option, spec=spec,
                   note="On-Demand rate for every reserved hour, used or not "
                        "[EC2-CAPACITY-RESERVATION]")


def _dedicated_host(spec: OptionSpec, k: _Lookup) -> OptionRate:
    """Rule: EC2-DEDICATED-HOST: per host-hour; needs the instances a host holds."""
    host = k.prices.dedicated_host
    if spec.option in k.user:
        r = k.from_user(spec, host.usd_per_hour if host else None, "Dedicated Host price",
                        instances_per_host=k.host_capacity)
    elif host is None:
        r = _missing(spec, f"no Dedicated Host price for {k.prices.instance_type} in "
                           f"{k.prices.region} in the snapshot (only the x2iedn sample)",
                     k.od_list)
    elif k.label != "Linux" and "BYOL" not in k.label:
        r = _missing(spec, f"the snapshot's host price has no {k.label} licence charges "
                           "(Linux or your own licences only)", k.od_list)
    else:
        r = replace(_snapshot(spec, host, k.od_list,
                              note="per host-hour, every hour the host is allocated "
                                   "[EC2-DEDICATED-HOST]"),
                    instances_per_host=k.host_capacity)
    if r.price_available and k.host_capacity is None:
        return _missing(spec, "instances per host unknown for this size: enter instances per "
                              "host", k.od_list)
    return r


_RESOLVERS: dict[OptionKind, Callable[[OptionSpec, _Lookup], OptionRate]] = {
    "on_demand": _on_demand, "reserved": _reserved, "savings_plan": _savings_plan,
    "spot": _spot_option, "dedicated_instance": _dedicated_instance,
    "capacity_reservation": _capacity_reservation, "dedicated_host": _dedicated_host,
}


def resolve_option_rates(
    prices: Ec2Prices,
    *,
    limits: Limits,
    os: str = "linux",
    options: Sequence[str] = OPTION_IDS,
    user_rates: Iterable[UserRate] = (),
    spot_price_basis: SpotPriceBasis = "average_price",
    host_capacity: int | None = None,
) -> list[OptionRate]:
    """The :class:`OptionRate` of every option in ``options`` (order kept).

    Parameters
    ----------
    prices : every snapshot price of the instance type in the region
        (:meth:`Catalog.ec2_prices`).
    limits : the rule limits (Dedicated Instance region fee, Partial Upfront share).
    os : operating system slug or label.
    user_rates : the user's rates or discounts; they replace the snapshot for their option.
    spot_price_basis : "average_price" (the average Spot price export, 2024-04) or
        "advisor_savings" (On-Demand less the Spot Advisor's average saving, 2025-06); the
        other is used when the chosen one has no row.
    host_capacity : instances per Dedicated Host, when known (see :func:`instances_per_host`).

    Notes
    -----
    One resolver per option kind (:data:`_RESOLVERS`). Rules: EC2-OD-BILLING, EC2-RI,
    EC2-SP, EC2-SPOT, EC2-DEDICATED-INSTANCE, EC2-CAPACITY-RESERVATION, EC2-DEDICATED-HOST.
    """
    label = os_label(os)
    lookup = _Lookup(
        prices=prices, label=label, od_rate=prices.on_demand_rate(label, "Shared"),
        user={u.option: u for u in user_rates},
        partial_upfront_pct=limits["ec2.sp.partial_upfront_min_pct"].value(),
        region_fee_usd_per_hour=limits["ec2.dedicated_instance.region_fee_usd_per_hour"].value(),
        spot_price_basis=spot_price_basis, host_capacity=host_capacity)
    out = []
    for option in options:
        spec = option_spec(option)
        out.append(_RESOLVERS[spec.kind](spec, lookup))
    return out


def _snapshot(spec: OptionSpec, rate: Ec2Rate, od: float | None, note: str = "") -> OptionRate:
    return OptionRate(spec.option, spec, True, price_source="snapshot",
                      usd_per_hour=rate.usd_per_hour, on_demand_usd_per_hour=od,
                      as_of=rate.as_of, source=rate.source.id, note=note)


def _spot(spec: OptionSpec, prices: Ec2Prices, label: str, od: float | None,
          basis: SpotPriceBasis, where: str) -> OptionRate:
    """Rule: EC2-SPOT. The average Spot price export (2024-04) or the Spot Advisor saving
    applied to On-Demand (2025-06); the row says which and gives both dates."""
    key = spot_os(label)
    if key is None:
        return _missing(spec, f"no Spot price for {label} in the snapshot (Linux and Windows "
                              "only)", od)
    avg = prices.spot_average.get(key)
    adv = prices.spot_advisor.get(key)
    band = adv.interruption_frequency_band if adv else None
    band_note = (f"interruption {band} (Spot Advisor, as of {adv.as_of})" if adv
                 else "no Spot Advisor interruption band for this type")
    use_avg = avg is not None and (basis == "average_price" or adv is None or od is None)
    if use_avg:
        assert avg is not None
        return OptionRate(spec.option, spec, True, price_source="snapshot",
                          usd_per_hour=avg.usd_per_hour, on_demand_usd_per_hour=od,
                          as_of=avg.as_of, source=avg.source.id, interruption_band=band,
                          note=f"average Spot price {avg.usd_per_hour:g} USD/h as of "
                               f"{avg.as_of} (ec2instances.info export; indicative); "
                               + band_note)
    if adv is not None and od is not None:
        rate = od * (1 - adv.savings_pct_vs_ondemand / PCT)
        return OptionRate(spec.option, spec, True, price_source="snapshot",
                          usd_per_hour=rate, on_demand_usd_per_hour=od,
                          as_of=adv.as_of, source=adv.source.id, interruption_band=band,
                          note=f"On-Demand less the Spot Advisor's average saving "
                               f"{adv.savings_pct_vs_ondemand:g}% (advisor as of {adv.as_of}); "
                               + band_note)
    return _missing(spec, f"no Spot price or Spot Advisor saving for {where} in the snapshot",
                    od)


def option_rate(region: str, instance_type: str, option: str, *, catalog: Catalog,
                os: str = "linux", user_rates: Iterable[UserRate] = (),
                spot_price_basis: SpotPriceBasis = "average_price",
                host_capacity: int | None = None) -> OptionRate:
    """The price of one purchasing option for (region, instance type, option id).

    Unknown region, type or option: InputError (with close matches). A price the snapshot
    lacks: an OptionRate with ``price_available`` False and the reason.
    Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-DEDICATED-HOST.
    """
    cat = catalog
    option_spec(option)
    prices = cat.ec2_prices(region, instance_type)
    if host_capacity is None and option == "dedicated_host":
        host_capacity = instances_per_host(cat, instance_type)
    (rate,) = resolve_option_rates(prices, limits=cat.limits, os=os, options=[option],
                                   user_rates=user_rates, spot_price_basis=spot_price_basis,
                                   host_capacity=host_capacity)
    return rate


def effective_usd_per_hour(region: str, instance_type: str, option: str = "on_demand", *,
                           catalog: Catalog, os: str = "linux") -> float:
    """An option's effective USD per instance-hour at full use, from the snapshot.

    e.g. ``effective_usd_per_hour("us-east-1", "m5.large", "on_demand")`` -> 0.096;
    ``"reserved_standard_1yr_all_upfront"`` -> 494 / 8,760 = 0.0564 (the 2026-09-24 effective
    rate 0.0563927, with the 2021 sample's exact 494 USD fee).

    Raises
    ------
    InputError : unknown region, instance type, option or OS.
    PriceNotFound : the snapshot has no price for this option (the message says why).

    Notes
    -----
    Reserved: upfront / hours in the term + hourly fee (every hour of the term is paid).
    Savings Plan: the plan's rate for the type. Dedicated Instance: the per-instance rate
    without the $2/h region fee. Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT,
    EC2-DEDICATED-INSTANCE, EC2-CAPACITY-RESERVATION, EC2-DEDICATED-HOST.
    """
    r = option_rate(region, instance_type, option, os=os, catalog=catalog)
    if not r.price_available or r.effective_usd_per_hour is None:
        raise PriceNotFound(f"{option} ({r.reason})", region=region,
                            as_of=catalog.table_as_of("ec2_on_demand"))
    return r.effective_usd_per_hour


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
