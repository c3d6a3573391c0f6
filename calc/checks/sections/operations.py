"""Operations plan sections: CloudWatch custom metric timestamps, SSM Parameter Store tiers.
Rules: CW-CUSTOM-METRICS (and the resolutions of EC2-MONITORING), SSM-PARAMETER-TIERS.
"""

from __future__ import annotations

from calc.checks.findings import CheckContext, Findings
from calc.checks.messages import duration_h, num
from calc.checks.models import CloudWatchPlan, SsmPlan
from calc.checks.registry import section_check
from calc.checks.results import SectionChecks
from calc.checks.ssm_parameters import ssm_advanced_usd_per_month
from calc.units import HOURS_PER_DAY


@section_check("cloudwatch")
def cloudwatch(p: CloudWatchPlan, ctx: CheckContext) -> SectionChecks:
    """Custom metric timestamps. Rule: CW-CUSTOM-METRICS (notes L3667)."""
    s = "cloudwatch"
    out = Findings(s, ctx)
    past_days = ctx.value("cloudwatch.custom_metric.max_past_days")
    past_h = past_days * HOURS_PER_DAY
    future_h = ctx.value("cloudwatch.custom_metric.max_future_h")
    offsets = p.data_point_offsets_h
    old = [o for o in offsets if -o > past_h]
    new = [o for o in offsets if o > future_h]
    if old:
        oldest = -min(old)
        out.add("past timestamps", "fail",
                f"{len(old)} of {len(offsets)} data points older than {num(past_days)} days "
                f"(oldest {num(oldest / HOURS_PER_DAY, 1)} days): rejected by CloudWatch",
                f"send data points within {num(past_days)} days of their timestamp; keep "
                f"older history elsewhere (e.g. S3)",
                key="cloudwatch.custom_metric.max_past_days")
    else:
        oldest = max(0.0, -min(offsets))
        out.add("past timestamps", "pass",
                f"oldest data point {duration_h(oldest)} old (at most {num(past_days)} days)",
                key="cloudwatch.custom_metric.max_past_days")
    if new:
        out.add("future timestamps", "fail",
                f"{len(new)} data points up to {num(max(new), 1)} h in the future: at most "
                f"{num(future_h)} h", "sync the instance clock (Amazon Time Sync Service / "
                "NTP) and stamp points when measured",
                key="cloudwatch.custom_metric.max_future_h")
    else:
        ahead = max(0.0, max(offsets))
        out.add("future timestamps", "pass",
                f"latest data point {num(ahead, 2)} h ahead (at most {num(future_h)} h)",
                key="cloudwatch.custom_metric.max_future_h")
    std = ctx.value("ec2.monitoring.custom_standard_resolution_s")
    high = ctx.value("ec2.monitoring.custom_high_resolution_s")
    every = p.send_interval_s
    line = "L3663-3665"
    if p.resolution == "standard" and every is not None and every < std:
        out.add("resolution", "warn",
                f"a point every {num(every)} s at standard resolution: CloudWatch keeps "
                f"{num(std)}-second points", f"use high resolution (down to {num(high)} s, "
                f"higher cost), or send every {num(std)} s",
                key="ec2.monitoring.custom_standard_resolution_s", notes_line=line)
    elif p.resolution == "high" and every is not None and every >= std:
        out.add("resolution", "warn",
                f"high resolution costs more but a point every {num(every)} s fits "
                f"standard resolution ({num(std)} s)", "use standard resolution",
                key="ec2.monitoring.custom_high_resolution_s", notes_line=line)
    else:
        got = std if p.resolution == "standard" else high
        sent = "" if every is None else f"a point every {num(every)} s, "
        out.add("resolution", "pass",
                f"{sent}{p.resolution} resolution ({num(got)} s)",
                key=f"ec2.monitoring.custom_{p.resolution}_resolution_s", notes_line=line)
    return out.done()


@section_check("ssm")
def ssm(p: SsmPlan, ctx: CheckContext) -> SectionChecks:
    """Parameter Store tiers. Rule: SSM-PARAMETER-TIERS (notes L957-969)."""
    s = "ssm"
    out = Findings(s, ctx)
    std_max, adv_max = ctx.value("ssm.standard.max_parameters"), ctx.value(
        "ssm.advanced.max_parameters")
    std_kb, adv_kb = ctx.value("ssm.standard.max_size_kb"), ctx.value("ssm.advanced.max_size_kb")
    usd = ctx.value("ssm.advanced.usd_per_parameter_month")

    def cost(n: float) -> str:
        total = ssm_advanced_usd_per_month(parameters=n, usd_per_parameter_month=usd)
        return f"{num(n)} x ${num(usd)} = ${total:,.2f} per month"

    n = p.parameters
    if p.tier == "standard":
        if n > std_max:
            over = n - std_max
            out.add("parameter count", "fail",
                    f"{num(n)} standard parameters: at most {num(std_max)} per account and "
                    f"Region", f"move {num(over)} to the Advanced tier ({cost(over)}; "
                    f"Advanced holds {num(adv_max)})", key="ssm.standard.max_parameters")
        else:
            out.add("parameter count", "pass",
                    f"{num(n)} standard parameters (at most {num(std_max)}, free)",
                    key="ssm.standard.max_parameters")
    elif n > adv_max:
        out.add("parameter count", "fail",
                f"{num(n)} advanced parameters: at most {num(adv_max)} per account and Region",
                "split the parameters over several accounts or Regions",
                key="ssm.advanced.max_parameters")
    else:
        out.add("parameter count", "pass",
                f"{num(n)} advanced parameters (at most {num(adv_max)}): {cost(n)}",
                key="ssm.advanced.usd_per_parameter_month")
    cap_kb = std_kb if p.tier == "standard" else adv_kb
    size_key = f"ssm.{p.tier}.max_size_kb"
    if p.largest_value_kb > cap_kb:
        fix = (f"use the Advanced tier for it ({num(adv_kb)} KB, ${num(usd)} per "
               f"parameter-month)" if p.largest_value_kb <= adv_kb else
               "store the value in S3 or Secrets Manager and keep a reference in the "
               "parameter")
        out.add("value size", "fail",
                f"a {num(p.largest_value_kb)} KB value: the {p.tier} tier holds at most "
                f"{num(cap_kb)} KB", fix, key=size_key)
    else:
        out.add("value size", "pass",
                f"largest value {num(p.largest_value_kb)} KB (at most {num(cap_kb)} KB)",
                key=size_key)
    if p.needs_policies and p.tier == "standard":
        out.add("parameter policies", "fail",
                "parameter policies (TTL, forced update) need the Advanced tier",
                f"use the Advanced tier for those parameters (${num(usd)} per "
                f"parameter-month)", rule_id="SSM-PARAMETER-TIERS", notes_line="L961-971")
    elif p.needs_policies:
        out.add("parameter policies", "pass", "Advanced tier: parameter policies "
                "available", rule_id="SSM-PARAMETER-TIERS", notes_line="L967-971")
    return out.done()
