"""Cheapest S3 class for an access pattern, and why each other class loses."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.errors import first_error
from calc.s3 import api
from calc.s3.classes import CLASS_IDS
from calc.s3.models import S3ChooseInput
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does


def rank(**kw):  # type: ignore[no-untyped-def]
    kw.setdefault("region", "eu-west-1")
    return api.choose(S3ChooseInput(**kw), catalog=CAT)


def row(res, cid: str):  # type: ignore[no-untyped-def]
    return res.ranking.set_index("storage_class").loc[cid]


def test_cold_archive_with_a_day_to_wait_picks_an_archive_class() -> None:
    # rule: S3-RETRIEVAL, S3-CLASSES. 100 TB never read, two days' wait accepted, kept for
    # years: Deep Archive ($0.00099/GB in eu-west-1) is the cheapest class.
    res = rank(storage_gb=102_400, avg_object_kb=10_240, max_wait_hours=48)
    assert res.winner == "deep_archive"
    assert row(res, "deep_archive")["reason"] == "cheapest"
    assert row(res, "deep_archive")["retrieval_tier"] == "bulk"  # 48 h fits the bulk tier


def test_millisecond_access_rules_out_archive_classes() -> None:
    # rule: S3-RETRIEVAL (Flexible expedited at best 1-5 min; Deep Archive standard 12 h)
    res = rank(storage_gb=1_024, avg_object_kb=1_024, get_requests=100, retrieval_gb=10)
    for cid in ("glacier_flexible", "deep_archive"):
        r = row(res, cid)
        assert not r["eligible"] and "[S3-RETRIEVAL]" in r["reason"]
        assert pd.isna(r["rank"])  # not ranked
    assert "5 min" in row(res, "glacier_flexible")["reason"]


def test_the_fastest_tier_that_fits_the_wait_is_used() -> None:
    # rule: S3-RETRIEVAL: 1 h allows only expedited (<= 5 min) for Flexible; 6 h standard
    # (<= 5 h); 12 h bulk (<= 12 h)
    for hours, tier in ((1, "expedited"), (6, "standard"), (12, "bulk")):
        res = rank(storage_gb=1_024, avg_object_kb=1_024, get_requests=10, max_wait_hours=hours)
        assert row(res, "glacier_flexible")["retrieval_tier"] == tier


def test_heavy_reads_make_standard_cheapest_and_losers_say_why() -> None:
    # 1 TB read back 20 times a month: retrieval fees dominate the IA and Glacier classes
    res = rank(storage_gb=1_024, avg_object_kb=1_024, get_requests=5_000_000,
               retrieval_gb=20_480, max_wait_hours=0)
    assert res.winner in ("standard", "intelligent_tiering")
    r = row(res, "standard_ia")
    assert r["eligible"] and "retrieval" in r["reason"] and "more than" in r["reason"]
    # every eligible loser costs more than the winner
    ok = res.ranking[res.ranking["eligible"]]
    assert ok["usd_per_month"].is_monotonic_increasing


def test_retention_shorter_than_the_minimum_adds_the_minimum() -> None:
    # rule: S3-MIN-DURATION. Objects kept 10 days in Standard-IA (30-day minimum) are billed
    # 30 days each: storage x 3.
    res = rank(storage_gb=1_000, avg_object_kb=1_024, retention_days=10, region="us-east-1")
    r = row(res, "standard_ia")
    assert r["minimum_duration_usd"] == pytest.approx(2 * r["storage_usd"])
    assert row(res, "standard")["minimum_duration_usd"] == 0


def test_deep_archive_without_a_price_cannot_be_ranked() -> None:
    # SOURCES.md: no Deep Archive storage price in us-east-1
    res = rank(storage_gb=1_000, avg_object_kb=1_024, max_wait_hours=48, region="us-east-1")
    r = row(res, "deep_archive")
    assert not r["eligible"] and not r["complete"]
    assert r["reason"].startswith("cannot be ranked: no price for S3 DEEP_ARCHIVE storage")


def test_minimum_availability_filters_classes() -> None:
    # rule: S3-AVAILABILITY (One Zone-IA 99.5%, Standard-IA 99.9%, Standard 99.99%)
    res = rank(storage_gb=1_000, avg_object_kb=1_024, min_availability_pct=99.95)
    assert not row(res, "onezone_ia")["eligible"] and not row(res, "standard_ia")["eligible"]
    assert "[S3-AVAILABILITY]" in row(res, "onezone_ia")["reason"]
    assert row(res, "standard")["eligible"]


def test_object_count_or_size_is_required() -> None:
    with pytest.raises(ValidationError) as e:
        S3ChooseInput(storage_gb=1)
    assert first_error(e.value).startswith("objects=")


@settings(max_examples=30)
@given(st.floats(0, 1e6), st.floats(1, 1e5), st.floats(0, 1e7), st.floats(0, 1e5),
       st.sampled_from([0, 0.5, 6, 12, 48]))
def test_ranking_is_sorted_and_costs_never_negative(gb: float, kb: float, gets: float,
                                                    retrieval: float, wait: float) -> None:
    res = rank(storage_gb=gb, avg_object_kb=kb, get_requests=gets, retrieval_gb=retrieval,
               max_wait_hours=wait)
    assert set(res.ranking["storage_class"]) == set(CLASS_IDS)
    ok = res.ranking[res.ranking["eligible"]]
    assert (ok["usd_per_month"] >= 0).all() and ok["usd_per_month"].is_monotonic_increasing
    assert res.winner == (ok.iloc[0]["storage_class"] if len(ok) else None)
