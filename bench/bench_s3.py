"""S3 lifecycle: a 120-month simulation with daily cohorts (issue 6: at most 50 ms).

The full run is the three scenarios side by side (lifecycle, no lifecycle,
Intelligent-Tiering) with every cost line; the cohort core alone is timed beside it.
"""

from __future__ import annotations

import numpy as np

from bench import Bench
from calc.pricing.snapshots import active_catalog
from calc.s3 import S3CostInput, s3_cost
from calc.s3.choose import S3ChooseInput, choose_class
from calc.s3.cost import _LOOKUPS
from calc.s3.lifecycle import LifecycleRule, S3LifecycleInput, simulate_cohorts, simulate_lifecycle

RULES = tuple(LifecycleRule(storage_class=c, days=d)
              for c, d in (("standard_ia", 30), ("glacier_flexible", 90), ("deep_archive", 180)))
INPUT = S3LifecycleInput(region="eu-west-1", months=120, monthly_ingest_gb=10_000,
                         monthly_growth_pct=1, rules=RULES, expire_days=365 * 7)


def _warm() -> None:
    cat = active_catalog()
    for t in ("s3_prices", "limits", "regions", "data_transfer_out"):
        cat.table(t)


def benchmarks() -> list[Bench]:
    _warm()
    ingest = INPUT.ingest_per_month()
    return [
        Bench("s3: lifecycle 120 months, daily cohorts, 3 scenarios",
              lambda: simulate_lifecycle(INPUT), goal_ms=50, repeat=30),
        Bench("s3: lifecycle 120 months, price lookups not cached yet",
              lambda: simulate_lifecycle(INPUT), goal_ms=50, repeat=15,
              setup=_LOOKUPS.clear),
        Bench("s3: cohort core only (120 months, 5 segments)",
              lambda: simulate_cohorts(ingest_gb_per_month=ingest, initial_gb=0.0,
                                       segment_start_days=[0, 30, 90, 180],
                                       expire_days=365 * 7), repeat=50),
        Bench("s3: cost of one class (100 TB Standard)",
              lambda: s3_cost(S3CostInput(storage_class="standard", storage_gb=102_400)),
              repeat=50),
        Bench("s3: choose among 8 classes",
              lambda: choose_class(S3ChooseInput(storage_gb=10_240, avg_object_kb=1_024,
                                                 get_requests=10_000, retrieval_gb=100,
                                                 max_wait_hours=12)), repeat=20),
        Bench("s3: cohort core, 1,000 months (scaling check)",
              lambda: simulate_cohorts(ingest_gb_per_month=np.full(1_000, 100.0),
                                       initial_gb=0.0, segment_start_days=[0, 30, 90, 180],
                                       expire_days=None), repeat=20),
    ]
