"""What the Lambda tests compute with: the bundled snapshot as a named catalog (never "whatever
is active"), models validated with it, and AWS's published prices as literal LambdaPrices."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from calc.context import validate
from calc.lambda_.limits import LambdaRules, lambda_rules
from calc.lambda_.prices import LambdaPrices
from tests.support.catalogs import bundled_catalog

M = TypeVar("M", bound=BaseModel)

CATALOG = bundled_catalog()
RULES = lambda_rules(catalog=CATALOG)  # limits, not prices: RULES.md's figures (AWS today)
# The same figures as the notes give them (LAMBDA-MEMORY: one vCPU at 1,792 MB, L2414).
NOTES_RULES = LambdaRules.from_limits(CATALOG.limits, "notes")


def make(model: type[M], **data: Any) -> M:
    """``model`` validated from ``data`` with the bundled catalog."""
    return validate(model, data, catalog=CATALOG)


# AWS Lambda pricing page, https://aws.amazon.com/lambda/pricing/ (read 2026-11-26), US East
# (N. Virginia). rule: LAMBDA-PRICE - requests $0.20 per 1 M; duration per GB-s in three
# monthly tiers (x86: first 6 B GB-s, next 9 B, over 15 B; Arm: first 7.5 B, next 11.25 B,
# over 18.75 B). rule: LAMBDA-TMP - ephemeral storage $0.0000000309 per GB-s. rule:
# LAMBDA-PROVISIONED - provisioned concurrency and its duration per GB-s.
X86 = LambdaPrices(
    region="us-east-1", architecture="x86_64", usd_per_request=0.0000002,
    tier_starts_gb_seconds=(0.0, 6e9, 15e9),
    tier_usd_per_gb_second=(0.0000166667, 0.0000150000, 0.0000133334),
    ephemeral_storage_usd_per_gb_second=0.0000000309,
    provisioned_concurrency_usd_per_gb_second=0.0000041667,
    provisioned_duration_usd_per_gb_second=0.0000097222, as_of="AWS pricing page")
ARM = LambdaPrices(
    region="us-east-1", architecture="arm64", usd_per_request=0.0000002,
    tier_starts_gb_seconds=(0.0, 7.5e9, 18.75e9),
    tier_usd_per_gb_second=(0.0000133334, 0.0000120001, 0.0000106667),
    ephemeral_storage_usd_per_gb_second=0.0000000309,
    provisioned_concurrency_usd_per_gb_second=0.0000033334,
    provisioned_duration_usd_per_gb_second=0.0000077778, as_of="AWS pricing page")
# Amazon EC2 On-Demand pricing page, Linux, US East (N. Virginia): m5.large $0.096 per hour.
M5_LARGE_USD_PER_HOUR = 0.096
