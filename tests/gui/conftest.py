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


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    """The main window with every page built (not shown)."""
    from gui.app import build_main_window

    w = build_main_window()
    qtbot.addWidget(w)
    return w
