"""EC2 page: calc's ``ec2 compare`` rows in the table, the cumulative, monthly, credit and
Savings Plan charts from calc, inline errors with rule IDs, export = the CLI's CSV; the page
shows calc.ec2.api on its own catalog (two catalogs: the bundled snapshot and every price x10)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

from calc.cli import main as cli_main
from calc.context import validate
from calc.ec2 import OPTION_IDS, api
from calc.ec2.compare import Ec2Comparison
from calc.ec2.models import Ec2Workload
from calc.ec2.options import option_label
from calc.ec2.rates import UserRate
from calc.pricing import Catalog
from calc.report import Output
from gui import format as fmt
from gui.pages.ec2 import LEGEND_INSIDE_MAX, MAIN_OPTIONS, Ec2Page
from tests.gui.helpers import choose as _choose
from tests.gui.helpers import cli_csv as _cli_csv
from tests.gui.helpers import type_into as _type
from tests.support.catalogs import bundled_catalog

PLAN = "savings_plan_compute_1yr_no_upfront"
DEFAULT_FIELDS = {"region": "us-east-1", "instance_type": "t3.large", "hours_per_month": 730,
                  "horizon_months": 36}
CLI_ARGS = ["ec2", "compare", "--instance-type", "t3.large", "--region", "us-east-1",
            "--hours-per-month", "730", "--horizon-months", "36"]


def _page(window) -> Ec2Page:  # type: ignore[no-untyped-def]
    page = window.show_page("ec2")
    assert isinstance(page, Ec2Page)
    return page


@pytest.fixture
def page(make_page) -> Ec2Page:  # type: ignore[no-untyped-def]
    p = make_page("ec2")
    assert isinstance(p, Ec2Page)
    return p


def workload(catalog: Catalog | None = None, **change: object) -> Ec2Workload:
    """The page's default workload with ``change``, validated on ``catalog`` (the bundled
    snapshot unless given)."""
    return validate(Ec2Workload, {**DEFAULT_FIELDS, **change},
                    catalog=catalog or bundled_catalog())


DEFAULT = workload()


def compare_output(w: Ec2Workload, catalog: Catalog | None = None
                   ) -> tuple[Output, Ec2Comparison]:
    """What calc.ec2.api says for ``w`` on ``catalog`` (the bundled snapshot unless given)."""
    return api.compare_output(w, catalog=catalog or bundled_catalog())


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), equal_nan=True))


def test_default_scenario_matches_calc(page) -> None:  # type: ignore[no-untyped-def]
    # rules: EC2-OD-BILLING, EC2-RI, EC2-SPOT - the page shows calc's comparison of its
    # default workload: every option row, in the CLI's order.
    out, res = compare_output(DEFAULT)
    frame = page.results_frame()
    assert frame.equals(out.table)
    assert frame["option"].tolist() == list(OPTION_IDS)
    # cumulative cost: one line per main option with a price, calc's month-by-month series
    avail = set(res.options.loc[res.options["price_available"], "option"])
    lines = {k for k, item in page.cost_chart.lines.items() if item.isVisible()}
    assert lines == {o for o in MAIN_OPTIONS if o in avail}
    for option in lines:
        x, y = page.cost_chart.series_data(option)
        assert _same(x, res.cumulative_usd["month"]) and _same(y, res.cumulative_usd[option])
    # break-even markers at calc's month, on the option's line
    be = res.options.set_index("option")["break_even_month"]
    marks = page.cost_chart.markers.data
    expected = sorted(int(be[o]) for o in lines if not pd.isna(be[o]))
    assert expected and sorted(int(m["x"]) for m in marks) == expected
    for m in marks:
        assert "ahead of On-Demand from month" in m["data"]
    # monthly bars: calc's average per month, grey (0 long) where there is no price
    bars = page.bar_chart
    assert bars.keys == [o for o in OPTION_IDS if o in {*MAIN_OPTIONS, res.cheapest_option,
                                                        PLAN}]
    expected = res.options.set_index("option").loc[bars.keys, "usd_per_month"].fillna(0)
    assert _same(bars.heights, expected)
    # CPU credits of the T type at the default 20% per vCPU, unlimited mode
    burst = api.workload_burst(DEFAULT, cpu_pct_per_vcpu=20, mode="unlimited",
                               catalog=page.catalog)
    assert burst is not None
    _x, balance = page.credit_chart.series_data("credits:balance")
    assert _same(balance, burst.series["credit_balance"])
    # rule: EC2-SP. The snapshot's Compute Savings Plan rate for t3.large in us-east-1 sizes
    # the commitment: calc's best commitment is marked, the caption gives the rate's date
    c = api.workload_commitment(DEFAULT, PLAN, catalog=page.catalog)
    assert c.best is not None and c.rate.price_source == "snapshot"
    marks = page.sp_chart.markers.data
    assert len(marks) == 1 and marks[0]["x"] == pytest.approx(c.best["commitment_usd_per_hour"])
    assert not page.sp_empty.visible
    assert f"snapshot rate as of {c.rate.as_of}" in page.sp_caption.text()
    text = page.summary.text()
    assert "Cheapest" in text and res.verdict.split(":")[0] in text
    # a plan without a rate for the type (EC2 Instance SP): the chart says so
    _choose(page, "sp_plan", "savings_plan_ec2_instance_1yr_no_upfront")
    assert page.sp_empty.visible and "no EC2 Instance Savings Plan" in page.sp_empty.message
    assert not page.sp_chart.markers.data.size


def test_grey_rows_are_the_ones_without_a_price(page) -> None:  # type: ignore[no-untyped-def]
    frame = page.results_frame()
    model = page.model
    for row, ok in enumerate(frame["price_available"]):
        colour = model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole)
        assert (colour is None) == bool(ok)
    reason = frame.loc[~frame["price_available"], "reason"]
    assert reason.notna().all()  # rows with no price say why


def test_explain_lists_rules_and_dated_prices(page) -> None:  # type: ignore[no-untyped-def]
    text = page.explain.toPlainText()
    for rule in ("EC2-OD-BILLING", "EC2-RI", "EC2-SP", "EC2-SPOT", "EC2-DEDICATED-HOST",
                 "EC2-DEDICATED-INSTANCE", "EC2-CAPACITY-RESERVATION", "EC2-BURST", "EC2-EIP"):
        assert rule in text
    # On-Demand 2026-07-20, Reserved No Upfront feed 2025-04-05, average Spot 2024-04-03 and
    # the Spot Advisor's interruption band 2025-06-28 (SOURCES.md)
    for date in ("2026-07-20", "2025-04-05", "2024-04-03", "2025-06-28"):
        assert date in text
    assert "$0.0832 per hour" in text  # t3.large Linux us-east-1 On-Demand


def test_export_equals_cli_csv(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ec2.csv"
    page.export_csv(path)
    assert path.read_text() == _cli_csv(CLI_ARGS)
    assert path.read_text().splitlines()[0].endswith(",region,prices_as_of")


def test_typing_count_changes_table_and_charts(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, page, "count", "3")
    out, res = compare_output(DEFAULT.model_copy(update={"count": 3}))
    assert page.results_frame().equals(out.table)
    _x, y = page.cost_chart.series_data("on_demand")
    assert _same(y, res.cumulative_usd["on_demand"])
    # rule: EC2-OD-BILLING. 3 x 0.0832 USD/h x 730 h = 182.208 USD a month
    assert page.bar_chart.heights[0] == pytest.approx(3 * 0.0832 * 730)


def test_other_type_and_every_option(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, page, "instance_type", "m5.large")
    _choose(page, "chart_options", "all")
    w = DEFAULT.model_copy(update={"instance_type": "m5.large"})
    out, res = compare_output(w)
    assert page.results_frame().equals(out.table)
    avail = set(res.options.loc[res.options["price_available"], "option"])
    lines = {k for k, item in page.cost_chart.lines.items() if item.isVisible()}
    assert lines == avail and len(lines) > 8
    assert page.bar_chart.keys == list(OPTION_IDS)
    # many lines: the legend moves right of the plot instead of over the lines
    plot = page.cost_chart.getPlotItem()
    assert plot.getAxis("right").isVisible() and page.cost_chart.legend.parentItem() is plot
    # m5 is not burstable: the credit chart says so and the T inputs are disabled
    assert page.credit_empty.visible and "not a burstable" in page.credit_empty.message
    assert not page.form.inputs["cpu_pct_per_vcpu"].isEnabled()
    _choose(page, "chart_options", "main")
    # the main options: inside the plot while they are few (m5.large in us-east-1 now has
    # its Compute Savings Plan rows priced too, so it depends on the snapshot's prices)
    shown = sum(item.isVisible() for item in page.cost_chart.lines.values())
    inside = shown <= LEGEND_INSIDE_MAX
    assert (page.cost_chart.legend.parentItem() is plot.vb) is inside
    assert plot.getAxis("right").isVisible() is not inside
    # m6id.large (no Savings Plan rows in the snapshot): six main lines, legend inside
    _type(qtbot, page, "instance_type", "m6id.large")
    assert sum(item.isVisible() for item in page.cost_chart.lines.values()) <= LEGEND_INSIDE_MAX
    assert page.cost_chart.legend.parentItem() is plot.vb
    assert not plot.getAxis("right").isVisible()


def test_discount_sizes_the_savings_plan(qtbot, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # rule: EC2-SP - your discount prices the plan's row (as --discount PLAN=PCT does) and
    # draws its cost against the commitment with the best one marked.
    _type(qtbot, page, "sp_discount_pct", "28")
    w = DEFAULT.model_copy(update={"user_rates": (UserRate(option=PLAN, discount_pct=28),)})
    out, _res = compare_output(w)
    assert page.results_frame().equals(out.table)
    c = api.workload_commitment(w, PLAN, catalog=page.catalog)
    assert c.curve is not None and c.best is not None
    x, y = page.sp_chart.series_data(PLAN)
    assert _same(x, c.curve["commitment_usd_per_hour"]) and _same(y, c.curve["usd_per_month"])
    marks = page.sp_chart.markers.data
    assert len(marks) == 1 and marks[0]["x"] == pytest.approx(c.best["commitment_usd_per_hour"])
    assert marks[0]["y"] == pytest.approx(c.best["usd_per_month"])
    assert not page.sp_empty.visible and "Best commitment" in page.sp_caption.text()
    path = tmp_path / "sp.csv"
    page.export_csv(path)
    assert path.read_text() == _cli_csv([*CLI_ARGS, "--discount", f"{PLAN}=28"])


def test_unknown_type_says_did_you_mean(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "instance_type", "t3.larg")
    label = page.form.errors["instance_type"]
    assert label.isVisibleTo(page) and "did you mean" in label.text()
    assert "t3.large" in label.text()
    assert not page.export_allowed and not window.export_action.isEnabled()
    _type(qtbot, page, "instance_type", "t3.large")
    assert page.export_allowed and window.export_action.isEnabled()


@pytest.mark.parametrize(("field", "text", "words"), [
    ("hours_per_month", "731", ["hours_per_month=731", "EC2-OD-BILLING"]),  # one past 730
    ("horizon_months", "61", ["horizon_months=61", "1 to 60"]),  # one past 60 months
    ("spot_rerun_overhead_pct", "101", ["EC2-SPOT"]),
    ("public_ipv4_per_instance", "-1", ["EC2-EIP"]),
    ("cpu_pct_per_vcpu", "100.5", ["EC2-BURST"]),  # above 100% of a vCPU
    ("sp_discount_pct", "100", ["discount_pct"]),  # a discount below 100%
])
def test_invalid_input_message_beside_field(qtbot, page, field: str, text: str,  # type: ignore[no-untyped-def]
                                            words: list[str]) -> None:
    old = page.form.values()[field]
    _type(qtbot, page, field, text)
    label = page.form.errors[field]
    assert label.isVisibleTo(page)
    for word in words:
        assert word in label.text()
    assert not page.export_allowed
    _type(qtbot, page, field, old)  # fixed: calc's numbers and every chart come back
    assert not label.isVisibleTo(page) and page.export_allowed
    assert page.results_frame().equals(compare_output(DEFAULT)[0].table)
    _x, balance = page.credit_chart.series_data("credits:balance")
    assert len(balance) == 7 * 24 + 1  # the hourly balance over 7 days


def test_hours_and_utilisation_are_one_or_the_other(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # typing a utilisation empties the hours (the model takes one or the other) ...
    _type(qtbot, page, "utilization_pct", "50")
    assert page.form.values()["hours_per_month"] == "" and page.export_allowed
    out, _ = compare_output(DEFAULT.model_copy(update={"hours_per_month": None,
                                                       "utilization_pct": 50}))
    assert page.results_frame().equals(out.table)
    # ... and both at once (e.g. from a hand-edited scenario) is explained beside the field
    page.form.set_values({"hours_per_month": "730", "utilization_pct": "50"}, emit=False)
    page.presenter.recompute()
    assert "give only one" in page.form.errors["utilization_pct"].text()
    assert not page.export_allowed


def test_region_change_recomputes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    with qtbot.waitSignal(page.presenter.results_changed, timeout=3000):
        window.set_region("eu-west-1")
    out, _ = compare_output(DEFAULT.model_copy(update={"region": "eu-west-1"}))
    assert page.results_frame().equals(out.table)
    assert out.csv_context["region"] == "eu-west-1"


def test_scenario_round_trip(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    _type(qtbot, page, "horizon_months", "12")
    _type(qtbot, page, "sp_discount_pct", "20")
    path = tmp_path / "s.json"
    window.save_scenario(path)
    saved = json.loads(path.read_text())["pages"]["ec2"]
    assert saved["horizon_months"] == "12" and saved["sp_discount_pct"] == "20"
    _type(qtbot, page, "horizon_months", "24")
    _type(qtbot, page, "sp_discount_pct", "")
    assert window.open_scenario(path)
    assert len(page.cost_chart.series_data("on_demand")[0]) == 13  # months 0..12
    assert page.results_frame().set_index("option").loc[PLAN, "price_source"] == "user"


@pytest.mark.parametrize(("values", "words"), [
    ({"horizon_months": "0"}, ["horizon_months"]),
    ({"cpu_pct_per_vcpu": "150"}, ["cpu_pct_per_vcpu", "EC2-BURST"]),  # checked for T types
    ({"instance_type": "m9.huge"}, ["instance_type"]),
])
def test_invalid_scenario_changes_nothing(qtbot, window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          values: dict[str, str], words: list[str]) -> None:
    page = _page(window)
    before = page.results_frame()
    form_before = page.form.values()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"app": "costsizer", "version": 1, "region": "us-east-1",
                                "pages": {"ec2": values}}))
    assert not window.open_scenario(path)
    assert "page 'ec2'" in window.last_error
    for word in words:
        assert word in window.last_error
    assert page.form.values() == form_before and page.results_frame().equals(before)


def test_every_region_runs_off_the_ui_thread(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # The Regions tab runs `ec2 regions` in a worker thread; the table equals the CLI's rows.
    page.regions_option.setCurrentIndex(page.regions_option.findData(
        "reserved_standard_3yr_no_upfront"))
    with qtbot.waitSignal(page.regions_model.modelReset, timeout=10_000):
        page.regions_button.click()
        assert page.regions_running and not page.regions_button.isEnabled()
    assert page.wait_regions()
    qtbot.waitUntil(lambda: not page.regions_running, timeout=5000)
    assert page.regions_button.isEnabled() and page.regions_busy.isHidden()
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli_main(["ec2", "regions", "--instance-type", "t3.large", "--option",
                         "reserved_standard_3yr_no_upfront", "--format", "json"]) == 0
    data = json.loads(buf.getvalue())
    frame = page.regions_model.frame()
    assert frame["region_code"].tolist() == [r["region_code"] for r in data["regions"]]
    assert frame["price_available"].sum() == data["regions_with_price"] > 0
    assert "Regions have a price" in page.regions_status.text()
    # an edit makes the table stale: the page says so instead of showing old numbers as new
    _type(qtbot, page, "count", "2")
    assert "changed" in page.regions_status.text()



def test_table_shows_option_names_and_exports_ids(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = page.results_table.model()
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    # calc's one label per option id (the CLI's verdict words them the same)
    assert names == [option_label(o) for o in OPTION_IDS] and "on_demand" not in names
    path = tmp_path / "ec2.csv"
    page.export_csv(path)
    assert "\non_demand," in path.read_text()  # the CLI's ids, not display names


# -- two catalogs: the page computes on the catalog it was handed ----------------------------
@pytest.fixture(scope="module")
def x10_catalog(tmp_path_factory) -> Catalog:  # type: ignore[no-untyped-def]
    from tests.support.scaled import scaled_catalog

    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


def test_two_catalogs_each_page_shows_api_on_its_own(make_page, x10_catalog) -> None:  # type: ignore[no-untyped-def]
    # issue 12: a page on the bundled snapshot and one on a copy with every price x10 each
    # show exactly calc.ec2.api's study on their own catalog: table, charts, summary, Explain
    one, ten = make_page("ec2", bundled_catalog()), make_page("ec2", x10_catalog)
    assert one.catalog is not ten.catalog
    for page in (one, ten):
        w = workload(page.catalog)
        study = api.run_study(w, plan=PLAN, cpu_pct_per_vcpu=20, catalog=page.catalog)
        res = study.comparison
        assert page.results_frame().equals(study.output.table)
        _x, y = page.cost_chart.series_data("on_demand")
        assert _same(y, res.cumulative_usd["on_demand"])
        shown = page.bar_chart.keys
        assert _same(page.bar_chart.heights,
                     res.options.set_index("option").loc[shown, "usd_per_month"].fillna(0))
        assert study.burst is not None
        _x, balance = page.credit_chart.series_data("credits:balance")
        assert _same(balance, study.burst.series["credit_balance"])
        assert fmt.money(study.burst.summary["surplus_usd_per_month"]) in \
            page.credit_caption.text()
        best = res.options.set_index("option").loc[res.cheapest_option]
        assert fmt.money(best["total_usd"]) in page.summary.text()
        # the Explain panel lists this catalog's prices with their dates
        text = page.explain.toPlainText()
        for p in study.prices_used:
            assert p.what in text and p.as_of in text
        assert f"Prices from the {page.catalog.label} snapshot" in text
    # the x10 page shows 10x the money: t3.large On-Demand $0.0832/h -> $0.832/h
    a, b = one.results_frame(), ten.results_frame()
    priced = a["price_available"].astype(bool)
    assert priced.equals(b["price_available"].astype(bool))
    assert _same(b.loc[priced, "total_usd"], 10 * a.loc[priced, "total_usd"])
    assert "$0.0832 per hour" in one.explain.toPlainText()
    assert "$0.832 per hour" in ten.explain.toPlainText()


def test_page_imports_api_never_a_cli_module() -> None:
    # issue 12: the page draws calc.ec2.api's results; it imports no cli module, resolves no
    # rates and never fetches the global catalog
    import ast

    import gui.pages.ec2 as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    calc_modules = {m for m in imported if m.startswith("calc.")}
    assert not {m for m in calc_modules if m.endswith(".cli")}
    assert {m for m in calc_modules if m.startswith("calc.ec2.")} <= {"calc.ec2.api",
                                                                      "calc.ec2.options"}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"active_catalog", "resolve_option_rates", "option_rate"}


def test_credit_mode_follows_the_family_until_picked(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    # rule: EC2-BURST - T2 launches in standard mode, T3/T3a/T4g in unlimited (EC2 User
    # Guide): the credit-mode field follows the typed type (calc's default_credit_mode) and
    # the credit chart is calc's burst in that mode; once the user picks a mode it stays.
    from PySide6.QtWidgets import QComboBox

    box = page.findChild(QComboBox, "input_burst_mode")
    assert box.currentData() == "unlimited"  # t3.large
    _type(qtbot, page, "instance_type", "t2.micro")
    assert box.currentData() == "standard"
    burst = api.workload_burst(workload(instance_type="t2.micro"), cpu_pct_per_vcpu=20,
                               catalog=bundled_catalog())
    assert burst is not None and burst.summary["mode"] == "standard"
    _x, balance = page.credit_chart.series_data("credits:balance")
    assert _same(balance, burst.series["credit_balance"])
    _type(qtbot, page, "instance_type", "t4g.micro")
    assert box.currentData() == "unlimited"
    box.setCurrentIndex(box.findData("standard"))
    box.activated.emit(box.currentIndex())  # the user's own pick
    _type(qtbot, page, "instance_type", "t3.micro")
    assert box.currentData() == "standard"  # theirs is kept


def test_hidden_tabs_are_built_on_first_view_with_the_latest_result(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Start-up (issue 14 item 6): the CPU credits, Savings Plan and Regions tabs are built
    when first shown; the charts then show calc's result for the inputs at that moment, not
    the one the page started with."""
    assert not page.findChildren(type(page.cost_chart), "chart_credit_balance")
    assert not page.findChildren(type(page.cost_chart), "chart_commitment")
    _type(qtbot, page, "instance_type", "t3.xlarge")
    page.presenter.recompute()
    tabs = page.chart_tabs
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("CPU credits"))
    chart = page.findChild(type(page.cost_chart), "chart_credit_balance")
    assert chart is not None and chart is page.credit_chart
    burst = api.workload_burst(workload(instance_type="t3.xlarge"), cpu_pct_per_vcpu=20,
                               mode="unlimited", catalog=page.catalog)
    assert burst is not None
    _x, balance = chart.series_data("credits:balance")
    assert _same(balance, burst.series["credit_balance"])
    assert "t3.xlarge" in chart.getPlotItem().titleLabel.text
    assert not page.findChildren(type(page.cost_chart), "chart_commitment")
    # a non-burstable type while the Savings Plan tab is unbuilt: built on use, it says so
    _type(qtbot, page, "instance_type", "m5.large")
    page.presenter.recompute()
    assert page.credit_empty.visible and "not a burstable" in page.credit_empty.message
    c = api.workload_commitment(workload(instance_type="m5.large"), PLAN, catalog=page.catalog)
    assert (c.best is None) == page.sp_empty.visible
