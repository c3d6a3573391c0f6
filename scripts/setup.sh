#!/usr/bin/env bash
# Set up everything Costsizer needs, only where something is missing:
#  1. the Debian/Ubuntu packages Qt needs on a real X11 display (the xcb platform plugin) and,
#     for the test suite's real-window smoke test, Xvfb. Missing ones are installed with apt when
#     we are root; otherwise setup prints the one `sudo apt-get install ...` line and stops.
#  2. a virtual environment in .venv (if absent)
#  3. the project and its test tools, editable (pip install -e '.[test]'), when pyproject changed
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
# Qt's widgets and fonts (libglib2.0-0 ... libxkbcommon0) and its xcb platform plugin: `ldd` on
# PySide6's plugins/platforms/libqxcb.so needs libxcb-cursor0 (which pulls libxcb-render0,
# libxcb-render-util0, libxcb-util1, libxcb-image0), libxkbcommon-x11-0 (pulls libxcb-xkb1),
# libxcb-icccm4, libxcb-keysyms1 and libxcb-shape0. tests/gui/test_desktop.py checks this list.
QT_LIBS=(libglib2.0-0 libegl1 libgl1 libx11-6 libx11-xcb1 libdbus-1-3 libfontconfig1
         libxkbcommon0 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1
         libxcb-shape0)
# The real-window smoke test of `make test` runs the app on a virtual X display.
TEST_TOOLS=(xvfb)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${QT_LIBS[@]}" "${TEST_TOOLS[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: Costsizer needs system packages; run: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi

# Re-install only when pyproject.toml changed since the last install (the check imports calc
# only: it must not need Qt's libraries).
stamp=.venv/.costsizer-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || ! .venv/bin/python -c "import calc" 2>/dev/null; then
  echo "setup: installing costsizer and its test tools into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
