"""``check`` command: exit codes 0 / 1 / 2, one line on stderr, JSON / CSV / table output."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from calc.cli import main

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "plan.json"  # README's path
COLUMNS = ["section", "check", "status", "rule_id", "notes_line", "message", "fix"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, plan: Any) -> str:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return str(path)


PASSING = {"name": "ok", "elb": {"deregistration_delay_s": 300},
           "placement_group": {"strategy": "spread", "azs": 3, "instances_per_az": 7}}


def test_nothing_fails_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # rules: ELB-DEREGISTRATION (L1201, 300 s default), EC2-PLACEMENT (L261, 7 per AZ)
    code, out, err = run(capsys, "check", write(tmp_path, PASSING))
    assert code == 0 and err == ""
    assert "plan 'ok': 0 fail, 0 warn, 2 pass" in out
    assert "EC2-PLACEMENT" in out and "ELB-DEREGISTRATION" in out


def test_a_failing_check_exits_1_with_one_stderr_line(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    # rule: EC2-PLACEMENT. Notes L261: 8 per AZ in a spread group fails.
    plan = {**PASSING, "placement_group": {"strategy": "spread", "instances_per_az": 8}}
    code, out, err = run(capsys, "check", write(tmp_path, plan))
    assert code == 1
    assert err.count("\n") == 1 and "1 of 2 checks fail (EC2-PLACEMENT)" in err
    assert "8 instances per AZ" in out


def test_example_plan_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(EXAMPLE), "--format", "json")
    assert code == 1 and err.count("\n") == 1
    data = json.loads(out)
    assert set(data) == {"plan", "name", "basis", "summary", "failed", "checks", "calculations"}
    assert data["basis"] == "aws_today" and data["failed"] is True
    assert set(data["summary"]) == {"pass", "warn", "fail"}
    assert sum(data["summary"].values()) == len(data["checks"])
    assert all(list(r) == COLUMNS for r in data["checks"])
    assert {r["status"] for r in data["checks"]} <= {"pass", "warn", "fail"}
    calc = data["calculations"]
    assert {"rds_autoscaling", "lambda_async", "aurora", "s3", "asg"} <= set(calc)
    # rule: LAMBDA-ASYNC-RETRY (L2345-2347): three attempts in the timeline
    assert [a["attempt"] for a in calc["lambda_async"]["retry_timeline"]] == [1, 2, 3]
    assert isinstance(calc["rds_autoscaling"]["events"], list)
    assert len(calc["aurora"]["failures"]) == 7


def test_csv_has_one_row_per_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", write(tmp_path, PASSING), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == COLUMNS and len(rows) == 2
    assert {r["rule_id"] for r in rows} == {"EC2-PLACEMENT", "ELB-DEREGISTRATION"}


def test_output_file_and_exit_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "checks.csv"
    code, out, err = run(capsys, "check", str(EXAMPLE), "--format", "csv", "-o", str(target))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert target.read_text(encoding="utf-8").startswith(",".join(COLUMNS))


def test_basis_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # rule: EBS-GP3. Notes L2583: gp3 up to 16 TiB; AWS today 64 TiB. 20,000 GiB passes today
    # and fails under the notes' figure.
    plan = {"ebs_resize": {"volume_type": "gp3", "current_size_gib": 100,
                           "new_size_gib": 20_000}}
    path = write(tmp_path, plan)
    assert run(capsys, "check", path)[0] == 0
    code, out, _ = run(capsys, "check", path, "--basis", "notes", "--format", "json")
    assert code == 1 and json.loads(out)["basis"] == "notes"


@pytest.mark.parametrize(("plan", "expected"), [
    ({"rds": {"engine": "mysql", "backup_retention_days": "many", "allocated_storage_gib": 1,
              "free_storage_pct": 1, "max_storage_gib": 1}},
     "rds.backup_retention_days='many': Input should be a valid integer"),
    ({"presigned_url": {"created_with": "browser", "expires_in_s": 60}},
     "presigned_url.created_with='browser': Input should be 'console', 'cli' or 'sdk'"),
    ({"hibernation": {"instance_type": "r5.8xlarg", "root_volume_type": "gp3",
                      "root_volume_size_gib": 300, "root_volume_encrypted": True,
                      "days_hibernated": 1}},
     "hibernation.instance_type='r5.8xlarg': unknown instance type; did you mean r5.8xlarge"),
    ([], "must be a JSON object"),
])
def test_invalid_plan_exits_2_naming_field_and_reason(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path, plan: Any,
                                                      expected: str) -> None:
    path = write(tmp_path, plan)
    code, out, err = run(capsys, "check", path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"costsizer-cli: error: plan {path}: ")
    assert expected in err


def test_missing_plan_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", str(tmp_path / "none.json"))
    assert code == 2 and out == "" and "none.json: file not found" in err


def test_missing_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check")
    assert code == 2 and err.count("\n") == 1 and "PLAN.json" in err


def test_empty_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", write(tmp_path, {}))
    assert code == 0 and err == ""
    assert "the plan has no sections to check" in out and "(no rows)" in out


def test_other_commands_still_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    # Output.exit_code defaults to 0: commands that do not set it are unchanged.
    assert run(capsys, "prices", "status", "--format", "json")[0] == 0


# -- the plan file itself (issue 15 items 7 and 8): read with calc.fileio.read_json ----------
def _fifo(tmp_path: Path) -> str:
    path = tmp_path / "fifo.json"
    os.mkfifo(path)
    return str(path)


def _sparse(tmp_path: Path) -> str:
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(300 * 1024 * 1024)  # 300 MB, no disk used
    return str(path)


def _raw(name: str, data: bytes) -> Callable[[Path], str]:
    def make(tmp_path: Path) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)
    return make


PLACEMENT = '{"placement_group": {"strategy": "spread", "azs": %s, "instances_per_az": 7}}'


@pytest.mark.parametrize(("make", "reason"), [
    (_fifo, "is a FIFO (named pipe); give a regular file"),
    (lambda _: "/dev/zero", "is a character device; give a regular file"),
    (_sparse, "is 300.0 MiB; the limit is 10.0 MiB"),
    (_raw("latin1.json", b'{"name": "caf\xe9"}'),
     "is not UTF-8 text (byte 0xe9 at line 1 column 14); save it as UTF-8"),
    (_raw("deep.json", b"[" * 100_000 + b"]" * 100_000),
     "is nested too deeply (at most 64 levels)"),
    (_raw("digits.json", b'{"asg": {"instances": ' + b"7" * 5000 + b"}}"),
     "has an integer of 5,000 digits; at most 30 are allowed"),
    (_raw("nan.json", b'{"s3": {"objects": NaN}}'), "has NaN, which is not a JSON number"),
    (_raw("str.json", (PLACEMENT % '"3"').encode()),
     "placement_group.azs='3': Input should be a valid integer"),
    (_raw("bool.json", (PLACEMENT % "true").encode()),
     "placement_group.azs=True: Input should be a valid integer"),
    (_raw("float.json", (PLACEMENT % "3.0").encode()),
     "placement_group.azs=3.0: Input should be a valid integer"),
    (_raw("flag.json", b'{"monitoring": {"detailed_monitoring": 1, "needed_interval_s": 60}}'),
     "monitoring.detailed_monitoring=1: Input should be a valid boolean"),
])
def test_bad_plan_file_exits_2_at_once_naming_it(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, make: Callable[[Path], str],
                                                 reason: str) -> None:
    # issue 15 item 8: a FIFO blocked forever, /dev/zero read until memory ran out, "12" and
    # true were taken as integers; item 7: deep nesting and a 5000-digit integer were
    # tracebacks. Each is one line on stderr naming the file, exit 2, at once.
    path = make(tmp_path)
    start = time.monotonic()
    code, out, err = run(capsys, "check", path)
    assert time.monotonic() - start < 10
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err == f"costsizer-cli: error: plan {path}: {reason}\n"


def test_plan_with_bom_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # rule: EC2-PLACEMENT (L261, 7 per AZ passes); a UTF-8 byte-order mark is accepted
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(PASSING).encode())
    code, out, err = run(capsys, "check", str(path))
    assert code == 0 and err == "" and "0 fail, 0 warn, 2 pass" in out
