"""How the check messages write numbers and time spans (the words every section check uses).

These differ from :mod:`calc.display` on purpose: a message drops trailing zeros, writes an
infinite span as "never" and keeps two significant digits of a tiny figure, and the README's
``check`` examples print these bytes.
"""

from __future__ import annotations

import math

from calc.units import HOURS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE


def num(value: float, digits: int = 2) -> str:
    """A number for a message: thousands separators, at most ``digits`` decimals."""
    if math.isinf(value):
        return "never"
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{value:.2g}"


def plural(n: int, one: str, many: str) -> str:
    """'1 AZ', '2 AZs'; empty for 0."""
    return "" if n == 0 else f"{n} {one if n == 1 else many}"


def duration_h(hours: float) -> str:
    """Hours as a readable span: '45 min', '5.5 h', '12.3 days'."""
    minutes_per_hour = SECONDS_PER_HOUR / SECONDS_PER_MINUTE
    if hours < 1:
        return f"{num(hours * minutes_per_hour, 1)} min"
    if hours < 2 * HOURS_PER_DAY:
        return f"{num(hours, 1)} h"
    return f"{num(hours / HOURS_PER_DAY, 1)} days"
