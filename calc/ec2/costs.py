"""Formula functions for EC2 option costs over a horizon: numpy-vectorised, prices passed in.

Every function takes keyword arguments that may be numbers or numpy arrays (one value per
row, e.g. per option or per instance type) and gives the same answer for both. An option's
cost is split into three streams:

- ``upfront_usd``: paid at the start of every term (months 0, T, 2T, ...);
- ``fixed_usd_per_month``: paid every month whether the instances run or not (Reserved hourly
  fees, a Savings Plan commitment, Capacity Reservations, Dedicated Hosts);
- ``usage_usd_per_month``: paid only for the hours the instances run (On-Demand, Spot,
  Dedicated Instances, usage above a Savings Plan commitment).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from calc.units import PCT, SECONDS_PER_HOUR

ArrayLike = npt.ArrayLike


def _arr(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _scalar_back(result: np.ndarray, *inputs: ArrayLike) -> np.ndarray | float:
    """A float for all-scalar inputs, else the array (same values either way)."""
    if all(np.ndim(i) == 0 for i in inputs):
        return float(result)
    return result


def terms_bought(*, months: ArrayLike, term_months: ArrayLike) -> np.ndarray:
    """Terms started by the end of ``months`` months (one at month 0; none without a term
    counts as one one-off purchase). A term bought at month T starts month T+1.

    Parameters
    ----------
    months : elapsed months [month], >= 0.
    term_months : term length [month]; 0 = no term.
    """
    m = _arr(months)
    t = _arr(term_months)
    safe_t = np.where(t > 0, t, 1.0)
    started = np.where(m > 0, np.floor((m - 1) / safe_t) + 1, 1.0)
    return np.where(t > 0, started, 1.0)


def cumulative_cost_usd(*, upfront_usd: ArrayLike, fixed_usd_per_month: ArrayLike,
                        usage_usd_per_month: ArrayLike, term_months: ArrayLike,
                        horizon_months: int) -> np.ndarray:
    """Cash paid by the end of each month 0..horizon [USD].

    Parameters
    ----------
    upfront_usd : upfront fee per term [USD], paid at the start of each term.
    fixed_usd_per_month : paid every month, used or not [USD/month].
    usage_usd_per_month : paid for the hours run [USD/month].
    term_months : term length [month]; 0 = no term.
    horizon_months : months to cover [month].

    Returns
    -------
    Array of shape (horizon+1,) for scalar inputs, (rows, horizon+1) for arrays: column m is
    the cumulative cost at the end of month m (column 0: the first upfront only).

    Notes
    -----
    cost(m) = upfront x terms_bought(m) + (fixed + usage) x m. Terms renew to cover the
    horizon (a 1-year term over 36 months is bought three times). Rules: EC2-RI, EC2-SP.
    """
    up = np.atleast_1d(_arr(upfront_usd))[:, None]
    per_month = np.atleast_1d(_arr(fixed_usd_per_month) + _arr(usage_usd_per_month))[:, None]
    term = np.atleast_1d(_arr(term_months))[:, None]
    months = np.arange(horizon_months + 1, dtype=float)[None, :]
    out: np.ndarray = up * terms_bought(months=months, term_months=term) + per_month * months
    if all(np.ndim(x) == 0 for x in (upfront_usd, fixed_usd_per_month, usage_usd_per_month,
                                     term_months)):
        first: np.ndarray = out[0]
        return first
    return out


def committed_after_horizon_months(*, term_months: ArrayLike,
                                   horizon_months: ArrayLike) -> np.ndarray | float:
    """Months of the last term bought that fall after the horizon [month] (0 without a term).

    Notes
    -----
    Every hour of a Reserved term or Savings Plan is owed once bought (EC2-RI, EC2-SP):
    a 3-year term over a 12-month horizon leaves 24 months committed after it.
    """
    t = _arr(term_months)
    m = _arr(horizon_months)
    bought = terms_bought(months=m, term_months=t)
    out = np.where(t > 0, bought * t - m, 0.0)
    return _scalar_back(out, term_months, horizon_months)


def horizon_total_usd(*, upfront_usd: ArrayLike, fixed_usd_per_month: ArrayLike,
                      usage_usd_per_month: ArrayLike, term_months: ArrayLike,
                      horizon_months: ArrayLike, count_whole_term: bool = True,
                      ) -> np.ndarray | float:
    """Total cost over the horizon [USD].

    Parameters
    ----------
    upfront_usd, fixed_usd_per_month, usage_usd_per_month, term_months, horizon_months :
        as in :func:`cumulative_cost_usd`.
    count_whole_term : True (default): a term that runs past the horizon is counted whole
        (its remaining fixed fees are owed). False: the last term is prorated to the horizon
        (its upfront counted in proportion; fees after the horizon left out).

    Notes
    -----
    total = upfront x terms + (fixed + usage) x M, plus fixed x months after the horizon
    (whole term) or minus upfront x months after / T (prorated). Rules: EC2-RI, EC2-SP.
    """
    up = _arr(upfront_usd)
    fixed = _arr(fixed_usd_per_month)
    usage = _arr(usage_usd_per_month)
    t = _arr(term_months)
    m = _arr(horizon_months)
    paid = up * terms_bought(months=m, term_months=t) + (fixed + usage) * m
    after = _arr(committed_after_horizon_months(term_months=t, horizon_months=m))
    if count_whole_term:
        out = paid + fixed * after
    else:
        out = paid - up * np.divide(after, t, out=np.zeros_like(after), where=t > 0)
    return _scalar_back(out, upfront_usd, fixed_usd_per_month, usage_usd_per_month,
                        term_months, horizon_months)


def savings_vs_on_demand_pct(*, total_usd: ArrayLike,
                             on_demand_total_usd: ArrayLike) -> np.ndarray | float:
    """(1 - total / On-Demand total) x 100 [%]; NaN where On-Demand costs nothing."""
    tot = _arr(total_usd)
    od = _arr(on_demand_total_usd)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        out = np.where(od > 0, (1 - tot / np.where(od > 0, od, 1.0)) * PCT, np.nan)
    return _scalar_back(out, total_usd, on_demand_total_usd)


def break_even_month(*, cumulative_usd: np.ndarray,
                     on_demand_cumulative_usd: np.ndarray) -> np.ndarray | float:
    """The month (1..horizon) from which the cumulative cost stays below On-Demand's to the
    end of the horizon; NaN if it is not below at the end.

    Parameters
    ----------
    cumulative_usd : (horizon+1,) or (rows, horizon+1) from :func:`cumulative_cost_usd`.
    on_demand_cumulative_usd : On-Demand's series, (horizon+1,) or same shape.

    Notes
    -----
    "Stays below" matters when a term's remaining fees fall due at the horizon (the series'
    last month): an option cheaper month by month can still cost more in total.
    """
    cum = np.atleast_2d(_arr(cumulative_usd))
    od = np.atleast_2d(_arr(on_demand_cumulative_usd))
    below = cum[:, 1:] < od[:, 1:]
    # below from month m to the end: reverse cumulative AND
    stays = np.logical_and.accumulate(below[:, ::-1], axis=1)[:, ::-1]
    first = np.argmax(stays, axis=1) + 1.0
    out = np.where(stays[:, -1], first, np.nan)
    return float(out[0]) if np.ndim(cumulative_usd) == 1 else out


def break_even_utilization_pct(*, fixed_total_usd: ArrayLike, usage_total_usd_at_full_use:
                               ArrayLike, on_demand_total_usd_at_full_use: ArrayLike,
                               ) -> np.ndarray | float:
    """The utilisation below which On-Demand is cheaper than the option [%]; NaN if never.

    Parameters
    ----------
    fixed_total_usd : the option's cost over the horizon at 0 hours of use [USD].
    usage_total_usd_at_full_use : its cost at 730 h/month less ``fixed_total_usd`` [USD].
    on_demand_total_usd_at_full_use : On-Demand's cost at 730 h/month [USD].

    Notes
    -----
    Both costs are linear in the hours run: option = A + B u, On-Demand = K u (u = share of
    730 h). They are equal at u* = A / (K - B). u* <= 0: the option is cheaper at any use
    (0). u* > 100% or K <= B: On-Demand is always cheaper (NaN). Rules: EC2-RI, EC2-SP.
    """
    a = _arr(fixed_total_usd)
    b = _arr(usage_total_usd_at_full_use)
    k = _arr(on_demand_total_usd_at_full_use)
    gap = k - b
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        u = np.where(gap > 0, a / np.where(gap > 0, gap, 1.0), np.inf) * PCT
    u = np.where(u <= 0, 0.0, u)
    out = np.where(u <= PCT, u, np.nan)
    return _scalar_back(out, fixed_total_usd, usage_total_usd_at_full_use,
                        on_demand_total_usd_at_full_use)


def billed_seconds_per_run(*, job_seconds: ArrayLike, per_second_billing: ArrayLike,
                           min_billed_seconds: float, billing_increment_s: float,
                           hourly_increment_s: float) -> np.ndarray | float:
    """Seconds billed for one run of a job [s].

    Parameters
    ----------
    job_seconds : run time of one job [s], > 0.
    per_second_billing : True where the OS bills per second after the first minute
        (:func:`calc.ec2.options.bills_per_second`: every OS but SUSE).
    min_billed_seconds : the minimum (limits ec2.od.min_billed_seconds: 60 s).
    billing_increment_s : per-second increment (limits ec2.od.billing_increment_s: 1 s).
    hourly_increment_s : per-hour OS, SUSE (limits ec2.od.other_os_billing_increment_s).

    Notes
    -----
    Rule: EC2-OD-BILLING (notes L359-363). A 30 s Linux job bills 60 s; a 61.2 s job bills
    62 s; on a per-hour OS a 30 s job bills 3,600 s.
    """
    job = _arr(job_seconds)
    per_sec = np.asarray(per_second_billing, dtype=bool)
    secs = np.maximum(np.ceil(job / billing_increment_s) * billing_increment_s,
                      min_billed_seconds)
    hours = np.ceil(job / hourly_increment_s) * hourly_increment_s
    out = np.where(per_sec, secs, hours)
    return _scalar_back(out, job_seconds, per_second_billing)


def billed_hours_per_month(*, job_seconds: ArrayLike, runs_per_month: ArrayLike,
                           per_second_billing: ArrayLike, min_billed_seconds: float,
                           billing_increment_s: float, hourly_increment_s: float,
                           ) -> np.ndarray | float:
    """Instance-hours billed per month for a short job run ``runs_per_month`` times [h]."""
    secs = billed_seconds_per_run(job_seconds=job_seconds,
                                  per_second_billing=per_second_billing,
                                  min_billed_seconds=min_billed_seconds,
                                  billing_increment_s=billing_increment_s,
                                  hourly_increment_s=hourly_increment_s)
    out = _arr(secs) * _arr(runs_per_month) / SECONDS_PER_HOUR
    return _scalar_back(out, job_seconds, runs_per_month, per_second_billing)



def round_significant(values: ArrayLike, digits: int = 12) -> np.ndarray:
    """``values`` to ``digits`` significant digits: strips float noise (0.10099999999999999 ->
    0.101) without touching real precision; NaN and 0 stay as they are."""
    a = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mag = np.floor(np.log10(np.abs(a)))
        mag = np.where(np.isfinite(mag), mag, 0.0)
        scale = 10.0 ** (digits - 1 - mag)
        out = np.round(a * scale) / scale
    return np.where(np.isfinite(out), out, a)
