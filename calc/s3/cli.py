"""``s3`` commands: cost, choose, lifecycle, prefixes. Parsing and rendering only."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from calc.cli import given
from calc.fields import BASIS_HELP
from calc.report import Output
from calc.s3.choose import S3ChooseInput, choose_class
from calc.s3.classes import CLASS_IDS
from calc.s3.cost import S3CostInput, s3_cost
from calc.s3.lifecycle import (
    S3LifecycleInput,
    S3LifecycleResult,
    rules_from_file,
    rules_from_text,
    simulate_lifecycle,
)
from calc.s3.performance import S3PrefixInput, size_prefixes


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("s3", help="Amazon S3: class costs, cheapest class, lifecycle, prefixes")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True

    c = ps.add_parser("cost", parents=[common], help="monthly cost of one storage class")
    c.add_argument("--storage-class", required=True, help=f"one of {', '.join(CLASS_IDS)}")
    c.add_argument("--storage-gb", type=float, required=True, help="GB stored (1 TB = 1,024 GB)")
    c.add_argument("--objects", type=float, help="objects stored")
    c.add_argument("--put-requests", type=float, help="PUT/COPY/POST/LIST requests a month")
    c.add_argument("--get-requests", type=float, help="GET/SELECT requests a month")
    c.add_argument("--retrieval-gb", type=float, help="GB retrieved a month")
    c.add_argument("--retrieval-requests", type=float,
                   help="restore requests a month (glacier_flexible, deep_archive)")
    c.add_argument("--retrieval-tier", help="expedited, standard (default) or bulk")
    c.add_argument("--upload-gb", type=float, help="GB uploaded a month (express_onezone)")
    c.add_argument("--transfer-out-gb", type=float, help="GB out to the internet a month")
    c.add_argument("--days-stored", type=float,
                   help="the data is deleted after D days: cost for those days, with any "
                        "minimum-duration charge")
    for tier in ("infrequent", "archive_instant", "archive_access", "deep_archive_access"):
        c.add_argument(f"--it-{tier.replace('_', '-')}-pct", dest=f"it_{tier}_pct", type=float,
                       help=f"intelligent_tiering: %% of the data in the {tier} tier")
    c.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
    c.add_argument("--basis", choices=("aws_today", "notes"), help=BASIS_HELP)
    c.set_defaults(handler=cost_command)

    ch = ps.add_parser("choose", parents=[common],
                       help="rank the classes by monthly cost for an access pattern")
    ch.add_argument("--storage-gb", type=float, required=True, help="GB stored")
    ch.add_argument("--objects", type=float, help="objects stored")
    ch.add_argument("--avg-object-kb", type=float, help="average object size in KB")
    ch.add_argument("--put-requests", type=float, help="PUT requests a month")
    ch.add_argument("--get-requests", type=float, help="reads a month")
    ch.add_argument("--retrieval-gb", type=float, help="GB read back a month")
    ch.add_argument("--max-wait-hours", type=float,
                    help="longest acceptable wait for the first byte, hours (default 0: "
                         "milliseconds)")
    ch.add_argument("--retention-days", type=float, help="days each object is kept")
    ch.add_argument("--min-availability-pct", type=float, help="lowest acceptable availability")
    ch.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
    ch.add_argument("--basis", choices=("aws_today", "notes"), help=BASIS_HELP)
    ch.set_defaults(handler=choose_command)

    lc = ps.add_parser("lifecycle", parents=[common],
                       help="simulate lifecycle rules month by month, beside no lifecycle and "
                            "Intelligent-Tiering")
    lc.add_argument("--monthly-ingest-gb", type=float, required=True, help="new GB a month")
    lc.add_argument("--months", type=int, help="horizon in months (default 36)")
    lc.add_argument("--initial-gb", type=float, help="GB already stored on day 0")
    lc.add_argument("--growth-pct", dest="monthly_growth_pct", type=float,
                    help="monthly ingest growth, %% a month")
    lc.add_argument("--avg-object-kb", type=float, help="average object size in KB (default "
                                                        "1024)")
    lc.add_argument("--start-class", help="class objects are written to (default standard)")
    lc.add_argument("--rule", action="append", default=[], metavar="CLASS:DAYS",
                    help="a transition, e.g. standard_ia:30 (repeat)")
    lc.add_argument("--expire-days", type=int, help="delete objects at this age")
    lc.add_argument("--transition-small-objects", action="store_true", default=None,
                    help="transition objects under 128 KB too (S3 does not by default)")
    lc.add_argument("--rules-file", type=Path,
                    help='JSON: {"rules": [{"storage_class": "standard_ia", "days": 30}], '
                         '"expire_days": 365}')
    lc.add_argument("--it-archive-access-days", type=int,
                    help="Intelligent-Tiering scenario: opt-in Archive Access tier after N days")
    lc.add_argument("--it-deep-archive-access-days", type=int,
                    help="Intelligent-Tiering scenario: opt-in Deep Archive Access after N days")
    lc.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
    lc.add_argument("--basis", choices=("aws_today", "notes"), help=BASIS_HELP)
    lc.set_defaults(handler=lifecycle_command)

    pr = ps.add_parser("prefixes", parents=[common],
                       help="prefixes for a request rate, SSE-KMS quota, multipart advice")
    pr.add_argument("--put-per-second", type=float, help="PUT/COPY/POST/DELETE per second")
    pr.add_argument("--get-per-second", type=float, help="GET/HEAD per second")
    pr.add_argument("--no-sse-kms", dest="sse_kms", action="store_false", default=None,
                    help="objects are not encrypted with SSE-KMS")
    pr.add_argument("--object-size-mb", type=float, help="object size for multipart advice")
    pr.add_argument("--basis", choices=("aws_today", "notes"), help=BASIS_HELP)
    pr.set_defaults(handler=prefixes_command)


def cost_command(args: argparse.Namespace) -> Output:
    inp = S3CostInput(**given(
        args, "region", "storage_class", "storage_gb", "objects", "put_requests",
        "get_requests", "retrieval_gb", "retrieval_requests", "retrieval_tier", "upload_gb",
        "transfer_out_gb", "days_stored", "it_infrequent_pct", "it_archive_instant_pct",
        "it_archive_access_pct", "it_deep_archive_access_pct", "basis"))
    res = s3_cost(inp)
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


def choose_command(args: argparse.Namespace) -> Output:
    inp = S3ChooseInput(**given(
        args, "region", "storage_gb", "objects", "avg_object_kb", "put_requests",
        "get_requests", "retrieval_gb", "max_wait_hours", "retention_days",
        "min_availability_pct", "basis"))
    res = choose_class(inp)
    cols = ["rank", "storage_class", "usd_per_month", "storage_usd", "requests_usd",
            "retrieval_usd", "monitoring_usd", "minimum_duration_usd", "retrieval_tier",
            "first_byte", "availability_pct", "reason"]
    notes = [f"cheapest: {res.winner}" if res.winner else "no class fits", *res.notes]
    return Output(res.to_dict(), res.ranking[cols].round(6), notes)


def lifecycle_command(args: argparse.Namespace) -> Output:
    fields = given(args, "region", "months", "monthly_ingest_gb", "monthly_growth_pct",
                    "initial_gb", "avg_object_kb", "start_class", "expire_days",
                    "transition_small_objects",
                    "it_archive_access_days", "it_deep_archive_access_days", "basis")
    rules = rules_from_text(args.rule)
    if args.rules_file is not None:
        data = rules_from_file(args.rules_file)
        rules = [*rules, *data.get("rules", [])]
        for key in ("expire_days", "start_class"):
            if key in data and key not in fields:
                fields[key] = data[key]
    return lifecycle_output(S3LifecycleInput(**fields, rules=tuple(rules)))[0]


def lifecycle_output(inp: S3LifecycleInput) -> tuple[Output, S3LifecycleResult]:
    """The lifecycle simulation as the CLI prints it (the GUI's S3 page shows the same)."""
    res = simulate_lifecycle(inp)
    table = res.gb_by_class.merge(res.cumulative, on="month").round(6)
    notes = [*res.notes]
    for r in res.summary.itertuples(index=False):
        total = f"${r.total_usd:,.2f}" if r.complete else "unknown"
        notes.append(f"{r.scenario}: {total} over {len(table)} months"
                     + ("" if r.complete else f" ({r.missing})"))
    context = {"region": inp.region, "prices_as_of": " ".join(res.as_of)}
    life = res.missing.get("lifecycle", [])  # the scenario the user asked about
    return Output(res.to_dict(), table, notes, csv_context=context,
                  missing_price=f"lifecycle total unknown: {'; '.join(life)}" if life else ""), res


def prefixes_command(args: argparse.Namespace) -> Output:
    inp = S3PrefixInput(**given(args, "put_per_second", "get_per_second", "sse_kms",
                                 "object_size_mb", "basis"))
    res = size_prefixes(inp)
    notes = [f"prefixes needed: {res.prefixes_needed} (per prefix: {res.put_per_prefix:,.0f} "
             f"PUT/s, {res.get_per_prefix:,.0f} GET/s) [S3-PERFORMANCE]"]
    if res.multipart is not None:
        notes.append(f"multipart: {res.multipart.advice} - {res.multipart.reason} "
                     "[S3-MULTIPART]")
    return Output(res.to_dict(), res.kms, notes)
