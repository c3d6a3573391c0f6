"""Database plan sections (calc.checks.sections.databases): RDS and Aurora.

Exactly at each limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from; each calls the section's
registered check (tests/calc/checks/support.py).
"""

from __future__ import annotations

import pytest

from calc.errors import InputError
from tests.calc.checks.support import assert_result, check, status

# -- RDS-BACKUP, RDS-AUTOSCALING, RDS-REPLICAS ---------------------------------------------------
RDS = {"engine": "mysql", "allocated_storage_gib": 100, "free_storage_pct": 50,
       "max_storage_gib": 1000}


@pytest.mark.parametrize(("days", "expected"),
                         [(35, "pass"), (36, "fail"), (40, "fail"), (1, "pass"), (0, "warn"),
                          (None, "pass")])
def test_rds_backup_retention_1_to_35_days(days: int | None,
                                           expected: str) -> None:
    # rule: RDS-BACKUP. Notes L3464: "1 - 35 days of retention"; L3465: 0 disables backups;
    # L3398: default 7 days. Issue example: 40 days -> fail.
    got = check("rds", **RDS, backup_retention_days=days)
    r = assert_result(got, "backup retention", expected, "RDS-BACKUP")
    if days is None:
        assert "default 7 days" in r["message"]
    if days == 40:
        assert "1-35 days" in r["message"] and "manual DB snapshots" in r["fix"]


@pytest.mark.parametrize(("growth_gib_per_day", "expected"), [(40, "fail"), (39.9, "pass")])
def test_rds_storage_fills_before_the_6_hour_wait(growth_gib_per_day: float,
                                                  expected: str) -> None:
    # rule: RDS-AUTOSCALING. Notes L3407-3409: free < 10% for 5 min AND 6 h since the last
    # change. 100 GiB at 10% free, changed just now: autoscaling may act at 6 h. Growing
    # 40 GiB/day the 10 GiB free lasts exactly 6 h (full when it could act: fail);
    # 39.9 GiB/day lasts longer (autoscaling in time: pass).
    got = check("rds", **{**RDS, "free_storage_pct": 10},
                growth_gib_per_day=growth_gib_per_day, hours_since_last_storage_change=0,
                forecast_months=0.01)
    r = assert_result(got, "storage autoscaling", expected, "RDS-AUTOSCALING")
    if expected == "fail":
        assert "storage full in 6 h before autoscaling can act" in r["message"]
    else:
        assert "first autoscaling in 6 h" in r["message"]


def test_rds_autoscaling_reaching_the_maximum_warns() -> None:
    # rule: RDS-AUTOSCALING. 100 GiB, 50% used, 1 GiB/day, maximum 120 GiB: free <= 10% at
    # day 40 (90 GiB used) -> 110 GiB; at day 49 (99 GiB) -> 120 GiB, the maximum (the
    # increment is the greater of 10 GiB and 10%, RDS User Guide). Full at day 70: within a
    # 2-month (60.8-day) forecast the maximum is reached but not yet full -> warn; over 12
    # months it fills -> fail.
    plan = {**RDS, "max_storage_gib": 120, "growth_gib_per_day": 1}
    got = check("rds", **plan, forecast_months=2)
    r = assert_result(got, "storage autoscaling", "warn", "RDS-AUTOSCALING")
    assert "120 GiB maximum" in r["message"] and "2 autoscaling events" in r["message"]
    r = assert_result(check("rds", **plan, forecast_months=12), "storage autoscaling",
                      "fail", "RDS-AUTOSCALING")
    assert "storage full in 70 days at the 120 GiB maximum" in r["message"]


def test_rds_autoscaling_off_and_storage_fills() -> None:
    # rule: RDS-AUTOSCALING. 100 GiB, 50% free, 1 GiB/day: full after 50 days with autoscaling
    # off -> fail; with it on (max 1,000 GiB) -> pass.
    plan = {**RDS, "growth_gib_per_day": 1, "storage_autoscaling": False}
    r = assert_result(check("rds", **plan), "storage autoscaling", "fail", "RDS-AUTOSCALING")
    assert "storage full in 50 days" in r["message"]
    assert status(check("rds", **{**plan, "storage_autoscaling": True}),
                  "storage autoscaling") == "pass"


@pytest.mark.parametrize(("replicas", "expected"), [(5, "pass"), (6, "fail")])
def test_rds_at_most_5_read_replicas(replicas: int, expected: str) -> None:
    # rule: RDS-REPLICAS. Notes L3416: "up to 5" read replicas (Aurora 15, L3501); the notes'
    # figure for every engine (AWS today: 15 for MySQL, tests/calc/checks/test_boundaries.py).
    got = check("rds", basis="notes", **RDS, read_replicas=replicas)
    r = assert_result(got, "read replicas", expected, "RDS-REPLICAS")
    if expected == "fail":
        assert "Aurora (up to 15" in r["fix"]


def test_cross_region_replicas_are_billed() -> None:
    # rule: RDS-REPLICAS. Notes L3422-3424: cross-Region replication traffic is paid.
    got = check("rds", **RDS, read_replicas=2, cross_region_replicas=1)
    assert_result(got, "cross-Region replicas", "warn", "RDS-REPLICAS")

# -- AURORA ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("replicas", "expected"), [(15, "pass"), (16, "fail")])
def test_aurora_at_most_15_replicas(replicas: int, expected: str) -> None:
    # rule: RDS-REPLICAS. Notes L3501: Aurora "can have 15 replicas".
    got = check("aurora", read_replicas=replicas, storage_gib=100)
    assert_result(got, "replicas", expected, "RDS-REPLICAS")


@pytest.mark.parametrize(("storage_gib", "expected"), [(131_072, "pass"), (131_073, "fail")])
def test_aurora_storage_at_most_128_tb(storage_gib: float, expected: str) -> None:
    # rule: AURORA. Notes L3499: storage grows from 10 GB to 128 TB (131,072 GiB).
    got = check("aurora", storage_gib=storage_gib)
    assert_result(got, "storage", expected, "AURORA")


@pytest.mark.parametrize(("azs", "extra", "writes", "expected"),
                         [(1, 0, True, "pass"),  # 4 of 6 left: the write quorum
                          (1, 1, True, "fail"),  # 3 left: reads only
                          (1, 1, False, "pass"),  # 3 left: the read quorum
                          (2, 0, False, "fail")])  # 2 left: nothing
def test_aurora_quorum(azs: int, extra: int, writes: bool, expected: str) -> None:
    # rule: AURORA. Notes L3507-3509: 6 copies across 3 AZs, 4 needed for writes, 3 for reads.
    got = check("aurora", storage_gib=100, azs_lost=azs, extra_copies_lost=extra,
                writes_needed=writes)
    assert_result(got, "quorum", expected, "AURORA")


def test_aurora_more_azs_than_exist_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"aurora.azs_lost=4: at most 3.*\[AURORA\]"):
        check("aurora", storage_gib=100, azs_lost=4)
