"""The plan checks: each compares one part of a plan with a limit from the notes.

Every check gives a :class:`CheckResult`: pass / warn / fail, the rule ID, a one-line message
with the numbers and, unless it passes, a concrete fix. Every figure comes from
``pricing_data/limits.csv`` (``basis`` picks the notes' figure or AWS's today).
:func:`run_checks` runs the checks of every section the plan has and returns the rows as a
DataFrame (the CLI prints it, the GUI shows it) plus what the calculators worked out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from calc.checks import calculators as calc
from calc.checks.plan import (
    AsgPlan,
    AuroraPlan,
    CloudWatchPlan,
    EbsResizePlan,
    ElbPlan,
    HibernationPlan,
    LambdaAsyncPlan,
    MonitoringPlan,
    MultiAttachPlan,
    NetworkingPlan,
    PlacementGroupPlan,
    Plan,
    PresignedUrlPlan,
    RdsPlan,
    S3Plan,
    SpotFleetPlan,
    SsmPlan,
)
from calc.errors import InputError
from calc.pricing.catalog import Basis, Catalog, Limit, active_catalog
from calc.units import (
    HOURS_PER_DAY,
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    SECONDS_PER_MINUTE,
    gb_to_gib,
    gib_to_gb,
    months_to_hours,
)

Status = Literal["pass", "warn", "fail"]
STATUSES: tuple[Status, ...] = ("pass", "warn", "fail")
COLUMNS = ("section", "check", "status", "rule_id", "notes_line", "message", "fix")

# Volume types the notes allow as boot volumes (rule EBS-BOOT, L2608) and for Multi-Attach
# (rule EBS-MULTI-ATTACH, L2613): names, not figures.
BOOT_VOLUME_TYPES = ("gp2", "gp3", "io1", "io2")
MULTI_ATTACH_VOLUME_TYPES = ("io1", "io2")


@dataclass(frozen=True)
class CheckResult:
    """One check of one plan section."""

    section: str
    check: str
    status: Status
    rule_id: str
    notes_line: str
    message: str
    fix: str = ""


@dataclass(frozen=True)
class CheckReport:
    """Every check result of a plan, and the calculators' workings (for JSON and the GUI)."""

    results: tuple[CheckResult, ...]
    calculations: dict[str, Any] = field(default_factory=dict)
    basis: Basis = "aws_today"

    @property
    def table(self) -> pd.DataFrame:
        """One row per check: section, check, status, rule_id, notes_line, message, fix."""
        return pd.DataFrame([asdict(r) for r in self.results], columns=list(COLUMNS))

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.results) for s in STATUSES}

    @property
    def failed(self) -> bool:
        return any(r.status == "fail" for r in self.results)


def _n(value: float, digits: int = 2) -> str:
    """A number for a message: thousands separators, at most ``digits`` decimals."""
    if math.isinf(value):
        return "never"
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{value:.2g}"


def _plural(n: int, one: str, many: str) -> str:
    """'1 AZ', '2 AZs'; empty for 0."""
    return "" if n == 0 else f"{n} {one if n == 1 else many}"


def _duration_h(hours: float) -> str:
    """Hours as a readable span: '45 min', '5.5 h', '12.3 days'."""
    minutes_per_hour = SECONDS_PER_HOUR / SECONDS_PER_MINUTE
    if hours < 1:
        return f"{_n(hours * minutes_per_hour, 1)} min"
    if hours < 2 * HOURS_PER_DAY:
        return f"{_n(hours, 1)} h"
    return f"{_n(hours / HOURS_PER_DAY, 1)} days"


