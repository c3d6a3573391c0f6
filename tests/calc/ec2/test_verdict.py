"""The EC2 verdict and break-even utilisation at the edges (issue 13 item 8): break-even
utilisation belongs to commitments only, and at zero use every commitment loses.

Sources: EC2 pricing page / notes L359-418 (On-Demand and Spot bill the hours run; a Reserved
Instance bills its term, a Savings Plan its commitment, a Capacity Reservation every reserved
hour, used or not); SOURCES.md m5.large us-east-1 samples: On-Demand $0.096/h, Standard
Reserved 3 yr All Upfront $949, average Spot $0.0384/h.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calc.context import validate
from calc.ec2 import UserRate
from calc.ec2.compare import KIND_CODES, compare_options, evaluate_options
from calc.ec2.models import Ec2Workload
from calc.ec2.options import COMMITMENT_KINDS, OPTION_IDS, option_spec
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
OD, RI_949, SPOT = 0.096, 949.0, 0.0384  # m5.large us-east-1 (SOURCES.md samples)


def compare(**fields: object):  # type: ignore[no-untyped-def]
    w = validate(Ec2Workload, {"region": "us-east-1", "instance_type": "m5.large", **fields},
                 catalog=CAT)
    return compare_options(w, catalog=CAT)


def _evaluate(hours: float) -> np.ndarray:
    kinds = ["on_demand", "reserved", "spot", "capacity_reservation"]
    n = len(kinds)
    ev = evaluate_options(
        kind=np.array([KIND_CODES[k] for k in kinds]),
        upfront_usd=np.array([0.0, RI_949, 0.0, 0.0]),
        usd_per_hour=np.array([OD, 0.0, SPOT, OD]),
        on_demand_usd_per_hour=np.full(n, OD), term_months=np.array([0.0, 36.0, 0.0, 0.0]),
        region_fee_usd_per_hour=np.zeros(n), instances_per_host=np.full(n, np.nan),
        sp_upfront_share=np.zeros(n), count=1, hours_per_month=hours, horizon_months=36)
    return ev.break_even_utilization_pct


@pytest.mark.parametrize("hours", [0.0, 100.0, 730.0])
def test_break_even_utilisation_only_for_commitments(hours: float) -> None:
    # rules: EC2-RI, EC2-CAPACITY-RESERVATION, EC2-SPOT. $949 upfront against $0.096 x 730 h
    # x 36 months On-Demand: pays off above 949 / 2,522.88 = 37.6% use, whatever the hours;
    # a Capacity Reservation bills every reserved hour at the On-Demand rate: 100%.
    # On-Demand and Spot commit to nothing: no break-even (was 0% for Spot).
    od, ri, spot, cr = _evaluate(hours)
    assert np.isnan(od) and np.isnan(spot)
    assert ri == pytest.approx(949 / (0.096 * 730 * 36) * 100)
    assert cr == pytest.approx(100.0)


def test_commitment_kinds() -> None:
    # rules: EC2-RI, EC2-SP, EC2-CAPACITY-RESERVATION, EC2-DEDICATED-HOST, EC2-SPOT
    assert set(COMMITMENT_KINDS) == {"reserved", "savings_plan", "capacity_reservation",
                                     "dedicated_host"}
    kinds = {option_spec(o).kind: option_spec(o).is_commitment for o in OPTION_IDS}
    assert kinds == {"on_demand": False, "spot": False, "dedicated_instance": False,
                     "reserved": True, "savings_plan": True, "capacity_reservation": True,
                     "dedicated_host": True}


@pytest.mark.parametrize("hours", [0, 100, 730])
def test_table_has_no_break_even_for_non_commitments(hours: float) -> None:
    # rule: EC2-SPOT. The compare table leaves Spot's break-even utilisation empty.
    t = compare(hours_per_month=hours).options.set_index("option")
    assert pd.isna(t.loc["spot", "break_even_utilization_pct"])
    assert pd.isna(t.loc["on_demand", "break_even_utilization_pct"])
    assert t.loc["reserved_standard_3yr_all_upfront", "break_even_utilization_pct"] == \
        pytest.approx(949 / (0.096 * 730 * 36) * 100)


def test_zero_use_every_commitment_loses() -> None:
    # rules: EC2-RI, EC2-CAPACITY-RESERVATION. At 0 h a month On-Demand and Spot cost $0;
    # the cheapest commitment, the $949 All Upfront Reserved Instance, still costs $949.
    c = compare(hours_per_month=0)
    assert c.cheapest_option == "on_demand"
    assert "every commitment loses" in c.verdict
    assert "Standard Reserved 3 yr All Upfront, $949.00" in c.verdict
    assert "pays off above 0%" not in c.verdict and "0% use" not in c.verdict
    t = c.options.set_index("option")
    assert t.loc["on_demand", "total_usd"] == 0 and t.loc["spot", "total_usd"] == 0
    assert t.loc["capacity_reservation", "total_usd"] == pytest.approx(0.096 * 730 * 36)


def test_zero_use_savings_plan_sized_to_nothing() -> None:
    # rule: EC2-SP. Your 28% Savings Plan sized to a workload of 0 h commits $0/h: no plan is
    # bought, so it is not counted as a losing commitment; the Reserved ones still lose.
    sp = "savings_plan_compute_1yr_no_upfront"
    c = compare(hours_per_month=0, user_rates=(UserRate(option=sp, discount_pct=28),))
    assert c.options.set_index("option").loc[sp, "commitment_usd_per_hour"] == 0
    assert "every commitment loses" in c.verdict
    assert "Savings Plans sized to this use commit $0/h" in c.verdict


def test_zero_use_with_public_ipv4_always() -> None:
    # rules: EC2-EIP, EC2-RI. An address kept all month costs $0.005 x 730 h x 36 = $131.40 on
    # every option; On-Demand still bills no instance hours and every commitment still loses.
    c = compare(hours_per_month=0, public_ipv4_per_instance=1, public_ipv4_always=True)
    t = c.options.set_index("option")
    assert t.loc["on_demand", "total_usd"] == pytest.approx(0.005 * 730 * 36)
    assert c.cheapest_option == "on_demand" and "every commitment loses" in c.verdict


def test_spot_verdict_has_no_break_even_use() -> None:
    # rule: EC2-SPOT. At 100 h a month Spot is cheapest: the verdict gives its saving, never a
    # "pays off above 0% use" (Spot commits to nothing).
    c = compare(hours_per_month=100)
    assert c.cheapest_option == "spot"
    assert "pays off" not in c.verdict


def test_verdict_warns_when_its_prices_are_more_than_a_year_apart() -> None:
    # rule: EC2-SPOT, issue 13 ("the verdict warns when it compares prices more than a year
    # apart"). At 100 h a month Spot is cheapest: its average price is as of 2024-04-03 and
    # On-Demand's as of 2026-07-20 (SOURCES.md), 838 days apart.
    c = compare(hours_per_month=100)
    assert c.cheapest_option == "spot"
    assert "(price as of 2024-04-03); On-Demand's price is as of 2026-07-20, more than a " \
        "year apart" in c.verdict
    # the Standard Reserved rate of 2026-09-24 is 66 days from On-Demand's: no warning
    w = validate(Ec2Workload, {"region": "us-east-1", "instance_type": "m5.large"},
                 catalog=CAT)
    best = compare_options(w, catalog=CAT, options=[o for o in OPTION_IDS if o != "spot"])
    assert "(price as of 2026-09-24)" in best.verdict and "year apart" not in best.verdict


def test_reserved_verdict_keeps_its_break_even_use() -> None:
    # rule: EC2-RI. Always on with Spot left out, the $949 Reserved Instance is cheapest and
    # pays off above 37.6% use (rounded: 38%).
    w = validate(Ec2Workload, {"region": "us-east-1", "instance_type": "m5.large"},
                 catalog=CAT)
    c = compare_options(w, catalog=CAT, options=[o for o in OPTION_IDS if o != "spot"])
    assert c.cheapest_option == "reserved_standard_3yr_all_upfront"
    assert "pays off above 38% use" in c.verdict
