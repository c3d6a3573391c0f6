# The two commands: `make run` (set up if needed, open the GUI) and `make test`.
.PHONY: setup run test lint bench screenshots snapshot fuzz

PY := .venv/bin/python
# Property tests under `make test` are derandomized (the "ci" profile of tests/conftest.py), so CI
# never fails by chance; `make test HYPOTHESIS_PROFILE=dev` (or plain pytest) explores at random.
HYPOTHESIS_PROFILE ?= ci

setup:
	@bash scripts/setup.sh

run: setup
	$(PY) -m gui

test: setup
	$(PY) -m ruff check .
	$(PY) -m mypy calc gui
	QT_QPA_PLATFORM=offscreen HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest -n 2

# 10,000 fuzzed CLI calls over every command (tests/test_fuzz.py; `make test` runs a bounded,
# derandomized count): no traceback, exit 0/1/2, one stderr line on 2, finite output, no hang.
fuzz: setup
	QT_QPA_PLATFORM=offscreen HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -p no:cacheprovider \
		tests/test_fuzz.py

lint: setup
	$(PY) -m ruff check .

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m gui --screenshot docs/screenshots

# Rebuild pricing_data/ from the shared AWS price bundle (see tools/build_snapshot.py).
snapshot: setup
	$(PY) -m tools.build_snapshot ../shared/aws-prices pricing_data/
