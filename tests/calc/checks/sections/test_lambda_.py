"""The Lambda plan section (calc.checks.sections.lambda_): timeout, retries, throttling.

Exactly at each limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from; each calls the section's
registered check (tests/calc/checks/support.py).
"""

from __future__ import annotations

import pytest

from calc.units import SECONDS_PER_HOUR
from tests.calc.checks.support import assert_result, check, status


# -- LAMBDA-TIMEOUT, LAMBDA-ASYNC-RETRY, LAMBDA-CONCURRENCY -----------------------------------
@pytest.mark.parametrize(("timeout_s", "expected"), [(900, "pass"), (901, "fail")])
def test_lambda_timeout_at_most_900_s(timeout_s: float, expected: str) -> None:
    # rule: LAMBDA-TIMEOUT. Notes L2418: "maximum of 900 sec (15minutes)".
    got = check("lambda_async", duration_s=10, timeout_s=timeout_s)
    r = assert_result(got, "timeout", expected, "LAMBDA-TIMEOUT")
    assert r["notes_line"] == "L2418"


@pytest.mark.parametrize(("duration_s", "expected"), [(3, "fail"), (2.999, "pass")])
def test_lambda_run_must_finish_within_the_timeout(duration_s: float,
                                                   expected: str) -> None:
    # rule: LAMBDA-TIMEOUT. Notes L2418: default timeout 3 s; a 3 s run times out.
    got = check("lambda_async", duration_s=duration_s, timeout_s=3)
    assert_result(got, "timeout", expected, "LAMBDA-TIMEOUT")


@pytest.mark.parametrize(("error_rate", "idempotent", "expected"),
                         [(0.0, False, "pass"), (0.01, False, "warn"), (0.01, True, "pass")])
def test_lambda_retries_need_idempotency(error_rate: float, idempotent: bool,
                                         expected: str) -> None:
    # rule: LAMBDA-ASYNC-RETRY. Notes L2345-2348: retried 2 times (after 1 and 2 minutes);
    # the function should be idempotent.
    got = check("lambda_async", duration_s=1, timeout_s=3, error_rate=error_rate,
                idempotent=idempotent, failure_destination=True)
    r = assert_result(got, "retries", expected, "LAMBDA-ASYNC-RETRY")
    assert "1 min and 2 min" in r["message"]


def test_lambda_failed_events_without_a_destination() -> None:
    # rule: LAMBDA-ASYNC-RETRY. Notes L2345, L2350: after 3 failed attempts the event is lost
    # unless a DLQ is set. 10% errors: 0.1^3 = 0.1% of 1,000 events a day = 1 event.
    got = check("lambda_async", duration_s=1, timeout_s=3, error_rate=0.1,
                events_per_day=1000)
    r = assert_result(got, "failed events", "warn", "LAMBDA-ASYNC-RETRY")
    assert "0.1% of events" in r["message"] and "1 events per day" in r["message"]
    got = check("lambda_async", duration_s=1, timeout_s=3, error_rate=0.1,
                failure_destination=True)
    assert status(got, "failed events") == "pass"


@pytest.mark.parametrize(("hours", "expected"), [(6, "pass"), (6 + 1 / SECONDS_PER_HOUR, "fail")])
def test_throttled_events_kept_6_hours(hours: float, expected: str) -> None:
    # rule: LAMBDA-CONCURRENCY. Notes L2460: throttled async events retried "for up to 6h".
    got = check("lambda_async", duration_s=1, timeout_s=3, throttled_for_h=hours)
    r = assert_result(got, "throttling", expected, "LAMBDA-CONCURRENCY")
    assert r["notes_line"] == "L2460"
