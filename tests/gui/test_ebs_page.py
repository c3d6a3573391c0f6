"""EBS page: calc's ``ebs size`` numbers in the table and charts, inline errors, export = CLI.

Each test builds the one page (``make_page``) on a catalog it names, and compares what the page
shows with :func:`calc.ebs.api.size` on that same catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from calc.context import validate
from calc.ebs import api
from calc.ebs.api import SizingRequirement
from calc.pricing import Catalog, bundled_root
from gui.form import FormError
from gui.pages.ebs import EbsPage
from tests.gui.helpers import cli_csv as _cli_csv
from tests.gui.helpers import tick as _tick
from tests.gui.helpers import type_into as _type
from tests.support.scaled import scaled_catalog

BUNDLED = Catalog(bundled_root())
DEFAULT = validate(SizingRequirement, {
    "size_gib": 500, "iops": 1000, "throughput_mibps": 125, "burst_iops": 3000,
    "burst_seconds": 2700, "burst_every_hours": 6}, catalog=BUNDLED)
CLI_ARGS = ["ebs", "size", "--size-gib", "500", "--iops", "1000", "--throughput-mibps", "125",
            "--burst-iops", "3000", "--burst-seconds", "2700", "--burst-every-hours", "6",
            "--region", "us-east-1"]


def _page(make_page: Any, catalog: Catalog = BUNDLED) -> EbsPage:
    page = make_page("ebs", catalog)
    assert isinstance(page, EbsPage)
    return page


def _assert_page_shows(page: EbsPage, req: SizingRequirement,
                       region: str = "us-east-1") -> api.SizeResult:
    """Table, bars, curves, markers, balance lines and Explain prices are calc's for ``req`` on
    the page's own catalog."""
    res = api.size(req, region=region, catalog=page.catalog, charts=True)
    out = api.report(res)
    charts = res.charts
    assert charts is not None
    assert page.results_frame().equals(out.table)
    opts = res.options
    ok = (opts["feasible"] & opts["usd_per_month"].notna()).to_list()
    assert page.bar_chart.keys == opts["volume_type"].to_list()
    assert page.bar_chart.heights == [float(u) if k else 0.0
                                      for u, k in zip(opts["usd_per_month"], ok, strict=True)]
    for vt in opts["volume_type"]:
        rows = charts.curves[charts.curves["volume_type"] == vt]
        if rows["feasible"].any():
            x, y = page.iops_chart.series_data(vt)
            assert np.array_equal(x, rows["required_iops"])
            assert np.allclose(y, rows["usd_per_month"], equal_nan=True)
        else:
            assert not page.iops_chart.lines.get(vt) or not page.iops_chart.lines[vt].isVisible()
    xs, ys = page.iops_chart.markers.getData()
    at = charts.at_required.dropna(subset=["usd_per_month"])
    assert list(xs) == [req.iops] * len(at) and np.allclose(ys, at["usd_per_month"])
    assert page.required_line.value() == req.iops
    for key, bal in charts.balance.items():
        t, pct = page.balance_chart.series_data(key)
        assert np.allclose(t, bal.frame["time_h"]) and np.allclose(pct,
                                                                   bal.frame["burst_balance_pct"])
    assert set(page.balance_chart._data) == set(charts.balance)
    text = page.explain.toPlainText()
    for p in res.prices_used:
        assert p.what in text and p.as_of in text
    return res


def test_default_scenario_matches_calc(make_page: Any) -> None:
    # rules: EBS-GP3, EBS-GP2-BURST - the page shows calc's `ebs size` for its default inputs.
    page = _page(make_page)
    _assert_page_shows(page, DEFAULT)
    frame = page.results_frame()
    assert frame["volume_type"].iloc[0] == "gp3"
    assert not frame["feasible"].iloc[-3:].any()  # st1, sc1, magnetic greyed last
    summary = page.summary.text()
    assert "Cheapest: General Purpose SSD (gp3)" in summary and "$40.00" in summary
    # gp2 -> gp3 at 500 GiB from calc.ebs.migrate_gp2_to_gp3: $50.00 to $45.00
    assert "gp2 to gp3" in summary and "$5.00" in summary
    # gp2 500 GiB: 1,500 IOPS baseline, the 3,000 IOPS burst spends 1,500 credits/s for
    # 2,700 s = 4.05M of the 5.4M bucket -> 25 % left (EBS-GP2-BURST)
    assert "falls to 25%" in summary


def test_infeasible_types_are_greyed_with_reason(make_page: Any) -> None:
    page = _page(make_page)
    frame = page.results_frame()
    tips = page.bar_chart.tops.data["data"]
    for i, r in enumerate(frame.itertuples(index=False)):
        fg = page.model.data(page.model.index(i, 0), Qt.ItemDataRole.ForegroundRole)
        if r.feasible:
            assert fg is None and r.reason in tips[i]
        else:
            assert fg is not None  # dimmed row
            assert "not possible" in tips[i] and r.reason in tips[i]
            assert page.bar_notes[i].isVisible()
    st1 = frame.index[frame["volume_type"] == "st1"][0]
    assert "[EBS-ST1]" in tips[st1]


