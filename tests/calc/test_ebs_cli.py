"""`python -m calc ebs ...`: JSON shapes of the CLI contract, exit codes, one-line errors."""

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


def test_cost_gp3_pricing_page_example(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP3 - AWS EBS pricing page example 1 (2,000 GB, 10,000 IOPS, 500 MB/s), a whole
    # month at the bundled us-east-1 prices (0.08, 0.005, 0.04; EBS feed 2024-07-18)
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp3", "--size-gib", "2000", "--iops",
                 "10000", "--throughput-mibps", "500", "--region", "us-east-1")
    assert d["usd_per_month"] == pytest.approx(210.0)
    assert d["limits"] == "aws_today" and d["as_of"] == "2024-07-18"
    assert [(b["component"], b["usd_per_month"]) for b in d["breakdown"]] == [
        ("storage", pytest.approx(160.0)), ("iops_above_included", pytest.approx(35.0)),
        ("throughput_above_included", pytest.approx(15.0))]
    assert d["price_available"] is True


def test_cost_reports_the_notes_limits(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp3", "--size-gib", "100",
                 "--region", "us-east-1", "--limits", "notes")
    assert d["limits"] == "notes" and d["usd_per_month"] == pytest.approx(8.0)


def test_cost_with_snapshots_and_partial_month(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp2", "--size-gib", "100", "--region",
                 "us-east-1", "--hours", "365", "--count", "2", "--snapshot-retention-days", "7",
                 "--snapshot-daily-change-pct", "10", "--archive-gib-per-month", "100")
    comps = {b["component"]: b["usd_per_month"] for b in d["breakdown"]}
    assert comps["storage"] == pytest.approx(2 * 100 * 0.10 / 2)  # half of a 730-hour month
    assert comps["snapshot_standard"] == pytest.approx(2 * 160 * 0.05)
    assert "snapshot_archive" in comps


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


def test_size_table_and_csv_render(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ebs", "size", "--size-gib", "100", "--region", "us-east-1")
    assert code == 0 and "cheapest first" in out and "gp3" in out
    code, out, _ = run(capsys, "ebs", "size", "--size-gib", "100", "--region", "us-east-1",
                       "--format", "csv")
    header, first = out.splitlines()[:2]
    assert code == 0 and header.startswith("rank,volume_type,size_gib")
    # every CSV row says where and when its prices are from and which limits were used
    assert header.endswith(",region,prices_as_of,limits")
    assert first.endswith(",us-east-1,2024-07-18,aws_today")


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


def test_migrate(capsys: pytest.CaptureFixture[str]) -> None:
    # rules: EBS-GP3, EBS-RESIZE - 500 GiB gp2 (0.10) -> gp3 (0.08) with 3,000 IOPS and gp2's
    # 250 MiB/s (125 above the included, 0.04): 50 - 45 = 5 USD saved
    d = run_json(capsys, "ebs", "migrate", "--size-gib", "500", "--region", "us-east-1")
    assert d["gp2_usd_per_month"] == pytest.approx(50.0)
    assert d["saving_usd_per_month"] == pytest.approx(5.0) and d["saving_pct"] == pytest.approx(10)
    assert d["limits"] == "aws_today" and len(d["options"]) == 3
    assert any("[EBS-RESIZE]" in n for n in d["notes"])
    code, out, _ = run(capsys, "ebs", "migrate", "--size-gib", "500", "--region", "us-east-1")
    assert code == 0 and "saves 5.00 USD per month" in out


# -- bad input: exit 2, one line naming field, value, range and rule -----------------------------
@pytest.mark.parametrize(("argv", "words"), [
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "10", "--iops", "20000"],
     ["iops=20000", "500 IOPS per GiB", "size_gib >= 40", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "st1", "--size-gib", "500", "--boot"],
     ["boot=True", "st1 cannot be a boot volume", "[EBS-BOOT]"]),
    (["ebs", "cost", "--volume-type", "sc1", "--size-gib", "500", "--boot"], ["[EBS-BOOT]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "20000", "--limits", "notes"],
     ["size_gib=20000", "1 to 16,384 GiB", "as in the notes", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100", "--iops", "90000"],
     ["iops=90000", "80,000", "AWS today", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100", "--throughput-mibps", "2500"],
     ["throughput_mibps=2500.0", "2,000 MiB/s", "[EBS-GP3]"]),
    (["ebs", "cost", "--volume-type", "io1", "--size-gib", "100", "--iops", "6000"],
     ["50 IOPS per GiB", "size_gib >= 120", "[EBS-IO1-IO2]"]),
    (["ebs", "cost", "--volume-type", "gp2", "--size-gib", "100", "--attach-instances", "2"],
     ["attach_instances=2", "[EBS-MULTI-ATTACH]"]),
    (["ebs", "gp2", "--size-gib", "0"], ["size_gib=0", "1 to 16,384 GiB", "[EBS-GP2-IOPS]"]),
    (["ebs", "size", "--size-gib", "100", "--burst-iops", "3000"],
     ["burst_seconds", "[EBS-GP2-BURST]"]),
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


@pytest.mark.parametrize("command", [
    ["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100"],
    ["ebs", "size", "--size-gib", "100"],
    ["ebs", "migrate", "--size-gib", "100"],
])
def test_region_without_ebs_prices_exits_1(capsys: pytest.CaptureFixture[str],
                                           command: list[str]) -> None:
    # mx-central-1 opened after the EBS feed's date (2024-07-18): no EBS prices in the snapshot
    code, out, err = run(capsys, *command, "--region", "mx-central-1")
    assert code == 1 and out == ""
    assert "no price for EBS volumes in mx-central-1" in err and "2024-07-18" in err


def test_missing_io2_price_exits_1_for_cost_but_not_for_size(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ebs", "cost", "--volume-type", "io2", "--size-gib", "100",
                       "--iops", "1000", "--region", "af-south-1")
    assert code == 1 and "io2" in err and "af-south-1" in err
    d = run_json(capsys, "ebs", "size", "--size-gib", "100", "--region", "af-south-1")
    io2 = next(o for o in d["options"] if o["volume_type"] == "io2")
    assert io2["price_available"] is False and io2["usd_per_month"] is None
