"""Nothing is lost (issue 14): the title names the scenario and marks changes, quitting with
changes asks Save / Discard / Cancel, the next start brings the inputs back, and file dialogs
open in the last folder used. Driven as a person would: typing into the form, closing the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from gui.app import build_main_window
from gui.main_window import MainWindow
from gui.session import SESSION_KEY
from tests.gui.helpers import type_into
from tests.support.catalogs import bundled_catalog

Button = QMessageBox.StandardButton


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "costsizer.ini"), QSettings.Format.IniFormat)


def _window(qtbot: Any, settings: QSettings) -> MainWindow:
    w = build_main_window(bundled_catalog(), settings=settings)
    qtbot.addWidget(w)
    return w


def _instance_type(w: MainWindow) -> str:
    return str(w.pages["ec2"].findChild(QLineEdit, "input_instance_type").text())


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def ask(self: MainWindow) -> QMessageBox.StandardButton:
        asked.append(self.windowTitle())
        return button

    monkeypatch.setattr(MainWindow, "_ask_save_changes", ask)
    return asked


def test_title_names_the_scenario_and_marks_changes(qtbot, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    assert w.windowTitle() == "Costsizer - AWS cost and sizing[*]"
    assert not w.isWindowModified()
    type_into(qtbot, w.pages["ec2"], "instance_type", "m6i.xlarge")
    assert w.isWindowModified()
    w.save_scenario(tmp_path / "plan.json")
    assert w.windowTitle() == "Costsizer - plan.json[*]" and not w.isWindowModified()
    type_into(qtbot, w.pages["ebs"], "size_gib", "750")
    assert w.isWindowModified()
    type_into(qtbot, w.pages["ebs"], "size_gib", w.session.baseline["pages"]["ebs"]["size_gib"])
    assert not w.isWindowModified(), "back to the saved inputs: nothing to save"


def test_quit_with_changes_asks_and_cancel_keeps_the_window(qtbot, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    w.show()
    asked = _answer(monkeypatch, Button.Cancel)
    assert w.close() and asked == [], "nothing changed: no question"
    w.show()
    type_into(qtbot, w.pages["ec2"], "instance_type", "m6i.xlarge")
    assert not w.close() and w.isVisible() and len(asked) == 1
    assert _instance_type(w) == "m6i.xlarge"


def test_save_on_quit_asks_where_and_writes(qtbot, settings, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    type_into(qtbot, w.pages["ec2"], "instance_type", "m6i.xlarge")
    _answer(monkeypatch, Button.Save)
    target = tmp_path / "chosen.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    assert w.close()
    saved = json.loads(target.read_text())
    assert saved["pages"]["ec2"]["instance_type"] == "m6i.xlarge"
    # a dialog cancelled: the window stays open, nothing is lost
    w2 = _window(qtbot, QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat))
    type_into(qtbot, w2.pages["ec2"], "instance_type", "r6g.large")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert not w2.close()


def test_next_start_brings_the_inputs_back_still_marked_unsaved(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    type_into(qtbot, w.pages["ec2"], "instance_type", "m6i.xlarge")
    type_into(qtbot, w.pages["lambda"], "memory_mb", "2048")
    qtbot.waitUntil(lambda: settings.value(SESSION_KEY) is not None, timeout=3000)  # autosave
    # the app is killed here (no close): the next start still has the inputs
    w2 = _window(qtbot, settings)
    assert _instance_type(w2) == "m6i.xlarge"
    assert w2.pages["lambda"].findChild(QLineEdit, "input_memory_mb").text() == "2048"
    assert w2.pages["ec2"].output is not None
    assert w2.pages["ec2"].output.data["instance_type"] == "m6i.xlarge"  # computed on them
    assert w2.isWindowModified(), "never saved to a file: still marked"


def test_pages_built_later_get_their_inputs_too(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    type_into(qtbot, w.pages["s3"], "months", "48")
    w.session.autosave()
    w2 = build_main_window(bundled_catalog(), settings=settings, build_pages=False)
    qtbot.addWidget(w2)
    w2.show()
    with qtbot.waitSignal(w2.pages_built, timeout=30_000):
        w2.build_pages_later()
    assert w2.pages["s3"].findChild(QLineEdit, "input_months").text() == "48"


def test_discard_forgets_the_changes(qtbot, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    default = _instance_type(w)
    type_into(qtbot, w.pages["ec2"], "instance_type", "m6i.xlarge")
    _answer(monkeypatch, Button.Discard)
    assert w.close()
    w2 = _window(qtbot, settings)
    assert _instance_type(w2) == default and not w2.isWindowModified()


def test_a_saved_scenario_comes_back_by_name_and_unmodified(qtbot, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    type_into(qtbot, w.pages["ec2"], "instance_type", "m6i.xlarge")
    w.save_scenario(tmp_path / "fleet.json")
    assert w.close()
    w2 = _window(qtbot, settings)
    assert w2.windowTitle() == "Costsizer - fleet.json[*]" and not w2.isWindowModified()
    assert _instance_type(w2) == "m6i.xlarge"


def test_inputs_no_longer_valid_leave_the_defaults_and_say_so(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    default = _instance_type(w)
    state = w.session.state()
    state["pages"]["ec2"]["instance_type"] = "no.such.type"
    settings.setValue(SESSION_KEY, json.dumps({"path": "", "baseline": state,
                                               "current": state}))
    w.session._timer.stop()  # the first window writes nothing more
    w2 = _window(qtbot, settings)
    assert _instance_type(w2) == default
    assert "EC2 purchasing options" in w2.statusBar().currentMessage()
    settings.setValue(SESSION_KEY, "{not json")
    assert _instance_type(_window(qtbot, settings)) == default  # a damaged session: defaults


def test_file_dialogs_open_in_the_last_folder(qtbot, settings, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, settings)
    starts: list[str] = []
    folder = tmp_path / "plans"
    folder.mkdir()

    def save_as(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        starts.append(start)
        return str(folder / "a.json"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    assert w.save_scenario_dialog()
    w.export_csv_dialog()
    assert starts[0] == "scenario.json"
    assert starts[1] == str(folder / "costsizer-ec2.csv")
    # and the next start remembers it
    assert _window(qtbot, settings).session.folder() == str(folder)


def test_restored_inputs_equal_to_the_defaults_compute_once(qtbot, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Start-up (issue 14 item 6): a page restored with the very inputs it was built with is
    computed once, not checked and loaded again (two more EC2 comparisons before the first
    answer); changed inputs are still checked, loaded and computed on."""
    from gui.pages.ec2 import Ec2Page

    w = _window(qtbot, settings)
    w.session.autosave()  # the defaults, as a restart after an unchanged session finds them
    calls: list[str] = []
    compute = Ec2Page.compute

    def counted(self: Ec2Page, model: Any) -> Any:
        calls.append(model.instance_type)
        return compute(self, model)

    monkeypatch.setattr(Ec2Page, "compute", counted)
    w2 = _window(qtbot, settings)
    assert calls == ["t3.large"] and w2.pages["ec2"].output is not None
    type_into(qtbot, w2.pages["ec2"], "instance_type", "m6i.xlarge")
    w2.session.autosave()
    calls.clear()
    w3 = _window(qtbot, settings)
    assert _instance_type(w3) == "m6i.xlarge"
    assert calls[-1] == "m6i.xlarge"
    assert w3.pages["ec2"].output.data["instance_type"] == "m6i.xlarge"
