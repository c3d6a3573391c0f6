"""The plan checker's small calculators: worked examples and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.checks import calculators as c
from calc.pricing import Catalog, bundled_root
from calc.units import HOURS_PER_MONTH, HOURS_PER_YEAR


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return Catalog(bundled_root())


_CAT = Catalog(bundled_root())
RULE = c.AutoscalingRule.from_limits(_CAT.limits)
ASYNC = c.AsyncRetryRule.from_limits(_CAT.limits)
AURORA = c.AuroraRule.from_limits(_CAT.limits)
FAST = settings(max_examples=100)


# -- RDS storage autoscaling --------------------------------------------------------------------
def test_autoscaling_rule_comes_from_limits() -> None:
    # rule: RDS-AUTOSCALING. Notes L3407-3409: free < 10%, for 5 min, 6 h since the last
    # change. RDS User Guide USER_PIOPS.Autoscaling (docs.aws.amazon.com, read 2026-11-26, page
    # undated): the increase is the greatest of 10 GiB, 10% of allocated, predicted 7 h growth.
    assert RULE == c.AutoscalingRule(10, 5, 6, 10, 10, 7)


def test_autoscaling_trigger_worked_example() -> None:
    # rule: RDS-AUTOSCALING. 100 GiB allocated, 85 GiB used, growing 1 GiB/day: free space
    # reaches 10% (90 GiB used) after 5 days = 120 h, and autoscaling starts 5 min later.
    t = c.rds_autoscaling_trigger_h(allocated_gib=100.0, used_gib=85.0, growth_gib_per_h=1 / 24,
                                    hours_since_last_change=math.inf, rule=RULE)
    assert t == pytest.approx(120 + 5 / 60)


def test_autoscaling_waits_6_hours_after_the_last_change() -> None:
    # rule: RDS-AUTOSCALING. Notes L3409: already at 5% free, but storage changed 2 h ago:
    # autoscaling waits until 6 h after that change, 4 h from now.
    t = c.rds_autoscaling_trigger_h(allocated_gib=100.0, used_gib=95.0, growth_gib_per_h=0.0,
                                    hours_since_last_change=2.0, rule=RULE)
    assert t == pytest.approx(4.0)


@pytest.mark.parametrize(("used", "expected_h"), [(90.0, 5 / 60), (89.99, math.inf)])
def test_autoscaling_free_space_threshold(used: float, expected_h: float) -> None:
    # rule: RDS-AUTOSCALING. RDS User Guide: free space "less than or equal to 10 percent":
    # exactly 10% free triggers (after 5 min); just above 10% and no growth never does.
    t = c.rds_autoscaling_trigger_h(allocated_gib=100.0, used_gib=used, growth_gib_per_h=0.0,
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
    inc = c.rds_autoscaling_increment_gib(allocated_gib=alloc, used_gib=used,
                                          growth_gib_per_h=growth_h, rule=RULE)
    assert inc == pytest.approx(expected)


def test_autoscaling_forecast_worked_example() -> None:
    # rule: RDS-AUTOSCALING. 100 GiB, 50 GiB used, +1 GiB/day, max 1,000 GiB, one year:
    # 1st event at 90 GiB used (day 40 + 5 min) -> 110 GiB; 2nd at 99 GiB (day 49) -> 121 GiB.
    fc = c.rds_autoscaling_forecast(allocated_gib=100, used_gib=50, growth_gib_per_day=1,
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
    fc = c.rds_autoscaling_forecast(allocated_gib=100, used_gib=50, growth_gib_per_day=1,
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
    fc = c.rds_autoscaling_forecast(allocated_gib=alloc, used_gib=used,
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
    vec = c.rds_autoscaling_trigger_h(allocated_gib=a, used_gib=used, growth_gib_per_h=growth,
                                      hours_since_last_change=since, rule=RULE)
    for i in range(len(a)):
        one = c.rds_autoscaling_trigger_h(allocated_gib=float(a[i]), used_gib=float(used[i]),
                                          growth_gib_per_h=growth, hours_since_last_change=since,
                                          rule=RULE)
        assert isinstance(one, float)
        assert one == vec[i] or (math.isinf(one) and math.isinf(vec[i]))
        assert one >= RULE.low_storage_min_minutes / 60 - 1e-12


# -- Lambda asynchronous retries ------------------------------------------------------------
def test_async_retry_timeline_worked_example() -> None:
    # rule: LAMBDA-ASYNC-RETRY. Notes L2345-2347: 2 retries, 1 minute after the 1st failure and
    # 2 minutes after the 2nd; Lambda Developer Guide invocation-async-error-handling (read
    # 2026-11-26) says the same. A 2 s function: attempts at 0 s, 62 s and 184 s.
    t = c.lambda_async_retry_timeline(duration_s=2, error_rate=0.1, rule=ASYNC)
    assert t["start_s"].tolist() == [0, 62, 184]
    assert t["end_s"].tolist() == [2, 64, 186]
    assert t["probability_run"].tolist() == pytest.approx([1, 0.1, 0.01])


def test_expected_invocations_and_losses() -> None:
    # rule: LAMBDA-ASYNC-RETRY. 10% errors: 1 + 0.1 + 0.01 = 1.11 runs per event; 0.1^3 of the
    # events fail all three attempts.
    assert c.lambda_expected_invocations(error_rate=0.1, retries=ASYNC.retries) == \
        pytest.approx(1.11)
    assert c.lambda_event_loss_probability(error_rate=0.1, retries=ASYNC.retries) == \
        pytest.approx(0.001)


@FAST
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_expected_invocations_properties(rates: list[float]) -> None:
    # rule: LAMBDA-ASYNC-RETRY. Between 1 and 3 runs per event, never fewer as errors grow;
    # scalar and vector agree.
    p = np.sort(np.array(rates))
    vec = c.lambda_expected_invocations(error_rate=p, retries=ASYNC.retries)
    assert ((vec >= 1) & (vec <= ASYNC.retries + 1 + 1e-12)).all()
    assert (np.diff(vec) >= -1e-12).all()
    loss = c.lambda_event_loss_probability(error_rate=p, retries=ASYNC.retries)
    assert ((loss >= 0) & (loss <= 1)).all()
    for i, r in enumerate(p):
        assert c.lambda_expected_invocations(error_rate=float(r), retries=ASYNC.retries) == \
            pytest.approx(vec[i])


def test_throttle_retry_schedule_worked_example() -> None:
    # rule: LAMBDA-CONCURRENCY. Notes L2460-2461: throttled events retried for up to 6 h, the
    # interval growing from 1 s to 5 min. With doubling (an assumption: AWS gives no factor):
    # 1, 2, ..., 256 s (9 retries, 511 s), then every 300 s: (21,600 - 511) // 300 = 70 more.
    s = c.lambda_throttle_retry_schedule(rule=ASYNC)
    assert s["interval_s"].iloc[:10].tolist() == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert len(s) == 79
    assert s["at_s"].iloc[-1] <= 6 * 3600


@FAST
@given(factor=st.floats(1.1, 10))
def test_throttle_schedule_properties(factor: float) -> None:
    # rule: LAMBDA-CONCURRENCY. Intervals within 1 s..5 min, never shrinking, last retry within
    # the 6 h event age, whatever growth factor.
    s = c.lambda_throttle_retry_schedule(rule=ASYNC, backoff_factor=factor)
    iv = s["interval_s"].to_numpy()
    assert iv.min() >= ASYNC.throttle_min_interval_s
    assert iv.max() <= ASYNC.throttle_max_interval_s
    assert (np.diff(iv) >= 0).all()
    assert s["at_s"].iloc[-1] <= ASYNC.max_event_age_s
    assert s["at_s"].to_numpy() == pytest.approx(np.cumsum(iv))


# -- Aurora quorum -----------------------------------------------------------------------------
def test_aurora_failure_table() -> None:
    # rule: AURORA. Notes L3507-3509: 6 copies across 3 AZs, 4 for writes, 3 for reads: an AZ
    # (2 copies) is survived with writes; an AZ and one more copy with reads only.
    t = c.aurora_failure_table(AURORA).set_index("copies_lost")
    assert t.loc[2, "equivalent_failure"] == "1 AZ"
    assert t.loc[3, "equivalent_failure"] == "1 AZ + 1 copy"
    assert t["can_write"].tolist() == [True, True, True, False, False, False, False]
    assert t["can_read"].tolist() == [True, True, True, True, False, False, False]


def test_aurora_quorum_scalar_equals_vector() -> None:
    # rule: AURORA.
    lost = np.arange(AURORA.copies + 1)
    w, r = c.aurora_quorum(copies_lost=lost, rule=AURORA)
    for k in lost:
        assert c.aurora_quorum(copies_lost=int(k), rule=AURORA) == (bool(w[k]), bool(r[k]))
    assert (~w | r).all()  # whatever can write can read


# -- S3 ------------------------------------------------------------------------------------
def test_s3_loss_worked_example() -> None:
    # rule: S3-DURABILITY. Notes L2788: 10,000,000 objects lose one object once every 10,000
    # years (limits s3.durability.example_*).
    lim = _CAT.limits
    objects = lim.value("s3.durability.example_objects")
    lost = c.s3_expected_objects_lost_per_year(objects=objects,
                                               durability_nines=lim.value("s3.durability.nines"))
    assert 1 / lost == pytest.approx(lim.value("s3.durability.example_years_per_loss"))
    assert 1 / lost == pytest.approx(10_000)


def test_s3_downtime_worked_example() -> None:
    # rule: S3-AVAILABILITY. Notes L2791: 99.99% "not available 53 minutes a year": 52.56 min.
    down = c.s3_downtime_minutes_per_year(availability_pct=99.99)
    assert down == pytest.approx(52.56)
    assert round(down) == _CAT.limits.value("s3.availability.standard_downtime_min_per_year")
    assert c.s3_downtime_minutes_per_year(availability_pct=99.5) == pytest.approx(2628)


@FAST
@given(st.lists(st.integers(0, 10**15), min_size=1, max_size=20),
       st.lists(st.floats(90, 100), min_size=1, max_size=20))
def test_s3_properties(objects: list[int], pcts: list[float]) -> None:
    # rules: S3-DURABILITY, S3-AVAILABILITY. Never negative, linear in objects, less downtime
    # for more availability, scalar == vector.
    n = np.array(objects, dtype=float)
    lost = c.s3_expected_objects_lost_per_year(objects=n, durability_nines=11)
    assert (lost >= 0).all() and lost == pytest.approx(n * 1e-11)
    a = np.sort(np.array(pcts))
    down = c.s3_downtime_minutes_per_year(availability_pct=a)
    assert (down >= -1e-9).all() and (np.diff(down) <= 1e-9).all()
    assert c.s3_downtime_minutes_per_year(availability_pct=float(a[0])) == pytest.approx(down[0])


# -- ASG target tracking -------------------------------------------------------------------------
@pytest.mark.parametrize(("goal", "pct"), [("availability", 40), ("balance", 50), ("cost", 70)])
def test_asg_goal_targets(cat: Catalog, goal: str, pct: float) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1480-1482.
    assert c.asg_target_utilisation_pct(goal, cat.limits) == pct  # type: ignore[arg-type]


def test_asg_instances_no_float_noise() -> None:
    # rule: ASG-TARGET-TRACKING. 70 units on 10-unit instances at 70%: exactly 10 instances
    # (70 / 7 is 10.000000000000002 in floating point, not 11).
    assert c.asg_instances_needed(load=70, capacity_per_instance=10,
                                  target_utilisation_pct=70) == 10
    assert c.asg_instances_needed(load=0, capacity_per_instance=10,
                                  target_utilisation_pct=70) == 0


@FAST
@given(load=st.lists(st.floats(0, 1e6, allow_subnormal=False), min_size=1, max_size=20),
       cap=st.floats(0.1, 1e3),
       pct=st.floats(1, 100))
def test_asg_instances_properties(load: list[float], cap: float, pct: float) -> None:
    # rule: ASG-TARGET-TRACKING. Enough instances to keep utilisation at or under the target,
    # one fewer would not be; more load never needs fewer; scalar == vector.
    ld = np.sort(np.array(load))
    n = c.asg_instances_needed(load=ld, capacity_per_instance=cap, target_utilisation_pct=pct)
    per = cap * pct / 100
    assert (n * per >= ld * (1 - 1e-9)).all()
    assert ((n - 1) * per < ld * (1 + 1e-9) + 1e-12)[n > 0].all()
    assert (np.diff(n) >= 0).all()
    assert c.asg_instances_needed(load=float(ld[-1]), capacity_per_instance=cap,
                                  target_utilisation_pct=pct) == n[-1]


# -- SSM -----------------------------------------------------------------------------------
def test_ssm_advanced_cost(cat: Catalog) -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L969: $0.05 per advanced parameter per month: 2,000
    # parameters cost $100 a month.
    usd = cat.limits.value("ssm.advanced.usd_per_parameter_month")
    assert c.ssm_advanced_usd_per_month(parameters=2000, usd_per_parameter_month=usd) == \
        pytest.approx(100)
    vec = c.ssm_advanced_usd_per_month(parameters=np.array([0, 1, 2000]),
                                       usd_per_parameter_month=usd)
    assert vec.tolist() == pytest.approx([0, 0.05, 100])
