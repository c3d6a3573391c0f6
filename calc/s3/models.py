"""The inputs of the S3 calculators: pydantic models, frozen, extra fields forbidden.

One model per command: :class:`S3CostInput` (one class), :class:`S3ChooseInput` (an access
pattern), :class:`S3LifecycleInput` (a bucket over time, with :class:`LifecycleRule`) and
:class:`S3PrefixInput` (a request rate). The CLI's options are generated from their fields.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from calc.errors import InputError
from calc.fields import SANE_MAX, SANE_REASON, Basis, basis_field, bound_models
from calc.s3 import charges as f
from calc.s3.classes import ARCHIVE_RETRIEVAL, LABELS, RetrievalTier, StorageClassId, check_class_id
from calc.units import PCT

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]

BYTE_KB = 1 / 1024  # the smallest object size there is: one byte [KB]

LifecycleClassId = Literal[
    "standard", "standard_ia", "intelligent_tiering", "onezone_ia", "glacier_ir",
    "glacier_flexible", "deep_archive",
]


class S3CostInput(BaseModel):
    """What ``s3 cost`` prices: one class, its size and a month of requests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code, e.g. us-east-1")
    storage_class: StorageClassId = Field(
        description="S3 storage class id, e.g. standard, glacier_flexible (rule S3-CLASSES)")
    storage_gb: NonNegative = Field(description="data stored [GB, 1 TB = 1,024 GB]")
    objects: float | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="objects stored [count]; needed for minimum object sizes, archive "
                    "overhead and the Intelligent-Tiering monitoring fee")
    put_requests: NonNegative = Field(0, description="PUT, COPY, POST, LIST requests a month")
    get_requests: NonNegative = Field(0, description="GET, SELECT and other requests a month")
    retrieval_gb: NonNegative = Field(0, description="data retrieved (or restored) a month [GB]")
    retrieval_requests: NonNegative = Field(
        0, description="restore requests a month (Glacier Flexible, Deep Archive)")
    retrieval_tier: RetrievalTier | None = Field(
        None, description="restore tier: expedited, standard or bulk (rule S3-RETRIEVAL); "
                          "default standard")
    upload_gb: NonNegative = Field(0, description="data uploaded a month [GB] (Express One "
                                                  "Zone charges per GB uploaded)")
    transfer_out_gb: NonNegative = Field(0, description="data transferred out to the internet "
                                                        "a month [GB]")
    days_stored: float | None = Field(
        None, gt=0, allow_inf_nan=False,
        description="the data is deleted after this many days; the cost is for those days, "
                    "with any minimum-duration charge (rule S3-MIN-DURATION)")
    month_days: float | None = Field(
        None, description="days in the month of --days-stored (28-31), to prorate as AWS does; "
                          "empty: AWS's 730-hour month, 30.42 days (rule S3-CLASSES)")
    it_infrequent_pct: Percent = Field(0, description="Intelligent-Tiering: share in the "
                                                      "Infrequent Access tier [%]")
    it_archive_instant_pct: Percent = Field(0, description="Intelligent-Tiering: share in the "
                                                           "Archive Instant Access tier [%]")
    it_archive_access_pct: Percent = Field(0, description="Intelligent-Tiering: share in the "
                                                          "optional Archive Access tier [%]")
    it_deep_archive_access_pct: Percent = Field(
        0, description="Intelligent-Tiering: share in the optional Deep Archive Access tier [%]")
    basis: Basis = basis_field()

    @field_validator("storage_class", mode="before")
    @classmethod
    def _known_class(cls, v: object) -> object:
        return check_class_id(v)

    @model_validator(mode="after")
    def _consistent(self) -> S3CostInput:
        c = self.storage_class
        if self.month_days is not None:
            if not 28 <= self.month_days <= 31:
                raise InputError("month_days", self.month_days,
                                 "must be 28 to 31 (the days of a calendar month)",
                                 rule_id="S3-CLASSES")
            if self.days_stored is None:
                raise InputError("month_days", self.month_days,
                                 "needs days_stored (it prorates the stored days)",
                                 rule_id="S3-CLASSES")
            if self.days_stored > self.month_days:
                raise InputError("days_stored", self.days_stored,
                                 f"at most month_days ({self.month_days:g}) when the month's "
                                 f"days are given", rule_id="S3-CLASSES")
        if self.retrieval_tier is not None or self.retrieval_requests:
            if c not in ARCHIVE_RETRIEVAL:
                raise InputError("retrieval_tier", self.retrieval_tier,
                                 "restore tiers and restore requests apply to glacier_flexible "
                                 "and deep_archive only", rule_id="S3-RETRIEVAL")
            tiers = [t for t, _, _ in ARCHIVE_RETRIEVAL[c]]
            if self.retrieval_tier is not None and self.retrieval_tier not in tiers:
                raise InputError("retrieval_tier", self.retrieval_tier,
                                 f"{LABELS[c]} restores with {', '.join(sorted(tiers))}",
                                 rule_id="S3-RETRIEVAL")
        it = self.it_shares_pct()
        if c != "intelligent_tiering" and sum(it.values()) - it["frequent"] > 0:
            raise InputError("it_infrequent_pct", sum(it.values()) - it["frequent"],
                             "tier shares apply to intelligent_tiering only",
                             rule_id="S3-INTELLIGENT")
        if it["frequent"] < 0:
            raise InputError("it_infrequent_pct", PCT - it["frequent"],
                             "the Intelligent-Tiering tier shares add up to at most 100%",
                             rule_id="S3-INTELLIGENT")
        if c == "intelligent_tiering" and self.objects is None:
            raise InputError("objects", None, "Intelligent-Tiering charges a monitoring fee per "
                             "object: give the object count", rule_id="S3-INTELLIGENT")
        return self

    def it_shares_pct(self) -> dict[str, float]:
        """Intelligent-Tiering tier shares [%]; Frequent Access holds the rest."""
        rest = {"infrequent": self.it_infrequent_pct,
                "archive_instant": self.it_archive_instant_pct,
                "archive_access": self.it_archive_access_pct,
                "deep_archive_access": self.it_deep_archive_access_pct}
        return {"frequent": PCT - sum(rest.values()), **rest}

    @property
    def tier(self) -> str:
        return self.retrieval_tier or "standard"


