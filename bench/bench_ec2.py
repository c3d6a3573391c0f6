"""EC2 purchasing options (issue 3): all options for one type <= 2 ms; every instance type of a
region x all options x 36 months, vectorised, <= 200 ms."""

from __future__ import annotations

import numpy as np

from bench import Bench
from calc.context import validate
from calc.ec2.compare import (
    compare_all_instance_types,
    compare_options,
    evaluate_options,
    rate_arrays,
)
from calc.ec2.models import Ec2Workload
from calc.ec2.rates import resolve_option_rates
from calc.ec2.regions import compare_regions
from calc.ec2.savings_plan import CommitmentSizing, size_commitment
from calc.pricing.snapshots import active_catalog
from calc.units import HOURS_PER_YEAR


def benchmarks() -> list[Bench]:
    cat = active_catalog()
    w = validate(Ec2Workload, {"region": "us-east-1", "instance_type": "m5.large"}, catalog=cat)
    prices = cat.ec2_prices("us-east-1", "m5.large")
    rates = resolve_option_rates(prices, limits=cat.limits)
    arrays = rate_arrays(rates, rates[0], 50.0)
    year = tuple(np.random.default_rng(1).uniform(0, 20, HOURS_PER_YEAR))
    sizing = CommitmentSizing(profile_kind="hourly", on_demand_usd_per_hour=year,
                              discount_pct=28)
    return [
        Bench("ec2: all 29 options for m5.large (compare_options, rows + series + verdict)",
              lambda: compare_options(w, catalog=cat), goal_ms=2, repeat=200),
        Bench("ec2: all 29 options, cost core only (evaluate_options)",
              lambda: evaluate_options(**arrays, count=1, hours_per_month=730,
                                       horizon_months=36), repeat=200),
        Bench("ec2: every type in us-east-1 x all options x 36 months (vectorised)",
              lambda: compare_all_instance_types("us-east-1", catalog=cat,
                                                 with_cumulative=True),
              goal_ms=200, repeat=15),
        Bench("ec2: one option across every Region (compare_regions)",
              lambda: compare_regions(w, "reserved_standard_3yr_no_upfront", catalog=cat),
              repeat=30),
        Bench("ec2: Savings Plan sizing, a year of hourly usage (8,760 h)",
              lambda: size_commitment(sizing), repeat=30),
    ]
