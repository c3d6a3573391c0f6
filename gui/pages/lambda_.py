"""Lambda page: the monthly cost of one function (the table: ``lambda cost``), the memory
sweep with the cheapest / fastest / balanced sizes, throttling risk, and Lambda against an
EC2 fleet with the break-even rate. Numbers, verdicts and the prices used from
:func:`calc.lambda_.api.run_study` on the page's own catalog; the page only draws them."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from calc.lambda_ import api
from calc.lambda_.api import LambdaStudy, LambdaStudyInput
from calc.report import Output
from gui import format as fmt
from gui.charts import DualAxisLineChart, LineChart
from gui.explain import explain_html
from gui.form import FieldSpec
from gui.pages.calculator import CalculatorPage
from gui.palette import chart_colours, colour

RULE_IDS = ["LAMBDA-PRICE", "LAMBDA-FREE-TIER", "LAMBDA-MEMORY", "LAMBDA-TIMEOUT",
            "LAMBDA-TMP", "LAMBDA-CONCURRENCY", "LAMBDA-PROVISIONED"]
PICKS = api.PICKS
ARCH_CHOICES = [("x86_64", "x86_64"), ("arm64", "arm64 (Graviton)")]


class LambdaPage(CalculatorPage):
    key = "lambda"
    title = "Lambda"
    caption_fields = ("memory_mb", "duration_ms", "invocations_per_month", "architecture")
    intro = ("The monthly bill of one function. The table is the charge breakdown of "
             "\"lambda cost\" and Export CSV writes that command's CSV. The charts (on-demand "
             "Lambda) sweep every memory size from the measured memory and duration, and set "
             "Lambda against an EC2 fleet serving the same invocations spread evenly over "
             "the month.")
    model_cls = LambdaStudyInput
    field_specs = [
        FieldSpec("memory_mb", "Memory", "integer", unit="MB"),
        FieldSpec("duration_ms", "Average duration", unit="ms"),
        FieldSpec("invocations_per_month", "Invocations", unit="per month"),
        FieldSpec("architecture", "Architecture", "choice", ARCH_CHOICES),
        FieldSpec("ephemeral_storage_mb", "/tmp storage", "integer", unit="MB", optional=True),
        FieldSpec("free_tier", "Free tier", "bool"),
        FieldSpec("provisioned_concurrency", "Provisioned concurrency", "integer",
                  unit="environments"),
        FieldSpec("provisioned_hours", "Provisioned for", unit="h/month"),
        FieldSpec("cpu_bound_share", "CPU-bound share", unit="0-1"),
        FieldSpec("threads", "Busy threads", "integer"),
        FieldSpec("balanced_weight", "Balanced: cost weight", unit="0-1"),
        FieldSpec("peak_to_average", "Peak / average rate", unit="x"),
        FieldSpec("instance_type", "EC2 instance type", "text", optional=True,
                  tooltip="EC2 instance type to compare with, e.g. m7g.large; empty: the "
                          "cheapest fleet of one type that holds the load (suggested)"),
        FieldSpec("purchasing_option", "EC2 purchasing option", "choice",
                  api.purchasing_option_choices()),
    ]
    defaults = {"memory_mb": "1024", "duration_ms": "120",
                "invocations_per_month": "30,000,000", "architecture": "x86_64",
                "ephemeral_storage_mb": "512", "free_tier": True,
                "provisioned_concurrency": "0", "provisioned_hours": "0",
                "cpu_bound_share": "0.8", "threads": "1", "balanced_weight": "0.5",
                "peak_to_average": "1", "instance_type": "", "purchasing_option": "on_demand"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the longest option label ("Savings Plan ec2 instance 3yr partial upfront") would
        # widen the whole form; the list still shows it in full
        box = self.form.inputs["purchasing_option"]
        assert isinstance(box, QComboBox)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(18)
        box.setMinimumWidth(box.sizeHint().width())  # minimumSizeHint is cached from before
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)

    # -- compute and draw -------------------------------------------------------------------
    def compute(self, model: LambdaStudyInput) -> tuple[Output, LambdaStudy]:
        return api.study_output(model, catalog=self.catalog)

    def build_charts(self) -> None:
        self.sweep_chart = DualAxisLineChart(
            "Monthly cost and duration by memory size", "Memory (MB)", "Monthly cost (USD)",
            "Duration (ms)", name="chart_memory_sweep")
        # top centre: the curves rise at the left (duration) and the right (cost)
        self.sweep_chart.legend.anchor(itemPos=(0.5, 0), parentPos=(0.5, 0), offset=(0, 8))
        self.ec2_chart = LineChart("Lambda versus EC2 by request rate",
                                   "Steady request rate (requests/s)", "Monthly cost (USD)",
                                   name="chart_lambda_vs_ec2")
        _bg, fg = chart_colours()
        self.break_even_line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(colour("break_even"), width=1,
                                                  style=Qt.PenStyle.DashLine),
            label="break-even", labelOpts={"position": 0.5, "color": fg})
        self.ec2_chart.addItem(self.break_even_line, ignoreBounds=True)
        # bottom right: both costs rise with the rate, the break-even line is at the left
        self.ec2_chart.legend.anchor(itemPos=(1, 1), parentPos=(1, 1), offset=(-10, -10))
        self.add_chart(self.sweep_chart, "Cost && duration by memory")
        self.add_chart(self.ec2_chart, "Lambda vs EC2")

    def greyed_rows(self, table: pd.DataFrame) -> pd.Series | None:
        return ~table["price_available"].astype(bool)

    def draw(self, output: Output, study: LambdaStudy) -> None:
        self._draw_sweep(study)
        self._draw_vs_ec2(study)
        self.summary.setText(self._summary_html(study))
        text = explain_html(self.catalog, RULE_IDS, study.prices_used,
                            summary=output.notes[0] if output.notes else "")
        self.explain.show_html(text)  # skipped when unchanged

    def _draw_sweep(self, study: LambdaStudy) -> None:
        frame = study.sweep.frame
        mem = frame["memory_mb"].to_numpy(float).tolist()
        self.sweep_chart.set_series({"lambda": (mem, frame["usd_per_month"].tolist())},
                                    {"lambda": "Monthly cost (left)"})
        self.sweep_chart.set_right_series(
            {"lambda_duration": (mem, frame["duration_ms"].tolist())},
            {"lambda_duration": "Duration (right)"}, dashed=["lambda_duration"])
        points = []
        for name in PICKS:
            row = study.sweep.choice(name)
            points.append((float(row["memory_mb"]), float(row["usd_per_month"]), name,
                           f"{name}: {fmt.number(row['memory_mb'])} MB, "
                           f"{fmt.money(row['usd_per_month'])}/month, "
                           f"{fmt.number(row['duration_ms'], 1)} ms"))
        self.sweep_chart.set_markers(points)
        self.sweep_chart.enableAutoRange()

    def _draw_vs_ec2(self, study: LambdaStudy) -> None:
        vs = study.vs_ec2
        if vs is None:
            self.ec2_chart.setTitle("Lambda versus EC2: no EC2 price for this purchasing "
                                    "option (see the summary)")
            self.ec2_chart.set_series({})
            self.ec2_chart.set_markers([])
            self.break_even_line.hide()
            return
        self.ec2_chart.setTitle("Lambda versus EC2 by request rate")
        curve = vs.curve
        rps = curve["requests_per_second"].tolist()
        fleet = f"EC2 {vs.instance_type} fleet, {study.purchasing_option_label}"
        self.ec2_chart.set_series(
            {"lambda": (rps, curve["lambda_usd_per_month"].tolist()),
             "ec2": (rps, curve["ec2_usd_per_month"].tolist())},
            {"lambda": "Lambda (on demand)", "ec2": fleet})
        points = [
            (vs.requests_per_second, vs.lambda_usd_per_month, "lambda",
             f"your rate {fmt.number(vs.requests_per_second)} requests/s: Lambda "
             f"{fmt.money(vs.lambda_usd_per_month)}/month"),
            (vs.requests_per_second, vs.ec2_usd_per_month, "ec2",
             f"your rate: {fmt.number(vs.instance_count)} x {vs.instance_type} "
             f"{fmt.money(vs.ec2_usd_per_month)}/month"),
        ]
        be = vs.break_even_requests_per_second
        if be is not None and study.break_even_usd_per_month is not None:
            points.append((be, study.break_even_usd_per_month, "break_even",
                           f"break-even: {fmt.number(be)} requests/s, "
                           f"{fmt.money(study.break_even_usd_per_month)}/month"))
            self.break_even_line.setValue(be)
            self.break_even_line.show()
        else:
            self.break_even_line.hide()
        self.ec2_chart.set_markers(points)
        self.ec2_chart.enableAutoRange()

    # -- text -------------------------------------------------------------------------------
    def _summary_html(self, study: LambdaStudy) -> str:
        inp, cost = study.inputs, study.cost.cost
        parts = [f"<b>Monthly cost: {fmt.money(cost.total_usd_per_month)}</b> "
                 f"({inp.architecture}, {fmt.number(inp.invocations_per_month)} invocations, "
                 f"{fmt.number(inp.memory_mb)} MB)"]
        # calc's own words when it withheld the free tier (LAMBDA-FREE-TIER)
        parts += [html.escape(n) for n in study.cost.notes if n.startswith("no free tier")]
        picks = []
        for name in PICKS:
            row = study.sweep.choice(name)
            picks.append(f"&nbsp;&nbsp;<span style='color:{colour(name)}'>&#9670;</span> "
                         f"{name}: <b>{fmt.number(row['memory_mb'])} MB</b>, "
                         f"{fmt.money(row['usd_per_month'])}/month, "
                         f"{fmt.number(row['duration_ms'], 1)} ms")
        parts.append("Memory sizes (on demand):<br>" + "<br>".join(picks))
        vs = study.vs_ec2
        if vs is None:
            parts.append(f"Lambda vs EC2: {html.escape(study.vs_ec2_missing)}")
        else:
            be = vs.break_even_requests_per_second
            be_text = ("Lambda stays cheaper at every rate" if be is None else
                       f"break-even at <b>{fmt.number(be)} requests/s</b>")
            winner = {"lambda": "Lambda is cheaper", "ec2": "EC2 is cheaper",
                      "equal": "they cost the same"}[vs.cheaper]
            parts.append(
                f"Lambda vs EC2 at {fmt.number(vs.requests_per_second)} requests/s: "
                f"Lambda {fmt.money(vs.lambda_usd_per_month)} against "
                f"{fmt.number(vs.instance_count)} x {html.escape(vs.instance_type)} "
                f"{fmt.money(vs.ec2_usd_per_month)}: "
                f"<b>{winner}</b>; {be_text}.")
        c = study.concurrency.check
        if study.throttling_at_risk:
            risk = (f"<span style='color:#c0392b'><b>throttling risk</b>: "
                    f"{c.throttled_share:.2%} of requests at peak</span> "
                    f"({html.escape(c.fixes[0]) if c.fixes else ''})")
        else:
            risk = "no throttling expected"
        parts.append(f"Concurrency: peak {fmt.number(c.peak_concurrency, 1)} of "
                     f"{fmt.number(c.available_concurrency)} ({c.cap_source}); {risk}.")
        return "<br>".join(parts)
