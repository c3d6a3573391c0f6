"""EC2 option rates: every option id resolves to a snapshot price, a user price, or a reason.

Worked figures come from ../shared/aws-prices/SOURCES.md and the files it describes.
"""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ec2 import OPTION_IDS, UserRate
from calc.ec2 import effective_usd_per_hour as _effective_usd_per_hour
from calc.ec2 import option_rate as _option_rate
from calc.ec2.options import option_label, option_spec
from calc.errors import InputError
from calc.pricing import PriceNotFound
from calc.units import HOURS_PER_YEAR
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
option_rate = partial(_option_rate, catalog=CAT)
effective_usd_per_hour = partial(_effective_usd_per_hour, catalog=CAT)

# SOURCES.md offer-samples/AmazonEC2_GetProducts_m5.large_us-east-1_2021-02-05.json: the 12
# Reserved terms of m5.large Linux us-east-1 (upfront "Quantity" USD, hourly "Hrs" USD).
M5_LARGE_2021 = {
    ("standard", 1, "no_upfront"): (0, 0.060), ("standard", 1, "partial_upfront"): (252, 0.029),
    ("standard", 1, "all_upfront"): (494, 0.0), ("standard", 3, "no_upfront"): (0, 0.041),
    ("standard", 3, "partial_upfront"): (505, 0.019), ("standard", 3, "all_upfront"): (949, 0.0),
    ("convertible", 1, "no_upfront"): (0, 0.071),
    ("convertible", 1, "partial_upfront"): (294, 0.034),
    ("convertible", 1, "all_upfront"): (577, 0.0), ("convertible", 3, "no_upfront"): (0, 0.049),
    ("convertible", 3, "partial_upfront"): (592, 0.023),
    ("convertible", 3, "all_upfront"): (1161, 0.0),
}


def test_on_demand_m5_large() -> None:
    # rule: EC2-OD-BILLING. SOURCES.md ec2_ondemand_linux_2026-07.csv: m5.large Linux
    # us-east-1 $0.096 per hour (AWS Pricing API via Karpenter, as of 2026-07-20).
    r = option_rate("us-east-1", "m5.large", "on_demand")
    assert r.price_available and r.price_source == "snapshot"
    assert r.effective_usd_per_hour == 0.096
    assert (r.as_of, r.source) == ("2026-07-20", "ec2_od_2026_07")
    assert effective_usd_per_hour("us-east-1", "m5.large") == 0.096


@pytest.mark.parametrize(("plan", "years", "pay"), list(M5_LARGE_2021))
def test_reserved_rows_reproduce_the_snapshot(plan: str, years: int, pay: str) -> None:
    # rule: EC2-RI. Partial/All Upfront: the 2021-02-05 GetProducts sample (SOURCES.md
    # offer-samples); No Upfront: the RI feed (SOURCES.md ec2_reserved.csv, 2025-04-05), which
    # has the same four rates as the 2021 sample.
    upfront, hourly = M5_LARGE_2021[(plan, years, pay)]
    r = option_rate("us-east-1", "m5.large", f"reserved_{plan}_{years}yr_{pay}")
    assert r.price_available and r.price_source == "snapshot"
    assert (r.upfront_usd, r.usd_per_hour) == (upfront, hourly)
    assert r.as_of == ("2025-04-05" if pay == "no_upfront" else "2021-02-05")
    # effective rate: upfront spread over every hour of the term, plus the hourly fee
    assert r.effective_usd_per_hour == pytest.approx(upfront / (years * HOURS_PER_YEAR) + hourly)


def test_reserved_all_upfront_1yr_worked_example() -> None:
    # rule: EC2-RI. 494 USD / 8,760 h = 0.05639 USD/h, 41.3% below On-Demand 0.096 (within
    # the notes' "up to 72%", L371).
    rate = effective_usd_per_hour("us-east-1", "m5.large", "reserved_standard_1yr_all_upfront")
    assert rate == pytest.approx(0.0563927, rel=1e-5)
    assert 1 - rate / 0.096 == pytest.approx(0.4126, abs=1e-4)


