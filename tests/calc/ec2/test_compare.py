"""Every EC2 purchasing option as a row: worked examples from SOURCES.md, the rules, and
properties (cost never falls as hours or count rise; savings within the notes' "up to")."""

from __future__ import annotations

import math

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
)
from calc.ec2.models import Ec2Workload
from calc.ec2.regions import compare_regions
from calc.units import HOURS_PER_MONTH
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


def test_on_demand_m5_large_70_08_a_month(m5: pd.DataFrame) -> None:
    # rule: EC2-OD-BILLING. SOURCES.md ec2_ondemand_linux_2026-07.csv: m5.large Linux
    # us-east-1 $0.096/h -> 0.096 x 730 h = $70.08 a month.
    od = m5.loc["on_demand"]
    assert od["usd_per_month"] == pytest.approx(70.08)
    assert od["total_usd"] == pytest.approx(70.08 * 36)
    assert od["effective_usd_per_hour"] == 0.096 and od["as_of"] == "2026-07-20"
    assert od["price_source"] == "snapshot"


def test_every_option_is_a_row_in_order(m5: pd.DataFrame) -> None:
    assert list(m5.index) == list(OPTION_IDS)
    assert [c for c in COLUMNS if c != "option"] == list(m5.columns)


@pytest.mark.parametrize(("option", "total"), [
    # rule: EC2-RI. SOURCES.md: No Upfront from the RI feed (2025-04-05), Partial/All Upfront
    # from the GetProducts sample (2021-02-05); every hour of the term is paid; 1-year terms
    # are bought three times over 36 months.
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
])
def test_reserved_rows_reproduce_snapshot_rates(m5: pd.DataFrame, option: str,
                                                total: float) -> None:
    r = m5.loc[option]
    assert r["price_available"] and r["total_usd"] == pytest.approx(total)
    assert r["usd_per_month"] == pytest.approx(total / 36)
    assert r["savings_vs_on_demand_pct"] == pytest.approx((1 - total / (70.08 * 36)) * 100)


def test_break_even_of_3yr_all_upfront(m5: pd.DataFrame) -> None:
    # rule: EC2-RI. $949 upfront vs $70.08 a month: ahead from month 14 (949 / 70.08 = 13.5);
    # it pays off above 949 / (36 x 70.08) = 37.6% use.
    r = m5.loc["reserved_standard_3yr_all_upfront"]
    assert r["break_even_month"] == 14
    assert r["break_even_utilization_pct"] == pytest.approx(949 / (36 * 70.08) * 100)


def test_missing_prices_keep_their_rows(m5: pd.DataFrame) -> None:
    # SOURCES.md gaps: no Savings Plans for m5.large us-east-1; no Dedicated rates or host.
    for option in OPTION_IDS:
        if option.startswith("savings_plan_") or option.startswith("dedicated_"):
            r = m5.loc[option]
            assert not r["price_available"] and r["reason"]
            assert pd.isna(r["total_usd"]) and pd.isna(r["usd_per_month"])


def test_verdict_names_the_cheapest() -> None:
    c = _compare(workload(region="us-east-1", instance_type="m5.large"))
    assert c.cheapest_option == "reserved_standard_3yr_all_upfront"
    assert c.verdict.startswith("Standard Reserved 3 yr All Upfront is cheapest over 36 months")
    assert "2021-02-05" in c.verdict  # the price's date
    # 50 h a month (7% use): every commitment costs more; Spot is cheapest (its price
    # 0.0384 USD/h, SOURCES.md spot_avg_2024-04.csv), with the interruption warning.
    low = _compare(workload(region="us-east-1", instance_type="m5.large",
                                      hours_per_month=50))
    assert low.cheapest_option == "spot" and "interrupted" in low.verdict


def test_cumulative_series_for_charts() -> None:
    w = workload(region="us-east-1", instance_type="m5.large", horizon_months=24)
    cum = cumulative_cost_by_month(w, catalog=CAT)
    assert list(cum.columns) == ["month", *OPTION_IDS]
    assert len(cum) == 25 and cum["month"].tolist() == list(range(25))
    assert cum["on_demand"].iloc[1] == pytest.approx(70.08)
    assert cum["reserved_standard_1yr_all_upfront"].iloc[0] == 494  # upfront before month 1
    assert cum[SP].isna().all()  # no price: no series


def test_user_savings_plan_rate_is_sized_and_marked() -> None:
    # rule: EC2-SP. Your 28% off 0.096 -> 0.06912 USD/h; 2 instances always on: commit
    # 2 x 0.06912 USD/h for every hour of the 1-year term, renewed over 36 months.
    w = workload(region="us-east-1", instance_type="m5.large", count=2,
                    user_rates=(UserRate(option=SP, discount_pct=28),))
    r = rows(w).loc[SP]
    assert r["price_available"] and r["price_source"] == "user" and pd.isna(r["as_of"])
    assert r["commitment_usd_per_hour"] == pytest.approx(2 * 0.06912)
    assert r["total_usd"] == pytest.approx(2 * 0.06912 * 730 * 36)
    assert r["break_even_utilization_pct"] == pytest.approx(72.0)
    # below the plan's break-even use a commitment does not pay: 0 committed, On-Demand cost
    low = rows(w.model_copy(update={"hours_per_month": 0.7 * HOURS_PER_MONTH}))
    assert low.loc[SP, "commitment_usd_per_hour"] == 0
    assert low.loc[SP, "total_usd"] == pytest.approx(low.loc["on_demand", "total_usd"])


