"""Burstable T instances (EC2-BURST): credits, baseline, surplus charge, break-even CPU %."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.context import validate
from calc.ec2.burst import (
    BurstInput,
    break_even_cpu_pct,
    burst_analysis,
    credit_balance,
    credits_spent_per_hour,
    default_credit_mode,
    surplus_credits,
    unlimited_surplus_usd_per_month,
)
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
# one CPU credit = one vCPU at 100% for one minute (EC2 User Guide, key concepts for burstable
# performance instances); rule: EC2-BURST
PER_CREDIT = 1.0
SURPLUS = 0.05  # SOURCES.md ec2_cpu_credit_surplus.csv: $0.05 per vCPU-hour, us-east-1 Linux


def burst(**fields: object):  # type: ignore[no-untyped-def]
    """burst_analysis of a BurstInput validated on the bundled snapshot."""
    return burst_analysis(validate(BurstInput, fields, catalog=CAT), catalog=CAT)


def test_t3_nano_docs_example() -> None:
    # rule: EC2-BURST. EC2 User Guide, "Unlimited mode examples", example 1 (read 2026-11):
    # a t3.nano earns 144 credits a day (6/h, snapshot ec2_burst_credits); at 7% CPU for
    # 24 h it spends 57.6 credits more than it earns: 144 -> 86.4.
    spent = credits_spent_per_hour(cpu_pct_per_vcpu=7, vcpu=2, vcpu_minutes_per_credit=PER_CREDIT)
    assert spent * 24 == pytest.approx(201.6)
    assert credit_balance(hours=24, initial_credits=144, credits_earned_per_hour=6,
                          credits_spent_per_hour=spent, max_credits=144) == pytest.approx(86.4)
    r = burst(instance_type="t3.nano", cpu_pct_per_vcpu=7, mode="standard",
              initial_credits=144, days=2)
    assert r.summary["net_credits_per_day"] == pytest.approx(-57.6)
    assert r.summary["falls_to_baseline"] and r.summary["hours_to_baseline"] == pytest.approx(60)
    assert r.series.loc[r.series["hour"] == 24, "credit_balance"].item() == pytest.approx(86.4)


@pytest.mark.parametrize(("cpu", "net_sign"), [
    (30.0, 0),    # exactly at the t3.large baseline (30%): earns what it spends
    (30.1, -1),   # just above: the balance falls
    (0.0, 1),     # idle: earns 36 credits an hour
])
def test_baseline_edges(cpu: float, net_sign: int) -> None:
    # rule: EC2-BURST. t3.large: 2 vCPU, baseline 30%, 36 credits/h (User Guide credit table).
    r = burst(instance_type="t3.large", cpu_pct_per_vcpu=cpu, mode="standard")
    assert np.sign(round(r.summary["net_credits_per_day"], 9)) == net_sign
    assert r.summary["falls_to_baseline"] is (net_sign < 0)


def test_unlimited_surplus_charge_and_break_even() -> None:
    # rule: EC2-BURST. t3.large at 50% (20 points over its 30% baseline, 2 vCPU): 0.4 surplus
    # vCPU-hours an hour x 730 h x $0.05 = $14.60 a month (RULES.md: $0.05 per vCPU-hour).
    usd = unlimited_surplus_usd_per_month(cpu_pct_per_vcpu=50, vcpu=2,
                                          credits_earned_per_hour=36, initial_credits=0,
                                          usd_per_surplus_vcpu_hour=SURPLUS,
                                          vcpu_minutes_per_credit=PER_CREDIT)
    assert usd == pytest.approx(14.60)
    r = burst(instance_type="t3.large", cpu_pct_per_vcpu=50)
    s = r.summary
    assert s["surplus_usd_per_month"] == pytest.approx(14.60)
    # t3.large 0.0832 vs m5a.large 0.086 USD/h (SOURCES.md ec2_ondemand_linux_2026-07.csv):
    # 30 + (0.086 - 0.0832) x 100 / (2 x 0.05) = 32.8%
    assert s["compare_with"] == "m5a.large"
    assert s["non_burstable_cheaper_above_cpu_pct"] == pytest.approx(32.8)
    assert s["total_usd_per_month"] == pytest.approx(0.0832 * 730 + 14.60)


def test_standard_mode_never_bills_surplus() -> None:
    # rule: EC2-BURST - in standard mode a T instance that runs out of credits is held at its
    # baseline; surplus credits are billed only in unlimited mode (notes L453-469).
    s = burst(instance_type="t3.large", cpu_pct_per_vcpu=50, mode="standard").summary
    assert s["surplus_usd_per_month"] == 0.0 and s["falls_to_baseline"]
    assert s["total_usd_per_month"] == pytest.approx(0.0832 * 730)  # On-Demand only
    assert s["non_burstable_cheaper_above_cpu_pct"] is None  # a surplus-price break-even


def test_break_even_cpu_edges() -> None:
    # rule: EC2-BURST.
    kw = dict(vcpu=2, baseline_pct_per_vcpu=30, usd_per_surplus_vcpu_hour=SURPLUS)
    assert break_even_cpu_pct(burstable_usd_per_hour=0.1, other_usd_per_hour=0.1, **kw) == 0.0
    assert break_even_cpu_pct(burstable_usd_per_hour=0.01, other_usd_per_hour=1.0, **kw) is None
    # exactly at 100%: (0.17 - 0.1) x 100 / 0.1 = 70 points over 30
    assert break_even_cpu_pct(burstable_usd_per_hour=0.1, other_usd_per_hour=0.17,
                              **kw) == pytest.approx(100)


def test_surplus_price_only_where_the_snapshot_has_it() -> None:
    # SOURCES.md: the surplus price is known for us-east-1 Linux only (AWS docs, T3 example).
    r = burst(region="eu-west-1", instance_type="t3.large", cpu_pct_per_vcpu=50)
    assert r.summary["surplus_usd_per_month"] is None
    assert "us-east-1 Linux" in r.summary["surplus_price_reason"]
    t4g = burst(instance_type="t4g.large", cpu_pct_per_vcpu=50)
    assert t4g.summary["surplus_usd_per_month"] is None
    assert "T3" in t4g.summary["surplus_price_reason"]


@pytest.mark.parametrize("bad", [
    {"instance_type": "m5.large", "cpu_pct_per_vcpu": 10},  # not burstable
    {"instance_type": "t3.large", "cpu_pct_per_vcpu": 100.1},  # one past 100%
    {"instance_type": "t3.large", "cpu_pct_per_vcpu": 10, "initial_credits": 865},  # max 864
    {"instance_type": "t3.large", "cpu_pct_per_vcpu": 10, "days": 0},
    {"instance_type": "t3.large", "cpu_pct_per_vcpu": 10, "compare_with": "t3.xlarge"},
])
def test_bad_input(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        validate(BurstInput, bad, catalog=CAT)


@settings(max_examples=100)
@given(cpu=st.floats(0, 100), start=st.floats(0, 864), hours=st.floats(0, 24 * 365))
def test_balance_within_bounds_and_surplus_only_when_depleted(cpu: float, start: float,
                                                              hours: float) -> None:
    # rule: EC2-BURST: the balance stays in [0, max]; surplus grows only past a zero balance.
    spent = credits_spent_per_hour(cpu_pct_per_vcpu=cpu, vcpu=2,
                                   vcpu_minutes_per_credit=PER_CREDIT)
    b = credit_balance(hours=hours, initial_credits=start, credits_earned_per_hour=36,
                       credits_spent_per_hour=spent, max_credits=864)
    s = surplus_credits(hours=hours, initial_credits=start, credits_earned_per_hour=36,
                        credits_spent_per_hour=spent)
    assert 0 <= b <= 864 and s >= 0
    if s > 1e-9:
        assert b == 0
    many = credit_balance(hours=np.array([hours, 0.0]), initial_credits=start,
                          credits_earned_per_hour=36, credits_spent_per_hour=spent,
                          max_credits=864)
    assert many[0] == pytest.approx(b) and many[1] == pytest.approx(start)


@settings(max_examples=60)
@given(a=st.floats(0, 100), b=st.floats(0, 100))
def test_surplus_charge_never_falls_as_cpu_rises(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    kw = dict(vcpu=2, credits_earned_per_hour=36, initial_credits=0,
              usd_per_surplus_vcpu_hour=SURPLUS, vcpu_minutes_per_credit=PER_CREDIT)
    assert 0 <= unlimited_surplus_usd_per_month(cpu_pct_per_vcpu=lo, **kw) <= \
        unlimited_surplus_usd_per_month(cpu_pct_per_vcpu=hi, **kw) + 1e-12


# -- T2 surplus price (issue 13 item 5) -------------------------------------------------------
def test_t2_unlimited_docs_bill() -> None:
    # rule: EC2-BURST. EC2 User Guide, "Unlimited mode examples", example 2 (T2 Unlimited),
    # "Calculating the bill": "Surplus credits cost $0.05 per vCPU-hour"; about 25 surplus
    # credits = 0.42 vCPU-hours; 0.42 x $0.05 = $0.021. One credit = one vCPU-minute.
    assert 25 * PER_CREDIT / 60 * SURPLUS == pytest.approx(0.021, abs=5e-4)


def test_t2_surplus_is_priced_from_the_docs() -> None:
    # rule: EC2-BURST. t2.micro (1 vCPU, baseline 10%, 6 credits/h, User Guide credit table)
    # unlimited at 50%: spends 30 credits/h, 24 more than it earns; x 730 h = 17,520 surplus
    # credits = 292 vCPU-hours x $0.05 (T2 example 2) = $14.60 a month.
    r = burst(instance_type="t2.micro", cpu_pct_per_vcpu=50, mode="unlimited")
    s = r.summary
    assert s["surplus_usd_per_vcpu_hour"] == SURPLUS and s["surplus_price_reason"] is None
    assert s["surplus_usd_per_month"] == pytest.approx(292 * 0.05)
    assert s["total_usd_per_month"] == pytest.approx(0.0116 * 730 + 14.60)
    (used,) = r.prices_used
    assert used.usd_per_unit == SURPLUS and "T2 Unlimited" in used.source


def test_t3a_surplus_price_is_not_borrowed_from_t3() -> None:
    # rule: EC2-BURST. The docs' $0.05 names T3 (t3.large table) and T2 (example 2) only: a
    # T3a surplus is "no price" with the reason, never T3's figure (SOURCES.md: gap).
    s = burst(instance_type="t3a.large", cpu_pct_per_vcpu=50).summary
    assert s["surplus_usd_per_month"] is None and s["total_usd_per_month"] is None
    assert "T3A" in s["surplus_price_reason"]


# -- no surplus, known total (issue 13 item 6) ------------------------------------------------
@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])  # eu-west-1: no surplus price
@pytest.mark.parametrize(("instance_type", "baseline"), [
    ("t2.micro", 10), ("t3.micro", 10), ("t3a.micro", 10), ("t4g.micro", 10),
    ("t2.nano", 5), ("t3.large", 30),
])
@pytest.mark.parametrize("at", ["idle", "baseline"])
def test_at_or_below_baseline_total_is_on_demand(instance_type: str, baseline: float,
                                                 region: str, at: str) -> None:
    # rule: EC2-BURST. EC2 User Guide, unlimited mode concepts: "If the average CPU
    # utilization of the instance is at or below the baseline, the instance incurs no
    # additional charges": the surplus is $0 and the total the On-Demand cost, known, even
    # where the snapshot has no surplus price (T3a, T4g; every Region but us-east-1).
    cpu = 0.0 if at == "idle" else float(baseline)
    s = burst(region=region, instance_type=instance_type, cpu_pct_per_vcpu=cpu,
              mode="unlimited").summary
    assert s["surplus_usd_per_month"] == 0.0
    assert s["on_demand_usd_per_month"] is not None
    assert s["total_usd_per_month"] == s["on_demand_usd_per_month"]


def test_just_above_baseline_needs_the_price() -> None:
    # rule: EC2-BURST. One tenth of a point over the t4g.micro's 10% baseline spends surplus
    # credits: without a T4g price the total is unknown (said plainly), not the On-Demand cost.
    s = burst(instance_type="t4g.micro", cpu_pct_per_vcpu=10.1, mode="unlimited").summary
    assert s["surplus_usd_per_month"] is None and s["total_usd_per_month"] is None
    assert "T4G" in s["surplus_price_reason"]


def test_starting_balance_that_covers_the_month_has_no_surplus() -> None:
    # rule: EC2-BURST. t3a.large at 30.1% (baseline 30%, 2 vCPU) spends 0.12 credits/h more
    # than it earns: 87.6 credits in 730 h, under a starting balance of 864 (its maximum), so
    # no surplus credit is spent and the total is known without a T3a price.
    s = burst(instance_type="t3a.large", cpu_pct_per_vcpu=30.1, mode="unlimited",
              initial_credits=864).summary
    assert s["surplus_usd_per_month"] == 0.0
    assert s["total_usd_per_month"] == pytest.approx(0.0752 * 730)


def test_baseline_spend_is_exact() -> None:
    # rule: EC2-BURST. t2.nano at its 5% baseline: 1 x 5% x 60 = 3 credits/h, exactly what it
    # earns (credit table: 3/h), so no surplus at all (no float crumbs above the baseline).
    assert credits_spent_per_hour(cpu_pct_per_vcpu=5, vcpu=1, vcpu_minutes_per_credit=1) == 3.0
    assert credits_spent_per_hour(cpu_pct_per_vcpu=22.5, vcpu=4,
                                  vcpu_minutes_per_credit=1) == 54.0  # t2.xlarge


# -- default credit mode (issue 13 item 7) ----------------------------------------------------
@pytest.mark.parametrize(("instance_type", "mode"), [
    ("t2.nano", "standard"), ("t2.micro", "standard"), ("t2.2xlarge", "standard"),
    ("t3.micro", "unlimited"), ("t3a.large", "unlimited"), ("t4g.medium", "unlimited"),
])
def test_default_credit_mode_by_family(instance_type: str, mode: str) -> None:
    # rule: EC2-BURST. EC2 User Guide: T2 launches as standard by default; T3, T3a and T4g
    # launch as unlimited (unlimited mode page; API CreditSpecification).
    assert default_credit_mode(instance_type) == mode
    inp = validate(BurstInput, {"instance_type": instance_type, "cpu_pct_per_vcpu": 50},
                   catalog=CAT)
    assert inp.mode is None and inp.credit_mode == mode
    r = burst_analysis(inp, catalog=CAT)
    assert r.summary["mode"] == mode
    assert any("launches by default" in n for n in r.notes)


def test_t2_default_is_standard_and_never_bills_surplus() -> None:
    # rule: EC2-BURST. t2.micro at 50% by default (standard): held at its 10% baseline once
    # the credits are gone, no surplus charge, total = On-Demand 0.0116 x 730.
    s = burst(instance_type="t2.micro", cpu_pct_per_vcpu=50).summary
    assert s["mode"] == "standard" and s["falls_to_baseline"]
    assert s["surplus_usd_per_month"] == 0.0
    assert s["total_usd_per_month"] == pytest.approx(0.0116 * 730)


@pytest.mark.parametrize(("instance_type", "mode"), [("t2.micro", "unlimited"),
                                                     ("t3.micro", "standard")])
def test_explicit_credit_mode_is_kept(instance_type: str, mode: str) -> None:
    # rule: EC2-BURST: a mode the user gives wins over the family default.
    r = burst(instance_type=instance_type, cpu_pct_per_vcpu=50, mode=mode)
    assert r.summary["mode"] == mode
    assert not any("launches by default" in n for n in r.notes)


def test_workload_burst_defaults_by_family() -> None:
    # rule: EC2-BURST: the study (GUI page) follows the same default when no mode is given.
    from calc.ec2 import api
    from calc.ec2.models import Ec2Workload
    w = validate(Ec2Workload, {"instance_type": "t2.micro"}, catalog=CAT)
    r = api.workload_burst(w, cpu_pct_per_vcpu=50, catalog=CAT)
    assert r is not None and r.summary["mode"] == "standard"
