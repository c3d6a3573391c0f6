"""The GUI shell: the window opens offscreen, pages, region selector, status bar, About."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QLabel, QTableView, QWidget

from gui.app import build_main_window, screenshot
from tests.support.catalogs import bundled_catalog

PAGES = ["page_ec2", "page_ebs", "page_lambda", "page_s3", "page_transfer", "page_checks"]


def test_window_has_every_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    for name in PAGES:
        page = w.findChild(QWidget, name)
        assert page is not None, name
        assert page.findChild(QTableView, "results_table") is not None
    assert w.nav.count() == len(PAGES)


def test_region_selector_and_status_bar(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    box = w.findChild(QComboBox, "region_selector")
    codes = [box.itemData(i) for i in range(box.count())]
    assert "us-east-1" in codes and "eu-west-1" in codes
    assert w.region() == "us-east-1"
    with qtbot.waitSignal(w.region_changed) as sig:
        w.set_region("eu-west-1")
    assert sig.args == ["eu-west-1"]
    assert all(p.region == "eu-west-1" for p in w.pages.values())
    label = w.findChild(QLabel, "prices_as_of")
    w.show_page("ebs")
    # SOURCES.md: the EBS feed's publication date is 2024-07-18.
    assert label.text().startswith("Prices as of 2024-07-18")


def test_about_lists_price_sources(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    text = w.about_text()
    assert "Amazon EBS pricing page" in text and "2024-07-18" in text
    assert "AWS Lambda pricing page" in text and "hawkFilePublicationDate" in text


def test_pyqtgraph_uses_pyside6() -> None:
    assert pg.Qt.QT_LIB == "PySide6"


def test_screenshot_writes_one_png_per_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    paths = screenshot(w, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{n[5:]}.png" for n in PAGES)
    for p in paths:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pages_can_be_built_after_first_paint(qtbot) -> None:  # type: ignore[no-untyped-def]
    # `python -m gui` paints the window first, then builds the pages from the event loop.
    w = build_main_window(bundled_catalog(), build_pages=False)
    qtbot.addWidget(w)
    assert w.findChild(QWidget, "page_ec2") is None
    w.show()
    with qtbot.waitSignal(w.pages_built, timeout=60_000):
        w.build_pages_later()
    for name in PAGES:
        assert w.findChild(QWidget, name) is not None
    assert w.current_key() == "ec2" and w.stack.currentWidget() is w.pages["ec2"]


def test_python_m_gui_screenshot(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "gui", "--screenshot", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(
        f"{n[5:]}.png" for n in PAGES)
    assert out.stdout.count(".png") == len(PAGES)


def test_region_is_remembered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = build_main_window(bundled_catalog(), settings=settings)
    qtbot.addWidget(w)
    w.set_region("ap-south-1")
    w.close()
    w2 = build_main_window(bundled_catalog(), settings=settings)
    qtbot.addWidget(w2)
    assert w2.region() == "ap-south-1"


def test_rules_reference_shows_notes_and_today(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    text = w.rules_html()
    # rule: EBS-GP3 - RULES.md: notes 16,000 IOPS, AWS today 80,000.
    assert "notes 16,000, AWS today 80,000" in text and "EBS-GP3" in text


def test_corrupt_scenario_changes_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    w.set_region("eu-west-1")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert w.open_scenario(bad) is False
    assert "bad.json: not valid JSON" in w.last_error
    unknown = tmp_path / "unknown.json"
    unknown.write_text('{"app": "costsizer", "version": 1, "region": "us-east-9", "pages": {}}')
    assert w.open_scenario(unknown) is False
    assert "did you mean" in w.last_error
    assert w.region() == "eu-west-1"


def test_scenario_round_trip_region(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    w.set_region("sa-east-1")
    path = tmp_path / "s.json"
    w.save_scenario(path)
    w.set_region("us-east-1")
    assert w.open_scenario(path) is True
    assert w.region() == "sa-east-1"
    assert str(path.resolve()) in w.recent_files()



def test_copy_table_and_export_chart(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    page = w.show_page("s3")
    w.copy_table()
    text = QGuiApplication.clipboard().text()
    header = text.splitlines()[0].split("\t")
    assert header[:2] == ["Month", "Standard GB"]  # as shown (readable headers)
    assert len(text.splitlines()) == len(page.results_frame()) + 1
    chart = page.current_chart()
    assert chart is not None
    target = tmp_path / "chart.png"
    page.export_chart_png(chart, target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob(".*.tmp*"))


def test_keyboard_shortcuts_switch_pages_when_pressed(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+1..Ctrl+6 pressed as keys (QTest), not only the shortcut strings: each press shows
    its page (each press used to log KeyError: False and do nothing)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    assert window.export_action.shortcut().toString() == "Ctrl+E"
    assert window.rules_action.shortcut().toString() == "F1"
    from PySide6.QtWidgets import QApplication

    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    keys = list(window.specs)
    digits = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
              Qt.Key.Key_6]
    for i in [1, 3, 5, 0, 2, 4]:
        QTest.keyClick(QApplication.focusWidget() or window, digits[i],
                       Qt.KeyboardModifier.ControlModifier)
        assert window.current_key() == keys[i]
        assert window.stack.currentWidget() is window.pages[keys[i]]
        assert window.nav.currentItem().text() == window.specs[keys[i]].title


def test_view_actions_switch_pages(window) -> None:  # type: ignore[no-untyped-def]
    """Each View item (Ctrl+1..Ctrl+6) opens its page: triggered(bool) passes `checked`
    first, and that must not replace the page key (it logged KeyError: False). Titles with
    "&" show the ampersand. (Real key presses are checked in a real X window: issue 14.)"""
    actions = window.view_menu.actions()
    # "&&" is how Qt spells a literal "&" in an action text (no mnemonic on "s")
    assert actions[3].text() == "S3 && storage lifecycle"
    keys = list(window.specs)
    for i in [1, 3, 5, 0, 2, 4]:
        assert actions[i].shortcut().toString() == f"Ctrl+{i + 1}"
        actions[i].trigger()
        assert window.current_key() == keys[i]
        assert window.stack.currentWidget() is window.pages[keys[i]]


def test_after_a_refresh_every_page_keeps_its_catalog(window) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: after Help > Refresh prices the open pages all keep the catalog they showed,
    and the status bar says a newer snapshot waits for a restart."""
    before = {k: p.catalog for k, p in window.pages.items()}
    window.note_refreshed("refreshed 2026-12-02")
    assert {k: p.catalog for k, p in window.pages.items()} == before
    assert all(c is window.catalog for c in before.values())
    text = window.findChild(QLabel, "prices_as_of").text()
    assert "bundled snapshot" in text
    assert "refreshed 2026-12-02 snapshot is installed: restart Costsizer to use it" in text
