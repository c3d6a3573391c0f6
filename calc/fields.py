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
