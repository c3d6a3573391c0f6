"""Savings Plan commitment sizing (EC2-SP): cost versus commitment, the best commitment."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ec2.savings_plan import (
    HOURS_PER_WEEK,
    CommitmentSizing,
    flat_optimal_commitment_usd_per_hour,
    optimal_commitment_usd_per_hour,
    read_profile_csv,
    savings_plan_cost_curve,
    size_commitment,
)


def test_constant_spend_commits_everything() -> None:
    # rule: EC2-SP. $10/h On-Demand, 28% off: commit 7.20 USD/h, pay 7.20 x 730 = $5,256 a
    # month instead of $7,300; coverage and utilisation 100%.
    r = size_commitment(CommitmentSizing(on_demand_usd_per_hour=(10.0,), discount_pct=28))
    best = r["best"]
    assert best["commitment_usd_per_hour"] == pytest.approx(7.2)
    assert best["usd_per_month"] == pytest.approx(5256)
    assert best["coverage_pct"] == pytest.approx(100) and best["utilization_pct"] == 100
    assert best["savings_vs_on_demand_pct"] == pytest.approx(28)


def test_weekly_pattern_worked_example() -> None:
    # rule: EC2-SP (notes L379-384: usage above the commitment is On-Demand; unused
    # commitment is still paid). Office hours: $10/h for 50 of 168 hours, $2/h otherwise,
    # 30% off (ratio 0.7). Covering $10 pays only if over 70% of hours reach it (50/168 do
    # not): the best commitment covers the $2 floor, 0.7 x 2 = 1.40 USD/h.
    profile = np.full(HOURS_PER_WEEK, 2.0)
    profile[:50] = 10.0
    s = CommitmentSizing(profile_kind="weekly", on_demand_usd_per_hour=tuple(profile),
                         discount_pct=30)
    best = size_commitment(s)["best"]
    assert best["commitment_usd_per_hour"] == pytest.approx(1.4)
    per_week = 1.4 * 168 + 50 * 8.0  # commitment every hour + the $8 overflow in 50 hours
    assert best["usd_per_month"] == pytest.approx(per_week / 168 * 730)
    assert best["utilization_pct"] == pytest.approx(100)
    assert best["coverage_pct"] == pytest.approx(2 * 168 / (50 * 10 + 118 * 2) * 100)


def test_curve_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    u = rng.uniform(0, 5, 300)
    u[:40] = 0
    c = np.linspace(0, 5, 37)
    curve = savings_plan_cost_curve(commitment_usd_per_hour=c, on_demand_usd_per_hour=u,
                                    rate_ratio=0.66)
    brute = np.array([np.sum(x + np.maximum(0, u - x / 0.66)) for x in c]) * 730 / len(u)
    np.testing.assert_allclose(curve["usd_per_month"], brute, rtol=1e-12)


@pytest.mark.parametrize(("hours", "expected"), [
    (0.72 * 730, 0.0),             # exactly at the plan's break-even use (ratio 0.72): no
    (0.72 * 730 + 0.01, 2 * 0.072),  # just above: commit 2 instances x the plan rate
    (730.0, 2 * 0.072),
])
def test_flat_commitment_is_all_or_nothing(hours: float, expected: float) -> None:
    # rule: EC2-SP. On-Demand 0.1, plan 0.072 USD/h (28% off), 2 instances.
    c = flat_optimal_commitment_usd_per_hour(on_demand_usd_per_hour=0.1,
                                             savings_plan_usd_per_hour=0.072, instance_count=2,
                                             hours_per_month=hours)
    assert c == pytest.approx(expected)


def test_read_profile_csv() -> None:
    assert read_profile_csv("on_demand_usd_per_hour\n1.5\n2\n") == (1.5, 2.0)
    assert read_profile_csv("hour,on_demand_usd_per_hour\n0,1\n1,3\n") == (1.0, 3.0)
    with pytest.raises(ValueError, match="row 2"):
        read_profile_csv("1\nabc\n")


@pytest.mark.parametrize("bad", [
    {"on_demand_usd_per_hour": (1.0,), "discount_pct": 100},  # one past the largest
    {"on_demand_usd_per_hour": (1.0,), "discount_pct": -1},
    {"profile_kind": "weekly", "on_demand_usd_per_hour": (1.0,) * 167, "discount_pct": 10},
    {"on_demand_usd_per_hour": (-1.0,), "discount_pct": 10},
    {"on_demand_usd_per_hour": (1.0, 2.0), "discount_pct": 10},  # constant takes one value
])
def test_bad_input(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        CommitmentSizing(**bad)  # type: ignore[arg-type]


@settings(max_examples=80)
@given(profile=st.lists(st.floats(0, 100), min_size=1, max_size=60),
       ratio=st.floats(0.1, 1.0), probe=st.floats(0, 100))
def test_best_commitment_is_never_beaten(profile: list[float], ratio: float,
                                         probe: float) -> None:
    # rule: EC2-SP. No commitment costs less than the chosen one; costs are never negative
    # and never above On-Demand only at the best commitment.
    best = optimal_commitment_usd_per_hour(on_demand_usd_per_hour=profile, rate_ratio=ratio)
    curve = savings_plan_cost_curve(commitment_usd_per_hour=[best, probe],
                                    on_demand_usd_per_hour=profile, rate_ratio=ratio)
    cost = curve["usd_per_month"].to_numpy()
    assert cost[0] <= cost[1] + 1e-9 and (cost >= 0).all()
    assert cost[0] <= curve["on_demand_only_usd_per_month"].iloc[0] + 1e-9


def test_curve_shows_over_commitment() -> None:
    # rule: EC2-SP - unused commitment is still paid (notes L379-384): past the usage the cost
    # rises again, and the curve reaches far enough to show it (an always-on workload's best
    # commitment is its whole usage, so a curve ending there would hide that side).
    from calc.ec2.savings_plan import CommitmentSizing, size_commitment

    sizing = CommitmentSizing(on_demand_usd_per_hour=(10.0,), discount_pct=28)
    res = size_commitment(sizing, points=51)
    curve = res["curve"]
    best = res["best"]["commitment_usd_per_hour"]
    assert best == pytest.approx(7.2)  # covers the whole 10 USD/h at 72% of On-Demand
    above = curve[curve["commitment_usd_per_hour"] > best]
    assert len(above) and (above["usd_per_month"].diff().dropna() > 0).all()
    assert curve["commitment_usd_per_hour"].max() == pytest.approx(7.2 * 1.5)
