"""Lambda asynchronous invocation: retries after errors, lost events, and the retries of a
throttled event until it is dropped.

The figures come from ``pricing_data/limits.csv`` through :meth:`AsyncRetryRule.from_limits`.
Rules: LAMBDA-ASYNC-RETRY, LAMBDA-CONCURRENCY.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from calc.fields import Basis
from calc.pricing import Limits
from calc.units import T

# AWS says the throttled-event retry interval "increases exponentially" from 1 s to 5 min but
# gives no factor; doubling is this calculator's assumption, stated in every output.
ASSUMED_THROTTLE_BACKOFF_FACTOR = 2.0


@dataclass(frozen=True)
class AsyncRetryRule:
    """Lambda asynchronous retry figures (rules LAMBDA-ASYNC-RETRY, LAMBDA-CONCURRENCY)."""

    retries: int  # retries after a function error
    retry_delays_s: tuple[float, ...]  # wait before each retry
    max_event_age_s: float  # throttled events kept this long
    throttle_min_interval_s: float
    throttle_max_interval_s: float

    @classmethod
    def from_limits(cls, limits: Limits, basis: Basis = "aws_today") -> AsyncRetryRule:
        v = limits.value
        return cls(int(v("lambda.async.retries", basis)),
                   (v("lambda.async.first_retry_delay_s", basis),
                    v("lambda.async.second_retry_delay_s", basis)),
                   v("lambda.async.max_event_age_s", basis),
                   v("lambda.async.throttle_retry_min_interval_s", basis),
                   v("lambda.async.throttle_retry_max_interval_s", basis))


def lambda_expected_invocations(*, error_rate: T, retries: int) -> T:
    """Expected invocations per asynchronous event when each attempt fails with ``error_rate``.

    Notes
    -----
    Attempts are independent: 1 + p + p^2 + ... + p^retries. Rule: LAMBDA-ASYNC-RETRY.
    """
    p = np.asarray(error_rate, dtype=float)
    out = sum(p**k for k in range(retries + 1))
    out = np.asarray(out, dtype=float)
    return out if out.ndim else float(out)  # type: ignore[return-value]


def lambda_event_loss_probability(*, error_rate: T, retries: int) -> T:
    """Probability that an event fails every attempt (then dropped, or sent to the DLQ).

    Notes
    -----
    p^(retries + 1). Rule: LAMBDA-ASYNC-RETRY.
    """
    p = np.asarray(error_rate, dtype=float)
    out = p ** (retries + 1)
    return out if out.ndim else float(out)  # type: ignore[return-value]


def lambda_async_retry_timeline(*, duration_s: float, error_rate: float,
                                rule: AsyncRetryRule) -> pd.DataFrame:
    """When each attempt of a failing asynchronous event runs.

    Parameters
    ----------
    duration_s : float
        Run time of one attempt [s] (a timed-out attempt runs until the timeout).
    error_rate : float
        Probability that an attempt fails [0-1].
    rule : AsyncRetryRule
        Retries and their delays (from limits.csv).

    Returns
    -------
    DataFrame
        One row per attempt: ``attempt``, ``wait_before_s``, ``start_s``, ``end_s`` (seconds
        after the event arrived, if every earlier attempt failed) and ``probability_run``.

    Notes
    -----
    After an error Lambda retries 2 times, waiting 1 minute after the first failure and 2
    minutes after the second (notes L2345-2347). Rule: LAMBDA-ASYNC-RETRY.
    """
    rows = []
    start = 0.0
    for attempt in range(rule.retries + 1):
        wait = 0.0 if attempt == 0 else rule.retry_delays_s[attempt - 1]
        start += wait
        rows.append({"attempt": attempt + 1, "wait_before_s": wait, "start_s": start,
                     "end_s": start + duration_s, "probability_run": error_rate**attempt})
        start += duration_s
    return pd.DataFrame(rows)


def lambda_throttle_retry_schedule(*, rule: AsyncRetryRule,
                                   backoff_factor: float = ASSUMED_THROTTLE_BACKOFF_FACTOR
                                   ) -> pd.DataFrame:
    """Retries of a throttled asynchronous event until it is dropped.

    Returns
    -------
    DataFrame
        One row per retry: ``retry``, ``interval_s`` (wait before it) and ``at_s`` (seconds
        after the event arrived), up to the maximum event age.

    Notes
    -----
    Throttled (429) and system (5xx) errors are retried for up to 6 hours, the interval
    growing exponentially from 1 s to at most 5 minutes (notes L2460-2461). AWS gives no growth
    factor: ``backoff_factor`` (default doubling) is an assumption. Rule: LAMBDA-CONCURRENCY.
    """
    if backoff_factor <= 1:
        raise ValueError("backoff_factor must be > 1")
    rows: list[dict[str, float]] = []
    interval, at = rule.throttle_min_interval_s, 0.0
    while at + interval <= rule.max_event_age_s:
        at += interval
        rows.append({"retry": len(rows) + 1, "interval_s": interval, "at_s": at})
        interval = min(interval * backoff_factor, rule.throttle_max_interval_s)
    return pd.DataFrame(rows, columns=["retry", "interval_s", "at_s"])
