"""What a running refresh is doing, for a progress bar or progress lines (files and bytes)."""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})  # control, format, separators


def printable(text: str) -> str:
    """``text`` (a URL from an index, a server's message) safe to print on a terminal: every
    control or format character (ESC, CR, newline, bidi overrides, ...) is written as a
    ``\\xNN`` / ``\\uNNNN`` escape, so no escape sequence reaches the terminal raw and a
    message stays one line. Idempotent."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if c == " " or unicodedata.category(c) not in _UNSAFE:
            out.append(c)
        elif ord(c) < 0x100:
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
    return "".join(out)


@dataclass(frozen=True)
class Progress:
    """What the refresh is doing, for a progress bar (bytes and files)."""

    stage: str  # index | download | validate | write | done
    files_done: int
    files_total: int
    bytes_done: int
    current: str = ""  # the file being read
    message: str = ""
    file_bytes_done: int = 0  # of the current file
    file_bytes_total: int | None = None  # its Content-Length, when the server sends one


class Tracker:
    """Counts files and bytes and calls ``callback`` with a :class:`Progress` (at most every
    0.1 s for byte counts)."""

    def __init__(self, callback: Callable[[Progress], None] | None) -> None:
        self.callback = callback
        self.files_done = self.files_total = self.bytes_done = 0
        self.stage, self.current, self.message = "index", "", ""
        self.file_done = 0
        self.file_total: int | None = None
        self._last = 0.0
        self._lock = threading.Lock()

    def emit(self, force: bool = True) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        self.callback(Progress(self.stage, self.files_done, self.files_total, self.bytes_done,
                               printable(self.current), printable(self.message),
                               self.file_done, self.file_total))

    def add_bytes(self, n: int) -> None:
        with self._lock:
            self.bytes_done += n
            self.file_done += n
        self.emit(force=False)

    def open_file(self, url: str, length: int | None) -> None:
        self.current, self.file_done, self.file_total = url, 0, length
        self.emit()

    def retry(self, why: str, attempt: int, delay_s: float) -> None:
        self.message = f"retry {attempt} in {delay_s:g} s: {why}"
        self.emit()

