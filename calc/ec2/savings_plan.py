"""Savings Plan commitment sizing (EC2-SP): the hourly commitment that minimises total cost.

A Savings Plan commits ``C`` USD per hour for the term. Each hour, usage is charged at the
plan's rates (``rate_ratio`` = plan rate / On-Demand rate, e.g. 0.72 for 28% off) against the
commitment; usage beyond it is billed On-Demand, and commitment left unused is still paid.
With ``u_h`` the On-Demand-priced spend in hour h and L = C / rate_ratio the On-Demand spend a
commitment covers:

    cost_h = C + max(0, u_h - L)

The total is convex and piecewise linear in C, so its minimum lies at a commitment that
covers exactly one of the profile's hourly values (or at 0).
"""

from __future__ import annotations

import csv
import io
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from calc.ec2.costs import round_significant
from calc.errors import InputError
from calc.fields import bound_models
from calc.units import DAYS_PER_YEAR, HOURS_PER_DAY, HOURS_PER_MONTH, PCT

DAYS_PER_WEEK = 7
HOURS_PER_WEEK = DAYS_PER_WEEK * HOURS_PER_DAY  # a 24 x 7 weekly pattern has 168 hours
MAX_PROFILE_HOURS = HOURS_PER_DAY * DAYS_PER_YEAR * 5  # five years of hourly usage


def savings_plan_cost_curve(*, commitment_usd_per_hour: npt.ArrayLike,
                            on_demand_usd_per_hour: npt.ArrayLike, rate_ratio: float,
                            ) -> pd.DataFrame:
    """Cost of each commitment against an hourly On-Demand spend profile.

    Parameters
    ----------
    commitment_usd_per_hour : commitments to evaluate [USD/hour], >= 0 (scalar or array).
    on_demand_usd_per_hour : the hourly spend profile at On-Demand prices [USD/hour], >= 0.
    rate_ratio : Savings Plan rate / On-Demand rate, 0 < ratio <= 1.

    Returns
    -------
    DataFrame, one row per commitment: commitment_usd_per_hour, usd_per_month (commitment +
    On-Demand overflow, averaged to a 730-hour month), commitment_usd_per_month,
    on_demand_overflow_usd_per_month, on_demand_only_usd_per_month, savings_vs_on_demand_pct,
    coverage_pct (share of the On-Demand spend the plan covers), utilization_pct (share of the
    commitment used).

    Notes
    -----
    cost = sum_h [C + max(0, u_h - C / ratio)]; evaluated for all commitments at once with a
    sorted profile and cumulative sums (O((n + k) log n)). Rule: EC2-SP (notes L379-384:
    usage beyond the plan is billed On-Demand; unused commitment is still paid).
    """
    u = np.sort(np.asarray(on_demand_usd_per_hour, dtype=float).ravel())
    c = np.atleast_1d(np.asarray(commitment_usd_per_hour, dtype=float))
    n = len(u)
    covered_level = c / rate_ratio  # On-Demand spend per hour a commitment covers
    tail = np.concatenate([np.cumsum(u[::-1])[::-1], [0.0]])  # sum of u[i:]
    idx = np.searchsorted(u, covered_level, side="right")  # hours with u <= level: idx
    over_count = n - idx
    overflow = tail[idx] - covered_level * over_count  # sum of max(0, u - L)
    total_spend = tail[0]
    covered = total_spend - overflow  # sum of min(u, L)
    per_month = HOURS_PER_MONTH / n
    commitment_total = c * n
    total = commitment_total + overflow
    # where a denominator is 0 the share is undefined (NaN): silence the division there
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        coverage = np.where(total_spend > 0, covered / total_spend * PCT, np.nan)
        utilization = np.where(commitment_total > 0,
                               covered * rate_ratio / np.where(commitment_total > 0,
                                                               commitment_total, 1) * PCT,
                               np.nan)
        savings = np.where(total_spend > 0, (1 - total / total_spend) * PCT, np.nan)
    return pd.DataFrame({
        "commitment_usd_per_hour": c,
        "usd_per_month": total * per_month,
        "commitment_usd_per_month": commitment_total * per_month,
        "on_demand_overflow_usd_per_month": overflow * per_month,
        "on_demand_only_usd_per_month": np.full_like(c, total_spend * per_month),
        "savings_vs_on_demand_pct": savings,
        "coverage_pct": coverage,
        "utilization_pct": utilization,
    })


