"""The ``ec2`` command group: JSON shape, CSV columns, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from calc.cli import main
from calc.ec2 import OPTION_IDS
from calc.ec2.compare import COLUMNS
from calc.ec2.rates import option_rate
from tests.support.catalogs import bundled_catalog

ISSUE_KEYS = ["option", "upfront_usd", "effective_usd_per_hour", "usd_per_month", "total_usd",
              "savings_vs_on_demand_pct", "break_even_month", "break_even_utilization_pct",
              "price_available"]
COMPARE = ["ec2", "compare", "--instance-type", "m5.large", "--region", "us-east-1"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    # The issue's contract: {"as_of", "region", "instance_type", "options": [...], "verdict"}.
    code, out, err = run(capsys, *COMPARE, "--os", "linux", "--count", "1",
                         "--hours-per-month", "730", "--horizon-months", "36",
                         "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"as_of", "region", "instance_type", "options", "verdict"} <= set(data)
    od_rate = option_rate("us-east-1", "m5.large", "on_demand", catalog=bundled_catalog())
    assert (data["region"], data["instance_type"], data["as_of"]) == (
        "us-east-1", "m5.large", od_rate.as_of)  # the On-Demand price's date
    assert [o["option"] for o in data["options"]] == list(OPTION_IDS)
    for o in data["options"]:
        assert list(o)[: len(ISSUE_KEYS)] == ISSUE_KEYS
        assert o["price_available"] or o["reason"]
    od = data["options"][0]
    # rule: EC2-OD-BILLING. rate x 730 h a month (0.096 -> $70.08: test_snapshot_prices.py)
    assert od["usd_per_month"] == pytest.approx(od_rate.usd_per_hour * 730)
    assert od["price_source"] == "snapshot"
    sp = next(o for o in data["options"] if o["option"].startswith("savings_plan_ec2_"))
    assert sp["price_available"] is False and sp["total_usd"] is None
    assert len(data["cumulative_usd"]["month"]) == 37


def test_compare_csv_has_the_same_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *COMPARE, "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    # the options table plus the region and the price dates used (issue 7 export contract)
    assert reader.fieldnames == [*COLUMNS, "region", "prices_as_of"]
    rows = list(reader)
    assert [r["option"] for r in rows] == list(OPTION_IDS)
    dates = {r["as_of"] for r in rows if r["as_of"]}
    assert {r["region"] for r in rows} == {"us-east-1"}
    assert {r["prices_as_of"] for r in rows} == {" ".join(sorted(dates))}
    assert rows[0]["as_of"] in dates  # On-Demand's date among them


def test_user_rate_and_discount(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *COMPARE, "--rate", "spot=0.03",
                       "--rate", "reserved_standard_1yr_all_upfront=0,480",
                       "--discount", "savings_plan_compute_3yr_no_upfront=50",
                       "--format", "json")
    assert code == 0
    opts = {o["option"]: o for o in json.loads(out)["options"]}
    assert opts["spot"]["price_source"] == "user" and opts["spot"]["effective_usd_per_hour"] == 0.03
    ri = opts["reserved_standard_1yr_all_upfront"]
    assert ri["price_source"] == "user" and ri["upfront_usd"] == 480
    sp = opts["savings_plan_compute_3yr_no_upfront"]
    assert sp["price_available"] and sp["price_source"] == "user" and sp["as_of"] is None
    assert sp["effective_usd_per_hour"] == pytest.approx(0.048)


@pytest.mark.parametrize(("argv", "words"), [
    (["--instance-type", "m5.lareg", "--region", "us-east-1"], "did you mean m5.large"),
    (["--instance-type", "m5.large", "--region", "us-east-9"], "unknown AWS Region; did you mean"),
    ([*COMPARE[2:], "--hours-per-month", "730.5"], "must be 0 to 730"),
    ([*COMPARE[2:], "--count", "0"], "count=0"),
    ([*COMPARE[2:], "--horizon-months", "61"], "1 to 60 months"),
    ([*COMPARE[2:], "--horizon-months", "0"], "1 to 60 months"),
    ([*COMPARE[2:], "--utilization-pct", "101"], "0 to 100"),
    ([*COMPARE[2:], "--job-seconds", "30"], "needs both --job-seconds and --runs-per-month"),
    ([*COMPARE[2:], "--job-seconds", "3600", "--runs-per-month", "731"], "more than the 730"),
    ([*COMPARE[2:], "--rate", "spot"], "OPTION=USD_PER_HOUR"),
    ([*COMPARE[2:], "--rate", "spot=cheap"], "must be numbers"),
    ([*COMPARE[2:], "--discount", "spot=100"],
     "--discount='spot=100': the discount must be below 100 %"),
    ([*COMPARE[2:], "--discount", "reserved_standart_1yr_no_upfront=10"], "did you mean"),
    ([*COMPARE[2:], "--sp-partial-upfront-pct", "49"], "50 to 99"),
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                         argv: list[str], words: str) -> None:
    code, out, err = run(capsys, "ec2", "compare", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err, err


def test_hours_limit_names_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EC2-OD-BILLING: exactly 730 is allowed, one past is not.
    assert run(capsys, *COMPARE, "--hours-per-month", "730")[0] == 0
    code, _, err = run(capsys, *COMPARE, "--hours-per-month", "731")
    assert code == 2 and "--hours-per-month=731.0" in err and "[EC2-OD-BILLING]" in err


def test_short_job_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EC2-OD-BILLING: a 30 s Linux job bills 60 s.
    code, out, _ = run(capsys, *COMPARE, "--job-seconds", "30", "--runs-per-month", "100",
                       "--format", "json")
    assert code == 0
    rows = json.loads(out)["short_job"]
    assert rows[0]["billed_seconds_per_run"] == 60 and rows[1]["billed_seconds_per_run"] == 3600


def test_burst_command(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EC2-BURST. t3.large at 50%: $14.60 surplus a month (see test_ec2_burst.py).
    code, out, _ = run(capsys, "ec2", "burst", "--instance-type", "t3.large", "--cpu-pct", "50",
                       "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["surplus_usd_per_month"] == pytest.approx(14.6)
    assert len(data["series"]) == 7 * 24 + 1
    code, out, _ = run(capsys, "ec2", "burst", "--instance-type", "t3.large", "--cpu-pct", "50",
                       "--series", "--format", "csv")
    assert out.splitlines()[0] == "hour,credit_balance,surplus_credits,cpu_pct_available"
    code, _, err = run(capsys, "ec2", "burst", "--instance-type", "m5.large", "--cpu-pct", "5")
    assert code == 2 and "[EC2-BURST]" in err


def test_commitment_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # rule: EC2-SP.
    code, out, _ = run(capsys, "ec2", "commitment", "--usd-per-hour", "10", "--discount-pct",
                       "28", "--format", "json")
    assert code == 0 and json.loads(out)["best"]["commitment_usd_per_hour"] == pytest.approx(7.2)
    week = tmp_path / "week.csv"
    week.write_text("on_demand_usd_per_hour\n" + "\n".join(["10"] * 50 + ["2"] * 118) + "\n")
    code, out, _ = run(capsys, "ec2", "commitment", "--weekly", str(week), "--discount-pct",
                       "30", "--format", "json")
    assert code == 0 and json.loads(out)["best"]["commitment_usd_per_hour"] == pytest.approx(1.4)
    # the snapshot's Savings Plan rate: r7g.2xlarge ap-east-2 0.1954 vs On-Demand 0.4651
    code, out, _ = run(capsys, "ec2", "commitment", "--usd-per-hour", "1", "--plan",
                       "savings_plan_ec2_instance_3yr_partial_upfront", "--instance-type",
                       "r7g.2xlarge", "--region", "ap-east-2", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["as_of"] == "2025-09-11"
    assert data["discount_pct"] == pytest.approx((1 - 0.1954 / 0.4651) * 100)
    code, _, err = run(capsys, "ec2", "commitment", "--usd-per-hour", "1", "--plan",
                       "savings_plan_ec2_instance_1yr_no_upfront", "--instance-type",
                       "m5.large", "--region", "us-east-1")
    assert code == 2 and "no EC2 Instance Savings Plan" in err
    # rule: EC2-SP. --plan with a snapshot rate: discount = 1 - plan rate / On-Demand, dated
    # by the rate (the figures: test_snapshot_prices.py)
    plan = "savings_plan_compute_1yr_no_upfront"
    code, out, _ = run(capsys, "ec2", "commitment", "--usd-per-hour", "1", "--plan", plan,
                       "--instance-type", "m5.large", "--region", "us-east-1", "--format",
                       "json")
    data = json.loads(out)
    rate = option_rate("us-east-1", "m5.large", plan, catalog=bundled_catalog())
    assert code == 0 and data["as_of"] == rate.as_of and rate.on_demand_usd_per_hour
    assert data["discount_pct"] == pytest.approx(
        (1 - rate.usd_per_hour / rate.on_demand_usd_per_hour) * 100)
    code, _, err = run(capsys, "ec2", "commitment", "--weekly", str(tmp_path / "none.csv"),
                       "--discount-pct", "10")
    assert code == 2 and "none.csv': file not found" in err


def test_regions_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ec2", "regions", "--instance-type", "m5.large", "--option",
                       "reserved_standard_3yr_no_upfront", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["regions_with_price"] > 20
    first = data["regions"][0]
    # every Region's row carries the date of its own price
    assert first["price_available"]
    for r in data["regions"][:3]:
        assert r["as_of"] == option_rate(r["region_code"], "m5.large",
                                         "reserved_standard_3yr_no_upfront",
                                         catalog=bundled_catalog()).as_of
    code, _, err = run(capsys, "ec2", "regions", "--instance-type", "m5.large", "--option",
                       "spott")
    assert code == 2 and "did you mean spot" in err


def test_find_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ec2", "find", "--min-vcpu", "2", "--max-vcpu", "2",
                       "--min-memory-gib", "8", "--max-memory-gib", "8", "--region",
                       "us-east-1", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["count"] > 5
    prices = [r["on_demand_usd_per_hour"] for r in data["instances"]]
    assert prices == sorted(prices)
    code, _, err = run(capsys, "ec2", "find", "--family", "m55")
    assert code == 2 and "did you mean m5" in err
    code, _, err = run(capsys, "ec2", "find", "--min-vcpu", "4", "--max-vcpu", "2")
    assert code == 2 and "--max-vcpu" in err


def test_no_on_demand_price_exits_1_with_the_table(capsys) -> None:  # type: ignore[no-untyped-def]
    # SOURCES.md gaps: no Windows On-Demand for m5.large; every saving is measured against
    # On-Demand, so the comparison is printed (every row says why) and the command exits 1.
    from calc.cli import main

    code = main(["ec2", "compare", "--instance-type", "m5.large", "--os", "windows",
                 "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 1 and out.startswith("option,")
    assert err.startswith("costsizer-cli: error: On-Demand: no On-Demand price for m5.large")


def test_commitment_flags_a_discount_above_the_notes(capsys) -> None:  # type: ignore[no-untyped-def]
    # rule: EC2-SP / EC2-RI - the notes say commitments save "up to 72%" (L371): a 95%
    # discount is computed but flagged, a 28% one is not
    from calc.cli import main

    assert main(["ec2", "commitment", "--usd-per-hour", "10", "--discount-pct", "95"]) == 0
    assert "above the notes' 'up to 72%'" in capsys.readouterr().out
    assert main(["ec2", "commitment", "--usd-per-hour", "10", "--discount-pct", "28"]) == 0
    assert "above the notes" not in capsys.readouterr().out


def test_options_keep_their_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    # the options are generated from the models; today's spellings stay: --public-ipv4 (field
    # public_ipv4_per_instance), --prorate-terms (count_whole_term off), --cpu-pct, --arch,
    # --all-generations. rule: EC2-EIP: 2 addresses x $0.005/h x 730 h = $7.30 a month more.
    code, out, _ = run(capsys, *COMPARE, "--public-ipv4", "2", "--public-ipv4-always",
                       "--prorate-terms", "--horizon-months", "12", "--format", "json")
    data = json.loads(out)
    od = next(o for o in data["options"] if o["option"] == "on_demand")
    assert code == 0 and od["usd_per_month"] == pytest.approx(70.08 + 7.3)
    assert data["count_whole_term"] is False
    code, out, _ = run(capsys, "ec2", "burst", "--instance-type", "t3.large", "--cpu-pct", "20",
                       "--mode", "standard", "--format", "json")
    assert code == 0 and json.loads(out)["mode"] == "standard"
    code, out, _ = run(capsys, "ec2", "find", "--arch", "arm64", "--burstable",
                       "--all-generations", "--format", "json")
    assert code == 0 and {r["family"] for r in json.loads(out)["instances"]} >= {"t4g"}


def test_hours_and_utilisation_are_one_or_the_other(capsys: pytest.CaptureFixture[str]) -> None:
    # the model refuses both (one line, exit 2), as the page does beside the field
    code, out, err = run(capsys, *COMPARE, "--hours-per-month", "730", "--utilization-pct", "50")
    assert code == 2 and out == "" and "give only one" in err and err.count("\n") == 1
