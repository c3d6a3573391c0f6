"""Plan checks at every boundary AWS documents (issue 13, docs/accuracy.md): exactly at each
limit, one step past it, zero and the default; each case cites the AWS page it was read from
and the rule ID, and each calls the section's registered check on the bundled catalog
(tests/calc/checks/support.py). Where AWS today differs from the notes, both bases are tried.
"""

from __future__ import annotations

import math

import pytest

from calc.errors import InputError
from calc.units import gb_to_gib
from tests.calc.checks.support import assert_result, check, row, status


# -- EC2-PLACEMENT ---------------------------------------------------------------------------
# AWS EC2 User Guide, "Placement strategies" / "Placement group rules and limitations": a
# spread group has at most seven running instances per AZ per group; a partition group at most
# seven partitions per AZ; a cluster group is in a single AZ.
def test_spread_group_with_no_instances_passes() -> None:
    # rule: EC2-PLACEMENT. Zero use: an empty group is within every limit.
    assert_result(check("placement_group", strategy="spread", azs=3, instances_per_az=0),
                  "spread: instances per AZ", "pass", "EC2-PLACEMENT")


@pytest.mark.parametrize("basis", ["notes", "aws_today"])
@pytest.mark.parametrize(("per_az", "groups"), [(8, 2), (14, 2), (15, 3)])
def test_spread_group_fix_counts_groups_of_seven(basis: str, per_az: int, groups: int) -> None:
    # rule: EC2-PLACEMENT. 8 or 14 per AZ need 2 groups of at most 7; 15 need 3 (notes and AWS
    # today agree: 7).
    got = check("placement_group", basis=basis, strategy="spread", azs=1,
                instances_per_az=per_az)
    r = assert_result(got, "spread: instances per AZ", "fail", "EC2-PLACEMENT")
    assert f"use {groups} spread groups" in r["fix"]


def test_partition_group_without_a_partition_count_passes() -> None:
    # rule: EC2-PLACEMENT. Default: no partition count given -> nothing to exceed.
    got = check("placement_group", strategy="partition", instances_per_az=500)
    r = assert_result(got, "partition: partitions per AZ", "pass", "EC2-PLACEMENT")
    assert "not given" in r["message"]


def test_partitions_only_for_partition_groups() -> None:
    # rule: EC2-PLACEMENT. Only the partition strategy has partitions (CreatePlacementGroup
    # API: PartitionCount "valid only when Strategy is set to partition").
    with pytest.raises(Exception, match="partition"):
        check("placement_group", strategy="spread", instances_per_az=1, partitions_per_az=2)


# -- EC2-HIBERNATE ---------------------------------------------------------------------------
# AWS EC2 User Guide, "Hibernation limitations" (instance-hibernate-limitations): "You can't
# hibernate a Linux instance that has more than 150 GB of RAM"; "We do not support keeping an
# instance hibernated for more than 60 days". The notes (L633) say RAM "must be less than
# 150 GB": the check follows the notes (exactly 150 GB fails), a known difference of one byte.
HIB = {"root_volume_type": "gp3", "root_volume_encrypted": True, "days_hibernated": 0}


@pytest.mark.parametrize(("ram_gb", "expected"), [(149.999, "pass"), (150, "fail")])
def test_hibernation_ram_edge_in_decimal_gb(ram_gb: float, expected: str) -> None:
    # rule: EC2-HIBERNATE. 150 GB = 139.70 GiB: RAM is given in GiB, the limit is in GB.
    ram_gib = gb_to_gib(ram_gb)
    got = check("hibernation", ram_gib=ram_gib, root_volume_size_gib=200, **HIB)
    assert_result(got, "RAM size", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("ram_gb", "expected"), [(16, "pass"), (16.001, "fail")])
