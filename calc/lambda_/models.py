"""Validated inputs of the Lambda calculators (pydantic, frozen, extra fields forbidden).

Every check raises :class:`~calc.pricing.errors.InputError` naming the field, the value, the
allowed range and the rule ID, so the CLI prints one line (exit 2) and the GUI shows the
same message beside the field (:func:`calc.errors.field_errors`). The limits come from the
catalog the model is validated with (``calc.context.validate(Model, data, catalog=...)``),
through :func:`calc.lambda_.limits.lambda_rules`; never from a global catalog.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic.fields import FieldInfo

from calc.context import catalog_from, validate
from calc.errors import InputError
from calc.fields import bound_models
from calc.lambda_.limits import LambdaRules, lambda_rules
from calc.lambda_.prices import Architecture
from calc.pricing import Catalog
from calc.units import HOURS_PER_MONTH, MS_PER_SECOND, SECONDS_PER_MONTH

M = TypeVar("M", bound=BaseModel)


def _name(info: ValidationInfo) -> str:
    return info.field_name or "input"


def _rules(info: ValidationInfo) -> LambdaRules:
    """The limits of the catalog this model is validated with."""
    return lambda_rules(catalog=catalog_from(info))


def _finite(value: float, info: ValidationInfo, allowed: str, rule_id: str) -> None:
    if not math.isfinite(value):
        raise InputError(_name(info), value, allowed, rule_id=rule_id)


def check_memory_mb(value: float, info: ValidationInfo) -> int:
    """Memory in whole MB from 128 to 10,240 (LAMBDA-MEMORY)."""
    r = _rules(info)
    allowed = (f"must be {r.memory_min_mb:,} to {r.memory_max_mb:,} MB "
               f"in {r.memory_step_mb} MB steps")
    _finite(value, info, allowed, "LAMBDA-MEMORY")
    if not r.memory_min_mb <= value <= r.memory_max_mb or value % r.memory_step_mb:
        raise InputError(_name(info), value, allowed, rule_id="LAMBDA-MEMORY")
    return int(value)


def check_duration_ms(value: float, info: ValidationInfo) -> float:
    """Duration above 0 and at most the 900 s timeout [ms] (LAMBDA-TIMEOUT)."""
    r = _rules(info)
    max_ms = r.timeout_max_s * MS_PER_SECOND
    allowed = (f"must be more than 0 and at most {max_ms:,.0f} ms "
               f"(the {r.timeout_max_s:,.0f} s maximum timeout)")
    _finite(value, info, allowed, "LAMBDA-TIMEOUT")
    if not 0 < value <= max_ms:
        raise InputError(_name(info), value, allowed, rule_id="LAMBDA-TIMEOUT")
    return float(value)


def check_ephemeral_mb(value: float | None, info: ValidationInfo) -> int | None:
    """/tmp in whole MB from 512 to 10,240 (LAMBDA-TMP); None means the default 512 MB."""
    if value is None:
        return None
    r = _rules(info)
    allowed = f"must be {r.tmp_min_mb:,} to {r.tmp_max_mb:,} MB in whole MB"
    _finite(value, info, allowed, "LAMBDA-TMP")
    if not r.tmp_min_mb <= value <= r.tmp_max_mb or value != int(value):
        raise InputError(_name(info), value, allowed, rule_id="LAMBDA-TMP")
    return int(value)


FieldCheck = Callable[[float, ValidationInfo], float]


def _non_negative(rule_id: str, unit: str) -> FieldCheck:
    def check(value: float, info: ValidationInfo) -> float:
        allowed = f"must be 0 or more {unit}".rstrip()
        _finite(value, info, allowed, rule_id)
        if value < 0:
            raise InputError(_name(info), value, allowed, rule_id=rule_id)
        return float(value)
    return check


def _optional(check: Callable[[float, ValidationInfo], float | int]
              ) -> Callable[[float | None, ValidationInfo], float | None]:
    def opt(value: float | None, info: ValidationInfo) -> float | None:
        return None if value is None else check(value, info)
    return opt


def check_share(value: float, info: ValidationInfo) -> float:
    """A share of attempts from 0 to 1 inclusive (LAMBDA-ASYNC-RETRY).

    1 is a function that always fails: each event is billed for the first attempt and both
    retries (3 invocations).
    """
    allowed = "must be from 0 to 1 (a share of attempts; 1 = every attempt fails)"
    _finite(value, info, allowed, "LAMBDA-ASYNC-RETRY")
    if not 0 <= value <= 1:
        raise InputError(_name(info), value, allowed, rule_id="LAMBDA-ASYNC-RETRY")
    return float(value)


def check_provisioned_concurrency(value: int, info: ValidationInfo) -> int:
    """Provisioned environments: 0 or more (LAMBDA-PROVISIONED)."""
    if value < 0:
        raise InputError(_name(info), value, "must be 0 or more execution environments",
                         rule_id="LAMBDA-PROVISIONED")
    return value


def check_provisioned_hours(value: float, info: ValidationInfo) -> float:
    """Hours a month provisioned concurrency is on: 0 to 730 (LAMBDA-PROVISIONED)."""
    allowed = f"must be 0 to {HOURS_PER_MONTH} hours a month"
    _finite(value, info, allowed, "LAMBDA-PROVISIONED")
    if not 0 <= value <= HOURS_PER_MONTH:
        raise InputError(_name(info), value, allowed, rule_id="LAMBDA-PROVISIONED")
    return float(value)


def check_region(value: str, info: ValidationInfo) -> str:
    """A Region code the validating catalog knows (InputError with close matches)."""
    catalog_from(info).region(value, field=_name(info))
    return value


MemoryMb = Annotated[float, AfterValidator(check_memory_mb)]
DurationMs = Annotated[float, AfterValidator(check_duration_ms)]
EphemeralMb = Annotated[float | None, AfterValidator(check_ephemeral_mb)]
Invocations = Annotated[float, AfterValidator(_non_negative("LAMBDA-PRICE", "invocations"))]
RegionCode = Annotated[str, AfterValidator(check_region)]
Share = Annotated[float, AfterValidator(check_share)]

_MODEL = ConfigDict(frozen=True, extra="forbid")


class _LambdaCommon(BaseModel):
    """Where the function runs, its architecture, /tmp and the free tier."""

    model_config = _MODEL

    region: RegionCode = Field("us-east-1", description="AWS Region code")
    architecture: Architecture = Field(
        "x86_64", description="Instruction set: x86_64, or arm64 (Graviton, cheaper per GB-s)")
    ephemeral_storage_mb: EphemeralMb = Field(
        None, description="/tmp size [MB], 512 to 10,240; above 512 MB billed per GB-s "
                          "(LAMBDA-TMP). Empty: 512 MB")
    free_tier: bool = Field(
        True, description="Deduct the monthly free tier: 1 M requests and 400,000 GB-s "
                          "(LAMBDA-FREE-TIER)")


_MEMORY_HELP = ("Configured memory [MB], 128 to 10,240 in 1 MB steps; CPU grows with it "
                "(LAMBDA-MEMORY)")
_DURATION_HELP = ("Average duration of one invocation [ms], fractions allowed; billed rounded "
                  "up to 1 ms; at most the 900 s timeout (LAMBDA-TIMEOUT)")


class LambdaFunctionInput(_LambdaCommon):
    """What every Lambda calculator needs: where, which architecture, memory, duration."""

    memory_mb: MemoryMb = Field(description=_MEMORY_HELP)
    duration_ms: DurationMs = Field(description=_DURATION_HELP)


class LambdaCostInput(LambdaFunctionInput):
    """Inputs of the monthly cost (issue 5 part 1)."""

    invocations_per_month: Invocations = Field(
        description="Invocations per month [count] (LAMBDA-PRICE)")
    provisioned_concurrency: Annotated[int, AfterValidator(check_provisioned_concurrency)] = (
        Field(0, description="Provisioned execution environments; 0 for none "
                             "(LAMBDA-PROVISIONED)"))
    provisioned_hours: Annotated[float, AfterValidator(check_provisioned_hours)] = Field(
        0.0, description="Hours a month provisioned concurrency is enabled, at most 730; "
                         "billed in 5 minute steps (LAMBDA-PROVISIONED)")
    provisioned_invocations_per_month: Annotated[
        float | None, AfterValidator(_optional(_non_negative("LAMBDA-PROVISIONED",
                                                             "invocations")))] = Field(
        None, description="Invocations arriving while provisioned concurrency is enabled; "
                          "empty: spread evenly over the month (LAMBDA-PROVISIONED)")
    provisioned_duration_ms: Annotated[
        float | None, AfterValidator(_optional(check_duration_ms))] = Field(
        None, description="Average duration while provisioned [ms] (warm starts); empty: "
                          "the same as duration_ms (LAMBDA-PROVISIONED)")
    async_failure_share: Share = Field(
        0.0, description="Share of asynchronous attempts that fail and are retried twice "
                         "(0 for synchronous calls) (LAMBDA-ASYNC-RETRY)")

    @model_validator(mode="after")
    def _provisioned_pair(self) -> Self:
        pc, hours = self.provisioned_concurrency, self.provisioned_hours
        if pc > 0 and hours == 0:
            raise InputError("provisioned_hours", hours,
                             "must be more than 0 when provisioned_concurrency is set",
                             rule_id="LAMBDA-PROVISIONED")
        if hours > 0 and pc == 0:
            raise InputError("provisioned_concurrency", pc,
                             "must be at least 1 when provisioned_hours is set",
                             rule_id="LAMBDA-PROVISIONED")
        extra = self.provisioned_invocations_per_month
        if extra is not None and pc == 0:
            raise InputError("provisioned_invocations_per_month", extra,
                             "needs provisioned_concurrency and provisioned_hours",
                             rule_id="LAMBDA-PROVISIONED")
        if extra is not None and extra > self.invocations_per_month:
            raise InputError("provisioned_invocations_per_month", extra,
                             f"must be at most invocations_per_month "
                             f"({self.invocations_per_month:,.0f})",
                             rule_id="LAMBDA-PROVISIONED")
        if self.provisioned_duration_ms is not None and pc == 0:
            raise InputError("provisioned_duration_ms", self.provisioned_duration_ms,
                             "needs provisioned_concurrency and provisioned_hours",
                             rule_id="LAMBDA-PROVISIONED")
        return self


class LambdaSweepInput(_LambdaCommon):
    """Inputs of the memory sweep (issue 5 part 2).

    ``memory_mb`` and ``duration_ms`` are one measured point for the duration model; or
    ``measurements`` (at least two (memory_mb, duration_ms) pairs) are interpolated instead.
    """

    memory_mb: Annotated[float | None, AfterValidator(_optional(check_memory_mb))] = Field(
        None, description="Memory of the measured point [MB] (LAMBDA-MEMORY)")
    duration_ms: Annotated[float | None, AfterValidator(_optional(check_duration_ms))] = Field(
        None, description="Duration measured at memory_mb [ms] (LAMBDA-TIMEOUT)")
    invocations_per_month: Invocations = Field(
        description="Invocations per month [count] (LAMBDA-PRICE)")
    cpu_bound_share: float = Field(
        0.5, ge=0, le=1,
        description="Share of the measured duration spent computing (0: all waiting on I/O, "
                    "1: all CPU); only this share speeds up with more memory (LAMBDA-MEMORY)")
    threads: int = Field(
        1, ge=1, le=64,
        description="Threads the code keeps busy; above 1,769 MB only multi-threaded code "
                    "gains (up to 6 vCPUs at 10,240 MB) (LAMBDA-MEMORY)")
    measurements: tuple[tuple[float, float], ...] | None = Field(
        None, description="Measured (memory_mb, duration_ms) pairs to interpolate between "
                          "instead of the model; at least two memory sizes")
    balanced_weight: float = Field(
        0.5, ge=0, le=1,
        description="Balanced choice: weight of cost against speed (1: cost only, 0: speed "
                    "only), as in AWS Lambda Power Tuning")

    @model_validator(mode="after")
    def _measurements(self, info: ValidationInfo) -> Self:
        if self.measurements is None:
            if self.memory_mb is None or self.duration_ms is None:
                missing = "memory_mb" if self.memory_mb is None else "duration_ms"
                raise InputError(missing, None, "give the measured memory_mb and duration_ms, "
                                 "or measurements", rule_id="LAMBDA-MEMORY")
            return self
        r = _rules(info)
        if len({m for m, _ in self.measurements}) < 2:
            raise InputError("measurements", len(self.measurements),
                             "need at least two different memory sizes",
                             rule_id="LAMBDA-MEMORY")
        for memory_mb, duration_ms in self.measurements:
            if not (r.memory_min_mb <= memory_mb <= r.memory_max_mb) or memory_mb % 1:
                raise InputError("measurements", memory_mb,
                                 f"memory must be {r.memory_min_mb:,} to "
                                 f"{r.memory_max_mb:,} MB in whole MB", rule_id="LAMBDA-MEMORY")
            max_ms = r.timeout_max_s * MS_PER_SECOND
            if not (math.isfinite(duration_ms) and 0 < duration_ms <= max_ms):
                raise InputError("measurements", duration_ms,
                                 f"duration must be more than 0 and at most {max_ms:,.0f} ms",
                                 rule_id="LAMBDA-TIMEOUT")
        return self


class LambdaConcurrencyInput(BaseModel):
    """Inputs of the concurrency check (issue 5 part 3)."""

    model_config = _MODEL

    requests_per_second: Annotated[float, AfterValidator(
        _non_negative("LAMBDA-CONCURRENCY", "requests per second"))] = Field(
        description="Average arrival rate [requests/s]")
    duration_ms: DurationMs = Field(
        description="Average duration of one invocation [ms], at most the 900 s timeout "
                    "(LAMBDA-TIMEOUT)")
    peak_to_average: float = Field(
        1.0, ge=1, le=1000,
        description="Peak rate over average rate; the check uses the peak (1: steady)")
    regional_limit: int | None = Field(
        None, ge=1, description="Account concurrency limit in the Region; empty: the default "
                                "1,000 (LAMBDA-CONCURRENCY)")
    reserved_concurrency: int | None = Field(
        None, ge=0, description="Reserved concurrency of the function (a cap and a "
                                "guarantee); empty: none (LAMBDA-CONCURRENCY)")
    other_concurrency: float = Field(
        0.0, ge=0, description="Concurrency other functions in the Region use at the same "
                               "time (they share the unreserved pool) (LAMBDA-CONCURRENCY)")
    provisioned_concurrency: int = Field(
        0, ge=0, description="Provisioned execution environments (LAMBDA-PROVISIONED)")
    target_throttle_share: float = Field(
        0.001, gt=0, lt=1, description="Throttled share you accept; the fix is sized for it")

    @model_validator(mode="after")
    def _reserved_fits(self, info: ValidationInfo) -> Self:
        r = _rules(info)
        limit = self.regional_limit or r.regional_concurrency
        if self.reserved_concurrency is not None:
            most = limit - r.unreserved_concurrency_min
            if self.reserved_concurrency > most:
                raise InputError("reserved_concurrency", self.reserved_concurrency,
                                 f"must be at most {most:,} (the limit {limit:,} minus the "
                                 f"{r.unreserved_concurrency_min} that stay unreserved)",
                                 rule_id="LAMBDA-CONCURRENCY")
        cap = self.reserved_concurrency if self.reserved_concurrency is not None else limit
        if self.provisioned_concurrency > cap:
            raise InputError("provisioned_concurrency", self.provisioned_concurrency,
                             f"must be at most the function's concurrency cap ({cap:,})",
                             rule_id="LAMBDA-PROVISIONED")
        return self


def _check_option(value: str, info: ValidationInfo) -> str:
    from calc.lambda_.vs_ec2 import check_purchasing_option

    return check_purchasing_option(value, field=_name(info))


class LambdaVsEc2Input(LambdaFunctionInput):
    """Inputs of Lambda against EC2 (issue 5 part 4)."""

    requests_per_second: Annotated[float, AfterValidator(
        _non_negative("LAMBDA-PRICE", "requests per second"))] = Field(
        description="Average request rate [requests/s], steady over the month")
    instance_type: str | None = Field(
        None, description="EC2 instance type; empty: the cheapest that serves the load")
    instance_count: int | None = Field(
        None, ge=1, description="Number of instances; empty: as many as the load needs")
    purchasing_option: Annotated[str, AfterValidator(_check_option)] = Field(
        "on_demand", description="EC2 purchasing option id, e.g. on_demand or "
                                 "reserved_standard_1yr_no_upfront")
    utilization: float = Field(
        1.0, gt=0, le=1,
        description="Share of an instance's memory and vCPUs the load may use (headroom)")
    curve_points: int = Field(201, ge=2, le=10_001,
                              description="Points of the cost-versus-rate curve")
    max_requests_per_second: float | None = Field(
        None, gt=0, description="Right end of the curve [requests/s]; empty: automatic")

    @model_validator(mode="after")
    def _instance_known(self, info: ValidationInfo) -> Self:
        if self.instance_type is not None:
            catalog_from(info).ec2_instance(self.instance_type, field="instance_type")
        if self.instance_count is not None and self.instance_type is None:
            raise InputError("instance_count", self.instance_count,
                             "needs instance_type (the count of which type)")
        return self


# -- one function seen four ways (the GUI's Lambda page) ------------------------------------
def _reuse(model: type[BaseModel], name: str) -> Any:
    """The field ``name`` of ``model`` (its default, limits, validators and description)."""
    info: FieldInfo = model.model_fields[name]
    return info


def _part(model: type[M], values: Mapping[str, Any], catalog: Catalog) -> M:
    """``model`` validated from ``values`` with ``catalog``; its first error re-raised as the
    InputError naming the field."""
    try:
        return validate(model, values, catalog=catalog)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        ctx = err.get("ctx") or {}
        if isinstance(ctx.get("error"), InputError):
            raise ctx["error"] from None
        loc = ".".join(str(p) for p in err.get("loc", ())) or "input"
        raise InputError(loc, err.get("input"),
                         str(err.get("msg", "invalid")).removeprefix("Value error, ")) from None


class LambdaStudyInput(LambdaCostInput):
    """One function's monthly cost, memory sweep, concurrency and EC2 comparison.

    The cost inputs of ``lambda cost``, plus the sweep's duration model (the measured point
    is ``memory_mb`` / ``duration_ms``), the peak-to-average rate of the concurrency check
    and the EC2 side of ``lambda vs-ec2``. The request rate of the concurrency check and of
    the EC2 comparison is ``invocations_per_month`` spread evenly over the 730-hour month.
    Every field keeps the limits and rule IDs of the command it comes from.
    """

    cpu_bound_share: float = _reuse(LambdaSweepInput, "cpu_bound_share")
    threads: int = _reuse(LambdaSweepInput, "threads")
    balanced_weight: float = _reuse(LambdaSweepInput, "balanced_weight")
    peak_to_average: float = _reuse(LambdaConcurrencyInput, "peak_to_average")
    instance_type: str | None = _reuse(LambdaVsEc2Input, "instance_type")
    purchasing_option: str = _reuse(LambdaVsEc2Input, "purchasing_option")

    @model_validator(mode="after")
    def _parts_valid(self, info: ValidationInfo) -> Self:
        # the cross-field rules of each command (e.g. an instance type that exists)
        catalog = catalog_from(info)
        self.vs_ec2_input(catalog=catalog)
        self.concurrency_input(catalog=catalog)
        return self

    @property
    def requests_per_second(self) -> float:
        """The average request rate [requests/s]: invocations over the 730-hour month."""
        return self.invocations_per_month / SECONDS_PER_MONTH

    def _function(self) -> dict[str, Any]:
        return {"region": self.region, "architecture": self.architecture,
                "ephemeral_storage_mb": self.ephemeral_storage_mb, "free_tier": self.free_tier}

    def cost_input(self, *, catalog: Catalog) -> LambdaCostInput:
        """The inputs of ``lambda cost`` for this function."""
        return _part(LambdaCostInput,
                     {k: getattr(self, k) for k in LambdaCostInput.model_fields}, catalog)

    def sweep_input(self, *, catalog: Catalog) -> LambdaSweepInput:
        """The inputs of ``lambda sweep``: the measured point is memory_mb / duration_ms."""
        return _part(LambdaSweepInput, {
            **self._function(), "memory_mb": self.memory_mb, "duration_ms": self.duration_ms,
            "invocations_per_month": self.invocations_per_month,
            "cpu_bound_share": self.cpu_bound_share, "threads": self.threads,
            "balanced_weight": self.balanced_weight}, catalog)

    def vs_ec2_input(self, *, catalog: Catalog) -> LambdaVsEc2Input:
        """The inputs of ``lambda vs-ec2`` at the average request rate."""
        return _part(LambdaVsEc2Input, {
            **self._function(), "memory_mb": self.memory_mb, "duration_ms": self.duration_ms,
            "requests_per_second": self.requests_per_second,
            "instance_type": self.instance_type, "purchasing_option": self.purchasing_option},
            catalog)

    def concurrency_input(self, *, catalog: Catalog) -> LambdaConcurrencyInput:
        """The inputs of ``lambda concurrency`` at the average request rate."""
        # provisioned environments above the default limit are the cost command's note
        # [LAMBDA-CONCURRENCY]; the throttling check caps them at the limit
        limit = lambda_rules(catalog=catalog).regional_concurrency
        return _part(LambdaConcurrencyInput, {
            "requests_per_second": self.requests_per_second, "duration_ms": self.duration_ms,
            "peak_to_average": self.peak_to_average,
            "provisioned_concurrency": min(self.provisioned_concurrency, limit)}, catalog)


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
