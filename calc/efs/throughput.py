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
from calc.units import GIB_PER_TIB


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
        Floor (every file system bursts to at least 100 MiB/s) [MiB/s].

    Notes
    -----
    Rule: EFS-BURST (50 MiB/s per TB stored, bursts to 100 MiB/s per TB; notes L2676).
    """
    value = np.maximum(np.asarray(standard_gb, float) / GIB_PER_TIB * mibps_per_tib, min_mibps)
    return _out(value, standard_gb)


def fsx_scratch_burst_mbps(*, storage_tib: Any, mbps_per_tib: float) -> Any:
    """FSx for Lustre scratch file system burst throughput [MB/s].

    Notes
    -----
    Rule: FSX-SCRATCH (burst 200 MBps per TiB, notes L3172).
    """
    return _out(np.asarray(storage_tib, float) * mbps_per_tib, storage_tib)


def burst_table(*, standard_gb: Any, required_mibps: float, limits: Limits,
                basis: Basis = "aws_today") -> pd.DataFrame:
    """Baseline and burst throughput for stored sizes, with the required line and FSx for
    Lustre scratch burst for the same size (rules EFS-BURST, FSX-SCRATCH)."""
    gb = np.atleast_1d(np.asarray(standard_gb, dtype=float))
    base = efs_bursting_mibps(standard_gb=gb,
                              mibps_per_tib=limits.value("efs.bursting.baseline_mibps_per_tib",
                                                         basis))
    burst = efs_bursting_mibps(standard_gb=gb,
                               mibps_per_tib=limits.value("efs.bursting.burst_mibps_per_tib",
                                                          basis),
                               min_mibps=limits.value("efs.bursting.min_burst_mibps", basis))
    fsx = fsx_scratch_burst_mbps(storage_tib=gb / GIB_PER_TIB, mbps_per_tib=limits.value(
        "fsx.lustre.scratch_burst_mbps_per_tib", basis))
    return pd.DataFrame({"standard_gb": gb, "baseline_mibps": base, "burst_mibps": burst,
                         "required_mibps": np.full_like(gb, required_mibps),
                         "fsx_lustre_scratch_burst_mbps": fsx})
