"""The command line: ``python -m calc`` (also installed as ``costsizer-cli``).

Every command computes with the same :mod:`calc` functions the GUI uses and prints one result
as a table (default), CSV or one JSON object. Bad input exits with code 2 and one line on
stderr naming the field, the value and what is allowed; a missing price exits with code 1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd
from pydantic import ValidationError

from calc.fileio import write_atomic
from calc.pricing.errors import InputError, PriceNotFound, SnapshotError
from calc.validation import first_error

PROG = "costsizer-cli"

# Each module has ``register(subparsers, common)``: it adds its command group, and each leaf
# parser sets ``handler`` (args -> Output). Add a module here to add a command group.
COMMAND_MODULES: tuple[str, ...] = ("calc.pricing.cli", "calc.checks.cli", "calc.s3.cli",
                                     "calc.storage_cli", "calc.serverless.cli",
                                     "calc.ebs_cli", "calc.ec2.cli")


@dataclass
class Output:
    """What a command prints: one JSON object, and the rows CSV and table formats show."""

    data: dict[str, Any]
    table: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)  # extra lines for the table format
    exit_code: int = 0  # returned by main() after printing (e.g. 1 when a plan check fails)
    # A missing price that leaves the answer unknown: printed on stderr after the output,
    # and the command exits 1 (the output still shows everything that is known).
    missing_price: str = ""
    # Columns added to every CSV row (e.g. region and prices_as_of), so an exported comparison
    # says where and when its prices are from. The GUI's Export CSV renders the same Output.
    csv_context: dict[str, Any] = field(default_factory=dict)


class UsageError(Exception):
    """Bad command-line usage (argparse); exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage block
        raise UsageError(f"{self.prog}: {message}")


BASIS_HELP = "limits as AWS states them today (default) or as in the notes"


def given(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The options the user gave (None = not given, so the input model's default applies)."""
    return {n: getattr(args, n) for n in names if getattr(args, n) is not None}


def common_options() -> argparse.ArgumentParser:
    """Options every leaf command takes: --format and --output."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="output format (default: table)")
    common.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write to FILE (atomically) instead of standard output")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Costsizer: AWS cost and sizing calculators.")
    sub = parser.add_subparsers(dest="group", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    common = common_options()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


# -- output -------------------------------------------------------------------------------
def to_jsonable(value: Any) -> Any:
    """Plain JSON types: numpy scalars to Python, NaN and pd.NA to null, frames to records."""
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(r) for r in value.to_dict("records")]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # 12 significant digits: every price keeps its digits (0.0000166667), and binary
        # float noise from sums (1146.6000000000001) is not printed as if it were a price
        return float(f"{value:.12g}")
    return value


def _fmt_cell(value: Any) -> str:
    value = to_jsonable(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # shortest exact decimal, never scientific notation (prices like 0.0000166667)
        return np.format_float_positional(value, trim="-")
    return str(value)


def render(out: Output, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_jsonable(out.data), indent=2) + "\n"
    table = out.table
    if table is None:
        scalars = {k: v for k, v in out.data.items() if not isinstance(v, list | dict)}
        table = pd.DataFrame([scalars])
    if fmt == "csv":
        if out.csv_context:
            table = table.assign(**{k: v for k, v in out.csv_context.items()
                                    if k not in table.columns})
        return table.map(_fmt_cell).to_csv(index=False, lineterminator="\n")
    text = table.map(_fmt_cell).to_string(index=False) if len(table) else "(no rows)"
    lines = [*out.notes, text] if out.notes else [text]
    return "\n".join(lines) + "\n"


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return code


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as e:
        return _fail(str(e).split(": ", 1)[-1], 2)
    except SystemExit as e:  # --help
        return int(e.code or 0)
    handler: Callable[[argparse.Namespace], Output] = args.handler
    try:
        out = handler(args)
        text = render(out, args.format)
        if args.output:
            write_atomic(args.output, text)
        else:
            sys.stdout.write(text)
    except InputError as e:
        return _fail(str(e), 2)
    except ValidationError as e:
        return _fail(first_error(e), 2)
    except PriceNotFound as e:
        return _fail(str(e), 1)
    except SnapshotError as e:
        return _fail(str(e), 3)
    except OSError as e:
        return _fail(f"cannot write {e.filename or ''}: {e.strerror or e}", 1)
    if out.missing_price:
        return _fail(out.missing_price, max(out.exit_code, 1))
    return out.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
