"""The results table model: Python values only, cells formatted as the CLI formats them, and
formatted only when Qt asks for them (issue 15: a 1,200-month S3 lifecycle table is 26,000
cells; formatting them all on every edit took 0.2 s of the UI thread)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

from gui import format as fmt
from gui import table_model
from gui.table_model import RAW_ROLE, SORT_ROLE, DataFrameModel, SortProxy


def _frame(rows: int = 3) -> pd.DataFrame:
    return pd.DataFrame({
        "option": [f"opt{i}" for i in range(rows)],
        "usd_per_month": np.linspace(10.0, 20.0, rows),
        "count": np.arange(rows, dtype="int64"),
        "available": [i % 2 == 0 for i in range(rows)],
        "gb": pd.array([None if i == 1 else i for i in range(rows)], dtype="Int64"),
        "break_even_month": [np.nan if i == 0 else float(i) for i in range(rows)],
    })


def test_cells_are_python_values_never_numpy_scalars_or_na(qapp) -> None:
    model = DataFrameModel()
    model.set_rows(_frame())
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            assert type(index.data(Qt.ItemDataRole.DisplayRole)) is str
            assert type(index.data(SORT_ROLE)) in (str, int, float, type(None))
            assert type(index.data(RAW_ROLE)) in (str, int, float, type(None))
    gb = model.column_names().index("gb")
    assert model.index(1, gb).data(SORT_ROLE) is None  # pd.NA: no value, not a number


def test_display_text_is_the_formatters_for_every_cell(qapp) -> None:
    frame = _frame(5)
    model = DataFrameModel()
    model.set_rows(frame)
    for r in range(len(frame)):
        for c, name in enumerate(frame.columns):
            value = table_model.python_value(frame.iloc[r, c])
            assert model.index(r, c).data() == fmt.cell(name, value)


def test_cells_are_formatted_when_asked_for_and_once(qapp, monkeypatch) -> None:
    calls: list[tuple[str, object]] = []
    real = fmt.cell
    monkeypatch.setattr(fmt, "cell", lambda c, v: calls.append((c, v)) or real(c, v))
    model = DataFrameModel()
    model.set_rows(_frame(1200))
    assert calls == []  # nothing formatted yet: no row is on screen
    model.index(3, 1).data()
    assert len(calls) == model.columnCount()  # row 3 only
    model.index(3, 4).data()
    model.index(3, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert len(calls) == model.columnCount()  # kept, not formatted again
    assert len(model.column_texts(0, limit=10)) == 10
    assert len(calls) == 10 * model.columnCount()  # rows 0-9 (row 3 already done)


def test_a_new_frame_drops_the_old_texts(qapp) -> None:
    model = DataFrameModel()
    model.set_rows(_frame(3))
    assert model.index(0, 0).data() == "opt0"
    model.set_rows(pd.DataFrame({"option": ["new"]}))
    assert (model.rowCount(), model.columnCount()) == (1, 1)
    assert model.index(0, 0).data() == "new"


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_is_numeric_with_missing_values_last(qapp, order) -> None:
    model = DataFrameModel()
    model.set_rows(pd.DataFrame({"break_even_month": [9.0, np.nan, 10.0, 2.0]}))
    proxy = SortProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, order)
    shown = [proxy.index(r, 0).data(SORT_ROLE) for r in range(4)]
    numbers = [2.0, 9.0, 10.0]
    assert shown == (numbers if order == Qt.SortOrder.AscendingOrder else numbers[::-1]) + [None]
