"""Spot Fleet allocation (EC2-SPOT-FLEET, notes L440-450)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ec2.rates import option_rate
from calc.ec2.spot_fleet import allocate_spot_fleet, spot_fleet
from calc.errors import InputError
from tests.support.catalogs import bundled_catalog

PRICES = [0.04, 0.03, 0.05]
RANKS = [2, 3, 0]  # the 0.05 pool is the least interrupted


@pytest.mark.parametrize(("strategy", "counts"), [
    # rule: EC2-SPOT-FLEET: lowestPrice -> the cheapest pool; diversified -> spread across
    # pools; capacityOptimized -> the pool least likely to be interrupted.
    ("lowest_price", [0, 7, 0]),
    ("diversified", [2, 3, 2]),
    ("capacity_optimized", [0, 0, 7]),
])
def test_strategies(strategy: str, counts: list[int]) -> None:
    got = allocate_spot_fleet(spot_usd_per_hour=PRICES, interruption_rank=RANKS,
                              target_capacity=7, strategy=strategy)  # type: ignore[arg-type]
    assert got.tolist() == counts


@pytest.mark.parametrize(("cap", "launched"), [
    (0.09, 3),   # exactly three instances at 0.03: at the cap
    (0.089, 2),  # a fraction below: one fewer
    (None, 7),
])
def test_max_cost_stops_launching(cap: float | None, launched: int) -> None:
    # rule: EC2-SPOT-FLEET: the fleet stops when the target or the max cost is reached.
    got = allocate_spot_fleet(spot_usd_per_hour=PRICES, interruption_rank=RANKS,
                              target_capacity=7, strategy="lowest_price", max_usd_per_hour=cap)
    assert got.sum() == launched


def test_fleet_from_snapshot() -> None:
    # rule: EC2-SPOT-FLEET, EC2-SPOT. lowestPrice on the bundled catalog: the whole target in
    # the cheaper pool, at its Spot price, with its date (the figures: test_snapshot_prices.py).
    cat = bundled_catalog()
    table, summary = spot_fleet("us-east-1", ["m5.large", "m5a.large"], target_capacity=10,
                                catalog=cat)
    prices = {t: option_rate("us-east-1", t, "spot", catalog=cat)
              for t in ("m5.large", "m5a.large")}
    cheapest = min(prices, key=lambda t: prices[t].usd_per_hour)
    row = table.set_index("instance_type").loc[cheapest]
    assert summary["launched"] == 10 and row["instances"] == 10
    assert summary["usd_per_hour"] == pytest.approx(10 * prices[cheapest].usd_per_hour)
    assert row["as_of"] == prices[cheapest].as_of
    with pytest.raises(InputError, match="EC2-SPOT-FLEET"):
        spot_fleet("us-east-1", ["m5.large"], target_capacity=0, catalog=cat)


@settings(max_examples=100)
@given(prices=st.lists(st.floats(0.001, 10), min_size=1, max_size=8),
       target=st.integers(1, 50), strategy=st.sampled_from(
           ["lowest_price", "diversified", "capacity_optimized"]),
       cap=st.none() | st.floats(0, 100), seed=st.integers(0, 100))
def test_never_over_target_or_cap(prices: list[float], target: int, strategy: str,
                                  cap: float | None, seed: int) -> None:
    ranks = np.random.default_rng(seed).integers(0, 5, len(prices))
    got = allocate_spot_fleet(spot_usd_per_hour=prices, interruption_rank=ranks,
                              target_capacity=target, strategy=strategy,  # type: ignore[arg-type]
                              max_usd_per_hour=cap)
    assert (got >= 0).all() and got.sum() <= target
    if cap is not None:
        assert float(np.dot(got, prices)) <= cap * (1 + 1e-9)
    else:
        assert got.sum() == target
