"""Price refresh: ingest a generated AmazonEC2 CSV offer of at least 300 MB (issue 8).

The file is generated at bench time into a temporary folder (never committed) by
``tests.support.offers_synth.write_large_ec2_csv``: the real 91-column header, every OS label,
Shared/Dedicated/Host tenancy, capacity reservations, On-Demand and all 12 Reserved terms.
Each run is a child process, so its peak memory (``VmHWM`` in ``/proc/self/status``) is its
own: the streaming reader (``calc.pricing.refresh.offers.read_ec2_csv``) next to
``pandas.read_csv`` of the same file. Goal: at least pandas' throughput at a quarter of its
peak memory or less.

``python -m bench refresh`` runs it with the others; ``python -m bench.bench_refresh`` alone.
"""

from __future__ import annotations

import atexit
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import Bench

TARGET_BYTES = 300 * 1_000_000
MEMORY_GOAL = 0.25  # ingest peak / pandas peak
REPEAT = 3

_CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
import pandas as pd
from calc.pricing.refresh import offers
t = time.perf_counter()
if mode == "ingest":
    with open(path, "rb") as f:
        rows = offers.read_ec2_csv(f, region="us-east-1", file=path).rows_read
else:
    rows = len(pd.read_csv(path, skiprows=5))
seconds = time.perf_counter() - t
# VmHWM is this process's own peak; ru_maxrss would also count the parent's size at fork
# (Linux keeps the pre-exec high-water mark), which is large after the GUI benchmarks.
try:
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak_kb / 1024}))
"""

_state: dict[str, object] = {}
_runs: dict[str, list[dict[str, float]]] = {"ingest": [], "pandas": []}


def _file() -> Path:
    """The generated offer file (made once per process, removed at exit)."""
    path = _state.get("path")
    if isinstance(path, Path):
        return path
    from tests.support.offers_synth import write_large_ec2_csv

    folder = Path(tempfile.mkdtemp(prefix="costsizer-bench-refresh-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "AmazonEC2-us-east-1-index.csv"
    size = write_large_ec2_csv(path, TARGET_BYTES)
    _state.update(path=path, size=size)
    return path


def _child(mode: str) -> dict[str, float]:
    path = _file()
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", _CHILD, mode, str(path)],
                         capture_output=True, text=True, check=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["mb_per_s"] = int(_state["size"]) / 1e6 / res["seconds"]  # type: ignore[call-overload]
    _runs[mode].append(res)
    return res


def _ingest() -> None:
    _child("ingest")


def _pandas() -> None:
    _child("pandas")
    if len(_runs["pandas"]) == REPEAT + 1:  # the framework's warm-up + REPEAT runs
        report()


def report() -> dict[str, float]:
    """Print and return the medians: MB/s and peak memory of each, and the goal."""
    med = {f"{m}_{k}": statistics.median(r[k] for r in _runs[m])
           for m in _runs for k in ("mb_per_s", "peak_mb")}
    mem_ratio = med["ingest_peak_mb"] / med["pandas_peak_mb"]
    speed_ratio = med["ingest_mb_per_s"] / med["pandas_mb_per_s"]
    met = mem_ratio <= MEMORY_GOAL and speed_ratio >= 1.0
    size_mb = int(_state["size"]) / 1e6  # type: ignore[call-overload]
    print(f"  refresh ingest of a {size_mb:,.0f} MB generated EC2 CSV "
          f"({len(_runs['ingest'])} + {len(_runs['pandas'])} child runs, medians):")
    print(f"    streaming reader: {med['ingest_mb_per_s']:7.1f} MB/s, peak "
          f"{med['ingest_peak_mb']:7.1f} MB")
    print(f"    pandas.read_csv:  {med['pandas_mb_per_s']:7.1f} MB/s, peak "
          f"{med['pandas_peak_mb']:7.1f} MB")
    print(f"    throughput {speed_ratio:.2f}x pandas (goal >= 1), memory {mem_ratio:.2f}x "
          f"pandas (goal <= {MEMORY_GOAL}): {'met' if met else 'NOT met'}")
    sys.stdout.flush()
    return {**med, "memory_ratio": mem_ratio, "speed_ratio": speed_ratio}


def benchmarks() -> list[Bench]:
    return [Bench("refresh: ingest >= 300 MB EC2 CSV (child process)", _ingest,
                  baseline=_pandas, baseline_name="pandas.read_csv", goal_ratio=1.0,
                  repeat=REPEAT)]


if __name__ == "__main__":
    for _ in range(REPEAT):
        _ingest()
        _child("pandas")
    report()