class _Checker:
    """Runs the checks of one plan with one catalog and basis."""

    def __init__(self, catalog: Catalog, basis: Basis) -> None:
        self.catalog = catalog
        self.limits = catalog.limits
        self.basis: Basis = basis
        self.results: list[CheckResult] = []
        self.calculations: dict[str, Any] = {}

    # -- helpers ---------------------------------------------------------------------------
    def v(self, key: str) -> float:
        return self.limits.value(key, self.basis)

    def lim(self, key: str) -> Limit:
        return self.limits[key]

    def add(self, section: str, check: str, status: Status, message: str, fix: str = "", *,
            key: str | None = None, rule_id: str | None = None,
            notes_line: str | None = None) -> None:
        """Record a result; ``key`` names the limit whose rule ID and notes line it cites."""
        lim = self.lim(key) if key else None
        rid = rule_id or (lim.rule_id if lim else "")
        line = notes_line or (lim.notes_line if lim else "")
        self.results.append(CheckResult(section, check, status, rid, line, message,
                                        "" if status == "pass" else fix))

    # -- EC2 -------------------------------------------------------------------------------
    def placement_group(self, p: PlacementGroupPlan) -> None:
        """Placement groups. Rule: EC2-PLACEMENT (notes L251-277)."""
        s = "placement_group"
        if p.strategy == "spread":
            cap = self.v("ec2.placement.spread_max_per_az")
            n = p.instances_per_az
            if n > cap:
                groups = math.ceil(n / cap)
                self.add(s, "spread: instances per AZ", "fail",
                         f"{n} instances per AZ in a spread group: at most {_n(cap)} per AZ "
                         f"per group",
                         f"use {groups} spread groups (at most {_n(cap)} per AZ each), or a "
                         f"partition group", key="ec2.placement.spread_max_per_az")
            else:
                self.add(s, "spread: instances per AZ", "pass",
                         f"{n} instances per AZ in a spread group (at most {_n(cap)})",
                         key="ec2.placement.spread_max_per_az")
        elif p.strategy == "partition":
            cap = self.v("ec2.placement.partition_max_per_az")
            k = p.partitions_per_az
            if k is not None and k > cap:
                self.add(s, "partition: partitions per AZ", "fail",
                         f"{k} partitions per AZ: at most {_n(cap)}",
                         f"use at most {_n(cap)} partitions per AZ; spread the group over "
                         f"more AZs for more partitions", key="ec2.placement.partition_max_per_az")
            else:
                shown = "not given" if k is None else str(k)
                self.add(s, "partition: partitions per AZ", "pass",
                         f"partitions per AZ {shown} (at most {_n(cap)}); partitions scale to "
                         f"hundreds of instances", key="ec2.placement.partition_max_per_az")
        else:
            cap = self.v("ec2.placement.cluster_max_azs")
            gbps = self.v("ec2.placement.cluster_bandwidth_gbps")
            if p.azs > cap:
                self.add(s, "cluster: AZs", "fail",
                         f"a cluster group spans {p.azs} AZs: it lives in {_n(cap)} AZ",
                         "create one cluster group per AZ, or use a spread or partition group "
                         "across AZs", key="ec2.placement.cluster_max_azs")
            else:
                self.add(s, "cluster: AZs", "pass",
                         f"cluster group in one AZ: {_n(gbps)} Gbps between instances, but one "
                         f"rack failure hits them all", key="ec2.placement.cluster_max_azs")

    def _ram_gib(self, p: HibernationPlan) -> tuple[float, dict[str, Any] | None]:
        spec = None
        if p.instance_type is not None:
            spec = self.catalog.ec2_instance(p.instance_type, field="hibernation.instance_type")
        if p.ram_gib is not None:
            return p.ram_gib, spec
        assert spec is not None  # the model requires instance_type or ram_gib
        ram = spec.get("memory_gib")
        if ram is None or not np.isfinite(ram):
            raise InputError("hibernation.ram_gib", None, f"the snapshot has no memory figure "
                             f"for {p.instance_type}; give ram_gib", rule_id="EC2-HIBERNATE")
        return float(ram), spec

    def _smaller_in_family(self, family: str, max_gb: float) -> str:
        t = self.catalog.ec2_instances()
        rows = t[(t["family"] == family) & (gib_to_gb(t["memory_gib"]) < max_gb)]
        if rows.empty:
            return ""
        best = rows.sort_values("memory_gib").iloc[-1]
        return f", e.g. {best['instance_type']} ({_n(float(best['memory_gib']))} GiB)"

    def hibernation(self, p: HibernationPlan) -> None:
        """Hibernation. Rule: EC2-HIBERNATE (notes L627-637); root volume type EBS-BOOT."""
        s = "hibernation"
        ram_gib, spec = self._ram_gib(p)
        ram_gb = gib_to_gb(ram_gib)
        max_gb = self.v("ec2.hibernate.max_ram_gb")
        what = p.instance_type or "the instance"
        ram_text = f"{_n(ram_gib, 1)} GiB ({_n(ram_gb, 1)} GB)"
        if ram_gb >= max_gb:
            alt = self._smaller_in_family(str(spec["family"]), max_gb) if spec else ""
            self.add(s, "RAM size", "fail",
                     f"{what} has {ram_text} of RAM: hibernation needs less than {_n(max_gb)} GB",
                     f"choose an instance type with less than {_n(max_gb)} GB "
                     f"({_n(gb_to_gib(max_gb), 1)} GiB) of RAM{alt}",
                     key="ec2.hibernate.max_ram_gb")
        else:
            self.add(s, "RAM size", "pass",
                     f"{what} has {ram_text} of RAM (less than {_n(max_gb)} GB)",
                     key="ec2.hibernate.max_ram_gb")
        if spec is not None and spec.get("bare_metal") == "yes":
            self.add(s, "bare metal", "fail",
                     f"{what} is a bare metal instance: bare metal cannot hibernate",
                     "choose a virtualised size of the family", rule_id="EC2-HIBERNATE",
                     notes_line="L634")
        if p.root_volume_type == "instance-store":
            self.add(s, "root volume type", "fail",
                     "the root volume is instance store: the RAM is saved to an EBS root volume",
                     f"use an EBS root volume ({', '.join(BOOT_VOLUME_TYPES)})",
                     rule_id="EC2-HIBERNATE", notes_line="L629-630")
        elif p.root_volume_type not in BOOT_VOLUME_TYPES:
            self.add(s, "root volume type", "fail",
                     f"{p.root_volume_type} cannot be a boot (root) volume",
                     f"use {', '.join(BOOT_VOLUME_TYPES)} for the root volume",
                     rule_id="EBS-BOOT", notes_line="L2608")
        else:
            self.add(s, "root volume type", "pass",
                     f"{p.root_volume_type} EBS root volume holds the RAM image",
                     rule_id="EC2-HIBERNATE", notes_line="L629-630")
        if p.root_volume_encrypted:
            self.add(s, "root volume encrypted", "pass", "the root EBS volume is encrypted",
                     rule_id="EC2-HIBERNATE", notes_line="L630")
        else:
            self.add(s, "root volume encrypted", "fail",
                     "the root EBS volume is not encrypted: hibernation needs an encrypted root",
                     "launch from an encrypted AMI or turn on EBS encryption by default",
                     rule_id="EC2-HIBERNATE", notes_line="L630")
        if p.root_volume_size_gib < ram_gib:
            self.add(s, "root volume size", "fail",
                     f"root volume {_n(p.root_volume_size_gib)} GiB is smaller than the "
                     f"{_n(ram_gib, 1)} GiB of RAM it must hold",
                     f"make the root volume at least {_n(math.ceil(ram_gib))} GiB plus the "
                     f"space the OS and applications use", rule_id="EC2-HIBERNATE",
                     notes_line="L629-630")
        else:
            self.add(s, "root volume size", "pass",
                     f"root volume {_n(p.root_volume_size_gib)} GiB holds the {_n(ram_gib, 1)} "
                     f"GiB of RAM (leave room for the OS too)", rule_id="EC2-HIBERNATE",
                     notes_line="L629-630")
        max_days = self.v("ec2.hibernate.max_days")
        if p.days_hibernated > max_days:
            self.add(s, "days hibernated", "fail",
                     f"hibernated {_n(p.days_hibernated)} days: at most {_n(max_days)} days",
                     f"start the instance within {_n(max_days)} days (then hibernate it again), "
                     f"or stop it instead and lose the RAM state", key="ec2.hibernate.max_days")
        else:
            self.add(s, "days hibernated", "pass",
                     f"hibernated {_n(p.days_hibernated)} days (at most {_n(max_days)})",
                     key="ec2.hibernate.max_days")

    def networking(self, p: NetworkingPlan) -> None:
        """Enhanced networking. Rule: EC2-ENA (notes L225-230)."""
        s = "networking"
        key = "ec2.ena.max_gbps" if p.adapter == "ena" else "ec2.intel_82599_vf.max_gbps"
        cap = self.v(key)
        name = "ENA" if p.adapter == "ena" else "Intel 82599 VF"
        if p.required_gbps > cap:
            ena = self.v("ec2.ena.max_gbps")
            fix = (f"use ENA (up to {_n(ena)} Gbps) on an instance type that offers it"
                   if p.adapter != "ena" and p.required_gbps <= ena else
                   f"spread the traffic over several instances (at most {_n(cap)} Gbps each)")
            self.add(s, "enhanced networking bandwidth", "fail",
                     f"{_n(p.required_gbps)} Gbps needed: {name} gives at most {_n(cap)} Gbps",
                     fix, key=key)
        else:
            self.add(s, "enhanced networking bandwidth", "pass",
                     f"{_n(p.required_gbps)} Gbps needed: {name} gives up to {_n(cap)} Gbps",
                     key=key)
        if p.instance_type is not None:
            spec = self.catalog.ec2_instance(p.instance_type, field="networking.instance_type")
            bw = spec.get("network_baseline_bandwidth_gbps")
            if bw is not None and np.isfinite(bw):
                if p.required_gbps > bw:
                    self.add(s, "instance bandwidth", "warn",
                             f"{p.instance_type} has a baseline of {_n(float(bw))} Gbps "
                             f"({spec.get('network_performance', '')}); "
                             f"{_n(p.required_gbps)} Gbps needed",
                             f"choose an instance type with at least {_n(p.required_gbps)} Gbps "
                             f"baseline bandwidth", key=key)
                else:
                    self.add(s, "instance bandwidth", "pass",
                             f"{p.instance_type} has a baseline of {_n(float(bw))} Gbps",
                             key=key)

    def monitoring(self, p: MonitoringPlan) -> None:
        """EC2 monitoring. Rule: EC2-MONITORING (notes L486-508)."""
        s = "monitoring"
        basic = self.v("ec2.monitoring.basic_interval_s")
        detailed = self.v("ec2.monitoring.detailed_interval_s")
        high = self.v("ec2.monitoring.custom_high_resolution_s")
        need = p.needed_interval_s
        check = "metric interval"
        if need < high:
            self.add(s, check, "fail",
                     f"a point every {_n(need)} s: CloudWatch resolution is {_n(high)} s at best",
                     f"aggregate on the instance and push a high-resolution custom metric "
                     f"({_n(high)} s)", key="ec2.monitoring.custom_high_resolution_s")
        elif need < detailed:
            self.add(s, check, "fail",
                     f"a point every {_n(need)} s: EC2 metrics come every {_n(detailed)} s at "
                     f"best (detailed monitoring)",
                     f"push a high-resolution custom metric (down to {_n(high)} s)",
                     key="ec2.monitoring.detailed_interval_s")
        elif need < basic and not p.detailed_monitoring:
            self.add(s, check, "fail",
                     f"a point every {_n(need)} s: basic monitoring gives one every {_n(basic)} s",
                     f"enable detailed monitoring ({_n(detailed)} s, paid)",
                     key="ec2.monitoring.basic_interval_s")
        elif need >= basic and p.detailed_monitoring:
            self.add(s, check, "warn",
                     f"detailed monitoring ({_n(detailed)} s) is paid but a point every "
                     f"{_n(need)} s is enough for basic monitoring ({_n(basic)} s, free)",
                     "turn detailed monitoring off", key="ec2.monitoring.basic_interval_s")
        else:
            mode = "detailed" if p.detailed_monitoring else "basic"
            got = detailed if p.detailed_monitoring else basic
            self.add(s, check, "pass",
                     f"a point every {_n(need)} s: {mode} monitoring gives one every {_n(got)} s",
                     key=f"ec2.monitoring.{mode}_interval_s")
        if p.needs_memory_metric:
            std = self.v("ec2.monitoring.custom_standard_resolution_s")
            self.add(s, "memory metric", "warn",
                     "RAM usage is not an EC2 metric",
                     f"install the CloudWatch agent and push RAM as a custom metric "
                     f"({_n(std)} s standard or {_n(high)} s high resolution)",
                     rule_id="EC2-MONITORING", notes_line="L502-506")

    def spot_fleet(self, p: SpotFleetPlan) -> None:
        """Spot Fleet allocation strategy. Rule: EC2-SPOT-FLEET (notes L440-450)."""
        s, check, rid, line = "spot_fleet", "allocation strategy", "EC2-SPOT-FLEET", "L446-449"
        if p.allocation_strategy == "diversified" and p.launch_pools < 2:
            self.add(s, check, "warn",
                     "diversified over 1 launch pool: nothing to diversify, one interruption "
                     "hits the whole fleet",
                     "add launch pools (more instance types or AZs)", rule_id=rid,
                     notes_line=line)
        elif p.allocation_strategy == "lowestPrice" and p.workload == "long":
            self.add(s, check, "warn",
                     f"lowestPrice draws from the cheapest pool of {p.launch_pools}: suited to "
                     f"short workloads, an interruption there hits a long-running fleet at once",
                     "use diversified (availability, long workloads) or capacityOptimized",
                     rule_id=rid, notes_line=line)
        else:
            self.add(s, check, "pass",
                     f"{p.allocation_strategy} over {p.launch_pools} launch pools for a "
                     f"{p.workload} workload", rule_id=rid, notes_line=line)

    # -- EBS -------------------------------------------------------------------------------
    def multi_attach(self, p: MultiAttachPlan) -> None:
        """EBS Multi-Attach. Rule: EBS-MULTI-ATTACH (notes L2611-2618)."""
        s, key = "multi_attach", "ebs.multi_attach.max_instances"
        if p.volume_type in MULTI_ATTACH_VOLUME_TYPES:
            self.add(s, "volume type", "pass", f"{p.volume_type} supports Multi-Attach",
                     key=key, notes_line="L2613")
        else:
            self.add(s, "volume type", "fail",
                     f"{p.volume_type} cannot be multi-attached: io1 and io2 only",
                     "use an io2 (or io1) volume, or EFS for shared file storage",
                     key=key, notes_line="L2613")
        if p.azs > 1:
            self.add(s, "same AZ", "fail",
                     f"the instances run in {p.azs} AZs: Multi-Attach works within one AZ",
                     "put every attached instance in the volume's AZ, or use EFS across AZs",
                     key=key)
        else:
            self.add(s, "same AZ", "pass", "all instances in the volume's AZ", key=key)
        cap = self.v(key)
        if p.instances > cap:
            self.add(s, "instances", "fail",
                     f"{p.instances} instances: a volume attaches to at most {_n(cap)}",
                     f"use {math.ceil(p.instances / cap)} volumes (at most {_n(cap)} instances "
                     f"each) or EFS", key=key)
        else:
            self.add(s, "instances", "pass",
                     f"{p.instances} instances (at most {_n(cap)}); they need a cluster-aware "
                     f"file system", key=key)

    def ebs_resize(self, p: EbsResizePlan) -> None:
        """EBS resize. Rule: EBS-RESIZE (notes L2622-2633); size range from the type's rule."""
        s = "ebs_resize"
        old, new = p.current_size_gib, p.new_size_gib
        if new < old:
            self.add(s, "direction", "fail",
                     f"{p.volume_type} {_n(old)} -> {_n(new)} GiB: EBS volumes can only grow",
                     f"create a new {_n(new)} GiB volume, copy the data and swap it in",
                     rule_id="EBS-RESIZE", notes_line="L2629")
        elif new == old:
            self.add(s, "direction", "pass", f"{_n(old)} GiB: no change",
                     rule_id="EBS-RESIZE", notes_line="L2622-2633")
        else:
            self.add(s, "direction", "pass",
                     f"{_n(old)} -> {_n(new)} GiB: grows in place; then extend the partition "
                     f"(growpart) and the file system", rule_id="EBS-RESIZE",
                     notes_line="L2622-2626")
        lo_key, hi_key = f"ebs.{p.volume_type}.min_size_gib", f"ebs.{p.volume_type}.max_size_gib"
        lo, hi = self.v(lo_key), self.v(hi_key)
        if new > hi:
            self.add(s, "size range", "fail",
                     f"{p.volume_type} {_n(new)} GiB: at most {_n(hi)} GiB",
                     f"stay at or under {_n(hi)} GiB, or stripe several volumes (RAID 0 / LVM)",
                     key=hi_key)
        elif new < lo:
            self.add(s, "size range", "fail",
                     f"{p.volume_type} {_n(new)} GiB: at least {_n(lo)} GiB",
                     f"use at least {_n(lo)} GiB", key=lo_key)
        else:
            self.add(s, "size range", "pass",
                     f"{p.volume_type} {_n(new)} GiB within {_n(lo)}-{_n(hi)} GiB", key=hi_key)

    # -- Lambda ----------------------------------------------------------------------------
    def lambda_async(self, p: LambdaAsyncPlan) -> None:
        """Asynchronous Lambda. Rules: LAMBDA-TIMEOUT (L2418), LAMBDA-ASYNC-RETRY
        (L2345-2347), LAMBDA-CONCURRENCY (throttled events, L2460-2461)."""
        s = "lambda_async"
        max_t = self.v("lambda.timeout.max_s")
        if p.timeout_s > max_t:
            self.add(s, "timeout", "fail",
                     f"timeout {_n(p.timeout_s)} s: at most {_n(max_t)} s",
                     f"set at most {_n(max_t)} s; split longer work (e.g. Step Functions)",
                     key="lambda.timeout.max_s")
        elif p.duration_s >= p.timeout_s:
            fix = (f"raise the timeout above {_n(p.duration_s)} s" if p.duration_s < max_t else
                   f"the work takes longer than the {_n(max_t)} s maximum: split it")
            self.add(s, "timeout", "fail",
                     f"a {_n(p.duration_s)} s run with a {_n(p.timeout_s)} s timeout times out "
                     f"every time (an error, so it is retried)", fix, key="lambda.timeout.max_s")
        else:
            self.add(s, "timeout", "pass",
                     f"{_n(p.duration_s)} s run within a {_n(p.timeout_s)} s timeout "
                     f"(at most {_n(max_t)} s)", key="lambda.timeout.max_s")

        rule = calc.AsyncRetryRule.from_limits(self.limits, self.basis)
        e = p.error_rate
        invocations = calc.lambda_expected_invocations(error_rate=e, retries=rule.retries)
        loss = calc.lambda_event_loss_probability(error_rate=e, retries=rule.retries)
        delays = " and ".join(f"{_n(d / SECONDS_PER_MINUTE)} min" for d in rule.retry_delays_s)
        attempts = rule.retries + 1
        if e > 0 and not p.idempotent:
            self.add(s, "retries", "warn",
                     f"{_n(e * 100)}% errors: {_n(invocations, 4)} invocations per event; a "
                     f"failed event runs up to {attempts} times (retries after {delays})",
                     "make the handler idempotent: retries repeat its side effects",
                     key="lambda.async.retries")
        else:
            self.add(s, "retries", "pass",
                     f"{_n(e * 100)}% errors: {_n(invocations, 4)} invocations per event "
                     f"(retries after {delays})", key="lambda.async.retries")
        if e > 0 and not p.failure_destination:
            per_day = ("" if p.events_per_day is None else
                       f", {_n(loss * p.events_per_day, 3)} events per day")
            self.add(s, "failed events", "warn",
                     f"{_n(loss * 100, 6)}% of events fail all {attempts} attempts and are "
                     f"discarded{per_day}",
                     "configure a dead-letter queue (SQS/SNS) or an on-failure destination",
                     key="lambda.async.retries")
        else:
            where = "kept in the failure destination" if p.failure_destination else "none"
            self.add(s, "failed events", "pass",
                     f"events failing all {attempts} attempts: {where}",
                     key="lambda.async.retries")

        max_age_h = rule.max_event_age_s / SECONDS_PER_HOUR
        schedule = calc.lambda_throttle_retry_schedule(rule=rule)
        if p.throttled_for_h > max_age_h:
            self.add(s, "throttling", "fail",
                     f"throttled for {_n(p.throttled_for_h)} h: events waiting more than "
                     f"{_n(max_age_h)} h are dropped",
                     "reserve concurrency for the function or ask AWS for a higher concurrency "
                     "limit, and add a dead-letter queue", key="lambda.async.max_event_age_s")
        else:
            self.add(s, "throttling", "pass",
                     f"throttled for {_n(p.throttled_for_h)} h: events are retried for up to "
                     f"{_n(max_age_h)} h ({len(schedule)} retries, interval "
                     f"{_n(rule.throttle_min_interval_s)} s growing to "
                     f"{_n(rule.throttle_max_interval_s / SECONDS_PER_MINUTE)} min)",
                     key="lambda.async.max_event_age_s")
        self.calculations["lambda_async"] = {
            "expected_invocations_per_event": invocations,
            "event_loss_probability": loss,
            "retry_timeline": calc.lambda_async_retry_timeline(
                duration_s=min(p.duration_s, p.timeout_s), error_rate=e, rule=rule),
            "throttle_retries": len(schedule),
            "throttle_backoff_factor_assumed": calc.ASSUMED_THROTTLE_BACKOFF_FACTOR,
        }

    # -- S3 --------------------------------------------------------------------------------
    def presigned_url(self, p: PresignedUrlPlan) -> None:
        """Pre-signed URL expiry. Rule: S3-PRESIGNED (notes L3019-3023)."""
        s, check = "presigned_url", "expiry"
        t = p.expires_in_s
        days = t / SECONDS_PER_DAY
        if p.created_with == "console":
            lo = self.v("s3.presigned.console_min_minutes")
            hi = self.v("s3.presigned.console_max_minutes")
            minutes = t / SECONDS_PER_MINUTE
            cli_max = self.v("s3.presigned.cli_max_s")
            if minutes < lo or minutes > hi:
                self.add(s, check, "fail",
                         f"console URL for {_n(minutes)} min: the console allows "
                         f"{_n(lo)}-{_n(hi)} min",
                         f"set {_n(lo)}-{_n(hi)} min, or generate it with the CLI or an SDK "
                         f"(up to {_n(cli_max)} s)", key="s3.presigned.console_max_minutes")
            else:
                self.add(s, check, "pass",
                         f"console URL for {_n(minutes)} min ({_n(lo)}-{_n(hi)} min)",
                         key="s3.presigned.console_max_minutes")
            return
        key = "s3.presigned.cli_max_s" if p.created_with == "cli" else "s3.presigned.sdk_max_s"
        hi = self.v(key)
        who = "CLI --expires-in" if p.created_with == "cli" else "SDK (Signature Version 4)"
        if t > hi:
            self.add(s, check, "fail",
                     f"{who} URL for {_n(t)} s ({_n(days)} days): at most {_n(hi)} s "
                     f"({_n(hi / SECONDS_PER_DAY)} days)",
                     f"set at most {_n(hi)} s and generate a new URL before it expires",
                     key=key)
        else:
            self.add(s, check, "pass",
                     f"{who} URL for {_n(t)} s (at most {_n(hi)} s)", key=key)

    def s3(self, p: S3Plan) -> None:
        """S3 durability and availability. Rules: S3-DURABILITY (L2786-2789),
        S3-AVAILABILITY (L2790-2803)."""
        s = "s3"
        nines = self.v("s3.durability.nines")
        lost = calc.s3_expected_objects_lost_per_year(objects=p.objects, durability_nines=nines)
        years = math.inf if lost == 0 else 1 / lost
        text = (f"{_n(p.objects)} objects at {_n(nines)} nines: {lost:.3g} objects lost per "
                f"year (one per {_n(years, 0)} years)")
        if p.max_objects_lost_per_year is not None and lost > p.max_objects_lost_per_year:
            self.add(s, "durability", "warn",
                     f"{text}, more than the {p.max_objects_lost_per_year:g} you accept",
                     "keep a second copy (Cross-Region Replication or backups) and enable "
                     "versioning", key="s3.durability.nines")
        else:
            self.add(s, "durability", "pass", text, key="s3.durability.nines")
        if p.storage_class == "ONEZONE_IA":
            if p.data_recreatable:
                self.add(s, "one zone", "pass",
                         "One Zone-IA keeps data in one AZ; the data can be recreated",
                         rule_id="S3-AVAILABILITY", notes_line="L2802")
            else:
                self.add(s, "one zone", "warn",
                         "One Zone-IA keeps data in one AZ: it is lost if the AZ is destroyed",
                         "use Standard-IA, or keep One Zone-IA for data you can recreate",
                         rule_id="S3-AVAILABILITY", notes_line="L2802")
        key = f"s3.availability_pct.{p.storage_class.lower()}"
        pct = self.v(key)
        down = calc.s3_downtime_minutes_per_year(availability_pct=pct)
        text = f"{p.storage_class} {_n(pct)}% available: about {_n(down, 0)} min down a year"
        need = p.required_availability_pct
        if need is not None and pct < need:
            better = [(c, self.v(f"s3.availability_pct.{c.lower()}"))
                      for c in ("STANDARD", "STANDARD_IA", "ONEZONE_IA")]
            ok = [f"{c} ({_n(a)}%)" for c, a in better if a >= need]
            fix = (f"use {' or '.join(ok)}" if ok else
                   "no single class meets it: serve from two Regions (replication)")
            self.add(s, "availability", "fail", f"{text}; {_n(need)}% needed", fix, key=key)
        else:
            self.add(s, "availability", "pass", text, key=key)
        self.calculations["s3"] = {"expected_objects_lost_per_year": lost,
                                   "years_per_object_lost": years,
                                   "availability_pct": pct, "downtime_minutes_per_year": down}

    # -- databases -------------------------------------------------------------------------
    def rds(self, p: RdsPlan) -> None:
        """RDS. Rules: RDS-BACKUP (L3393-3398, L3459-3466), RDS-AUTOSCALING (L3402-3411),
        RDS-REPLICAS (L3415-3426)."""
        s = "rds"
        default = self.v("rds.backup.default_retention_days")
        lo, hi = self.v("rds.backup.min_retention_days"), self.v("rds.backup.max_retention_days")
        off = self.v("rds.backup.disabled_retention_days")
        days = p.backup_retention_days
        if days is None:
            self.add(s, "backup retention", "pass",
                     f"AWS default {_n(default)} days ({_n(lo)}-{_n(hi)} allowed)",
                     key="rds.backup.default_retention_days")
        elif days == off:
            self.add(s, "backup retention", "warn",
                     f"{days} days disables automated backups: no point-in-time restore",
                     f"set {_n(lo)}-{_n(hi)} days (default {_n(default)})",
                     key="rds.backup.disabled_retention_days")
        elif days > hi or days < lo:
            self.add(s, "backup retention", "fail",
                     f"{days} days: automated backups keep {_n(lo)}-{_n(hi)} days",
                     f"set {_n(hi)} days and keep manual DB snapshots for longer (they are "
                     f"kept as long as you want)" if days > hi else f"set {_n(lo)}-{_n(hi)} days",
                     key="rds.backup.max_retention_days")
        else:
            self.add(s, "backup retention", "pass",
                     f"{days} days ({_n(lo)}-{_n(hi)} allowed)",
                     key="rds.backup.max_retention_days")
        self._rds_autoscaling(p)
        cap = self.v("rds.read_replicas.max")
        aurora_cap = self.v("aurora.read_replicas.max")
        if p.read_replicas > cap:
            self.add(s, "read replicas", "fail",
                     f"{p.read_replicas} read replicas: RDS allows at most {_n(cap)}",
                     f"use at most {_n(cap)}, or Aurora (up to {_n(aurora_cap)} replicas)",
                     key="rds.read_replicas.max")
        else:
            self.add(s, "read replicas", "pass",
                     f"{p.read_replicas} read replicas (at most {_n(cap)})",
                     key="rds.read_replicas.max")
        if p.cross_region_replicas:
            n_cross = _plural(p.cross_region_replicas, "cross-Region replica",
                              "cross-Region replicas")
            self.add(s, "cross-Region replicas", "warn",
                     f"{n_cross}: replication traffic between Regions is billed (same-Region "
                     f"traffic is free)",
                     "budget the inter-Region data transfer, or keep replicas in the Region",
                     rule_id="RDS-REPLICAS", notes_line="L3422-3424")

    def _rds_autoscaling(self, p: RdsPlan) -> None:
        s, check, key = "rds", "storage autoscaling", "rds.autoscaling.free_space_threshold_pct"
        rule = calc.AutoscalingRule.from_limits(self.limits, self.basis)
        used = p.allocated_storage_gib * (1 - p.free_storage_pct / 100)
        since = (math.inf if p.hours_since_last_storage_change is None
                 else p.hours_since_last_storage_change)
        horizon = months_to_hours(p.forecast_months)
        fc = calc.rds_autoscaling_forecast(
            allocated_gib=p.allocated_storage_gib, used_gib=used,
            growth_gib_per_day=p.growth_gib_per_day, hours_since_last_change=since,
            max_storage_gib=p.max_storage_gib if p.storage_autoscaling else None,
            horizon_h=horizon, rule=rule)
        months = f"{_n(p.forecast_months, 1)} months"
        thr = (f"free <= {_n(rule.free_space_threshold_pct)}% for "
               f"{_n(rule.low_storage_min_minutes)} min, {_n(rule.min_hours_since_last_change)} "
               f"h after the last change")
        used_end = fc.used_gib
        need_alloc = used_end / (1 - rule.free_space_threshold_pct / 100)
        if not p.storage_autoscaling:
            if fc.storage_full_h is not None:
                self.add(s, check, "fail",
                         f"autoscaling off: storage full in {_duration_h(fc.storage_full_h)} "
                         f"({_n(p.allocated_storage_gib)} GiB, growing "
                         f"{_n(p.growth_gib_per_day)} GiB/day)",
                         f"enable storage autoscaling with a maximum of at least "
                         f"{_n(math.ceil(need_alloc))} GiB, or allocate that now", key=key)
            else:
                self.add(s, check, "pass",
                         f"autoscaling off: {_n(used_end, 1)} of {_n(p.allocated_storage_gib)} "
                         f"GiB used after {months}", key=key)
        elif fc.storage_full_h is not None:
            why = (f"at the {_n(p.max_storage_gib or 0)} GiB maximum" if fc.reached_max else
                   "before autoscaling can act")
            self.add(s, check, "fail",
                     f"storage full in {_duration_h(fc.storage_full_h)} {why} ({thr})",
                     f"raise the maximum storage threshold to at least "
                     f"{_n(math.ceil(max(need_alloc, used_end)))} GiB and allocate more storage "
                     f"now so free space lasts past the {_n(rule.min_hours_since_last_change)} h "
                     f"wait", key=key)
        elif fc.reached_max:
            self.add(s, check, "warn",
                     f"reaches the {_n(p.max_storage_gib or 0)} GiB maximum within {months} "
                     f"({len(fc.events)} autoscaling events)",
                     f"raise the maximum storage threshold to at least "
                     f"{_n(math.ceil(need_alloc))} GiB", key=key)
        elif fc.first_trigger_h is None:
            self.add(s, check, "pass",
                     f"no autoscaling within {months}: {_n(used_end, 1)} of "
                     f"{_n(fc.allocated_gib)} GiB used ({thr})", key=key)
        else:
            self.add(s, check, "pass",
                     f"first autoscaling in {_duration_h(fc.first_trigger_h)} ({thr}); "
                     f"{len(fc.events)} events, {_n(fc.allocated_gib, 1)} GiB allocated after "
                     f"{months}", key=key)
        self.calculations["rds_autoscaling"] = {
            "first_trigger_h": fc.first_trigger_h, "storage_full_h": fc.storage_full_h,
            "reached_max": fc.reached_max, "allocated_gib_at_horizon": fc.allocated_gib,
            "used_gib_at_horizon": fc.used_gib, "horizon_h": fc.horizon_h, "events": fc.events}

    def aurora(self, p: AuroraPlan) -> None:
        """Aurora. Rules: AURORA (L3493-3520), RDS-REPLICAS (15 replicas, L3501)."""
        s = "aurora"
        cap = self.v("aurora.read_replicas.max")
        if p.read_replicas > cap:
            self.add(s, "replicas", "fail",
                     f"{p.read_replicas} Aurora Replicas: at most {_n(cap)}",
                     f"use at most {_n(cap)} replicas (larger instance classes for more reads)",
                     key="aurora.read_replicas.max")
        else:
            self.add(s, "replicas", "pass", f"{p.read_replicas} Aurora Replicas (at most "
                     f"{_n(cap)})", key="aurora.read_replicas.max")
        lo, hi = self.v("aurora.storage.min_size_gib"), self.v("aurora.storage.max_size_gib")
        if p.storage_gib > hi:
            self.add(s, "storage", "fail",
                     f"{_n(p.storage_gib)} GiB: the cluster volume grows to at most {_n(hi)} GiB",
                     "split the data over several clusters, or archive old data",
                     key="aurora.storage.max_size_gib")
        else:
            note = f", billed from the {_n(lo)} GiB start" if p.storage_gib < lo else ""
            self.add(s, "storage", "pass",
                     f"{_n(p.storage_gib)} GiB: storage grows automatically from {_n(lo)} to "
                     f"{_n(hi)} GiB{note}", key="aurora.storage.max_size_gib")
        rule = calc.AuroraRule.from_limits(self.limits, self.basis)
        if p.azs_lost > rule.azs:
            raise InputError("aurora.azs_lost", p.azs_lost, f"at most {rule.azs} (the AZs "
                             f"holding the copies)", rule_id="AURORA")
        lost = calc.aurora_copies_lost(azs_lost=p.azs_lost, extra_copies_lost=p.extra_copies_lost,
                                       rule=rule)
        can_write, can_read = calc.aurora_quorum(copies_lost=lost, rule=rule)
        left = rule.copies - lost
        parts = [_plural(p.azs_lost, "AZ", "AZs"),
                 _plural(p.extra_copies_lost, "more copy", "more copies")]
        lost_text = " and ".join(x for x in parts if x) or "nothing"
        what = f"losing {lost_text} leaves {left} of {rule.copies} copies"
        quorum = f"writes need {rule.write_quorum}, reads {rule.read_quorum}"
        if not can_read:
            self.add(s, "quorum", "fail", f"{what}: no reads or writes ({quorum})",
                     "keep a cross-Region replica or snapshots to recover from",
                     key="aurora.storage.read_quorum")
        elif p.writes_needed and not can_write:
            self.add(s, "quorum", "fail", f"{what}: reads only ({quorum})",
                     "plan a read-only mode for this failure, or fail over to a cross-Region "
                     "replica", key="aurora.storage.write_quorum")
        else:
            mode = "writes and reads" if can_write else "reads (writes not needed)"
            self.add(s, "quorum", "pass", f"{what}: {mode} continue ({quorum})",
                     key="aurora.storage.write_quorum")
        self.calculations["aurora"] = {"copies_lost": lost, "can_write": can_write,
                                       "can_read": can_read,
                                       "failures": calc.aurora_failure_table(rule)}

    # -- operations ------------------------------------------------------------------------
    def elb(self, p: ElbPlan) -> None:
        """Deregistration delay. Rule: ELB-DEREGISTRATION (notes L1200-1203)."""
        s, check = "elb", "deregistration delay"
        lo = self.v("elb.deregistration_delay.min_s")
        hi = self.v("elb.deregistration_delay.max_s")
        default = self.v("elb.deregistration_delay.default_s")
        d = p.deregistration_delay_s
        if d < lo or d > hi:
            why = (": in-flight requests are cut when a target deregisters" if d < lo else "")
            self.add(s, check, "fail",
                     f"{_n(d)} s{why}; allowed {_n(lo)}-{_n(hi)} s",
                     f"set {_n(lo)}-{_n(hi)} s (default {_n(default)} s), at least as long as "
                     f"the longest request", key="elb.deregistration_delay.max_s")
        elif p.typical_request_s is not None and d < p.typical_request_s:
            self.add(s, check, "warn",
                     f"{_n(d)} s is shorter than a typical request ({_n(p.typical_request_s)} s): "
                     f"in-flight requests are cut",
                     f"set at least {_n(math.ceil(p.typical_request_s))} s",
                     key="elb.deregistration_delay.max_s")
        else:
            hint = "; lower it for short requests to deregister faster" if d >= default else ""
            self.add(s, check, "pass",
                     f"{_n(d)} s ({_n(lo)}-{_n(hi)} s, default {_n(default)} s){hint}",
                     key="elb.deregistration_delay.max_s")

    def asg(self, p: AsgPlan) -> None:
        """Target tracking. Rule: ASG-TARGET-TRACKING (notes L1371-1381, L1478-1484)."""
        s = "asg"
        goal_key = f"asg.target_tracking.{p.goal}_pct"
        goal_pct = calc.asg_target_utilisation_pct(p.goal, self.limits, self.basis)
        target = p.target_utilisation_pct if p.target_utilisation_pct is not None else goal_pct
        if target != goal_pct:
            self.add(s, "target utilisation", "warn",
                     f"target {_n(target)}% but the {p.goal} goal uses {_n(goal_pct)}%",
                     f"set the target to {_n(goal_pct)}%, or pick the goal that matches",
                     key=goal_key)
        else:
            self.add(s, "target utilisation", "pass",
                     f"{_n(target)}% for the {p.goal} goal", key=goal_key)
        n = calc.asg_instances_needed(load=p.load, capacity_per_instance=p.capacity_per_instance,
                                      target_utilisation_pct=target)
        text = (f"{n} instances at {_n(target)}% for a load of {_n(p.load)} "
                f"({_n(p.capacity_per_instance)} per instance)")
        if p.max_size is not None and n > p.max_size:
            cost = self.v("asg.target_tracking.cost_pct")
            n_cost = calc.asg_instances_needed(load=p.load,
                                               capacity_per_instance=p.capacity_per_instance,
                                               target_utilisation_pct=cost)
            self.add(s, "instances needed", "fail", f"{text}; max size {p.max_size}",
                     f"raise the max size to at least {n} (the cost goal, {_n(cost)}%, needs "
                     f"{n_cost})", key=goal_key)
        else:
            limit = "" if p.max_size is None else f"; max size {p.max_size}"
            self.add(s, "instances needed", "pass", text + limit, key=goal_key)
        default = self.v("asg.cooldown.default_s")
        cooldown = p.cooldown_s if p.cooldown_s is not None else default
        if p.instance_warmup_s is not None and cooldown < p.instance_warmup_s:
            self.add(s, "cooldown", "warn",
                     f"cooldown {_n(cooldown)} s is shorter than the {_n(p.instance_warmup_s)} s "
                     f"warm-up: the group may scale again before new instances report metrics",
                     f"set the cooldown to at least {_n(p.instance_warmup_s)} s, or use a "
                     f"ready-to-use AMI to shorten the warm-up", key="asg.cooldown.default_s")
        else:
            self.add(s, "cooldown", "pass",
                     f"cooldown {_n(cooldown)} s (default {_n(default)} s)",
                     key="asg.cooldown.default_s")
        self.calculations["asg"] = {"target_utilisation_pct": target, "instances_needed": n}

    def cloudwatch(self, p: CloudWatchPlan) -> None:
        """Custom metric timestamps. Rule: CW-CUSTOM-METRICS (notes L3667)."""
        s = "cloudwatch"
        past_days = self.v("cloudwatch.custom_metric.max_past_days")
        past_h = past_days * HOURS_PER_DAY
        future_h = self.v("cloudwatch.custom_metric.max_future_h")
        offsets = p.data_point_offsets_h
        old = [o for o in offsets if -o > past_h]
        new = [o for o in offsets if o > future_h]
        if old:
            oldest = -min(old)
            self.add(s, "past timestamps", "fail",
                     f"{len(old)} of {len(offsets)} data points older than {_n(past_days)} days "
                     f"(oldest {_n(oldest / HOURS_PER_DAY, 1)} days): rejected by CloudWatch",
                     f"send data points within {_n(past_days)} days of their timestamp; keep "
                     f"older history elsewhere (e.g. S3)",
                     key="cloudwatch.custom_metric.max_past_days")
        else:
            oldest = max(0.0, -min(offsets))
            self.add(s, "past timestamps", "pass",
                     f"oldest data point {_duration_h(oldest)} old (at most {_n(past_days)} days)",
                     key="cloudwatch.custom_metric.max_past_days")
        if new:
            self.add(s, "future timestamps", "fail",
                     f"{len(new)} data points up to {_n(max(new), 1)} h in the future: at most "
                     f"{_n(future_h)} h", "sync the instance clock (Amazon Time Sync Service / "
                     "NTP) and stamp points when measured",
                     key="cloudwatch.custom_metric.max_future_h")
        else:
            ahead = max(0.0, max(offsets))
            self.add(s, "future timestamps", "pass",
                     f"latest data point {_n(ahead, 2)} h ahead (at most {_n(future_h)} h)",
                     key="cloudwatch.custom_metric.max_future_h")
        std = self.v("ec2.monitoring.custom_standard_resolution_s")
        high = self.v("ec2.monitoring.custom_high_resolution_s")
        every = p.send_interval_s
        line = "L3663-3665"
        if p.resolution == "standard" and every is not None and every < std:
            self.add(s, "resolution", "warn",
                     f"a point every {_n(every)} s at standard resolution: CloudWatch keeps "
                     f"{_n(std)}-second points", f"use high resolution (down to {_n(high)} s, "
                     f"higher cost), or send every {_n(std)} s",
                     key="ec2.monitoring.custom_standard_resolution_s", notes_line=line)
        elif p.resolution == "high" and every is not None and every >= std:
            self.add(s, "resolution", "warn",
                     f"high resolution costs more but a point every {_n(every)} s fits "
                     f"standard resolution ({_n(std)} s)", "use standard resolution",
                     key="ec2.monitoring.custom_high_resolution_s", notes_line=line)
        else:
            got = std if p.resolution == "standard" else high
            sent = "" if every is None else f"a point every {_n(every)} s, "
            self.add(s, "resolution", "pass",
                     f"{sent}{p.resolution} resolution ({_n(got)} s)",
                     key=f"ec2.monitoring.custom_{p.resolution}_resolution_s", notes_line=line)

    def ssm(self, p: SsmPlan) -> None:
        """Parameter Store tiers. Rule: SSM-PARAMETER-TIERS (notes L957-969)."""
        s = "ssm"
        std_max, adv_max = self.v("ssm.standard.max_parameters"), self.v(
            "ssm.advanced.max_parameters")
        std_kb, adv_kb = self.v("ssm.standard.max_size_kb"), self.v("ssm.advanced.max_size_kb")
        usd = self.v("ssm.advanced.usd_per_parameter_month")

        def cost(n: float) -> str:
            total = calc.ssm_advanced_usd_per_month(parameters=n, usd_per_parameter_month=usd)
            return f"{_n(n)} x ${_n(usd)} = ${total:,.2f} per month"

        n = p.parameters
        if p.tier == "standard":
            if n > std_max:
                over = n - std_max
                self.add(s, "parameter count", "fail",
                         f"{_n(n)} standard parameters: at most {_n(std_max)} per account and "
                         f"Region", f"move {_n(over)} to the Advanced tier ({cost(over)}; "
                         f"Advanced holds {_n(adv_max)})", key="ssm.standard.max_parameters")
            else:
                self.add(s, "parameter count", "pass",
                         f"{_n(n)} standard parameters (at most {_n(std_max)}, free)",
                         key="ssm.standard.max_parameters")
        elif n > adv_max:
            self.add(s, "parameter count", "fail",
                     f"{_n(n)} advanced parameters: at most {_n(adv_max)} per account and Region",
                     "split the parameters over several accounts or Regions",
                     key="ssm.advanced.max_parameters")
        else:
            self.add(s, "parameter count", "pass",
                     f"{_n(n)} advanced parameters (at most {_n(adv_max)}): {cost(n)}",
                     key="ssm.advanced.usd_per_parameter_month")
        cap_kb = std_kb if p.tier == "standard" else adv_kb
        size_key = f"ssm.{p.tier}.max_size_kb"
        if p.largest_value_kb > cap_kb:
            fix = (f"use the Advanced tier for it ({_n(adv_kb)} KB, ${_n(usd)} per "
                   f"parameter-month)" if p.largest_value_kb <= adv_kb else
                   "store the value in S3 or Secrets Manager and keep a reference in the "
                   "parameter")
            self.add(s, "value size", "fail",
                     f"a {_n(p.largest_value_kb)} KB value: the {p.tier} tier holds at most "
                     f"{_n(cap_kb)} KB", fix, key=size_key)
        else:
            self.add(s, "value size", "pass",
                     f"largest value {_n(p.largest_value_kb)} KB (at most {_n(cap_kb)} KB)",
                     key=size_key)
        if p.needs_policies and p.tier == "standard":
            self.add(s, "parameter policies", "fail",
                     "parameter policies (TTL, forced update) need the Advanced tier",
                     f"use the Advanced tier for those parameters (${_n(usd)} per "
                     f"parameter-month)", rule_id="SSM-PARAMETER-TIERS", notes_line="L961-971")
        elif p.needs_policies:
            self.add(s, "parameter policies", "pass", "Advanced tier: parameter policies "
                     "available", rule_id="SSM-PARAMETER-TIERS", notes_line="L967-971")


