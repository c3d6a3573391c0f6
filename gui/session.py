"""Nothing the user has is lost: every page's inputs are kept between runs (autosaved to the
user's settings, atomically, a moment after each change and on quit), quitting with changes
not saved to a scenario file asks first, and the title names the scenario with a modified mark.

The state is what a scenario file holds: ``{"region": code, "pages": {page key: raw values}}``.
``baseline`` is the state last saved to (or opened from) a file; a page built later adds its
defaults to it, so a page nobody touched is never "modified". The Region is remembered like
the window's size (always, Discard included) and does not make the inputs "modified".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer

if TYPE_CHECKING:
    from gui.pages.base import Page

SESSION_KEY = "session/v1"
FOLDER_KEY = "last_folder"
State = dict[str, Any]


class Session(QObject):
    """The session of one main window: its scenario path, baseline and pending inputs."""

    def __init__(self, settings: QSettings, *, region: Callable[[], str],
                 pages: Callable[[], dict[str, Page]], changed: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._region = region
        self._pages = pages
        self._changed = changed
        self.path: Path | None = None
        self.baseline: State = {"region": region(), "pages": {}}
        self.pending: dict[str, dict[str, Any]] = {}  # restored inputs of unbuilt pages
        self.restored_region = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.autosave)
        self._restore()

    # -- the state ----------------------------------------------------------------------------
    def state(self) -> State:
        """The inputs now: built pages as they are, unbuilt ones as restored."""
        pages = dict(self.pending)
        pages.update({k: p.scenario() for k, p in self._pages().items()})
        return {"region": self._region(), "pages": pages}

    def modified(self) -> bool:
        """True while some page's inputs differ from the baseline."""
        now, base = self.state(), self.baseline
        return any(base["pages"].get(k) != v for k, v in now["pages"].items())

    def page_built(self, key: str, page: Page) -> dict[str, Any] | None:
        """A page was just built with its defaults: they join the baseline if it has none
        for the page; returns the restored inputs to load into it (or None)."""
        self.baseline["pages"].setdefault(key, page.scenario())
        return self.pending.pop(key, None)

    def edited(self) -> None:
        """An input changed: autosave soon (one write for a burst of keystrokes)."""
        self._timer.start()
        self._changed()

    def saved(self, path: Path, state: State) -> None:
        """``state`` was written to (or read from) ``path``: it is the new baseline."""
        self.path = path
        self.baseline = json.loads(json.dumps(state))
        self.pending = {}
        self.autosave()
        self._changed()

    # -- persistence --------------------------------------------------------------------------
    def autosave(self, *, discard: bool = False) -> None:
        """Keep the inputs for the next start (``discard``: keep the baseline instead, so the
        changes the user chose to discard are gone). QSettings writes its file atomically."""
        self._timer.stop()
        current = ({"region": self._region(), "pages": self.baseline["pages"]} if discard
                   else self.state())
        data = {"path": str(self.path) if self.path else "", "baseline": self.baseline,
                "current": current}
        self.settings.setValue(SESSION_KEY, json.dumps(data))
        self.settings.sync()

    def _restore(self) -> None:
        raw = self.settings.value(SESSION_KEY)
        if not isinstance(raw, str):
            return
        try:
            data = json.loads(raw)
            baseline, current = data["baseline"], data["current"]
            if not (isinstance(baseline.get("pages"), dict)
                    and isinstance(current.get("pages"), dict)):
                return
        except (ValueError, KeyError, AttributeError, TypeError):
            return  # an unreadable session is not worth an error: start from the defaults
        self.path = Path(data["path"]) if data.get("path") else None
        self.baseline = {"region": str(baseline.get("region", "")),
                         "pages": dict(baseline["pages"])}
        self.pending = {str(k): dict(v) for k, v in current["pages"].items()
                        if isinstance(v, dict)}
        self.restored_region = str(current.get("region", ""))

    # -- file dialogs -------------------------------------------------------------------------
    def folder(self) -> str:
        """The folder of the last file picked in any dialog ("" at first)."""
        value = self.settings.value(FOLDER_KEY, "")
        return str(value) if value and Path(str(value)).is_dir() else ""

    def in_folder(self, name: str) -> str:
        """``name`` in the last folder, for a dialog's starting point."""
        folder = self.folder()
        return str(Path(folder) / name) if folder else name

    def picked(self, path: str) -> None:
        self.settings.setValue(FOLDER_KEY, str(Path(path).resolve().parent))
