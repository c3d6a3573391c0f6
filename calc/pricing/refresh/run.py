"""Refresh prices from the AWS Price List bulk API into a new snapshot in the user data dir.

``python -m calc prices refresh [--services ...] [--regions ...] [--source URL]``

1. Read the offer index, each service's region index and the per-Region offer files (JSON for
   Lambda, S3 and EFS; the EC2 CSV, streamed in chunks, also gives EBS; the Compute Savings
   Plans CSV gives Savings Plans rates). Transient HTTP failures are retried with backoff.
2. Map SKUs and terms to the snapshot's tables (:mod:`.offers`), merged into a copy
   of the active snapshot: a refreshed row replaces the row with the same key; whatever the
   bulk files cannot give (Spot Advisor, instance specs, limits, data transfer, Dedicated
   Hosts, ...) is kept from the active snapshot and each table's ``transformation`` says so.
3. Validate: every price the active snapshot had for a refreshed Region is still there and
   positive, and no price moved more than 10x (such moves are listed and the refresh stops,
   unless ``allow_large_moves``). Then write the snapshot to a temporary folder, load every
   table with the catalog's own validation, and rename it into place (atomic). Only then is
   it used; the previous snapshot is never touched on failure.

Each parsed offer file is kept in a cache folder until the refresh succeeds, so a refresh cut
short (network, Cancel, its time limit, a crash) can be run again and continues where it
stopped. A refresh refused for what it read (a price check, a move over 10x, an unexpected
file, a URL off the source) deletes that cache: the next run downloads every file again, so a
fixed mirror is read afresh; and a run with ``allow_large_moves`` reuses no cached part at all,
so it never takes a stale cached price.

Bounds: at most :data:`MAX_RETRIES` retries per file, and an overall time limit
(``deadline_s``, default :data:`DEFAULT_DEADLINE_S`) over the whole refresh; only the source's
scheme, host and port are contacted (:mod:`.fetch`). Text from the server or its indexes is
escaped (:func:`.progress.printable`) before it reaches a message.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calc.errors import InputError
from calc.pricing.catalog import Catalog
from calc.pricing.errors import RefreshError
from calc.pricing.refresh import offers as off
from calc.pricing.refresh.download import download, plan
from calc.pricing.refresh.fetch import (
    DEFAULT_SOURCE,
    Cancelled,
    DeadlineError,
    Fetcher,
    FetchError,
    OffSourceError,
)
from calc.pricing.refresh.merge import SnapshotMerge
from calc.pricing.refresh.progress import Progress, Tracker, printable
from calc.pricing.refresh.validate import LargeMove, refuse_large_moves, validate
from calc.pricing.refresh.write import write_snapshot
from calc.pricing.snapshots import (
    SNAPSHOT_NAME,
    SNAPSHOTS_DIR,
    is_costsizer_snapshot,
    remove_costsizer_cache,
    user_data_dir,
)

SERVICES = ("lambda", "ebs", "s3", "efs", "ec2")
KEEP_SNAPSHOTS = 2  # refreshed snapshots kept after a success (newest first)
MAX_RETRIES = 10  # extra attempts per file after a transient failure
DEFAULT_DEADLINE_S = 3600.0  # the whole refresh; files read before it are kept for the next run
MAX_DEADLINE_S = 24 * 3600.0
_TMP_NAME = re.compile(rf"\.tmp-{SNAPSHOT_NAME.pattern}-\d+")  # write.py's temporary folder


@dataclass
class RefreshResult:
    """What a successful refresh wrote: the new snapshot's folder, label and manifest, rows
    per table, the large moves taken, notes, and what was read (files, bytes, source URL)."""

    path: Path
    label: str
    manifest: dict[str, Any]
    tables: dict[str, dict[str, int]]  # table -> {"rows", "refreshed_rows"}
    large_moves: list[LargeMove]
    notes: list[str]
    files: int
    bytes: int
    source: str


@contextlib.contextmanager
def _lock(root: Path) -> Iterator[None]:
    """One refresh at a time per data dir (an advisory lock where the OS has one)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "refresh.lock").open("a+") as f:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock; the temp folder names still differ
            yield
            return
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise RefreshError("another price refresh is running (lock "
                               f"{root / 'refresh.lock'})") from None
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


