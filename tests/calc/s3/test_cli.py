"""``s3`` CLI: JSON shapes, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calc.cli import main
from calc.s3.classes import CLASS_IDS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cost_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: S3-CLASSES. The example: 100 TB of Standard in us-east-1 = $2,304.00.
    code, out, err = run(capsys, "s3", "cost", "--storage-class", "standard", "--storage-gb",
                         "102400", "--region", "us-east-1", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"usd_per_month", "breakdown", "as_of"} <= set(data)
    assert data["usd_per_month"] == pytest.approx(2_304.0)
    assert data["breakdown"][0]["component"] == "storage"
    assert data["breakdown"][0]["price_available"] is True
    assert data["as_of"] == ["2026-06-22"]
    assert data["class"]["availability_pct"] == 99.99


def test_cost_days_stored_includes_minimum_duration(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: S3-MIN-DURATION: Glacier Flexible deleted after 30 days is billed 90 days
    code, out, _ = run(capsys, "s3", "cost", "--storage-class", "glacier_flexible",
                       "--storage-gb", "1000", "--days-stored", "30", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert round(data["usd_for_days_stored"], 2) == 10.65
    assert any(r["component"] == "minimum_duration_charge" for r in data["breakdown"])


def test_cost_missing_price_is_a_line_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    # the result is printed whole (the missing line says why) and the command exits 1 with
    # one line on stderr, so a script sees that the total is unknown
    code, out, err = run(capsys, "s3", "cost", "--storage-class", "deep_archive",
                         "--storage-gb", "100", "--format", "json")
    assert code == 1 and err.count("\n") == 1
    assert "no price for S3 DEEP_ARCHIVE storage in us-east-1" in err
    data = json.loads(out)
    assert data["complete"] is False and data["usd_per_month"] is None
    line = data["breakdown"][0]
    assert line["price_available"] is False and line["usd_per_month"] is None
    assert "no price for S3 DEEP_ARCHIVE storage in us-east-1" in line["note"]


def test_cost_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "s3", "cost", "--storage-class", "standard_ia", "--storage-gb",
                       "100", "--get-requests", "1000")
    assert code == 0 and "S3 Standard-IA in us-east-1: $1.25 a month" in out
    code, out, _ = run(capsys, "s3", "cost", "--storage-class", "standard_ia", "--storage-gb",
                       "100", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("component,quantity,unit")


def test_unknown_class_exit_2_lists_the_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "s3", "cost", "--storage-class", "glacier", "--storage-gb", "1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--storage-class='glacier'" in err and "[S3-CLASSES]" in err
    assert all(cid in err for cid in CLASS_IDS)


@pytest.mark.parametrize(("argv", "field"), [
    (["--storage-class", "standard", "--storage-gb", "-1"], "--storage-gb=-1.0"),
    (["--storage-class", "standard", "--storage-gb", "1", "--objects", "-3"], "objects=-3.0"),
    (["--storage-class", "deep_archive", "--storage-gb", "1", "--retrieval-tier",
      "expedited"], "--retrieval-tier='expedited'"),
])
def test_bad_cost_input_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                               field: str) -> None:
    code, _, err = run(capsys, "s3", "cost", *argv)
    assert code == 2 and err.count("\n") == 1 and field in err


def test_unknown_region_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "s3", "cost", "--storage-class", "standard", "--storage-gb", "1",
                       "--region", "us-east-9")
    assert code == 2 and "region='us-east-9'" in err


def test_choose_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "s3", "choose", "--storage-gb", "10240", "--avg-object-kb",
                       "1024", "--max-wait-hours", "48", "--region", "eu-west-1", "--format",
                       "json")
    assert code == 0
    data = json.loads(out)
    assert data["winner"] == "deep_archive"
    assert [r["storage_class"] for r in data["ranking"]][0] == "deep_archive"
    assert all(r["reason"] for r in data["ranking"])


def test_lifecycle_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "s3", "lifecycle", "--monthly-ingest-gb", "1000", "--rule",
                         "standard_ia:30", "--rule", "glacier_flexible:90", "--rule",
                         "deep_archive:180", "--expire-days", "365", "--months", "24",
                         "--region", "eu-west-1", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [s["scenario"] for s in data["summary"]] == ["lifecycle", "no_lifecycle",
                                                         "intelligent_tiering"]
    assert len(data["gb_by_class"]) == 24 and len(data["cumulative"]) == 24
    assert data["gb_by_class"][-1]["total_gb"] == pytest.approx(12_000)


def test_lifecycle_rules_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": [{"storage_class": "standard_ia", "days": 30}],
                                "expire_days": 90}))
    code, out, _ = run(capsys, "s3", "lifecycle", "--monthly-ingest-gb", "10", "--rules-file",
                       str(path), "--months", "6", "--format", "json")
    assert code == 0
    assert json.loads(out)["rules"] == [{"storage_class": "standard_ia", "days": 30}]


def test_lifecycle_rule_out_of_order_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: S3-LIFECYCLE - a transition to a warmer class
    code, out, err = run(capsys, "s3", "lifecycle", "--monthly-ingest-gb", "10", "--rule",
                         "glacier_flexible:30", "--rule", "standard_ia:90")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "out of order" in err and "[S3-LIFECYCLE]" in err and "standard_ia:90" in err


@pytest.mark.parametrize("rule", ["standard_ia", "standard_ia:x", "nope:30"])
def test_lifecycle_malformed_rule_exit_2(capsys: pytest.CaptureFixture[str], rule: str) -> None:
    code, _, err = run(capsys, "s3", "lifecycle", "--monthly-ingest-gb", "10", "--rule", rule)
    assert code == 2 and err.count("\n") == 1


def test_lifecycle_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "s3", "lifecycle", "--monthly-ingest-gb", "100", "--months", "3",
                       "--format", "csv")
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert header[0] == "month" and "lifecycle_cumulative_usd" in header


def test_prefixes_json(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: S3-PERFORMANCE, S3-KMS-QUOTA, S3-MULTIPART
    code, out, _ = run(capsys, "s3", "prefixes", "--put-per-second", "7000",
                       "--get-per-second", "11000", "--object-size-mb", "200", "--format",
                       "json")
    assert code == 0
    data = json.loads(out)
    assert data["prefixes_needed"] == 2
    assert [k["exceeds"] for k in data["kms"]] == [True, True, False]
    assert data["multipart"]["advice"] == "multipart_recommended"


def test_prefixes_object_too_large_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: S3-MULTIPART. AWS today: at most 10,000 parts x 5 GiB = 51,200,000 MiB.
    code, _, err = run(capsys, "s3", "prefixes", "--object-size-mb", "51200001")
    assert code == 2 and "--object-size-mb=" in err and "[S3-MULTIPART]" in err
