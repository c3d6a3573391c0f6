"""EFS bursting throughput from the data stored, and FSx for Lustre scratch burst beside it.

Keyword arguments, limits passed in, a number or a numpy array in (the same answer for both).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from calc.efs.costs import _out
from calc.fields import Basis
from calc.pricing import Limits
from calc.units import GIB_PER_TIB, SECONDS_PER_DAY, SECONDS_PER_MINUTE

_MINUTES_PER_DAY = SECONDS_PER_DAY / SECONDS_PER_MINUTE  # 1,440

# Every Bursting file system's baseline is at least 1 MiB/s whatever it stores (rule
# EFS-BURST, limit efs.bursting.min_baseline_mibps): "Amazon EFS file systems using the default
# bursting throughput mode now have a minimum throughput of 1 MiB/s ..." (AWS What's New,
# 2020-06-30, "Amazon Elastic File System increases file system minimum throughput"; EFS User
# Guide, performance). The notes (L2676) predate it.


def efs_bursting_mibps(*, standard_gb: Any, mibps_per_tib: float, min_mibps: float = 0.0
                       ) -> Any:
    """Bursting-mode throughput from the data in the Standard class [MiB/s].

    Parameters
    ----------
    standard_gb : float or array
        Data in EFS Standard (AWS GB = GiB) [GB].
    mibps_per_tib : float
        Baseline (50) or burst (100) rate [MiB/s per TiB].
    min_mibps : float
        Floor: the baseline is at least 1 MiB/s (``efs.bursting.min_baseline_mibps``), the burst at
        least 100 MiB/s [MiB/s].

    Notes
    -----
    Rule: EFS-BURST (50 MiB/s per TB stored, bursts to 100 MiB/s per TB; notes L2676).
    ``max(stored / 1,024 x rate, floor)``: below 20.48 GiB in Standard the 1 MiB/s baseline
    floor is what the file system gets (AWS What's New, 2020-06-30).
    """
    value = np.maximum(np.asarray(standard_gb, float) / GIB_PER_TIB * mibps_per_tib, min_mibps)
    return _out(value, standard_gb)


def burst_minutes_per_day(*, baseline_mibps: Any, burst_mibps: Any) -> Any:
    """Longest a Bursting file system can burst each day, at steady state [min/day].

    Notes
    -----
    Rule: EFS-BURST. Credits accrue at the baseline rate all day and are spent at the burst
    rate, so a file system that is otherwise idle bursts ``1,440 x baseline / burst`` minutes a
    day (the EFS User Guide's bursting table: 256 GiB, 12.5 of 100 MiB/s, 180 min a day
    (12.5%); 1 TiB and above, burst = 2 x baseline, 720 min (50%)). With the 1 MiB/s floor a
    file system under 20.48 GiB bursts 14.4 min a day at 100 MiB/s.
    """
    base = np.asarray(baseline_mibps, float)
    burst = np.asarray(burst_mibps, float)
    value = np.minimum(_MINUTES_PER_DAY * base / burst, _MINUTES_PER_DAY)
    return _out(value, baseline_mibps, burst_mibps)


def fsx_scratch_burst_mbps(*, storage_tib: Any, mbps_per_tib: float) -> Any:
    """FSx for Lustre scratch file system burst throughput [MB/s].

    Notes
    -----
    Rule: FSX-SCRATCH (burst 200 MBps per TiB, notes L3172).
    """
    return _out(np.asarray(storage_tib, float) * mbps_per_tib, storage_tib)


def burst_table(*, standard_gb: Any, required_mibps: float, limits: Limits,
                basis: Basis = "aws_today") -> pd.DataFrame:
    """Baseline (at least 1 MiB/s) and burst (at least 100 MiB/s) throughput and the daily
    burst minutes for stored sizes, with the required line and FSx for Lustre scratch burst
    for the same size (rules EFS-BURST, FSX-SCRATCH)."""
    gb = np.atleast_1d(np.asarray(standard_gb, dtype=float))
    base = efs_bursting_mibps(standard_gb=gb,
                              mibps_per_tib=limits.value("efs.bursting.baseline_mibps_per_tib",
                                                         basis),
                              min_mibps=limits.value("efs.bursting.min_baseline_mibps",
                                                     basis))
    burst = efs_bursting_mibps(standard_gb=gb,
                               mibps_per_tib=limits.value("efs.bursting.burst_mibps_per_tib",
                                                          basis),
                               min_mibps=limits.value("efs.bursting.min_burst_mibps", basis))
    fsx = fsx_scratch_burst_mbps(storage_tib=gb / GIB_PER_TIB, mbps_per_tib=limits.value(
        "fsx.lustre.scratch_burst_mbps_per_tib", basis))
    return pd.DataFrame({"standard_gb": gb, "baseline_mibps": base, "burst_mibps": burst,
                         "burst_minutes_per_day": burst_minutes_per_day(
                             baseline_mibps=base, burst_mibps=burst),
                         "required_mibps": np.full_like(gb, required_mibps),
                         "fsx_lustre_scratch_burst_mbps": fsx})
