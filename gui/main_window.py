"""The main window: page navigation, the region selector, menus and the status bar.

Pages are described by :class:`PageSpec` so the window can paint before any page (and pandas)
is built: ``build_pages()`` creates them, the shown page first. Tests build them eagerly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from calc.pricing import Catalog

if TYPE_CHECKING:
    from gui.pages.base import Page


@dataclass(frozen=True)
class PageSpec:
    key: str  # object name page_<key>
    title: str
    price_tables: tuple[str, ...]  # snapshot tables behind the page's prices
    factory: Callable[[Catalog], Page]


class MainWindow(QMainWindow):
    region_changed = Signal(str)
    page_changed = Signal(str)
    pages_built = Signal()

    def __init__(self, catalog: Catalog, specs: list[PageSpec], *, build_pages: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.specs = {s.key: s for s in specs}
        self.pages: dict[str, Page] = {}
        self.setWindowTitle("Costsizer - AWS cost and sizing")
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(230)
        self.stack = QStackedWidget()
        for spec in specs:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            holder = QLabel("Loading...")  # replaced by the page when it is built
            holder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(holder)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 1060])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._on_nav)

        self.region_box = QComboBox()
        self.region_box.setObjectName("region_selector")
        self.region_box.setToolTip("AWS Region for every calculator's prices")
        for reg in catalog.regions():
            self.region_box.addItem(f"{reg.code}  {reg.name}", reg.code)
        self.region_box.setCurrentIndex(self.region_box.findData("us-east-1"))
        toolbar = QToolBar("Region")
        toolbar.setObjectName("region_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Region: "))
        toolbar.addWidget(self.region_box)
        self.addToolBar(toolbar)
        self.region_box.currentIndexChanged.connect(self._on_region)

        self.prices_label = QLabel()
        self.prices_label.setObjectName("prices_as_of")
        self.statusBar().addPermanentWidget(self.prices_label)

        self._build_menus()
        self.nav.setCurrentRow(0)
        if build_pages:
            self.build_pages()

    # -- pages --------------------------------------------------------------------------
    def build_pages(self) -> None:
        """Create every page now (the current one first)."""
        current = self.current_key()
        for key in [current, *[k for k in self.specs if k != current]]:
            self._build_page(key)
        self.pages_built.emit()

    def build_pages_later(self) -> None:
        """Create the pages from the event loop, one per turn, so the window stays live."""
        order = [self.current_key(), *[k for k in self.specs if k != self.current_key()]]

        def step() -> None:
            if order:
                self._build_page(order.pop(0))
                QTimer.singleShot(0, step)
            else:
                self.pages_built.emit()

        QTimer.singleShot(0, step)

    def _build_page(self, key: str) -> Page:
        if key in self.pages:
            return self.pages[key]
        spec = self.specs[key]
        page = spec.factory(self.catalog)
        page.set_region(self.region())
        index = list(self.specs).index(key)
        old = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.stack.setCurrentIndex(current)
        self.pages[key] = page
        return page

    def show_page(self, key: str) -> Page:
        page = self._build_page(key)
        self.nav.setCurrentRow(list(self.specs).index(key))
        return page

    def current_key(self) -> str:
        row = max(self.nav.currentRow(), 0)
        return list(self.specs)[row]

    def current_page(self) -> Page:
        return self._build_page(self.current_key())

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self._update_prices_label()
        self.page_changed.emit(self.current_key())

    # -- menus --------------------------------------------------------------------------
    def _action(self, menu: object, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.quit_action = self._action(self.file_menu, "&Quit", self.close,
                                        QKeySequence.StandardKey.Quit)
        self.view_menu = bar.addMenu("&View")
        for i, spec in enumerate(self.specs.values(), start=1):
            self._action(self.view_menu, spec.title, lambda k=spec.key: self.show_page(k),
                         f"Ctrl+{i}" if i <= 9 else None)
        self.help_menu = bar.addMenu("&Help")
        self.about_action = self._action(self.help_menu, "&About Costsizer", self.show_about)

    # -- region -------------------------------------------------------------------------
    def set_region(self, code: str) -> None:
        i = self.region_box.findData(code)
        if i < 0:
            return
        if i != self.region_box.currentIndex():
            self.region_box.setCurrentIndex(i)  # emits -> _on_region
        else:
            self._on_region(i)

    def region(self) -> str:
        return str(self.region_box.currentData())

    def _on_region(self, index: int) -> None:
        code = str(self.region_box.itemData(index))
        for page in self.pages.values():
            page.set_region(code)
        self._update_prices_label()
        self.region_changed.emit(code)

    def prices_as_of(self, key: str) -> str:
        """e.g. "2024-07-18 (Amazon EBS pricing-page feed)" for the page ``key``."""
        tables = self.specs[key].price_tables
        if not tables:
            lo, hi = self.catalog.as_of_range
            return f"{lo} to {hi} ({self.catalog.label} snapshot)"
        dates = sorted({self.catalog.table_as_of(t) for t in tables})
        titles: list[str] = []
        for t in tables:
            for s in self.catalog.table_sources(t):
                if s.title not in titles:
                    titles.append(s.title)
        when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
        return f"{when} ({'; '.join(titles)})"

    def _update_prices_label(self) -> None:
        if self.specs:
            self.prices_label.setText(f"Prices as of {self.prices_as_of(self.current_key())}")

    # -- help ---------------------------------------------------------------------------
    def about_text(self) -> str:
        lo, hi = self.catalog.as_of_range
        rows = []
        for name, info in self.catalog.manifest["tables"].items():
            for sid in info["sources"]:
                s = self.catalog.source(sid)
                rows.append(f"<tr><td>{name}</td><td>{s.as_of}</td><td>{s.title}<br>"
                            f"<small>{s.url}</small></td></tr>")
        return (
            "<h3>Costsizer</h3><p>Offline AWS cost and sizing calculators. Every price is a "
            "public AWS list price in USD from a dated snapshot; nothing is estimated, and a "
            "missing price is shown as missing.</p>"
            f"<p>Active snapshot: {self.catalog.label}, prices as of {lo} to {hi}.</p>"
            "<table cellpadding=3><tr><th align=left>table</th><th align=left>as of</th>"
            "<th align=left>source</th></tr>" + "".join(rows) + "</table>")

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About Costsizer")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.open()
