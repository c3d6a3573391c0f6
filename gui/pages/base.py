"""What every calculator page has: a results table, charts, CSV export and a region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from calc.fileio import write_atomic, write_atomic_bytes
from calc.pricing import Catalog
from calc.report import Output, render
from gui import format as fmt
from gui.charts import Chart, chart_png
from gui.table_model import DataFrameModel, SortProxy


def save_png(widget: QWidget, path: Path) -> None:
    """Grab ``widget`` as PNG and write it with :func:`calc.fileio.write_atomic_bytes`."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not widget.grab().save(buffer, "PNG"):
        raise OSError(f"cannot render {path.name} as PNG")
    buffer.close()
    write_atomic_bytes(path, bytes(data.data()))


class Page(QWidget):
    """Base class of the calculator pages.

    Subclasses set ``key`` (object name ``page_<key>``) and ``title``.
    """

    key = "base"
    title = "Page"
    export_allowed_changed = Signal(bool)
    snapshot_damaged = Signal(str)  # a table of the page's catalog failed its checks

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{self.key}")
        self.catalog = catalog
        self.snapshot_damage: str | None = None  # the SnapshotError met, if any (kept for
        # the window: a page meets it while it is built, before anyone is connected)
        self.region = "us-east-1"
        self.model = DataFrameModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.results_table = QTableView(self)
        self.results_table.setObjectName("results_table")
        self.results_table.setModel(self.proxy)
        self.results_table.setSortingEnabled(True)
        # Rows keep calc's order (e.g. cheapest first) until the user sorts by a column.
        self.proxy.sort(-1)
        self.results_table.horizontalHeader().setSortIndicatorShown(False)
        self.results_table.horizontalHeader().sortIndicatorChanged.connect(
            lambda *_: self.results_table.horizontalHeader().setSortIndicatorShown(True))
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_table.setAlternatingRowColors(True)
        # Columns are fitted once per result (fit_columns): the header's ResizeToContents
        # would ask the model for every role of every cell on each edit.
        self.results_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.results_table.verticalHeader().setVisible(False)
        self._export_allowed = True

    MAX_COLUMN_PX = 420  # long texts (reasons, fixes) are cut here; the tooltip has them


    def report_damage(self, why: str) -> None:
        """A price table of this page's catalog is damaged (``why``): tell the window."""
        self.snapshot_damage = why
        self.snapshot_damaged.emit(why)
    def fit_columns(self) -> None:
        """Each column as wide as its widest shown text or its header (capped)."""
        cells = QFontMetrics(self.results_table.font())
        heads = QFontMetrics(self.results_table.horizontalHeader().font())
        for i, name in enumerate(self.model.column_names()):
            widest = max([cells.horizontalAdvance(t) for t in self.model.column_texts(i)]
                         or [0])
            width = max(widest, heads.horizontalAdvance(fmt.header(name))) + 18
            self.results_table.setColumnWidth(i, min(width, self.MAX_COLUMN_PX))

    # -- region -------------------------------------------------------------------------
    def set_region(self, region: str) -> None:
        self.region = region

    # -- results ------------------------------------------------------------------------
    def results_frame(self) -> pd.DataFrame:
        """The rows shown in ``results_table`` (the DataFrame the CLI prints)."""
        return self.model.frame()

    def export_frame(self) -> pd.DataFrame:
        return self.results_frame()

    @property
    def export_allowed(self) -> bool:
        return self._export_allowed

    def set_export_allowed(self, allowed: bool) -> None:
        if allowed != self._export_allowed:
            self._export_allowed = allowed
            self.export_allowed_changed.emit(allowed)

    def export_csv(self, path: str | Path) -> None:
        """Write exactly the rows of ``results_table`` as CSV, atomically."""
        write_atomic(Path(path), render(Output({}, self.export_frame()), "csv"))

    def table_tsv(self) -> str:
        """The table as shown (sorted, formatted), tab-separated, for the clipboard."""
        model = self.results_table.model()
        cols = range(model.columnCount())
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in cols)]
        for r in range(model.rowCount()):
            lines.append("\t".join(str(model.index(r, c).data() or "") for c in cols))
        return "\n".join(lines) + "\n"

    def charts(self) -> list[pg.PlotWidget]:
        return list(self.findChildren(pg.PlotWidget))

    def current_chart(self) -> pg.PlotWidget | None:
        charts = self.charts()
        visible = [c for c in charts if c.isVisible()]
        return (visible or charts or [None])[0]

    def chart_caption(self) -> str:
        """What an exported chart's title says under the title: the inputs, the Region and
        the price dates (pages override it)."""
        return self.region

    def export_chart_png(self, chart: pg.PlotWidget, path: Path) -> None:
        """Save ``chart`` as PNG, atomically (never half a file): at least 1,600 px wide (and
        at the screen's pixel ratio where that is more), titled with :meth:`chart_caption`,
        without the hover read-out."""
        if isinstance(chart, Chart):
            write_atomic_bytes(path, chart_png(chart, self.chart_caption()))
        else:
            save_png(chart, path)

    # -- scenarios ----------------------------------------------------------------------
    def scenario(self) -> dict[str, Any]:
        return {}

    def validate_scenario(self, data: dict[str, Any]) -> None:
        """Raise FormError when ``data`` is not a valid input of this page."""
        if data:
            from gui.form import FormError

            raise FormError({k: f"{k}: not an input of the {self.title} page" for k in data})

    def load_scenario(self, data: dict[str, Any]) -> None:
        return None