def test_savings_plan_partial_upfront_share() -> None:
    # rule: EC2-SP. SOURCES.md SP sample: r7g.2xlarge ap-east-2 3yr Partial Upfront 0.1954;
    # 50% of the 3-year commitment upfront (CreateSavingsPlan: 50-99%), the rest monthly.
    sp = "savings_plan_ec2_instance_3yr_partial_upfront"
    w = workload(region="ap-east-2", instance_type="r7g.2xlarge")
    total = 0.1954 * 730 * 36
    r = rows(w).loc[sp]
    assert r["upfront_usd"] == pytest.approx(total / 2)
    assert r["total_usd"] == pytest.approx(total)
    r = rows(w.model_copy(update={"sp_partial_upfront_pct": 99.0})).loc[sp]
    assert r["upfront_usd"] == pytest.approx(total * 0.99)


def test_capacity_reservation_pays_every_hour() -> None:
    # rule: EC2-CAPACITY-RESERVATION: the On-Demand rate for every reserved hour, used or not.
    w = workload(region="us-east-1", instance_type="m5.large", count=3, hours_per_month=100)
    r = rows(w).loc["capacity_reservation"]
    assert r["usd_per_month"] == pytest.approx(0.096 * 730 * 3)


def test_dedicated_instance_adds_the_region_fee_once() -> None:
    # rule: EC2-DEDICATED-INSTANCE. SOURCES.md offer sample: r7i.2xlarge Dedicated Windows BYOL
    # eu-central-1 0.70224 USD/h, plus $2/h per region while any runs (notes L411).
    fee = 2.0
    w = workload(region="eu-central-1", instance_type="r7i.2xlarge", os="windows_byol",
                    count=3, hours_per_month=100)
    r = rows(w).loc["dedicated_instance"]
    assert r["usd_per_month"] == pytest.approx((0.70224 * 3 + fee) * 100)


def test_dedicated_host_bills_whole_hosts() -> None:
    # rule: EC2-DEDICATED-HOST. SOURCES.md x2iedn sample: 29.344 USD per host-hour in us-east-1,
    # one x2iedn.32xlarge per host; billed every hour the host is allocated.
    w = workload(region="us-east-1", instance_type="x2iedn.32xlarge", count=2,
                    hours_per_month=200)
    r = rows(w).loc["dedicated_host"]
    assert r["usd_per_month"] == pytest.approx(2 * 29.344 * 730)
    assert r["as_of"] == "2025-06-10"


def test_spot_rerun_overhead() -> None:
    # rule: EC2-SPOT. Average Spot 0.0384 USD/h (SOURCES.md spot_avg_2024-04.csv), 10% re-run.
    w = workload(region="us-east-1", instance_type="m5.large", hours_per_month=200,
                    spot_rerun_overhead_pct=10)
    r = rows(w).loc["spot"]
    assert r["usd_per_month"] == pytest.approx(0.0384 * 200 * 1.1)
    assert r["interruption_band"] == "15-20%"


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
    # rule: EC2-OD-BILLING. A 30 s Linux job bills 60 s: 1,000 runs = 16.67 h = $1.60.
    c = _compare(workload(region="us-east-1", instance_type="m5.large",
                                    job_seconds=30, runs_per_month=1000))
    assert c.usage_hours_per_month == pytest.approx(1000 * 60 / 3600)
    sj = c.short_job.set_index("billing")  # type: ignore[union-attr]
    per_second = sj.loc["per second, first minute minimum"]
    assert per_second["billed_seconds_per_run"] == 60 and per_second["applies_to_this_os"]
    assert per_second["on_demand_usd_per_month"] == pytest.approx(1.6)
    assert sj.loc["per started hour", "billed_seconds_per_run"] == 3600


def test_term_longer_than_horizon_is_counted_whole() -> None:
    # rule: EC2-RI. 3yr No Upfront over 12 months: 24 months still owed; prorated if asked.
    w = workload(region="us-east-1", instance_type="m5.large", horizon_months=12)
    r = rows(w).loc["reserved_standard_3yr_no_upfront"]
    assert r["term_counted_whole"] and r["committed_after_horizon_usd"] == pytest.approx(
        0.041 * 730 * 24)
    assert r["total_usd"] == pytest.approx(0.041 * 730 * 36)
    p = rows(w.model_copy(update={"count_whole_term": False})).loc[
        "reserved_standard_3yr_no_upfront"]
    assert p["total_usd"] == pytest.approx(0.041 * 730 * 12) and not p["term_counted_whole"]


def test_no_price_at_all_says_so() -> None:
    # m5.large Windows: the snapshot has Windows On-Demand only in samples (not m5.large).
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
    assert east["usd_per_month"] == pytest.approx(70.08) and east["as_of"] == "2026-07-20"
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
