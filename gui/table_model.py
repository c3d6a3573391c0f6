"""A read-only Qt table model over a pandas DataFrame.

``DisplayRole`` gives formatted text (:mod:`gui.format`), ``SORT_ROLE`` the raw Python value
so sorting is numeric. Cells are always Python ``str``/``float``/``int`` (never numpy scalars or
``pd.NA``, which Qt draws blank).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from gui import format as fmt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RAW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def python_value(value: Any) -> Any:
    """numpy scalars to Python; NaN/NA to None."""
    if isinstance(value, np.generic):
        value = value.item()
    if fmt.is_missing(value):
        return None
    return value


class DataFrameModel(QAbstractTableModel):
    """Cells are converted and formatted when Qt first asks for them (the rows on screen),
    then kept: a 1,200-row S3 lifecycle table costs its visible rows, not 26,000 cells, on
    each edit (issue 15: no long work on the UI thread)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._columns: list[str] = []
        self._cells: list[list[Any]] = []  # per column: the frame's values as Python objects
        self._nrows = 0
        self._values: list[list[Any] | None] = []  # per row, once asked: python_value cells
        self._text: list[list[str] | None] = []  # per row, once asked: display texts
        self._labels: dict[str, Callable[[Any], str]] = {}
        self._greyed: list[bool] = []
        self._backgrounds: list[str | None] = []

    # -- data in ------------------------------------------------------------------------
    def set_rows(self, frame: pd.DataFrame, greyed: pd.Series | None = None,
                 backgrounds: list[str | None] | None = None,
                 labels: dict[str, Callable[[Any], str]] | None = None) -> None:
        """Show ``frame``; ``greyed`` marks rows to draw dimmed (e.g. infeasible options),
        ``backgrounds`` gives a row colour (e.g. pass / warn / fail), ``labels`` shows a
        column's ids as readable names (display only: the data and the export keep the ids)."""
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self._columns = [str(c) for c in frame.columns]
        # tolist() gives Python scalars for numeric columns; python_value does the rest
        self._cells = [self._frame.iloc[:, i].tolist() for i in range(len(self._columns))]
        self._nrows = len(self._frame)
        self._values = [None] * self._nrows
        self._text = [None] * self._nrows
        self._labels = labels or {}
        self._greyed = ([bool(g) for g in greyed] if greyed is not None
                        else [False] * self._nrows)
        self._backgrounds = backgrounds or [None] * self._nrows
        self.endResetModel()

    def _row_values(self, row: int) -> list[Any]:
        values = self._values[row]
        if values is None:
            values = self._values[row] = [python_value(col[row]) for col in self._cells]
        return values

    def _row_text(self, row: int) -> list[str]:
        text = self._text[row]
        if text is None:
            labels = self._labels
            text = self._text[row] = [
                labels[c](v) if c in labels and v is not None else fmt.cell(c, v)
                for c, v in zip(self._columns, self._row_values(row), strict=True)]
        return text

    def frame(self) -> pd.DataFrame:
        return self._frame

    def column_texts(self, column: int, limit: int = 200) -> list[str]:
        """The display texts of ``column`` (the first ``limit`` rows), for fitting widths."""
        return [self._row_text(r)[column] for r in range(min(limit, self._nrows))]

    def column_names(self) -> list[str]:
        return list(self._columns)

    # -- Qt -------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._nrows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._row_values(index.row())[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_text(index.row())[index.column()]
        if role in (SORT_ROLE, RAW_ROLE):
            if isinstance(value, bool):
                return int(value)
            return value  # None (no value) sorts last: see SortProxy
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._greyed[index.row()]:
            return QColor(140, 140, 140)
        if role == Qt.ItemDataRole.BackgroundRole and self._backgrounds[index.row()]:
            return QColor(self._backgrounds[index.row()])
        if role == Qt.ItemDataRole.ForegroundRole and self._backgrounds[index.row()]:
            return QColor(32, 32, 32)  # pastel rows keep dark text in a dark theme too
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._row_text(index.row())[index.column()]
            return text if len(text) > 30 else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if section >= len(self._columns):
            return None
        name = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt.header(name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name} (the CLI's and the CSV's column name)"
        return None


class SortProxy(QSortFilterProxyModel):
    """Sorts by the raw value (SORT_ROLE); cells without a value go last in either order."""

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if a is None or b is None:
            if a is None and b is None:
                return False
            return (a is None) == descending  # None "largest" ascending, "smallest" descending
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
