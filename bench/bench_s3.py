"""S3 lifecycle: a 120-month simulation with daily cohorts (issue 6: at most 50 ms).

The full run is the three scenarios side by side (lifecycle, no lifecycle,
Intelligent-Tiering) with every cost line; the cohort core alone is timed beside it. Every
call is handed the bundled catalog, as the CLI and the GUI hand theirs.
"""

from __future__ import annotations

import numpy as np

from bench import Bench
from calc.pricing import Catalog, bundled_root
from calc.s3 import api
from calc.s3.lifecycle import simulate_cohorts
from calc.s3.prices import _LOOKUPS

CATALOG = Catalog(bundled_root())
RULES = tuple(api.LifecycleRule(storage_class=c, days=d)
              for c, d in (("standard_ia", 30), ("glacier_flexible", 90), ("deep_archive", 180)))
INPUT = api.S3LifecycleInput(region="eu-west-1", months=120, monthly_ingest_gb=10_000,
                             monthly_growth_pct=1, rules=RULES, expire_days=365 * 7)


def _warm() -> None:
    for t in ("s3_prices", "limits", "regions", "data_transfer_out"):
        CATALOG.table(t)


def benchmarks() -> list[Bench]:
    _warm()
    ingest = INPUT.ingest_per_month()
    return [
        Bench("s3: lifecycle 120 months, daily cohorts, 3 scenarios",
              lambda: api.lifecycle(INPUT, catalog=CATALOG), goal_ms=50, repeat=30),
        Bench("s3: lifecycle 120 months, price lookups not cached yet",
              lambda: api.lifecycle(INPUT, catalog=CATALOG), goal_ms=50, repeat=15,
              setup=_LOOKUPS.clear),
        Bench("s3: cohort core only (120 months, 5 segments)",
              lambda: simulate_cohorts(ingest_gb_per_month=ingest, initial_gb=0.0,
                                       segment_start_days=[0, 30, 90, 180],
                                       expire_days=365 * 7), repeat=50),
        Bench("s3: cost of one class (100 TB Standard)",
              lambda: api.cost(api.S3CostInput(storage_class="standard", storage_gb=102_400),
                               catalog=CATALOG), repeat=50),
        Bench("s3: choose among 8 classes",
              lambda: api.choose(api.S3ChooseInput(storage_gb=10_240, avg_object_kb=1_024,
                                                   get_requests=10_000, retrieval_gb=100,
                                                   max_wait_hours=12), catalog=CATALOG),
              repeat=20),
        Bench("s3: cohort core, 1,000 months (scaling check)",
              lambda: simulate_cohorts(ingest_gb_per_month=np.full(1_000, 100.0),
                                       initial_gb=0.0, segment_start_days=[0, 30, 90, 180],
                                       expire_days=None), repeat=20),
    ]
