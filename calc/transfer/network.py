"""Days to move data over a network link (rule SNOW-RULE)."""

from __future__ import annotations

from typing import Any

import numpy as np

from calc.units import MEGABITS_PER_GIGABIT, SECONDS_PER_DAY, mbps_to_bytes_per_second, tb_to_bytes

# Link speeds the options chart compares with the user's link (chart choices, not limits).
COMMON_LINKS_MBPS = (100, MEGABITS_PER_GIGABIT, 10 * MEGABITS_PER_GIGABIT)


def network_transfer_days(*, data_tb: Any, bandwidth_mbps: Any, utilization: Any) -> Any:
    """Days to move ``data_tb`` over a link used at ``utilization``.

    Parameters
    ----------
    data_tb : float or array
        Data to move [TB, decimal: 10^12 bytes, as data sets and devices are sized].
    bandwidth_mbps : float or array
        Link speed [Mbit/s, decimal].
    utilization : float or array
        Share of the link the transfer gets, in (0, 1] [fraction].

    Returns
    -------
    float or array
        [days]. 100 TB over 1 Gbps at 80% = 10^14 x 8 / (10^9 x 0.8) s = 11.6 days.

    Notes
    -----
    Rule: SNOW-RULE (notes L3059: if a transfer takes more than a week, use the Snow Family).
    """
    seconds = np.asarray(tb_to_bytes(np.asarray(data_tb, dtype=float))) / (
        mbps_to_bytes_per_second(np.asarray(bandwidth_mbps, dtype=float))
        * np.asarray(utilization, dtype=float))
    days = seconds / SECONDS_PER_DAY
    if all(np.ndim(x) == 0 for x in (data_tb, bandwidth_mbps, utilization)):
        return float(days)
    return days
