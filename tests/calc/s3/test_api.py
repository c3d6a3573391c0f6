"""calc.s3.api: the catalog comes in (required, never the active one), results carry their
prices and verdicts, report() is what the CLI prints."""

from __future__ import annotations

import pytest

import calc.pricing.snapshots as snapshots_module
from calc.pricing import Catalog
from calc.report import Output, PriceUsed
from calc.s3 import api
from tests.support.catalogs import bundled_catalog
from tests.support.scaled import scaled_catalog

BUNDLED = bundled_catalog()  # the bundled snapshot, handed in as every caller does
COST = api.S3CostInput(storage_class="standard", storage_gb=102_400)
CHOOSE = api.S3ChooseInput(storage_gb=10_240, avg_object_kb=1_024, get_requests=10_000,
                           retrieval_gb=100, max_wait_hours=12, region="eu-west-1")
LIFECYCLE = api.S3LifecycleInput(
    monthly_ingest_gb=1_000, months=24, expire_days=730, region="eu-west-1",
    rules=(api.LifecycleRule(storage_class="standard_ia", days=30),
           api.LifecycleRule(storage_class="glacier_flexible", days=90)))


@pytest.fixture(scope="module")
def x10(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


@pytest.fixture
def no_active_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything asks for the global catalog."""
    def refuse() -> Catalog:
        raise AssertionError("active_catalog() called: the catalog must be handed in")
    monkeypatch.setattr(snapshots_module, "active_catalog", refuse)


@pytest.mark.parametrize("call", [
    lambda: api.cost(COST),  # type: ignore[call-arg]
    lambda: api.choose(CHOOSE),  # type: ignore[call-arg]
    lambda: api.lifecycle(LIFECYCLE),  # type: ignore[call-arg]
    lambda: api.prefixes(api.S3PrefixInput()),  # type: ignore[call-arg]
])
def test_catalog_is_a_required_keyword(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="catalog"):
        call()


@pytest.mark.usefixtures("no_active_catalog")
def test_every_entry_point_computes_on_the_catalog_handed_in(x10: Catalog) -> None:
    # rule: S3-CLASSES - every price x10 gives every charge x10 (nothing read elsewhere)
    base, big = api.cost(COST, catalog=BUNDLED), api.cost(COST, catalog=x10)
    assert big.usd_per_month == pytest.approx(10 * base.usd_per_month)
    lb, lx = api.lifecycle(LIFECYCLE, catalog=BUNDLED), api.lifecycle(LIFECYCLE, catalog=x10)
    assert list(lx.summary["total_usd"]) == pytest.approx(list(10 * lb.summary["total_usd"]))
    assert lx.cheapest == lb.cheapest
    cb, cx = api.choose(CHOOSE, catalog=BUNDLED), api.choose(CHOOSE, catalog=x10)
    assert cx.winner == cb.winner
    assert list(cx.ranking["usd_per_month"].dropna()) == pytest.approx(
        list(10 * cb.ranking["usd_per_month"].dropna()))
    assert api.prefixes(api.S3PrefixInput(put_per_second=7_000), catalog=x10).prefixes_needed == 2


def test_prices_used_are_the_catalogs_own(x10: Catalog) -> None:
    base, big = api.cost(COST, catalog=BUNDLED), api.cost(COST, catalog=x10)
    assert [p.what for p in base.prices_used] == ["S3 Standard storage",
                                                  "S3 Standard storage from 51,200 GB",
                                                  "S3 Standard storage from 512,000 GB"]
    assert all(isinstance(p, PriceUsed) and "_" not in p.what for p in base.prices_used)
    as_of = BUNDLED.table_as_of("s3_prices")
    assert {p.as_of for p in base.prices_used} == {as_of}
    assert [p.usd_per_unit for p in big.prices_used] == pytest.approx(
        [10 * p.usd_per_unit for p in base.prices_used if p.usd_per_unit is not None])


def test_lifecycle_prices_and_verdict() -> None:
    # rule: S3-LIFECYCLE, S3-INTELLIGENT - the result names the prices of every scenario
    res = api.lifecycle(LIFECYCLE, catalog=BUNDLED)
    names = [p.what for p in res.prices_used]
    assert "S3 Standard-IA lifecycle transitions into the class" in names
    assert "S3 Intelligent-Tiering monitoring and automation" in names
    assert len(names) == len(set(res.prices_used))
    known = res.summary[res.summary["complete"]]
    assert res.cheapest == known.loc[known["total_usd"].idxmin(), "scenario"]
    assert res.cheapest_label == ("cheapest" if res.cheapest_of_all
                                  else "cheapest of the known")
    assert set(api.SCENARIO_LABELS) == set(api.SCENARIOS)


def test_lifecycle_with_a_missing_price_is_cheapest_of_the_known() -> None:
    # the bundled snapshot has no Deep Archive storage price in us-east-1 (SOURCES.md)
    inp = api.S3LifecycleInput(monthly_ingest_gb=100, months=12, rules=(
        api.LifecycleRule(storage_class="deep_archive", days=180),))
    res = api.lifecycle(inp, catalog=BUNDLED)
    assert not res.cheapest_of_all and res.cheapest_label == "cheapest of the known"
    assert res.cheapest in ("no_lifecycle", "intelligent_tiering")


def test_report_is_what_the_cli_prints() -> None:
    out = api.report(api.cost(COST, catalog=BUNDLED))
    assert isinstance(out, Output) and out.notes[0] == "S3 Standard in us-east-1: $2,304.00 a month"
    life = api.report(api.lifecycle(LIFECYCLE, catalog=BUNDLED))
    assert life.csv_context["region"] == "eu-west-1"
    assert api.report(api.choose(CHOOSE, catalog=BUNDLED)).notes[0].startswith("cheapest: ")
    assert api.report(api.prefixes(api.S3PrefixInput(put_per_second=7_000),
                                   catalog=BUNDLED)).notes[0].startswith("prefixes needed: 2")
