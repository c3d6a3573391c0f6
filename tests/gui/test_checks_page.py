"""Plan checks page: the example plan from the package, the same rows as `python -m calc
check`, inline errors, export; the page shows calc.checks.api's report on its own catalog (two
catalogs: the bundled snapshot and one whose limits.csv has other figures)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from calc.checks import api
from calc.cli import main as cli_main
from calc.pricing import Catalog
from gui.pages.checks import ChecksPage
from tests.calc.checks.support import catalog_with_limits

README_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.json"


@pytest.fixture
def page(make_page) -> ChecksPage:  # type: ignore[no-untyped-def]
    p = make_page("checks")
    assert isinstance(p, ChecksPage)
    return p


@pytest.fixture(scope="module")
def other_limits(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    # rule: EC2-PLACEMENT, SSM-PARAMETER-TIERS - 9 per spread group per AZ instead of 7, and
    # $0.50 per Advanced parameter-month instead of $0.05
    return catalog_with_limits(tmp_path_factory.mktemp("limits"), {
        "ec2.placement.spread_max_per_az": 9, "ssm.advanced.usd_per_parameter_month": 0.5})


def _assert_shows_api(page: ChecksPage) -> None:
    expected = api.run_checks(api.example_plan(), catalog=page.catalog)
    table = page.findChild(QTableView, "results_table")
    assert table.model().rowCount() == len(expected.results) > 0
    assert page.results_frame().equals(expected.table)
    assert page.report is not None and page.report.results == expected.results
    assert page.charts() and page.chart.heights == [
        float(expected.counts[s]) for s in ("pass", "warn", "fail")]


def test_opens_with_the_example_plan_checked(page: ChecksPage) -> None:
    # the example plan comes from the package (calc/checks/data), not from the source tree
    assert all(box.isChecked() for box, _form in page.sections.values())
    _assert_shows_api(page)


def test_each_page_shows_api_on_its_own_catalog(make_page, other_limits) -> None:  # type: ignore[no-untyped-def]
    bundled = make_page("checks")
    other = make_page("checks", other_limits)
    _assert_shows_api(bundled)
    _assert_shows_api(other)
    spread = "spread: instances per AZ"
    frame = bundled.results_frame()
    assert frame[frame.check == spread].iloc[0].status == "fail"
    frame = other.results_frame()
    assert frame[frame.check == spread].iloc[0].status == "pass"
    fix = frame[frame.check == "parameter count"].iloc[0].fix
    assert "2,000 x $0.5 = $1,000.00 per month" in fix


def test_export_equals_cli_csv(page: ChecksPage, tmp_path: Path) -> None:
    out = tmp_path / "checks.csv"
    page.export_csv(out)
    buf = io.StringIO()
    with redirect_stdout(buf), redirect_stderr(io.StringIO()):
        code = cli_main(["check", str(README_EXAMPLE), "--format", "csv"])
    assert code == 1  # the example plan has failing checks on purpose
    assert out.read_text() == buf.getvalue()


def test_typing_fixes_a_check(qtbot, page: ChecksPage) -> None:  # type: ignore[no-untyped-def]
    # rule: EC2-PLACEMENT - a spread group holds at most 7 running instances per AZ (L261).
    frame = page.results_frame()
    row = frame[frame.check.str.contains("instances per AZ")].iloc[0]
    assert row.status == "fail"
    edit = page.findChild(QLineEdit, "input_instances_per_az")
    edit.clear()
    qtbot.keyClicks(edit, "7")
    with qtbot.waitSignal(page.results_changed, timeout=2000):
        pass
    frame = page.results_frame()
    assert frame[frame.check.str.contains("instances per AZ")].iloc[0].status == "pass"


def test_invalid_input_shows_message_and_disables_export(qtbot, page: ChecksPage) -> None:  # type: ignore[no-untyped-def]
    edit = page.findChild(QLineEdit, "input_backup_retention_days")
    edit.setText("abc")
    with qtbot.waitSignal(page.errors_changed, timeout=2000):
        edit.textEdited.emit("abc")
    label = page.sections["rds"][1].errors["backup_retention_days"]
    assert label.isVisibleTo(page) and "not a number" in label.text()
    assert "'abc'" in label.text()
    assert not page.export_allowed
    edit.setText("7")
    with qtbot.waitSignal(page.results_changed, timeout=2000):
        edit.textEdited.emit("7")
    assert page.export_allowed
    assert isinstance(label, QLabel) and not label.isVisibleTo(page)


def test_scenario_round_trip(page: ChecksPage, tmp_path: Path) -> None:
    page.sections["ssm"][1].set_values({"parameters": "9000"})
    path = tmp_path / "plan-scenario.json"
    path.write_text(json.dumps(page.scenario()), encoding="utf-8")
    page.sections["ssm"][1].set_values({"parameters": "12000"})
    data = json.loads(path.read_text(encoding="utf-8"))
    page.validate_scenario(data)
    page.load_scenario(data)
    assert page.sections["ssm"][1].values()["parameters"] == "9000"
    frame = page.results_frame()
    # rule: SSM-PARAMETER-TIERS - standard tier: at most 10,000 parameters (L959).
    assert frame[frame.check == "parameter count"].iloc[0].status == "pass"
