"""The input of the EFS calculator: a file system's size, class mix, access and throughput."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from calc.errors import InputError
from calc.fields import Basis, basis_field, bound_models
from calc.units import HOURS_PER_DAY, HOURS_PER_MONTH, PCT

MONTH_DAYS_MIN, MONTH_DAYS_MAX = 28, 31

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
ThroughputMode = Literal["bursting", "provisioned", "elastic"]
THROUGHPUT_MODES: tuple[ThroughputMode, ...] = ("bursting", "provisioned", "elastic")


class EfsCostInput(BaseModel):
    """An EFS file system: size, class mix, access and throughput needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code")
    storage_gb: NonNegative = Field(description="data stored [GB-month]; with hours: the GB "
                                                "stored during those hours")
    ia_percent: Percent = Field(0, description="share in Infrequent Access, by lifecycle "
                                               "policy [%] (rule EFS-IA)")
    archive_percent: Percent = Field(0, description="share in Archive [%]")
    one_zone: bool = Field(False, description="One Zone file system (rule EFS-ONE-ZONE)")
    ia_read_gb: NonNegative = Field(0, description="GB read from IA a month")
    ia_write_gb: NonNegative = Field(0, description="GB written to IA a month (tiering included)")
    archive_read_gb: NonNegative = Field(0, description="GB read from Archive a month")
    archive_write_gb: NonNegative = Field(0, description="GB written to Archive a month")
    throughput_mode: ThroughputMode = Field("bursting", description="bursting, provisioned or "
                                                                    "elastic (rule EFS-BURST)")
    required_mibps: NonNegative = Field(0, description="sustained throughput needed [MiB/s]")
    provisioned_mibps: float | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="provisioned throughput [MiB/s]; default the required throughput")
    elastic_read_gb: NonNegative = Field(0, description="elastic mode: GB read a month")
    elastic_write_gb: NonNegative = Field(0, description="elastic mode: GB written a month")
    hours: float | None = Field(
        None, allow_inf_nan=False,
        description="hours this month the file system holds storage_gb (and any provisioned "
                    "throughput) [h]; empty: the whole month (rule EFS-BILLING)")
    month_days: int | None = Field(
        None, description="days in the billing month, 28-31: AWS prorates GB-hours over the "
                          "month's actual hours (EFS pricing page); empty: the app's 730-hour "
                          "month (rule EFS-BILLING)")
    basis: Basis = basis_field()

    @property
    def month_hours(self) -> float:
        """Hours in the billing month: 730, or ``month_days`` x 24 (rule EFS-BILLING)."""
        return float(HOURS_PER_MONTH if self.month_days is None
                     else self.month_days * HOURS_PER_DAY)

    @property
    def month_share(self) -> float:
        """Share of the month the storage and provisioned throughput are billed for [0-1]."""
        return 1.0 if self.hours is None else self.hours / self.month_hours

    @model_validator(mode="after")
    def _month(self) -> EfsCostInput:
        if self.month_days is not None and not MONTH_DAYS_MIN <= self.month_days <= MONTH_DAYS_MAX:
            raise InputError("month_days", self.month_days,
                             f"must be {MONTH_DAYS_MIN} to {MONTH_DAYS_MAX} days, or empty for "
                             f"the {HOURS_PER_MONTH}-hour month", rule_id="EFS-BILLING")
        if self.hours is not None and not 0 <= self.hours <= self.month_hours:
            what = (f"the {HOURS_PER_MONTH}-hour month" if self.month_days is None
                    else f"a {self.month_days}-day month")
            raise InputError("hours", self.hours,
                             f"must be 0 to {self.month_hours:g} hours ({what})",
                             rule_id="EFS-BILLING")
        return self

    @model_validator(mode="after")
    def _shares(self) -> EfsCostInput:
        if self.ia_percent + self.archive_percent > PCT:
            raise InputError("ia_percent", self.ia_percent,
                             f"IA and Archive shares add up to at most 100% "
                             f"(archive_percent={self.archive_percent:g})", rule_id="EFS-IA")
        return self


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
