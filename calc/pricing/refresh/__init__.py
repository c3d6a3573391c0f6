"""Refresh prices from the AWS Price List bulk API into a new snapshot in the user data dir.

The steps, one module each: :mod:`.fetch` (HTTP with retries and cancel), :mod:`.download`
(the offer and region indexes, then each Region's offer file, parsed and cached as a part),
:mod:`.offers` (Price List files to snapshot rows, in the words of :mod:`.vocabulary`),
:mod:`.merge` (the new rows over a copy of the base snapshot), :mod:`.validate` (required
prices present, no move over 10x), :mod:`.write` (an atomic, validated snapshot folder) and
:mod:`.run` (:func:`refresh` and :func:`reset`, which tie them together).
"""

from __future__ import annotations

from calc.pricing.errors import RefreshError
from calc.pricing.refresh.fetch import DEFAULT_SOURCE
from calc.pricing.refresh.offers import DEFAULT_OPERATING_SYSTEMS
from calc.pricing.refresh.progress import Progress
from calc.pricing.refresh.run import SERVICES, RefreshResult, refresh, reset
from calc.pricing.refresh.validate import LARGE_MOVE_FACTOR, LargeMove

__all__ = [
    "DEFAULT_OPERATING_SYSTEMS", "DEFAULT_SOURCE", "LARGE_MOVE_FACTOR", "SERVICES", "LargeMove",
    "Progress", "RefreshError", "RefreshResult", "refresh", "reset",
]
