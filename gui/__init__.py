"""Costsizer's Qt desktop app. Thin: presenters call :mod:`calc`, widgets only draw.

PySide6 is imported here, before any gui module imports pydantic: PySide6's import hook
inspects every module imported after it, and meeting a half-imported pydantic that way fails
with a circular import. PySide6 first is always safe (and pyqtgraph must use PySide6).
"""

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import PySide6.QtCore  # noqa: E402, F401
