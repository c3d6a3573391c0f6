"""Finding and choosing a snapshot (calc.pricing.snapshots); refreshed snapshots written by a
real refresh are covered in tests/pricing/refresh/test_run.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import calc.pricing
from calc.pricing.catalog import Catalog
from calc.pricing.snapshots import (
    activate_snapshot,
    active_catalog,
    bundled_root,
    check_refreshed,
    clear_active,
    load_active,
    refreshed_snapshots,
    set_active_catalog,
    user_data_dir,
)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    d = tmp_path / "data"
    monkeypatch.setenv("COSTSIZER_DATA_DIR", str(d))  # never the user's own data dir
    clear_active()
    yield d
    clear_active()


def test_the_package_does_not_hand_out_the_active_catalog() -> None:
    # issue 12: only the entry points choose a catalog, through calc.pricing.snapshots
    assert "active_catalog" not in calc.pricing.__all__
    with pytest.raises(ImportError):
        exec("from calc.pricing import active_catalog")


def test_data_dir_override_then_environment(data_dir: Path, tmp_path: Path) -> None:
    assert user_data_dir() == data_dir
    assert user_data_dir(tmp_path / "x") == tmp_path / "x"


def test_without_refreshed_snapshots_the_bundled_one_is_active(data_dir: Path) -> None:
    assert refreshed_snapshots() == []
    catalog, reason = load_active()
    assert catalog.label == "bundled" and reason is None
    assert str(active_catalog().root) == str(bundled_root())


def test_a_bundled_copy_is_not_a_refreshed_snapshot(data_dir: Path) -> None:
    folder = data_dir / "snapshots" / "20260101T000000Z"
    shutil.copytree(Path(str(bundled_root())), folder,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    assert refreshed_snapshots() == [folder]
    assert check_refreshed(folder) == "its manifest.json is not a refreshed snapshot's"
    catalog, reason = load_active()
    assert catalog.label == "bundled"
    assert reason is not None and str(folder) in reason


def test_a_damaged_manifest_is_named(data_dir: Path) -> None:
    folder = data_dir / "snapshots" / "20260101T000000Z"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    assert (check_refreshed(folder) or "").startswith("its manifest.json cannot be read")
    (folder / "manifest.json").write_text(json.dumps([1]), encoding="utf-8")
    assert check_refreshed(folder) == "its manifest.json is not a refreshed snapshot's"


def test_activate_then_clear(data_dir: Path) -> None:
    root = Path(str(bundled_root()))
    catalog = activate_snapshot(root, "refreshed 2026-01-01")
    assert active_catalog() is catalog and catalog.label == "refreshed 2026-01-01"
    clear_active()
    assert active_catalog() is not catalog and active_catalog().label == "bundled"
    other = Catalog(root, label="given")
    set_active_catalog(other)
    assert active_catalog() is other
