"""Reading and writing the user's files: nothing half-written, nothing that hangs or explodes.

Writing (:func:`write_atomic`, :func:`write_atomic_bytes`), the one writer of every file
Costsizer produces (CLI ``-o``, GUI exports, scenarios, screenshots, snapshots):

- a regular file (or a name that does not exist yet) is written atomically: a hidden
  temporary file ``.NAME.costsizer-PID-XXXXXXXX.tmp`` in the same folder, flushed to disk, then
  renamed over the target; readers see the old file or the new one, never a part;
- an existing file keeps its permission bits (and, where allowed, its owner and group); a new
  file gets the usual ``0666`` less the umask, like any program's output;
- a symbolic link is **followed**: the file it points to is replaced, atomically in that file's
  own folder, and the link stays a link (as the shell's ``>`` does);
- a character device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe) is written in
  place, never replaced (as root, ``-o /dev/full`` reports "No space left on device" and
  leaves the device alone); a folder, a block device or a socket is refused;
- the temporary file is removed on every exit Python sees (an error, ``KeyboardInterrupt``,
  ``SIGTERM`` and ``SIGHUP``, which then still end the process); one left by a process killed
  outright (``kill -9``) is removed by the next write to the same target once that process is
  gone;
- errors name the target the user gave, never the temporary file.

Reading (:func:`read_text`, :func:`read_json`), the one reader of every file the user gives
(plan files, scenarios, S3 rules files, Lambda measurement CSVs, EC2 spend profiles):

- regular files only: a FIFO, a device (``/dev/zero``) or a folder is refused at once and
  never opened for reading, so a read never blocks;
- at most :data:`MAX_READ_BYTES` (10 MiB); a larger file is refused before it is read;
- UTF-8 (a leading byte-order mark is accepted and dropped); other bytes are refused with
  the line and byte where they are;
- JSON: standard JSON only (no ``NaN`` / ``Infinity``, no number that overflows to
  infinity), integers of at most :data:`MAX_INT_DIGITS` digits, nesting at most
  :data:`MAX_JSON_DEPTH` levels, no key twice in one object. Type strictness (no ``"12"`` or
  ``true`` for an integer) is the models' job: they validate read files with
  ``strict=True``.

Every refusal is a :class:`ReadError` naming the file; callers turn it into their own error
(an exit-2 line on the CLI, a message box in the GUI).
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import secrets
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAX_READ_BYTES = 10 * 1024 * 1024
"""The largest file :func:`read_text` reads (10 MiB): far above any plan, scenario or profile
(a year of hourly spend is 8,760 rows, under 100 kB)."""

MAX_INT_DIGITS = 30
"""The longest integer a JSON file may hold (digits): every count Costsizer takes is far
below 10^30."""

MAX_JSON_DEPTH = 64
"""The deepest nesting of arrays and objects a JSON file may have (a plan needs 3)."""

_TMP_TAG = "costsizer"
_STALE_AFTER_S = 10.0  # a dead writer's temp file older than this is removed


class ReadError(ValueError):
    """A file the user gave cannot be used: ``path`` and a plain ``reason``."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


