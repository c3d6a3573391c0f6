"""Rule limits are data: both the notes' figure and AWS's today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calc.pricing import Catalog, SnapshotError, bundled_root

RULES = Path(__file__).resolve().parents[2].parent / "shared" / "RULES.md"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return Catalog(bundled_root())


def test_gp3_limits_notes_versus_today(cat: Catalog) -> None:
    # rule: EBS-GP3. RULES.md: notes 16,000 IOPS (L2580-2586), AWS today 80,000.
    lim = cat.limits["ebs.gp3.max_iops"]
    assert lim.rule_id == "EBS-GP3"
    assert lim.value("notes") == 16_000 and lim.value("aws_today") == 80_000
    assert lim.differs
    assert "notes 16,000, AWS today 80,000" in lim.explain()


def test_notes_fall_back_to_today_where_silent(cat: Catalog) -> None:
    # rule: EBS-GP2-IOPS. The notes give no gp2 minimum; AWS today: 100 IOPS.
    lim = cat.limits["ebs.gp2.min_iops"]
    assert lim.value_notes is None
    assert lim.value("notes") == lim.value("aws_today") == 100


def test_unknown_limit_key_names_the_file(cat: Catalog) -> None:
    with pytest.raises(SnapshotError, match="limits.csv.*no limit with key 'nope'"):
        cat.limits["nope"]


@pytest.mark.skipif(not RULES.is_file(), reason="../shared/RULES.md not beside the project")
def test_every_limit_cites_a_rule_of_rules_md(cat: Catalog) -> None:
    ids = set(re.findall(r"^\| ([A-Z0-9]+(?:-[A-Z0-9]+)*) \|", RULES.read_text(), re.M))
    assert ids
    unknown = {lim.rule_id for lim in cat.limits} - ids
    assert not unknown
