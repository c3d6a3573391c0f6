"""Scenario files read and written through calc.fileio (issue 15 items 3 and 8): a hostile file
gives a message naming it, never a hang or a crash, and changes nothing; a save keeps the
file's mode and follows a symbolic link."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gui.app import build_main_window
from gui.scenario import Scenario, ScenarioError, load, save
from tests.support.catalogs import bundled_catalog

GOOD = {"app": "costsizer", "version": 1, "region": "eu-west-1", "pages": {}}


def _raw(data: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "s.json"
        path.write_bytes(data)
        return path
    return make


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "s.json"
    os.mkfifo(path)
    return path


HOSTILE = [
    (_fifo, "s.json: is a FIFO (named pipe); give a regular file"),
    (lambda _: Path("/dev/zero"), "zero: is a character device; give a regular file"),
    (_raw(b"[" * 100_000 + b"]" * 100_000), "s.json: is nested too deeply (at most 64 levels)"),
    (_raw(b'{"pages": {"ec2": {"x": ' + b"1" * 5000 + b"}}}"),
     "s.json: has an integer of 5,000 digits; at most 30 are allowed"),
    (_raw(b'{"region": "caf\xe9"}'), "s.json: is not UTF-8 text (byte 0xe9 at line 1 column 16)"),
    (_raw(json.dumps({**GOOD, "version": True}).encode()), "s.json: version=True: the format "
                                                           "version is the number 1, not True"),
    (_raw(json.dumps({**GOOD, "region": 5}).encode()), "s.json: region=5: Input should be a "
                                                       "valid string"),
]


@pytest.mark.parametrize(("make", "message"), HOSTILE)
def test_hostile_scenario_is_a_message(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                       make: Callable[[Path], Path], message: str) -> None:
    # issue 15 item 8: a FIFO scenario blocked the GUI forever; a deeply nested one crashed it
    # with a RecursionError and no message
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    w.set_region("ap-south-1")
    path = make(tmp_path)
    done: list[bool] = []
    start = time.monotonic()
    done.append(w.open_scenario(path))
    assert time.monotonic() - start < 10
    assert done == [False]
    assert w.last_error.startswith(message)
    assert w.region() == "ap-south-1"  # nothing changed


def test_load_refuses_without_blocking(tmp_path: Path) -> None:
    path = _fifo(tmp_path)
    errors: list[BaseException] = []

    def target() -> None:
        try:
            load(path)
        except ScenarioError as e:
            errors.append(e)

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive() and len(errors) == 1


def test_scenario_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    assert load(path).region == "eu-west-1"


def test_save_keeps_mode_and_follows_a_symlink(tmp_path: Path) -> None:
    # issue 15 item 3: the mode was lost and a symlink replaced by a regular file
    real = tmp_path / "shared" / "team.json"
    real.parent.mkdir()
    real.write_text("{}")
    real.chmod(0o664)
    link = tmp_path / "mine.json"
    link.symlink_to(real)
    save(link, Scenario(region="eu-west-1"))
    assert link.is_symlink() and stat.S_IMODE(os.stat(real).st_mode) == 0o664
    assert load(real).region == "eu-west-1"
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


def test_export_csv_to_a_device_writes_in_place(qtbot) -> None:  # type: ignore[no-untyped-def]
    # the GUI's exports use calc.fileio too: /dev/null is written, never replaced
    w = build_main_window(bundled_catalog())
    qtbot.addWidget(w)
    before = os.stat("/dev/null")
    page = w.pages["s3"]
    page.export_csv("/dev/null")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
