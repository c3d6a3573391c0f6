"""Scaling plan sections (calc.checks.sections.scaling): ELB and ASG target tracking.

Exactly at each limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from; each calls the section's
registered check (tests/calc/checks/support.py).
"""

from __future__ import annotations

import pytest

from tests.calc.checks.support import assert_result, check


# -- ELB-DEREGISTRATION ----------------------------------------------------------------------------
@pytest.mark.parametrize(("delay_s", "expected"),
                         [(1, "pass"), (0.5, "fail"), (3_600, "pass"), (3_601, "fail"),
                          (4_000, "fail")])
def test_deregistration_delay_1_to_3600_s(delay_s: float, expected: str) -> None:
    # rule: ELB-DEREGISTRATION. Notes L1201: "between 1 - 3600s, default 300s"; 0 turns the
    # delay off (ELB API reference, TargetGroupAttribute: "The range is 0-3600 seconds"), a
    # warning: tests/calc/checks/test_boundaries.py.
    got = check("elb", deregistration_delay_s=delay_s)
    r = assert_result(got, "deregistration delay", expected, "ELB-DEREGISTRATION")
    if expected == "fail":
        assert "1-3,600 s" in r["message"] and "default 300 s" in r["fix"]


@pytest.mark.parametrize(("delay_s", "expected"), [(30, "pass"), (29, "warn")])
def test_deregistration_delay_covers_requests(delay_s: float,
                                              expected: str) -> None:
    # rule: ELB-DEREGISTRATION. Notes L1200: the delay lets in-flight requests complete.
    got = check("elb", deregistration_delay_s=delay_s, typical_request_s=30)
    assert_result(got, "deregistration delay", expected, "ELB-DEREGISTRATION")

# -- ASG-TARGET-TRACKING --------------------------------------------------------------------------
@pytest.mark.parametrize(("goal", "needed"), [("availability", 15), ("balance", 12), ("cost", 9)])
def test_asg_instances_for_each_goal(goal: str, needed: int) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1480-1482: availability 40%, balance 50%, cost 70%.
    # A load of 48 vCPUs on 8-vCPU instances: 48 / (8 x 0.4) = 15, / (8 x 0.5) = 12,
    # / (8 x 0.7) = 8.6 -> 9.
    got = check("asg", goal=goal, load=48, capacity_per_instance=8, max_size=needed)
    r = assert_result(got, "instances needed", "pass", "ASG-TARGET-TRACKING")
    assert r["message"].startswith(f"{needed} instances")
    got = check("asg", goal=goal, load=48, capacity_per_instance=8, max_size=needed - 1)
    r = assert_result(got, "instances needed", "fail", "ASG-TARGET-TRACKING")
    assert f"at least {needed}" in r["fix"]


@pytest.mark.parametrize(("target", "expected"), [(50, "pass"), (51, "warn")])
def test_asg_target_matches_the_goal(target: float, expected: str) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1481: balance availability and cost => 50%.
    got = check("asg", goal="balance", target_utilisation_pct=target, load=1,
                capacity_per_instance=1)
    assert_result(got, "target utilisation", expected, "ASG-TARGET-TRACKING")


@pytest.mark.parametrize(("warmup_s", "expected"), [(300, "pass"), (301, "warn")])
def test_asg_default_cooldown_against_warmup(warmup_s: float,
                                             expected: str) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1380: cooldown default 300 s lets metrics stabilise.
    got = check("asg", goal="cost", load=1, capacity_per_instance=1,
                instance_warmup_s=warmup_s)
    r = assert_result(got, "cooldown", expected, "ASG-TARGET-TRACKING")
    assert "300 s" in r["message"]
