"""Plan checks at their limits: exactly at the limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from.
"""

from __future__ import annotations

from typing import Any

import pytest

from calc.checks import CheckReport, Plan, run_checks
from calc.checks.plan import HibernationPlan
from calc.errors import InputError
from calc.pricing import Catalog, bundled_root
from calc.units import SECONDS_PER_DAY, SECONDS_PER_HOUR, gb_to_gib


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return Catalog(bundled_root())


def check(cat: Catalog, section: str, basis: str = "aws_today", **fields: Any) -> CheckReport:
    return run_checks(Plan.model_validate({section: fields}), catalog=cat, basis=basis)  # type: ignore[arg-type]


def row(report: CheckReport, name: str) -> dict[str, Any]:
    rows = [r for r in report.results if r.check == name]
    assert len(rows) == 1, f"expected one {name!r} row, got {[r.check for r in report.results]}"
    return rows[0].__dict__


def status(report: CheckReport, name: str) -> str:
    return str(row(report, name)["status"])


def assert_result(report: CheckReport, name: str, expected: str, rule_id: str) -> dict[str, Any]:
    r = row(report, name)
    assert r["status"] == expected, r
    assert r["rule_id"] == rule_id
    assert r["message"]
    if expected == "pass":
        assert r["fix"] == ""
    else:
        assert r["fix"], "a warn or fail must say how to fix it"
    return r


# -- EC2-PLACEMENT --------------------------------------------------------------------------
@pytest.mark.parametrize(("per_az", "expected"), [(7, "pass"), (8, "fail")])
def test_spread_group_at_most_7_per_az(cat: Catalog, per_az: int, expected: str) -> None:
    # rule: EC2-PLACEMENT. Notes L261: "max 7 instances per group per AZ".
    rep = check(cat, "placement_group", strategy="spread", azs=3, instances_per_az=per_az)
    r = assert_result(rep, "spread: instances per AZ", expected, "EC2-PLACEMENT")
    assert r["notes_line"] == "L261"


def test_spread_group_of_9_says_two_groups_or_partition(cat: Catalog) -> None:
    # rule: EC2-PLACEMENT. Issue example: 9 per AZ in a spread group -> fail, at most 7.
    rep = check(cat, "placement_group", strategy="spread", azs=2, instances_per_az=9)
    r = assert_result(rep, "spread: instances per AZ", "fail", "EC2-PLACEMENT")
    assert "9 instances" in r["message"] and "at most 7" in r["message"]
    assert "2 spread groups" in r["fix"] and "partition" in r["fix"]


@pytest.mark.parametrize(("partitions", "expected"), [(7, "pass"), (8, "fail")])
def test_partition_group_at_most_7_partitions_per_az(cat: Catalog, partitions: int,
                                                     expected: str) -> None:
    # rule: EC2-PLACEMENT. Notes L272: "up to 7 partitions per AZ".
    rep = check(cat, "placement_group", strategy="partition", instances_per_az=200,
                partitions_per_az=partitions)
    r = assert_result(rep, "partition: partitions per AZ", expected, "EC2-PLACEMENT")
    assert r["notes_line"] == "L272"


@pytest.mark.parametrize(("azs", "expected"), [(1, "pass"), (2, "fail")])
def test_cluster_group_lives_in_one_az(cat: Catalog, azs: int, expected: str) -> None:
    # rule: EC2-PLACEMENT. Notes L253: cluster group "in a single AZ"; L255: 10 Gbps.
    rep = check(cat, "placement_group", strategy="cluster", azs=azs, instances_per_az=4)
    r = assert_result(rep, "cluster: AZs", expected, "EC2-PLACEMENT")
    if expected == "pass":
        assert "10 Gbps" in r["message"]


# -- EC2-HIBERNATE --------------------------------------------------------------------------
HIB = {"root_volume_type": "gp3", "root_volume_size_gib": 300, "root_volume_encrypted": True,
       "days_hibernated": 1}


def test_hibernating_r5_8xlarge_fails_on_ram(cat: Catalog) -> None:
    # rule: EC2-HIBERNATE. Notes L633: "instance RAM size must be less than 150 GB". The issue's
    # example: r5.8xlarge has 256 GiB (catalog ec2_instances, memory_gib) -> fail.
    rep = check(cat, "hibernation", instance_type="r5.8xlarge", **HIB)
    r = assert_result(rep, "RAM size", "fail", "EC2-HIBERNATE")
    assert "256 GiB" in r["message"] and "less than 150 GB" in r["message"]
    assert r["notes_line"] == "L633"
    assert "r5.4xlarge (128 GiB)" in r["fix"]  # the largest r5 under 150 GB


