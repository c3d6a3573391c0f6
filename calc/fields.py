"""Shared vocabulary of the input models: the limits basis and bounded fields.

Every calculator says which set of limits it checks against with one name, ``basis``:
``"aws_today"`` (AWS's current figures, the default) or ``"notes"`` (the figures of the study
notes, see RULES.md). Bounded numeric inputs are declared with :func:`bounded`, so a field's
range, description and default live in one place that the CLI (``calc.cliargs``) and the error
messages (``calc.errors``) read.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

Basis = Literal["aws_today", "notes"]
BASES: tuple[Basis, ...] = ("aws_today", "notes")
BASIS_LABELS: dict[str, str] = {"aws_today": "AWS today", "notes": "as in the notes"}
BASIS_HELP = "limits as AWS states them today (default) or as in the notes"
BASIS_DESCRIPTION = "Limits checked: as AWS states them today, or as in the notes (RULES.md)."


def basis_label(basis: str) -> str:
    """``"aws_today"`` -> "AWS today", ``"notes"`` -> "as in the notes"."""
    return BASIS_LABELS[basis]


def basis_field() -> Any:
    """The ``basis`` field every input model with limits declares (default AWS today)."""
    return Field("aws_today", description=BASIS_DESCRIPTION)


def bounded(default: Any = ..., *, description: str, ge: float | None = None,
            gt: float | None = None, le: float | None = None, lt: float | None = None,
            unit: str = "") -> Any:
    """A numeric field with its range, description and unit in one declaration.

    ``unit`` is appended to the description in brackets (``"Size [GiB]."``), which is how the
    CLI's help and the GUI's labels show it.
    """
    text = description.rstrip(".")
    if unit:
        text += f" [{unit}]"
    return Field(default, description=text + ".", ge=ge, gt=gt, le=le, lt=lt)


# Inputs no field may pass, whatever its own range: Costsizer computes in floating point, and a
# value past these gives an unbounded loop, memory or an infinite result (issue 15, item 4).
SANE_MAX = 1e15
SANE_REASON = "the largest amount Costsizer computes with"
_CAP_MARK = "__costsizer_cap__"


def _numeric(annotation: Any) -> bool:
    """Is ``annotation`` an int or float (optionally ``| None`` or ``Annotated``)?"""
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_numeric(a) for a in typing.get_args(annotation))
    if origin is typing.Annotated:
        return _numeric(typing.get_args(annotation)[0])
    return annotation in (int, float)


def _upper_bound(info: Any) -> float | None:
    import annotated_types as at

    for item in info.metadata:
        if isinstance(item, at.Le | at.Lt):
            bound: Any = item.le if isinstance(item, at.Le) else item.lt
            return float(bound)
    return None


def _cap_check(name: str, cap: float, reason: str) -> Any:
    import math

    from calc.errors import InputError

    def check(value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(name, value, "must be a finite number")
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > cap:
            raise InputError(name, value, f"at most {cap:,.15g} ({reason})")
        return value

    setattr(check, _CAP_MARK, cap)
    return check


def bound_models(namespace: dict[str, Any],
                 caps: dict[str, tuple[float, str]] | None = None) -> None:
    """Give every numeric field of the pydantic models in ``namespace`` an upper bound.

    Called at the end of each ``models.py`` with its ``globals()``. A field declared with ``le``
    or ``lt`` keeps its own bound (AWS's limit); ``caps`` gives a field an upper bound by name
    (``{"months": (1200, "100 years")}``); any other numeric field is bounded by
    :data:`SANE_MAX`. Every bounded field also refuses ``inf`` and ``nan``. The message states
    the field, the value and the bound (issue 15, items 4 and 7).
    """
    from pydantic import AfterValidator, BaseModel

    models = [v for v in list(namespace.values())
              if isinstance(v, type) and issubclass(v, BaseModel) and v is not BaseModel
              and v.__module__ == namespace.get("__name__")]
    for model in models:
        for name, info in model.model_fields.items():
            if not _numeric(info.annotation):
                continue
            if any(hasattr(getattr(m, "func", None), _CAP_MARK) for m in info.metadata):
                continue
            own = _upper_bound(info)
            cap, reason = (caps or {}).get(name, (own if own is not None else SANE_MAX,
                                                  SANE_REASON if own is None else "its range"))
            info.metadata.append(AfterValidator(_cap_check(name, cap, reason)))
        model.model_rebuild(force=True)


def upper_bound(info: Any) -> float | None:
    """The upper bound of a field (its ``le``/``lt``, or the cap :func:`bound_models` gave)."""
    own = _upper_bound(info)
    if own is not None:
        return own
    for item in info.metadata:
        cap = getattr(getattr(item, "func", None), _CAP_MARK, None)
        if cap is not None:
            return float(cap)
    return None
