"""EC2 plan sections: placement group, hibernation, enhanced networking, monitoring,
Spot Fleet. Rules: EC2-PLACEMENT, EC2-HIBERNATE (and EBS-BOOT for its root volume), EC2-ENA,
EC2-MONITORING, EC2-SPOT-FLEET.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from calc.checks.findings import CheckContext, Findings
from calc.checks.messages import num
from calc.checks.models import (
    HibernationPlan,
    MonitoringPlan,
    NetworkingPlan,
    PlacementGroupPlan,
    SpotFleetPlan,
)
from calc.checks.registry import section_check
from calc.checks.results import SectionChecks
from calc.errors import InputError
from calc.pricing import Catalog
from calc.units import gb_to_gib, gib_to_gb

# Volume types the notes allow as boot volumes (rule EBS-BOOT, L2608): names, not figures.
BOOT_VOLUME_TYPES = ("gp2", "gp3", "io1", "io2")


@section_check("placement_group")
def placement_group(p: PlacementGroupPlan, ctx: CheckContext) -> SectionChecks:
    """Placement groups. Rule: EC2-PLACEMENT (notes L251-277)."""
    s = "placement_group"
    out = Findings(s, ctx)
    if p.strategy == "spread":
        cap = ctx.value("ec2.placement.spread_max_per_az")
        n = p.instances_per_az
        if n > cap:
            groups = math.ceil(n / cap)
            out.add("spread: instances per AZ", "fail",
                    f"{n} instances per AZ in a spread group: at most {num(cap)} per AZ "
                    f"per group",
                    f"use {groups} spread groups (at most {num(cap)} per AZ each), or a "
                    f"partition group", key="ec2.placement.spread_max_per_az")
        else:
            out.add("spread: instances per AZ", "pass",
                    f"{n} instances per AZ in a spread group (at most {num(cap)})",
                    key="ec2.placement.spread_max_per_az")
    elif p.strategy == "partition":
        cap = ctx.value("ec2.placement.partition_max_per_az")
        k = p.partitions_per_az
        if k is not None and k > cap:
            out.add("partition: partitions per AZ", "fail",
                    f"{k} partitions per AZ: at most {num(cap)}",
                    f"use at most {num(cap)} partitions per AZ; spread the group over "
                    f"more AZs for more partitions", key="ec2.placement.partition_max_per_az")
        else:
            shown = "not given" if k is None else str(k)
            out.add("partition: partitions per AZ", "pass",
                    f"partitions per AZ {shown} (at most {num(cap)}); partitions scale to "
                    f"hundreds of instances", key="ec2.placement.partition_max_per_az")
    else:
        cap = ctx.value("ec2.placement.cluster_max_azs")
        gbps = ctx.value("ec2.placement.cluster_bandwidth_gbps")
        if p.azs > cap:
            out.add("cluster: AZs", "fail",
                    f"a cluster group spans {p.azs} AZs: it lives in {num(cap)} AZ",
                    "create one cluster group per AZ, or use a spread or partition group "
                    "across AZs", key="ec2.placement.cluster_max_azs")
        else:
            out.add("cluster: AZs", "pass",
                    f"cluster group in one AZ: {num(gbps)} Gbps between instances, but one "
                    f"rack failure hits them all", key="ec2.placement.cluster_max_azs")
    return out.done()


def _ram_gib(p: HibernationPlan, catalog: Catalog) -> tuple[float, dict[str, Any] | None]:
    """The RAM to hibernate [GiB] (given, or the instance type's) and the type's spec."""
    spec = None
    if p.instance_type is not None:
        spec = catalog.ec2_instance(p.instance_type, field="hibernation.instance_type")
    if p.ram_gib is not None:
        return p.ram_gib, spec
    assert spec is not None  # the model requires instance_type or ram_gib
    ram = spec.get("memory_gib")
    if ram is None or not np.isfinite(ram):
        raise InputError("hibernation.ram_gib", None, f"the snapshot has no memory figure "
                         f"for {p.instance_type}; give ram_gib", rule_id="EC2-HIBERNATE")
    return float(ram), spec


def _smaller_in_family(catalog: Catalog, family: str, max_gb: float) -> str:
    """The family's largest instance type with less than ``max_gb`` of RAM, as a hint."""
    t = catalog.ec2_instances()
    ram_gb = gib_to_gb(t["memory_gib"].to_numpy(dtype=float))
    rows = t[(t["family"] == family) & (ram_gb < max_gb)]
    if rows.empty:
        return ""
    best = rows.sort_values("memory_gib").iloc[-1]
    return f", e.g. {best['instance_type']} ({num(float(best['memory_gib']))} GiB)"


@section_check("hibernation")
def hibernation(p: HibernationPlan, ctx: CheckContext) -> SectionChecks:
    """Hibernation. Rule: EC2-HIBERNATE (notes L627-637: Linux RAM under 150 GB; AWS today,
    EC2 User Guide hibernation prerequisites: Windows RAM up to 16 GB); root volume type
    EBS-BOOT."""
    s = "hibernation"
    out = Findings(s, ctx)
    ram_gib, spec = _ram_gib(p, ctx.catalog)
    ram_gb = gib_to_gb(ram_gib)
    what = p.instance_type or "the instance"
    ram_text = f"{num(ram_gib, 1)} GiB ({num(ram_gb, 1)} GB)"
    if p.os == "windows":
        # EC2 User Guide, hibernation prerequisites (Windows): "Can be up to 16 GB"
        win_gb = ctx.value("ec2.hibernate.windows_max_ram_gb")
        if ram_gb > win_gb:
            out.add("RAM size", "fail",
                    f"{what} has {ram_text} of RAM: a Windows instance hibernates with at "
                    f"most {num(win_gb)} GB", f"choose an instance type with at most "
                    f"{num(win_gb)} GB ({num(gb_to_gib(win_gb), 1)} GiB) of RAM",
                    key="ec2.hibernate.windows_max_ram_gb")
        else:
            out.add("RAM size", "pass",
                    f"{what} has {ram_text} of RAM (Windows: at most {num(win_gb)} GB)",
                    key="ec2.hibernate.windows_max_ram_gb")
    else:
        max_gb = ctx.value("ec2.hibernate.max_ram_gb")
        if ram_gb >= max_gb:
            alt = _smaller_in_family(ctx.catalog, str(spec["family"]), max_gb) if spec else ""
            out.add("RAM size", "fail",
                    f"{what} has {ram_text} of RAM: hibernation needs less than "
                    f"{num(max_gb)} GB",
                    f"choose an instance type with less than {num(max_gb)} GB "
                    f"({num(gb_to_gib(max_gb), 1)} GiB) of RAM{alt}",
                    key="ec2.hibernate.max_ram_gb")
        else:
            out.add("RAM size", "pass",
                    f"{what} has {ram_text} of RAM (less than {num(max_gb)} GB)",
                    key="ec2.hibernate.max_ram_gb")
    if spec is not None and spec.get("bare_metal") == "yes":
        out.add("bare metal", "fail",
                f"{what} is a bare metal instance: bare metal cannot hibernate",
                "choose a virtualised size of the family", rule_id="EC2-HIBERNATE",
                notes_line="L634")
    if p.root_volume_type == "instance-store":
        out.add("root volume type", "fail",
                "the root volume is instance store: the RAM is saved to an EBS root volume",
                f"use an EBS root volume ({', '.join(BOOT_VOLUME_TYPES)})",
                rule_id="EC2-HIBERNATE", notes_line="L629-630")
    elif p.root_volume_type not in BOOT_VOLUME_TYPES:
        out.add("root volume type", "fail",
                f"{p.root_volume_type} cannot be a boot (root) volume",
                f"use {', '.join(BOOT_VOLUME_TYPES)} for the root volume",
                rule_id="EBS-BOOT", notes_line="L2608")
    else:
        out.add("root volume type", "pass",
                f"{p.root_volume_type} EBS root volume holds the RAM image",
                rule_id="EC2-HIBERNATE", notes_line="L629-630")
    if p.root_volume_encrypted:
        out.add("root volume encrypted", "pass", "the root EBS volume is encrypted",
                rule_id="EC2-HIBERNATE", notes_line="L630")
    else:
        out.add("root volume encrypted", "fail",
                "the root EBS volume is not encrypted: hibernation needs an encrypted root",
                "launch from an encrypted AMI or turn on EBS encryption by default",
                rule_id="EC2-HIBERNATE", notes_line="L630")
    if p.root_volume_size_gib < ram_gib:
        out.add("root volume size", "fail",
                f"root volume {num(p.root_volume_size_gib)} GiB is smaller than the "
                f"{num(ram_gib, 1)} GiB of RAM it must hold",
                f"make the root volume at least {num(math.ceil(ram_gib))} GiB plus the "
                f"space the OS and applications use", rule_id="EC2-HIBERNATE",
                notes_line="L629-630")
    else:
        out.add("root volume size", "pass",
                f"root volume {num(p.root_volume_size_gib)} GiB holds the {num(ram_gib, 1)} "
                f"GiB of RAM (leave room for the OS too)", rule_id="EC2-HIBERNATE",
                notes_line="L629-630")
    max_days = ctx.value("ec2.hibernate.max_days")
    if p.days_hibernated > max_days:
        out.add("days hibernated", "fail",
                f"hibernated {num(p.days_hibernated)} days: at most {num(max_days)} days",
                f"start the instance within {num(max_days)} days (then hibernate it again), "
                f"or stop it instead and lose the RAM state", key="ec2.hibernate.max_days")
    else:
        out.add("days hibernated", "pass",
                f"hibernated {num(p.days_hibernated)} days (at most {num(max_days)})",
                key="ec2.hibernate.max_days")
    return out.done()


def _baseline_gbps(catalog: Catalog, instance_type: str | None) -> float | None:
    """The instance type's baseline network bandwidth [Gbit/s], None if unknown or not given."""
    if instance_type is None:
        return None
    spec = catalog.ec2_instance(instance_type, field="networking.instance_type")
    bw = spec.get("network_baseline_bandwidth_gbps")
    return float(bw) if bw is not None and np.isfinite(bw) else None


@section_check("networking")
def networking(p: NetworkingPlan, ctx: CheckContext) -> SectionChecks:
    """Enhanced networking. Rule: EC2-ENA (notes L225-230: ENA up to 100 Gbps). An instance
    type whose baseline bandwidth in the catalog is above that (134 types in the 2026-11
    snapshot, up to 400 Gbps) is held to its own figure, not to the notes' 100 Gbps."""
    s = "networking"
    out = Findings(s, ctx)
    key = "ec2.ena.max_gbps" if p.adapter == "ena" else "ec2.intel_82599_vf.max_gbps"
    cap = ctx.value(key)
    name = "ENA" if p.adapter == "ena" else "Intel 82599 VF"
    bw = _baseline_gbps(ctx.catalog, p.instance_type)
    if p.adapter == "ena" and bw is not None and bw > cap:
        # the catalog (EC2 DescribeInstanceTypes, NetworkInfo) gives ENA instance types above
        # the notes' 100 Gbps (e.g. i8ge.18xlarge 112.5 Gbps): the instance's figure wins
        cap, name = bw, f"ENA on {p.instance_type}"
    if p.required_gbps > cap:
        ena = ctx.value("ec2.ena.max_gbps")
        fix = (f"use ENA (up to {num(ena)} Gbps) on an instance type that offers it"
               if p.adapter != "ena" and p.required_gbps <= ena else
               f"spread the traffic over several instances (at most {num(cap)} Gbps each)")
        out.add("enhanced networking bandwidth", "fail",
                f"{num(p.required_gbps)} Gbps needed: {name} gives at most {num(cap)} Gbps",
                fix, key=key)
    else:
        out.add("enhanced networking bandwidth", "pass",
                f"{num(p.required_gbps)} Gbps needed: {name} gives up to {num(cap)} Gbps",
                key=key)
    if p.instance_type is not None:
        spec = ctx.catalog.ec2_instance(p.instance_type, field="networking.instance_type")
        if bw is not None:
            if p.required_gbps > bw:
                out.add("instance bandwidth", "warn",
                        f"{p.instance_type} has a baseline of {num(float(bw))} Gbps "
                        f"({spec.get('network_performance', '')}); "
                        f"{num(p.required_gbps)} Gbps needed",
                        f"choose an instance type with at least {num(p.required_gbps)} Gbps "
                        f"baseline bandwidth", key=key)
            else:
                out.add("instance bandwidth", "pass",
                        f"{p.instance_type} has a baseline of {num(float(bw))} Gbps",
                        key=key)
    return out.done()


@section_check("monitoring")
def monitoring(p: MonitoringPlan, ctx: CheckContext) -> SectionChecks:
    """EC2 monitoring. Rule: EC2-MONITORING (notes L486-508)."""
    s = "monitoring"
    out = Findings(s, ctx)
    basic = ctx.value("ec2.monitoring.basic_interval_s")
    detailed = ctx.value("ec2.monitoring.detailed_interval_s")
    high = ctx.value("ec2.monitoring.custom_high_resolution_s")
    need = p.needed_interval_s
    check = "metric interval"
    if need < high:
        out.add(check, "fail",
                f"a point every {num(need)} s: CloudWatch resolution is {num(high)} s at best",
                f"aggregate on the instance and push a high-resolution custom metric "
                f"({num(high)} s)", key="ec2.monitoring.custom_high_resolution_s")
    elif need < detailed:
        out.add(check, "fail",
                f"a point every {num(need)} s: EC2 metrics come every {num(detailed)} s at "
                f"best (detailed monitoring)",
                f"push a high-resolution custom metric (down to {num(high)} s)",
                key="ec2.monitoring.detailed_interval_s")
    elif need < basic and not p.detailed_monitoring:
        out.add(check, "fail",
                f"a point every {num(need)} s: basic monitoring gives one every {num(basic)} s",
                f"enable detailed monitoring ({num(detailed)} s, paid)",
                key="ec2.monitoring.basic_interval_s")
    elif need >= basic and p.detailed_monitoring:
        out.add(check, "warn",
                f"detailed monitoring ({num(detailed)} s) is paid but a point every "
                f"{num(need)} s is enough for basic monitoring ({num(basic)} s, free)",
                "turn detailed monitoring off", key="ec2.monitoring.basic_interval_s")
    else:
        mode = "detailed" if p.detailed_monitoring else "basic"
        got = detailed if p.detailed_monitoring else basic
        out.add(check, "pass",
                f"a point every {num(need)} s: {mode} monitoring gives one every {num(got)} s",
                key=f"ec2.monitoring.{mode}_interval_s")
    if p.needs_memory_metric:
        std = ctx.value("ec2.monitoring.custom_standard_resolution_s")
        out.add("memory metric", "warn",
                "RAM usage is not an EC2 metric",
                f"install the CloudWatch agent and push RAM as a custom metric "
                f"({num(std)} s standard or {num(high)} s high resolution)",
                rule_id="EC2-MONITORING", notes_line="L502-506")
    return out.done()


@section_check("spot_fleet")
def spot_fleet(p: SpotFleetPlan, ctx: CheckContext) -> SectionChecks:
    """Spot Fleet allocation strategy. Rule: EC2-SPOT-FLEET (notes L440-450)."""
    s, check, rid, line = "spot_fleet", "allocation strategy", "EC2-SPOT-FLEET", "L446-449"
    out = Findings(s, ctx)
    if p.allocation_strategy == "diversified" and p.launch_pools < 2:
        out.add(check, "warn",
                "diversified over 1 launch pool: nothing to diversify, one interruption "
                "hits the whole fleet",
                "add launch pools (more instance types or AZs)", rule_id=rid,
                notes_line=line)
    elif p.allocation_strategy == "lowestPrice" and p.workload == "long":
        out.add(check, "warn",
                f"lowestPrice draws from the cheapest pool of {p.launch_pools}: suited to "
                f"short workloads, an interruption there hits a long-running fleet at once",
                "use diversified (availability, long workloads) or capacityOptimized",
                rule_id=rid, notes_line=line)
    else:
        out.add(check, "pass",
                f"{p.allocation_strategy} over {p.launch_pools} launch pools for a "
                f"{p.workload} workload", rule_id=rid, notes_line=line)
    return out.done()
