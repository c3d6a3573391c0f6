"""The plan checks are registered section functions: one per plan section, in the plan's order."""

from __future__ import annotations

from types import ModuleType

import pytest

from calc.checks import registry
from calc.checks.api import example_plan, run_checks
from calc.checks.findings import CheckContext
from calc.checks.models import SECTIONS, Plan
from calc.checks.registry import check_for, registered_checks, section_check
from calc.checks.results import SectionChecks
from calc.checks.sections import databases, ebs, ec2, lambda_, operations, s3, scaling
from tests.calc.checks.support import CATALOG


def test_every_plan_section_has_one_check_in_the_plans_order() -> None:
    checks = registered_checks()
    assert [c.section for c in checks] == list(SECTIONS)
    assert list(SECTIONS) == [n for n in Plan.model_fields if n != "name"]
    assert len({c.run for c in checks}) == len(SECTIONS)


@pytest.mark.parametrize(("section", "module"), [
    ("placement_group", ec2), ("hibernation", ec2), ("networking", ec2), ("monitoring", ec2),
    ("spot_fleet", ec2), ("multi_attach", ebs), ("ebs_resize", ebs),
    ("lambda_async", lambda_), ("presigned_url", s3), ("s3", s3), ("rds", databases),
    ("aurora", databases), ("elb", scaling), ("asg", scaling), ("cloudwatch", operations),
    ("ssm", operations)])
def test_each_section_is_checked_by_the_function_of_its_topic_module(section: str,
                                                                     module: ModuleType) -> None:
    fn = check_for(section)
    assert fn is getattr(module, section) and fn.__module__ == module.__name__


def test_report_rows_follow_the_section_order() -> None:
    # the order of the rows is the registry's, not the order of the plan file's keys
    data = example_plan().model_dump(exclude_none=True)
    reversed_plan = Plan.model_validate(dict(reversed(list(data.items()))))
    table = run_checks(reversed_plan, catalog=CATALOG).table
    seen = list(dict.fromkeys(table["section"]))
    assert seen == [s for s in SECTIONS if s in seen] and len(seen) == len(SECTIONS)


@pytest.mark.parametrize("section", SECTIONS)
def test_each_check_returns_its_sections_results(section: str) -> None:
    # the example plan fills every section; its check's rows are the report's rows of it
    plan = example_plan()
    ctx = CheckContext(CATALOG, "aws_today")
    done = check_for(section)(getattr(plan, section), ctx)
    assert isinstance(done, SectionChecks) and done.section == section
    assert done.results and all(r.section == section for r in done.results)
    report = run_checks(plan, catalog=CATALOG)
    assert done.results == tuple(r for r in report.results if r.section == section)


def test_an_unknown_section_cannot_be_registered() -> None:
    with pytest.raises(ValueError, match="'lambda' is not a plan section"):
        section_check("lambda")


def test_a_section_cannot_have_two_checks() -> None:
    def other(p, ctx):  # type: ignore[no-untyped-def]
        raise AssertionError("never run")

    with pytest.raises(ValueError, match="'elb' already has a check .*scaling.elb"):
        section_check("elb")(other)
    assert check_for("elb") is scaling.elb


def test_registering_the_same_function_again_is_harmless() -> None:
    assert section_check("ssm")(operations.ssm) is operations.ssm
    assert registry.check_for("ssm") is operations.ssm
