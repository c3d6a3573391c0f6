"""EFS & data transfer page: calc's numbers, the chosen table, inline errors, export = CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox

from calc.efs.api import EfsCostInput, efs_cost
from calc.transfer.api import TransferInput, plan_transfer
from gui.pages.transfer import TransferPage
from tests.gui.helpers import cli_csv as _cli_csv
from tests.gui.helpers import type_into as _type


def _page(window) -> TransferPage:  # type: ignore[no-untyped-def]
    page = window.show_page("transfer")
    assert isinstance(page, TransferPage)
    return page


def test_default_efs_numbers(window) -> None:  # type: ignore[no-untyped-def]
    # rule: EFS-IA, EFS-BURST - the page shows calc's EFS cost for its defaults.
    page = _page(window)
    res = efs_cost(EfsCostInput(storage_gb=1000, ia_percent=80, required_mibps=50))
    assert page.results_frame().equals(res.breakdown)
    x, y = page.mix_chart.series_data("efs_storage")
    assert np.allclose(y, res.class_mix["storage_usd_per_month"])
    _x, base = page.burst_chart.series_data("baseline")
    assert np.allclose(base, res.burst["baseline_mibps"])
    assert "$80.00 a month" in page.summary.text()


def test_transfer_days_and_one_week_line(window) -> None:  # type: ignore[no-untyped-def]
    # rule: SNOW-RULE - 100 TB over 1 Gbps at 80% is about 11.6 days: use Snow.
    page = _page(window)
    plan = plan_transfer(TransferInput(data_tb=100, bandwidth_mbps=1000, utilization=0.8))
    assert page.days_chart.heights == pytest.approx(plan.options["days"].tolist())
    assert page.week_line.value() == plan.one_week_days
    assert "use the Snow Family" in page.summary.text()


def test_export_equals_cli_csv_for_each_table(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
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


def test_typing_updates_numbers(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "transfer_data_tb", "10")
    plan = plan_transfer(TransferInput(data_tb=10, bandwidth_mbps=1000))
    assert page.days_chart.heights == pytest.approx(plan.options["days"].tolist())
    assert "use the network" in page.summary.text()


def test_bad_utilisation_is_shown_beside_the_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "transfer_utilization", "1.5")
    label = page.form.errors["transfer_utilization"]
    assert label.isVisibleTo(page) and "1.5" in label.text()
    assert not page.export_allowed and not window.export_action.isEnabled()


def test_region_without_prices_is_said_plainly(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    with qtbot.waitSignal(page.presenter.results_changed, timeout=3000):
        window.set_region("eu-west-1")
    assert page.results_frame()["usd_per_unit"].iloc[0] != 0.30  # Ireland's own price