class S3ChooseInput(BaseModel):
    """An access pattern: how much is stored, how often it is read, how long one can wait."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code")
    storage_gb: NonNegative = Field(description="data stored [GB, 1 TB = 1,024 GB]")
    objects: float | None = Field(None, ge=0, allow_inf_nan=False,
                                  description="objects stored [count]")
    avg_object_kb: float | None = Field(
        None, ge=BYTE_KB, allow_inf_nan=False,
        description="average object size [KB] (instead of the object count)")
    put_requests: NonNegative = Field(0, description="PUT/COPY/POST/LIST requests a month")
    get_requests: NonNegative = Field(0, description="reads (GET requests) a month; each read "
                                                     "of an archive class is also a restore")
    retrieval_gb: NonNegative = Field(0, description="data read back a month [GB]")
    max_wait_hours: NonNegative = Field(
        0, description="the longest wait for the first byte one accepts [h]; 0 = milliseconds "
                       "only (rule S3-RETRIEVAL)")
    retention_days: float | None = Field(
        None, gt=0, allow_inf_nan=False,
        description="how long each object is kept [days]; shorter than a class minimum adds "
                    "its minimum-duration charge (rule S3-MIN-DURATION)")
    min_availability_pct: float | None = Field(
        None, ge=0, le=100,
        description="lowest acceptable designed availability [%] (rule S3-AVAILABILITY)")
    basis: Basis = basis_field()

    @model_validator(mode="after")
    def _objects_given(self) -> S3ChooseInput:
        if self.objects is None and self.avg_object_kb is None:
            raise InputError("objects", None, "give the object count or the average object size "
                             "(minimum object sizes and monitoring fees depend on it)",
                             rule_id="S3-MIN-DURATION")
        return self

    @property
    def object_count(self) -> float:
        if self.objects is not None:
            return self.objects
        assert self.avg_object_kb is not None
        return self.storage_gb * f.KB_PER_GB / self.avg_object_kb

    @property
    def object_kb(self) -> float:
        if self.avg_object_kb is not None:
            return self.avg_object_kb
        return self.storage_gb * f.KB_PER_GB / self.objects if self.objects else 0.0


class LifecycleRule(BaseModel):
    """One transition action: move objects to ``storage_class`` at ``days`` of age."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    storage_class: LifecycleClassId = Field(description="class to move to (rule S3-LIFECYCLE)")
    days: Annotated[int, Field(ge=0)] = Field(description="object age at the transition [days]")

    @field_validator("storage_class", mode="before")
    @classmethod
    def _known(cls, v: object) -> object:
        check_class_id(v, "rules.storage_class")
        if v == "express_onezone":
            raise InputError("rules.storage_class", v, "S3 Express One Zone takes no lifecycle "
                             "transitions", rule_id="S3-LIFECYCLE")
        return v


