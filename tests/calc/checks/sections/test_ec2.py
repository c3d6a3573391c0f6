"""EC2 plan sections (calc.checks.sections.ec2): exactly at each limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from; each calls the section's
registered check (tests/calc/checks/support.py).
"""

from __future__ import annotations

import pytest

from calc.errors import InputError
from calc.units import gb_to_gib
from tests.calc.checks.support import assert_result, check, status


# -- EC2-PLACEMENT --------------------------------------------------------------------------
@pytest.mark.parametrize(("per_az", "expected"), [(7, "pass"), (8, "fail")])
def test_spread_group_at_most_7_per_az(per_az: int, expected: str) -> None:
    # rule: EC2-PLACEMENT. Notes L261: "max 7 instances per group per AZ".
    got = check("placement_group", strategy="spread", azs=3, instances_per_az=per_az)
    r = assert_result(got, "spread: instances per AZ", expected, "EC2-PLACEMENT")
    assert r["notes_line"] == "L261"


def test_spread_group_of_9_says_two_groups_or_partition() -> None:
    # rule: EC2-PLACEMENT. Issue example: 9 per AZ in a spread group -> fail, at most 7.
    got = check("placement_group", strategy="spread", azs=2, instances_per_az=9)
    r = assert_result(got, "spread: instances per AZ", "fail", "EC2-PLACEMENT")
    assert "9 instances" in r["message"] and "at most 7" in r["message"]
    assert "2 spread groups" in r["fix"] and "partition" in r["fix"]


@pytest.mark.parametrize(("partitions", "expected"), [(7, "pass"), (8, "fail")])
def test_partition_group_at_most_7_partitions_per_az(partitions: int,
                                                     expected: str) -> None:
    # rule: EC2-PLACEMENT. Notes L272: "up to 7 partitions per AZ".
    got = check("placement_group", strategy="partition", instances_per_az=200,
                partitions_per_az=partitions)
    r = assert_result(got, "partition: partitions per AZ", expected, "EC2-PLACEMENT")
    assert r["notes_line"] == "L272"


@pytest.mark.parametrize(("azs", "expected"), [(1, "pass"), (2, "fail")])
def test_cluster_group_lives_in_one_az(azs: int, expected: str) -> None:
    # rule: EC2-PLACEMENT. Notes L253: cluster group "in a single AZ"; L255: 10 Gbps.
    got = check("placement_group", strategy="cluster", azs=azs, instances_per_az=4)
    r = assert_result(got, "cluster: AZs", expected, "EC2-PLACEMENT")
    if expected == "pass":
        assert "10 Gbps" in r["message"]

# -- EC2-HIBERNATE --------------------------------------------------------------------------
HIB = {"root_volume_type": "gp3", "root_volume_size_gib": 300, "root_volume_encrypted": True,
       "days_hibernated": 1}


def test_hibernating_r5_8xlarge_fails_on_ram() -> None:
    # rule: EC2-HIBERNATE. Notes L633: "instance RAM size must be less than 150 GB". The issue's
    # example: r5.8xlarge has 256 GiB (catalog ec2_instances, memory_gib) -> fail.
    got = check("hibernation", instance_type="r5.8xlarge", **HIB)
    r = assert_result(got, "RAM size", "fail", "EC2-HIBERNATE")
    assert "256 GiB" in r["message"] and "less than 150 GB" in r["message"]
    assert r["notes_line"] == "L633"
    assert "r5.4xlarge (128 GiB)" in r["fix"]  # the largest r5 under 150 GB


