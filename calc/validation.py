"""Turn pydantic validation errors into one-line, field-named messages.

Models raise ``ValueError`` from validators with the allowed range and the rule ID in the
message; this module keeps those words and adds the field and the value, for the CLI (one line
on stderr, exit 2) and the GUI (a message beside each field).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from calc.pricing.errors import InputError


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
