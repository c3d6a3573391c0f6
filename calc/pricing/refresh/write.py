"""Write a merged snapshot: every table to a temporary folder, the manifest last, each table
loaded once with the catalog's own validation, then one rename into place (atomic). The
previous snapshot is never touched on failure.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calc.pricing.catalog import Catalog
from calc.pricing.errors import RefreshError, SnapshotError
from calc.pricing.refresh.merge import SnapshotMerge
from calc.pricing.refresh.validate import LargeMove
from calc.pricing.schema import SCHEMAS, schema_fingerprint


def write_snapshot(merged: SnapshotMerge, snaps: Path, moves: list[LargeMove]) -> Path:
    """Write ``merged`` as a new snapshot folder in ``snaps`` (named for the UTC time) and
    return its path; ``moves`` are the large moves taken, listed in the manifest."""
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
            t = merged.tables[name]
            path = tmp / schema.file
            if t.copied_from is not None:
                info = dict(merged.base.table_info(name))
                path.write_bytes((merged.base.root / schema.file).read_bytes())
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
            "built_from": f"AWS Price List bulk API at {merged.fetcher.source} over the "
                          f"active snapshot ({merged.base.label}); see calc/pricing/refresh/",
            "as_of_newest": max(price_dates), "as_of_oldest": min(price_dates),
            "sources": merged.sources, "tables": manifest_tables,
            "label": label, "refreshed_at": now.isoformat(timespec="seconds"),
            "refreshed_from": merged.fetcher.source, "base_snapshot": merged.base.label,
            "services": list(merged.services), "regions": merged.regions,
            "operating_systems": None if merged.os_filter is None else list(merged.os_filter),
            "schema_fingerprint": schema_fingerprint(), "files": sizes,
            "large_moves_taken": [m.describe() for m in moves], "notes": merged.notes,
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
