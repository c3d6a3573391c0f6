"""Lambda page: calc's cost, sweep and vs-EC2 numbers in the table and charts, inline errors
with rule IDs, export = the CLI's ``lambda cost`` CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox

from calc.lambda_.api import run_sweep, run_vs_ec2
from calc.lambda_.cli import LambdaStudyInput, study_output
from gui import format as fmt
from gui.pages.lambda_ import LambdaPage
from tests.gui.helpers import choose as _choose
from tests.gui.helpers import cli_csv as _cli_csv
from tests.gui.helpers import type_into as _type

DEFAULT = {"region": "us-east-1", "memory_mb": 1024, "duration_ms": 120,
           "invocations_per_month": 30_000_000, "ephemeral_storage_mb": 512,
           "cpu_bound_share": 0.8}
CLI_COST = ["lambda", "cost", "--region", "us-east-1", "--memory-mb", "1024", "--duration-ms",
            "120", "--invocations-per-month", "30000000", "--ephemeral-storage-mb", "512"]


def _page(window) -> LambdaPage:  # type: ignore[no-untyped-def]
    page = window.show_page("lambda")
    assert isinstance(page, LambdaPage)
    return page


def _assert_charts_match(page: LambdaPage, inp: LambdaStudyInput) -> None:
    out, study = study_output(inp)
    assert page.results_frame().equals(out.table)
    sweep = study.sweep.frame
    x, y = page.sweep_chart.series_data("lambda")
    assert np.array_equal(x, sweep["memory_mb"]) and np.allclose(y, sweep["usd_per_month"])
    x, y = page.sweep_chart.series_data("lambda_duration")
    assert np.allclose(y, sweep["duration_ms"])
    marks = page.sweep_chart.markers.getData()
    assert list(marks[0]) == [study.sweep.choice(n)["memory_mb"]
                              for n in ("cheapest", "fastest", "balanced")]
    assert np.allclose(marks[1], [study.sweep.choice(n)["usd_per_month"]
                                  for n in ("cheapest", "fastest", "balanced")])
    if study.vs_ec2 is not None:
        curve = study.vs_ec2.curve
        x, y = page.ec2_chart.series_data("ec2")
        assert np.allclose(x, curve["requests_per_second"])
        assert np.allclose(y, curve["ec2_usd_per_month"])
        _x, y = page.ec2_chart.series_data("lambda")
        assert np.allclose(y, curve["lambda_usd_per_month"])


def test_default_scenario_matches_calc(window) -> None:  # type: ignore[no-untyped-def]
    # rules: LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-MEMORY - the page shows calc's cost,
    # sweep and Lambda-vs-EC2 results for its default inputs.
    page = _page(window)
    inp = LambdaStudyInput(**DEFAULT)
    _assert_charts_match(page, inp)
    _out, study = study_output(inp)
    summary = page.summary.text()
    assert fmt.money(study.cost.cost.total_usd_per_month) in summary
    for name in ("cheapest", "fastest", "balanced"):
        assert f"{name}: <b>{fmt.number(study.sweep.choice(name)['memory_mb'])} MB" in summary
    vs = study.vs_ec2
    assert vs is not None and vs.break_even_requests_per_second is not None
    assert f"{fmt.number(vs.break_even_requests_per_second)} requests/s" in summary
    assert "no throttling expected" in summary
    # the break-even is marked where Lambda's cost meets the fleet's
    assert page.break_even_line.isVisible()
    assert page.break_even_line.value() == pytest.approx(vs.break_even_requests_per_second)
    xs, ys = page.ec2_chart.markers.getData()
    assert xs[-1] == pytest.approx(vs.break_even_requests_per_second)
    assert ys[-1] == pytest.approx(study.break_even_usd_per_month)


def test_explain_lists_rules_and_prices(window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    text = page.explain.toPlainText()
    for rule in ("LAMBDA-PRICE", "LAMBDA-FREE-TIER", "LAMBDA-MEMORY", "LAMBDA-TIMEOUT",
                 "LAMBDA-TMP", "LAMBDA-CONCURRENCY", "LAMBDA-PROVISIONED"):
        assert rule in text
    # us-east-1 x86 prices of the snapshot (AWS Lambda pricing page feed, 2025-10-30)
    assert "0.0000166667 per GB-s" in text and "0.0000002 per request" in text
    assert "2025-10-30" in text
    vs = study_output(LambdaStudyInput(**DEFAULT))[1].vs_ec2
    assert vs is not None
    assert f"EC2 {vs.instance_type} Linux" in text and vs.ec2_as_of in text


def test_export_equals_cli_csv(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    path = tmp_path / "lambda.csv"
    page.export_csv(path)
    assert path.read_text() == _cli_csv(CLI_COST)
    lines = path.read_text().splitlines()
    assert lines[0].endswith(",region,prices_as_of")
    assert lines[1].endswith(",us-east-1,2025-10-30")


def test_typing_changes_table_and_charts(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "memory_mb", "2048")
    _type(qtbot, page, "duration_ms", "250.5")
    _type(qtbot, page, "invocations_per_month", "5,000,000")
    _type(qtbot, page, "cpu_bound_share", "0.3")
    _type(qtbot, page, "threads", "2")
    inp = LambdaStudyInput(**{**DEFAULT, "memory_mb": 2048, "duration_ms": 250.5,
                              "invocations_per_month": 5_000_000, "cpu_bound_share": 0.3,
                              "threads": 2})
    _assert_charts_match(page, inp)
    # rule: LAMBDA-PRICE - 250.5 ms is billed as 251 ms: 5 M x 0.251 s x 2 GB = 2.51 M GB-s
    frame = page.results_frame()
    on_demand = frame[frame["charge"] == "duration (on demand)"].iloc[0]
    assert on_demand["quantity"] == pytest.approx(2_510_000 - 400_000)


def test_provisioned_and_tmp_equal_cli(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # rules: LAMBDA-PROVISIONED, LAMBDA-TMP, LAMBDA-FREE-TIER
    page = _page(window)
    _type(qtbot, page, "provisioned_concurrency", "10")
    _type(qtbot, page, "provisioned_hours", "200")
    _type(qtbot, page, "ephemeral_storage_mb", "2048")
    page.findChild(QCheckBox, "input_free_tier").setChecked(False)
    _choose(page, "architecture", "arm64")
    frame = page.results_frame()
    pc = frame[frame["charge"] == "provisioned concurrency"].iloc[0]
    assert pc["usd_per_month"] > 0
    path = tmp_path / "pc.csv"
    page.export_csv(path)
    args = [*CLI_COST, "--provisioned-concurrency", "10", "--provisioned-hours", "200",
            "--no-free-tier", "--arch", "arm64"]
    args[args.index("--ephemeral-storage-mb") + 1] = "2048"
    assert path.read_text() == _cli_csv(args)


@pytest.mark.parametrize(("field", "text", "needle"), [
    ("memory_mb", "64", "memory_mb=64.0: must be 128 to 10,240 MB in 1 MB steps "
                        "[LAMBDA-MEMORY]"),
    ("memory_mb", "10241", "[LAMBDA-MEMORY]"),
    ("duration_ms", "900001", "at most 900,000 ms (the 900 s maximum timeout) "
                              "[LAMBDA-TIMEOUT]"),
    ("ephemeral_storage_mb", "100", "must be 512 to 10,240 MB in whole MB [LAMBDA-TMP]"),
    ("invocations_per_month", "-5", "invocations_per_month=-5.0: must be 0 or more "
                                    "invocations [LAMBDA-PRICE]"),
    ("provisioned_hours", "731", "must be 0 to 730 hours a month [LAMBDA-PROVISIONED]"),
    ("instance_type", "m5.lrage", "did you mean m5.large"),
    ("cpu_bound_share", "1.5", "cpu_bound_share"),
])
def test_bad_input_shows_message_beside_field(qtbot, window, field, text, needle) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    before = page.results_frame().copy()
    _type(qtbot, page, field, text)
    label = page.form.errors[field]
    assert label.isVisibleTo(page) and needle in label.text()
    assert not page.export_allowed and not window.export_action.isEnabled()
    assert page.results_frame().equals(before)  # the last valid result stays
    _type(qtbot, page, field, {"instance_type": ""}.get(field, str(
        page.defaults[field]).replace(",", "")))
    assert page.export_allowed and not label.isVisibleTo(page)


def test_provisioned_pair_error_names_hours(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-PROVISIONED - environments without enabled hours are not a configuration
    page = _page(window)
    _type(qtbot, page, "provisioned_concurrency", "5")
    label = page.form.errors["provisioned_hours"]
    assert label.isVisibleTo(page)
    assert "must be more than 0 when provisioned_concurrency is set" in label.text()
    assert "[LAMBDA-PROVISIONED]" in label.text()
    assert not page.export_allowed


def test_instance_type_and_option(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-CONCURRENCY - a fleet of the chosen type sized for the steady rate
    page = _page(window)
    _type(qtbot, page, "instance_type", "m5.large")
    _choose(page, "purchasing_option", "reserved_standard_1yr_no_upfront")
    inp = LambdaStudyInput(**{**DEFAULT, "instance_type": "m5.large",
                              "purchasing_option": "reserved_standard_1yr_no_upfront"})
    _assert_charts_match(page, inp)
    vs = run_vs_ec2(inp.vs_ec2_input())
    assert vs.instance_type == "m5.large"
    assert "m5.large" in page.ec2_chart.legend_label("ec2")
    assert f"{fmt.number(vs.instance_count)} x m5.large" in page.summary.text()


def test_missing_ec2_price_keeps_the_cost(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # the snapshot has no Dedicated Host price for the small types: the comparison says so
    # and the Lambda cost (the table, the export) stays
    page = _page(window)
    _choose(page, "purchasing_option", "dedicated_host")
    _out, study = study_output(LambdaStudyInput(**{**DEFAULT,
                                                   "purchasing_option": "dedicated_host"}))
    assert study.vs_ec2 is None and study.vs_ec2_missing
    assert "no price for EC2 dedicated_host" in page.summary.text()
    assert not page.ec2_chart.lines["ec2"].isVisible()
    assert not page.break_even_line.isVisible()
    assert page.export_allowed and len(page.results_frame()) == 6


def test_throttling_risk_in_summary(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-CONCURRENCY - 3.942 B invocations over 2,628,000 s = 1,500 requests/s of
    # 1 s each keep 1,500 environments busy, above the default 1,000
    page = _page(window)
    _type(qtbot, page, "duration_ms", "1000")
    _type(qtbot, page, "invocations_per_month", "3,942,000,000")
    inp = LambdaStudyInput(**{**DEFAULT, "duration_ms": 1000,
                              "invocations_per_month": 3_942_000_000})
    conc = study_output(inp)[1].concurrency
    assert conc.peak_concurrency == pytest.approx(1500)
    text = page.summary.text()
    assert "throttling risk" in text and f"{conc.throttled_share:.2%}" in text


def test_sweep_equals_cli_sweep(window) -> None:  # type: ignore[no-untyped-def]
    # the chart's picks are the rows of `lambda sweep` for the same measured point
    page = _page(window)
    picks = run_sweep(LambdaStudyInput(**DEFAULT).sweep_input()).picks()
    xs, ys = page.sweep_chart.markers.getData()
    assert list(xs) == list(picks["memory_mb"])
    assert np.allclose(ys, picks["usd_per_month"])


def test_region_change_recomputes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    with qtbot.waitSignal(page.presenter.results_changed, timeout=3000):
        window.set_region("eu-central-1")
    inp = LambdaStudyInput(**{**DEFAULT, "region": "eu-central-1"})
    _assert_charts_match(page, inp)
    assert "eu-central-1" in page.explain.toPlainText()


def test_scenario_round_trip(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "memory_mb", "512")
    _choose(page, "architecture", "arm64")
    path = tmp_path / "s.json"
    window.save_scenario(path)
    _type(qtbot, page, "memory_mb", "3008")
    _choose(page, "architecture", "x86_64")
    assert window.open_scenario(path)
    inp = LambdaStudyInput(**{**DEFAULT, "memory_mb": 512, "architecture": "arm64"})
    _assert_charts_match(page, inp)


def test_invalid_scenario_changes_nothing(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    before = page.results_frame().copy()
    path = tmp_path / "bad.json"
    path.write_text('{"app": "costsizer", "version": 1, "region": "us-east-1", '
                    '"pages": {"lambda": {"memory_mb": "64"}}}')
    assert not window.open_scenario(path)
    assert "page 'lambda'" in window.last_error and "LAMBDA-MEMORY" in window.last_error
    assert page.results_frame().equals(before)
    assert page.form.values()["memory_mb"] == "1024"
