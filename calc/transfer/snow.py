"""The Snow Family devices a data move needs, by the notes' capacities and today's
(rule SNOW-DEVICES)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from calc.pricing import Limits

# Decimal prefixes, as the notes size Snowmobile: "1 EB = 1000 PB = 1000000 TB" (L3083).
TB_PER_PB = 1_000

# (device, limits key of its capacity, capacity unit factor to TB, limits key of a job cap)
DEVICES: tuple[tuple[str, str, float, str | None], ...] = (
    ("Snowcone (HDD)", "snow.snowcone.hdd_capacity_tb", 1.0, "snow.snowcone.max_job_tb"),
    ("Snowcone SSD", "snow.snowcone.ssd_capacity_tb", 1.0, "snow.snowcone.max_job_tb"),
    ("Snowball Edge Storage Optimized", "snow.snowball_edge_storage.capacity_tb", 1.0, None),
    ("Snowball Edge Compute Optimized", "snow.snowball_edge_compute.capacity_tb", 1.0, None),
    ("Snowmobile", "snow.snowmobile.capacity_pb", TB_PER_PB, None),
)


def devices_needed(*, data_tb: Any, capacity_tb: Any) -> Any:
    """Devices of ``capacity_tb`` needed to hold ``data_tb`` [count] (rule SNOW-DEVICES)."""
    n = np.ceil(np.asarray(data_tb, dtype=float) / np.asarray(capacity_tb, dtype=float))
    n = np.maximum(n, 1).astype(np.int64)
    return int(n) if np.ndim(data_tb) == 0 and np.ndim(capacity_tb) == 0 else n


def device_table(*, data_tb: float, limits: Limits) -> pd.DataFrame:
    """Devices needed per Snow device, by the notes' capacity and today's (None = retired).

    Notes
    -----
    Rule: SNOW-DEVICES (notes L3060-3085: Snowcone 8/14 TB, up to 24 TB jobs; Snowball Edge
    Storage Optimized 80 TB, Compute Optimized 42 TB; Snowmobile 100 PB. AWS today:
    Snowcone and Snowmobile retired; Storage Optimized 210 TB).
    """
    rows = []
    for name, key, to_tb, job_key in DEVICES:
        lim = limits[key]
        notes_tb = lim.value_notes * to_tb if lim.value_notes is not None else None
        today_tb = lim.value_today * to_tb if lim.value_today is not None else None
        note = ""
        if job_key is not None:
            job = limits[job_key].value("notes")
            if data_tb > job:
                note = f"the notes recommend it only for jobs up to {job:g} TB"
        if today_tb is None:
            note = "; ".join(x for x in ("retired by AWS", note) if x)
        rows.append({
            "device": name, "capacity_tb_notes": notes_tb, "capacity_tb_today": today_tb,
            "devices_notes": devices_needed(data_tb=data_tb, capacity_tb=notes_tb)
            if notes_tb else None,
            "devices_today": devices_needed(data_tb=data_tb, capacity_tb=today_tb)
            if today_tb else None,
            "available_today": today_tb is not None, "note": note, "rule_id": lim.rule_id,
        })
    frame = pd.DataFrame(rows)
    for col in ("devices_notes", "devices_today"):
        frame[col] = frame[col].astype("Int64")
    return frame
