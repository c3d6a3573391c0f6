"""The plan a user checks: optional sections, one per service, loadable from a JSON file.

The model only checks that the plan is well formed (types, signs, fields that go together).
Whether a plan breaks an AWS limit is what the section checks of :mod:`calc.checks.sections`
report (run by :func:`calc.checks.api.run_checks`): a spread group with 9 instances per AZ is
a valid plan that fails a check, not an invalid plan.
Every field has a description (the GUI shows it as a tooltip).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from calc.errors import InputError, field_errors
from calc.fields import bound_models
from calc.fileio import ReadError, read_json

NonNegInt = Annotated[int, Field(ge=0)]
PosInt = Annotated[int, Field(ge=1)]
NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
PosFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Hours = Annotated[float, Field(allow_inf_nan=False)]

EbsVolumeType = Literal["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- EC2 ----------------------------------------------------------------------------------
class PlacementGroupPlan(_Section):
    """A placement group (rule EC2-PLACEMENT)."""

    strategy: Literal["cluster", "spread", "partition"] = Field(
        description="Placement strategy: cluster (one AZ, low latency), spread (each instance "
                    "on its own hardware) or partition (groups of racks).")
    azs: PosInt = Field(1, description="Availability Zones the group spans.")
    instances_per_az: NonNegInt = Field(
        description="Running instances in the group in the busiest AZ.")
    partitions_per_az: PosInt | None = Field(
        None, description="Partition strategy only: partitions per AZ.")

    @model_validator(mode="after")
    def _partitions_only_for_partition(self) -> PlacementGroupPlan:
        if self.partitions_per_az is not None and self.strategy != "partition":
            raise InputError("placement_group.partitions_per_az", self.partitions_per_az,
                             "only a partition placement group has partitions",
                             rule_id="EC2-PLACEMENT")
        return self


class HibernationPlan(_Section):
    """An instance that will hibernate (rule EC2-HIBERNATE)."""

    instance_type: str | None = Field(
        None, description="EC2 instance type, e.g. m5.large; its RAM comes from the catalog.")
    ram_gib: PosFloat | None = Field(
        None, description="Instance RAM [GiB]; leave empty to take it from the instance type.")
    os: Literal["linux", "windows"] = Field(
        "linux", description="Operating system: Linux (RAM under 150 GB) or Windows (RAM up "
                             "to 16 GB).")
    root_volume_type: Literal["gp2", "gp3", "io1", "io2", "st1", "sc1", "instance-store"] = Field(
        description="Type of the root volume; the RAM is written to it on hibernation.")
    root_volume_size_gib: PosFloat = Field(description="Size of the root EBS volume [GiB].")
    root_volume_encrypted: bool = Field(description="Whether the root EBS volume is encrypted.")
    days_hibernated: NonNegFloat = Field(
        description="Longest time the instance will stay hibernated [days].")

    @model_validator(mode="after")
    def _ram_known(self) -> HibernationPlan:
        if self.instance_type is None and self.ram_gib is None:
            raise InputError("hibernation.ram_gib", None,
                             "give instance_type or ram_gib (the RAM to hibernate)",
                             rule_id="EC2-HIBERNATE")
        return self


class NetworkingPlan(_Section):
    """Enhanced networking (rule EC2-ENA)."""

    adapter: Literal["ena", "intel_82599_vf"] = Field(
        description="Enhanced networking adapter: Elastic Network Adapter or the legacy "
                    "Intel 82599 Virtual Function.")
    required_gbps: PosFloat = Field(description="Network bandwidth the workload needs [Gbit/s].")
    instance_type: str | None = Field(
        None, description="Instance type, to compare with its network bandwidth (optional).")


class MonitoringPlan(_Section):
    """EC2 metrics in CloudWatch (rule EC2-MONITORING)."""

    detailed_monitoring: bool = Field(
        False, description="Detailed monitoring enabled (1-minute EC2 metrics, paid).")
    needed_interval_s: PosFloat = Field(
        description="How often you need a new EC2 metric point (e.g. for alarms) [s].")
    needs_memory_metric: bool = Field(
        False, description="You need RAM usage, which EC2 does not report.")


class SpotFleetPlan(_Section):
    """A Spot Fleet request (rule EC2-SPOT-FLEET)."""

    allocation_strategy: Literal["lowestPrice", "diversified", "capacityOptimized"] = Field(
        description="How the fleet picks Spot pools.")
    launch_pools: PosInt = Field(
        description="Launch pools the fleet may use (instance type x OS x AZ combinations).")
    workload: Literal["short", "long"] = Field(
        description="Short jobs that tolerate interruptions, or long-running workloads.")


# -- EBS ----------------------------------------------------------------------------------
class MultiAttachPlan(_Section):
    """One EBS volume attached to several instances (rule EBS-MULTI-ATTACH)."""

    volume_type: EbsVolumeType = Field(description="EBS volume type.")
    instances: PosInt = Field(description="Instances the volume is attached to.")
    azs: PosInt = Field(1, description="Availability Zones those instances run in.")


class EbsResizePlan(_Section):
    """A planned change of an EBS volume's size (rule EBS-RESIZE)."""

    volume_type: EbsVolumeType = Field(description="EBS volume type.")
    current_size_gib: PosFloat = Field(description="Size of the volume today [GiB].")
    new_size_gib: PosFloat = Field(description="Size you plan to set [GiB].")


