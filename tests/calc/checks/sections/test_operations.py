"""Operations plan sections (calc.checks.sections.operations): CloudWatch, SSM.

Exactly at each limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from; each calls the section's
registered check (tests/calc/checks/support.py).
"""

from __future__ import annotations

import pytest

from tests.calc.checks.support import assert_result, check, row


# -- CW-CUSTOM-METRICS --------------------------------------------------------------------------
@pytest.mark.parametrize(("offset_h", "expected"), [(-14 * 24, "pass"), (-14 * 24 - 1, "fail")])
def test_custom_metric_at_most_two_weeks_old(offset_h: float,
                                             expected: str) -> None:
    # rule: CW-CUSTOM-METRICS. Notes L3667: data points "two weeks in the past".
    got = check("cloudwatch", data_point_offsets_h=[offset_h, 0])
    r = assert_result(got, "past timestamps", expected, "CW-CUSTOM-METRICS")
    assert r["notes_line"] == "L3667"


def test_custom_metric_three_weeks_old_is_rejected() -> None:
    # rule: CW-CUSTOM-METRICS. Issue example: a point 3 weeks old -> rejected by CloudWatch.
    got = check("cloudwatch", data_point_offsets_h=[-21 * 24])
    r = assert_result(got, "past timestamps", "fail", "CW-CUSTOM-METRICS")
    assert "oldest 21 days" in r["message"] and "rejected" in r["message"]


@pytest.mark.parametrize(("offset_h", "expected"), [(2, "pass"), (2 + 1 / 60, "fail")])
def test_custom_metric_at_most_two_hours_ahead(offset_h: float,
                                               expected: str) -> None:
    # rule: CW-CUSTOM-METRICS. Notes L3667: "two hours in the future".
    got = check("cloudwatch", data_point_offsets_h=[offset_h])
    assert_result(got, "future timestamps", expected, "CW-CUSTOM-METRICS")


@pytest.mark.parametrize(("resolution", "every_s", "expected"),
                         [("standard", 60, "pass"), ("standard", 59, "warn"),
                          ("high", 59, "pass"), ("high", 60, "warn"), ("high", 1, "pass")])
def test_custom_metric_resolution(resolution: str, every_s: float,
                                  expected: str) -> None:
    # rule: EC2-MONITORING. Notes L3664-3665 (and L504-505): standard resolution 1 minute;
    # high resolution 1/5/10/30 s at a higher cost.
    got = check("cloudwatch", data_point_offsets_h=[0], resolution=resolution,
                send_interval_s=every_s)
    r = assert_result(got, "resolution", expected, "EC2-MONITORING")
    assert r["notes_line"] == "L3663-3665"

# -- SSM-PARAMETER-TIERS --------------------------------------------------------------------------
@pytest.mark.parametrize(("tier", "count", "expected"),
                         [("standard", 10_000, "pass"), ("standard", 10_001, "fail"),
                          ("advanced", 100_000, "pass"), ("advanced", 100_001, "fail")])
def test_ssm_parameter_count_per_tier(tier: str, count: int,
                                      expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L959: Standard 10,000 parameters; L965: Advanced 100,000.
    got = check("ssm", tier=tier, parameters=count, largest_value_kb=1)
    assert_result(got, "parameter count", expected, "SSM-PARAMETER-TIERS")


def test_12000_standard_parameters_fail_with_the_advanced_cost() -> None:
    # rule: SSM-PARAMETER-TIERS. Issue example: 12,000 standard -> fail (10,000); notes L969:
    # Advanced $0.05 per parameter-month, so moving 2,000 costs $100.00 a month.
    got = check("ssm", tier="standard", parameters=12_000, largest_value_kb=1)
    r = assert_result(got, "parameter count", "fail", "SSM-PARAMETER-TIERS")
    assert "at most 10,000" in r["message"]
    assert "move 2,000 to the Advanced tier (2,000 x $0.05 = $100.00 per month" in r["fix"]


def test_advanced_parameters_cost() -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L969: 0.05 $ per advanced parameter per month:
    # 300 parameters = $15.00 a month.
    r = row(check("ssm", tier="advanced", parameters=300, largest_value_kb=1),
            "parameter count")
    assert "$15.00 per month" in r["message"]


@pytest.mark.parametrize(("tier", "kb", "expected"),
                         [("standard", 4, "pass"), ("standard", 4.01, "fail"),
                          ("advanced", 8, "pass"), ("advanced", 8.01, "fail")])
def test_ssm_value_size_per_tier(tier: str, kb: float, expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L960: Standard max 4 KB; L966: Advanced max 8 KB.
    got = check("ssm", tier=tier, parameters=1, largest_value_kb=kb)
    r = assert_result(got, "value size", expected, "SSM-PARAMETER-TIERS")
    if tier == "standard" and expected == "fail":
        assert "Advanced tier" in r["fix"]
    if tier == "advanced" and expected == "fail":
        assert "S3 or Secrets Manager" in r["fix"]


@pytest.mark.parametrize(("tier", "expected"), [("advanced", "pass"), ("standard", "fail")])
def test_ssm_policies_need_advanced(tier: str, expected: str) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L961: Standard has no parameter policies; L967: Advanced.
    got = check("ssm", tier=tier, parameters=1, largest_value_kb=1, needs_policies=True)
    assert_result(got, "parameter policies", expected, "SSM-PARAMETER-TIERS")
