"""Fuzz every CLI command in-process (issue 15, "A fuzz test in the suite").

Each call runs ``calc.cli.main(argv)`` with options drawn from the command's own parser: good
values, edges (0, -1, 4.9e-324, 1e308, 1e400, inf, nan, 2**63, a 5000-digit number,
non-ASCII digits) and junk. Every call must:

- return normally (no traceback, no RuntimeWarning: warnings are errors here),
- exit 0, 1 or 2, with exactly one stderr line on 2,
- print finite numbers only (JSON parsed strictly; table and CSV searched for inf/nan),
- finish within 10 s (a watchdog fails a hang; the time is not otherwise asserted).

``make test`` runs a bounded, derandomized count (the "ci" profile); ``make fuzz`` runs 10,000
calls (the "fuzz" profile of tests/conftest.py). ``prices refresh`` is left out (it would go to
the network); its ``--source`` check is tested in tests/test_inputs.py.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import re
import signal
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.cli import build_parser, main

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
TOTAL_CALLS = 10_000 if FUZZ else 140  # the bounded count keeps this file under ~8 s
HANG_SECONDS = 10
SKIP = {("prices", "refresh")}  # network; --source is checked in tests/test_inputs.py
NOT_OPTIONS = {"help", "format", "output"}

EDGE_NUMBERS = ["0", "-1", "1", "0.5", "4.9e-324", "1e-300", "1e308", "-1e308", "1e400",
                "inf", "-inf", "nan", "9223372036854775808", "1" * 5000, "²", "1e13",
                "10000000", "", " ", "1_000", "0x10", "12", "3.5", "100", "900000"]
GOOD_TEXT = ["us-east-1", "eu-west-1", "ap-east-2", "us-east-9", "t3.micro", "t4g.nano",
             "m5.large", "c6g.large", "standard", "standard_ia", "glacier_flexible",
             "on_demand", "spot", "linux", "gp3", "é", "\n", "", "a" * 300]
RULES = ["standard_ia:30", "glacier_flexible:90", "deep_archive:180", "standard_ia:²",
         "standard_ia:-3", "x:1", ":", "standard_ia:99999999", "onezone_ia:0"]
RATES = ["on_demand=0.1", "spot=0.01,5", "reserved_1y=abc", "x=1", "=", "on_demand=1e400",
         "on_demand=nan", "sp_compute_1y=0.05"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Small UTF-8 files to hand to file options (broken encodings are tested by the readers)."""
    d = tmp_path_factory.mktemp("fuzz")
    contents = {"empty.json": "", "list.json": "[]", "obj.json": '{"rules": []}',
                "bad.json": "{", "deep.json": "[" * 50 + "]" * 50,
                "rules.json": '{"rules": [{"storage_class": "standard_ia", "days": 30}]}',
                "plan.json": '{"s3": {"objects": 1e400}}', "big.json": '{"x": ' + "9" * 5000 + "}",
                "weekly.csv": "hour,usd_per_hour\n0,1\n", "points.csv": "memory_mb,duration_ms\n"
                "128,100\n", "text.csv": "a,b\n1,inf\n"}
    for name, text in contents.items():
        (d / name).write_text(text, encoding="utf-8")
    return [str(d / n) for n in contents] + [str(d / "missing.json"), str(d)]


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
            ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, (*path, name))


PARSER = build_parser()
COMMANDS = {path: p for path, p in _leaves(PARSER) if path not in SKIP}
DATA_DIR = tempfile.mkdtemp(prefix="costsizer-fuzz-data-")
PER_COMMAND = max(4, math.ceil(TOTAL_CALLS / len(COMMANDS)))


