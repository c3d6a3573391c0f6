"""calc.fileio: the one writer (atomic, devices and FIFOs in place, modes kept, links followed,
no temp file left) and the one reader of user files (regular files only, 10 MiB, UTF-8, JSON
within limits), and every CLI reader using it (issue 15, items 3, 7 and 8)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from calc import fileio
from calc.cli import main
from calc.fileio import (
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    MAX_READ_BYTES,
    ReadError,
    read_json,
    read_text,
    write_atomic,
    write_atomic_bytes,
)

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def temp_files(*folders: Path) -> list[Path]:
    return [p for f in folders for p in f.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def in_thread(fn: Callable[[], Any], timeout_s: float = 10.0) -> Any:
    """``fn()`` in a thread; fails (instead of hanging the suite) when it blocks."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the test
            box["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout_s)
    assert not t.is_alive(), "blocked"
    if "error" in box:
        raise box["error"]
    return box.get("value")


# -- writing: what is at the target -------------------------------------------------------
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_dev_full_is_written_in_place_and_never_replaced(
        capsys: pytest.CaptureFixture[str]) -> None:
    # issue 15 item 3: as root, `-o /dev/full` replaced the system's /dev/full with a file
    before = os.stat("/dev/full")
    code, out, err = run(capsys, "prices", "regions", "-o", "/dev/full")
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err == "costsizer-cli: error: cannot write /dev/full: No space left on device\n"


def test_dev_null_is_written_in_place(capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/null")
    code, out, err = run(capsys, "prices", "regions", "-o", "/dev/null")
    assert code == 0 and out == "" and err == ""
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino,
                                                                             before.st_rdev)


def test_fifo_is_written_in_place_for_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    in_thread(lambda: write_atomic(fifo, "a,b\n1,2\n"))
    reader.join(10)
    assert got == [b"a,b\n1,2\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the FIFO, not a regular file
    assert temp_files(tmp_path) == []


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "prices", "regions", "--format", "csv", "-o", "-")
    assert code == 0 and err == "" and out.startswith("region_code,name,")
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_a_folder_is_refused_naming_it(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    code, out, err = run(capsys, "prices", "regions", "-o", str(tmp_path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith(f"costsizer-cli: error: cannot write {tmp_path}: is a folder")
    assert tmp_path.is_dir() and list(tmp_path.iterdir()) == []


# -- writing: modes ----------------------------------------------------------------------
def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    # issue 15 item 3: the mode was lost (0600 after every write)
    target = tmp_path / "report.csv"
    target.write_text("old\n")
    for mode in (0o640, 0o604, 0o755):
        target.chmod(mode)
        write_atomic(target, "new\n")
        assert stat.S_IMODE(os.stat(target).st_mode) == mode
        assert target.read_text() == "new\n"


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600),
                                            (0o002, 0o664)])
def test_new_file_follows_the_umask(tmp_path: Path, umask: Callable[[int], None], mask: int,
                                    mode: int) -> None:
    umask(mask)
    target = tmp_path / f"new-{mask:o}.csv"
    write_atomic(target, "x\n")
    assert stat.S_IMODE(os.stat(target).st_mode) == mode


# -- writing: symbolic links (followed) ----------------------------------------------------
def test_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    # issue 15 item 3: a symlink at the target was replaced by a regular file
    real_dir, link_dir = tmp_path / "real", tmp_path / "links"
    real_dir.mkdir()
    link_dir.mkdir()
    real = real_dir / "data.csv"
    real.write_text("old\n")
    real.chmod(0o640)
    link = link_dir / "out.csv"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n" and stat.S_IMODE(os.stat(real).st_mode) == 0o640
    assert temp_files(real_dir, link_dir) == []


def test_dangling_symlink_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to("made.csv")
    write_atomic(link, "x\n")
    assert link.is_symlink() and (tmp_path / "made.csv").read_text() == "x\n"


def test_symlink_loop_is_an_error_naming_the_target(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.symlink_to(b)
    b.symlink_to(a)
    code, _, err = run(capsys, "prices", "regions", "-o", str(a))
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"costsizer-cli: error: cannot write {a}: ")
    assert a.is_symlink() and b.is_symlink()


# -- writing: temporary files ------------------------------------------------------------
def test_temp_file_is_hidden_in_the_targets_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(src)
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", spy)
    write_atomic(tmp_path / "out.csv", "x\n")
    (src,) = seen
    assert Path(src).parent == tmp_path and Path(src).name.startswith(".out.csv.")


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), OSError(28, "No space left on device"),
                                 MemoryError()])