@pytest.mark.parametrize(("ram_gb", "expected"), [(150, "fail"), (149, "pass")])
def test_hibernation_ram_must_be_under_150_gb(cat: Catalog, ram_gb: float,
                                              expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L633: "less than 150 GB": exactly 150 GB fails, 149 passes.
    rep = check(cat, "hibernation", ram_gib=gb_to_gib(float(ram_gb)), **HIB)
    assert_result(rep, "RAM size", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("days", "expected"), [(60, "pass"), (61, "fail")])
def test_hibernated_at_most_60_days(cat: Catalog, days: int, expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L637: "cannot be hibernated for more than 60 days".
    rep = check(cat, "hibernation", instance_type="m5.large",
                **{**HIB, "days_hibernated": days})
    r = assert_result(rep, "days hibernated", expected, "EC2-HIBERNATE")
    assert r["notes_line"] == "L637"


@pytest.mark.parametrize(("size_gib", "expected"), [(8, "pass"), (7, "fail")])
def test_root_volume_must_hold_the_ram(cat: Catalog, size_gib: int, expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L629-630: RAM is written to the root EBS volume, which must
    # be large enough. m5.large has 8 GiB of RAM (catalog).
    rep = check(cat, "hibernation", instance_type="m5.large",
                **{**HIB, "root_volume_size_gib": size_gib})
    assert_result(rep, "root volume size", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("encrypted", "expected"), [(True, "pass"), (False, "fail")])
def test_root_volume_must_be_encrypted(cat: Catalog, encrypted: bool, expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L630: "root EBS volume must be encrypted".
    rep = check(cat, "hibernation", instance_type="m5.large",
                **{**HIB, "root_volume_encrypted": encrypted})
    assert_result(rep, "root volume encrypted", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("volume", "expected", "rule_id"),
                         [("gp2", "pass", "EC2-HIBERNATE"),
                          ("instance-store", "fail", "EC2-HIBERNATE"),
                          ("st1", "fail", "EBS-BOOT")])
def test_root_volume_must_be_an_ebs_boot_volume(cat: Catalog, volume: str, expected: str,
                                               rule_id: str) -> None:
    # rule: EC2-HIBERNATE (L630: not instance store); rule: EBS-BOOT (L2608: gp2/gp3/io1/io2).
    rep = check(cat, "hibernation", instance_type="m5.large",
                **{**HIB, "root_volume_type": volume})
    assert_result(rep, "root volume type", expected, rule_id)


def test_bare_metal_cannot_hibernate(cat: Catalog) -> None:
    # rule: EC2-HIBERNATE. Notes L634: "not supported for bare metal instances".
    rep = check(cat, "hibernation", instance_type="r5.metal", ram_gib=16, **HIB)
    r = assert_result(rep, "bare metal", "fail", "EC2-HIBERNATE")
    assert r["notes_line"] == "L634"


def test_unknown_instance_type_is_an_input_error(cat: Catalog) -> None:
    plan = Plan(hibernation=HibernationPlan(instance_type="r5.8xlarg", **HIB))
    with pytest.raises(InputError, match="hibernation.instance_type.*did you mean r5.8xlarge"):
        run_checks(plan, catalog=cat)


# -- EC2-ENA ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("adapter", "gbps", "expected"),
                         [("intel_82599_vf", 10, "pass"), ("intel_82599_vf", 11, "fail"),
                          ("ena", 100, "pass"), ("ena", 101, "fail")])
def test_enhanced_networking_bandwidth(cat: Catalog, adapter: str, gbps: float,
                                       expected: str) -> None:
    # rule: EC2-ENA. Notes L228: ENA up to 100 Gbps; L229: Intel 82599 VF up to 10 Gbps.
    rep = check(cat, "networking", adapter=adapter, required_gbps=gbps)
    r = assert_result(rep, "enhanced networking bandwidth", expected, "EC2-ENA")
    if adapter == "intel_82599_vf" and expected == "fail":
        assert "use ENA" in r["fix"]


@pytest.mark.parametrize(("gbps", "expected"), [(0.75, "pass"), (0.76, "warn")])
def test_instance_baseline_bandwidth(cat: Catalog, gbps: float, expected: str) -> None:
    # rule: EC2-ENA. m5.large baseline 0.75 Gbps (catalog ec2_instances, "Up to 10 Gigabit").
    rep = check(cat, "networking", adapter="ena", required_gbps=gbps, instance_type="m5.large")
    assert_result(rep, "instance bandwidth", expected, "EC2-ENA")


# -- EC2-MONITORING -----------------------------------------------------------------------------
@pytest.mark.parametrize(("detailed", "need_s", "expected"),
                         [(False, 300, "pass"), (False, 299, "fail"),
                          (True, 60, "pass"), (True, 59, "fail"),
                          (True, 300, "warn")])
def test_monitoring_interval(cat: Catalog, detailed: bool, need_s: float,
                             expected: str) -> None:
    # rule: EC2-MONITORING. Notes L487: basic monitoring 5 min (free); L488: detailed 1 min
    # (paid); detailed monitoring when 5 min is enough is a paid surplus (warn).
    rep = check(cat, "monitoring", detailed_monitoring=detailed, needed_interval_s=need_s)
    assert_result(rep, "metric interval", expected, "EC2-MONITORING")


def test_monitoring_below_one_second_fails(cat: Catalog) -> None:
    # rule: EC2-MONITORING. Notes L505: high-resolution custom metrics go down to 1 second.
    assert status(check(cat, "monitoring", detailed_monitoring=True, needed_interval_s=1),
                  "metric interval") == "fail"  # 1 s: only a custom metric gives it
    assert status(check(cat, "monitoring", detailed_monitoring=True, needed_interval_s=0.5),
                  "metric interval") == "fail"


def test_memory_metric_needs_a_custom_metric(cat: Catalog) -> None:
    # rule: EC2-MONITORING. Notes L502: "RAM is NOT included in the AWS EC2 metrics".
    rep = check(cat, "monitoring", needed_interval_s=300, needs_memory_metric=True)
    r = assert_result(rep, "memory metric", "warn", "EC2-MONITORING")
    assert "custom metric" in r["fix"]


# -- EC2-SPOT-FLEET ---------------------------------------------------------------------------
@pytest.mark.parametrize(("strategy", "pools", "workload", "expected"),
                         [("diversified", 2, "long", "pass"), ("diversified", 1, "long", "warn"),
                          ("lowestPrice", 4, "short", "pass"), ("lowestPrice", 4, "long", "warn"),
                          ("capacityOptimized", 1, "long", "pass")])
def test_spot_fleet_strategy(cat: Catalog, strategy: str, pools: int, workload: str,
                             expected: str) -> None:
    # rule: EC2-SPOT-FLEET. Notes L447: lowestPrice for short workloads; L448: diversified for
    # availability and long workloads.
    rep = check(cat, "spot_fleet", allocation_strategy=strategy, launch_pools=pools,
                workload=workload)
    r = assert_result(rep, "allocation strategy", expected, "EC2-SPOT-FLEET")
    assert r["notes_line"] == "L446-449"


# -- EBS-MULTI-ATTACH --------------------------------------------------------------------------
@pytest.mark.parametrize(("instances", "expected"), [(16, "pass"), (17, "fail")])
def test_multi_attach_at_most_16_instances(cat: Catalog, instances: int, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH. Notes L2618: "same AZ, max of 16 EC2 Instances".
    rep = check(cat, "multi_attach", volume_type="io2", instances=instances)
    r = assert_result(rep, "instances", expected, "EBS-MULTI-ATTACH")
    assert r["notes_line"] == "L2618"


@pytest.mark.parametrize(("azs", "expected"), [(1, "pass"), (2, "fail")])
def test_multi_attach_same_az(cat: Catalog, azs: int, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH. Notes L2612, L2618: same AZ only.
    rep = check(cat, "multi_attach", volume_type="io1", instances=2, azs=azs)
    assert_result(rep, "same AZ", expected, "EBS-MULTI-ATTACH")


@pytest.mark.parametrize(("volume", "expected"),
                         [("io1", "pass"), ("io2", "pass"), ("gp3", "fail"), ("gp2", "fail")])
def test_multi_attach_io1_io2_only(cat: Catalog, volume: str, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH. Notes L2613: "only compatible with io1/io2 volume types".
    rep = check(cat, "multi_attach", volume_type=volume, instances=2)
    assert_result(rep, "volume type", expected, "EBS-MULTI-ATTACH")


# -- EBS-RESIZE ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("new_gib", "expected"), [(500, "pass"), (499, "fail"), (501, "pass")])
def test_ebs_volumes_only_grow(cat: Catalog, new_gib: float, expected: str) -> None:
    # rule: EBS-RESIZE. Notes L2629: "cant decrease size -> must create smaller volume".
    rep = check(cat, "ebs_resize", volume_type="gp3", current_size_gib=500, new_size_gib=new_gib)
    r = assert_result(rep, "direction", expected, "EBS-RESIZE")
    if expected == "fail":
        assert "new 499 GiB volume" in r["fix"]


@pytest.mark.parametrize(("basis", "new_gib", "expected"),
                         [("aws_today", 65_536, "pass"), ("aws_today", 65_537, "fail"),
                          ("notes", 16_384, "pass"), ("notes", 16_385, "fail")])
def test_ebs_resize_within_the_type_size(cat: Catalog, basis: str, new_gib: float,
                                         expected: str) -> None:
    # rule: EBS-GP3. Notes L2583: gp3 up to 16 TiB; RULES.md AWS today: 64 TiB.
    rep = check(cat, "ebs_resize", basis=basis, volume_type="gp3", current_size_gib=100,
                new_size_gib=new_gib)
    assert_result(rep, "size range", expected, "EBS-GP3")


# -- LAMBDA-TIMEOUT, LAMBDA-ASYNC-RETRY, LAMBDA-CONCURRENCY -----------------------------------
@pytest.mark.parametrize(("timeout_s", "expected"), [(900, "pass"), (901, "fail")])
def test_lambda_timeout_at_most_900_s(cat: Catalog, timeout_s: float, expected: str) -> None:
    # rule: LAMBDA-TIMEOUT. Notes L2418: "maximum of 900 sec (15minutes)".
    rep = check(cat, "lambda_async", duration_s=10, timeout_s=timeout_s)
    r = assert_result(rep, "timeout", expected, "LAMBDA-TIMEOUT")
    assert r["notes_line"] == "L2418"


@pytest.mark.parametrize(("duration_s", "expected"), [(3, "fail"), (2.999, "pass")])
def test_lambda_run_must_finish_within_the_timeout(cat: Catalog, duration_s: float,
                                                   expected: str) -> None:
    # rule: LAMBDA-TIMEOUT. Notes L2418: default timeout 3 s; a 3 s run times out.
    rep = check(cat, "lambda_async", duration_s=duration_s, timeout_s=3)
    assert_result(rep, "timeout", expected, "LAMBDA-TIMEOUT")


@pytest.mark.parametrize(("error_rate", "idempotent", "expected"),
                         [(0.0, False, "pass"), (0.01, False, "warn"), (0.01, True, "pass")])
def test_lambda_retries_need_idempotency(cat: Catalog, error_rate: float, idempotent: bool,
                                         expected: str) -> None:
    # rule: LAMBDA-ASYNC-RETRY. Notes L2345-2348: retried 2 times (after 1 and 2 minutes);
    # the function should be idempotent.
    rep = check(cat, "lambda_async", duration_s=1, timeout_s=3, error_rate=error_rate,
                idempotent=idempotent, failure_destination=True)
    r = assert_result(rep, "retries", expected, "LAMBDA-ASYNC-RETRY")
    assert "1 min and 2 min" in r["message"]


def test_lambda_failed_events_without_a_destination(cat: Catalog) -> None:
    # rule: LAMBDA-ASYNC-RETRY. Notes L2345, L2350: after 3 failed attempts the event is lost
    # unless a DLQ is set. 10% errors: 0.1^3 = 0.1% of 1,000 events a day = 1 event.
    rep = check(cat, "lambda_async", duration_s=1, timeout_s=3, error_rate=0.1,
                events_per_day=1000)
    r = assert_result(rep, "failed events", "warn", "LAMBDA-ASYNC-RETRY")
    assert "0.1% of events" in r["message"] and "1 events per day" in r["message"]
    rep = check(cat, "lambda_async", duration_s=1, timeout_s=3, error_rate=0.1,
                failure_destination=True)
    assert status(rep, "failed events") == "pass"


@pytest.mark.parametrize(("hours", "expected"), [(6, "pass"), (6 + 1 / SECONDS_PER_HOUR, "fail")])
def test_throttled_events_kept_6_hours(cat: Catalog, hours: float, expected: str) -> None:
    # rule: LAMBDA-CONCURRENCY. Notes L2460: throttled async events retried "for up to 6h".
    rep = check(cat, "lambda_async", duration_s=1, timeout_s=3, throttled_for_h=hours)
    r = assert_result(rep, "throttling", expected, "LAMBDA-CONCURRENCY")
    assert r["notes_line"] == "L2460"


# -- S3-PRESIGNED -------------------------------------------------------------------------------
@pytest.mark.parametrize(("created_with", "seconds", "expected"),
                         [("cli", 604_800, "pass"), ("cli", 604_801, "fail"),
                          ("sdk", 604_800, "pass"), ("sdk", 604_801, "fail"),
                          ("console", 720 * 60, "pass"), ("console", 721 * 60, "fail"),
                          ("console", 60, "pass"), ("console", 59, "fail")])
def test_presigned_url_expiry(cat: Catalog, created_with: str, seconds: float,
                              expected: str) -> None:
    # rule: S3-PRESIGNED. Notes L3022: console 1-720 min; L3023: CLI max 604,800 s (168 h).
    # SDK: Signature Version 4 caps every pre-signed URL at 7 days (AWS CLI/SDK docs).
    rep = check(cat, "presigned_url", created_with=created_with, expires_in_s=seconds)
    assert_result(rep, "expiry", expected, "S3-PRESIGNED")


def test_cli_presigned_url_for_8_days_fails(cat: Catalog) -> None:
    # rule: S3-PRESIGNED. Issue example: a CLI URL for 8 days -> fail, at most 604,800 s.
    rep = check(cat, "presigned_url", created_with="cli", expires_in_s=8 * SECONDS_PER_DAY)
    r = assert_result(rep, "expiry", "fail", "S3-PRESIGNED")
    assert "691,200 s (8 days)" in r["message"] and "at most 604,800 s" in r["message"]
    assert r["notes_line"] == "L3023"


# -- S3-DURABILITY, S3-AVAILABILITY -----------------------------------------------------------
@pytest.mark.parametrize(("accepted", "expected"), [(1e-4, "pass"), (0.99e-4, "warn")])
def test_s3_durability_against_accepted_loss(cat: Catalog, accepted: float,
                                             expected: str) -> None:
    # rule: S3-DURABILITY. Notes L2788: 10,000,000 objects lose one object per 10,000 years,
    # i.e. 1e-4 objects a year.
    rep = check(cat, "s3", storage_class="STANDARD", objects=10_000_000,
                max_objects_lost_per_year=accepted)
    r = assert_result(rep, "durability", expected, "S3-DURABILITY")
    assert "one per 10,000 years" in r["message"]


@pytest.mark.parametrize(("storage_class", "need", "expected"),
                         [("STANDARD", 99.99, "pass"), ("STANDARD", 99.991, "fail"),
                          ("STANDARD_IA", 99.9, "pass"), ("STANDARD_IA", 99.91, "fail"),
                          ("ONEZONE_IA", 99.5, "pass"), ("ONEZONE_IA", 99.51, "fail")])
def test_s3_availability_per_class(cat: Catalog, storage_class: str, need: float,
                                   expected: str) -> None:
    # rule: S3-AVAILABILITY. Notes L2791: Standard 99.99%; L2800: Standard-IA 99.9%;
    # L2803: One Zone-IA 99.5%.
    rep = check(cat, "s3", storage_class=storage_class, objects=1, required_availability_pct=need,
                data_recreatable=True)
    r = assert_result(rep, "availability", expected, "S3-AVAILABILITY")
    if storage_class == "ONEZONE_IA" and expected == "fail":
        assert "STANDARD (99.99%)" in r["fix"] and "STANDARD_IA (99.9%)" in r["fix"]


def test_s3_standard_is_down_about_53_minutes_a_year(cat: Catalog) -> None:
    # rule: S3-AVAILABILITY. Notes L2791: 99.99% "not available 53 minutes a year".
    r = row(check(cat, "s3", storage_class="STANDARD", objects=1), "availability")
    assert "about 53 min down a year" in r["message"]


@pytest.mark.parametrize(("recreatable", "expected"), [(True, "pass"), (False, "warn")])
def test_one_zone_ia_loses_data_with_the_az(cat: Catalog, recreatable: bool,
                                            expected: str) -> None:
    # rule: S3-AVAILABILITY. Notes L2802: One Zone-IA "data lost if AZ destroyed".
    rep = check(cat, "s3", storage_class="ONEZONE_IA", objects=1, data_recreatable=recreatable)
    assert_result(rep, "one zone", expected, "S3-AVAILABILITY")


# -- RDS-BACKUP, RDS-AUTOSCALING, RDS-REPLICAS ---------------------------------------------------
RDS = {"engine": "mysql", "allocated_storage_gib": 100, "free_storage_pct": 50,
       "max_storage_gib": 1000}


@pytest.mark.parametrize(("days", "expected"),
                         [(35, "pass"), (36, "fail"), (40, "fail"), (1, "pass"), (0, "warn"),
                          (None, "pass")])
def test_rds_backup_retention_1_to_35_days(cat: Catalog, days: int | None,
                                           expected: str) -> None:
    # rule: RDS-BACKUP. Notes L3464: "1 - 35 days of retention"; L3465: 0 disables backups;
    # L3398: default 7 days. Issue example: 40 days -> fail.
    rep = check(cat, "rds", **RDS, backup_retention_days=days)
    r = assert_result(rep, "backup retention", expected, "RDS-BACKUP")
    if days is None:
        assert "default 7 days" in r["message"]
    if days == 40:
        assert "1-35 days" in r["message"] and "manual DB snapshots" in r["fix"]


@pytest.mark.parametrize(("growth_gib_per_day", "expected"), [(40, "fail"), (39.9, "pass")])
def test_rds_storage_fills_before_the_6_hour_wait(cat: Catalog, growth_gib_per_day: float,
                                                  expected: str) -> None:
    # rule: RDS-AUTOSCALING. Notes L3407-3409: free < 10% for 5 min AND 6 h since the last
    # change. 100 GiB at 10% free, changed just now: autoscaling may act at 6 h. Growing
    # 40 GiB/day the 10 GiB free lasts exactly 6 h (full when it could act: fail);
    # 39.9 GiB/day lasts longer (autoscaling in time: pass).
    rep = check(cat, "rds", **{**RDS, "free_storage_pct": 10},
                growth_gib_per_day=growth_gib_per_day, hours_since_last_storage_change=0,
                forecast_months=0.01)
    r = assert_result(rep, "storage autoscaling", expected, "RDS-AUTOSCALING")
    if expected == "fail":
        assert "storage full in 6 h before autoscaling can act" in r["message"]
    else:
        assert "first autoscaling in 6 h" in r["message"]


def test_rds_autoscaling_reaching_the_maximum_warns(cat: Catalog) -> None:
    # rule: RDS-AUTOSCALING. 100 GiB, 50% used, 1 GiB/day, maximum 120 GiB: free <= 10% at
    # day 40 (90 GiB used) -> 110 GiB; at day 49 (99 GiB) -> 120 GiB, the maximum (the
    # increment is the greater of 10 GiB and 10%, RDS User Guide). Full at day 70: within a
    # 2-month (60.8-day) forecast the maximum is reached but not yet full -> warn; over 12
    # months it fills -> fail.
    plan = {**RDS, "max_storage_gib": 120, "growth_gib_per_day": 1}
    rep = check(cat, "rds", **plan, forecast_months=2)
    r = assert_result(rep, "storage autoscaling", "warn", "RDS-AUTOSCALING")
    assert "120 GiB maximum" in r["message"] and "2 autoscaling events" in r["message"]
    r = assert_result(check(cat, "rds", **plan, forecast_months=12), "storage autoscaling",
                      "fail", "RDS-AUTOSCALING")
    assert "storage full in 70 days at the 120 GiB maximum" in r["message"]


def test_rds_autoscaling_off_and_storage_fills(cat: Catalog) -> None:
    # rule: RDS-AUTOSCALING. 100 GiB, 50% free, 1 GiB/day: full after 50 days with autoscaling
    # off -> fail; with it on (max 1,000 GiB) -> pass.
    plan = {**RDS, "growth_gib_per_day": 1, "storage_autoscaling": False}
    r = assert_result(check(cat, "rds", **plan), "storage autoscaling", "fail", "RDS-AUTOSCALING")
    assert "storage full in 50 days" in r["message"]
    assert status(check(cat, "rds", **{**plan, "storage_autoscaling": True}),
                  "storage autoscaling") == "pass"


@pytest.mark.parametrize(("replicas", "expected"), [(5, "pass"), (6, "fail")])
def test_rds_at_most_5_read_replicas(cat: Catalog, replicas: int, expected: str) -> None:
    # rule: RDS-REPLICAS. Notes L3416: "up to 5" read replicas (Aurora 15, L3501).
    rep = check(cat, "rds", **RDS, read_replicas=replicas)
    r = assert_result(rep, "read replicas", expected, "RDS-REPLICAS")
    if expected == "fail":
        assert "Aurora (up to 15" in r["fix"]


def test_cross_region_replicas_are_billed(cat: Catalog) -> None:
    # rule: RDS-REPLICAS. Notes L3422-3424: cross-Region replication traffic is paid.
    rep = check(cat, "rds", **RDS, read_replicas=2, cross_region_replicas=1)
    assert_result(rep, "cross-Region replicas", "warn", "RDS-REPLICAS")


# -- AURORA ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("replicas", "expected"), [(15, "pass"), (16, "fail")])
def test_aurora_at_most_15_replicas(cat: Catalog, replicas: int, expected: str) -> None:
    # rule: RDS-REPLICAS. Notes L3501: Aurora "can have 15 replicas".
    rep = check(cat, "aurora", read_replicas=replicas, storage_gib=100)
    assert_result(rep, "replicas", expected, "RDS-REPLICAS")


@pytest.mark.parametrize(("storage_gib", "expected"), [(131_072, "pass"), (131_073, "fail")])
def test_aurora_storage_at_most_128_tb(cat: Catalog, storage_gib: float, expected: str) -> None:
    # rule: AURORA. Notes L3499: storage grows from 10 GB to 128 TB (131,072 GiB).
    rep = check(cat, "aurora", storage_gib=storage_gib)
    assert_result(rep, "storage", expected, "AURORA")


@pytest.mark.parametrize(("azs", "extra", "writes", "expected"),
                         [(1, 0, True, "pass"),  # 4 of 6 left: the write quorum
                          (1, 1, True, "fail"),  # 3 left: reads only
                          (1, 1, False, "pass"),  # 3 left: the read quorum
                          (2, 0, False, "fail")])  # 2 left: nothing
def test_aurora_quorum(cat: Catalog, azs: int, extra: int, writes: bool, expected: str) -> None:
    # rule: AURORA. Notes L3507-3509: 6 copies across 3 AZs, 4 needed for writes, 3 for reads.
    rep = check(cat, "aurora", storage_gib=100, azs_lost=azs, extra_copies_lost=extra,
                writes_needed=writes)
    assert_result(rep, "quorum", expected, "AURORA")


def test_aurora_more_azs_than_exist_is_an_input_error(cat: Catalog) -> None:
    with pytest.raises(InputError, match=r"aurora.azs_lost=4: at most 3.*\[AURORA\]"):
        check(cat, "aurora", storage_gib=100, azs_lost=4)


# -- ELB-DEREGISTRATION ----------------------------------------------------------------------------
@pytest.mark.parametrize(("delay_s", "expected"),
                         [(1, "pass"), (0, "fail"), (3_600, "pass"), (3_601, "fail"),
                          (4_000, "fail")])
def test_deregistration_delay_1_to_3600_s(cat: Catalog, delay_s: float, expected: str) -> None:
    # rule: ELB-DEREGISTRATION. Notes L1201: "between 1 - 3600s, default 300s".
    rep = check(cat, "elb", deregistration_delay_s=delay_s)
    r = assert_result(rep, "deregistration delay", expected, "ELB-DEREGISTRATION")
    if expected == "fail":
        assert "1-3,600 s" in r["message"] and "default 300 s" in r["fix"]


@pytest.mark.parametrize(("delay_s", "expected"), [(30, "pass"), (29, "warn")])
def test_deregistration_delay_covers_requests(cat: Catalog, delay_s: float,
                                              expected: str) -> None:
    # rule: ELB-DEREGISTRATION. Notes L1200: the delay lets in-flight requests complete.
    rep = check(cat, "elb", deregistration_delay_s=delay_s, typical_request_s=30)
    assert_result(rep, "deregistration delay", expected, "ELB-DEREGISTRATION")


# -- ASG-TARGET-TRACKING --------------------------------------------------------------------------
@pytest.mark.parametrize(("goal", "needed"), [("availability", 15), ("balance", 12), ("cost", 9)])
def test_asg_instances_for_each_goal(cat: Catalog, goal: str, needed: int) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1480-1482: availability 40%, balance 50%, cost 70%.
    # A load of 48 vCPUs on 8-vCPU instances: 48 / (8 x 0.4) = 15, / (8 x 0.5) = 12,
    # / (8 x 0.7) = 8.6 -> 9.
    rep = check(cat, "asg", goal=goal, load=48, capacity_per_instance=8, max_size=needed)
    r = assert_result(rep, "instances needed", "pass", "ASG-TARGET-TRACKING")
    assert r["message"].startswith(f"{needed} instances")
    rep = check(cat, "asg", goal=goal, load=48, capacity_per_instance=8, max_size=needed - 1)
    r = assert_result(rep, "instances needed", "fail", "ASG-TARGET-TRACKING")
    assert f"at least {needed}" in r["fix"]


@pytest.mark.parametrize(("target", "expected"), [(50, "pass"), (51, "warn")])
def test_asg_target_matches_the_goal(cat: Catalog, target: float, expected: str) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1481: balance availability and cost => 50%.
    rep = check(cat, "asg", goal="balance", target_utilisation_pct=target, load=1,
                capacity_per_instance=1)
    assert_result(rep, "target utilisation", expected, "ASG-TARGET-TRACKING")


@pytest.mark.parametrize(("warmup_s", "expected"), [(300, "pass"), (301, "warn")])
def test_asg_default_cooldown_against_warmup(cat: Catalog, warmup_s: float,
                                             expected: str) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1380: cooldown default 300 s lets metrics stabilise.
    rep = check(cat, "asg", goal="cost", load=1, capacity_per_instance=1,
                instance_warmup_s=warmup_s)
    r = assert_result(rep, "cooldown", expected, "ASG-TARGET-TRACKING")
    assert "300 s" in r["message"]


# -- CW-CUSTOM-METRICS --------------------------------------------------------------------------
@pytest.mark.parametrize(("offset_h", "expected"), [(-14 * 24, "pass"), (-14 * 24 - 1, "fail")])
def test_custom_metric_at_most_two_weeks_old(cat: Catalog, offset_h: float,
                                             expected: str) -> None:
    # rule: CW-CUSTOM-METRICS. Notes L3667: data points "two weeks in the past".
    rep = check(cat, "cloudwatch", data_point_offsets_h=[offset_h, 0])
    r = assert_result(rep, "past timestamps", expected, "CW-CUSTOM-METRICS")
    assert r["notes_line"] == "L3667"


def test_custom_metric_three_weeks_old_is_rejected(cat: Catalog) -> None:
    # rule: CW-CUSTOM-METRICS. Issue example: a point 3 weeks old -> rejected by CloudWatch.
    rep = check(cat, "cloudwatch", data_point_offsets_h=[-21 * 24])
    r = assert_result(rep, "past timestamps", "fail", "CW-CUSTOM-METRICS")
    assert "oldest 21 days" in r["message"] and "rejected" in r["message"]


@pytest.mark.parametrize(("offset_h", "expected"), [(2, "pass"), (2 + 1 / 60, "fail")])
def test_custom_metric_at_most_two_hours_ahead(cat: Catalog, offset_h: float,
                                               expected: str) -> None:
    # rule: CW-CUSTOM-METRICS. Notes L3667: "two hours in the future".
    rep = check(cat, "cloudwatch", data_point_offsets_h=[offset_h])
    assert_result(rep, "future timestamps", expected, "CW-CUSTOM-METRICS")


@pytest.mark.parametrize(("resolution", "every_s", "expected"),
                         [("standard", 60, "pass"), ("standard", 59, "warn"),
                          ("high", 59, "pass"), ("high", 60, "warn"), ("high", 1, "pass")])
def test_custom_metric_resolution(cat: Catalog, resolution: str, every_s: float,
                                  expected: str) -> None:
    # rule: EC2-MONITORING. Notes L3664-3665 (and L504-505): standard resolution 1 minute;
    # high resolution 1/5/10/30 s at a higher cost.
    rep = check(cat, "cloudwatch", data_point_offsets_h=[0], resolution=resolution,
                send_interval_s=every_s)
    r = assert_result(rep, "resolution", expected, "EC2-MONITORING")
    assert r["notes_line"] == "L3663-3665"


# -- SSM-PARAMETER-TIERS --------------------------------------------------------------------------
@pytest.mark.parametrize(("tier", "count", "expected"),
                         [("standard", 10_000, "pass"), ("standard", 10_001, "fail"),
                          ("advanced", 100_000, "pass"), ("advanced", 100_001, "fail")])
def test_ssm_parameter_count_per_tier(cat: Catalog, tier: str, count: int,
                                      expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L959: Standard 10,000 parameters; L965: Advanced 100,000.
    rep = check(cat, "ssm", tier=tier, parameters=count, largest_value_kb=1)
    assert_result(rep, "parameter count", expected, "SSM-PARAMETER-TIERS")


def test_12000_standard_parameters_fail_with_the_advanced_cost(cat: Catalog) -> None:
    # rule: SSM-PARAMETER-TIERS. Issue example: 12,000 standard -> fail (10,000); notes L969:
    # Advanced $0.05 per parameter-month, so moving 2,000 costs $100.00 a month.
    rep = check(cat, "ssm", tier="standard", parameters=12_000, largest_value_kb=1)
    r = assert_result(rep, "parameter count", "fail", "SSM-PARAMETER-TIERS")
    assert "at most 10,000" in r["message"]
    assert "move 2,000 to the Advanced tier (2,000 x $0.05 = $100.00 per month" in r["fix"]


def test_advanced_parameters_cost(cat: Catalog) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L969: 0.05 $ per advanced parameter per month:
    # 300 parameters = $15.00 a month.
    r = row(check(cat, "ssm", tier="advanced", parameters=300, largest_value_kb=1),
            "parameter count")
    assert "$15.00 per month" in r["message"]


@pytest.mark.parametrize(("tier", "kb", "expected"),
                         [("standard", 4, "pass"), ("standard", 4.01, "fail"),
                          ("advanced", 8, "pass"), ("advanced", 8.01, "fail")])
def test_ssm_value_size_per_tier(cat: Catalog, tier: str, kb: float, expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L960: Standard max 4 KB; L966: Advanced max 8 KB.
    rep = check(cat, "ssm", tier=tier, parameters=1, largest_value_kb=kb)
    r = assert_result(rep, "value size", expected, "SSM-PARAMETER-TIERS")
    if tier == "standard" and expected == "fail":
        assert "Advanced tier" in r["fix"]
    if tier == "advanced" and expected == "fail":
        assert "S3 or Secrets Manager" in r["fix"]


@pytest.mark.parametrize(("tier", "expected"), [("advanced", "pass"), ("standard", "fail")])
def test_ssm_policies_need_advanced(cat: Catalog, tier: str, expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L961: Standard has no parameter policies; L967: Advanced.
    rep = check(cat, "ssm", tier=tier, parameters=1, largest_value_kb=1, needs_policies=True)
    assert_result(rep, "parameter policies", expected, "SSM-PARAMETER-TIERS")


# -- the report as a whole ------------------------------------------------------------------------
def test_every_rule_of_the_issue_has_a_check(cat: Catalog) -> None:
    from pathlib import Path

    from calc.checks import load_plan

    example = Path(__file__).resolve().parents[2] / "examples" / "plan.json"
    rep = run_checks(load_plan(example), catalog=cat)
    extra = {
        "spot_fleet": {"allocation_strategy": "lowestPrice", "launch_pools": 2,
                       "workload": "short"},
        "ebs_resize": {"volume_type": "gp2", "current_size_gib": 10, "new_size_gib": 5},
    }
    rep2 = check(cat, "spot_fleet", **extra["spot_fleet"])
    rep3 = check(cat, "ebs_resize", **extra["ebs_resize"])
    rules = {r.rule_id for r in rep.results + rep2.results + rep3.results}
    wanted = {"EC2-PLACEMENT", "EC2-HIBERNATE", "EC2-ENA", "EC2-MONITORING", "EC2-SPOT-FLEET",
              "EBS-MULTI-ATTACH", "EBS-RESIZE", "LAMBDA-ASYNC-RETRY", "LAMBDA-TIMEOUT",
              "S3-PRESIGNED", "S3-DURABILITY", "S3-AVAILABILITY", "RDS-BACKUP",
              "RDS-AUTOSCALING", "RDS-REPLICAS", "AURORA", "ELB-DEREGISTRATION",
              "ASG-TARGET-TRACKING", "CW-CUSTOM-METRICS", "SSM-PARAMETER-TIERS"}
    assert wanted <= rules


def test_report_table_columns_and_counts(cat: Catalog) -> None:
    rep = check(cat, "elb", deregistration_delay_s=0)
    table = rep.table
    assert list(table.columns) == ["section", "check", "status", "rule_id", "notes_line",
                                   "message", "fix"]
    assert rep.counts == {"pass": 0, "warn": 0, "fail": 1} and rep.failed
    assert all(isinstance(v, str) for v in table.iloc[0].tolist())


def test_empty_plan_has_no_rows(cat: Catalog) -> None:
    rep = run_checks(Plan(), catalog=cat)
    assert rep.table.empty and list(rep.table.columns)[:3] == ["section", "check", "status"]
    assert not rep.failed
