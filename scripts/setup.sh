#!/usr/bin/env bash
# Set up everything Costsizer needs, only where something is missing:
#  1. the system libraries Qt needs (apt, only when dpkg-query says one is missing and we are root)
#  2. a virtual environment in .venv (if absent)
#  3. the project and its test tools, editable (pip install -e '.[test]'), when pyproject changed
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
QT_LIBS=(libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libxkbcommon0)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${QT_LIBS[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing Qt system libraries: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: Qt needs these system packages (run as root to install): ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi

# Re-install only when pyproject.toml changed since the last install.
stamp=.venv/.costsizer-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || ! .venv/bin/python -c "import calc, gui" 2>/dev/null; then
  echo "setup: installing costsizer and its test tools into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
