"""The main window: page navigation, the region selector, menus and the status bar.

Pages are described by :class:`PageSpec` so the window can paint before any page (and pandas)
is built: ``build_pages()`` creates them, the shown page first. Tests build them eagerly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from calc.pricing import Catalog
from calc.pricing.snapshots import fall_back
from gui.session import Session

if TYPE_CHECKING:
    from gui.pages.base import Page
    from gui.scenario import Scenario


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
    # once, when the page shown at start has painted its first computed results (the moment a
    # person gets the first answer; `make bench` and the real-window smoke test wait for it)
    first_answer = Signal(str)

    MAX_RECENT = 8

    def __init__(self, catalog: Catalog, specs: list[PageSpec], *, build_pages: bool = True,
                 settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.settings = settings if settings is not None else QSettings()
        self.last_error = ""  # the last message shown to the user (scenario, export)
        # After Help > Refresh prices the open pages keep the catalog they were built with (all
        # of them: no page switches on its own); the status bar says a newer snapshot waits
        # for a restart.
        self.pending_snapshot = ""
        self.snapshot_notice = ""  # why a refreshed snapshot on disk is not used (note_fallback)
        self.specs = {s.key: s for s in specs}
        self.pages: dict[str, Page] = {}
        self._first_answer_watch: _FirstPaint | None = None
        self.setWindowTitle("Costsizer - AWS cost and sizing[*]")
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
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.set_region(str(self.settings.value("region", "us-east-1")))
        # the last session's inputs come back (each page gets its own when it is built)
        self.session = Session(self.settings, region=self.region, pages=lambda: self.pages,
                               changed=self._update_title, parent=self)
        if self.session.restored_region:
            self.set_region(self.session.restored_region)
        self._update_title()
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
        """Create the shown page from the event loop, and the others only once its first
        answer is on screen, one per turn, so the window stays live and the first answer
        comes as soon as it can (a page visited before then is built on the visit)."""
        first = self.current_key()
        rest = [k for k in self.specs if k != first]

        def step() -> None:
            while rest and rest[0] in self.pages:
                rest.pop(0)
            if rest:
                self._build_page(rest.pop(0))
                QTimer.singleShot(0, step)
            else:
                self.pages_built.emit()

        self.first_answer.connect(lambda _key: QTimer.singleShot(0, step))
        QTimer.singleShot(0, lambda: self._build_page(first))

    def _build_page(self, key: str) -> Page:
        if key in self.pages:
            return self.pages[key]
        spec = self.specs[key]
        page = spec.factory(self.catalog)
        page.set_region(self.region())
        self._restore_inputs(key, page)
        page.export_allowed_changed.connect(lambda _a: self._update_actions())
        page.snapshot_damaged.connect(self.note_damaged)
        if page.snapshot_damage:  # met while the page was built
            self.note_damaged(page.snapshot_damage)
        index = list(self.specs).index(key)
        old = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.setCurrentIndex(current)
        self.pages[key] = page
        self._update_actions()
        if self._first_answer_watch is None and index == current:
            # the page computed its results when it was built: its next paint shows them
            self._first_answer_watch = _FirstPaint(page, lambda: self.first_answer.emit(key))
        return page

    def _restore_inputs(self, key: str, page: Page) -> None:
        """Load the last session's inputs into a page just built (inputs that are no longer
        valid, e.g. after an upgrade, leave the defaults and say so in the status bar), and
        follow its edits."""
        from gui.form import Form, FormError

        values = self.session.page_built(key, page)
        current = page.scenario()
        if values and all(k in current and current[k] == v for k, v in values.items()):
            values = None  # the inputs it was built with: checking and loading them again
            # would compute the same result twice more before the first answer
        if values:
            try:
                page.validate_scenario(values)
                page.load_scenario(values)
            except (FormError, ValueError) as e:
                self.statusBar().showMessage(
                    f"{self.specs[key].title}: the last session's inputs were not restored "
                    f"({e})", 10_000)
        for form in page.findChildren(Form):
            form.edited.connect(self.session.edited)

    def _update_title(self) -> None:
        """"Costsizer - NAME[*]": the scenario file's name (or what the app is) and Qt's
        modified mark while the inputs differ from the file."""
        session = getattr(self, "session", None)
        name = session.path.name if session and session.path else "AWS cost and sizing"
        self.setWindowTitle(f"Costsizer - {name}[*]")
        self.setWindowModified(bool(session and session.modified()))

    def show_page(self, key: str) -> Page:
        page = self._build_page(key)
        self.nav.setCurrentRow(list(self.specs).index(key))
        return page

    def _show_page_checked(self, key: str, _checked: bool = False) -> None:
        self.show_page(key)

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
        self._update_actions()
        self.page_changed.emit(self.current_key())

    # -- menus --------------------------------------------------------------------------
    def _action(self, menu: object, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
                ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self._action(self.file_menu, "&Open scenario...", self.open_scenario_dialog,
                     QKeySequence.StandardKey.Open)
        self.recent_menu = self.file_menu.addMenu("Open &recent")
        self._action(self.file_menu, "&Save scenario...", self.save_scenario_dialog,
                     QKeySequence.StandardKey.Save)
        self.file_menu.addSeparator()
        self.export_action = self._action(self.file_menu, "&Export CSV...",
                                          self.export_csv_dialog, "Ctrl+E")
        self.copy_action = self._action(self.file_menu, "&Copy table (TSV)", self.copy_table,
                                        "Ctrl+Shift+C")
        self.chart_action = self._action(self.file_menu, "Export c&hart as PNG...",
                                         self.export_chart_dialog, "Ctrl+Shift+E")
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, "&Quit", self.close, "Ctrl+Q")
        self.view_menu = bar.addMenu("&View")
        for i, spec in enumerate(self.specs.values(), start=1):
            # "&" in a title is a literal ampersand, not a mnemonic; triggered(bool) passes
            # `checked` first, so the page key is bound by name
            self._action(self.view_menu, spec.title.replace("&", "&&"),
                         partial(self._show_page_checked, spec.key),
                         f"Ctrl+{i}" if i <= 9 else None)
        self.help_menu = bar.addMenu("&Help")
        self.rules_action = self._action(self.help_menu, "&Rules reference", self.show_rules,
                                         "F1")
        self.refresh_action = self._action(self.help_menu, "Refresh &prices...",
                                           self.show_refresh_prices)
        self.about_action = self._action(self.help_menu, "&About Costsizer", self.show_about)
        self._refresh_recent()

    def _update_actions(self) -> None:
        page = self.pages.get(self.current_key())
        allowed = page is not None and page.export_allowed
        self.export_action.setEnabled(allowed)
        self.copy_action.setEnabled(allowed)
        self.chart_action.setEnabled(page is not None and bool(page.charts()))

    def _tell(self, title: str, message: str) -> None:
        """Show ``message`` without blocking (tests read ``last_error``)."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        box.open()

    # -- scenarios ----------------------------------------------------------------------
    # (gui.scenario and gui.form load pydantic: imported on first use, after the first paint)
    def scenario(self) -> Scenario:
        from gui import scenario as scenarios

        self.build_pages()
        return scenarios.Scenario(region=self.region(),
                                  pages={k: p.scenario() for k, p in self.pages.items()})

    def save_scenario(self, path: Path) -> None:
        from gui import scenario as scenarios

        scenario = self.scenario()
        scenarios.save(path, scenario)
        self._remember(path)
        self.session.saved(path, {"region": scenario.region, "pages": scenario.pages})

    def open_scenario(self, path: Path) -> bool:
        """Load ``path``; on any problem say what is wrong and change nothing."""
        from gui import scenario as scenarios
        from gui.form import FormError

        try:
            data = scenarios.load(path)
            self.catalog.region(data.region)
            self.build_pages()
            for key, values in data.pages.items():
                if key not in self.pages:
                    raise scenarios.ScenarioError(f"{path.name}: unknown page {key!r}")
                try:
                    self.pages[key].validate_scenario(values)
                except FormError as e:
                    first = next(iter(e.errors.values()))
                    raise scenarios.ScenarioError(
                        f"{path.name}: page {key!r}: {first}") from None
        except scenarios.ScenarioError as e:
            self._tell("Cannot open scenario", str(e))
            return False
        except ValueError as e:  # an unknown region (InputError)
            self._tell("Cannot open scenario", f"{path.name}: {e}")
            return False
        self.set_region(data.region)
        for key, values in data.pages.items():
            self.pages[key].load_scenario(values)
        self._remember(path)
        self.session.saved(path, self.session.state())
        return True

    def open_scenario_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open scenario", self.session.folder(),
                                              "Costsizer scenario (*.json)")
        if name:
            self.session.picked(name)
            self.open_scenario(Path(name))

    def save_scenario_dialog(self) -> bool:
        """Ask where, then save; True when the scenario was written."""
        default = self.session.path.name if self.session.path else "scenario.json"
        name, _ = QFileDialog.getSaveFileName(self, "Save scenario",
                                              self.session.in_folder(default),
                                              "Costsizer scenario (*.json)")
        if not name:
            return False
        self.session.picked(name)
        try:
            self.save_scenario(Path(name))
        except OSError as e:
            self._tell("Cannot save scenario", f"{name}: {e.strerror or e}")
            return False
        return True

    def _remember(self, path: Path) -> None:
        recent = [str(path.resolve())] + [p for p in self.recent_files()
                                          if p != str(path.resolve())]
        self.settings.setValue("recent_files", recent[: self.MAX_RECENT])
        self._refresh_recent()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

    def _open_recent(self, path: str, _checked: bool = False) -> None:
        self.open_scenario(Path(path))

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.recent_files():
            self._action(self.recent_menu, p.replace("&", "&&"),
                         partial(self._open_recent, p))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    # -- export -------------------------------------------------------------------------
    def export_csv_dialog(self) -> None:
        page = self.current_page()
        if not page.export_allowed:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export CSV",
                                              self.session.in_folder(f"costsizer-{page.key}.csv"),
                                              "CSV (*.csv)")
        if name:
            self.session.picked(name)
            try:
                page.export_csv(Path(name))
            except OSError as e:
                self._tell("Cannot export", f"{name}: {e.strerror or e}")

    def copy_table(self) -> None:
        page = self.current_page()
        if page.export_allowed:
            QGuiApplication.clipboard().setText(page.table_tsv())

    def export_chart_dialog(self) -> None:
        page = self.current_page()
        chart = page.current_chart()
        if chart is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export chart", self.session.in_folder(f"costsizer-{chart.objectName()}.png"),
            "PNG image (*.png)")
        if name:
            self.session.picked(name)
            try:
                page.export_chart_png(chart, Path(name))
            except OSError as e:
                self._tell("Cannot export", f"{name}: {e.strerror or e}")

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
        self.settings.setValue("region", code)
        for page in self.pages.values():
            page.set_region(code)
        self._update_prices_label()
        self.region_changed.emit(code)
        if hasattr(self, "session"):
            self.session.edited()

    def prices_as_of(self, key: str) -> str:
        """e.g. "2024-07-18 (Amazon EBS pricing page)" for the page ``key``."""
        tables = self.specs[key].price_tables
        if not tables:
            return ""  # a page without prices (plan checks)
        dates = sorted({self.catalog.table_as_of(t) for t in tables})
        titles: list[str] = []
        for t in tables:
            for s in self.catalog.table_sources(t):
                if s.short not in titles:
                    titles.append(s.short)
        when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
        if len(titles) > 2:  # the full list is in Help > About
            titles = [*titles[:2], f"{len(titles) - 2} more sources"]
        return f"{when} ({'; '.join(titles)})"

    def _update_prices_label(self) -> None:
        if self.specs:
            as_of = self.prices_as_of(self.current_key())
            text = (f"Prices as of {as_of}, {self.catalog.label} snapshot" if as_of else
                    "No prices on this page: limits from RULES.md and the notes")
            if self.pending_snapshot:
                text += (f" - every page still uses it; the {self.pending_snapshot} snapshot "
                         "is installed: restart Costsizer to use it")
            if self.snapshot_notice:
                text += f" - {self.snapshot_notice}"
            self.prices_label.setText(text)
            self.prices_label.setToolTip(self.snapshot_notice)

    def note_fallback(self, reason: str | None) -> None:
        """A refreshed snapshot on disk was passed over (``reason``, from
        calc.pricing.snapshots): the status bar says which, why and what is used instead."""
        self.snapshot_notice = f"{reason}; using the {self.catalog.label} snapshot" if reason \
            else ""
        self._update_prices_label()

    def note_damaged(self, why: str) -> None:
        """A price table failed its checks after start-up (``why``, a SnapshotError's text):
        calc passes over the damaged snapshot from now on (the next start uses the newest
        valid one); the status bar says which file, why, and what a restart will use."""
        what = why.removeprefix("price snapshot ")
        if what in self.snapshot_notice:
            return
        fallback = fall_back(why)
        then = (f"restart Costsizer to use the {fallback.label} snapshot" if fallback else
                "reinstall Costsizer to repair its bundled prices")
        self.snapshot_notice = (f"the {self.catalog.label} snapshot is damaged ({what}): "
                                f"{then}")
        self._update_prices_label()

    def note_refreshed(self, label: str) -> None:
        """A refresh installed the snapshot ``label``: the open pages keep theirs (say so)."""
        self.pending_snapshot = label
        self._update_prices_label()

    # -- help ---------------------------------------------------------------------------
    def about_text(self) -> str:
        lo, hi = self.catalog.as_of_range
        rows = []
        for name, info in self.catalog.manifest["tables"].items():
            for sid in info["sources"]:
                s = self.catalog.source(sid)
                rows.append(f"<tr><td>{name}</td><td>{s.as_of}</td><td><b>{s.short}</b><br>"
                            f"{s.title}<br><small>{s.url}</small></td></tr>")
        return (
            "<h3>Costsizer</h3><p>Offline AWS cost and sizing calculators. Every price is a "
            "public AWS list price in USD from a dated snapshot; nothing is estimated, and a "
            "missing price is shown as missing.</p>"
            f"<p>Active snapshot: {self.catalog.label}, prices as of {lo} to {hi}.</p>"
            "<table cellpadding=3><tr><th align=left>table</th><th align=left>as of</th>"
            "<th align=left>source</th></tr>" + "".join(rows) + "</table>")

    def rules_html(self) -> str:
        """Every rule figure in the snapshot's limits table: ID, notes vs today, notes line."""
        rows = []
        for lim in sorted(self.catalog.limits, key=lambda x: (x.rule_id, x.key)):
            style = " style='color:#b35900'" if lim.differs else ""
            rows.append(f"<tr{style}><td><b>{lim.rule_id}</b></td><td>{lim.explain()}</td>"
                        f"<td>{lim.notes_line}</td></tr>")
        return ("<h3>Rules reference</h3><p>Each figure from the AWS SysOps notes with its rule "
                "ID (RULES.md); where AWS has changed it since, both are shown and the line is "
                "highlighted. Calculators use AWS today unless set to the notes.</p>"
                "<table cellpadding=2><tr><th align=left>rule</th><th align=left>figure</th>"
                "<th align=left>notes</th></tr>" + "".join(rows) + "</table>")

    def show_rules(self) -> None:
        self._show_text("Rules reference", "rules_reference", self.rules_html())

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        """Quit: with changes not saved to a scenario file, ask first (Save / Discard /
        Cancel); the inputs are kept for the next start either way except on Discard."""
        if self.session.modified():
            answer = self._ask_save_changes()
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                saved = (self._save_to(self.session.path) if self.session.path
                         else self.save_scenario_dialog())
                if not saved:
                    event.ignore()
                    return
            else:
                self.session.autosave(discard=True)
        else:
            self.session.autosave()
        self.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)

    def _save_to(self, path: Path) -> bool:
        try:
            self.save_scenario(path)
        except OSError as e:
            self._tell("Cannot save scenario", f"{path}: {e.strerror or e}")
            return False
        return True

    def _ask_save_changes(self) -> QMessageBox.StandardButton:
        name = self.session.path.name if self.session.path else "a scenario file"
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        return QMessageBox.question(
            self, "Save changes?",
            f"The inputs changed since they were last saved. Save them to {name} before "
            "quitting?", buttons, QMessageBox.StandardButton.Save)

    def show_refresh_prices(self) -> QDialog:
        """Help > Refresh prices... (gui/refresh_dialog.py; loaded on first use)."""
        from gui.refresh_dialog import open_refresh_dialog

        dialog = open_refresh_dialog(self, catalog=self.catalog)
        dialog.succeeded.connect(lambda result: self.note_refreshed(str(result.label)))
        return dialog

    def show_about(self) -> None:
        self._show_text("About Costsizer", "about_text", self.about_text())

    def _show_text(self, title: str, name: str, html_text: str) -> None:
        """A scrollable, closable dialog with ``html_text`` (long lists stay reachable)."""
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        dialog.resize(900, 600)
        browser = QTextBrowser(dialog)
        browser.setObjectName(name)
        browser.setOpenExternalLinks(True)
        browser.setHtml(html_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        dialog.open()


class _FirstPaint(QObject):
    """Calls ``done`` once, after ``widget``'s first paint has been handed to the screen."""

    def __init__(self, widget: QWidget, done: Callable[[], None]) -> None:
        super().__init__(widget)
        self._done: Callable[[], None] | None = done
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if self._done is not None and event.type() == QEvent.Type.Paint:
            done, self._done = self._done, None
            obj.removeEventFilter(self)
            QTimer.singleShot(0, done)  # after this paint event has been processed
        return False
