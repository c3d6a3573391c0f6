"""The cheapest configuration per type, ranked options, and the GUI's curves and grids.

The optimiser is checked against an independent brute force: every configuration on a grid
that the type's limits allow (``config_valid``) and that delivers the requirement
(``performance``) is priced with ``volume_usd_per_month``; the optimiser is never dearer than any
of them, and its own choice passes the same checks.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.ebs import (
    SizingRequirement,
    cheapest_config,
    cheapest_usd_per_month,
    config_valid,
    cost_grid,
    cost_vs_iops_curves,
    gp2_burst_seconds,
    gp2_credit_balance,
    io_profile,
    performance,
    size_options,
    volume_usd_per_month,
)
from calc.ebs.costs import io_requests_millions_per_month
from calc.ebs.specs import VOLUME_TYPES, VolumeSpec, volume_specs
from calc.units import SECONDS_PER_HOUR, tib_to_gib
from tests.calc.ebs.bundled import CATALOG, make
from tests.calc.ebs.published import US_EAST_1, WITHOUT_IO2

EAST = US_EAST_1  # AWS's published us-east-1 prices (published.py)


def specs(basis: str = "aws_today", nitro: bool = True) -> dict[str, VolumeSpec]:
    return volume_specs(CATALOG.limits, basis, nitro)  # type: ignore[arg-type]


def options(**kw: object) -> dict[str, dict[str, object]]:
    df = size_options(make(SizingRequirement, **kw), EAST,
                      limits=CATALOG.limits)  # type: ignore[arg-type]
    return {r["volume_type"]: r for r in df.to_dict("records")}


# -- worked examples -------------------------------------------------------------------------------
def test_issue_example_1000_gib_10000_iops_500_mibps() -> None:
    # rules: EBS-GP3, EBS-GP2-IOPS, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1
    df = size_options(make(SizingRequirement, size_gib=1000, iops=10000, throughput_mibps=500),
                      EAST, limits=CATALOG.limits)
    assert df.iloc[0]["volume_type"] == "gp3"  # cheapest first
    assert list(df["feasible"]) == sorted(df["feasible"], reverse=True)  # infeasible last
    o = {r["volume_type"]: r for r in df.to_dict("records")}
    # gp3: 1000 x 0.08 + 7,000 x 0.005 + 375 x 0.04 (us-east-1, EBS feed 2024-07-18)
    assert o["gp3"]["usd_per_month"] == pytest.approx(80 + 35 + 15)
    assert (o["gp3"]["size_gib"], o["gp3"]["iops"]) == (1000, 10000)
    # gp2 would grow to 3,334 GiB for 10,000 IOPS but tops out at 250 MiB/s
    assert not o["gp2"]["feasible"] and "250 MiB/s" in o["gp2"]["reason"]
    assert "[EBS-GP2-IOPS]" in o["gp2"]["reason"]
    assert not o["st1"]["feasible"] and "500 IOPS" in o["st1"]["reason"]
    # io1 delivers 500 MiB/s at 10,000 IOPS (256 KiB I/O): 1000 x 0.125 + 10,000 x 0.065
    assert o["io1"]["usd_per_month"] == pytest.approx(125 + 650)


def test_gp2_grows_to_reach_iops() -> None:
    # rule: EBS-GP2-IOPS - 10,000 IOPS at 3 per GiB: 3,334 GiB (EBS docs: 3 x size)
    o = options(size_gib=1000, iops=10000)
    assert o["gp2"]["feasible"] and o["gp2"]["size_gib"] == 3334
    assert "3,334 GiB" in o["gp2"]["reason"] and "[EBS-GP2-IOPS]" in o["gp2"]["reason"]
    # 16,000 IOPS is reached at 5,334 GiB (notes L2589); 16,001 is out of reach
    assert options(size_gib=1, iops=16000)["gp2"]["size_gib"] == 5334
    o = options(size_gib=1, iops=16001)["gp2"]
    assert not o["feasible"] and "16,000 IOPS" in o["reason"]


def test_gp2_grows_for_throughput_to_334_gib() -> None:
    # rule: EBS-GP2-IOPS - EBS docs: 250 MiB/s from 334 GiB
    o = options(size_gib=10, throughput_mibps=250)["gp2"]
    assert o["feasible"] and o["size_gib"] == 334


def test_io1_grows_to_stay_within_50_iops_per_gib() -> None:
    # rule: EBS-IO1-IO2 - 20,000 IOPS on io1 needs 400 GiB
    o = options(size_gib=100, iops=20000)["io1"]
    assert o["feasible"] and o["size_gib"] == 400 and "50 IOPS per GiB" in o["reason"]
    # io1 for 1,000 MiB/s needs 64,000 IOPS (16 KiB each), so 1,280 GiB
    o = options(size_gib=10, throughput_mibps=1000)["io1"]
    assert (o["iops"], o["size_gib"]) == (64000, 1280)
    o = options(size_gib=10, throughput_mibps=1000, nitro=False)["io1"]
    assert not o["feasible"] and "non-Nitro" in o["reason"]


def test_gp3_raises_iops_for_throughput_and_size_for_the_ratio() -> None:
    # rule: EBS-GP3 - 2,000 MiB/s needs 8,000 IOPS (0.25 MiB/s per IOPS), so 16 GiB (500/GiB)
    o = options(size_gib=1, throughput_mibps=2000)["gp3"]
    assert (o["iops"], o["throughput_mibps"], o["size_gib"]) == (8000, 2000, 16)
    assert "IOPS raised to 8,000" in o["reason"] and "16 GiB" in o["reason"]
    # under the notes' limits 2,000 MiB/s is out of reach (1,000 MiB/s at most)
    o = options(size_gib=1, throughput_mibps=2000, basis="notes")["gp3"]
    assert not o["feasible"] and "1,000 MiB/s" in o["reason"] and "as in the notes" in o["reason"]


def test_hdd_grows_for_baseline_throughput_and_says_why_it_cannot() -> None:
    # rule: EBS-ST1 - 40 MiB/s per TiB: 500 MiB/s needs 12.5 TiB
    o = options(size_gib=1000, throughput_mibps=500)
    assert o["st1"]["feasible"] and o["st1"]["size_gib"] == tib_to_gib(12.5)
    # rule: EBS-SC1 - 12 MiB/s per TiB: 192 MiB/s at 16 TiB, so 200 MiB/s is out of reach
    o = options(size_gib=1000, throughput_mibps=200)["sc1"]
    assert not o["feasible"] and "192 MiB/s" in o["reason"] and "[EBS-SC1]" in o["reason"]
    o = options(size_gib=1000, throughput_mibps=192)["sc1"]
    assert o["feasible"] and o["size_gib"] == 16384


def test_boot_and_multi_attach_requirements() -> None:
    # rule: EBS-BOOT
    o = options(size_gib=200, boot=True)
    for vt in ("st1", "sc1", "standard"):
        assert not o[vt]["feasible"] and "[EBS-BOOT]" in o[vt]["reason"]
    assert o["gp3"]["feasible"] and o["gp2"]["feasible"]
    # rule: EBS-MULTI-ATTACH
    o = options(size_gib=200, multi_attach=True)
    assert {vt for vt, r in o.items() if r["feasible"]} == {"io1", "io2"}
    assert "[EBS-MULTI-ATTACH]" in o["gp3"]["reason"]


def test_hdd_minimum_size_is_explained() -> None:
    # rule: EBS-ST1 - st1 starts at 125 GiB
    o = options(size_gib=10)["st1"]
    assert o["size_gib"] == 125 and "start at 125 GiB" in o["reason"]


def test_capacity_beyond_a_type() -> None:
    o = options(size_gib=20000)
    assert not o["gp2"]["feasible"] and "16,384 GiB" in o["gp2"]["reason"]
    assert o["gp3"]["feasible"]  # 64 TiB today
    assert not options(size_gib=20000, basis="notes")["gp3"]["feasible"]


def test_missing_prices_keep_the_row() -> None:
    # a Region without io2 prices (as af-south-1 in the bundled snapshot)
    df = size_options(make(SizingRequirement, size_gib=100, iops=5000),
                      WITHOUT_IO2, limits=CATALOG.limits)
    io2 = df.set_index("volume_type").loc["io2"]
    assert io2["feasible"] and not io2["price_available"] and np.isnan(io2["usd_per_month"])
    assert "no io2 price" in io2["reason"]
    priced = df[df["usd_per_month"].notna()]
    assert list(priced["rank"]) == list(range(1, len(priced) + 1))  # priced ones rank first


# -- gp2 bursts ------------------------------------------------------------------------------------
def test_gp2_burst_profile_keeps_the_volume_small() -> None:
    # rule: EBS-GP2-BURST - 3,000 IOPS for 30 min from a full bucket: 5.4M / 1,800 s = 3,000,
    # so any baseline works; the 100 GiB volume stays at 100 GiB
    o = options(size_gib=100, iops=100, burst_iops=3000, burst_seconds=1800)["gp2"]
    assert o["feasible"] and o["size_gib"] == 100 and o["burst_seconds"] == 2000
    # a 1-hour burst needs baseline >= 3,000 - 5.4M / 3,600 = 1,500 IOPS: 500 GiB (docs table)
    o = options(size_gib=100, iops=100, burst_iops=3000, burst_seconds=3600)["gp2"]
    assert o["size_gib"] == 500
    # repeated every 2 h, the credits must refill: baseline >= average 1,550 IOPS -> 517 GiB
    o = options(size_gib=100, iops=100, burst_iops=3000, burst_seconds=3600,
                burst_every_hours=2)["gp2"]
    assert o["size_gib"] == 517
    # above the 3,000 ceiling the burst must be baseline: 4,500 IOPS -> 1,500 GiB
    assert options(size_gib=100, burst_iops=4500, burst_seconds=60)["gp2"]["size_gib"] == 1500


@settings(max_examples=60)
@given(st.integers(1, 60), st.integers(101, 3000), st.integers(1, 300))
def test_gp2_single_burst_sized_by_simulation(capacity: int, burst: int, tens: int) -> None:
    # rule: EBS-GP2-BURST - the chosen size delivers the whole burst from a full bucket (checked
    # by simulating the credit balance); one GiB smaller would not
    seconds = tens * 10.0
    spec = specs()["gp2"]
    ch = cheapest_config("gp2", size_gib=capacity, burst_iops=burst, burst_seconds=seconds,
                         spec=spec)
    assert ch.feasible
    demand = io_profile([(seconds, burst)], step_seconds=10)
    sim = gp2_credit_balance(size_gib=ch.size_gib, demand_iops=demand, step_seconds=10, spec=spec)
    assert (sim["delivered_iops"] >= sim["demand_iops"] - 1e-6).all()
    if ch.size_gib > capacity:
        sim = gp2_credit_balance(size_gib=ch.size_gib - 1, demand_iops=demand, step_seconds=10,
                                 spec=spec)
        assert (sim["delivered_iops"] < sim["demand_iops"] - 1e-6).any()


# -- brute force -----------------------------------------------------------------------------------
def _meets(vt: str, spec: VolumeSpec, s: np.ndarray, i: np.ndarray | None,
           t: np.ndarray | None, req: dict[str, float]) -> np.ndarray:
    """Independent check: allowed by the limits and delivering the requirement."""
    ok = np.asarray(config_valid(vt, size_gib=s, iops=i, throughput_mibps=t, spec=spec))
    perf = performance(vt, size_gib=s, iops=i, throughput_mibps=t, spec=spec)
    peak = max(req["iops"], req["burst_iops"])
    ok = ok & (s >= req["size_gib"]) & (perf.sustained_throughput_mibps >= req["thr"] - 1e-9)
    if vt == "gp2" and req["burst_iops"] > req["iops"]:
        base = np.asarray(perf.sustained_iops)
        lasts = np.asarray(gp2_burst_seconds(credit_balance=spec.burst_bucket_credits,
                                             demand_iops=req["burst_iops"], baseline_iops=base))
        in_burst = (req["burst_iops"] <= np.asarray(perf.burst_iops)) & (lasts >= req["burst_s"])
        ok = ok & (base >= req["iops"]) & ((base >= peak) | in_burst)
    else:
        ok = ok & (np.asarray(perf.sustained_iops) >= peak)
    if req["boot"] and not spec.boot:
        ok = ok & False
    if req["instances"] > 1 and not spec.multi_attach:
        ok = ok & False
    return ok


def _grid(lo: float, hi: float, extra: list[float], n: int = 40) -> np.ndarray:
    base = np.unique(np.round(np.geomspace(max(lo, 1), hi, n)))
    near = [v + d for v in extra for d in range(-8, 3)]
    vals = np.concatenate([base, np.round(np.asarray(near, dtype=float))])
    return np.unique(vals[(vals >= lo) & (vals <= hi)])


@settings(max_examples=60)
@given(st.sampled_from(VOLUME_TYPES), st.sampled_from(["aws_today", "notes"]),
       st.integers(1, 20000), st.one_of(st.just(0), st.integers(0, 300000)),
       st.one_of(st.just(0.0), st.floats(0, 4000)), st.one_of(st.just(0), st.integers(0, 5000)),
       st.integers(1, 4000), st.booleans(), st.sampled_from([1, 1, 2]))
def test_optimiser_never_dearer_than_brute_force(vt: str, basis: str, capacity: int, iops: int,
                                                 thr: float, burst: int, burst_s: int,
                                                 boot: bool, instances: int) -> None:
    _check_against_brute_force(vt, basis, capacity, iops, thr, burst, burst_s, boot, instances)


# Requirements that make each type grow: gp2 and HDD for throughput, io1 for its 50 IOPS per
# GiB, gp3 for the IOPS a throughput needs, gp2 for a burst, limits reached.
@pytest.mark.parametrize("vt", VOLUME_TYPES)
@pytest.mark.parametrize("basis", ["aws_today", "notes"])
@pytest.mark.parametrize(("capacity", "iops", "thr", "burst", "burst_s"), [
    (10, 0, 300.0, 0, 1), (100, 0, 180.0, 0, 1), (100, 20000, 0.0, 0, 1), (100, 0, 900.0, 0, 1),
    (50, 100, 0.0, 3000, 3600), (1, 70000, 3000.0, 0, 1), (5000, 400, 150.0, 0, 1),
    (200, 250, 90.0, 0, 1),
])
def test_optimiser_matches_brute_force_where_sizes_grow(vt: str, basis: str, capacity: int,
                                                        iops: int, thr: float, burst: int,
                                                        burst_s: int) -> None:
    _check_against_brute_force(vt, basis, capacity, iops, thr, burst, burst_s, False, 1)


def _check_against_brute_force(vt: str, basis: str, capacity: int, iops: int, thr: float,
                               burst: int, burst_s: int, boot: bool, instances: int) -> None:
    spec = specs(basis)[vt]
    req = {"size_gib": capacity, "iops": iops, "thr": thr, "burst_iops": burst,
           "burst_s": burst_s, "boot": boot, "instances": instances}
    ch = cheapest_config(vt, size_gib=capacity, iops=iops, throughput_mibps=thr,
                         burst_iops=burst, burst_seconds=burst_s, boot=boot,
                         attach_instances=instances, spec=spec)
    usd = cheapest_usd_per_month(vt, ch, iops=iops, prices=EAST.values, spec=spec)
    if vt in ("gp3", "io1", "io2"):
        sizes = _grid(spec.min_size_gib, spec.max_size_gib, [capacity, ch.size_gib])
    else:  # performance follows size alone: try every whole GiB
        sizes = np.arange(spec.min_size_gib, spec.max_size_gib + 1)
    io_req = io_requests_millions_per_month(iops=iops)
    if vt in ("gp3", "io1", "io2"):
        lo = spec.min_iops or 0
        iops_axis = _grid(lo, spec.max_iops or lo, [iops, burst, ch.iops, lo])
        thr_axis = (_grid(spec.included_throughput_mibps or 0, spec.max_throughput_mibps or 0,
                          [thr, ch.throughput_mibps], n=15) if vt == "gp3" else None)
        if thr_axis is None:
            s, i = (a.ravel() for a in np.meshgrid(sizes, iops_axis, indexing="ij"))
            t = None
        else:
            s, i, t = (a.ravel() for a in np.meshgrid(sizes, iops_axis, thr_axis, indexing="ij"))
    else:
        s, i, t = sizes, None, None
    mask = _meets(vt, spec, s, i, t, req)
    cost = volume_usd_per_month(vt, size_gib=s, iops=i, throughput_mibps=t, prices=EAST.values,
                                spec=spec,
                                io_requests_millions=io_req if vt == "standard" else 0.0)
    if mask.any():
        assert ch.feasible, f"brute force found a {vt} configuration; optimiser said infeasible"
        assert usd <= float(np.min(np.asarray(cost)[mask])) + 1e-9
    if ch.feasible:  # the optimiser's own choice passes the independent check
        one = _meets(vt, spec, np.array([ch.size_gib]),
                     None if i is None else np.array([ch.iops]),
                     None if t is None else np.array([ch.throughput_mibps]), req)
        assert one.all()


@settings(max_examples=60)
@given(st.sampled_from(VOLUME_TYPES), st.integers(1, 20000), st.integers(1, 20000),
       st.integers(0, 100000), st.integers(0, 100000), st.floats(0, 3000), st.floats(0, 3000))
def test_cheapest_cost_never_falls_as_the_requirement_grows(vt: str, c1: int, c2: int, i1: int,
                                                            i2: int, t1: float,
                                                            t2: float) -> None:
    (c1, c2), (i1, i2), (t1, t2) = sorted((c1, c2)), sorted((i1, i2)), sorted((t1, t2))
    spec = specs()[vt]

    def usd(c: int, i: int, t: float) -> tuple[bool, float]:
        ch = cheapest_config(vt, size_gib=c, iops=i, throughput_mibps=t, spec=spec)
        return ch.feasible, cheapest_usd_per_month(vt, ch, iops=i, prices=EAST.values, spec=spec)

    ok1, low = usd(c1, i1, t1)
    for args in ((c2, i1, t1), (c1, i2, t1), (c1, i1, t2)):
        ok2, high = usd(*args)
        if ok2:
            assert ok1 and high >= low - 1e-9  # a bigger need never becomes feasible or cheaper


# -- curves and grids for the GUI ------------------------------------------------------------------
def test_cost_vs_iops_curves_match_the_scalar_optimiser() -> None:
    x = np.array([0, 1000, 3000, 3001, 10000, 16000, 16001, 64000, 100000])
    curves = cost_vs_iops_curves(iops=x, size_gib=200, prices=EAST, limits=CATALOG.limits)
    assert set(curves["volume_type"]) == set(VOLUME_TYPES) and len(curves) == 7 * len(x)
    for r in curves.sample(20, random_state=1).to_dict("records"):
        o = options(size_gib=200, iops=int(r["required_iops"]))[r["volume_type"]]
        assert r["feasible"] == o["feasible"]
        if r["feasible"]:
            assert r["usd_per_month"] == pytest.approx(o["usd_per_month"])
    gp3 = curves[curves["volume_type"] == "gp3"]
    assert (np.diff(gp3["usd_per_month"].dropna().to_numpy()) >= 0).all()  # never falls
    assert list(gp3["feasible"]) == [True] * 8 + [False]  # 100,000 IOPS > 80,000 (EBS-GP3)


def test_cost_grid_is_vectorised_and_flags_invalid_points() -> None:
    sizes, iops = np.linspace(1, 16384, 100), np.linspace(0, 80000, 100)
    for vt in VOLUME_TYPES:
        g = cost_grid(vt, size_gib=sizes, iops=iops, prices=EAST, spec=specs()[vt])
        assert len(g) == 10000 and g["usd_per_month"].notna().all()
    g = cost_grid("gp3", size_gib=np.array([10.0, 40.0]), iops=np.array([20000.0]), prices=EAST,
                  spec=specs()["gp3"])
    assert list(g["valid"]) == [False, True]  # 500 IOPS per GiB (rule: EBS-GP3)
    g = cost_grid("gp2", size_gib=np.array([3333.0, 3334.0]), iops=np.array([10000.0]),
                  prices=EAST, spec=specs()["gp2"])
    assert list(g["valid"]) == [False, True]  # 3 IOPS per GiB (rule: EBS-GP2-IOPS)


# -- gp2 credit balance over time ------------------------------------------------------------------
def test_credit_balance_drains_in_2000_s_and_refills_in_18000_s() -> None:
    # rule: EBS-GP2-BURST - EBS docs gp2 table, 100 GiB: 2,000 s at 3,000 IOPS, 18,000 s to refill
    spec = specs()["gp2"]
    demand = io_profile([(2500, 3000), (18000, 0)], step_seconds=100)
    sim = gp2_credit_balance(size_gib=100, demand_iops=demand, step_seconds=100, spec=spec)
    at = sim.set_index("time_s")
    assert at.loc[2000, "credit_balance"] == pytest.approx(0)
    assert (at.loc[100:2000, "delivered_iops"] == 3000).all()
    assert (at.loc[2100:2500, "delivered_iops"] == 300).all()  # back to baseline
    assert at.loc[2500 + 18000, "burst_balance_pct"] == pytest.approx(100)
    assert at.loc[2500 + 17900, "burst_balance_pct"] < 100
    # a step in which the bucket empties delivers the time-weighted average
    sim = gp2_credit_balance(size_gib=100, demand_iops=[3000] * 8, step_seconds=300, spec=spec)
    assert sim["delivered_iops"].iloc[6] == pytest.approx((3000 * 200 + 300 * 100) / 300)


def test_large_gp2_never_spends_credits() -> None:
    # rule: EBS-GP2-BURST - 1,000 GiB: baseline 3,000, "N/A" in the docs table
    sim = gp2_credit_balance(size_gib=1000, demand_iops=[5000, 2000, 3000], step_seconds=60,
                             spec=specs()["gp2"])
    assert list(sim["delivered_iops"]) == [3000, 2000, 3000]
    assert (sim["burst_balance_pct"] == 100).all()


def test_credit_balance_bad_input() -> None:
    from calc.errors import InputError

    with pytest.raises(InputError, match="initial_credits"):
        gp2_credit_balance(size_gib=100, demand_iops=[1], step_seconds=1, spec=specs()["gp2"],
                           initial_credits=-1)
    with pytest.raises(InputError, match="step_seconds"):
        io_profile([(10, 1)], step_seconds=0)
    with pytest.raises(InputError, match="segments"):
        io_profile([(15, 1)], step_seconds=10)


@settings(max_examples=50)
@given(st.integers(1, 999), st.lists(st.integers(0, 6000), min_size=1, max_size=40))
def test_credit_balance_stays_within_the_bucket(size: int, demand: list[int]) -> None:
    # rule: EBS-GP2-BURST - 0 <= balance <= 5.4M; delivered never above demand or the ceiling
    sim = gp2_credit_balance(size_gib=size, demand_iops=demand, step_seconds=SECONDS_PER_HOUR / 4,
                             spec=specs()["gp2"])
    assert sim["credit_balance"].between(0, 5_400_000).all()
    assert (sim["delivered_iops"] <= sim["demand_iops"] + 1e-9).all()
    assert (sim["delivered_iops"] <= 3000 + 1e-9).all()
