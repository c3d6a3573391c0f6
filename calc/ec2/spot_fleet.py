"""Spot Fleet allocation (EC2-SPOT-FLEET): fill a target capacity from Spot pools under an
optional maximum cost, with the strategies of the notes (L440-450).

- ``lowest_price``: every instance from the cheapest pool (cost first, short workloads);
- ``diversified``: spread evenly across all pools (availability, long workloads);
- ``capacity_optimized``: the pools least likely to be interrupted (the Spot Advisor's lowest
  interruption band), cheapest first among them.

The fleet stops launching when the target is reached or the next instance would exceed the
maximum total price per hour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from calc.ec2.costs import round_significant
from calc.ec2.rates import option_rate
from calc.errors import InputError
from calc.pricing import Catalog
from calc.units import HOURS_PER_MONTH

Strategy = Literal["lowest_price", "diversified", "capacity_optimized"]
# The Spot Advisor's bands, least interrupted first (the feed's own range labels).
BAND_ORDER = ("<5%", "5-10%", "10-15%", "15-20%", ">20%")


def allocate_spot_fleet(*, spot_usd_per_hour: Sequence[float], interruption_rank: Sequence[int],
                        target_capacity: int, strategy: Strategy,
                        max_usd_per_hour: float | None = None) -> np.ndarray:
    """Instances per pool [count] for a Spot Fleet.

    Parameters
    ----------
    spot_usd_per_hour : each pool's Spot price [USD/instance-hour].
    interruption_rank : each pool's interruption band rank (0 = least interrupted).
    target_capacity : instances wanted [count], >= 1.
    strategy : lowest_price | diversified | capacity_optimized.
    max_usd_per_hour : the fleet's maximum total price [USD/hour]; None = no cap.

    Notes
    -----
    Launch order: lowest_price fills the cheapest pool; diversified deals instances round-robin
    across pools, cheapest first; capacity_optimized fills the least-interrupted, cheapest pool.
    An instance is launched only while the running total stays within ``max_usd_per_hour``.
    Rule: EC2-SPOT-FLEET (notes L440-450).
    """
    price = np.asarray(spot_usd_per_hour, dtype=float)
    rank = np.asarray(interruption_rank, dtype=int)
    n = len(price)
    if n == 0:
        return np.zeros(0, dtype=int)
    by_price = np.lexsort((np.arange(n), price))
    if strategy == "lowest_price":
        order = np.full(target_capacity, by_price[0])
    elif strategy == "capacity_optimized":
        best = np.lexsort((np.arange(n), price, rank))[0]
        order = np.full(target_capacity, best)
    else:
        order = np.resize(by_price, target_capacity)
    counts = np.zeros(n, dtype=int)
    total = 0.0
    for pool in order:
        if max_usd_per_hour is not None and total + price[pool] > max_usd_per_hour * (1 + 1e-12):
            break
        counts[pool] += 1
        total += price[pool]
    return counts


def spot_fleet(region: str, instance_types: Sequence[str], *, target_capacity: int,
               strategy: Strategy = "lowest_price", max_usd_per_hour: float | None = None,
               hours_per_month: float = HOURS_PER_MONTH, os: str = "linux",
               catalog: Catalog) -> tuple[pd.DataFrame, dict[str, object]]:
    """A Spot Fleet over ``instance_types`` in ``region`` (one pool per type), priced from the
    snapshot's Spot rows (date and interruption band per pool). Pools without a Spot price are
    listed with 0 instances and the reason. Rules: EC2-SPOT-FLEET, EC2-SPOT."""
    cat = catalog
    if target_capacity < 1:
        raise InputError("target_capacity", target_capacity, "must be at least 1",
                         rule_id="EC2-SPOT-FLEET")
    if not instance_types:
        raise InputError("instance_types", [], "give at least one pool (instance type)",
                         rule_id="EC2-SPOT-FLEET")
    rates = [option_rate(region, t, "spot", os=os, catalog=cat) for t in instance_types]
    priced = [r for r in rates if r.price_available]
    ranks = [BAND_ORDER.index(r.interruption_band) if r.interruption_band in BAND_ORDER
             else len(BAND_ORDER) for r in priced]
    counts = allocate_spot_fleet(spot_usd_per_hour=[r.usd_per_hour for r in priced],
                                 interruption_rank=ranks, target_capacity=target_capacity,
                                 strategy=strategy, max_usd_per_hour=max_usd_per_hour)
    by_type = dict(zip([id(r) for r in priced], counts, strict=True))
    rows = []
    for t, r in zip(instance_types, rates, strict=True):
        k = int(by_type.get(id(r), 0))
        rows.append({"instance_type": t, "price_available": r.price_available,
                     "spot_usd_per_hour": r.usd_per_hour if r.price_available else None,
                     "interruption_band": r.interruption_band, "instances": k,
                     "usd_per_hour": k * r.usd_per_hour if r.price_available else 0.0,
                     "as_of": r.as_of, "reason": r.reason or None})
    table = pd.DataFrame(rows)
    launched = int(table["instances"].sum())
    per_hour = float(round_significant(table["usd_per_hour"].sum()))
    summary: dict[str, object] = {
        "region": region, "strategy": strategy, "target_capacity": target_capacity,
        "launched": launched, "usd_per_hour": per_hour,
        "usd_per_month": float(round_significant(per_hour * hours_per_month)),
        "stopped_by_max_cost": launched < target_capacity and max_usd_per_hour is not None
                               and bool(priced),
    }
    return table, summary