def test_savings_plans_absent_for_m5_large_say_so() -> None:
    # rule: EC2-SP. SOURCES.md gaps: Savings Plans rates only as the ap-east-2 r7g sample.
    for option in OPTION_IDS:
        if option.startswith("savings_plan_"):
            r = option_rate("us-east-1", "m5.large", option)
            assert not r.price_available and r.effective_usd_per_hour is None
            assert r.reason.startswith(f"no {option_label(option)} rate") and "m5.large" in r.reason
    with pytest.raises(PriceNotFound, match="savings_plan_compute_1yr_no_upfront"):
        effective_usd_per_hour("us-east-1", "m5.large", "savings_plan_compute_1yr_no_upfront")


def test_savings_plan_sample_rate() -> None:
    # rule: EC2-SP. SOURCES.md AWSComputeSavingsPlan_ap-east-2 sample (2025-09-11):
    # APE2-BoxUsage:r7g.2xlarge, RunInstances (Linux), 3 yr Partial Upfront: 0.1954 USD/h;
    # On-Demand 0.4651 (ec2_ondemand_linux_2025-11.csv) -> 58% off.
    r = option_rate("ap-east-2", "r7g.2xlarge", "savings_plan_ec2_instance_3yr_partial_upfront")
    assert r.price_available and r.usd_per_hour == 0.1954 and r.as_of == "2025-09-11"
    assert r.on_demand_usd_per_hour == 0.4651
    assert 1 - r.usd_per_hour / r.on_demand_usd_per_hour == pytest.approx(0.5799, abs=1e-4)


def test_user_discount_and_rate_are_marked_user() -> None:
    # A 28% discount off the On-Demand list price 0.096 -> 0.06912 USD/h.
    sp = "savings_plan_compute_1yr_no_upfront"
    r = option_rate("us-east-1", "m5.large", sp,
                    user_rates=[UserRate(option=sp, discount_pct=28)])
    assert r.price_available and r.price_source == "user" and r.as_of is None
    assert r.usd_per_hour == pytest.approx(0.06912)
    ri = "reserved_standard_1yr_all_upfront"
    r = option_rate("us-east-1", "m5.large", ri,
                    user_rates=[UserRate(option=ri, usd_per_hour=0, upfront_usd=480)])
    assert (r.price_source, r.upfront_usd, r.usd_per_hour) == ("user", 480, 0)


def test_user_discount_on_partial_upfront_keeps_the_effective_rate() -> None:
    # rule: EC2-SP. A discount sets the effective rate; Partial Upfront pays the Savings Plans
    # minimum share upfront (limits ec2.sp.partial_upfront_min_pct: 50%, CreateSavingsPlan API).
    ri = "reserved_standard_3yr_partial_upfront"
    r = option_rate("us-east-1", "m5.xlarge", ri,
                    user_rates=[UserRate(option=ri, discount_pct=50)])
    od = option_rate("us-east-1", "m5.xlarge", "on_demand").usd_per_hour
    assert r.effective_usd_per_hour == pytest.approx(od / 2)
    assert r.upfront_usd == pytest.approx(od / 2 * 0.5 * 3 * HOURS_PER_YEAR)


