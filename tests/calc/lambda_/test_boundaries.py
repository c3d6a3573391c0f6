"""Lambda model limits at their boundaries (issue 13, docs/accuracy.md): memory, timeout,
/tmp and concurrency, exactly at each limit and one step past it, with the defaults.

The free tier, provisioned concurrency and async retries are tested by the Lambda helper's
files (tests/calc/lambda_/test_cost.py and others); this file covers LAMBDA-MEMORY,
LAMBDA-TIMEOUT, LAMBDA-TMP and LAMBDA-CONCURRENCY. Prices are AWS's published us-east-1 prices
(tests/calc/lambda_/support.py: Lambda pricing page).
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from calc.errors import InputError
from calc.lambda_.cost import monthly_cost
from calc.lambda_.models import LambdaConcurrencyInput, LambdaCostInput
from calc.lambda_.sweep import vcpus_for_memory
from tests.calc.lambda_.support import NOTES_RULES, RULES, X86, make


def _refused(model: type[Any], rule_id: str, **data: Any) -> None:
    """``data`` is refused with a message naming ``rule_id``."""
    with pytest.raises((InputError, ValidationError)) as e:
        make(model, **data)
    assert rule_id in str(e.value), str(e.value)


BASE = {"memory_mb": 128, "duration_ms": 100, "invocations_per_month": 0}


# -- LAMBDA-MEMORY ---------------------------------------------------------------------------
# AWS Lambda Developer Guide, "Configure Lambda function memory": 128 MB to 10,240 MB in 1-MB
# increments; "At 1,769 MB, a function has the equivalent of one vCPU (one vCPU-second of
# credits per second)" (the notes, L2414, say 1,792 MB: the notes basis, see docs/accuracy.md);
# up to 6 vCPUs at 10,240 MB.
@pytest.mark.parametrize(("mb", "ok"), [
    (128, True), (127, False), (10_240, True), (10_241, False), (128.5, False), (129, True)])
def test_memory_range_and_step(mb: float, ok: bool) -> None:
    # rule: LAMBDA-MEMORY
    data = {**BASE, "memory_mb": mb}
    if ok:
        assert make(LambdaCostInput, **data).memory_mb == mb
    else:
        _refused(LambdaCostInput, "LAMBDA-MEMORY", **data)


# 128 MB: 128 / 1,769 = 0.0724 vCPU; 1,769 MB: one; 10,240 MB: six (Lambda Developer Guide).
@pytest.mark.parametrize(("mb", "vcpus"), [(128, 128 / 1_769), (1_769, 1.0), (10_240, 6.0)])
def test_vcpus_at_the_memory_edges(mb: float, vcpus: float) -> None:
    # rule: LAMBDA-MEMORY. One vCPU at AWS's 1,769 MB, 6 at the largest size.
    assert vcpus_for_memory(memory_mb=mb, rules=RULES) == pytest.approx(vcpus)


def test_one_vcpu_at_1769_mb_aws_today() -> None:
    # rule: LAMBDA-MEMORY. Lambda Developer Guide, "Configure Lambda function memory": "At
    # 1,769 MB, a function has the equivalent of one vCPU". One MB less is less than one vCPU
    # (1,768 / 1,769), one MB more is more (1 + 5 / 8,471, the line to 6 vCPUs at 10,240 MB).
    assert RULES.one_vcpu_memory_mb == 1_769
    assert vcpus_for_memory(memory_mb=1_769, rules=RULES) == pytest.approx(1.0)
    assert vcpus_for_memory(memory_mb=1_768, rules=RULES) == pytest.approx(1_768 / 1_769)
    assert vcpus_for_memory(memory_mb=1_770, rules=RULES) == pytest.approx(1 + 5 / 8_471)


@pytest.mark.parametrize(("mb", "vcpus"), [(128, 128 / 1_792), (1_792, 1.0), (10_240, 6.0)])
def test_vcpus_at_the_memory_edges_notes_basis(mb: float, vcpus: float) -> None:
    # rule: LAMBDA-MEMORY. The notes basis (L2414: "at 1792 MB a function has the equivalent
    # of one full VCPU"): 128 / 1,792 = 0.0714 vCPU at 128 MB, one at 1,792, six at 10,240.
    assert NOTES_RULES.one_vcpu_memory_mb == 1_792
    assert vcpus_for_memory(memory_mb=mb, rules=NOTES_RULES) == pytest.approx(vcpus)


# -- LAMBDA-TIMEOUT --------------------------------------------------------------------------
# AWS Lambda Developer Guide, "Configure Lambda function timeout": default 3 seconds, maximum
# 900 seconds (15 minutes).
@pytest.mark.parametrize(("ms", "ok"), [
    (900_000, True), (900_000.001, False), (0, False), (0.001, True)])
def test_duration_at_most_the_900_s_timeout(ms: float, ok: bool) -> None:
    # rule: LAMBDA-TIMEOUT
    data = {**BASE, "duration_ms": ms}
    if ok:
        assert make(LambdaCostInput, **data).duration_ms == ms
    else:
        _refused(LambdaCostInput, "LAMBDA-TIMEOUT", **data)


def test_default_timeout_is_3_s() -> None:
    # rule: LAMBDA-TIMEOUT
    assert RULES.timeout_default_s == 3 and RULES.timeout_max_s == 900


# -- LAMBDA-TMP ------------------------------------------------------------------------------
# AWS Lambda Developer Guide, "Configure ephemeral storage": 512 MB (default) to 10,240 MB in
# 1-MB increments; Lambda pricing page: storage above the included 512 MB costs $0.0000000309
# per GB-second (us-east-1).
@pytest.mark.parametrize(("mb", "ok"), [
    (None, True), (512, True), (511, False), (10_240, True), (10_241, False), (600.5, False)])
def test_tmp_range(mb: float | None, ok: bool) -> None:
    # rule: LAMBDA-TMP
    data = {**BASE, "ephemeral_storage_mb": mb}
    if ok:
        assert make(LambdaCostInput, **data).ephemeral_storage_mb == mb
    else:
        _refused(LambdaCostInput, "LAMBDA-TMP", **data)


@pytest.mark.parametrize(("tmp_mb", "gb_s"), [(None, 0.0), (512, 0.0), (10_240, 9.5e6)])
def test_tmp_billed_above_512_mb(tmp_mb: float | None, gb_s: float) -> None:
    # rule: LAMBDA-TMP. 1,000,000 invocations of 1 s: at 10,240 MB /tmp, (10,240 - 512) / 1,024
    # = 9.5 GB x 1,000,000 s = 9,500,000 GB-s x $0.0000000309 = $0.29355. At 512 MB: nothing.
    cost = monthly_cost(memory_mb=128, duration_ms=1_000, invocations_per_month=1_000_000,
                        prices=X86, rules=RULES, ephemeral_storage_mb=tmp_mb)
    assert cost.ephemeral_storage_gb_seconds == pytest.approx(gb_s)
    assert cost.ephemeral_storage_usd == pytest.approx(gb_s * 0.0000000309)


# -- LAMBDA-CONCURRENCY ----------------------------------------------------------------------
# AWS Lambda Developer Guide, "Lambda quotas": 1,000 concurrent executions per Region by
# default; "Configuring reserved concurrency": Lambda keeps at least 100 unreserved, so a
# function can reserve at most the limit minus 100.
CONC = {"requests_per_second": 10, "duration_ms": 100}


def test_regional_default_1000() -> None:
    # rule: LAMBDA-CONCURRENCY
    assert RULES.regional_concurrency == 1_000 and RULES.unreserved_concurrency_min == 100


@pytest.mark.parametrize(("limit", "reserved", "ok"), [
    (None, 900, True), (None, 901, False), (5_000, 4_900, True), (5_000, 4_901, False),
    (None, 0, True)])
def test_reserved_concurrency_leaves_100_unreserved(limit: int | None, reserved: int,
                                                    ok: bool) -> None:
    # rule: LAMBDA-CONCURRENCY. Reserved 0 is allowed (it throttles every call).
    data = {**CONC, "regional_limit": limit, "reserved_concurrency": reserved}
    if ok:
        assert make(LambdaConcurrencyInput, **data).reserved_concurrency == reserved
    else:
        _refused(LambdaConcurrencyInput, "LAMBDA-CONCURRENCY", **data)


def test_regional_limit_at_least_1() -> None:
    # rule: LAMBDA-CONCURRENCY
    with pytest.raises(ValidationError):
        make(LambdaConcurrencyInput, **CONC, regional_limit=0)