def test_explain_panel_rules_and_prices(make_page: Any) -> None:
    page = _page(make_page)
    text = page.explain.toPlainText()
    for rule in ["EBS-GP3", "EBS-GP2-IOPS", "EBS-GP2-BURST", "EBS-IO1-IO2", "EBS-IO2-BX",
                 "EBS-ST1", "EBS-SC1", "EBS-BOOT", "EBS-MULTI-ATTACH"]:
        assert rule in text
    assert "gp3 provisioned IOPS at most: notes 16,000, AWS today 80,000" in text
    # the price rows used, with the EBS feed's date (SOURCES.md: ebs_feed, 2024-07-18)
    assert "gp3 storage" in text and "0.08 per GB-month" in text and "2024-07-18" in text
    assert "st1 storage" not in text  # st1 cannot meet the default need: no price used


def test_export_equals_cli_csv(make_page: Any, tmp_path: Path) -> None:
    page = _page(make_page)
    path = tmp_path / "ebs.csv"
    page.export_csv(path)
    assert path.read_text() == _cli_csv(CLI_ARGS)
    assert path.read_text().splitlines()[0].endswith(",region,prices_as_of,limits")


def test_typing_changes_table_and_charts(qtbot: Any, make_page: Any, tmp_path: Path) -> None:
    # rule: EBS-GP2-IOPS - 6,000 sustained IOPS grows gp2 to 2,000 GiB (3 IOPS per GiB); at the
    # 500 GiB asked for, the bucket empties after 5.4M / (3,000 - 1,500) = 3,600 s (EBS docs).
    page = _page(make_page)
    _type(qtbot, page, "iops", "6,000")
    for field in ("burst_iops", "burst_seconds", "burst_every_hours"):
        _type(qtbot, page, field, "")
    _assert_page_shows(page, SizingRequirement(size_gib=500, iops=6000, throughput_mibps=125))
    gp2 = page.results_frame().set_index("volume_type").loc["gp2"]
    assert gp2["size_gib"] == 2000
    assert set(page.balance_chart._data) == {"gp2", "gp2:requested"}
    assert "run out after 1 h" in page.summary.text()
    _, pct = page.balance_chart.series_data("gp2")
    assert np.all(pct == 100)  # 2,000 GiB: 6,000 IOPS baseline, never spends credits
    path = tmp_path / "ebs.csv"
    page.export_csv(path)
    assert path.read_text() == _cli_csv(["ebs", "size", "--size-gib", "500", "--iops", "6000",
                                         "--throughput-mibps", "125", "--region", "us-east-1"])


def test_multi_attach_and_boot(qtbot: Any, make_page: Any) -> None:
    # rules: EBS-MULTI-ATTACH, EBS-BOOT - only io1/io2 can be Multi-Attached and boot.
    page = _page(make_page)
    _tick(page, "multi_attach", True)
    _tick(page, "boot", True)
    req = DEFAULT.model_copy(update={"multi_attach": True, "boot": True})
    _assert_page_shows(page, req)
    frame = page.results_frame()
    assert set(frame.loc[frame["feasible"], "volume_type"]) == {"io1", "io2"}
    gp2 = frame.index[frame["volume_type"] == "gp2"][0]
    assert "[EBS-MULTI-ATTACH]" in page.bar_chart.tops.data["data"][gp2]
    assert page.balance_chart._data == {}
    assert page.balance_note.isVisible() and "[EBS-MULTI-ATTACH]" in page.balance_note.toPlainText()
    assert "gp2 to gp3: Multi-Attach works only with io1 and io2" in page.summary.text()


def test_notes_limits(qtbot: Any, make_page: Any) -> None:
    # rule: EBS-GP3 - 20,000 GiB fits gp3 today (64 TiB) but not in the notes (16 TiB).
    page = _page(make_page)
    _type(qtbot, page, "size_gib", "20,000")
    frame = page.results_frame().set_index("volume_type")
    assert frame.loc["gp3", "feasible"]
    box = page.findChild(QComboBox, "input_basis")
    box.setCurrentIndex(box.findData("notes"))
    page.presenter.recompute()
    frame = page.results_frame().set_index("volume_type")
    assert not frame.loc["gp3", "feasible"] and "16,384 GiB" in frame.loc["gp3", "reason"]
    assert page.output is not None and page.output.csv_context["limits"] == "notes"
    assert "Limits used: as in the notes" in page.explain.toPlainText()
    # gp2 holds at most 16,384 GiB: no gp2 -> gp3 figure, the summary says why
    assert "gp2 to gp3: size_gib=20000" in page.summary.text()


def test_burst_without_length_shows_message(qtbot: Any, make_page: Any) -> None:
    # rule: EBS-GP2-BURST - a burst needs its length.
    page = _page(make_page)
    _type(qtbot, page, "burst_seconds", "")
    label = page.form.errors["burst_seconds"]
    assert label.isVisibleTo(page) and "EBS-GP2-BURST" in label.text()
    assert not page.export_allowed
    _type(qtbot, page, "burst_seconds", "600")
    assert page.export_allowed
    assert not label.isVisibleTo(page)


