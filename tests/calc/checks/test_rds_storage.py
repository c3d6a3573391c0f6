"""RDS storage autoscaling (calc.checks.rds_storage): worked examples and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.checks import rds_storage as rds
from calc.units import HOURS_PER_MONTH, HOURS_PER_YEAR
from tests.support.catalogs import bundled_catalog

CATALOG = bundled_catalog()
RULE = rds.AutoscalingRule.from_limits(CATALOG.limits)
FAST = settings(max_examples=100)


def test_autoscaling_rule_comes_from_limits() -> None:
    # rule: RDS-AUTOSCALING. Notes L3407-3409: free < 10%, for 5 min, 6 h since the last
    # change. RDS User Guide USER_PIOPS.Autoscaling (docs.aws.amazon.com, read 2026-11-26, page
    # undated): the increase is the greatest of 10 GiB, 10% of allocated, predicted 7 h growth.
    assert RULE == rds.AutoscalingRule(10, 5, 6, 10, 10, 7)


def test_autoscaling_trigger_worked_example() -> None:
    # rule: RDS-AUTOSCALING. 100 GiB allocated, 85 GiB used, growing 1 GiB/day: free space
    # reaches 10% (90 GiB used) after 5 days = 120 h, and autoscaling starts 5 min later.
    t = rds.rds_autoscaling_trigger_h(allocated_gib=100.0, used_gib=85.0, growth_gib_per_h=1 / 24,
                                      hours_since_last_change=math.inf, rule=RULE)
    assert t == pytest.approx(120 + 5 / 60)


def test_autoscaling_waits_6_hours_after_the_last_change() -> None:
    # rule: RDS-AUTOSCALING. Notes L3409: already at 5% free, but storage changed 2 h ago:
    # autoscaling waits until 6 h after that change, 4 h from now.
    t = rds.rds_autoscaling_trigger_h(allocated_gib=100.0, used_gib=95.0, growth_gib_per_h=0.0,
                                      hours_since_last_change=2.0, rule=RULE)
    assert t == pytest.approx(4.0)


@pytest.mark.parametrize(("used", "expected_h"), [(90.0, 5 / 60), (89.99, math.inf)])
def test_autoscaling_free_space_threshold(used: float, expected_h: float) -> None:
    # rule: RDS-AUTOSCALING. RDS User Guide: free space "less than or equal to 10 percent":
    # exactly 10% free triggers (after 5 min); just above 10% and no growth never does.
    t = rds.rds_autoscaling_trigger_h(allocated_gib=100.0, used_gib=used, growth_gib_per_h=0.0,
                                      hours_since_last_change=math.inf, rule=RULE)
    assert t == pytest.approx(expected_h)


@pytest.mark.parametrize(("alloc", "used", "growth_h", "expected"),
                         [(100.0, 90.0, 0.0, 10.0),  # 10 GiB floor
                          (500.0, 450.0, 0.0, 50.0),  # 10% of 500 GiB
                          (100.0, 95.0, 5.0, 30.0)])  # 95 + 7 h x 5 GiB/h - 100 = 30 GiB
def test_autoscaling_increment(alloc: float, used: float, growth_h: float,
                               expected: float) -> None:
    # rule: RDS-AUTOSCALING. RDS User Guide USER_PIOPS.Autoscaling: the greatest of 10 GiB,
    # 10% of allocated storage and the growth predicted beyond allocated in the next 7 hours.
    inc = rds.rds_autoscaling_increment_gib(allocated_gib=alloc, used_gib=used,
                                            growth_gib_per_h=growth_h, rule=RULE)
    assert inc == pytest.approx(expected)


def test_autoscaling_forecast_worked_example() -> None:
    # rule: RDS-AUTOSCALING. 100 GiB, 50 GiB used, +1 GiB/day, max 1,000 GiB, one year:
    # 1st event at 90 GiB used (day 40 + 5 min) -> 110 GiB; 2nd at 99 GiB (day 49) -> 121 GiB.
    fc = rds.rds_autoscaling_forecast(allocated_gib=100, used_gib=50, growth_gib_per_day=1,
                                      hours_since_last_change=math.inf, max_storage_gib=1000,
                                      horizon_h=HOURS_PER_YEAR, rule=RULE)
    ev = fc.events
    assert ev["time_h"].iloc[0] == pytest.approx(40 * 24 + 5 / 60)
    assert ev["allocated_after_gib"].iloc[:2].tolist() == pytest.approx([110, 121])
    assert fc.first_trigger_h == pytest.approx(40 * 24 + 5 / 60)
    assert fc.storage_full_h is None and not fc.reached_max
    assert fc.used_gib == pytest.approx(50 + 365)
    assert fc.allocated_gib >= fc.used_gib / 0.9 - 1e-6  # ends with at least 10% free-ish


def test_autoscaling_forecast_without_autoscaling_fills() -> None:
    # rule: RDS-AUTOSCALING. No autoscaling: 50 GiB free at 1 GiB/day is full in 50 days.
    fc = rds.rds_autoscaling_forecast(allocated_gib=100, used_gib=50, growth_gib_per_day=1,
                                      hours_since_last_change=math.inf, max_storage_gib=None,
                                      horizon_h=HOURS_PER_YEAR, rule=RULE)
    assert fc.events.empty and fc.storage_full_h == pytest.approx(50 * 24)


alloc_st = st.floats(20, 20_000)
free_st = st.floats(0, 100)
growth_st = st.floats(0, 2_000)
since_st = st.one_of(st.just(math.inf), st.floats(0, 48))


@FAST
@given(alloc=alloc_st, free=free_st, growth=growth_st, since=since_st,
       max_factor=st.floats(1, 20), months=st.floats(0.1, 24))
def test_autoscaling_never_within_6_hours_of_a_change(alloc: float, free: float, growth: float,
                                                      since: float, max_factor: float,
                                                      months: float) -> None:
    # rule: RDS-AUTOSCALING. Notes L3409: never within 6 h of the last storage change, only when
    # free space <= 10%, allocated storage never shrinks and never passes the maximum.
    used = alloc * (1 - free / 100)
    fc = rds.rds_autoscaling_forecast(allocated_gib=alloc, used_gib=used,
                                      growth_gib_per_day=growth, hours_since_last_change=since,
                                      max_storage_gib=alloc * max_factor,
                                      horizon_h=months * HOURS_PER_MONTH, rule=RULE)
    times = fc.events["time_h"].to_numpy()
    if len(times):
        assert times[0] >= RULE.min_hours_since_last_change - since - 1e-9
        assert times[0] >= RULE.low_storage_min_minutes / 60 - 1e-9
        assert (np.diff(times) >= RULE.min_hours_since_last_change - 1e-9).all()
        assert (fc.events["free_pct_before"] <= RULE.free_space_threshold_pct + 1e-6).all()
        after = fc.events["allocated_after_gib"].to_numpy()
        assert (np.diff(np.concatenate([[alloc], after])) >= 0).all()
        assert after.max() <= alloc * max_factor + 1e-9
        assert (fc.events["increment_gib"] >= 0).all()
    assert 0 <= fc.used_gib <= fc.allocated_gib + 1e-6
    if fc.storage_full_h is not None:
        assert fc.storage_full_h <= fc.horizon_h + 1e-9


@FAST
@given(alloc=st.lists(alloc_st, min_size=1, max_size=20), free=free_st, growth=growth_st,
       since=since_st)
def test_autoscaling_trigger_scalar_equals_vector(alloc: list[float], free: float,
                                                  growth: float, since: float) -> None:
    # rule: RDS-AUTOSCALING. One vectorised call gives each scalar answer.
    a = np.array(alloc)
    used = a * (1 - free / 100)
    vec = rds.rds_autoscaling_trigger_h(allocated_gib=a, used_gib=used, growth_gib_per_h=growth,
                                        hours_since_last_change=since, rule=RULE)
    for i in range(len(a)):
        one = rds.rds_autoscaling_trigger_h(allocated_gib=float(a[i]), used_gib=float(used[i]),
                                            growth_gib_per_h=growth, hours_since_last_change=since,
                                            rule=RULE)
        assert isinstance(one, float)
        assert one == vec[i] or (math.isinf(one) and math.isinf(vec[i]))
        assert one >= RULE.low_storage_min_minutes / 60 - 1e-12
