"""calc.transfer.api: the catalog comes in (its limits), the plan carries the Snow verdict
and no prices, report() is what the CLI prints."""

from __future__ import annotations

import pytest

import calc.pricing.snapshots as snapshots_module
from calc.report import Output
from calc.transfer import api
from tests.support.catalogs import bundled_catalog
from tests.support.scaled import scaled_catalog

BUNDLED = bundled_catalog()  # the bundled snapshot, handed in as every caller does
INP = api.TransferInput(data_tb=100, bandwidth_mbps=1_000, utilization=0.8)


def test_catalog_is_a_required_keyword() -> None:
    with pytest.raises(TypeError, match="catalog"):
        api.plan(INP)  # type: ignore[call-arg]


def test_plan_reads_the_limits_of_the_catalog_handed_in(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # rule: SNOW-RULE - prices do not move a plan; only the catalog's limits do
    monkeypatch.setattr(snapshots_module, "active_catalog", lambda: pytest.fail("global"))
    x10 = scaled_catalog(tmp_path_factory.mktemp("x10"), 10)
    base, big = api.plan(INP, catalog=BUNDLED), api.plan(INP, catalog=x10)
    assert big.network_days == base.network_days and big.recommend_snow == base.recommend_snow
    assert base.prices_used == [] and big.prices_used == []


@pytest.mark.parametrize(("data_tb", "snow"), [(100, True), (10, False)])
def test_snow_verdict(data_tb: float, snow: bool) -> None:
    # rule: SNOW-RULE - more than a week over the network: use the Snow Family.
    # 10 TB over 1 Gbps at 80%: 10^13 x 8 / (8 x 10^8) s = 1.16 days; 100 TB: 11.6 days.
    plan = api.plan(api.TransferInput(data_tb=data_tb, bandwidth_mbps=1_000), catalog=BUNDLED)
    assert plan.recommend_snow is snow


def test_report_is_what_the_cli_prints() -> None:
    plan = api.plan(INP, catalog=BUNDLED)
    out = api.report(plan)
    assert isinstance(out, Output) and out.notes == plan.notes
    assert out.table is plan.devices
