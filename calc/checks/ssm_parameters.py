"""SSM Parameter Store: the monthly charge of Advanced-tier parameters.

Rule: SSM-PARAMETER-TIERS.
"""

from __future__ import annotations

import numpy as np

from calc.units import T


def ssm_advanced_usd_per_month(*, parameters: T, usd_per_parameter_month: float) -> T:
    """Monthly charge for Advanced-tier parameters [USD/month].

    Notes
    -----
    parameters * $0.05 (notes L969; the price comes from limits.csv). Standard parameters are
    free. Rule: SSM-PARAMETER-TIERS.
    """
    out = np.asarray(parameters, dtype=float) * usd_per_parameter_month
    return out if out.ndim else float(out)  # type: ignore[return-value]
