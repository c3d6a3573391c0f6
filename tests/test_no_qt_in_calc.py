"""The pure core never imports Qt: import every calc module in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import importlib, pkgutil, sys
import calc
for m in pkgutil.walk_packages(calc.__path__, "calc."):
    if m.name.endswith("__main__"):
        continue
    importlib.import_module(m.name)
import calc.cli
calc.cli.build_parser()
bad = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"))
print(",".join(bad))
"""


def test_importing_calc_loads_no_qt() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
