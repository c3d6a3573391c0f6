"""Formatting of results-table cells and headers. The number formatters themselves are
:mod:`calc.display` (one copy, shared with the CLI and the messages); this module picks one by
the unit in a column's name."""

from __future__ import annotations

from typing import Any

import numpy as np

from calc.display import is_missing, money, number, plain, rate, usd_exact

__all__ = ["cell", "header", "is_missing", "is_rate_column", "money", "number", "rate"]


def cell(column: str, value: Any) -> str:
    """Display text for a results-table cell, by the unit in the column name."""
    if is_missing(value):
        return ""
    v = plain(value)
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and np.isinf(v):
        return "∞" if v > 0 else "-∞"
    if isinstance(v, int | float) and is_rate_column(column):
        return usd_exact(v)
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