def optimal_commitment_usd_per_hour(*, on_demand_usd_per_hour: npt.ArrayLike,
                                    rate_ratio: float) -> float:
    """The commitment [USD/hour] with the lowest total cost (the smallest one on a tie).

    Notes
    -----
    The minimum of the convex piecewise-linear cost lies at C = ratio x u_h for some hour h,
    or at 0; all candidates are evaluated at once. Rule: EC2-SP.
    """
    u = np.unique(np.asarray(on_demand_usd_per_hour, dtype=float))
    candidates = np.concatenate([[0.0], u[u > 0] * rate_ratio])
    curve = savings_plan_cost_curve(commitment_usd_per_hour=candidates,
                                    on_demand_usd_per_hour=on_demand_usd_per_hour,
                                    rate_ratio=rate_ratio)
    totals = curve["usd_per_month"].to_numpy()
    best = np.flatnonzero(np.isclose(totals, totals.min(), rtol=1e-12, atol=1e-12))[0]
    return float(candidates[best])


def flat_optimal_commitment_usd_per_hour(*, on_demand_usd_per_hour: npt.ArrayLike,
                                         savings_plan_usd_per_hour: npt.ArrayLike,
                                         instance_count: npt.ArrayLike,
                                         hours_per_month: npt.ArrayLike,
                                         ) -> np.ndarray | float:
    """The cost-minimising commitment for N instances that run H of 730 hours a month.

    Parameters
    ----------
    on_demand_usd_per_hour : On-Demand rate [USD/instance-hour].
    savings_plan_usd_per_hour : the plan's rate for the type [USD/instance-hour].
    instance_count : instances running together [count].
    hours_per_month : hours they run per month [h], 0-730.

    Notes
    -----
    The profile is N x On-Demand for H hours and 0 otherwise, so the optimum is all or
    nothing: commit N x plan rate when H / 730 > plan rate / On-Demand rate (the plan's
    break-even utilisation), else 0 (a commitment would not pay). Rule: EC2-SP.
    """
    od = np.asarray(on_demand_usd_per_hour, dtype=float)
    sp = np.asarray(savings_plan_usd_per_hour, dtype=float)
    n = np.asarray(instance_count, dtype=float)
    h = np.asarray(hours_per_month, dtype=float)
    pays = h * od > HOURS_PER_MONTH * sp * (1 + 1e-12)  # a tie (within float noise): no
    out = np.where(pays, n * sp, 0.0)
    if all(np.ndim(x) == 0 for x in (on_demand_usd_per_hour, savings_plan_usd_per_hour,
                                     instance_count, hours_per_month)):
        return float(out)
    return out


# -- input model and profiles ------------------------------------------------------------
ProfileKind = Literal["constant", "weekly", "hourly"]


