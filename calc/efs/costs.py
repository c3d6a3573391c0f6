"""EFS charges: storage across the classes, provisioned and elastic throughput.

Keyword arguments, prices passed in, a number or a numpy array in (the same answer for both).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _out(value: Any, *inputs: Any) -> Any:
    """A float when every input was a scalar, else the array."""
    if all(np.ndim(x) == 0 for x in inputs):
        return float(value)
    return np.asarray(value, dtype=float)


def efs_storage_usd(*, storage_gb: Any, ia_share: Any, archive_share: Any,
                    standard_usd_per_gb_month: float, ia_usd_per_gb_month: float,
                    archive_usd_per_gb_month: float) -> Any:
    """Monthly storage cost of a file system split across Standard, IA and Archive.

    Parameters
    ----------
    storage_gb : float or array
        Data stored [GB-month].
    ia_share, archive_share : float or array
        Shares in Infrequent Access and Archive, 0-1 [fraction]; Standard holds the rest.
    standard_usd_per_gb_month, ia_usd_per_gb_month, archive_usd_per_gb_month : float
        [USD/GB-month] (use the One Zone prices for a One Zone file system).

    Returns
    -------
    float or array
        [USD/month].

    Notes
    -----
    Rules: EFS-IA (IA up to 92% cheaper, moved by lifecycle policy), EFS-ONE-ZONE. Source:
    AWS EFS pricing page example: 177 GB-months x $0.30 = $53.10.
    """
    gb = np.asarray(storage_gb, dtype=float)
    ia = np.asarray(ia_share, dtype=float)
    ar = np.asarray(archive_share, dtype=float)
    usd = gb * ((1.0 - ia - ar) * standard_usd_per_gb_month + ia * ia_usd_per_gb_month
                + ar * archive_usd_per_gb_month)
    return _out(usd, storage_gb, ia_share, archive_share)


def efs_provisioned_usd(*, provisioned_mibps: Any, baseline_mibps: Any,
                        usd_per_mibps_month: float) -> Any:
    """Provisioned throughput cost: only what exceeds the Bursting baseline of the storage.

    Parameters
    ----------
    provisioned_mibps : float or array
        Throughput provisioned [MiB/s].
    baseline_mibps : float or array
        What the file system would get in Bursting mode: 50 MiB/s per TiB in Standard, at
        least 1 MiB/s (:func:`calc.efs.throughput.efs_bursting_mibps`) [MiB/s].
    usd_per_mibps_month : float
        [USD per MB/s-month].

    Notes
    -----
    ``max(provisioned - baseline, 0) x price``. Rule: EFS-BURST. Sources: AWS re:Post, "Is EFS
    Provisioned Throughput mode billed at daily granularity?": billed on "the average
    throughput provisioned in excess of what your EFS Standard storage allows for the month",
    in MB/s-months (EFS pricing page); AWS re:Post Knowledge Center "efs-choosing-correct-
    throughput-mode": "You don't incur charges for Provisioned throughput below your file
    system's entitlement in Bursting throughput mode". The entitlement includes the 1 MiB/s
    minimum, so provisioning 1 MiB/s costs nothing on any file system.
    """
    extra = np.maximum(np.asarray(provisioned_mibps, float) - np.asarray(baseline_mibps, float),
                       0.0)
    return _out(extra * usd_per_mibps_month, provisioned_mibps, baseline_mibps)


def efs_elastic_usd(*, read_gb: Any, write_gb: Any, read_usd_per_gb: float,
                    write_usd_per_gb: float) -> Any:
    """Elastic throughput cost: per GB read and written [USD]."""
    usd = (np.asarray(read_gb, float) * read_usd_per_gb
           + np.asarray(write_gb, float) * write_usd_per_gb)
    return _out(usd, read_gb, write_gb)
