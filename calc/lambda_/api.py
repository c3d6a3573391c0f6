"""Entry points for the CLI and the GUI: validated input -> prices and rules -> formulas.

Each function takes a model from :mod:`calc.lambda_.models`, looks up the prices and
limits once (the formulas never do) and returns the result with the DataFrame the GUI shows
and the CLI prints.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from calc.errors import InputError
from calc.lambda_ import concurrency as conc
from calc.lambda_.cost import LambdaCost, cost_table, monthly_cost
from calc.lambda_.models import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
)
from calc.lambda_.rules import LambdaPrices, lambda_prices, lambda_rules
from calc.lambda_.sweep import (
    SweepResult,
    interpolated_duration_ms,
    memory_sweep,
    modelled_duration_ms,
    sweep_memory_sizes,
)
from calc.lambda_.vs_ec2 import VsEc2Result, compare
from calc.pricing.catalog import Catalog
from calc.units import SECONDS_PER_HOUR


@dataclass(frozen=True)
class CostResult:
    """A monthly Lambda cost with its prices and the breakdown table."""

    inputs: LambdaCostInput
    prices: LambdaPrices
    cost: LambdaCost
    table: pd.DataFrame
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The CLI's JSON object: the issue's keys first, then the details."""
        c = self.cost
        return {
            "total_usd_per_month": c.total_usd_per_month, "request_usd": c.request_usd,
            "compute_usd": c.compute_usd, "ephemeral_storage_usd": c.ephemeral_storage_usd,
            "provisioned_concurrency_usd": c.provisioned_concurrency_usd,
            "billable_gb_seconds": c.billable_gb_seconds,
            "billable_requests": c.billable_requests, "as_of": self.prices.as_of,
            "region": self.inputs.region, "architecture": self.inputs.architecture,
            "source": self.prices.source_url,
            **{k: v for k, v in c.as_dict().items()
               if k not in ("total_usd_per_month", "request_usd", "compute_usd",
                            "ephemeral_storage_usd", "provisioned_concurrency_usd",
                            "billable_gb_seconds", "billable_requests")},
            "charges": self.table,
        }


def estimate_cost(inp: LambdaCostInput, catalog: Catalog | None = None) -> CostResult:
    """Monthly cost of one function (issue 5 part 1). Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER,
    LAMBDA-TMP, LAMBDA-PROVISIONED, LAMBDA-ASYNC-RETRY."""
    rules = lambda_rules(catalog)
    prices = lambda_prices(inp.region, inp.architecture, catalog)
    cost = monthly_cost(
        memory_mb=inp.memory_mb, duration_ms=inp.duration_ms,
        invocations_per_month=inp.invocations_per_month, prices=prices, rules=rules,
        ephemeral_storage_mb=inp.ephemeral_storage_mb, free_tier=inp.free_tier,
        provisioned_concurrency=inp.provisioned_concurrency,
        provisioned_hours=inp.provisioned_hours,
        provisioned_invocations_per_month=inp.provisioned_invocations_per_month,
        provisioned_duration_ms=inp.provisioned_duration_ms,
        async_failure_share=inp.async_failure_share)
    notes = [f"Lambda {inp.architecture} in {inp.region}, prices as of {prices.as_of}"]
    if inp.provisioned_concurrency:
        served, window = float(cost.provisioned_invocations), float(
            cost.provisioned_window_invocations)
        if served < window * (1 - 1e-9):
            notes.append(f"provisioned concurrency serves {served:,.0f} of the {window:,.0f} "
                         f"invocations in its window (its capacity); the rest run on demand "
                         f"[LAMBDA-PROVISIONED]")
        if inp.provisioned_concurrency > rules.regional_concurrency:
            notes.append(f"provisioned concurrency {inp.provisioned_concurrency:,} is above the "
                         f"default regional limit {rules.regional_concurrency:,} "
                         f"[LAMBDA-CONCURRENCY]")
    return CostResult(inp, prices, cost, cost_table(cost, prices), notes)


