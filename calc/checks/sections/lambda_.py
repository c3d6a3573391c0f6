"""Lambda plan section: asynchronous invocation (timeout, retries, failed events, throttling).
Rules: LAMBDA-TIMEOUT, LAMBDA-ASYNC-RETRY, LAMBDA-CONCURRENCY.
"""

from __future__ import annotations

from calc.checks.findings import CheckContext, Findings
from calc.checks.lambda_retries import (
    ASSUMED_THROTTLE_BACKOFF_FACTOR,
    AsyncRetryRule,
    lambda_async_retry_timeline,
    lambda_event_loss_probability,
    lambda_expected_invocations,
    lambda_throttle_retry_schedule,
)
from calc.checks.messages import num
from calc.checks.models import LambdaAsyncPlan
from calc.checks.registry import section_check
from calc.checks.results import SectionChecks
from calc.units import SECONDS_PER_HOUR, SECONDS_PER_MINUTE


@section_check("lambda_async")
def lambda_async(p: LambdaAsyncPlan, ctx: CheckContext) -> SectionChecks:
    """Asynchronous Lambda. Rules: LAMBDA-TIMEOUT (L2418), LAMBDA-ASYNC-RETRY
    (L2345-2347), LAMBDA-CONCURRENCY (throttled events, L2460-2461)."""
    s = "lambda_async"
    out = Findings(s, ctx)
    max_t = ctx.value("lambda.timeout.max_s")
    if p.timeout_s > max_t:
        out.add("timeout", "fail",
                f"timeout {num(p.timeout_s)} s: at most {num(max_t)} s",
                f"set at most {num(max_t)} s; split longer work (e.g. Step Functions)",
                key="lambda.timeout.max_s")
    elif p.duration_s >= p.timeout_s:
        fix = (f"raise the timeout above {num(p.duration_s)} s" if p.duration_s < max_t else
               f"the work takes longer than the {num(max_t)} s maximum: split it")
        out.add("timeout", "fail",
                f"a {num(p.duration_s)} s run with a {num(p.timeout_s)} s timeout times out "
                f"every time (an error, so it is retried)", fix, key="lambda.timeout.max_s")
    else:
        out.add("timeout", "pass",
                f"{num(p.duration_s)} s run within a {num(p.timeout_s)} s timeout "
                f"(at most {num(max_t)} s)", key="lambda.timeout.max_s")

    rule = AsyncRetryRule.from_limits(ctx.limits, ctx.basis)
    e = p.error_rate
    invocations = lambda_expected_invocations(error_rate=e, retries=rule.retries)
    loss = lambda_event_loss_probability(error_rate=e, retries=rule.retries)
    delays = " and ".join(f"{num(d / SECONDS_PER_MINUTE)} min" for d in rule.retry_delays_s)
    attempts = rule.retries + 1
    if e > 0 and not p.idempotent:
        out.add("retries", "warn",
                f"{num(e * 100)}% errors: {num(invocations, 4)} invocations per event; a "
                f"failed event runs up to {attempts} times (retries after {delays})",
                "make the handler idempotent: retries repeat its side effects",
                key="lambda.async.retries")
    else:
        out.add("retries", "pass",
                f"{num(e * 100)}% errors: {num(invocations, 4)} invocations per event "
                f"(retries after {delays})", key="lambda.async.retries")
    if e > 0 and not p.failure_destination:
        per_day = ("" if p.events_per_day is None else
                   f", {num(loss * p.events_per_day, 3)} events per day")
        out.add("failed events", "warn",
                f"{num(loss * 100, 6)}% of events fail all {attempts} attempts and are "
                f"discarded{per_day}",
                "configure a dead-letter queue (SQS/SNS) or an on-failure destination",
                key="lambda.async.retries")
    else:
        where = "kept in the failure destination" if p.failure_destination else "none"
        out.add("failed events", "pass",
                f"events failing all {attempts} attempts: {where}",
                key="lambda.async.retries")

    max_age_h = rule.max_event_age_s / SECONDS_PER_HOUR
    schedule = lambda_throttle_retry_schedule(rule=rule)
    if p.throttled_for_h > max_age_h:
        out.add("throttling", "fail",
                f"throttled for {num(p.throttled_for_h)} h: events waiting more than "
                f"{num(max_age_h)} h are dropped",
                "reserve concurrency for the function or ask AWS for a higher concurrency "
                "limit, and add a dead-letter queue", key="lambda.async.max_event_age_s")
    else:
        out.add("throttling", "pass",
                f"throttled for {num(p.throttled_for_h)} h: events are retried for up to "
                f"{num(max_age_h)} h ({len(schedule)} retries, interval "
                f"{num(rule.throttle_min_interval_s)} s growing to "
                f"{num(rule.throttle_max_interval_s / SECONDS_PER_MINUTE)} min)",
                key="lambda.async.max_event_age_s")
    out.calculations["lambda_async"] = {
        "expected_invocations_per_event": invocations,
        "event_loss_probability": loss,
        "retry_timeline": lambda_async_retry_timeline(
            duration_s=min(p.duration_s, p.timeout_s), error_rate=e, rule=rule),
        "throttle_retries": len(schedule),
        "throttle_backoff_factor_assumed": ASSUMED_THROTTLE_BACKOFF_FACTOR,
    }
    return out.done()
