"""Golden outputs: every runnable CLI example of the README prints the same bytes as recorded.

The examples are read from the README's ``sh`` blocks (a line starting ``python -m calc``, its
``\\`` continuations joined, the ``#`` comment dropped). Skipped: examples that need the network
or delete data (``prices refresh``/``reset``), that name a file the repository does not ship,
or that show optional flags in ``[...]``. Each runs as written and in the two other formats.
A deliberate change of output (a bug fix) is re-recorded with
``COSTSIZER_REGEN_GOLDEN=1 pytest tests/test_readme_golden.py`` and named in its commit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from calc.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).with_name("golden") / "readme"
REGEN = os.environ.get("COSTSIZER_REGEN_GOLDEN") == "1"


def readme_examples() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[list[str]] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.split("  #")[0].split(" # ")[0].strip()
            if not line.startswith("python -m calc "):
                continue
            argv = shlex.split(line)[3:]
            if "[" in line or argv[:2] in (["prices", "refresh"], ["prices", "reset"]):
                continue
            files = [a for a in argv if re.search(r"\.(json|csv)$", a) and a != "-o"]
            if any(not (ROOT / f).exists() for f in files if "-o" not in argv or
                   argv[argv.index("-o") + 1] != f):
                continue
            commands.append(argv)
    return commands


def _variants() -> list[list[str]]:
    out: list[list[str]] = []
    for argv in readme_examples():
        base = list(argv)
        if "--format" in base:
            i = base.index("--format")
            del base[i:i + 2]
        out += [base + ["--format", f] for f in ("table", "csv", "json")
                if base + ["--format", f] not in out]
    return out


VARIANTS = _variants()


def _name(argv: list[str]) -> str:
    # readable and short, made unique by a digest of the whole command line
    digest = hashlib.sha1(" ".join(argv).encode()).hexdigest()[:8]
    return f'{re.sub(r"[^A-Za-z0-9._=-]+", "_", " ".join(argv[:2] + argv[-2:]))}_{digest}'



def test_readme_has_examples() -> None:
    # the parser above must keep finding the README's examples, or this file tests nothing
    assert len(readme_examples()) >= 20


@pytest.mark.parametrize("argv", VARIANTS, ids=_name)
def test_readme_example_output_unchanged(argv: list[str], monkeypatch: pytest.MonkeyPatch,
                                         ) -> None:
    monkeypatch.chdir(ROOT)
    if argv[:2] == ["prices", "status"]:
        # it reports which tables this process has loaded: a fresh process, as a user runs it
        run = subprocess.run([sys.executable, "-m", "calc", *argv], capture_output=True,
                             text=True, cwd=ROOT, timeout=120)
        code, stdout, stderr = run.returncode, run.stdout, run.stderr
    else:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        stdout, stderr = out.getvalue(), err.getvalue()
    got = f"exit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"
    # the test's throw-away data folder (tests/conftest.py) differs per run
    got = got.replace(os.environ["COSTSIZER_DATA_DIR"], "$COSTSIZER_DATA_DIR")
    got = got.replace(str(ROOT), "$CHECKOUT")  # where this clone is
    path = GOLDEN / f"{_name(argv)}.txt"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden output for {argv}: record it with COSTSIZER_REGEN_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8")
