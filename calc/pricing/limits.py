"""The rule limits of RULES.md (``limits.csv``): each figure as the notes give it and as AWS
states it today, with its unit and rule ID."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from calc.fields import Basis
from calc.pricing.errors import SnapshotError
from calc.pricing.schema import optional_float

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Limit:
    """A figure from RULES.md: the notes' value, AWS's today, its unit and rule ID."""

    key: str
    rule_id: str
    value_notes: float | None
    value_today: float | None
    unit: str
    notes_line: str
    description: str

    @property
    def differs(self) -> bool:
        return self.value_notes is not None and self.value_notes != self.value_today

    def value(self, basis: Basis = "aws_today") -> float:
        """The figure under ``basis``; the notes fall back to today's where they are silent."""
        if basis == "notes" and self.value_notes is not None:
            return self.value_notes
        if self.value_today is None:
            if self.value_notes is not None:
                return self.value_notes
            raise LookupError(f"limit {self.key} has no value")
        return self.value_today

    def explain(self) -> str:
        """e.g. "gp3 maximum IOPS: notes 16,000, AWS today 80,000 [EBS-GP3]"."""
        def fmt(v: float | None) -> str:
            return "n/a" if v is None else f"{v:,.10g}"
        if self.differs:
            figures = f"notes {fmt(self.value_notes)}, AWS today {fmt(self.value_today)}"
        else:
            figures = fmt(self.value_today if self.value_today is not None else self.value_notes)
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.description}: {figures}{unit} [{self.rule_id}]"


class Limits:
    """The limits table as lookups by key."""

    def __init__(self, frame: pd.DataFrame, file: str) -> None:
        self._file = file
        self._by_key: dict[str, Limit] = {}
        for rec in frame.to_dict("records"):
            self._by_key[rec["key"]] = Limit(
                key=rec["key"], rule_id=rec["rule_id"],
                value_notes=optional_float(rec["value_notes"]),
                value_today=optional_float(rec["value_today"]),
                unit=rec["unit"], notes_line=rec["notes_line"], description=rec["description"])

    def __getitem__(self, key: str) -> Limit:
        try:
            return self._by_key[key]
        except KeyError:
            raise SnapshotError(self._file, f"no limit with key {key!r}", column="key") from None

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[Limit]:
        return iter(self._by_key.values())

    def value(self, key: str, basis: Basis = "aws_today") -> float:
        return self[key].value(basis)

    def for_rule(self, rule_id: str) -> list[Limit]:
        return [lim for lim in self._by_key.values() if lim.rule_id == rule_id]
