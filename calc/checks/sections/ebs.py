"""EBS plan sections: Multi-Attach and resize. Rules: EBS-MULTI-ATTACH, EBS-RESIZE (and the
size range of each volume type's rule).
"""

from __future__ import annotations

import math

from calc.checks.findings import CheckContext, Findings
from calc.checks.messages import num
from calc.checks.models import EbsResizePlan, MultiAttachPlan
from calc.checks.registry import section_check
from calc.checks.results import SectionChecks

# Volume types the notes allow for Multi-Attach (rule EBS-MULTI-ATTACH, L2613): names.
MULTI_ATTACH_VOLUME_TYPES = ("io1", "io2")


@section_check("multi_attach")
def multi_attach(p: MultiAttachPlan, ctx: CheckContext) -> SectionChecks:
    """EBS Multi-Attach. Rule: EBS-MULTI-ATTACH (notes L2611-2618)."""
    s, key = "multi_attach", "ebs.multi_attach.max_instances"
    out = Findings(s, ctx)
    if p.volume_type in MULTI_ATTACH_VOLUME_TYPES:
        out.add("volume type", "pass", f"{p.volume_type} supports Multi-Attach",
                key=key, notes_line="L2613")
    else:
        out.add("volume type", "fail",
                f"{p.volume_type} cannot be multi-attached: io1 and io2 only",
                "use an io2 (or io1) volume, or EFS for shared file storage",
                key=key, notes_line="L2613")
    if p.azs > 1:
        out.add("same AZ", "fail",
                f"the instances run in {p.azs} AZs: Multi-Attach works within one AZ",
                "put every attached instance in the volume's AZ, or use EFS across AZs",
                key=key)
    else:
        out.add("same AZ", "pass", "all instances in the volume's AZ", key=key)
    cap = ctx.value(key)
    if p.instances > cap:
        out.add("instances", "fail",
                f"{p.instances} instances: a volume attaches to at most {num(cap)}",
                f"use {math.ceil(p.instances / cap)} volumes (at most {num(cap)} instances "
                f"each) or EFS", key=key)
    else:
        out.add("instances", "pass",
                f"{p.instances} instances (at most {num(cap)}); they need a cluster-aware "
                f"file system", key=key)
    return out.done()


@section_check("ebs_resize")
def ebs_resize(p: EbsResizePlan, ctx: CheckContext) -> SectionChecks:
    """EBS resize. Rule: EBS-RESIZE (notes L2622-2633); size range from the type's rule."""
    s = "ebs_resize"
    out = Findings(s, ctx)
    old, new = p.current_size_gib, p.new_size_gib
    if new < old:
        out.add("direction", "fail",
                f"{p.volume_type} {num(old)} -> {num(new)} GiB: EBS volumes can only grow",
                f"create a new {num(new)} GiB volume, copy the data and swap it in",
                rule_id="EBS-RESIZE", notes_line="L2629")
    elif new == old:
        out.add("direction", "pass", f"{num(old)} GiB: no change",
                rule_id="EBS-RESIZE", notes_line="L2622-2633")
    else:
        out.add("direction", "pass",
                f"{num(old)} -> {num(new)} GiB: grows in place; then extend the partition "
                f"(growpart) and the file system", rule_id="EBS-RESIZE",
                notes_line="L2622-2626")
    lo_key, hi_key = f"ebs.{p.volume_type}.min_size_gib", f"ebs.{p.volume_type}.max_size_gib"
    lo, hi = ctx.value(lo_key), ctx.value(hi_key)
    if new > hi:
        out.add("size range", "fail",
                f"{p.volume_type} {num(new)} GiB: at most {num(hi)} GiB",
                f"stay at or under {num(hi)} GiB, or stripe several volumes (RAID 0 / LVM)",
                key=hi_key)
    elif new < lo:
        out.add("size range", "fail",
                f"{p.volume_type} {num(new)} GiB: at least {num(lo)} GiB",
                f"use at least {num(lo)} GiB", key=lo_key)
    else:
        out.add("size range", "pass",
                f"{p.volume_type} {num(new)} GiB within {num(lo)}-{num(hi)} GiB", key=hi_key)
    return out.done()
