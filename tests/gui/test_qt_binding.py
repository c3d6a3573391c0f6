"""Guards against Qt binding bugs that would crash the app far from their cause."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(bool)


def test_bool_signal_keeps_reference_counts() -> None:
    # PySide6 6.12.0 stole a reference to True on every emit of a Signal(bool) to a Python
    # slot; the interpreter then aborted while freeing True (pyproject pins PySide6 < 6.12).
    emitter, seen = _Emitter(), []
    emitter.changed.connect(seen.append)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.changed.emit(True)
    stolen = seen.count(True) - (sys.getrefcount(True) - before)
    assert stolen < 10  # the buggy binding steals all 200 (other code may move a few refs)