@pytest.mark.parametrize("bad", [
    {"option": "spot"},  # neither rate nor discount
    {"option": "spot", "usd_per_hour": 0.01, "discount_pct": 10},  # both
    {"option": "spot", "discount_pct": 100},  # one past the largest discount
    {"option": "spot", "usd_per_hour": -0.01},
    {"option": "savings_plan_compute_1yr_all_upfront", "usd_per_hour": 0.05,
     "upfront_usd": 100},  # an SP's upfront follows from its commitment
])
def test_user_rate_validation(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        UserRate(**bad)  # type: ignore[arg-type]


def test_unknown_option_suggests_close_matches() -> None:
    with pytest.raises(InputError, match="did you mean reserved_standard_1yr_no_upfront"):
        option_spec("reserved_standart_1yr_no_upfront")


def test_spot_average_price_and_advisor_basis() -> None:
    # rule: EC2-SPOT. SOURCES.md spot_avg_2024-04.csv: m5.large us-east-1 average Spot
    # 0.0384 USD/h (2024-04-03); spot_advisor.csv: saving 66%, interruption 15-20% (2025-06-28).
    avg = option_rate("us-east-1", "m5.large", "spot")
    assert (avg.usd_per_hour, avg.as_of, avg.interruption_band) == (0.0384, "2024-04-03",
                                                                    "15-20%")
    assert "2024-04-03" in avg.note and "2025-06-28" in avg.note
    adv = option_rate("us-east-1", "m5.large", "spot", spot_price_basis="advisor_savings")
    assert adv.usd_per_hour == pytest.approx(0.096 * (1 - 0.66))
    assert adv.as_of == "2025-06-28" and "66%" in adv.note


def test_dedicated_host_sample() -> None:
    # rule: EC2-DEDICATED-HOST. SOURCES.md ec2_x2iedn.32xlarge_all_os_sample_2025-06.csv:
    # the host for x2iedn.32xlarge in us-east-1 costs 29.344 USD per host-hour; the type is
    # as large as x2iedn.metal (128 vCPU), so one per host.
    r = option_rate("us-east-1", "x2iedn.32xlarge", "dedicated_host")
    assert r.price_available and r.instances_per_host == 1
    assert r.effective_usd_per_hour == 29.344 and r.as_of == "2025-06-10"
    windows = option_rate("us-east-1", "x2iedn.32xlarge", "dedicated_host", os="windows")
    assert not windows.price_available and "licence" in windows.reason


def test_dedicated_instance_fee_and_missing_price() -> None:
    # rule: EC2-DEDICATED-INSTANCE. SOURCES.md AmazonEC2 offer sample (2025-09-12):
    # r7i.2xlarge Dedicated Windows BYOL eu-central-1 0.70224 USD/h; plus the $2/h region fee
    # (limits ec2.dedicated_instance.region_fee_usd_per_hour, notes L411).
    r = option_rate("eu-central-1", "r7i.2xlarge", "dedicated_instance", os="windows_byol")
    assert r.price_available and r.usd_per_hour == 0.70224
    assert r.region_fee_usd_per_hour == 2
    m5 = option_rate("us-east-1", "m5.large", "dedicated_instance")
    assert not m5.price_available and "Dedicated" in m5.reason


def test_other_os_on_demand_sample() -> None:
    # rule: EC2-OD-BILLING. SOURCES.md x2iedn sample: Windows x2iedn.32xlarge us-east-1
    # 32.564 USD/h (as of <= 2025-06-10).
    r = option_rate("us-east-1", "x2iedn.32xlarge", "on_demand", os="windows")
    assert r.usd_per_hour == 32.564 and r.as_of == "2025-06-10"
    assert "per second" in r.note
    suse = option_rate("us-east-1", "x2iedn.32xlarge", "on_demand", os="suse")
    assert "per started hour" in suse.note


@settings(max_examples=60)
@given(st.sampled_from(OPTION_IDS))
def test_every_option_has_a_price_or_a_reason(option: str) -> None:
    r = option_rate("us-east-1", "m5.large", option)
    assert r.option == option
    if r.price_available:
        assert r.effective_usd_per_hour is not None and r.effective_usd_per_hour >= 0
        assert r.as_of and r.source
    else:
        assert r.reason and r.effective_usd_per_hour is None


def test_one_resolver_per_option_kind() -> None:
    # every option kind of calc.ec2.options has its own resolver in calc.ec2.rates
    from calc.ec2.rates import _RESOLVERS

    assert set(_RESOLVERS) == {option_spec(o).kind for o in OPTION_IDS}


def test_capacity_reservation_takes_the_on_demand_rate_in_force() -> None:
    # rule: EC2-CAPACITY-RESERVATION: the On-Demand rate for every reserved hour. SOURCES.md:
    # m5.large Linux us-east-1 $0.096/h; with your On-Demand rate of $0.09/h (a private
    # pricing agreement) the reservation is charged the same $0.09/h, asked alone or not.
    r = option_rate("us-east-1", "m5.large", "capacity_reservation")
    assert r.usd_per_hour == 0.096 and r.as_of == "2026-07-20" and "EC2-CAPACITY" in r.note
    mine = (UserRate(option="on_demand", usd_per_hour=0.09),)
    alone = option_rate("us-east-1", "m5.large", "capacity_reservation", user_rates=mine)
    assert alone.usd_per_hour == 0.09 and alone.price_source == "user"
    from calc.ec2.rates import resolve_option_rates

    both = resolve_option_rates(CAT.ec2_prices("us-east-1", "m5.large"), limits=CAT.limits,
                                options=["on_demand", "capacity_reservation"],
                                user_rates=mine)
    assert both[1] == alone
