"""Benchmarks (``make bench``): medians and ratios against a baseline run in the same process.

Each ``bench/bench_*.py`` module defines ``benchmarks()`` returning :class:`Bench` items.
Goals are printed beside the measurement, never asserted: speed is measured, not tested.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Bench:
    name: str
    func: Callable[[], object]
    goal_ms: float | None = None  # median goal in milliseconds, if the issue sets one
    baseline: Callable[[], object] | None = None  # same-process reference for a ratio
    baseline_name: str = ""
    goal_ratio: float | None = None  # goal for median / baseline median
    repeat: int = 30
    setup: Callable[[], object] | None = None  # run before each timing (not timed)


@dataclass
class Result:
    name: str
    median_ms: float
    min_ms: float
    max_ms: float
    runs: int
    baseline_median_ms: float | None = None
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None


def _time(func: Callable[[], object], repeat: int,
          setup: Callable[[], object] | None) -> list[float]:
    func()  # warm-up (imports, caches)
    out = []
    for _ in range(repeat):
        if setup:
            setup()
        t0 = time.perf_counter()
        func()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def run(b: Bench) -> Result:
    times = _time(b.func, b.repeat, b.setup)
    med = statistics.median(times)
    res = Result(b.name, med, min(times), max(times), len(times))
    goals = []
    met = True
    if b.goal_ms is not None:
        goals.append(f"<= {b.goal_ms:g} ms")
        met &= med <= b.goal_ms
    if b.baseline is not None:
        base = statistics.median(_time(b.baseline, b.repeat, b.setup))
        res.baseline_median_ms = base
        res.ratio = med / base if base else None
        if b.goal_ratio is not None:
            goals.append(f"<= {b.goal_ratio:g}x {b.baseline_name}")
            met &= res.ratio is not None and res.ratio <= b.goal_ratio
    res.goal = "; ".join(goals)
    res.met = met if goals else None
    return res
