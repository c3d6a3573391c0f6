"""S3 formula functions with AWS's published prices as literals (no catalog, no snapshot)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.pricing import Tier
from calc.s3 import charges as f

# AWS S3 pricing page, storage table, US East (N. Virginia), S3 Standard: first 50 TB/month
# $0.023 per GB, next 450 TB $0.022, over 500 TB $0.021 (1 TB = 1,024 GB). rule: S3-CLASSES
STANDARD = (Tier(0, 51_200, 0.023), Tier(51_200, 512_000, 0.022), Tier(512_000, None, 0.021))


def test_100_tb_standard() -> None:
    # rule: S3-CLASSES. 100 TB = 102,400 GB = 51,200 x $0.023 + 51,200 x $0.022 = $2,304.00
    assert f.tiered_usd(quantity=102_400, tiers=STANDARD) == pytest.approx(2_304.00)


def test_s3_faq_storage_example() -> None:
    # rule: S3-CLASSES. Amazon S3 FAQ, storage example: 52,900 GB-months in us-east-1 =
    # 51,200 GB x $0.023 + 1,700 GB x $0.022 = $1,177.60 + $37.40 = $1,215.00.
    assert f.tiered_usd(quantity=52_900, tiers=STANDARD) == pytest.approx(1_215.00)


def test_glacier_flexible_restore_of_15m_objects() -> None:
    # rule: S3-RETRIEVAL. AWS re:Post Knowledge Center "s3-manage-data-retrieval": 15,000,000
    # standard restore requests x $0.05 per 1,000 = $750; 102,400 GB x $0.01 = $1,024.
    assert f.per_thousand_usd(count=15_000_000, usd_per_thousand=0.05) == pytest.approx(750)
    assert f.per_gb_usd(gb=102_400, usd_per_gb=0.01) == pytest.approx(1_024)


def test_intelligent_tiering_monitoring_fee() -> None:
    # rule: S3-INTELLIGENT. AWS S3 pricing page: $0.0025 per 1,000 objects monitored.
    assert f.per_thousand_usd(count=1_024_000, usd_per_thousand=0.0025) == pytest.approx(2.56)


def test_128_kb_minimum_billable_object() -> None:
    # rule: S3-MIN-DURATION. Standard-IA bills at least 128 KB per object (S3 pricing page):
    # 1,048,576 objects of 64 KB (64 GB) are billed as 128 GB.
    assert f.billable_gb(storage_gb=64, objects=1_048_576, min_object_kb=128) == 128
    assert f.billable_gb(storage_gb=256, objects=1_048_576, min_object_kb=128) == 256


def test_early_delete_charges_the_rest_of_the_minimum() -> None:
    # rule: S3-MIN-DURATION. AWS S3 User Guide, "Expiring objects": Standard-IA objects
    # deleted after 10 days are billed 30; 1,000 GB x $0.0125 = $12.50 a month, so the
    # remaining 20 days cost 12.50 x 20 / (730 / 24) = $8.22.
    usd = f.early_delete_usd(usd_per_month=12.50, days_stored=10, min_duration_days=30)
    assert usd == pytest.approx(12.50 * 20 / (730 / 24))
    assert f.early_delete_usd(usd_per_month=12.50, days_stored=30, min_duration_days=30) == 0


def test_durability_and_availability_of_the_notes() -> None:
    # rule: S3-DURABILITY (notes L2788: 10,000,000 objects lose one per 10,000 years)
    lost = f.expected_objects_lost_per_year(objects=10_000_000, durability_pct=99.999999999)
    assert lost == pytest.approx(1 / 10_000, rel=1e-3)
    # rule: S3-AVAILABILITY (notes L2791: 99.99% is about 53 minutes a year)
    assert round(f.downtime_minutes_per_year(availability_pct=99.99)) == 53


@settings(max_examples=100)
@given(st.sampled_from([b for t in STANDARD for b in (t.start, t.end) if b]),
       st.floats(min_value=1e-6, max_value=1e-2))
def test_tiered_cost_is_continuous_at_every_break(brk: float, eps: float) -> None:
    # rule: S3-CLASSES
    below = f.tiered_usd(quantity=brk - eps, tiers=STANDARD)
    above = f.tiered_usd(quantity=brk + eps, tiers=STANDARD)
    assert above - below == pytest.approx(0.0, abs=0.03 * eps * 2 + 1e-9)
    assert above >= below


@settings(max_examples=60)
@given(st.lists(st.floats(min_value=0, max_value=2e6), min_size=1, max_size=30))
def test_tiered_cost_scalar_equals_vector_and_is_monotone(qs: list[float]) -> None:
    vec = f.tiered_usd(quantity=np.array(qs), tiers=STANDARD)
    scal = [f.tiered_usd(quantity=q, tiers=STANDARD) for q in qs]
    assert np.allclose(vec, scal)
    order = np.argsort(qs)
    assert np.all(np.diff(vec[order]) >= -1e-9)


def test_tiered_cost_open_ended_tier() -> None:
    tiers = (Tier(0, 10, 2.0), Tier(10, None, 1.0))
    assert f.tiered_usd(quantity=25, tiers=tiers) == 10 * 2.0 + 15 * 1.0
