"""Lambda versus EC2 (issue 5 part 4): sizing, suggestion, break-even, the curve.

Formula tests take AWS's published prices as literals (tests/calc/lambda_/support.py: the
Lambda pricing page, and m5.large Linux On-Demand $0.096/h from the EC2 On-Demand pricing
page); the checks against the bundled snapshot's dated EC2 prices are in
test_snapshot_prices.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.errors import InputError, field_errors
from calc.lambda_ import LambdaVsEc2Input, run_vs_ec2
from calc.lambda_.cost import monthly_cost
from calc.lambda_.vs_ec2 import (
    break_even_scaling_fleet,
    ec2_candidates,
    ec2_hourly_rate,
    ec2_monthly_usd,
    instance_capacity_rps,
    instances_needed,
    lambda_rate_curve,
    purchasing_options,
    suggest_instances,
)
from calc.units import HOURS_PER_MONTH, SECONDS_PER_MONTH
from tests.calc.lambda_.support import CATALOG, RULES, X86, make
from tests.calc.lambda_.support import M5_LARGE_USD_PER_HOUR as M5_LARGE


def test_m5_large_price_in_snapshot():
    assert M5_LARGE == 0.096


def test_sizing_worked_example():
    # rule: LAMBDA-MEMORY, LAMBDA-CONCURRENCY: a 512 MB function (0.5 GiB and 512/1,769 of a
    # vCPU per environment: Lambda Developer Guide, "Configure Lambda function memory": "At
    # 1,769 MB, a function has the equivalent of one vCPU") of 100 ms on m5.large (2 vCPU,
    # 8 GiB): memory holds 16 environments, the vCPUs 2 / (512/1,769) = 6.910; 6.910 at once
    # x 10 per second = 69.10 requests/s. 150 requests/s need 3 instances (150 / 69.10 =
    # 2.17): 3 x $0.096 x 730 h = $210.24 a month.
    cap = instance_capacity_rps(instance_memory_gib=8, instance_vcpus=2, memory_mb=512,
                                duration_ms=100, utilization=1.0, rules=RULES)
    assert cap == pytest.approx(2 * 1769 / 512 * 10)
    assert cap == pytest.approx(69.1015625)
    n = instances_needed(requests_per_second=150, capacity_rps=cap)
    assert n == 3
    assert ec2_monthly_usd(instances=n, usd_per_hour=M5_LARGE) == pytest.approx(210.24)


@pytest.mark.parametrize(("rps", "n"), [
    (0, 1),  # an EC2 fleet never goes below one instance
    (70, 1),  # exactly one instance's capacity
    (70.0001, 2),  # one past: a second instance
])
def test_instances_needed_edges(rps, n):
    assert instances_needed(requests_per_second=rps, capacity_rps=70.0) == n


def test_memory_holds_whole_environments():
    # 1,536 MB environments on 4 GiB: two fit (3 GiB), not 2.67
    cap = instance_capacity_rps(instance_memory_gib=4, instance_vcpus=64, memory_mb=1536,
                                duration_ms=1000, utilization=1.0, rules=RULES)
    assert cap == pytest.approx(2)


def test_burstable_types_count_their_baseline():
    # t3.micro: 2 vCPUs at a 10% baseline each = 0.2 sustained vCPU (ec2_instances.csv)
    c = ec2_candidates("us-east-1", "x86_64", catalog=CATALOG)
    t3 = c[c["instance_type"] == "t3.micro"].iloc[0]
    assert t3["sustained_vcpus"] == pytest.approx(0.2)


def test_architecture_filter():
    # an arm64 function is compared with arm64 (Graviton) instances only, x86_64 with x86_64
    specs = CATALOG.ec2_instances().set_index("instance_type")["architectures"]
    for arch in ("arm64", "x86_64"):
        c = ec2_candidates("us-east-1", arch, catalog=CATALOG)
        assert len(c)
        assert all(arch in specs[t].split(";") for t in c["instance_type"])
    arm = set(ec2_candidates("us-east-1", "arm64", catalog=CATALOG)["instance_type"])
    assert "m6g.large" in arm and "m5.large" not in arm


def test_suggestion_is_the_cheapest_fleet_by_brute_force():
    # the suggested type is the one whose fleet for the load costs least (checked directly)
    c = ec2_candidates("us-east-1", "x86_64", catalog=CATALOG)
    ranked = suggest_instances(candidates=c, usd_per_hour=c["on_demand_usd_per_hour"].to_numpy(),
                               requests_per_second=300, memory_mb=1024, duration_ms=200,
                               utilization=0.8, rules=RULES)
    best = None
    for row in c.itertuples(index=False):
        cap = instance_capacity_rps(instance_memory_gib=row.memory_gib,
                                    instance_vcpus=row.sustained_vcpus, memory_mb=1024,
                                    duration_ms=200, utilization=0.8, rules=RULES)
        if cap <= 0:
            continue
        usd = instances_needed(requests_per_second=300, capacity_rps=cap) * \
            row.on_demand_usd_per_hour * HOURS_PER_MONTH
        best = usd if best is None else min(best, usd)
    assert ranked.iloc[0]["ec2_usd_per_month"] == pytest.approx(best)
    assert ranked["ec2_usd_per_month"].is_monotonic_increasing


def curve_for(**kw):
    base = dict(memory_mb=512, duration_ms=100, prices=X86, rules=RULES)
    base.update(kw)
    return lambda_rate_curve(**base)


@settings(max_examples=80)
@given(m=st.integers(128, 10_240), d=st.floats(1, 900_000), free=st.booleans(),
       r=st.floats(0, 1e6))
def test_rate_curve_is_the_cost_and_inverts(m, d, free, r):
    # rule: LAMBDA-PRICE: the curve is monthly_cost at rate x 2,628,000 invocations, and its
    # closed-form inverse gives the rate back where the cost rises
    curve = curve_for(memory_mb=m, duration_ms=d, free_tier=free)
    usd = curve.cost(r)
    assert usd == monthly_cost(memory_mb=m, duration_ms=d, invocations_per_month=r
                               * SECONDS_PER_MONTH, prices=X86, rules=RULES,
                               free_tier=free).total_usd_per_month
    if usd > 0:
        back = curve.rate_for(usd)
        assert back <= r * (1 + 1e-9) + 1e-12
        assert curve.cost(back) == pytest.approx(usd, rel=1e-9)


def brute_force_break_even(curve, cap, one_usd, top):
    rates = np.linspace(0, top, 200_001)
    lam = np.asarray(curve.cost(rates))
    ec2 = np.asarray(instances_needed(requests_per_second=rates, capacity_rps=cap)) * one_usd
    hit = np.flatnonzero(lam >= ec2)
    return rates[hit[0]] if len(hit) else None


@pytest.mark.parametrize(("memory_mb", "duration_ms", "cap", "one_usd"), [
    (512, 100, 69.1015625, 0.096 * HOURS_PER_MONTH),  # the m5.large example above
    (128, 20, 1400.0, 3.07),
    (2048, 1500, 0.8, 70.08),
    (1024, 250, 5.0, 30.0),
])
def test_break_even_closed_form_matches_brute_force(memory_mb, duration_ms, cap, one_usd):
    # the closed form and a 200,001-point scan agree to the scan's step
    curve = curve_for(memory_mb=memory_mb, duration_ms=duration_ms)
    be = break_even_scaling_fleet(curve=curve, capacity_rps=cap, instance_usd_per_month=one_usd)
    assert be is not None
    top = 3 * be + cap
    scan = brute_force_break_even(curve, cap, one_usd, top)
    assert scan is not None
    assert be == pytest.approx(scan, abs=top / 200_000 * 1.01)
    n = instances_needed(requests_per_second=be, capacity_rps=cap)
    assert float(curve.cost(be)) == pytest.approx(n * one_usd, rel=1e-9)


def test_no_break_even_when_lambda_stays_cheaper():
    # Lambda's cost per request/s ($44.3 a month at 1,024 MB, 1 s) times an instance's
    # capacity (0.7 requests/s) is below the instance's $70.08: Lambda is cheaper at every rate
    curve = curve_for(memory_mb=1024, duration_ms=1000)
    assert break_even_scaling_fleet(curve=curve, capacity_rps=0.7,
                                    instance_usd_per_month=70.08) is None


def vs(**kw):
    base = dict(region="us-east-1", memory_mb=512, duration_ms=100, requests_per_second=150)
    base.update(kw)
    return run_vs_ec2(make(LambdaVsEc2Input, **base), catalog=CATALOG)


def test_vs_ec2_fixed_count():
    res = vs(instance_type="m5.large", instance_count=1)
    assert res.instance_count == 1 and res.instance_count_given
    # one m5.large serves 2 / (512/1,769) x 10 = 69.1 requests/s (test_sizing_worked_example,
    # rule: LAMBDA-MEMORY, one vCPU at 1,769 MB): 150 requests/s is more than that
    assert any("serve 69.1 requests/s" in n for n in res.notes), res.notes
    assert not res.curve["ec2_within_capacity"].iloc[-1]


def test_vs_ec2_suggests_when_no_type_given():
    res = vs()
    assert res.instance_type == res.suggestions.iloc[0]["instance_type"]
    assert res.ec2_usd_per_month == pytest.approx(res.suggestions.iloc[0]["ec2_usd_per_month"])


def test_hourly_rate_through_the_ec2_engine():
    # rules: EC2-OD-BILLING, EC2-RI - the rate is calc.ec2.rates.option_rate's on the catalog
    # handed in; an option id that does not exist is refused with close matches
    assert ec2_hourly_rate("us-east-1", "m5.large", catalog=CATALOG).usd_per_hour == M5_LARGE
    assert "spot" in purchasing_options()
    with pytest.raises(InputError, match="purchasing_option"):
        ec2_hourly_rate("us-east-1", "m5.large", "cheap", catalog=CATALOG)


@pytest.mark.parametrize(("kw", "field"), [
    (dict(instance_type="m5.lrage"), "instance_type"),  # unknown, with close matches
    (dict(instance_count=2), "instance_count"),  # a count needs a type
    (dict(purchasing_option="cheap"), "purchasing_option"),
    (dict(memory_mb=20_000), "memory_mb"),
    (dict(requests_per_second=-5), "requests_per_second"),
])
def test_vs_ec2_bad_input(kw, field):
    base = dict(region="us-east-1", memory_mb=512, duration_ms=100, requests_per_second=10)
    base.update(kw)
    with pytest.raises(ValidationError) as e:
        make(LambdaVsEc2Input, **base)
    assert field in field_errors(e.value)


def test_instance_of_the_other_architecture_is_refused():
    with pytest.raises(InputError, match="arm64"):
        vs(architecture="arm64", instance_type="m5.large")


def test_instance_too_small_for_one_environment():
    # rule: LAMBDA-MEMORY: a 10,240 MB function does not fit t3.nano's 0.5 GiB
    with pytest.raises(InputError, match="less than one"):
        vs(memory_mb=10_240, instance_type="t3.nano")
