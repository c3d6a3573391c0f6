"""The EC2 comparison inputs (pydantic). Messages name the field, value, limit and rule ID."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from calc.context import catalog_from
from calc.ec2.costs import billed_hours_per_month
from calc.ec2.options import OsSlug, bills_per_second
from calc.ec2.rates import SpotPriceBasis, UserRate
from calc.ec2.specs import instance_spec
from calc.errors import InputError
from calc.fields import bound_models
from calc.units import HOURS_PER_MONTH, MONTHS_PER_YEAR, PCT, SECONDS_PER_HOUR

# Input ranges set by issue 3 (an app choice, not an AWS figure): horizon 1-60 months.
HORIZON_MONTHS_MIN = 1
HORIZON_MONTHS_MAX = 60
HORIZON_MONTHS_DEFAULT = 36
MAX_COUNT = 100_000  # a sanity bound on instances in one comparison
MAX_RERUN_OVERHEAD_PCT = 100.0  # at most every interrupted hour runs twice

Count = Annotated[int, Field(description="Number of instances running together.")]


class Ec2Workload(BaseModel):
    """N instances of one type in one region, H hours a month, compared over M months.

    Usage is hours per month (0-730), or a utilisation % of 730 h, or a short job (seconds per
    run and runs per month per instance, billed as the OS bills: EC2-OD-BILLING).

    Validated with the price catalog in the context (:func:`calc.context.validate`): the
    Region, the instance type and the Savings Plan upfront share are checked against it, and
    the On-Demand billing increments of a short job are read from its limits.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code, e.g. us-east-1.")
    instance_type: str = Field(description="EC2 instance type, e.g. m5.large.")
    os: OsSlug = Field("linux", description="Operating system (Linux everywhere; other OS "
                                            "where the snapshot has prices).")
    count: Count = 1
    hours_per_month: float | None = Field(
        None, description="Hours each instance runs per month, 0-730 (730 = always on).")
    utilization_pct: float | None = Field(
        None, description="Share of the month each instance runs [%], 0-100; instead of hours.")
    horizon_months: int = Field(HORIZON_MONTHS_DEFAULT,
                                description="Months to compare over, 1-60.")
    job_seconds: float | None = Field(
        None, description="Short-job mode: run time of one job [s]; with runs_per_month.")
    runs_per_month: int | None = Field(
        None, description="Short-job mode: runs per instance per month.")
    count_whole_term: bool = Field(
        True, description="Count a Reserved term or Savings Plan that runs past the horizon "
                          "whole (you owe it); off: prorate it to the horizon.")
    spot_rerun_overhead_pct: float = Field(
        0.0, description="Extra Spot hours re-running work lost to interruptions [%], 0-100.")
    spot_price_basis: SpotPriceBasis = Field(
        "average_price", description="Spot price: the average Spot price export (2024-04) or "
                                     "On-Demand less the Spot Advisor saving (2025-06).")
    public_ipv4_per_instance: int = Field(
        0, description="Public IPv4 addresses per instance ($0.005/h each, attached or idle).")
    public_ipv4_always: bool = Field(
        False, description="Addresses kept all month (Elastic IPs) rather than only while "
                           "the instance runs.")
    sp_partial_upfront_pct: float | None = Field(
        None, description="Savings Plan Partial Upfront: share paid upfront [%], 50-99 "
                          "(default the minimum, 50).")
    instances_per_host: int | None = Field(
        None, description="Dedicated Host: instances of this type per host (needed unless the "
                          "type fills a host).")
    user_rates: tuple[UserRate, ...] = Field(
        (), description="Your rates or discounts per option (a quote, your Savings Plans page).")
    # (minimum billed s, per-second increment s, other-OS increment s): EC2-OD-BILLING limits
    # of the catalog the model was validated with (short jobs are billed by them)
    _od_billing_s: tuple[float, float, float] = PrivateAttr()

    # -- single fields ------------------------------------------------------------------------
    @field_validator("region")
    @classmethod
    def _region(cls, v: str, info: ValidationInfo) -> str:
        catalog_from(info).region(v)
        return v

    @field_validator("instance_type")
    @classmethod
    def _instance_type(cls, v: str, info: ValidationInfo) -> str:
        instance_spec(catalog_from(info), v)
        return v

    @field_validator("count")
    @classmethod
    def _count(cls, v: int) -> int:
        if not 1 <= v <= MAX_COUNT:
            raise InputError("count", v, f"must be 1 to {MAX_COUNT:,} instances")
        return v

    @field_validator("hours_per_month")
    @classmethod
    def _hours(cls, v: float | None) -> float | None:
        if v is not None and not 0 <= v <= HOURS_PER_MONTH:
            raise InputError("hours_per_month", v,
                             f"must be 0 to {HOURS_PER_MONTH} hours (AWS bills a month as "
                             f"{HOURS_PER_MONTH} h)", rule_id="EC2-OD-BILLING")
        return v

    @field_validator("utilization_pct")
    @classmethod
    def _utilization(cls, v: float | None) -> float | None:
        if v is not None and not 0 <= v <= PCT:
            raise InputError("utilization_pct", v, "must be 0 to 100 (%)")
        return v

    @field_validator("horizon_months")
    @classmethod
    def _horizon(cls, v: int) -> int:
        if not HORIZON_MONTHS_MIN <= v <= HORIZON_MONTHS_MAX:
            raise InputError("horizon_months", v,
                             f"must be {HORIZON_MONTHS_MIN} to {HORIZON_MONTHS_MAX} months")
        return v

    @field_validator("job_seconds")
    @classmethod
    def _job(cls, v: float | None) -> float | None:
        if v is not None and not 0 < v <= HOURS_PER_MONTH * SECONDS_PER_HOUR:
            raise InputError("job_seconds", v, "must be more than 0 and at most a month "
                             f"({HOURS_PER_MONTH * SECONDS_PER_HOUR:,} s)",
                             rule_id="EC2-OD-BILLING")
        return v

    @field_validator("runs_per_month")
    @classmethod
    def _runs(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise InputError("runs_per_month", v, "must be 0 or more")
        return v

    @field_validator("spot_rerun_overhead_pct")
    @classmethod
    def _overhead(cls, v: float) -> float:
        if not 0 <= v <= MAX_RERUN_OVERHEAD_PCT:
            raise InputError("spot_rerun_overhead_pct", v,
                             f"must be 0 to {MAX_RERUN_OVERHEAD_PCT:g} (%)", rule_id="EC2-SPOT")
        return v

    @field_validator("public_ipv4_per_instance")
    @classmethod
    def _ipv4(cls, v: int) -> int:
        if v < 0:
            raise InputError("public_ipv4_per_instance", v, "must be 0 or more",
                             rule_id="EC2-EIP")
        return v

    @field_validator("sp_partial_upfront_pct")
    @classmethod
    def _partial(cls, v: float | None, info: ValidationInfo) -> float | None:
        if v is None:
            return v
        lim = catalog_from(info).limits
        lo = lim["ec2.sp.partial_upfront_min_pct"].value()
        hi = lim["ec2.sp.partial_upfront_max_pct"].value()
        if not lo <= v <= hi:
            raise InputError("sp_partial_upfront_pct", v, f"must be {lo:g} to {hi:g} (% of "
                             "the commitment paid upfront)", rule_id="EC2-SP")
        return v

    @field_validator("instances_per_host")
    @classmethod
    def _per_host(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise InputError("instances_per_host", v, "must be at least 1",
                             rule_id="EC2-DEDICATED-HOST")
        return v

    # -- across fields --------------------------------------------------------------------------
    @model_validator(mode="after")
    def _usage(self, info: ValidationInfo) -> Ec2Workload:
        lim = catalog_from(info).limits
        self._od_billing_s = (lim["ec2.od.min_billed_seconds"].value(),
                              lim["ec2.od.billing_increment_s"].value(),
                              lim["ec2.od.other_os_billing_increment_s"].value())
        given = [n for n, v in (("hours_per_month", self.hours_per_month),
                                ("utilization_pct", self.utilization_pct),
                                ("job_seconds", self.job_seconds)) if v is not None]
        if len(given) > 1:
            raise InputError(given[1], getattr(self, given[1]),
                             f"give only one of hours_per_month, utilization_pct or a short "
                             f"job (job_seconds + runs_per_month); {given[0]} is set")
        if (self.job_seconds is None) != (self.runs_per_month is None):
            missing = "runs_per_month" if self.runs_per_month is None else "job_seconds"
            raise InputError(missing, None, "short-job mode needs both job_seconds and "
                                            "runs_per_month")
        if self.job_seconds is not None and self.usage_hours_per_month > HOURS_PER_MONTH:
            raise InputError("runs_per_month", self.runs_per_month,
                             f"{self.runs_per_month} runs of {self.job_seconds:g} s bill "
                             f"{self.usage_hours_per_month:,.1f} h per instance, more than the "
                             f"{HOURS_PER_MONTH} h in a month; add instances",
                             rule_id="EC2-OD-BILLING")
        seen: set[str] = set()
        for u in self.user_rates:
            if u.option in seen:
                raise InputError("rate", u.option, "one rate or discount per option")
            seen.add(u.option)
        return self

    # -- derived ----------------------------------------------------------------------------------
    @property
    def usage_hours_per_month(self) -> float:
        """Billed hours per instance per month [h] (short jobs: as the OS bills them)."""
        if self.hours_per_month is not None:
            return self.hours_per_month
        if self.utilization_pct is not None:
            return self.utilization_pct / PCT * HOURS_PER_MONTH
        if self.job_seconds is not None and self.runs_per_month is not None:
            min_s, step_s, hourly_s = self._od_billing_s
            return float(billed_hours_per_month(
                job_seconds=self.job_seconds, runs_per_month=self.runs_per_month,
                per_second_billing=bills_per_second(self.os), min_billed_seconds=min_s,
                billing_increment_s=step_s, hourly_increment_s=hourly_s))
        return float(HOURS_PER_MONTH)

    @property
    def horizon_years(self) -> float:
        return self.horizon_months / MONTHS_PER_YEAR


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals(), {
    "horizon_months": (1200, "100 years"),
})
