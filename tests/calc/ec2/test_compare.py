"""Every EC2 purchasing option as a row: worked examples with AWS's published prices as
literals (published.py), the rules, and properties on the bundled catalog (cost never falls as
hours or count rise; savings within the notes' "up to"). Checks pinned to the bundled
snapshot's dated prices are in test_snapshot_prices.py."""

from __future__ import annotations

import csv
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.context import validate
from calc.ec2 import OPTION_IDS, UserRate
from calc.ec2.compare import (
    COLUMNS,
    compare_all_instance_types,
    compare_options,
    cumulative_cost_by_month,
    evaluate_options,
    rate_arrays,
)
from calc.ec2.models import Ec2Workload
from calc.ec2.options import option_label
from calc.ec2.rates import resolve_option_rates
from calc.ec2.regions import compare_regions
from calc.pricing import Ec2Prices, Ec2Rate, Ec2Term, Source
from calc.units import HOURS_PER_MONTH
from tests.calc.ec2 import published as pub
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
SP = "savings_plan_compute_1yr_no_upfront"


def workload(**fields: object) -> Ec2Workload:
    return validate(Ec2Workload, fields, catalog=CAT)


def _compare(w: Ec2Workload):  # type: ignore[no-untyped-def]
    return compare_options(w, catalog=CAT)


def rows(w: Ec2Workload) -> pd.DataFrame:
    return _compare(w).options.set_index("option")


@pytest.fixture(scope="module")
def m5() -> pd.DataFrame:
    return rows(workload(region="us-east-1", instance_type="m5.large"))


def literal(prices: Ec2Prices = pub.M5_LARGE, *, count: float = 1,
            hours: float = HOURS_PER_MONTH, horizon: int = 36, whole: bool = True,
            user_rates: tuple[UserRate, ...] = (), partial_pct: float = 50.0,
            host_capacity: int | None = None, spot_overhead_pct: float = 0.0,
            os: str = "linux") -> tuple[pd.DataFrame, np.ndarray]:
    """Every option priced with AWS's published prices as literals (published.py): the
    evaluation core (rate_arrays -> evaluate_options) without a catalog; (rows, series)."""
    rates = resolve_option_rates(prices, limits=CAT.limits, user_rates=user_rates,
                                 host_capacity=host_capacity, os=os)
    ev = evaluate_options(**rate_arrays(rates, rates[0], partial_pct), count=count,
                          hours_per_month=hours, horizon_months=horizon,
                          count_whole_term=whole, spot_overhead_pct=spot_overhead_pct)
    table = pd.DataFrame({"upfront_usd": ev.upfront_usd, "total_usd": ev.total_usd,
                          "usd_per_month": ev.usd_per_month,
                          "savings_vs_on_demand_pct": ev.savings_vs_on_demand_pct,
                          "break_even_month": ev.break_even_month,
                          "break_even_utilization_pct": ev.break_even_utilization_pct,
                          "committed_after_horizon_usd": ev.committed_after_horizon_usd},
                         index=[r.option for r in rates])
    return table, ev.cumulative_usd


def test_on_demand_m5_large_70_08_a_month() -> None:
    # rule: EC2-OD-BILLING. EC2 On-Demand pricing page: m5.large US East $0.096/h
    # -> 0.096 x 730 h = $70.08 a month.
    t, _ = literal()
    assert t.loc["on_demand", "usd_per_month"] == pytest.approx(70.08)
    assert t.loc["on_demand", "total_usd"] == pytest.approx(70.08 * 36)


def test_every_option_is_a_row_in_order(m5: pd.DataFrame) -> None:
    assert list(m5.index) == list(OPTION_IDS)
    assert [c for c in COLUMNS if c != "option"] == list(m5.columns)


