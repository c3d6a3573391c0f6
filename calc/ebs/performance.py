"""EBS performance formulas: IOPS and throughput a volume delivers, vectorised.

Each function takes keyword arguments, accepts numbers or numpy arrays (same answer for both;
scalars in give a float out) and takes its limits as arguments or a :class:`VolumeSpec`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from calc.ebs.specs import VolumeSpec
from calc.units import BYTES_PER_KIB, BYTES_PER_MIB, gib_to_tib

MIB_PER_KIB = BYTES_PER_KIB / BYTES_PER_MIB  # 1/1,024: KiB per I/O x IOPS -> MiB/s

Number = float | np.ndarray


def _a(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _ret(result: np.ndarray, *inputs: Any) -> Number:
    """A float when every input was a scalar, else the array (broadcast)."""
    if all(np.ndim(x) == 0 for x in inputs):
        return float(result)
    return result


def gp2_baseline_iops(*, size_gib: Number, iops_per_gib: float, min_iops: float,
                      max_iops: float) -> Number:
    """Baseline IOPS of a gp2 volume.

    Parameters
    ----------
    size_gib : float or array
        Volume size [GiB].
    iops_per_gib : float
        Baseline IOPS per GiB [IOPS/GiB] (3).
    min_iops, max_iops : float
        Floor for small volumes and ceiling [IOPS] (100 and 16,000).

    Returns
    -------
    float or array
        Baseline IOPS [IOPS] = clip(iops_per_gib x size, min_iops, max_iops).

    Notes
    -----
    Rule: EBS-GP2-IOPS (3 IOPS per GiB, at least 100, at most 16,000, reached at 5,334 GiB).
    Source: AWS EBS User Guide, General Purpose SSD volumes (gp2).
    """
    s = _a(size_gib)
    return _ret(np.clip(iops_per_gib * s, min_iops, max_iops), size_gib)


class Gp2Burst(NamedTuple):
    """A gp2 volume's baseline and burst, per size (floats or arrays)."""

    baseline_iops: Any
    burst_iops: Any  # the most it delivers while it has credits (= baseline if it never bursts)
    bursts: Any  # True where the volume bursts above baseline
    burst_seconds: Any  # at burst_iops from a full bucket; inf where it never bursts
    refill_seconds: Any  # empty to full while idle; nan where it never bursts


def gp2_burst_seconds(*, credit_balance: Number, demand_iops: Number,
                      baseline_iops: Number) -> Number:
    """How long a gp2 volume sustains ``demand_iops`` above its baseline.

    Parameters
    ----------
    credit_balance : float or array
        I/O credits in the bucket when the burst starts [I/O credits].
    demand_iops : float or array
        IOPS driven during the burst [IOPS] (at most the burst ceiling, 3,000).
    baseline_iops : float or array
        The volume's baseline (its credit earn rate) [IOPS].

    Returns
    -------
    float or array
        Burst duration [s] = credits / (demand - baseline); inf where demand <= baseline.

    Notes
    -----
    Rule: EBS-GP2-BURST. Source: AWS EBS User Guide, gp2 I/O credits and burst performance
    (burst duration = credit balance / (burst IOPS - 3 x size in GiB)).
    """
    c, d, b = _a(credit_balance), _a(demand_iops), _a(baseline_iops)
    drain = d - b
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(drain > 0, c / np.where(drain > 0, drain, 1.0), np.inf)
    return _ret(out, credit_balance, demand_iops, baseline_iops)


