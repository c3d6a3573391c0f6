"""Check a merged snapshot against its base before anything is written.

Every price the base had for a refreshed Region must still be there and be a positive number,
and no price may move more than :data:`LARGE_MOVE_FACTOR` x: such moves are listed and the
refresh stops unless the caller allows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from calc.pricing.errors import RefreshError
from calc.pricing.refresh.merge import SnapshotMerge, raw_rows
from calc.pricing.schema import SCHEMAS

LARGE_MOVE_FACTOR = 10.0  # a price more than 10x (or under 1/10 of) the base one is reported


@dataclass(frozen=True)
class LargeMove:
    table: str
    key: str
    column: str
    old: float
    new: float

    @property
    def factor(self) -> float:
        if self.old == 0:
            return float("inf")
        return self.new / self.old

    def describe(self) -> str:
        return (f"{self.table} {self.key} {self.column}: {self.old:g} -> {self.new:g} "
                f"({self.factor:.3g}x)")


def _num(text: str) -> float | None:
    try:
        return float(text) if text != "" else None
    except ValueError:
        return None


def validate(merged: SnapshotMerge) -> list[LargeMove]:
    """Required prices present and positive; moves of more than 10x listed."""
    old: dict[tuple[str, str, str], str] = {}
    tables_seen = {t for t, _, _ in merged.new_values}
    for name in tables_seen:
        schema = SCHEMAS[name]
        for r in raw_rows(merged.base, name):
            if name == "s3_prices":
                key = (f"{r['region_code']} {r['storage_class']} {r['component']} "
                       f"{float(r['tier_start_gb']):g}")
            else:
                key = " ".join(r[k] for k in schema.key) if len(schema.key) > 1 \
                    else r["region_code"]
            for c, unit in schema.units().items():
                if unit.startswith("USD") and r.get(c, "") != "":
                    old[(name, key, c)] = r[c]
    moves: list[LargeMove] = []
    for (name, key, col), text in merged.new_values.items():
        if name == "s3_prices":
            region, cls, comp, start = key.split(" ")
            key = f"{region} {cls} {comp} {float(start):g}"
        new = _num(text)
        if new is None or new != new or new < 0:
            merged.problems.append(f"{name} {key} {col}: {text!r} is not a price")
            continue
        was = old.get((name, key, col))
        prev = _num(was) if was is not None else None
        if new == 0 and (prev is None or prev != 0):
            merged.problems.append(f"{name} {key} {col}: price 0 (the active snapshot has "
                                 f"{was or 'none'}); prices must be positive")
            continue
        if prev is None:
            continue
        if (prev == 0 and new > 0) or (prev > 0 and not (
                1 / LARGE_MOVE_FACTOR <= new / prev <= LARGE_MOVE_FACTOR)):
            moves.append(LargeMove(name, key, col, prev, new))
    if merged.problems:
        shown = "; ".join(merged.problems[:5])
        more = f" and {len(merged.problems) - 5} more" if len(merged.problems) > 5 else ""
        raise RefreshError(f"the offer files fail validation ({len(merged.problems)} "
                           f"problem(s)): {shown}{more}. Nothing was changed")
    return moves


def refuse_large_moves(moves: list[LargeMove]) -> None:
    """Stop the refresh: ``moves`` are listed (the first five) in the error."""
    shown = "; ".join(m.describe() for m in moves[:5])
    more = f" and {len(moves) - 5} more" if len(moves) > 5 else ""
    raise RefreshError(
        f"{len(moves)} price(s) moved more than {LARGE_MOVE_FACTOR:g}x against the "
        f"active snapshot: {shown}{more}. Nothing was changed; check the source, "
        "or run again with --allow-large-moves to take them.", large_moves=moves)
