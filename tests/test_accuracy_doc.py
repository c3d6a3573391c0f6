"""docs/accuracy.md stays true: every test it cites exists, and every rule ID of RULES.md has
at least one row (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "accuracy.md"
RULES = ROOT.parent / "shared" / "RULES.md"


def _rows() -> list[list[str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith("| rule ID") and "---" not in line:
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def test_every_cited_test_exists() -> None:
    cited = re.findall(r"(tests/[\w/]+\.py)::(test_\w+)", DOC.read_text(encoding="utf-8"))
    assert len(cited) > 100
    missing = []
    for path, name in cited:
        file = ROOT / path
        if not file.exists() or not re.search(rf"^def {name}\(", file.read_text(
                encoding="utf-8"), re.MULTILINE):
            missing.append(f"{path}::{name}")
    assert not missing, missing


def test_every_rule_id_has_a_row() -> None:
    if not RULES.exists():
        pytest.skip("../shared/RULES.md is not beside this checkout")
    ids = set(re.findall(r"^\| ([A-Z][A-Z0-9-]+) \|", RULES.read_text(encoding="utf-8"),
                         re.MULTILINE)) - {"ID"}
    listed = {r[0] for r in _rows()}
    assert ids, "no rule IDs read from RULES.md"
    assert not ids - listed, sorted(ids - listed)
