"""On a real desktop (issue 14): the set-up a fresh Debian needs, the xcb platform plugin, no
display, and a smoke test that opens `python -m gui` in a real X window (Xvfb, QT_QPA_PLATFORM=xcb,
not offscreen) and checks a grab of the screen shows the EC2 page with its results.

The rest of the suite runs Qt offscreen; these tests are what fails when `make run` would not open.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "scripts" / "setup.sh"


def _qt_libs() -> list[str]:
    text = SETUP.read_text()
    block = re.search(r"QT_LIBS=\((.*?)\)", text, re.S)
    assert block, "scripts/setup.sh defines QT_LIBS=(...)"
    return block.group(1).split()


def _xcb_plugin() -> Path:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    assert plugin.is_file(), f"PySide6 has no xcb platform plugin at {plugin}"
    return plugin


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                    reason="the xcb plugin is a Linux library (ldd needed)")
def test_the_xcb_plugin_finds_every_library() -> None:
    # Qt 6.5+ needs libxcb-cursor0 and friends for xcb; without them `make run` aborts with
    # "no Qt platform plugin could be initialized" while offscreen tests still pass.
    out = subprocess.run(["ldd", str(_xcb_plugin())], capture_output=True, text=True,
                         check=True).stdout
    missing = sorted({line.split()[0] for line in out.splitlines() if "not found" in line})
    assert not missing, (f"libqxcb.so cannot load {missing}: add their Debian packages to "
                         "QT_LIBS in scripts/setup.sh")


def test_setup_names_the_xcb_packages() -> None:
    # the five that bring the ten libraries ldd found missing on a fresh Debian 12 (issue 14)
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-keysyms1",
            "libxcb-shape0"} <= set(_qt_libs())


def _fake_tools(bin_dir: Path, *, uid: int) -> None:
    """A dpkg-query that knows no package and an id that says ``uid``."""
    bin_dir.mkdir()
    (bin_dir / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)


def test_setup_as_non_root_names_every_missing_package_and_stops(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, project / "scripts" / "setup.sh")
    (project / "pyproject.toml").write_text("")
    _fake_tools(tmp_path / "bin", uid=1000)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}
    run = subprocess.run(["bash", "scripts/setup.sh"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert "sudo apt-get install --no-install-recommends" in line
    for pkg in [*_qt_libs(), "xvfb"]:
        assert f" {pkg}" in line, pkg
    assert not (project / ".venv").exists(), "setup went on after naming what is missing"
    assert run.stdout == ""


def _gui(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are Linux's")
@pytest.mark.parametrize(("display", "words"), [
    (None, "no display found (DISPLAY is not set)"),
    (":97", "no X server answers at DISPLAY=:97"),
])
def test_no_display_is_one_clear_line_and_exit_2(display: str | None, words: str) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if display:
        env["DISPLAY"] = display
    run = _gui(env)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], run.stderr
    assert "python -m calc" in lines[0] and "--screenshot" in lines[0]
    assert "Traceback" not in run.stderr and "xcb-cursor0" not in run.stderr


def test_display_problem_rules() -> None:
    from gui.app import display_problem

    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert "WAYLAND_DISPLAY is not set" in (display_problem({"QT_QPA_PLATFORM": "wayland"})
                                            or "")
    assert "DISPLAY is not set" in (display_problem({}) or "")


# A separate Qt process on the same X server grabs the whole screen (what a person sees) and
# counts pixels of the EC2 chart's line colours (gui/palette.py FIXED: Spot #009E73, Standard
# Reserved 1 yr / 3 yr No Upfront #56B4E9 / #0072B2; On-Demand runs under the dashed Capacity
# Reservation line) and the distinct colours of the grab.
_GRAB = r"""
import json, sys
from PySide6.QtGui import QGuiApplication, QColor
app = QGuiApplication([])
img = QGuiApplication.primaryScreen().grabWindow(0).toImage()
img.save(sys.argv[1])
targets = {"spot": QColor("#009E73"), "ri_1yr": QColor("#56B4E9"), "ri_3yr": QColor("#0072B2")}
near = {k: 0 for k in targets}
colours = set()
for y in range(0, img.height(), 2):
    for x in range(0, img.width(), 2):
        c = img.pixelColor(x, y)
        colours.add(c.rgb())
        for k, t in targets.items():
            if abs(c.red() - t.red()) + abs(c.green() - t.green()) + abs(c.blue() - t.blue()) < 40:
                near[k] += 1
print(json.dumps({"width": img.width(), "height": img.height(), "colours": len(colours),
                  "near": near}))
"""


@pytest.mark.skipif(shutil.which("Xvfb") is None,
                    reason="Xvfb is not installed (scripts/setup.sh installs it when run as root)")
def test_real_window_opens_on_the_ec2_page_with_its_results(tmp_path: Path) -> None:
    xvfb_log = (tmp_path / "xvfb.log").open("w")
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], stdout=subprocess.PIPE,
                            stderr=xvfb_log, text=True)
    app: subprocess.Popen[str] | None = None
    try:
        assert xvfb.stdout is not None
        display = f":{xvfb.stdout.readline().strip()}"
        ready = tmp_path / "ready.json"
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", COSTSIZER_READY_FILE=str(ready),
                   HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
        log = (tmp_path / "app.log").open("w")
        app = subprocess.Popen([sys.executable, "-m", "gui"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert app.poll() is None, (
                f"the app exited on {display}: " + (tmp_path / "app.log").read_text()[-2000:]
                + "\nXvfb: " + (tmp_path / "xvfb.log").read_text()[-2000:])
            assert time.monotonic() < deadline, "no first answer on screen within 60 s"
            time.sleep(0.1)
        info = json.loads(ready.read_text())
        assert info["page"] == "ec2" and info["rows"] > 0
        assert info["title"].startswith("Costsizer")
        grab = subprocess.run([sys.executable, "-c", _GRAB, str(tmp_path / "screen.png")],
                              env=env, capture_output=True, text=True, timeout=60, check=True)
        seen = json.loads(grab.stdout)
        assert (seen["width"], seen["height"]) == (1280, 800)
        assert seen["colours"] > 50, f"the screen is blank: {seen}"
        # the cumulative-cost chart draws the options' lines: results, not an empty shell
        assert all(n > 60 for n in seen["near"].values()), seen
        assert "Traceback" not in (tmp_path / "app.log").read_text()
    finally:
        if app is not None:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=10)
        xvfb.terminate()
        xvfb.wait(timeout=10)
