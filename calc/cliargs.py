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
import math
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined


def _shown(text: str) -> str:
    """A typed value as a message shows it: quoted, and cut when long (a 5000-digit number)."""
    return repr(text) if len(text) <= 40 else f"{text[:20]!r}... ({len(text):,} characters)"


def cli_float(text: str) -> float:
    """An argparse ``type``: a finite number (``inf``, ``nan`` and ``1e400`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {_shown(text)}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{_shown(text)}: must be a finite number")
    return value


def cli_int(text: str) -> int:
    """An argparse ``type``: a whole number of at most 30 digits (Python refuses 4,300+)."""
    digits = text.strip().lstrip("+-")
    if len(digits) > 30 or not digits.isdecimal() or not digits.isascii():
        raise argparse.ArgumentTypeError(f"not a whole number: {_shown(text)}")
    return int(text)


def http_url(text: str) -> str:
    """An argparse ``type``: an ``http://`` or ``https://`` URL with a plain host name or address
    (no other scheme, no spaces or control characters, ASCII only, a valid port)."""
    from urllib.parse import urlsplit

    allowed = "must be an http:// or https:// URL with a host, e.g. " \
              "https://pricing.us-east-1.amazonaws.com"
    if not text.isascii() or not text.isprintable() or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"{_shown(text)}: {allowed} (ASCII, no spaces or "
                                         f"control characters)")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"{_shown(text)}: {allowed} ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{_shown(text)}: {allowed}")
    if port == 0:
        raise argparse.ArgumentTypeError(f"{_shown(text)}: {allowed} (port 1 to 65535)")
    return text


_TYPES: dict[Any, Any] = {int: cli_int, float: cli_float}


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
            kwargs["type"] = _TYPES.get(annotation, annotation)
            if annotation is not str:
                kwargs["metavar"] = "N"
        else:  # lists and other shapes: a command maps those by hand
            continue
        if is_required and annotation is not bool:
            kwargs["required"] = True
        parser.add_argument(*flags, **kwargs)
    parser.set_defaults(_cli_parser=parser)


def model_data(args: argparse.Namespace, model: type[BaseModel], *,
               only: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The values the user gave for ``model``'s fields (options not given are left out)."""
    wanted = list(only) if only is not None else list(model.model_fields)
    skip = set(exclude)
    return {n: getattr(args, n) for n in wanted
            if n not in skip and getattr(args, n, None) is not None}


_FIELD_FLAGS = "_cli_field_flags"


def name_flags(parser: argparse.ArgumentParser, flags: Mapping[str, str]) -> None:
    """Say which option a model field comes from when no option has it as ``dest``
    (``{"rules": "--rule"}``): error messages name that option."""
    old = getattr(parser, _FIELD_FLAGS, {})
    setattr(parser, _FIELD_FLAGS, {**old, **flags})
    parser.set_defaults(_cli_parser=parser)


def field_flags(parser: argparse.ArgumentParser) -> dict[str, str]:
    """``{field: "--option"}`` for every option of a leaf parser (its ``dest`` is the field)."""
    out: dict[str, str] = {}
    for action in parser._actions:
        longs = [o for o in action.option_strings if o.startswith("--")]
        if longs and action.dest not in out:
            out[action.dest] = longs[0]
    out.update(getattr(parser, _FIELD_FLAGS, {}))
    return out


_LEAD = re.compile(r"^([A-Za-z_][\w.]*)=")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def cli_message(message: str, args: argparse.Namespace | None) -> str:
    """A model's message with the option the user typed in place of the field name:
    ``data_gib=-1.0: ...`` -> ``--snapshot-data-gib=-1.0: ...`` (issue 15, item 7).

    The leading ``field=`` (or ``section.field=``) becomes the option; any other snake_case
    field named in the text (``needs days_stored``) becomes its option too.
    """
    parser = getattr(args, "_cli_parser", None) if args is not None else None
    if parser is None:
        return message
    flags = field_flags(parser)

    def flag_of(loc: str) -> str | None:
        parts = [p for p in loc.split(".") if not p.isdecimal()]
        for key in (loc, *(parts[-1:]), *(parts[:1])):
            if key in flags:
                return flags[key]
        return None

    lead = _LEAD.match(message)
    head, rest = "", message
    if lead and (flag := flag_of(lead.group(1))) is not None:
        head, rest = flag + "=", message[lead.end():]
    return head + _SNAKE.sub(lambda m: flags.get(m.group(0), m.group(0)), rest)
