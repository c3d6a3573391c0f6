"""Errors the price catalog raises; each names what is wrong in words a user can act on.

Input errors are in :mod:`calc.errors`.
"""

from __future__ import annotations


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
