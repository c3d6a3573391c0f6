"""Every EC2 purchasing option as a row: cost over the horizon, break-even, a verdict.

Two ways in, one vectorised core (:func:`evaluate_options`):

- :func:`compare_options` for one workload (one type, one region), with user rates, reasons
  for missing prices and a verdict; this is what the CLI and the GUI show;
- :func:`compare_all_instance_types` for every instance type of a region at once (the
  snapshot's prices only), e.g. for sorting types by their cheapest option.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from calc.ec2.costs import (
    break_even_month,
    break_even_utilization_pct,
    committed_after_horizon_months,
    cumulative_cost_usd,
    horizon_total_usd,
    round_significant,
    savings_vs_on_demand_pct,
)
from calc.ec2.models import Ec2Workload
from calc.ec2.options import (
    COMMITMENT_KINDS,
    OPTION_IDS,
    OptionSpec,
    bills_per_second,
    option_spec,
    os_label,
)
from calc.ec2.rates import OptionRate, instances_per_host, resolve_option_rates
from calc.ec2.savings_plan import flat_optimal_commitment_usd_per_hour
from calc.pricing import Catalog, Ec2Term, Limits, Source, effective_term
from calc.report import PriceUsed
from calc.units import DAYS_PER_YEAR, HOURS_PER_MONTH, MONTHS_PER_YEAR, PCT, SECONDS_PER_HOUR

KIND_CODES = {"on_demand": 0, "reserved": 1, "savings_plan": 2, "spot": 3,
              "dedicated_instance": 4, "capacity_reservation": 5, "dedicated_host": 6}
_PURCHASE_SHARE = {"no_upfront": 0.0, "all_upfront": 1.0}  # partial: from the input

# The columns of the options table, in order (CSV and JSON share them).
COLUMNS = [
    "option", "upfront_usd", "effective_usd_per_hour", "usd_per_month", "total_usd",
    "savings_vs_on_demand_pct", "break_even_month", "break_even_utilization_pct",
    "price_available", "price_source", "as_of", "source", "reason", "term_months",
    "term_counted_whole", "committed_after_horizon_usd", "commitment_usd_per_hour",
    "interruption_band", "flags", "note",
]


def cost_streams(*, kind: np.ndarray, upfront_usd: np.ndarray, usd_per_hour: np.ndarray,
                 on_demand_usd_per_hour: np.ndarray, term_months: np.ndarray,
                 region_fee_usd_per_hour: np.ndarray, instances_per_host: np.ndarray,
                 sp_commitment_usd_per_hour: np.ndarray, sp_upfront_share: np.ndarray,
                 count: float, hours_per_month: float | np.ndarray,
                 spot_overhead_pct: float = 0.0,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(upfront per term, fixed per month, usage per month) [USD] of each option row.

    Parameters
    ----------
    kind : option kind codes (:data:`KIND_CODES`).
    upfront_usd : upfront per instance (per host for a Dedicated Host) per term [USD].
    usd_per_hour : the option's rate [USD/instance-hour; USD/host-hour for a host; the plan's
        rate for a Savings Plan].
    on_demand_usd_per_hour : On-Demand rate [USD/instance-hour] (Savings Plan overflow).
    term_months : term [month]; 0 = none.
    region_fee_usd_per_hour : Dedicated Instance region fee [USD/hour].
    instances_per_host : Dedicated Host capacity [instances/host].
    sp_commitment_usd_per_hour : Savings Plan commitment [USD/hour].
    sp_upfront_share : share of the commitment paid upfront [0-1].
    count : instances [count]. hours_per_month : hours each runs [h/month].
    spot_overhead_pct : extra Spot hours re-running interrupted work [%].

    Notes
    -----
    On-Demand: rate x H x N (EC2-OD-BILLING). Reserved: upfront x N per term and the hourly
    fee for every hour, 730 x N a month, used or not (EC2-RI). Savings Plan: commitment C for
    every hour (its upfront share paid at the start), usage above it at On-Demand (EC2-SP).
    Spot: rate x H x (1 + overhead) x N (EC2-SPOT). Dedicated Instance: (rate x N + region fee)
    x H (EC2-DEDICATED-INSTANCE). Capacity Reservation: rate x 730 x N
    (EC2-CAPACITY-RESERVATION). Dedicated Host: host rate x 730 x ceil(N / capacity)
    (EC2-DEDICATED-HOST).
    """
    n = float(count)
    h = np.asarray(hours_per_month, dtype=float)
    full = float(HOURS_PER_MONTH)
    zeros = np.zeros(np.broadcast(kind, h).shape)
    up, fixed, usage = zeros.copy(), zeros.copy(), zeros.copy()
    rate = usd_per_hour

    sel = kind == KIND_CODES["on_demand"]
    usage = np.where(sel, rate * h * n, usage)
    sel = kind == KIND_CODES["reserved"]
    up = np.where(sel, upfront_usd * n, up)
    fixed = np.where(sel, rate * full * n, fixed)
    sel = kind == KIND_CODES["savings_plan"]
    c = sp_commitment_usd_per_hour
    with np.errstate(divide="ignore", invalid="ignore"):
        covered = np.where(rate > 0, np.minimum(c / np.where(rate > 0, rate * n, 1.0), 1.0), 1.0)
    up = np.where(sel, sp_upfront_share * c * full * term_months, up)
    fixed = np.where(sel, (1 - sp_upfront_share) * c * full, fixed)
    usage = np.where(sel, on_demand_usd_per_hour * h * n * (1 - covered), usage)
    sel = kind == KIND_CODES["spot"]
    usage = np.where(sel, rate * h * (1 + spot_overhead_pct / PCT) * n, usage)
    sel = kind == KIND_CODES["dedicated_instance"]
    usage = np.where(sel, (rate * n + region_fee_usd_per_hour) * h, usage)
    sel = kind == KIND_CODES["capacity_reservation"]
    fixed = np.where(sel, rate * full * n, fixed)
    sel = kind == KIND_CODES["dedicated_host"]
    with np.errstate(divide="ignore", invalid="ignore"):
        hosts = np.ceil(n / instances_per_host)
    up = np.where(sel, upfront_usd * hosts, up)
    fixed = np.where(sel, rate * full * hosts, fixed)
    missing = np.isnan(rate) | np.isnan(upfront_usd)  # no price: no cost, not zero
    return (np.where(missing, np.nan, up), np.where(missing, np.nan, fixed),
            np.where(missing, np.nan, usage))


