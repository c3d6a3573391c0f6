"""EBS volumes page: the cheapest volume of every type for a capacity, IOPS and throughput
target (``ebs size``), cost against IOPS per type, and the gp2 burst-credit balance under the
workload's I/O profile. Numbers, verdicts and the prices used come from
:func:`calc.ebs.api.size` on the page's own catalog; the page only draws them."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt

from calc.ebs import api
from calc.ebs.api import RULES, VOLUME_TYPES, Gp2Balance, SizeCharts, SizeResult, SizingRequirement
from calc.fields import BASIS_LABELS
from calc.report import Output
from gui import format as fmt
from gui.charts import BarChart, LineChart
from gui.explain import explain_html
from gui.form import FieldSpec
from gui.pages.calculator import CalculatorPage
from gui.palette import chart_colours

BASIS = list(BASIS_LABELS.items())
BALANCE_Y_TOP_PCT = 118  # the balance chart's y axis top: room for the legend above 100 %


class EbsPage(CalculatorPage):
    key = "ebs"
    RENAMED_INPUTS = {"limits": "basis"}  # "limits" until 2026-12 (issue 12: one name, basis)
    title = "EBS volumes"
    caption_fields = ("size_gib", "iops", "throughput_mibps")
    intro = ("The cheapest EBS volume of every type for a capacity, IOPS and throughput "
             "target; types that cannot meet it are greyed, with the reason.")
    model_cls = SizingRequirement
    field_specs = [
        FieldSpec("size_gib", "Capacity", "integer", unit="GiB"),
        FieldSpec("iops", "Sustained IOPS", "integer", unit="IOPS"),
        FieldSpec("throughput_mibps", "Throughput", unit="MiB/s"),
        FieldSpec("burst_iops", "Burst IOPS", "integer", unit="IOPS", optional=True),
        FieldSpec("burst_seconds", "Burst length", unit="s", optional=True),
        FieldSpec("burst_every_hours", "Burst every", unit="h", optional=True),
        FieldSpec("boot", "Boot volume", "bool"),
        FieldSpec("multi_attach", "Multi-Attach", "bool"),
        FieldSpec("attach_instances", "Instances attached", "integer", optional=True),
        FieldSpec("nitro", "Nitro instance", "bool"),
        FieldSpec("basis", "Limits", "choice", BASIS),
    ]
    # A database-like volume: 1,000 IOPS all day with a 45-minute 3,000 IOPS burst every 6 h
    # (a batch job): gp3 is cheapest, gp2 serves the burst from credits, HDDs cannot.
    defaults = {"size_gib": "500", "iops": "1,000", "throughput_mibps": "125",
                "burst_iops": "3,000", "burst_seconds": "2,700", "burst_every_hours": "6",
                "boot": False, "multi_attach": False, "attach_instances": "", "nitro": True,
                "basis": "aws_today"}

    # -- compute and draw -------------------------------------------------------------------
    def compute(self, model: SizingRequirement) -> tuple[Output, SizeResult]:
        res = api.size(model, region=self.region, catalog=self.catalog, charts=True)
        return api.report(res), res

    def greyed_rows(self, table: pd.DataFrame) -> pd.Series | None:
        # the presenter holds the result being shown: calc says which rows are not available
        shown = self.presenter.result
        if table.empty or shown is None:
            return None
        res: SizeResult = shown[1]
        return pd.Series([not ok for ok in res.available], index=table.index)

    def build_charts(self) -> None:
        _bg, fg = chart_colours()
        self.bar_chart = BarChart("Monthly cost per volume type (grey: not possible)",
                                  "Monthly cost (USD)", name="chart_cost_by_type")
        self.bar_chart.setLabel("bottom", "Volume type (hover a bar for its configuration)",
                                color=fg)
        # a greyed bar has no height (no cost): a label says why it is empty
        self.bar_notes: list[pg.TextItem] = []
        for _ in VOLUME_TYPES:
            note = pg.TextItem(color="#888888", anchor=(0.5, 1.0))
            note.hide()
            self.bar_chart.addItem(note, ignoreBounds=True)
            self.bar_notes.append(note)
        self.iops_chart = LineChart("Cheapest cost per type against IOPS",
                                    "Sustained IOPS needed", "Monthly cost (USD)",
                                    name="chart_cost_vs_iops")
        self.required_line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(fg, width=1, style=Qt.PenStyle.DashLine))
        self.iops_chart.addItem(self.required_line, ignoreBounds=True)
        self.iops_chart.legend.setColumnCount(len(VOLUME_TYPES))  # one row over the cheap end
        self.balance_chart = LineChart("gp2 burst-credit balance under this I/O profile",
                                       "Time (h)", "Burst balance (%)",
                                       name="chart_gp2_balance", y_money=False)
        # a percentage: 0-100 % with a band above it for the legend
        self.balance_chart.legend.setColumnCount(2)
        self.balance_chart.setYRange(0, BALANCE_Y_TOP_PCT, padding=0)
        self.balance_note = pg.TextItem(color="#888888", anchor=(0.5, 0.5))
        self.balance_note.setTextWidth(360)
        self.balance_note.hide()
        self.balance_chart.addItem(self.balance_note, ignoreBounds=True)
        self.add_chart(self.bar_chart, "Cost by type")
        self.add_chart(self.iops_chart, "Cost vs IOPS")
        self.add_chart(self.balance_chart, "gp2 burst credits")

    def draw(self, output: Output, extra: SizeResult) -> None:
        res = extra
        charts = res.charts
        assert charts is not None
        self._draw_bars(res)
        self._draw_curves(charts)
        self._draw_balance(charts)
        self.summary.setText(self._summary_html(res, charts))
        self.explain.show_html(explain_html(
            self.catalog, RULES, res.prices_used,
            basis=res.requirement.basis, summary="ebs size: " + output.notes[0]))

    def _draw_bars(self, res: SizeResult) -> None:
        options = res.options
        keys: list[str] = []
        heights: list[float] = []
        labels: list[str] = []
        greyed: list[bool] = []
        tips: list[str] = []
        for r, ok in zip(options.to_dict("records"), res.available, strict=True):
            keys.append(str(r['volume_type']))
            heights.append(float(r['usd_per_month']) if ok else np.nan)
            labels.append(str(r['volume_type']))
            greyed.append(not ok)
            head = f"{r['name']}\n"
            if ok:
                tips.append(f"{head}{fmt.money(r['usd_per_month'])} per month\n"
                            f"{fmt.number(r['size_gib'])} GiB, {fmt.number(r['iops'])} IOPS, "
                            f"{fmt.number(r['throughput_mibps'])} MiB/s\n{r['reason']}")
            else:
                tips.append(f"{head}{'not possible' if not r['feasible'] else 'no price'}: "
                            f"{r['reason']}")
        self.bar_chart.set_bars(keys, heights, labels, greyed=greyed, tips=tips)
        for i, note in enumerate(self.bar_notes):
            if i < len(keys) and greyed[i]:
                feasible = bool(options.iloc[i]["feasible"])
                note.setText("no price" if feasible else "not\npossible")
                note.setPos(i, 0)
                note.show()
            else:
                note.hide()

    def _draw_curves(self, charts: SizeCharts) -> None:
        series: dict[str, tuple[Any, Any]] = {}
        for vt in charts.curve_types:  # a type never feasible has no line nor legend
            rows = charts.curves_by_type[vt]
            series[vt] = (rows["required_iops"].to_numpy(), rows["usd_per_month"].to_numpy())
        # io2 is dashed: up to its first price tier it costs what io1 does (same line)
        self.iops_chart.set_series(series, {vt: vt for vt in VOLUME_TYPES}, dashed=["io2"])
        points: list[tuple[float, float, str, str]] = []
        for r in charts.priced_at_required.to_dict("records"):
            points.append((float(r['required_iops']), float(r['usd_per_month']),
                           str(r['volume_type']),
                           f"{r['volume_type']} at {fmt.number(r['required_iops'])} IOPS: "
                           f"{fmt.money(r['usd_per_month'])} per month, "
                           f"{fmt.number(r['size_gib'])} GiB"))
        self.iops_chart.set_markers(points)
        self.required_line.setValue(charts.required_iops)
        self.required_line.show()
        self.iops_chart.setTitle(
            f"Cheapest cost per type against IOPS ({fmt.number(charts.required_iops)} needed)",
            size="11pt", color=chart_colours()[1])
        self.iops_chart.enableAutoRange()

    def _draw_balance(self, charts: SizeCharts) -> None:
        series: dict[str, tuple[Any, Any]] = {}
        labels: dict[str, str] = {}
        for key, bal in charts.balance.items():
            series[key] = (bal.frame["time_h"].to_numpy(),
                           bal.frame["burst_balance_pct"].to_numpy())
            labels[key] = bal.label
        self.balance_chart.set_series(series, labels, dashed=["gp2:requested"])
        if series:
            self.balance_note.hide()
            self.balance_chart.enableAutoRange(axis="x")
        else:  # no gp2 volume to simulate: say why in the middle of the empty chart
            self.balance_note.setText(f"No gp2 volume: {charts.balance_note}")
            self.balance_chart.setXRange(0, 1, padding=0)
            self.balance_note.setPos(0.5, BALANCE_Y_TOP_PCT / 2)
            self.balance_note.show()
        self.balance_chart.setYRange(0, BALANCE_Y_TOP_PCT, padding=0)

    # -- no prices for the region -------------------------------------------------------------
    def clear_results(self, why: str) -> None:
        super().clear_results(why)  # table and chart series
        for note in self.bar_notes:
            note.hide()
        self.required_line.hide()
        self.balance_note.hide()
        self.explain.show_html(explain_html(self.catalog, RULES, []))

    # -- text -------------------------------------------------------------------------------
    def _summary_html(self, res: SizeResult, charts: SizeCharts) -> str:
        parts = []
        best = res.cheapest_option
        if best is None:
            parts.append("<b>No volume type meets this requirement</b> (see the reasons in "
                         "the table).")
        else:
            parts.append(f"<b>Cheapest: {html.escape(str(best['name']))}</b>, "
                         f"{fmt.number(best['size_gib'])} GiB, {fmt.number(best['iops'])} IOPS, "
                         f"{fmt.number(best['throughput_mibps'])} MiB/s: "
                         f"<b>{fmt.money(best['usd_per_month'])}</b> per month.")
        if res.infeasible:
            parts.append(f"Not possible: {', '.join(res.infeasible)} (hover the grey bars for "
                         "why).")
        mig = charts.migration
        if mig is not None and charts.migration_priced:
            parts.append(
                f"<b>gp2 to gp3</b> at {fmt.number(mig.input.size_gib)} GiB: "
                f"{fmt.money(mig.gp2_usd_per_month)} to {fmt.money(mig.gp3_usd_per_month)}"
                f" per month, saving {fmt.money(mig.saving_usd_per_month)} "
                f"({fmt.number(mig.saving_pct, 1)}%) at equal or better IOPS and "
                "throughput.")
        elif charts.migration_note:
            parts.append(f"gp2 to gp3: {html.escape(charts.migration_note)}")
        for bal in charts.balance.values():
            parts.append(self._balance_text(bal))
        return "<br>".join(parts)

    @staticmethod
    def _balance_text(bal: Gp2Balance) -> str:
        what = html.escape(bal.label)
        if bal.verdict == "runs_out":
            return (f"{what}: burst credits run out after {fmt.number(bal.empty_after_h, 1)} h, "
                    f"then it delivers its {fmt.number(bal.baseline_iops)} IOPS baseline.")
        if bal.verdict == "refills":
            return (f"{what}: burst balance falls to {fmt.number(bal.min_burst_balance_pct, 1)}% "
                    "and refills.")
        return f"{what}: never spends burst credits."