@pytest.mark.parametrize(("option", "total"), [
    # rule: EC2-RI. EC2 Reserved Instances pricing page (published.py); every hour of the
    # term is paid; 1-year terms are bought three times over 36 months.
    ("reserved_standard_1yr_no_upfront", 0.060 * 730 * 36),
    ("reserved_standard_1yr_partial_upfront", 3 * 252 + 0.029 * 730 * 36),
    ("reserved_standard_1yr_all_upfront", 3 * 494),
    ("reserved_standard_3yr_no_upfront", 0.041 * 730 * 36),
    ("reserved_standard_3yr_partial_upfront", 505 + 0.019 * 730 * 36),
    ("reserved_standard_3yr_all_upfront", 949),
    ("reserved_convertible_1yr_no_upfront", 0.071 * 730 * 36),
    ("reserved_convertible_1yr_partial_upfront", 3 * 294 + 0.034 * 730 * 36),
    ("reserved_convertible_1yr_all_upfront", 3 * 577),
    ("reserved_convertible_3yr_no_upfront", 0.049 * 730 * 36),
    ("reserved_convertible_3yr_partial_upfront", 592 + 0.023 * 730 * 36),
    ("reserved_convertible_3yr_all_upfront", 1161),
    # rule: EC2-SP. Savings Plans pricing page: the commitment sized to full use is the rate;
    # paid every hour, 730 h x 36 months, whatever the payment option.
    ("savings_plan_compute_1yr_no_upfront", 0.071 * 730 * 36),
    ("savings_plan_compute_1yr_all_upfront", 0.066 * 730 * 36),
    ("savings_plan_compute_3yr_partial_upfront", 0.045 * 730 * 36),
])
def test_reserved_and_savings_plan_totals(option: str, total: float) -> None:
    t, _ = literal()
    r = t.loc[option]
    assert r["total_usd"] == pytest.approx(total)
    assert r["usd_per_month"] == pytest.approx(total / 36)
    assert r["savings_vs_on_demand_pct"] == pytest.approx((1 - total / (70.08 * 36)) * 100)


def test_savings_plan_upfront_by_payment_option() -> None:
    # rule: EC2-SP. All Upfront pays the whole term's commitment at the start: 0.066 x 8,760 =
    # $578.16 a year; Partial Upfront 50% of it (CreateSavingsPlan minimum): 0.5 x 0.045 x
    # 26,280 = $591.30; No Upfront nothing.
    t, _ = literal()
    assert t.loc["savings_plan_compute_1yr_all_upfront", "upfront_usd"] == \
        pytest.approx(0.066 * 8760)
    assert t.loc["savings_plan_compute_3yr_partial_upfront", "upfront_usd"] == \
        pytest.approx(0.5 * 0.045 * 26280)
    assert t.loc["savings_plan_compute_1yr_no_upfront", "upfront_usd"] == 0
    t99, _ = literal(partial_pct=99.0)
    assert t99.loc["savings_plan_compute_3yr_partial_upfront", "upfront_usd"] == \
        pytest.approx(0.99 * 0.045 * 26280)


def test_break_even_of_3yr_all_upfront() -> None:
    # rule: EC2-RI. $949 upfront vs $70.08 a month: ahead from month 14 (949 / 70.08 = 13.5);
    # it pays off above 949 / (36 x 70.08) = 37.6% use.
    t, cum = literal()
    r = t.loc["reserved_standard_3yr_all_upfront"]
    assert r["break_even_month"] == 14
    assert r["break_even_utilization_pct"] == pytest.approx(949 / (36 * 70.08) * 100)
    i = list(OPTION_IDS).index("reserved_standard_1yr_all_upfront")
    assert cum[i, 0] == 494  # the upfront before month 1


def test_unknown_partial_upfront_split_keeps_the_total() -> None:
    # rule: EC2-RI. c4.2xlarge 1 yr Partial Upfront, effective 0.242005 USD/h only: costed at
    # the effective rate every hour, the total over 36 months is 0.242005 x 8,760 x 3, whole
    # or prorated terms alike (it does not depend on the split); 12-month horizon prorated:
    # 0.242005 x 730 x 12.
    t, _ = literal(pub.C4_2XLARGE)
    assert t.loc["reserved_standard_1yr_partial_upfront", "total_usd"] == \
        pytest.approx(0.242005 * 8760 * 3)
    p, _ = literal(pub.C4_2XLARGE, horizon=12, whole=False)
    assert p.loc["reserved_standard_1yr_partial_upfront", "total_usd"] == \
        pytest.approx(0.242005 * 730 * 12)
    # All Upfront, upfront derived from the effective rate: 0.237215 x 8,760 per term
    assert t.loc["reserved_standard_1yr_all_upfront", "upfront_usd"] == \
        pytest.approx(0.237215 * 8760)
    assert t.loc["reserved_standard_1yr_all_upfront", "total_usd"] == \
        pytest.approx(3 * 0.237215 * 8760)


