"""Where price snapshots are and which one is active.

The bundled snapshot ships as the ``pricing_data`` package; refreshed snapshots live in the
user data directory (``snapshots/<UTC time stamp>/``, written by :mod:`calc.pricing.refresh`).
:func:`load_active` picks the newest usable one. This is the only module that holds the
*active* catalog, and only the program entry points (``calc/cli.py:main``,
``gui/app.py:main``) and the refresh commands ask for it or change it: everything else is
handed a :class:`~calc.pricing.catalog.Catalog`.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import zlib
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from calc.fileio import write_atomic_bytes
from calc.pricing import catalog as _catalog
from calc.pricing.catalog import Catalog, check_manifest, one_line
from calc.pricing.errors import SnapshotError
from calc.pricing.schema import SCHEMAS, schema_fingerprint


def bundled_root() -> Traversable:
    """The snapshot shipped with the package (``pricing_data``)."""
    return resources.files("pricing_data")


# -- refreshed snapshots in the user data directory (issue 8) -------------------------------
DATA_DIR_ENV = "COSTSIZER_DATA_DIR"  # overrides the platform's user data dir (tests set it)
SNAPSHOTS_DIR = "snapshots"


def user_data_dir(override: str | Path | None = None) -> Path:
    """Where refreshed snapshots live: ``override``, else $COSTSIZER_DATA_DIR, else the
    platform's user data directory (platformdirs; e.g. ~/.local/share/costsizer)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("costsizer", appauthor=False))


# A refresh names its folder for the UTC time (write.py): 20261120T101500Z, or -2, -3, ...
SNAPSHOT_NAME = re.compile(r"\d{8}T\d{6}Z(?:-\d+)?")
VERIFIED_CACHE = ("cache", "verified.json")  # digests already checked, by size and mtime


def refreshed_snapshots(data_dir: str | Path | None = None) -> list[Path]:
    """Complete refreshed snapshot folders, newest first (names are UTC time stamps; a folder
    is complete once its manifest.json is written, which a refresh does last). Folders with
    other names are someone else's and ignored."""
    root = user_data_dir(data_dir) / SNAPSHOTS_DIR
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir()
             if SNAPSHOT_NAME.fullmatch(p.name) and p.is_dir() and not p.is_symlink()
             and (p / "manifest.json").is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def is_costsizer_snapshot(path: Path) -> bool:
    """True when ``path`` is a folder a refresh wrote: a time-stamp name (not a symlink)
    holding a refreshed snapshot's manifest.json (even a damaged one: its first lines
    still say so). Only these are ever deleted (issue 15, item 6)."""
    if not SNAPSHOT_NAME.fullmatch(path.name) or path.is_symlink() or not path.is_dir():
        return False
    try:
        with (path / "manifest.json").open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'"snapshot": "refreshed"' in head


_PART = re.compile(r"[0-9a-f]{32,64}\.json\.gz|\.[0-9a-f]{32,64}\.json\.gz\..*\.tmp")


def costsizer_cache_files(data_dir: str | Path | None = None) -> list[Path]:
    """The cache files Costsizer wrote in the data folder: the refresh's parsed parts
    (``cache/parts/<hex digest>.json.gz`` and their temporary files) and the verified-digest
    record. Nothing else in ``cache/`` is touched."""
    root = user_data_dir(data_dir)
    out: list[Path] = []
    verified = root.joinpath(*VERIFIED_CACHE)
    if verified.is_file() and not verified.is_symlink():
        out.append(verified)
    parts = root / "cache" / "parts"
    if parts.is_dir() and not parts.is_symlink():
        out += sorted(p for p in parts.iterdir()
                      if _PART.fullmatch(p.name) and p.is_file() and not p.is_symlink())
    return out


def remove_costsizer_cache(data_dir: str | Path | None = None, *,
                           parts_only: bool = False) -> None:
    """Delete :func:`costsizer_cache_files` (``parts_only``: the refresh's parts only), then
    ``cache/parts`` and ``cache`` if empty."""
    root = user_data_dir(data_dir)
    verified = root.joinpath(*VERIFIED_CACHE)
    for f in costsizer_cache_files(root):
        if not (parts_only and f == verified):
            f.unlink(missing_ok=True)
    for folder in (root / "cache" / "parts", root / "cache"):
        with contextlib.suppress(OSError):  # not empty (someone else's files), or absent
            folder.rmdir()


