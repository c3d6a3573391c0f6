"""The command line: ``python -m calc`` (also installed as ``costsizer-cli``).

Every command computes with the same :mod:`calc` functions the GUI uses and prints one result
as a table (default), CSV or one JSON object. Bad input exits with code 2 and one line on
stderr naming the field, the value and what is allowed; a missing price exits with code 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from calc.cliargs import cli_message
from calc.errors import InputError, first_error
from calc.fileio import write_atomic
from calc.pricing.errors import PriceNotFound, SnapshotError
from calc.pricing.snapshots import active_catalog, active_fallback_reason, fall_back
from calc.report import Output, render

PROG = "costsizer-cli"

# Each module has ``register(subparsers, common)``: it adds its command group, and each leaf
# parser sets ``handler`` (args -> Output). Add a module here to add a command group.
COMMAND_MODULES: tuple[str, ...] = ("calc.pricing.cli", "calc.checks.cli", "calc.s3.cli",
                                     "calc.efs.cli", "calc.transfer.cli", "calc.lambda_.cli",
                                     "calc.ebs.cli", "calc.ec2.cli")


class UsageError(Exception):
    """Bad command-line usage (argparse); exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage block
        raise UsageError(f"{self.prog}: {message}")


def common_options() -> argparse.ArgumentParser:
    """Options every leaf command takes: --format and --output."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="output format (default: table)")
    common.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write to FILE, atomically (- or none: standard output)")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Costsizer: AWS cost and sizing calculators.")
    sub = parser.add_subparsers(dest="group", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    common = common_options()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    _mark_leaves(parser)
    return parser


def _mark_leaves(parser: argparse.ArgumentParser) -> None:
    """Every leaf parser is told to the handler as ``_cli_parser`` (unless its module did),
    so that an error names the option typed (``--max-minutes``), not the field."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        if parser.get_default("_cli_parser") is None:
            parser.set_defaults(_cli_parser=parser)
        return
    for action in subs:
        for child in dict.fromkeys(action.choices.values()):  # aliases share a parser
            _mark_leaves(child)


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return code


def _note_fallback(said: str | None = None) -> str | None:
    """One stderr line when a refreshed snapshot on disk is passed over (damaged, or written
    by another version): which one, why, and which snapshot the prices come from. Returns
    the reason, so that it is said once (``said``: the reason already written)."""
    reason = active_fallback_reason()
    if reason and reason != said:
        sys.stderr.write(f"{PROG}: note: {reason}; using the {active_catalog().label} "
                         "snapshot\n")
    return reason


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code: 0 done, 1 a shown total is unknown (a missing price) or
    a file cannot be written, 2 bad input, 3 no usable snapshot, 130 interrupted (Ctrl-C)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # temp files are removed by the writers' ``finally``
        return _fail("interrupted", 130)


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as e:
        return _fail(str(e).split(": ", 1)[-1], 2)
    except SystemExit as e:  # --help
        return int(e.code or 0)
    handler: Callable[[argparse.Namespace], Output] = args.handler
    try:
        # The one place the CLI chooses its prices: every command is handed this catalog.
        args.catalog = active_catalog()
        said = _note_fallback()
        try:
            out = handler(args)
        except SnapshotError as e:  # a refreshed table damaged since its digests were checked
            fallback = fall_back(str(e))
            if fallback is None:
                raise
            args.catalog = fallback
            said = _note_fallback(said)
            out = handler(args)
        _note_fallback(said)  # a handler that checked the digests itself (prices status)
        text = render(out, args.format)
        if args.output and str(args.output) != "-":
            write_atomic(args.output, text)  # see calc.fileio: devices, FIFOs, links, modes
        else:
            sys.stdout.write(text)
    except InputError as e:  # the message names the option typed, not the model's field
        return _fail(cli_message(str(e), args), 2)
    except ValidationError as e:
        return _fail(cli_message(first_error(e), args), 2)
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
