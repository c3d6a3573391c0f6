"""What the plan-check tests compute with: the bundled snapshot as a named catalog (never
"whatever is active"), one section checked by its registered function, and the asserts every
section test makes (status, rule ID, message, a fix unless it passes)."""

from __future__ import annotations

from typing import Any

from calc.checks.findings import CheckContext
from calc.checks.models import Plan
from calc.checks.registry import check_for
from calc.checks.results import SectionChecks
from calc.fields import Basis
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
