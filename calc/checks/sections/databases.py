"""Database plan sections: RDS (backups, storage autoscaling, read replicas) and Aurora (replicas,
storage, quorum). Rules: RDS-BACKUP, RDS-AUTOSCALING, RDS-REPLICAS, AURORA.
"""

from __future__ import annotations

import math

from calc.checks.aurora import (
    AuroraRule,
    aurora_copies_lost,
    aurora_failure_table,
    aurora_quorum,
)
from calc.checks.findings import CheckContext, Findings
from calc.checks.messages import duration_h, num, plural
from calc.checks.models import AuroraPlan, RdsPlan
from calc.checks.rds_storage import AutoscalingRule, rds_autoscaling_forecast
from calc.checks.registry import section_check
from calc.checks.results import SectionChecks
from calc.errors import InputError
from calc.units import PCT, months_to_hours

# The read-replica limit of each engine (rule RDS-REPLICAS): the notes give 5 for every engine;
# AWS today (RDS API reference, CreateDBInstanceReadReplica) 15 for MySQL, MariaDB and
# PostgreSQL, 5 for Oracle and SQL Server. Keys of limits.csv, not figures.
RDS_REPLICAS_KEY = {"mysql": "rds.read_replicas.max_mysql_mariadb_postgres",
                    "mariadb": "rds.read_replicas.max_mysql_mariadb_postgres",
                    "postgres": "rds.read_replicas.max_mysql_mariadb_postgres",
                    "oracle": "rds.read_replicas.max", "sqlserver": "rds.read_replicas.max"}


@section_check("rds")
def rds(p: RdsPlan, ctx: CheckContext) -> SectionChecks:
    """RDS. Rules: RDS-BACKUP (L3393-3398, L3459-3466), RDS-AUTOSCALING (L3402-3411),
    RDS-REPLICAS (L3415-3426)."""
    s = "rds"
    out = Findings(s, ctx)
    default = ctx.value("rds.backup.default_retention_days")
    lo, hi = ctx.value("rds.backup.min_retention_days"), ctx.value("rds.backup.max_retention_days")
    off = ctx.value("rds.backup.disabled_retention_days")
    days = p.backup_retention_days
    if days is None:
        # RDS User Guide, backup retention period: 7 days from the console, 1 day from the
        # RDS API or the AWS CLI
        api_default = ctx.value("rds.backup.api_default_retention_days")
        out.add("backup retention", "pass",
                f"AWS default {num(default)} days from the console, {num(api_default)} from "
                f"the API or CLI ({num(lo)}-{num(hi)} allowed)",
                key="rds.backup.default_retention_days")
    elif days == off:
        out.add("backup retention", "warn",
                f"{days} days disables automated backups: no point-in-time restore",
                f"set {num(lo)}-{num(hi)} days (default {num(default)})",
                key="rds.backup.disabled_retention_days")
    elif days > hi or days < lo:
        out.add("backup retention", "fail",
                f"{days} days: automated backups keep {num(lo)}-{num(hi)} days",
                f"set {num(hi)} days and keep manual DB snapshots for longer (they are "
                f"kept as long as you want)" if days > hi else f"set {num(lo)}-{num(hi)} days",
                key="rds.backup.max_retention_days")
    else:
        out.add("backup retention", "pass",
                f"{days} days ({num(lo)}-{num(hi)} allowed)",
                key="rds.backup.max_retention_days")
    _rds_autoscaling(p, ctx, out)
    replicas_key = RDS_REPLICAS_KEY[p.engine]
    cap = ctx.value(replicas_key)
    aurora_cap = ctx.value("aurora.read_replicas.max")
    if p.read_replicas > cap:
        out.add("read replicas", "fail",
                f"{p.read_replicas} read replicas: RDS for {p.engine} allows at most {num(cap)}",
                f"use at most {num(cap)}, or Aurora (up to {num(aurora_cap)} replicas)",
                key=replicas_key)
    else:
        out.add("read replicas", "pass",
                f"{p.read_replicas} read replicas (RDS for {p.engine}: at most {num(cap)})",
                key=replicas_key)
    if p.cross_region_replicas:
        n_cross = plural(p.cross_region_replicas, "cross-Region replica",
                         "cross-Region replicas")
        out.add("cross-Region replicas", "warn",
                f"{n_cross}: replication traffic between Regions is billed (same-Region "
                f"traffic is free)",
                "budget the inter-Region data transfer, or keep replicas in the Region",
                rule_id="RDS-REPLICAS", notes_line="L3422-3424")
    return out.done()