def test_missing_prices_keep_their_rows(m5: pd.DataFrame) -> None:
    # a row without a price keeps its place with the reason, never a cost
    missing = m5[~m5["price_available"].astype(bool)]
    assert len(missing) and missing["reason"].notna().all()
    assert missing["total_usd"].isna().all() and missing["usd_per_month"].isna().all()
    t, _ = literal(pub.C4_2XLARGE)
    assert t.loc[[o for o in OPTION_IDS if o.startswith("savings_plan_")], "total_usd"
                 ].isna().all()


def test_verdict_names_the_cheapest() -> None:
    c = _compare(workload(region="us-east-1", instance_type="m5.large"))
    table = c.options[c.options["price_available"].astype(bool)]
    cheapest = table.loc[table["total_usd"].idxmin()]
    assert c.cheapest_option == cheapest["option"]
    assert c.verdict.startswith(f"{option_label(str(cheapest['option']))} is cheapest over "
                                "36 months")
    assert f"price as of {cheapest['as_of']}" in c.verdict  # the price's date
    # 50 h a month (7% use): every commitment costs more than Spot, with the warning
    low = _compare(workload(region="us-east-1", instance_type="m5.large",
                                      hours_per_month=50))
    assert low.cheapest_option == "spot" and "interrupted" in low.verdict


def test_cumulative_series_for_charts() -> None:
    w = workload(region="us-east-1", instance_type="m5.large", horizon_months=24)
    c = _compare(w)
    cum = cumulative_cost_by_month(w, catalog=CAT)
    assert list(cum.columns) == ["month", *OPTION_IDS]
    assert len(cum) == 25 and cum["month"].tolist() == list(range(25))
    od = c.options.set_index("option").loc["on_demand"]
    assert cum["on_demand"].iloc[1] == pytest.approx(od["usd_per_month"])
    for option, row in c.options.set_index("option").iterrows():
        if not row["price_available"]:
            assert cum[option].isna().all()  # no price: no series
        elif pd.notna(row["upfront_usd"]):
            assert cum[option].iloc[0] == pytest.approx(row["upfront_usd"])


def test_user_savings_plan_rate_is_sized_and_marked() -> None:
    # rule: EC2-SP. Your 28% off 0.096 -> 0.06912 USD/h; 2 instances always on: commit
    # 2 x 0.06912 USD/h for every hour of the 1-year term, renewed over 36 months.
    w = workload(region="us-east-1", instance_type="m5.large", count=2,
                    user_rates=(UserRate(option=SP, discount_pct=28),))
    t = rows(w)
    r = t.loc[SP]
    od = t.loc["on_demand", "effective_usd_per_hour"]  # the bundled On-Demand rate
    assert r["price_available"] and r["price_source"] == "user" and pd.isna(r["as_of"])
    assert r["commitment_usd_per_hour"] == pytest.approx(2 * od * 0.72)
    assert r["total_usd"] == pytest.approx(2 * od * 0.72 * 730 * 36)
    assert r["break_even_utilization_pct"] == pytest.approx(72.0)
    # with the published On-Demand $0.096/h: 0.096 x 0.72 = 0.06912 USD/h, x 2 x 730 x 36
    lit, _ = literal(count=2, user_rates=(UserRate(option=SP, discount_pct=28),))
    assert lit.loc[SP, "total_usd"] == pytest.approx(2 * 0.06912 * 730 * 36)
    # below the plan's break-even use a commitment does not pay: 0 committed, On-Demand cost
    low = rows(w.model_copy(update={"hours_per_month": 0.7 * HOURS_PER_MONTH}))
    assert low.loc[SP, "commitment_usd_per_hour"] == 0
    assert low.loc[SP, "total_usd"] == pytest.approx(low.loc["on_demand", "total_usd"])


def test_capacity_reservation_pays_every_hour() -> None:
    # rule: EC2-CAPACITY-RESERVATION: the On-Demand rate for every reserved hour, used or not:
    # 0.096 x 730 x 3 = $210.24 a month at 100 h each.
    t, _ = literal(count=3, hours=100)
    assert t.loc["capacity_reservation", "usd_per_month"] == pytest.approx(0.096 * 730 * 3)
    w = workload(region="us-east-1", instance_type="m5.large", count=3, hours_per_month=100)
    r = rows(w)
    assert r.loc["capacity_reservation", "usd_per_month"] == pytest.approx(
        r.loc["on_demand", "effective_usd_per_hour"] * 730 * 3)


