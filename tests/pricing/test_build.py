"""The snapshot build is reproducible: re-running it gives the committed files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from calc.pricing import bundled_root
from tools.build_snapshot import build

PRICING_DATA = Path(str(bundled_root()))
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "aws-prices"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/aws-prices not beside the project")
def test_build_reproduces_committed_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "pricing_data"
    out.mkdir()
    shutil.copy(PRICING_DATA / "limits.csv", out / "limits.csv")
    manifest = build(SHARED, out)
    committed = json.loads((PRICING_DATA / "manifest.json").read_text())
    assert manifest["tables"] == committed["tables"]
    for name, info in manifest["tables"].items():
        assert (out / info["file"]).read_bytes() == (PRICING_DATA / info["file"]).read_bytes(), name


def test_manifest_describes_every_table() -> None:
    manifest = json.loads((PRICING_DATA / "manifest.json").read_text())
    for name, info in manifest["tables"].items():
        assert {"file", "rows", "as_of", "sources", "units", "transformation"} <= set(info), name
        assert (PRICING_DATA / info["file"]).is_file(), name
        for sid in info["sources"]:
            assert manifest["sources"][sid]["as_of"], sid
