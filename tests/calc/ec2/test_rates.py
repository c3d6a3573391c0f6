"""EC2 option rates: every option id resolves to a price, a user price, or a reason.

The formula tests price with AWS's published prices as literals (tests/calc/ec2/published.py,
each figure with its AWS page); the API-level tests on the bundled snapshot assert relations.
Checks pinned to the bundled snapshot's dated prices live in test_snapshot_prices.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ec2 import OPTION_IDS, UserRate
from calc.ec2 import effective_usd_per_hour as _effective_usd_per_hour
from calc.ec2 import option_rate as _option_rate
from calc.ec2.options import option_label, option_spec
from calc.ec2.rates import OptionRate, resolve_option_rates
from calc.errors import InputError
from calc.pricing import Ec2Rate, Ec2Term, effective_term
from calc.units import HOURS_PER_YEAR
from tests.calc.ec2 import published as pub
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
option_rate = partial(_option_rate, catalog=CAT)
effective_usd_per_hour = partial(_effective_usd_per_hour, catalog=CAT)
LIMITS = CAT.limits  # rule limits (Partial Upfront share, region fee), not prices


def rate(option: str, prices=pub.M5_LARGE, **kw: object) -> OptionRate:  # type: ignore[no-untyped-def]
    (r,) = resolve_option_rates(prices, limits=LIMITS, options=[option], **kw)  # type: ignore[arg-type]
    return r


def test_on_demand_m5_large() -> None:
    # rule: EC2-OD-BILLING. EC2 On-Demand pricing page: m5.large Linux US East $0.096/h.
    r = rate("on_demand")
    assert r.price_available and r.price_source == "snapshot"
    assert r.effective_usd_per_hour == pub.ON_DEMAND == 0.096
    assert (r.as_of, r.source) == (pub.OD_PAGE.as_of, pub.OD_PAGE.id)


@pytest.mark.parametrize(("plan", "years", "pay"), list(pub.M5_LARGE_RESERVED))
def test_reserved_rates_and_effective_rate(plan: str, years: int, pay: str) -> None:
    # rule: EC2-RI. EC2 Reserved Instances pricing page, m5.large US East (published.py):
    # the effective rate spreads the upfront over every hour of the term, plus the hourly fee.
    upfront, hourly = pub.M5_LARGE_RESERVED[(plan, years, pay)]
    r = rate(f"reserved_{plan}_{years}yr_{pay}")
    assert r.price_available and r.split_known and not r.upfront_derived
    assert (r.upfront_usd, r.usd_per_hour) == (upfront, hourly)
    assert r.effective_usd_per_hour == pytest.approx(upfront / (years * HOURS_PER_YEAR) + hourly)


def test_reserved_all_upfront_1yr_worked_example() -> None:
    # rule: EC2-RI. 494 USD / 8,760 h = 0.05639 USD/h, 41.3% below On-Demand 0.096 (within
    # the notes' "up to 72%", L371).
    eff = rate("reserved_standard_1yr_all_upfront").effective_usd_per_hour
    assert eff == pytest.approx(0.0563927, rel=1e-5)
    assert 1 - eff / 0.096 == pytest.approx(0.4126, abs=1e-4)


# -- Reserved from effective rates only (rule EC2-RI) ----------------------------------------
def test_effective_no_upfront_is_the_hourly_fee() -> None:
    # Reserved pricing page: c4.2xlarge Standard 1 yr No Upfront effective $0.252/h; No
    # Upfront has no upfront fee, so the hourly fee is the effective rate.
    r = rate("reserved_standard_1yr_no_upfront", pub.C4_2XLARGE)
    assert (r.upfront_usd, r.usd_per_hour, r.effective_usd_per_hour) == (0.0, 0.252, 0.252)
    assert r.split_known and "No Upfront, so it is the hourly fee" in r.note


def test_effective_all_upfront_derives_the_upfront() -> None:
    # All Upfront has no hourly fee: upfront = 0.237215 USD/h x 8,760 h = 2,078.00 USD,
    # marked "derived from the effective rate".
    r = rate("reserved_standard_1yr_all_upfront", pub.C4_2XLARGE)
    assert r.upfront_usd == pytest.approx(0.237215 * 8760) and r.usd_per_hour == 0
    assert r.upfront_derived and r.split_known
    assert "derived from the effective rate" in r.note and "2,078.00" in r.note
    assert r.effective_usd_per_hour == pytest.approx(0.237215)


def test_effective_partial_upfront_keeps_the_split_unknown() -> None:
    # Partial Upfront: effective $0.242005/h is known, the upfront/hourly split is not:
    # no guessed split, the reason names what is unknown.
    r = rate("reserved_standard_1yr_partial_upfront", pub.C4_2XLARGE)
    assert r.price_available and not r.split_known
    assert math.isnan(r.upfront_usd) and math.isnan(r.usd_per_hour)
    assert r.effective_usd_per_hour == 0.242005
    assert "upfront, monthly fee and break-even month unknown" in r.split_unknown_reason
    assert "EC2-RI" in r.split_unknown_reason and not r.reason


def _row(option: str, e: float) -> dict[str, object]:
    return {"operating_system": "Linux", "tenancy": "Shared", "offering_class": "standard",
            "term_years": 1, "purchase_option": option, "effective_usd_per_hour": e}


def test_older_exact_fees_kept_when_they_reproduce_the_newer_rate() -> None:
    # The newer effective rate wins; the older page's exact fees are kept where they give it
    # to 6 significant digits: m5.large 1 yr Partial 0.029 + 252 / 8,760 = 0.0577671.
    older = Ec2Term("Linux", "Shared", "standard", 1, "partial_upfront", 252.0, 0.029,
                    pub.RI_PAGE)
    t = effective_term(_row("partial_upfront", 0.0577671), pub.RI_EFFECTIVE_PAGE, older)
    assert t is not None and (t.upfront_usd, t.usd_per_hour) == (252.0, 0.029)
    assert t.as_of == "2026-09-24" and t.split_source == pub.RI_PAGE
    r = rate("reserved_standard_1yr_partial_upfront", replace(pub.M5_LARGE, reserved=(t,)))
    assert r.split_known and r.upfront_usd == 252 and "252" in r.note
    # one digit off (the price changed): the newer wins and the split is unknown
    moved = effective_term(_row("partial_upfront", 0.0577672), pub.RI_EFFECTIVE_PAGE, older)
    assert moved is not None and not moved.split_known and moved.split_source is None
    # an older source newer than the effective rate wins outright
    late = replace(older, source=replace(pub.RI_PAGE, as_of="2027-01-01"))
    assert effective_term(_row("partial_upfront", 0.0577671), pub.RI_EFFECTIVE_PAGE,
                          late) is None


def test_effective_rate_keeps_the_exact_no_upfront_fee() -> None:
    # 6 significant digits: x2iedn.32xlarge 16.4137 (effective) vs 16.41374 (the RI page's
    # hourly fee, SOURCES.md checks): the exact fee is kept, dated by the newer source.
    older = Ec2Term("Linux", "Shared", "standard", 1, "no_upfront", 0.0, 16.41374, pub.RI_PAGE)
    t = effective_term(_row("no_upfront", 16.4137), pub.RI_EFFECTIVE_PAGE, older)
    assert t is not None and t.usd_per_hour == 16.41374 and t.as_of == "2026-09-24"


# -- Savings Plans (rule EC2-SP) ---------------------------------------------------------------
@pytest.mark.parametrize(("years", "pay"), list(pub.M5_LARGE_COMPUTE_SP))
def test_compute_savings_plan_rates(years: int, pay: str) -> None:
    # Savings Plans pricing page: m5.large US East Compute SP rates (published.py).
    r = rate(f"savings_plan_compute_{years}yr_{pay}")
    assert r.price_available and r.usd_per_hour == pub.M5_LARGE_COMPUTE_SP[(years, pay)]
    assert r.upfront_usd == 0 and r.effective_usd_per_hour == r.usd_per_hour
    assert r.as_of == pub.SP_PAGE.as_of


def test_savings_plans_absent_say_so() -> None:
    # A record without Savings Plan rates (as the snapshot for most Regions): no price, a
    # reason naming the plan and the type, never a guessed rate.
    for option in OPTION_IDS:
        if option.startswith("savings_plan_"):
            r = rate(option, pub.C4_2XLARGE)
            assert not r.price_available and r.effective_usd_per_hour is None
            assert r.reason.startswith(f"no {option_label(option)} rate")
            assert "c4.2xlarge" in r.reason
    assert not rate("savings_plan_ec2_instance_1yr_no_upfront").price_available


def test_user_discount_and_rate_are_marked_user() -> None:
    # A 28% discount off the On-Demand list price 0.096 -> 0.06912 USD/h.
    sp = "savings_plan_compute_1yr_no_upfront"
    r = rate(sp, user_rates=[UserRate(option=sp, discount_pct=28)])
    assert r.price_available and r.price_source == "user" and r.as_of is None
    assert r.usd_per_hour == pytest.approx(0.06912)
    ri = "reserved_standard_1yr_all_upfront"
    r = rate(ri, user_rates=[UserRate(option=ri, usd_per_hour=0, upfront_usd=480)])
    assert (r.price_source, r.upfront_usd, r.usd_per_hour) == ("user", 480, 0)
    # the same through the catalog API (bundled snapshot): the user's figures, not its own
    r = option_rate("us-east-1", "m5.large", ri,
                    user_rates=[UserRate(option=ri, usd_per_hour=0, upfront_usd=480)])
    assert (r.price_source, r.upfront_usd, r.usd_per_hour) == ("user", 480, 0)


def test_user_discount_on_partial_upfront_keeps_the_effective_rate() -> None:
    # rule: EC2-SP. A discount sets the effective rate; Partial Upfront pays the Savings Plans
    # minimum share upfront (limits ec2.sp.partial_upfront_min_pct: 50%, CreateSavingsPlan API):
    # 50% off 0.096 = 0.048 USD/h; upfront 0.048 x 0.5 x 26,280 h = 630.72 USD.
    ri = "reserved_standard_3yr_partial_upfront"
    r = rate(ri, user_rates=[UserRate(option=ri, discount_pct=50)])
    assert r.effective_usd_per_hour == pytest.approx(0.048)
    assert r.upfront_usd == pytest.approx(0.048 * 0.5 * 3 * HOURS_PER_YEAR) == \
        pytest.approx(630.72)
    # through the catalog: the same relation to the snapshot's own On-Demand rate
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
    # rule: EC2-SPOT. A Spot price of 0.0384 USD/h; the Spot Instance Advisor: saving 66%,
    # interruption 15-20% (published.py). Advisor basis: 0.096 x (1 - 0.66) = 0.03264 USD/h.
    avg = rate("spot")
    assert (avg.usd_per_hour, avg.as_of, avg.interruption_band) == (
        0.0384, pub.SPOT.as_of, "15-20%")
    assert pub.SPOT.as_of in avg.note and pub.ADVISOR.as_of in avg.note
    adv = rate("spot", spot_price_basis="advisor_savings")
    assert adv.usd_per_hour == pytest.approx(0.096 * (1 - 0.66)) == pytest.approx(0.03264)
    assert adv.as_of == pub.ADVISOR.as_of and "66%" in adv.note
    # no average price: the advisor's saving is used whatever the basis
    only_adv = rate("spot", replace(pub.M5_LARGE, spot_average={}))
    assert only_adv.usd_per_hour == pytest.approx(0.03264)


def test_dedicated_host_rate() -> None:
    # rule: EC2-DEDICATED-HOST: per host-hour / instances per host. A host at 29.344 USD per
    # host-hour holding one instance (the x2iedn sample's host, SOURCES.md) costs 29.344 USD
    # per instance-hour; holding 4, 7.336.
    host = Ec2Rate("us-east-1", "m5.large", "Any", "Host", 29.344, pub.OD_PAGE)
    prices = replace(pub.M5_LARGE, dedicated_host=host)
    assert rate("dedicated_host", prices, host_capacity=1).effective_usd_per_hour == 29.344
    assert rate("dedicated_host", prices, host_capacity=4).effective_usd_per_hour == \
        pytest.approx(7.336)
    unknown = rate("dedicated_host", prices)
    assert not unknown.price_available and "instances per host" in unknown.reason
    windows = rate("dedicated_host", prices, os="windows", host_capacity=1)
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
    # rule: EC2-CAPACITY-RESERVATION: the On-Demand rate for every reserved hour. EC2
    # On-Demand pricing page: m5.large Linux US East $0.096/h; with your On-Demand rate of
    # $0.09/h (a private pricing agreement) the reservation is charged the same $0.09/h, asked
    # alone or not.
    r = rate("capacity_reservation")
    assert r.usd_per_hour == 0.096 and r.as_of == pub.OD_PAGE.as_of
    assert "EC2-CAPACITY" in r.note
    mine = (UserRate(option="on_demand", usd_per_hour=0.09),)
    alone = rate("capacity_reservation", user_rates=mine)
    assert alone.usd_per_hour == 0.09 and alone.price_source == "user"
    both = resolve_option_rates(pub.M5_LARGE, limits=LIMITS,
                                options=["on_demand", "capacity_reservation"],
                                user_rates=mine)
    assert both[1] == alone
    # the catalog API gives the same relation on the bundled snapshot
    snap = option_rate("us-east-1", "m5.large", "capacity_reservation")
    assert snap.usd_per_hour == option_rate("us-east-1", "m5.large", "on_demand").usd_per_hour
    assert option_rate("us-east-1", "m5.large", "capacity_reservation",
                       user_rates=mine).usd_per_hour == 0.09