def test_windows_hibernation_ram_up_to_16_gb(ram_gb: float, expected: str) -> None:
    # rule: EC2-HIBERNATE. Fixed (issue 13): EC2 User Guide, hibernation prerequisites for
    # Windows: "Instance RAM size - Can be up to 16 GB". A Windows m5.2xlarge (32 GiB) passed
    # before (only the Linux 150 GB was checked).
    got = check("hibernation", ram_gib=gb_to_gib(ram_gb), os="windows",
                root_volume_size_gib=100, **HIB)
    r = assert_result(got, "RAM size", expected, "EC2-HIBERNATE")
    assert "16 GB" in r["message"]


def test_windows_m5_2xlarge_cannot_hibernate() -> None:
    # rule: EC2-HIBERNATE. m5.2xlarge: 32 GiB (catalog) = 34.4 GB > 16 GB on Windows; fine on
    # Linux.
    plan = {"instance_type": "m5.2xlarge", "root_volume_size_gib": 100, **HIB}
    assert status(check("hibernation", os="windows", **plan), "RAM size") == "fail"
    assert status(check("hibernation", **plan), "RAM size") == "pass"


@pytest.mark.parametrize(("days", "expected"), [(0, "pass"), (60, "pass"), (60.01, "fail")])
def test_hibernated_zero_to_60_days(days: float, expected: str) -> None:
    # rule: EC2-HIBERNATE. Zero days, exactly 60 days, just over 60 days.
    got = check("hibernation", ram_gib=8, root_volume_size_gib=30,
                **{**HIB, "days_hibernated": days})
    assert_result(got, "days hibernated", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("root_gib", "expected"), [(16, "pass"), (15.9, "fail")])
def test_root_volume_exactly_the_ram_size(root_gib: float, expected: str) -> None:
    # rule: EC2-HIBERNATE. EC2 User Guide, "Prerequisites for EC2 instance hibernation": the
    # root volume must be large enough to store the RAM contents; 16 GiB holds 16 GiB of RAM.
    got = check("hibernation", ram_gib=16, root_volume_size_gib=root_gib, **HIB)
    assert_result(got, "root volume size", expected, "EC2-HIBERNATE")


# -- EC2-ENA ---------------------------------------------------------------------------------
# Notes L228-229: ENA up to 100 Gbps, Intel 82599 VF up to 10 Gbps. The catalog's instance
# types (EC2 DescribeInstanceTypes NetworkInfo, ec2_instances.csv) go above 100 Gbps with ENA.
@pytest.mark.parametrize(("adapter", "gbps", "expected"), [
    ("ena", 100, "pass"), ("ena", 100.001, "fail"),
    ("intel_82599_vf", 10, "pass"), ("intel_82599_vf", 10.001, "fail")])
def test_enhanced_networking_edges(adapter: str, gbps: float, expected: str) -> None:
    # rule: EC2-ENA
    got = check("networking", adapter=adapter, required_gbps=gbps)
    r = assert_result(got, "enhanced networking bandwidth", expected, "EC2-ENA")
    if adapter == "intel_82599_vf" and expected == "fail":
        assert "use ENA (up to 100 Gbps)" in r["fix"]


def test_ena_instance_above_100_gbps_is_held_to_its_own_bandwidth() -> None:
    # rule: EC2-ENA. Fixed (issue 13): i8ge.18xlarge has a 112.5 Gbps baseline in the catalog
    # (ec2_instances.csv, from the EC2 API); 110 Gbps over ENA on it passed neither check
    # before (ENA "at most 100 Gbps"). Now the instance's figure is the cap.
    got = check("networking", adapter="ena", required_gbps=110, instance_type="i8ge.18xlarge")
    r = assert_result(got, "enhanced networking bandwidth", "pass", "EC2-ENA")
    assert "112.5 Gbps" in r["message"]
    assert status(got, "instance bandwidth") == "pass"
    over = check("networking", adapter="ena", required_gbps=113, instance_type="i8ge.18xlarge")
    assert status(over, "enhanced networking bandwidth") == "fail"
    assert status(over, "instance bandwidth") == "warn"


