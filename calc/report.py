"""What a calculator reports: the Output the CLI prints and the GUI exports, and the prices used.

Every calculator's ``api`` turns its result into an :class:`Output`; :func:`render` gives the
same bytes to the CLI (table, CSV, JSON) and to the GUI's Export CSV. :class:`PriceUsed` is one
price a result used, with its unit, date and source, as the CLI's JSON and the GUI's Explain
panel show it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from calc.display import decimal


@dataclass(frozen=True)
class PriceUsed:
    """One price a result used: what, USD per unit, the unit, its as-of date and source."""

    what: str
    usd_per_unit: float | None
    unit: str
    as_of: str
    source: str
    # a plain-language fact beside the price ("+ $1,234 upfront", a Spot interruption band);
    # a row with no price and a note is a fact the result used, not a missing price
    note: str = ""


@dataclass
class Output:
    """What a command prints: one JSON object, and the rows CSV and table formats show."""

    data: dict[str, Any]
    table: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)  # extra lines for the table format
    exit_code: int = 0  # returned by main() after printing (e.g. 1 when a plan check fails)
    # A missing price that leaves the answer unknown: printed on stderr after the output,
    # and the command exits 1 (the output still shows everything that is known).
    missing_price: str = ""
    # Columns added to every CSV row (e.g. region and prices_as_of), so an exported comparison
    # says where and when its prices are from. The GUI's Export CSV renders the same Output.
    csv_context: dict[str, Any] = field(default_factory=dict)


def to_jsonable(value: Any) -> Any:
    """Plain JSON types: numpy scalars to Python, NaN and pd.NA to null, frames to records."""
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(r) for r in value.to_dict("records")]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # 12 significant digits: every price keeps its digits (0.0000166667), and binary
        # float noise from sums (1146.6000000000001) is not printed as if it were a price
        return float(f"{value:.12g}")
    return value


def _fmt_cell(value: Any) -> str:
    value = to_jsonable(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # shortest exact decimal, never scientific notation (prices like 0.0000166667)
        return decimal(value)
    return str(value)


def render(out: Output, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_jsonable(out.data), indent=2) + "\n"
    table = out.table
    if table is None:
        scalars = {k: v for k, v in out.data.items() if not isinstance(v, list | dict)}
        table = pd.DataFrame([scalars])
    if fmt == "csv":
        if out.csv_context:
            table = table.assign(**{k: v for k, v in out.csv_context.items()
                                    if k not in table.columns})
        return table.map(_fmt_cell).to_csv(index=False, lineterminator="\n")
    text = table.map(_fmt_cell).to_string(index=False) if len(table) else "(no rows)"
    lines = [*out.notes, text] if out.notes else [text]
    return "\n".join(lines) + "\n"
