"""Process start to a moment a person sees: ``python -m bench.startup WHICH``.

``answer``: the window shows the first page's computed results (its ``first_answer``: table
rows and chart drawn), which is when a person can read an answer; ``ready``: every page built;
``costsizer``: the first paint of the window (the shell, for comparison).

``bare`` is a plain PySide6 + pyqtgraph window (one PlotWidget), the baseline the GUI start is
measured against in the same benchmark run. The process exits as soon as the window has painted.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def main(which: str) -> int:
    """``bare``, ``costsizer`` (first paint), ``answer`` (first page's results on screen)
    or ``costsizer-ready`` (every page built)."""
    if which != "bare":
        import gui.app  # noqa: F401  first, exactly as `python -m gui` imports (gui/__init__.py)
    import pyqtgraph as pg
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(["bench"])
    if which == "bare":
        window = QMainWindow()
        window.setCentralWidget(pg.PlotWidget())
        window.resize(1280, 800)
    elif which == "answer":
        from calc.pricing.snapshots import active_catalog
        from gui.app import start

        window = start(active_catalog())  # exactly as `python -m gui` starts
        # end the process at that moment: what runs after (the other pages) is not waited for
        window.first_answer.connect(lambda _key: os._exit(0))
        QTimer.singleShot(10_000, app.quit)  # never hang a benchmark
        app.exec()
        return 0
    else:
        from calc.pricing.snapshots import active_catalog
        from gui.app import build_main_window

        window = build_main_window(active_catalog(), build_pages=False)  # as `python -m gui` starts
        if which == "costsizer-ready":
            window.pages_built.connect(app.quit)

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if (which != "costsizer-ready" and event.type() == QEvent.Type.Paint
                    and isinstance(obj, QWidget) and obj.window() is window):
                QTimer.singleShot(0, lambda: os._exit(0))  # after this paint, as `answer`
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.show()
    if which == "costsizer-ready":
        window.build_pages_later()
    QTimer.singleShot(10_000, app.quit)  # never hang a benchmark
    app.exec()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "costsizer"))
