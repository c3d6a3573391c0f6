"""calc.efs.api: the catalog comes in (required, never the active one), the result carries
its prices and the bursting verdict, report() is what the CLI prints."""

from __future__ import annotations

import pytest

import calc.pricing.snapshots as snapshots_module
from calc.efs import api
from calc.pricing import Catalog
from calc.report import Output
from tests.support.catalogs import bundled_catalog
from tests.support.scaled import scaled_catalog

BUNDLED = bundled_catalog()  # the bundled snapshot, handed in as every caller does
INP = api.EfsCostInput(storage_gb=1_000, ia_percent=80, ia_read_gb=10, required_mibps=50)


@pytest.fixture(scope="module")
def x10(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


def test_catalog_is_a_required_keyword() -> None:
    with pytest.raises(TypeError, match="catalog"):
        api.cost(INP)  # type: ignore[call-arg]


def test_computes_on_the_catalog_handed_in(x10: Catalog, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    # rule: EFS-IA - every price x10 gives every charge x10; the limits are the same
    monkeypatch.setattr(snapshots_module, "active_catalog", lambda: pytest.fail("global"))
    base, big = api.cost(INP, catalog=BUNDLED), api.cost(INP, catalog=x10)
    assert big.usd_per_month == pytest.approx(10 * base.usd_per_month)
    assert big.throughput["baseline_mibps"] == base.throughput["baseline_mibps"]
    assert [p.usd_per_unit for p in big.prices_used] == pytest.approx(
        [10 * p.usd_per_unit for p in base.prices_used if p.usd_per_unit is not None])


def test_prices_used_name_each_charge_with_its_date() -> None:
    res = api.cost(INP, catalog=BUNDLED)
    assert [p.what for p in res.prices_used] == [
        "EFS Standard storage", "EFS Infrequent Access storage", "EFS IA reads"]
    source = BUNDLED.table_sources("efs_prices")[0]
    assert {(p.as_of, p.source) for p in res.prices_used} == {(source.as_of, source.title)}
    zonal = api.cost(api.EfsCostInput(storage_gb=100, one_zone=True), catalog=BUNDLED)
    assert [p.what for p in zonal.prices_used] == ["EFS One Zone storage"]


@pytest.mark.parametrize(("required", "enough"), [(0, True), (39, True), (40, False)])
def test_bursting_verdict(required: float, enough: bool) -> None:
    # rule: EFS-BURST - 800 GB in Standard: 800 / 1,024 TiB x 50 MiB/s = 39.06 MiB/s baseline
    res = api.cost(api.EfsCostInput(storage_gb=1_000, ia_percent=20, required_mibps=required),
                   catalog=BUNDLED)
    assert res.bursting_enough is enough
    assert res.baseline_mibps_per_tib == BUNDLED.limits.value(
        "efs.bursting.baseline_mibps_per_tib")


def test_report_is_what_the_cli_prints() -> None:
    out = api.report(api.cost(INP, catalog=BUNDLED))
    assert isinstance(out, Output) and out.notes[0].startswith("EFS in us-east-1: $")
    assert out.csv_context == {"region": "us-east-1",
                               "prices_as_of": BUNDLED.table_as_of("efs_prices")}
    assert set(api.MODE_LABELS) == set(api.THROUGHPUT_MODES)
