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