# -- Lambda -------------------------------------------------------------------------------
class LambdaAsyncPlan(_Section):
    """A function invoked asynchronously (rules LAMBDA-TIMEOUT, LAMBDA-ASYNC-RETRY)."""

    duration_s: PosFloat = Field(description="Typical run time of one invocation [s].")
    timeout_s: PosFloat = Field(description="Configured function timeout [s].")
    error_rate: Fraction = Field(
        0.0, description="Share of invocations that fail (0-1); each failure is retried.")
    idempotent: bool = Field(
        False, description="Running the same event twice gives the same result.")
    failure_destination: bool = Field(
        False, description="A dead-letter queue or on-failure destination is configured.")
    events_per_day: NonNegFloat | None = Field(
        None, description="Events per day, to count retries and lost events (optional).")
    throttled_for_h: NonNegFloat = Field(
        0.0, description="Longest time the function may stay throttled (no free "
                         "concurrency) [h].")


# -- S3 -----------------------------------------------------------------------------------
class PresignedUrlPlan(_Section):
    """A pre-signed S3 URL (rule S3-PRESIGNED)."""

    created_with: Literal["console", "cli", "sdk"] = Field(
        description="Where the URL is generated: S3 console, AWS CLI (--expires-in) or an SDK.")
    expires_in_s: PosFloat = Field(description="How long the URL must stay valid [s].")


class S3Plan(_Section):
    """Objects in one S3 storage class (rules S3-DURABILITY, S3-AVAILABILITY)."""

    storage_class: Literal["STANDARD", "STANDARD_IA", "ONEZONE_IA"] = Field(
        description="S3 storage class.")
    objects: NonNegInt = Field(description="Number of objects stored.")
    max_objects_lost_per_year: NonNegFloat | None = Field(
        None, description="Expected object losses per year you accept (optional).")
    required_availability_pct: Pct | None = Field(
        None, description="Availability the application needs [%] (optional).")
    data_recreatable: bool = Field(
        False, description="The data can be recreated if lost (e.g. a secondary copy).")


# -- databases ----------------------------------------------------------------------------
class RdsPlan(_Section):
    """An RDS DB instance (rules RDS-BACKUP, RDS-AUTOSCALING, RDS-REPLICAS)."""

    engine: Literal["mysql", "postgres", "mariadb", "oracle", "sqlserver"] = Field(
        description="Database engine.")
    backup_retention_days: NonNegInt | None = Field(
        None, description="Automated backup retention [days]; 0 disables backups; empty = the "
                          "AWS default.")
    allocated_storage_gib: PosFloat = Field(description="Allocated storage today [GiB].")
    free_storage_pct: Pct = Field(description="Free share of the allocated storage today [%].")
    growth_gib_per_day: NonNegFloat = Field(0.0, description="Data growth [GiB per day].")
    hours_since_last_storage_change: NonNegFloat | None = Field(
        None, description="Hours since the last storage modification; empty = long ago.")
    storage_autoscaling: bool = Field(True, description="Storage autoscaling enabled.")
    max_storage_gib: PosFloat | None = Field(
        None, description="Maximum storage threshold for autoscaling [GiB].")
    forecast_months: Annotated[float, Field(gt=0, le=120, allow_inf_nan=False)] = Field(
        12.0, description="How far ahead to forecast the storage [months].")
    read_replicas: NonNegInt = Field(0, description="Read replicas of this instance.")
    cross_region_replicas: NonNegInt = Field(
        0, description="How many of the read replicas are in another Region.")

    @model_validator(mode="after")
    def _consistent(self) -> RdsPlan:
        if self.storage_autoscaling:
            if self.max_storage_gib is None:
                raise InputError("rds.max_storage_gib", None, "storage autoscaling needs a "
                                 "maximum storage threshold", rule_id="RDS-AUTOSCALING")
            if self.max_storage_gib < self.allocated_storage_gib:
                raise InputError("rds.max_storage_gib", self.max_storage_gib,
                                 f"must be at least allocated_storage_gib "
                                 f"({self.allocated_storage_gib:g})", rule_id="RDS-AUTOSCALING")
        if self.cross_region_replicas > self.read_replicas:
            raise InputError("rds.cross_region_replicas", self.cross_region_replicas,
                             f"at most read_replicas ({self.read_replicas})",
                             rule_id="RDS-REPLICAS")
        return self


