"""What the plan checks say: one :class:`CheckResult` per check, a :class:`SectionChecks` per
plan section, and the :class:`CheckReport` of a whole plan (the rows the CLI prints and the GUI
shows, with the calculators' workings)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

from calc.fields import Basis

Status = Literal["pass", "warn", "fail"]
STATUSES: tuple[Status, ...] = ("pass", "warn", "fail")
COLUMNS = ("section", "check", "status", "rule_id", "notes_line", "message", "fix")
# the order a summary names the statuses in: what needs doing first
SUMMARY_ORDER: tuple[Status, ...] = ("fail", "warn", "pass")


@dataclass(frozen=True)
class CheckResult:
    """One check of one plan section: pass / warn / fail, the rule ID, the notes' line, a
    one-line message with the numbers and, unless it passes, a concrete fix."""

    section: str
    check: str
    status: Status
    rule_id: str
    notes_line: str
    message: str
    fix: str = ""


@dataclass(frozen=True)
class SectionChecks:
    """What the check of one plan section returns: its results, in order, and what its
    calculators worked out (keyed by calculation, e.g. ``"rds_autoscaling"``)."""

    section: str
    results: tuple[CheckResult, ...]
    calculations: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckReport:
    """Every check result of a plan, and the calculators' workings (for JSON and the GUI)."""

    results: tuple[CheckResult, ...]
    calculations: dict[str, Any] = field(default_factory=dict)
    basis: Basis = "aws_today"

    @property
    def table(self) -> pd.DataFrame:
        """One row per check: section, check, status, rule_id, notes_line, message, fix."""
        return pd.DataFrame([asdict(r) for r in self.results], columns=list(COLUMNS))

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.results) for s in STATUSES}

    @property
    def failed(self) -> bool:
        return any(r.status == "fail" for r in self.results)

    @property
    def summary(self) -> str:
        """e.g. "8 fail, 9 warn, 39 pass"."""
        counts = self.counts
        return ", ".join(f"{counts[s]} {s}" for s in SUMMARY_ORDER)

    @property
    def rules(self) -> list[str]:
        """The rule IDs the results cite, each once, in the order of the results."""
        return list(dict.fromkeys(r.rule_id for r in self.results))

    @property
    def failing_rules(self) -> list[str]:
        """The rule IDs of the failing checks, each once, in the order of the results."""
        return list(dict.fromkeys(r.rule_id for r in self.results if r.status == "fail"))
