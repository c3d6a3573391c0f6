"""Help > Refresh prices...: the dialog against the loopback Price List server (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from calc.pricing.catalog import Catalog
from calc.pricing.snapshots import active_catalog, bundled_root, load_active, set_active_catalog
from gui.app import build_main_window
from gui.refresh_dialog import RefreshDialog
from tests.pricing.refresh.test_site import PriceSite, site_files

FAST = {"retries": 1, "backoff_s": 0.001, "timeout_s": 10}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    d = tmp_path / "data"
    monkeypatch.setenv("COSTSIZER_DATA_DIR", str(d))  # never the user's own data dir
    set_active_catalog(None)
    yield d
    set_active_catalog(None)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return site_files()


@pytest.fixture
def site(files):
    s = PriceSite(files)
    yield s
    s.close()


def make_dialog(qtbot, site: PriceSite, data_dir: Path, **kw) -> RefreshDialog:  # type: ignore[no-untyped-def]
    kw.setdefault("catalog", Catalog(bundled_root(), label="the window's"))
    dialog = RefreshDialog(source=site.url, data_dir=data_dir, refresh_options=FAST, **kw)
    qtbot.addWidget(dialog)
    dialog.regions_edit.setText("us-east-1,ap-northeast-1")
    return dialog


def test_refresh_with_progress_then_the_new_snapshot_is_active(qtbot, site, data_dir) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, site, data_dir)
    seen = []
    dialog.progress_changed.connect(seen.append)
    with qtbot.waitSignal(dialog.succeeded, timeout=60_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "start"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.files_bar.value() == dialog.files_bar.maximum() > 1
    assert dialog.bytes_bar.value() == dialog.bytes_bar.maximum()
    # the bytes bar followed a file with a known length at some point
    assert any(p.file_bytes_total and 0 < p.file_bytes_done for p in seen)
    assert max(p.bytes_done for p in seen) > 100_000
    assert "Restart Costsizer" in dialog.status.text()
    assert active_catalog().label.startswith("refreshed ")
    assert load_active(data_dir)[0].root == dialog.result.path
    # it refreshed over the catalog it was handed, not over whatever is active
    assert dialog.result.manifest["base_snapshot"] == "the window's"
    assert dialog.cancel_button.text() == "Close"


def test_cancel_keeps_the_active_snapshot(qtbot, site, data_dir) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, site, data_dir)
    before = load_active(data_dir)[0].root

    def cancel_once(p) -> None:  # type: ignore[no-untyped-def]
        if p.files_done >= 2 and dialog.cancel_button.isEnabled():
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialog.progress_changed.connect(cancel_once)
    with qtbot.waitSignal(dialog.failed, timeout=60_000) as sig:
        dialog.start()
    assert "cancelled" in sig.args[0]
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.status.text().startswith("Cancelled.")
    assert load_active(data_dir)[0].root == before
    assert active_catalog().label == "bundled"
    assert dialog.start_button.isEnabled()


def test_a_server_error_is_shown_and_nothing_changes(qtbot, site, data_dir) -> None:  # type: ignore[no-untyped-def]
    site.fault("/offers/v1.0/aws/index.json", "status", 500, times=None)
    dialog = make_dialog(qtbot, site, data_dir)
    with qtbot.waitSignal(dialog.failed, timeout=60_000) as sig:
        dialog.start()
    assert "HTTP 500" in sig.args[0]
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "Refresh failed: download failed: HTTP 500" in dialog.status.text()
    assert active_catalog().label == "bundled"
    assert not (data_dir / "snapshots").exists() or not any((data_dir / "snapshots").iterdir())


def test_help_menu_opens_the_dialog_without_starting(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(active_catalog())
    qtbot.addWidget(w)
    texts = [a.text() for a in w.help_menu.actions()]
    assert texts.index("Refresh &prices...") == texts.index("&About Costsizer") - 1
    dialog = w.show_refresh_prices()
    qtbot.addWidget(dialog)
    assert dialog.catalog is w.catalog
    assert dialog.isVisible() and not dialog.running  # nothing is fetched until Start
    assert dialog.source_edit.text() == "https://pricing.us-east-1.amazonaws.com"
    assert all(b.isChecked() for b in dialog.service_boxes.values())
    dialog.cancel_or_close()
    assert not dialog.isVisible()
