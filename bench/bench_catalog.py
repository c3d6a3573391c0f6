"""Catalog load: every table, and each table alone (issue: all tables <= 150 ms)."""

from __future__ import annotations

from bench import Bench
from calc.pricing.catalog import Catalog
from calc.pricing.schema import SCHEMAS
from calc.pricing.snapshots import bundled_root


def _load(names: list[str]) -> None:
    cat = Catalog(bundled_root())
    for n in names:
        cat.table(n)


def benchmarks() -> list[Bench]:
    out = [Bench("catalog: load all tables (fresh catalog)",
                 lambda: _load(list(SCHEMAS)), goal_ms=150, repeat=15)]
    for name in SCHEMAS:
        out.append(Bench(f"catalog: load {name}", lambda n=name: _load([n]), repeat=15))
    return out
