"""Burstable T instances (EC2-BURST): CPU credits earned and spent, when standard mode falls to
baseline, the unlimited-mode surplus charge, and the CPU % above which a same-size
non-burstable instance is cheaper.

One CPU credit is one vCPU at 100% for one minute (limits ec2.burst.vcpu_minutes_per_credit;
EC2 User Guide, key concepts for burstable instances). Credits earned per hour and the maximum
balance come from the snapshot (``ec2_burst_credits``: the User Guide's credit table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from calc.context import catalog_from
from calc.ec2.options import OsSlug, bills_per_second, os_label
from calc.ec2.specs import instance_spec, instance_specs
from calc.errors import InputError
from calc.fields import bound_models
from calc.pricing import Catalog
from calc.report import PriceUsed
from calc.units import (
    DAYS_PER_YEAR,
    HOURS_PER_DAY,
    HOURS_PER_MONTH,
    PCT,
    SECONDS_PER_HOUR,
    SECONDS_PER_MINUTE,
)

MINUTES_PER_HOUR = SECONDS_PER_HOUR // SECONDS_PER_MINUTE
MAX_DAYS = DAYS_PER_YEAR  # the credit series covers at most a year
BurstMode = Literal["standard", "unlimited"]


def credits_spent_per_hour(*, cpu_pct_per_vcpu: npt.ArrayLike, vcpu: npt.ArrayLike,
                           vcpu_minutes_per_credit: float) -> np.ndarray | float:
    """CPU credits spent per hour [credits/h] at an average CPU % per vCPU.

    Notes
    -----
    spent = vCPU x CPU% / 100 x 60 minutes / (vCPU-minutes per credit). Rule: EC2-BURST.
    Example (EC2 User Guide, unlimited mode example 1, P3): a t3.nano (2 vCPU) at 7% spends
    2 x 0.07 x 60 = 8.4 credits/h, 201.6 a day, against 144 earned: 57.6 a day net.
    """
    # multiplied first, divided once: exact at the baselines (1 x 5 x 60 / 100 = 3.0, the
    # t2.nano's 3 credits an hour, not 3.0000000000000004)
    out = (np.asarray(vcpu, dtype=float) * np.asarray(cpu_pct_per_vcpu, dtype=float)
           * MINUTES_PER_HOUR / (PCT * vcpu_minutes_per_credit))
    return float(out) if np.ndim(out) == 0 else out


def credit_balance(*, hours: npt.ArrayLike, initial_credits: float,
                   credits_earned_per_hour: float, credits_spent_per_hour: float,
                   max_credits: float) -> np.ndarray | float:
    """Earned-credit balance after ``hours`` at a steady CPU load [credits].

    Notes
    -----
    balance(t) = clip(initial + (earned - spent) x t, 0, max): credits above the maximum are
    lost; at 0 a standard instance falls to baseline, an unlimited one spends surplus credits.
    Rule: EC2-BURST (notes L453-469).
    """
    t = np.asarray(hours, dtype=float)
    out = np.clip(initial_credits + (credits_earned_per_hour - credits_spent_per_hour) * t,
                  0.0, max_credits)
    return float(out) if np.ndim(out) == 0 else out


def surplus_credits(*, hours: npt.ArrayLike, initial_credits: float,
                    credits_earned_per_hour: float, credits_spent_per_hour: float,
                    ) -> np.ndarray | float:
    """Surplus credits an unlimited instance has spent after ``hours`` [credits].

    Notes
    -----
    surplus(t) = max(0, (spent - earned) x t - initial): once the earned balance is gone,
    CPU above baseline is paid in surplus credits, charged per vCPU-hour (60 credits) when the
    24-hour average exceeds the baseline. Rule: EC2-BURST.
    """
    t = np.asarray(hours, dtype=float)
    out = np.maximum(0.0, (credits_spent_per_hour - credits_earned_per_hour) * t
                     - initial_credits)
    return float(out) if np.ndim(out) == 0 else out


def unlimited_surplus_usd_per_month(*, cpu_pct_per_vcpu: npt.ArrayLike, vcpu: float,
                                    credits_earned_per_hour: float, initial_credits: float,
                                    usd_per_surplus_vcpu_hour: float,
                                    vcpu_minutes_per_credit: float) -> np.ndarray | float:
    """The unlimited-mode surplus charge for a month of steady load [USD/month].

    Notes
    -----
    surplus vCPU-hours = max(0, (spent - earned) x 730 - initial) / 60 credits per vCPU-hour;
    charge = vCPU-hours x the surplus price (snapshot: $0.05 per vCPU-hour, us-east-1 Linux,
    AWS docs). Rule: EC2-BURST.
    """
    spent = credits_spent_per_hour(cpu_pct_per_vcpu=cpu_pct_per_vcpu, vcpu=vcpu,
                                   vcpu_minutes_per_credit=vcpu_minutes_per_credit)
    credits = np.maximum(0.0, (np.asarray(spent) - credits_earned_per_hour) * HOURS_PER_MONTH
                         - initial_credits)
    out = credits * vcpu_minutes_per_credit / MINUTES_PER_HOUR * usd_per_surplus_vcpu_hour
    return float(out) if np.ndim(out) == 0 else out


def break_even_cpu_pct(*, burstable_usd_per_hour: float, other_usd_per_hour: float,
                       vcpu: float, baseline_pct_per_vcpu: float,
                       usd_per_surplus_vcpu_hour: float) -> float | None:
    """The average CPU % per vCPU above which the non-burstable instance is cheaper [%].

    Notes
    -----
    Unlimited cost per hour = burstable rate + vCPU x (CPU% - baseline) / 100 x surplus price;
    equal to the other's rate at CPU* = baseline + (other - burstable) x 100 / (vCPU x price).
    None when CPU* is above 100% (the burstable one is always cheaper); 0 when the other is
    cheaper even at idle. Rule: EC2-BURST.
    """
    cpu = baseline_pct_per_vcpu + (other_usd_per_hour - burstable_usd_per_hour) * PCT / (
        vcpu * usd_per_surplus_vcpu_hour)
    if cpu > PCT:
        return None
    if other_usd_per_hour <= burstable_usd_per_hour:
        return 0.0
    return max(cpu, 0.0)


def default_credit_mode(instance_type: str) -> BurstMode:
    """The credit mode a T instance launches in when none is given.

    Notes
    -----
    Rule: EC2-BURST. T2 launches in ``standard`` mode; T3, T3a and T4g in ``unlimited``
    (EC2 User Guide, "Unlimited mode for burstable performance instances": "T3 and T4g
    instances launch as unlimited by default"; credit table "default credit specification";
    API CreditSpecification: "T3 instances launch as unlimited by default. T2 instances launch
    as standard by default").
    """
    return "standard" if instance_type.lower().startswith("t2.") else "unlimited"


# -- model and orchestration ----------------------------------------------------------------
class BurstInput(BaseModel):
    """A T instance at a steady average CPU % per vCPU (EC2-BURST). Validated with the catalog
    in the context (:func:`calc.context.validate`): the type needs a row of its credit table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code (for prices).")
    instance_type: str = Field(description="A burstable T instance type, e.g. t3.large.")
    os: OsSlug = Field("linux", description="Operating system (prices).")
    cpu_pct_per_vcpu: float = Field(description="Average CPU utilisation per vCPU [%], 0-100.")
    mode: BurstMode | None = Field(None, description="Credit mode: standard (falls to "
                                   "baseline) or unlimited (pays surplus); default: as the "
                                   "family launches (T2 standard; T3, T3a, T4g unlimited).")
    initial_credits: float = Field(0.0, description="Earned credit balance at the start "
                                                    "[credits], 0 to the type's maximum.")
    days: int = Field(7, description="Days of the credit-balance series, 1-365.")
    compare_with: str | None = Field(None, description="The non-burstable type to compare "
                                                       "with (default: the cheapest of the "
                                                       "same vCPU and memory).")

    @field_validator("cpu_pct_per_vcpu")
    @classmethod
    def _cpu(cls, v: float) -> float:
        if not 0 <= v <= PCT:
            raise InputError("cpu_pct_per_vcpu", v, "must be 0 to 100 (%)", rule_id="EC2-BURST")
        return v

    @field_validator("days")
    @classmethod
    def _days(cls, v: int) -> int:
        if not 1 <= v <= MAX_DAYS:
            raise InputError("days", v, f"must be 1 to {MAX_DAYS} days")
        return v

    @field_validator("region")
    @classmethod
    def _region(cls, v: str, info: ValidationInfo) -> str:
        catalog_from(info).region(v)
        return v

    @model_validator(mode="after")
    def _burstable(self, info: ValidationInfo) -> BurstInput:
        cat = catalog_from(info)
        instance_spec(cat, self.instance_type)
        credits = _credit_row(cat, self.instance_type)
        if credits is None:
            burstable = sorted(cat.table("ec2_burst_credits")["instance_type"])
            raise InputError("instance_type", self.instance_type,
                             f"not a burstable T type with a credit table row; one of "
                             f"{', '.join(burstable[:6])}, ... ({len(burstable)} types)",
                             rule_id="EC2-BURST")
        if not 0 <= self.initial_credits <= credits["max_earned_credits_accrued"]:
            raise InputError("initial_credits", self.initial_credits,
                             f"must be 0 to {credits['max_earned_credits_accrued']:g} (the "
                             f"{self.instance_type} maximum balance)", rule_id="EC2-BURST")
        if self.compare_with is not None:
            spec = instance_spec(cat, self.compare_with, field="compare_with")
            if spec["burstable"] == "yes" and _credit_row(cat, self.compare_with) is not None:
                raise InputError("compare_with", self.compare_with,
                                 "must be a non-burstable type", rule_id="EC2-BURST")
        os_label(self.os)
        return self


    @property
    def credit_mode(self) -> BurstMode:
        """The mode given, or the family's launch default (:func:`default_credit_mode`)."""
        return self.mode or default_credit_mode(self.instance_type)


def _credit_row(cat: Catalog, instance_type: str) -> dict[str, Any] | None:
    t = cat.table("ec2_burst_credits")
    rows = t[t["instance_type"] == instance_type]
    return None if rows.empty else cast(dict[str, Any], rows.iloc[0].to_dict())


@dataclass
class BurstResult:
    summary: dict[str, Any]
    series: pd.DataFrame  # hour, credit_balance, surplus_credits, cpu_pct_available
    notes: list[str] = field(default_factory=list)
    # the surplus-credit price the charge used (none when the snapshot has no such price)
    prices_used: list[PriceUsed] = field(default_factory=list)


def surplus_price_families(applies_to: str) -> tuple[str, ...]:
    """The T families a surplus-price row documents, from its ``applies_to`` text:
    "T2 and T3 unlimited mode (...)" -> ("t2", "t3"); "T3 unlimited mode" -> ("t3",)."""
    head = applies_to.split(" unlimited", 1)[0]
    return tuple(w.lower() for w in head.replace(",", " ").split() if w.lower() != "and")


def _surplus_price(cat: Catalog, region: str, os: str,
                   instance_type: str) -> tuple[float | None, str]:
    """The snapshot's surplus price for this region, OS and family, or why there is none.
    The family must be documented exactly (T3 does not price T3a). Rule: EC2-BURST."""
    t = cat.table("ec2_cpu_credit_surplus")
    rows = t[(t["region_code"] == region) & (t["operating_system"] == os_label(os))]
    if rows.empty:
        return None, (f"no surplus-credit price for {os_label(os)} in {region} in the snapshot "
                      "(only us-east-1 Linux, from the AWS docs)")
    family = instance_type.split(".", 1)[0].lower()
    documented: list[str] = []
    for applies_to, usd in zip(rows["applies_to"], rows["usd_per_surplus_vcpu_hour"],
                               strict=True):
        families = surplus_price_families(str(applies_to))
        if family in families:
            return float(usd), ""
        documented += [f.upper() for f in families]
    return None, (f"the snapshot's surplus price is documented for {' and '.join(documented)} "
                  f"only, not {family.upper()} ({rows['applies_to'].iloc[0]})")


def same_size_non_burstable(cat: Catalog, region: str, instance_type: str,
                            os: str = "linux") -> str | None:
    """The cheapest current-generation non-burstable type in ``region`` with the same vCPUs,
    at least the memory and the same architecture (an On-Demand price is needed)."""
    spec = instance_spec(cat, instance_type)
    label = os_label(os)
    od = cat.ec2_on_demand_table(region) if label == "Linux" else None
    if od is None or od.empty:
        return None
    specs = instance_specs(cat)
    best: tuple[float, str] | None = None
    for name, price in zip(od["instance_type"], od["usd_per_hour"], strict=True):
        s = specs.get(name)
        if (s is None or s["burstable"] == "yes" or s["current_generation"] != "yes"
                or s["vcpu"] != spec["vcpu"] or s["memory_gib"] < spec["memory_gib"]
                or s["architectures"] != spec["architectures"] or s["bare_metal"] == "yes"):
            continue
        if best is None or (price, name) < best:
            best = (float(price), str(name))
    return best[1] if best else None


def burst_analysis(inp: BurstInput, *, catalog: Catalog) -> BurstResult:
    """Credits per day, when standard mode falls to baseline, the unlimited surplus charge
    and the CPU % above which the same-size non-burstable type is cheaper. Rule: EC2-BURST."""
    cat = catalog
    lim = cat.limits
    mode = inp.credit_mode
    per_credit = lim["ec2.burst.vcpu_minutes_per_credit"].value()
    credits = _credit_row(cat, inp.instance_type)
    assert credits is not None
    vcpu = float(credits["vcpu"])
    earned = float(credits["cpu_credits_earned_per_hour"])
    max_credits = float(credits["max_earned_credits_accrued"])
    baseline = float(credits["baseline_utilization_pct_per_vcpu"])
    spent = float(credits_spent_per_hour(cpu_pct_per_vcpu=inp.cpu_pct_per_vcpu, vcpu=vcpu,
                                         vcpu_minutes_per_credit=per_credit))
    net = earned - spent
    hours = np.arange(inp.days * HOURS_PER_DAY + 1, dtype=float)
    balance = np.asarray(credit_balance(hours=hours, initial_credits=inp.initial_credits,
                                        credits_earned_per_hour=earned,
                                        credits_spent_per_hour=spent, max_credits=max_credits))
    surplus = np.asarray(surplus_credits(hours=hours, initial_credits=inp.initial_credits,
                                         credits_earned_per_hour=earned,
                                         credits_spent_per_hour=spent))
    to_baseline_h = inp.initial_credits / -net if net < 0 else None
    available = np.where((balance > 0) | (net >= 0), inp.cpu_pct_per_vcpu, baseline)
    if mode == "unlimited":
        available = np.full_like(hours, inp.cpu_pct_per_vcpu)
    series = pd.DataFrame({"hour": hours, "credit_balance": balance,
                           "surplus_credits": surplus if mode == "unlimited" else 0.0,
                           "cpu_pct_available": available})

    prices = cat.ec2_prices(inp.region, inp.instance_type)
    od = prices.on_demand_rate(os_label(inp.os), "Shared")
    price, why = _surplus_price(cat, inp.region, inp.os, inp.instance_type)
    # At or below the baseline (or while the starting balance covers the month) no surplus
    # credit is spent: the surplus charge is a known $0 whether or not a price is known
    # (EC2 User Guide, unlimited mode concepts: "If the average CPU utilization of the
    # instance is at or below the baseline, the instance incurs no additional charges").
    month_surplus = float(surplus_credits(hours=HOURS_PER_MONTH,
                                          initial_credits=inp.initial_credits,
                                          credits_earned_per_hour=earned,
                                          credits_spent_per_hour=spent))
    no_surplus = inp.cpu_pct_per_vcpu <= baseline or month_surplus <= 0
    surplus_usd: float | None = None
    if no_surplus:
        surplus_usd = 0.0
    elif price is not None:
        surplus_usd = float(unlimited_surplus_usd_per_month(
            cpu_pct_per_vcpu=inp.cpu_pct_per_vcpu, vcpu=vcpu, credits_earned_per_hour=earned,
            initial_credits=inp.initial_credits, usd_per_surplus_vcpu_hour=price,
            vcpu_minutes_per_credit=per_credit))
    other = inp.compare_with or same_size_non_burstable(cat, inp.region, inp.instance_type,
                                                        inp.os)
    other_rate = (cat.ec2_prices(inp.region, other).on_demand_rate(os_label(inp.os), "Shared")
                  if other else None)
    be = (break_even_cpu_pct(burstable_usd_per_hour=od.usd_per_hour,
                             other_usd_per_hour=other_rate.usd_per_hour, vcpu=vcpu,
                             baseline_pct_per_vcpu=baseline, usd_per_surplus_vcpu_hour=price)
          if od and other_rate and price is not None else None)
    od_month = od.usd_per_hour * HOURS_PER_MONTH if od else None
    summary: dict[str, Any] = {
        "region": inp.region, "instance_type": inp.instance_type, "os": os_label(inp.os),
        "mode": mode, "vcpu": vcpu, "baseline_pct_per_vcpu": baseline,
        "cpu_pct_per_vcpu": inp.cpu_pct_per_vcpu,
        "credits_earned_per_day": earned * HOURS_PER_DAY,
        "credits_spent_per_day": spent * HOURS_PER_DAY,
        "net_credits_per_day": net * HOURS_PER_DAY, "max_credits": max_credits,
        "falls_to_baseline": mode == "standard" and net < 0,
        "hours_to_baseline": (to_baseline_h if mode == "standard" else None),
        "surplus_usd_per_month": surplus_usd if mode == "unlimited" else 0.0,
        "surplus_usd_per_vcpu_hour": price,
        "surplus_price_reason": why or None,
        "on_demand_usd_per_month": od_month,
        "on_demand_as_of": od.as_of if od else None,
        # standard mode never bills surplus credits: it throttles to the baseline instead
        "total_usd_per_month": (od_month if mode == "standard" else
                                od_month + surplus_usd
                                if od_month is not None and surplus_usd is not None else None),
        "compare_with": other,
        "compare_with_usd_per_month": (other_rate.usd_per_hour * HOURS_PER_MONTH
                                       if other_rate else None),
        # the break-even CPU % prices the unlimited surplus: it applies to unlimited mode
        "non_burstable_cheaper_above_cpu_pct": be if mode == "unlimited" else None,
        "per_second_billing": bills_per_second(inp.os),
    }
    notes = [f"{inp.instance_type}: {vcpu:g} vCPU, baseline {baseline:g}% per vCPU, earns "
             f"{earned:g} credits/h, holds at most {max_credits:g} [EC2-BURST]"]
    if mode == "standard" and net < 0:
        notes.append(f"standard mode falls to the {baseline:g}% baseline after "
                     f"{to_baseline_h:,.1f} h" if to_baseline_h else
                     f"standard mode runs at the {baseline:g}% baseline from the start (no "
                     "credits)")
    if inp.mode is None:
        notes.append(f"credit mode {mode}: how {inp.instance_type.split('.', 1)[0].upper()} "
                     "launches by default (T2 standard; T3, T3a, T4g unlimited) [EC2-BURST]")
    if mode == "unlimited" and no_surplus:
        notes.append(f"no surplus credits at {inp.cpu_pct_per_vcpu:g}% (baseline "
                     f"{baseline:g}%): no surplus charge, the total is the On-Demand cost "
                     "[EC2-BURST]")
    elif why:
        notes.append(why)
    sources = cat.table_sources("ec2_cpu_credit_surplus")
    family = inp.instance_type.split(".", 1)[0].upper()
    used = ([PriceUsed("T unlimited surplus credits", price, "vCPU-hour",
                       cat.table_as_of("ec2_cpu_credit_surplus"),
                       next((src.title for src in sources if f"{family} " in src.title),
                            sources[0].title))]
            if price is not None else [])
    return BurstResult(summary, series, notes, used)


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals(), {"days": (36_500, "100 years")})
