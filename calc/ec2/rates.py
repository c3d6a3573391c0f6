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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from calc.ec2.options import (
    OPTION_IDS,
    OptionSpec,
    bills_per_second,
    option_spec,
    os_label,
    spot_os,
)
from calc.errors import InputError
from calc.pricing.catalog import Catalog, Ec2Prices, Ec2Rate, Limits, active_catalog
from calc.pricing.errors import PriceNotFound
from calc.units import HOURS_PER_MONTH

PriceSource = Literal["snapshot", "user"]
SpotPriceBasis = Literal["average_price", "advisor_savings"]
PCT = 100.0


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

    @property
    def term_hours(self) -> int:
        return self.spec.term_months * HOURS_PER_MONTH

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
    Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-DEDICATED-INSTANCE,
    EC2-CAPACITY-RESERVATION, EC2-DEDICATED-HOST.
    """
    label = os_label(os)
    user: dict[str, UserRate] = {}
    for u in user_rates:
        user[u.option] = u
    partial_pct = limits["ec2.sp.partial_upfront_min_pct"].value()
    od_rate = prices.on_demand_rate(label, "Shared")
    od_list = od_rate.usd_per_hour if od_rate else None
    where = f"{prices.instance_type} {label} in {prices.region}"

    def from_user(spec: OptionSpec, base: float | None, base_what: str,
                  extra: Mapping[str, object] | None = None) -> OptionRate:
        u = user[spec.option]
        kw: dict[str, object] = dict(extra or {})
        if u.usd_per_hour is not None:
            upfront, hourly = (u.upfront_usd or 0.0), u.usd_per_hour
            note = f"your rate {u.usd_per_hour:g} USD/h" + (
                f" + {u.upfront_usd:g} USD upfront" if u.upfront_usd else "")
        else:
            if base is None:
                return _missing(spec, f"no {base_what} for {where} in the snapshot to take "
                                      f"your {u.discount_pct:g}% discount off; enter a rate",
                                od_list)
            assert u.discount_pct is not None
            eff = base * (1 - u.discount_pct / PCT)
            if spec.kind == "reserved":
                upfront, hourly = _split_upfront(spec, eff, partial_pct)
            else:
                upfront, hourly = 0.0, eff
            note = f"your {u.discount_pct:g}% off the {base_what} {base:g} USD/h"
            if spec.purchase_option == "partial_upfront" and spec.kind == "reserved":
                note += f" ({partial_pct:g}% of it paid upfront, as Savings Plans' minimum)"
        return OptionRate(spec.option, spec, True, price_source="user", upfront_usd=upfront,
                          usd_per_hour=hourly, on_demand_usd_per_hour=od_list, as_of=None,
                          source="user", note=note, **kw)  # type: ignore[arg-type]

    out: list[OptionRate] = []
    od_effective: OptionRate | None = None
    for option in options:
        spec = option_spec(option)
        kind = spec.kind
        if kind == "on_demand":
            if option in user:
                r = from_user(spec, od_list, "On-Demand rate")
            elif od_rate is None:
                r = _missing(spec, f"no On-Demand price for {where} in the snapshot", None)
            else:
                r = _snapshot(spec, od_rate, od_list,
                              note="On-Demand, billed per second after the first minute"
                              if bills_per_second(label) else
                              "On-Demand, billed per started hour [EC2-OD-BILLING]")
            od_effective = r
        elif kind == "reserved":
            assert spec.plan and spec.term_years and spec.purchase_option
            if option in user:
                r = from_user(spec, od_list, "On-Demand list price")
            else:
                term = prices.reserved_term(label, "Shared", spec.plan, spec.term_years,
                                            spec.purchase_option)
                if term is None:
                    r = _missing(spec, f"no {spec.label} price for {where} in the snapshot "
                                       "(its Reserved prices: No Upfront for Linux in most "
                                       "Regions; other payment options only as samples)",
                                 od_list)
                else:
                    r = OptionRate(option, spec, True, price_source="snapshot",
                                   upfront_usd=term.upfront_usd, usd_per_hour=term.usd_per_hour,
                                   on_demand_usd_per_hour=od_list, as_of=term.as_of,
                                   source=term.source.id,
                                   note=f"every hour of the {spec.term_years}-year term is paid, "
                                        "used or not [EC2-RI]")
        elif kind == "savings_plan":
            assert spec.plan and spec.term_years and spec.purchase_option
            if option in user:
                r = from_user(spec, od_list, "On-Demand list price")
            else:
                term = prices.savings_plan_rate(label, "Shared", spec.plan, spec.term_years,
                                                spec.purchase_option)
                if term is None:
                    r = _missing(spec, f"no {spec.label} rate for {where} in the snapshot "
                                       "(it has only an ap-east-2 r7g sample); enter your "
                                       "rate or discount", od_list)
                else:
                    r = OptionRate(option, spec, True, price_source="snapshot",
                                   usd_per_hour=term.usd_per_hour,
                                   on_demand_usd_per_hour=od_list, as_of=term.as_of,
                                   source=term.source.id,
                                   note="Savings Plan rate for this type; commitment paid "
                                        "every hour, used or not [EC2-SP]")
        elif kind == "spot":
            r = _spot(spec, prices, label, od_list, spot_price_basis, where)
            if option in user:
                band = r.interruption_band
                r = from_user(spec, od_list, "On-Demand list price",
                              {"interruption_band": band})
        elif kind == "dedicated_instance":
            fee = limits["ec2.dedicated_instance.region_fee_usd_per_hour"].value()
            ded = prices.on_demand_rate(label, "Dedicated")
            extra = {"region_fee_usd_per_hour": fee}
            if option in user:
                r = from_user(spec, ded.usd_per_hour if ded else None,
                              "Dedicated On-Demand rate", extra)
            elif ded is None:
                r = _missing(spec, f"no Dedicated-tenancy On-Demand price for {where} in the "
                                   "snapshot (only offer-file samples)", od_list)
            else:
                r = replace(_snapshot(spec, ded, od_list,
                                      note=f"per-instance rate plus {fee:g} USD/h per region "
                                           "while any Dedicated Instance runs "
                                           "[EC2-DEDICATED-INSTANCE]"),
                            region_fee_usd_per_hour=fee)
        elif kind == "capacity_reservation":
            base = od_effective if od_effective is not None else (
                _snapshot(option_spec("on_demand"), od_rate, od_list) if od_rate else None)
            if option in user:
                r = from_user(spec, od_list, "On-Demand list price")
            elif base is None or not base.price_available:
                r = _missing(spec, f"no On-Demand price for {where} in the snapshot", od_list)
            else:
                r = replace(base, option=option, spec=spec,
                            note="On-Demand rate for every reserved hour, used or not "
                                 "[EC2-CAPACITY-RESERVATION]")
        else:  # dedicated_host
            host = prices.dedicated_host
            extra = {"instances_per_host": host_capacity}
            if option in user:
                r = from_user(spec, host.usd_per_hour if host else None, "Dedicated Host price",
                              extra)
            elif host is None:
                r = _missing(spec, f"no Dedicated Host price for {prices.instance_type} in "
                                   f"{prices.region} in the snapshot (only the x2iedn sample)",
                             od_list)
            elif label != "Linux" and "BYOL" not in label:
                r = _missing(spec, f"the snapshot's host price has no {label} licence charges "
                                   "(Linux or your own licences only)", od_list)
            else:
                r = replace(_snapshot(spec, host, od_list,
                                      note="per host-hour, every hour the host is allocated "
                                           "[EC2-DEDICATED-HOST]"),
                            instances_per_host=host_capacity)
            if r.price_available and host_capacity is None:
                r = _missing(spec, "instances per host unknown for this size: enter "
                                   "instances per host", od_list)
        out.append(r)
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


def option_rate(region: str, instance_type: str, option: str, *, os: str = "linux",
                catalog: Catalog | None = None, user_rates: Iterable[UserRate] = (),
                spot_price_basis: SpotPriceBasis = "average_price",
                host_capacity: int | None = None) -> OptionRate:
    """The price of one purchasing option for (region, instance type, option id).

    Unknown region, type or option: InputError (with close matches). A price the snapshot
    lacks: an OptionRate with ``price_available`` False and the reason.
    Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-DEDICATED-HOST.
    """
    cat = catalog or active_catalog()
    option_spec(option)
    prices = cat.ec2_prices(region, instance_type)
    if host_capacity is None and option == "dedicated_host":
        host_capacity = instances_per_host(cat, instance_type)
    (rate,) = resolve_option_rates(prices, limits=cat.limits, os=os, options=[option],
                                   user_rates=user_rates, spot_price_basis=spot_price_basis,
                                   host_capacity=host_capacity)
    return rate


def effective_usd_per_hour(region: str, instance_type: str, option: str = "on_demand", *,
                           os: str = "linux", catalog: Catalog | None = None) -> float:
    """An option's effective USD per instance-hour at full use, from the snapshot.

    e.g. ``effective_usd_per_hour("us-east-1", "m5.large", "on_demand")`` -> 0.096;
    ``"reserved_standard_1yr_all_upfront"`` -> 494 / 8,760 = 0.0564 (2021 sample).

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
        cat = catalog or active_catalog()
        raise PriceNotFound(f"{option} ({r.reason})", region=region,
                            as_of=cat.table_as_of("ec2_on_demand"))
    return r.effective_usd_per_hour
