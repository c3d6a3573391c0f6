"""EC2 cost formulas: worked examples, edge cases at the limits, hypothesis properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ec2.costs import (
    billed_hours_per_month,
    billed_seconds_per_run,
    break_even_month,
    break_even_utilization_pct,
    committed_after_horizon_months,
    cumulative_cost_usd,
    horizon_total_usd,
    savings_vs_on_demand_pct,
    terms_bought,
)
from calc.units import HOURS_PER_MONTH, HOURS_PER_YEAR

# rule: EC2-OD-BILLING (notes L359-363; AWS On-Demand pricing page): per second with a 60 s
# minimum for Linux and Windows, per started hour (3,600 s) for the other operating systems
BILLING = dict(min_billed_seconds=60.0, billing_increment_s=1.0, hourly_increment_s=3600.0)
OD = 0.096  # m5.large Linux us-east-1 (SOURCES.md ec2_ondemand_linux_2026-07.csv)


def test_on_demand_month_worked_example() -> None:
    # rule: EC2-OD-BILLING. SOURCES.md: m5.large us-east-1 $0.096/h; 730 h (AWS month)
    # -> $70.08 a month, $2,522.88 over 36 months.
    cum = cumulative_cost_usd(upfront_usd=0, fixed_usd_per_month=0,
                              usage_usd_per_month=OD * HOURS_PER_MONTH, term_months=0,
                              horizon_months=36)
    assert cum[1] == pytest.approx(70.08)
    assert cum[-1] == pytest.approx(2522.88)
    assert horizon_total_usd(upfront_usd=0, fixed_usd_per_month=0,
                             usage_usd_per_month=70.08, term_months=0,
                             horizon_months=36) == pytest.approx(2522.88)


def test_all_upfront_renews_each_term() -> None:
    # rule: EC2-RI. m5.large 1yr standard All Upfront $494 (SOURCES.md GetProducts 2021-02-05)
    # bought at months 0, 12 and 24 over a 36-month horizon.
    cum = cumulative_cost_usd(upfront_usd=494, fixed_usd_per_month=0, usage_usd_per_month=0,
                              term_months=12, horizon_months=36)
    assert cum[0] == cum[12] == 494
    assert cum[13] == cum[24] == 988
    assert cum[25] == cum[36] == 1482
    assert list(terms_bought(months=np.array([0, 1, 12, 13, 24, 25]), term_months=12)) == [
        1, 1, 1, 2, 2, 3]


@pytest.mark.parametrize(("term", "horizon", "after"), [
    (36, 12, 24),  # a 3-year term over one year: 24 months committed after the horizon
    (12, 12, 0),   # exactly at the term: nothing after
    (12, 13, 11),  # one month past: a second term is bought
    (0, 7, 0),     # no term
])
def test_committed_after_horizon(term: int, horizon: int, after: int) -> None:
    # rule: EC2-RI (every hour of the term is paid).
    assert committed_after_horizon_months(term_months=term, horizon_months=horizon) == after


def test_whole_term_versus_prorated() -> None:
    # rule: EC2-RI. m5.large 3yr standard No Upfront $0.041/h (SOURCES.md ec2_reserved.csv)
    # over 12 months: 12 x 29.93 paid, 24 x 29.93 still owed.
    fixed = 0.041 * HOURS_PER_MONTH
    whole = horizon_total_usd(upfront_usd=0, fixed_usd_per_month=fixed, usage_usd_per_month=0,
                              term_months=36, horizon_months=12)
    pro = horizon_total_usd(upfront_usd=0, fixed_usd_per_month=fixed, usage_usd_per_month=0,
                            term_months=36, horizon_months=12, count_whole_term=False)
    assert whole == pytest.approx(36 * 29.93) and pro == pytest.approx(12 * 29.93)
    # All Upfront $949 prorated to a third of its term
    assert horizon_total_usd(upfront_usd=949, fixed_usd_per_month=0, usage_usd_per_month=0,
                             term_months=36, horizon_months=12,
                             count_whole_term=False) == pytest.approx(949 / 3)


def test_break_even_month_all_upfront_3yr() -> None:
    # rule: EC2-RI. $949 upfront vs $70.08 a month On-Demand: 949 / 70.08 = 13.5 -> month 14.
    cum = cumulative_cost_usd(upfront_usd=949, fixed_usd_per_month=0, usage_usd_per_month=0,
                              term_months=36, horizon_months=36)
    od = cumulative_cost_usd(upfront_usd=0, fixed_usd_per_month=0, usage_usd_per_month=70.08,
                             term_months=0, horizon_months=36)
    assert break_even_month(cumulative_usd=cum, on_demand_cumulative_usd=od) == 14
    never = cumulative_cost_usd(upfront_usd=5000, fixed_usd_per_month=0,
                                usage_usd_per_month=0, term_months=36, horizon_months=36)
    assert np.isnan(break_even_month(cumulative_usd=never, on_demand_cumulative_usd=od))


def test_break_even_utilization_worked_example() -> None:
    # rule: EC2-RI. 3yr standard No Upfront $0.041/h vs On-Demand $0.096/h: paid every hour,
    # so it pays off above 0.041 / 0.096 = 42.7% use.
    m = 36
    u = break_even_utilization_pct(fixed_total_usd=0.041 * HOURS_PER_MONTH * m,
                                   usage_total_usd_at_full_use=0,
                                   on_demand_total_usd_at_full_use=OD * HOURS_PER_MONTH * m)
    assert u == pytest.approx(42.7083, abs=1e-4)


@pytest.mark.parametrize(("fixed", "usage", "expected"), [
    (0.0, 50.0, 0.0),     # no fixed cost, cheaper per hour: cheaper at any use
    (100.0, 0.0, 100.0),  # exactly On-Demand's full cost: equal only at 100%
    (100.01, 0.0, None),  # one cent past: never cheaper
    (10.0, 100.0, None),  # dearer per hour than On-Demand: never
])
def test_break_even_utilization_edges(fixed: float, usage: float,
                                      expected: float | None) -> None:
    u = break_even_utilization_pct(fixed_total_usd=fixed, usage_total_usd_at_full_use=usage,
                                   on_demand_total_usd_at_full_use=100.0)
    assert (np.isnan(u) if expected is None else u == pytest.approx(expected))


@pytest.mark.parametrize(("job_s", "per_second", "billed"), [
    (30, True, 60),       # a 30 s Linux job bills the 60 s minimum
    (60, True, 60),       # exactly at the minimum
    (61, True, 61),       # one second past: per second
    (61.2, True, 62),     # part seconds round up to the 1 s increment
    (30, False, 3600),    # other OS: per started hour
    (3600, False, 3600),  # exactly one hour
    (3601, False, 7200),  # one second past: two hours
])
def test_billed_seconds(job_s: float, per_second: bool, billed: float) -> None:
    # rule: EC2-OD-BILLING (notes L359-363; limits ec2.od.min_billed_seconds 60 s,
    # ec2.od.other_os_billing_increment_s 3,600 s).
    assert billed_seconds_per_run(job_seconds=job_s, per_second_billing=per_second,
                                  **BILLING) == billed


def test_billed_hours_for_short_jobs() -> None:
    # rule: EC2-OD-BILLING. 1,000 runs of 30 s on Linux bill 1,000 x 60 s = 16.67 h.
    h = billed_hours_per_month(job_seconds=30, runs_per_month=1000, per_second_billing=True,
                               **BILLING)
    assert h == pytest.approx(1000 * 60 / 3600)


def test_savings_pct() -> None:
    assert savings_vs_on_demand_pct(total_usd=949, on_demand_total_usd=2522.88) == \
        pytest.approx(62.384, abs=1e-3)
    assert np.isnan(savings_vs_on_demand_pct(total_usd=10, on_demand_total_usd=0))


# -- properties ------------------------------------------------------------------------------
money = st.floats(min_value=0, max_value=1e5, allow_nan=False)
terms = st.sampled_from([0, 12, 36])
horizons = st.integers(min_value=1, max_value=60)


@settings(max_examples=150)
@given(up=money, fixed=money, usage=money, term=terms, horizon=horizons)
def test_scalar_equals_vector_and_never_negative(up: float, fixed: float, usage: float,
                                                 term: int, horizon: int) -> None:
    one = cumulative_cost_usd(upfront_usd=up, fixed_usd_per_month=fixed,
                              usage_usd_per_month=usage, term_months=term,
                              horizon_months=horizon)
    many = cumulative_cost_usd(upfront_usd=np.array([up, 0.0]),
                               fixed_usd_per_month=np.array([fixed, 1.0]),
                               usage_usd_per_month=np.array([usage, 2.0]),
                               term_months=np.array([term, 12]), horizon_months=horizon)
    np.testing.assert_allclose(many[0], one)
    assert (one >= 0).all() and (np.diff(one) >= -1e-9).all()  # cumulative never falls
    tot = horizon_total_usd(upfront_usd=up, fixed_usd_per_month=fixed,
                            usage_usd_per_month=usage, term_months=term,
                            horizon_months=horizon)
    assert tot >= one[-1] - 1e-6  # whole-term total includes at least what was paid
    pro = horizon_total_usd(upfront_usd=up, fixed_usd_per_month=fixed,
                            usage_usd_per_month=usage, term_months=term,
                            horizon_months=horizon, count_whole_term=False)
    assert 0 <= pro <= tot + 1e-6


def test_break_even_month_tie_at_the_end_is_not_a_break_even() -> None:
    # rule: EC2-RI. The hypothesis counterexample from the accuracy issue: $37 upfront for a
    # 36-month term against On-Demand at $2 a month over 37 months. The option is below
    # On-Demand in months 19-36; at month 37 a second term is bought (37 + 37 = 74 = 37 x 2),
    # a tie. A tie saves nothing, so the option has not broken even within the horizon.
    cum = cumulative_cost_usd(upfront_usd=37, fixed_usd_per_month=0, usage_usd_per_month=0,
                              term_months=36, horizon_months=37)
    od = cumulative_cost_usd(upfront_usd=0, fixed_usd_per_month=0, usage_usd_per_month=2,
                             term_months=0, horizon_months=37)
    assert cum[37] == od[37] == 74 and (cum[19:37] < od[19:37]).all()
    assert np.isnan(break_even_month(cumulative_usd=cum, on_demand_cumulative_usd=od))
    # one month shorter, the option is strictly below from month 19 to the end: month 19.
    assert break_even_month(cumulative_usd=cum[:37], on_demand_cumulative_usd=od[:37]) == 19


@settings(max_examples=150)
@given(up=money, fixed=money, usage=money, od=st.floats(min_value=0, max_value=1e4),
       term=terms, horizon=horizons)
def test_break_even_month_agrees_with_series(up: float, fixed: float, usage: float, od: float,
                                             term: int, horizon: int) -> None:
    # rule: EC2-RI. The break-even month is the first month from which the option's
    # cumulative cost stays strictly below On-Demand's to the end of the horizon (a tie, or
    # a term's fees falling due at the horizon, is not a break-even): NaN when it is not
    # below at the end.
    cum = cumulative_cost_usd(upfront_usd=up, fixed_usd_per_month=fixed,
                              usage_usd_per_month=usage, term_months=term,
                              horizon_months=horizon)
    od_cum = cumulative_cost_usd(upfront_usd=0, fixed_usd_per_month=0, usage_usd_per_month=od,
                                 term_months=0, horizon_months=horizon)
    m = break_even_month(cumulative_usd=cum, on_demand_cumulative_usd=od_cum)
    below = cum[1:] < od_cum[1:]  # below[i] is month i + 1
    if np.isnan(m):
        assert not below[-1]
    else:
        k = int(m)
        assert below[k - 1:].all()           # below from month k to the end
        assert k == 1 or not below[k - 2]    # and not already in month k - 1


@settings(max_examples=100)
@given(job=st.floats(min_value=0.001, max_value=HOURS_PER_YEAR),
       per_second=st.booleans(), extra=st.floats(min_value=0, max_value=1e4))
def test_billed_seconds_never_below_the_job_and_monotone(job: float, per_second: bool,
                                                         extra: float) -> None:
    # rule: EC2-OD-BILLING.
    a = billed_seconds_per_run(job_seconds=job, per_second_billing=per_second, **BILLING)
    b = billed_seconds_per_run(job_seconds=job + extra, per_second_billing=per_second,
                               **BILLING)
    assert a >= job and a >= BILLING["min_billed_seconds"] and b >= a
