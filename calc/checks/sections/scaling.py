"""Load balancing and scaling plan sections: ELB deregistration delay, ASG target tracking.
Rules: ELB-DEREGISTRATION, ASG-TARGET-TRACKING.
"""

from __future__ import annotations

import math

from calc.checks.asg import asg_instances_needed, asg_target_utilisation_pct
from calc.checks.findings import CheckContext, Findings
from calc.checks.messages import num
from calc.checks.models import AsgPlan, ElbPlan
from calc.checks.registry import section_check
from calc.checks.results import SectionChecks


@section_check("elb")
def elb(p: ElbPlan, ctx: CheckContext) -> SectionChecks:
    """Deregistration delay. Rule: ELB-DEREGISTRATION (notes L1200-1203: 1-3,600 s, default
    300 s). AWS today (ELB API reference, TargetGroupAttribute deregistration_delay.timeout_seconds:
    "The range is 0-3600 seconds"): 0 is allowed and turns the delay off, a warning, not a
    failure; between 0 and 1 s (fractions) fails."""
    s, check = "elb", "deregistration delay"
    out = Findings(s, ctx)
    lo = ctx.value("elb.deregistration_delay.min_s")
    hi = ctx.value("elb.deregistration_delay.max_s")
    default = ctx.value("elb.deregistration_delay.default_s")
    off = ctx.value("elb.deregistration_delay.disabled_s")
    d = p.deregistration_delay_s
    if d == off:
        out.add(check, "warn",
                f"{num(d)} s turns the deregistration delay off: in-flight requests are cut "
                f"when a target deregisters",
                f"set {num(lo)}-{num(hi)} s (default {num(default)} s), at least as long as "
                f"the longest request", key="elb.deregistration_delay.disabled_s")
    elif d < lo or d > hi:
        out.add(check, "fail",
                f"{num(d)} s; allowed {num(off)} (off) or {num(lo)}-{num(hi)} s",
                f"set {num(lo)}-{num(hi)} s (default {num(default)} s), at least as long as "
                f"the longest request", key="elb.deregistration_delay.max_s")
    elif p.typical_request_s is not None and d < p.typical_request_s:
        out.add(check, "warn",
                f"{num(d)} s is shorter than a typical request ({num(p.typical_request_s)} s): "
                f"in-flight requests are cut",
                f"set at least {num(math.ceil(p.typical_request_s))} s",
                key="elb.deregistration_delay.max_s")
    else:
        hint = "; lower it for short requests to deregister faster" if d >= default else ""
        out.add(check, "pass",
                f"{num(d)} s ({num(lo)}-{num(hi)} s, default {num(default)} s){hint}",
                key="elb.deregistration_delay.max_s")
    return out.done()


@section_check("asg")
def asg(p: AsgPlan, ctx: CheckContext) -> SectionChecks:
    """Target tracking. Rule: ASG-TARGET-TRACKING (notes L1371-1381, L1478-1484)."""
    s = "asg"
    out = Findings(s, ctx)
    goal_key = f"asg.target_tracking.{p.goal}_pct"
    goal_pct = asg_target_utilisation_pct(p.goal, ctx.limits, ctx.basis)
    target = p.target_utilisation_pct if p.target_utilisation_pct is not None else goal_pct
    if target != goal_pct:
        out.add("target utilisation", "warn",
                f"target {num(target)}% but the {p.goal} goal uses {num(goal_pct)}%",
                f"set the target to {num(goal_pct)}%, or pick the goal that matches",
                key=goal_key)
    else:
        out.add("target utilisation", "pass",
                f"{num(target)}% for the {p.goal} goal", key=goal_key)
    n = asg_instances_needed(load=p.load, capacity_per_instance=p.capacity_per_instance,
                             target_utilisation_pct=target)
    text = (f"{n} instances at {num(target)}% for a load of {num(p.load)} "
            f"({num(p.capacity_per_instance)} per instance)")
    if p.max_size is not None and n > p.max_size:
        cost = ctx.value("asg.target_tracking.cost_pct")
        n_cost = asg_instances_needed(load=p.load,
                                      capacity_per_instance=p.capacity_per_instance,
                                      target_utilisation_pct=cost)
        out.add("instances needed", "fail", f"{text}; max size {p.max_size}",
                f"raise the max size to at least {n} (the cost goal, {num(cost)}%, needs "
                f"{n_cost})", key=goal_key)
    else:
        limit = "" if p.max_size is None else f"; max size {p.max_size}"
        out.add("instances needed", "pass", text + limit, key=goal_key)
    default = ctx.value("asg.cooldown.default_s")
    cooldown = p.cooldown_s if p.cooldown_s is not None else default
    if p.instance_warmup_s is not None and cooldown < p.instance_warmup_s:
        out.add("cooldown", "warn",
                f"cooldown {num(cooldown)} s is shorter than the {num(p.instance_warmup_s)} s "
                f"warm-up: the group may scale again before new instances report metrics",
                f"set the cooldown to at least {num(p.instance_warmup_s)} s, or use a "
                f"ready-to-use AMI to shorten the warm-up", key="asg.cooldown.default_s")
    else:
        out.add("cooldown", "pass",
                f"cooldown {num(cooldown)} s (default {num(default)} s)",
                key="asg.cooldown.default_s")
    out.calculations["asg"] = {"target_utilisation_pct": target, "instances_needed": n}
    return out.done()