class CommitmentSizing(BaseModel):
    """Inputs for Savings Plan commitment sizing (EC2-SP)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile_kind: ProfileKind = Field("constant", description="constant spend, a 24x7 weekly "
                                      "pattern (168 hourly values) or an hourly series")
    on_demand_usd_per_hour: tuple[float, ...] = Field(
        description="Hourly spend at On-Demand prices [USD/hour]: one value (constant), 168 "
                    "(weekly, Monday 00:00 first) or one per hour (hourly).")
    discount_pct: float = Field(description="The plan's discount off On-Demand [%], 0-99.99 "
                                            "(from the snapshot's rate or your account's).")

    @field_validator("discount_pct")
    @classmethod
    def _discount(cls, v: float) -> float:
        if not 0 <= v < PCT:
            raise InputError("discount_pct", v, "must be at least 0 and below 100 (%)",
                             rule_id="EC2-SP")
        return v

    @model_validator(mode="after")
    def _profile(self) -> CommitmentSizing:
        n = len(self.on_demand_usd_per_hour)
        expected = {"constant": (1, 1), "weekly": (HOURS_PER_WEEK, HOURS_PER_WEEK),
                    "hourly": (1, MAX_PROFILE_HOURS)}[self.profile_kind]
        if not expected[0] <= n <= expected[1]:
            allowed = {"constant": "one value", "weekly": f"{HOURS_PER_WEEK} values, one per "
                       "hour of the week"}.get(self.profile_kind,
                                               f"1 to {expected[1]:,} hourly values")
            raise InputError("on_demand_usd_per_hour", f"{n} value{'' if n == 1 else 's'}",
                             f"a {self.profile_kind} profile takes {allowed}", rule_id="EC2-SP")
        bad = [v for v in self.on_demand_usd_per_hour if not (v >= 0 and np.isfinite(v))]
        if bad:
            raise InputError("on_demand_usd_per_hour", bad[0],
                             "hourly spend must be a number >= 0 (USD/hour)", rule_id="EC2-SP")
        return self

    @property
    def rate_ratio(self) -> float:
        return 1 - self.discount_pct / PCT

    @property
    def profile(self) -> np.ndarray:
        return np.asarray(self.on_demand_usd_per_hour, dtype=float)


def read_profile_csv(text: str, field: str = "profile") -> tuple[float, ...]:
    """Hourly On-Demand spend from CSV text: one number per row; a header row and extra
    columns are allowed (the column named on_demand_usd_per_hour, else the last column)."""
    rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
    if not rows:
        raise InputError(field, "empty file", "one hourly On-Demand spend (USD) per row")
    col = -1
    header = [c.strip().lower() for c in rows[0]]
    try:
        float(rows[0][col])
    except ValueError:
        if "on_demand_usd_per_hour" in header:
            col = header.index("on_demand_usd_per_hour")
        rows = rows[1:]
    out = []
    for i, r in enumerate(rows, start=1):
        try:
            out.append(float(r[col]))
        except (ValueError, IndexError):
            raise InputError(field, r, f"row {i}: not a number (USD per hour)") from None
    return tuple(out)


OVERCOMMIT_SHOWN = 1.5  # the curve runs past the peak to show over-commitment's cost


def size_commitment(sizing: CommitmentSizing, *, points: int = 101) -> dict[str, object]:
    """The best commitment and the cost-versus-commitment curve for ``sizing``.

    Returns a dict: best (one curve row as a dict), curve (DataFrame with ``points`` evenly
    spaced commitments from 0 to 1.5 times the one covering the peak hour, plus the best one:
    the curve shows the cost rising again when the plan is larger than the usage).
    Rule: EC2-SP.
    """
    profile = sizing.profile
    ratio = sizing.rate_ratio
    best_c = optimal_commitment_usd_per_hour(on_demand_usd_per_hour=profile, rate_ratio=ratio)
    grid = np.linspace(0.0, float(profile.max()) * ratio * OVERCOMMIT_SHOWN, points)
    grid = np.unique(np.concatenate([grid, [best_c]]))
    curve = savings_plan_cost_curve(commitment_usd_per_hour=grid,
                                    on_demand_usd_per_hour=profile, rate_ratio=ratio)
    curve = curve.apply(round_significant)  # strips float noise only
    curve["best"] = np.isclose(curve["commitment_usd_per_hour"],
                               float(round_significant(best_c)))
    best = curve[curve["best"]].iloc[0].to_dict()
    return {"best": best, "curve": curve}


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
