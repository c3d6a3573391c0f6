"""S3 plan sections: pre-signed URL expiry, durability and availability.
Rules: S3-PRESIGNED, S3-DURABILITY, S3-AVAILABILITY.
"""

from __future__ import annotations

import math

from calc.checks.availability import (
    s3_downtime_minutes_per_year,
    s3_expected_objects_lost_per_year,
)
from calc.checks.findings import CheckContext, Findings
from calc.checks.messages import num
from calc.checks.models import PresignedUrlPlan, S3Plan
from calc.checks.registry import section_check
from calc.checks.results import SectionChecks
from calc.units import SECONDS_PER_DAY, SECONDS_PER_MINUTE


@section_check("presigned_url")
def presigned_url(p: PresignedUrlPlan, ctx: CheckContext) -> SectionChecks:
    """Pre-signed URL expiry. Rule: S3-PRESIGNED (notes L3019-3023)."""
    s, check = "presigned_url", "expiry"
    out = Findings(s, ctx)
    t = p.expires_in_s
    days = t / SECONDS_PER_DAY
    if p.created_with == "console":
        lo = ctx.value("s3.presigned.console_min_minutes")
        hi = ctx.value("s3.presigned.console_max_minutes")
        minutes = t / SECONDS_PER_MINUTE
        cli_max = ctx.value("s3.presigned.cli_max_s")
        if minutes < lo or minutes > hi:
            out.add(check, "fail",
                    f"console URL for {num(minutes)} min: the console allows "
                    f"{num(lo)}-{num(hi)} min",
                    f"set {num(lo)}-{num(hi)} min, or generate it with the CLI or an SDK "
                    f"(up to {num(cli_max)} s)", key="s3.presigned.console_max_minutes")
        else:
            out.add(check, "pass",
                    f"console URL for {num(minutes)} min ({num(lo)}-{num(hi)} min)",
                    key="s3.presigned.console_max_minutes")
        return out.done()
    key = "s3.presigned.cli_max_s" if p.created_with == "cli" else "s3.presigned.sdk_max_s"
    hi = ctx.value(key)
    who = "CLI --expires-in" if p.created_with == "cli" else "SDK (Signature Version 4)"
    if t > hi:
        out.add(check, "fail",
                f"{who} URL for {num(t)} s ({num(days)} days): at most {num(hi)} s "
                f"({num(hi / SECONDS_PER_DAY)} days)",
                f"set at most {num(hi)} s and generate a new URL before it expires",
                key=key)
    else:
        out.add(check, "pass",
                f"{who} URL for {num(t)} s (at most {num(hi)} s)", key=key)
    return out.done()


@section_check("s3")
def s3(p: S3Plan, ctx: CheckContext) -> SectionChecks:
    """S3 durability and availability. Rules: S3-DURABILITY (L2786-2789),
    S3-AVAILABILITY (L2790-2803)."""
    s = "s3"
    out = Findings(s, ctx)
    nines = ctx.value("s3.durability.nines")
    lost = s3_expected_objects_lost_per_year(objects=p.objects, durability_nines=nines)
    years = math.inf if lost == 0 else 1 / lost
    text = (f"{num(p.objects)} objects at {num(nines)} nines: {lost:.3g} objects lost per "
            f"year (one per {num(years, 0)} years)")
    if p.max_objects_lost_per_year is not None and lost > p.max_objects_lost_per_year:
        out.add("durability", "warn",
                f"{text}, more than the {p.max_objects_lost_per_year:g} you accept",
                "keep a second copy (Cross-Region Replication or backups) and enable "
                "versioning", key="s3.durability.nines")
    else:
        out.add("durability", "pass", text, key="s3.durability.nines")
    if p.storage_class == "ONEZONE_IA":
        if p.data_recreatable:
            out.add("one zone", "pass",
                    "One Zone-IA keeps data in one AZ; the data can be recreated",
                    rule_id="S3-AVAILABILITY", notes_line="L2802")
        else:
            out.add("one zone", "warn",
                    "One Zone-IA keeps data in one AZ: it is lost if the AZ is destroyed",
                    "use Standard-IA, or keep One Zone-IA for data you can recreate",
                    rule_id="S3-AVAILABILITY", notes_line="L2802")
    key = f"s3.availability_pct.{p.storage_class.lower()}"
    pct = ctx.value(key)
    down = s3_downtime_minutes_per_year(availability_pct=pct)
    text = f"{p.storage_class} {num(pct)}% available: about {num(down, 0)} min down a year"
    need = p.required_availability_pct
    if need is not None and pct < need:
        better = [(c, ctx.value(f"s3.availability_pct.{c.lower()}"))
                  for c in ("STANDARD", "STANDARD_IA", "ONEZONE_IA")]
        ok = [f"{c} ({num(a)}%)" for c, a in better if a >= need]
        fix = (f"use {' or '.join(ok)}" if ok else
               "no single class meets it: serve from two Regions (replication)")
        out.add("availability", "fail", f"{text}; {num(need)}% needed", fix, key=key)
    else:
        out.add("availability", "pass", text, key=key)
    out.calculations["s3"] = {"expected_objects_lost_per_year": lost,
                              "years_per_object_lost": years,
                              "availability_pct": pct, "downtime_minutes_per_year": down}
    return out.done()
