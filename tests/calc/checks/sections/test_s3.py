"""S3 plan sections (calc.checks.sections.s3): pre-signed URLs, durability, availability.

Exactly at each limit and one past it.

Each test cites the rule ID (../shared/RULES.md) and the notes' line
(../shared/notes/aws-sysops-notes.md) where the figure comes from; each calls the section's
registered check (tests/calc/checks/support.py).
"""

from __future__ import annotations

import pytest

from calc.units import SECONDS_PER_DAY
from tests.calc.checks.support import assert_result, check, row


# -- S3-PRESIGNED -------------------------------------------------------------------------------
@pytest.mark.parametrize(("created_with", "seconds", "expected"),
                         [("cli", 604_800, "pass"), ("cli", 604_801, "fail"),
                          ("sdk", 604_800, "pass"), ("sdk", 604_801, "fail"),
                          ("console", 720 * 60, "pass"), ("console", 721 * 60, "fail"),
                          ("console", 60, "pass"), ("console", 59, "fail")])
def test_presigned_url_expiry(created_with: str, seconds: float,
                              expected: str) -> None:
    # rule: S3-PRESIGNED. Notes L3022: console 1-720 min; L3023: CLI max 604,800 s (168 h).
    # SDK: Signature Version 4 caps every pre-signed URL at 7 days (AWS CLI/SDK docs).
    got = check("presigned_url", created_with=created_with, expires_in_s=seconds)
    assert_result(got, "expiry", expected, "S3-PRESIGNED")


def test_cli_presigned_url_for_8_days_fails() -> None:
    # rule: S3-PRESIGNED. Issue example: a CLI URL for 8 days -> fail, at most 604,800 s.
    got = check("presigned_url", created_with="cli", expires_in_s=8 * SECONDS_PER_DAY)
    r = assert_result(got, "expiry", "fail", "S3-PRESIGNED")
    assert "691,200 s (8 days)" in r["message"] and "at most 604,800 s" in r["message"]
    assert r["notes_line"] == "L3023"

# -- S3-DURABILITY, S3-AVAILABILITY -----------------------------------------------------------
@pytest.mark.parametrize(("accepted", "expected"), [(1e-4, "pass"), (0.99e-4, "warn")])
def test_s3_durability_against_accepted_loss(accepted: float,
                                             expected: str) -> None:
    # rule: S3-DURABILITY. Notes L2788: 10,000,000 objects lose one object per 10,000 years,
    # i.e. 1e-4 objects a year.
    got = check("s3", storage_class="STANDARD", objects=10_000_000,
                max_objects_lost_per_year=accepted)
    r = assert_result(got, "durability", expected, "S3-DURABILITY")
    assert "one per 10,000 years" in r["message"]


@pytest.mark.parametrize(("storage_class", "need", "expected"),
                         [("STANDARD", 99.99, "pass"), ("STANDARD", 99.991, "fail"),
                          ("STANDARD_IA", 99.9, "pass"), ("STANDARD_IA", 99.91, "fail"),
                          ("ONEZONE_IA", 99.5, "pass"), ("ONEZONE_IA", 99.51, "fail")])
def test_s3_availability_per_class(storage_class: str, need: float,
                                   expected: str) -> None:
    # rule: S3-AVAILABILITY. Notes L2791: Standard 99.99%; L2800: Standard-IA 99.9%;
    # L2803: One Zone-IA 99.5%.
    got = check("s3", storage_class=storage_class, objects=1, required_availability_pct=need,
                data_recreatable=True)
    r = assert_result(got, "availability", expected, "S3-AVAILABILITY")
    if storage_class == "ONEZONE_IA" and expected == "fail":
        assert "STANDARD (99.99%)" in r["fix"] and "STANDARD_IA (99.9%)" in r["fix"]


def test_s3_standard_is_down_about_53_minutes_a_year() -> None:
    # rule: S3-AVAILABILITY. Notes L2791: 99.99% "not available 53 minutes a year".
    r = row(check("s3", storage_class="STANDARD", objects=1), "availability")
    assert "about 53 min down a year" in r["message"]


@pytest.mark.parametrize(("recreatable", "expected"), [(True, "pass"), (False, "warn")])
def test_one_zone_ia_loses_data_with_the_az(recreatable: bool,
                                            expected: str) -> None:
    # rule: S3-AVAILABILITY. Notes L2802: One Zone-IA "data lost if AZ destroyed".
    got = check("s3", storage_class="ONEZONE_IA", objects=1, data_recreatable=recreatable)
    assert_result(got, "one zone", expected, "S3-AVAILABILITY")
