"""The common shape of a calculator page: form and explain panel on the left, charts and
the sortable results table on the right, a presenter in between."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
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

from calc.fileio import write_atomic
from calc.pricing import Catalog
from calc.report import Output, render
from gui.explain import ExplainPanel
from gui.form import FieldSpec, Form, FormError
from gui.pages.base import Page
from gui.presenter import PRICE_ERROR, Presenter


class CalculatorPage(Page):
    """Subclasses set ``model_cls``, ``field_specs``, ``defaults`` and implement
    ``compute(model) -> (Output, extra)`` (calc calls only: the Output is what the CLI prints
    for the same inputs) and ``draw(output, extra)`` (widgets only)."""

    model_cls: type[BaseModel]
    field_specs: Sequence[FieldSpec] = ()
    defaults: dict[str, Any] = {}
    # inputs renamed since a scenario file was saved: old key -> today's (files keep working)
    RENAMED_INPUTS: dict[str, str] = {}
    intro = ""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(catalog, parent)
        self.form = Form(self.model_cls, self.field_specs, self)
        self.presenter = Presenter(self.form, self.compute, transform=self.model_input,
                                   field_for=self.field_for, catalog=catalog, parent=self)
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
        scroll.setMinimumWidth(400)

        self.chart_tabs = QTabWidget()
        self.chart_tabs.setObjectName("chart_tabs")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.chart_tabs)
        right.addWidget(self.results_table)
        right.setSizes([430, 300])
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(scroll)
        outer.addWidget(right)
        outer.setSizes([420, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(outer)

        self.output: Output | None = None
        self.build_charts()
        self.presenter.results_changed.connect(self._on_results)
        self.presenter.errors_changed.connect(self._on_errors)
        self.presenter.snapshot_damaged.connect(self.report_damage)
        self.form.set_values(self.defaults, emit=False)
        self.presenter.set_context(region=self.region)
        self.presenter.recompute()

    # -- hooks ----------------------------------------------------------------------------
    def model_input(self, parsed: dict[str, Any]) -> dict[str, Any]:
        """Parsed form values -> the model's input (override to reshape)."""
        return parsed

    def field_for(self, loc: str) -> str:
        """The form field an error location belongs to (override with model_input)."""
        return loc

    def build_charts(self) -> None:
        """Create the page's charts once (add them with ``add_chart``)."""

    def add_chart(self, chart: QWidget, tab: str) -> QWidget:
        self.chart_tabs.addTab(chart, tab)
        return chart

    def compute(self, model: Any) -> tuple[Output, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, output: Output, extra: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def cell_labels(self) -> dict[str, Callable[[Any], str]]:
        """Readable names for id columns (e.g. option ids), for display only."""
        return {}

    def greyed_rows(self, table: pd.DataFrame) -> pd.Series | None:
        """Rows to draw dimmed (e.g. infeasible options); None for none."""
        return None

    def _on_results(self, result: tuple[Output, Any]) -> None:
        output, extra = result
        self.output = output
        table = output.table if output.table is not None else pd.DataFrame()
        self.model.set_rows(table, self.greyed_rows(table), labels=self.cell_labels())
        self.fit_columns()
        self.draw(output, extra)

    def export_frame(self) -> pd.DataFrame:
        return self.results_frame()

    # the inputs an exported chart's title names (field names of ``field_specs``)
    caption_fields: Sequence[str] = ()

    def chart_caption(self) -> str:
        dates = sorted(set(str((self.output.csv_context if self.output else {})
                               .get("prices_as_of", "")).split()))
        as_of = "" if not dates else (dates[0] if len(dates) == 1
                                      else f"{dates[0]} to {dates[-1]}")
        parts = [self.form.caption(self.caption_fields), self.region,
                 f"prices as of {as_of}" if as_of else ""]
        return " - ".join(p for p in parts if p)

    def export_csv(self, path: str | Path) -> None:
        """Write the comparison on screen exactly as the CLI's CSV for the same inputs
        (the table's rows plus region and price-date columns), atomically."""
        if self.output is None:
            raise OSError("nothing to export: the inputs are not valid")
        write_atomic(Path(path), render(self.output, "csv"))

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
        if msg:  # no prices here: show no numbers rather than another region's
            self.clear_results(msg)
        elif errors:  # while typing: keep the last valid result, and say so
            self.price_error.setText("Inputs marked in red are not valid: the results shown "
                                     "are for the last valid inputs (Export is off).")
            self.price_error.setVisible(True)

    def clear_results(self, why: str) -> None:
        """Show no numbers rather than stale ones (another region's, or from older inputs)."""
        self.output = None
        self.model.set_rows(pd.DataFrame())
        for chart in self.charts():
            clear = getattr(chart, "clear_data", None)
            if clear is not None:
                clear()
        # the reason is in the error line above the summary: say it once
        self.summary.setText("" if why == self.price_error.text()
                             else f"<i>{html.escape(why)}</i>")

    def scenario(self) -> dict[str, Any]:
        return self.form.values()

    def upgrade_scenario(self, data: dict[str, Any]) -> dict[str, Any]:
        """Saved inputs under an older name (``RENAMED_INPUTS``) read as today's."""
        return {self.RENAMED_INPUTS.get(k, k): v for k, v in data.items()}

    def validate_scenario(self, data: dict[str, Any]) -> None:
        """Raise FormError if ``data`` is not a valid input for this page."""
        data = self.upgrade_scenario(data)
        unknown = [k for k in data if k not in self.form.specs]
        if unknown:
            raise FormError({k: f"{k}: not an input of the {self.title} page" for k in unknown})
        merged = {**self.form.values(), **data}
        self.presenter.validate(merged)

    def load_scenario(self, data: dict[str, Any]) -> None:
        self.form.set_values(self.upgrade_scenario(data), emit=False)
        self.presenter.recompute()
