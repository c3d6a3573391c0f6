"""EBS (issue 4): `ebs size` over every type <= 5 ms; a 10,000-point size x IOPS cost grid per
type, vectorised, <= 20 ms. Every call is handed the bundled catalog."""

from __future__ import annotations

import numpy as np

from bench import Bench
from calc.context import validate
from calc.ebs import (
    VOLUME_TYPES,
    SizingRequirement,
    cost_grid,
    cost_vs_iops_curves,
    gp2_credit_balance,
    size_options,
    specs_for,
)
from calc.ebs.api import price_record, size
from calc.pricing import Catalog, bundled_root


def benchmarks() -> list[Bench]:
    catalog = Catalog(bundled_root())
    prices = price_record("us-east-1", catalog=catalog)
    limits = catalog.limits
    specs = specs_for(catalog)
    req = validate(SizingRequirement, {"size_gib": 1000, "iops": 10000,
                                       "throughput_mibps": 500}, catalog=catalog)
    burst = validate(SizingRequirement, {"size_gib": 100, "iops": 200, "burst_iops": 3000,
                                         "burst_seconds": 3600, "burst_every_hours": 4},
                     catalog=catalog)
    sizes = np.linspace(1, 16384, 100)
    iops = np.linspace(0, 64000, 100)
    out = [
        Bench("ebs size: all 7 types (1000 GiB, 10k IOPS, 500 MiB/s)",
              lambda: size_options(req, prices, limits=limits), goal_ms=5),
        Bench("ebs size: all 7 types with a gp2 burst profile",
              lambda: size_options(burst, prices, limits=limits), goal_ms=5),
        Bench("ebs size + charts (the EBS page's default work)",
              lambda: size(burst, region="us-east-1", catalog=catalog, charts=True)),
    ]
    for vt in VOLUME_TYPES:
        out.append(Bench(f"ebs cost grid 100 x 100 (size x IOPS): {vt}",
                         lambda vt=vt: cost_grid(vt, size_gib=sizes, iops=iops, prices=prices,
                                                 spec=specs[vt]), goal_ms=20))
    curve_x = np.linspace(0, 100000, 1000)
    out.append(Bench("ebs cost-vs-IOPS curves: 7 types x 1,000 points",
                     lambda: cost_vs_iops_curves(iops=curve_x, size_gib=500, prices=prices,
                                                 limits=limits)))
    day = np.r_[np.full(60, 3000.0), np.full(1380, 150.0)]  # 1 h at 3,000 IOPS, then 150
    out.append(Bench("ebs gp2 credit balance: one day in 1-minute steps",
                     lambda: gp2_credit_balance(size_gib=100, demand_iops=day, step_seconds=60,
                                                spec=specs["gp2"])))
    return out
