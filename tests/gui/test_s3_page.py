"""S3 page: calc's lifecycle numbers in the table and charts, inline errors, export = CLI."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox

from calc.cli import main as cli_main
from calc.s3.cli import lifecycle_output
from calc.s3.lifecycle import S3LifecycleInput
from gui.pages.s3 import S3Page
from tests.gui.helpers import type_into as _type

CLI_ARGS = ["s3", "lifecycle", "--monthly-ingest-gb", "1000", "--months", "36",
            "--rule", "standard_ia:30", "--rule", "glacier_ir:90",
            "--rule", "glacier_flexible:180", "--expire-days", "730"]


def _page(window) -> S3Page:  # type: ignore[no-untyped-def]
    page = window.show_page("s3")
    assert isinstance(page, S3Page)
    return page


def test_default_scenario_matches_calc(window) -> None:  # type: ignore[no-untyped-def]
    # rule: S3-LIFECYCLE - the page shows calc's simulation for its default inputs.
    page = _page(window)
    inp = S3LifecycleInput(monthly_ingest_gb=1000, months=36, expire_days=730, rules=(
        {"storage_class": "standard_ia", "days": 30},
        {"storage_class": "glacier_ir", "days": 90},
        {"storage_class": "glacier_flexible", "days": 180}))
    out, res = lifecycle_output(inp)
    assert page.results_frame().equals(out.table)
    x, y = page.cost_chart.series_data("lifecycle")
    assert np.allclose(y, res.cumulative["lifecycle_cumulative_usd"])
    area = page.stack_chart.values["s3:glacier_flexible"]
    assert np.allclose(area, res.gb_by_class["glacier_flexible_gb"])
    assert "cheapest" in page.summary.text()


def test_export_equals_cli_csv(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    path = tmp_path / "s3.csv"
    page.export_csv(path)
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli_main([*CLI_ARGS, "--format", "csv"]) == 0
    assert path.read_text() == buf.getvalue()
    header = path.read_text().splitlines()[0]
    assert header.endswith(",region,prices_as_of")


def test_typing_changes_table_and_chart(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "monthly_ingest_gb", "2,000")
    assert page.results_frame()["ingest_gb"].iloc[0] == 2000
    assert page.stack_chart.values["s3:standard"][1] == pytest.approx(2000)


def test_rule_out_of_order_shows_message(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # rule: S3-LIFECYCLE - lifecycle moves objects only to a colder class.
    page = _page(window)
    box = page.findChild(QComboBox, "input_rule3_class")
    box.setCurrentIndex(box.findData("standard_ia"))
    page.presenter.recompute()
    label = page.form.errors["rule3_class"]
    assert label.isVisibleTo(page) and "out of order" in label.text()
    assert "S3-LIFECYCLE" in label.text()
    assert not page.export_allowed and not window.export_action.isEnabled()


def test_negative_ingest_names_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "monthly_ingest_gb", "-5")
    label = page.form.errors["monthly_ingest_gb"]
    assert label.isVisibleTo(page) and "monthly_ingest_gb=-5" in label.text()


def test_region_change_recomputes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    before = page.results_frame()["no_lifecycle_cumulative_usd"].iloc[-1]
    with qtbot.waitSignal(page.presenter.results_changed, timeout=3000):
        window.set_region("sa-east-1")
    after = page.results_frame()["no_lifecycle_cumulative_usd"].iloc[-1]
    assert after > before  # Sao Paulo storage costs more than N. Virginia


def test_scenario_round_trip(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "months", "48")
    path = tmp_path / "s.json"
    window.save_scenario(path)
    _type(qtbot, page, "months", "12")
    assert window.open_scenario(path)
    assert len(page.results_frame()) == 48


def test_invalid_scenario_changes_nothing(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    path = tmp_path / "bad.json"
    path.write_text('{"app": "costsizer", "version": 1, "region": "us-east-1", '
                    '"pages": {"s3": {"months": "0"}}}')
    assert not window.open_scenario(path)
    assert "page 's3'" in window.last_error and "months" in window.last_error
    assert len(page.results_frame()) == 36