def test_interrupted_or_failed_write_keeps_old_file_and_leaves_no_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def fail(fd: int) -> None:
        raise exc

    monkeypatch.setattr(fileio.os, "fsync", fail)
    with pytest.raises(type(exc)):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n" and temp_files(tmp_path) == []


def test_errors_name_the_target_never_the_temp_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 15 item 3: errors named .NAME.XXXX.tmp
    def deny(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied", src, dst)

    monkeypatch.setattr(fileio.os, "replace", deny)
    target = tmp_path / "out.csv"
    with pytest.raises(PermissionError) as info:
        write_atomic(target, "x\n")
    assert info.value.filename == str(target)
    assert ".tmp" not in str(info.value) and temp_files(tmp_path) == []


def test_missing_folder_error_names_the_target(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    target = tmp_path / "nope" / "x.csv"
    code, _, err = run(capsys, "prices", "regions", "-o", str(target))
    assert code == 1
    assert err == f"costsizer-cli: error: cannot write {target}: No such file or directory\n"


def test_kill_9_leftover_is_removed_by_the_next_write(tmp_path: Path) -> None:
    # issue 15 item 3: `kill -9` during a write left .NAME.XXXX.tmp behind. A writer is killed
    # while its temp file exists; the next write to the same target removes it.
    target = tmp_path / "out.csv"
    script = (
        "import os, sys, time\n"
        "from calc import fileio\n"
        "fileio.os.fsync = lambda fd: time.sleep(60)\n"
        "fileio.write_atomic(sys.argv[1], 'x' * 100000)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not temp_files(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        (left,) = temp_files(tmp_path)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert left.name.startswith(".out.csv.") and left.exists()
    old = time.time() - 60
    os.utime(left, (old, old))
    unrelated = tmp_path / ".out.csv.mine.tmp"  # not Costsizer's: kept
    unrelated.write_text("keep")
    write_atomic(target, "y\n")
    assert not left.exists() and unrelated.exists() and target.read_text() == "y\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_during_a_write_removes_the_temp_file_and_still_ends(
        tmp_path: Path, signum: int) -> None:
    # issue 15 item 3: temp files are removed on every exit we can catch; SIGHUP (the
    # terminal closed) as SIGTERM: the write unwinds, then the process dies of the signal
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    script = (
        "import sys, time\n"
        "from calc import fileio\n"
        "fileio.os.fsync = lambda fd: time.sleep(60)\n"
        "fileio.write_atomic(sys.argv[1], 'x' * 100000)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not temp_files(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert temp_files(tmp_path)
        proc.send_signal(signum)
        assert proc.wait(30) == -signum  # it still dies of the signal
    finally:
        proc.kill()
        proc.wait()
    assert temp_files(tmp_path) == [] and target.read_text() == "old\n"


def test_ctrl_c_during_a_cli_write_exits_130_with_one_line_and_no_temp_file(
        tmp_path: Path) -> None:
    # issue 15 (exit codes): Ctrl-C is exit 130 with one stderr line, no traceback; the temp
    # file of the write it interrupted is removed and the old file is kept whole
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    script = (
        "import sys, time\n"
        "from calc import fileio\n"
        "from calc.cli import main\n"
        "fileio.os.fsync = lambda fd: time.sleep(60)\n"
        "raise SystemExit(main(['prices', 'regions', '--format', 'csv', '-o', sys.argv[1]]))\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not temp_files(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert temp_files(tmp_path)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 130
    assert err == "costsizer-cli: error: interrupted\n"
    assert temp_files(tmp_path) == [] and target.read_text() == "old\n"


def test_a_live_writers_temp_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    live = tmp_path / f".out.csv.costsizer-{os.getppid()}-0123abcd.tmp"
    live.write_text("in flight")
    old = time.time() - 60
    os.utime(live, (old, old))
    write_atomic_bytes(target, b"y\n")
    assert live.exists()


# -- reading: what the file is -----------------------------------------------------------
def test_fifo_is_refused_at_once(tmp_path: Path) -> None:
    # issue 15 item 8: `check fifo.json` and a FIFO scenario blocked forever
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match=r"plan\.json: is a FIFO \(named pipe\); give a "
                                        r"regular file"):
        in_thread(lambda: read_json(fifo))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_at_once() -> None:
    # issue 15 item 8: `check /dev/zero` read until memory ran out
    with pytest.raises(ReadError, match="^/dev/zero: is a character device"):
        in_thread(lambda: read_text("/dev/zero"))


def test_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="is a folder"):
        read_text(tmp_path)
    with pytest.raises(ReadError, match=r"none\.csv: file not found"):
        read_text(tmp_path / "none.csv")


def test_size_cap_is_10_mib(tmp_path: Path) -> None:
    # issue 15 item 8: a 300 MB plan file took 700 MB. A sparse file: no disk used.
    assert MAX_READ_BYTES == 10 * 1024 * 1024
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(MAX_READ_BYTES + 1)
    with pytest.raises(ReadError, match=r"big\.json: is 10\.0 MiB; the limit is 10\.0 MiB"):
        read_json(big)
    at_cap = tmp_path / "cap.json"
    at_cap.write_bytes(b"[" + b" " * (MAX_READ_BYTES - 2) + b"]")
    assert read_json(at_cap) == []


# -- reading: text -----------------------------------------------------------------------
def test_non_utf8_is_refused_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"memory_mb,duration_ms\n128,\xe9\n")  # Latin-1 e-acute
    with pytest.raises(ReadError, match=r"p\.csv: is not UTF-8 text \(byte 0xe9 at line 2 "
                                        r"column 5\); save it as UTF-8"):
        read_text(path)


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes("1.5\n".encode("utf-16"))
    with pytest.raises(ReadError, match="is UTF-16 text; save it as UTF-8"):
        read_text(path)


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}')
    assert read_json(path) == {"a": 1}
    assert read_text(path) == '{"a": 1}'


