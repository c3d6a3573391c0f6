"""calc.ebs.api: every entry point computes on the catalog it is handed; results carry the
prices they used and their verdicts; ``report`` is what the CLI prints.

Formula-level checks price with AWS's published us-east-1 prices (``published.py``); checks that
hold only for the bundled snapshot's dated prices live in ``test_snapshot_prices.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.cli import main
from calc.context import validate
from calc.ebs import VOLUME_TYPES, SizingRequirement, VolumeConfig, api, cost_vs_iops_curves
from calc.ebs.api import (
    SizeResult,
    burst_demand_iops,
    iops_curves,
    report,
    size,
    size_charts,
)
from calc.report import Output
from tests.calc.ebs.bundled import CATALOG, make
from tests.calc.ebs.published import US_EAST_1
from tests.support.scaled import scaled_catalog


def size_output(req: SizingRequirement, region: str) -> tuple[Output, SizeResult]:
    """What ``ebs size`` prints for ``req`` in ``region``, and the result it reports."""
    res = size(req, region=region, catalog=CATALOG)
    return report(res), res


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code = main(list(argv) + ["--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


# -- size / size_charts: the ``ebs size`` data the GUI's EBS page draws ---------------------
def _req(**kw: Any) -> SizingRequirement:
    return make(SizingRequirement, **kw)


def test_size_output_is_what_the_cli_prints(capsys: pytest.CaptureFixture[str]) -> None:
    out, res = size_output(_req(size_gib=1000, iops=10000, throughput_mibps=500), "us-east-1")
    d = run_json(capsys, "ebs", "size", "--size-gib", "1000", "--iops", "10000",
                 "--throughput-mibps", "500", "--region", "us-east-1")
    assert res.cheapest == d["cheapest"] == "gp3"
    assert out.table is not None and list(out.table["volume_type"]) == [
        o["volume_type"] for o in d["options"]]
    assert [None if np.isnan(u) else u for u in out.table["usd_per_month"]] == [
        o["usd_per_month"] for o in d["options"]]
    assert out.csv_context == {"region": "us-east-1", "prices_as_of": res.prices.as_of,
                               "limits": "aws_today"}


def test_iops_curves_gp3_pricing_page_example() -> None:
    # rule: EBS-GP3 - AWS EBS pricing page example 1: 2,000 GB, 10,000 IOPS, 500 MB/s at the
    # published us-east-1 prices: 160 + 7,000 x 0.005 + 375 x 0.04 = 210 USD
    prices = US_EAST_1
    c = iops_curves(_req(size_gib=2000, throughput_mibps=500), prices, [10000], catalog=CATALOG)
    assert c.set_index("volume_type").loc["gp3", "usd_per_month"] == pytest.approx(210.0)


REQS = [_req(size_gib=500, iops=1000, throughput_mibps=125, burst_iops=3000, burst_seconds=2700,
             burst_every_hours=6),
        _req(size_gib=500, iops=6000),
        _req(size_gib=100, iops=100, burst_iops=5000, burst_seconds=60),
        _req(size_gib=2000, iops=200, throughput_mibps=300),
        _req(size_gib=100, boot=True, multi_attach=True),
        _req(size_gib=70000, iops=90000)]


@pytest.mark.parametrize("req", REQS)
def test_curves_at_the_required_iops_are_the_size_table(req: SizingRequirement) -> None:
    # the markers on the cost-versus-IOPS chart sit where the table's costs are
    _, res = size_output(req, "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    at = charts.at_required.set_index("volume_type")
    opts = res.options.set_index("volume_type")
    assert list(at.index) == list(VOLUME_TYPES) and (at["required_iops"] == req.iops).all()
    assert np.allclose(at.loc[opts.index, "usd_per_month"], opts["usd_per_month"],
                       equal_nan=True)
    assert (at.loc[opts.index, "feasible"] == opts["feasible"]).all()
    for vt, frame in charts.curves_by_type.items():
        assert frame.equals(charts.curves[charts.curves["volume_type"] == vt])


def test_curves_without_a_burst_are_cost_vs_iops_curves() -> None:
    prices = US_EAST_1
    req = _req(size_gib=800, throughput_mibps=200, attach_instances=2, multi_attach=True)
    grid = np.linspace(0, 40000, 81)
    pd.testing.assert_frame_equal(
        iops_curves(req, prices, grid, catalog=CATALOG),
        cost_vs_iops_curves(iops=grid, size_gib=800, prices=prices, throughput_mibps=200,
                            attach_instances=2, limits=CATALOG.limits))


@settings(max_examples=60)
@given(size=st.integers(1, 70000), thr=st.floats(0, 1200), burst=st.integers(0, 8000),
       basis=st.sampled_from(["aws_today", "notes"]))
def test_curves_never_negative_and_never_fall_as_iops_grow(size: int, thr: float, burst: int,
                                                          basis: str) -> None:
    prices = US_EAST_1
    req = _req(size_gib=size, throughput_mibps=thr, burst_iops=burst or None,
               burst_seconds=600 if burst else None, basis=basis)
    grid = np.linspace(0, 100000, 201)
    for _vt, frame in iops_curves(req, prices, grid, catalog=CATALOG).groupby("volume_type"):
        usd = frame["usd_per_month"].to_numpy()
        ok = frame["feasible"].to_numpy()
        assert np.all(usd[ok] >= 0) and np.all(np.isnan(usd[~ok]))
        assert np.all(np.diff(usd[ok]) >= -1e-9)
        first_bad = int(np.argmin(ok)) if not ok.all() else len(ok)
        assert not ok[first_bad:].any()  # once more IOPS are infeasible, more stay so


def test_burst_demand_worked_example() -> None:
    # 1,000 IOPS with a 90 s burst to 3,000 in 60 s steps: the second step is half burst
    d = burst_demand_iops(iops=1000, burst_iops=3000, burst_seconds=90,
                          burst_every_seconds=np.inf, step_seconds=60, steps=4)
    assert list(d) == [3000, 2000, 1000, 1000]
    # no burst (burst at or below the sustained IOPS): flat
    flat = burst_demand_iops(iops=1000, burst_iops=800, burst_seconds=90,
                             burst_every_seconds=np.inf, step_seconds=60, steps=3)
    assert list(flat) == [1000, 1000, 1000]


@settings(max_examples=80)
@given(iops=st.floats(0, 5000), burst=st.floats(0, 20000), d=st.floats(1, 5000),
       every=st.one_of(st.just(np.inf), st.floats(5001, 50000)), step=st.floats(1, 900),
       steps=st.integers(1, 500))
def test_burst_demand_keeps_the_io_asked_for(iops: float, burst: float, d: float, every: float,
                                             step: float, steps: int) -> None:
    demand = burst_demand_iops(iops=iops, burst_iops=burst, burst_seconds=d,
                               burst_every_seconds=every, step_seconds=step, steps=steps)
    horizon = step * steps
    if np.isfinite(every):
        in_burst = np.floor(horizon / every) * d + min(horizon % every, d)
    else:
        in_burst = min(horizon, d)
    extra = max(burst - iops, 0.0) * in_burst
    assert demand.sum() * step == pytest.approx(iops * horizon + extra, rel=1e-9, abs=1e-6)
    assert np.all(demand >= min(iops, burst) - 1e-9) and np.all(demand <= max(iops, burst) + 1e-9)


def test_gp2_balance_worked_example() -> None:
    # rule: EBS-GP2-BURST - EBS docs gp2 table, 500 GiB: 1,500 IOPS baseline, 5.4M-credit
    # bucket. A 3,000 IOPS burst spends 1,500 credits/s: 2,700 s spend 4.05M -> 25 % left; at
    # 1,000 IOPS it earns 500 credits/s back: full again 8,100 s (2.25 h) after the burst.
    _, res = size_output(REQS[0], "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    assert set(charts.balance) == {"gp2"}  # gp2 keeps the 500 GiB asked for
    bal = charts.balance["gp2"]
    assert bal.size_gib == 500 and bal.sized and bal.baseline_iops == 1500
    assert bal.min_burst_balance_pct == pytest.approx(25.0)
    assert bal.empty_after_h is None and not bal.short_of_demand
    pct = bal.frame.set_index("time_h")["burst_balance_pct"]
    assert pct.loc[0.75] == pytest.approx(25.0) and pct.loc[3.0] == pytest.approx(100.0)
    assert pct.loc[2.9] < 100 and pct.loc[6.75] == pytest.approx(25.0)  # the next burst
    assert charts.step_seconds == 60 and bal.frame["time_h"].iloc[-1] == pytest.approx(24)


def test_gp2_balance_at_the_capacity_asked_runs_out() -> None:
    # rule: EBS-GP2-BURST - EBS docs gp2 table, 500 GiB: 3,600 s at 3,000 IOPS from a full
    # bucket; 6,000 IOPS sustained grows gp2 to 2,000 GiB (6,000 baseline, never bursts).
    _, res = size_output(REQS[1], "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    sized, asked = charts.balance["gp2"], charts.balance["gp2:requested"]
    assert sized.size_gib == 2000 and sized.min_burst_balance_pct == 100
    assert asked.size_gib == 500 and not asked.sized
    assert asked.empty_after_h == pytest.approx(1.0) and asked.short_of_demand


def test_gp2_balance_absent_with_multi_attach() -> None:
    # rule: EBS-MULTI-ATTACH - gp2 cannot be Multi-Attached: no balance line, the reason instead
    _, res = size_output(REQS[4], "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    assert charts.balance == {} and "[EBS-MULTI-ATTACH]" in charts.balance_note
    assert charts.migration is None and "[EBS-MULTI-ATTACH]" in charts.migration_note




# -- the catalog comes in ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def x10(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled snapshot with every price x10 (tests/support/scaled.py)."""
    return scaled_catalog(Path(tmp_path_factory.mktemp("x10")), 10.0)


