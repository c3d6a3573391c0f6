"""The GUI and damaged price snapshots (issue 15, item 2): never a wrong price, never a crash.

At start-up a damaged refreshed snapshot is passed over and the status bar says which, why and
which snapshot the prices come from. A table damaged after start-up (read later, when a page
first needs it) shows a plain message on the page in place of results, no number, and the
status bar says a restart will use the newest valid snapshot; calc passes over the damaged
snapshot from then on.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from calc.pricing.snapshots import active_catalog, clear_active
from gui import app as gui_app
from gui.app import build_main_window
from tests.pricing.test_integrity import _price_edit, write_refreshed


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    d = tmp_path / "data"
    monkeypatch.setenv("COSTSIZER_DATA_DIR", str(d))  # never the user's own data dir
    clear_active()
    yield d
    clear_active()


def _damage_keeping_mtime(folder: Path) -> None:
    """The Lambda request price edited in place, size and mtime kept (a bit rotting on
    disk): only the table's own sha256 check can see it."""
    path = folder / "lambda_prices.csv"
    st = path.stat()
    _price_edit(folder)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_start_up_names_the_damaged_snapshot_in_the_status_bar(data_dir: Path, tmp_path: Path,
                                                              monkeypatch, qtbot) -> None:
    folder = write_refreshed(data_dir)
    _price_edit(folder)
    seen: dict[str, str] = {}

    def shoot(window, _folder):  # what `python -m gui --screenshot` would render
        seen["status"] = window.prices_label.text()
        seen["label"] = window.catalog.label
        qtbot.addWidget(window)
        return []

    monkeypatch.setattr(gui_app, "screenshot", shoot)
    assert gui_app.main(["--screenshot", str(tmp_path / "shots")]) == 0
    assert seen["label"] == "bundled"
    assert seen["status"].endswith(
        f" - refreshed snapshot {folder} not used: lambda_prices.csv does not match its "
        "sha256 in manifest.json (changed or damaged after the refresh wrote it); using the "
        "bundled snapshot")


def test_a_table_damaged_after_start_up_is_a_message_not_a_crash(data_dir: Path,
                                                                qtbot) -> None:
    folder = write_refreshed(data_dir)
    catalog = active_catalog()  # the intact refreshed snapshot, digests checked
    assert catalog.label == "refreshed 2026-11-20"
    window = build_main_window(catalog, build_pages=False)
    qtbot.addWidget(window)
    _damage_keeping_mtime(folder)  # after start-up, before the Lambda page reads the table
    with qtbot.waitSignal(window.pages_built, timeout=60_000):
        window.show()  # as `python -m gui` does (gui.app.start): the shown page first
        window.build_pages_later()
    page = window.pages["lambda"]
    assert page.output is None and page.model.rowCount() == 0  # no number shown
    assert not page.price_error.isHidden()
    assert page.price_error.text() == (
        "The prices cannot be used: price snapshot lambda_prices.csv: its sha256 is not the "
        "one in manifest.json (the file was changed or damaged after the snapshot was "
        "written). No result is shown; restart Costsizer to use the newest valid snapshot.")
    status = window.prices_label.text()
    assert status.endswith(" - the refreshed 2026-11-20 snapshot is damaged (lambda_prices.csv: "
                           "its sha256 is not the one in manifest.json (the file was changed "
                           "or damaged after the snapshot was written)): restart Costsizer to "
                           "use the bundled snapshot")
    # calc passes over the damaged snapshot from now on: the next start uses the bundled one
    assert active_catalog().label == "bundled"
    clear_active()
    assert active_catalog().label == "bundled"


def test_damage_met_by_a_recompute_reaches_the_status_bar(data_dir: Path, qtbot) -> None:
    folder = write_refreshed(data_dir)
    window = build_main_window(active_catalog())
    qtbot.addWidget(window)
    page = window.pages["lambda"]
    assert page.output is not None and window.catalog.label == "refreshed 2026-11-20"
    _damage_keeping_mtime(folder)
    window.catalog._tables.pop("lambda_prices")  # as if the table were first read now
    page.set_region("eu-west-1")  # a Region not computed yet: its prices are read now
    page.presenter.recompute()
    assert page.output is None and not page.price_error.isHidden()
    assert "lambda_prices.csv: its sha256 is not the one" in page.price_error.text()
    assert "restart Costsizer to use the bundled snapshot" in window.prices_label.text()
    assert window.prices_label.toolTip() == window.snapshot_notice
