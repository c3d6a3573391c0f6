"""``check`` command: check a plan file against the notes' operational limits.

``python -m calc check PLAN.json`` prints one row per check. Exit code 0 when nothing fails,
1 when a check fails (with a one-line summary on stderr), 2 when the plan itself is invalid
(one line on stderr naming the file, the field and the reason).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from calc.checks.plan import PlanError, load_plan
from calc.checks.rules import run_checks
from calc.cli import PROG
from calc.errors import InputError
from calc.report import Output


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[common],
                       help="check a plan (JSON) against the operational limits of the notes")
    p.add_argument("plan", type=Path, metavar="PLAN.json",
                   help="the plan file (see examples/plan.json)")
    p.add_argument("--basis", choices=("aws_today", "notes"), default="aws_today",
                   help="limits as AWS states them today (default) or as the notes give them")
    p.set_defaults(handler=check_command)


def check_command(args: argparse.Namespace) -> Output:
    plan = load_plan(args.plan)
    try:
        report = run_checks(plan, basis=args.basis)
    except PlanError:
        raise
    except InputError as e:  # a name the catalog does not know, e.g. an instance type
        raise PlanError(str(args.plan), e.field, str(e)) from None
    table = report.table
    counts = report.counts
    summary = ", ".join(f"{counts[s]} {s}" for s in ("fail", "warn", "pass"))
    title = f"plan {plan.name!r}" if plan.name else f"plan {args.plan}"
    notes = [f"{title}: {summary} (limits: {args.basis})"]
    if table.empty:
        notes.append("the plan has no sections to check")
    data = {"plan": str(args.plan), "name": plan.name, "basis": args.basis,
            "summary": counts, "failed": report.failed, "checks": table,
            "calculations": report.calculations}
    if report.failed:
        failing = table[table["status"] == "fail"]
        rules = ", ".join(dict.fromkeys(failing["rule_id"]))
        sys.stderr.write(f"{PROG}: {counts['fail']} of {len(table)} checks fail ({rules})\n")
    return Output(data, table, notes, exit_code=1 if report.failed else 0)
