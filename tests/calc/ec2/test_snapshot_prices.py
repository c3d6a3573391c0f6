"""The bundled snapshot's dated EC2 prices: every check that holds only for the prices of
``pricing_data/`` lives here, so a refreshed or replaced snapshot breaks this one file and no
formula test.

Sources (../shared/aws-prices/SOURCES.md): ec2_ondemand_linux_2026-07.csv (On-Demand us-east-1,
2026-07-20), ec2_reserved.csv (RI feed No Upfront, 2025-04-05), the GetProducts m5.large sample
(2021-02-05), ec2_reserved_standard_effective_us-east-1_2026-09.csv and
ec2_savings_plans_compute_us-east-1_2026-09.csv (2026-09-24), the AWSComputeSavingsPlan ap-east-2
sample (2025-09-11), the AmazonEC2 offer sample (2025-09-12), the x2iedn.32xlarge sample
(2025-06-10), spot_avg_2024-04.csv (2024-04-03) and spot_advisor.csv (2025-06-28).
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd
import pytest

from calc.context import validate
from calc.ec2 import OPTION_IDS, api
from calc.ec2 import effective_usd_per_hour as _effective_usd_per_hour
from calc.ec2 import option_rate as _option_rate
from calc.ec2.compare import compare_all_instance_types, compare_options, cumulative_cost_by_month
from calc.ec2.models import Ec2Workload
from calc.ec2.options import option_label
from calc.ec2.regions import compare_regions
from calc.ec2.search import InstanceSearch
from calc.ec2.spot_fleet import spot_fleet
from calc.pricing import PriceNotFound
from calc.units import HOURS_PER_YEAR
from tests.calc.ec2 import published as pub
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
option_rate = partial(_option_rate, catalog=CAT)
effective_usd_per_hour = partial(_effective_usd_per_hour, catalog=CAT)
SEPT_2026 = "2026-09-24"  # the us-east-1 Savings Plans and Reserved effective rates
PLAN = "savings_plan_compute_1yr_no_upfront"


def workload(**fields: object) -> Ec2Workload:
    return validate(Ec2Workload, {"region": "us-east-1", "instance_type": "m5.large",
                                  **fields}, catalog=CAT)


def rows(**fields: object) -> pd.DataFrame:
    return compare_options(workload(**fields), catalog=CAT).options.set_index("option")


@pytest.fixture(scope="module")
def m5() -> pd.DataFrame:
    return rows()


# -- rates ----------------------------------------------------------------------------------
def test_on_demand_m5_large() -> None:
    # rule: EC2-OD-BILLING. ec2_ondemand_linux_2026-07.csv: m5.large Linux us-east-1 $0.096/h
    # (AWS Pricing API via Karpenter, as of 2026-07-20) = the On-Demand pricing page.
    r = option_rate("us-east-1", "m5.large", "on_demand")
    assert r.effective_usd_per_hour == pub.ON_DEMAND
    assert (r.as_of, r.source) == ("2026-07-20", "ec2_od_2026_07")
    assert effective_usd_per_hour("us-east-1", "m5.large") == 0.096


@pytest.mark.parametrize(("plan", "years", "pay"), list(pub.M5_LARGE_RESERVED))
def test_reserved_m5_large_rows(plan: str, years: int, pay: str) -> None:
    # rule: EC2-RI. Standard: the 2026-09-24 effective rates win (newer) and date the row; the
    # 2021 sample's (and the 2025-04 feed's) exact fees reproduce them to 6 significant digits,
    # so the fees are kept (SOURCES.md: 0.029 + 252 / 8,760 = 0.0577671). Convertible: No
    # Upfront from the RI feed (2025-04-05), the others from the 2021 sample.
    upfront, hourly = pub.M5_LARGE_RESERVED[(plan, years, pay)]
    r = option_rate("us-east-1", "m5.large", f"reserved_{plan}_{years}yr_{pay}")
    assert r.price_available and r.split_known and not r.upfront_derived
    assert (r.upfront_usd, r.usd_per_hour) == (upfront, hourly)
    if plan == "standard":
        assert (r.as_of, r.source) == (SEPT_2026, "ec2_ri_effective_2026_09")
        assert r.given_effective_usd_per_hour == pytest.approx(
            upfront / (years * HOURS_PER_YEAR) + hourly, rel=5e-6)
    else:
        assert r.as_of == ("2025-04-05" if pay == "no_upfront" else "2021-02-05")
    assert r.effective_usd_per_hour == pytest.approx(upfront / (years * HOURS_PER_YEAR) + hourly)


def test_reserved_all_upfront_effective_rate() -> None:
    # rule: EC2-RI. 494 USD / 8,760 h = 0.0563927 USD/h (ec2_reserved_standard_effective:
    # 0.0563927).
    rate = effective_usd_per_hour("us-east-1", "m5.large", "reserved_standard_1yr_all_upfront")
    assert rate == pytest.approx(0.0563927, rel=1e-6)


def test_reserved_from_effective_rates_only() -> None:
    # rule: EC2-RI. c4.2xlarge us-east-1 has no sample with fees: No Upfront = the hourly fee
    # (0.252, equal to the 2025-04 feed's fee), All Upfront upfront derived 0.237215 x 8,760,
    # Partial Upfront split unknown (effective 0.242005).
    get = partial(option_rate, "us-east-1", "c4.2xlarge")
    nu = get("reserved_standard_1yr_no_upfront")
    assert (nu.usd_per_hour, nu.as_of) == (pub.C4_2XLARGE_EFFECTIVE[(1, "no_upfront")], SEPT_2026)
    au = get("reserved_standard_1yr_all_upfront")
    assert au.upfront_derived and au.upfront_usd == pytest.approx(0.237215 * 8760)
    pu = get("reserved_standard_1yr_partial_upfront")
    assert not pu.split_known and pu.effective_usd_per_hour == 0.242005
    assert math.isnan(pu.upfront_usd) and pu.as_of == SEPT_2026
    # the convertible terms are not in the 2026-09 file: the feed's No Upfront only
    assert get("reserved_convertible_1yr_no_upfront").as_of == "2025-04-05"
    assert not get("reserved_convertible_1yr_all_upfront").price_available


def test_effective_rates_table_is_us_east_1_standard() -> None:
    # SOURCES.md: 2,118 rows = 353 types x 6 options, us-east-1 Linux shared standard.
    t = CAT.table("ec2_reserved_effective")
    assert len(t) == 2118 and t["instance_type"].nunique() == 353
    assert set(t["region_code"]) == {"us-east-1"} and set(t["offering_class"]) == {"standard"}
    assert CAT.table_as_of("ec2_reserved_effective") == SEPT_2026


@pytest.mark.parametrize(("years", "pay"), list(pub.M5_LARGE_COMPUTE_SP))
def test_compute_savings_plans_m5_large(years: int, pay: str) -> None:
    # rule: EC2-SP. ec2_savings_plans_compute_us-east-1_2026-09.csv: the six Compute SP rates of
    # m5.large (= the Savings Plans pricing page, published.py), as of 2026-09-24.
    r = option_rate("us-east-1", "m5.large", f"savings_plan_compute_{years}yr_{pay}")
    assert r.price_available and r.usd_per_hour == pub.M5_LARGE_COMPUTE_SP[(years, pay)]
    assert (r.as_of, r.source) == (SEPT_2026, "ec2_sp_2026_09")


def test_compute_savings_plans_table() -> None:
    # SOURCES.md: 2,118 Compute SP rows (353 types x 6) for us-east-1 plus the ap-east-2 sample.
    sp = CAT.table("ec2_savings_plans")
    east = sp[sp["region_code"] == "us-east-1"]
    assert len(east) == 2118 and set(east["plan_type"]) == {"compute"}
    assert set(east["source"]) == {"ec2_sp_2026_09"}
    assert set(sp[sp["region_code"] == "ap-east-2"]["source"]) == {"ec2_sp_offer_2025_09"}


def test_ec2_instance_savings_plans_absent_for_m5_large_say_so() -> None:
    # rule: EC2-SP. SOURCES.md gaps: EC2 Instance SP only in the ap-east-2 r7g sample.
    for option in OPTION_IDS:
        if option.startswith("savings_plan_ec2_instance_"):
            r = option_rate("us-east-1", "m5.large", option)
            assert not r.price_available and r.effective_usd_per_hour is None
            assert r.reason.startswith(f"no {option_label(option)} rate") and "m5.large" in r.reason
    with pytest.raises(PriceNotFound, match="savings_plan_ec2_instance_1yr_no_upfront"):
        effective_usd_per_hour("us-east-1", "m5.large", "savings_plan_ec2_instance_1yr_no_upfront")
    # Compute SP elsewhere: not in the snapshot (us-east-1 only)
    assert not option_rate("eu-west-1", "m5.large", PLAN).price_available


def test_savings_plan_sample_rate() -> None:
    # rule: EC2-SP. SOURCES.md AWSComputeSavingsPlan_ap-east-2 sample (2025-09-11):
    # APE2-BoxUsage:r7g.2xlarge, RunInstances (Linux), 3 yr Partial Upfront: 0.1954 USD/h;
    # On-Demand 0.4651 (ec2_ondemand_linux_2025-11.csv) -> 58% off.
    r = option_rate("ap-east-2", "r7g.2xlarge", "savings_plan_ec2_instance_3yr_partial_upfront")
    assert r.price_available and r.usd_per_hour == 0.1954 and r.as_of == "2025-09-11"
    assert r.on_demand_usd_per_hour == 0.4651
    assert 1 - r.usd_per_hour / r.on_demand_usd_per_hour == pytest.approx(0.5799, abs=1e-4)


def test_spot_average_price_and_advisor_basis() -> None:
    # rule: EC2-SPOT. spot_avg_2024-04.csv: m5.large us-east-1 average Spot 0.0384 USD/h
    # (2024-04-03); spot_advisor.csv: saving 66%, interruption 15-20% (2025-06-28).
    avg = option_rate("us-east-1", "m5.large", "spot")
    assert (avg.usd_per_hour, avg.as_of, avg.interruption_band) == (0.0384, "2024-04-03",
                                                                    "15-20%")
    assert "2024-04-03" in avg.note and "2025-06-28" in avg.note
    adv = option_rate("us-east-1", "m5.large", "spot", spot_price_basis="advisor_savings")
    assert adv.usd_per_hour == pytest.approx(0.096 * (1 - 0.66))
    assert adv.as_of == "2025-06-28" and "66%" in adv.note


def test_dedicated_host_sample() -> None:
    # rule: EC2-DEDICATED-HOST. ec2_x2iedn.32xlarge_all_os_sample_2025-06.csv: the host for
    # x2iedn.32xlarge in us-east-1 costs 29.344 USD per host-hour; the type is as large as
    # x2iedn.metal (128 vCPU), so one per host.
    r = option_rate("us-east-1", "x2iedn.32xlarge", "dedicated_host")
    assert r.price_available and r.instances_per_host == 1
    assert r.effective_usd_per_hour == 29.344 and r.as_of == "2025-06-10"
    windows = option_rate("us-east-1", "x2iedn.32xlarge", "dedicated_host", os="windows")
    assert not windows.price_available and "licence" in windows.reason


def test_capacity_reservation_on_demand_date() -> None:
    # rule: EC2-CAPACITY-RESERVATION. The On-Demand rate of 2026-07-20.
    r = option_rate("us-east-1", "m5.large", "capacity_reservation")
    assert r.usd_per_hour == 0.096 and r.as_of == "2026-07-20"


# -- ec2 compare ------------------------------------------------------------------------------
def test_on_demand_m5_large_70_08_a_month(m5: pd.DataFrame) -> None:
    # rule: EC2-OD-BILLING. 0.096 x 730 h = $70.08 a month.
    od = m5.loc["on_demand"]
    assert od["usd_per_month"] == pytest.approx(70.08)
    assert od["total_usd"] == pytest.approx(70.08 * 36)
    assert od["effective_usd_per_hour"] == 0.096 and od["as_of"] == "2026-07-20"


@pytest.mark.parametrize(("option", "total"), [
    # rule: EC2-RI. Every hour of the term is paid; 1-year terms bought three times in 36 months.
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
    # rule: EC2-SP. Compute SP rates of 2026-09-24, always on: commitment = rate, 730 h x 36.
    *[(f"savings_plan_compute_{y}yr_{p}", r * 730 * 36)
      for (y, p), r in pub.M5_LARGE_COMPUTE_SP.items()],
])
def test_m5_large_rows_reproduce_snapshot_rates(m5: pd.DataFrame, option: str,
                                                total: float) -> None:
    r = m5.loc[option]
    assert r["price_available"] and r["total_usd"] == pytest.approx(total)
    assert r["usd_per_month"] == pytest.approx(total / 36)
    assert r["savings_vs_on_demand_pct"] == pytest.approx((1 - total / (70.08 * 36)) * 100)


def test_every_compute_savings_plan_row_is_dated(m5: pd.DataFrame) -> None:
    # issue 13: ec2 compare prices all six Compute SP rows and the Standard Reserved rows from
    # the 2026-09-24 data, each with its date.
    for option in OPTION_IDS:
        if option.startswith(("savings_plan_compute_", "reserved_standard_")):
            assert m5.loc[option, "as_of"] == SEPT_2026, option


def test_break_even_of_3yr_all_upfront(m5: pd.DataFrame) -> None:
    # rule: EC2-RI. $949 upfront vs $70.08 a month: ahead from month 14 (949 / 70.08 = 13.5);
    # it pays off above 949 / (36 x 70.08) = 37.6% use.
    r = m5.loc["reserved_standard_3yr_all_upfront"]
    assert r["break_even_month"] == 14
    assert r["break_even_utilization_pct"] == pytest.approx(949 / (36 * 70.08) * 100)


def test_missing_prices_keep_their_rows(m5: pd.DataFrame) -> None:
    # SOURCES.md gaps: no EC2 Instance SP for m5.large us-east-1; no Dedicated rates or host.
    for option in OPTION_IDS:
        if option.startswith(("savings_plan_ec2_instance_", "dedicated_")):
            r = m5.loc[option]
            assert not r["price_available"] and r["reason"]
            assert pd.isna(r["total_usd"]) and pd.isna(r["usd_per_month"])


def test_verdict_names_the_cheapest() -> None:
    c = compare_options(workload(), catalog=CAT)
    assert c.cheapest_option == "reserved_standard_3yr_all_upfront"
    assert c.verdict.startswith("Standard Reserved 3 yr All Upfront is cheapest over 36 months")
    assert SEPT_2026 in c.verdict  # the price's date (the 2026-09-24 effective rate)
    # 50 h a month (7% use): every commitment costs more; Spot is cheapest (0.0384 USD/h)
    low = compare_options(workload(hours_per_month=50), catalog=CAT)
    assert low.cheapest_option == "spot" and "interrupted" in low.verdict


def test_verdict_marks_a_derived_upfront() -> None:
    # rule: EC2-RI. c4.2xlarge: 3 yr All Upfront 0.155099 x 26,280 h = $4,076.00 is cheapest;
    # its upfront comes from the effective rate, and the verdict says so.
    c = compare_options(workload(instance_type="c4.2xlarge"), catalog=CAT)
    assert c.cheapest_option == "reserved_standard_3yr_all_upfront"
    assert "$4,076.00" in c.verdict and "derived from the effective rate" in c.verdict


def test_partial_upfront_with_unknown_split() -> None:
    # rule: EC2-RI. c4.2xlarge 1 yr Partial Upfront, effective 0.242005 USD/h: the total over
    # 36 months (3 terms x 8,760 h) is known, the upfront, the series and the break-even month
    # are not; the reason says why.
    c = compare_options(workload(instance_type="c4.2xlarge"), catalog=CAT)
    r = c.options.set_index("option").loc["reserved_standard_1yr_partial_upfront"]
    assert r["price_available"] and r["total_usd"] == pytest.approx(0.242005 * 8760 * 3)
    assert r["effective_usd_per_hour"] == pytest.approx(0.242005)
    assert pd.isna(r["upfront_usd"]) and pd.isna(r["break_even_month"])
    assert pd.isna(r["committed_after_horizon_usd"])
    assert "split" in r["reason"] and "EC2-RI" in r["reason"]
    assert r["break_even_utilization_pct"] == pytest.approx(0.242005 / 0.398 * 100)
    assert c.cumulative_usd["reserved_standard_1yr_partial_upfront"].isna().all()
    assert c.break_even_month("reserved_standard_1yr_partial_upfront") is None
    au = c.options.set_index("option").loc["reserved_standard_1yr_all_upfront"]
    assert au["upfront_usd"] == pytest.approx(0.237215 * 8760)
    used = {p.what: p for p in api.compare(workload(instance_type="c4.2xlarge"),
                                           catalog=CAT).prices_used}
    pu = used[option_label("reserved_standard_1yr_partial_upfront")]
    assert pu.usd_per_unit == 0.242005 and "unknown" in pu.note
    assert "derived from the effective rate" in used[
        option_label("reserved_standard_1yr_all_upfront")].note


def test_prices_a_year_apart_are_flagged(m5: pd.DataFrame) -> None:
    # The verdict's rows warn when a price is more than a year from On-Demand's (2026-07-20):
    # the convertible 2021 and 2025-04 rows and Spot 2024-04 are; the 2026-09-24 rows are not.
    assert "more than a year apart" in m5.loc["reserved_convertible_1yr_all_upfront", "flags"]
    assert "more than a year apart" in m5.loc["spot", "flags"]
    assert pd.isna(m5.loc["reserved_standard_3yr_all_upfront", "flags"])
    assert pd.isna(m5.loc[PLAN, "flags"])


def test_cumulative_series_for_charts() -> None:
    cum = cumulative_cost_by_month(workload(horizon_months=24), catalog=CAT)
    assert cum["on_demand"].iloc[1] == pytest.approx(70.08)
    assert cum["reserved_standard_1yr_all_upfront"].iloc[0] == 494  # upfront before month 1
    assert cum["savings_plan_ec2_instance_1yr_no_upfront"].isna().all()  # no price: no series
    assert cum[PLAN].iloc[1] == pytest.approx(0.071 * 730)


def test_savings_plan_partial_upfront_share() -> None:
    # rule: EC2-SP. SP sample: r7g.2xlarge ap-east-2 3yr Partial Upfront 0.1954; 50% of the
    # 3-year commitment upfront (CreateSavingsPlan: 50-99%), the rest monthly.
    sp = "savings_plan_ec2_instance_3yr_partial_upfront"
    w = dict(region="ap-east-2", instance_type="r7g.2xlarge")
    total = 0.1954 * 730 * 36
    r = rows(**w).loc[sp]
    assert r["upfront_usd"] == pytest.approx(total / 2)
    assert r["total_usd"] == pytest.approx(total)
    r = rows(**w, sp_partial_upfront_pct=99.0).loc[sp]
    assert r["upfront_usd"] == pytest.approx(total * 0.99)


def test_capacity_reservation_pays_every_hour() -> None:
    # rule: EC2-CAPACITY-RESERVATION: 0.096 x 730 x 3, used or not.
    r = rows(count=3, hours_per_month=100).loc["capacity_reservation"]
    assert r["usd_per_month"] == pytest.approx(0.096 * 730 * 3)


def test_dedicated_instance_adds_the_region_fee_once() -> None:
    # rule: EC2-DEDICATED-INSTANCE. Offer sample: r7i.2xlarge Dedicated Windows BYOL
    # eu-central-1 0.70224 USD/h, plus $2/h per region while any runs (notes L411).
    r = rows(region="eu-central-1", instance_type="r7i.2xlarge", os="windows_byol", count=3,
             hours_per_month=100).loc["dedicated_instance"]
    assert r["usd_per_month"] == pytest.approx((0.70224 * 3 + 2.0) * 100)


def test_dedicated_host_bills_whole_hosts() -> None:
    # rule: EC2-DEDICATED-HOST. x2iedn sample: 29.344 USD per host-hour in us-east-1.
    r = rows(instance_type="x2iedn.32xlarge", count=2, hours_per_month=200).loc["dedicated_host"]
    assert r["usd_per_month"] == pytest.approx(2 * 29.344 * 730)
    assert r["as_of"] == "2025-06-10"


def test_spot_rerun_overhead() -> None:
    # rule: EC2-SPOT. Average Spot 0.0384 USD/h, 10% re-run.
    r = rows(hours_per_month=200, spot_rerun_overhead_pct=10).loc["spot"]
    assert r["usd_per_month"] == pytest.approx(0.0384 * 200 * 1.1)
    assert r["interruption_band"] == "15-20%"


def test_short_job_on_demand_cost() -> None:
    # rule: EC2-OD-BILLING. A 30 s Linux job bills 60 s: 1,000 runs = 16.67 h x 0.096 = $1.60.
    c = compare_options(workload(job_seconds=30, runs_per_month=1000), catalog=CAT)
    sj = c.short_job.set_index("billing")  # type: ignore[union-attr]
    assert sj.loc["per second, first minute minimum", "on_demand_usd_per_month"] == \
        pytest.approx(1.6)


def test_term_longer_than_horizon_is_counted_whole() -> None:
    # rule: EC2-RI. 3yr No Upfront (0.041 USD/h) over 12 months: 24 months still owed.
    r = rows(horizon_months=12).loc["reserved_standard_3yr_no_upfront"]
    assert r["committed_after_horizon_usd"] == pytest.approx(0.041 * 730 * 24)
    assert r["total_usd"] == pytest.approx(0.041 * 730 * 36)
    p = rows(horizon_months=12, count_whole_term=False).loc["reserved_standard_3yr_no_upfront"]
    assert p["total_usd"] == pytest.approx(0.041 * 730 * 12)


def test_no_price_at_all_says_so() -> None:
    # m5.large Windows: the snapshot has Windows On-Demand only in samples (not m5.large).
    c = compare_options(workload(os="windows"), catalog=CAT)
    assert not c.options["price_available"][c.options["option"] != "spot"].any()
    assert "no On-Demand price" in c.options.set_index("option").loc["on_demand", "reason"]


def test_region_wide_pass_agrees_with_one_type_on_effective_rates() -> None:
    # c4.2xlarge (effective rates only): the region-wide pass prices the same totals and
    # leaves the same break-even months unknown.
    table, _ = compare_all_instance_types("us-east-1", catalog=CAT)
    mine = table[table["instance_type"] == "c4.2xlarge"].set_index("option")
    one = rows(instance_type="c4.2xlarge")
    both = one["price_available"] & mine["price_available"]
    np.testing.assert_allclose(mine.loc[both, "total_usd"], one.loc[both, "total_usd"],
                               rtol=1e-9)
    assert pd.isna(mine.loc["reserved_standard_1yr_partial_upfront", "break_even_month"])


def test_compare_regions_us_east_1() -> None:
    t = compare_regions(workload(), "on_demand", catalog=CAT)
    east = t[t["price_available"]].set_index("region_code").loc["us-east-1"]
    assert east["usd_per_month"] == pytest.approx(70.08) and east["as_of"] == "2026-07-20"


# -- api: verdicts, prices used, commitment, find ------------------------------------------------
def test_comparison_carries_its_verdicts() -> None:
    # rule: EC2-RI. 3yr Standard All Upfront $949 against $70.08 a month: cheapest over
    # 36 months, ahead of On-Demand from month 14 (949 / 70.08 = 13.5).
    res = api.compare(workload(), catalog=CAT)
    assert res.cheapest_option == "reserved_standard_3yr_all_upfront"
    assert res.break_even_month("reserved_standard_3yr_all_upfront") == 14


def test_comparison_carries_the_prices_it_used() -> None:
    # On-Demand $0.096/h (2026-07-20); 3yr Standard All Upfront $949 upfront (2026-09-24 rate,
    # the 2021 fee); average Spot $0.0384/h (2024-04-03), Spot Advisor band 15-20% (2025-06-28);
    # Compute SP 1 yr No Upfront $0.071/h (2026-09-24).
    used = {p.what: p for p in api.compare(workload(), catalog=CAT).prices_used}
    od = used[option_label("on_demand")]
    assert (od.usd_per_unit, od.unit, od.as_of) == (0.096, "hour", "2026-07-20")
    assert od.source == CAT.source("ec2_od_2026_07").title
    ri = used[option_label("reserved_standard_3yr_all_upfront")]
    assert (ri.usd_per_unit, ri.as_of, ri.note) == (0.0, SEPT_2026, "+ $949.00 upfront")
    assert used[option_label("spot")].usd_per_unit == 0.0384
    band = used["Spot interruption frequency (Spot Advisor)"]
    assert (band.note, band.as_of) == ("15-20%", "2025-06-28")
    sp = used[option_label(PLAN)]
    assert (sp.usd_per_unit, sp.as_of) == (0.071, SEPT_2026)
    assert sp.source == CAT.source("ec2_sp_2026_09").title


def test_workload_commitment_uses_the_snapshot_rate() -> None:
    # rule: EC2-SP. m5.large Compute SP 1 yr No Upfront 0.071 vs On-Demand 0.096 USD/h
    # (26.04% off); one instance always on: commit 0.071 USD/h, 0.071 x 730 = 51.83 USD a month.
    c = api.workload_commitment(workload(), PLAN, catalog=CAT)
    assert c.reason is None and c.discount_pct == pytest.approx((1 - 0.071 / 0.096) * 100)
    assert c.best is not None and c.best["commitment_usd_per_hour"] == pytest.approx(0.071)
    assert c.best["usd_per_month"] == pytest.approx(51.83)
    assert c.rate.as_of == SEPT_2026
    # the ap-east-2 sample: r7g.2xlarge EC2 Instance SP 3yr partial 0.1954 vs 0.4651 USD/h
    c = api.workload_commitment(workload(region="ap-east-2", instance_type="r7g.2xlarge"),
                                "savings_plan_ec2_instance_3yr_partial_upfront", catalog=CAT)
    assert c.discount_pct == pytest.approx((1 - 0.1954 / 0.4651) * 100)
    assert c.best is not None and c.best["commitment_usd_per_hour"] == pytest.approx(0.1954)
    # no EC2 Instance SP rate for m5.large in us-east-1: no curve, the reason
    c = api.workload_commitment(workload(), "savings_plan_ec2_instance_1yr_no_upfront",
                                catalog=CAT)
    assert c.curve is None and c.reason and "no EC2 Instance Savings Plan" in c.reason


def test_commitment_output_from_the_plan_rate() -> None:
    # rule: EC2-SP. ec2 commitment --plan: the discount from the 2026-09-24 rate.
    out = api.commitment_output(profile_kind="constant", on_demand_usd_per_hour=[10.0],
                                plan=PLAN, instance_type="m5.large", region="us-east-1",
                                catalog=CAT)
    assert out.data["discount_pct"] == pytest.approx((1 - 0.071 / 0.096) * 100)
    assert out.data["as_of"] == SEPT_2026 and out.data["plan_usd_per_hour"] == 0.071
    assert out.data["best"]["commitment_usd_per_hour"] == pytest.approx(10 * 0.071 / 0.096)


def test_workload_commitment_t3_large() -> None:
    # rule: EC2-SP. t3.large us-east-1 On-Demand 0.0832 USD/h, your 28% discount: commit
    # 0.0832 x 0.72 = 0.059904 USD/h, 43.72992 USD a month.
    from calc.ec2.rates import UserRate

    w = workload(instance_type="t3.large", horizon_months=12,
                 user_rates=(UserRate(option=PLAN, discount_pct=28),))
    c = api.workload_commitment(w, PLAN, catalog=CAT)
    assert c.best is not None and c.best["commitment_usd_per_hour"] == pytest.approx(0.059904)
    assert c.best["usd_per_month"] == pytest.approx(43.72992)


def test_find_m5_large_price() -> None:
    search = validate(InstanceSearch, {"family": "m5", "region": "us-east-1",
                                       "current_generation": None}, catalog=CAT)
    t = api.find_output(search, catalog=CAT).table
    assert t is not None
    m5 = t.set_index("instance_type").loc["m5.large"]
    assert (m5["vcpu"], m5["memory_gib"], m5["on_demand_usd_per_hour"]) == (2, 8.0, 0.096)


# -- Spot Fleet ---------------------------------------------------------------------------------
def test_fleet_from_snapshot() -> None:
    # rule: EC2-SPOT-FLEET, EC2-SPOT. spot_avg_2024-04.csv: m5.large 0.0384 USD/h in us-east-1
    # (2024-04-03); 10 of them: 0.384 USD/h.
    table, summary = spot_fleet("us-east-1", ["m5.large", "m5a.large"], target_capacity=10,
                                catalog=CAT)
    assert summary["launched"] == 10 and summary["usd_per_hour"] == pytest.approx(0.384)
    row = table.set_index("instance_type").loc["m5.large"]
    assert row["instances"] == 10 and row["as_of"] == "2024-04-03"


def test_calculator_example_windows_tokyo_is_not_in_the_snapshot() -> None:
    # rule: EC2-OD-BILLING. The AWS Pricing Calculator example (c5.xlarge Windows Tokyo,
    # ../shared/aws-prices, a fixture) is not in the bundled snapshot: Windows c5.xlarge in
    # ap-northeast-1 has no price and says so (never derived from Linux). The example's On-Demand
    # 0.398 = the snapshot's Linux 0.214 + 4 vCPU x 0.046 (SOURCES.md check).
    win = option_rate("ap-northeast-1", "c5.xlarge", "on_demand", os="windows")
    assert not win.price_available and "no On-Demand price" in win.reason
    linux = option_rate("ap-northeast-1", "c5.xlarge", "on_demand")
    assert linux.usd_per_hour == 0.214
    assert linux.usd_per_hour + 4 * 0.046 == pytest.approx(0.398)
    assert option_rate("ap-northeast-1", "c5.xlarge",
                       "reserved_standard_1yr_no_upfront").usd_per_hour + 0.184 == \
        pytest.approx(0.319)


def test_dedicated_instance_and_other_os_samples() -> None:
    # rule: EC2-DEDICATED-INSTANCE. AmazonEC2 offer sample (2025-09-12): r7i.2xlarge Dedicated
    # Windows BYOL eu-central-1 0.70224 USD/h, plus the $2/h region fee (limits, notes L411);
    # m5.large has no Dedicated rate. rule: EC2-OD-BILLING. x2iedn sample: Windows
    # x2iedn.32xlarge us-east-1 32.564 USD/h (as of 2025-06-10).
    r = option_rate("eu-central-1", "r7i.2xlarge", "dedicated_instance", os="windows_byol")
    assert r.price_available and r.usd_per_hour == 0.70224 and r.region_fee_usd_per_hour == 2
    assert not option_rate("us-east-1", "m5.large", "dedicated_instance").price_available
    w = option_rate("us-east-1", "x2iedn.32xlarge", "on_demand", os="windows")
    assert w.usd_per_hour == 32.564 and w.as_of == "2025-06-10"


def test_cli_commitment_and_regions_dates(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EC2-SP. ec2 commitment --plan: Compute SP m5.large us-east-1 1 yr No Upfront 0.071
    # vs 0.096 (2026-09-24). rule: EC2-RI. ec2 regions: us-east-1's Standard 3 yr No Upfront
    # is the 2026-09-24 effective rate, eu-west-1's the 2025-04-05 RI feed.
    import json

    from calc.cli import main

    assert main(["ec2", "commitment", "--usd-per-hour", "1", "--plan", PLAN, "--instance-type",
                 "m5.large", "--region", "us-east-1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == SEPT_2026
    assert data["discount_pct"] == pytest.approx((1 - 0.071 / 0.096) * 100)
    assert main(["ec2", "regions", "--instance-type", "m5.large", "--option",
                 "reserved_standard_3yr_no_upfront", "--format", "json"]) == 0
    dates = {r["region_code"]: r["as_of"] for r in json.loads(capsys.readouterr().out)["regions"]
             if r["price_available"]}
    assert dates["us-east-1"] == SEPT_2026 and dates["eu-west-1"] == "2025-04-05"
