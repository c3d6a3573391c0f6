"""S3 durability and availability (calc.checks.availability): worked examples and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.checks import availability as av
from tests.support.catalogs import bundled_catalog

FAST = settings(max_examples=100)

CATALOG = bundled_catalog()


def test_s3_loss_worked_example() -> None:
    # rule: S3-DURABILITY. Notes L2788: 10,000,000 objects lose one object once every 10,000
    # years (limits s3.durability.example_*).
    lim = CATALOG.limits
    objects = lim.value("s3.durability.example_objects")
    lost = av.s3_expected_objects_lost_per_year(objects=objects,
                                                durability_nines=lim.value("s3.durability.nines"))
    assert 1 / lost == pytest.approx(lim.value("s3.durability.example_years_per_loss"))
    assert 1 / lost == pytest.approx(10_000)


def test_s3_downtime_worked_example() -> None:
    # rule: S3-AVAILABILITY. Notes L2791: 99.99% "not available 53 minutes a year": 52.56 min.
    down = av.s3_downtime_minutes_per_year(availability_pct=99.99)
    assert down == pytest.approx(52.56)
    assert round(down) == CATALOG.limits.value("s3.availability.standard_downtime_min_per_year")
    assert av.s3_downtime_minutes_per_year(availability_pct=99.5) == pytest.approx(2628)


@FAST
@given(st.lists(st.integers(0, 10**15), min_size=1, max_size=20),
       st.lists(st.floats(90, 100), min_size=1, max_size=20))
def test_s3_properties(objects: list[int], pcts: list[float]) -> None:
    # rules: S3-DURABILITY, S3-AVAILABILITY. Never negative, linear in objects, less downtime
    # for more availability, scalar == vector.
    n = np.array(objects, dtype=float)
    lost = av.s3_expected_objects_lost_per_year(objects=n, durability_nines=11)
    assert (lost >= 0).all() and lost == pytest.approx(n * 1e-11)
    a = np.sort(np.array(pcts))
    down = av.s3_downtime_minutes_per_year(availability_pct=a)
    assert (down >= -1e-9).all() and (np.diff(down) <= 1e-9).all()
    assert av.s3_downtime_minutes_per_year(availability_pct=float(a[0])) == pytest.approx(down[0])
