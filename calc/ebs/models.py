"""Validated inputs of the EBS calculator (the GUI uses the field descriptions as tooltips).

Validators raise :class:`~calc.pricing.errors.InputError`, so a message names the field, the
value, the allowed range with the limits set used ("AWS today" or "as in the notes") and the
rule ID. The limits come from the catalog handed to validation
(``calc.context.validate(Model, data, catalog=...)``), never from a global one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from calc.context import catalog_from
from calc.ebs.costs import MONTH_DAYS_MAX, MONTH_DAYS_MIN
from calc.ebs.feasibility import check_attachment, check_size, check_volume
from calc.ebs.specs import VolumeSpec, VolumeType, fmt_number, volume_specs
from calc.errors import InputError
from calc.fields import Basis, basis_field, bound_models
from calc.units import HOURS_PER_DAY, HOURS_PER_MONTH, SECONDS_PER_HOUR

if TYPE_CHECKING:
    from calc.pricing import Catalog

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_HOURS_DESC = ("Hours the volume exists this month [h]; default the whole month (730, or "
               "month_days x 24); 0 = no volume, nothing billed; billed per second, at least "
               "60 s (EBS-BILLING).")
_MONTH_DAYS_DESC = ("Days in the billing month, 28-31: AWS prorates per second over the "
                    "month's actual seconds (EBS pricing page). Empty: the app's 730-hour "
                    "month (EBS-BILLING).")


def _fill_month_hours(data: object) -> object:
    """With ``month_days`` and no ``hours``, the volume exists the whole month of those days."""
    if isinstance(data, dict) and data.get("month_days") is not None \
            and data.get("hours") is None:
        days = data["month_days"]
        if isinstance(days, int) and MONTH_DAYS_MIN <= days <= MONTH_DAYS_MAX:
            return {**data, "hours": float(days * HOURS_PER_DAY)}
    return data


def check_month(field_hours: float, month_days: int | None) -> None:
    """``month_days`` in 28-31 and ``hours`` within that month (rule EBS-BILLING)."""
    if month_days is not None and not MONTH_DAYS_MIN <= month_days <= MONTH_DAYS_MAX:
        raise InputError("month_days", month_days,
                         f"must be {MONTH_DAYS_MIN} to {MONTH_DAYS_MAX} days, or empty for the "
                         f"{HOURS_PER_MONTH}-hour month", rule_id="EBS-BILLING")
    month_h = HOURS_PER_MONTH if month_days is None else month_days * HOURS_PER_DAY
    if not 0 <= field_hours <= month_h:
        what = (f"the {HOURS_PER_MONTH}-hour month" if month_days is None
                else f"a {month_days}-day month")
        raise InputError("hours", field_hours, f"must be 0 to {month_h:g} hours ({what})",
                         rule_id="EBS-BILLING")
_NITRO_DESC = ("The volume is attached to a Nitro-based instance (io1/io2 reach their highest "
               "IOPS only there; 32,000 IOPS otherwise).")


def specs_for(catalog: Catalog, basis: Basis = "aws_today",
              nitro: bool = True) -> dict[str, VolumeSpec]:
    """Every type's limits from ``catalog``'s ``limits.csv`` under ``basis``."""
    return volume_specs(catalog.limits, basis, nitro)


class SnapshotPlan(BaseModel):
    """Snapshots kept for each volume: daily standard snapshots and the archive tier."""

    model_config = _FROZEN

    retention_days: int = Field(
        0, ge=0, description="Daily standard (incremental) snapshots kept [days]; 0 = none.")
    daily_change_pct: float = Field(
        0.0, ge=0, le=100, description="Share of the data whose blocks change each day [%].")
    data_gib: float | None = Field(
        None, ge=0, description="Data on the volume, the size of the first full snapshot "
                                "[GiB]; default: the whole volume.")
    archive_gib_per_month: float = Field(
        0.0, ge=0, description="Full snapshot data moved to the archive tier each month [GiB] "
                               "(archived snapshots are full copies).")
    archive_retention_days: float | None = Field(
        None, gt=0, description="How long each archived snapshot is kept [days]; billed at "
                                "least the 90-day minimum (EBS-SNAPSHOT-ARCHIVE); default: "
                                "the minimum.")
    archive_restore_gib_per_month: float = Field(
        0.0, ge=0, description="Archived snapshot data restored each month [GiB], billed per GB "
                               "(restores take 24-72 h).")


class VolumeConfig(BaseModel):
    """One EBS volume configuration to price (``ebs cost``)."""

    model_config = _FROZEN

    volume_type: VolumeType = Field(description="EBS volume type.")
    size_gib: int = Field(description="Provisioned size [GiB].")
    iops: int | None = Field(
        None, description="Provisioned IOPS: gp3 (default 3,000, included), io1/io2 "
                          "(required). gp2, st1, sc1 and magnetic take none.")
    throughput_mibps: float | None = Field(
        None, description="Provisioned throughput, gp3 only [MiB/s] (default 125, included).")
    hours: float = Field(float(HOURS_PER_MONTH), allow_inf_nan=False, description=_HOURS_DESC)
    month_days: int | None = Field(None, description=_MONTH_DAYS_DESC)
    volume_count: int = Field(1, ge=1, description="Number of identical volumes.")
    io_requests_millions_per_month: float = Field(
        0.0, ge=0, description="I/O requests per month, magnetic (standard) only [millions].")
    boot: bool = Field(False, description="Used as a boot volume (EBS-BOOT).")
    attach_instances: int = Field(1, ge=1, description="Instances the volume is attached to; "
                                                       "more than 1 is Multi-Attach (io1/io2).")
    nitro: bool = Field(True, description=_NITRO_DESC)
    basis: Basis = basis_field()
    snapshots: SnapshotPlan | None = Field(None, description="Snapshots kept for each volume.")

    @model_validator(mode="before")
    @classmethod
    def _month_hours(cls, data: object) -> object:
        return _fill_month_hours(data)

    @model_validator(mode="after")
    def _within_limits(self, info: ValidationInfo) -> VolumeConfig:
        check_month(self.hours, self.month_days)
        check_volume(self.volume_type, size_gib=self.size_gib, iops=self.iops,
                     throughput_mibps=self.throughput_mibps, spec=self.spec(catalog_from(info)),
                     boot=self.boot, attach_instances=self.attach_instances)
        if self.io_requests_millions_per_month > 0 and self.volume_type != "standard":
            raise InputError("io_requests_millions_per_month", self.io_requests_millions_per_month,
                             "only magnetic (standard) volumes bill I/O requests")
        return self

    def spec(self, catalog: Catalog) -> VolumeSpec:
        """This type's limits in ``catalog`` under the configuration's basis."""
        return specs_for(catalog, self.basis, self.nitro)[self.volume_type]

    def provisioned(self, spec: VolumeSpec) -> tuple[float | None, float | None]:
        """(IOPS, throughput) billed, defaults filled in (gp3: 3,000 and 125)."""
        return check_volume(self.volume_type, size_gib=self.size_gib, iops=self.iops,
                            throughput_mibps=self.throughput_mibps, spec=spec)


class SizingRequirement(BaseModel):
    """What a workload needs from one volume (``ebs size``)."""

    model_config = _FROZEN

    size_gib: int = Field(ge=1, description="Capacity needed [GiB].")
    iops: int = Field(0, ge=0, description="Sustained IOPS needed [IOPS].")
    throughput_mibps: float = Field(0.0, ge=0, description="Sustained throughput needed [MiB/s].")
    burst_iops: int | None = Field(
        None, ge=0, description="Optional burst: IOPS during bursts [IOPS] (gp2 may serve them "
                                "from burst credits; other types provision them).")
    burst_seconds: float | None = Field(None, gt=0, description="Length of each burst [s].")
    burst_every_hours: float | None = Field(
        None, gt=0, description="Time from one burst to the next [h]; empty = a single burst.")
    boot: bool = Field(False, description="Must be a boot volume (EBS-BOOT).")
    multi_attach: bool = Field(False, description="Attached to several instances in one AZ "
                                                  "(EBS-MULTI-ATTACH).")
    attach_instances: int | None = Field(
        None, ge=1, description="Instances to attach (default 2 with Multi-Attach, else 1).")
    nitro: bool = Field(True, description=_NITRO_DESC)
    basis: Basis = basis_field()

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> SizingRequirement:
        if self.burst_iops is not None and self.burst_seconds is None:
            raise InputError("burst_seconds", None, "a burst needs its length in seconds (> 0)",
                             rule_id="EBS-GP2-BURST")
        if self.burst_seconds is not None and self.burst_iops is None:
            raise InputError("burst_iops", None, "burst_seconds needs the burst IOPS",
                             rule_id="EBS-GP2-BURST")
        if self.burst_every_hours is not None:
            if self.burst_seconds is None:
                raise InputError("burst_every_hours", self.burst_every_hours,
                                 "repeated bursts need burst_iops and burst_seconds",
                                 rule_id="EBS-GP2-BURST")
            if self.burst_every_hours * SECONDS_PER_HOUR <= self.burst_seconds:
                raise InputError("burst_every_hours", self.burst_every_hours,
                                 f"must be longer than one burst ({self.burst_seconds:g} s)",
                                 rule_id="EBS-GP2-BURST")
        if self.attach_instances is not None and self.attach_instances > 1:
            specs = specs_for(catalog_from(info), self.basis, self.nitro)
            max_inst = specs["io2"].max_attach_instances
            if max_inst is not None and self.attach_instances > max_inst:
                raise InputError("attach_instances", self.attach_instances,
                                 f"Multi-Attach allows 1 to {fmt_number(max_inst)} instances "
                                 "in the same Availability Zone", rule_id="EBS-MULTI-ATTACH")
        return self

    @property
    def instances(self) -> int:
        """Instances attached: the given figure, else 2 with Multi-Attach, else 1."""
        if self.attach_instances is not None:
            return self.attach_instances
        return 2 if self.multi_attach else 1

    @property
    def burst_every_seconds(self) -> float:
        if self.burst_every_hours is None:
            return float("inf")
        return self.burst_every_hours * SECONDS_PER_HOUR


class Gp2Query(BaseModel):
    """A gp2 volume whose baseline and burst to report (``ebs gp2``)."""

    model_config = _FROZEN

    size_gib: int = Field(description="gp2 volume size [GiB].")
    basis: Basis = basis_field()

    @model_validator(mode="after")
    def _in_range(self, info: ValidationInfo) -> Gp2Query:
        check_size("gp2", self.size_gib, specs_for(catalog_from(info), self.basis)["gp2"])
        return self


class MigrationInput(BaseModel):
    """A gp2 volume to move to gp3 (``ebs migrate``)."""

    model_config = _FROZEN

    size_gib: int = Field(description="Size of the gp2 volume [GiB]; gp3 keeps it (EBS-RESIZE).")
    hours: float = Field(float(HOURS_PER_MONTH), allow_inf_nan=False, description=_HOURS_DESC)
    month_days: int | None = Field(None, description=_MONTH_DAYS_DESC)
    volume_count: int = Field(1, ge=1, description="Number of identical volumes.")
    boot: bool = Field(False, description="Used as a boot volume (both gp2 and gp3 can boot).")
    basis: Basis = basis_field()

    @model_validator(mode="before")
    @classmethod
    def _month_hours(cls, data: object) -> object:
        return _fill_month_hours(data)

    @model_validator(mode="after")
    def _in_range(self, info: ValidationInfo) -> MigrationInput:
        check_month(self.hours, self.month_days)
        specs = specs_for(catalog_from(info), self.basis)
        check_size("gp2", self.size_gib, specs["gp2"])
        check_size("gp3", self.size_gib, specs["gp3"])
        check_attachment("gp3", boot=self.boot, attach_instances=1, spec=specs["gp3"])
        return self


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals(), {
    "retention_days": (36_500, "100 years"), "archive_retention_days": (36_500, "100 years"),
    "burst_every_hours": (876_000, "100 years"),
})
