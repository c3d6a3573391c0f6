"""`python -m calc ebs ...`: JSON shapes of the CLI contract, options generated from the models,
exit codes, one-line errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from calc.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0 and err == "", err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_size_contract(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(capsys, "ebs", "size", "--size-gib", "1000", "--iops", "10000",
                 "--throughput-mibps", "500", "--region", "us-east-1")
    opts = d["options"]
    assert len(opts) == 7 and d["limits"] == "aws_today" and d["cheapest"] == "gp3"
    for o in opts:
        assert {"volume_type", "size_gib", "iops", "throughput_mibps", "usd_per_month",
                "feasible", "reason"} <= set(o)
    feasible = [o["feasible"] for o in opts]
    assert feasible == sorted(feasible, reverse=True)  # infeasible last
    costs = [o["usd_per_month"] for o in opts if o["feasible"]]
    assert costs == sorted(costs)  # cheapest first
    assert all(o["reason"] for o in opts if not o["feasible"])


def test_size_boot_and_multi_attach(capsys: pytest.CaptureFixture[str]) -> None:
    # rules: EBS-BOOT, EBS-MULTI-ATTACH
    d = run_json(capsys, "ebs", "size", "--size-gib", "100", "--boot", "--multi-attach",
                 "--region", "us-east-1")
    ok = {o["volume_type"] for o in d["options"] if o["feasible"]}
    assert ok == {"io1", "io2"}
    st1 = next(o for o in d["options"] if o["volume_type"] == "st1")
    assert "[EBS-BOOT]" in st1["reason"]


def test_gp2_contract_100_gib(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP2-BURST - EBS docs gp2 table: 100 GiB, 300 IOPS, 2,000 s, 18,000 s to refill;
    # 75 MiB/s (300 x 256 KiB)
    d = run_json(capsys, "ebs", "gp2", "--size-gib", "100")
    assert (d["baseline_iops"], d["burst_iops"], d["burst_seconds"], d["refill_seconds"],
            d["throughput_mibps"]) == (300, 3000, 2000, 18000, 75)
    assert d["limits"] == "aws_today"


def test_gp2_without_burst_gives_null_durations(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP2-IOPS, EBS-GP2-BURST - notes L2589: 16,000 IOPS at 5,334 GB; no burst
    d = run_json(capsys, "ebs", "gp2", "--size-gib", "5334", "--limits", "notes")
    assert d["baseline_iops"] == 16000 and d["bursts"] is False
    assert d["burst_seconds"] is None and d["refill_seconds"] is None
    assert d["limits"] == "notes"


# -- bad input: exit 2, one line naming field, value, range and rule -----------------------------
@pytest.mark.parametrize(("argv", "words"), [
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "10", "--iops", "20000"],
     ["iops=20000", "500 IOPS per GiB", "--size-gib >= 40", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "st1", "--size-gib", "500", "--boot"],
     ["boot=True", "st1 cannot be a boot volume", "[EBS-BOOT]"]),
    (["ebs", "cost", "--volume-type", "sc1", "--size-gib", "500", "--boot"], ["[EBS-BOOT]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "20000", "--limits", "notes"],
     ["--size-gib=20000", "1 to 16,384 GiB", "as in the notes", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100", "--iops", "90000"],
     ["iops=90000", "80,000", "AWS today", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100", "--throughput-mibps", "2500"],
     ["--throughput-mibps=2500.0", "2,000 MiB/s", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "io1", "--size-gib", "100", "--iops", "6000"],
     ["50 IOPS per GiB", "--size-gib >= 120", "[EBS-IO1-IO2]"]),
    (["ebs", "cost", "--volume-type", "gp2", "--size-gib", "100", "--attach-instances", "2"],
     ["--attach-instances=2", "[EBS-MULTI-ATTACH]"]),
    (["ebs", "gp2", "--size-gib", "0"], ["--size-gib=0", "1 to 16,384 GiB", "[EBS-GP2-IOPS]"]),
    (["ebs", "size", "--size-gib", "100", "--burst-iops", "3000"],
     ["--burst-seconds", "[EBS-GP2-BURST]"]),
    (["ebs", "cost", "--volume-type", "gp9", "--size-gib", "100"], ["invalid choice"]),
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str],
                                         words: list[str]) -> None:
    if argv[1] in ("cost", "size"):
        argv = [*argv, "--region", "us-east-1"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    for w in words:
        assert w in err


def test_unknown_region_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ebs", "migrate", "--size-gib", "100", "--region", "us-east-7")
    assert code == 2 and "us-east-1" in err  # close matches


# -- options generated from the models -------------------------------------------------------
def test_basis_option_and_its_limits_alias_agree(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP3 - 20,000 GiB is within gp3's 64 TiB today but not the notes' 16 TiB
    argv = ["ebs", "size", "--size-gib", "20000", "--region", "us-east-1"]
    a = run_json(capsys, *argv, "--basis", "notes")
    b = run_json(capsys, *argv, "--limits", "notes")
    assert a == b and a["limits"] == "notes" and a["requirement"]["limits"] == "notes"
    gp3 = next(o for o in a["options"] if o["volume_type"] == "gp3")
    assert not gp3["feasible"] and "16,384 GiB" in gp3["reason"]


def test_non_nitro_is_no_nitro(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-IO1-IO2 - io1/io2 reach 32,000 IOPS off Nitro instances
    argv = ["ebs", "size", "--size-gib", "1000", "--iops", "40000", "--region", "us-east-1"]
    a = run_json(capsys, *argv, "--non-nitro")
    b = run_json(capsys, *argv, "--no-nitro")
    assert a == b and a["requirement"]["nitro"] is False
    io1 = next(o for o in a["options"] if o["volume_type"] == "io1")
    assert not io1["feasible"] and "non-Nitro" in io1["reason"]
