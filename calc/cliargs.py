"""CLI options generated from an input model's fields: the model is the one source of the inputs.

:func:`add_model_arguments` adds one ``--option`` per field of a pydantic model: its name from the
field name (``size_gib`` -> ``--size-gib``), its type and choices from the annotation (``int``,
``float``, ``str``, ``bool``, ``Literal[...]``, optional or not), its help from the field's
description, and "(default: X)" from the model's default. Options the user does not give are
left out (their value is ``None``), so the model's own default applies: :func:`model_data` returns
just the given values, keyed by field name, ready for ``Model(**data)`` or
``calc.context.validate``.
"""

from __future__ import annotations

import argparse
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined


def option_name(field: str, rename: Mapping[str, str] | None = None) -> str:
    """``size_gib`` -> ``--size-gib`` (or the renamed spelling)."""
    return "--" + (rename or {}).get(field, field).replace("_", "-")


def _unwrap_optional(annotation: Any) -> Any:
    """``X | None`` -> ``X``, and ``Annotated[X, ...]`` -> ``X`` (constraints stay on the model)."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap_optional(args[0])
    if origin is Annotated:
        return _unwrap_optional(typing.get_args(annotation)[0])
    return annotation


def _choices(annotation: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(annotation) is Literal:
        return tuple(typing.get_args(annotation))
    return None


def _default_text(info: FieldInfo) -> str:
    if info.default is PydanticUndefined or info.default is None:
        return ""
    value = info.default
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f" (default: {value})"


def _help(info: FieldInfo, extra: str = "") -> str:
    text = (info.description or "").strip().rstrip(".")
    text = text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
    return (text + extra + _default_text(info)).replace("%", "%%")


def add_model_arguments(parser: argparse.ArgumentParser, model: type[BaseModel], *,
                        only: Iterable[str] | None = None, exclude: Iterable[str] = (),
                        rename: Mapping[str, str] | None = None,
                        aliases: Mapping[str, Iterable[str]] | None = None,
                        required: Iterable[str] | None = None,
                        help: Mapping[str, str] | None = None) -> None:
    """Add one option per field of ``model`` (in declaration order).

    ``only``/``exclude`` choose the fields; ``rename`` gives a field another option spelling;
    ``aliases`` adds further spellings (kept for older command lines); ``required`` overrides
    which options must be given (default: the model's required fields); ``help`` overrides a
    field's help text. Nested models are skipped (a command maps those by hand).
    """
    wanted = list(only) if only is not None else list(model.model_fields)
    skip = set(exclude)
    must = set(required) if required is not None else None
    for name in wanted:
        if name in skip:
            continue
        info = model.model_fields[name]
        annotation = _unwrap_optional(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            continue
        flags = [option_name(name, rename), *((aliases or {}).get(name, ()))]
        text = (help or {}).get(name) or _help(info)
        is_required = (info.is_required() if must is None else name in must)
        kwargs: dict[str, Any] = {"dest": name, "default": None, "help": text}
        choices = _choices(annotation)
        if annotation is bool:
            kwargs["action"] = argparse.BooleanOptionalAction
        elif choices is not None:
            kwargs["choices"] = choices
            kwargs["type"] = type(choices[0])
        elif annotation in (int, float, str):
            kwargs["type"] = annotation
            if annotation is not str:
                kwargs["metavar"] = "N"
        else:  # lists and other shapes: a command maps those by hand
            continue
        if is_required and annotation is not bool:
            kwargs["required"] = True
        parser.add_argument(*flags, **kwargs)


def model_data(args: argparse.Namespace, model: type[BaseModel], *,
               only: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The values the user gave for ``model``'s fields (options not given are left out)."""
    wanted = list(only) if only is not None else list(model.model_fields)
    skip = set(exclude)
    return {n: getattr(args, n) for n in wanted
            if n not in skip and getattr(args, n, None) is not None}
