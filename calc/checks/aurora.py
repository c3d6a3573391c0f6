"""Aurora storage quorum: what a cluster volume still does after losing copies.

The figures come from ``pricing_data/limits.csv`` through :meth:`AuroraRule.from_limits`.
Rule: AURORA.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from calc.fields import Basis
from calc.pricing import Limits
from calc.units import T


@dataclass(frozen=True)
class AuroraRule:
    """Aurora storage figures (rule AURORA)."""

    copies: int
    azs: int
    write_quorum: int
    read_quorum: int

    @property
    def copies_per_az(self) -> int:
        return self.copies // self.azs

    @classmethod
    def from_limits(cls, limits: Limits, basis: Basis = "aws_today") -> AuroraRule:
        v = limits.value
        return cls(int(v("aurora.storage.copies", basis)), int(v("aurora.storage.azs", basis)),
                   int(v("aurora.storage.write_quorum", basis)),
                   int(v("aurora.storage.read_quorum", basis)))


def aurora_copies_lost(*, azs_lost: int, extra_copies_lost: int, rule: AuroraRule) -> int:
    """Copies lost when whole AZs and some further copies fail (at most all copies)."""
    return min(azs_lost * rule.copies_per_az + extra_copies_lost, rule.copies)


def aurora_quorum(*, copies_lost: T, rule: AuroraRule) -> tuple[T, T]:
    """Whether an Aurora cluster volume can still write and read after losing copies.

    Parameters
    ----------
    copies_lost : int or ndarray
        Storage copies unavailable (0-6).
    rule : AuroraRule
        Copies and quorums (from limits.csv).

    Returns
    -------
    (can_write, can_read) : bool or ndarray of bool

    Notes
    -----
    6 copies across 3 AZs; writes need 4 copies, reads 3 (notes L3507-3509). So losing one
    AZ (2 copies) keeps writes and reads; one AZ plus one more copy (3) keeps reads only.
    Rule: AURORA.
    """
    left = rule.copies - np.asarray(copies_lost)
    can_write, can_read = left >= rule.write_quorum, left >= rule.read_quorum
    if can_write.ndim:
        return can_write, can_read  # type: ignore[return-value]
    return bool(can_write), bool(can_read)  # type: ignore[return-value]


def aurora_failure_table(rule: AuroraRule) -> pd.DataFrame:
    """Every failure from no copy lost to all copies lost: what the cluster still does."""
    rows = []
    for lost in range(rule.copies + 1):
        azs, extra = divmod(lost, rule.copies_per_az)
        what = " + ".join(p for p in (f"{azs} AZ" + ("s" if azs > 1 else "") if azs else "",
                                      f"{extra} cop" + ("ies" if extra > 1 else "y")
                                      if extra else "") if p) or "nothing"
        can_write, can_read = aurora_quorum(copies_lost=lost, rule=rule)
        rows.append({"copies_lost": lost, "equivalent_failure": what,
                     "copies_left": rule.copies - lost, "can_write": can_write,
                     "can_read": can_read})
    return pd.DataFrame(rows)
