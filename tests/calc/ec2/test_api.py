"""calc.ec2.api: every entry point on the catalog it is handed.

On the bundled snapshot (tests.support.catalogs.bundled_catalog) with AWS's published prices as
literals (../shared/aws-prices/SOURCES.md), and on a copy with every price x10
(tests/support/scaled.py): each money figure scales by 10, each ratio (savings, break-even,
discount) stays.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from calc.cli import main as cli_main
from calc.context import validate
from calc.ec2 import api
from calc.ec2.burst import BurstInput
from calc.ec2.models import Ec2Workload
from calc.ec2.options import OPTION_IDS, option_label
from calc.ec2.rates import UserRate
from calc.ec2.search import InstanceSearch
from calc.errors import InputError
from calc.pricing import Catalog
from calc.report import render
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
PLAN = "savings_plan_compute_1yr_no_upfront"
MONEY = ["upfront_usd", "effective_usd_per_hour", "usd_per_month", "total_usd"]
RATIOS = ["savings_vs_on_demand_pct", "break_even_month", "break_even_utilization_pct"]


def workload(catalog: Catalog = CAT, **fields: Any) -> Ec2Workload:
    return validate(Ec2Workload, {"region": "us-east-1", "instance_type": "m5.large",
                                  **fields}, catalog=catalog)


@pytest.fixture(scope="module")
def x10(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    from tests.support.scaled import scaled_catalog

    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


def _cli(*argv: str) -> str:
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli_main(list(argv)) == 0
    return buf.getvalue()


# -- the models read the catalog from the validation context ------------------------------
def test_models_need_the_catalog_handed_in() -> None:
    # issue 12: no global catalog inside a validator; without one it is a programming error
    with pytest.raises(RuntimeError, match="calc.context.validate"):
        Ec2Workload(region="us-east-1", instance_type="m5.large")
    with pytest.raises(RuntimeError, match="calc.context.validate"):
        BurstInput(instance_type="t3.large", cpu_pct_per_vcpu=20)
    with pytest.raises(ValidationError, match="did you mean m5.large"):
        workload(instance_type="m5.lareg")


def test_short_job_billing_comes_from_the_catalog() -> None:
    # rule: EC2-OD-BILLING. A 30 s Linux job is billed 60 s (the first minute): 1,000 runs
    # bill 1,000 x 60 / 3,600 = 16.67 h; RHEL since April 2024 per second too; SUSE per
    # started hour: 1,000 h.
    assert workload(job_seconds=30, runs_per_month=1000).usage_hours_per_month == \
        pytest.approx(1000 * 60 / 3600)
    suse = workload(job_seconds=30, runs_per_month=100, os="suse")
    assert suse.usage_hours_per_month == pytest.approx(100)


# -- ec2 compare ----------------------------------------------------------------------------
def test_compare_output_is_what_the_cli_prints() -> None:
    out, res = api.compare_output(workload(), catalog=CAT)
    assert render(out, "csv") == _cli("ec2", "compare", "--instance-type", "m5.large",
                                      "--region", "us-east-1", "--format", "csv")
    assert out.table is res.options and res.verdict in out.notes


def test_comparison_carries_its_verdicts() -> None:
    # rules: EC2-RI, EC2-SP. The cheapest option is the priced row with the lowest total, and
    # each break-even month is its row's (the figures: test_snapshot_prices.py).
    res = api.compare(workload(), catalog=CAT)
    priced = res.options[res.options["price_available"].astype(bool)].set_index("option")
    assert res.cheapest_option == priced["total_usd"].idxmin()
    assert res.verdict.startswith(f"{option_label(res.cheapest_option)} is cheapest")
    assert res.break_even_month(res.cheapest_option) == \
        priced.loc[res.cheapest_option, "break_even_month"]
    assert res.break_even_month("on_demand") is None  # On-Demand is the yardstick
    assert res.break_even_month("dedicated_host") is None  # no price in the snapshot
    assert [r.option for r in res.rates] == list(OPTION_IDS)


def test_comparison_carries_the_prices_it_used() -> None:
    # Every priced option's rate is a price used, with its own as-of date and source title;
    # an upfront is named beside it; Spot's interruption band is a fact used (the figures and
    # dates of the bundled snapshot: test_snapshot_prices.py).
    res = api.compare(workload(), catalog=CAT)
    used = {p.what: p for p in res.prices_used}
    for r in res.rates:
        if not r.price_available:
            continue
        p = used[option_label(r.option)]
        assert (p.usd_per_unit, p.as_of) == (r.usd_per_hour, r.as_of), r.option
        assert p.source == CAT.source(r.source).title, r.option
        if r.upfront_usd:
            assert p.note.startswith(f"+ ${r.upfront_usd:,.2f} upfront"), r.option
    spot = next(r for r in res.rates if r.option == "spot")
    band = used["Spot interruption frequency (Spot Advisor)"]
    assert band.note == spot.interruption_band and band.usd_per_unit is None
    # options without a price are not prices used
    assert option_label("dedicated_host") not in used
    # the user's rate is named as such (rule EC2-SP: your 28% off 0.096 = 0.06912 USD/h)
    mine = api.compare(workload(user_rates=(UserRate(option=PLAN, discount_pct=28),)),
                       catalog=CAT)
    sp = {p.what: p for p in mine.prices_used}[option_label(PLAN)]
    assert sp.usd_per_unit == pytest.approx(0.06912) and sp.as_of == "your input"


def test_one_label_per_option() -> None:
    # the CLI's verdict and every page use calc.ec2.options.option_label
    labels = [option_label(o) for o in OPTION_IDS]
    assert len(set(labels)) == len(OPTION_IDS)
    assert option_label("on_demand") == api.option_label("on_demand") == "On-Demand"
    assert option_label("reserved_standard_3yr_all_upfront") == \
        "Standard Reserved 3 yr All Upfront"
    # AWS's names (Savings Plans pricing page: "Compute Savings Plans", "EC2 Instance Savings
    # Plans"; payment options "No Upfront", "Partial Upfront", "All Upfront"). Rule EC2-SP.
    assert option_label("savings_plan_compute_1yr_no_upfront") == \
        "Compute Savings Plan 1 yr No Upfront"
    assert option_label("savings_plan_ec2_instance_3yr_partial_upfront") == \
        "EC2 Instance Savings Plan 3 yr Partial Upfront"
    assert option_label("capacity_reservation") == "Capacity Reservation"
    with pytest.raises(InputError, match="did you mean spot"):
        option_label("spott")


# -- ec2 regions ----------------------------------------------------------------------------
def test_regions_output_is_what_the_cli_prints() -> None:
    w = workload(region="eu-west-1")  # the region is ignored
    out = api.regions_output(w, "spot", catalog=CAT)
    assert render(out, "csv") == _cli("ec2", "regions", "--instance-type", "m5.large",
                                      "--option", "spot", "--format", "csv")
    with pytest.raises(InputError, match="did you mean spot"):
        api.regions_output(w, "spott", catalog=CAT)


# -- ec2 burst ------------------------------------------------------------------------------
def test_workload_burst() -> None:
    # rule: EC2-BURST. t3.large earns 36 credits/h and holds at most 864 (User Guide table):
    # at 20% of 2 vCPU it spends 24/h, so the balance grows 12/h and is full after 72 h.
    t3 = workload(instance_type="t3.large")
    r = api.workload_burst(t3, cpu_pct_per_vcpu=20, mode="standard", catalog=CAT)
    assert r is not None
    balance = r.series.set_index("hour")["credit_balance"]
    assert balance[24] == pytest.approx(288) and balance[72] == pytest.approx(864)
    assert balance.iloc[-1] == pytest.approx(864)
    # the same inputs give the same result (the page redraws nothing for a count edit)
    assert api.workload_burst(t3.model_copy(update={"count": 5}), cpu_pct_per_vcpu=20,
                              mode="standard", catalog=CAT) is r
    assert api.workload_burst(workload(), cpu_pct_per_vcpu=20, catalog=CAT) is None
    with pytest.raises(ValidationError, match="EC2-BURST"):  # one past 100%
        api.workload_burst(t3, cpu_pct_per_vcpu=101, catalog=CAT)


def test_burst_output_and_its_price() -> None:
    # rule: EC2-BURST. t3.large at 50%: 0.4 surplus vCPU-hours an hour x 730 h x $0.05
    # (SOURCES.md ec2_cpu_credit_surplus.csv, us-east-1 Linux) = $14.60 a month.
    inp = validate(BurstInput, {"instance_type": "t3.large", "cpu_pct_per_vcpu": 50},
                   catalog=CAT)
    res = api.burst(inp, catalog=CAT)
    out = api.burst_output(res)
    assert out.data["surplus_usd_per_month"] == pytest.approx(14.6)
    assert render(out, "json") == _cli("ec2", "burst", "--instance-type", "t3.large",
                                       "--cpu-pct", "50", "--format", "json")
    (price,) = res.prices_used
    assert (price.usd_per_unit, price.unit) == (0.05, "vCPU-hour")
    assert list(api.burst_output(res, series=True).table.columns) == [  # type: ignore[union-attr]
        "hour", "credit_balance", "surplus_credits", "cpu_pct_available"]


# -- ec2 commitment -------------------------------------------------------------------------
@pytest.mark.parametrize(("hours", "expected"), [
    (730.0, [2.0] * 730),                       # always on: every hour at count x rate
    (0.0, [0.0] * 730),                         # never runs: no spend
    (365.5, [2.0] * 365 + [1.0] + [0.0] * 364),  # half of hour 365 runs
])
def test_workload_spend_profile(hours: float, expected: list[float]) -> None:
    # rule: EC2-SP - the profile a commitment is sized against: 2 instances at 1 USD/h.
    profile = api.workload_spend_profile(on_demand_usd_per_hour=1.0, count=2,
                                         hours_per_month=hours)
    assert profile.tolist() == expected
    assert profile.sum() == pytest.approx(2 * hours)  # spend = count x rate x hours


def test_workload_commitment_matches_the_comparison() -> None:
    # rule: EC2-SP. Your 28% discount: the best commitment covers the whole spend, On-Demand
    # x 0.72 (t3.large: 0.0832 x 0.72 = 0.059904 USD/h, test_snapshot_prices.py), x 730 h a
    # month - the same commitment and monthly cost as the plan's row of the comparison.
    w = workload(instance_type="t3.large", horizon_months=12,
                 user_rates=(UserRate(option=PLAN, discount_pct=28),))
    c = api.workload_commitment(w, PLAN, catalog=CAT)
    od = c.rate.on_demand_usd_per_hour
    assert od and c.reason is None and c.discount_pct == pytest.approx(28)
    assert c.best is not None and c.curve is not None
    assert c.best["commitment_usd_per_hour"] == pytest.approx(od * 0.72)
    assert c.best["usd_per_month"] == pytest.approx(od * 0.72 * 730)
    assert c.label == option_label(PLAN)
    row = api.compare(w, catalog=CAT).options.set_index("option").loc[PLAN]
    assert row["commitment_usd_per_hour"] == pytest.approx(c.best["commitment_usd_per_hour"])
    assert row["usd_per_month"] == pytest.approx(c.best["usd_per_month"])
    # at 50% use the plan's 72% rate ratio does not pay: commit nothing (EC2-SP break-even)
    half = api.workload_commitment(w.model_copy(update={"hours_per_month": 365.0}), PLAN,
                                   catalog=CAT)
    assert half.best is not None and half.best["commitment_usd_per_hour"] == 0
    assert half.curve is not None
    assert (half.curve["usd_per_month"] >= half.best["usd_per_month"] - 1e-9).all()


def test_workload_commitment_without_a_rate_says_why() -> None:
    # rule: EC2-SP. No rate for the plan: no curve, the reason (EC2 Instance SP for m5.large
    # in us-east-1 is not in the bundled snapshot).
    c = api.workload_commitment(workload(), "savings_plan_ec2_instance_1yr_no_upfront",
                                catalog=CAT)
    assert c.curve is None and c.reason and "no EC2 Instance Savings Plan" in c.reason
    # with the snapshot's rate: discount = 1 - plan rate / On-Demand; one instance always on
    # commits exactly the plan's rate (the figures: test_snapshot_prices.py)
    c = api.workload_commitment(workload(), PLAN, catalog=CAT)
    od = c.rate.on_demand_usd_per_hour
    assert c.rate.price_available and od
    assert c.discount_pct == pytest.approx((1 - c.rate.usd_per_hour / od) * 100)
    assert c.best is not None and c.best["commitment_usd_per_hour"] == pytest.approx(
        c.rate.usd_per_hour)
    with pytest.raises(InputError, match="EC2-SP"):
        api.workload_commitment(workload(), "spot", catalog=CAT)


def test_commitment_output() -> None:
    # rule: EC2-SP. A constant $10/h of On-Demand spend at 28% off: commit 10 x 0.72 = $7.20/h
    out = api.commitment_output(profile_kind="constant", on_demand_usd_per_hour=[10.0],
                                discount_pct=28.0, catalog=CAT)
    assert out.data["best"]["commitment_usd_per_hour"] == pytest.approx(7.2)
    assert render(out, "json") == _cli("ec2", "commitment", "--usd-per-hour", "10",
                                       "--discount-pct", "28", "--format", "json")
    with pytest.raises(InputError, match="needs --instance-type"):
        api.commitment_output(profile_kind="constant", on_demand_usd_per_hour=[1.0],
                              plan=PLAN, catalog=CAT)


# -- ec2 find -------------------------------------------------------------------------------
def test_find_filters() -> None:
    # the instance list (moto's DescribeInstanceTypes dump) marks m5 previous generation:
    # include every generation
    search = validate(InstanceSearch, {"family": "m5", "region": "us-east-1",
                                       "current_generation": None}, catalog=CAT)
    t = api.find_output(search, catalog=CAT).table
    assert t is not None
    assert set(t["family"]) == {"m5"} and t["on_demand_usd_per_hour"].notna().all()
    m5 = t.set_index("instance_type").loc["m5.large"]
    assert (m5["vcpu"], m5["memory_gib"]) == (2, 8.0)
    assert m5["on_demand_usd_per_hour"] == CAT.ec2_on_demand("us-east-1", "m5.large").usd_per_hour
    arm = api.find_output(validate(InstanceSearch, {"architecture": "arm64", "burstable": True},
                                   catalog=CAT), catalog=CAT).table
    assert arm is not None and set(arm["family"]) == {"t4g"}
    with pytest.raises(ValidationError, match="did you mean m5"):
        validate(InstanceSearch, {"family": "m55"}, catalog=CAT)


# -- the study (the GUI's EC2 page) ---------------------------------------------------------
def test_study_is_the_three_results() -> None:
    w = workload(instance_type="t3.large")
    study = api.run_study(w, plan=PLAN, cpu_pct_per_vcpu=20, catalog=CAT)
    out, res = api.compare_output(w, catalog=CAT)
    assert study.output.table is not None and study.output.table.equals(out.table)
    assert study.cheapest_option == res.cheapest_option
    assert study.burst is api.workload_burst(w, cpu_pct_per_vcpu=20, catalog=CAT)
    assert study.commitment.reason == api.workload_commitment(w, PLAN, catalog=CAT).reason
    # the comparison's prices and the surplus price of the credit chart
    assert study.prices_used == [*res.prices_used, *study.burst.prices_used]  # type: ignore[union-attr]


# -- two catalogs: every price x10 ------------------------------------------------------------
def _priced(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["price_available"].astype(bool)].set_index("option")


def test_compare_on_x10_scales_every_price(x10: Catalog) -> None:
    # issue 12: the comparison is computed on the catalog handed in. m5.large has no
    # Dedicated Instance price (whose $2/h region fee is a limit, not a price), so every
    # money figure is 10x and every ratio the same.
    one = api.compare(workload(CAT), catalog=CAT)
    ten = api.compare(workload(x10), catalog=x10)
    a, b = _priced(one.options), _priced(ten.options)
    assert list(a.index) == list(b.index) and "dedicated_instance" not in a.index
    np.testing.assert_allclose(b[MONEY].to_numpy(float), 10 * a[MONEY].to_numpy(float),
                               rtol=1e-9)
    np.testing.assert_allclose(b[RATIOS].to_numpy(float), a[RATIOS].to_numpy(float),
                               rtol=1e-9, equal_nan=True)
    assert ten.cheapest_option == one.cheapest_option
    assert [p.what for p in ten.prices_used] == [p.what for p in one.prices_used]
    for p1, p10 in zip(one.prices_used, ten.prices_used, strict=True):
        if p1.usd_per_unit is not None:
            assert p10.usd_per_unit == pytest.approx(10 * p1.usd_per_unit)
        assert p10.as_of == p1.as_of
    # On-Demand $0.096/h -> $0.96/h on the x10 copy
    assert b.loc["on_demand", "effective_usd_per_hour"] == pytest.approx(0.96)


def test_regions_on_x10(x10: Catalog) -> None:
    one = api.regions_output(workload(CAT), "on_demand", catalog=CAT).table
    ten = api.regions_output(workload(x10), "on_demand", catalog=x10).table
    assert one is not None and ten is not None
    assert ten["region_code"].tolist() == one["region_code"].tolist()
    np.testing.assert_allclose(ten["total_usd"].to_numpy(float),
                               10 * one["total_usd"].to_numpy(float), rtol=1e-9,
                               equal_nan=True)


def test_burst_on_x10(x10: Catalog) -> None:
    # rule: EC2-BURST. The surplus price $0.05 -> $0.50 per vCPU-hour: $146 a month at 50%;
    # credits are not prices and stay.
    one = api.workload_burst(workload(CAT, instance_type="t3.large"), cpu_pct_per_vcpu=50,
                             catalog=CAT)
    ten = api.workload_burst(workload(x10, instance_type="t3.large"), cpu_pct_per_vcpu=50,
                             catalog=x10)
    assert one is not None and ten is not None and one is not ten
    assert ten.summary["surplus_usd_per_month"] == pytest.approx(146.0)
    assert ten.summary["on_demand_usd_per_month"] == pytest.approx(
        10 * one.summary["on_demand_usd_per_month"])
    assert ten.summary["non_burstable_cheaper_above_cpu_pct"] == pytest.approx(
        one.summary["non_burstable_cheaper_above_cpu_pct"])
    assert ten.series["credit_balance"].equals(one.series["credit_balance"])
    assert ten.prices_used[0].usd_per_unit == pytest.approx(0.5)


def test_commitment_on_x10(x10: Catalog) -> None:
    # rule: EC2-SP. The r7g.2xlarge ap-east-2 sample: rate and On-Demand both x10, so the
    # discount is the same and the best commitment is 10 x 0.1954 USD/h.
    plan = "savings_plan_ec2_instance_3yr_partial_upfront"
    kw: dict[str, Any] = {"region": "ap-east-2", "instance_type": "r7g.2xlarge"}
    one = api.workload_commitment(workload(CAT, **kw), plan, catalog=CAT)
    ten = api.workload_commitment(workload(x10, **kw), plan, catalog=x10)
    assert ten.discount_pct == pytest.approx(one.discount_pct)
    assert ten.best is not None
    assert ten.best["commitment_usd_per_hour"] == pytest.approx(10 * 0.1954)
    out1 = api.commitment_output(profile_kind="constant", on_demand_usd_per_hour=[1.0],
                                 plan=plan, catalog=CAT, **kw)
    out10 = api.commitment_output(profile_kind="constant", on_demand_usd_per_hour=[1.0],
                                  plan=plan, catalog=x10, **kw)
    assert out10.data["plan_usd_per_hour"] == pytest.approx(10 * 0.1954)
    assert out10.data["discount_pct"] == pytest.approx(out1.data["discount_pct"])


def test_find_on_x10(x10: Catalog) -> None:
    data = {"family": "m5", "region": "us-east-1", "current_generation": None}
    one = api.find_output(validate(InstanceSearch, data, catalog=CAT), catalog=CAT).table
    ten = api.find_output(validate(InstanceSearch, data, catalog=x10), catalog=x10).table
    assert one is not None and ten is not None
    assert ten["instance_type"].tolist() == one["instance_type"].tolist()
    np.testing.assert_allclose(ten["on_demand_usd_per_hour"], 10 * one["on_demand_usd_per_hour"])


def test_cli_prints_the_catalog_it_is_handed(x10: Catalog, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # calc.cli.main chooses the catalog once and hands it to the command: on the x10 copy
    # `ec2 compare` prints the x10 comparison
    import calc.cli

    monkeypatch.setattr(calc.cli, "active_catalog", lambda: x10)
    assert cli_main(["ec2", "compare", "--instance-type", "m5.large", "--format",
                     "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    od = next(o for o in data["options"] if o["option"] == "on_demand")
    assert od["effective_usd_per_hour"] == pytest.approx(0.96)