class S3LifecycleInput(BaseModel):
    """A bucket over time: monthly ingest, lifecycle rules, expiration, horizon."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code")
    months: Annotated[int, Field(ge=1)] = Field(36, description="horizon [months]")
    monthly_ingest_gb: NonNegative = Field(description="new data each month [GB]")
    monthly_growth_pct: Annotated[float, Field(ge=0, allow_inf_nan=False)] = Field(
        0, description="growth of the monthly ingest, compounded [% per month]")
    initial_gb: NonNegative = Field(0, description="data already stored on day 0 [GB]")
    avg_object_kb: Annotated[float, Field(ge=BYTE_KB, allow_inf_nan=False)] = Field(
        1024, description="average object size [KB]: sets the request, transition and "
                          "monitoring counts and the 128 KB minimum")
    start_class: LifecycleClassId = Field("standard", description="class objects are written to")
    rules: tuple[LifecycleRule, ...] = Field((), description="transition rules")
    expire_days: int | None = Field(
        None, gt=0, description="objects are deleted at this age [days]; none = kept")
    it_archive_access_days: int | None = Field(
        None, gt=0, description="Intelligent-Tiering scenario: optional Archive Access tier after "
                          "this many days without access (rule S3-INTELLIGENT)")
    it_deep_archive_access_days: int | None = Field(
        None, gt=0, description="Intelligent-Tiering scenario: optional Deep Archive Access tier "
                          "after this many days without access (rule S3-INTELLIGENT)")
    transition_small_objects: bool = Field(
        False, description="transition objects under 128 KB too, as a rule with an object-size "
                           "filter does (by default S3 leaves them where they are; rule "
                           "S3-LIFECYCLE)")
    basis: Basis = basis_field()

    @field_validator("start_class", mode="before")
    @classmethod
    def _known(cls, v: object) -> object:
        check_class_id(v, "start_class")
        if v == "express_onezone":
            raise InputError("start_class", v, "S3 Express One Zone takes no lifecycle rules",
                             rule_id="S3-LIFECYCLE")
        return v

    @model_validator(mode="after")
    def _ingest_finite(self) -> S3LifecycleInput:
        # growth compounded over the horizon stays within the amounts Costsizer computes with
        # (1e15 GB); checked in logarithms, so the check itself cannot overflow (issue 15, item 9)
        last = math.log10(max(self.monthly_ingest_gb, self.initial_gb, 1.0)) + (
            (self.months - 1) * math.log10(1.0 + self.monthly_growth_pct / PCT))
        if last > math.log10(SANE_MAX):
            raise InputError("monthly_growth_pct", self.monthly_growth_pct,
                             f"compounded over {self.months} months the monthly ingest would pass "
                             f"{SANE_MAX:.0e} GB ({SANE_REASON}); give a lower growth or fewer "
                             f"months", rule_id="S3-LIFECYCLE")
        return self

    def ingest_per_month(self) -> np.ndarray:
        """New data in each month of the horizon, growth compounded [GB]."""
        growth = (1.0 + self.monthly_growth_pct / PCT) ** np.arange(self.months)
        return self.monthly_ingest_gb * growth


class S3PrefixInput(BaseModel):
    """A target request rate, and optionally an object size for multipart advice."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    put_per_second: Annotated[float, Field(ge=0, allow_inf_nan=False)] = Field(
        0, description="PUT/COPY/POST/DELETE requests per second (rule S3-PERFORMANCE)")
    get_per_second: Annotated[float, Field(ge=0, allow_inf_nan=False)] = Field(
        0, description="GET/HEAD requests per second (rule S3-PERFORMANCE)")
    sse_kms: bool = Field(True, description="objects encrypted with SSE-KMS (rule S3-KMS-QUOTA)")
    object_size_mb: float | None = Field(
        None, gt=0, allow_inf_nan=False,
        description="object size for multipart advice [MB = MiB] (rule S3-MULTIPART)")
    basis: Basis = basis_field()


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals(), {
    "months": (1200, "100 years"),
    "monthly_growth_pct": (100, "doubling every month"),
    "days": (36_500, "100 years"), "expire_days": (36_500, "100 years"),
    "it_archive_access_days": (36_500, "100 years"),
    "it_deep_archive_access_days": (36_500, "100 years"),
    "days_stored": (36_500, "100 years"), "retention_days": (36_500, "100 years"),
    "max_wait_hours": (876_000, "100 years"),
    "avg_object_kb": (5 * 1024 ** 3, "the largest S3 object, 5 TB; rule S3-MULTIPART"),
})
