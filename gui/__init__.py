"""Costsizer's Qt desktop app. Thin: presenters call :mod:`calc`, widgets only draw.

Import order, for start-up time and safety:

1. numpy, pandas, pydantic and the parts of :mod:`calc` the first page needs, completely,
   before PySide6. PySide6's import hook reads the source of every module imported after it
   (looking for ``from __feature__``); for these ~500 modules that cost about a third of a
   second of start-up (issue 14, "Start-up to the first answer").
2. PySide6, before any gui module: a module imported half-way when PySide6's hook meets it
   (pydantic, once) fails with a circular import; what is imported completely in step 1 is
   never half-way. pyqtgraph then uses PySide6.
"""

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy  # noqa: E402, F401
import pandas  # noqa: E402, F401
import pydantic  # noqa: E402, F401

import calc.ec2.api  # noqa: E402, F401
import calc.pricing.snapshots  # noqa: E402, F401
import calc.report  # noqa: E402, F401

# isort: split
import PySide6.QtCore  # noqa: E402, F401
