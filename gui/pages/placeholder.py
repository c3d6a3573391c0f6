"""A page whose calculator is not in this build yet: says so plainly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from calc.pricing import Catalog
from gui.pages.base import Page


class PlaceholderPage(Page):
    def __init__(self, catalog: Catalog, key: str, title: str, what: str,
                 parent: QWidget | None = None) -> None:
        self.key, self.title = key, title
        super().__init__(catalog, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(f"{what}<br><br>This calculator is not in this build yet. "
                      "Its prices are in the snapshot: see the command line "
                      f"<code>python -m calc prices show ...</code>.")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(self.results_table, 1)
        self.set_export_allowed(False)
