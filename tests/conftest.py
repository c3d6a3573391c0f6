"""Test set-up: Qt renders offscreen; the bundled snapshot is the active catalog."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
