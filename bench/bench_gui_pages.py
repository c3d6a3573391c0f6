"""GUI edit-to-redraw latency per page (issue 7 goal: 50 ms on the heaviest page).

One edit = set a form value + ``page.presenter.recompute()`` + ``QApplication.processEvents()``
(the table, charts, summary and explain panel redrawn, the window shown offscreen); median of
50 edits, cycling through a few values so every edit changes the result. The main window is
built once, on the first timed call's warm-up. Add a page with ``_edit_bench(...)`` below.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from typing import Any

from bench import Bench

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOAL_MS = 50.0
EDITS = 50
_window: Any = None


def _app_window() -> Any:
    global _window
    if _window is None:
        from gui.app import application, build_main_window

        application()
        _window = build_main_window()
        _window.resize(1280, 800)
        _window.show()
    return _window


def _edit_bench(name: str, key: str, field: str, values: Sequence[Any]) -> Bench:
    """Edit ``field`` of page ``key`` to each of ``values`` in turn (raw form values)."""
    cycle = itertools.cycle(values)

    def edit() -> None:
        from PySide6.QtWidgets import QApplication

        window = _app_window()
        page = window.pages[key] if key in window.pages else window.show_page(key)
        if window.current_key() != key:
            window.show_page(key)
        page.form.set_values({field: next(cycle)}, emit=False)
        page.presenter.recompute()
        QApplication.processEvents()

    return Bench(name, edit, goal_ms=GOAL_MS, repeat=EDITS)


def benchmarks() -> list[Bench]:
    out: list[Bench] = []
    for make in _PAGES:
        out.extend(make())
    return out


# -- one function per page ------------------------------------------------------------------
def _lambda() -> list[Bench]:
    # memory: cost breakdown, 10,113-size sweep, concurrency and the EC2 fleet suggestion
    # over every instance type of the Region; the option: the 20 cheapest fleets re-priced
    return [
        _edit_bench("gui lambda: edit memory -> redraw", "lambda", "memory_mb",
                    ["1024", "1536", "2048", "768"]),
        _edit_bench("gui lambda: edit EC2 purchasing option -> redraw", "lambda",
                    "purchasing_option", ["on_demand", "reserved_standard_1yr_no_upfront",
                                          "reserved_standard_3yr_no_upfront"]),
    ]


_PAGES: list[Callable[[], list[Bench]]] = [_lambda]


def _ebs() -> list[Bench]:
    # ebs size over 7 types, cost-vs-IOPS curves (7 types x 242 IOPS), the gp2 credit balance
    # (1,440 steps, at the sized and the asked size), gp2 -> gp3 migration, explain panel
    return [
        _edit_bench("gui ebs: edit sustained IOPS -> redraw", "ebs", "iops",
                    ["6,000", "2,500", "12,000", "1,000"]),
        _edit_bench("gui ebs: edit capacity -> redraw", "ebs", "size_gib",
                    ["2,000", "150", "20,000", "500"]),
    ]


_PAGES.append(_ebs)
