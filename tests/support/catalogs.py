"""The catalogs tests compute on: the bundled snapshot, named as such (never "whatever is
active"), and a copy with every price scaled (tests/support/scaled.py)."""

from __future__ import annotations

from functools import cache

from calc.pricing import Catalog, bundled_root


@cache
def bundled_catalog() -> Catalog:
    """The snapshot shipped in pricing_data/ (one instance per test process)."""
    return Catalog(bundled_root(), label="bundled")
