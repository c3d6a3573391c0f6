"""Lambda page: calc's cost, sweep and vs-EC2 numbers in the table and charts, inline errors
with rule IDs, export = the CLI's ``lambda cost`` CSV; the page shows calc.lambda_.api on its
own catalog (two catalogs: the bundled snapshot and every price x10)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox

from calc.context import validate
from calc.lambda_ import api
from calc.lambda_.api import LambdaStudy, LambdaStudyInput
from calc.pricing import Catalog
from calc.report import Output
from gui import format as fmt
from gui.pages.lambda_ import LambdaPage
from tests.gui.helpers import choose as _choose
from tests.gui.helpers import cli_csv as _cli_csv
from tests.gui.helpers import type_into as _type
from tests.support.catalogs import bundled_catalog

DEFAULT = {"region": "us-east-1", "memory_mb": 1024, "duration_ms": 120,
           "invocations_per_month": 30_000_000, "ephemeral_storage_mb": 512,
           "cpu_bound_share": 0.8}
CLI_COST = ["lambda", "cost", "--region", "us-east-1", "--memory-mb", "1024", "--duration-ms",
            "120", "--invocations-per-month", "30000000", "--ephemeral-storage-mb", "512"]


def _page(window) -> LambdaPage:  # type: ignore[no-untyped-def]
    page = window.show_page("lambda")
    assert isinstance(page, LambdaPage)
    return page


@pytest.fixture
def page(make_page) -> LambdaPage:  # type: ignore[no-untyped-def]
    p = make_page("lambda")
    assert isinstance(p, LambdaPage)
    return p


def _inp(page: LambdaPage, **change: object) -> LambdaStudyInput:
    return validate(LambdaStudyInput, {**DEFAULT, **change}, catalog=page.catalog)


def study_output(page: LambdaPage, **change: object) -> tuple[Output, LambdaStudy]:
    """What calc.lambda_.api says for the page's inputs on the page's own catalog."""
    return api.study_output(_inp(page, **change), catalog=page.catalog)


def _assert_charts_match(page: LambdaPage, inp: LambdaStudyInput) -> None:
    out, study = api.study_output(inp, catalog=page.catalog)
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


def test_default_scenario_matches_calc(page) -> None:  # type: ignore[no-untyped-def]
    # rules: LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-MEMORY - the page shows calc's cost,
    # sweep and Lambda-vs-EC2 results for its default inputs.
    inp = _inp(page)
    _assert_charts_match(page, inp)
    _out, study = api.study_output(inp, catalog=page.catalog)
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


def test_explain_lists_rules_and_prices(page) -> None:  # type: ignore[no-untyped-def]
    text = page.explain.toPlainText()
    for rule in ("LAMBDA-PRICE", "LAMBDA-FREE-TIER", "LAMBDA-MEMORY", "LAMBDA-TIMEOUT",
                 "LAMBDA-TMP", "LAMBDA-CONCURRENCY", "LAMBDA-PROVISIONED"):
        assert rule in text
    # the prices are the study's own (calc builds them): each with its USD per unit and date
    study = study_output(page)[1]
    for used in study.prices_used:
        assert used.what in text and used.as_of in text
        assert fmt.rate(used.usd_per_unit, used.unit) in text
    vs = study.vs_ec2
    assert vs is not None
    assert f"EC2 {vs.instance_type} Linux" in text and vs.ec2_as_of in text


def test_export_equals_cli_csv(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "lambda.csv"
    page.export_csv(path)
    assert path.read_text() == _cli_csv(CLI_COST)
    lines = path.read_text().splitlines()
    assert lines[0].endswith(",region,prices_as_of")
    assert lines[1].endswith(f",us-east-1,{study_output(page)[1].cost.prices.as_of}")


def test_typing_changes_table_and_charts(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, page, "memory_mb", "2048")
    _type(qtbot, page, "duration_ms", "250.5")
    _type(qtbot, page, "invocations_per_month", "5,000,000")
    _type(qtbot, page, "cpu_bound_share", "0.3")
    _type(qtbot, page, "threads", "2")
    inp = _inp(page, **{"memory_mb": 2048, "duration_ms": 250.5,
                              "invocations_per_month": 5_000_000, "cpu_bound_share": 0.3,
                              "threads": 2})
    _assert_charts_match(page, inp)
    # rule: LAMBDA-PRICE - 250.5 ms is billed as 251 ms: 5 M x 0.251 s x 2 GB = 2.51 M GB-s
    frame = page.results_frame()
    on_demand = frame[frame["charge"] == "duration (on demand)"].iloc[0]
    assert on_demand["quantity"] == pytest.approx(2_510_000 - 400_000)


def test_provisioned_and_tmp_equal_cli(qtbot, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # rules: LAMBDA-PROVISIONED, LAMBDA-TMP, LAMBDA-FREE-TIER
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


def test_provisioned_pair_error_names_hours(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-PROVISIONED - environments without enabled hours are not a configuration
    _type(qtbot, page, "provisioned_concurrency", "5")
    label = page.form.errors["provisioned_hours"]
    assert label.isVisibleTo(page)
    assert "must be more than 0 when provisioned_concurrency is set" in label.text()
    assert "[LAMBDA-PROVISIONED]" in label.text()
    assert not page.export_allowed


def test_instance_type_and_option(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-CONCURRENCY - a fleet of the chosen type sized for the steady rate
    _type(qtbot, page, "instance_type", "m5.large")
    _choose(page, "purchasing_option", "reserved_standard_1yr_no_upfront")
    inp = _inp(page, **{"instance_type": "m5.large",
                              "purchasing_option": "reserved_standard_1yr_no_upfront"})
    _assert_charts_match(page, inp)
    vs = api.run_vs_ec2(inp.vs_ec2_input(catalog=page.catalog), catalog=page.catalog)
    assert vs.instance_type == "m5.large"
    assert "m5.large" in page.ec2_chart.legend_label("ec2")
    assert f"{fmt.number(vs.instance_count)} x m5.large" in page.summary.text()


def test_missing_ec2_price_keeps_the_cost(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # the snapshot has no Dedicated Host price for the small types: the comparison says so
    # and the Lambda cost (the table, the export) stays
    _choose(page, "purchasing_option", "dedicated_host")
    _out, study = study_output(page, purchasing_option="dedicated_host")
    assert study.vs_ec2 is None and study.vs_ec2_missing
    assert "no price for EC2 dedicated_host" in page.summary.text()
    assert not page.ec2_chart.lines["ec2"].isVisible()
    assert not page.break_even_line.isVisible()
    assert page.export_allowed and len(page.results_frame()) == 6


def test_throttling_risk_in_summary(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-CONCURRENCY - 3.942 B invocations over 2,628,000 s = 1,500 requests/s of
    # 1 s each keep 1,500 environments busy, above the default 1,000
    _type(qtbot, page, "duration_ms", "1000")
    _type(qtbot, page, "invocations_per_month", "3,942,000,000")
    study = study_output(page, duration_ms=1000, invocations_per_month=3_942_000_000)[1]
    conc = study.concurrency.check
    assert conc.peak_concurrency == pytest.approx(1500)
    assert study.throttling_at_risk  # calc's verdict; the page only shows it
    text = page.summary.text()
    assert "throttling risk" in text and f"{conc.throttled_share:.2%}" in text


def test_no_throttling_risk_is_calcs_verdict(page) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-CONCURRENCY - the default load is far below the 1,000 limit
    assert not study_output(page)[1].throttling_at_risk
    assert "no throttling expected" in page.summary.text()


def test_sweep_equals_cli_sweep(page) -> None:  # type: ignore[no-untyped-def]
    # the chart's picks are the rows of `lambda sweep` for the same measured point
    picks = api.run_sweep(_inp(page).sweep_input(catalog=page.catalog),
                          catalog=page.catalog).picks()
    xs, ys = page.sweep_chart.markers.getData()
    assert list(xs) == list(picks["memory_mb"])
    assert np.allclose(ys, picks["usd_per_month"])


def test_region_change_recomputes(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.presenter.results_changed, timeout=60_000):
        page.set_region("eu-central-1")
    inp = _inp(page, **{"region": "eu-central-1"})
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
    inp = _inp(page, **{"memory_mb": 512, "architecture": "arm64"})
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


# -- two catalogs: the page computes on the catalog it was handed ----------------------------
@pytest.fixture(scope="module")
def x10_catalog(tmp_path_factory) -> Catalog:  # type: ignore[no-untyped-def]
    from tests.support.scaled import scaled_catalog

    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


def test_two_catalogs_each_page_shows_api_on_its_own(make_page, x10_catalog) -> None:  # type: ignore[no-untyped-def]
    # issue 12: before, the Lambda page computed through the global catalog; now a page on the
    # bundled snapshot and a page on a copy with every price x10 each show exactly
    # calc.lambda_.api on their own catalog, and the x10 page shows 10x the money
    one, ten = make_page("lambda", bundled_catalog()), make_page("lambda", x10_catalog)
    assert one.catalog is not ten.catalog
    studies = []
    for page in (one, ten):
        out, study = study_output(page)
        studies.append(study)
        assert page.results_frame().equals(out.table)
        _assert_charts_match(page, _inp(page))
        assert fmt.money(study.cost.total_usd_per_month) in page.summary.text()
    a, b = studies
    assert b.cost.total_usd_per_month == pytest.approx(10 * a.cost.total_usd_per_month)
    money = one.results_frame()["usd_per_month"].to_numpy()
    assert np.allclose(ten.results_frame()["usd_per_month"].to_numpy(), 10 * money)
    assert a.vs_ec2 is not None and b.vs_ec2 is not None
    assert b.vs_ec2.ec2_usd_per_hour == pytest.approx(10 * a.vs_ec2.ec2_usd_per_hour)


def test_two_catalogs_explain_lists_its_own_prices(make_page, x10_catalog) -> None:  # type: ignore[no-untyped-def]
    one, ten = make_page("lambda", bundled_catalog()), make_page("lambda", x10_catalog)
    for page in (one, ten):
        text = page.explain.toPlainText()
        study = study_output(page)[1]
        for used in study.prices_used:
            assert fmt.rate(used.usd_per_unit, used.unit) in text
            assert used.as_of in text
        assert f"Prices from the {page.catalog.label} snapshot" in text
    ten_text = ten.explain.toPlainText()
    one_requests = study_output(one)[1].prices_used[0]
    assert fmt.rate(one_requests.usd_per_unit, one_requests.unit) not in ten_text
    assert fmt.rate(10 * one_requests.usd_per_unit, one_requests.unit) in ten_text


def test_summary_says_why_no_free_tier(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # rule: LAMBDA-FREE-TIER: with Provisioned Concurrency enabled the free tier does not
    # apply (AWS Lambda pricing page); the summary shows calc's note
    assert "no free tier deducted" not in page.summary.text()
    _type(qtbot, page, "provisioned_concurrency", "2")
    _type(qtbot, page, "provisioned_hours", "10")
    assert "no free tier deducted" in page.summary.text()
    assert "Provisioned Concurrency" in page.summary.text()


class _Hang(BaseException):
    """The watchdog's verdict: the page did not answer in time (never caught by the page)."""


def test_huge_rate_at_the_longest_duration_recomputes(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # issue 15 item 4: 1e13 requests/s at 900,000 ms looped forever in the concurrency search,
    # and the Lambda page runs that search on the GUI thread. The page's largest rate is the
    # invocations bound, 1e15 a month (~3.8e8 requests/s over the 730-hour month), at the
    # 900,000 ms maximum timeout (rule LAMBDA-TIMEOUT): a peak of ~3.4e11 concurrent executions.
    # A watchdog fails a hang instead of hanging the suite.
    import signal

    def _alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise _Hang("the Lambda page did not recompute within 10 s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 10)
    try:
        _type(qtbot, page, "duration_ms", "900000")
        _type(qtbot, page, "invocations_per_month", "1000000000000000")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    inp = _inp(page, duration_ms=900_000, invocations_per_month=1e15)
    out, study = study_output(page, duration_ms=900_000, invocations_per_month=1e15)
    assert page.results_frame().equals(out.table)
    assert study.concurrency.check.peak_concurrency > 1e11  # rate x duration: far past any cap
    _assert_charts_match(page, inp)
