"""A second price snapshot with every price multiplied, for tests that a page or command
computes on the catalog it was handed (never on the globally active one)."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd

from calc.pricing import Catalog, bundled_root


def scaled_snapshot(folder: Path, factor: float = 10.0) -> Path:
    """Copy the bundled snapshot into ``folder`` with every USD column times ``factor``.

    A column is a price when the manifest gives it a unit starting "USD" (Spot savings in %
    are not prices and stay). The manifest's sizes and digests are rewritten to match.
    """
    src = Path(str(bundled_root()))
    folder.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    for info in manifest["tables"].values():
        target = folder / info["file"]
        prices = [c for c, unit in info.get("units", {}).items() if str(unit).startswith("USD")]
        if not prices:
            shutil.copyfile(src / info["file"], target)
        else:
            frame = pd.read_csv(src / info["file"], dtype=str, keep_default_na=False)
            for col in prices:
                values = pd.to_numeric(frame[col].replace("", None), errors="coerce")
                frame[col] = [("" if pd.isna(v) else repr(float(v) * factor)) for v in values]
            frame.to_csv(target, index=False, lineterminator="\n",
                         compression="gzip" if info["file"].endswith(".gz") else None)
        data = target.read_bytes()
        # the digest is of the table's text (a .gz table: its decompressed text)
        text = gzip.decompress(data) if info["file"].endswith(".gz") else data
        info["sha256"] = hashlib.sha256(text).hexdigest()
        if "bytes" in info:
            info["bytes"] = len(data)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return folder


def scaled_catalog(folder: Path, factor: float = 10.0) -> Catalog:
    """A Catalog over :func:`scaled_snapshot` (label "x<factor>")."""
    return Catalog(scaled_snapshot(folder, factor), label=f"x{factor:g}")