def test_dedicated_instance_adds_the_region_fee_once() -> None:
    # rule: EC2-DEDICATED-INSTANCE: (rate x N + $2/h per region) x hours (notes L411; limits
    # ec2.dedicated_instance.region_fee_usd_per_hour). A Dedicated rate of 0.70224 USD/h (the
    # offer sample's r7i.2xlarge, SOURCES.md), 3 instances, 100 h: (0.70224 x 3 + 2) x 100.
    ded = Ec2Rate("us-east-1", "m5.large", "Linux", "Dedicated", 0.70224, pub.OD_PAGE)
    prices = replace(pub.M5_LARGE, on_demand={**pub.M5_LARGE.on_demand,
                                              ("Linux", "Dedicated"): ded})
    t, _ = literal(prices, count=3, hours=100)
    assert t.loc["dedicated_instance", "usd_per_month"] == pytest.approx((0.70224 * 3 + 2) * 100)


def test_dedicated_host_bills_whole_hosts() -> None:
    # rule: EC2-DEDICATED-HOST: every hour the host is allocated, whole hosts. 29.344 USD per
    # host-hour (the x2iedn sample's host), one instance per host, 2 instances at 200 h:
    # 2 x 29.344 x 730; 3 instances on hosts of 2: 2 hosts.
    host = Ec2Rate("us-east-1", "m5.large", "Any", "Host", 29.344, pub.OD_PAGE)
    prices = replace(pub.M5_LARGE, dedicated_host=host)
    t, _ = literal(prices, count=2, hours=200, host_capacity=1)
    assert t.loc["dedicated_host", "usd_per_month"] == pytest.approx(2 * 29.344 * 730)
    t, _ = literal(prices, count=3, hours=200, host_capacity=2)
    assert t.loc["dedicated_host", "usd_per_month"] == pytest.approx(2 * 29.344 * 730)


def test_spot_rerun_overhead() -> None:
    # rule: EC2-SPOT. A Spot price of 0.0384 USD/h (published.py), 200 h, 10% re-run.
    t, _ = literal(hours=200, spot_overhead_pct=10)
    assert t.loc["spot", "usd_per_month"] == pytest.approx(0.0384 * 200 * 1.1)
    r = rows(workload(region="us-east-1", instance_type="m5.large", hours_per_month=200,
                      spot_rerun_overhead_pct=10)).loc["spot"]
    assert r["usd_per_month"] == pytest.approx(r["effective_usd_per_hour"] * 200)
    assert r["interruption_band"]


def test_public_ipv4_adds_to_every_option() -> None:
    # rule: EC2-EIP. AWS today: $0.005 per address-hour, attached or idle (limits
    # ec2.public_ipv4.usd_per_hour); notes L478 say only idle Elastic IPs are charged.
    rate = 0.005
    base = workload(region="us-east-1", instance_type="m5.large", count=2,
                       hours_per_month=300)
    plain = rows(base)
    running = rows(base.model_copy(update={"public_ipv4_per_instance": 1}))
    always = rows(base.model_copy(update={"public_ipv4_per_instance": 1,
                                          "public_ipv4_always": True}))
    for option in ("on_demand", "reserved_standard_3yr_no_upfront", "spot"):
        assert running.loc[option, "usd_per_month"] - plain.loc[option, "usd_per_month"] == \
            pytest.approx(2 * rate * 300)
        assert always.loc[option, "usd_per_month"] - plain.loc[option, "usd_per_month"] == \
            pytest.approx(2 * rate * 730)


def test_short_job_bills_the_first_minute() -> None:
    # rule: EC2-OD-BILLING. A 30 s Linux job bills 60 s: 1,000 runs = 16.67 h (x 0.096 USD/h
    # = $1.60 with the published price; test_snapshot_prices.py).
    c = _compare(workload(region="us-east-1", instance_type="m5.large",
                                    job_seconds=30, runs_per_month=1000))
    assert c.usage_hours_per_month == pytest.approx(1000 * 60 / 3600)
    sj = c.short_job.set_index("billing")  # type: ignore[union-attr]
    per_second = sj.loc["per second, first minute minimum"]
    assert per_second["billed_seconds_per_run"] == 60 and per_second["applies_to_this_os"]
    od = c.options.set_index("option").loc["on_demand", "effective_usd_per_hour"]
    assert per_second["on_demand_usd_per_month"] == pytest.approx(1000 * 60 / 3600 * od)
    assert sj.loc["per started hour", "billed_seconds_per_run"] == 3600


