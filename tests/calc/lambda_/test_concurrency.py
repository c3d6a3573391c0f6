"""Lambda concurrency (issue 5 part 3): Little's law, Erlang B throttling, the fixes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.errors import field_errors
from calc.lambda_ import LambdaConcurrencyInput
from calc.lambda_.api import check_concurrency as api_check
from calc.lambda_.concurrency import (
    concurrency_needed,
    erlang_b,
    servers_for_target,
    throttling_at_risk,
)
from tests.calc.lambda_.support import CATALOG, RULES, make


def _check(**kw):
    return api_check(make(LambdaConcurrencyInput, **kw), catalog=CATALOG).check


@pytest.mark.parametrize(("rps", "duration_ms", "expected"), [
    # AWS Lambda Developer Guide, "Understanding Lambda function scaling" (lambda-concurrency
    # .html): "Concurrency = (100 requests/second) * (0.5 second/request) = 50"
    (100, 500, 50),
    # the older guide (awsdocs/aws-lambda-developer-guide doc_source/scaling.md): S3 publishes
    # 10 events per second, the function takes 3 s: 30 concurrent executions
    (10, 3000, 30),
])

def test_concurrency_is_rate_times_duration(rps, duration_ms, expected):
    # rule: LAMBDA-CONCURRENCY
    assert concurrency_needed(requests_per_second=rps, duration_ms=duration_ms) == expected


@pytest.mark.parametrize(("load", "servers", "blocking"), [
    (1.0, 1, 0.5),  # B(1, A) = A / (1 + A)
    (10.0, 10, 0.2146),  # standard Erlang B table: 10 servers, 10 Erlang -> 21.46%
    (2.0, 0, 1.0),  # no environment at all: everything throttled
])
def test_erlang_b_known_values(load, servers, blocking):
    # rule: LAMBDA-CONCURRENCY
    assert erlang_b(offered_load=load, servers=servers) == pytest.approx(blocking, abs=1e-4)


def test_erlang_b_far_over_the_cap_tends_to_the_fluid_share():
    # rule: LAMBDA-CONCURRENCY: 2,000 environments wanted, 1,000 allowed -> about half
    assert erlang_b(offered_load=2000.0, servers=1000) == pytest.approx(0.5, abs=0.002)


def test_erlang_b_vector_equals_scalar():
    loads = np.array([0.0, 5.0, 950.0, 1000.0, 1200.0])
    vec = erlang_b(offered_load=loads, servers=1000)
    for i, a in enumerate(loads):
        assert vec[i] == pytest.approx(erlang_b(offered_load=float(a), servers=1000),
                                       rel=1e-12)


def test_large_pools_use_the_approximation_consistently():
    # above 100,000 environments the Jagerman approximation takes over; it agrees with the
    # exact recursion where both apply to within a few per cent of the share
    exact = erlang_b(offered_load=100_000.0, servers=100_000)
    approx = erlang_b(offered_load=100_001.0, servers=100_001)
    assert approx == pytest.approx(exact, rel=0.05)


@settings(max_examples=60)
@given(load=st.floats(0.1, 3000), target=st.floats(1e-6, 0.5))
def test_servers_for_target_is_the_fewest(load, target):
    # rule: LAMBDA-CONCURRENCY
    k = servers_for_target(offered_load=load, target_share=target)
    assert erlang_b(offered_load=load, servers=k) <= target
    assert erlang_b(offered_load=load, servers=k - 1) > target


@settings(max_examples=60)
@given(a=st.floats(0, 5000), b=st.floats(0, 5000), c=st.integers(1, 2000))
def test_more_load_never_throttles_less(a, b, c):
    lo, hi = sorted((a, b))
    assert erlang_b(offered_load=hi, servers=c) >= erlang_b(offered_load=lo, servers=c) - 1e-15


def test_default_limit_and_throttling_fixes():
    # rule: LAMBDA-CONCURRENCY: 2,000 requests/s of 600 ms need 1,200 environments, above the
    # default 1,000: about a sixth throttled (429 for synchronous calls); the fixes name the
    # limit to ask for and what reserving needs (the limit minus 100 unreserved)
    inp = make(LambdaConcurrencyInput, requests_per_second=2000, duration_ms=600)
    check = api_check(inp, catalog=CATALOG).check
    assert check.regional_limit == RULES.regional_concurrency == 1000
    assert check.average_concurrency == pytest.approx(1200)
    assert check.throttled_share == pytest.approx(erlang_b(offered_load=1200.0, servers=1000))
    assert 0.15 < check.throttled_share < 1 - 1000 / 1200 + 0.01
    need = check.concurrency_for_target
    assert any(f"at least {need:,}" in f for f in check.fixes)
    assert any(f"{need + RULES.unreserved_concurrency_min:,}" in f for f in check.fixes)
    assert any("provisioned" in f for f in check.fixes)


def test_no_fix_when_comfortably_below():
    # rule: LAMBDA-CONCURRENCY: 50 environments against 1,000
    check = _check(requests_per_second=100, duration_ms=500)
    assert check.throttled_share < 1e-12 and check.fixes == []


def test_reserved_concurrency_is_the_cap():
    # rule: LAMBDA-CONCURRENCY: reserved 100 caps the function even with the pool free
    check = _check(requests_per_second=200, duration_ms=600,
                   reserved_concurrency=100)
    assert check.available_concurrency == 100 and check.cap_source == "reserved concurrency"
    assert check.throttled_share > 0.1
    assert check.fixes[0].startswith("raise the reserved concurrency")


def test_other_functions_share_the_pool():
    # rule: LAMBDA-CONCURRENCY (notes L2456-2457): other invokers take from the same 1,000
    check = _check(requests_per_second=1000, duration_ms=500,
                   other_concurrency=600)
    assert check.available_concurrency == 400
    assert check.throttled_share > 0.1


@pytest.mark.parametrize(("kw", "field", "rule"), [
    (dict(reserved_concurrency=901), "reserved_concurrency", "LAMBDA-CONCURRENCY"),  # 1,000-100
    (dict(requests_per_second=-1), "requests_per_second", "LAMBDA-CONCURRENCY"),
    (dict(duration_ms=900_001), "duration_ms", "LAMBDA-TIMEOUT"),
    (dict(provisioned_concurrency=1001), "provisioned_concurrency", "LAMBDA-PROVISIONED"),
])
def test_bad_concurrency_input(kw, field, rule):
    base = dict(requests_per_second=10, duration_ms=100)
    base.update(kw)
    with pytest.raises(ValidationError) as e:
        make(LambdaConcurrencyInput, **base)
    assert f"[{rule}]" in field_errors(e.value)[field]


def test_reserved_exactly_at_its_limit_is_allowed():
    # rule: LAMBDA-CONCURRENCY: 1,000 - 100 unreserved = 900 is the most one can reserve
    make(LambdaConcurrencyInput, requests_per_second=10, duration_ms=100,
         reserved_concurrency=900)


@pytest.mark.parametrize(("rps", "duration_ms", "at_risk"), [
    (100, 500, False),  # 50 environments against 1,000: nothing throttled
    (2000, 600, True),  # 1,200 environments against 1,000 (notes L2450-2462)
    (1500, 1000, True),  # 1,500 environments: the GUI's throttling example
])
def test_throttling_verdict_is_one_rule(rps, duration_ms, at_risk):
    # rule: LAMBDA-CONCURRENCY - at risk when the Erlang B share at the peak is above the
    # accepted share; the fixes are offered exactly then (the CLI's notes and the GUI's
    # summary both read this one verdict)
    check = _check(requests_per_second=rps, duration_ms=duration_ms)
    assert check.throttling_at_risk is at_risk
    assert check.throttling_at_risk == throttling_at_risk(
        throttled_share=check.throttled_share,
        target_throttle_share=check.target_throttle_share)
    assert bool(check.fixes) is at_risk


def test_throttling_verdict_at_the_target():
    # rule: LAMBDA-CONCURRENCY - exactly the accepted share is not a risk; above it is
    assert not throttling_at_risk(throttled_share=0.001, target_throttle_share=0.001)
    assert throttling_at_risk(throttled_share=0.0011, target_throttle_share=0.001)
