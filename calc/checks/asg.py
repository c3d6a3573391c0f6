"""Auto Scaling target tracking: a goal's target utilisation and the instances a load needs.

Rule: ASG-TARGET-TRACKING.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from calc.fields import Basis
from calc.pricing import Limits
from calc.units import PCT, T

# float noise guard for ceilings: 70 / (10 * 0.7) is 10.000000000000002, not 11 instances
_CEIL_REL_TOL = 1e-12

AsgGoal = Literal["availability", "balance", "cost"]


def asg_target_utilisation_pct(goal: AsgGoal, limits: Limits,
                               basis: Basis = "aws_today") -> float:
    """Target utilisation for a scaling-plan goal [%]: availability 40, balance 50, cost 70.

    Notes
    -----
    Notes L1480-1482. Rule: ASG-TARGET-TRACKING.
    """
    return limits.value(f"asg.target_tracking.{goal}_pct", basis)


def asg_instances_needed(*, load: T, capacity_per_instance: T, target_utilisation_pct: T) -> T:
    """Instances needed so that average utilisation stays at or under the target.

    Parameters
    ----------
    load : float or ndarray
        Total load, in the unit of ``capacity_per_instance``.
    capacity_per_instance : float or ndarray
        Load one instance carries at 100% utilisation (> 0).
    target_utilisation_pct : float or ndarray
        Target utilisation [%] (> 0).

    Returns
    -------
    int or ndarray of int
        ceil(load / (capacity * target / 100)); 0 for no load.

    Notes
    -----
    Rule: ASG-TARGET-TRACKING.
    """
    per = np.asarray(capacity_per_instance, dtype=float) * (
        np.asarray(target_utilisation_pct, dtype=float) / PCT)
    raw = np.asarray(load, dtype=float) / per
    out = np.ceil(raw * (1 - _CEIL_REL_TOL)).astype(np.int64)
    return out if out.ndim else int(out)  # type: ignore[return-value]
