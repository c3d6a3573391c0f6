"""The Lambda limits of RULES.md as plain values, read once from the catalog's limits.

Formulas in :mod:`calc.lambda_` never look anything up: they take a :class:`LambdaRules`
(the RULES.md figures from ``pricing_data/limits.csv``). :func:`lambda_rules` is the only place
that reads them, from the catalog it is handed.

The ``lambda.price.*`` rows of ``limits.csv`` are deliberately not used: the notes' duration
price there is a typo (10x too low) and prices come from the catalog's Lambda table
(:mod:`calc.lambda_.prices`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from calc.fields import Basis
from calc.pricing import Catalog, Limits


@dataclass(frozen=True)
class LambdaRules:
    """The Lambda figures of RULES.md, each from one ``limits.csv`` row (AWS today's value
    unless :meth:`from_limits` is given the notes basis).

    Attributes are named with their unit. See :func:`lambda_rules` for the keys. The one
    figure where the bases differ is ``one_vcpu_memory_mb`` (LAMBDA-MEMORY): 1,769 MB today
    (Lambda Developer Guide, "Configure Lambda function memory": "At 1,769 MB, a function has
    the equivalent of one vCPU"), 1,792 MB in the notes (L2414).
    """

    memory_min_mb: int  # LAMBDA-MEMORY
    memory_max_mb: int  # LAMBDA-MEMORY
    memory_step_mb: int  # LAMBDA-MEMORY
    one_vcpu_memory_mb: int  # LAMBDA-MEMORY: one full vCPU at this memory
    max_vcpus: float  # LAMBDA-MEMORY: vCPUs at the largest memory size
    timeout_default_s: float  # LAMBDA-TIMEOUT
    timeout_max_s: float  # LAMBDA-TIMEOUT
    tmp_min_mb: int  # LAMBDA-TMP
    tmp_max_mb: int  # LAMBDA-TMP
    tmp_included_mb: int  # LAMBDA-TMP: /tmp included at no charge
    free_requests_per_month: float  # LAMBDA-FREE-TIER
    free_gb_seconds_per_month: float  # LAMBDA-FREE-TIER
    billing_increment_ms: float  # LAMBDA-PRICE
    regional_concurrency: int  # LAMBDA-CONCURRENCY: default per Region
    unreserved_concurrency_min: int  # LAMBDA-CONCURRENCY: must stay unreserved
    throttle_status_code: int  # LAMBDA-CONCURRENCY
    async_max_event_age_s: float  # LAMBDA-CONCURRENCY: throttled async events retried this long
    async_retries: int  # LAMBDA-ASYNC-RETRY
    provisioned_billing_increment_s: float  # LAMBDA-PROVISIONED

    @classmethod
    def from_limits(cls, limits: Limits, basis: Basis = "aws_today") -> LambdaRules:
        """The rules under ``basis``; the Lambda commands use AWS today's figures."""
        def v(key: str) -> float:
            return limits.value(key, basis)
        return cls(
            memory_min_mb=int(v("lambda.memory.min_mb")),
            memory_max_mb=int(v("lambda.memory.max_mb")),
            memory_step_mb=int(v("lambda.memory.step_mb")),
            one_vcpu_memory_mb=int(v("lambda.memory.one_vcpu_mb")),
            max_vcpus=v("lambda.memory.max_vcpus"),
            timeout_default_s=v("lambda.timeout.default_s"),
            timeout_max_s=v("lambda.timeout.max_s"),
            tmp_min_mb=int(v("lambda.tmp.min_mb")),
            tmp_max_mb=int(v("lambda.tmp.max_mb")),
            tmp_included_mb=int(v("lambda.tmp.included_mb")),
            free_requests_per_month=v("lambda.free_tier.requests"),
            free_gb_seconds_per_month=v("lambda.free_tier.gb_seconds"),
            billing_increment_ms=v("lambda.billing.increment_ms"),
            regional_concurrency=int(v("lambda.concurrency.regional_default")),
            unreserved_concurrency_min=int(v("lambda.concurrency.unreserved_min")),
            throttle_status_code=int(v("lambda.concurrency.throttle_status_code")),
            async_max_event_age_s=v("lambda.async.max_event_age_s"),
            async_retries=int(v("lambda.async.retries")),
            provisioned_billing_increment_s=v("lambda.provisioned.billing_increment_s"),
        )


@lru_cache(maxsize=8)
def _rules_for(catalog: Catalog) -> LambdaRules:
    return LambdaRules.from_limits(catalog.limits)


def lambda_rules(*, catalog: Catalog) -> LambdaRules:
    """The Lambda rules of ``catalog``, cached per catalog."""
    return _rules_for(catalog)
