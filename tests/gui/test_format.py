"""Display formatting: money, rates and counts (no arithmetic beyond display rounding)."""

import numpy as np
import pandas as pd

from gui import format as fmt


def test_money() -> None:
    assert fmt.money(1234.5) == "$1,234.50"
    assert fmt.money(np.float64(70.08)) == "$70.08"
    assert fmt.money(-3.2) == "-$3.20"
    assert fmt.money(0.0000166667) == "$0.0000166667"
    assert fmt.money(float("nan")) == "n/a" and fmt.money(pd.NA) == "n/a"


def test_cells_by_column_unit() -> None:
    assert fmt.cell("usd_per_unit", 0.025) == "$0.025"  # a rate keeps its digits
    assert fmt.cell("usd_per_hour", 0.096) == "$0.096"
    assert fmt.cell("usd_per_month", 20.0) == "$20.00"
    assert fmt.cell("savings_vs_on_demand_pct", 41.6667) == "41.7%"
    assert fmt.cell("size_gib", 16384.0) == "16,384"
    assert fmt.cell("feasible", np.bool_(True)) == "yes"
    assert fmt.cell("reason", None) == ""
