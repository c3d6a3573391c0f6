"""The memory sweep (issue 5 part 2): duration model, interpolation, the three choices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc.errors import InputError, field_errors
from calc.lambda_ import LambdaSweepInput
from calc.lambda_ import run_sweep as _run_sweep
from calc.lambda_.api import read_measurements_csv
from calc.lambda_.cost import monthly_cost
from calc.lambda_.sweep import (
    interpolated_duration_ms,
    memory_sweep,
    modelled_duration_ms,
    sweep_memory_sizes,
    usable_cpu,
    vcpus_for_memory,
)
from tests.calc.lambda_.support import ARM, CATALOG, NOTES_RULES, RULES, X86, make

MEM = sweep_memory_sizes(RULES)


def test_sweep_covers_every_memory_size():
    # rule: LAMBDA-MEMORY: 128 to 10,240 MB in 1 MB steps = 10,113 sizes
    assert len(MEM) == 10_113
    assert MEM[0] == 128 and MEM[-1] == 10_240 and np.all(np.diff(MEM) == 1)


# AWS today, Lambda Developer Guide, "Configure Lambda function memory": "At 1,769 MB, a
# function has the equivalent of one vCPU (one vCPU-second of credits per second)"; up to 6
# vCPUs at 10,240 MB. The notes (L2414) say 1,792 MB; that is the notes basis, tested below.
@pytest.mark.parametrize(("memory_mb", "vcpus"), [
    (1769, 1.0),  # LAMBDA-MEMORY (AWS today): one full vCPU at 1,769 MB
    (1792, 1 + 23 * 5 / 8471),  # just above: 1 + (1,792 - 1,769) x 5 / (10,240 - 1,769)
    (10_240, 6.0),  # LAMBDA-MEMORY (AWS today): 6 vCPUs at 10,240 MB
    (884.5, 0.5),  # linear below one vCPU: half of 1,769 MB, half a vCPU
    (128, 128 / 1769),  # 0.0724 vCPU at the smallest size
])
def test_vcpus_for_memory(memory_mb, vcpus):
    # rule: LAMBDA-MEMORY
    assert vcpus_for_memory(memory_mb=memory_mb, rules=RULES) == pytest.approx(vcpus)


@pytest.mark.parametrize(("memory_mb", "vcpus"), [
    (1792, 1.0),  # the notes, L2414: "at 1792 MB a function has the equivalent of one full VCPU"
    (1769, 1769 / 1792),  # below one vCPU on the notes basis
    (896, 0.5),
    (10_240, 6.0),
])
def test_vcpus_for_memory_notes_basis(memory_mb, vcpus):
    # rule: LAMBDA-MEMORY (notes basis: one vCPU at the notes' 1,792 MB)
    assert NOTES_RULES.one_vcpu_memory_mb == 1792
    assert vcpus_for_memory(memory_mb=memory_mb, rules=NOTES_RULES) == pytest.approx(vcpus)


def test_single_thread_gains_nothing_above_one_vcpu():
    # rule: LAMBDA-MEMORY (notes L2415; AWS today one vCPU at 1,769 MB, Lambda Developer
    # Guide): above one vCPU only multi-threaded code benefits
    assert usable_cpu(memory_mb=1769, threads=1, rules=RULES) == pytest.approx(1.0)
    assert usable_cpu(memory_mb=4096, threads=1, rules=RULES) == 1.0
    assert usable_cpu(memory_mb=10_240, threads=8, rules=RULES) == pytest.approx(6.0)


def test_duration_model_worked_example():
    # rule: LAMBDA-MEMORY: measured 1,000 ms at 512 MB, 80% CPU-bound, one thread.
    # At 1,024 MB the CPU doubles: 200 + 800 / 2 = 600 ms; at one vCPU, 1,769 MB today
    # (Lambda Developer Guide, "Configure Lambda function memory": "At 1,769 MB, a function
    # has the equivalent of one vCPU"), the CPU is 1,769/512 = 3.455x: 200 + 800 x 512/1,769
    # = 431.54 ms; at 4,096 MB still one vCPU: the same; at 256 MB: 200 + 800 x 2 = 1,800.
    kw = dict(measured_memory_mb=512, measured_duration_ms=1000, cpu_bound_share=0.8,
              threads=1, rules=RULES)
    assert modelled_duration_ms(memory_mb=512, **kw) == pytest.approx(1000)
    assert modelled_duration_ms(memory_mb=1024, **kw) == pytest.approx(600)
    assert modelled_duration_ms(memory_mb=1769, **kw) == pytest.approx(200 + 800 * 512 / 1769)
    assert modelled_duration_ms(memory_mb=1769, **kw) == pytest.approx(431.543, abs=1e-3)
    assert modelled_duration_ms(memory_mb=4096, **kw) == pytest.approx(200 + 800 * 512 / 1769)
    assert modelled_duration_ms(memory_mb=256, **kw) == pytest.approx(1800)


def test_duration_model_notes_basis():
    # rule: LAMBDA-MEMORY (notes L2414: one vCPU at 1,792 MB): the same measurement as above,
    # at 1,792 MB the CPU is 3.5x: 200 + 800 / 3.5 = 428.57 ms, and no faster at 4,096 MB
    kw = dict(measured_memory_mb=512, measured_duration_ms=1000, cpu_bound_share=0.8,
              threads=1, rules=NOTES_RULES)
    assert modelled_duration_ms(memory_mb=1792, **kw) == pytest.approx(200 + 800 / 3.5)
    assert modelled_duration_ms(memory_mb=4096, **kw) == pytest.approx(200 + 800 / 3.5)


def test_io_bound_duration_does_not_change():
    d = modelled_duration_ms(memory_mb=MEM, measured_memory_mb=1024, measured_duration_ms=250,
                             cpu_bound_share=0.0, threads=1, rules=RULES)
    assert np.all(d == 250)


def test_interpolation_log_log():
    # between (1024, 400) and (2048, 100) a power law d ~ m^-2: at 1448.15 MB (the geometric
    # mean) the duration is the geometric mean, 200 ms; NaN outside the measured range
    pts = ((1024.0, 400.0), (2048.0, 100.0))
    mid = float(np.sqrt(1024 * 2048))
    assert interpolated_duration_ms(memory_mb=mid, measurements=pts) == pytest.approx(200)
    assert interpolated_duration_ms(memory_mb=1024, measurements=pts) == pytest.approx(400)
    assert np.isnan(interpolated_duration_ms(memory_mb=512, measurements=pts))
    assert np.isnan(interpolated_duration_ms(memory_mb=4096, measurements=pts))


def run_sweep(inp):
    return _run_sweep(inp, catalog=CATALOG)


def sweep_input(**kw):
    base = dict(region="us-east-1", memory_mb=512, duration_ms=1000,
                invocations_per_month=3_000_000, cpu_bound_share=0.8)
    base.update(kw)
    return make(LambdaSweepInput, **base)


def test_sweep_agrees_with_scalar_cost_at_every_point():
    # rule: LAMBDA-PRICE: the 10,113-point sweep and 10,113 scalar calls agree exactly
    res = run_sweep(sweep_input(ephemeral_storage_mb=1024))
    f = res.frame
    assert len(f) == 10_113
    for m, d, usd in zip(f["memory_mb"], f["duration_ms"], f["usd_per_month"], strict=True):
        one = monthly_cost(memory_mb=int(m), duration_ms=float(d),
                           invocations_per_month=3_000_000, prices=X86, rules=RULES,
                           ephemeral_storage_mb=1024)
        assert one.total_usd_per_month == usd


@settings(max_examples=40)
@given(m0=st.integers(128, 10_240), d0=st.floats(1, 60_000), share=st.floats(0, 1),
       threads=st.integers(1, 8), n=st.floats(0, 1e10), free=st.booleans(),
       arm=st.booleans(), probe=st.lists(st.integers(0, 10_112), min_size=1, max_size=5))
def test_sweep_equals_scalar_property(m0, d0, share, threads, n, free, arm, probe):
    prices = ARM if arm else X86
    dur = np.asarray(modelled_duration_ms(memory_mb=MEM, measured_memory_mb=m0,
                                          measured_duration_ms=d0, cpu_bound_share=share,
                                          threads=threads, rules=RULES))
    res = memory_sweep(memory_mb=MEM, duration_ms=dur, invocations_per_month=n,
                       prices=prices, rules=RULES, free_tier=free)
    for i in probe:
        one = monthly_cost(memory_mb=MEM[i], duration_ms=float(dur[i]),
                           invocations_per_month=n, prices=prices, rules=RULES,
                           free_tier=free)
        assert res.frame["usd_per_month"].iloc[i] == one.total_usd_per_month


def test_choices_follow_power_tuning():
    # AWS Lambda Power Tuning, lambda/analyzer.js (alexcasalboni/aws-lambda-power-tuning):
    # cheapest = min cost (ties: fastest), fastest = min duration (ties: cheapest), balanced
    # = min of w x cost/maxCost + (1 - w) x duration/maxDuration.
    res = run_sweep(sweep_input())
    f = res.frame
    assert f["is_cheapest"].sum() == f["is_fastest"].sum() == f["is_balanced"].sum() == 1
    cheapest, fastest, balanced = (f.iloc[res.cheapest], f.iloc[res.fastest],
                                   f.iloc[res.balanced])
    assert cheapest["usd_per_month"] == f["usd_per_month"].min()
    assert fastest["duration_ms"] == f["duration_ms"].min()
    # single-threaded: the fastest is reached at one vCPU and the smallest such size wins:
    # 1,769 MB (rule: LAMBDA-MEMORY; Lambda Developer Guide, "Configure Lambda function
    # memory": "At 1,769 MB, a function has the equivalent of one vCPU")
    assert fastest["memory_mb"] == 1769
    score = 0.5 * f["usd_per_month"] / f["usd_per_month"].max() + \
        0.5 * f["duration_ms"] / f["duration_ms"].max()
    assert balanced["balanced_score"] == pytest.approx(score.min())
    assert res.picks()["strategy"].tolist() == ["cheapest", "fastest", "balanced"]


def test_balanced_weight_extremes():
    # weight 1 = cost only, weight 0 = speed only (analyzer.js: "0 = min time, 1 = min cost")
    assert run_sweep(sweep_input(balanced_weight=1.0)).balanced == \
        run_sweep(sweep_input()).cheapest
    r0 = run_sweep(sweep_input(balanced_weight=0.0))
    assert r0.frame["duration_ms"].iloc[r0.balanced] == r0.frame["duration_ms"].min()


def test_sizes_over_the_timeout_are_never_chosen():
    # rule: LAMBDA-TIMEOUT: 800 s at 1,024 MB, fully CPU-bound: below ~911 MB the modelled
    # duration passes 900 s; those sizes stay in the table but cannot be chosen
    res = run_sweep(sweep_input(memory_mb=1024, duration_ms=800_000, cpu_bound_share=1.0,
                                invocations_per_month=1000))
    f = res.frame
    assert not f.loc[f["memory_mb"] == 128, "within_timeout"].item()
    assert f.iloc[res.cheapest]["within_timeout"]
    assert f.iloc[res.cheapest]["memory_mb"] >= 911


def test_measurements_sweep_covers_the_measured_range():
    res = run_sweep(sweep_input(memory_mb=None, duration_ms=None,
                                measurements=((256, 2000), (1024, 520), (2048, 300))))
    f = res.frame
    assert f["memory_mb"].min() == 256 and f["memory_mb"].max() == 2048
    assert f.loc[f["memory_mb"] == 1024, "duration_ms"].item() == pytest.approx(520)


def test_measurements_csv(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("memory_mb,duration_ms\n256,2000\n1024,520.5\n", encoding="utf-8")
    assert read_measurements_csv(path) == ((256.0, 2000.0), (1024.0, 520.5))
    bad = tmp_path / "bad.csv"
    bad.write_text("mem,dur\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="memory_mb and duration_ms"):
        read_measurements_csv(bad)


@pytest.mark.parametrize(("kw", "field", "rule"), [
    (dict(memory_mb=64), "memory_mb", "LAMBDA-MEMORY"),
    (dict(duration_ms=900_001), "duration_ms", "LAMBDA-TIMEOUT"),
    (dict(memory_mb=None, duration_ms=None, measurements=((512, 10),)), "measurements",
     "LAMBDA-MEMORY"),
    (dict(memory_mb=None, duration_ms=None, measurements=((64, 10), (512, 5))),
     "measurements", "LAMBDA-MEMORY"),
    (dict(memory_mb=None, duration_ms=None), "memory_mb", "LAMBDA-MEMORY"),
])
def test_sweep_bad_input(kw, field, rule):
    with pytest.raises(ValidationError) as e:
        sweep_input(**kw)
    assert f"[{rule}]" in field_errors(e.value)[field]


@settings(max_examples=50)
@given(m0=st.integers(128, 10_240), d0=st.floats(1, 10_000), share=st.floats(0, 1),
       threads=st.integers(1, 8))
def test_duration_never_grows_with_memory(m0, d0, share, threads):
    # rule: LAMBDA-MEMORY: more memory never means less CPU
    d = np.asarray(modelled_duration_ms(memory_mb=MEM, measured_memory_mb=m0,
                                        measured_duration_ms=d0, cpu_bound_share=share,
                                        threads=threads, rules=RULES))
    assert np.all(np.diff(d) <= 1e-9 * d0)
