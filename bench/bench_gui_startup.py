"""GUI start, as whole processes against a bare PySide6 + pyqtgraph window measured in the same
run (issue 14): process start to the first frame that shows the default page's computed results
(table rows and chart drawn; goal at most 1.5x the bare window) and to every page built (goal at
most 2.5x); the first paint of the empty shell is printed for comparison."""

from __future__ import annotations

import subprocess
import sys

from bench import Bench


def _start(which: str) -> None:
    subprocess.run([sys.executable, "-m", "bench.startup", which], check=True,
                   capture_output=True)


def benchmarks() -> list[Bench]:
    bare = {"baseline": lambda: _start("bare"), "baseline_name": "bare PySide6+pyqtgraph"}
    return [Bench("gui: process start to the first answer on screen (EC2)",
                  lambda: _start("answer"), goal_ratio=1.5, repeat=7, **bare),
            Bench("gui: process start to every page built", lambda: _start("costsizer-ready"),
                  goal_ratio=2.5, repeat=5, **bare),
            Bench("gui: process start to first paint of the shell (no goal)",
                  lambda: _start("costsizer"), repeat=5, **bare)]
