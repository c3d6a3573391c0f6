"""EBS per-second billing: the 60-second minimum, zero, and the month's real length.

Sources: the Amazon EBS pricing page (https://aws.amazon.com/ebs/pricing/): volumes are
"billed per-second ... with a 60-second minimum", and its gp3 example prorates "43,200
seconds / (86,400 seconds/day * 30-day month)"; the AWS News Blog "New - Per-Second Billing
for EC2 Instances and EBS Volumes" (2017-10-02): "provisioned storage for EBS volumes will be
billed in one-second increments". Prices: AWS's published us-east-1 figures (published.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from calc.ebs import MigrationInput, VolumeConfig, migrate_gp2_to_gp3, prorate, volume_cost
from calc.ebs.costs import (
    MIN_BILLED_SECONDS,
    billed_seconds,
    month_fraction,
    month_seconds,
    storage_usd_per_month,
)
from calc.errors import first_error
from calc.units import HOURS_PER_MONTH, SECONDS_PER_HOUR
from tests.calc.ebs.bundled import CATALOG, make
from tests.calc.ebs.published import US_EAST_1

EAST = US_EAST_1


def cost(**kw: Any) -> Any:
    return volume_cost(make(VolumeConfig, **kw), EAST, limits=CATALOG.limits)


def error_of(model: type = VolumeConfig, **kw: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        make(model, **kw)
    return first_error(exc.value)


# -- the 60-second minimum ------------------------------------------------------------------
@pytest.mark.parametrize(("seconds", "billed"), [
    (0, 0),  # no volume: nothing is billed (EBS bills what you provision, until released)
    (1, 60),  # one second: the 60-second minimum
    (3.6, 60),  # the 3.6 s volume (was billed 3.6 s)
    (59, 60),
    (60, 60),  # exactly the minimum
    (61, 61),  # per second above it
    (HOURS_PER_MONTH * SECONDS_PER_HOUR, HOURS_PER_MONTH * SECONDS_PER_HOUR),
])
def test_billed_seconds_sixty_second_minimum(seconds: float, billed: float) -> None:
    # rule: EBS-BILLING (EBS pricing page: per second, 60-second minimum)
    assert MIN_BILLED_SECONDS == 60
    assert billed_seconds(seconds=seconds) == pytest.approx(billed)


@pytest.mark.parametrize(("seconds", "billed"), [(1, 60), (3.6, 60), (59, 60), (60, 60),
                                                 (61, 61)])
def test_short_volume_cost_bills_at_least_sixty_seconds(seconds: float, billed: float) -> None:
    # rule: EBS-BILLING. gp2 100 GiB at $0.10/GB-month (EBS pricing page, us-east-1) in the
    # 730-hour month: $10 x billed s / 2,628,000 s; 60 s -> $0.000228311
    res = cost(volume_type="gp2", size_gib=100, hours=seconds / SECONDS_PER_HOUR)
    assert res.usd_per_month == pytest.approx(10.0 * billed / 2_628_000)
    said = any("60-second minimum" in n and "[EBS-BILLING]" in n for n in res.notes)
    assert said is (seconds < 60)


def test_zero_hours_bills_nothing_and_says_so() -> None:
    # rule: EBS-BILLING: a volume that never exists is not billed (no minimum applies)
    res = cost(volume_type="io1", size_gib=100, iops=1000, hours=0)
    assert res.usd_per_month == 0
    assert any("nothing billed" in n for n in res.notes)


def test_minimum_applies_to_iops_and_throughput_too() -> None:
    # rule: EBS-BILLING, EBS-GP3: storage, IOPS and throughput are all provisioned per second
    # (AWS News Blog 2017-10-02: "Provisioned IOPS for io1 EBS volumes is billed by the
    # second"). gp3 2,000 GB / 10,000 IOPS / 500 MiB/s is $210 a month; 10 s bills 60 s.
    res = cost(volume_type="gp3", size_gib=2000, iops=10000, throughput_mibps=500,
               hours=10 / SECONDS_PER_HOUR)
    assert res.usd_per_month == pytest.approx(210.0 * 60 / 2_628_000)


# -- the month's days -----------------------------------------------------------------------
def test_pricing_page_gp3_example_in_its_30_day_month() -> None:
    # rule: EBS-BILLING, EBS-GP3. EBS pricing page, gp3 example: 2,000 GB for 12 hours
    # (43,200 s) in a 30-day month; storage "0.09394 per GB-month * 2,000 GB * 43,200 seconds
    # / (86,400 seconds/day * 30-day month) = 3.13133" (the EUR edition's figures).
    storage = storage_usd_per_month(size_gib=2000, usd_per_gb_month=0.09394)
    assert prorate(usd_per_month=storage, hours=12, month_days=30) == pytest.approx(
        3.13133, abs=5e-6)
    # the same volume at the us-east-1 prices ($210 a month): 12 h of 30 days = 1/60
    res = cost(volume_type="gp3", size_gib=2000, iops=10000, throughput_mibps=500, hours=12,
               month_days=30)
    assert res.usd_per_month == pytest.approx(210.0 / 60)
    assert any("30-day month (2,592,000 s)" in n for n in res.notes)
    # in the app's 730-hour month the same 12 hours are 12 / 730 of a month
    default = cost(volume_type="gp3", size_gib=2000, iops=10000, throughput_mibps=500,
                   hours=12)
    assert default.usd_per_month == pytest.approx(210.0 * 12 / 730)
    assert any("730-hour month" in n and "month_days" in n for n in default.notes)


@pytest.mark.parametrize(("days", "seconds"), [(None, 2_628_000), (28, 2_419_200),
                                               (30, 2_592_000), (31, 2_678_400)])
def test_month_seconds(days: int | None, seconds: float) -> None:
    # rule: EBS-BILLING: the app's 730-hour month, or days x 86,400 s
    assert month_seconds(month_days=days) == seconds


@pytest.mark.parametrize("days", [28, 29, 30, 31])
def test_month_days_without_hours_is_the_whole_month(days: int) -> None:
    # rule: EBS-BILLING: a volume kept all month is billed one month whatever the month's
    # length (gp2 100 GiB, $10), and a whole month needs no proration note
    res = cost(volume_type="gp2", size_gib=100, month_days=days)
    assert res.config.hours == days * 24
    assert res.usd_per_month == pytest.approx(10.0)
    assert not any("partial month" in n for n in res.notes)


def test_whole_730_hour_month_has_no_partial_month_note() -> None:
    # rule: EBS-BILLING: the default, a whole 730-hour month, is one month's charge
    res = cost(volume_type="gp2", size_gib=100)
    assert res.usd_per_month == pytest.approx(10.0)
    assert not any("partial month" in n for n in res.notes)


def test_ten_days_of_a_31_day_month() -> None:
    # rule: EBS-BILLING. gp2 100 GiB for 240 h of a 31-day month: $10 x 864,000 /
    # 2,678,400 = $3.2258; in the 730-hour month $10 x 240 / 730 = $3.2877
    assert month_fraction(hours=240, month_days=31) == pytest.approx(240 / 744)
    res = cost(volume_type="gp2", size_gib=100, hours=240, month_days=31)
    assert res.usd_per_month == pytest.approx(10.0 * 240 / 744)


@pytest.mark.parametrize(("kw", "field", "text"), [
    ({"month_days": 27}, "month_days", "must be 28 to 31 days"),
    ({"month_days": 32}, "month_days", "must be 28 to 31 days"),
    ({"hours": 731}, "hours", "must be 0 to 730 hours (the 730-hour month)"),
    ({"hours": 745, "month_days": 31}, "hours", "must be 0 to 744 hours (a 31-day month)"),
    ({"hours": 673, "month_days": 28}, "hours", "must be 0 to 672 hours (a 28-day month)"),
    ({"hours": -1}, "hours", "must be 0 to 730 hours"),
])
def test_month_and_hours_limits(kw: dict[str, Any], field: str, text: str) -> None:
    # rule: EBS-BILLING: a plain message with the field, the value and the range
    msg = error_of(volume_type="gp2", size_gib=100, **kw)
    assert msg.startswith(f"{field}={kw[field]}") and text in msg and "[EBS-BILLING]" in msg


@pytest.mark.parametrize(("hours", "days"), [(744, 31), (672, 28), (730, None), (0, None)])
def test_month_and_hours_edges_accepted(hours: float, days: int | None) -> None:
    # rule: EBS-BILLING: the last hour of each month length is allowed
    make(VolumeConfig, volume_type="gp2", size_gib=100, hours=hours, month_days=days)


def test_migration_uses_the_month_and_says_so() -> None:
    # rule: EBS-BILLING, EBS-GP3: gp2 -> gp3 for 12 h of a 30-day month; 100 GiB gp2 $10 a
    # month -> $10 / 60
    inp = make(MigrationInput, size_gib=100, hours=12, month_days=30)
    res = migrate_gp2_to_gp3(inp, EAST, catalog=CATALOG)
    assert res.gp2_usd_per_month == pytest.approx(10.0 / 60)
    assert any("30-day month" in n for n in res.notes)
    assert "must be 28 to 31" in error_of(MigrationInput, size_gib=100, month_days=40)
