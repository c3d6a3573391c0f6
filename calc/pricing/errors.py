"""Errors the price catalog raises. Each names what is wrong in words a user can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SnapshotError(Exception):
    """The snapshot on disk is corrupt or incomplete: names the file, row and column."""

    def __init__(self, file: str, message: str, *, row: int | None = None,
                 column: str | None = None) -> None:
        self.file, self.row, self.column = file, row, column
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"price snapshot {where}: {message}")


class PriceNotFound(LookupError):
    """The snapshot has no price for what was asked. Never replaced by a guess."""

    def __init__(self, what: str, *, region: str | None = None, as_of: str | None = None,
                 table: str | None = None) -> None:
        self.what, self.region, self.as_of, self.table = what, region, as_of, table
        msg = f"no price for {what}"
        if region:
            msg += f" in {region}"
        msg += " in the price snapshot"
        if as_of:
            msg += f" (as of {as_of})"
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0])


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
