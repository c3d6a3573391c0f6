"""GUI tests start from a clean slate: no remembered region, geometry or recent files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_settings(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def _quit_without_asking(monkeypatch):  # type: ignore[no-untyped-def]
    """Closing a window with changed inputs asks Save / Discard / Cancel in a modal box; tests
    that do not answer it themselves discard (a modal box offscreen would wait forever)."""
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "_ask_save_changes",
                        lambda self: QMessageBox.StandardButton.Discard)


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    """The main window with every page built (not shown), on the bundled snapshot."""
    from gui.app import build_main_window
    from tests.support.catalogs import bundled_catalog

    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    return w


@pytest.fixture
def make_page(qtbot):  # type: ignore[no-untyped-def]
    """Build one page on its own (faster than the whole window): ``make_page("ec2")``, or
    ``make_page("ec2", catalog)`` on another catalog (default: the bundled snapshot)."""
    from gui.app import application, page_specs
    from tests.support.catalogs import bundled_catalog

    application()
    specs = {s.key: s for s in page_specs()}

    def build(key: str, catalog=None):  # type: ignore[no-untyped-def]
        page = specs[key].factory(catalog if catalog is not None else bundled_catalog())
        qtbot.addWidget(page)
        return page

    return build