def test_every_entry_point_prices_with_the_catalog_it_is_handed(x10: Any) -> None:
    # rule: EBS-GP3 - the same inputs on a catalog whose prices are all x10 cost 10x; the
    # limits (read from that catalog's limits.csv) and the verdicts stay
    cfg = make(VolumeConfig, volume_type="gp3", size_gib=2000, iops=10000, throughput_mibps=500)
    one = api.cost(cfg, region="us-east-1", catalog=CATALOG)
    ten = api.cost(cfg, region="us-east-1", catalog=x10)
    assert ten.usd_per_month == pytest.approx(10 * (one.usd_per_month or 0))
    assert [p.usd_per_unit for p in ten.prices_used] == pytest.approx(
        [10 * (p.usd_per_unit or 0) for p in one.prices_used])
    req = REQS[0]
    a = api.size(req, region="us-east-1", catalog=CATALOG, charts=True)
    b = api.size(req, region="us-east-1", catalog=x10, charts=True)
    assert np.allclose(b.options["usd_per_month"], 10 * a.options["usd_per_month"],
                       equal_nan=True)
    assert (a.cheapest, a.infeasible, a.available) == (b.cheapest, b.infeasible, b.available)
    assert a.charts is not None and b.charts is not None
    assert a.charts.migration is not None and b.charts.migration is not None
    assert b.charts.migration.saving_usd_per_month == pytest.approx(
        10 * (a.charts.migration.saving_usd_per_month or 0))
    inp = validate(api.MigrationInput, {"size_gib": 500}, catalog=x10)
    assert api.migrate(inp, region="us-east-1", catalog=x10).gp2_usd_per_month == \
        pytest.approx(10 * (a.charts.migration.gp2_usd_per_month or 0))


