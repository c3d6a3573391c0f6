"""ASG target tracking (calc.checks.asg): goal targets, instances needed, properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.checks import asg as asg
from tests.support.catalogs import bundled_catalog

CATALOG = bundled_catalog()
FAST = settings(max_examples=100)


@pytest.mark.parametrize(("goal", "pct"), [("availability", 40), ("balance", 50), ("cost", 70)])
def test_asg_goal_targets(goal: str, pct: float) -> None:
    # rule: ASG-TARGET-TRACKING. Notes L1480-1482.
    assert asg.asg_target_utilisation_pct(goal, CATALOG.limits) == pct  # type: ignore[arg-type]


def test_asg_instances_no_float_noise() -> None:
    # rule: ASG-TARGET-TRACKING. 70 units on 10-unit instances at 70%: exactly 10 instances
    # (70 / 7 is 10.000000000000002 in floating point, not 11).
    assert asg.asg_instances_needed(load=70, capacity_per_instance=10,
                                    target_utilisation_pct=70) == 10
    assert asg.asg_instances_needed(load=0, capacity_per_instance=10,
                                    target_utilisation_pct=70) == 0


@FAST
@given(load=st.lists(st.floats(0, 1e6, allow_subnormal=False), min_size=1, max_size=20),
       cap=st.floats(0.1, 1e3),
       pct=st.floats(1, 100))
def test_asg_instances_properties(load: list[float], cap: float, pct: float) -> None:
    # rule: ASG-TARGET-TRACKING. Enough instances to keep utilisation at or under the target,
    # one fewer would not be; more load never needs fewer; scalar == vector.
    ld = np.sort(np.array(load))
    n = asg.asg_instances_needed(load=ld, capacity_per_instance=cap, target_utilisation_pct=pct)
    per = cap * pct / 100
    assert (n * per >= ld * (1 - 1e-9)).all()
    assert ((n - 1) * per < ld * (1 + 1e-9) + 1e-12)[n > 0].all()
    assert (np.diff(n) >= 0).all()
    assert asg.asg_instances_needed(load=float(ld[-1]), capacity_per_instance=cap,
                                    target_utilisation_pct=pct) == n[-1]
