"""The price catalog handed to pydantic models through their validation context.

A model whose validators need the catalog (a Region or instance type to look up, limits under
a basis) reads it from ``info.context["catalog"]``: it is handed in, never fetched. Build such
a model with :func:`validate` (or ``Model.model_validate(data, context={"catalog": c})``);
only the two program entry points choose which catalog that is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel, ValidationInfo

if TYPE_CHECKING:
    from calc.pricing.catalog import Catalog

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Mapping[str, Any] | BaseModel, *, catalog: Catalog) -> M:
    """``model`` validated from ``data`` (a mapping or another model's fields) with ``catalog``
    in the validation context."""
    if isinstance(data, BaseModel):
        data = data.model_dump(exclude_unset=True)
    return model.model_validate(dict(data), context={"catalog": catalog})


def catalog_from(info: ValidationInfo) -> Catalog:
    """The catalog a model is being validated with; a programming error when there is none."""
    ctx = info.context
    catalog = ctx.get("catalog") if isinstance(ctx, Mapping) else None
    if catalog is None:
        raise RuntimeError("this model needs the price catalog: build it with "
                           "calc.context.validate(Model, data, catalog=...)")
    return cast("Catalog", catalog)