def test_models_need_the_catalog_in_their_validation_context() -> None:
    # limits come from the catalog handed to validation, never from a global one
    with pytest.raises(RuntimeError, match="calc.context.validate"):
        VolumeConfig(volume_type="gp3", size_gib=100)
    with pytest.raises(ValidationError, match="EBS-GP3"):
        validate(VolumeConfig, {"volume_type": "gp3", "size_gib": 10, "iops": 20000},
                 catalog=CATALOG)


# -- results carry the facts ------------------------------------------------------------------
def test_size_result_verdicts_and_prices_used() -> None:
    # rules: EBS-GP3, EBS-ST1, EBS-SC1 - the EBS page's default need: gp3 cheapest; st1, sc1 and
    # magnetic cannot serve 3,000 IOPS bursts (at most 500, 250 and about 200 IOPS)
    res = api.size(REQS[0], region="us-east-1", catalog=CATALOG, charts=True)
    assert res.cheapest == "gp3" and res.cheapest_option is not None
    assert res.cheapest_option["volume_type"] == "gp3"
    assert set(res.infeasible) == {"st1", "sc1", "standard"}
    ok = (res.options["feasible"] & res.options["usd_per_month"].notna()).tolist()
    assert res.available == ok
    # one row per price column of the types used (the migration adds gp2 and gp3), labelled
    # once for the CLI and the GUI, in volume-type order, with the catalog's unit and date
    rec = res.prices
    assert [p.what for p in res.prices_used] == [
        "gp2 storage", "gp3 storage", "gp3 IOPS above the included",
        "gp3 throughput above the included", "io1 storage", "io1 provisioned IOPS",
        "io2 storage", "io2 IOPS, tier 1", "io2 IOPS, tier 2", "io2 IOPS, tier 3"]
    gp3 = next(p for p in res.prices_used if p.what == "gp3 storage")
    assert gp3.usd_per_unit == rec.values["gp3_usd_per_gb_month"] and gp3.unit == "GB-month"
    assert gp3.as_of == rec.as_of and gp3.source == rec.source.title
    # without the charts (the CLI) there is no migration: only the types with a priced option
    cli = api.size(REQS[0], region="us-east-1", catalog=CATALOG)
    assert cli.charts is None
    assert {p.what.split()[0] for p in cli.prices_used} == {"gp2", "gp3", "io1", "io2"}


