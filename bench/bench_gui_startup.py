"""GUI start: process start to first paint, against a bare PySide6 + pyqtgraph window
(issue goal: at most 1.3x the bare window), both measured as whole processes in this run."""

from __future__ import annotations

import subprocess
import sys

from bench import Bench


def _start(which: str) -> None:
    subprocess.run([sys.executable, "-m", "bench.startup", which], check=True,
                   capture_output=True)


def benchmarks() -> list[Bench]:
    return [Bench("gui: process start to first paint", lambda: _start("costsizer"),
                  baseline=lambda: _start("bare"), baseline_name="bare PySide6+pyqtgraph",
                  goal_ratio=1.3, repeat=7),
            Bench("gui: process start to every page built (no goal)",
                  lambda: _start("costsizer-ready"),
                  baseline=lambda: _start("bare"), baseline_name="bare PySide6+pyqtgraph",
                  repeat=5)]