def test_term_longer_than_horizon_is_counted_whole() -> None:
    # rule: EC2-RI. 3yr No Upfront ($0.041/h, RI pricing page) over 12 months: 24 months still
    # owed; prorated if asked.
    t, _ = literal(horizon=12)
    r = t.loc["reserved_standard_3yr_no_upfront"]
    assert r["committed_after_horizon_usd"] == pytest.approx(0.041 * 730 * 24)
    assert r["total_usd"] == pytest.approx(0.041 * 730 * 36)
    p, _ = literal(horizon=12, whole=False)
    assert p.loc["reserved_standard_3yr_no_upfront", "total_usd"] == \
        pytest.approx(0.041 * 730 * 12)
    # the comparison marks the term counted whole, and not when prorated
    w = workload(region="us-east-1", instance_type="m5.large", horizon_months=12)
    assert rows(w).loc["reserved_standard_3yr_no_upfront", "term_counted_whole"]
    assert not rows(w.model_copy(update={"count_whole_term": False})).loc[
        "reserved_standard_3yr_no_upfront", "term_counted_whole"]


def test_no_price_at_all_says_so() -> None:
    # An OS without an On-Demand price (m5.large Windows in the bundled snapshot): every
    # option but Spot (whose average price is not per OS here) says why.
    c = _compare(workload(region="us-east-1", instance_type="m5.large",
                                    os="windows"))
    assert not c.options["price_available"][c.options["option"] != "spot"].any()
    od = c.options.set_index("option").loc["on_demand"]
    assert "no On-Demand price" in od["reason"]


def test_flags_above_the_notes_figures() -> None:
    # rule: EC2-RI (notes L371: up to 72%) and EC2-SPOT (L386: up to 90%): a rate beyond them
    # is flagged, not hidden.
    ri = "reserved_standard_3yr_no_upfront"
    w = workload(region="us-east-1", instance_type="m5.large",
                    user_rates=(UserRate(option=ri, discount_pct=80),
                                UserRate(option="spot", discount_pct=95)))
    r = rows(w)
    assert "above the notes' up to 72%" in r.loc[ri, "flags"]
    assert "above the notes' up to 90%" in r.loc["spot", "flags"]


def test_region_wide_pass_agrees_with_one_type() -> None:
    table, cum = compare_all_instance_types("us-east-1", catalog=CAT, with_cumulative=True)
    mine = table[table["instance_type"] == "m5.large"].set_index("option")
    one = rows(workload(region="us-east-1", instance_type="m5.large"))
    both = one["price_available"] & mine["price_available"]
    np.testing.assert_allclose(mine.loc[both, "total_usd"], one.loc[both, "total_usd"],
                               rtol=1e-9)
    assert cum is not None and cum.shape == (len(table), 37)
    assert set(mine.index[~mine["price_available"]]) == set(one.index[~one["price_available"]])


def test_compare_regions_sorted_with_reasons() -> None:
    w = workload(region="us-east-1", instance_type="m5.large")
    t = compare_regions(w, "on_demand", catalog=CAT)
    priced = t[t["price_available"]]
    assert (np.diff(priced["total_usd"].to_numpy()) >= 0).all()
    east = priced.set_index("region_code").loc["us-east-1"]
    od = rows(w).loc["on_demand"]
    assert east["usd_per_month"] == pytest.approx(od["usd_per_month"])
    assert east["as_of"] == od["as_of"]
    missing = t[~t["price_available"]]
    assert missing["reason"].notna().all()
    assert list(t["price_available"]) == sorted(t["price_available"], reverse=True)


# -- properties ----------------------------------------------------------------------------
HOURS = st.floats(min_value=0, max_value=HOURS_PER_MONTH)
_KNOWN = set(CAT.ec2_instances()["instance_type"])
RI_TYPES = sorted(set(CAT.table("ec2_reserved").query(
    "region_code == 'us-east-1'")["instance_type"]) & _KNOWN)


