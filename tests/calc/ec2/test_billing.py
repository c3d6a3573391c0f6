"""On-Demand billing granularity by operating system (EC2-OD-BILLING): which OS is billed per
second with a 60-second minimum and which per started hour, and a short job on each.

Sources: re:Post knowledge center "How am I billed for my Amazon EC2 instances?"
(https://repost.aws/knowledge-center/ec2-instance-hour-billing): "Per-second billing with a
60-second minimum is available for Amazon Linux, Windows, RHEL, Ubuntu, and Ubuntu Pro
instances across all Regions"; "Each partial instance-hour is billed as a full hour for
instances launched in the operating systems SUSE". What's New 2024-04-01, "Announcing
per-second billing for EC2 Red Hat Enterprise Linux (RHEL)-based instances"
(https://aws.amazon.com/about-aws/whats-new/2024/04/per-second-billing-ec2-rhel-based-instances/):
"RHEL, RHEL HA, RHEL SQL and RHEL HA SQL", one-second increments with a one-minute minimum.
"""

from __future__ import annotations

import pytest

from calc.context import validate
from calc.ec2.costs import billed_seconds_per_run
from calc.ec2.models import Ec2Workload
from calc.ec2.options import OS_LABELS, bills_per_second, os_label
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
# EC2-OD-BILLING figures as AWS states them (EC2 pricing page / re:Post above): 60 s minimum,
# 1 s increments; per-hour OS billed in whole hours of 3,600 s.
BILLING = dict(min_billed_seconds=60, billing_increment_s=1, hourly_increment_s=3600)

PER_SECOND = [
    "linux",  # Amazon Linux and other Linux (plain Ubuntu is priced and billed as Linux)
    "linux_with_sql_web", "linux_with_sql_std", "linux_with_sql_enterprise",
    "windows", "windows_byol",
    "windows_with_sql_web", "windows_with_sql_std", "windows_with_sql_enterprise",
    # RHEL-based, per second since 1 April 2024 (What's New 2024-04)
    "rhel", "rhel_with_ha",
    "rhel_with_sql_web", "rhel_with_sql_std", "rhel_with_sql_enterprise",
    "rhel_with_ha_and_sql_std", "rhel_with_ha_and_sql_enterprise",
    "ubuntu_pro",
]
PER_HOUR = ["suse"]


def test_every_os_is_listed_once() -> None:
    # rule: EC2-OD-BILLING. The two lists cover every OS the calculator offers, so a new OS
    # cannot slip in without a decision on its billing.
    assert sorted(PER_SECOND + PER_HOUR) == sorted(OS_LABELS)


@pytest.mark.parametrize("os", PER_SECOND)
def test_per_second_os(os: str) -> None:
    # rule: EC2-OD-BILLING (re:Post ec2-instance-hour-billing; What's New 2024-04 for RHEL)
    assert bills_per_second(os) is True
    assert bills_per_second(os_label(os)) is True  # the snapshot label says the same


@pytest.mark.parametrize("os", PER_HOUR)
def test_suse_bills_per_started_hour(os: str) -> None:
    # rule: EC2-OD-BILLING (re:Post: "billed as a full hour ... SUSE")
    assert bills_per_second(os) is False


@pytest.mark.parametrize(("os", "per_second"), [
    ("linux", True), ("windows", True), ("windows_with_sql_web", True),
    ("linux_with_sql_std", True), ("windows_byol", True),
    ("rhel", False), ("rhel_with_ha", False), ("rhel_with_ha_and_sql_std", False),
    ("suse", False), ("ubuntu_pro", False)])
def test_notes_basis_keeps_linux_and_windows_only(os: str, per_second: bool) -> None:
    # rule: EC2-OD-BILLING (notes L359-363): Linux/Windows per second, other OS per hour
    assert bills_per_second(os, basis="notes") is per_second


@pytest.mark.parametrize(("job_s", "per_second_billed", "per_hour_billed"), [
    (30, 60, 3600),      # under the minute: the 60 s minimum
    (60, 60, 3600),      # exactly the minimum
    (90, 90, 3600),      # above the minimum: billed per second
    (90.2, 91, 3600),    # a started second is billed
    (3600, 3600, 3600),  # one hour exactly: both the same
    (3601, 3601, 7200),  # a second into the second hour: per-hour OS pays two hours
])
@pytest.mark.parametrize("os", PER_SECOND + PER_HOUR)
def test_short_job_per_os(os: str, job_s: float, per_second_billed: float,
                          per_hour_billed: float) -> None:
    # rule: EC2-OD-BILLING. A 30 s job bills 60 s and a 90 s job 90 s on every per-second OS
    # (60-second minimum, re:Post ec2-instance-hour-billing); on SUSE each bills a full hour.
    expected = per_second_billed if os in PER_SECOND else per_hour_billed
    billed = billed_seconds_per_run(job_seconds=job_s, per_second_billing=bills_per_second(os),
                                    **BILLING)
    assert billed == expected


@pytest.mark.parametrize(("os", "job_s", "hours"), [
    ("rhel", 90, 500 * 90 / 3600),          # 12.5 h, not 500 h (the old per-hour rule)
    ("rhel", 30, 500 * 60 / 3600),          # 8.33 h: the 60 s minimum
    ("ubuntu_pro", 90, 500 * 90 / 3600),
    ("ubuntu_pro", 30, 500 * 60 / 3600),
    ("rhel_with_ha_and_sql_enterprise", 30, 500 * 60 / 3600),
    ("windows_with_sql_std", 90, 500 * 90 / 3600),
    ("suse", 90, 500.0),                    # a full hour per run
    ("suse", 30, 500.0),
])
def test_workload_hours_for_short_jobs(os: str, job_s: float, hours: float) -> None:
    # rule: EC2-OD-BILLING. 500 runs a month of a short job: the hours the workload bills
    # follow the OS's granularity (the limits' 60 s minimum, 1 s step, 3,600 s hour).
    w = validate(Ec2Workload, dict(region="us-east-1", instance_type="m5.large", os=os,
                                   job_seconds=job_s, runs_per_month=500), catalog=CAT)
    assert w.usage_hours_per_month == pytest.approx(hours)