# -- reading: JSON -----------------------------------------------------------------------
def write(tmp_path: Path, text: str, name: str = "f.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "reason"), [
    ('{"n": ' + "9" * 5000 + "}", "has an integer of 5,000 digits; at most 30 are allowed"),
    ('{"n": -' + "1" * 31 + "}", "has an integer of 31 digits"),
    ('{"n": 1e400}', "has the number 1e400, too large to represent"),
    ('{"n": NaN}', "has NaN, which is not a JSON number"),
    ('{"n": -Infinity}', "has -Infinity, which is not a JSON number"),
    ("[" * 100_000 + "]" * 100_000, f"is nested too deeply (at most {MAX_JSON_DEPTH} levels)"),
    ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "is nested too deeply"),
    ('{"rds": {}, "rds": {"engine": "mysql"}}', "has the key 'rds' twice in one object"),
    ("{ not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1 "
                   "column 3"),
])
def test_json_limits(tmp_path: Path, text: str, reason: str) -> None:
    # issue 15 items 7, 8: a 5000-digit integer and deep nesting were tracebacks
    path = write(tmp_path, text)
    with pytest.raises(ReadError) as info:
        read_json(path)
    assert str(info.value).startswith(f"{path}: {reason}")


def test_json_within_limits(tmp_path: Path) -> None:
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert read_json(write(tmp_path, nested)) is not None
    big = int("9" * MAX_INT_DIGITS)
    assert read_json(write(tmp_path, json.dumps({"n": big, "x": 1.5e300}))) == {"n": big,
                                                                                 "x": 1.5e300}


