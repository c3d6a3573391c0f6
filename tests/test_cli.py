"""The command line: formats, atomic output, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calc.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_prices_regions_json_is_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "prices", "regions", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert isinstance(data, dict)
    codes = {r["region_code"] for r in data["regions"]}
    assert {"us-east-1", "eu-west-1", "ap-southeast-2"} <= codes
    east = next(r for r in data["regions"] if r["region_code"] == "us-east-1")
    assert east["ebs_prices"] is True and east["lambda_prices"] is True


def test_prices_show_lambda_has_as_of_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    # SOURCES.md lambda.csv: us-east-1 x86 $0.0000166667 per GB-s, as of 2025-10-30.
    code, out, _ = run(capsys, "prices", "show", "lambda", "--region", "us-east-1",
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    row = next(p for p in data["prices"] if p["price"] == "x86_usd_per_gb_second_tier1")
    assert row["usd"] == 0.0000166667 and row["as_of"] == "2025-10-30"
    assert data["sources"]["lambda_feed"]["as_of"] == "2025-10-30"


def test_prices_show_csv_keeps_exact_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "prices", "show", "lambda", "--region", "us-east-1",
                       "--format", "csv")
    assert code == 0
    assert "x86_usd_per_gb_second_tier1,0.0000166667," in out
    assert "e-" not in out  # never scientific notation


def test_prices_show_missing_prices_are_marked(capsys: pytest.CaptureFixture[str]) -> None:
    # SOURCES.md: the EBS feed (2024-07-18) predates ap-east-2, so no EBS prices there.
    code, out, _ = run(capsys, "prices", "show", "ebs", "--region", "ap-east-2",
                       "--format", "json")
    assert code == 0
    rows = json.loads(out)["prices"]
    assert rows and all(r["available"] is False and r["usd"] is None for r in rows)


def test_prices_status_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "prices", "status")
    assert code == 0
    assert out.startswith("active snapshot: bundled")
    assert "ec2_on_demand" in out and "2026-07-20" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["prices", "show", "lambda", "--region", "us-east-9"],
         "region='us-east-9': unknown AWS Region; did you mean us-east-2, us-east-1"),
        (["prices", "show", "glacier", "--region", "us-east-1"],
         "service='glacier': must be one of lambda, ebs, efs, s3, ec2, data_transfer"),
        (["prices", "show", "ec2", "--region", "us-east-1", "--instance-type", "m5.lareg"],
         "did you mean m5.large"),
        (["prices", "show", "s3"], "the following arguments are required: --region"),
        (["prices", "show", "s3", "--region", "us-east-1", "--format", "xml"],
         "invalid choice: 'xml'"),
        (["nope"], "invalid choice: 'nope'"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str],
                                         needle: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("costsizer-cli: error: ")
    assert needle in err
    assert "Traceback" not in err


def test_output_file_is_written_whole(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    target = tmp_path / "regions.csv"
    target.write_text("old contents\n")
    code, out, _ = run(capsys, "prices", "regions", "--format", "csv", "--output", str(target))
    assert code == 0 and out == ""
    text = target.read_text()
    assert text.startswith("region_code,name,continent,")
    assert not list(tmp_path.glob("*.tmp"))


def test_unwritable_output_keeps_old_file(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    code, _, err = run(capsys, "prices", "regions", "--output",
                       str(tmp_path / "missing-dir" / "x.csv"))
    assert code == 1 and err.startswith("costsizer-cli: error: cannot write")


def test_float_noise_is_not_printed() -> None:
    from calc.report import to_jsonable

    # sums of binary floats (e.g. 1,146.6 = 0.3 x 3,822) print as the value, not its noise;
    # prices keep every digit they have
    assert to_jsonable(1146.6000000000001) == 1146.6
    assert to_jsonable(0.39999999999999997) == 0.4
    assert to_jsonable(0.0000166667) == 0.0000166667
    assert to_jsonable(float("nan")) is None