def _refreshed_manifest(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The refreshed snapshot's manifest, or why it cannot be used."""
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        return None, f"its manifest.json cannot be read ({one_line(e)})"
    if not isinstance(manifest, dict) or manifest.get("snapshot") != "refreshed":
        return None, "its manifest.json is not a refreshed snapshot's"
    if manifest.get("schema_fingerprint") != schema_fingerprint():
        return None, "it was written for another table schema (another version of Costsizer)"
    if not isinstance(manifest.get("tables"), dict):
        return None, "its manifest.json has no tables"
    for name, schema in SCHEMAS.items():
        info = manifest["tables"].get(name)
        if not isinstance(info, dict) or info.get("file") != schema.file:
            return None, f"its manifest lists no {name} table"
    try:
        check_manifest(manifest)
    except SnapshotError as e:
        return None, str(e).removeprefix("price snapshot ")
    for key, kind, want in (("files", dict, "an object"), ("services", list, "a list"),
                            ("regions", list, "a list"), ("refreshed_at", str, "a string"),
                            ("refreshed_from", str, "a string"),
                            ("base_snapshot", str, "a string")):
        if key in manifest and not isinstance(manifest[key], kind):
            return None, f"manifest.json: {key!r} must be {want}"
    for key in ("services", "regions"):
        if not all(isinstance(x, str) for x in manifest.get(key, [])):
            return None, f"manifest.json: {key!r} must list strings"
    return manifest, None


def check_refreshed(path: Path, *, recheck: bool = False) -> str | None:
    """Why the refreshed snapshot at ``path`` cannot be used, or None: its manifest (types
    included), schema, the bundled limits, every file's size and every table's sha256 (the
    digest check is skipped for files whose size and mtime are those of an earlier check
    that passed, unless ``recheck``; see :func:`verify_digests`). The catalog checks each
    table's digest again as it loads it."""
    manifest, why = _refreshed_manifest(path)
    if manifest is None:
        return why
    tables = manifest["tables"]
    try:
        bundled = json.loads((bundled_root() / "manifest.json").read_text(encoding="utf-8"))
        bundled_limits = bundled["tables"]["limits"]["sha256"]
    except (OSError, KeyError, TypeError, ValueError):
        bundled_limits = None
    if bundled_limits is not None and tables["limits"].get("sha256") != bundled_limits:
        return ("the rule limits bundled with this version of Costsizer changed since the "
                "refresh; run `prices refresh` again")
    sizes = manifest.get("files")
    if not isinstance(sizes, dict):
        return "its manifest.json lists no file sizes"
    for file, size in sizes.items():
        if not isinstance(size, int) or "/" in file or "\\" in file or file.startswith("."):
            return f"its manifest.json lists {file!r} oddly (damaged manifest)"
        try:
            actual = (path / file).stat().st_size
        except OSError:
            return f"{file} is missing"
        if actual != size:
            return f"{file} has {actual:,} bytes, the manifest says {size:,} (damaged file)"
    return verify_digests(path, manifest, recheck=recheck)


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _digest(path: Path) -> str:
    """sha256 of a table's text (a .gz file's decompressed text), read in chunks."""
    sha = hashlib.sha256()
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    total = 0
    with opener(path, "rb") as f:
        while chunk := f.read(1 << 20):
            total += len(chunk)
            cap = _catalog.MAX_TABLE_BYTES
            if total > cap:  # a gzip bomb stops here, not at memory's end
                raise ValueError(f"it decompresses to more than {cap >> 20:,} MiB")
            sha.update(chunk)
    return sha.hexdigest()


def _verified_record(data_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads(data_dir.joinpath(*VERIFIED_CACHE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_verified(data_dir: Path, record: dict[str, Any]) -> None:
    path = data_dir.joinpath(*VERIFIED_CACHE)
    with contextlib.suppress(OSError):  # a read-only data folder: check again next time
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic_bytes(path, json.dumps(record, sort_keys=True).encode("utf-8"))


def forget_verified(path: Path) -> None:
    """Drop the recorded verdict for the snapshot at ``path`` (its digests are checked again
    at the next start)."""
    data_dir = path.parent.parent
    record = _verified_record(data_dir)
    if record.pop(path.name, None) is not None:
        _write_verified(data_dir, record)


def verify_digests(path: Path, manifest: dict[str, Any], *,
                   recheck: bool = False) -> str | None:
    """Why a table of the snapshot at ``path`` does not hash to its manifest's sha256, or
    None. A passing verdict is recorded in the data folder (``cache/verified.json``) with
    each file's size and mtime; while those are unchanged the files are not hashed again,
    so a start costs one stat per file (``recheck``: hash them anyway)."""
    data_dir = path.parent.parent
    files = ["manifest.json", *(str(i["file"]) for i in manifest["tables"].values())]
    try:
        stamps = {f: _stamp(path / f) for f in files}
    except OSError as e:
        return f"{Path(e.filename or '').name or 'a table'} cannot be read ({e.strerror or e})"
    record = _verified_record(data_dir)
    if not recheck and record.get(path.name) == stamps:
        return None
    for info in manifest["tables"].values():
        file = str(info["file"])
        try:
            digest = _digest(path / file)
        except (OSError, EOFError, ValueError, zlib.error) as e:
            return f"{file} cannot be read ({one_line(e)})"
        if digest != info["sha256"]:
            return (f"{file} does not match its sha256 in manifest.json (changed or damaged "
                    f"after the refresh wrote it)")
    record[path.name] = stamps
    _write_verified(data_dir, record)
    return None


def load_active(data_dir: str | Path | None = None,
                skip: Mapping[Path, str] | None = None) -> tuple[Catalog, str | None]:
    """The catalog to use and, when a refreshed snapshot exists but is not used, why.

    The newest refreshed snapshot that passes :func:`check_refreshed` (and is not in
    ``skip``: path -> why, snapshots found damaged while loading) wins; a newer one that
    fails is skipped (the newest one's reason is returned); with none usable, the bundled
    snapshot.
    """
    reason = None
    skip = skip or {}
    for path in refreshed_snapshots(data_dir):
        why = skip.get(path) or check_refreshed(path)
        if why is None:
            stamp = path.name
            label = f"refreshed {stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
            return Catalog(path, label=label), reason
        if reason is None:
            reason = f"refreshed snapshot {path} not used: {why}"
    return Catalog(bundled_root()), reason


# -- the active catalog: chosen by the two entry points only ----------------------------------
_active: Catalog | None = None
_fallback_reason: str | None = None
_damaged: dict[Path, str] = {}  # refreshed snapshots found damaged while loading a table


def active_catalog() -> Catalog:
    """The catalog the app uses: the newest valid refreshed snapshot in the user data
    directory (labelled "refreshed <date>"), else the bundled one ("bundled"). Why a
    refreshed snapshot was passed over is in :func:`active_fallback_reason`."""
    global _active, _fallback_reason
    if _active is None:
        _active, _fallback_reason = load_active(skip=_damaged)
    return _active


def active_fallback_reason() -> str | None:
    """Why a refreshed snapshot on disk is not the active one (None when there is none or it
    is used)."""
    active_catalog()
    return _fallback_reason


def fall_back(why: str) -> Catalog | None:
    """The active catalog is damaged (``why``: e.g. a :class:`SnapshotError`'s text raised
    while loading a table). When it is a refreshed snapshot, pass over it from now on (and
    forget its recorded digests), choose again (the next valid refreshed snapshot, else the
    bundled one) and return the new active catalog; :func:`active_fallback_reason` then
    names the damaged snapshot and ``why``. None when the active catalog is not a refreshed
    snapshot (there is nothing to fall back to)."""
    global _active, _fallback_reason
    if _active is None or not _active.label.startswith("refreshed"):
        return None
    path = Path(str(_active.root))
    _damaged[path] = why.removeprefix("price snapshot ")
    forget_verified(path)
    _active, _fallback_reason = load_active(path.parent.parent, skip=_damaged)
    return _active


def set_active_catalog(catalog: Catalog | None) -> None:
    """Use ``catalog`` from now on (None: choose again, as at start-up)."""
    global _active, _fallback_reason
    _active = catalog
    if catalog is None:
        _fallback_reason = None
        _damaged.clear()


def activate_snapshot(path: Path, label: str) -> Catalog:
    """Make the snapshot at ``path`` (just written by a refresh) the active one; its catalog."""
    catalog = Catalog(path, label=label)
    set_active_catalog(catalog)
    return catalog


def clear_active() -> None:
    """Forget the active catalog (after ``prices reset``): the next :func:`active_catalog`
    chooses again, as at start-up."""
    set_active_catalog(None)