class AuroraPlan(_Section):
    """An Aurora cluster (rules AURORA, RDS-REPLICAS)."""

    read_replicas: NonNegInt = Field(0, description="Aurora Replicas in the cluster.")
    storage_gib: PosFloat = Field(description="Data stored in the cluster volume [GiB].")
    azs_lost: NonNegInt = Field(
        1, description="Availability Zones the cluster must survive losing.")
    extra_copies_lost: NonNegInt = Field(
        0, description="Storage copies lost on top of the lost AZs (e.g. a failed disk).")
    writes_needed: bool = Field(
        True, description="The application must keep writing during that failure.")


# -- operations ---------------------------------------------------------------------------
class ElbPlan(_Section):
    """A load balancer target group (rule ELB-DEREGISTRATION)."""

    deregistration_delay_s: NonNegFloat = Field(
        description="Deregistration delay (connection draining) [s].")
    typical_request_s: PosFloat | None = Field(
        None, description="How long a typical request takes [s] (optional).")


class AsgPlan(_Section):
    """An Auto Scaling group with target tracking (rule ASG-TARGET-TRACKING)."""

    goal: Literal["availability", "balance", "cost"] = Field(
        description="What the scaling plan optimises for.")
    target_utilisation_pct: Annotated[float, Field(gt=0, le=100)] | None = Field(
        None, description="Configured target utilisation [%]; empty = the goal's target.")
    load: NonNegFloat = Field(
        description="Total load at peak, in the unit of capacity_per_instance (e.g. vCPUs "
                    "busy, requests per second).")
    capacity_per_instance: PosFloat = Field(
        description="What one instance handles at 100% utilisation, in the unit of load.")
    max_size: PosInt | None = Field(None, description="ASG maximum size (optional).")
    cooldown_s: NonNegFloat | None = Field(
        None, description="Scaling cooldown [s]; empty = the default.")
    instance_warmup_s: NonNegFloat | None = Field(
        None, description="Time a new instance needs before it serves [s] (optional).")


class CloudWatchPlan(_Section):
    """Custom metric data points sent with PutMetricData (rule CW-CUSTOM-METRICS)."""

    data_point_offsets_h: list[Hours] = Field(
        min_length=1, description="Timestamps of the data points relative to now [h]: "
                                  "negative in the past, positive in the future.")
    resolution: Literal["standard", "high"] = Field(
        "standard", description="Storage resolution: standard (1-minute points) or high "
                                "(down to 1-second points, higher cost).")
    send_interval_s: PosFloat | None = Field(
        None, description="How often a data point is sent [s] (optional).")


class SsmPlan(_Section):
    """SSM Parameter Store parameters (rule SSM-PARAMETER-TIERS)."""

    tier: Literal["standard", "advanced"] = Field(description="Parameter tier.")
    parameters: NonNegInt = Field(description="Parameters in the account and Region.")
    largest_value_kb: PosFloat = Field(description="Largest parameter value [KB].")
    needs_policies: bool = Field(
        False, description="Parameter policies needed (TTL, forced update or delete).")


