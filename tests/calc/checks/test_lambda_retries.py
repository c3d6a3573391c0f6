"""Lambda asynchronous retries (calc.checks.lambda_retries): worked examples and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.checks import lambda_retries as lr
from tests.support.catalogs import bundled_catalog

CATALOG = bundled_catalog()
ASYNC = lr.AsyncRetryRule.from_limits(CATALOG.limits)
FAST = settings(max_examples=100)


def test_async_retry_timeline_worked_example() -> None:
    # rule: LAMBDA-ASYNC-RETRY. Notes L2345-2347: 2 retries, 1 minute after the 1st failure and
    # 2 minutes after the 2nd; Lambda Developer Guide invocation-async-error-handling (read
    # 2026-11-26) says the same. A 2 s function: attempts at 0 s, 62 s and 184 s.
    t = lr.lambda_async_retry_timeline(duration_s=2, error_rate=0.1, rule=ASYNC)
    assert t["start_s"].tolist() == [0, 62, 184]
    assert t["end_s"].tolist() == [2, 64, 186]
    assert t["probability_run"].tolist() == pytest.approx([1, 0.1, 0.01])


def test_expected_invocations_and_losses() -> None:
    # rule: LAMBDA-ASYNC-RETRY. 10% errors: 1 + 0.1 + 0.01 = 1.11 runs per event; 0.1^3 of the
    # events fail all three attempts.
    assert lr.lambda_expected_invocations(error_rate=0.1, retries=ASYNC.retries) == \
        pytest.approx(1.11)
    assert lr.lambda_event_loss_probability(error_rate=0.1, retries=ASYNC.retries) == \
        pytest.approx(0.001)


@FAST
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_expected_invocations_properties(rates: list[float]) -> None:
    # rule: LAMBDA-ASYNC-RETRY. Between 1 and 3 runs per event, never fewer as errors grow;
    # scalar and vector agree.
    p = np.sort(np.array(rates))
    vec = lr.lambda_expected_invocations(error_rate=p, retries=ASYNC.retries)
    assert ((vec >= 1) & (vec <= ASYNC.retries + 1 + 1e-12)).all()
    assert (np.diff(vec) >= -1e-12).all()
    loss = lr.lambda_event_loss_probability(error_rate=p, retries=ASYNC.retries)
    assert ((loss >= 0) & (loss <= 1)).all()
    for i, r in enumerate(p):
        assert lr.lambda_expected_invocations(error_rate=float(r), retries=ASYNC.retries) == \
            pytest.approx(vec[i])


def test_throttle_retry_schedule_worked_example() -> None:
    # rule: LAMBDA-CONCURRENCY. Notes L2460-2461: throttled events retried for up to 6 h, the
    # interval growing from 1 s to 5 min. With doubling (an assumption: AWS gives no factor):
    # 1, 2, ..., 256 s (9 retries, 511 s), then every 300 s: (21,600 - 511) // 300 = 70 more.
    s = lr.lambda_throttle_retry_schedule(rule=ASYNC)
    assert s["interval_s"].iloc[:10].tolist() == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert len(s) == 79
    assert s["at_s"].iloc[-1] <= 6 * 3600


@FAST
@given(factor=st.floats(1.1, 10))
def test_throttle_schedule_properties(factor: float) -> None:
    # rule: LAMBDA-CONCURRENCY. Intervals within 1 s..5 min, never shrinking, last retry within
    # the 6 h event age, whatever growth factor.
    s = lr.lambda_throttle_retry_schedule(rule=ASYNC, backoff_factor=factor)
    iv = s["interval_s"].to_numpy()
    assert iv.min() >= ASYNC.throttle_min_interval_s
    assert iv.max() <= ASYNC.throttle_max_interval_s
    assert (np.diff(iv) >= 0).all()
    assert s["at_s"].iloc[-1] <= ASYNC.max_event_age_s
    assert s["at_s"].to_numpy() == pytest.approx(np.cumsum(iv))
