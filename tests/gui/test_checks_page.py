"""Plan checks page: the same rows as `python -m calc check`, inline errors, export."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from calc.checks import load_plan, run_checks
from calc.cli import main as cli_main
from calc.pricing.snapshots import active_catalog
from gui.app import build_main_window
from gui.pages.checks import EXAMPLE, ChecksPage


def _page(qtbot) -> tuple[object, ChecksPage]:  # type: ignore[no-untyped-def]
    w = build_main_window(active_catalog())
    qtbot.addWidget(w)
    page = w.show_page("checks")
    assert isinstance(page, ChecksPage)
    return w, page


def test_opens_with_the_example_plan_checked(qtbot) -> None:  # type: ignore[no-untyped-def]
    _w, page = _page(qtbot)
    table = page.findChild(QTableView, "results_table")
    expected = run_checks(load_plan(EXAMPLE)).table
    assert table.model().rowCount() == len(expected) > 0
    assert page.results_frame().equals(expected)
    assert page.charts() and page.chart.heights == [
        float((expected.status == s).sum()) for s in ("pass", "warn", "fail")]


def test_export_equals_cli_csv(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _w, page = _page(qtbot)
    out = tmp_path / "checks.csv"
    page.export_csv(out)
    buf = io.StringIO()
    with redirect_stdout(buf), redirect_stderr(io.StringIO()):
        code = cli_main(["check", str(EXAMPLE), "--format", "csv"])
    assert code == 1  # the example plan has failing checks on purpose
    assert out.read_text() == buf.getvalue()


def test_typing_fixes_a_check(qtbot) -> None:  # type: ignore[no-untyped-def]
    # rule: EC2-PLACEMENT - a spread group holds at most 7 running instances per AZ (L261).
    _w, page = _page(qtbot)
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


def test_invalid_input_shows_message_and_disables_export(qtbot) -> None:  # type: ignore[no-untyped-def]
    w, page = _page(qtbot)
    edit = page.findChild(QLineEdit, "input_backup_retention_days")
    edit.setText("abc")
    with qtbot.waitSignal(page.errors_changed, timeout=2000):
        edit.textEdited.emit("abc")
    label = page.sections["rds"][1].errors["backup_retention_days"]
    assert label.isVisibleTo(page) and "not a number" in label.text()
    assert "'abc'" in label.text()
    assert not page.export_allowed and not w.export_action.isEnabled()
    edit.setText("7")
    with qtbot.waitSignal(page.results_changed, timeout=2000):
        edit.textEdited.emit("7")
    assert page.export_allowed and w.export_action.isEnabled()
    assert isinstance(label, QLabel) and not label.isVisibleTo(page)


def test_scenario_round_trip(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, page = _page(qtbot)
    page.sections["ssm"][1].set_values({"parameters": "9000"})
    path = tmp_path / "plan-scenario.json"
    w.save_scenario(path)
    page.sections["ssm"][1].set_values({"parameters": "12000"})
    assert w.open_scenario(path)
    assert page.sections["ssm"][1].values()["parameters"] == "9000"
    frame = page.results_frame()
    # rule: SSM-PARAMETER-TIERS - standard tier: at most 10,000 parameters (L959).
    assert frame[frame.check == "parameter count"].iloc[0].status == "pass"
