"""S3 cost per class: worked examples from AWS, minimums, missing prices, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.errors import first_error
from calc.s3 import api
from calc.s3 import charges as f
from calc.s3.classes import CLASS_IDS, SNAPSHOT_CLASS, class_info, class_table
from calc.s3.models import S3CostInput
from calc.units import DAYS_PER_MONTH
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does


def cost(**kw):  # type: ignore[no-untyped-def]
    kw.setdefault("region", "us-east-1")
    return api.cost(S3CostInput(**kw), catalog=CAT)


def line(res, component: str):  # type: ignore[no-untyped-def]
    rows = res.breakdown[res.breakdown["component"] == component]
    assert len(rows) == 1, f"no single {component} line in {list(res.breakdown['component'])}"
    return rows.iloc[0]


# -- worked examples ----------------------------------------------------------------------


# -- minimum duration (early delete) ------------------------------------------------------
@pytest.mark.parametrize(("storage_class", "region", "days", "min_days"), [
    # AWS S3 User Guide, "Expiring objects" (docs.aws.amazon.com/AmazonS3/latest/dev/
    # lifecycle-expire-general-considerations.html, read 2026-11-26): objects expired from
    # STANDARD_IA / ONEZONE_IA before 30 days are charged 30 days; GLACIER before 90 days,
    # 90; DEEP_ARCHIVE before 180 days, 180.
    ("standard_ia", "us-east-1", 10, 30),
    ("onezone_ia", "us-east-1", 29, 30),
    ("glacier_ir", "us-east-1", 30, 90),
    ("glacier_flexible", "us-east-1", 30, 90),
    ("deep_archive", "eu-west-1", 100, 180),
])
def test_early_delete_charges_the_full_minimum(storage_class: str, region: str, days: float,
                                               min_days: float) -> None:
    # rule: S3-MIN-DURATION
    res = cost(storage_class=storage_class, storage_gb=1_000, days_stored=days, region=region)
    price = CAT.s3_price(region, SNAPSHOT_CLASS[storage_class],
                                      "storage").flat_usd_per_unit
    assert res.info.min_duration_days == min_days
    # deleted after ``days``: billed for the minimum, as if stored min_days
    assert res.usd_for_days_stored == pytest.approx(1_000 * price * min_days / DAYS_PER_MONTH)
    early = line(res, "minimum_duration_charge")
    assert early["quantity"] == min_days - days
    assert early["usd_for_days_stored"] == pytest.approx(
        1_000 * price * (min_days - days) / DAYS_PER_MONTH)


def test_glacier_flexible_deleted_after_30_days_worked() -> None:
    # rule: S3-MIN-DURATION
    # 1,000 GB in Glacier Flexible (us-east-1 $0.0036/GB-month) deleted after 30 of its 90
    # minimum days: 30 days stored ($3.55) + 60 days early-delete charge ($7.10) = 90 days
    # = 1,000 x $0.0036 x 90 / 30.4167 = $10.65 (a month = 730 h = 30.4167 days).
    res = cost(storage_class="glacier_flexible", storage_gb=1_000, days_stored=30)
    assert round(line(res, "storage")["usd_for_days_stored"], 2) == 3.55
    assert round(line(res, "minimum_duration_charge")["usd_for_days_stored"], 2) == 7.10
    assert round(res.usd_for_days_stored, 2) == 10.65


@pytest.mark.parametrize(("days", "charged"), [
    (90, False),  # exactly the minimum: no charge
    (89, True),  # one day short: one day charged
    (365, False),
])
def test_minimum_duration_edges(days: float, charged: bool) -> None:
    # rule: S3-MIN-DURATION
    res = cost(storage_class="glacier_ir", storage_gb=100, days_stored=days)
    has = "minimum_duration_charge" in set(res.breakdown["component"])
    assert has is charged
    if charged:
        assert line(res, "minimum_duration_charge")["quantity"] == 90 - days


def test_no_minimum_for_standard() -> None:
    # rule: S3-MIN-DURATION (Standard has none: notes L2785-2824)
    res = cost(storage_class="standard", storage_gb=100, days_stored=1)
    assert "minimum_duration_charge" not in set(res.breakdown["component"])
    assert res.usd_for_days_stored == pytest.approx(100 * 0.023 / DAYS_PER_MONTH)


# -- 128 KB minimum and archive overhead ----------------------------------------------------
@pytest.mark.parametrize(("avg_kb", "billed_gb"), [
    (64, 1_000_000 * 128 / 1_048_576),  # under 128 KB: billed as 128 KB each
    (128, 1_000_000 * 128 / 1_048_576),  # exactly 128 KB: as stored
    (256, 1_000_000 * 256 / 1_048_576),  # above: as stored
])
def test_128_kb_minimum_object_size(avg_kb: float, billed_gb: float) -> None:
    # rule: S3-MIN-DURATION (RULES.md AWS today: IA classes bill at least 128 KB per object)
    stored = 1_000_000 * avg_kb / 1_048_576
    res = cost(storage_class="standard_ia", storage_gb=stored, objects=1_000_000)
    assert line(res, "storage")["quantity"] == pytest.approx(billed_gb)
    assert res.usd_per_month == pytest.approx(billed_gb * 0.0125)


def test_archive_overhead_per_object() -> None:
    # rule: S3-MIN-DURATION (AWS S3 pricing page: each archived object adds 32 KB at the
    # Glacier rate and 8 KB at the Standard rate; limits s3.archive_overhead_kb.*)
    res = cost(storage_class="glacier_flexible", storage_gb=0, objects=1_048_576)
    assert line(res, "storage_overhead_archive_rate")["quantity"] == pytest.approx(32)
    assert line(res, "storage_overhead_standard_rate")["quantity"] == pytest.approx(8)
    assert res.usd_per_month == pytest.approx(32 * 0.0036 + 8 * 0.023)


# -- Intelligent-Tiering -----------------------------------------------------------------
def test_intelligent_tiering_monitoring_fee_and_tiers() -> None:
    # rule: S3-INTELLIGENT (RULES.md AWS today: $0.0025 per 1,000 monitored objects; no
    # retrieval charge). 1,000,000 objects of 1 MB: fee $2.50. 50% Frequent ($0.023),
    # 30% Infrequent ($0.0125), 20% Archive Instant ($0.004) of 1,000 GB.
    res = cost(storage_class="intelligent_tiering", storage_gb=1_000, objects=1_000_000,
               it_infrequent_pct=30, it_archive_instant_pct=20, retrieval_gb=500)
    assert line(res, "monitoring_automation")["usd_per_month"] == pytest.approx(2.50)
    assert line(res, "retrieval")["usd_per_month"] == 0.0
    assert res.usd_per_month == pytest.approx(500 * 0.023 + 300 * 0.0125 + 200 * 0.004 + 2.50)


def test_intelligent_tiering_small_objects_are_not_monitored() -> None:
    # rule: S3-INTELLIGENT (objects under 128 KB: no fee, stay in Frequent Access)
    res = cost(storage_class="intelligent_tiering", storage_gb=100, objects=1_000_000,
               it_archive_instant_pct=50)
    assert line(res, "monitoring_automation")["usd_per_month"] == 0.0
    assert line(res, "storage_frequent_access")["quantity"] == 100
    assert any("not monitored" in n for n in res.notes)


# -- missing prices -------------------------------------------------------------------------
def test_deep_archive_storage_in_us_east_1_is_missing_not_guessed() -> None:
    # rule: S3-CLASSES. SOURCES.md: DEEP_ARCHIVE storage has no us-east-1 row.
    res = cost(storage_class="deep_archive", storage_gb=1_000)
    storage = line(res, "storage")
    assert not storage["price_available"] and storage["usd_per_month"] is None
    assert "DEEP_ARCHIVE storage in us-east-1" in storage["note"]
    # the total is unknown, never $0.00; the priced lines are summed under their own name
    assert not res.complete and res.usd_per_month is None and res.priced_usd_per_month == 0.0
    assert res.missing == [storage["note"]]


def test_deep_archive_put_and_restore_requests_are_missing_everywhere() -> None:
    # rule: S3-RETRIEVAL. SOURCES.md gaps: Deep Archive PUT and restore-request prices.
    res = cost(storage_class="deep_archive", storage_gb=1_000, put_requests=1_000,
               retrieval_requests=1_000, retrieval_gb=10, region="eu-west-1")
    assert line(res, "storage")["usd_per_month"] == pytest.approx(0.99)  # $0.00099/GB
    assert not line(res, "requests_put")["price_available"]
    assert not line(res, "retrieval_requests_standard")["price_available"]
    assert line(res, "retrieval_standard")["usd_per_month"] == pytest.approx(0.2)
    assert not res.complete and len(res.missing) == 2
    assert res.usd_per_month is None
    assert res.priced_usd_per_month == pytest.approx(0.99 + 0.2)


def test_data_transfer_out_tiers_and_missing_region() -> None:
    # SOURCES.md data_transfer_out_internet.csv (2024-08-09): us-east-1 first 10 TB $0.09,
    # next 40 TB $0.085. 20 TB = 20,480 GB: 10,240 x $0.09 + 10,240 x $0.085 = $1,792.
    res = cost(storage_class="standard", storage_gb=0, transfer_out_gb=20_480)
    out = line(res, "data_transfer_out_internet")
    assert out["usd_per_month"] == pytest.approx(1_792.0) and out["as_of"] == "2024-08-09"
    # mx-central-1 is not in the 2024-08 extract: say so
    res = cost(storage_class="standard", storage_gb=0, transfer_out_gb=1, region="mx-central-1")
    assert not line(res, "data_transfer_out_internet")["price_available"]
    assert not res.complete


def test_express_one_zone_missing_outside_its_regions() -> None:
    res = cost(storage_class="express_onezone", storage_gb=10, region="sa-east-1")
    assert not res.complete and "EXPRESS_ONEZONE storage in sa-east-1" in res.missing[0]


# -- bad input ------------------------------------------------------------------------------
def test_unknown_class_lists_the_valid_ids() -> None:
    # rule: S3-CLASSES
    with pytest.raises(ValidationError) as e:
        S3CostInput(storage_class="glacier", storage_gb=1)
    msg = first_error(e.value)
    assert msg.startswith("storage_class='glacier'") and "[S3-CLASSES]" in msg
    for cid in CLASS_IDS:
        assert cid in msg


@pytest.mark.parametrize(("kw", "field"), [
    ({"storage_class": "standard", "storage_gb": -1}, "storage_gb"),
    ({"storage_class": "standard", "storage_gb": 1, "put_requests": -5}, "put_requests"),
    ({"storage_class": "deep_archive", "storage_gb": 1, "retrieval_tier": "expedited"},
     "retrieval_tier"),  # rule: S3-RETRIEVAL (Deep Archive: standard or bulk)
    ({"storage_class": "standard", "storage_gb": 1, "retrieval_tier": "bulk"},
     "retrieval_tier"),
    ({"storage_class": "standard", "storage_gb": 1, "it_infrequent_pct": 10},
     "it_infrequent_pct"),
    ({"storage_class": "intelligent_tiering", "storage_gb": 1, "objects": 1,
      "it_infrequent_pct": 60, "it_archive_instant_pct": 50}, "it_infrequent_pct"),
    ({"storage_class": "intelligent_tiering", "storage_gb": 1}, "objects"),
    ({"storage_class": "standard", "storage_gb": 1, "days_stored": 0}, "days_stored"),
])
def test_bad_input_names_the_field(kw: dict, field: str) -> None:
    with pytest.raises(ValidationError) as e:
        S3CostInput(**kw)
    assert first_error(e.value).startswith(f"{field}=")


# -- class figures ------------------------------------------------------------------------
def test_durability_example_of_the_notes() -> None:
    # rule: S3-DURABILITY (notes L2787-2788: 99.999999999%; 10,000,000 objects lose one
    # object once every 10,000 years)
    info = class_info("standard", CAT.limits)
    lost = f.expected_objects_lost_per_year(objects=10_000_000, durability_pct=info.durability_pct)
    assert 1 / lost == pytest.approx(10_000, rel=1e-4)
    table = class_table(CAT.limits)
    assert (table["durability_pct"] == info.durability_pct).all()  # the same for every class


def test_availability_downtime_of_the_notes() -> None:
    # rule: S3-AVAILABILITY (notes L2791: Standard 99.99%, about 53 minutes a year down;
    # L2800 Standard-IA 99.9%, L2803 One Zone-IA 99.5%)
    lim = CAT.limits
    down = f.downtime_minutes_per_year(availability_pct=class_info("standard", lim)
                                       .availability_pct)
    assert round(down) == 53
    assert class_info("standard_ia", lim).availability_pct == 99.9
    assert class_info("onezone_ia", lim).availability_pct == 99.5


def test_time_to_first_byte_per_class() -> None:
    # rule: S3-RETRIEVAL (notes L2808-2813), S3-PERFORMANCE (100-200 ms, L2856)
    lim = CAT.limits
    assert class_info("glacier_flexible", lim).first_byte == (
        "restore: expedited 1-5 min, standard 3-5 h, bulk 5-12 h")
    assert class_info("deep_archive", lim).first_byte == "restore: standard <= 12 h, bulk <= 48 h"
    assert class_info("standard", lim).first_byte == "100-200 ms"
    assert class_info("glacier_flexible", lim).first_byte_max_s == 5 * 60


# -- properties ---------------------------------------------------------------------------


@settings(max_examples=60)
@given(storage_class=st.sampled_from(CLASS_IDS),
       region=st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]),
       storage_gb=st.floats(0, 1e6), objects=st.floats(1, 1e9),
       puts=st.floats(0, 1e8), gets=st.floats(0, 1e8), retrieval=st.floats(0, 1e5),
       days=st.one_of(st.none(), st.floats(1, 400)))
def test_costs_are_never_negative(storage_class: str, region: str, storage_gb: float,
                                  objects: float, puts: float, gets: float, retrieval: float,
                                  days: float | None) -> None:
    res = cost(storage_class=storage_class, region=region, storage_gb=storage_gb,
               objects=objects, put_requests=puts, get_requests=gets, retrieval_gb=retrieval,
               days_stored=days)
    # unknown exactly when a needed price is missing; never negative when known
    assert (res.usd_per_month is None) == (not res.complete)
    assert res.usd_per_month is None or res.usd_per_month >= 0
    assert res.priced_usd_per_month >= 0
    assert (res.breakdown["usd_per_month"].dropna().astype(float) >= 0).all()
    if days is not None and res.complete:
        assert res.usd_for_days_stored is not None and res.usd_for_days_stored >= 0