# -- every CLI reader uses it ------------------------------------------------------------
# (check has its own tests in tests/calc/checks/test_cli.py)
READERS = {
    "rules_file": ["s3", "lifecycle", "--monthly-ingest-gb", "10", "--rules-file"],
    "points_csv": ["lambda", "sweep", "--invocations-per-month", "1000", "--points-csv"],
    "--weekly": ["ec2", "commitment", "--discount-pct", "20", "--weekly"],
    "--hourly": ["ec2", "commitment", "--discount-pct", "20", "--hourly"],
}


def one_line(code: int, out: str, err: str) -> str:
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err


@pytest.mark.parametrize("field", list(READERS))
def test_cli_reader_refuses_non_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     field: str) -> None:
    # issue 15 item 7: non-UTF-8 files for these four options were tracebacks
    path = tmp_path / "in.txt"
    path.write_bytes(b"\xff\xfe\x00 not text \x80\n")
    err = one_line(*run(capsys, *READERS[field], str(path)))
    flag = field if field.startswith("--") else "--" + field.replace("_", "-")  # as typed
    assert err.startswith(f"costsizer-cli: error: {flag}='{path}': ")
    assert "UTF-16" in err or "not UTF-8" in err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"caf\xe9\n")
    err = one_line(*run(capsys, *READERS[field], str(latin1)))
    assert "is not UTF-8 text (byte 0xe9 at line 1 column 4)" in err


@pytest.mark.parametrize("field", list(READERS))
def test_cli_reader_refuses_fifo_and_devices(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, field: str) -> None:
    fifo = tmp_path / "in.pipe"
    os.mkfifo(fifo)
    err = one_line(*in_thread(lambda: run(capsys, *READERS[field], str(fifo))))
    assert f"'{fifo}': is a FIFO (named pipe); give a regular file" in err
    err = one_line(*in_thread(lambda: run(capsys, *READERS[field], "/dev/zero")))
    assert "'/dev/zero': is a character device" in err


def test_points_csv_with_bom_is_read(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbfmemory_mb,duration_ms\n128,1000\n1024,130\n")
    code, _, err = run(capsys, *READERS["points_csv"], str(path), "--format", "json")
    assert code == 0 and err == ""


@pytest.mark.parametrize(("rules", "where"), [
    ({"rules": [{"storage_class": "standard_ia", "days": "30"}]}, "rules[0].days='30'"),
    ({"rules": [{"storage_class": "standard_ia", "days": True}]}, "rules[0].days=True"),
    ({"rules": [{"storage_class": "standard_ia", "days": 30.0}]}, "rules[0].days=30.0"),
    ({"rules": [{"storage_class": 3, "days": 30}]}, "rules[0].storage_class=3"),
    ({"rules": [], "expire_days": "365"}, "--expire-days='365'"),
    ({"rules": "standard_ia:30"}, "--rule='standard_ia:30'"),
    ({"rules": [["standard_ia", 30]]}, "rules[0]=['standard_ia', 30]"),
])
def test_rules_file_json_types_are_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          rules: Any, where: str) -> None:
    # issue 15 item 8: "12" and true were taken as integers. rule: S3-LIFECYCLE
    path = write(tmp_path, json.dumps(rules), "rules.json")
    err = one_line(*run(capsys, *READERS["rules_file"], str(path)))
    assert err.startswith(f"costsizer-cli: error: {where}: in the rules file {path}: must be ")
    assert err.endswith("[S3-LIFECYCLE]\n")


def test_rules_file_with_integers_is_read(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    # rule: S3-LIFECYCLE - the same file with JSON integers is taken
    path = write(tmp_path, json.dumps({"rules": [{"storage_class": "standard_ia", "days": 30}],
                                       "expire_days": 365}), "rules.json")
    code, _, err = run(capsys, *READERS["rules_file"], str(path), "--format", "json")
    assert code == 0 and err == ""
