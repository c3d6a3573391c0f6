"""``lambda`` CLI: the issue's JSON keys, CSV/table output, and exit 2 on bad input."""

from __future__ import annotations

import json

import pytest

from calc.cli import main

COST = ["lambda", "cost", "--memory-mb", "512", "--duration-ms", "1000",
        "--invocations-per-month", "3000000", "--region", "us-east-1"]


def run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cost_json_contract(capsys):
    # rule: LAMBDA-PRICE, LAMBDA-FREE-TIER: the example command; 3 M x 1 s x 0.5 GB
    # = 1.5 M GB-s - 400,000 free = 1.1 M x $0.0000166667, plus 2 M requests x $0.2/M
    code, out, err = run(capsys, [*COST, "--format", "json"])
    assert code == 0 and err == ""
    data = json.loads(out)
    for key in ("total_usd_per_month", "request_usd", "compute_usd", "ephemeral_storage_usd",
                "provisioned_concurrency_usd", "billable_gb_seconds", "billable_requests",
                "as_of"):
        assert key in data
    assert data["billable_gb_seconds"] == pytest.approx(1_100_000)
    assert data["billable_requests"] == 2_000_000
    assert data["total_usd_per_month"] == pytest.approx(1_100_000 * 0.0000166667 + 0.40)


def test_cost_all_options_and_fractional_ms(capsys):
    code, out, _ = run(capsys, [
        "lambda", "cost", "--memory-mb", "1536", "--duration-ms", "119.4",
        "--invocations-per-month", "3000000", "--arch", "arm64", "--ephemeral-storage-mb",
        "1024", "--no-free-tier", "--provisioned-concurrency", "100", "--provisioned-hours",
        "8", "--region", "us-east-1", "--format", "json"])
    data = json.loads(out)
    assert code == 0
    assert data["billed_duration_ms"] == 120  # 119.4 ms billed as 120 ms [LAMBDA-PRICE]
    assert data["architecture"] == "arm64"
    assert data["ephemeral_storage_usd"] > 0 and data["provisioned_concurrency_usd"] > 0
    assert data["billable_requests"] == 3_000_000  # --no-free-tier


def test_cost_table_and_csv(capsys):
    code, out, _ = run(capsys, COST)
    assert code == 0 and "total" in out and "duration (on demand)" in out
    code, out, _ = run(capsys, [*COST, "--format", "csv"])
    assert code == 0 and out.splitlines()[0].startswith("charge,quantity,unit")


@pytest.mark.parametrize(("args", "needle"), [
    (["--memory-mb", "64"], "--memory-mb=64.0: must be 128 to 10,240 MB in 1 MB steps "
                            "[LAMBDA-MEMORY]"),
    (["--memory-mb", "20000"], "[LAMBDA-MEMORY]"),
    (["--duration-ms", "900001"], "at most 900,000 ms (the 900 s maximum timeout) "
                                  "[LAMBDA-TIMEOUT]"),
    (["--ephemeral-storage-mb", "100"], "must be 512 to 10,240 MB in whole MB [LAMBDA-TMP]"),
    (["--ephemeral-storage-mb", "20000"], "[LAMBDA-TMP]"),
    (["--invocations-per-month", "-5"], "--invocations-per-month=-5.0: must be 0 or more "
                                        "invocations [LAMBDA-PRICE]"),
    (["--provisioned-concurrency", "-1"], "[LAMBDA-PROVISIONED]"),
    (["--region", "us-east-9"], "region='us-east-9'"),
])
def test_cost_bad_input_exits_2(capsys, args, needle):
    argv = list(COST)
    for i in range(0, len(args), 2):
        if args[i] in argv:
            argv[argv.index(args[i]) + 1] = args[i + 1]
        else:
            argv += args[i:i + 2]
    code, out, err = run(capsys, argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert needle in err


def test_sweep_json_and_rows(capsys):
    base = ["lambda", "sweep", "--region", "us-east-1", "--memory-mb", "512", "--duration-ms",
            "1000", "--invocations-per-month", "3000000", "--cpu-bound-share", "0.8"]
    code, out, _ = run(capsys, [*base, "--format", "json"])
    data = json.loads(out)
    assert code == 0 and data["points"] == 10_113
    for name in ("cheapest", "fastest", "balanced"):
        assert {"memory_mb", "duration_ms", "usd_per_month"} <= set(data[name])
    assert [r["strategy"] for r in data["rows"]] == ["cheapest", "fastest", "balanced"]
    code, out, _ = run(capsys, [*base, "--format", "csv", "--rows", "all"])
    assert code == 0 and len(out.splitlines()) == 10_114


def test_sweep_points_csv(capsys, tmp_path):
    pts = tmp_path / "p.csv"
    pts.write_text("memory_mb,duration_ms\n256,900\n1024,300\n", encoding="utf-8")
    code, out, _ = run(capsys, ["lambda", "sweep", "--region", "us-east-1",
                                "--invocations-per-month", "1000000", "--points-csv", str(pts),
                                "--format", "json"])
    assert code == 0 and json.loads(out)["points"] == 1024 - 256 + 1
    code, _, err = run(capsys, ["lambda", "sweep", "--region", "us-east-1",
                                "--invocations-per-month", "1", "--points-csv",
                                str(tmp_path / "missing.csv")])
    assert code == 2 and "points_csv" in err


def test_concurrency_command(capsys):
    code, out, _ = run(capsys, ["lambda", "concurrency", "--requests-per-second", "2000",
                                "--duration-ms", "600", "--format", "json"])
    data = json.loads(out)
    assert code == 0 and data["average_concurrency"] == 1200
    assert data["fixes"] and 0 < data["throttled_share"] < 1
    code, _, err = run(capsys, ["lambda", "concurrency", "--requests-per-second", "10",
                                "--duration-ms", "100", "--reserved-concurrency", "950"])
    assert code == 2 and "[LAMBDA-CONCURRENCY]" in err


def test_cost_csv_has_region_and_price_date(capsys):
    # the GUI's Lambda page exports this CSV: every row says where and when its prices are from
    code, out, _ = run(capsys, [*COST, "--format", "csv"])
    lines = out.splitlines()
    as_of = json.loads(run(capsys, [*COST, "--format", "json"])[1])["as_of"]
    assert code == 0 and lines[0].endswith(",region,prices_as_of")
    assert all(line.endswith(f",us-east-1,{as_of}") for line in lines[1:])


def test_arch_is_kept_as_an_alias_of_architecture(capsys):
    # the options are generated from the model (--architecture); today's --arch still works
    a = run(capsys, [*COST, "--arch", "arm64", "--format", "json"])
    b = run(capsys, [*COST, "--architecture", "arm64", "--format", "json"])
    assert a == b and json.loads(a[1])["architecture"] == "arm64"


def test_region_defaults_to_us_east_1(capsys):
    argv = [a for a in COST if a not in ("--region", "us-east-1")]
    assert run(capsys, [*argv, "--format", "json"]) == run(capsys, [*COST, "--format", "json"])
