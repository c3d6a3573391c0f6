"""Run every benchmark: ``python -m bench [NAME-SUBSTRING ...]``."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main(argv: list[str]) -> int:
    modules = sorted(m.name for m in pkgutil.iter_modules(bench.__path__)
                     if m.name.startswith("bench_"))
    header = f"{'benchmark':58} {'median':>10} {'min':>9} {'max':>9} {'ratio':>7}  goal"
    print(header)
    print("-" * len(header))
    for name in modules:
        mod = importlib.import_module(f"bench.{name}")
        for b in mod.benchmarks():
            if argv and not any(a in b.name for a in argv):
                continue
            r = bench.run(b)
            ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
            verdict = {True: "met", False: "NOT met", None: ""}[r.met]
            base = (f" (baseline {b.baseline_name}: {r.baseline_median_ms:.2f} ms)"
                    if r.baseline_median_ms is not None else "")
            print(f"{r.name:58} {r.median_ms:8.3f}ms {r.min_ms:7.3f}ms {r.max_ms:7.3f}ms "
                  f"{ratio:>7}  {r.goal} {verdict}{base}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