@pytest.mark.parametrize(("ram_gb", "expected"), [(150, "fail"), (149, "pass")])
def test_hibernation_ram_must_be_under_150_gb(ram_gb: float,
                                              expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L633: "less than 150 GB": exactly 150 GB fails, 149 passes.
    got = check("hibernation", ram_gib=gb_to_gib(float(ram_gb)), **HIB)
    assert_result(got, "RAM size", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("days", "expected"), [(60, "pass"), (61, "fail")])
def test_hibernated_at_most_60_days(days: int, expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L637: "cannot be hibernated for more than 60 days".
    got = check("hibernation", instance_type="m5.large",
                **{**HIB, "days_hibernated": days})
    r = assert_result(got, "days hibernated", expected, "EC2-HIBERNATE")
    assert r["notes_line"] == "L637"


@pytest.mark.parametrize(("size_gib", "expected"), [(8, "pass"), (7, "fail")])
def test_root_volume_must_hold_the_ram(size_gib: int, expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L629-630: RAM is written to the root EBS volume, which must
    # be large enough. m5.large has 8 GiB of RAM (catalog).
    got = check("hibernation", instance_type="m5.large",
                **{**HIB, "root_volume_size_gib": size_gib})
    assert_result(got, "root volume size", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("encrypted", "expected"), [(True, "pass"), (False, "fail")])
def test_root_volume_must_be_encrypted(encrypted: bool, expected: str) -> None:
    # rule: EC2-HIBERNATE. Notes L630: "root EBS volume must be encrypted".
    got = check("hibernation", instance_type="m5.large",
                **{**HIB, "root_volume_encrypted": encrypted})
    assert_result(got, "root volume encrypted", expected, "EC2-HIBERNATE")


@pytest.mark.parametrize(("volume", "expected", "rule_id"),
                         [("gp2", "pass", "EC2-HIBERNATE"),
                          ("instance-store", "fail", "EC2-HIBERNATE"),
                          ("st1", "fail", "EBS-BOOT")])
def test_root_volume_must_be_an_ebs_boot_volume(volume: str, expected: str,
                                                rule_id: str) -> None:
    # rule: EC2-HIBERNATE (L630: not instance store); rule: EBS-BOOT (L2608: gp2/gp3/io1/io2).
    got = check("hibernation", instance_type="m5.large",
                **{**HIB, "root_volume_type": volume})
    assert_result(got, "root volume type", expected, rule_id)


def test_bare_metal_cannot_hibernate() -> None:
    # rule: EC2-HIBERNATE. Notes L634: "not supported for bare metal instances".
    got = check("hibernation", instance_type="r5.metal", ram_gib=16, **HIB)
    r = assert_result(got, "bare metal", "fail", "EC2-HIBERNATE")
    assert r["notes_line"] == "L634"


def test_unknown_instance_type_is_an_input_error() -> None:
    # the catalog names the instance types; a misspelt one is bad input naming its field
    with pytest.raises(InputError, match="hibernation.instance_type.*did you mean r5.8xlarge"):
        check("hibernation", instance_type="r5.8xlarg", **HIB)

# -- EC2-ENA ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("adapter", "gbps", "expected"),
                         [("intel_82599_vf", 10, "pass"), ("intel_82599_vf", 11, "fail"),
                          ("ena", 100, "pass"), ("ena", 101, "fail")])
def test_enhanced_networking_bandwidth(adapter: str, gbps: float,
                                       expected: str) -> None:
    # rule: EC2-ENA. Notes L228: ENA up to 100 Gbps; L229: Intel 82599 VF up to 10 Gbps.
    got = check("networking", adapter=adapter, required_gbps=gbps)
    r = assert_result(got, "enhanced networking bandwidth", expected, "EC2-ENA")
    if adapter == "intel_82599_vf" and expected == "fail":
        assert "use ENA" in r["fix"]


@pytest.mark.parametrize(("gbps", "expected"), [(0.75, "pass"), (0.76, "warn")])
def test_instance_baseline_bandwidth(gbps: float, expected: str) -> None:
    # rule: EC2-ENA. m5.large baseline 0.75 Gbps (catalog ec2_instances, "Up to 10 Gigabit").
    got = check("networking", adapter="ena", required_gbps=gbps, instance_type="m5.large")
    assert_result(got, "instance bandwidth", expected, "EC2-ENA")

# -- EC2-MONITORING -----------------------------------------------------------------------------
@pytest.mark.parametrize(("detailed", "need_s", "expected"),
                         [(False, 300, "pass"), (False, 299, "fail"),
                          (True, 60, "pass"), (True, 59, "fail"),
                          (True, 300, "warn")])
def test_monitoring_interval(detailed: bool, need_s: float,
                             expected: str) -> None:
    # rule: EC2-MONITORING. Notes L487: basic monitoring 5 min (free); L488: detailed 1 min
    # (paid); detailed monitoring when 5 min is enough is a paid surplus (warn).
    got = check("monitoring", detailed_monitoring=detailed, needed_interval_s=need_s)
    assert_result(got, "metric interval", expected, "EC2-MONITORING")


def test_monitoring_below_one_second_fails() -> None:
    # rule: EC2-MONITORING. Notes L505: high-resolution custom metrics go down to 1 second.
    assert status(check("monitoring", detailed_monitoring=True, needed_interval_s=1),
                  "metric interval") == "fail"  # 1 s: only a custom metric gives it
    assert status(check("monitoring", detailed_monitoring=True, needed_interval_s=0.5),
                  "metric interval") == "fail"


def test_memory_metric_needs_a_custom_metric() -> None:
    # rule: EC2-MONITORING. Notes L502: "RAM is NOT included in the AWS EC2 metrics".
    got = check("monitoring", needed_interval_s=300, needs_memory_metric=True)
    r = assert_result(got, "memory metric", "warn", "EC2-MONITORING")
    assert "custom metric" in r["fix"]

# -- EC2-SPOT-FLEET ---------------------------------------------------------------------------
@pytest.mark.parametrize(("strategy", "pools", "workload", "expected"),
                         [("diversified", 2, "long", "pass"), ("diversified", 1, "long", "warn"),
                          ("lowestPrice", 4, "short", "pass"), ("lowestPrice", 4, "long", "warn"),
                          ("capacityOptimized", 1, "long", "pass")])
def test_spot_fleet_strategy(strategy: str, pools: int, workload: str,
                             expected: str) -> None:
    # rule: EC2-SPOT-FLEET. Notes L447: lowestPrice for short workloads; L448: diversified for
    # availability and long workloads.
    got = check("spot_fleet", allocation_strategy=strategy, launch_pools=pools,
                workload=workload)
    r = assert_result(got, "allocation strategy", expected, "EC2-SPOT-FLEET")
    assert r["notes_line"] == "L446-449"
