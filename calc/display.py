"""How numbers are written for people: the one set of formatters the CLI, the messages and the
GUI share. Formatting only, no arithmetic beyond rounding for display.

- :func:`decimal` - the shortest exact decimal, never scientific notation (``0.0000166667``);
  CSV/table cells and unit prices use it.
- :func:`money` - ``$1,234.56``; amounts under a cent keep their digits.
- :func:`number` - ``12,345`` or ``12,345.6``.
- :func:`rate` - a unit price exactly as the snapshot has it: ``$0.025 per GB-month``.
- :func:`figure` - a figure in a message: thousands separators, no trailing zeros.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

MISSING = "n/a"
NO_PRICE = "not in the snapshot"


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (everything else unchanged)."""
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


def decimal(value: float, *, precision: int | None = None) -> str:
    """The shortest exact decimal of ``value`` (at most ``precision`` decimals), never
    scientific notation: ``1.66667e-05`` -> ``0.0000166667``."""
    return str(np.format_float_positional(float(value), precision=precision, trim="-"))


def money(value: Any, *, cents: bool = True) -> str:
    """``$1,234.56``; small prices keep their significant digits (``$0.0000166667``)."""
    if is_missing(value):
        return MISSING
    v = float(plain(value))
    if v != 0 and abs(v) < 0.01:
        return f"${decimal(v)}"
    sign = "-" if v < 0 else ""
    return f"{sign}${abs(v):,.2f}" if cents else f"{sign}${abs(v):,.0f}"


def number(value: Any, decimals: int | None = None) -> str:
    """``12,345`` or ``12,345.6``; integers without decimals."""
    if is_missing(value):
        return MISSING
    v = plain(value)
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


def usd_exact(value: Any) -> str:
    """A unit price in dollars, exactly (up to 10 decimals): ``$0.0000166667``."""
    return f"${decimal(float(plain(value)), precision=10)}"


def rate(value: Any, unit: str = "") -> str:
    """A unit price exactly as the snapshot has it: ``$0.025 per GB-month``."""
    if is_missing(value):
        return NO_PRICE
    text = usd_exact(value)
    return f"{text} per {unit}" if unit else text


def figure(value: float) -> str:
    """A figure for a message: thousands separators, no trailing zeros (``16,000``, ``0.5``)."""
    return f"{value:,.10g}"
