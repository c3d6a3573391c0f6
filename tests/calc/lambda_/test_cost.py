"""Lambda monthly cost (issue 5 part 1).

Worked examples: the AWS Lambda pricing page, https://aws.amazon.com/lambda/pricing/, read on
2026-11-26 from the stored copy the search tool holds (the page states no date; it is the
version with the Lambda Managed Instances, Durable Functions and MicroVMs sections, i.e. late
2025 or later). Its figures are US East (N. Virginia), the same as the bundled snapshot's
us-east-1 prices (Lambda feed as of 2025-10-30): $0.20 per 1 M requests, $0.0000166667 (x86)
and $0.0000133334 (arm64) per GB-s, $0.0000000309 per GB-s of /tmp, provisioned concurrency
$0.0000041667 and provisioned duration $0.0000097222 per GB-s.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.errors import field_errors
from calc.lambda_ import LambdaCostInput
from calc.lambda_.cost import billed_duration_ms, monthly_cost, retry_factor, tiered_usd
from calc.pricing.errors import PriceNotFound
from tests.calc.lambda_.support import ARM, RULES, X86
from tests.calc.lambda_.support import make as _validated


def cost(**kw):
    kw.setdefault("prices", X86)
    return monthly_cost(rules=RULES, **kw)


# -- the pricing page's worked examples ----------------------------------------------------
def test_page_example_1_mobile_backend():
    # rule: LAMBDA-PRICE, LAMBDA-FREE-TIER
    # Pricing page, "Example 1: Mobile application backend": 3 M requests, 120 ms, 1536 MB,
    # x86. 540,000 GB-s - 400,000 free = 140,000 x $0.0000166667 = $2.33; 2 M x $0.2/M =
    # $0.40; total $2.73.
    c = cost(memory_mb=1536, duration_ms=120, invocations_per_month=3_000_000)
    assert c.on_demand_gb_seconds == pytest.approx(540_000)
    assert c.billable_gb_seconds == pytest.approx(140_000)
    assert c.compute_usd == pytest.approx(2.33, abs=0.005)
    assert c.request_usd == pytest.approx(0.40)
    assert c.total_usd_per_month == pytest.approx(2.73, abs=0.005)


def test_page_example_2_telemetry_without_free_tier():
    # rule: LAMBDA-PRICE, LAMBDA-FREE-TIER
    # Pricing page, "Example 2: Enriching streaming telemetry": 10,000 vehicles x 24 x 31 =
    # 7.44 M messages, 2 s, 1024 MB, x86; the page deducts no free tier: requests 7.44 M x
    # $0.20/M = $1.49, compute 14.88 M GB-s x $0.0000166667 = $248.00, total $249.49.
    c = cost(memory_mb=1024, duration_ms=2000, invocations_per_month=10_000 * 24 * 31,
             free_tier=False)
    assert c.request_usd == pytest.approx(1.488)
    assert c.compute_usd == pytest.approx(248.00, abs=0.005)
    assert c.total_usd_per_month == pytest.approx(249.49, abs=0.005)


def test_page_example_3_ephemeral_storage():
    # rule: LAMBDA-TMP, LAMBDA-PRICE, LAMBDA-FREE-TIER
    # Pricing page, "Example 3: Performing ML on customer support tickets": 6 M requests,
    # 280 ms, 4096 MB x86, 2048 MB ephemeral storage. Compute 6,320,000 GB-s x $0.0000166667
    # = $105.33; requests 5 M x $0.2/M = $1; storage (2048 - 512) MB -> 1,680,000 s x 1.5 GB
    # = 2,520,000 GB-s x $0.0000000309 = $0.08; total $106.41.
    c = cost(memory_mb=4096, duration_ms=280, invocations_per_month=6_000_000,
             ephemeral_storage_mb=2048)
    assert c.billable_gb_seconds == pytest.approx(6_320_000)
    assert c.compute_usd == pytest.approx(105.33, abs=0.005)
    assert c.request_usd == pytest.approx(1.00)
    assert c.ephemeral_storage_gb_seconds == pytest.approx(2_520_000)
    assert c.ephemeral_storage_usd == pytest.approx(0.08, abs=0.005)
    assert c.total_usd_per_month == pytest.approx(106.41, abs=0.005)


def test_page_provisioned_example_1_app_launch():
    # rule: LAMBDA-PROVISIONED, LAMBDA-FREE-TIER
    # Pricing page, Provisioned Concurrency "Example 1: Mobile application launch": 1536 MB
    # x86, 3 M requests at 120 ms; provisioned concurrency 100 for 8 hours serving 500,000
    # requests at 100 ms. PC 150 GB x 28,800 s = 4.32 M GB-s x $0.0000041667 = $18;
    # provisioned duration 75,000 GB-s x $0.0000097222 = $0.73. The example then deducts the
    # free tier (requests 3 M - 1 M; on-demand 450,000 - 400,000 GB-s; total $19.96), against
    # the same page's rule "The Lambda free tier does not apply to functions that have
    # Provisioned Concurrency enabled". The app follows the rule: requests 3 M x $0.2/M =
    # $0.60; on demand 2.5 M x 0.12 s x 1.5 GB = 450,000 GB-s x $0.0000166667 = $7.50;
    # total 18.00 + 0.73 + 0.60 + 7.50 = $26.83.
    c = cost(memory_mb=1536, duration_ms=120, invocations_per_month=3_000_000,
             provisioned_concurrency=100, provisioned_hours=8,
             provisioned_invocations_per_month=500_000, provisioned_duration_ms=100)
    assert c.provisioned_concurrency_gb_seconds == pytest.approx(4_320_000)
    assert c.provisioned_concurrency_usd == pytest.approx(18.00, abs=0.005)
    assert c.provisioned_duration_gb_seconds == pytest.approx(75_000)
    assert c.compute_provisioned_usd == pytest.approx(0.73, abs=0.005)
    assert c.on_demand_invocations == pytest.approx(2_500_000)
    assert c.free_tier_withheld is True
    assert c.free_tier_requests == 0 and c.free_tier_gb_seconds == 0
    assert c.request_usd == pytest.approx(0.60)
    assert c.compute_on_demand_usd == pytest.approx(7.50, abs=0.005)
    assert c.total_usd_per_month == pytest.approx(26.83, abs=0.005)


def test_page_2020_provisioned_example_1_bills_every_request():
    # rule: LAMBDA-FREE-TIER, LAMBDA-PROVISIONED
    # The pricing page's Provisioned Concurrency section as of the 1 ms billing change (Dec
    # 2020; copy at https://bestmarketstore.com/aws-lambda-pricing-now-per-ms/): "The Lambda
    # free tier does not apply to functions that have Provisioned Concurrency enabled", then
    # "Example 1": 1024 MB, provisioned concurrency 1,000 for two hours, 1.2 M executions in
    # the two hours (the copy is cut there; we take 1 s each). PC 1,000 x 1 GB x 7,200 s =
    # 7.2 M GB-s x $0.0000041667 = $30.00; duration 1.2 M GB-s x $0.0000097222 = $11.67;
    # requests 1.2 M x $0.20/M = $0.24, none free; total $41.91.
    c = cost(memory_mb=1024, duration_ms=1000, invocations_per_month=1_200_000,
             provisioned_concurrency=1000, provisioned_hours=2,
             provisioned_invocations_per_month=1_200_000)
    assert c.provisioned_concurrency_usd == pytest.approx(30.00, abs=0.005)
    assert c.compute_provisioned_usd == pytest.approx(11.67, abs=0.005)
    assert c.billable_requests == 1_200_000
    assert c.request_usd == pytest.approx(0.24)
    assert c.total_usd_per_month == pytest.approx(41.91, abs=0.005)


@pytest.mark.parametrize(("pc", "hours", "free_requests", "withheld"), [
    (0, 0.0, 1_000_000, False),  # no provisioned concurrency: the free tier applies
    (5, 0.0, 1_000_000, False),  # environments configured for 0 hours: never enabled
    (1, 1 / 12, 0, True),  # one environment for the 5-minute minimum: enabled, none free
    (5, 730.0, 0, True),  # enabled all month
])
def test_free_tier_off_while_provisioned_concurrency_is_enabled(pc, hours, free_requests,
                                                               withheld):
    # rule: LAMBDA-FREE-TIER: "The Lambda free tier does not apply to functions that have
    # Provisioned Concurrency enabled" (AWS Lambda pricing page). 2 M requests of 100 ms at
    # 1024 MB = 200,000 GB-s, all on demand (no invocation falls in the window).
    c = cost(memory_mb=1024, duration_ms=100, invocations_per_month=2_000_000,
             provisioned_concurrency=pc, provisioned_hours=hours,
             provisioned_invocations_per_month=0 if pc else None)
    assert c.free_tier_requests == free_requests
    assert c.billable_requests == 2_000_000 - free_requests
    assert c.free_tier_gb_seconds == (200_000 if not withheld else 0)
    assert c.compute_on_demand_usd == pytest.approx(
        0.0 if not withheld else 200_000 * 0.0000166667)
    assert c.free_tier_withheld is withheld


def test_free_tier_withheld_per_sweep_element():
    # rule: LAMBDA-FREE-TIER: an array of provisioned hours decides element by element
    c = cost(memory_mb=1024, duration_ms=100, invocations_per_month=2_000_000,
             provisioned_concurrency=np.array([5, 5]), provisioned_hours=np.array([0.0, 10.0]),
             provisioned_invocations_per_month=0)
    assert list(c.free_tier_withheld) == [False, True]
    assert list(c.billable_requests) == [1_000_000, 2_000_000]


def test_free_tier_off_asked_is_not_reported_as_withheld():
    # rule: LAMBDA-FREE-TIER: with free_tier=False nothing is withheld by the rule
    c = cost(memory_mb=1024, duration_ms=100, invocations_per_month=2_000_000,
             provisioned_concurrency=5, provisioned_hours=10,
             provisioned_invocations_per_month=0, free_tier=False)
    assert c.free_tier_withheld is False
    assert c.billable_requests == 2_000_000


def test_page_provisioned_example_2_cyber_monday():
    # rule: LAMBDA-PROVISIONED
    # Pricing page, Provisioned Concurrency "Example 2: ... Cyber Monday": 2 M requests in
    # the 24 h with provisioned concurrency 7, 280 ms, 4096 MB x86; the page takes no free
    # tier. PC 28 GB x 86,400 s = 2,419,200 GB-s x $0.0000041667 = $10.08; duration
    # 2,240,000 GB-s x $0.0000097222 = $21.78; requests $0.40; total $32.26.
    c = cost(memory_mb=4096, duration_ms=280, invocations_per_month=2_000_000,
             provisioned_concurrency=7, provisioned_hours=24,
             provisioned_invocations_per_month=2_000_000, free_tier=False)
    assert c.provisioned_concurrency_usd == pytest.approx(10.08, abs=0.005)
    assert c.compute_provisioned_usd == pytest.approx(21.78, abs=0.005)
    assert c.on_demand_invocations == 0
    assert c.request_usd == pytest.approx(0.40)
    assert c.total_usd_per_month == pytest.approx(32.26, abs=0.005)


def test_page_durable_functions_example_arm64():
    # rule: LAMBDA-PRICE, LAMBDA-FREE-TIER
    # Pricing page, Lambda Durable Functions example (1 GB, Arm): 1 M executions, each two
    # invocations (initial + after the wait) computing 32 s in all: 32 M GB-s - 400,000 free
    # = 31.6 M x $0.0000133334 = $421.34; 2 M requests - 1 M free = $0.20. As invocations:
    # 2 M of 16 s average. (The durable-operation charges are not Lambda compute.)
    c = cost(memory_mb=1024, duration_ms=16_000, invocations_per_month=2_000_000, prices=ARM)
    assert c.billable_gb_seconds == pytest.approx(31_600_000)
    assert c.compute_usd == pytest.approx(421.34, abs=0.005)
    assert c.request_usd == pytest.approx(0.20)


def test_old_page_example_with_its_own_price():
    # rule: LAMBDA-PRICE, LAMBDA-FREE-TIER
    # The pricing page before 1 ms billing (stored copy of https://aws.amazon.com/lambda/
    # pricing/, "Example 1"): 512 MB, 3 M invocations of 1 s at $0.00001667 per GB-s:
    # 1,500,000 - 400,000 = 1,100,000 GB-s = $18.34, requests $0.40, total $18.74 per month.
    # Prices are passed in, so the old price reproduces the old page.
    old = dataclasses.replace(X86, tier_usd_per_gb_second=(0.00001667,) * 3)
    c = cost(memory_mb=512, duration_ms=1000, invocations_per_month=3_000_000, prices=old)
    assert c.compute_usd == pytest.approx(18.34, abs=0.005)
    assert c.total_usd_per_month == pytest.approx(18.74, abs=0.005)


# -- 1 ms rounding ---------------------------------------------------------------------------
@pytest.mark.parametrize(("duration_ms", "billed"), [
    (27.55, 28),  # AWS News Blog "New for AWS Lambda - 1ms Billing Granularity" (2020-12-01):
    # "Duration: 27.55 ms ... Billed Duration: 28 ms"
    (27.40, 28),  # same post, the REPORT line before the change billed 100 ms, now 28
    (120.0, 120),  # whole milliseconds are not rounded up
    (1.0001, 2),  # just past a millisecond: the next one
    (0.1, 1),  # below one millisecond: one
    (120.000000000001, 120),  # float noise is not a millisecond
])
def test_duration_rounded_up_to_1_ms(duration_ms, billed):
    # rule: LAMBDA-PRICE
    assert billed_duration_ms(duration_ms=duration_ms,
                              increment_ms=RULES.billing_increment_ms) == billed


def test_fractional_duration_billed_as_next_ms():
    # rule: LAMBDA-PRICE: 1 M invocations of 99.2 ms at 1024 MB are billed 100 ms each
    c = cost(memory_mb=1024, duration_ms=99.2, invocations_per_month=1_000_000, free_tier=False)
    assert c.billed_duration_ms == 100
    assert c.on_demand_gb_seconds == pytest.approx(100_000)


# -- free-tier boundary ----------------------------------------------------------------------
@pytest.mark.parametrize(("invocations", "billable"), [
    (1_000_000, 0),  # exactly the 1 M free requests: nothing billed
    (1_000_001, 1),  # one past: one request billed
    (999_999, 0),
])
def test_free_requests_boundary(invocations, billable):
    # rule: LAMBDA-FREE-TIER
    c = cost(memory_mb=128, duration_ms=1, invocations_per_month=invocations)
    assert c.billable_requests == billable
    assert c.request_usd == pytest.approx(billable * X86.usd_per_request)


@pytest.mark.parametrize(("invocations", "billable_gbs"), [
    (400_000, 0.0),  # 400,000 x 1 s x 1 GB = exactly the free 400,000 GB-s
    (400_001, 1.0),  # one invocation past: 1 GB-s billed
])
def test_free_gb_seconds_boundary(invocations, billable_gbs):
    # rule: LAMBDA-FREE-TIER
    c = cost(memory_mb=1024, duration_ms=1000, invocations_per_month=invocations)
    assert c.billable_gb_seconds == pytest.approx(billable_gbs)
    assert c.compute_usd == pytest.approx(billable_gbs * X86.usd_per_gb_second)


def test_free_tier_switch_off_bills_everything():
    # rule: LAMBDA-FREE-TIER
    c = cost(memory_mb=1024, duration_ms=1000, invocations_per_month=400_000, free_tier=False)
    assert c.billable_gb_seconds == pytest.approx(400_000)
    assert c.billable_requests == 400_000


# -- duration volume tiers -------------------------------------------------------------------
def test_tier_bounds_come_from_the_snapshot():
    # rule: LAMBDA-PRICE: x86 tiers end at 6 B and 15 B GB-s, arm64 at 7.5 B and 18.75 B
    # (AWS Compute Blog "Introducing tiered pricing for AWS Lambda", SOURCES.md)
    assert X86.tier_starts_gb_seconds == (0, 6e9, 15e9)
    assert ARM.tier_starts_gb_seconds == (0, 7.5e9, 18.75e9)
    # the blog's discounts: 10% and 20% off the first tier
    for p in (X86, ARM):
        t1, t2, t3 = p.tier_usd_per_gb_second
        assert t2 == pytest.approx(0.9 * t1, rel=1e-4)
        assert t3 == pytest.approx(0.8 * t1, rel=1e-4)


@pytest.mark.parametrize("prices", [X86, ARM], ids=["x86_64", "arm64"])
@pytest.mark.parametrize("boundary", [1, 2])
def test_tier_boundaries_exact_and_one_past(prices, boundary):
    # rule: LAMBDA-PRICE: at exactly a tier's end everything is at the lower tiers' prices;
    # one GB-s past it is priced at the next tier.
    starts, rates = prices.tier_starts_gb_seconds, prices.tier_usd_per_gb_second
    edge = starts[boundary]
    below = sum(rates[i] * (starts[i + 1] - starts[i]) for i in range(boundary))
    at = tiered_usd(quantity=edge, tier_starts=np.array(starts), usd_per_unit=np.array(rates))
    past = tiered_usd(quantity=edge + 1, tier_starts=np.array(starts),
                      usd_per_unit=np.array(rates))
    assert at == pytest.approx(below, rel=1e-12)
    assert past - at == pytest.approx(rates[boundary], rel=1e-6)


def test_tiered_pricing_blog_example():
    # rule: LAMBDA-PRICE
    # AWS Compute Blog "Introducing tiered pricing for AWS Lambda" (Heeki Park, 2022): x86,
    # 2048 MB, 60 s average, 75 M invocations a month -> 9 B GB-s, 3 B past the 6 B tier.
    c = cost(memory_mb=2048, duration_ms=60_000, invocations_per_month=75_000_000,
             free_tier=False)
    assert c.on_demand_gb_seconds == pytest.approx(9e9)
    t1, t2, _ = X86.tier_usd_per_gb_second
    assert c.compute_usd == pytest.approx(6e9 * t1 + 3e9 * t2)


def test_free_tier_is_taken_before_the_tiers():
    # rule: LAMBDA-FREE-TIER, LAMBDA-PRICE: 6 B + 400,000 GB-s with the free tier bill 6 B
    # GB-s, all in the first tier.
    inv = (6e9 + 400_000) / 1.0  # 1 s at 1 GB each
    c = cost(memory_mb=1024, duration_ms=1000, invocations_per_month=inv)
    assert c.compute_usd == pytest.approx(6e9 * X86.tier_usd_per_gb_second[0])


# -- provisioned concurrency details ---------------------------------------------------------
def test_provisioned_hours_billed_in_5_minute_steps():
    # rule: LAMBDA-PROVISIONED: "rounded up to the nearest five minutes" (pricing page)
    base = dict(memory_mb=1024, duration_ms=100, invocations_per_month=0,
                provisioned_concurrency=1)
    one_minute = cost(**base, provisioned_hours=1 / 60)
    five = cost(**base, provisioned_hours=5 / 60)
    six = cost(**base, provisioned_hours=6 / 60)
    assert one_minute.provisioned_concurrency_gb_seconds == pytest.approx(300)
    assert five.provisioned_concurrency_gb_seconds == pytest.approx(300)
    assert six.provisioned_concurrency_gb_seconds == pytest.approx(600)


def test_provisioned_default_split_is_even_over_the_month():
    # rule: LAMBDA-PROVISIONED: 73 of 730 hours provisioned -> a tenth of the invocations
    c = cost(memory_mb=1024, duration_ms=100, invocations_per_month=1_000_000,
             provisioned_concurrency=50, provisioned_hours=73)
    assert c.provisioned_invocations == pytest.approx(100_000)
    assert c.on_demand_invocations == pytest.approx(900_000)


def test_provisioned_capacity_spills_to_on_demand():
    # rule: LAMBDA-PROVISIONED: 1 environment for 1 hour serves at most 3,600 invocations of
    # 1 s; the other 6,400 of its window run on demand ("excess ... billed at the rate
    # outlined in the AWS Lambda Pricing section", pricing page)
    c = cost(memory_mb=1024, duration_ms=1000, invocations_per_month=10_000,
             provisioned_concurrency=1, provisioned_hours=1,
             provisioned_invocations_per_month=10_000, free_tier=False)
    assert c.provisioned_invocations == pytest.approx(3_600)
    assert c.on_demand_invocations == pytest.approx(6_400)
    assert c.provisioned_window_invocations == pytest.approx(10_000)


# -- async retries -----------------------------------------------------------------------------
def test_async_retries_bill_extra_attempts():
    # rule: LAMBDA-ASYNC-RETRY: retried 2 times on error; at 10% failing attempts an event is
    # tried 1 + 0.1 + 0.01 = 1.11 times on average
    assert RULES.async_retries == 2
    assert retry_factor(failure_share=0.1, retries=RULES.async_retries) == pytest.approx(1.11)
    c = cost(memory_mb=128, duration_ms=10, invocations_per_month=10_000_000,
             async_failure_share=0.1, free_tier=False)
    assert c.invocations == pytest.approx(11_100_000)


@pytest.mark.parametrize(("share", "attempts"), [
    (0.0, 1.0),  # synchronous or error-free: one billed invocation per event
    (0.5, 1.75),  # 1 + 0.5 + 0.25
    (1.0, 3.0),  # always fails: the first attempt and both retries are billed
])
def test_async_failure_share_edges(share, attempts):
    # rule: LAMBDA-ASYNC-RETRY: "retried 2 times" (notes L2345-2347; Lambda Developer Guide,
    # asynchronous invocation: on error Lambda retries twice). 1 M events of 100 ms at
    # 1024 MB, no free tier: requests 1 M x attempts x $0.20/M; duration 100,000 x attempts
    # GB-s x $0.0000166667.
    c = cost(memory_mb=1024, duration_ms=100, invocations_per_month=1_000_000,
             async_failure_share=share, free_tier=False)
    assert c.invocations == pytest.approx(1_000_000 * attempts)
    assert c.request_usd == pytest.approx(0.20 * attempts)
    assert c.compute_usd == pytest.approx(100_000 * attempts * 0.0000166667)


# -- missing prices ----------------------------------------------------------------------------
def test_missing_ephemeral_price_only_matters_when_used():
    # rule: LAMBDA-TMP: a price the snapshot lacks is never invented
    no_tmp = dataclasses.replace(X86, ephemeral_storage_usd_per_gb_second=None)
    ok = cost(memory_mb=512, duration_ms=10, invocations_per_month=10, prices=no_tmp,
              ephemeral_storage_mb=512)
    assert ok.ephemeral_storage_usd == 0
    with pytest.raises(PriceNotFound, match="ephemeral storage"):
        cost(memory_mb=512, duration_ms=10, invocations_per_month=10, prices=no_tmp,
             ephemeral_storage_mb=1024)


# -- validation at the limits ------------------------------------------------------------------
def make(**kw):
    base = dict(region="us-east-1", memory_mb=512, duration_ms=100, invocations_per_month=1e6)
    base.update(kw)
    return _validated(LambdaCostInput, **base)


@pytest.mark.parametrize(("field", "value", "ok", "rule"), [
    ("memory_mb", 128, True, "LAMBDA-MEMORY"),  # the smallest memory
    ("memory_mb", 127, False, "LAMBDA-MEMORY"),  # one below
    ("memory_mb", 10_240, True, "LAMBDA-MEMORY"),  # the largest
    ("memory_mb", 10_241, False, "LAMBDA-MEMORY"),  # one past
    ("memory_mb", 64, False, "LAMBDA-MEMORY"),  # the bad input
    ("memory_mb", 20_000, False, "LAMBDA-MEMORY"),
    ("memory_mb", 512.5, False, "LAMBDA-MEMORY"),  # 1 MB steps
    ("duration_ms", 900_000, True, "LAMBDA-TIMEOUT"),  # exactly the 900 s timeout
    ("duration_ms", 900_001, False, "LAMBDA-TIMEOUT"),  # over it
    ("duration_ms", 0, False, "LAMBDA-TIMEOUT"),
    ("ephemeral_storage_mb", 512, True, "LAMBDA-TMP"),
    ("ephemeral_storage_mb", 511, False, "LAMBDA-TMP"),
    ("ephemeral_storage_mb", 10_240, True, "LAMBDA-TMP"),
    ("ephemeral_storage_mb", 10_241, False, "LAMBDA-TMP"),
    ("invocations_per_month", 0, True, "LAMBDA-PRICE"),
    ("invocations_per_month", -1, False, "LAMBDA-PRICE"),  # negative counts
    ("provisioned_concurrency", -1, False, "LAMBDA-PROVISIONED"),
    ("provisioned_hours", 731, False, "LAMBDA-PROVISIONED"),
    ("async_failure_share", 0.0, True, "LAMBDA-ASYNC-RETRY"),
    ("async_failure_share", 1.0, True, "LAMBDA-ASYNC-RETRY"),  # a function that always fails
    ("async_failure_share", 1.000001, False, "LAMBDA-ASYNC-RETRY"),  # just above 1
    ("async_failure_share", -0.01, False, "LAMBDA-ASYNC-RETRY"),
])
def test_limits(field, value, ok, rule):
    # rule: LAMBDA-MEMORY, LAMBDA-TIMEOUT, LAMBDA-TMP (limits.csv lambda.*)
    if ok:
        make(**{field: value})
        return
    with pytest.raises(ValidationError) as e:
        make(**{field: value})
    msg = field_errors(e.value)[field]
    assert f"[{rule}]" in msg and field in msg


def test_async_failure_share_above_one_message():
    # rule: LAMBDA-ASYNC-RETRY: the message names the field, the value and the range
    with pytest.raises(ValidationError) as e:
        make(async_failure_share=1.5)
    msg = field_errors(e.value)["async_failure_share"]
    assert "1.5" in msg and "from 0 to 1" in msg and "[LAMBDA-ASYNC-RETRY]" in msg


def test_provisioned_needs_hours():
    # rule: LAMBDA-PROVISIONED
    with pytest.raises(ValidationError) as e:
        make(provisioned_concurrency=5)
    assert "provisioned_hours" in field_errors(e.value)


# -- properties -------------------------------------------------------------------------------
memory = st.integers(RULES.memory_min_mb, RULES.memory_max_mb)
duration = st.floats(0.01, RULES.timeout_max_s * 1000)
invocations = st.floats(0, 1e11)
extras = st.fixed_dictionaries({
    "ephemeral_storage_mb": st.integers(RULES.tmp_min_mb, RULES.tmp_max_mb),
    "free_tier": st.booleans(),
    "prices": st.sampled_from([X86, ARM]),
})


@settings(max_examples=150)
@given(m=memory, m2=memory, d=duration, d2=duration, n=invocations, n2=invocations, kw=extras)
def test_cost_never_falls_as_usage_grows(m, m2, d, d2, n, n2, kw):
    # rule: LAMBDA-PRICE, LAMBDA-FREE-TIER: never negative, and not lower with more memory,
    # a longer duration or more invocations
    lo = cost(memory_mb=min(m, m2), duration_ms=min(d, d2), invocations_per_month=min(n, n2),
              **kw)
    hi_m = cost(memory_mb=max(m, m2), duration_ms=min(d, d2), invocations_per_month=min(n, n2),
                **kw)
    hi_d = cost(memory_mb=min(m, m2), duration_ms=max(d, d2), invocations_per_month=min(n, n2),
                **kw)
    hi_n = cost(memory_mb=min(m, m2), duration_ms=min(d, d2), invocations_per_month=max(n, n2),
                **kw)
    assert lo.total_usd_per_month >= 0
    for hi in (hi_m, hi_d, hi_n):
        assert hi.total_usd_per_month >= lo.total_usd_per_month * (1 - 1e-12)


@settings(max_examples=60)
@given(m=memory, d=duration, n=st.floats(0, 1e9), pc=st.integers(1, 3000),
       hours=st.floats(0.01, 730), more=st.floats(0, 1e9))
def test_cost_with_provisioned_never_falls_with_invocations(m, d, n, pc, hours, more):
    # rule: LAMBDA-PROVISIONED
    kw = dict(memory_mb=m, duration_ms=d, provisioned_concurrency=pc, provisioned_hours=hours)
    a = cost(invocations_per_month=n, **kw).total_usd_per_month
    b = cost(invocations_per_month=n + more, **kw).total_usd_per_month
    assert b >= a * (1 - 1e-12) and a > 0


@settings(max_examples=60)
@given(ms=st.lists(memory, min_size=1, max_size=20), d=duration, n=invocations, kw=extras)
def test_scalar_equals_vector(ms, d, n, kw):
    # one vectorised call gives what one call per point gives
    vec = cost(memory_mb=np.array(ms, dtype=float), duration_ms=d, invocations_per_month=n,
               **kw)
    for i, m in enumerate(ms):
        one = cost(memory_mb=m, duration_ms=d, invocations_per_month=n, **kw)
        assert vec.total_usd_per_month[i] == one.total_usd_per_month
        assert isinstance(one.total_usd_per_month, float)


@pytest.mark.parametrize("prices", [X86, ARM], ids=["x86_64", "arm64"])
def test_continuous_at_tier_breaks(prices):
    # rule: LAMBDA-PRICE: no jump at a tier boundary
    starts = np.array(prices.tier_starts_gb_seconds)
    rates = np.array(prices.tier_usd_per_gb_second)
    for edge in starts[1:]:
        left = tiered_usd(quantity=edge - 1e-3, tier_starts=starts, usd_per_unit=rates)
        right = tiered_usd(quantity=edge + 1e-3, tier_starts=starts, usd_per_unit=rates)
        assert right - left == pytest.approx(0, abs=1e-6)
