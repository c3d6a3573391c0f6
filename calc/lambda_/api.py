"""The Lambda calculators' chain: validated input -> prices and limits -> formulas -> result.

Every entry point takes a model from :mod:`calc.lambda_.models` and the price catalog as the
required keyword ``catalog`` (never a global one), looks up the prices and limits once (the
formulas never do) and returns a result that carries its facts: the prices it used
(``prices_used``, :class:`calc.report.PriceUsed`) and its verdicts (cheapest memory size,
throttling at risk, which of Lambda and EC2 is cheaper). :func:`report` turns a result into
the :class:`calc.report.Output` the CLI prints and the GUI exports.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from calc.ec2.options import option_label
from calc.errors import InputError
from calc.fileio import ReadError, read_text
from calc.lambda_ import concurrency as conc
from calc.lambda_.concurrency import ConcurrencyCheck
from calc.lambda_.cost import LambdaCost, cost_table, monthly_cost
from calc.lambda_.limits import lambda_rules
from calc.lambda_.models import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaStudyInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
)
from calc.lambda_.prices import ARCHITECTURES, LambdaPrices, lambda_prices
from calc.lambda_.sweep import (
    SweepResult,
    interpolated_duration_ms,
    memory_sweep,
    modelled_duration_ms,
    sweep_memory_sizes,
)
from calc.lambda_.vs_ec2 import VsEc2Result, compare, lambda_rate_curve, purchasing_options
from calc.pricing import Catalog
from calc.pricing.errors import PriceNotFound, SnapshotError
from calc.report import Output, PriceUsed
from calc.units import SECONDS_PER_HOUR

__all__ = [
    "ARCHITECTURES", "PICKS", "ConcurrencyResult", "CostResult", "LambdaStudy",
    "LambdaStudyInput", "check_concurrency", "estimate_cost", "option_label",
    "purchasing_option_choices", "read_measurements_csv", "report", "run_study", "run_sweep",
    "run_vs_ec2", "study_output",
]

PICKS: tuple[str, ...] = ("cheapest", "fastest", "balanced")  # the sweep's three choices


def purchasing_option_choices() -> list[tuple[str, str]]:
    """(option id, label) of every EC2 purchasing option, labelled by :mod:`calc.ec2.options`."""
    return [(o, option_label(o)) for o in purchasing_options()]


# -- prices used ----------------------------------------------------------------------------
def _source_title(catalog: Catalog, source_id: str) -> str:
    try:
        return catalog.source(source_id).title or source_id
    except (KeyError, SnapshotError, ValueError):
        return source_id


def lambda_prices_used(prices: LambdaPrices, *, catalog: Catalog) -> list[PriceUsed]:
    """Every Lambda price of ``prices`` with its unit, date and source (for Explain and JSON).

    Rules: LAMBDA-PRICE (requests, duration tiers), LAMBDA-PROVISIONED, LAMBDA-TMP.
    """
    src = _source_title(catalog, prices.source_id)
    arch = prices.architecture
    out = [PriceUsed(f"Lambda {arch} requests", prices.usd_per_request, "request",
                     prices.as_of, src)]
    for i, (start, usd) in enumerate(zip(prices.tier_starts_gb_seconds,
                                         prices.tier_usd_per_gb_second, strict=True), start=1):
        where = "" if start == 0 else f" from {start:,.0f} GB-s/month"
        out.append(PriceUsed(f"Lambda {arch} duration tier {i}{where}", usd, "GB-s",
                             prices.as_of, src))
    included = lambda_rules(catalog=catalog).tmp_included_mb
    for what, value in (
            ("provisioned concurrency", prices.provisioned_concurrency_usd_per_gb_second),
            ("provisioned duration", prices.provisioned_duration_usd_per_gb_second),
            (f"ephemeral storage above {included} MB",
             prices.ephemeral_storage_usd_per_gb_second)):
        out.append(PriceUsed(f"Lambda {arch} {what}", value, "GB-s", prices.as_of, src))
    return out


def _ec2_price_used(vs: VsEc2Result, *, catalog: Catalog) -> PriceUsed:
    return PriceUsed(f"EC2 {vs.instance_type} Linux, {option_label(vs.purchasing_option)}",
                     vs.ec2_usd_per_hour, "instance-hour", vs.ec2_as_of,
                     _source_title(catalog, vs.ec2_source))


# -- lambda cost ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CostResult:
    """A monthly Lambda cost with its prices, the breakdown table and the prices used."""

    inputs: LambdaCostInput
    prices: LambdaPrices
    cost: LambdaCost
    table: pd.DataFrame
    notes: list[str]
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def total_usd_per_month(self) -> float:
        return float(self.cost.total_usd_per_month)

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


def estimate_cost(inp: LambdaCostInput, *, catalog: Catalog) -> CostResult:
    """Monthly cost of one function (issue 5 part 1). Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER,
    LAMBDA-TMP, LAMBDA-PROVISIONED, LAMBDA-ASYNC-RETRY."""
    rules = lambda_rules(catalog=catalog)
    prices = lambda_prices(inp.region, inp.architecture, catalog=catalog)
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
    if cost.free_tier_withheld:
        notes.append("no free tier deducted: the Lambda free tier does not apply to functions "
                     "with Provisioned Concurrency enabled (AWS Lambda pricing page) "
                     "[LAMBDA-FREE-TIER]")
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
    return CostResult(inp, prices, cost, cost_table(cost, prices), notes,
                      lambda_prices_used(prices, catalog=catalog))


# -- lambda sweep ---------------------------------------------------------------------------
def read_measurements_csv(source: str | Path) -> tuple[tuple[float, float], ...]:
    """(memory_mb, duration_ms) pairs from a CSV with those two header names.

    ``source`` is a path, or the CSV text itself when it contains a newline.
    """
    name = "points_csv"
    try:
        text = (source if isinstance(source, str) and "\n" in source else read_text(source))
    except ReadError as e:
        raise InputError(name, str(source), e.reason) from None
    reader = csv.DictReader(io.StringIO(text))
    cols = {c.strip(): c for c in reader.fieldnames or []}
    if "memory_mb" not in cols or "duration_ms" not in cols:
        raise InputError(name, str(source), "needs the columns memory_mb and duration_ms")
    out = []
    for line, rec in enumerate(reader, start=2):
        try:
            pair = (float(rec[cols["memory_mb"]]), float(rec[cols["duration_ms"]]))
        except (TypeError, ValueError):
            raise InputError(name, f"line {line}", "memory_mb and duration_ms must be "
                             "numbers") from None
        out.append(pair)
    return tuple(out)


def run_sweep(inp: LambdaSweepInput, *, catalog: Catalog) -> SweepResult:
    """The memory sweep over 128-10,240 MB (issue 5 part 2), with the cheapest, fastest and
    balanced sizes. Rules: LAMBDA-MEMORY, LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-TIMEOUT."""
    rules = lambda_rules(catalog=catalog)
    prices = lambda_prices(inp.region, inp.architecture, catalog=catalog)
    mem = sweep_memory_sizes(rules)
    if inp.measurements is not None:
        dur = np.asarray(interpolated_duration_ms(memory_mb=mem, measurements=inp.measurements))
        how = "interpolated between measured points"
    else:
        assert inp.memory_mb is not None and inp.duration_ms is not None  # the model checks
        dur = np.asarray(modelled_duration_ms(
            memory_mb=mem, measured_memory_mb=inp.memory_mb,
            measured_duration_ms=inp.duration_ms, cpu_bound_share=inp.cpu_bound_share,
            threads=inp.threads, rules=rules))
        how = (f"modelled from {inp.memory_mb:,.0f} MB / {inp.duration_ms:,g} ms with "
               f"{inp.cpu_bound_share:g} CPU-bound, {inp.threads} thread(s)")
    res = memory_sweep(memory_mb=mem, duration_ms=dur,
                       invocations_per_month=inp.invocations_per_month, prices=prices,
                       rules=rules, ephemeral_storage_mb=inp.ephemeral_storage_mb,
                       free_tier=inp.free_tier, balanced_weight=inp.balanced_weight)
    return replace(res, prices_used=lambda_prices_used(prices, catalog=catalog),
                   notes=[f"{len(res.frame):,} memory sizes; {how}"])


# -- lambda concurrency ---------------------------------------------------------------------
@dataclass(frozen=True)
class ConcurrencyResult:
    """The concurrency check, its rows (quantity, value, unit) and its verdict.

    ``throttling_at_risk`` is the one throttling verdict
    (:func:`calc.lambda_.concurrency.throttling_at_risk`, rule LAMBDA-CONCURRENCY). The check
    uses no price: ``prices_used`` is empty.
    """

    inputs: LambdaConcurrencyInput
    check: ConcurrencyCheck
    table: pd.DataFrame
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def throttling_at_risk(self) -> bool:
        return self.check.throttling_at_risk


def check_concurrency(inp: LambdaConcurrencyInput, *, catalog: Catalog) -> ConcurrencyResult:
    """Concurrency, throttled share and fixes (issue 5 part 3). Rule: LAMBDA-CONCURRENCY."""
    rules = lambda_rules(catalog=catalog)
    check = conc.check_concurrency(
        requests_per_second=inp.requests_per_second, duration_ms=inp.duration_ms,
        regional_limit=inp.regional_limit or rules.regional_concurrency,
        unreserved_min=rules.unreserved_concurrency_min,
        reserved_concurrency=inp.reserved_concurrency,
        other_concurrency=inp.other_concurrency,
        provisioned_concurrency=inp.provisioned_concurrency,
        peak_to_average=inp.peak_to_average, target_throttle_share=inp.target_throttle_share)
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
    return ConcurrencyResult(inp, check, pd.DataFrame(rows, columns=["quantity", "value", "unit"]))


# -- lambda vs-ec2 --------------------------------------------------------------------------
def run_vs_ec2(inp: LambdaVsEc2Input, *, catalog: Catalog) -> VsEc2Result:
    """Lambda against EC2 (issue 5 part 4). Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER,
    LAMBDA-MEMORY, LAMBDA-CONCURRENCY, EC2-OD-BILLING, EC2-RI."""
    rules = lambda_rules(catalog=catalog)
    prices = lambda_prices(inp.region, inp.architecture, catalog=catalog)
    vs = compare(region=inp.region, architecture=inp.architecture, memory_mb=inp.memory_mb,
                 duration_ms=inp.duration_ms, requests_per_second=inp.requests_per_second,
                 prices=prices, rules=rules, ephemeral_storage_mb=inp.ephemeral_storage_mb,
                 free_tier=inp.free_tier, instance_type=inp.instance_type,
                 instance_count=inp.instance_count,
                 purchasing_option=inp.purchasing_option, utilization=inp.utilization,
                 curve_points=inp.curve_points,
                 max_requests_per_second=inp.max_requests_per_second, catalog=catalog)
    used = [*lambda_prices_used(prices, catalog=catalog), _ec2_price_used(vs, catalog=catalog)]
    return replace(vs, prices_used=used)


# -- the study: one function seen four ways (the GUI's Lambda page) -------------------------
@dataclass(frozen=True)
class LambdaStudy:
    """The four results for one :class:`LambdaStudyInput`, with the facts the page shows.

    ``vs_ec2`` is None when the snapshot has no EC2 price for the purchasing option
    (``vs_ec2_missing`` says which); ``break_even_usd_per_month`` is what Lambda (and the
    EC2 fleet) cost at the break-even rate, None without one. ``prices_used`` are the cost's
    Lambda prices and the EC2 rate compared with; ``throttling_at_risk`` is the concurrency
    check's verdict (LAMBDA-CONCURRENCY); ``purchasing_option_label`` the EC2 option's words.
    """

    inputs: LambdaStudyInput
    cost: CostResult
    sweep: SweepResult
    concurrency: ConcurrencyResult
    vs_ec2: VsEc2Result | None
    vs_ec2_missing: str
    break_even_usd_per_month: float | None
    prices_used: list[PriceUsed]
    purchasing_option_label: str

    @property
    def throttling_at_risk(self) -> bool:
        return self.concurrency.throttling_at_risk


def run_study(inp: LambdaStudyInput, *, catalog: Catalog) -> LambdaStudy:
    """``lambda cost``, ``sweep``, ``concurrency`` and ``vs-ec2`` for one function.

    The sweep and the EC2 comparison price on-demand Lambda (no provisioned concurrency), as
    ``lambda sweep`` and ``lambda vs-ec2`` do. Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER,
    LAMBDA-MEMORY, LAMBDA-TIMEOUT, LAMBDA-TMP, LAMBDA-CONCURRENCY, LAMBDA-PROVISIONED.
    """
    cost = estimate_cost(inp.cost_input(catalog=catalog), catalog=catalog)
    sweep = run_sweep(inp.sweep_input(catalog=catalog), catalog=catalog)
    concurrency = check_concurrency(inp.concurrency_input(catalog=catalog), catalog=catalog)
    vs: VsEc2Result | None = None
    missing = ""
    be_usd: float | None = None
    try:
        vs = run_vs_ec2(inp.vs_ec2_input(catalog=catalog), catalog=catalog)
    except PriceNotFound as e:
        missing = str(e)
    used = list(cost.prices_used)
    if vs is not None:
        used.append(_ec2_price_used(vs, catalog=catalog))
        if vs.break_even_requests_per_second is not None:
            curve = lambda_rate_curve(memory_mb=inp.memory_mb, duration_ms=inp.duration_ms,
                                      prices=cost.prices, rules=lambda_rules(catalog=catalog),
                                      ephemeral_storage_mb=inp.ephemeral_storage_mb,
                                      free_tier=inp.free_tier)
            be_usd = float(curve.cost(vs.break_even_requests_per_second))
    return LambdaStudy(inp, cost, sweep, concurrency, vs, missing, be_usd, used,
                       option_label(inp.purchasing_option))


def study_output(inp: LambdaStudyInput, *, catalog: Catalog) -> tuple[Output, LambdaStudy]:
    """The study and its Output: ``lambda cost``'s for the study's cost inputs."""
    study = run_study(inp, catalog=catalog)
    return report(study), study


# -- reports --------------------------------------------------------------------------------
Result = CostResult | SweepResult | ConcurrencyResult | VsEc2Result | LambdaStudy

_CONCURRENCY_KEYS = (
    "average_concurrency", "peak_concurrency", "available_concurrency", "cap_source",
    "throttled_share", "throttled_requests_per_second", "concurrency_for_target",
    "target_throttle_share", "regional_limit", "provisioned_concurrency",
    "provisioned_covers_peak", "fixes")


def report(result: Result, *, rows: Literal["picks", "all"] = "picks") -> Output:
    """The Output of a result, as the CLI prints it (the GUI exports the same).

    A :class:`LambdaStudy` reports as its ``lambda cost``; ``rows`` chooses the sweep's rows
    (the three choices, or every memory size).
    """
    if isinstance(result, LambdaStudy):
        return report(result.cost)
    if isinstance(result, CostResult):
        notes = [*result.notes, f"total {result.total_usd_per_month:,.2f} USD per month"]
        context = {"region": result.inputs.region, "prices_as_of": result.prices.as_of}
        return Output(result.as_dict(), result.table, notes, csv_context=context)
    if isinstance(result, SweepResult):
        table = result.frame if rows == "all" else result.picks()
        data: dict[str, Any] = {name: result.choice(name) for name in PICKS}
        data.update({"points": len(result.frame), "region": result.region,
                     "architecture": result.architecture,
                     "invocations_per_month": result.invocations_per_month, "rows": table})
        return Output(data, table, list(result.notes))
    if isinstance(result, ConcurrencyResult):
        c = result.check
        data = {k: getattr(c, k) for k in _CONCURRENCY_KEYS}
        notes = c.fixes if c.throttling_at_risk else ["no throttling expected"]
        return Output(data, result.table, list(notes))
    be = result.break_even_requests_per_second
    notes = [
        f"Lambda {result.lambda_usd_per_month:,.2f} USD/month vs {result.instance_count} x "
        f"{result.instance_type} ({result.purchasing_option}) "
        f"{result.ec2_usd_per_month:,.2f} USD/month at {result.requests_per_second:,g} "
        f"requests/s: {result.cheaper} is cheaper",
        "break-even (fleet sized for each rate): "
        + ("none, Lambda is cheaper at every rate" if be is None else f"{be:,.4g} requests/s"),
        *result.notes,
    ]
    return Output(result.as_dict(), result.curve, notes)
