"""S3 page: calc's lifecycle numbers on the page's own catalog in the table and charts,
inline errors, export = CLI, and the Explain panel's prices and dates."""

from __future__ import annotations

import html
import io
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox

from calc.cli import main as cli_main
from calc.pricing import Catalog
from calc.s3 import api
from gui import format as fmt
from gui.pages.s3 import S3Page
from tests.gui.helpers import type_into as _type
from tests.support.scaled import scaled_catalog

CLI_ARGS = ["s3", "lifecycle", "--monthly-ingest-gb", "1000", "--months", "36",
            "--rule", "standard_ia:30", "--rule", "glacier_ir:90",
            "--rule", "glacier_flexible:180", "--expire-days", "730"]
DEFAULT = api.S3LifecycleInput(monthly_ingest_gb=1000, months=36, expire_days=730, rules=(
    api.LifecycleRule(storage_class="standard_ia", days=30),
    api.LifecycleRule(storage_class="glacier_ir", days=90),
    api.LifecycleRule(storage_class="glacier_flexible", days=180)))


@pytest.fixture(scope="module")
def x10(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


def _window_page(window) -> S3Page:  # type: ignore[no-untyped-def]
    page = window.show_page("s3")
    assert isinstance(page, S3Page)
    return page


def test_default_scenario_matches_calc(make_page) -> None:  # type: ignore[no-untyped-def]
    # rule: S3-LIFECYCLE - the page shows calc's simulation for its default inputs.
    page = make_page("s3")
    res = api.lifecycle(DEFAULT, catalog=page.catalog)
    assert page.results_frame().equals(api.report(res).table)
    x, y = page.cost_chart.series_data("lifecycle")
    assert np.allclose(y, res.cumulative["lifecycle_cumulative_usd"])
    area = page.stack_chart.values["s3:glacier_flexible"]
    assert np.allclose(area, res.gb_by_class["glacier_flexible_gb"])
    # calc's verdict, with calc's labels
    assert res.cheapest is not None
    assert (f"{api.SCENARIO_LABELS[res.cheapest]}: " in page.summary.text()
            and res.cheapest_label in page.summary.text())


def test_two_catalogs_each_page_shows_api_on_its_own(make_page, x10: Catalog) -> None:  # type: ignore[no-untyped-def]
    # issue 12: a page computes on the catalog it was handed, never the global one
    pages = {"bundled": make_page("s3"), "x10": make_page("s3", x10)}
    totals = {}
    for name, page in pages.items():
        res = api.lifecycle(DEFAULT, catalog=page.catalog)
        assert page.results_frame().equals(api.report(res).table), name
        totals[name] = page.results_frame()["no_lifecycle_cumulative_usd"].iloc[-1]
        # the Explain panel lists this catalog's own prices and dates
        shown = page.explain._html
        assert res.prices_used
        for p in res.prices_used:
            assert html.escape(p.what) in shown
            assert html.escape(fmt.rate(p.usd_per_unit, p.unit)) in shown
            assert p.as_of in shown
        assert f"Prices from the {page.catalog.label} snapshot" in shown
    assert totals["x10"] == pytest.approx(10 * totals["bundled"])
    bundled = api.lifecycle(DEFAULT, catalog=pages["bundled"].catalog).prices_used
    x10_html = pages["x10"].explain._html
    assert not any(html.escape(fmt.rate(p.usd_per_unit, p.unit)) in x10_html
                   for p in bundled if p.usd_per_unit)


def test_export_equals_cli_csv(make_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page("s3")
    path = tmp_path / "s3.csv"
    page.export_csv(path)
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli_main([*CLI_ARGS, "--format", "csv"]) == 0
    assert path.read_text() == buf.getvalue()
    header = path.read_text().splitlines()[0]
    assert header.endswith(",region,prices_as_of")


def test_typing_changes_table_and_chart(qtbot, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page("s3")
    _type(qtbot, page, "monthly_ingest_gb", "2,000")
    assert page.results_frame()["ingest_gb"].iloc[0] == 2000
    assert page.stack_chart.values["s3:standard"][1] == pytest.approx(2000)


def test_rule_out_of_order_shows_message(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # rule: S3-LIFECYCLE - lifecycle moves objects only to a colder class.
    page = _window_page(window)
    box = page.findChild(QComboBox, "input_rule3_class")
    box.setCurrentIndex(box.findData("standard_ia"))
    page.presenter.recompute()
    label = page.form.errors["rule3_class"]
    assert label.isVisibleTo(page) and "out of order" in label.text()
    assert "S3-LIFECYCLE" in label.text()
    assert not page.export_allowed and not window.export_action.isEnabled()


def test_negative_ingest_names_field(qtbot, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page("s3")
    page.show()
    _type(qtbot, page, "monthly_ingest_gb", "-5")
    label = page.form.errors["monthly_ingest_gb"]
    assert label.isVisibleTo(page) and "monthly_ingest_gb=-5" in label.text()


def test_region_change_recomputes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _window_page(window)
    before = page.results_frame()["no_lifecycle_cumulative_usd"].iloc[-1]
    with qtbot.waitSignal(page.presenter.results_changed, timeout=60_000):
        window.set_region("sa-east-1")
    after = page.results_frame()["no_lifecycle_cumulative_usd"].iloc[-1]
    assert after > before  # Sao Paulo storage costs more than N. Virginia


def test_scenario_round_trip(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _window_page(window)
    _type(qtbot, page, "months", "48")
    path = tmp_path / "s.json"
    window.save_scenario(path)
    _type(qtbot, page, "months", "12")
    assert window.open_scenario(path)
    assert len(page.results_frame()) == 48


def test_invalid_scenario_changes_nothing(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _window_page(window)
    path = tmp_path / "bad.json"
    path.write_text('{"app": "costsizer", "version": 1, "region": "us-east-1", '
                    '"pages": {"s3": {"months": "0"}}}')
    assert not window.open_scenario(path)
    assert "page 's3'" in window.last_error and "months" in window.last_error
    assert len(page.results_frame()) == 36