@settings(max_examples=40)
@given(h1=HOURS, h2=HOURS, n1=st.integers(1, 20), n2=st.integers(1, 20))
def test_cost_never_falls_as_hours_or_count_rise(h1: float, h2: float, n1: int,
                                                 n2: int) -> None:
    # rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-CAPACITY-RESERVATION.
    (h1, h2), (n1, n2) = sorted((h1, h2)), sorted((n1, n2))
    rates = (UserRate(option=SP, discount_pct=30),)
    lo = rows(workload(region="us-east-1", instance_type="m5.large", count=n1,
                          hours_per_month=h1, user_rates=rates))
    hi = rows(workload(region="us-east-1", instance_type="m5.large", count=n2,
                          hours_per_month=h2, user_rates=rates))
    ok = lo["price_available"]
    assert (hi.loc[ok, "total_usd"] >= lo.loc[ok, "total_usd"] - 1e-9).all()
    assert (lo.loc[ok, "total_usd"] >= 0).all()


@settings(max_examples=40)
@given(instance_type=st.sampled_from(RI_TYPES))
def test_savings_within_the_notes_or_flagged(instance_type: str) -> None:
    # rule: EC2-RI (notes L371: up to 72%), EC2-SPOT (notes L386: up to 90%).
    ri_cap, spot_cap = 72.0, 90.0
    r = rows(workload(region="us-east-1", instance_type=instance_type))
    for option, row in r[r["price_available"]].iterrows():
        cap = ri_cap if str(option).startswith("reserved_") else (
            spot_cap if option == "spot" else None)
        if cap is not None and row["savings_vs_on_demand_pct"] > cap:
            assert "above the notes" in str(row["flags"]), (instance_type, option)


@settings(max_examples=30)
@given(hours=HOURS, horizon=st.integers(1, 60))
def test_break_even_month_agrees_with_the_cumulative_series(hours: float,
                                                            horizon: int) -> None:
    # rules: EC2-RI, EC2-SP.
    c = _compare(workload(region="us-east-1", instance_type="m5.large",
                                    hours_per_month=hours, horizon_months=horizon))
    cum = c.cumulative_usd
    for _, row in c.options[c.options["price_available"]].iterrows():
        if row["option"] == "on_demand":
            continue
        below = (cum[row["option"]] < cum["on_demand"]).to_numpy()[1:]
        m = row["break_even_month"]
        # the month from which the option stays below On-Demand to the horizon's end
        if pd.isna(m):
            assert not below[-1], row["option"]
        else:
            m = int(m)
            assert below[m - 1:].all() and (m == 1 or not below[m - 2]), row["option"]
        # the series ends at the total (a term still running is counted whole)
        assert cum[row["option"]].iloc[-1] == pytest.approx(row["total_usd"]), row["option"]


def test_effective_rate_is_cost_per_hour_run() -> None:
    w = workload(region="us-east-1", instance_type="m5.large", count=4,
                    hours_per_month=500, horizon_months=24)
    r = rows(w)
    ok = r["price_available"]
    np.testing.assert_allclose(r.loc[ok, "effective_usd_per_hour"],
                               r.loc[ok, "total_usd"] / (4 * 500 * 24), rtol=1e-9)
    zero = rows(w.model_copy(update={"hours_per_month": 0.0}))
    assert zero["effective_usd_per_hour"].isna().all()  # no hours run: no per-hour figure
    assert math.isclose(zero.loc["on_demand", "total_usd"], 0.0)


# -- AWS Pricing Calculator worked example (a fixture copied from ../shared/aws-prices) -------
FIXTURES = Path(__file__).resolve().parents[2] / "support" / "fixtures"
CALCULATOR = FIXTURES / "ec2_c5.xlarge_windows_ap-northeast-1_calculator_sample_2025-10.csv"
CALC_SOURCE = Source("aws_pricing_calculator", "AWS Pricing Calculator output (c5.xlarge "
                     "Windows Tokyo, jtdelia/ec2-priceit)", "https://calculator.aws/",
                     "2025-10-17", "AWS Pricing Calculator")


def calculator_prices() -> Ec2Prices:
    """Every option of the AWS Pricing Calculator's c5.xlarge Windows Tokyo example (SOURCES.md,
    as of <= 2025-10-17) as an Ec2Prices record: On-Demand, Standard Reserved with upfront and
    hourly fees, Compute and EC2 Instance Savings Plan rates."""
    with CALCULATOR.open(newline="", encoding="utf-8") as f:
        rows_ = list(csv.DictReader(f))
    od, ri, sp = {}, [], []
    for r in rows_:
        assert (r["instance_type"], r["operating_system"], r["tenancy"]) == (
            "c5.xlarge", "Windows", "Shared")
        hourly = float(r["usd_per_hour"])
        if r["price_type"] == "on_demand":
            od[("Windows", "Shared")] = Ec2Rate("ap-northeast-1", "c5.xlarge", "Windows",
                                                "Shared", hourly, CALC_SOURCE)
            continue
        term = Ec2Term("Windows", "Shared", r["plan_or_offering_class"], int(r["term_years"]),
                       r["purchase_option"], float(r["upfront_usd"] or 0), hourly, CALC_SOURCE)
        (ri if r["price_type"] == "reserved" else sp).append(term)
    return Ec2Prices("ap-northeast-1", "c5.xlarge", od, tuple(ri), tuple(sp), {}, {}, None)


