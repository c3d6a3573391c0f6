"""One instance type and one purchasing option across every Region with prices, sorted."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from calc.ec2.compare import evaluate_options, rate_arrays
from calc.ec2.costs import round_significant
from calc.ec2.models import Ec2Workload
from calc.ec2.options import option_spec
from calc.ec2.rates import instances_per_host, resolve_option_rates
from calc.pricing import Catalog

REGION_COLUMNS = [
    "region_code", "region_name", "option", "price_available", "effective_usd_per_hour",
    "usd_per_month", "total_usd", "savings_vs_on_demand_pct", "on_demand_usd_per_hour",
    "price_source", "as_of", "source", "reason",
]


def compare_regions(workload: Ec2Workload, option: str = "on_demand", *,
                    catalog: Catalog,
                    regions: Sequence[str] | None = None) -> pd.DataFrame:
    """``option`` for the workload's type, count, hours and horizon in every Region.

    The workload's own region is ignored. Regions whose snapshot has a price come first,
    cheapest (total over the horizon) first; the others follow with the reason. Each row is
    compared with On-Demand in its own Region. Rules: as
    :func:`~calc.ec2.compare.compare_options`.
    """
    cat = catalog
    spec = option_spec(option)
    codes = list(regions) if regions is not None else [r.code for r in cat.regions()]
    w = workload
    host_cap = (instances_per_host(cat, w.instance_type, w.instances_per_host)
                if spec.kind == "dedicated_host" else None)
    wanted = ["on_demand"] if option == "on_demand" else ["on_demand", option]
    rates, od_rates = [], []
    for code in codes:
        prices = cat.ec2_prices(code, w.instance_type)
        rs = resolve_option_rates(prices, limits=cat.limits, os=w.os, options=wanted,
                                  user_rates=w.user_rates,
                                  spot_price_basis=w.spot_price_basis, host_capacity=host_cap)
        od_rates.append(rs[0])
        rates.append(rs[-1])
    partial = (w.sp_partial_upfront_pct if w.sp_partial_upfront_pct is not None
               else cat.limits["ec2.sp.partial_upfront_min_pct"].value())
    arrays = rate_arrays(rates, od_rates[0], partial)
    arrays["on_demand_usd_per_hour"] = np.array(
        [od.usd_per_hour if od.price_available else np.nan for od in od_rates])
    ev = evaluate_options(**arrays, count=w.count, hours_per_month=w.usage_hours_per_month,
                          horizon_months=w.horizon_months, count_whole_term=w.count_whole_term,
                          spot_overhead_pct=w.spot_rerun_overhead_pct)
    ok = np.array([r.price_available for r in rates]) & np.isfinite(ev.total_usd)
    names = {r.code: r.name for r in cat.regions()}
    table = pd.DataFrame({
        "region_code": codes, "region_name": [names.get(c, c) for c in codes],
        "option": option, "price_available": ok,
        "effective_usd_per_hour": np.where(ok, round_significant(ev.effective_usd_per_hour),
                                           np.nan),
        "usd_per_month": np.where(ok, round_significant(ev.usd_per_month), np.nan),
        "total_usd": np.where(ok, round_significant(ev.total_usd), np.nan),
        "savings_vs_on_demand_pct": np.where(ok, round_significant(ev.savings_vs_on_demand_pct),
                                             np.nan),
        "on_demand_usd_per_hour": arrays["on_demand_usd_per_hour"],
        "price_source": [r.price_source for r in rates],
        "as_of": [r.as_of for r in rates], "source": [r.source or None for r in rates],
        "reason": [r.reason or None for r in rates],
    }, columns=REGION_COLUMNS)
    table = table.sort_values(["price_available", "total_usd", "region_code"],
                              ascending=[False, True, True], kind="stable")
    return table.reset_index(drop=True)
