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
# tests check; speed is measured by `make bench`).
from hypothesis import settings  # noqa: E402

settings.register_profile("costsizer", deadline=None)
settings.load_profile("costsizer")
