"""Refresh prices from the AWS Price List bulk API into a new snapshot in the user data dir.

``python -m calc prices refresh [--services ...] [--regions ...] [--source URL]``

1. Read the offer index, each service's region index and the per-Region offer files (JSON for
   Lambda, S3 and EFS; the EC2 CSV, streamed in chunks, also gives EBS; the Compute Savings
   Plans CSV gives Savings Plans rates). Transient HTTP failures are retried with backoff.
2. Map SKUs and terms to the snapshot's tables (:mod:`calc.pricing.offers`), merged into a copy
   of the active snapshot: a refreshed row replaces the row with the same key; whatever the
   bulk files cannot give (Spot Advisor, instance specs, limits, data transfer, Dedicated
   Hosts, ...) is kept from the active snapshot and each table's ``transformation`` says so.
3. Validate: every price the active snapshot had for a refreshed Region is still there and
   positive, and no price moved more than 10x (such moves are listed and the refresh stops,
   unless ``allow_large_moves``). Then write the snapshot to a temporary folder, load every
   table with the catalog's own validation, and rename it into place (atomic). Only then is
   it used; the previous snapshot is never touched on failure.

Each parsed offer file is kept in a cache folder until the refresh succeeds, so a refresh cut
short (network, Cancel, a crash) can be run again and continues where it stopped.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calc.errors import InputError
from calc.pricing import offers as off
from calc.pricing.catalog import (
    SNAPSHOTS_DIR,
    Catalog,
    active_catalog,
    schema_fingerprint,
    user_data_dir,
)
from calc.pricing.errors import SnapshotError
from calc.pricing.fetch import DEFAULT_SOURCE, Cancelled, Fetcher, FetchError
from calc.pricing.schema import SCHEMAS

SERVICES = ("lambda", "ebs", "s3", "efs", "ec2")
LARGE_MOVE_FACTOR = 10.0  # a price more than 10x (or under 1/10 of) the active one is reported
PARSER_VERSION = "1"  # part-cache key: bump when a parser's output changes
INDEX_PATH = "/offers/v1.0/aws/index.json"
KEEP_SNAPSHOTS = 2  # refreshed snapshots kept after a success (newest first)

# Prices that must stay present (where the active snapshot had them) for a refreshed Region.
REQUIRED = {
    "lambda_prices": ("x86_usd_per_request", "x86_usd_per_gb_second_tier1",
                      "arm64_usd_per_request", "arm64_usd_per_gb_second_tier1"),
    "ebs_prices": ("gp2_usd_per_gb_month", "gp3_usd_per_gb_month",
                   "gp3_usd_per_provisioned_iops_month", "gp3_usd_per_provisioned_mibps_month",
                   "io1_usd_per_gb_month", "io1_usd_per_piops_month", "io2_usd_per_gb_month",
                   "io2_usd_per_piops_month_tier1", "st1_usd_per_gb_month",
                   "sc1_usd_per_gb_month", "snapshot_standard_usd_per_gb_month"),
    "efs_prices": ("standard_usd_per_gb_month",),
}
S3_REQUIRED = (("STANDARD", "storage"), ("STANDARD", "requests_put_copy_post_list"),
               ("STANDARD", "requests_get_select_other"))
# Tables the bulk files do not give: copied from the active snapshot.
KEPT_REASON = {
    "regions": "Region names and continents are not in the offer files",
    "lambda_duration_tiers": "the tier bounds (GB-seconds a month) come from the AWS Compute "
                             "Blog; the offer's beginRange values only order the tier prices",
    "ec2_dedicated_hosts": "Price List hosts are priced per family, this table per instance "
                           "type",
    "ec2_spot_advisor": "Spot Advisor is a separate feed, not a Price List offer",
    "ec2_spot_avg": "average Spot prices are not in the Price List",
    "ec2_instances": "instance specs come from DescribeInstanceTypes, not the Price List",
    "ec2_burst_credits": "CPU credit figures come from the EC2 User Guide",
    "ec2_cpu_credit_surplus": "the surplus credit price comes from the EC2 User Guide",
    "data_transfer_out": "AWSDataTransfer is not refreshed by this command",
    "limits": "rule limits are curated from RULES.md, not prices",
}


class RefreshError(Exception):
    """The refresh failed; the active snapshot is unchanged. ``large_moves`` lists the prices
    that moved more than 10x when that is why."""

    def __init__(self, message: str, *, large_moves: Sequence[LargeMove] = (),
                 cancelled: bool = False) -> None:
        self.large_moves, self.cancelled = list(large_moves), cancelled
        super().__init__(message)


@dataclass(frozen=True)
class Progress:
    """What the refresh is doing, for a progress bar (bytes and files)."""

    stage: str  # index | download | validate | write | done
    files_done: int
    files_total: int
    bytes_done: int
    current: str = ""  # the file being read
    message: str = ""
    file_bytes_done: int = 0  # of the current file
    file_bytes_total: int | None = None  # its Content-Length, when the server sends one


@dataclass(frozen=True)
class LargeMove:
    table: str
    key: str
    column: str
    old: float
    new: float

    @property
    def factor(self) -> float:
        if self.old == 0:
            return float("inf")
        return self.new / self.old

    def describe(self) -> str:
        return (f"{self.table} {self.key} {self.column}: {self.old:g} -> {self.new:g} "
                f"({self.factor:.3g}x)")


@dataclass
class RefreshResult:
    path: Path
    label: str
    manifest: dict[str, Any]
    tables: dict[str, dict[str, int]]  # table -> {"rows", "refreshed_rows"}
    large_moves: list[LargeMove]
    notes: list[str]
    files: int
    bytes: int
    source: str


# -- progress and files ----------------------------------------------------------------------
class _Tracker:
    def __init__(self, callback: Callable[[Progress], None] | None) -> None:
        self.callback = callback
        self.files_done = self.files_total = self.bytes_done = 0
        self.stage, self.current, self.message = "index", "", ""
        self.file_done, self.file_total = 0, None
        self._last = 0.0
        self._lock = threading.Lock()

    def emit(self, force: bool = True) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        self.callback(Progress(self.stage, self.files_done, self.files_total, self.bytes_done,
                               self.current, self.message, self.file_done, self.file_total))

    def add_bytes(self, n: int) -> None:
        with self._lock:
            self.bytes_done += n
            self.file_done += n
        self.emit(force=False)

    def open_file(self, url: str, length: int | None) -> None:
        self.current, self.file_done, self.file_total = url, 0, length
        self.emit()

    def retry(self, why: str, attempt: int, delay_s: float) -> None:
        self.message = f"retry {attempt} in {delay_s:g} s: {why}"
        self.emit()


@dataclass(frozen=True)
class _Task:
    kind: str  # lambda | efs | s3 | s3gda | ec2 | sp
    code: str  # offer code
    region: str
    path: str


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


def _write_json_gz(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as f:
        json.dump(data, f)
    tmp.replace(path)


def _read_json_gz(path: Path) -> Any:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        path.unlink(missing_ok=True)  # a part cut short: parse that file again
        return None


# -- the refresh -------------------------------------------------------------------------------
def refresh(*, services: Iterable[str] = SERVICES, regions: Iterable[str] | None = None,
            source: str = DEFAULT_SOURCE, data_dir: str | Path | None = None,
            operating_systems: Iterable[str] | None = off.DEFAULT_OPERATING_SYSTEMS,
            allow_large_moves: bool = False, base: Catalog | None = None,
            progress: Callable[[Progress], None] | None = None,
            cancel: threading.Event | None = None, retries: int = 3, backoff_s: float = 1.0,
            timeout_s: float = 60.0) -> RefreshResult:
    """Fetch, map, validate and write a refreshed snapshot; see the module docstring.

    Parameters
    ----------
    services : subset of ``lambda, ebs, s3, efs, ec2``.
    regions : Region codes (default: every Region of the active snapshot).
    source : the bulk API's base URL (a mirror for tests or offline use).
    operating_systems : EC2 OS labels to keep (None: every label; the default keeps Linux,
        Windows, RHEL and SUSE, which bounds the size of the Reserved and Savings Plans
        tables).
    allow_large_moves : take prices that moved more than 10x (they are still listed).
    base : the snapshot to start from (default: the active one).

    Raises
    ------
    RefreshError
        With a message naming the file and the fault; nothing on disk that the app uses has
        changed.
    InputError
        For an unknown service or Region.
    """
    services = _check_services(services)
    base = base or active_catalog()
    region_list = _check_regions(base, regions)
    os_filter = None if operating_systems is None else tuple(operating_systems)
    root = user_data_dir(data_dir)
    snaps = root / SNAPSHOTS_DIR
    tracker = _Tracker(progress)
    fetcher = Fetcher(source, timeout_s=timeout_s, retries=retries, backoff_s=backoff_s,
                      on_bytes=tracker.add_bytes, on_retry=tracker.retry,
                      on_open=tracker.open_file, cancel=cancel)
    with _lock(root):
        snaps.mkdir(parents=True, exist_ok=True)
        for stale in snaps.glob(".tmp-*"):  # left by a refresh that was killed mid-write
            shutil.rmtree(stale, ignore_errors=True)
        parts = root / "cache" / "parts"
        parts.mkdir(parents=True, exist_ok=True)
        try:
            tasks = _plan(fetcher, services, region_list, tracker)
            results = _download(fetcher, tasks, parts, services, os_filter, tracker)
            tracker.stage, tracker.current = "validate", ""
            tracker.emit()
            built = _Builder(base, fetcher, services, region_list, os_filter)
            built.build(results)
            moves = built.validate()
            if moves and not allow_large_moves:
                shown = "; ".join(m.describe() for m in moves[:5])
                more = f" and {len(moves) - 5} more" if len(moves) > 5 else ""
                raise RefreshError(
                    f"{len(moves)} price(s) moved more than {LARGE_MOVE_FACTOR:g}x against the "
                    f"active snapshot: {shown}{more}. Nothing was changed; check the source, "
                    "or run again with --allow-large-moves to take them.", large_moves=moves)
            tracker.stage = "write"
            tracker.emit()
            path = built.write(snaps, moves)
        except Cancelled:
            raise RefreshError("refresh cancelled; the active snapshot is unchanged (run it "
                               "again to continue)", cancelled=True) from None
        except FetchError as e:
            raise RefreshError(f"download failed: {e}. The active snapshot is unchanged; "
                               "run the refresh again when the network is back (files "
                               "already read are kept)") from None
        except off.OfferFormatError as e:
            raise RefreshError(f"unexpected Price List file: {e}. The active snapshot is "
                               "unchanged") from None
        shutil.rmtree(parts, ignore_errors=True)
        _prune(snaps, KEEP_SNAPSHOTS)
    tracker.stage, tracker.files_done = "done", tracker.files_total
    tracker.emit()
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return RefreshResult(path, manifest["label"], manifest, built.summary, moves, built.notes,
                         tracker.files_total, tracker.bytes_done, fetcher.source)


def reset(data_dir: str | Path | None = None) -> list[Path]:
    """Delete every refreshed snapshot (and a refresh's leftovers): the bundled snapshot is
    used again. Returns the folders removed."""
    root = user_data_dir(data_dir)
    removed = []
    with _lock(root):
        snaps = root / SNAPSHOTS_DIR
        if snaps.is_dir():
            for p in sorted(snaps.iterdir()):
                if p.is_dir():
                    shutil.rmtree(p)
                    removed.append(p)
        shutil.rmtree(root / "cache", ignore_errors=True)
    return removed


def _prune(snaps: Path, keep: int) -> None:
    done = sorted((p for p in snaps.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.name, reverse=True)
    for old in done[keep:]:
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


def _plan(fetcher: Fetcher, services: tuple[str, ...], regions: list[str],
          tracker: _Tracker) -> list[_Task]:
    tracker.files_total = 1
    tracker.current = INDEX_PATH
    tracker.emit()
    index = off.offer_index(fetcher.fetch_json(INDEX_PATH, max_bytes=64 << 20),
                            fetcher.url(INDEX_PATH))
    tracker.files_done = 1
    wanted: list[tuple[str, str]] = []  # (kind, offer code)
    if "lambda" in services:
        wanted.append(("lambda", "AWSLambda"))
    if "s3" in services:
        wanted += [("s3", "AmazonS3"), ("s3gda", "AmazonS3GlacierDeepArchive")]
    if "efs" in services:
        wanted.append(("efs", "AmazonEFS"))
    if "ec2" in services or "ebs" in services:
        wanted.append(("ec2", "AmazonEC2"))
    if "ec2" in services:
        wanted.append(("sp", "AmazonEC2"))
    tasks: list[_Task] = []
    for kind, code in wanted:
        entry = index.get(code)
        if not isinstance(entry, dict):
            raise off.OfferFormatError(fetcher.url(INDEX_PATH), f"the offer index lists no "
                                                                f"{code} offer")
        key = "currentSavingsPlanIndexUrl" if kind == "sp" else "currentRegionIndexUrl"
        idx_path = entry.get(key)
        if not isinstance(idx_path, str):
            raise off.OfferFormatError(fetcher.url(INDEX_PATH), f"{code} has no {key}")
        tracker.files_total += 1
        tracker.current = idx_path
        tracker.emit()
        by_region = off.region_index(fetcher.fetch_json(idx_path, max_bytes=64 << 20),
                                     fetcher.url(idx_path))
        tracker.files_done += 1
        for r in regions:
            if r not in by_region:
                continue  # that Region keeps the active snapshot's rows (noted when building)
            path = by_region[r]
            if kind in ("ec2", "sp"):
                path = off.csv_url(path)
            tasks.append(_Task(kind, "AWSComputeSavingsPlan" if kind == "sp" else code, r,
                               path))
    tracker.files_total += len(tasks)
    tracker.emit()
    order = {"lambda": 0, "efs": 0, "s3": 0, "s3gda": 0, "ec2": 1, "sp": 2}
    return sorted(tasks, key=lambda t: order[t.kind])


def _download(fetcher: Fetcher, tasks: list[_Task], parts: Path, services: tuple[str, ...],
              os_filter: tuple[str, ...] | None, tracker: _Tracker) -> dict[str, list[Any]]:
    """Parse every task's file (or reuse its cached part); results by task kind."""
    results: dict[str, list[Any]] = {}
    operations: dict[str, str] = {}
    op_conflicts: set[str] = set()
    tracker.stage = "download"
    for task in tasks:
        url = fetcher.url(task.path)
        extra = ""
        if task.kind == "ec2":
            extra = f"{'ec2' in services}|{'ebs' in services}|{os_filter}"
        elif task.kind == "sp":
            extra = f"{os_filter}|{json.dumps(operations, sort_keys=True)}"
        key = hashlib.sha1(f"{PARSER_VERSION}|{task.kind}|{url}|{extra}".encode()).hexdigest()
        part = parts / f"{key}.json.gz"
        tracker.current = url
        tracker.message = ""
        tracker.emit()
        data = _read_json_gz(part) if part.exists() else None
        if data is None:
            data = _parse(fetcher, task, url, services, os_filter, operations)
            _write_json_gz(part, data)
        if task.kind == "ec2":
            for op, label in data["operations"].items():
                if operations.setdefault(op, label) != label:
                    op_conflicts.add(op)
            for op in op_conflicts:
                operations.pop(op, None)
        results.setdefault(task.kind, []).append(data)
        tracker.files_done += 1
        tracker.emit()
    return results


def _parse(fetcher: Fetcher, task: _Task, url: str, services: tuple[str, ...],
           os_filter: tuple[str, ...] | None, operations: dict[str, str]) -> dict[str, Any]:
    if task.kind in ("lambda", "efs", "s3", "s3gda"):
        offer = off.read_json_offer(fetcher.fetch_json(task.path), offer_code=task.code,
                                    region=task.region, file=url)
        head = {"region": task.region, "version": offer.version,
                "publication_date": offer.publication_date, "code": task.code, "url": url}
        if task.kind == "lambda":
            return {**head, "values": off.lambda_values(offer, url)}
        if task.kind == "efs":
            return {**head, "values": off.efs_values(offer, url)}
        return {**head, "rows": off.s3_rows(offer, task.region, "", url)}
    if task.kind == "ec2":
        res = fetcher.with_stream(task.path, lambda s: off.read_ec2_csv(
            s, region=task.region, file=url, instances="ec2" in services,
            ebs="ebs" in services, operating_systems=os_filter))
        return {**res.to_json(), "code": task.code, "url": url}
    sp = fetcher.with_stream(task.path, lambda s: off.read_sp_csv(
        s, region=task.region, file=url, operations=operations,
        operating_systems=os_filter, source=""))
    return {"region": task.region, "version": sp.version,
            "publication_date": sp.publication_date, "rows": sp.rows, "counts": sp.counts,
            "code": task.code, "url": url}


# -- building the tables ---------------------------------------------------------------------
def _raw_rows(catalog: Catalog, name: str) -> list[dict[str, str]]:
    """A table of ``catalog`` as the exact strings on disk."""
    data = (catalog.root / SCHEMAS[name].file).read_bytes()
    if SCHEMAS[name].file.endswith(".gz"):
        data = gzip.decompress(data)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _num(text: str) -> float | None:
    try:
        return float(text) if text != "" else None
    except ValueError:
        return None


@dataclass
class _Table:
    rows: list[dict[str, str]]
    sources: list[str]
    as_of: str
    transformation: str
    inputs: list[str]
    refreshed_rows: int = 0
    copied_from: str | None = None  # a table copied unchanged (file bytes kept)


@dataclass
class _Builder:
    base: Catalog
    fetcher: Fetcher
    services: tuple[str, ...]
    regions: list[str]
    os_filter: tuple[str, ...] | None
    tables: dict[str, _Table] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # (table, key, column) -> new value, for the sanity check against the active snapshot
    new_values: dict[tuple[str, str, str], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    # sources -----------------------------------------------------------------------------
    def _source(self, code: str, parts: list[dict[str, Any]], what: str) -> tuple[str, str]:
        """One source id for the files of ``code`` read in this refresh (id, as_of)."""
        versions = sorted({p["version"] for p in parts if p["version"]})
        dates = sorted({p["publication_date"] for p in parts if p["publication_date"]})
        if not dates:
            raise off.OfferFormatError(parts[0]["url"], "no publication date")
        vtext = versions[0] if len(versions) == 1 else f"{versions[0]}_{versions[-1]}"
        sid = f"bulk_{code}_{vtext or dates[0]}"
        self.sources[sid] = {
            "name": f"AWS Price List {code} (refreshed)",
            "title": f"AWS Price List bulk API {code} offer{'s' if len(parts) > 1 else ''}, "
                     f"version {', '.join(versions) or 'n/a'} ({what}; {len(parts)} Region "
                     f"file{'s' if len(parts) > 1 else ''})",
            "url": self.fetcher.url(f"/offers/v1.0/aws/{code}/" if code != "AWSComputeSavingsPlan"
                                    else "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/"),
            "as_of": dates[0],
        }
        return sid, dates[0]

    def _copy(self, name: str, why: str) -> None:
        info = self.base.table_info(name)
        built = str(info.get("transformation", ""))
        text = built if built.startswith("Kept from the active snapshot") else (
            f"Kept from the active snapshot ({self.base.label}): {why}. Its build: {built}")
        self.tables[name] = _Table([], list(info.get("sources", [])), str(info["as_of"]), text,
                                   list(info.get("inputs", [])), copied_from=name)

    def _keep(self, name: str, service: str) -> None:
        self._copy(name, f"not refreshed (service {service} not selected)")

    # build -------------------------------------------------------------------------------
    def build(self, results: dict[str, list[Any]]) -> None:
        self.sources = dict(self.base.manifest["sources"])
        for name in SCHEMAS:
            if name in KEPT_REASON:
                self._copy(name, KEPT_REASON[name])
        for name, svc, kind, code in (("lambda_prices", "lambda", "lambda", "AWSLambda"),
                                      ("efs_prices", "efs", "efs", "AmazonEFS")):
            if svc in self.services and results.get(kind):
                self._flat(name, code, {p["region"]: p["values"] for p in results[kind]},
                           results[kind])
            else:
                self._keep(name, svc)
        ec2_parts = results.get("ec2", [])
        if "ebs" in self.services and ec2_parts:
            self._flat("ebs_prices", "AmazonEC2", {p["region"]: p["ebs"] for p in ec2_parts},
                       ec2_parts)
        else:
            self._keep("ebs_prices", "ebs")
        if "s3" in self.services and (results.get("s3") or results.get("s3gda")):
            self._s3(results.get("s3", []), results.get("s3gda", []))
        else:
            self._keep("s3_prices", "s3")
        if "ec2" in self.services and ec2_parts:
            self._ec2(ec2_parts, results.get("sp", []))
        else:
            for name in ("ec2_on_demand", "ec2_reserved", "ec2_reserved_offers",
                         "ec2_savings_plans"):
                self._keep(name, "ec2")
        for r in self.regions:
            for kind, svc in (("lambda", "lambda"), ("efs", "efs"), ("s3", "s3"),
                              ("ec2", "ec2"), ("ec2", "ebs")):
                if svc in self.services and r not in {p["region"] for p in results.get(kind,
                                                                                     [])}:
                    self.notes.append(f"{svc}: no offer file for {r} in the region index; its "
                                      "rows are kept from the active snapshot")

    def _flat(self, name: str, code: str, new: dict[str, dict[str, str]],
              parts: list[dict[str, Any]]) -> None:
        old_rows = _raw_rows(self.base, name)
        (old_source,) = self.base.table_sources(name)
        sid, as_of = self._source(code, parts, name)
        cols = [c for c in SCHEMAS[name].column_names if c != "region_code"]
        by_region = {r["region_code"]: r for r in old_rows}
        kept: dict[str, list[str]] = {}
        for region, values in new.items():
            old = by_region.get(region, {})
            row = {"region_code": region}
            for c in cols:
                if c in values:
                    row[c] = values[c]
                    self.new_values[(name, region, c)] = values[c]
                else:
                    row[c] = old.get(c, "")
                    if row[c]:
                        kept.setdefault(c, []).append(region)
            for c in REQUIRED.get(name, ()):
                if old.get(c) and c not in values:
                    self.problems.append(f"{name} {region}: {c} is missing from the offer "
                                         "(the active snapshot has it)")
            by_region[region] = row
        rows = [by_region[r] for r in sorted(by_region)]
        mixed = sorted(set(by_region) - set(new))
        if mixed:
            as_of = min(as_of, old_source.as_of)
        text = (f"{len(new)} Region(s) from the {code} bulk offer ({sid}), mapped as in "
                f"calc/pricing/offers.py; units as in the bundled table.")
        if kept:
            text += " Columns the offer did not give, kept from the active snapshot (" + \
                f"{old_source.id}, as of {old_source.as_of}): " + "; ".join(
                    f"{c} ({len(rs)} Region(s))" for c, rs in sorted(kept.items())) + "."
        if mixed:
            text += (f" Regions not refreshed, kept from the active snapshot ({old_source.id}, "
                     f"as of {old_source.as_of}; as_of is the older date): "
                     f"{', '.join(mixed)}.")
        self.tables[name] = _Table(rows, [sid], as_of, text, [p["url"] for p in parts],
                                   refreshed_rows=len(new))

    def _s3(self, parts: list[dict[str, Any]], gda: list[dict[str, Any]]) -> None:
        name = "s3_prices"
        rows = _raw_rows(self.base, name)
        new_rows: list[dict[str, str]] = []
        ids = []
        for group, code in ((parts, "AmazonS3"), (gda, "AmazonS3GlacierDeepArchive")):
            if not group:
                continue
            sid, _ = self._source(code, group, name)
            ids.append(sid)
            for p in group:
                new_rows += [dict(r, source=sid) for r in p["rows"]]
        replaced = {(r["region_code"], r["storage_class"], r["component"]) for r in new_rows}
        kept = [r for r in rows if (r["region_code"], r["storage_class"], r["component"])
                not in replaced]
        for r in new_rows:
            self.new_values[(name, f"{r['region_code']} {r['storage_class']} {r['component']} "
                                   f"{r['tier_start_gb']}", "usd_per_unit")] = r["usd_per_unit"]
        refreshed = {p["region"] for p in parts + gda}
        old_keys = {(r["region_code"], r["storage_class"], r["component"]) for r in rows}
        for region in refreshed:
            for cls, comp in S3_REQUIRED:
                if (region, cls, comp) in old_keys and (region, cls, comp) not in replaced:
                    self.problems.append(f"s3_prices {region}: {cls} {comp} is missing from "
                                         "the offer (the active snapshot has it)")
        kept_meters = sorted({f"{r['storage_class']} {r['component']}" for r in kept
                              if r["region_code"] in refreshed})
        out = sorted(kept + new_rows, key=lambda r: (r["region_code"], r["storage_class"],
                                                     r["component"], float(r["tier_start_gb"])))
        srcs = sorted({r["source"] for r in out})
        text = (f"Mapped usage types (calc/pricing/offers.py S3_USAGE) of {len(refreshed)} "
                "Region(s) from the AmazonS3 and AmazonS3GlacierDeepArchive bulk offers replace "
                "every tier of the same (Region, class, component); requests per 1,000 and "
                "Intelligent-Tiering monitoring per 1,000 objects (file: per request / per "
                "object); per-row source. Components the offers do not map, kept from the "
                "active snapshot with their own source: " + (", ".join(kept_meters) or "none")
                + ".")
        self.tables[name] = _Table(out, srcs, self._as_of_max(srcs), text,
                                   [p["url"] for p in parts + gda],
                                   refreshed_rows=len(new_rows))

    def _as_of_max(self, sids: Iterable[str]) -> str:
        return max(self.sources[s]["as_of"] for s in sids)

    def _ec2(self, parts: list[dict[str, Any]], sp_parts: list[dict[str, Any]]) -> None:
        sid, as_of = self._source("AmazonEC2", parts, "EC2 and EBS")
        results = [off.Ec2Result.from_json(p) for p in parts]
        refreshed = {r.region for r in results}
        counts: dict[str, int] = {}
        for r in results:
            for k, n in r.counts.items():
                counts[k] = counts.get(k, 0) + n
        os_text = ("every operating system" if self.os_filter is None
                   else "operating systems " + ", ".join(self.os_filter))
        # On-Demand: per-row source; a refreshed key replaces the active row
        od = {(r["region_code"], r["instance_type"], r["operating_system"], r["tenancy"]): r
              for r in _raw_rows(self.base, "ec2_on_demand")}
        n_od = 0
        for res in results:
            if not res.on_demand and any(k[0] == res.region for k in od):
                self.problems.append(f"ec2_on_demand {res.region}: the offer has no On-Demand "
                                     "price of an instance in use")
            for (itype, label, tenancy), usd in res.on_demand.items():
                key = (res.region, itype, label, tenancy)
                od[key] = {"region_code": res.region, "instance_type": itype,
                           "operating_system": label, "tenancy": tenancy,
                           "usd_per_hour": usd, "source": sid}
                self.new_values[("ec2_on_demand", " ".join(key), "usd_per_hour")] = usd
                n_od += 1
        od_rows = [od[k] for k in sorted(od)]
        srcs = sorted({r["source"] for r in od_rows})
        dropped = "; ".join(f"{n:,} {k}" for k, n in sorted(counts.items())) or "none"
        self.tables["ec2_on_demand"] = _Table(
            od_rows, srcs, self._as_of_max(srcs),
            f"On-Demand rows of {len(refreshed)} Region(s) from the AmazonEC2 CSV offer "
            f"({sid}): instances in use (CapacityStatus Used), Shared or Dedicated tenancy, "
            f"{os_text}; OS label from Operating System + Pre Installed S/W + License Model "
            f"as in build.py; a refreshed (Region, type, OS, tenancy) replaces the active row, "
            f"other rows are kept with their own source. Rows not taken: {dropped}.",
            [p["url"] for p in parts], refreshed_rows=n_od)
        # Reserved, every payment option
        offers_rows = {tuple(r[k] for k in SCHEMAS["ec2_reserved_offers"].key): r
                       for r in _raw_rows(self.base, "ec2_reserved_offers")}
        feed_rows = {tuple(r[k] for k in SCHEMAS["ec2_reserved"].key): r
                     for r in _raw_rows(self.base, "ec2_reserved")}
        n_ri = incomplete = 0
        feed_new = 0
        for res in results:
            rows, bad = off.reserved_rows(res, sid)
            incomplete += bad
            for row in rows:
                key = tuple(row[k] for k in SCHEMAS["ec2_reserved_offers"].key)
                offers_rows[key] = row
                for col in ("upfront_usd", "usd_per_hour"):
                    if row[col]:
                        self.new_values[("ec2_reserved_offers", " ".join(key), col)] = row[col]
                n_ri += 1
                if (row["operating_system"], row["tenancy"], row["purchase_option"]) == (
                        "Linux", "Shared", "no_upfront"):
                    feed_rows[key] = {k: row[k] for k in SCHEMAS["ec2_reserved"].column_names}
                    feed_rows[key]["upfront_usd"] = "0"
                    feed_new += 1
        ro = [offers_rows[k] for k in sorted(offers_rows)]
        srcs = sorted({r["source"] for r in ro})
        self.tables["ec2_reserved_offers"] = _Table(
            ro, srcs, self._as_of_max(srcs),
            f"Reserved terms of {len(refreshed)} Region(s) from the AmazonEC2 CSV offer "
            f"({sid}), every payment option, {os_text}, Shared or Dedicated: one row per term "
            "with its upfront fee (Unit Quantity) and hourly fee (Unit Hrs); No Upfront rows "
            "carry no upfront fee and All Upfront rows no hourly fee (empty cells, AWS lists "
            f"0). {incomplete} term(s) missing a dimension their option needs were dropped. "
            "Other rows kept from the active snapshot with their own source.",
            [p["url"] for p in parts], refreshed_rows=n_ri)
        fr = [feed_rows[k] for k in sorted(feed_rows)]
        regions_in_feed = {r["region_code"] for r in fr}
        feed_source = self.base.table_sources("ec2_reserved")
        mixed = sorted(regions_in_feed - refreshed)
        feed_as_of = min([as_of] + [s.as_of for s in feed_source]) if mixed else as_of
        self.tables["ec2_reserved"] = _Table(
            fr, [sid] + ([s.id for s in feed_source] if mixed else []), feed_as_of,
            f"Linux, Shared, No Upfront Reserved terms (as the bundled feed table) of "
            f"{len(refreshed)} Region(s) from the AmazonEC2 CSV offer ({sid}), upfront 0; the "
            "same terms with every payment option are in ec2_reserved_offers. "
            + (f"Regions not refreshed keep the active rows: {', '.join(mixed)} (as_of is the "
               "older date)." if mixed else ""),
            [p["url"] for p in parts], refreshed_rows=feed_new)
        # Savings Plans rates
        sp_rows = {tuple(r[k] for k in SCHEMAS["ec2_savings_plans"].key): r
                   for r in _raw_rows(self.base, "ec2_savings_plans")}
        n_sp = 0
        sp_counts: dict[str, int] = {}
        if sp_parts:
            sp_sid, _ = self._source("AWSComputeSavingsPlan", sp_parts, "Savings Plans rates")
            for p in sp_parts:
                for k, n in p["counts"].items():
                    sp_counts[k] = sp_counts.get(k, 0) + n
                for row in p["rows"]:
                    row = dict(row, source=sp_sid)
                    key = tuple(row[k] for k in SCHEMAS["ec2_savings_plans"].key)
                    sp_rows[key] = row
                    self.new_values[("ec2_savings_plans", " ".join(key), "usd_per_hour")] = \
                        row["usd_per_hour"]
                    n_sp += 1
        spr = [sp_rows[k] for k in sorted(sp_rows)]
        srcs = sorted({r["source"] for r in spr})
        self.tables["ec2_savings_plans"] = _Table(
            spr, srcs, self._as_of_max(srcs),
            f"DiscountedRate rows of the AWSComputeSavingsPlan CSV offers of {len(sp_parts)} "
            "Region(s) for EC2 instances in use (usage BoxUsage = Shared, DedicatedUsage = "
            f"Dedicated), {os_text}; OS from the operation code as the AmazonEC2 offers of "
            "this refresh pair it with each OS. Rows not taken: "
            + ("; ".join(f"{n:,} {k}" for k, n in sorted(sp_counts.items())) or "none")
            + ". Other rows kept from the active snapshot with their own source.",
            [p["url"] for p in sp_parts], refreshed_rows=n_sp)

    # validation --------------------------------------------------------------------------
    def validate(self) -> list[LargeMove]:
        """Required prices present and positive; moves of more than 10x listed."""
        old: dict[tuple[str, str, str], str] = {}
        tables_seen = {t for t, _, _ in self.new_values}
        for name in tables_seen:
            schema = SCHEMAS[name]
            for r in _raw_rows(self.base, name):
                if name == "s3_prices":
                    key = (f"{r['region_code']} {r['storage_class']} {r['component']} "
                           f"{float(r['tier_start_gb']):g}")
                else:
                    key = " ".join(r[k] for k in schema.key) if len(schema.key) > 1 \
                        else r["region_code"]
                for c, unit in schema.units().items():
                    if unit.startswith("USD") and r.get(c, "") != "":
                        old[(name, key, c)] = r[c]
        moves: list[LargeMove] = []
        for (name, key, col), text in self.new_values.items():
            if name == "s3_prices":
                region, cls, comp, start = key.split(" ")
                key = f"{region} {cls} {comp} {float(start):g}"
            new = _num(text)
            if new is None or new != new or new < 0:
                self.problems.append(f"{name} {key} {col}: {text!r} is not a price")
                continue
            was = old.get((name, key, col))
            prev = _num(was) if was is not None else None
            if new == 0 and (prev is None or prev != 0):
                self.problems.append(f"{name} {key} {col}: price 0 (the active snapshot has "
                                     f"{was or 'none'}); prices must be positive")
                continue
            if prev is None:
                continue
            if (prev == 0 and new > 0) or (prev > 0 and not (
                    1 / LARGE_MOVE_FACTOR <= new / prev <= LARGE_MOVE_FACTOR)):
                moves.append(LargeMove(name, key, col, prev, new))
        if self.problems:
            shown = "; ".join(self.problems[:5])
            more = f" and {len(self.problems) - 5} more" if len(self.problems) > 5 else ""
            raise RefreshError(f"the offer files fail validation ({len(self.problems)} "
                               f"problem(s)): {shown}{more}. Nothing was changed")
        return moves

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        return {n: {"rows": len(t.rows) if t.copied_from is None else
                    int(self.base.table_info(n).get("rows", 0)),
                    "refreshed_rows": t.refreshed_rows} for n, t in self.tables.items()}

    # writing -----------------------------------------------------------------------------
    def write(self, snaps: Path, moves: list[LargeMove]) -> Path:
        now = datetime.now(UTC)
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        final = snaps / stamp
        n = 1
        while final.exists():
            n += 1
            final = snaps / f"{stamp}-{n}"
        tmp = snaps / f".tmp-{final.name}-{os.getpid()}"
        tmp.mkdir()
        try:
            manifest_tables: dict[str, Any] = {}
            sizes: dict[str, int] = {}
            for name, schema in SCHEMAS.items():
                t = self.tables[name]
                path = tmp / schema.file
                if t.copied_from is not None:
                    info = dict(self.base.table_info(name))
                    path.write_bytes((self.base.root / schema.file).read_bytes())
                    rows, sha = int(info["rows"]), str(info["sha256"])
                else:
                    rows, sha = len(t.rows), _write_table(path, schema.column_names, t.rows)
                sizes[schema.file] = path.stat().st_size
                manifest_tables[name] = {
                    "file": schema.file, "rows": rows, "sha256": sha, "sources": t.sources,
                    "as_of": t.as_of, "units": schema.units(),
                    "transformation": t.transformation, "inputs": t.inputs}
            price_dates = [str(m["as_of"]) for n, m in manifest_tables.items()
                           if SCHEMAS[n].prices]
            label = f"refreshed {now:%Y-%m-%d}"
            manifest = {
                "snapshot": "refreshed",
                "built_from": f"AWS Price List bulk API at {self.fetcher.source} over the "
                              f"active snapshot ({self.base.label}); see calc/pricing/refresh.py",
                "as_of_newest": max(price_dates), "as_of_oldest": min(price_dates),
                "sources": self.sources, "tables": manifest_tables,
                "label": label, "refreshed_at": now.isoformat(timespec="seconds"),
                "refreshed_from": self.fetcher.source, "base_snapshot": self.base.label,
                "services": list(self.services), "regions": self.regions,
                "operating_systems": None if self.os_filter is None else list(self.os_filter),
                "schema_fingerprint": schema_fingerprint(), "files": sizes,
                "large_moves_taken": [m.describe() for m in moves], "notes": self.notes,
            }
            # the full loader checks every table before the manifest makes the folder usable
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n",
                                               encoding="utf-8")
            check = Catalog(tmp, label=label)
            try:
                for name in SCHEMAS:
                    check.table(name)
                check.regions()
            except SnapshotError as e:
                raise RefreshError(f"the new snapshot failed validation ({e}); nothing was "
                                   "changed") from None
            for f in tmp.iterdir():
                _fsync(f)
            os.replace(tmp, final)
            _fsync_dir(snaps)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return final


def _write_table(path: Path, columns: list[str], rows: list[dict[str, str]]) -> str:
    """Write a table as CSV (gzipped for .gz names, fixed mtime); the sha256 of its text."""
    sha = hashlib.sha256()
    raw = path.open("wb")
    out: Any = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) \
        if path.name.endswith(".gz") else raw
    try:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for i, r in enumerate(rows, start=1):
            w.writerow({k: r.get(k, "") for k in columns})
            if i % 20_000 == 0:
                data = buf.getvalue().encode()
                sha.update(data)
                out.write(data)
                buf.seek(0)
                buf.truncate()
        data = buf.getvalue().encode()
        sha.update(data)
        out.write(data)
    finally:
        if out is not raw:
            out.close()
        raw.close()
    return sha.hexdigest()


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), path.open("rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
