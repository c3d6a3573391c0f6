"""``check`` command: check a plan file against the notes' operational limits. Parsing only.

``python -m calc check PLAN.json`` prints one row per check. Exit code 0 when nothing fails,
1 when a check fails (with a one-line summary on stderr), 2 when the plan itself is invalid
(one line on stderr naming the file, the field and the reason). The handler calls
:mod:`calc.checks.api` with the catalog ``calc.cli.main`` hands it (``args.catalog``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from calc.checks import api
from calc.cli import PROG
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
    plan, result = api.check_plan_file(args.plan, catalog=args.catalog, basis=args.basis)
    failing = api.failure_line(result)
    if failing:
        sys.stderr.write(f"{PROG}: {failing}\n")
    return api.report(result, plan=plan, source=str(args.plan))
