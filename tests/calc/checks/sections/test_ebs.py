"""EBS plan sections (calc.checks.sections.ebs): Multi-Attach and resize.

Exactly at each limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from; each calls the section's
registered check (tests/calc/checks/support.py).
"""

from __future__ import annotations

import pytest

from tests.calc.checks.support import assert_result, check


# -- EBS-MULTI-ATTACH --------------------------------------------------------------------------
@pytest.mark.parametrize(("instances", "expected"), [(16, "pass"), (17, "fail")])
def test_multi_attach_at_most_16_instances(instances: int, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH. Notes L2618: "same AZ, max of 16 EC2 Instances".
    got = check("multi_attach", volume_type="io2", instances=instances)
    r = assert_result(got, "instances", expected, "EBS-MULTI-ATTACH")
    assert r["notes_line"] == "L2618"


@pytest.mark.parametrize(("azs", "expected"), [(1, "pass"), (2, "fail")])
def test_multi_attach_same_az(azs: int, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH. Notes L2612, L2618: same AZ only.
    got = check("multi_attach", volume_type="io1", instances=2, azs=azs)
    assert_result(got, "same AZ", expected, "EBS-MULTI-ATTACH")


@pytest.mark.parametrize(("volume", "expected"),
                         [("io1", "pass"), ("io2", "pass"), ("gp3", "fail"), ("gp2", "fail")])
def test_multi_attach_io1_io2_only(volume: str, expected: str) -> None:
    # rule: EBS-MULTI-ATTACH. Notes L2613: "only compatible with io1/io2 volume types".
    got = check("multi_attach", volume_type=volume, instances=2)
    assert_result(got, "volume type", expected, "EBS-MULTI-ATTACH")

# -- EBS-RESIZE ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("new_gib", "expected"), [(500, "pass"), (499, "fail"), (501, "pass")])
def test_ebs_volumes_only_grow(new_gib: float, expected: str) -> None:
    # rule: EBS-RESIZE. Notes L2629: "cant decrease size -> must create smaller volume".
    got = check("ebs_resize", volume_type="gp3", current_size_gib=500, new_size_gib=new_gib)
    r = assert_result(got, "direction", expected, "EBS-RESIZE")
    if expected == "fail":
        assert "new 499 GiB volume" in r["fix"]


@pytest.mark.parametrize(("basis", "new_gib", "expected"),
                         [("aws_today", 65_536, "pass"), ("aws_today", 65_537, "fail"),
                          ("notes", 16_384, "pass"), ("notes", 16_385, "fail")])
def test_ebs_resize_within_the_type_size(basis: str, new_gib: float,
                                         expected: str) -> None:
    # rule: EBS-GP3. Notes L2583: gp3 up to 16 TiB; RULES.md AWS today: 64 TiB.
    got = check("ebs_resize", basis=basis, volume_type="gp3", current_size_gib=100,
                new_size_gib=new_gib)
    assert_result(got, "size range", expected, "EBS-GP3")