class Plan(_Section):
    """A deployment plan to check against the notes' operational limits.

    Every section is optional; only the sections given are checked.
    """

    name: str = Field("", description="A name for the plan.")
    placement_group: PlacementGroupPlan | None = Field(
        None, description="EC2 placement group [EC2-PLACEMENT].")
    hibernation: HibernationPlan | None = Field(
        None, description="EC2 hibernation [EC2-HIBERNATE].")
    networking: NetworkingPlan | None = Field(
        None, description="EC2 enhanced networking [EC2-ENA].")
    monitoring: MonitoringPlan | None = Field(
        None, description="EC2 monitoring [EC2-MONITORING].")
    spot_fleet: SpotFleetPlan | None = Field(None, description="Spot Fleet [EC2-SPOT-FLEET].")
    multi_attach: MultiAttachPlan | None = Field(
        None, description="EBS Multi-Attach [EBS-MULTI-ATTACH].")
    ebs_resize: EbsResizePlan | None = Field(None, description="EBS resize [EBS-RESIZE].")
    lambda_async: LambdaAsyncPlan | None = Field(
        None, description="Lambda asynchronous invocation [LAMBDA-TIMEOUT, LAMBDA-ASYNC-RETRY].")
    presigned_url: PresignedUrlPlan | None = Field(
        None, description="S3 pre-signed URL [S3-PRESIGNED].")
    s3: S3Plan | None = Field(None, description="S3 durability and availability "
                                                "[S3-DURABILITY, S3-AVAILABILITY].")
    rds: RdsPlan | None = Field(
        None, description="RDS instance [RDS-BACKUP, RDS-AUTOSCALING, RDS-REPLICAS].")
    aurora: AuroraPlan | None = Field(None, description="Aurora cluster [AURORA].")
    elb: ElbPlan | None = Field(None, description="ELB target group [ELB-DEREGISTRATION].")
    asg: AsgPlan | None = Field(None, description="Auto Scaling group [ASG-TARGET-TRACKING].")
    cloudwatch: CloudWatchPlan | None = Field(
        None, description="CloudWatch custom metrics [CW-CUSTOM-METRICS].")
    ssm: SsmPlan | None = Field(None, description="SSM Parameter Store [SSM-PARAMETER-TIERS].")


SECTIONS: tuple[str, ...] = tuple(n for n in Plan.model_fields if n != "name")


class PlanError(InputError):
    """The plan file cannot be used: names the file, the field and the reason (exit code 2)."""

    def __init__(self, path: str, field: str, reason: str) -> None:
        self.path = path
        self.field, self.value, self.allowed, self.rule_id = field, None, reason, None
        ValueError.__init__(self, f"plan {path}: {reason}")


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan from a JSON file.

    Raises
    ------
    PlanError
        The file is missing or unreadable, is not JSON, or a field is invalid; the message
        names the file, the field and the reason.
    """
    path = Path(path)
    try:
        data = read_json(path)
    except ReadError as e:
        raise PlanError(str(path), "plan", e.reason) from None
    return plan_from_dict(data, source=str(path), strict=True)


def plan_from_dict(data: Any, *, source: str = "<dict>", strict: bool = False) -> Plan:
    """Validate a decoded JSON object as a :class:`Plan`; errors as :class:`PlanError`.

    ``strict``: JSON types exactly (a file: no ``"12"``, ``true`` or ``12.0`` for an integer,
    no ``1`` or ``"true"`` for a flag); the GUI's form values are converted, not strict."""
    if not isinstance(data, dict):
        raise PlanError(source, "plan", f"must be a JSON object with sections "
                                        f"({', '.join(SECTIONS)}), not {type(data).__name__}")
    try:
        return Plan.model_validate(data, strict=strict)
    except ValidationError as e:
        raise _plan_error(source, e) from None


def _plan_error(source: str, exc: ValidationError) -> PlanError:
    errors = exc.errors(include_url=False)
    # a misspelt field also makes the real one "missing": report the misspelling first
    order = {"extra_forbidden": 0, "missing": 2}
    first = min(errors, key=lambda e: order.get(str(e.get("type")), 1))
    loc = ".".join(str(p) for p in first.get("loc", ())) or "plan"
    if first.get("type") == "extra_forbidden":
        allowed = _allowed_fields(first.get("loc", ())[:-1])
        reason = f"{loc}: unknown field; allowed: {', '.join(allowed)}"
    elif first.get("type") == "missing":
        reason = f"{loc}: required field is missing"
    else:
        reason = field_errors(exc).get(loc) or str(first.get("msg", "invalid"))
    more = len(errors) - 1
    if more:
        reason += f" (and {more} more error{'s' if more > 1 else ''})"
    return PlanError(source, loc, reason)


def _allowed_fields(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Plan
    for part in loc:
        info = model.model_fields.get(str(part))
        if info is None:
            break
        for arg in getattr(info.annotation, "__args__", (info.annotation,)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                model = arg
                break
    return list(model.model_fields)


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
