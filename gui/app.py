"""Start the Costsizer GUI: ``python -m gui`` (installed as ``costsizer``).

``build_main_window(catalog)`` returns the main window without showing it (for tests);
``python -m gui --screenshot DIR`` renders every page offscreen at 1280x800 to
``DIR/<page>.png`` and exits.

Without a display (over ssh, say) ``python -m gui`` prints one line saying so and exits with 2,
instead of Qt's abort. ``COSTSIZER_READY_FILE=PATH`` makes the app write a small JSON file once
the first page's results are on screen (the real-window smoke test and ``make bench`` wait for it).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402  (PySide6 before pyqtgraph)
from PySide6.QtWidgets import QApplication  # noqa: E402

from calc.pricing import Catalog  # noqa: E402
from calc.pricing.snapshots import active_catalog, active_fallback_reason  # noqa: E402
from gui.main_window import MainWindow, PageSpec  # noqa: E402

if TYPE_CHECKING:
    from gui.pages.base import Page

_configured = False


def configure_pyqtgraph() -> None:
    """Global pyqtgraph options, once, before any plot widget exists."""
    global _configured
    if not _configured:
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        _configured = True


def page_specs() -> list[PageSpec]:
    """The pages in navigation order. Page modules import lazily (start-up time)."""
    return [
        PageSpec("ec2", "EC2 purchasing options",
                 ("ec2_on_demand", "ec2_reserved", "ec2_spot_avg"), _ec2_page),
        PageSpec("ebs", "EBS volumes", ("ebs_prices",), _ebs_page),
        PageSpec("lambda", "Lambda",
                 ("lambda_prices", "lambda_duration_tiers", "ec2_on_demand"), _lambda_page),
        PageSpec("s3", "S3 & storage lifecycle", ("s3_prices",), _s3_page),
        PageSpec("transfer", "EFS & data transfer", ("efs_prices",), _transfer_page),
        PageSpec("checks", "Plan checks", (), _checks_page),
    ]


def _ec2_page(cat: Catalog) -> Page:
    from gui.pages.ec2 import Ec2Page

    return Ec2Page(cat)


def _ebs_page(cat: Catalog) -> Page:
    from gui.pages.ebs import EbsPage

    return EbsPage(cat)


def _s3_page(cat: Catalog) -> Page:
    from gui.pages.s3 import S3Page

    return S3Page(cat)


def _transfer_page(cat: Catalog) -> Page:
    from gui.pages.transfer import TransferPage

    return TransferPage(cat)


def _lambda_page(cat: Catalog) -> Page:
    from gui.pages.lambda_ import LambdaPage

    return LambdaPage(cat)


def _checks_page(cat: Catalog) -> Page:
    from gui.pages.checks import ChecksPage

    return ChecksPage(cat)


def application(argv: Sequence[str] = ()) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(["costsizer", *argv])
        app.setApplicationName("Costsizer")
        app.setOrganizationName("Costsizer")
    configure_pyqtgraph()
    assert isinstance(app, QApplication)
    return app


def build_main_window(catalog: Catalog, *, build_pages: bool = True,
                      settings: QSettings | None = None) -> MainWindow:
    """The main window on ``catalog``, not shown, with every page built (unless
    ``build_pages`` is False: then call ``window.build_pages_later()`` once it is shown).
    ``settings`` defaults to the user's QSettings (window geometry, last region, recent
    files)."""
    application()
    return MainWindow(catalog, page_specs(), build_pages=build_pages, settings=settings)


def screenshot(window: MainWindow, folder: Path) -> list[Path]:
    """Render every page at 1280x800 into ``folder/<page>.png``."""
    from gui.pages.base import save_png

    folder.mkdir(parents=True, exist_ok=True)
    app = application()
    window.resize(1280, 800)
    window.show()
    paths = []
    for key in window.pages:
        window.show_page(key)
        app.processEvents()
        path = folder / f"{key}.png"
        save_png(window, path)
        paths.append(path)
    return paths


def display_problem(env: dict[str, str] | None = None) -> str | None:
    """Why no window can open here, in one line, or None. Checks what Qt would connect to
    (the X server named by DISPLAY for xcb, WAYLAND_DISPLAY for wayland) without loading Qt,
    so a missing display never ends in Qt's abort (exit 134) with a misleading hint."""
    env = dict(os.environ) if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0]
    hint = ("use the command line instead (python -m calc --help), set DISPLAY to a running X "
            "server, or render the pages to PNG with: python -m gui --screenshot DIR")
    if platform not in ("", "xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs ...: not ours to second-guess
    if platform.startswith("wayland") or (not platform and env.get("WAYLAND_DISPLAY")
                                          and not env.get("DISPLAY")):
        if env.get("WAYLAND_DISPLAY"):
            return None
        return f"costsizer: no display found (WAYLAND_DISPLAY is not set); {hint}"
    display = env.get("DISPLAY", "")
    if not display:
        return f"costsizer: no display found (DISPLAY is not set); {hint}"
    if not _x_server_answers(display):
        return f"costsizer: no X server answers at DISPLAY={display}; {hint}"
    return None


def _x_server_answers(display: str) -> bool:
    """True if an X server listens where X11 clients connect for ``display`` (":N",
    "unix:N", "host:N", each optionally ".screen"). A local display is looked up without
    connecting (a probe connection that closes makes an X server with no other client reset,
    and the app's own connection would then fail); a remote one (ssh's "localhost:10") is
    tried with a TCP connection."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return True  # a form we do not parse: let Qt try
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        if os.path.exists(path):
            return True
        try:  # a server listening on the abstract socket only: Linux lists it as "@path"
            with open("/proc/net/unix", encoding="ascii", errors="replace") as table:
                return any(line.rstrip().endswith("@" + path) for line in table)
        except OSError:
            return True  # cannot tell: let Qt try
    try:
        with socket.create_connection((host, 6000 + int(number)), timeout=2):
            return True
    except OSError:
        return False


def _report_first_answer(window: MainWindow, path: Path, started: float) -> None:
    """Write ``path`` (atomically) once the first page's results are on screen."""
    from calc.fileio import write_atomic

    def done(key: str) -> None:
        page = window.pages[key]
        info = {"page": key, "title": window.windowTitle(),
                "rows": page.results_table.model().rowCount(),
                "seconds_after_main": round(time.perf_counter() - started, 3)}
        write_atomic(path, json.dumps(info) + "\n")

    window.first_answer.connect(done)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="costsizer", description="Costsizer desktop app")
    parser.add_argument("--screenshot", type=Path, metavar="DIR",
                        help="render every page offscreen to DIR/<page>.png and exit")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        problem = display_problem()
        if problem:
            sys.stderr.write(problem + "\n")
            return 2
    app = application()
    # The one place the GUI chooses its prices: every page is handed this catalog.
    catalog = active_catalog()
    if args.screenshot:
        window = build_main_window(catalog)
        window.note_fallback(active_fallback_reason())
        for path in screenshot(window, args.screenshot):
            sys.stdout.write(f"{path}\n")
        return 0
    window = start(catalog)
    window.note_fallback(active_fallback_reason())
    ready_file = os.environ.get("COSTSIZER_READY_FILE")
    if ready_file:
        _report_first_answer(window, Path(ready_file), started)
    return app.exec()


def start(catalog: Catalog) -> MainWindow:
    """Show the main window and build its pages from the event loop, the shown page first
    (what ``python -m gui`` does; ``make bench`` times it to the window's ``first_answer``)."""
    window = build_main_window(catalog, build_pages=False)
    window.show()
    # take the keyboard focus (a window manager would give it; without one, as on a bare X
    # server, Ctrl+1..6 would otherwise go nowhere)
    window.raise_()
    window.activateWindow()
    window.build_pages_later()
    return window
