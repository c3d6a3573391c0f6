"""Plan and read the offer files of a refresh: the offer index, each service's region index,
then each Region's offer file, parsed into the rows the snapshot needs.

Each parsed file is kept as a "part" (gzipped JSON) in a cache folder until the refresh
succeeds, so a refresh cut short (network, Cancel, its time limit, a crash) continues where it
stopped. A refresh refused for its content deletes the folder (:func:`.run.refresh`): a part
is only ever reused by a run that goes on to check it, and never by one that takes large
moves (``allow_large_moves`` reads every file afresh). JSON offers are streamed
(:func:`.offers.read_json_offer_stream`), CSV offers read in chunks.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calc.fileio import write_atomic_bytes
from calc.pricing.refresh import offers as off
from calc.pricing.refresh.fetch import Fetcher
from calc.pricing.refresh.progress import Tracker

PARSER_VERSION = "1"  # part-cache key: bump when a parser's output changes
INDEX_PATH = "/offers/v1.0/aws/index.json"


@dataclass(frozen=True)
class Task:
    """One offer file to read."""

    kind: str  # lambda | efs | s3 | s3gda | ec2 | sp
    code: str  # offer code
    region: str
    path: str


def _write_part(path: Path, data: Any) -> None:
    """One parsed file, written atomically (a part is complete or absent)."""
    write_atomic_bytes(path, gzip.compress(json.dumps(data).encode("utf-8"), compresslevel=3))


def _read_part(path: Path) -> Any:
    """A cached part, or None (and the part deleted) when it cannot be read."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        path.unlink(missing_ok=True)  # a part cut short: parse that file again
        return None


def plan(fetcher: Fetcher, services: tuple[str, ...], regions: list[str],
         tracker: Tracker) -> list[Task]:
    """The offer files to read: one per (service offer, Region) that the region indexes list
    (EC2 and Savings Plans as CSV), JSON offers first, then EC2, then Savings Plans (whose OS
    mapping needs the EC2 offers' operation codes)."""
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
    tasks: list[Task] = []
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
            tasks.append(Task(kind, "AWSComputeSavingsPlan" if kind == "sp" else code, r,
                               path))
    tracker.files_total += len(tasks)
    tracker.emit()
    order = {"lambda": 0, "efs": 0, "s3": 0, "s3gda": 0, "ec2": 1, "sp": 2}
    return sorted(tasks, key=lambda t: order[t.kind])


def download(fetcher: Fetcher, tasks: list[Task], parts: Path, services: tuple[str, ...],
             os_filter: tuple[str, ...] | None, tracker: Tracker,
             reuse: bool = True) -> dict[str, list[Any]]:
    """Parse every task's file (or reuse its cached part, unless ``reuse`` is False);
    results by task kind."""
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
        data = _read_part(part) if reuse and part.exists() else None
        if data is None:
            data = _parse(fetcher, task, url, services, os_filter, operations)
            _write_part(part, data)
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


def _parse(fetcher: Fetcher, task: Task, url: str, services: tuple[str, ...],
           os_filter: tuple[str, ...] | None, operations: dict[str, str]) -> dict[str, Any]:
    if task.kind in ("lambda", "efs", "s3", "s3gda"):
        offer = fetcher.with_stream(task.path, lambda s: off.read_json_offer_stream(
            s, offer_code=task.code, region=task.region, file=url))
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