def test_gp2_balance_verdicts_and_labels() -> None:
    # rule: EBS-GP2-BURST - 500 GiB (1,500 IOPS baseline) under a 45-minute 3,000 IOPS burst
    # every 6 h falls to 25 % and refills; at 6,000 sustained IOPS gp2 is sized to 2,000 GiB
    # (6,000 IOPS baseline: never spends credits) while the 500 GiB asked for runs out
    charts = api.size(REQS[0], region="us-east-1", catalog=CATALOG, charts=True).charts
    assert charts is not None
    assert charts.balance["gp2"].verdict == "refills"
    assert charts.balance["gp2"].label == "gp2 500 GiB (as sized)"
    charts = api.size(REQS[1], region="us-east-1", catalog=CATALOG, charts=True).charts
    assert charts is not None
    assert charts.balance["gp2"].verdict == "never_spends"
    asked = charts.balance["gp2:requested"]
    assert asked.verdict == "runs_out" and asked.label == "gp2 500 GiB (at the capacity asked)"
    assert charts.migration_priced


def test_report_is_what_the_cli_prints(capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make(VolumeConfig, volume_type="gp3", size_gib=2000, iops=10000, throughput_mibps=500)
    out = report(api.cost(cfg, region="us-east-1", catalog=CATALOG))
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp3", "--size-gib", "2000", "--iops",
                 "10000", "--throughput-mibps", "500", "--region", "us-east-1")
    assert d["usd_per_month"] == pytest.approx(out.data["usd_per_month"])
    assert d["limits"] == out.data["limits"] == "aws_today"
    q = validate(api.Gp2Query, {"size_gib": 100}, catalog=CATALOG)
    g = report(api.gp2(q, catalog=CATALOG))
    d = run_json(capsys, "ebs", "gp2", "--size-gib", "100")
    assert d == pytest.approx(g.data) and g.data["baseline_iops"] == 300  # EBS-GP2-IOPS
