"""S3 rules at every boundary AWS documents (issue 13, docs/accuracy.md): tier edges, minimum
durations and object sizes, retrieval times, Intelligent-Tiering days, lifecycle ages, request
rates, the KMS quotas, multipart and pre-signed URL limits; zero and the largest input.

Formula cases take AWS's published prices as literals (S3 pricing page, us-east-1); limits come
from the bundled catalog's limits table (figures of RULES.md, not prices).
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from calc.errors import InputError
from calc.pricing import Tier
from calc.s3 import api
from calc.s3 import charges as f
from calc.s3.classes import class_info, retrieval_max_s
from calc.s3.lifecycle import stays_small, validate_rules
from calc.s3.models import LifecycleRule, S3CostInput, S3LifecycleInput, S3PrefixInput
from calc.s3.performance import (
    check_presigned_expiry,
    multipart_advice,
    prefixes_needed,
    size_prefixes,
)
from calc.units import SECONDS_PER_HOUR, SECONDS_PER_MINUTE
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
LIM = CAT.limits

# AWS S3 pricing page, storage, US East (N. Virginia), S3 Standard: first 50 TB / month
# $0.023 per GB, next 450 TB $0.022, over 500 TB $0.021 (1 TB = 1,024 GB). rule: S3-CLASSES
STANDARD = (Tier(0, 51_200, 0.023), Tier(51_200, 512_000, 0.022), Tier(512_000, None, 0.021))


# -- S3-CLASSES: tier edges --------------------------------------------------------------------
@pytest.mark.parametrize(("gb", "usd"), [
    (0, 0.0),                                        # zero use
    (51_200, 51_200 * 0.023),                        # exactly 50 TB: all at the first price
    (51_201, 51_200 * 0.023 + 0.022),                # one GB into the second tier
    (512_000, 51_200 * 0.023 + 460_800 * 0.022),     # exactly 500 TB
    (512_001, 51_200 * 0.023 + 460_800 * 0.022 + 0.021)])
def test_standard_tier_edges(gb: float, usd: float) -> None:
    # rule: S3-CLASSES. 51,200 x 0.023 = $1,177.60; + 460,800 x 0.022 = $11,315.20 at 500 TB.
    assert f.tiered_usd(quantity=gb, tiers=STANDARD) == pytest.approx(usd)


def test_tier_edges_are_the_rules_50_and_500_tb() -> None:
    # rule: S3-CLASSES. The limits table holds the edges the pricing page states (TB of
    # 1,024 GB), the same edges the literal tiers above use.
    assert LIM.value("s3.standard.tier1_max_tb") * 1_024 == STANDARD[0].end
    assert LIM.value("s3.standard.tier2_max_tb") * 1_024 == STANDARD[1].end


# -- S3-MIN-DURATION ---------------------------------------------------------------------------
# AWS S3 pricing page and User Guide ("Comparing the Amazon S3 storage classes"): minimum
# storage duration Standard-IA and One Zone-IA 30 days, Glacier IR and Flexible 90, Deep
# Archive 180; minimum billable object size 128 KB for Standard-IA, One Zone-IA and Glacier IR;
# Glacier Flexible and Deep Archive add 32 KB (archive rate) + 8 KB (Standard rate) per object.
@pytest.mark.parametrize(("cls", "days", "kb"), [
    ("standard", 0, 0), ("intelligent_tiering", 0, 0), ("standard_ia", 30, 128),
    ("onezone_ia", 30, 128), ("glacier_ir", 90, 128), ("glacier_flexible", 90, 0),
    ("deep_archive", 180, 0)])
def test_minimum_duration_and_object_size_per_class(cls: str, days: float, kb: float) -> None:
    # rule: S3-MIN-DURATION
    info = class_info(cls, LIM)
    assert (info.min_duration_days, info.min_billable_object_kb) == (days, kb)


def test_notes_give_no_ia_minimum() -> None:
    # rule: S3-MIN-DURATION. The notes (L2806-2811) name no Standard-IA minimum; the limit has
    # no notes figure, so both bases use AWS's 30 days.
    assert class_info("standard_ia", LIM, "notes").min_duration_days == 30


@pytest.mark.parametrize(("stored", "min_days", "remaining"), [
    (0, 30, 30), (29, 30, 1), (30, 30, 0), (31, 30, 0), (89, 90, 1), (90, 90, 0),
    (179, 180, 1), (180, 180, 0)])
def test_early_delete_edges(stored: float, min_days: float, remaining: float) -> None:
    # rule: S3-MIN-DURATION. 1,000 GB of Standard-IA at $0.0125 = $12.50 a month; the days
    # short of the minimum are billed, prorated over 730 / 24 days.
    usd = f.early_delete_usd(usd_per_month=12.50, days_stored=stored, min_duration_days=min_days)
    assert usd == pytest.approx(12.50 * remaining / (730 / 24))


@pytest.mark.parametrize(("avg_kb", "billed_gb"), [(128, 128.0), (127, 128.0), (129, 129.0)])
def test_128_kb_floor_edges(avg_kb: float, billed_gb: float) -> None:
    # rule: S3-MIN-DURATION. 1,048,576 objects (1,024 x 1,024): exactly 128 KB is billed as
    # stored (128 GB); 127 KB objects are billed as 128 KB; 129 KB as stored.
    objects = 1_048_576
    stored = objects * avg_kb / (1_024 * 1_024)
    assert f.billable_gb(storage_gb=stored, objects=objects, min_object_kb=128) == (
        pytest.approx(billed_gb))


def test_zero_objects_have_no_floor_or_overhead() -> None:
    # rule: S3-MIN-DURATION. Zero use.
    assert f.billable_gb(storage_gb=0, objects=0, min_object_kb=128) == 0
    assert f.overhead_gb(objects=0, overhead_kb=32) == 0


def test_archive_overhead_40_kb_per_object() -> None:
    # rule: S3-MIN-DURATION. 1,048,576 objects add 32 GB at the archive rate and 8 GB at the
    # Standard rate (the limits' 32 KB and 8 KB).
    n = 1_048_576
    assert f.overhead_gb(objects=n, overhead_kb=LIM.value("s3.archive_overhead_kb.archive_rate"))\
        == 32
    assert f.overhead_gb(objects=n, overhead_kb=LIM.value(
        "s3.archive_overhead_kb.standard_rate")) == 8


# -- S3-RETRIEVAL ------------------------------------------------------------------------------
# AWS S3 User Guide, "Understanding archive retrieval options": Flexible Retrieval expedited
# 1-5 minutes, standard 3-5 hours, bulk 5-12 hours; Deep Archive standard within 12 hours,
# bulk within 48 hours.
@pytest.mark.parametrize(("cls", "tier", "slowest_s"), [
    ("glacier_flexible", "expedited", 5 * SECONDS_PER_MINUTE),
    ("glacier_flexible", "standard", 5 * SECONDS_PER_HOUR),
    ("glacier_flexible", "bulk", 12 * SECONDS_PER_HOUR),
    ("deep_archive", "standard", 12 * SECONDS_PER_HOUR),
    ("deep_archive", "bulk", 48 * SECONDS_PER_HOUR)])
def test_retrieval_slowest_times(cls: str, tier: str, slowest_s: float) -> None:
    # rule: S3-RETRIEVAL
    assert retrieval_max_s(cls, tier, LIM) == slowest_s


def test_deep_archive_has_no_expedited_tier() -> None:
    # rule: S3-RETRIEVAL. Deep Archive restores with standard or bulk only.
    with pytest.raises(InputError) as e:
        retrieval_max_s("deep_archive", "expedited", LIM)
    assert e.value.rule_id == "S3-RETRIEVAL"


# -- S3-INTELLIGENT ----------------------------------------------------------------------------
# AWS S3 User Guide, "How S3 Intelligent-Tiering works": Infrequent Access after 30 days
# without access, Archive Instant Access after 90; optional Archive Access 90-730 days, Deep
# Archive Access 180-730 days (PutBucketIntelligentTieringConfiguration, Tiering Days); objects
# under 128 KB are not monitored; S3 pricing page: $0.0025 per 1,000 objects monitored.
def _it(**kw: object) -> S3LifecycleInput:
    return S3LifecycleInput.model_validate({"months": 2, "monthly_ingest_gb": 10,
                                            "start_class": "intelligent_tiering", **kw})


@pytest.mark.parametrize(("field", "value", "ok"), [
    ("it_archive_access_days", 90, True), ("it_archive_access_days", 89, False),
    ("it_archive_access_days", 730, True), ("it_archive_access_days", 731, False),
    ("it_deep_archive_access_days", 180, True), ("it_deep_archive_access_days", 179, False),
    ("it_deep_archive_access_days", 730, True), ("it_deep_archive_access_days", 731, False)])
def test_intelligent_tiering_archive_day_ranges(field: str, value: int, ok: bool) -> None:
    # rule: S3-INTELLIGENT
    inp = _it(**{field: value})
    if ok:
        api.lifecycle(inp, catalog=CAT)
    else:
        with pytest.raises(InputError) as e:
            api.lifecycle(inp, catalog=CAT)
        assert e.value.rule_id == "S3-INTELLIGENT" and e.value.field == field


def test_intelligent_tiering_day_edges_from_the_limits() -> None:
    # rule: S3-INTELLIGENT. IA after 30 days, Archive Instant after 90.
    assert LIM.value("s3.intelligent_tiering.ia_after_days") == 30
    assert LIM.value("s3.intelligent_tiering.archive_instant_after_days") == 90
    assert LIM.value("s3.intelligent_tiering.min_monitored_object_kb") == 128


def test_monitoring_fee_zero_and_one_thousand_objects() -> None:
    # rule: S3-INTELLIGENT. 0 objects: $0; 1,000 objects: $0.0025.
    assert f.per_thousand_usd(count=0, usd_per_thousand=0.0025) == 0
    assert f.per_thousand_usd(count=1_000, usd_per_thousand=0.0025) == pytest.approx(0.0025)


# -- S3-LIFECYCLE ------------------------------------------------------------------------------
# AWS S3 User Guide, "Transitioning objects using Amazon S3 Lifecycle": transitions to
# Standard-IA or One Zone-IA need objects at least 30 days old; since September 2024 objects
# smaller than 128 KB are not transitioned by default.
@pytest.mark.parametrize(("cls", "days", "ok"), [
    ("standard_ia", 30, True), ("standard_ia", 29, False), ("onezone_ia", 30, True),
    ("onezone_ia", 29, False), ("glacier_ir", 0, True), ("deep_archive", 1, True)])
def test_transition_age_edges(cls: str, days: int, ok: bool) -> None:
    # rule: S3-LIFECYCLE. Only the IA classes have the 30-day floor.
    inp = S3LifecycleInput(monthly_ingest_gb=1,
                           rules=(LifecycleRule(storage_class=cls, days=days),))
    if ok:
        assert validate_rules(inp, LIM)[0].days == days
    else:
        with pytest.raises(InputError) as e:
            validate_rules(inp, LIM)
        assert e.value.rule_id == "S3-LIFECYCLE"


@pytest.mark.parametrize(("avg_kb", "small"), [(127.9, True), (128, False)])
def test_objects_under_128_kb_stay(avg_kb: float, small: bool) -> None:
    # rule: S3-LIFECYCLE. Exactly 128 KB is transitioned; smaller objects are not, unless a
    # size filter allows them.
    assert stays_small(S3LifecycleInput(monthly_ingest_gb=1, avg_object_kb=avg_kb), LIM) == small
    assert not stays_small(S3LifecycleInput(monthly_ingest_gb=1, avg_object_kb=avg_kb,
                                            transition_small_objects=True), LIM)


# -- S3-PERFORMANCE ----------------------------------------------------------------------------
# AWS S3 User Guide, "Best practices design patterns: optimizing Amazon S3 performance": at
# least 3,500 PUT/COPY/POST/DELETE or 5,500 GET/HEAD requests per second per prefix.
@pytest.mark.parametrize(("put", "get", "n"), [
    (0, 0, 1), (3_500, 0, 1), (3_501, 0, 2), (0, 5_500, 1), (0, 5_501, 2),
    (7_000, 11_000, 2), (7_001, 11_000, 3)])
def test_prefix_edges(put: float, get: float, n: int) -> None:
    # rule: S3-PERFORMANCE
    assert prefixes_needed(put_per_second=put, get_per_second=get, put_per_prefix=3_500,
                           get_per_prefix=5_500) == n


# -- S3-KMS-QUOTA ------------------------------------------------------------------------------
# AWS KMS Developer Guide, "Request quotas": cryptographic operations (symmetric) share a
# per-Region quota of 5,500, 10,000 or more requests per second (see docs/accuracy.md for the
# highest figure).
@pytest.mark.parametrize(("rps", "exceeds"), [
    (0, [False, False, False]), (5_500, [False, False, False]), (5_501, [True, False, False]),
    (10_001, [True, True, False])])
def test_kms_quota_edges(rps: float, exceeds: list[bool]) -> None:
    # rule: S3-KMS-QUOTA. One GenerateDataKey per PUT: rps PUTs make rps KMS calls.
    res = size_prefixes(S3PrefixInput(put_per_second=rps), limits=LIM)
    assert res.kms["exceeds"].tolist() == exceeds


def test_no_sse_kms_makes_no_kms_calls() -> None:
    # rule: S3-KMS-QUOTA. SSE-S3: no KMS calls at any rate.
    res = size_prefixes(S3PrefixInput(put_per_second=50_000, sse_kms=False), limits=LIM)
    assert res.kms_requests_per_second == 0 and not res.kms_exceeds_any


# -- S3-MULTIPART ------------------------------------------------------------------------------
# AWS S3 User Guide, "Amazon S3 objects overview": objects up to 50 TB; "the actual maximum
# object size is 53.7 TB (48.8 TiB) ... 10,000 maximum parts x 5 GiB per part = 50,000 GiB";
# "Uploading objects": a single PUT up to 5 GB. The notes (L2715): at most 5 TB.
MIB_50000_GIB = 50_000 * 1_024


def test_largest_object_today_is_10000_parts_of_5_gib() -> None:
    # rule: S3-MULTIPART. Fixed (issue 13): a 6 TiB object was refused (the notes' 5 TB).
    assert multipart_advice(object_size_mb=6 * 1_024 * 1_024, limits=LIM).advice == (
        "multipart_required")
    assert multipart_advice(object_size_mb=MIB_50000_GIB, limits=LIM).advice == (
        "multipart_required")
    with pytest.raises(InputError, match="10,000 parts") as e:
        multipart_advice(object_size_mb=MIB_50000_GIB + 1, limits=LIM)
    assert e.value.rule_id == "S3-MULTIPART"


def test_notes_basis_keeps_5_tb() -> None:
    # rule: S3-MULTIPART. The notes' 5 TB (read as 5 TiB), below 10,000 x 5 GiB.
    assert multipart_advice(object_size_mb=5 * 1_024 * 1_024, limits=LIM,
                            basis="notes").advice == "multipart_required"
    with pytest.raises(InputError, match="5 TB"):
        multipart_advice(object_size_mb=5 * 1_024 * 1_024 + 1, limits=LIM, basis="notes")


@pytest.mark.parametrize(("mb", "advice"), [
    (0.001, "single_put"), (100, "single_put"), (100.001, "multipart_recommended"),
    (5 * 1_024, "multipart_recommended"), (5 * 1_024 + 0.001, "multipart_required")])
def test_single_put_edges(mb: float, advice: str) -> None:
    # rule: S3-MULTIPART. Recommended above 100 MB, required above 5 GB (5 GiB).
    assert multipart_advice(object_size_mb=mb, limits=LIM).advice == advice


# -- S3-PRESIGNED ------------------------------------------------------------------------------
# AWS S3 User Guide, "Sharing objects with presigned URLs": console 1 minute to 12 hours;
# AWS CLI `presign --expires-in` default 3,600 s, at most 604,800 s (7 days).
@pytest.mark.parametrize(("via", "seconds", "ok"), [
    ("console", 60, True), ("console", 59, False), ("console", 43_200, True),
    ("console", 43_201, False), ("cli", 604_800, True), ("cli", 604_801, False),
    ("cli", 0, False), ("cli", 1, True)])
def test_presigned_expiry_edges(via: str, seconds: float, ok: bool) -> None:
    # rule: S3-PRESIGNED
    if ok:
        assert check_presigned_expiry(expires_s=seconds, via=via, limits=LIM) == seconds  # type: ignore[arg-type]
    else:
        with pytest.raises(InputError) as e:
            check_presigned_expiry(expires_s=seconds, via=via, limits=LIM)  # type: ignore[arg-type]
        assert e.value.rule_id == "S3-PRESIGNED"


def test_cli_default_expiry_is_one_hour() -> None:
    # rule: S3-PRESIGNED
    assert LIM.value("s3.presigned.cli_default_s") == 3_600


# -- partial months (S3-CLASSES storage proration) ---------------------------------------------
# Amazon S3 FAQ, billing: storage is billed in GB-months, byte-hours "divided by the number of
# hours in the month"; the app's default month is AWS's 730 hours (30.42 days).
@pytest.mark.parametrize(("days", "month_days", "usd"), [
    (15, 30, 11.5), (31, 31, 23.0), (14, 28, 11.5), (30.416666666666668, None, 23.0)])
def test_prorated_storage_over_the_real_month(days: float, month_days: float | None,
                                              usd: float) -> None:
    # rule: S3-CLASSES. 1,000 GB of Standard at $0.023 = $23.00 a month; 15 days of a 30-day
    # month = $11.50; the default month is 730 / 24 days.
    kw = {} if month_days is None else {"month_days": month_days}
    assert f.prorated_usd(usd_per_month=23.0, days=days, **kw) == pytest.approx(usd)


def _cost(**kw: object) -> api.S3CostResult:
    inp = S3CostInput.model_validate({"storage_class": "standard", "storage_gb": 1_000, **kw})
    return api.cost(inp, catalog=CAT)


def test_partial_month_result_says_what_it_is_prorated_over() -> None:
    # rule: S3-CLASSES. Issue 13: every partial-month result says it uses the 730-hour month;
    # with month_days the stored days are prorated over that month (31 days: 30.42 / 31 of
    # the default figure).
    default = _cost(days_stored=10)
    assert any("730-hour month" in n for n in default.notes)
    july = _cost(days_stored=10, month_days=31)
    assert any("31-day month" in n for n in july.notes)
    assert july.usd_for_days_stored == pytest.approx(
        default.usd_for_days_stored * (730 / 24) / 31)
    assert not any("partial month" in n for n in _cost().notes)


@pytest.mark.parametrize(("kw", "field"), [
    ({"days_stored": 10, "month_days": 27}, "month_days"),
    ({"days_stored": 10, "month_days": 32}, "month_days"),
    ({"month_days": 30}, "month_days"),
    ({"days_stored": 31, "month_days": 30}, "days_stored")])
def test_month_days_range(kw: dict[str, float], field: str) -> None:
    # rule: S3-CLASSES. 28-31 days, only with days_stored, and no more stored days than it has.
    with pytest.raises(ValidationError) as e:
        S3CostInput.model_validate({"storage_class": "standard", "storage_gb": 1, **kw})
    assert field in str(e.value) and "S3-CLASSES" in str(e.value)