def test_calculator_example_every_option() -> None:
    # rules: EC2-OD-BILLING, EC2-RI, EC2-SP. AWS Pricing Calculator, c5.xlarge Windows Tokyo:
    # On-Demand 0.398 USD/h = 290.54 USD a month; Reserved effective rate = upfront / term
    # hours + hourly fee: 1 yr Partial 1,368 / 8,760 + 0.156 = 0.312164, All Upfront 2,714 /
    # 8,760 = 0.309817; 3 yr Partial 3,543 / 26,280 + 0.135 = 0.269817, All Upfront 6,950 /
    # 26,280 = 0.264460 USD/h (33.6% below On-Demand).
    prices = calculator_prices()
    rates = {r.option: r for r in resolve_option_rates(prices, limits=CAT.limits, os="windows")}
    assert rates["on_demand"].usd_per_hour == 0.398
    for option, eff in [("reserved_standard_1yr_no_upfront", 0.319),
                        ("reserved_standard_1yr_partial_upfront", 1368 / 8760 + 0.156),
                        ("reserved_standard_1yr_all_upfront", 2714 / 8760),
                        ("reserved_standard_3yr_no_upfront", 0.276),
                        ("reserved_standard_3yr_partial_upfront", 3543 / 26280 + 0.135),
                        ("reserved_standard_3yr_all_upfront", 6950 / 26280)]:
        assert rates[option].effective_usd_per_hour == pytest.approx(eff), option
    assert rates["reserved_standard_3yr_all_upfront"].effective_usd_per_hour == \
        pytest.approx(0.264460, abs=1e-6)
    # an EC2 Instance Savings Plan No Upfront rate equals the Standard RI No Upfront rate
    for years in (1, 3):
        assert rates[f"savings_plan_ec2_instance_{years}yr_no_upfront"].usd_per_hour == \
            rates[f"reserved_standard_{years}yr_no_upfront"].usd_per_hour
    # every Savings Plan and Reserved option is below On-Demand, 3 yr below 1 yr
    for option, r in rates.items():
        if option.startswith(("reserved_standard_", "savings_plan_")):
            assert r.effective_usd_per_hour is not None and r.effective_usd_per_hour < 0.398
    # options the example does not price: Convertible, Spot, Dedicated: a reason, no price
    for option in ("reserved_convertible_1yr_no_upfront", "spot", "dedicated_host"):
        assert not rates[option].price_available and rates[option].reason


def test_calculator_example_over_three_years() -> None:
    # rules: EC2-RI, EC2-SP. 36 months always on: On-Demand 0.398 x 730 x 36 = 10,459.44 USD;
    # 3 yr All Upfront 6,950 USD (33.6% less), ahead of On-Demand from month 24
    # (6,950 / 290.54 = 23.9); 1 yr Partial Upfront bought 3 times: 3 x 1,368 + 0.156 x 730 x
    # 36 = 8,203.68 USD; Compute SP 3 yr No Upfront 0.31 x 730 x 36 = 8,146.80 USD.
    t, _ = literal(calculator_prices(), os="windows")
    assert t.loc["on_demand", "total_usd"] == pytest.approx(0.398 * 730 * 36)
    au = t.loc["reserved_standard_3yr_all_upfront"]
    assert au["total_usd"] == pytest.approx(6950) and au["break_even_month"] == 24
    assert au["savings_vs_on_demand_pct"] == pytest.approx((1 - 6950 / 10459.44) * 100)
    assert t.loc["reserved_standard_1yr_partial_upfront", "total_usd"] == \
        pytest.approx(3 * 1368 + 0.156 * 730 * 36)
    assert t.loc["savings_plan_compute_3yr_no_upfront", "total_usd"] == \
        pytest.approx(0.31 * 730 * 36)
