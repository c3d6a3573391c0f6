"""calc.units: the AWS conventions the formulas rely on."""

import numpy as np
import pytest

from calc import units


def test_month_is_730_hours() -> None:
    # The AWS convention (AWS Pricing Calculator): 730 hours a month = 8,760 / 12.
    assert units.HOURS_PER_MONTH == 730 == units.HOURS_PER_YEAR / units.MONTHS_PER_YEAR
    assert units.SECONDS_PER_MONTH == 2_628_000


def test_gib_and_gb() -> None:
    assert units.gib_to_gb(1.0) == pytest.approx(1.073741824)
    assert units.gb_to_gib(units.gib_to_gb(123.0)) == pytest.approx(123.0)
    assert units.tib_to_gib(16.0) == 16_384


def test_billing_tb_is_1024_gb() -> None:
    # S3 pricing page: "first 50 TB / month" is 51,200 GB.
    assert units.tb_to_gb_billing(50.0) == 51_200


def test_vectorised() -> None:
    hours = np.array([0.0, 365.0, 730.0])
    assert units.hours_to_months(hours).tolist() == [0.0, 0.5, 1.0]


def test_link_speed() -> None:
    # 1 Gbps = 125,000,000 bytes per second.
    assert units.mbps_to_bytes_per_second(1000.0) == 125_000_000