# -- EC2-MONITORING --------------------------------------------------------------------------
# AWS CloudWatch User Guide, "Basic and detailed monitoring": basic 5-minute periods (free),
# detailed 1-minute (paid); "High-resolution metrics": custom metrics down to 1 second.
@pytest.mark.parametrize(("need_s", "detailed", "expected"), [
    (300, False, "pass"), (299, False, "fail"),   # basic: a point every 5 min
    (60, True, "pass"), (59, True, "fail"),       # detailed: every minute
    (300, True, "warn"),                          # detailed paid but basic is enough
    (1, True, "fail"), (0.5, True, "fail")])      # below 1 s nothing delivers it
def test_monitoring_interval_edges(need_s: float, detailed: bool, expected: str) -> None:
    # rule: EC2-MONITORING
    got = check("monitoring", needed_interval_s=need_s, detailed_monitoring=detailed)
    assert_result(got, "metric interval", expected, "EC2-MONITORING")


# -- EC2-SPOT-FLEET --------------------------------------------------------------------------
# AWS EC2 User Guide, "Allocation strategies for Spot Instances": lowestPrice suits short
# workloads; diversified spreads over pools; capacityOptimized picks the deepest pools.
@pytest.mark.parametrize(("strategy", "pools", "workload", "expected"), [
    ("diversified", 1, "long", "warn"), ("diversified", 2, "long", "pass"),
    ("lowestPrice", 5, "long", "warn"), ("lowestPrice", 5, "short", "pass"),
    ("capacityOptimized", 1, "long", "pass")])
def test_spot_fleet_strategy_edges(strategy: str, pools: int, workload: str,
                                   expected: str) -> None:
    # rule: EC2-SPOT-FLEET
    got = check("spot_fleet", allocation_strategy=strategy, launch_pools=pools,
                workload=workload)
    assert_result(got, "allocation strategy", expected, "EC2-SPOT-FLEET")


