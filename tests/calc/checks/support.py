"""What the plan-check tests compute with: the bundled snapshot as a named catalog (never
"whatever is active"), one section checked by its registered function, and the asserts every
section test makes (status, rule ID, message, a fix unless it passes)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from calc.checks.findings import CheckContext
from calc.checks.models import Plan
from calc.checks.registry import check_for
from calc.checks.results import SectionChecks
from calc.fields import Basis
from calc.pricing import Catalog, bundled_root
from tests.support.catalogs import bundled_catalog

CATALOG = bundled_catalog()


def check(section: str, basis: Basis = "aws_today", **fields: Any) -> SectionChecks:
    """The registered check of ``section`` on a plan with only that section (validated as the
    plan validates it), against the bundled catalog's limits."""
    plan = Plan.model_validate({section: fields})
    return check_for(section)(getattr(plan, section), CheckContext(CATALOG, basis))


def row(checked: SectionChecks, name: str) -> dict[str, Any]:
    rows = [r for r in checked.results if r.check == name]
    assert len(rows) == 1, f"expected one {name!r} row, got {[r.check for r in checked.results]}"
    return rows[0].__dict__


def status(checked: SectionChecks, name: str) -> str:
    return str(row(checked, name)["status"])


def assert_result(checked: SectionChecks, name: str, expected: str,
                  rule_id: str) -> dict[str, Any]:
    r = row(checked, name)
    assert r["status"] == expected, r
    assert r["rule_id"] == rule_id
    assert r["message"]
    if expected == "pass":
        assert r["fix"] == ""
    else:
        assert r["fix"], "a warn or fail must say how to fix it"
    return r


def catalog_with_limits(folder: Path, changes: dict[str, float]) -> Catalog:
    """A copy of the bundled snapshot in ``folder`` whose ``limits.csv`` has other figures:
    ``changes`` maps a limit key to its new value (both the notes' and today's), for tests that
    the checks read their limits from the catalog they are handed. The manifest's digest of
    the limits file is rewritten to match."""
    src = Path(str(bundled_root()))
    shutil.copytree(src, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py"))
    path = folder / "limits.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    unknown = set(changes) - {r["key"] for r in rows}
    assert not unknown, f"no such limits: {sorted(unknown)}"
    for r in rows:
        if r["key"] in changes:
            r["value_notes"] = r["value_today"] = repr(float(changes[r["key"]]))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["limits"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Catalog(folder, label="other limits")
