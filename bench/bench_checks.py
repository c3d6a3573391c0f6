"""Plan checker (issue 9): load and check the example plan; the RDS autoscaling forecast.

The issue sets no speed goal; these medians are printed for reference only.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from bench import Bench
from calc.checks import load_plan, run_checks
from calc.checks import rds_storage as c
from calc.pricing.snapshots import active_catalog
from calc.units import HOURS_PER_MONTH

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plan.json"


def benchmarks() -> list[Bench]:
    cat = active_catalog()
    plan = load_plan(EXAMPLE)
    rule = c.AutoscalingRule.from_limits(cat.limits)
    sizes = np.linspace(20, 20_000, 10_000)

    def forecast() -> object:
        # 10 years of a fast-growing database up to a high maximum: ~70 autoscaling events
        return c.rds_autoscaling_forecast(
            allocated_gib=20, used_gib=10, growth_gib_per_day=20, hours_since_last_change=math.inf,
            max_storage_gib=65_536, horizon_h=120 * HOURS_PER_MONTH, rule=rule)

    return [
        Bench("checks: load + check examples/plan.json", lambda: run_checks(
            load_plan(EXAMPLE), catalog=cat).table, repeat=30),
        Bench("checks: run_checks on a loaded plan", lambda: run_checks(plan, catalog=cat),
              repeat=30),
        Bench("checks: RDS autoscaling forecast, 10 years", forecast, repeat=30),
        Bench("checks: autoscaling trigger, 10,000 sizes (one call)",
              lambda: c.rds_autoscaling_trigger_h(
                  allocated_gib=sizes, used_gib=sizes * 0.8, growth_gib_per_h=0.5,
                  hours_since_last_change=math.inf, rule=rule), repeat=30),
    ]