# -- EBS-MULTI-ATTACH ------------------------------------------------------------------------
# AWS EBS User Guide, "Attach a volume to multiple instances with Amazon EBS Multi-Attach":
# io1 and io2 only, same AZ, up to 16 Nitro instances.
@pytest.mark.parametrize(("n", "expected"), [(1, "pass"), (16, "pass"), (17, "fail")])
def test_multi_attach_up_to_16(n: int, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH
    got = check("multi_attach", volume_type="io2", instances=n)
    r = assert_result(got, "instances", expected, "EBS-MULTI-ATTACH")
    if expected == "fail":
        assert "use 2 volumes" in r["fix"]


@pytest.mark.parametrize(("vtype", "expected"), [
    ("io1", "pass"), ("io2", "pass"), ("gp3", "fail"), ("gp2", "fail"), ("st1", "fail"),
    ("sc1", "fail"), ("standard", "fail")])
def test_multi_attach_volume_types(vtype: str, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH. Every type the model accepts: only io1 and io2 pass.
    assert status(check("multi_attach", volume_type=vtype, instances=2), "volume type") == (
        expected)


# -- EBS-RESIZE and each type's size range ---------------------------------------------------
# AWS EBS User Guide, "Amazon EBS volume types" table (volume size): gp3 and io2 1/4 GiB-64
# TiB, gp2 1 GiB-16 TiB, io1 4 GiB-16 TiB, st1/sc1 125 GiB-16 TiB, magnetic 1 GiB-1 TiB;
# "Modify a volume": size can only grow.
@pytest.mark.parametrize(("vtype", "lo", "hi"), [
    ("gp3", 1, 65_536), ("gp2", 1, 16_384), ("io1", 4, 16_384), ("io2", 4, 65_536),
    ("st1", 125, 16_384), ("sc1", 125, 16_384), ("standard", 1, 1_024)])
def test_resize_size_range_edges(vtype: str, lo: float, hi: float) -> None:
    # rule: EBS-RESIZE (with EBS-GP3, EBS-GP2-IOPS, EBS-IO1-IO2, EBS-ST1, EBS-SC1 size ranges)
    def got(new: float) -> str:
        return status(check("ebs_resize", volume_type=vtype, current_size_gib=min(lo, new),
                            new_size_gib=new), "size range")
    assert got(lo) == "pass" and got(hi) == "pass"
    assert got(hi + 1) == "fail"
    if lo > 1:
        assert got(lo - 1) == "fail"


@pytest.mark.parametrize(("vtype", "notes_hi"), [("gp3", 16_384), ("io2", 16_384)])
def test_resize_notes_size_limits(vtype: str, notes_hi: float) -> None:
    # rule: EBS-GP3 / EBS-IO1-IO2. The notes' 16 TiB (L2583, L2594) against AWS today's 64 TiB.
    new = notes_hi + 1
    plan = {"volume_type": vtype, "current_size_gib": 100, "new_size_gib": new}
    assert status(check("ebs_resize", basis="notes", **plan), "size range") == "fail"
    assert status(check("ebs_resize", **plan), "size range") == "pass"


@pytest.mark.parametrize(("new", "expected"), [(100, "pass"), (99.9, "fail"), (101, "pass")])
def test_resize_direction_edges(new: float, expected: str) -> None:
    # rule: EBS-RESIZE. Same size: no change (pass); smaller: fail; larger: grows in place.
    got = check("ebs_resize", volume_type="gp3", current_size_gib=100, new_size_gib=new)
    assert_result(got, "direction", expected, "EBS-RESIZE")


# -- LAMBDA-TIMEOUT, LAMBDA-CONCURRENCY (async) ----------------------------------------------
# AWS Lambda Developer Guide, "Configure Lambda function timeout": default 3 s, at most 900 s;
# "How Lambda handles errors and retries with asynchronous invocation": throttled events are
# retried for up to 6 hours (maximum event age 21,600 s).
@pytest.mark.parametrize(("timeout_s", "expected"), [(900, "pass"), (900.001, "fail")])
def test_async_timeout_at_most_900_s(timeout_s: float, expected: str) -> None:
    # rule: LAMBDA-TIMEOUT
    got = check("lambda_async", duration_s=1, timeout_s=timeout_s)
    assert_result(got, "timeout", expected, "LAMBDA-TIMEOUT")


@pytest.mark.parametrize(("duration_s", "expected"), [(2.999, "pass"), (3, "fail")])
def test_run_as_long_as_the_default_timeout_times_out(duration_s: float, expected: str) -> None:
    # rule: LAMBDA-TIMEOUT. A 3 s run with the default 3 s timeout times out every time.
    got = check("lambda_async", duration_s=duration_s, timeout_s=3)
    assert_result(got, "timeout", expected, "LAMBDA-TIMEOUT")


@pytest.mark.parametrize(("hours", "expected"), [(0, "pass"), (6, "pass"), (6.01, "fail")])
def test_throttled_async_events_kept_6_hours(hours: float, expected: str) -> None:
    # rule: LAMBDA-CONCURRENCY
    got = check("lambda_async", duration_s=1, timeout_s=3, throttled_for_h=hours)
    assert_result(got, "throttling", expected, "LAMBDA-CONCURRENCY")


# -- S3-PRESIGNED ----------------------------------------------------------------------------
# AWS S3 User Guide, "Sharing objects with presigned URLs": console 1 minute to 12 hours; CLI
# and SDKs (Signature Version 4) at most 7 days (604,800 s); the CLI default is 3,600 s.
@pytest.mark.parametrize(("via", "seconds", "expected"), [
    ("console", 60, "pass"), ("console", 59, "fail"), ("console", 43_200, "pass"),
    ("console", 43_201, "fail"), ("cli", 604_800, "pass"), ("cli", 604_801, "fail"),
    ("sdk", 604_800, "pass"), ("sdk", 604_801, "fail"), ("cli", 3_600, "pass")])
def test_presigned_url_expiry_edges(via: str, seconds: float, expected: str) -> None:
    # rule: S3-PRESIGNED
    got = check("presigned_url", created_with=via, expires_in_s=seconds)
    assert_result(got, "expiry", expected, "S3-PRESIGNED")


# -- S3-DURABILITY, S3-AVAILABILITY ----------------------------------------------------------
# AWS S3 User Guide, "Data protection" / S3 FAQ: 11 nines, "if you store 10,000,000 objects
# ... expect to incur a loss of a single object once every 10,000 years"; storage classes
# table: Standard 99.99%, Standard-IA 99.9%, One Zone-IA 99.5%.
def test_zero_objects_lose_nothing() -> None:
    # rule: S3-DURABILITY. Zero use.
    got = check("s3", storage_class="STANDARD", objects=0)
    assert_result(got, "durability", "pass", "S3-DURABILITY")
    calc = got.calculations["s3"]
    assert calc["expected_objects_lost_per_year"] == 0
    assert math.isinf(calc["years_per_object_lost"])


def test_ten_million_objects_one_loss_per_10000_years() -> None:
    # rule: S3-DURABILITY. The FAQ's worked example.
    got = check("s3", storage_class="STANDARD", objects=10_000_000)
    assert got.calculations["s3"]["years_per_object_lost"] == pytest.approx(10_000, rel=1e-3)


@pytest.mark.parametrize(("cls", "need", "expected"), [
    ("STANDARD", 99.99, "pass"), ("STANDARD_IA", 99.9, "pass"), ("STANDARD_IA", 99.91, "fail"),
    ("ONEZONE_IA", 99.5, "pass"), ("ONEZONE_IA", 99.51, "fail")])
def test_availability_edges(cls: str, need: float, expected: str) -> None:
    # rule: S3-AVAILABILITY. Exactly the class's figure meets the need.
    got = check("s3", storage_class=cls, objects=1, required_availability_pct=need)
    assert_result(got, "availability", expected, "S3-AVAILABILITY")


def test_no_single_class_meets_more_than_99_99() -> None:
    # rule: S3-AVAILABILITY. Above Standard's 99.99% no class of the check meets it.
    got = check("s3", storage_class="STANDARD", objects=1, required_availability_pct=99.995)
    r = assert_result(got, "availability", "fail", "S3-AVAILABILITY")
    assert "two Regions" in r["fix"]


# -- RDS-BACKUP ------------------------------------------------------------------------------
# AWS RDS User Guide, "Introduction to backups" (USER_WorkingWithAutomatedBackups): retention
# 0-35 days; 0 disables automated backups; the default is 7 days from the console and 1 day
# from the RDS API or the AWS CLI.
RDS = {"engine": "mysql", "allocated_storage_gib": 100, "free_storage_pct": 50,
       "max_storage_gib": 1000}


@pytest.mark.parametrize(("days", "expected"), [
    (None, "pass"), (0, "warn"), (1, "pass"), (7, "pass"), (35, "pass"), (36, "fail")])
def test_backup_retention_edges(days: int | None, expected: str) -> None:
    # rule: RDS-BACKUP
    got = check("rds", **RDS, backup_retention_days=days)
    r = assert_result(got, "backup retention", expected, "RDS-BACKUP")
    if days is None:
        # fixed (issue 13): the API / CLI default of 1 day is named beside the console's 7
        assert "default 7 days from the console, 1 from the API or CLI" in r["message"]


# -- RDS-REPLICAS ----------------------------------------------------------------------------
# RDS API reference, CreateDBInstanceReadReplica (SourceDBInstanceIdentifier): "Each DB
# instance can have up to 15 read replicas, except ... Oracle - up to five ... SQL Server - up
# to five"; Db2 three (not an engine of the plan). The notes (L3416) say 5 for every engine.
@pytest.mark.parametrize(("engine", "cap"), [
    ("mysql", 15), ("mariadb", 15), ("postgres", 15), ("oracle", 5), ("sqlserver", 5)])
def test_read_replicas_per_engine_today(engine: str, cap: int) -> None:
    # rule: RDS-REPLICAS. Fixed (issue 13): 6 to 15 MySQL replicas failed before.
    plan = {**RDS, "engine": engine}
    assert_result(check("rds", **plan, read_replicas=cap), "read replicas", "pass",
                  "RDS-REPLICAS")
    r = assert_result(check("rds", **plan, read_replicas=cap + 1), "read replicas", "fail",
                      "RDS-REPLICAS")
    assert f"at most {cap}" in r["message"]


@pytest.mark.parametrize("engine", ["mysql", "oracle"])
def test_read_replicas_notes_basis_is_5_for_every_engine(engine: str) -> None:
    # rule: RDS-REPLICAS. Notes L3416: "up to 5".
    plan = {**RDS, "engine": engine}
    assert status(check("rds", basis="notes", **plan, read_replicas=5), "read replicas") == (
        "pass")
    assert status(check("rds", basis="notes", **plan, read_replicas=6), "read replicas") == (
        "fail")


def test_no_replicas_passes() -> None:
    # rule: RDS-REPLICAS. Zero use.
    assert_result(check("rds", **RDS, read_replicas=0), "read replicas", "pass", "RDS-REPLICAS")


# -- RDS-AUTOSCALING -------------------------------------------------------------------------
# AWS RDS User Guide, "Managing capacity automatically with Amazon RDS storage autoscaling"
# (USER_PIOPS.Autoscaling): free space <= 10% of allocated, lasting at least 5 minutes, at
# least 6 hours since the last storage modification; the increment is the greatest of 10 GiB,
# 10% of allocated, and the predicted growth over 7 hours.
@pytest.mark.parametrize(("free_pct", "first_h"), [(10, 5 / 60), (10.5, None)])
def test_autoscaling_trigger_at_exactly_10_pct_free(free_pct: float,
                                                    first_h: float | None) -> None:
    # rule: RDS-AUTOSCALING. No growth: at exactly 10% free the trigger is 5 minutes away;
    # above 10% it never comes.
    got = check("rds", **{**RDS, "free_storage_pct": free_pct}, forecast_months=1)
    trig = got.calculations["rds_autoscaling"]["first_trigger_h"]
    if first_h is None:
        assert trig is None
    else:
        assert trig == pytest.approx(first_h)


def test_autoscaling_waits_6_hours_after_the_last_change() -> None:
    # rule: RDS-AUTOSCALING. Free 5% now, last change 2 h ago: the trigger comes at 6 - 2 = 4 h.
    got = check("rds", **{**RDS, "free_storage_pct": 5}, hours_since_last_storage_change=2,
                forecast_months=1)
    assert got.calculations["rds_autoscaling"]["first_trigger_h"] == pytest.approx(4)


@pytest.mark.parametrize(("alloc", "added"), [(50, 10), (100, 10), (200, 20)])
def test_autoscaling_increment_10_gib_or_10_pct(alloc: float, added: float) -> None:
    # rule: RDS-AUTOSCALING. No growth: 50 and 100 GiB add 10 GiB (the 10 GiB floor; 10% of 100
    # is also 10); 200 GiB adds 10% = 20 GiB.
    got = check("rds", **{**RDS, "allocated_storage_gib": alloc, "free_storage_pct": 5},
                forecast_months=1)
    events = got.calculations["rds_autoscaling"]["events"]
    assert len(events) >= 1, "an autoscaling event expected"
    first = events.iloc[0]
    assert first["increment_gib"] == pytest.approx(added)
    assert first["allocated_after_gib"] == pytest.approx(alloc + added)


# -- AURORA ----------------------------------------------------------------------------------
# AWS Aurora User Guide, "Amazon Aurora storage" / "Amazon Aurora size limits": six copies in
# three AZs; writes need 4 of 6, reads 3 of 6; cluster volume up to 128 TiB (131,072 GiB) for
# the versions the notes describe (newer engine versions: see docs/accuracy.md).
@pytest.mark.parametrize(("azs", "extra", "writes", "expected"), [
    (0, 0, True, "pass"),    # nothing lost
    (0, 2, True, "pass"),    # 4 of 6: still writes
    (1, 1, True, "fail"),    # 3 of 6: reads only
    (1, 1, False, "pass"),   # reads only, but writes not needed
    (1, 2, False, "fail")])  # 2 of 6: no reads
def test_aurora_quorum_edges(azs: int, extra: int, writes: bool, expected: str) -> None:
    # rule: AURORA
    got = check("aurora", storage_gib=100, azs_lost=azs, extra_copies_lost=extra,
                writes_needed=writes)
    assert_result(got, "quorum", expected, "AURORA")


def test_aurora_cannot_lose_more_than_3_azs() -> None:
    # rule: AURORA. The copies live in 3 AZs: losing 4 is not a plan.
    with pytest.raises(InputError, match="at most 3") as e:
        check("aurora", storage_gib=100, azs_lost=4)
    assert e.value.rule_id == "AURORA"


def test_aurora_storage_below_10_gib_passes_with_a_note() -> None:
    # rule: AURORA. Notes L3499: storage "starts at 10 GB".
    got = check("aurora", storage_gib=1)
    r = assert_result(got, "storage", "pass", "AURORA")
    assert "10 GiB start" in r["message"]


# -- ELB-DEREGISTRATION ----------------------------------------------------------------------
# ELB API reference, TargetGroupAttribute deregistration_delay.timeout_seconds: "The range is
# 0-3600 seconds. The default value is 300 seconds." The notes (L1201) say 1-3,600 s.
@pytest.mark.parametrize(("delay_s", "expected"), [
    (0, "warn"), (0.5, "fail"), (1, "pass"), (300, "pass"), (3_600, "pass"), (3_601, "fail")])
def test_deregistration_delay_0_to_3600(delay_s: float, expected: str) -> None:
    # rule: ELB-DEREGISTRATION. Fixed (issue 13): 0 s is allowed (it turns the delay off) and
    # was reported as a failure; it is a warning now, in-flight requests are cut.
    got = check("elb", deregistration_delay_s=delay_s)
    r = assert_result(got, "deregistration delay", expected, "ELB-DEREGISTRATION")
    if delay_s == 0:
        assert "off" in r["message"]


# -- ASG-TARGET-TRACKING ---------------------------------------------------------------------
# AWS Auto Scaling User Guide (scaling plans, "Target tracking"): optimise for availability
# 40%, balance 50%, cost 70%; EC2 Auto Scaling User Guide, "Scaling cooldowns": default 300 s.
@pytest.mark.parametrize(("goal", "pct", "n"), [
    ("availability", 40, 25), ("balance", 50, 20), ("cost", 70, 15)])
def test_goal_targets_and_instances(goal: str, pct: float, n: int) -> None:
    # rule: ASG-TARGET-TRACKING. Load 80 vCPUs busy, 8 per instance: ceil(80 / (8 x pct%)).
    got = check("asg", goal=goal, load=80, capacity_per_instance=8)
    assert got.calculations["asg"] == {"target_utilisation_pct": pct, "instances_needed": n}


def test_zero_load_needs_no_instances() -> None:
    # rule: ASG-TARGET-TRACKING. Zero use.
    got = check("asg", goal="cost", load=0, capacity_per_instance=8, max_size=1)
    assert got.calculations["asg"]["instances_needed"] == 0
    assert status(got, "instances needed") == "pass"


@pytest.mark.parametrize(("n_max", "expected"), [(20, "pass"), (19, "fail")])
def test_max_size_exactly_the_instances_needed(n_max: int, expected: str) -> None:
    # rule: ASG-TARGET-TRACKING. Balance goal: 20 instances needed.
    got = check("asg", goal="balance", load=80, capacity_per_instance=8, max_size=n_max)
    assert_result(got, "instances needed", expected, "ASG-TARGET-TRACKING")


@pytest.mark.parametrize(("warmup", "expected"), [(300, "pass"), (301, "warn")])
def test_default_cooldown_against_warmup(warmup: float, expected: str) -> None:
    # rule: ASG-TARGET-TRACKING. Default cooldown 300 s: a 300 s warm-up fits, 301 s does not.
    got = check("asg", goal="cost", load=8, capacity_per_instance=8,
                instance_warmup_s=warmup)
    r = assert_result(got, "cooldown", expected, "ASG-TARGET-TRACKING")
    assert "300 s" in r["message"]


# -- CW-CUSTOM-METRICS -----------------------------------------------------------------------
# CloudWatch API reference, PutMetricData: "Data points with time stamps from 24 hours ago or
# longer can take at least 48 hours ...; data points with time stamps between 3 and 24 hours
# ago ..."; CloudWatch User Guide, "Publish custom metrics": time stamps up to two weeks in the
# past and up to two hours into the future.
@pytest.mark.parametrize(("offset_h", "check_name", "expected"), [
    (-336, "past timestamps", "pass"), (-336.01, "past timestamps", "fail"),
    (2, "future timestamps", "pass"), (2.01, "future timestamps", "fail"),
    (0, "past timestamps", "pass")])
def test_custom_metric_timestamp_edges(offset_h: float, check_name: str,
                                       expected: str) -> None:
    # rule: CW-CUSTOM-METRICS. 14 days = 336 h.
    got = check("cloudwatch", data_point_offsets_h=[offset_h])
    assert_result(got, check_name, expected, "CW-CUSTOM-METRICS")


@pytest.mark.parametrize(("resolution", "every_s", "expected"), [
    ("standard", 60, "pass"), ("standard", 59, "warn"), ("high", 59, "pass"),
    ("high", 60, "warn"), ("high", 1, "pass")])
def test_custom_metric_resolution_edges(resolution: str, every_s: float,
                                        expected: str) -> None:
    # rule: EC2-MONITORING (custom metric resolutions: standard 60 s, high down to 1 s)
    got = check("cloudwatch", data_point_offsets_h=[0], resolution=resolution,
                send_interval_s=every_s)
    assert_result(got, "resolution", expected, "EC2-MONITORING")


# -- SSM-PARAMETER-TIERS ---------------------------------------------------------------------
# AWS Systems Manager User Guide, "Managing parameter tiers": Standard 10,000 parameters, 4 KB
# values, no charge, no policies; Advanced 100,000, 8 KB, policies; AWS Systems Manager
# pricing page: $0.05 per advanced parameter per month.
@pytest.mark.parametrize(("tier", "n", "expected"), [
    ("standard", 0, "pass"), ("standard", 10_000, "pass"), ("standard", 10_001, "fail"),
    ("advanced", 100_000, "pass"), ("advanced", 100_001, "fail")])
def test_parameter_count_edges(tier: str, n: int, expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS
    got = check("ssm", tier=tier, parameters=n, largest_value_kb=1)
    assert_result(got, "parameter count", expected, "SSM-PARAMETER-TIERS")


def test_standard_overflow_priced_at_5_cents() -> None:
    # rule: SSM-PARAMETER-TIERS. 10,001 standard parameters: move 1 to Advanced, $0.05 a month.
    got = check("ssm", tier="standard", parameters=10_001, largest_value_kb=1)
    assert "$0.05 per month" in row(got, "parameter count")["fix"]


def test_advanced_100000_parameters_cost_5000_a_month() -> None:
    # rule: SSM-PARAMETER-TIERS. 100,000 x $0.05 = $5,000.00 per month.
    got = check("ssm", tier="advanced", parameters=100_000, largest_value_kb=1)
    assert "$5,000.00 per month" in row(got, "parameter count")["message"]


@pytest.mark.parametrize(("tier", "kb", "expected", "fix_word"), [
    ("standard", 4, "pass", ""), ("standard", 4.01, "fail", "Advanced"),
    ("advanced", 8, "pass", ""), ("advanced", 8.01, "fail", "S3")])
def test_value_size_edges(tier: str, kb: float, expected: str, fix_word: str) -> None:
    # rule: SSM-PARAMETER-TIERS
    got = check("ssm", tier=tier, parameters=1, largest_value_kb=kb)
    r = assert_result(got, "value size", expected, "SSM-PARAMETER-TIERS")
    assert fix_word in r["fix"]


@pytest.mark.parametrize(("tier", "expected"), [("standard", "fail"), ("advanced", "pass")])
def test_policies_need_advanced(tier: str, expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS
    got = check("ssm", tier=tier, parameters=1, largest_value_kb=1, needs_policies=True)
    assert_result(got, "parameter policies", expected, "SSM-PARAMETER-TIERS")