@dataclass
class Evaluation:
    """Vectorised results for option rows (arrays of one value per row)."""

    upfront_usd: np.ndarray
    fixed_usd_per_month: np.ndarray
    usage_usd_per_month: np.ndarray
    cumulative_usd: np.ndarray  # (rows, horizon + 1)
    total_usd: np.ndarray
    on_demand_total_usd: np.ndarray
    savings_vs_on_demand_pct: np.ndarray
    break_even_month: np.ndarray
    break_even_utilization_pct: np.ndarray
    committed_after_horizon_usd: np.ndarray
    term_counted_whole: np.ndarray
    effective_usd_per_hour: np.ndarray
    usd_per_month: np.ndarray


def evaluate_options(*, kind: np.ndarray, upfront_usd: np.ndarray, usd_per_hour: np.ndarray,
                     on_demand_usd_per_hour: np.ndarray, term_months: np.ndarray,
                     region_fee_usd_per_hour: np.ndarray, instances_per_host: np.ndarray,
                     sp_upfront_share: np.ndarray, count: float, hours_per_month: float,
                     horizon_months: int, count_whole_term: bool = True,
                     spot_overhead_pct: float = 0.0, ipv4_fixed_usd_per_month: float = 0.0,
                     ipv4_usage_usd_per_month: float = 0.0,
                     sp_commitment_usd_per_hour: np.ndarray | None = None) -> Evaluation:
    """Costs, cumulative series and break-evens of option rows, all at once.

    Each row is compared with On-Demand at its own ``on_demand_usd_per_hour`` (so rows of
    many instance types can be evaluated together). Public IPv4 charges (EC2-EIP) are the
    same for every option and are added to each. Savings Plan commitments are sized to the
    workload (:func:`~calc.ec2.savings_plan.flat_optimal_commitment_usd_per_hour`) unless
    given. Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-DEDICATED-INSTANCE,
    EC2-CAPACITY-RESERVATION, EC2-DEDICATED-HOST, EC2-EIP.
    """
    n = float(count)
    h = float(hours_per_month)
    is_sp = kind == KIND_CODES["savings_plan"]
    if sp_commitment_usd_per_hour is None:
        sp_commitment_usd_per_hour = np.where(
            is_sp, flat_optimal_commitment_usd_per_hour(
                on_demand_usd_per_hour=on_demand_usd_per_hour,
                savings_plan_usd_per_hour=usd_per_hour, instance_count=n,
                hours_per_month=h), 0.0)
    common = dict(kind=kind, upfront_usd=upfront_usd, usd_per_hour=usd_per_hour,
                  on_demand_usd_per_hour=on_demand_usd_per_hour, term_months=term_months,
                  region_fee_usd_per_hour=region_fee_usd_per_hour,
                  instances_per_host=instances_per_host, sp_upfront_share=sp_upfront_share,
                  count=n, spot_overhead_pct=spot_overhead_pct)
    up, fixed, usage = cost_streams(**common, hours_per_month=h,  # type: ignore[arg-type]
                                    sp_commitment_usd_per_hour=sp_commitment_usd_per_hour)
    owes_term = (up > 0) | (fixed > 0)  # before the IPv4 add-on, which has no term
    fixed = fixed + ipv4_fixed_usd_per_month
    usage = usage + ipv4_usage_usd_per_month
    m = horizon_months
    cum = cumulative_cost_usd(upfront_usd=up, fixed_usd_per_month=fixed,
                              usage_usd_per_month=usage, term_months=term_months,
                              horizon_months=m)
    od_usage = on_demand_usd_per_hour * h * n + ipv4_usage_usd_per_month
    od_cum = cumulative_cost_usd(upfront_usd=np.zeros_like(od_usage),
                                 fixed_usd_per_month=np.full_like(od_usage,
                                                                  ipv4_fixed_usd_per_month),
                                 usage_usd_per_month=od_usage,
                                 term_months=np.zeros_like(od_usage), horizon_months=m)
    total = np.asarray(horizon_total_usd(
        upfront_usd=up, fixed_usd_per_month=fixed, usage_usd_per_month=usage,
        term_months=term_months, horizon_months=m, count_whole_term=count_whole_term))
    od_total = od_cum[:, -1]
    after = np.asarray(committed_after_horizon_months(term_months=term_months,
                                                      horizon_months=m))
    if count_whole_term:
        # The fees of a term still running at the horizon are owed (EC2-RI, EC2-SP: every hour
        # of the term is paid): the last month of the series carries them, so the series ends
        # at the total and the break-even month agrees with it.
        cum = cum.copy()
        cum[:, -1] += fixed * after
    be_month = np.asarray(break_even_month(cumulative_usd=cum, on_demand_cumulative_usd=od_cum))
    be_month = np.where(kind == KIND_CODES["on_demand"], np.nan, be_month)

    # Break-even utilisation: totals at 0 and 730 h with the Savings Plan commitment sized to
    # full use (IPv4 left out: it is the same for every option).
    full = float(HOURS_PER_MONTH)
    sp_full = np.where(is_sp, usd_per_hour * n, 0.0)
    totals = []
    for hours in (0.0, full):
        u0, f0, g0 = cost_streams(**common, hours_per_month=hours,  # type: ignore[arg-type]
                                  sp_commitment_usd_per_hour=sp_full)
        totals.append(np.asarray(horizon_total_usd(
            upfront_usd=u0, fixed_usd_per_month=f0, usage_usd_per_month=g0,
            term_months=term_months, horizon_months=m, count_whole_term=count_whole_term)))
    od_full = on_demand_usd_per_hour * full * n * m
    be_util = np.asarray(break_even_utilization_pct(
        fixed_total_usd=totals[0], usage_total_usd_at_full_use=totals[1] - totals[0],
        on_demand_total_usd_at_full_use=od_full))
    # a property of commitments only: none for On-Demand, Spot and Dedicated Instances
    be_util = np.where(np.isin(kind, [KIND_CODES[k] for k in COMMITMENT_KINDS]), be_util,
                       np.nan)
    used_hours = n * h * m
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        effective = total / used_hours if used_hours > 0 else np.full_like(total, np.nan)
    return Evaluation(
        upfront_usd=up, fixed_usd_per_month=fixed, usage_usd_per_month=usage,
        cumulative_usd=cum, total_usd=total, on_demand_total_usd=od_total,
        savings_vs_on_demand_pct=np.asarray(savings_vs_on_demand_pct(
            total_usd=total, on_demand_total_usd=od_total)),
        break_even_month=be_month, break_even_utilization_pct=be_util,
        committed_after_horizon_usd=(fixed - ipv4_fixed_usd_per_month) * after,
        term_counted_whole=(after > 0) & owes_term & count_whole_term,
        effective_usd_per_hour=effective, usd_per_month=total / m)


