"""calc.checks.api: the catalog comes in (required keyword), the limits are that catalog's,
the example plan ships inside the package, and the report is the CLI's Output."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from calc.checks import api
from calc.checks.models import Plan, PlanError
from calc.pricing import Catalog
from tests.calc.checks.support import CATALOG, catalog_with_limits
from tests.support.scaled import scaled_catalog

ROOT = Path(__file__).resolve().parents[3]
README_EXAMPLE = ROOT / "examples" / "plan.json"  # the path README's `check` examples use


@pytest.fixture(scope="module")
def other_limits(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    # rule: EC2-PLACEMENT and SSM-PARAMETER-TIERS with other figures than the notes' (7 per
    # AZ, $0.05 per parameter-month): a catalog whose limits.csv says 9 and $0.50
    return catalog_with_limits(tmp_path_factory.mktemp("limits"), {
        "ec2.placement.spread_max_per_az": 9, "ssm.advanced.usd_per_parameter_month": 0.5})


@pytest.mark.parametrize("entry", [api.run_checks, api.check_plan_file])
def test_the_catalog_is_a_required_keyword(entry) -> None:  # type: ignore[no-untyped-def]
    param = inspect.signature(entry).parameters["catalog"]
    assert param.kind is inspect.Parameter.KEYWORD_ONLY
    assert param.default is inspect.Parameter.empty
    with pytest.raises(TypeError, match="catalog"):
        entry(Plan())


def test_no_module_of_the_checks_fetches_the_active_catalog() -> None:
    package = ROOT / "calc" / "checks"
    sources = [*package.rglob("*.py"), ROOT / "gui" / "pages" / "checks.py"]
    assert len(sources) > 10
    assert [p.name for p in sources if "active_catalog" in p.read_text(encoding="utf-8")] == []


def test_example_plan_on_the_bundled_catalog() -> None:
    # the example shows the cases: 9 per AZ in a spread group (at most 7, L261), an
    # r5.8xlarge (256 GiB) hibernating (under 150 GB, L631), a 60 s metric on basic
    # monitoring (300 s, L490), an 8-day CLI URL (at most 7 days, L3022), 40 days of backups
    # (1-35, L3394), 12 instances needed for a max size of 10, a 3-week-old metric (2 weeks,
    # L3667) and 12,000 standard parameters (at most 10,000, L959)
    report = api.run_checks(api.example_plan(), catalog=CATALOG)
    assert report.counts == {"pass": 27, "warn": 4, "fail": 8}
    assert report.failing_rules == [
        "EC2-PLACEMENT", "EC2-HIBERNATE", "EC2-MONITORING", "S3-PRESIGNED", "RDS-BACKUP",
        "ASG-TARGET-TRACKING", "CW-CUSTOM-METRICS", "SSM-PARAMETER-TIERS"]
    assert set(report.calculations) == {"lambda_async", "s3", "rds_autoscaling", "aurora",
                                        "asg"}
    assert api.failure_line(report) == (
        "8 of 39 checks fail (EC2-PLACEMENT, EC2-HIBERNATE, EC2-MONITORING, S3-PRESIGNED, "
        "RDS-BACKUP, ASG-TARGET-TRACKING, CW-CUSTOM-METRICS, SSM-PARAMETER-TIERS)")


def _row(report: api.CheckReport, check: str) -> api.CheckResult:
    (row,) = [r for r in report.results if r.check == check]
    return row


def test_the_limits_are_the_catalogs_handed_in(other_limits: Catalog) -> None:
    plan = api.example_plan()
    bundled = api.run_checks(plan, catalog=CATALOG)
    other = api.run_checks(plan, catalog=other_limits)
    # rule: EC2-PLACEMENT - 9 per AZ fails at most 7, passes at most 9
    assert _row(bundled, "spread: instances per AZ").status == "fail"
    spread = _row(other, "spread: instances per AZ")
    assert spread.status == "pass" and "(at most 9)" in spread.message
    # rule: SSM-PARAMETER-TIERS - the cost line of moving 2,000 parameters to Advanced:
    # 2,000 x $0.05 = $100.00 per month, and 2,000 x $0.50 = $1,000.00 with the other limits
    assert "2,000 x $0.05 = $100.00 per month" in _row(bundled, "parameter count").fix
    assert "2,000 x $0.5 = $1,000.00 per month" in _row(other, "parameter count").fix
    assert bundled.counts["fail"] - other.counts["fail"] == 1


def test_checks_read_limits_not_snapshot_prices(tmp_path: Path) -> None:
    # every price of the snapshot x10: the limits (limits.csv has no USD price columns in the
    # manifest) and so every check stay as they are
    x10 = scaled_catalog(tmp_path / "x10", 10)
    plan = api.example_plan()
    assert api.run_checks(plan, catalog=x10).table.equals(
        api.run_checks(plan, catalog=CATALOG).table)


def test_the_example_plan_is_package_data_and_the_readme_copy_is_identical() -> None:
    package_file = ROOT / "calc" / "checks" / "data" / "example_plan.json"
    assert README_EXAMPLE.read_bytes() == package_file.read_bytes()
    assert api.example_plan_data() == json.loads(README_EXAMPLE.read_text(encoding="utf-8"))
    assert api.example_plan() == api.load_plan(README_EXAMPLE)


def test_report_is_the_cli_output() -> None:
    plan = api.example_plan()
    result = api.run_checks(plan, catalog=CATALOG, basis="notes")
    out = api.report(result, plan=plan, source="examples/plan.json")
    assert out.exit_code == 1 and out.table.equals(result.table)
    assert out.notes == [f"plan {plan.name!r}: 8 fail, 4 warn, 27 pass (limits: notes)"]
    assert out.data["basis"] == "notes" and out.data["summary"] == result.counts
    assert out.data["calculations"] is result.calculations


def test_report_of_an_empty_unnamed_plan() -> None:
    out = api.report(api.run_checks(Plan(), catalog=CATALOG), plan=Plan(), source="p.json")
    assert out.exit_code == 0
    assert out.notes == ["plan p.json: 0 fail, 0 warn, 0 pass (limits: aws_today)",
                         "the plan has no sections to check"]


def test_a_name_the_catalog_does_not_know_is_a_plan_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"networking": {"adapter": "ena", "required_gbps": 5,
                                               "instance_type": "m5.larg"}}), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        api.check_plan_file(path, catalog=CATALOG)
    assert info.value.field == "networking.instance_type"
    assert str(info.value).startswith(f"plan {path}: ")