def gp2_burst(*, size_gib: Number, spec: VolumeSpec) -> Gp2Burst:
    """Baseline, burst ceiling, burst duration and refill time of gp2 volumes.

    Parameters
    ----------
    size_gib : float or array
        Volume size [GiB].
    spec : VolumeSpec
        The gp2 limits (iops_per_gib, min_iops, max_iops, burst_iops, burst_max_size_gib,
        burst_bucket_credits).

    Returns
    -------
    Gp2Burst
        baseline_iops [IOPS], burst_iops [IOPS], bursts [bool], burst_seconds [s] (full bucket
        at the burst ceiling), refill_seconds [s] (empty bucket to full at zero I/O).

    Notes
    -----
    Rules: EBS-GP2-IOPS, EBS-GP2-BURST. Volumes under 1 TiB whose baseline is below 3,000 IOPS
    burst to 3,000 IOPS from a 5.4 million I/O-credit bucket; burst seconds = credits /
    (3,000 - baseline); refill seconds = credits / baseline.
    Source: AWS EBS User Guide, gp2 burst table (100 GiB: 300 IOPS, 2,000 s, 18,000 s;
    500 GiB: 1,500 IOPS, 3,600 s, 3,600 s).
    """
    assert spec.iops_per_gib is not None and spec.min_iops is not None
    assert spec.max_iops is not None and spec.burst_iops is not None
    assert spec.burst_max_size_gib is not None and spec.burst_bucket_credits is not None
    s = _a(size_gib)
    base = np.clip(spec.iops_per_gib * s, spec.min_iops, spec.max_iops)
    bursts = (base < spec.burst_iops) & (s < spec.burst_max_size_gib)
    burst = np.where(bursts, spec.burst_iops, base)
    credits = spec.burst_bucket_credits
    with np.errstate(divide="ignore", invalid="ignore"):
        seconds = np.where(bursts, credits / np.where(bursts, burst - base, 1.0), np.inf)
        refill = np.where(bursts, credits / base, np.nan)
    if np.ndim(size_gib) == 0:
        return Gp2Burst(float(base), float(burst), bool(bursts), float(seconds), float(refill))
    return Gp2Burst(base, burst, bursts, seconds, refill)


def io_throughput_mibps(*, iops: Number, io_size_kib: float, max_throughput_mibps: Number
                        ) -> Number:
    """Throughput from IOPS at an I/O size, up to a cap.

    Parameters
    ----------
    iops : float or array
        I/O operations per second [IOPS].
    io_size_kib : float
        Largest I/O size the volume supports [KiB].
    max_throughput_mibps : float or array
        The volume's throughput cap [MiB/s].

    Returns
    -------
    float or array
        min(IOPS x I/O size, cap) [MiB/s].

    Notes
    -----
    Rule: EBS-GP2-IOPS (gp2: 256 KiB, 250 MiB/s, so 250 MiB/s from 334 GiB). Source: AWS EBS
    User Guide, gp2 throughput performance ("Throughput = size x IOPS per GiB x I/O size").
    """
    out = np.minimum(_a(iops) * io_size_kib * MIB_PER_KIB, max_throughput_mibps)
    return _ret(out, iops)


def gp2_max_throughput_mibps(*, size_gib: Number, spec: VolumeSpec) -> Number:
    """The throughput ceiling of gp2 volumes of ``size_gib`` [MiB/s].

    Returns
    -------
    float or array
        128 MiB/s up to 170 GiB, else 250 MiB/s (today's figures from limits.csv).

    Notes
    -----
    Rule: EBS-GP2-IOPS. Source: AWS EBS User Guide, gp2 throughput performance: "volumes of
    170 GiB or less deliver a maximum throughput of 128 MiB/s"; larger ones up to 250 MiB/s
    (from 334 GiB also without burst credits).
    """
    assert spec.max_throughput_mibps is not None
    if spec.small_volume_max_size_gib is None or spec.small_volume_max_throughput_mibps is None:
        return _ret(np.full_like(_a(size_gib), spec.max_throughput_mibps), size_gib)
    out = np.where(_a(size_gib) <= spec.small_volume_max_size_gib,
                   spec.small_volume_max_throughput_mibps, spec.max_throughput_mibps)
    return _ret(out, size_gib)


def gp3_max_iops(*, size_gib: Number, spec: VolumeSpec) -> Number:
    """The most IOPS a gp3 volume of ``size_gib`` can be provisioned with.

    Returns
    -------
    float or array
        min(max_iops, max(included 3,000, 500 x size)) [IOPS].

    Notes
    -----
    Rule: EBS-GP3 (3,000 IOPS included at any size; at most 500 IOPS per GiB; at most 16,000
    (notes) or 80,000 (AWS today)).
    """
    assert spec.included_iops is not None and spec.max_iops_per_gib is not None
    assert spec.max_iops is not None
    out = np.minimum(spec.max_iops,
                     np.maximum(spec.included_iops, spec.max_iops_per_gib * _a(size_gib)))
    return _ret(out, size_gib)


def gp3_max_throughput_mibps(*, iops: Number, spec: VolumeSpec) -> Number:
    """The most throughput a gp3 volume with ``iops`` provisioned IOPS can have.

    Returns
    -------
    float or array
        min(max throughput, max(included 125, 0.25 x IOPS)) [MiB/s].

    Notes
    -----
    Rule: EBS-GP3 (125 MiB/s included; at most 0.25 MiB/s per provisioned IOPS; at most
    1,000 MiB/s (notes) or 2,000 MiB/s (AWS today)).
    """
    assert spec.included_throughput_mibps is not None and spec.max_mibps_per_iops is not None
    assert spec.max_throughput_mibps is not None
    out = np.minimum(spec.max_throughput_mibps,
                     np.maximum(spec.included_throughput_mibps,
                                spec.max_mibps_per_iops * _a(iops)))
    return _ret(out, iops)


