"""EBS cost formulas: storage, provisioned IOPS and throughput, I/O requests, snapshots.

Prices are passed in (a ``{price column: USD}`` mapping such as ``PriceRecord.values``, or
single figures); nothing here looks a price up. Every function accepts numbers or numpy arrays
and gives the same answer for both. EBS bills "GB-month" of GiB (2^30 bytes), so sizes in GiB
multiply the per-GB-month price directly (see :mod:`calc.units`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from calc.ebs.performance import _a, _ret
from calc.ebs.specs import VolumeSpec
from calc.units import (
    DAYS_PER_MONTH,
    HOURS_PER_MONTH,
    PER_MILLION,
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    SECONDS_PER_MONTH,
)

Number = float | np.ndarray

# "provisioned storage for EBS volumes will be billed in one-second increments, with a
# 60-second minimum" (Amazon EBS pricing page; AWS News Blog, "New - Per-Second Billing for EC2
# Instances and EBS Volumes", 2017-10-02). Rule EBS-BILLING (proposed for RULES.md). Not yet a
# limits.csv row (pricing_data is outside this module): move it there as
# ebs.billing.min_billed_seconds with the data.
MIN_BILLED_SECONDS = 60.0
# the month lengths a user may give: AWS prorates over the month's actual seconds
MONTH_DAYS_MIN, MONTH_DAYS_MAX = 28, 31


def storage_usd_per_month(*, size_gib: Number, usd_per_gb_month: float) -> Number:
    """Provisioned storage for one month.

    Parameters
    ----------
    size_gib : float or array
        Provisioned size [GiB] (AWS's "GB" for EBS).
    usd_per_gb_month : float
        Storage price of the volume type [USD/GB-month].

    Returns
    -------
    float or array
        size x price [USD/month].

    Notes
    -----
    Every volume type bills provisioned GB-months, used or not. Source: AWS EBS pricing page.
    """
    return _ret(_a(size_gib) * usd_per_gb_month, size_gib)


def gp3_iops_usd_per_month(*, iops: Number, included_iops: float,
                           usd_per_iops_month: float) -> Number:
    """gp3 provisioned IOPS above the included baseline for one month.

    Parameters
    ----------
    iops : float or array
        Provisioned IOPS [IOPS].
    included_iops : float
        IOPS included in the storage price [IOPS] (3,000).
    usd_per_iops_month : float
        [USD/IOPS-month].

    Returns
    -------
    float or array
        max(IOPS - included, 0) x price [USD/month].

    Notes
    -----
    Rule: EBS-GP3. Source: AWS EBS pricing page, example 1 (10,000 IOPS provisioned -
    3,000 IOPS in the free baseline).
    """
    return _ret(np.maximum(_a(iops) - included_iops, 0.0) * usd_per_iops_month, iops)


def gp3_throughput_usd_per_month(*, throughput_mibps: Number, included_throughput_mibps: float,
                                 usd_per_mibps_month: float) -> Number:
    """gp3 provisioned throughput above the included baseline for one month.

    Parameters
    ----------
    throughput_mibps : float or array
        Provisioned throughput [MiB/s].
    included_throughput_mibps : float
        Throughput included in the storage price [MiB/s] (125).
    usd_per_mibps_month : float
        [USD/(MiB/s)-month].

    Returns
    -------
    float or array
        max(throughput - included, 0) x price [USD/month].

    Notes
    -----
    Rule: EBS-GP3. Source: AWS EBS pricing page, example 1 (500 MB/s - 125 MB/s free).
    """
    out = np.maximum(_a(throughput_mibps) - included_throughput_mibps, 0.0) * usd_per_mibps_month
    return _ret(out, throughput_mibps)


def provisioned_iops_usd_per_month(*, iops: Number, usd_per_iops_month: float) -> Number:
    """io1 provisioned IOPS for one month: IOPS x price [USD/month].

    Notes
    -----
    Rule: EBS-IO1-IO2 (io1 bills every provisioned IOPS at one price).
    """
    return _ret(_a(iops) * usd_per_iops_month, iops)


def io2_tier_iops(*, iops: Number, tier1_max_iops: float, tier2_max_iops: float
                  ) -> tuple[Number, Number, Number]:
    """Split io2 provisioned IOPS into the three price tiers.

    Returns
    -------
    tuple
        IOPS in tier 1 (up to 32,000), tier 2 (32,001-64,000), tier 3 (above 64,000) [IOPS].

    Notes
    -----
    Rules: EBS-IO1-IO2, EBS-IO2-BX. Tier bounds: AWS EBS pricing page (limits
    ``ebs.io2.tier1_max_iops``, ``ebs.io2.tier2_max_iops``).
    """
    i = _a(iops)
    t1 = np.minimum(i, tier1_max_iops)
    t2 = np.clip(i - tier1_max_iops, 0.0, tier2_max_iops - tier1_max_iops)
    t3 = np.maximum(i - tier2_max_iops, 0.0)
    return _ret(t1, iops), _ret(t2, iops), _ret(t3, iops)


def io2_iops_usd_per_month(*, iops: Number, tier1_max_iops: float, tier2_max_iops: float,
                           usd_per_iops_month_tier1: float, usd_per_iops_month_tier2: float,
                           usd_per_iops_month_tier3: float) -> Number:
    """io2 provisioned IOPS for one month, priced in tiers.

    Parameters
    ----------
    iops : float or array
        Provisioned IOPS [IOPS].
    tier1_max_iops, tier2_max_iops : float
        Upper bounds of tiers 1 and 2 [IOPS] (32,000 and 64,000).
    usd_per_iops_month_tier1, usd_per_iops_month_tier2, usd_per_iops_month_tier3 : float
        [USD/IOPS-month] of each tier.

    Returns
    -------
    float or array
        Sum over tiers of IOPS in the tier x its price [USD/month]; continuous at the bounds.

    Notes
    -----
    Rules: EBS-IO1-IO2, EBS-IO2-BX. Source: AWS EBS pricing page (io2: up to 32,000 IOPS;
    32,001-64,000; above 64,000).
    """
    t1, t2, t3 = io2_tier_iops(iops=iops, tier1_max_iops=tier1_max_iops,
                               tier2_max_iops=tier2_max_iops)
    out = (_a(t1) * usd_per_iops_month_tier1 + _a(t2) * usd_per_iops_month_tier2
           + _a(t3) * usd_per_iops_month_tier3)
    return _ret(out, iops)


def io_requests_usd_per_month(*, io_requests_millions: Number, usd_per_million: float) -> Number:
    """Magnetic (standard) I/O requests: millions x price [USD/month]."""
    return _ret(_a(io_requests_millions) * usd_per_million, io_requests_millions)


def io_requests_millions_per_month(*, iops: Number) -> Number:
    """I/O requests in a month at a steady IOPS rate [millions] = IOPS x seconds per month / 1e6."""
    return _ret(_a(iops) * SECONDS_PER_MONTH / PER_MILLION, iops)


def billed_seconds(*, seconds: Number) -> Number:
    """Seconds billed for a volume that exists ``seconds``: per second, at least 60 [s].

    Notes
    -----
    ``0`` for 0 s (no volume was provisioned, nothing is billed: EBS charges "the amount you
    provision ... until you release the storage", EBS pricing page), else
    ``max(seconds, 60)``. Rule: EBS-BILLING ("billed per-second ... with a 60-second minimum",
    Amazon EBS pricing page).
    """
    sec = _a(seconds)
    return _ret(np.where(sec <= 0, 0.0, np.maximum(sec, MIN_BILLED_SECONDS)), seconds)


def month_seconds(*, month_days: int | None = None) -> float:
    """Seconds in the billing month: AWS's 730-hour month by default, else ``days x 86,400``.

    Notes
    -----
    The EBS pricing page prorates by the real month ("43,200 seconds / (86,400 seconds/day *
    30-day month)"); the app's default is the 730-hour month of AWS's price lists and
    calculator (:data:`calc.units.HOURS_PER_MONTH`). Rule: EBS-BILLING.
    """
    if month_days is None:
        return float(SECONDS_PER_MONTH)
    return float(month_days * SECONDS_PER_DAY)


def month_fraction(*, hours: Number, month_days: int | None = None) -> Number:
    """The share of a month's charge billed for a volume that exists ``hours`` [0-1].

    Notes
    -----
    ``billed_seconds(hours x 3,600) / month_seconds(month_days)``: per second with the 60 s
    minimum, over AWS's 730-hour month or the month's ``month_days`` days. Rule: EBS-BILLING.
    """
    billed = billed_seconds(seconds=_a(hours) * SECONDS_PER_HOUR)
    return _ret(_a(billed) / month_seconds(month_days=month_days), hours)


def prorate(*, usd_per_month: Number, hours: Number, month_days: int | None = None) -> Number:
    """A monthly charge for part of a month: usd x :func:`month_fraction` [USD].

    Notes
    -----
    EBS bills provisioned storage, IOPS and throughput per second with a 60-second minimum,
    prorated over the month (AWS's 730 hours, :data:`calc.units.HOURS_PER_MONTH`, unless
    ``month_days`` gives the month). Rule: EBS-BILLING.
    """
    frac = month_fraction(hours=hours, month_days=month_days)
    return _ret(_a(usd_per_month) * _a(frac), usd_per_month, hours)


# -- snapshots --------------------------------------------------------------------------------
def snapshot_standard_gib(*, data_gib: Number, daily_change_pct: Number,
                          retention_days: Number) -> Number:
    """Stored size of a chain of daily incremental snapshots.

    Parameters
    ----------
    data_gib : float or array
        Data on the volume (the first, full snapshot) [GiB].
    daily_change_pct : float or array
        Share of the data whose blocks change each day [%].
    retention_days : float or array
        Daily snapshots kept [days] (at least 1).

    Returns
    -------
    float or array
        data x (1 + change/100 x (retention - 1)) [GiB]: one full copy plus the changed
        blocks of the other retained days.

    Notes
    -----
    Standard-tier snapshots are incremental: only changed blocks are stored; deleting the
    oldest snapshot moves its still-needed blocks to the next one. Source: AWS EBS pricing page
    (snapshot storage billed per GB-month of data stored).
    """
    d, c, r = _a(data_gib), _a(daily_change_pct), _a(retention_days)
    out = d * (1.0 + c / 100.0 * np.maximum(r - 1.0, 0.0))
    return _ret(out, data_gib, daily_change_pct, retention_days)


def snapshot_archive_gib_months(*, archived_gib_per_month: Number, retention_days: Number,
                                min_days: float) -> Number:
    """GB-months billed each month for archived snapshots, at steady state.

    Parameters
    ----------
    archived_gib_per_month : float or array
        Full snapshot data moved to the archive tier each month [GiB] (archived snapshots are
        full copies, not incremental).
    retention_days : float or array
        How long each archived snapshot is kept [days].
    min_days : float
        Minimum billed retention [days] (90): deleting earlier is billed the rest.

    Returns
    -------
    float or array
        archived x max(retention, minimum) / days per month [GB-months per month].

    Notes
    -----
    Rule: EBS-SNAPSHOT-ARCHIVE (75% cheaper than standard, 90-day minimum, restore billed per
    GB, 24-72 h).
    """
    a, r = _a(archived_gib_per_month), _a(retention_days)
    out = a * np.maximum(r, min_days) / DAYS_PER_MONTH
    return _ret(out, archived_gib_per_month, retention_days)


# -- one volume, by component -----------------------------------------------------------------
class Component(NamedTuple):
    """One billed component: its billed quantity per month and the price column that bills it."""

    component: str
    quantity: Any  # per month, for one volume
    unit: str
    price_column: str
    rule_id: str


def volume_components(volume_type: str, *, size_gib: Number, iops: Number | None = None,
                      throughput_mibps: Number | None = None,
                      io_requests_millions: Number = 0.0, spec: VolumeSpec) -> list[Component]:
    """The billed quantities of one volume for a full month, by component.

    Parameters
    ----------
    volume_type : str
        gp2, gp3, io1, io2, st1, sc1 or standard.
    size_gib : float or array
        Provisioned size [GiB].
    iops : float or array, optional
        Provisioned IOPS (gp3 defaults to the included 3,000; io1/io2 required) [IOPS].
    throughput_mibps : float or array, optional
        Provisioned throughput (gp3; defaults to the included 125) [MiB/s].
    io_requests_millions : float or array
        I/O requests in the month (magnetic only) [millions].
    spec : VolumeSpec
        The type's limits (included IOPS/throughput, io2 tier bounds).

    Returns
    -------
    list of Component
        cost = sum of quantity x the price in ``price_column``.

    Notes
    -----
    Rules: EBS-GP3 (IOPS above 3,000 and MiB/s above 125 billed), EBS-IO1-IO2 and EBS-IO2-BX
    (provisioned IOPS; io2 in tiers). gp2, st1 and sc1 bill storage only.
    """
    storage = Component("storage", _ret(_a(size_gib), size_gib), "GB-month",
                        f"{volume_type}_usd_per_gb_month", _STORAGE_RULE[volume_type])
    if volume_type in ("gp2", "st1", "sc1"):
        return [storage]
    if volume_type == "gp3":
        assert spec.included_iops is not None and spec.included_throughput_mibps is not None
        i = spec.included_iops if iops is None else iops
        t = spec.included_throughput_mibps if throughput_mibps is None else throughput_mibps
        return [
            storage,
            Component("iops_above_included",
                      _ret(np.maximum(_a(i) - spec.included_iops, 0.0), i),
                      "IOPS-month", "gp3_usd_per_provisioned_iops_month", "EBS-GP3"),
            Component("throughput_above_included",
                      _ret(np.maximum(_a(t) - spec.included_throughput_mibps, 0.0), t),
                      "MiB/s-month", "gp3_usd_per_provisioned_mibps_month", "EBS-GP3"),
        ]
    if volume_type == "io1":
        if iops is None:
            raise ValueError("io1 needs provisioned IOPS")
        return [storage, Component("provisioned_iops", _ret(_a(iops), iops), "IOPS-month",
                                   "io1_usd_per_piops_month", "EBS-IO1-IO2")]
    if volume_type == "io2":
        if iops is None:
            raise ValueError("io2 needs provisioned IOPS")
        assert spec.tier1_max_iops is not None and spec.tier2_max_iops is not None
        t1, t2, t3 = io2_tier_iops(iops=iops, tier1_max_iops=spec.tier1_max_iops,
                                   tier2_max_iops=spec.tier2_max_iops)
        return [storage,
                Component("provisioned_iops_tier1", t1, "IOPS-month",
                          "io2_usd_per_piops_month_tier1", "EBS-IO2-BX"),
                Component("provisioned_iops_tier2", t2, "IOPS-month",
                          "io2_usd_per_piops_month_tier2", "EBS-IO2-BX"),
                Component("provisioned_iops_tier3", t3, "IOPS-month",
                          "io2_usd_per_piops_month_tier3", "EBS-IO2-BX")]
    if volume_type == "standard":
        storage = storage._replace(price_column="standard_magnetic_usd_per_gb_month")
        return [storage, Component("io_requests", _ret(_a(io_requests_millions),
                                                       io_requests_millions),
                                   "million I/O requests",
                                   "standard_magnetic_usd_per_million_io_requests", "EBS-RESIZE")]
    raise ValueError(f"unknown EBS volume type {volume_type!r}")


_STORAGE_RULE = {"gp2": "EBS-GP2-IOPS", "gp3": "EBS-GP3", "io1": "EBS-IO1-IO2",
                 "io2": "EBS-IO2-BX", "st1": "EBS-ST1", "sc1": "EBS-SC1",
                 "standard": "EBS-RESIZE"}


def volume_usd_per_month(volume_type: str, *, size_gib: Number, iops: Number | None = None,
                         throughput_mibps: Number | None = None,
                         io_requests_millions: Number = 0.0,
                         prices: Mapping[str, float | None], spec: VolumeSpec,
                         hours: Number = HOURS_PER_MONTH, volume_count: Number = 1,
                         month_days: int | None = None) -> Any:
    """Monthly cost of ``volume_count`` identical volumes provisioned for ``hours``.

    Parameters
    ----------
    volume_type, size_gib, iops, throughput_mibps, io_requests_millions, spec
        See :func:`volume_components`.
    prices : mapping
        ``{price column: USD}`` for the region (``PriceRecord.values``); a missing price
        (None) makes the cost NaN, never a guess.
    hours : float or array
        Hours provisioned in the month [h] (730 = the whole 730-hour month).
    volume_count : float or array
        Number of identical volumes.
    month_days : int, optional
        Days in the month (28-31); default AWS's 730-hour month.

    Returns
    -------
    float or array
        sum(quantity x price) x month_fraction(hours) x count [USD/month]; NaN where a price
        is missing.

    Notes
    -----
    Rules: EBS-GP3, EBS-IO1-IO2, EBS-IO2-BX (see :func:`volume_components`), EBS-BILLING
    (per second, 60 s minimum, :func:`month_fraction`).
    """
    total: Any = 0.0
    for c in volume_components(volume_type, size_gib=size_gib, iops=iops,
                               throughput_mibps=throughput_mibps,
                               io_requests_millions=io_requests_millions, spec=spec):
        price = prices.get(c.price_column)
        total = total + _a(c.quantity) * (np.nan if price is None else price)
    out = _a(total) * _a(month_fraction(hours=hours, month_days=month_days)) * _a(volume_count)
    return _ret(out, size_gib, iops, throughput_mibps, io_requests_millions, hours, volume_count)
