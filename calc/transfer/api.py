"""Moving data into AWS: the entry point. Days over a network link against the notes'
one-week rule, and the Snow Family devices a job needs (the notes' capacities and today's).

:func:`plan` computes on the limits of the catalog it is handed; :func:`report` is what
``transfer plan`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from calc.pricing.catalog import Catalog
from calc.report import Output, PriceUsed
from calc.transfer.models import TransferInput
from calc.transfer.network import COMMON_LINKS_MBPS, network_transfer_days
from calc.transfer.snow import device_table

__all__ = ["TransferInput", "TransferPlan", "plan", "report"]


# AWS today (Snowball Edge API reference and Developer Guide, banner read 2026-12): "AWS
# Snowball Edge is no longer available to new customers. New customers should explore AWS
# DataSync for online transfers, AWS Data Transfer Terminal for secure physical transfers, or
# AWS Partner solutions." Said beside every Snow recommendation (rule SNOW-RULE, SNOW-DEVICES).
SNOWBALL_NEW_CUSTOMERS_NOTE = (
    "AWS today: Snowball Edge is no longer available to new customers; AWS points new "
    "customers to AWS DataSync (online) or AWS Data Transfer Terminal (physical) "
    "[SNOW-DEVICES]")


@dataclass(frozen=True)
class TransferPlan:
    """Days over the network, the one-week rule's verdict (``recommend_snow``) and the
    devices. No prices: link speeds and device limits only (``prices_used`` is empty)."""

    network_days: float
    one_week_days: float
    recommend_snow: bool
    devices: pd.DataFrame  # one row per device: notes and today side by side
    options: pd.DataFrame  # days per link option with the one-week line (for a chart)
    notes: list[str]
    prices_used: list[PriceUsed] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"network_days": self.network_days, "one_week_days": self.one_week_days,
                "recommend_snow": self.recommend_snow, "devices": self.devices,
                "options": self.options, "notes": self.notes}


def plan(inp: TransferInput, *, catalog: Catalog) -> TransferPlan:
    """Network days, the one-week rule, and Snow devices for a data move.

    Notes
    -----
    Rules: SNOW-RULE, SNOW-DEVICES. Worked example: 100 TB over 1 Gbps at 80% takes about 12
    days, more than a week, so Snow.
    """
    lim = catalog.limits
    week = lim.value("snow.rule.max_network_transfer_days", inp.basis)
    days = network_transfer_days(data_tb=inp.data_tb, bandwidth_mbps=inp.bandwidth_mbps,
                                 utilization=inp.utilization)
    links = sorted({float(inp.bandwidth_mbps), *map(float, COMMON_LINKS_MBPS)})
    link_days = network_transfer_days(data_tb=inp.data_tb, bandwidth_mbps=np.array(links),
                                      utilization=inp.utilization)
    options = pd.DataFrame({
        "option": [f"{b:,.0f} Mbit/s" + (" (your link)" if b == inp.bandwidth_mbps else "")
                   for b in links],
        "bandwidth_mbps": links, "days": link_days, "one_week_days": week,
        "over_one_week": link_days > week})
    devices = device_table(data_tb=inp.data_tb, limits=lim)
    snow = days > week
    notes = [f"{inp.data_tb:g} TB over {inp.bandwidth_mbps:g} Mbit/s at "
             f"{inp.utilization:.0%}: {days:,.1f} days"
             + (f", more than {week:g} days: use the Snow Family [SNOW-RULE]" if snow
                else f", within {week:g} days: the network will do [SNOW-RULE]")]
    if snow and inp.basis == "aws_today":
        notes.append(SNOWBALL_NEW_CUSTOMERS_NOTE)
    return TransferPlan(days, week, bool(snow), devices, options, notes)


def report(res: TransferPlan) -> Output:
    """``transfer plan`` as the CLI prints it (no prices: link speed and device limits)."""
    return Output(res.to_dict(), res.devices, res.notes)