def _value(action: argparse.Action, files: list[str]) -> st.SearchStrategy[str]:
    if action.choices:
        return st.one_of(st.sampled_from([str(c) for c in action.choices]),
                         st.sampled_from(GOOD_TEXT))
    name = getattr(action.type, "__name__", "")
    opt = action.option_strings[0] if action.option_strings else action.dest
    if opt == "--data-dir":  # prices status/reset: a folder of its own, nothing to lose
        return st.sampled_from([DATA_DIR, f"{DATA_DIR}/missing"])
    if action.type is Path or opt in ("--points-csv", "plan") or "file" in opt:
        return st.sampled_from(files)
    if opt == "--rule":
        return st.sampled_from(RULES)
    if opt in ("--rate", "--discount"):
        return st.one_of(st.sampled_from(RATES), st.text(max_size=12))
    if name in ("cli_int", "int"):
        return st.one_of(st.sampled_from(EDGE_NUMBERS),
                         st.integers(-10, 10**7).map(str), st.integers().map(str))
    if name in ("cli_float", "float"):
        return st.one_of(st.sampled_from(EDGE_NUMBERS),
                         st.floats(allow_nan=True, allow_infinity=True).map(repr),
                         st.floats(0, 1e6).map(repr))
    return st.one_of(st.sampled_from(GOOD_TEXT), st.text(max_size=20))


@st.composite
def argvs(draw: st.DrawFn, path: tuple[str, ...], files: list[str]) -> list[str]:
    parser = COMMANDS[path]
    argv = list(path)
    for action in parser._actions:
        if action.dest in NOT_OPTIONS or isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:  # positional (check PLAN.json, prices show SERVICE)
            if action.dest == "service":
                argv.append(draw(st.sampled_from(["lambda", "ebs", "s3", "efs", "ec2", "rds"])))
            else:
                argv.append(draw(_value(action, files)))
            continue
        given_p = st.sampled_from([True] * 9 + [False]) if action.required else st.booleans()
        if not draw(given_p):
            continue
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:  # store_true, store_const, --x/--no-x
            argv.append(flag)
        else:
            argv.append(f"{flag}={draw(_value(action, files))}")
    argv += ["--format", draw(st.sampled_from(["json", "json", "table", "csv"]))]
    return argv


class Hang(BaseException):
    """Raised by the watchdog: a call ran past HANG_SECONDS (BaseException: main catches
    OSError and others, never this)."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise Hang(f"no answer within {HANG_SECONDS} s")


def run(argv: list[str]) -> tuple[int, str, str, float]:
    """``main(argv)`` with stdout and stderr captured, warnings as errors, under the watchdog."""
    out, err = io.StringIO(), io.StringIO()
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    start = time.perf_counter()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            warnings.simplefilter("error", RuntimeWarning)
            code = main(argv)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


def _reject_constant(name: str) -> float:
    raise AssertionError(f"non-finite number {name} in the JSON output")


def _finite(value: Any) -> None:
    if isinstance(value, float):
        assert math.isfinite(value), value
    elif isinstance(value, dict):
        for v in value.values():
            _finite(v)
    elif isinstance(value, list):
        for v in value:
            _finite(v)


NON_FINITE = re.compile(r"(?<![\w.])-?(inf|infinity|nan)(?![\w])", re.IGNORECASE)
TIMES: list[float] = []
INTERNAL_FIELD = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\.\w+)*=")


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_survives_fuzzed_options(path: tuple[str, ...], files: list[str]) -> None:
    @settings(max_examples=PER_COMMAND, suppress_health_check=list(HealthCheck))
    @given(argv=argvs(path, files))
    def check(argv: list[str]) -> None:
        code, out, err, seconds = run(argv)
        TIMES.append(seconds)
        assert "Traceback" not in err, err
        assert code in (0, 1, 2), (code, err)
        if code == 2:
            assert err.count("\n") == 1 and err.endswith("\n"), err
            assert err.startswith("costsizer-cli: error: "), err
            # item 7: the value named is the option typed (--data-tb=), never the model's
            # field (data_tb=): 1,216 of 3,983 value errors did that
            assert not INTERNAL_FIELD.match(err, len("costsizer-cli: error: ")), err
        if code in (0, 1) and out:
            if argv[-1] == "json":
                _finite(json.loads(out, parse_constant=_reject_constant))
            else:
                assert not NON_FINITE.search(out), out

    check()