def _rds_autoscaling(p: RdsPlan, ctx: CheckContext, out: Findings) -> None:
    """Storage autoscaling over the forecast horizon. Rule: RDS-AUTOSCALING (L3402-3411)."""
    check, key = "storage autoscaling", "rds.autoscaling.free_space_threshold_pct"
    rule = AutoscalingRule.from_limits(ctx.limits, ctx.basis)
    used = p.allocated_storage_gib * (1 - p.free_storage_pct / PCT)
    since = (math.inf if p.hours_since_last_storage_change is None
             else p.hours_since_last_storage_change)
    horizon = months_to_hours(p.forecast_months)
    fc = rds_autoscaling_forecast(
        allocated_gib=p.allocated_storage_gib, used_gib=used,
        growth_gib_per_day=p.growth_gib_per_day, hours_since_last_change=since,
        max_storage_gib=p.max_storage_gib if p.storage_autoscaling else None,
        horizon_h=horizon, rule=rule)
    months = f"{num(p.forecast_months, 1)} months"
    thr = (f"free <= {num(rule.free_space_threshold_pct)}% for "
           f"{num(rule.low_storage_min_minutes)} min, {num(rule.min_hours_since_last_change)} "
           f"h after the last change")
    used_end = fc.used_gib
    need_alloc = used_end / (1 - rule.free_space_threshold_pct / PCT)
    if not p.storage_autoscaling:
        if fc.storage_full_h is not None:
            out.add(check, "fail",
                    f"autoscaling off: storage full in {duration_h(fc.storage_full_h)} "
                    f"({num(p.allocated_storage_gib)} GiB, growing "
                    f"{num(p.growth_gib_per_day)} GiB/day)",
                    f"enable storage autoscaling with a maximum of at least "
                    f"{num(math.ceil(need_alloc))} GiB, or allocate that now", key=key)
        else:
            out.add(check, "pass",
                    f"autoscaling off: {num(used_end, 1)} of {num(p.allocated_storage_gib)} "
                    f"GiB used after {months}", key=key)
    elif fc.storage_full_h is not None:
        why = (f"at the {num(p.max_storage_gib or 0)} GiB maximum" if fc.reached_max else
               "before autoscaling can act")
        out.add(check, "fail",
                f"storage full in {duration_h(fc.storage_full_h)} {why} ({thr})",
                f"raise the maximum storage threshold to at least "
                f"{num(math.ceil(max(need_alloc, used_end)))} GiB and allocate more storage "
                f"now so free space lasts past the {num(rule.min_hours_since_last_change)} h "
                f"wait", key=key)
    elif fc.reached_max:
        out.add(check, "warn",
                f"reaches the {num(p.max_storage_gib or 0)} GiB maximum within {months} "
                f"({len(fc.events)} autoscaling events)",
                f"raise the maximum storage threshold to at least "
                f"{num(math.ceil(need_alloc))} GiB", key=key)
    elif fc.first_trigger_h is None:
        out.add(check, "pass",
                f"no autoscaling within {months}: {num(used_end, 1)} of "
                f"{num(fc.allocated_gib)} GiB used ({thr})", key=key)
    else:
        out.add(check, "pass",
                f"first autoscaling in {duration_h(fc.first_trigger_h)} ({thr}); "
                f"{len(fc.events)} events, {num(fc.allocated_gib, 1)} GiB allocated after "
                f"{months}", key=key)
    out.calculations["rds_autoscaling"] = {
        "first_trigger_h": fc.first_trigger_h, "storage_full_h": fc.storage_full_h,
        "reached_max": fc.reached_max, "allocated_gib_at_horizon": fc.allocated_gib,
        "used_gib_at_horizon": fc.used_gib, "horizon_h": fc.horizon_h, "events": fc.events}


@section_check("aurora")
def aurora(p: AuroraPlan, ctx: CheckContext) -> SectionChecks:
    """Aurora. Rules: AURORA (L3493-3520), RDS-REPLICAS (15 replicas, L3501)."""
    s = "aurora"
    out = Findings(s, ctx)
    cap = ctx.value("aurora.read_replicas.max")
    if p.read_replicas > cap:
        out.add("replicas", "fail",
                f"{p.read_replicas} Aurora Replicas: at most {num(cap)}",
                f"use at most {num(cap)} replicas (larger instance classes for more reads)",
                key="aurora.read_replicas.max")
    else:
        out.add("replicas", "pass", f"{p.read_replicas} Aurora Replicas (at most "
                f"{num(cap)})", key="aurora.read_replicas.max")
    lo, hi = ctx.value("aurora.storage.min_size_gib"), ctx.value("aurora.storage.max_size_gib")
    if p.storage_gib > hi:
        out.add("storage", "fail",
                f"{num(p.storage_gib)} GiB: the cluster volume grows to at most {num(hi)} GiB",
                "split the data over several clusters, or archive old data",
                key="aurora.storage.max_size_gib")
    else:
        note = f", billed from the {num(lo)} GiB start" if p.storage_gib < lo else ""
        out.add("storage", "pass",
                f"{num(p.storage_gib)} GiB: storage grows automatically from {num(lo)} to "
                f"{num(hi)} GiB{note}", key="aurora.storage.max_size_gib")
    rule = AuroraRule.from_limits(ctx.limits, ctx.basis)
    if p.azs_lost > rule.azs:
        raise InputError("aurora.azs_lost", p.azs_lost, f"at most {rule.azs} (the AZs "
                         f"holding the copies)", rule_id="AURORA")
    lost = aurora_copies_lost(azs_lost=p.azs_lost, extra_copies_lost=p.extra_copies_lost,
                              rule=rule)
    can_write, can_read = aurora_quorum(copies_lost=lost, rule=rule)
    left = rule.copies - lost
    parts = [plural(p.azs_lost, "AZ", "AZs"),
             plural(p.extra_copies_lost, "more copy", "more copies")]
    lost_text = " and ".join(x for x in parts if x) or "nothing"
    what = f"losing {lost_text} leaves {left} of {rule.copies} copies"
    quorum = f"writes need {rule.write_quorum}, reads {rule.read_quorum}"
    if not can_read:
        out.add("quorum", "fail", f"{what}: no reads or writes ({quorum})",
                "keep a cross-Region replica or snapshots to recover from",
                key="aurora.storage.read_quorum")
    elif p.writes_needed and not can_write:
        out.add("quorum", "fail", f"{what}: reads only ({quorum})",
                "plan a read-only mode for this failure, or fail over to a cross-Region "
                "replica", key="aurora.storage.write_quorum")
    else:
        mode = "writes and reads" if can_write else "reads (writes not needed)"
        out.add("quorum", "pass", f"{what}: {mode} continue ({quorum})",
                key="aurora.storage.write_quorum")
    out.calculations["aurora"] = {"copies_lost": lost, "can_write": can_write,
                                  "can_read": can_read,
                                  "failures": aurora_failure_table(rule)}
    return out.done()
