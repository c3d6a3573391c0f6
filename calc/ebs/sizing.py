"""The cheapest configuration of each volume type for a requirement, vectorised.

For one type, every cost component grows with size, IOPS and throughput, so the cheapest
configuration is the smallest one that meets every requirement and limit: it is found in closed
form (no search), for a number or for arrays of requirements at once (cost-versus-IOPS curves).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from calc.ebs.costs import io_requests_millions_per_month, volume_usd_per_month
from calc.ebs.performance import MIB_PER_KIB, _a, performance
from calc.ebs.specs import VolumeSpec
from calc.units import gib_to_tib, tib_to_gib

Number = float | np.ndarray

# Reason codes for an infeasible requirement (0 = feasible); texts in calc.ebs.results.
OK = 0
NOT_BOOT = 1
NOT_MULTI_ATTACH = 2
TOO_MANY_INSTANCES = 3
CAPACITY_TOO_BIG = 4
IOPS_TOO_HIGH = 5
THROUGHPUT_TOO_HIGH = 6
SIZE_FOR_PERFORMANCE_TOO_BIG = 7

_EPS = 1e-9  # keeps ceil() of an exact quotient (e.g. 10,000 / 500) from rounding up


def _ceil(x: np.ndarray) -> np.ndarray:
    return np.ceil(x - _EPS)


class Choice(NamedTuple):
    """The cheapest configuration per requirement (floats or arrays)."""

    size_gib: Any
    iops: Any  # provisioned (gp3/io1/io2) or delivered sustained (gp2 baseline, HDD maximum)
    throughput_mibps: Any  # provisioned (gp3) or delivered sustained
    feasible: Any
    reason_code: Any  # one of the codes above (0 where feasible)
    size_needed_gib: Any  # before clipping to the type's largest size [GiB]
    iops_needed: Any  # provisioned (gp3/io1/io2) or baseline (gp2) IOPS the requirement needs


def gp2_required_baseline_iops(*, iops: Number, burst_iops: Number, burst_seconds: Number,
                               burst_every_seconds: Number, spec: VolumeSpec) -> Number:
    """The gp2 baseline a workload needs, given its sustained IOPS and an optional burst.

    Parameters
    ----------
    iops : float or array
        Sustained IOPS [IOPS].
    burst_iops : float or array
        IOPS during bursts [IOPS] (0 or <= iops: no burst).
    burst_seconds : float or array
        Length of each burst [s].
    burst_every_seconds : float or array
        Time from the start of one burst to the next [s]; inf for a single burst.
    spec : VolumeSpec
        gp2 limits (burst ceiling and bucket).

    Returns
    -------
    float or array
        Baseline [IOPS]: at least the sustained IOPS; a burst above the 3,000 ceiling must be
        baseline; otherwise the bucket (5.4M credits) must last the burst, baseline >= burst -
        credits / burst_seconds, and, for repeated bursts, the credits spent must refill before
        the next one: baseline >= the average IOPS over a period.

    Notes
    -----
    Rules: EBS-GP2-IOPS, EBS-GP2-BURST.
    """
    assert spec.burst_iops is not None and spec.burst_bucket_credits is not None
    s, b = _a(iops), _a(burst_iops)
    d, p = _a(burst_seconds), _a(burst_every_seconds)
    with np.errstate(divide="ignore", invalid="ignore"):
        credit_need = np.where(d > 0, b - spec.burst_bucket_credits / np.where(d > 0, d, 1.0), s)
        average = np.where(np.isfinite(p), (b * d + s * (p - d)) / np.where(np.isfinite(p), p, 1),
                           s)
    within = np.maximum(s, np.minimum(b, np.maximum(credit_need, average)))
    need = np.where(b <= s, s, np.where(b > spec.burst_iops, b, within))
    if all(np.ndim(x) == 0 for x in (iops, burst_iops, burst_seconds, burst_every_seconds)):
        return float(need)
    return need


def cheapest_config(volume_type: str, *, size_gib: Number, iops: Number = 0.0,
                    throughput_mibps: Number = 0.0, burst_iops: Number = 0.0,
                    burst_seconds: Number = 0.0, burst_every_seconds: Number = np.inf,
                    boot: Any = False, attach_instances: Number = 1,
                    spec: VolumeSpec) -> Choice:
    """The smallest (so cheapest) configuration of one type that meets a requirement.

    Parameters
    ----------
    volume_type : str
        gp2, gp3, io1, io2, st1, sc1 or standard.
    size_gib : float or array
        Capacity needed [GiB].
    iops : float or array
        Sustained IOPS needed [IOPS].
    throughput_mibps : float or array
        Sustained throughput needed [MiB/s].
    burst_iops, burst_seconds, burst_every_seconds : float or array
        Optional burst profile (see :func:`gp2_required_baseline_iops`); types without a burst
        bucket provision the burst IOPS outright.
    boot : bool or array
        Must be a boot volume.
    attach_instances : float or array
        Instances the volume is attached to (more than 1: Multi-Attach).
    spec : VolumeSpec
        The type's limits.

    Returns
    -------
    Choice
        size_gib [GiB], iops [IOPS], throughput_mibps [MiB/s], feasible, reason_code.
        gp2 grows to reach IOPS/throughput (3 IOPS per GiB, 256 KiB I/O); io1 grows to stay
        within 50 IOPS per GiB and raises IOPS for throughput; gp3 raises IOPS for throughput
        (0.25 MiB/s per IOPS) and size for the 500 IOPS per GiB ratio; st1/sc1 grow for baseline
        throughput per TiB. Infeasible rows keep the nearest configuration and a reason code.

    Notes
    -----
    Rules: EBS-GP3, EBS-GP2-IOPS, EBS-GP2-BURST, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1,
    EBS-BOOT, EBS-MULTI-ATTACH.
    """
    cap, s, t = _a(size_gib), _a(iops), _a(throughput_mibps)
    b = _a(burst_iops)
    shape = np.broadcast_shapes(cap.shape, s.shape, t.shape, b.shape, np.shape(burst_seconds),
                                np.shape(burst_every_seconds), np.shape(boot),
                                np.shape(attach_instances))
    cap, s, t, b = (np.broadcast_to(x, shape) for x in (cap, s, t, b))
    peak = np.maximum(s, b)
    size = np.maximum(cap, spec.min_size_gib)
    code = np.zeros(shape, dtype=int)
    max_thr = spec.max_throughput_mibps
    assert max_thr is not None

    if volume_type == "gp2":
        assert spec.iops_per_gib is not None and spec.min_iops is not None
        assert spec.max_iops is not None and spec.io_size_kib is not None
        need = _a(gp2_required_baseline_iops(iops=s, burst_iops=b, burst_seconds=burst_seconds,
                                             burst_every_seconds=burst_every_seconds, spec=spec))
        need = np.maximum(need, t / (spec.io_size_kib * MIB_PER_KIB))  # baseline x 256 KiB
        size = np.maximum(size, np.where(need > spec.min_iops,
                                          _ceil(need / spec.iops_per_gib), 0.0))
        code = np.where(t > max_thr, THROUGHPUT_TOO_HIGH, code)
        code = np.where(need > spec.max_iops, IOPS_TOO_HIGH, code)
        needed = need
    elif volume_type == "gp3":
        assert spec.included_iops is not None and spec.max_mibps_per_iops is not None
        assert spec.max_iops is not None and spec.max_iops_per_gib is not None
        assert spec.included_throughput_mibps is not None
        iops_for_thr = np.where(t > spec.included_throughput_mibps,
                                _ceil(t / spec.max_mibps_per_iops), 0.0)
        prov = np.maximum.reduce([np.full(shape, spec.included_iops), _ceil(peak), iops_for_thr])
        size = np.maximum(size, np.where(prov > spec.included_iops,
                                          _ceil(prov / spec.max_iops_per_gib), 0.0))
        code = np.where(prov > spec.max_iops, IOPS_TOO_HIGH, code)
        code = np.where(t > max_thr, THROUGHPUT_TOO_HIGH, code)
        thr = np.maximum(t, spec.included_throughput_mibps)
        needed = prov
    elif volume_type in ("io1", "io2"):
        assert spec.min_iops is not None and spec.max_iops is not None
        assert spec.max_iops_per_gib is not None
        if volume_type == "io1":
            assert spec.large_io_size_kib is not None and spec.small_io_size_kib is not None
            assert spec.large_io_max_throughput_mibps is not None
            iops_for_thr = np.where(t <= spec.large_io_max_throughput_mibps,
                                    _ceil(t / (spec.large_io_size_kib * MIB_PER_KIB)),
                                    _ceil(t / (spec.small_io_size_kib * MIB_PER_KIB)))
        else:
            assert spec.max_mibps_per_iops is not None
            iops_for_thr = _ceil(t / spec.max_mibps_per_iops)
        prov = np.maximum.reduce([np.full(shape, spec.min_iops), _ceil(peak), iops_for_thr])
        size = np.maximum(size, _ceil(prov / spec.max_iops_per_gib))
        code = np.where(prov > spec.max_iops, IOPS_TOO_HIGH, code)
        code = np.where(t > max_thr, THROUGHPUT_TOO_HIGH, code)
        needed = prov
    elif volume_type in ("st1", "sc1"):
        assert spec.baseline_mibps_per_tib is not None and spec.max_iops is not None
        size = np.maximum(size, _ceil(tib_to_gib(t / spec.baseline_mibps_per_tib)))
        code = np.where(peak > spec.max_iops, IOPS_TOO_HIGH, code)
        code = np.where(t > max_thr, THROUGHPUT_TOO_HIGH, code)
        needed = peak
    elif volume_type == "standard":
        assert spec.max_iops is not None
        code = np.where(peak > spec.max_iops, IOPS_TOO_HIGH, code)
        code = np.where(t > max_thr, THROUGHPUT_TOO_HIGH, code)
        needed = peak
    else:
        raise ValueError(f"unknown EBS volume type {volume_type!r}")

    size = _ceil(size)
    size_needed = size
    feasible_so_far = code == OK
    code = np.where(feasible_so_far & (size > spec.max_size_gib),
                    np.where(cap > spec.max_size_gib, CAPACITY_TOO_BIG,
                             SIZE_FOR_PERFORMANCE_TOO_BIG), code)
    code = np.where(cap > spec.max_size_gib, CAPACITY_TOO_BIG, code)
    inst = np.broadcast_to(_a(attach_instances), shape)
    if spec.multi_attach:
        assert spec.max_attach_instances is not None
        code = np.where(inst > spec.max_attach_instances, TOO_MANY_INSTANCES, code)
    else:
        code = np.where(inst > 1, NOT_MULTI_ATTACH, code)
    if not spec.boot:
        code = np.where(np.broadcast_to(np.asarray(boot, dtype=bool), shape), NOT_BOOT, code)
    size = np.minimum(size, spec.max_size_gib)

    if volume_type == "gp3":
        iops_out, thr_out = prov, thr
    elif volume_type in ("io1", "io2"):
        iops_out = np.minimum(prov, spec.max_iops)
        thr_out = performance(volume_type, size_gib=size, iops=iops_out, spec=spec)[2]
    else:
        perf = performance(volume_type, size_gib=size, spec=spec)
        iops_out, thr_out = perf.sustained_iops, perf.sustained_throughput_mibps
    feasible = code == OK
    if shape == ():
        return Choice(float(size), float(_a(iops_out)), float(_a(thr_out)), bool(feasible),
                      int(code), float(size_needed), float(_a(needed)))
    return Choice(size, _a(iops_out) * np.ones(shape), _a(thr_out) * np.ones(shape),
                  feasible, code, size_needed, _a(needed) * np.ones(shape))


def cheapest_usd_per_month(volume_type: str, choice: Choice, *, iops: Number,
                           prices: Mapping[str, float | None], spec: VolumeSpec) -> Any:
    """Monthly cost of a :class:`Choice` (NaN where infeasible or a price is missing).

    Magnetic volumes also pay I/O requests at the sustained ``iops`` for the whole month.
    """
    prov_iops = choice.iops if volume_type in ("gp3", "io1", "io2") else None
    thr = choice.throughput_mibps if volume_type == "gp3" else None
    io_m = io_requests_millions_per_month(iops=iops) if volume_type == "standard" else 0.0
    usd = volume_usd_per_month(volume_type, size_gib=choice.size_gib, iops=prov_iops,
                               throughput_mibps=thr, io_requests_millions=io_m,
                               prices=prices, spec=spec)
    out = np.where(choice.feasible, usd, np.nan)
    return float(out) if np.ndim(out) == 0 else out


def hdd_max_baseline_mibps(spec: VolumeSpec) -> float:
    """st1/sc1 baseline throughput at the largest size [MiB/s] (EBS-ST1, EBS-SC1)."""
    assert spec.baseline_mibps_per_tib is not None and spec.max_throughput_mibps is not None
    return float(min(gib_to_tib(spec.max_size_gib) * spec.baseline_mibps_per_tib,
                     spec.max_throughput_mibps))