_SECTION_CHECKS: dict[str, Callable[[_Checker, Any], None]] = {
    "placement_group": _Checker.placement_group,
    "hibernation": _Checker.hibernation,
    "networking": _Checker.networking,
    "monitoring": _Checker.monitoring,
    "spot_fleet": _Checker.spot_fleet,
    "multi_attach": _Checker.multi_attach,
    "ebs_resize": _Checker.ebs_resize,
    "lambda_async": _Checker.lambda_async,
    "presigned_url": _Checker.presigned_url,
    "s3": _Checker.s3,
    "rds": _Checker.rds,
    "aurora": _Checker.aurora,
    "elb": _Checker.elb,
    "asg": _Checker.asg,
    "cloudwatch": _Checker.cloudwatch,
    "ssm": _Checker.ssm,
}


def run_checks(plan: Plan, *, catalog: Catalog | None = None,
               basis: Basis = "aws_today") -> CheckReport:
    """Check every section of ``plan`` against the limits.

    Parameters
    ----------
    plan : Plan
        The validated plan.
    catalog : Catalog, optional
        Where the limits and instance specs come from (default: the active catalog).
    basis : {"aws_today", "notes"}
        Use AWS's figures of today (default) or the notes' figures where they differ.

    Returns
    -------
    CheckReport
        ``.table`` is the DataFrame of results (one row per check), ``.calculations`` the
        calculators' workings per section.

    Raises
    ------
    InputError
        A name in the plan is unknown to the catalog (e.g. an instance type).

    Notes
    -----
    Rules: EC2-PLACEMENT, EC2-HIBERNATE, EC2-ENA, EC2-MONITORING, EC2-SPOT-FLEET,
    EBS-MULTI-ATTACH, EBS-RESIZE, LAMBDA-ASYNC-RETRY, LAMBDA-TIMEOUT, S3-PRESIGNED,
    S3-DURABILITY, S3-AVAILABILITY, RDS-BACKUP, RDS-AUTOSCALING, RDS-REPLICAS, AURORA,
    ELB-DEREGISTRATION, ASG-TARGET-TRACKING, CW-CUSTOM-METRICS, SSM-PARAMETER-TIERS.
    """
    checker = _Checker(catalog or active_catalog(), basis)
    for name, check in _SECTION_CHECKS.items():
        section = getattr(plan, name)
        if section is not None:
            check(checker, section)
    return CheckReport(tuple(checker.results), checker.calculations, basis)
