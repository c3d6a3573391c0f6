"""Start the Costsizer GUI: ``python -m gui`` (installed as ``costsizer``).

``build_main_window(catalog)`` returns the main window without showing it (for tests);
``python -m gui --screenshot DIR`` renders every page offscreen at 1280x800 to
``DIR/<page>.png`` and exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402  (PySide6 before pyqtgraph)
from PySide6.QtWidgets import QApplication  # noqa: E402

from calc.pricing import Catalog  # noqa: E402
from calc.pricing.snapshots import active_catalog  # noqa: E402
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="costsizer", description="Costsizer desktop app")
    parser.add_argument("--screenshot", type=Path, metavar="DIR",
                        help="render every page offscreen to DIR/<page>.png and exit")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    # The one place the GUI chooses its prices: every page is handed this catalog.
    catalog = active_catalog()
    if args.screenshot:
        window = build_main_window(catalog)
        for path in screenshot(window, args.screenshot):
            sys.stdout.write(f"{path}\n")
        return 0
    # Paint the window first, then build the pages from the event loop.
    window = build_main_window(catalog, build_pages=False)
    window.show()
    window.build_pages_later()
    return app.exec()