# -- reading --------------------------------------------------------------------------------
def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mib(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MiB"


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = MAX_READ_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes``; :class:`ReadError` else."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except OSError as e:
        raise ReadError(name, _os_reason(e)) from None
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(name, f"is {_kind(st.st_mode)}; give a regular file")
    if st.st_size > max_bytes:
        raise ReadError(name, f"is {_mib(st.st_size)}; the limit is {_mib(max_bytes)}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(name, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise ReadError(name, _os_reason(e)) from None
    try:
        st = os.fstat(fd)  # the file opened, not the one stat'ed: it may have been swapped
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(name, f"is {_kind(st.st_mode)}; give a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise ReadError(name, _os_reason(e)) from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise ReadError(name, f"is larger than the limit of {_mib(max_bytes)}")
    return b"".join(chunks)


def decode_utf8(name: str, data: bytes) -> str:
    """``data`` as UTF-8 text (a leading BOM dropped); :class:`ReadError` naming ``name``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(name, "is UTF-16 text; save it as UTF-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ReadError(name, f"is not UTF-8 text (byte 0x{data[e.start]:02x} at line {line} "
                              f"column {column}); save it as UTF-8") from None


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_READ_BYTES) -> str:
    """The UTF-8 text of the regular file ``path`` (see the module docstring for the limits)."""
    return decode_utf8(os.fspath(path), read_bytes(path, max_bytes=max_bytes))


def read_json(path: str | os.PathLike[str], *, max_bytes: int = MAX_READ_BYTES) -> Any:
    """The JSON value in the regular file ``path`` (see the module docstring for the limits)."""
    name = os.fspath(path)
    return loads_json(name, read_text(path, max_bytes=max_bytes))


class _Refused(Exception):
    pass


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _Refused(f"has an integer of {digits:,} digits; at most {MAX_INT_DIGITS} are "
                       f"allowed")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"has the number {text[:40]}, too large to represent")
    return value


def _parse_constant(text: str) -> float:
    raise _Refused(f"has {text}, which is not a JSON number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"has the key {key[:40]!r} twice in one object")
        out[key] = value
    return out


def _depth_over(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def loads_json(name: str, text: str) -> Any:
    """``text`` (the content of the file ``name``) as JSON, within the module's limits."""
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant, object_pairs_hook=_no_duplicates)
    except _Refused as e:
        raise ReadError(name, str(e)) from None
    except json.JSONDecodeError as e:
        raise ReadError(name, f"not valid JSON: {e.msg} at line {e.lineno} column "
                              f"{e.colno}") from None
    except RecursionError:
        raise ReadError(name, f"is nested too deeply (at most {MAX_JSON_DEPTH} levels)") from None
    except ValueError as e:  # anything else json refuses
        raise ReadError(name, f"not valid JSON: {e}") from None
    if _depth_over(data, MAX_JSON_DEPTH):
        raise ReadError(name, f"is nested too deeply (at most {MAX_JSON_DEPTH} levels)")
    return data


def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "file not found"
    if isinstance(e, PermissionError):
        return "cannot be read (permission denied)"
    return f"cannot be read ({e.strerror or e})"


# -- writing --------------------------------------------------------------------------------
def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path``: see :func:`write_atomic_bytes`."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path``; atomically when it is (or will be) a regular file.

    See the module docstring for what happens with symbolic links, devices and FIFOs, modes
    and temporary files. Raises ``OSError`` whose ``filename`` is ``path`` as given.
    """
    given = os.fspath(Path(path).expanduser())
    try:
        st: os.stat_result | None = os.stat(given)  # follows symbolic links
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise _named(e, given) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            _write_in_place(given, data)
            return
        raise OSError(errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL,
                      f"is {_kind(st.st_mode)}; Costsizer writes regular files, character "
                      f"devices and pipes", given)
    target = os.path.realpath(given)  # a symbolic link: the file it points to
    if st is not None and not _same_file(target, st):
        # a regular file with no name to replace (a /proc/self/fd link to a deleted file)
        _write_in_place(given, data)
        return
    if st is None and os.path.islink(target):
        raise OSError(errno.ELOOP, "a symbolic link that leads nowhere (a loop)", given)
    _replace(given, target, data, st)


def _same_file(target: str, st: os.stat_result) -> bool:
    try:
        t = os.stat(target)
    except OSError:
        return False
    return (t.st_dev, t.st_ino) == (st.st_dev, st.st_ino)


def _named(e: OSError, given: str) -> OSError:
    """``e`` naming ``given`` (never a temporary file); the errno subclass is kept."""
    return OSError(e.errno, e.strerror or str(e), given) if e.errno else OSError(
        errno.EIO, str(e), given)


def _write_in_place(given: str, data: bytes) -> None:
    try:
        with open(given, "wb") as f:  # a FIFO waits for its reader, as the shell's ">" does
            f.write(data)
    except OSError as e:
        raise _named(e, given) from None


def _tmp_name(name: str) -> str:
    stem = name[:150]  # a name of 255 bytes plus the tag would be too long
    return f".{stem}.{_TMP_TAG}-{os.getpid()}-{secrets.token_hex(4)}.tmp"


_TMP_RE = re.compile(rf"^\.(?P<stem>.*)\.{_TMP_TAG}-(?P<pid>\d+)-[0-9a-f]{{8}}\.tmp$")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def stale_temp_files(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Temporary files of earlier writes to ``target`` whose process is gone."""
    target = Path(target)
    folder = target.parent
    stem = target.name[:150]
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        m = _TMP_RE.match(entry.name)
        if not m or m["stem"] != stem:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if (stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid()
                and now - st.st_mtime > _STALE_AFTER_S and not _pid_alive(int(m["pid"]))):
            yield Path(entry.path)


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived during a write: unwind (removing the temp file), then die
    of it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# SIGTERM (kill, a service manager) and SIGHUP (the terminal closed, an ssh session dropped)
_CAUGHT_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


@contextlib.contextmanager
def _cleanup_on_sigterm() -> Iterator[None]:
    """While writing, a SIGTERM or SIGHUP (left at its default action) first unwinds the
    write, so its ``finally`` removes the temporary file, then kills the process as the
    sender asked. A signal someone else handles is left to them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in _CAUGHT_SIGNALS}
    ours = [s for s, h in previous.items() if h is signal.SIG_DFL]

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    for s in ours:
        signal.signal(s, handler)
    try:
        yield
    except _Terminated as t:
        signal.signal(t.signum, signal.SIG_DFL)
        os.kill(os.getpid(), t.signum)
        raise SystemExit(128 + t.signum) from None  # if the signal is not yet delivered
    finally:
        for s in ours:
            signal.signal(s, previous[s])


def _replace(given: str, target: str, data: bytes, st: os.stat_result | None) -> None:
    folder = os.path.dirname(target) or "."
    for old in stale_temp_files(target):
        with contextlib.suppress(OSError):
            old.unlink()
    with _cleanup_on_sigterm():
        _replace_via_temp(given, target, folder, data, st)


def _replace_via_temp(given: str, target: str, folder: str, data: bytes,
                      st: os.stat_result | None) -> None:
    tmp = ""
    try:
        for _ in range(20):
            tmp = os.path.join(folder, _tmp_name(os.path.basename(target)))
            try:
                # 0o666: the kernel applies the umask, as for any new file
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_CLOEXEC", 0), 0o666)
                break
            except FileExistsError:
                continue
        else:
            tmp = ""
            raise OSError(errno.EEXIST, "cannot create a temporary file", given)
        try:
            if st is not None:  # keep the existing file's mode, owner and group
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
                with contextlib.suppress(OSError):
                    if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                        os.fchown(fd, st.st_uid, st.st_gid)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = ""
        _fsync_folder(folder)
    except OSError as e:
        raise _named(e, given) from None
    finally:  # every exit Python sees: errors, KeyboardInterrupt, SystemExit
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _fsync_folder(folder: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


__all__ = ["MAX_INT_DIGITS", "MAX_JSON_DEPTH", "MAX_READ_BYTES", "ReadError", "decode_utf8",
           "loads_json", "read_bytes", "read_json", "read_text", "stale_temp_files",
           "write_atomic", "write_atomic_bytes"]