def read_measurements_csv(source: str | Path) -> tuple[tuple[float, float], ...]:
    """(memory_mb, duration_ms) pairs from a CSV with those two header names.

    ``source`` is a path, or the CSV text itself when it contains a newline.
    """
    field = "points_csv"
    try:
        text = (source if isinstance(source, str) and "\n" in source
                else Path(source).read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise InputError(field, str(source), f"cannot be read ({e.strerror or e})") from None
    reader = csv.DictReader(io.StringIO(text))
    cols = {c.strip(): c for c in reader.fieldnames or []}
    if "memory_mb" not in cols or "duration_ms" not in cols:
        raise InputError(field, str(source), "needs the columns memory_mb and duration_ms")
    out = []
    for line, rec in enumerate(reader, start=2):
        try:
            pair = (float(rec[cols["memory_mb"]]), float(rec[cols["duration_ms"]]))
        except (TypeError, ValueError):
            raise InputError(field, f"line {line}", "memory_mb and duration_ms must be "
                             "numbers") from None
        out.append(pair)
    return tuple(out)


def run_sweep(inp: LambdaSweepInput, catalog: Catalog | None = None) -> SweepResult:
    """The memory sweep over 128-10,240 MB (issue 5 part 2). Rules: LAMBDA-MEMORY,
    LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-TIMEOUT."""
    rules = lambda_rules(catalog)
    prices = lambda_prices(inp.region, inp.architecture, catalog)
    mem = sweep_memory_sizes(rules)
    if inp.measurements is not None:
        dur = np.asarray(interpolated_duration_ms(memory_mb=mem, measurements=inp.measurements))
    else:
        assert inp.memory_mb is not None and inp.duration_ms is not None  # the model checks
        dur = np.asarray(modelled_duration_ms(
            memory_mb=mem, measured_memory_mb=inp.memory_mb,
            measured_duration_ms=inp.duration_ms, cpu_bound_share=inp.cpu_bound_share,
            threads=inp.threads, rules=rules))
    return memory_sweep(memory_mb=mem, duration_ms=dur,
                        invocations_per_month=inp.invocations_per_month, prices=prices,
                        rules=rules, ephemeral_storage_mb=inp.ephemeral_storage_mb,
                        free_tier=inp.free_tier, balanced_weight=inp.balanced_weight)


def check_concurrency(inp: LambdaConcurrencyInput,
                      catalog: Catalog | None = None) -> conc.ConcurrencyCheck:
    """Concurrency, throttled share and fixes (issue 5 part 3). Rule: LAMBDA-CONCURRENCY."""
    rules = lambda_rules(catalog)
    return conc.check_concurrency(
        requests_per_second=inp.requests_per_second, duration_ms=inp.duration_ms,
        regional_limit=inp.regional_limit or rules.regional_concurrency,
        unreserved_min=rules.unreserved_concurrency_min,
        reserved_concurrency=inp.reserved_concurrency,
        other_concurrency=inp.other_concurrency,
        provisioned_concurrency=inp.provisioned_concurrency,
        peak_to_average=inp.peak_to_average, target_throttle_share=inp.target_throttle_share)


def concurrency_table(check: conc.ConcurrencyCheck,
                      catalog: Catalog | None = None) -> pd.DataFrame:
    """The check as rows (quantity, value, unit) for the table, CSV and GUI."""
    rules = lambda_rules(catalog)
    rows = [
        ("average concurrency", check.average_concurrency, "environments"),
        ("peak concurrency", check.peak_concurrency, "environments"),
        (f"available ({check.cap_source})", check.available_concurrency, "environments"),
        ("throttled share at peak", check.throttled_share, "share"),
        ("throttled requests at peak", check.throttled_requests_per_second, "requests/s"),
        (f"concurrency for <= {check.target_throttle_share:g} throttled",
         check.concurrency_for_target, "environments"),
        ("provisioned concurrency", check.provisioned_concurrency, "environments"),
        ("throttled sync response", rules.throttle_status_code, "HTTP status"),
        ("throttled async events retried for", rules.async_max_event_age_s / SECONDS_PER_HOUR,
         "hours"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "unit"])


def run_vs_ec2(inp: LambdaVsEc2Input, catalog: Catalog | None = None) -> VsEc2Result:
    """Lambda against EC2 (issue 5 part 4). Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER,
    LAMBDA-MEMORY, LAMBDA-CONCURRENCY."""
    rules = lambda_rules(catalog)
    prices = lambda_prices(inp.region, inp.architecture, catalog)
    return compare(region=inp.region, architecture=inp.architecture, memory_mb=inp.memory_mb,
                   duration_ms=inp.duration_ms, requests_per_second=inp.requests_per_second,
                   prices=prices, rules=rules, ephemeral_storage_mb=inp.ephemeral_storage_mb,
                   free_tier=inp.free_tier, instance_type=inp.instance_type,
                   instance_count=inp.instance_count,
                   purchasing_option=inp.purchasing_option, utilization=inp.utilization,
                   curve_points=inp.curve_points,
                   max_requests_per_second=inp.max_requests_per_second, catalog=catalog)

