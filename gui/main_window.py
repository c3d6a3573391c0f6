"""The main window: page navigation, the region selector, menus and the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
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
from gui.pages.base import Page

PageFactory = Callable[[Catalog], Page]


class MainWindow(QMainWindow):
    region_changed = Signal(str)
    page_changed = Signal(str)

    def __init__(self, catalog: Catalog, pages: list[PageFactory],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.setWindowTitle("Costsizer - AWS cost and sizing")
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setFixedWidth(210)
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for factory in pages:
            page = factory(catalog)
            self.pages[page.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.nav.addItem(item)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._on_nav)

        self.region_box = QComboBox()
        self.region_box.setObjectName("region_selector")
        self.region_box.setToolTip("AWS Region for every calculator's prices")
        for reg in catalog.regions():
            self.region_box.addItem(f"{reg.code}  {reg.name}", reg.code)
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
        self.set_region("us-east-1")
        self.nav.setCurrentRow(0)

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
        view = bar.addMenu("&View")
        for i, page in enumerate(self.pages.values(), start=1):
            self._action(view, page.title, lambda k=page.key: self.show_page(k),
                         f"Ctrl+{i}" if i <= 9 else None)
        help_menu = bar.addMenu("&Help")
        self.about_action = self._action(help_menu, "&About Costsizer", self.show_about)

    # -- navigation and region ----------------------------------------------------------
    def show_page(self, key: str) -> Page:
        page = self.pages[key]
        self.nav.setCurrentRow(list(self.pages).index(key))
        return page

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.current_page()
        self._update_prices_label()
        self.page_changed.emit(page.key)

    def set_region(self, code: str) -> None:
        i = self.region_box.findData(code)
        if i >= 0 and i != self.region_box.currentIndex():
            self.region_box.setCurrentIndex(i)
        elif i >= 0:
            self._on_region(i)

    def region(self) -> str:
        return str(self.region_box.currentData())

    def _on_region(self, index: int) -> None:
        code = str(self.region_box.itemData(index))
        for page in self.pages.values():
            page.set_region(code)
        self._update_prices_label()
        self.region_changed.emit(code)

    def _update_prices_label(self) -> None:
        if self.stack.count():
            self.prices_label.setText(f"Prices as of {self.current_page().prices_as_of()}")

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
