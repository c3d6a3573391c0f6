"""The S3 calculators' entry points: validated input -> prices and rules -> formulas -> result.

Every entry point takes the price catalog as a required keyword (``catalog=``): the CLI hands
it ``args.catalog``, a GUI page its own catalog. :func:`report` turns any result into the
:class:`calc.report.Output` the CLI prints and the GUI exports.
"""

from __future__ import annotations

from calc.pricing.catalog import Catalog
from calc.report import Output, PriceUsed
from calc.s3.choose import S3ChooseResult, choose_class
from calc.s3.classes import CLASS_IDS, LABELS, LIFECYCLE_ORDER
from calc.s3.cost import S3CostResult, s3_cost
from calc.s3.lifecycle import SCENARIO_LABELS, SCENARIOS, S3LifecycleResult, simulate_lifecycle
from calc.s3.models import (
    LifecycleRule,
    S3ChooseInput,
    S3CostInput,
    S3LifecycleInput,
    S3PrefixInput,
)
from calc.s3.performance import S3PrefixResult, size_prefixes

__all__ = [
    "CLASS_IDS", "LABELS", "LIFECYCLE_ORDER", "SCENARIOS", "SCENARIO_LABELS", "LifecycleRule",
    "PriceUsed", "S3ChooseInput", "S3ChooseResult", "S3CostInput", "S3CostResult",
    "S3LifecycleInput", "S3LifecycleResult", "S3PrefixInput", "S3PrefixResult", "S3Result",
    "choose", "cost", "lifecycle", "prefixes", "report",
]

S3Result = S3CostResult | S3ChooseResult | S3LifecycleResult | S3PrefixResult
CHOOSE_COLUMNS = ["rank", "storage_class", "usd_per_month", "storage_usd", "requests_usd",
                  "retrieval_usd", "monitoring_usd", "minimum_duration_usd", "retrieval_tier",
                  "first_byte", "availability_pct", "reason"]


def cost(inp: S3CostInput, *, catalog: Catalog) -> S3CostResult:
    """``s3 cost``: the monthly cost of one class, line by line (see :func:`s3_cost`)."""
    catalog.region(inp.region)
    return s3_cost(inp, catalog=catalog)


def choose(inp: S3ChooseInput, *, catalog: Catalog) -> S3ChooseResult:
    """``s3 choose``: every class ranked for an access pattern (see :func:`choose_class`)."""
    catalog.region(inp.region)
    return choose_class(inp, catalog=catalog)


def lifecycle(inp: S3LifecycleInput, *, catalog: Catalog) -> S3LifecycleResult:
    """``s3 lifecycle``: the simulation beside no lifecycle and Intelligent-Tiering, with the
    cheapest scenario (see :func:`simulate_lifecycle`)."""
    catalog.region(inp.region)
    return simulate_lifecycle(inp, catalog=catalog)


def prefixes(inp: S3PrefixInput, *, catalog: Catalog) -> S3PrefixResult:
    """``s3 prefixes``: prefixes, SSE-KMS quota and multipart advice (limits only)."""
    return size_prefixes(inp, limits=catalog.limits)


def report(result: S3Result) -> Output:
    """What the CLI prints for ``result`` (and the GUI exports)."""
    if isinstance(result, S3CostResult):
        return _cost_report(result)
    if isinstance(result, S3ChooseResult):
        notes = [f"cheapest: {result.winner}" if result.winner else "no class fits",
                 *result.notes]
        return Output(result.to_dict(), result.ranking[CHOOSE_COLUMNS].round(6), notes)
    if isinstance(result, S3LifecycleResult):
        return _lifecycle_report(result)
    return _prefixes_report(result)


def _cost_report(res: S3CostResult) -> Output:
    info = res.info
    total = (f"${res.usd_per_month:,.2f} a month" if res.usd_per_month is not None else
             f"unknown (a price is missing; the priced lines come to "
             f"${res.priced_usd_per_month:,.2f})")
    notes = [f"{info.label} in {res.region}: {total}",
             f"availability {info.availability_pct:g}%, durability {info.durability_pct:.9f}%, "
             f"first byte {info.first_byte}"]
    if res.usd_for_days_stored is not None:
        notes.append(f"for {res.days_stored:g} days: ${res.usd_for_days_stored:,.2f}")
    notes += res.notes
    return Output(res.to_dict(), res.breakdown, notes,
                  missing_price="; ".join(res.missing) if res.usd_per_month is None else "")


def _lifecycle_report(res: S3LifecycleResult) -> Output:
    table = res.gb_by_class.merge(res.cumulative, on="month").round(6)
    notes = [*res.notes]
    for r in res.summary.itertuples(index=False):
        total = f"${r.total_usd:,.2f}" if r.complete else "unknown"
        notes.append(f"{r.scenario}: {total} over {len(table)} months"
                     + ("" if r.complete else f" ({r.missing})"))
    context = {"region": res.region, "prices_as_of": " ".join(res.as_of)}
    life = res.missing.get("lifecycle", [])  # the scenario the user asked about
    return Output(res.to_dict(), table, notes, csv_context=context,
                  missing_price=f"lifecycle total unknown: {'; '.join(life)}" if life else "")


def _prefixes_report(res: S3PrefixResult) -> Output:
    notes = [f"prefixes needed: {res.prefixes_needed} (per prefix: {res.put_per_prefix:,.0f} "
             f"PUT/s, {res.get_per_prefix:,.0f} GET/s) [S3-PERFORMANCE]"]
    if res.multipart is not None:
        notes.append(f"multipart: {res.multipart.advice} - {res.multipart.reason} "
                     "[S3-MULTIPART]")
    return Output(res.to_dict(), res.kms, notes)
