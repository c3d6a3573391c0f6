"""Moving data into AWS: days over a network link against the notes' one-week rule, and the
Snow Family devices a job needs (the notes' capacities and today's, side by side)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from calc.errors import InputError
from calc.pricing.catalog import Basis, Limits, active_catalog
from calc.units import MEGABITS_PER_GIGABIT, SECONDS_PER_DAY, mbps_to_bytes_per_second, tb_to_bytes

# Decimal prefixes, as the notes size Snowmobile: "1 EB = 1000 PB = 1000000 TB" (L3083).
TB_PER_PB = 1_000
# Link speeds the options chart compares with the user's link (chart choices, not limits).
COMMON_LINKS_MBPS = (100, MEGABITS_PER_GIGABIT, 10 * MEGABITS_PER_GIGABIT)

# (device, limits key of its capacity, capacity unit factor to TB, limits key of a job cap)
DEVICES: tuple[tuple[str, str, float, str | None], ...] = (
    ("Snowcone (HDD)", "snow.snowcone.hdd_capacity_tb", 1.0, "snow.snowcone.max_job_tb"),
    ("Snowcone SSD", "snow.snowcone.ssd_capacity_tb", 1.0, "snow.snowcone.max_job_tb"),
    ("Snowball Edge Storage Optimized", "snow.snowball_edge_storage.capacity_tb", 1.0, None),
    ("Snowball Edge Compute Optimized", "snow.snowball_edge_compute.capacity_tb", 1.0, None),
    ("Snowmobile", "snow.snowmobile.capacity_pb", TB_PER_PB, None),
)


def network_transfer_days(*, data_tb: Any, bandwidth_mbps: Any, utilization: Any) -> Any:
    """Days to move ``data_tb`` over a link used at ``utilization``.

    Parameters
    ----------
    data_tb : float or array
        Data to move [TB, decimal: 10^12 bytes, as data sets and devices are sized].
    bandwidth_mbps : float or array
        Link speed [Mbit/s, decimal].
    utilization : float or array
        Share of the link the transfer gets, in (0, 1] [fraction].

    Returns
    -------
    float or array
        [days]. 100 TB over 1 Gbps at 80% = 10^14 x 8 / (10^9 x 0.8) s = 11.6 days.

    Notes
    -----
    Rule: SNOW-RULE (notes L3059: if a transfer takes more than a week, use the Snow Family).
    """
    seconds = np.asarray(tb_to_bytes(np.asarray(data_tb, dtype=float))) / (
        mbps_to_bytes_per_second(np.asarray(bandwidth_mbps, dtype=float))
        * np.asarray(utilization, dtype=float))
    days = seconds / SECONDS_PER_DAY
    if all(np.ndim(x) == 0 for x in (data_tb, bandwidth_mbps, utilization)):
        return float(days)
    return days


def devices_needed(*, data_tb: Any, capacity_tb: Any) -> Any:
    """Devices of ``capacity_tb`` needed to hold ``data_tb`` [count] (rule SNOW-DEVICES)."""
    n = np.ceil(np.asarray(data_tb, dtype=float) / np.asarray(capacity_tb, dtype=float))
    n = np.maximum(n, 1).astype(np.int64)
    return int(n) if np.ndim(data_tb) == 0 and np.ndim(capacity_tb) == 0 else n


class TransferInput(BaseModel):
    """Data to move and the network link it would use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_tb: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        description="data to move [TB, decimal]")
    bandwidth_mbps: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        description="network link [Mbit/s]")
    utilization: float = Field(0.8, description="share of the link the transfer gets, in "
                                                "(0, 1] (rule SNOW-RULE)")
    basis: Basis = Field("aws_today", description="the one-week rule as AWS today or the notes")

    @field_validator("utilization")
    @classmethod
    def _in_range(cls, v: float) -> float:
        if not (0 < v <= 1):
            raise InputError("utilization", v, "must be in (0, 1]: the share of the link the "
                             "transfer gets", rule_id="SNOW-RULE")
        return v


@dataclass(frozen=True)
class TransferPlan:
    network_days: float
    one_week_days: float
    recommend_snow: bool
    devices: pd.DataFrame  # one row per device: notes and today side by side
    options: pd.DataFrame  # days per link option with the one-week line (for a chart)
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"network_days": self.network_days, "one_week_days": self.one_week_days,
                "recommend_snow": self.recommend_snow, "devices": self.devices,
                "options": self.options, "notes": self.notes}


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


def plan_transfer(inp: TransferInput, limits: Limits | None = None) -> TransferPlan:
    """Network days, the one-week rule, and Snow devices for a data move.

    Notes
    -----
    Rules: SNOW-RULE, SNOW-DEVICES. Worked example: 100 TB over 1 Gbps at 80% takes about 12
    days, more than a week, so Snow.
    """
    lim = limits or active_catalog().limits
    week = lim.value("snow.rule.max_network_transfer_days", inp.basis)
    days = network_transfer_days(data_tb=inp.data_tb, bandwidth_mbps=inp.bandwidth_mbps,
                                 utilization=inp.utilization)
    links = sorted({float(inp.bandwidth_mbps), *map(float, COMMON_LINKS_MBPS)})
    link_days = network_transfer_days(data_tb=inp.data_tb, bandwidth_mbps=np.array(links),
                                      utilization=inp.utilization)
    options = pd.DataFrame({
        "option": [f"{b:,.0f} Mbit/s" + (" (your link)" if b == inp.bandwidth_mbps else "")
                   for b in links],
        "bandwidth_mbps": links, "days": link_days, "one_week_days": week,
        "over_one_week": link_days > week})
    devices = device_table(data_tb=inp.data_tb, limits=lim)
    snow = days > week
    notes = [f"{inp.data_tb:g} TB over {inp.bandwidth_mbps:g} Mbit/s at "
             f"{inp.utilization:.0%}: {days:,.1f} days"
             + (f", more than {week:g} days: use the Snow Family [SNOW-RULE]" if snow
                else f", within {week:g} days: the network will do [SNOW-RULE]")]
    return TransferPlan(days, week, bool(snow), devices, options, notes)
