"""The common shape of a calculator page: form and explain panel on the left, charts and
the sortable results table on the right, a presenter in between."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from calc.pricing import Catalog
from gui.explain import ExplainPanel
from gui.form import FieldSpec, Form, FormError
from gui.pages.base import Page
from gui.presenter import PRICE_ERROR, Presenter


class CalculatorPage(Page):
    """Subclasses set ``model_cls``, ``field_specs``, ``defaults`` and implement
    ``compute(model) -> result`` (calc calls only) and ``draw(result)``."""

    model_cls: type[BaseModel]
    field_specs: Sequence[FieldSpec] = ()
    defaults: dict[str, Any] = {}
    intro = ""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(catalog, parent)
        self.form = Form(self.model_cls, self.field_specs, self)
        self.presenter = Presenter(self.form, self.compute, parent=self)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.price_error = QLabel()
        self.price_error.setObjectName("error_price")
        self.price_error.setWordWrap(True)
        self.price_error.setStyleSheet("color: #c0392b;")
        self.price_error.hide()
        self.explain = ExplainPanel()

        left = QWidget()
        lv = QVBoxLayout(left)
        heading = QLabel(f"<h3 style='margin:0'>{self.title}</h3>")
        lv.addWidget(heading)
        if self.intro:
            intro = QLabel(self.intro)
            intro.setWordWrap(True)
            lv.addWidget(intro)
        lv.addWidget(self.form.widget)
        lv.addWidget(self.price_error)
        lv.addWidget(self.summary)
        lv.addWidget(QLabel("<b>Explain</b>"))
        lv.addWidget(self.explain, 1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(340)

        self.chart_tabs = QTabWidget()
        self.chart_tabs.setObjectName("chart_tabs")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.chart_tabs)
        right.addWidget(self.results_table)
        right.setSizes([430, 300])
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(scroll)
        outer.addWidget(right)
        outer.setSizes([360, 860])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(outer)

        self.build_charts()
        self.presenter.results_changed.connect(self.draw)
        self.presenter.errors_changed.connect(self._on_errors)
        self.form.set_values(self.defaults, emit=False)
        self.presenter.set_context(region=self.region)
        self.presenter.recompute()

    # -- hooks ----------------------------------------------------------------------------
    def build_charts(self) -> None:
        """Create the page's charts once (add them with ``add_chart``)."""

    def add_chart(self, chart: QWidget, tab: str) -> QWidget:
        self.chart_tabs.addTab(chart, tab)
        return chart

    def compute(self, model: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, result: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- state ----------------------------------------------------------------------------
    def set_region(self, region: str) -> None:
        super().set_region(region)
        if hasattr(self, "presenter"):
            self.presenter.set_context(region=region)

    def _on_errors(self, errors: dict[str, str]) -> None:
        msg = errors.get(PRICE_ERROR, "")
        self.price_error.setText(msg)
        self.price_error.setVisible(bool(msg))
        self.set_export_allowed(not errors)

    def scenario(self) -> dict[str, Any]:
        return self.form.values()

    def validate_scenario(self, data: dict[str, Any]) -> None:
        """Raise FormError if ``data`` is not a valid input for this page."""
        unknown = [k for k in data if k not in self.form.specs]
        if unknown:
            raise FormError({k: f"{k}: not an input of the {self.title} page" for k in unknown})
        merged = {**self.form.values(), **data}
        self.presenter.validate(merged)

    def load_scenario(self, data: dict[str, Any]) -> None:
        self.form.set_values(data, emit=False)
        self.presenter.recompute()