# -- the refresh -------------------------------------------------------------------------------
def refresh(*, base: Catalog, services: Iterable[str] = SERVICES,
            regions: Iterable[str] | None = None, source: str = DEFAULT_SOURCE,
            data_dir: str | Path | None = None,
            operating_systems: Iterable[str] | None = off.DEFAULT_OPERATING_SYSTEMS,
            allow_large_moves: bool = False,
            progress: Callable[[Progress], None] | None = None,
            cancel: threading.Event | None = None, retries: int = 3, backoff_s: float = 1.0,
            timeout_s: float = 60.0,
            deadline_s: float = DEFAULT_DEADLINE_S) -> RefreshResult:
    """Fetch, map, validate and write a refreshed snapshot; see the module docstring.

    Parameters
    ----------
    base : the snapshot the refresh starts from and is checked against (the caller's catalog,
        usually the active one).
    services : subset of ``lambda, ebs, s3, efs, ec2``.
    regions : Region codes (default: every Region of ``base``).
    source : the bulk API's base URL (a mirror for tests or offline use).
    operating_systems : EC2 OS labels to keep (None: every label; the default keeps Linux,
        Windows, RHEL and SUSE, which bounds the size of the Reserved and Savings Plans
        tables).
    allow_large_moves : take prices that moved more than 10x (they are still listed).
    retries : extra attempts per file after a transient failure, 0 to :data:`MAX_RETRIES`.
    timeout_s : the longest wait for one read.
    deadline_s : the time limit of the whole refresh (seconds, at most one day).

    Raises
    ------
    RefreshError
        With a message naming the file and the fault; nothing on disk that the app uses has
        changed.
    InputError
        For an unknown service or Region, or retries / deadline_s out of range.
    """
    if isinstance(retries, bool) or not isinstance(retries, int) or \
            not 0 <= retries <= MAX_RETRIES:
        raise InputError("retries", retries, f"must be a whole number from 0 to {MAX_RETRIES}")
    if not (isinstance(deadline_s, (int, float)) and math.isfinite(deadline_s)
            and 0 < deadline_s <= MAX_DEADLINE_S):
        raise InputError("deadline_s", deadline_s, f"must be more than 0 and at most "
                                                   f"{MAX_DEADLINE_S:g} seconds (one day)")
    services = _check_services(services)
    region_list = _check_regions(base, regions)
    os_filter = None if operating_systems is None else tuple(operating_systems)
    root = user_data_dir(data_dir)
    snaps = root / SNAPSHOTS_DIR
    tracker = Tracker(progress)
    try:
        fetcher = Fetcher(source, timeout_s=timeout_s, retries=retries, backoff_s=backoff_s,
                          on_bytes=tracker.add_bytes, on_retry=tracker.retry,
                          on_open=tracker.open_file, cancel=cancel, deadline_s=deadline_s)
    except ValueError:
        raise InputError("source", printable(source), "must be an http:// or https:// URL "
                         f"with a plain host name, e.g. {DEFAULT_SOURCE}") from None
    with _lock(root):
        snaps.mkdir(parents=True, exist_ok=True)
        _remove_temporary(snaps)  # left by a refresh that was killed mid-write
        parts = root / "cache" / "parts"
        parts.mkdir(parents=True, exist_ok=True)
        try:
            try:
                tasks = plan(fetcher, services, region_list, tracker)
                # a run that takes large moves reads every file afresh: it never takes a
                # price from a part cached by a run it did not see checked
                results = download(fetcher, tasks, parts, services, os_filter, tracker,
                                   reuse=not allow_large_moves)
                tracker.stage, tracker.current = "validate", ""
                tracker.emit()
                built = SnapshotMerge(base, fetcher, services, region_list, os_filter)
                built.build(results)
                moves = validate(built)
                if moves and not allow_large_moves:
                    refuse_large_moves(moves)
                tracker.stage = "write"
                tracker.emit()
                path = write_snapshot(built, snaps, moves)
            except (RefreshError, OffSourceError, off.OfferFormatError):
                # refused for what was read: keep none of it (a fixed mirror is read afresh)
                shutil.rmtree(parts, ignore_errors=True)
                raise
        except Cancelled:
            raise RefreshError("refresh cancelled; the active snapshot is unchanged (run it "
                               "again to continue)", cancelled=True) from None
        except OffSourceError as e:
            raise RefreshError(f"{e}. The active snapshot is unchanged") from None
        except DeadlineError as e:
            raise RefreshError(f"stopped: {e}. The active snapshot is unchanged; run the "
                               "refresh again to continue (files already read are kept), "
                               "or give it more time (--max-minutes)") from None
        except FetchError as e:
            raise RefreshError(f"download failed: {e}. The active snapshot is unchanged; "
                               "run the refresh again when the network is back (files "
                               "already read are kept)") from None
        except off.OfferFormatError as e:
            raise RefreshError(f"unexpected Price List file: {printable(str(e))}. The active "
                               "snapshot is unchanged") from None
        except RefreshError as e:
            if str(e).isprintable():
                raise
            raise RefreshError(printable(str(e)), large_moves=e.large_moves,
                               cancelled=e.cancelled) from None
        remove_costsizer_cache(root, parts_only=True)
        _prune(snaps, KEEP_SNAPSHOTS, path)
    tracker.stage, tracker.files_done = "done", tracker.files_total
    tracker.emit()
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return RefreshResult(path, manifest["label"], manifest, built.summary, moves,
                         [printable(n) for n in built.notes],
                         tracker.files_total, tracker.bytes_done, fetcher.source)


