"""EFS & data transfer page: calc's numbers on the page's own catalog, the chosen table,
inline errors, export = CLI, and the Explain panel's prices and dates."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox

from calc.efs import api as efs
from calc.pricing import Catalog
from calc.transfer import api as transfer
from gui import format as fmt
from gui.pages.transfer import TransferPage
from tests.gui.helpers import cli_csv as _cli_csv
from tests.gui.helpers import type_into as _type
from tests.support.scaled import scaled_catalog

EFS_DEFAULT = efs.EfsCostInput(storage_gb=1000, ia_percent=80, required_mibps=50)
TRANSFER_DEFAULT = transfer.TransferInput(data_tb=100, bandwidth_mbps=1000, utilization=0.8)


@pytest.fixture(scope="module")
def x10(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


def _window_page(window) -> TransferPage:  # type: ignore[no-untyped-def]
    page = window.show_page("transfer")
    assert isinstance(page, TransferPage)
    return page


def test_default_efs_numbers(make_page) -> None:  # type: ignore[no-untyped-def]
    # rule: EFS-IA, EFS-BURST - the page shows calc's EFS cost for its defaults.
    page = make_page("transfer")
    res = efs.cost(EFS_DEFAULT, catalog=page.catalog)
    assert page.results_frame().equals(res.breakdown)
    x, y = page.mix_chart.series_data("efs_storage")
    assert np.allclose(y, res.class_mix["storage_usd_per_month"])
    _x, base = page.burst_chart.series_data("baseline")
    assert np.allclose(base, res.burst["baseline_mibps"])
    assert "$80.00 a month" in page.summary.text()
    assert ("bursting is enough" if res.bursting_enough
            else "bursting is not enough") in page.summary.text()


def test_two_catalogs_each_page_shows_api_on_its_own(make_page, x10: Catalog) -> None:  # type: ignore[no-untyped-def]
    # issue 12: the page computes on the catalog it was handed, never the global one
    pages = {"bundled": make_page("transfer"), "x10": make_page("transfer", x10)}
    totals = {}
    for name, page in pages.items():
        res = efs.cost(EFS_DEFAULT, catalog=page.catalog)
        assert page.results_frame().equals(res.breakdown), name
        assert fmt.money(res.usd_per_month) in page.summary.text()
        totals[name] = res.usd_per_month
        plan = transfer.plan(TRANSFER_DEFAULT, catalog=page.catalog)
        assert page.days_chart.heights == pytest.approx(plan.options["days"].tolist())
        shown = page.explain._html
        assert res.prices_used
        for p in res.prices_used:
            assert html.escape(p.what) in shown
            assert html.escape(fmt.rate(p.usd_per_unit, p.unit)) in shown
            assert p.as_of in shown
        assert f"Prices from the {page.catalog.label} snapshot" in shown
    assert totals["x10"] == pytest.approx(10 * totals["bundled"])
    assert "$800.00 a month" in pages["x10"].summary.text()


def test_transfer_days_and_one_week_line(make_page) -> None:  # type: ignore[no-untyped-def]
    # rule: SNOW-RULE - 100 TB over 1 Gbps at 80% is about 11.6 days: use Snow.
    page = make_page("transfer")
    plan = transfer.plan(TRANSFER_DEFAULT, catalog=page.catalog)
    assert page.days_chart.heights == pytest.approx(plan.options["days"].tolist())
    assert page.week_line.value() == plan.one_week_days
    assert plan.recommend_snow and "use the Snow Family" in page.summary.text()


def test_export_equals_cli_csv_for_each_table(qtbot, make_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page("transfer")
    path = tmp_path / "efs.csv"
    page.export_csv(path)
    assert path.read_text() == _cli_csv(["efs", "cost", "--storage-gb", "1000",
                                         "--ia-percent", "80", "--required-mibps", "50"])
    box = page.findChild(QComboBox, "input_table")
    box.setCurrentIndex(box.findData("transfer"))
    page.presenter.recompute()
    page.export_csv(path)
    assert path.read_text() == _cli_csv(["transfer", "plan", "--data-tb", "100",
                                         "--bandwidth-mbps", "1000", "--utilization", "0.8"])


def test_typing_updates_numbers(qtbot, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page("transfer")
    _type(qtbot, page, "transfer_data_tb", "10")
    plan = transfer.plan(transfer.TransferInput(data_tb=10, bandwidth_mbps=1000),
                         catalog=page.catalog)
    assert page.days_chart.heights == pytest.approx(plan.options["days"].tolist())
    assert not plan.recommend_snow and "use the network" in page.summary.text()


def test_bad_utilisation_is_shown_beside_the_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _window_page(window)
    _type(qtbot, page, "transfer_utilization", "1.5")
    label = page.form.errors["transfer_utilization"]
    assert label.isVisibleTo(page) and "1.5" in label.text()
    assert not page.export_allowed and not window.export_action.isEnabled()


def test_region_without_prices_is_said_plainly(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _window_page(window)
    with qtbot.waitSignal(page.presenter.results_changed, timeout=60_000):
        window.set_region("eu-west-1")
    assert page.results_frame()["usd_per_unit"].iloc[0] != 0.30  # Ireland's own price


def test_efs_month_days_and_hours_reach_the_cost(qtbot, make_page) -> None:  # type: ignore[no-untyped-def]
    # rule: EFS-BILLING: the page passes the month fields to calc; the number is calc's
    page = make_page("transfer")
    _type(qtbot, page, "efs_hours", "372")
    _type(qtbot, page, "efs_month_days", "31")
    res = efs.cost(efs.EfsCostInput(storage_gb=1000, ia_percent=80, required_mibps=50,
                                    hours=372, month_days=31), catalog=page.catalog)
    assert page.results_frame().equals(res.breakdown)
    assert any("31-day month" in n for n in res.notes)


def test_efs_bad_month_days_is_shown_beside_the_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # rule: EFS-BILLING: 32 days is refused with the range
    page = _window_page(window)
    _type(qtbot, page, "efs_month_days", "32")
    label = page.form.errors["efs_month_days"]
    assert label.isVisibleTo(page) and "32" in label.text() and "28 to 31" in label.text()
