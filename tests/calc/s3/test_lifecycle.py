"""S3 lifecycle simulation: GB conservation, transition and early-delete fees, scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.errors import InputError, first_error
from calc.s3 import api
from calc.s3.cli import rules_from_file, rules_from_text
from calc.s3.lifecycle import month_of_day, simulate_cohorts
from calc.s3.models import LifecycleRule, S3LifecycleInput
from calc.units import DAYS_PER_MONTH
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does
EXAMPLE = [("standard_ia", 30), ("glacier_flexible", 90), ("deep_archive", 180)]


def make(rules=EXAMPLE, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("monthly_ingest_gb", 1_000)
    kw.setdefault("months", 24)
    kw.setdefault("expire_days", 365)
    return S3LifecycleInput(rules=tuple(LifecycleRule(storage_class=c, days=d)
                                        for c, d in rules), **kw)


def lifecycle(inp: S3LifecycleInput) -> api.S3LifecycleResult:
    return api.lifecycle(inp, catalog=CAT)


def price(region: str, klass: str, component: str) -> float:
    return CAT.s3_price(region, klass, component).flat_usd_per_unit


# -- the day/month grid ---------------------------------------------------------------------
def test_twelve_aws_months_are_365_days() -> None:
    # units: a month is 730 h (8,760 h / 12), so 12 months hold exactly 365 days
    mod = month_of_day(12)
    assert len(mod) == 365 and mod[-1] == 11
    assert set(np.bincount(mod)) == {30, 31}


# -- conservation ---------------------------------------------------------------------------
def test_example_rules_conserve_gb_and_reach_steady_state() -> None:
    # rule: S3-LIFECYCLE. Standard -> Standard-IA at 30 d -> Glacier Flexible at 90 d ->
    # Deep Archive at 180 d -> expire at 365 d (the example), 1,000 GB a month.
    res = lifecycle(make(region="eu-west-1"))
    g = res.gb_by_class
    classes = ["standard_gb", "standard_ia_gb", "glacier_flexible_gb", "deep_archive_gb"]
    assert np.allclose(g[classes].sum(axis=1), g["total_gb"])
    prev = np.concatenate(([0.0], g["total_gb"].to_numpy()[:-1]))
    assert np.allclose(g["total_gb"], prev + g["ingest_gb"] - g["expired_gb"])
    # 365 days = 12 AWS months: once data expires, a year of ingest stays stored
    assert np.allclose(g["total_gb"].iloc[12:], 12_000)
    assert g["expired_gb"].iloc[:12].sum() == 0
    # each class holds its share of the 365 days: Deep Archive 185 days of ingest
    assert g["deep_archive_gb"].iloc[12:].mean() == pytest.approx(
        12_000 * 185 / 365, rel=0.01)


def test_transition_fees_per_1000_objects_in_a_steady_year() -> None:
    # rule: S3-LIFECYCLE (transition requests billed per 1,000; notes L2830)
    # Year 2 moves 12,000 GB through each transition; 1 MB objects = 1,024 objects per GB
    # = 12,288,000 requests into each class. eu-west-1 prices from the snapshot.
    res = lifecycle(make(region="eu-west-1"))
    m = res.monthly[res.monthly["scenario"] == "lifecycle"]
    year2 = m[m["month"] > 12]["transition_usd"].sum()
    per_1000 = sum(price("eu-west-1", k, "lifecycle_transition_into")
                   for k in ("STANDARD_IA", "GLACIER", "DEEP_ARCHIVE"))
    assert year2 == pytest.approx(12_288_000 / 1_000 * per_1000)


def test_early_delete_when_a_rule_leaves_a_class_too_soon() -> None:
    # rule: S3-MIN-DURATION. Standard-IA at 30 d, Glacier Flexible at 45 d: each GB leaves
    # Standard-IA after 15 of its 30 minimum days -> 15 days of IA storage charged again.
    # Year 2: 12,000 GB x $0.0125 x 15 / 30.4167.
    res = lifecycle(make(rules=[("standard_ia", 30), ("glacier_flexible", 45)],
                                  region="us-east-1"))
    m = res.monthly[res.monthly["scenario"] == "lifecycle"]
    year2 = m[m["month"] > 12]["early_delete_usd"].sum()
    assert year2 == pytest.approx(12_000 * 0.0125 * 15 / DAYS_PER_MONTH)
    # Glacier Flexible expires at 365 d, 320 days after it arrived: no charge for it
    ok = lifecycle(make(rules=[("standard_ia", 30), ("glacier_flexible", 90)]))
    assert ok.monthly["early_delete_usd"].sum() == 0


def test_expiry_before_the_glacier_minimum_is_charged() -> None:
    # rule: S3-MIN-DURATION (AWS S3 User Guide "Expiring objects": GLACIER objects expired
    # before 90 days are charged 90 days). Glacier Flexible at 0 d, expire at 60 d: 30 days.
    res = lifecycle(make(rules=[("glacier_flexible", 0)], expire_days=60))
    m = res.monthly[res.monthly["scenario"] == "lifecycle"]
    year2 = m[m["month"] > 12]["early_delete_usd"].sum()
    gb_factor = 1 + 32 / 1024  # 32 KB archive-rate overhead on 1,024 KB objects
    assert year2 == pytest.approx(12_000 * gb_factor * 0.0036 * 30 / DAYS_PER_MONTH)


# -- scenarios ------------------------------------------------------------------------------
def test_no_lifecycle_keeps_everything_in_standard() -> None:
    res = lifecycle(make(months=12))
    m = res.monthly[res.monthly["scenario"] == "no_lifecycle"]
    assert m["gb_stored"].iloc[-1] == pytest.approx(12_000)
    assert (m["transition_usd"] == 0).all() and (m["early_delete_usd"] == 0).all()
    # month 1 holds on average half a month of ingest, in Standard at $0.023
    days = np.bincount(month_of_day(1))[0]
    avg_gb = sum(1_000 / days * (d + 1) for d in range(days)) / days
    assert m["storage_usd"].iloc[0] == pytest.approx(avg_gb * 0.023)


def test_intelligent_tiering_scenario_moves_by_days_without_access() -> None:
    # rule: S3-INTELLIGENT (IA after 30 days, Archive Instant after 90; monitoring fee per
    # 1,000 objects). Steady state of year 2 in us-east-1, 1 MB objects, expire at 365 d.
    res = lifecycle(make())
    m = res.monthly[res.monthly["scenario"] == "intelligent_tiering"]
    year2 = m[m["month"] > 12]
    # 12,000 GB stored all year = 12,288,000 objects monitored each month
    assert year2["monitoring_usd"].mean() == pytest.approx(12_288_000 / 1_000 * 0.0025)
    # storage: 30 days FA, 60 days IA, 275 days AIA of a 365-day stock
    storage = 12_000 * (30 * 0.023 + 60 * 0.0125 + 275 * 0.004) / 365
    assert year2["storage_usd"].mean() == pytest.approx(storage, rel=0.01)
    assert (m["transition_usd"] == 0).all()


def test_intelligent_tiering_small_objects_stay_frequent() -> None:
    # rule: S3-INTELLIGENT (objects under 128 KB: not monitored, stay in Frequent Access)
    res = lifecycle(make(avg_object_kb=64, months=12))
    m = res.monthly[res.monthly["scenario"] == "intelligent_tiering"]
    assert (m["monitoring_usd"] == 0).all()
    assert m["storage_usd"].iloc[-1] == pytest.approx(
        res.monthly[res.monthly["scenario"] == "no_lifecycle"]["storage_usd"].iloc[-1])


def test_deep_archive_in_us_east_1_is_reported_missing() -> None:
    # SOURCES.md: no DEEP_ARCHIVE storage price for us-east-1
    res = lifecycle(make())
    s = res.summary.set_index("scenario")
    assert not s.loc["lifecycle", "complete"]
    assert "DEEP_ARCHIVE storage in us-east-1" in s.loc["lifecycle", "missing"]
    assert s.loc["no_lifecycle", "complete"] and s.loc["intelligent_tiering", "complete"]
    life = res.monthly[res.monthly["scenario"] == "lifecycle"]
    assert not life["complete"].iloc[-1] and np.isnan(life["storage_usd"].iloc[-1])
    # Until objects reach Deep Archive (day 180, month 6) the missing price is not needed;
    # from then on the month's total and the running total are unknown, never a partial sum.
    assert life["complete"].iloc[:5].all() and np.isfinite(life["total_usd"].iloc[:5]).all()
    assert np.isnan(life["total_usd"].iloc[5:]).all()
    assert np.isnan(life["cumulative_usd"].iloc[-1]) and np.isnan(s.loc["lifecycle", "total_usd"])


def test_gui_frames() -> None:
    res = lifecycle(make(region="eu-west-1", months=6))
    assert list(res.cumulative.columns) == [
        "month", "lifecycle_cumulative_usd", "no_lifecycle_cumulative_usd",
        "intelligent_tiering_cumulative_usd"]
    assert list(res.gb_by_class["month"]) == [1, 2, 3, 4, 5, 6]
    assert {"standard_gb", "standard_ia_gb", "total_gb"} <= set(res.gb_by_class.columns)
    assert len(res.monthly) == 3 * 6


def test_initial_gb_and_growth() -> None:
    res = lifecycle(make(rules=[], expire_days=None, initial_gb=5_000,
                                  monthly_growth_pct=10, months=3))
    g = res.gb_by_class
    assert g["total_gb"].iloc[-1] == pytest.approx(5_000 + 1_000 + 1_100 + 1_210)


# -- bad rules ------------------------------------------------------------------------------
@pytest.mark.parametrize(("rules", "expire", "match"), [
    # rule: S3-LIFECYCLE - a transition to a warmer class
    ([("glacier_flexible", 30), ("standard_ia", 90)], None, "out of order"),
    ([("standard_ia", 30), ("standard_ia", 60)], None, "out of order"),
    ([("standard_ia", 30), ("glacier_ir", 30)], None, "two transitions at 30 days"),
    ([("standard_ia", 29)], None, "at least 30 days old"),  # AWS rejects IA before 30 d
    ([("onezone_ia", 29)], None, "at least 30 days old"),
    ([("glacier_flexible", 90)], 90, "after the last transition"),
])
def test_bad_rules_are_rejected_with_the_reason(rules: list, expire: int | None,
                                                match: str) -> None:
    with pytest.raises(InputError, match=match) as e:
        lifecycle(make(rules=rules, expire_days=expire))
    assert e.value.rule_id == "S3-LIFECYCLE"


def test_rules_at_the_limits_are_accepted() -> None:
    # exactly 30 days to Standard-IA, Glacier at day 0 after Standard is allowed
    lifecycle(make(rules=[("standard_ia", 30)], months=2))
    lifecycle(make(rules=[("glacier_flexible", 0)], months=2))


def test_rules_are_sorted_by_age() -> None:
    res = lifecycle(make(rules=[("glacier_flexible", 90), ("standard_ia", 30)],
                                  months=2))
    assert [r.storage_class for r in res.rules] == ["standard_ia", "glacier_flexible"]


@pytest.mark.parametrize(("kw", "field"), [
    ({"rules": (LifecycleRule(storage_class="standard_ia", days=30),), "start_class": "nope"},
     "start_class"),
    ({"start_class": "express_onezone"}, "start_class"),
    ({"monthly_ingest_gb": -1}, "monthly_ingest_gb"),
    ({"months": 0}, "months"),
])
def test_bad_inputs(kw: dict, field: str) -> None:
    base = {"monthly_ingest_gb": 1}
    with pytest.raises(ValidationError) as e:
        S3LifecycleInput(**(base | kw))
    assert first_error(e.value).startswith(f"{field}=")


def test_unknown_rule_class_lists_ids() -> None:
    with pytest.raises(ValidationError) as e:
        LifecycleRule(storage_class="glacier", days=90)
    assert "glacier_flexible" in first_error(e.value) and "S3-CLASSES" in first_error(e.value)


@pytest.mark.parametrize(("days", "ok"), [(90, True), (89, False), (730, True), (731, False)])
def test_intelligent_tiering_archive_days_range(days: int, ok: bool) -> None:
    # rule: S3-INTELLIGENT (Archive Access configurable 90 to 730 days, AWS API docs)
    inp = make(it_archive_access_days=days, months=2)
    if ok:
        lifecycle(inp)
    else:
        with pytest.raises(InputError, match="between 90 and 730"):
            lifecycle(inp)


def test_rules_from_text_and_file(tmp_path: Path) -> None:
    assert rules_from_text(["standard_ia:30"]) == [{"storage_class": "standard_ia", "days": 30}]
    with pytest.raises(InputError, match="CLASS:DAYS"):
        rules_from_text(["standard_ia"])
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": [{"storage_class": "glacier_ir", "days": 60}],
                                "expire_days": 400}))
    assert rules_from_file(path)["expire_days"] == 400
    path.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        rules_from_file(path)


# -- properties ---------------------------------------------------------------------------
COLD = ["standard_ia", "intelligent_tiering", "onezone_ia", "glacier_ir", "glacier_flexible",
        "deep_archive"]


@st.composite
def rule_sets(draw):  # type: ignore[no-untyped-def]
    classes = sorted(draw(st.sets(st.sampled_from(COLD), max_size=4)), key=COLD.index)
    days = sorted(draw(st.sets(st.integers(30, 800), min_size=len(classes),
                               max_size=len(classes))))
    expire = draw(st.one_of(st.none(), st.integers(1, 400)))
    if expire is not None and days and expire <= days[-1]:
        expire = days[-1] + expire
    return list(zip(classes, days, strict=True)), expire


@settings(max_examples=40)
@given(rule_sets(), st.floats(0, 1e5), st.floats(0, 5), st.floats(0, 1e5),
       st.integers(1, 40), st.floats(16, 1e5))
def test_gb_conserved_and_costs_never_negative(rules_expire, ingest: float, growth: float,
                                               initial: float, months: int,
                                               object_kb: float) -> None:
    # rule: S3-LIFECYCLE - GB are conserved month to month; costs never negative
    rules, expire = rules_expire
    res = lifecycle(make(rules=rules, expire_days=expire, monthly_ingest_gb=ingest,
                                  monthly_growth_pct=growth, initial_gb=initial,
                                  months=months, avg_object_kb=object_kb, region="eu-west-1"))
    g = res.gb_by_class
    prev = np.concatenate(([0.0], g["total_gb"].to_numpy()[:-1]))
    scale = max(1.0, float(g["ingest_gb"].sum()))
    assert np.allclose(g["total_gb"], prev + g["ingest_gb"] - g["expired_gb"],
                       atol=1e-9 * scale)
    class_cols = [c for c in g.columns if c.endswith("_gb") and c not in
                  ("total_gb", "ingest_gb", "expired_gb")]
    assert np.allclose(g[class_cols].sum(axis=1), g["total_gb"], atol=1e-9 * scale)
    assert (g[class_cols] >= 0).all().all()
    parts = ["storage_usd", "put_requests_usd", "transition_usd", "early_delete_usd",
             "monitoring_usd", "total_usd"]
    m = res.monthly
    assert (m[parts].fillna(0) >= -1e-9).all().all()
    for _, s in m.groupby("scenario"):
        assert (np.diff(s["cumulative_usd"]) >= -1e-9).all()


@settings(max_examples=40)
@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=30), st.floats(0, 1e4),
       st.lists(st.integers(1, 500), max_size=4, unique=True), st.one_of(st.none(),
                                                                         st.integers(1, 900)))
def test_cohorts_conserve_gb(ingest: list[float], initial: float, starts: list[int],
                             expire: int | None) -> None:
    bounds = [0, *sorted(starts)]
    if expire is not None and expire <= bounds[-1]:
        expire = bounds[-1] + expire
    flows = simulate_cohorts(ingest_gb_per_month=np.array(ingest), initial_gb=initial,
                             segment_start_days=bounds, expire_days=expire)
    total = flows.end_gb.sum(axis=0)
    assert np.allclose(np.diff(total, prepend=0.0), flows.ingest_gb - flows.expired_gb,
                       atol=1e-7 * (1 + sum(ingest) + initial))
    assert flows.ingest_gb.sum() == pytest.approx(sum(ingest) + initial)
    assert (flows.avg_gb >= 0).all()


@pytest.mark.parametrize(("avg_kb", "override", "moves"), [
    (64, False, False),    # under 128 KB: S3 leaves the objects where they are (default)
    (127.9, False, False),  # just under the limit
    (128, False, True),    # exactly at the limit: transitioned
    (64, True, True),      # an object-size filter lets small objects move
])
def test_small_objects_are_not_transitioned_by_default(avg_kb: float, override: bool,
                                                       moves: bool) -> None:
    # rule: S3-LIFECYCLE. AWS S3 User Guide, transitioning objects: since September 2024
    # lifecycle rules do not transition objects smaller than 128 KB by default.
    res = lifecycle(make(avg_object_kb=avg_kb, months=4,
                                  transition_small_objects=override))
    assert ("standard_ia_gb" in res.gb_by_class and
            res.gb_by_class["standard_ia_gb"].iloc[-1] > 0) == moves
    if not moves:
        s = res.summary.set_index("scenario")
        assert s.loc["lifecycle", "total_usd"] == pytest.approx(s.loc["no_lifecycle", "total_usd"])
