"""Errors the price catalog and the price refresh raise; each names what is wrong in words a
user can act on.

Input errors are in :mod:`calc.errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from calc.pricing.refresh.validate import LargeMove


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


class RefreshError(Exception):
    """The refresh failed; the active snapshot is unchanged. ``large_moves`` lists the prices
    that moved more than 10x when that is why."""

    def __init__(self, message: str, *, large_moves: Sequence[LargeMove] = (),
                 cancelled: bool = False) -> None:
        self.large_moves, self.cancelled = list(large_moves), cancelled
        super().__init__(message)