def test_bad_numbers_name_the_field(qtbot: Any, make_page: Any) -> None:
    page = _page(make_page)
    _type(qtbot, page, "size_gib", "0")
    label = page.form.errors["size_gib"]
    assert label.isVisibleTo(page) and "size_gib" in label.text()
    _type(qtbot, page, "size_gib", "500")
    _type(qtbot, page, "attach_instances", "17")
    label = page.form.errors["attach_instances"]
    assert "EBS-MULTI-ATTACH" in label.text() and "attach_instances=17" in label.text()
    assert not page.export_allowed


def test_region_change_recomputes(qtbot: Any, make_page: Any) -> None:
    page = _page(make_page)
    before = page.results_frame()["usd_per_month"].iloc[0]
    with qtbot.waitSignal(page.presenter.results_changed, timeout=60_000):
        page.set_region("sa-east-1")
    _assert_page_shows(page, DEFAULT, "sa-east-1")
    assert page.results_frame()["usd_per_month"].iloc[0] > before  # Sao Paulo costs more


def test_region_without_ebs_prices_says_so(qtbot: Any, make_page: Any) -> None:
    # the snapshot's EBS prices (2024-07-18) predate ap-east-2 (Taipei): no numbers, a message
    page = _page(make_page)
    with qtbot.waitSignal(page.presenter.errors_changed, timeout=60_000):
        page.set_region("ap-east-2")
    assert page.price_error.isVisibleTo(page)
    assert "ap-east-2" in page.price_error.text() and "2024-07-18" in page.price_error.text()
    assert page.results_frame().empty and page.bar_chart.heights == []
    assert page.iops_chart._data == {} and page.balance_chart._data == {}
    assert not page.export_allowed
    with qtbot.waitSignal(page.presenter.results_changed, timeout=60_000):
        page.set_region("us-east-1")
    assert not page.price_error.isVisibleTo(page)
    _assert_page_shows(page, DEFAULT)


def test_scenario_round_trip(qtbot: Any, make_page: Any) -> None:
    page = _page(make_page)
    _type(qtbot, page, "size_gib", "2,000")
    _tick(page, "boot", True)
    saved = page.scenario()
    _type(qtbot, page, "size_gib", "100")
    _tick(page, "boot", False)
    page.load_scenario(saved)
    assert page.form.values()["size_gib"] == "2,000" and page.form.values()["boot"] is True
    _assert_page_shows(page, DEFAULT.model_copy(update={"size_gib": 2000, "boot": True}))


def test_invalid_scenario_changes_nothing(make_page: Any) -> None:
    page = _page(make_page)
    with pytest.raises(FormError) as exc:
        page.validate_scenario({"size_gib": "0"})
    assert "size_gib" in exc.value.errors
    with pytest.raises(FormError):
        page.validate_scenario({"limitz": "notes"})  # not an input of the page
    _assert_page_shows(page, DEFAULT)
    assert page.form.values()["size_gib"] == "500"


def test_two_catalogs_each_page_shows_its_own(qtbot: Any, make_page: Any,
                                              tmp_path: Path) -> None:
    # The page computes on the catalog it was handed, never the globally active one: on a
    # copy of the bundled snapshot with every price x10 it shows exactly calc on that copy,
    # 10x the money, and its Explain panel lists that copy's prices and label.
    x10 = scaled_catalog(tmp_path / "x10", 10.0)
    plain, scaled = _page(make_page), _page(make_page, x10)
    res = _assert_page_shows(plain, DEFAULT)
    res10 = _assert_page_shows(scaled, DEFAULT)
    usd, usd10 = res.options["usd_per_month"], res10.options["usd_per_month"]
    assert np.allclose(usd10, 10 * usd, equal_nan=True)
    assert res10.cheapest == res.cheapest == "gp3"
    # gp3 storage: 0.08 USD per GB-month in us-east-1 (AWS EBS pricing page), x10 here
    gp3 = {p.what: p.usd_per_unit for p in res10.prices_used}["gp3 storage"]
    assert gp3 == pytest.approx(0.8)
    assert "$0.8 per GB-month" in scaled.explain.toPlainText()
    assert "$0.08 per GB-month" in plain.explain.toPlainText()
    assert "x10 snapshot" in scaled.explain.toPlainText()
    assert "bundled snapshot" in plain.explain.toPlainText()
    assert "$400.00" in scaled.summary.text() and "$40.00" in plain.summary.text()
    # an edit recomputes on the page's own catalog too
    _type(qtbot, scaled, "iops", "6,000")
    _assert_page_shows(scaled, DEFAULT.model_copy(update={"iops": 6000}))


def test_a_scenario_saved_with_limits_still_opens(make_page) -> None:  # type: ignore[no-untyped-def]
    """Scenario files saved before the limits set was called `basis` (issue 12) keep working:
    the old key `limits` reads as `basis`."""
    page = make_page("ebs")
    old = {**page.scenario()}
    old["limits"] = old.pop("basis")
    old["limits"] = "notes"
    page.validate_scenario(old)
    page.load_scenario(old)
    assert page.scenario()["basis"] == "notes"
