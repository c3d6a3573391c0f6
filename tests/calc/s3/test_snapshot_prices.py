"""The S3 checks pinned to the bundled snapshot's dated prices (s3_prices as of 2026-06-22).

Every other S3 test either takes AWS's published prices as literals or checks behaviour that
holds for any snapshot; these fail, on purpose, when the bundled snapshot is refreshed, and
are re-checked against the AWS S3 pricing page then.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from calc.s3 import api
from calc.s3.models import S3ChooseInput, S3CostInput
from calc.units import BYTES_PER_GIB, HOURS_PER_DAY
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does


def cost(**kw):  # type: ignore[no-untyped-def]
    kw.setdefault("region", "us-east-1")
    return api.cost(S3CostInput(**kw), catalog=CAT)


def line(res, component: str):  # type: ignore[no-untyped-def]
    rows = res.breakdown[res.breakdown["component"] == component]
    assert len(rows) == 1, f"no single {component} line in {list(res.breakdown['component'])}"
    return rows.iloc[0]


def rank(**kw):  # type: ignore[no-untyped-def]
    return api.choose(S3ChooseInput(**kw), catalog=CAT)


def row(res, storage_class: str):  # type: ignore[no-untyped-def]
    return res.ranking[res.ranking["storage_class"] == storage_class].iloc[0]


def test_100_tb_standard_us_east_1() -> None:
    # rule: S3-CLASSES
    # AWS S3 pricing page (storage table, us-east-1): first 50 TB $0.023/GB, next 450 TB
    # $0.022/GB; 1 TB = 1,024 GB. 100 TB = 102,400 GB =
    # 51,200 GB x $0.023 + 51,200 GB x $0.022 = $1,177.60 + $1,126.40 = $2,304.00 a month.
    res = cost(storage_class="standard", storage_gb=102_400)
    assert res.usd_per_month == pytest.approx(2_304.00, abs=1e-9)
    assert res.complete and res.as_of == ["2026-06-22"]
    assert line(res, "storage")["rule_id"] == "S3-CLASSES"


def test_s3_faq_byte_hours_example() -> None:
    # rule: S3-CLASSES
    # Amazon S3 FAQ, "How will I be charged and billed for my use of Amazon S3?", Storage
    # Example (aws.amazon.com/s3/faqs/; stored copies read 2026-11-26 via the search tool:
    # the txtdot.deep-swarm.xyz mirror of aws.amazon.com/s3/faqs and 796t.com's copy):
    # 100 GB (107,374,182,400 bytes) for 15 days and 100 TB (109,951,162,777,600 bytes) for
    # 16 days of March = 42,259,901,212,262,400 byte-hours; / 1,073,741,824 bytes per GB /
    # 744 hours in March = 52,900 GB-months, across two tiers in us-east-1:
    # 51,200 GB x $0.023 = $1,177.60 and 1,700 GB x $0.022 = $37.40: $1,215.00.
    # (The stored copies end after the GB-month line; the two tier lines use the pricing
    # page's prices, which the snapshot also has.)
    byte_hours = (107_374_182_400 * 15 * HOURS_PER_DAY
                  + 109_951_162_777_600 * 16 * HOURS_PER_DAY)
    assert byte_hours == 42_259_901_212_262_400
    march_hours = 31 * HOURS_PER_DAY
    gb_months = byte_hours / BYTES_PER_GIB / march_hours
    assert gb_months == pytest.approx(52_900)
    res = cost(storage_class="standard", storage_gb=gb_months)
    assert res.usd_per_month == pytest.approx(1_177.60 + 37.40)
    assert res.usd_per_month == pytest.approx(1_215.00)


def test_glacier_flexible_standard_restore_of_15m_objects() -> None:
    # rule: S3-RETRIEVAL
    # AWS re:Post Knowledge Center "s3-manage-data-retrieval" (repost.aws, read 2026-11-26):
    # 15,000,000 objects, 100 TB (102,400 GB) from Glacier Flexible Retrieval, standard:
    # requests 15,000,000 / 1000 x $0.05 = $750; per GB 102,400 x $0.01 = $1,024; $1,774.
    res = cost(storage_class="glacier_flexible", storage_gb=0, retrieval_gb=102_400,
               retrieval_requests=15_000_000, retrieval_tier="standard")
    assert line(res, "retrieval_requests_standard")["usd_per_month"] == pytest.approx(750.0)
    assert line(res, "retrieval_standard")["usd_per_month"] == pytest.approx(1_024.0)
    assert res.usd_per_month == pytest.approx(1_774.0)


def test_glacier_flexible_expedited_and_bulk_restore() -> None:
    # rule: S3-RETRIEVAL
    # Same re:Post page: expedited requests 15,000,000 / 1000 x $10 = $150,000. Its per-GB
    # line is cut off in the stored copy; the snapshot's $0.03/GB gives 102,400 x $0.03 =
    # $3,072. Bulk is free (notes L2810; snapshot $0 per GB and per 1,000 requests).
    exp = cost(storage_class="glacier_flexible", storage_gb=0, retrieval_gb=102_400,
               retrieval_requests=15_000_000, retrieval_tier="expedited")
    assert line(exp, "retrieval_requests_expedited")["usd_per_month"] == pytest.approx(150_000)
    assert line(exp, "retrieval_expedited")["usd_per_month"] == pytest.approx(3_072)
    bulk = cost(storage_class="glacier_flexible", storage_gb=0, retrieval_gb=102_400,
                retrieval_requests=15_000_000, retrieval_tier="bulk")
    assert bulk.usd_per_month == 0.0
    assert CAT.limits.value("s3.retrieval.flexible_bulk_usd_per_gb") == 0


def test_express_one_zone_faq_example_1() -> None:
    # rule: S3-CLASSES
    # Amazon S3 FAQ, S3 Express One Zone Example 1 (txtdot mirror of aws.amazon.com/s3/faqs,
    # read 2026-11-26): 10 GB for 30 days, 1,000,000 writes and 9,000,000 reads of 10 KB in
    # us-east-1: storage 10 x $0.11 = $1.10; PUT $1.13; GET $0.27; upload 10 KB / 1,048,576 x
    # 1,000,000 x $0.0032 = $0.03; retrieval 10 KB / 1,048,576 x 9,000,000 x $0.0006 = $0.05;
    # total $2.58.
    kb_per_gb = 1_048_576
    res = cost(storage_class="express_onezone", storage_gb=10, put_requests=1_000_000,
               get_requests=9_000_000, upload_gb=10 / kb_per_gb * 1_000_000,
               retrieval_gb=10 / kb_per_gb * 9_000_000)
    assert line(res, "storage")["usd_per_month"] == pytest.approx(1.10)
    assert line(res, "requests_put_copy_post_list")["usd_per_month"] == pytest.approx(1.13)
    assert line(res, "requests_get_other")["usd_per_month"] == pytest.approx(0.27)
    assert round(line(res, "upload")["usd_per_month"], 2) == 0.03
    assert round(line(res, "retrieval")["usd_per_month"], 2) == 0.05
    assert round(res.usd_per_month, 2) == 2.58


def test_standard_tiers_match_the_limits() -> None:
    # rule: S3-CLASSES (limits: tier 1 ends at 50 TB, tier 2 at 500 TB; 1 TB = 1,024 GB)
    cat = CAT
    tiers = cat.s3_price("us-east-1", "STANDARD", "storage").tiers
    assert tiers[0].end == cat.limits.value("s3.standard.tier1_max_tb") * 1_024
    assert tiers[1].end == cat.limits.value("s3.standard.tier2_max_tb") * 1_024


def test_intelligent_tiering_steady_state_split() -> None:
    # rule: S3-INTELLIGENT. 1,000 GB, 100 GB read a month: 10% stays in Frequent Access,
    # 90% has gone 90 days without access (Archive Instant Access); 1 MB objects monitored.
    res = rank(storage_gb=1_000, objects=1_024_000, retrieval_gb=100, region="us-east-1")
    r = row(res, "intelligent_tiering")
    direct = api.cost(S3CostInput(storage_class="intelligent_tiering", storage_gb=1_000,
                                 objects=1_024_000, retrieval_gb=100,
                                 it_archive_instant_pct=90), catalog=CAT)
    assert r["usd_per_month"] == pytest.approx(direct.usd_per_month)
    assert r["usd_per_month"] == pytest.approx(100 * 0.023 + 900 * 0.004 + 1_024 * 0.0025)


# -- the bundled us-east-1 prices were unchanged on 2026-09-18 -----------------------------------
METERS_2026_09 = (Path(__file__).resolve().parents[2] / "support" / "fixtures"
                  / "s3_us-east-1_meters_subset_2026-09.csv")


def test_us_east_1_prices_confirmed_by_the_2026_09_meters() -> None:
    # SOURCES.md s3_us-east-1_meters_subset_2026-09.csv: 30 us-east-1 meters of the S3
    # pricing-page feed published 2026-09-18 (a test fixture). Every one the bundled snapshot
    # prices under the same AWS meter name has the same price (per request in the feed, per
    # 1,000 requests in the snapshot); the 2026-09 feed still has no Deep Archive storage
    # price for us-east-1, and the snapshot has none either.
    with METERS_2026_09.open(newline="", encoding="utf-8") as f:
        meters = list(csv.DictReader(f))
    assert len(meters) == 30 and {m["source_publication_date"] for m in meters} == {"2026-09-18"}
    snap = CAT.s3_prices("us-east-1")
    matched = 0
    for m in meters:
        rows_ = snap[snap["aws_meter_name"] == m["aws_meter_name"]]
        for _, r in rows_.iterrows():
            per_unit = 1000 if r["unit"] == "1000 requests" else 1
            assert r["usd_per_unit"] == pytest.approx(float(m["usd_price_per_meter_unit"])
                                                      * per_unit), m["aws_meter_name"]
            matched += 1
    # 28 of the 30 rows: "Restore Object per Requests" and "S3 API-DAA-TIER3 RestoreObject"
    # (Deep Archive restore requests) are meters the snapshot does not map
    assert matched == 28
    deep = snap[(snap["storage_class"] == "DEEP_ARCHIVE") & (snap["component"] == "storage")]
    assert deep.empty
    assert not any(m["aws_meter_name"].startswith("Glacier Deep Archive Storage")
                   for m in meters)
