"""What the page tests do as a user would: type, choose, tick, and run the CLI for comparison."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from calc.cli import main as cli_main


def type_into(qtbot: Any, page: Any, field: str, text: str) -> None:
    """Select the field's text and type ``text`` (empty: delete it), then compute at once."""
    edit = page.findChild(QLineEdit, f"input_{field}")
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    page.presenter.recompute()  # skip the debounce wait


def choose(page: Any, field: str, value: str) -> None:
    box = page.findChild(QComboBox, f"input_{field}")
    box.setCurrentIndex(box.findData(value))
    page.presenter.recompute()


def tick(page: Any, field: str, on: bool) -> None:
    page.findChild(QCheckBox, f"input_{field}").setChecked(on)
    page.presenter.recompute()


def cli_csv(args: list[str]) -> str:
    """What ``python -m calc ARGS --format csv`` prints (it must succeed)."""
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli_main([*args, "--format", "csv"]) == 0
    return buf.getvalue()