def reset(data_dir: str | Path | None = None) -> list[Path]:
    """Delete every refreshed snapshot (and a refresh's leftovers): the bundled snapshot is
    used again. Returns the folders removed. Only what Costsizer wrote is deleted (issue 15,
    item 6): time-stamp folders holding a refreshed manifest, a refresh's ``.tmp-`` folders
    and its cache files; anything else in the data folder or ``snapshots/`` stays."""
    root = user_data_dir(data_dir)
    removed = []
    with _lock(root):
        snaps = root / SNAPSHOTS_DIR
        if snaps.is_dir():
            for p in sorted(snaps.iterdir()):
                if is_costsizer_snapshot(p):
                    shutil.rmtree(p)
                    removed.append(p)
            _remove_temporary(snaps)
            with contextlib.suppress(OSError):  # left when it holds someone else's files
                snaps.rmdir()
        remove_costsizer_cache(root)
    return removed


def _remove_temporary(snaps: Path) -> None:
    """A refresh's temporary folders (``.tmp-<stamp>-<pid>``) left by one that was killed."""
    for stale in snaps.glob(".tmp-*"):
        if _TMP_NAME.fullmatch(stale.name) and stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def _prune(snaps: Path, keep: int, new: Path) -> None:
    """Keep the ``new`` snapshot and the newest ``keep - 1`` other refreshed snapshots;
    delete older ones. Folders Costsizer did not write are not counted and not touched."""
    done = sorted((p for p in snaps.iterdir() if is_costsizer_snapshot(p) and p != new),
                  key=lambda p: p.name, reverse=True)
    for old in done[max(keep - 1, 0):]:
        shutil.rmtree(old, ignore_errors=True)


def _check_services(services: Iterable[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(s.strip().lower() for s in services if s.strip()))
    bad = [s for s in out if s not in SERVICES]
    if bad or not out:
        raise InputError("services", ",".join(bad) or "", f"must be some of "
                                                          f"{', '.join(SERVICES)}")
    return out


def _check_regions(base: Catalog, regions: Iterable[str] | None) -> list[str]:
    known = [r.code for r in base.regions()]
    if regions is None:
        return known
    out = list(dict.fromkeys(r.strip() for r in regions if r.strip()))
    if not out:
        raise InputError("regions", "", "give at least one AWS Region code")
    for r in out:
        base.region(r, field="regions")
    return out
