"""Where price snapshots are and which one is active.

The bundled snapshot ships as the ``pricing_data`` package; refreshed snapshots live in the
user data directory (``snapshots/<UTC time stamp>/``, written by :mod:`calc.pricing.refresh`).
:func:`load_active` picks the newest usable one. This is the only module that holds the
*active* catalog, and only the program entry points (``calc/cli.py:main``,
``gui/app.py:main``) and the refresh commands ask for it or change it: everything else is
handed a :class:`~calc.pricing.catalog.Catalog`.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from calc.pricing.catalog import Catalog
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


def refreshed_snapshots(data_dir: str | Path | None = None) -> list[Path]:
    """Complete refreshed snapshot folders, newest first (names are UTC time stamps; a folder
    is complete once its manifest.json is written, which a refresh does last)."""
    root = user_data_dir(data_dir) / SNAPSHOTS_DIR
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir()
             if p.is_dir() and not p.name.startswith(".") and (p / "manifest.json").is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def check_refreshed(path: Path) -> str | None:
    """Why the refreshed snapshot at ``path`` cannot be used, or None. Cheap checks only
    (manifest, schema, files and their sizes): the refresh validated every table with the
    full loader before it wrote the manifest."""
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return f"its manifest.json cannot be read ({e})"
    if not isinstance(manifest, dict) or manifest.get("snapshot") != "refreshed":
        return "its manifest.json is not a refreshed snapshot's"
    if manifest.get("schema_fingerprint") != schema_fingerprint():
        return "it was written for another table schema (another version of Costsizer)"
    tables = manifest.get("tables")
    if not isinstance(tables, dict):
        return "its manifest.json has no tables"
    try:
        bundled = json.loads((bundled_root() / "manifest.json").read_text(encoding="utf-8"))
        bundled_limits = bundled["tables"]["limits"]["sha256"]
    except (OSError, KeyError, TypeError, json.JSONDecodeError):
        bundled_limits = None
    for name, schema in SCHEMAS.items():
        info = tables.get(name)
        if not isinstance(info, dict) or info.get("file") != schema.file:
            return f"its manifest lists no {name} table"
    if bundled_limits is not None and tables["limits"].get("sha256") != bundled_limits:
        return ("the rule limits bundled with this version of Costsizer changed since the "
                "refresh; run `prices refresh` again")
    sizes = manifest.get("files")
    if not isinstance(sizes, dict):
        return "its manifest.json lists no file sizes"
    for file, size in sizes.items():
        try:
            actual = (path / file).stat().st_size
        except OSError:
            return f"{file} is missing"
        if actual != size:
            return f"{file} has {actual:,} bytes, the manifest says {size:,} (damaged file)"
    return None


def load_active(data_dir: str | Path | None = None) -> tuple[Catalog, str | None]:
    """The catalog to use and, when a refreshed snapshot exists but is not used, why.

    The newest refreshed snapshot that passes :func:`check_refreshed` wins; a newer one that
    fails is skipped (its reason is returned); with none usable, the bundled snapshot.
    """
    reason = None
    for path in refreshed_snapshots(data_dir):
        why = check_refreshed(path)
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


def active_catalog() -> Catalog:
    """The catalog the app uses: the newest valid refreshed snapshot in the user data
    directory (labelled "refreshed <date>"), else the bundled one ("bundled"). Why a
    refreshed snapshot was passed over is in :func:`active_fallback_reason`."""
    global _active, _fallback_reason
    if _active is None:
        _active, _fallback_reason = load_active()
    return _active


def active_fallback_reason() -> str | None:
    """Why a refreshed snapshot on disk is not the active one (None when there is none or it
    is used)."""
    active_catalog()
    return _fallback_reason


def set_active_catalog(catalog: Catalog | None) -> None:
    """Use ``catalog`` from now on (None: choose again, as at start-up)."""
    global _active, _fallback_reason
    _active = catalog
    if catalog is None:
        _fallback_reason = None


def activate_snapshot(path: Path, label: str) -> Catalog:
    """Make the snapshot at ``path`` (just written by a refresh) the active one; its catalog."""
    catalog = Catalog(path, label=label)
    set_active_catalog(catalog)
    return catalog


def clear_active() -> None:
    """Forget the active catalog (after ``prices reset``): the next :func:`active_catalog`
    chooses again, as at start-up."""
    set_active_catalog(None)
