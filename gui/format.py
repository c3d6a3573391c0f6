"""Formatting for display: money as "$1,234.56", counts with separators. No arithmetic on
results beyond rounding for display."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def is_missing(value: Any) -> bool:
    """None, NaN, pd.NA or pd.NaT (drawn as an empty cell, never "nan")."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return value is pd.NA or value is pd.NaT


def money(value: Any, *, cents: bool = True) -> str:
    """``$1,234.56``; small prices keep their significant digits (``$0.0000166667``)."""
    if is_missing(value):
        return "n/a"
    v = float(_plain(value))
    if v != 0 and abs(v) < 0.01:
        return f"${np.format_float_positional(v, trim='-')}"
    sign = "-" if v < 0 else ""
    return f"{sign}${abs(v):,.2f}" if cents else f"{sign}${abs(v):,.0f}"


def number(value: Any, decimals: int | None = None) -> str:
    """``12,345`` or ``12,345.6``; integers without decimals."""
    if is_missing(value):
        return "n/a"
    v = _plain(value)
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    v = float(v)
    if decimals is None:
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}"
        decimals = 2 if abs(v) >= 1 else 6
    text = f"{v:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell(column: str, value: Any) -> str:
    """Display text for a results-table cell, by the unit in the column name."""
    if is_missing(value):
        return ""
    v = _plain(value)
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and np.isinf(v):
        return "∞" if v > 0 else "-∞"
    if isinstance(v, int | float) and is_rate_column(column):
        return f"${np.format_float_positional(float(v), precision=10, trim='-')}"
    if isinstance(v, int | float) and "usd" in column:
        return money(v)
    if isinstance(v, int | float) and column.endswith("_pct"):
        return f"{number(v, 1)}%"
    if isinstance(v, int | float):
        return number(v)
    return str(v)


def is_rate_column(column: str) -> bool:
    """A unit price (``usd_per_unit``, ``usd_per_hour``, ``usd_per_gb``): shown exactly, not
    rounded to cents; a cost (``usd_per_month``, ``total_usd``) is shown as money."""
    if "usd_per_" not in column:
        return False
    return not column.endswith(("usd_per_month", "usd_per_year"))


def rate(value: Any, unit: str = "") -> str:
    """A unit price exactly as the snapshot has it: ``$0.025 per GB-month``."""
    if is_missing(value):
        return "not in the snapshot"
    text = f"${np.format_float_positional(float(_plain(value)), precision=10, trim='-')}"
    return f"{text} per {unit}" if unit else text


def header(column: str) -> str:
    """A results-table header for a calc column name: ``usd_per_month`` -> "USD per month"."""
    words = column.split("_")
    out = []
    for w in words:
        out.append({"usd": "USD", "pct": "%", "gib": "GiB", "gb": "GB", "iops": "IOPS",
                    "mibps": "MiB/s", "mb": "MB", "ms": "ms", "id": "ID", "tb": "TB",
                    "az": "AZ", "vcpu": "vCPU", "os": "OS"}.get(w, w))
    text = " ".join(out)
    return text[:1].upper() + text[1:]
