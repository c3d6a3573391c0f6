"""Aurora storage quorum (calc.checks.aurora): the failure table, scalar and vector."""

from __future__ import annotations

import numpy as np

from calc.checks import aurora as au
from tests.support.catalogs import bundled_catalog

CATALOG = bundled_catalog()
AURORA = au.AuroraRule.from_limits(CATALOG.limits)


def test_aurora_failure_table() -> None:
    # rule: AURORA. Notes L3507-3509: 6 copies across 3 AZs, 4 for writes, 3 for reads: an AZ
    # (2 copies) is survived with writes; an AZ and one more copy with reads only.
    t = au.aurora_failure_table(AURORA).set_index("copies_lost")
    assert t.loc[2, "equivalent_failure"] == "1 AZ"
    assert t.loc[3, "equivalent_failure"] == "1 AZ + 1 copy"
    assert t["can_write"].tolist() == [True, True, True, False, False, False, False]
    assert t["can_read"].tolist() == [True, True, True, True, False, False, False]


def test_aurora_quorum_scalar_equals_vector() -> None:
    # rule: AURORA.
    lost = np.arange(AURORA.copies + 1)
    w, r = au.aurora_quorum(copies_lost=lost, rule=AURORA)
    for k in lost:
        assert au.aurora_quorum(copies_lost=int(k), rule=AURORA) == (bool(w[k]), bool(r[k]))
    assert (~w | r).all()  # whatever can write can read
