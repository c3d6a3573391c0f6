"""Test set-up: Qt renders offscreen; the bundled snapshot is the active catalog."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# QSettings (window geometry, region, recent files) go to a throw-away folder, never the
# user's own configuration.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="costsizer-test-config-")
# Refreshed price snapshots are looked up in the user's data folder: tests use an empty one,
# so they always run on the bundled snapshot (tests that refresh set their own folder).
os.environ["COSTSIZER_DATA_DIR"] = tempfile.mkdtemp(prefix="costsizer-test-data-")

# Property tests: no per-example deadline (CI machines are shared and timing is not what these
# tests check; speed is measured by `make bench`). Two profiles:
#  - "ci" (CI=true, as .ci/run is started): derandomized, the same examples every run, no
#    example database, so CI never fails by chance;
#  - "dev" (local runs): random examples, so new counterexamples keep being found.
# HYPOTHESIS_PROFILE=ci|dev overrides the choice.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          print_blob=True)
settings.register_profile("dev", deadline=None)
# "fuzz" (make fuzz): tests/test_fuzz.py runs 10,000 CLI calls instead of its bounded count.
settings.register_profile("fuzz", deadline=None, database=None, print_blob=True,
                          max_examples=10_000)
_ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci else "dev"))
