"""Errors of user input, and pydantic validation errors as one-line, field-named messages.

An InputError names the field, the value, what is allowed and the RULES.md ID of the limit.
Models raise ``ValueError`` from validators with the allowed range and the rule ID in the
message; :func:`field_errors` keeps those words and adds the field and the value, for the CLI
(one line on stderr, exit 2) and the GUI (a message beside each field). Pricing errors
(a missing price, a damaged snapshot) are in :mod:`calc.pricing.errors`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError


class InputError(ValueError):
    """A user input is out of range or unknown: names the field, the value and what is allowed.

    ``rule_id`` is the RULES.md ID the limit comes from, when there is one.
    """

    def __init__(self, field: str, value: object, allowed: str, *,
                 rule_id: str | None = None) -> None:
        self.field, self.value, self.allowed, self.rule_id = field, value, allowed, rule_id
        msg = f"{field}={value!r}: {allowed}"
        if rule_id:
            msg += f" [{rule_id}]"
        super().__init__(msg)


def unknown_name(field: str, value: str, known: Iterable[str], *, what: str) -> InputError:
    """An InputError for an unknown name, with close matches when there are some."""
    names = list(known)
    close = difflib.get_close_matches(value, names, n=3, cutoff=0.6)
    if close:
        allowed = f"unknown {what}; did you mean {', '.join(close)}?"
    else:
        allowed = f"unknown {what}; {len(names)} are known (list them with the CLI)"
        if len(names) <= 12:
            allowed = f"unknown {what}; one of {', '.join(names)}"
    return InputError(field, value, allowed)


def field_errors(exc: ValidationError) -> dict[str, str]:
    """``{field: message}`` for every error; the message names the value and what is allowed."""
    out: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ())) or "input"
        msg = str(err.get("msg", "invalid"))
        ctx = err.get("ctx") or {}
        if isinstance(ctx.get("error"), InputError):
            ie: InputError = ctx["error"]
            parts = [str(p) for p in err.get("loc", ())]
            # a nested model's error keeps its parent path (transfer.utilization)
            if ie.field and (not parts or parts[-1] != ie.field):
                parts.append(ie.field)
            out.setdefault(".".join(parts) or loc, str(ie))
            continue
        msg = msg.removeprefix("Value error, ")
        value = err.get("input")
        out.setdefault(loc, f"{loc}={_short(value)}: {msg}")
    return out


def first_error(exc: ValidationError | InputError) -> str:
    """The first error as a single line."""
    if isinstance(exc, InputError):
        return str(exc)
    errors = field_errors(exc)
    return next(iter(errors.values()), str(exc)).replace("\n", " ")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
