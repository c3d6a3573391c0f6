"""The report of a plan: its table (the CLI's and the GUI's rows), counts and summaries."""

from __future__ import annotations

from calc.checks.api import example_plan, run_checks
from calc.checks.models import Plan
from calc.checks.results import COLUMNS, CheckReport, CheckResult
from tests.calc.checks.support import CATALOG


def test_report_table_columns_and_counts() -> None:
    # rule: ELB-DEREGISTRATION. Notes L1200-1202: the delay is 1-3,600 s; 3,601 s fails.
    rep = run_checks(Plan.model_validate({"elb": {"deregistration_delay_s": 3_601}}),
                     catalog=CATALOG)
    table = rep.table
    assert list(table.columns) == ["section", "check", "status", "rule_id", "notes_line",
                                   "message", "fix"] == list(COLUMNS)
    assert rep.counts == {"pass": 0, "warn": 0, "fail": 1} and rep.failed
    assert all(isinstance(v, str) for v in table.iloc[0].tolist())
    assert rep.summary == "1 fail, 0 warn, 0 pass"
    assert rep.rules == rep.failing_rules == ["ELB-DEREGISTRATION"]


def test_empty_plan_has_no_rows() -> None:
    rep = run_checks(Plan(), catalog=CATALOG)
    assert rep.table.empty and list(rep.table.columns)[:3] == ["section", "check", "status"]
    assert not rep.failed and rep.summary == "0 fail, 0 warn, 0 pass" and rep.rules == []


def test_rules_are_listed_once_in_the_order_of_the_rows() -> None:
    rows = (CheckResult("a", "x", "pass", "R-1", "L1", "m"),
            CheckResult("a", "y", "fail", "R-2", "L2", "m", "f"),
            CheckResult("b", "z", "fail", "R-1", "L1", "m", "f"),
            CheckResult("b", "w", "warn", "R-3", "L3", "m", "f"))
    rep = CheckReport(rows)
    assert rep.rules == ["R-1", "R-2", "R-3"]
    assert rep.failing_rules == ["R-2", "R-1"]
    assert rep.counts == {"pass": 1, "warn": 1, "fail": 2}


def test_every_rule_of_the_issue_has_a_check() -> None:
    rep = run_checks(example_plan(), catalog=CATALOG)
    more = Plan.model_validate({
        "spot_fleet": {"allocation_strategy": "lowestPrice", "launch_pools": 2,
                       "workload": "short"},
        "ebs_resize": {"volume_type": "gp2", "current_size_gib": 10, "new_size_gib": 5}})
    rep2 = run_checks(more, catalog=CATALOG)
    rules = {r.rule_id for r in rep.results + rep2.results}
    wanted = {"EC2-PLACEMENT", "EC2-HIBERNATE", "EC2-ENA", "EC2-MONITORING", "EC2-SPOT-FLEET",
              "EBS-MULTI-ATTACH", "EBS-RESIZE", "LAMBDA-ASYNC-RETRY", "LAMBDA-TIMEOUT",
              "S3-PRESIGNED", "S3-DURABILITY", "S3-AVAILABILITY", "RDS-BACKUP",
              "RDS-AUTOSCALING", "RDS-REPLICAS", "AURORA", "ELB-DEREGISTRATION",
              "ASG-TARGET-TRACKING", "CW-CUSTOM-METRICS", "SSM-PARAMETER-TIERS"}
    assert wanted <= rules