def io1_max_throughput_mibps(*, iops: Number, spec: VolumeSpec) -> Number:
    """Throughput an io1 volume delivers at its provisioned IOPS.

    Returns
    -------
    float or array
        Up to 32,000 IOPS: min(IOPS x 256 KiB, 500 MiB/s); above: min(IOPS x 16 KiB,
        1,000 MiB/s) [MiB/s]. Continuous at 32,000 IOPS (both 500 MiB/s).

    Notes
    -----
    Rule: EBS-IO1-IO2. Source: AWS EBS User Guide, Provisioned IOPS SSD volumes (io1 up to
    32,000 IOPS: 256 KiB I/O, 500 MiB/s; above: 16 KiB per IOPS, up to 1,000 MiB/s).
    """
    assert spec.large_io_max_iops is not None and spec.large_io_size_kib is not None
    assert spec.large_io_max_throughput_mibps is not None
    assert spec.small_io_size_kib is not None and spec.max_throughput_mibps is not None
    i = _a(iops)
    low = np.minimum(i * spec.large_io_size_kib * MIB_PER_KIB, spec.large_io_max_throughput_mibps)
    high = np.minimum(i * spec.small_io_size_kib * MIB_PER_KIB, spec.max_throughput_mibps)
    return _ret(np.where(i <= spec.large_io_max_iops, low, high), iops)


def io2_max_throughput_mibps(*, iops: Number, spec: VolumeSpec) -> Number:
    """Throughput an io2 (Block Express) volume delivers at its provisioned IOPS.

    Returns
    -------
    float or array
        min(0.256 MiB/s x IOPS, 4,000 MiB/s) [MiB/s].

    Notes
    -----
    Rule: EBS-IO2-BX (throughput scales up to 0.256 MiB/s per provisioned IOPS, at most
    4,000 MiB/s). The notes give no io2 throughput; under "notes" the same figures apply.
    """
    assert spec.max_mibps_per_iops is not None and spec.max_throughput_mibps is not None
    out = np.minimum(_a(iops) * spec.max_mibps_per_iops, spec.max_throughput_mibps)
    return _ret(out, iops)


def hdd_throughput_mibps(*, size_gib: Number, mibps_per_tib: float, max_mibps: float) -> Number:
    """st1/sc1 throughput (baseline or burst) from the volume size.

    Parameters
    ----------
    size_gib : float or array
        Volume size [GiB].
    mibps_per_tib : float
        Baseline or burst throughput per TiB of size [MiB/s per TiB].
    max_mibps : float
        The type's throughput cap [MiB/s].

    Returns
    -------
    float or array
        min(size in TiB x per-TiB figure, cap) [MiB/s].

    Notes
    -----
    Rules: EBS-ST1 (40 MiB/s per TiB baseline, 250 burst, cap 500), EBS-SC1 (12 and 80 per
    TiB, cap 250).
    """
    out = np.minimum(gib_to_tib(_a(size_gib)) * mibps_per_tib, max_mibps)
    return _ret(out, size_gib)


class Performance(NamedTuple):
    """What a volume delivers: sustained and peak (burst) IOPS and throughput."""

    sustained_iops: Any
    burst_iops: Any
    sustained_throughput_mibps: Any
    burst_throughput_mibps: Any


