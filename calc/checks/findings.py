"""What a section check works with: the catalog and basis it checks against
(:class:`CheckContext`) and the list it writes its results into (:class:`Findings`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from calc.checks.results import CheckResult, SectionChecks, Status
from calc.fields import Basis
from calc.pricing import Catalog, Limit, Limits


@dataclass(frozen=True)
class CheckContext:
    """The catalog a plan is checked with (limits from its ``limits.csv``, instance specs from
    its EC2 table) and the basis: AWS's figures of today or the notes'."""

    catalog: Catalog
    basis: Basis

    @cached_property
    def limits(self) -> Limits:
        return self.catalog.limits

    def value(self, key: str) -> float:
        """The figure of limit ``key`` under the context's basis."""
        return self.limits.value(key, self.basis)

    def limit(self, key: str) -> Limit:
        return self.limits[key]


@dataclass
class Findings:
    """The results of one section's check, in the order they are added."""

    section: str
    ctx: CheckContext
    results: list[CheckResult] = field(default_factory=list)
    calculations: dict[str, Any] = field(default_factory=dict)

    def add(self, check: str, status: Status, message: str, fix: str = "", *,
            key: str | None = None, rule_id: str | None = None,
            notes_line: str | None = None) -> None:
        """Record a result; ``key`` names the limit whose rule ID and notes line it cites
        (``rule_id`` and ``notes_line`` override them). A passing check carries no fix."""
        lim = self.ctx.limit(key) if key else None
        rid = rule_id or (lim.rule_id if lim else "")
        line = notes_line or (lim.notes_line if lim else "")
        self.results.append(CheckResult(self.section, check, status, rid, line, message,
                                        "" if status == "pass" else fix))

    def done(self) -> SectionChecks:
        return SectionChecks(self.section, tuple(self.results), dict(self.calculations))