# -- one workload -------------------------------------------------------------------------
@dataclass
class Ec2Comparison:
    """The result of :func:`compare_options`: one row per option and the cumulative series."""

    workload: Ec2Workload
    as_of: str | None
    as_of_oldest: str | None
    options: pd.DataFrame
    cumulative_usd: pd.DataFrame  # month (0..horizon) x option id [USD]
    verdict: str
    cheapest_option: str | None
    usage_hours_per_month: float
    short_job: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    # the rate of each option behind the rows (table order), and the prices they used
    # (what, USD per unit, unit, as of, source; :func:`calc.ec2.api.compare` fills them)
    rates: list[OptionRate] = field(default_factory=list)
    prices_used: list[PriceUsed] = field(default_factory=list)

    def break_even_month(self, option: str) -> int | None:
        """The first month ``option`` is ahead of On-Demand, None when it never is (or has
        no price). Rules: EC2-RI, EC2-SP."""
        values = self.options.loc[self.options["option"] == option, "break_even_month"]
        if values.empty or pd.isna(values.iloc[0]):
            return None
        return int(values.iloc[0])

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON object (the issue's shape plus inputs, notes and the series)."""
        w = self.workload
        out: dict[str, Any] = {
            "as_of": self.as_of, "as_of_oldest": self.as_of_oldest, "region": w.region,
            "instance_type": w.instance_type, "os": os_label(w.os), "count": w.count,
            "hours_per_month": self.usage_hours_per_month,
            "horizon_months": w.horizon_months, "count_whole_term": w.count_whole_term,
            "options": self.options, "verdict": self.verdict,
            "cheapest_option": self.cheapest_option,
            "cumulative_usd": {c: self.cumulative_usd[c].tolist()
                               for c in self.cumulative_usd.columns},
            "notes": self.notes,
        }
        if self.short_job is not None:
            out["short_job"] = self.short_job
        return out


def _flags(rate: OptionRate, limits: Limits, od: OptionRate) -> list[str]:
    """Savings beyond the notes' "up to" figures, prices above On-Demand, old prices."""
    out: list[str] = []
    eff = rate.effective_usd_per_hour
    base = od.usd_per_hour if od.price_available else None
    if eff is None or not base or rate.spec.kind == "on_demand":
        return out
    saving = (1 - eff / base) * PCT
    caps = {"reserved": ("ec2.ri.max_discount_pct", "EC2-RI"),
            "spot": ("ec2.spot.max_discount_pct", "EC2-SPOT")}
    if rate.spec.kind in caps:
        key, rule = caps[rate.spec.kind]
        cap = limits[key].value("notes")
        if saving > cap:
            out.append(f"saving {saving:.0f}% at full use is above the notes' up to "
                       f"{cap:g}% [{rule}]")
    if saving < 0 and rate.spec.kind in ("reserved", "savings_plan", "spot"):
        out.append(f"costs {-saving:.0f}% more than On-Demand at full use")
    if rate.as_of and od.as_of and _over_a_year(rate.as_of, od.as_of):
        out.append(f"price as of {rate.as_of}, On-Demand as of {od.as_of}: "
                   "more than a year apart")
    return out


def _money(v: float) -> str:
    return f"${v:,.2f}"


def _zero_use_verdict(table: pd.DataFrame, ok: np.ndarray, best: pd.Series,
                      months: int) -> tuple[str, str | None]:
    """At 0 hours a month: On-Demand and Spot bill no instance hours, every commitment still
    costs its term (break-even utilisation is a property of commitments). Rules: EC2-RI,
    EC2-SP, EC2-CAPACITY-RESERVATION, EC2-DEDICATED-HOST."""
    specs = [option_spec(str(o)) for o in table["option"]]
    commit = ok & np.array([s.is_commitment for s in specs], dtype=bool)
    # a Savings Plan sized to no use commits $0/h: no plan is bought, nothing to lose
    sized_to_zero = commit & (table["commitment_usd_per_hour"].to_numpy(dtype=float) == 0)
    commit &= ~sized_to_zero
    total = table["total_usd"].to_numpy(dtype=float)
    head = (f"At 0 hours a month On-Demand and Spot bill nothing for the instance "
            f"({option_spec(str(best['option'])).label} {_money(best['total_usd'])} "
            f"over {months} months)")
    tail = ("; Savings Plans sized to this use commit $0/h" if sized_to_zero.any() else "")
    if not commit.any():
        return (head + "; no commitment has a price here to compare" + tail + ".",
                str(best["option"]))
    losing = commit & (total > best["total_usd"])
    j = int(np.flatnonzero(commit)[np.argmin(total[commit])])
    cheapest = f"the cheapest, {specs[j].label}, {_money(total[j])}"
    if losing.sum() == commit.sum():
        return (f"{head}: every commitment loses, each still costs its term or reserved hours "
                f"({cheapest}){tail}.", str(best["option"]))
    return (f"{head}: {int(losing.sum())} of {int(commit.sum())} commitments lose "
            f"({cheapest}){tail}.", str(best["option"]))


def _verdict(table: pd.DataFrame, w: Ec2Workload, hours: float,
             derived: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    total = table["total_usd"].to_numpy(dtype=float)
    ok = table["price_available"].to_numpy(dtype=bool) & np.isfinite(total)
    if not ok.any():
        return (f"No option has a price for {w.instance_type} in {w.region} in the snapshot.",
                None)
    i = int(np.flatnonzero(ok)[np.argmin(total[ok])])
    best = table.iloc[i]
    label = option_spec(str(best["option"])).label
    months = w.horizon_months
    if hours <= 0:
        return _zero_use_verdict(table, ok, best, months)
    if best["option"] == "on_demand":
        util = table["break_even_utilization_pct"].to_numpy(dtype=float)
        commits = util[ok & (table["option"] != "on_demand").to_numpy()]
        commits = commits[np.isfinite(commits)]
        why = (f"at {hours / HOURS_PER_MONTH * PCT:.0f}% use every commitment costs more"
               + (f" (the cheapest pays off above {commits.min():.0f}% use)"
                  if len(commits) else ""))
        return (f"On-Demand is cheapest over {months} months ({_money(best['total_usd'])}): "
                f"{why}.", "on_demand")
    parts = [f"{label} is cheapest over {months} months: {_money(best['total_usd'])}"]
    if pd.notna(best["savings_vs_on_demand_pct"]):
        parts.append(f", {best['savings_vs_on_demand_pct']:.0f}% below On-Demand")
    if pd.notna(best["break_even_month"]):
        parts.append(f"; it is ahead of On-Demand from month {int(best['break_even_month'])}")
    elif best["reason"] and best["price_available"]:
        parts.append("; its upfront and break-even month are unknown (only its effective "
                     "rate is known)")
    if pd.notna(best["break_even_utilization_pct"]) and best["break_even_utilization_pct"] > 0:
        parts.append(f" and pays off above {best['break_even_utilization_pct']:.0f}% use")
    if best["option"] == "spot" and best["interruption_band"]:
        parts.append(f"; Spot can be interrupted ({best['interruption_band']} of instances a "
                     "month), so only for work that can stop")
    if best["option"] in derived:
        parts.append(" (its upfront derived from the effective rate)")
    if best["price_source"] == "user":
        parts.append(" (your rate)")
    elif best["as_of"]:
        parts.append(f" (price as of {best['as_of']})")
        od_as_of = _on_demand_as_of(table)
        if (od_as_of and isinstance(best["as_of"], str) and best["option"] != "on_demand"
                and _over_a_year(best["as_of"], od_as_of)):
            # the comparison rests on prices of two dates: say so where the answer is read
            parts.append(f"; On-Demand's price is as of {od_as_of}, more than a year apart, "
                         "so the saving may have moved")
    return "".join(parts) + ".", str(best["option"])


def _on_demand_as_of(table: pd.DataFrame) -> str:
    od = table[table["option"] == "on_demand"]
    value = od["as_of"].iloc[0] if len(od) else None
    return value if isinstance(value, str) and value else ""


def _over_a_year(a: str, b: str) -> bool:
    """True if the dates ``a`` and ``b`` (ISO) are more than a year apart."""
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) > DAYS_PER_YEAR


def compare_options(workload: Ec2Workload, *, catalog: Catalog,
                    options: Sequence[str] = OPTION_IDS) -> Ec2Comparison:
    """Every purchasing option for ``workload`` as a row, with a verdict.

    Rows (columns :data:`COLUMNS`): upfront_usd (first term, all instances) [USD],
    effective_usd_per_hour (total / instance-hours run) [USD/h], usd_per_month (average over
    the horizon) [USD], total_usd [USD], savings_vs_on_demand_pct [%], break_even_month (first
    month whose cumulative cost is below On-Demand's), break_even_utilization_pct (below it
    On-Demand is cheaper) [%], price_available, price_source, as_of, ... An option without a
    price keeps its row with the reason. Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT,
    EC2-DEDICATED-HOST, EC2-DEDICATED-INSTANCE, EC2-CAPACITY-RESERVATION, EC2-EIP.
    """
    cat = catalog
    w = workload
    limits = cat.limits
    prices = cat.ec2_prices(w.region, w.instance_type)
    host_capacity = instances_per_host(cat, w.instance_type, w.instances_per_host)
    rates = resolve_option_rates(prices, limits=limits, os=w.os, options=options,
                                 user_rates=w.user_rates, spot_price_basis=w.spot_price_basis,
                                 host_capacity=host_capacity)
    od = next((r for r in rates if r.spec.kind == "on_demand"), None)
    if od is None:
        (od,) = resolve_option_rates(prices, limits=limits, os=w.os, options=["on_demand"],
                                     user_rates=w.user_rates)
    hours = w.usage_hours_per_month
    partial_pct = (w.sp_partial_upfront_pct if w.sp_partial_upfront_pct is not None
                   else limits["ec2.sp.partial_upfront_min_pct"].value())
    arrays = rate_arrays(rates, od, partial_pct)
    ipv4_rate = limits["ec2.public_ipv4.usd_per_hour"].value()
    ipv4_addresses = w.public_ipv4_per_instance * w.count
    ipv4_fixed = ipv4_addresses * ipv4_rate * HOURS_PER_MONTH if w.public_ipv4_always else 0.0
    ipv4_usage = 0.0 if w.public_ipv4_always else ipv4_addresses * ipv4_rate * hours
    ev = evaluate_options(**arrays, count=w.count, hours_per_month=hours,
                          horizon_months=w.horizon_months, count_whole_term=w.count_whole_term,
                          spot_overhead_pct=w.spot_rerun_overhead_pct,
                          ipv4_fixed_usd_per_month=ipv4_fixed,
                          ipv4_usage_usd_per_month=ipv4_usage)
    is_sp = arrays["kind"] == KIND_CODES["savings_plan"]
    commitment = np.where(is_sp, flat_optimal_commitment_usd_per_hour(
        on_demand_usd_per_hour=arrays["on_demand_usd_per_hour"],
        savings_plan_usd_per_hour=arrays["usd_per_hour"], instance_count=w.count,
        hours_per_month=hours), np.nan)
    avail = np.array([r.price_available for r in rates]) & np.isfinite(ev.total_usd)
    # a Reserved rate known only as an effective rate, its split unknown (EC2-RI)
    split = avail & np.array([r.split_known for r in rates])

    def num(values: np.ndarray, keep: np.ndarray = avail) -> np.ndarray:
        return np.where(keep, round_significant(values), np.nan)

    def text(values: list[str | None]) -> np.ndarray:
        return np.array([v or None for v in values], dtype=object)

    be_month = num(ev.break_even_month, split)
    table = pd.DataFrame({
        "option": [r.option for r in rates],
        "upfront_usd": num(ev.upfront_usd, split),
        "effective_usd_per_hour": num(ev.effective_usd_per_hour),
        "usd_per_month": num(ev.usd_per_month),
        "total_usd": num(ev.total_usd),
        "savings_vs_on_demand_pct": num(ev.savings_vs_on_demand_pct),
        "break_even_month": pd.array(np.where(np.isnan(be_month), 0, be_month).astype(int),
                                     dtype="Int64"),
        "break_even_utilization_pct": num(ev.break_even_utilization_pct),
        "price_available": np.array([r.price_available for r in rates]),
        "price_source": text([r.price_source for r in rates]),
        "as_of": text([r.as_of for r in rates]),
        "source": text([r.source for r in rates]),
        "reason": text([r.reason or r.split_unknown_reason for r in rates]),
        "term_months": pd.array([r.spec.term_months or None for r in rates], dtype="Int64"),
        "term_counted_whole": np.where(avail, ev.term_counted_whole,
                                       np.array(None, dtype=object)),
        "committed_after_horizon_usd": num(ev.committed_after_horizon_usd, split),
        "commitment_usd_per_hour": num(commitment, avail & is_sp),
        "interruption_band": text([r.interruption_band for r in rates]),
        "flags": text(["; ".join(_flags(r, limits, od)) for r in rates]),
        "note": text([r.note for r in rates]),
    }, columns=COLUMNS)
    table.loc[np.isnan(be_month), "break_even_month"] = pd.NA
    cumulative = pd.DataFrame(np.where(split[:, None], ev.cumulative_usd, np.nan).T,
                              columns=[r.option for r in rates])
    cumulative.insert(0, "month", np.arange(w.horizon_months + 1))
    verdict, cheapest = _verdict(table, w, hours,
                                 frozenset(r.option for r in rates if r.upfront_derived))
    dates = sorted({r.as_of for r in rates if r.as_of and r.price_available})
    notes = [f"{w.count} x {w.instance_type} {os_label(w.os)} in {w.region}, "
             f"{hours:,.4g} h/month each, over {w.horizon_months} months",
             "terms longer than the horizon are " + (
                 "counted whole (every hour of a term is owed)" if w.count_whole_term
                 else "prorated to the horizon")]
    if w.public_ipv4_per_instance:
        notes.append(f"includes {ipv4_addresses} public IPv4 address(es) at "
                     f"{ipv4_rate:g} USD/h each [EC2-EIP]")
    short = short_job_table(w, cat, od) if w.job_seconds is not None else None
    return Ec2Comparison(w, od.as_of, dates[0] if dates else None, table, cumulative, verdict,
                         cheapest, hours, short, notes, rates)


class RateArrays(TypedDict):
    """The rates of option rows as arrays, one value per row (:func:`evaluate_options`)."""

    kind: np.ndarray
    upfront_usd: np.ndarray
    usd_per_hour: np.ndarray
    on_demand_usd_per_hour: np.ndarray
    term_months: np.ndarray
    region_fee_usd_per_hour: np.ndarray
    instances_per_host: np.ndarray
    sp_upfront_share: np.ndarray


def rate_arrays(rates: Sequence[OptionRate], od: OptionRate,
                 partial_pct: float) -> RateArrays:
    nan = np.nan
    od_rate = od.usd_per_hour if od.price_available else nan

    def share(spec: OptionSpec) -> float:
        if spec.kind != "savings_plan" or spec.purchase_option is None:
            return 0.0
        return _PURCHASE_SHARE.get(spec.purchase_option, partial_pct / PCT)

    def upfront(r: OptionRate) -> float:
        return nan if not r.price_available else r.upfront_usd if r.split_known else 0.0

    def hourly(r: OptionRate) -> float:
        # An unknown Partial Upfront split is costed as its effective rate every hour: the
        # totals (whole or prorated term) and the break-even use do not depend on the split;
        # the upfront, the fees, the series and the break-even month do and are left unknown.
        if not r.price_available:
            return nan
        if r.split_known:
            return r.usd_per_hour
        return r.given_effective_usd_per_hour if r.given_effective_usd_per_hour is not None \
            else nan

    return RateArrays(
        kind=np.array([KIND_CODES[r.spec.kind] for r in rates]),
        upfront_usd=np.array([upfront(r) for r in rates]),
        usd_per_hour=np.array([hourly(r) for r in rates]),
        on_demand_usd_per_hour=np.full(len(rates), od_rate),
        term_months=np.array([float(r.spec.term_months) for r in rates]),
        region_fee_usd_per_hour=np.array([r.region_fee_usd_per_hour for r in rates]),
        instances_per_host=np.array([float(r.instances_per_host or nan) for r in rates]),
        sp_upfront_share=np.array([share(r.spec) for r in rates]),
    )


def cumulative_cost_by_month(workload: Ec2Workload, *, catalog: Catalog) -> pd.DataFrame:
    """The month-by-month cumulative cost of every option [USD] (for charts).

    Columns: month (0 = the upfront payments before the first month) and one per option id
    (NaN where the option has no price). Rules: EC2-RI, EC2-SP.
    """
    return compare_options(workload, catalog=catalog).cumulative_usd


def short_job_table(w: Ec2Workload, cat: Catalog, od: OptionRate) -> pd.DataFrame:
    """Short jobs billed per second (60 s minimum) versus per started hour (EC2-OD-BILLING)."""
    from calc.ec2.costs import billed_seconds_per_run

    assert w.job_seconds is not None and w.runs_per_month is not None
    lim = cat.limits
    kw = dict(min_billed_seconds=lim["ec2.od.min_billed_seconds"].value(),
              billing_increment_s=lim["ec2.od.billing_increment_s"].value(),
              hourly_increment_s=lim["ec2.od.other_os_billing_increment_s"].value())
    rows = []
    for per_second, name in ((True, "per second, first minute minimum"),
                             (False, "per started hour")):
        secs = float(billed_seconds_per_run(job_seconds=w.job_seconds,
                                            per_second_billing=per_second, **kw))
        hours = secs * w.runs_per_month / SECONDS_PER_HOUR
        rows.append({
            "billing": name, "applies_to_this_os": per_second == bills_per_second(w.os),
            "job_seconds": w.job_seconds, "billed_seconds_per_run": secs,
            "billed_hours_per_month": hours,
            "on_demand_usd_per_month": (hours * od.usd_per_hour * w.count
                                        if od.price_available else None),
        })
    return pd.DataFrame(rows)


# -- every instance type of a region --------------------------------------------------------
def _with_effective_rates(cat: Catalog, region: str, ri: pd.DataFrame,
                          ) -> tuple[pd.DataFrame, set[tuple[object, ...]]]:
    """``ri`` (instance_type, offering_class, term_years, purchase_option, upfront_usd,
    usd_per_hour, as_of) with the region's effective Reserved rates merged in as
    :meth:`Catalog.ec2_prices` does (:func:`calc.pricing.records.effective_term`: the newer
    wins, exact older fees kept where they reproduce it), and the keys whose split is
    unknown (costed at the effective rate every hour). Rule: EC2-RI."""
    eff = cat.table("ec2_reserved_effective")
    eff = eff[(eff["region_code"] == region) & (eff["operating_system"] == "Linux")
              & (eff["tenancy"] == "Shared")]
    unknown: set[tuple[object, ...]] = set()
    if eff.empty:
        return ri, unknown
    cols = ["instance_type", "offering_class", "term_years", "purchase_option"]
    old = {tuple(k): (u, h, a) for *k, u, h, a in ri[
        [*cols, "upfront_usd", "usd_per_hour", "as_of"]].itertuples(index=False)}
    rows = []
    for r in eff.to_dict("records"):
        key = (r["instance_type"], r["offering_class"], int(r["term_years"]),
               r["purchase_option"])
        prev = old.get(key)
        older = None if prev is None else Ec2Term(
            "Linux", "Shared", str(key[1]), int(key[2]), str(key[3]), float(prev[0]),
            float(prev[1]), Source("", "", "", str(prev[2])))
        term = effective_term({str(c): v for c, v in r.items()},
                              cat.source(str(r["source"])), older)
        if term is None:
            continue
        up, hourly = term.upfront_usd, term.usd_per_hour
        e = float(r["effective_usd_per_hour"])
        hours = int(key[2]) * MONTHS_PER_YEAR * HOURS_PER_MONTH
        if not term.split_known:
            if term.purchase_option == "all_upfront":
                up, hourly = e * hours, 0.0
            else:
                up, hourly = 0.0, e
                unknown.add(key)
        rows.append(dict(zip(cols, key, strict=True), upfront_usd=up, usd_per_hour=hourly,
                         as_of=term.as_of))
    new = pd.DataFrame(rows)
    merged = pd.concat([new, ri], ignore_index=True).drop_duplicates(cols)
    return merged, unknown


def compare_all_instance_types(region: str, *, catalog: Catalog,
                               count: int = 1, hours_per_month: float = HOURS_PER_MONTH,
                               horizon_months: int = 3 * MONTHS_PER_YEAR,
                               count_whole_term: bool = True,
                               options: Sequence[str] = OPTION_IDS,
                               with_cumulative: bool = False,
                               ) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Every option of every instance type with a Linux On-Demand price in ``region``.

    One vectorised pass over (types x options) rows, snapshot prices only (Linux, shared
    tenancy; Spot from the average Spot price, else the Spot Advisor saving). Returns the
    rows (instance_type, option, price_available, total_usd, usd_per_month,
    savings_vs_on_demand_pct, break_even_month, break_even_utilization_pct) and, when asked,
    the (rows, horizon + 1) cumulative cost matrix. Rules: as :func:`compare_options`.
    """
    cat = catalog
    cat.region(region)
    limits = cat.limits
    od_t = cat.ec2_on_demand_table(region)
    types = od_t["instance_type"].to_numpy(dtype=object)
    od = od_t["usd_per_hour"].to_numpy(dtype=float)
    t_index = pd.Index(types)
    specs = [option_spec(o) for o in options]
    n_t, n_o = len(types), len(specs)

    def by_type(frame: pd.DataFrame, col: str) -> np.ndarray:
        s = frame.drop_duplicates("instance_type").set_index("instance_type")[col]
        return s.reindex(t_index).to_numpy(dtype=float)

    # Reserved: feed (No Upfront) then samples; the newer per term wins.
    feed = cat.table("ec2_reserved")
    feed = feed[(feed["region_code"] == region) & (feed["operating_system"] == "Linux")
                & (feed["tenancy"] == "Shared")].assign(as_of=cat.table_as_of("ec2_reserved"))
    offers = cat.table("ec2_reserved_offers")
    offers = offers[(offers["region_code"] == region) & (offers["operating_system"] == "Linux")
                    & (offers["tenancy"] == "Shared")]
    offers = offers.assign(as_of=[cat.source(s).as_of for s in offers["source"]],
                           upfront_usd=offers["upfront_usd"].fillna(0.0),
                           usd_per_hour=offers["usd_per_hour"].fillna(0.0))
    ri = pd.concat([feed, offers], ignore_index=True).sort_values("as_of", ascending=False)
    ri = ri.drop_duplicates(["instance_type", "offering_class", "term_years",
                             "purchase_option"])
    ri, split_unknown = _with_effective_rates(cat, region, ri)
    sp = cat.table("ec2_savings_plans")
    sp = sp[(sp["region_code"] == region) & (sp["operating_system"] == "Linux")
            & (sp["tenancy"] == "Shared")]
    spot_avg = cat.table("ec2_spot_avg")
    spot_avg = spot_avg[(spot_avg["region_code"] == region)
                        & (spot_avg["operating_system"] == "Linux")]
    advisor = cat.table("ec2_spot_advisor")
    advisor = advisor[(advisor["region_code"] == region)
                      & (advisor["operating_system"] == "Linux")]
    spot_rate = by_type(spot_avg, "spot_avg_usd_per_hour")
    adv_rate = od * (1 - by_type(advisor, "savings_pct_vs_ondemand") / PCT)
    spot_rate = np.where(np.isnan(spot_rate), adv_rate, spot_rate)
    all_od = cat.table("ec2_on_demand")
    ded = all_od[(all_od["region_code"] == region) & (all_od["operating_system"] == "Linux")
                 & (all_od["tenancy"] == "Dedicated")]
    ded_rate = by_type(ded, "usd_per_hour")
    hosts = cat.table("ec2_dedicated_hosts")
    host_rate = by_type(hosts[hosts["region_code"] == region], "usd_per_host_hour")
    instances = cat.ec2_instances()
    inst = instances.set_index("instance_type")
    metal = instances[instances["bare_metal"] == "yes"].groupby("family")["vcpu"].max()
    fam = inst["family"].reindex(t_index)
    vcpu = inst["vcpu"].reindex(t_index).to_numpy(dtype=float)
    fills_host = metal.reindex(fam.to_numpy()).to_numpy(dtype=float) == vcpu
    host_cap = np.where(fills_host, 1.0, np.nan)

    fee = limits["ec2.dedicated_instance.region_fee_usd_per_hour"].value()
    partial = limits["ec2.sp.partial_upfront_min_pct"].value() / PCT
    kind = np.empty((n_t, n_o))
    up = np.zeros((n_t, n_o))
    rate = np.full((n_t, n_o), np.nan)
    term = np.zeros((n_t, n_o))
    fee_arr = np.zeros((n_t, n_o))
    share = np.zeros((n_t, n_o))
    cap = np.full((n_t, n_o), np.nan)
    ri_key = ri.set_index(["offering_class", "term_years", "purchase_option"])
    sp_key = sp.set_index(["plan_type", "term_years", "purchase_option"])
    for j, s in enumerate(specs):
        kind[:, j] = KIND_CODES[s.kind]
        term[:, j] = s.term_months
        if s.kind in ("on_demand", "capacity_reservation"):
            rate[:, j] = od
        elif s.kind == "reserved":
            key = (s.plan, s.term_years, s.purchase_option)
            rows = ri_key.loc[[key]] if key in ri_key.index else ri_key.iloc[:0]
            rate[:, j] = by_type(rows.reset_index(), "usd_per_hour")
            up[:, j] = by_type(rows.reset_index(), "upfront_usd")
        elif s.kind == "savings_plan":
            key = (s.plan, s.term_years, s.purchase_option)
            rows = sp_key.loc[[key]] if key in sp_key.index else sp_key.iloc[:0]
            rate[:, j] = by_type(rows.reset_index(), "usd_per_hour")
            share[:, j] = _PURCHASE_SHARE.get(str(s.purchase_option), partial)
        elif s.kind == "spot":
            rate[:, j] = spot_rate
        elif s.kind == "dedicated_instance":
            rate[:, j] = ded_rate
            fee_arr[:, j] = fee
        else:
            rate[:, j] = host_rate
            cap[:, j] = host_cap
    flat_rate = rate.ravel()
    flat = RateArrays(
        kind=kind.ravel().astype(int),
        upfront_usd=np.where(np.isnan(flat_rate), np.nan, up.ravel()),
        usd_per_hour=flat_rate, on_demand_usd_per_hour=np.repeat(od, n_o),
        term_months=term.ravel(), region_fee_usd_per_hour=fee_arr.ravel(),
        instances_per_host=cap.ravel(), sp_upfront_share=share.ravel())
    ev = evaluate_options(**flat, count=count, hours_per_month=hours_per_month,
                          horizon_months=horizon_months, count_whole_term=count_whole_term)
    available = np.isfinite(ev.total_usd)
    unknown_split = np.array([(t, s.plan, s.term_years, s.purchase_option) in split_unknown
                              for t in types for s in specs], dtype=bool)
    if unknown_split.any():  # EC2-RI: the month depends on the split, which is unknown
        ev.break_even_month = np.where(unknown_split, np.nan, ev.break_even_month)
        if with_cumulative:
            ev.cumulative_usd = np.where(unknown_split[:, None], np.nan, ev.cumulative_usd)
    table = pd.DataFrame({
        "instance_type": np.repeat(types, n_o), "option": np.tile([s.option for s in specs], n_t),
        "price_available": available, "total_usd": ev.total_usd,
        "usd_per_month": ev.usd_per_month,
        "savings_vs_on_demand_pct": ev.savings_vs_on_demand_pct,
        "break_even_month": ev.break_even_month,
        "break_even_utilization_pct": ev.break_even_utilization_pct,
    })
    return table, (ev.cumulative_usd if with_cumulative else None)
