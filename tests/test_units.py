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


def test_display_formatters_are_one_copy() -> None:
    """calc.display is the one set of number formatters (issue 12, item 5): prices keep every
    digit the snapshot has (Lambda x86 duration, Lambda pricing page: $0.0000166667 per
    GB-second), money rounds to cents, messages drop trailing zeros."""
    import numpy as np

    from calc import display
    from gui import format as fmt

    assert display.rate(0.0000166667, "GB-s") == "$0.0000166667 per GB-s"
    assert display.rate(float("nan")) == "not in the snapshot"
    assert display.money(np.float64(1234.567)) == "$1,234.57"
    assert display.money(0.0000002) == "$0.0000002"
    assert display.number(12345.0) == "12,345" and display.number(0.5) == "0.5"
    assert display.figure(16000.0) == "16,000" and display.figure(0.25) == "0.25"
    assert display.decimal(1.66667e-05) == "0.0000166667"
    assert fmt.money is display.money and fmt.rate is display.rate