def performance(volume_type: str, *, size_gib: Number, iops: Number | None = None,
                throughput_mibps: Number | None = None, spec: VolumeSpec) -> Performance:
    """IOPS and throughput a volume configuration delivers.

    Parameters
    ----------
    volume_type : str
        gp2, gp3, io1, io2, st1, sc1 or standard.
    size_gib : float or array
        Volume size [GiB].
    iops : float or array, optional
        Provisioned IOPS (gp3, io1, io2) [IOPS]; gp3 defaults to the included 3,000.
    throughput_mibps : float or array, optional
        Provisioned throughput (gp3 only) [MiB/s]; defaults to the included 125.
    spec : VolumeSpec
        The type's limits.

    Returns
    -------
    Performance
        sustained_iops, burst_iops [IOPS]; sustained_throughput_mibps,
        burst_throughput_mibps [MiB/s]. Burst equals sustained for types without a burst
        bucket. HDD and magnetic IOPS are their maxima (st1/sc1 at 1 MiB I/O).

    Notes
    -----
    Rules: EBS-GP2-IOPS, EBS-GP2-BURST, EBS-GP3, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1.
    """
    s = _a(size_gib)
    ones = np.ones_like(s)
    if volume_type == "gp2":
        b = gp2_burst(size_gib=s, spec=spec)
        cap = gp2_max_throughput_mibps(size_gib=s, spec=spec)
        assert spec.io_size_kib is not None
        st = io_throughput_mibps(iops=b.baseline_iops, io_size_kib=spec.io_size_kib,
                                 max_throughput_mibps=cap)
        bt = io_throughput_mibps(iops=b.burst_iops, io_size_kib=spec.io_size_kib,
                                 max_throughput_mibps=cap)
        out = (b.baseline_iops, b.burst_iops, st, bt)
    elif volume_type == "gp3":
        i = ones * (spec.included_iops if iops is None else _a(iops))
        t = ones * (spec.included_throughput_mibps if throughput_mibps is None
                    else _a(throughput_mibps))
        out = (i, i, t, t)
    elif volume_type in ("io1", "io2"):
        if iops is None:
            raise ValueError(f"{volume_type} needs provisioned IOPS")
        i = ones * _a(iops)
        f = io1_max_throughput_mibps if volume_type == "io1" else io2_max_throughput_mibps
        t = f(iops=i, spec=spec)
        out = (i, i, t, t)
    elif volume_type in ("st1", "sc1"):
        assert spec.max_iops is not None and spec.max_throughput_mibps is not None
        assert spec.baseline_mibps_per_tib is not None and spec.burst_mibps_per_tib is not None
        i = ones * spec.max_iops
        base = hdd_throughput_mibps(size_gib=s, mibps_per_tib=spec.baseline_mibps_per_tib,
                                    max_mibps=spec.max_throughput_mibps)
        burst = hdd_throughput_mibps(size_gib=s, mibps_per_tib=spec.burst_mibps_per_tib,
                                     max_mibps=spec.max_throughput_mibps)
        out = (i, i, base, burst)
    elif volume_type == "standard":
        assert spec.max_iops is not None and spec.max_throughput_mibps is not None
        i = ones * spec.max_iops
        t = ones * spec.max_throughput_mibps
        out = (i, i, t, t)
    else:
        raise ValueError(f"unknown EBS volume type {volume_type!r}")
    inputs = (size_gib, iops, throughput_mibps)
    return Performance(*(_ret(_a(x), *inputs) for x in out))


def config_valid(volume_type: str, *, size_gib: Number, iops: Number | None = None,
                 throughput_mibps: Number | None = None, spec: VolumeSpec) -> Any:
    """Whether each configuration is allowed by the type's limits (vectorised mask).

    Size within range; for gp3, IOPS from the included 3,000 to min(max, 500 per GiB) and
    throughput from the included 125 to min(max, 0.25 per IOPS); for io1/io2, IOPS from 100
    to min(max, 50 or 1,000 per GiB). Other types take no provisioned figures.

    Notes
    -----
    Rules: EBS-GP3, EBS-GP2-IOPS, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1.
    """
    s = _a(size_gib)
    ok = (s >= spec.min_size_gib) & (s <= spec.max_size_gib)
    if volume_type == "gp3":
        i = _a(spec.included_iops if iops is None else iops)
        t = _a(spec.included_throughput_mibps if throughput_mibps is None else throughput_mibps)
        assert spec.included_iops is not None and spec.included_throughput_mibps is not None
        ok = ok & (i >= spec.included_iops) & (i <= gp3_max_iops(size_gib=s, spec=spec))
        ok = ok & (t >= spec.included_throughput_mibps)
        ok = ok & (t <= gp3_max_throughput_mibps(iops=i, spec=spec))
    elif volume_type in ("io1", "io2"):
        assert iops is not None
        assert spec.min_iops is not None and spec.max_iops is not None
        assert spec.max_iops_per_gib is not None
        i = _a(iops)
        ok = ok & (i >= spec.min_iops) & (i <= spec.max_iops)
        ok = ok & (i <= spec.max_iops_per_gib * s)
    if all(x is None or np.ndim(x) == 0 for x in (size_gib, iops, throughput_mibps)):
        return bool(ok)
    return ok
