"""The bundled price snapshot as a catalog, handed to every EBS call in these tests (never the
globally active one)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from calc.context import validate
from calc.pricing import Catalog, bundled_root

M = TypeVar("M", bound=BaseModel)

CATALOG = Catalog(bundled_root())


def make(model: type[M], **data: Any) -> M:
    """``model`` validated from ``data`` with the bundled catalog in the validation context."""
    return validate(model, data, catalog=CATALOG)
