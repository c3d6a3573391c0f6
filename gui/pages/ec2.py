"""EC2 purchasing options page: every option for a workload as the ``ec2 compare`` table,
the cumulative cost per option with break-even points, monthly cost bars, the burstable
CPU-credit balance and the Savings Plan cost against the hourly commitment.

Numbers, verdicts, labels and the prices used from :func:`calc.ec2.api.run_study` on the
page's own catalog (the table is what ``ec2 compare`` prints); the page only draws them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
import pyqtgraph as pg
from pydantic import ValidationError
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from calc.ec2 import api
from calc.ec2.api import (
    BurstInput,
    BurstResult,
    Ec2Comparison,
    Ec2Study,
    Ec2Workload,
    WorkloadCommitment,
)
from calc.ec2.options import OPTION_IDS, OS_LABELS, SAVINGS_PLAN_IDS, option_label, os_label
from calc.errors import InputError
from calc.pricing import Catalog, PriceNotFound
from calc.report import Output
from gui import format as fmt
from gui.charts import Chart, HBarChart, LineChart
from gui.explain import explain_html
from gui.form import FieldSpec, FormError
from gui.pages.calculator import CalculatorPage
from gui.table_model import DataFrameModel, SortProxy

RULES = ["EC2-OD-BILLING", "EC2-RI", "EC2-SP", "EC2-SPOT", "EC2-DEDICATED-HOST",
         "EC2-DEDICATED-INSTANCE", "EC2-CAPACITY-RESERVATION", "EC2-BURST", "EC2-EIP"]

# The options the charts show by default (plus the cheapest and the Savings Plan being sized):
# one of each kind and the common terms, so the cumulative chart stays readable.
MAIN_OPTIONS = (
    "on_demand", "reserved_standard_1yr_no_upfront", "reserved_standard_3yr_no_upfront",
    "reserved_standard_3yr_all_upfront", "reserved_convertible_3yr_no_upfront",
    "savings_plan_compute_1yr_no_upfront", "savings_plan_compute_3yr_no_upfront",
    "savings_plan_ec2_instance_3yr_no_upfront", "spot", "dedicated_instance",
    "capacity_reservation", "dedicated_host",
)
# Inputs of the page that are not fields of Ec2Workload.
EXTRA_FIELDS = ("sp_plan", "sp_discount_pct", "cpu_pct_per_vcpu", "burst_mode", "chart_options")
LEGEND_INSIDE_MAX = 8  # more lines than this: the cumulative chart's legend goes outside
LEGEND_SAMPLE_PX = 48  # a legend row's line sample and margins beside its text
OPTIONAL_WORKLOAD = ("hours_per_month", "utilization_pct", "job_seconds", "runs_per_month",
                     "instances_per_host")
SPOT_BASIS = {"average_price": "Average price (2024-04)",
              "advisor_savings": "Advisor saving (2025-06)"}
CHART_OPTIONS = [("main", "Main options"), ("all", "Every option")]
# tabs built on first view (start-up time): part -> tab title, and the widgets each creates
LAZY_TABS = {"credits": "CPU credits", "commitment": "Savings Plan", "regions": "Regions"}
LAZY_ATTRS = {
    **dict.fromkeys(("credit_chart", "credit_empty", "credit_caption"), "credits"),
    **dict.fromkeys(("sp_chart", "sp_empty", "sp_caption"), "commitment"),
    **dict.fromkeys(("regions_option", "regions_button", "regions_busy", "regions_status",
                     "regions_model", "regions_table"), "regions")}


def _tip(model: type, name: str) -> str:
    return str(model.model_fields[name].description or "")  # type: ignore[attr-defined]


@dataclass
class Ec2Extra:
    """What the charts and the explain panel draw besides the table: calc's study and the
    option ids the charts show (in table order)."""

    study: Ec2Study
    shown: list[str]

    @property
    def comparison(self) -> Ec2Comparison:
        return self.study.comparison

    @property
    def burst(self) -> BurstResult | None:
        return self.study.burst

    @property
    def commitment(self) -> WorkloadCommitment:
        return self.study.commitment


class _EmptyState:
    """A plain message in the middle of an empty chart (created once, shown or hidden)."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        self.text = pg.TextItem(anchor=(0.5, 0.5), color="#666666")
        self.text.setZValue(90)
        chart.addItem(self.text, ignoreBounds=True)
        self.text.hide()

    def show(self, message: str, title: str) -> None:
        self.chart.setTitle(title)
        self.text.setHtml(f"<div style='text-align:center; font-size:11pt'>"
                          f"{html.escape(message)}</div>")
        self.text.setTextWidth(380)
        self._axes(False)
        self.chart.setXRange(0, 1, padding=0)
        self.chart.setYRange(0, 1, padding=0)
        self.text.setPos(0.5, 0.5)
        self.text.show()

    def hide(self) -> None:
        if self.text.isVisible():
            self.text.hide()
            self._axes(True)
        self.chart.enableAutoRange()

    def _axes(self, values: bool) -> None:  # no 0-1 tick values on an empty chart
        for side in ("left", "bottom"):
            self.chart.getAxis(side).setStyle(showValues=values)

    @property
    def visible(self) -> bool:
        return bool(self.text.isVisible())

    @property
    def message(self) -> str:
        return self.text.textItem.toPlainText() if self.text.isVisible() else ""


class RegionsWorker(QObject):
    """``ec2 regions`` for one workload and option, in its own thread (every Region)."""

    table_ready = Signal(object)  # calc.cli.Output
    failed = Signal(str)
    done = Signal()

    def __init__(self, workload: Ec2Workload, option: str, catalog: Catalog) -> None:
        super().__init__()
        self.workload, self.option, self.catalog = workload, option, catalog

    @Slot()
    def run(self) -> None:
        try:
            out = api.regions_output(self.workload, self.option, catalog=self.catalog)
        except (InputError, PriceNotFound, ValidationError) as e:
            self.failed.emit(str(e))
        except Exception as e:  # noqa: BLE001 - shown on the page, never a crash of the app
            self.failed.emit(f"unexpected error: {e.__class__.__name__}: {e}")
        else:
            self.table_ready.emit(out)
        finally:
            self.done.emit()


class Ec2Page(CalculatorPage):
    key = "ec2"
    title = "EC2 purchasing options"
    caption_fields = ("instance_type", "os", "count", "hours_per_month", "utilization_pct",
                      "horizon_months")
    intro = ("Every purchasing option for N instances of one type: cost over the horizon, "
             "break-even against On-Demand, burstable credits and Savings Plan sizing. "
             "Grey rows have no price in the snapshot; the reason column says why.")
    model_cls = Ec2Workload
    field_specs = [
        FieldSpec("instance_type", "Instance type", "text"),
        FieldSpec("os", "Operating system", "choice", list(OS_LABELS.items())),
        FieldSpec("count", "Instances", "integer"),
        FieldSpec("hours_per_month", "Hours per month", unit="h", optional=True),
        FieldSpec("utilization_pct", "or utilisation", unit="%", optional=True),
        FieldSpec("horizon_months", "Horizon", "integer", unit="months"),
        FieldSpec("count_whole_term", "Count whole terms", "bool"),
        FieldSpec("spot_price_basis", "Spot price", "choice",
                  list(SPOT_BASIS.items())),
        FieldSpec("spot_rerun_overhead_pct", "Spot re-run overhead", unit="%"),
        FieldSpec("public_ipv4_per_instance", "Public IPv4", "integer", unit="per instance"),
        FieldSpec("public_ipv4_always", "IPv4 all month (EIP)", "bool"),
        FieldSpec("instances_per_host", "Dedicated Host holds", "integer", unit="instances",
                  optional=True),
        FieldSpec("job_seconds", "Short job: run time", unit="s", optional=True),
        FieldSpec("runs_per_month", "Short job: runs", "integer", unit="per month",
                  optional=True),
        FieldSpec("sp_plan", "Savings Plan to size", "choice",
                  [(o, option_label(o)) for o in SAVINGS_PLAN_IDS],
                  tooltip="The Savings Plan whose cost-versus-commitment curve the "
                          "Savings Plan chart shows (rule EC2-SP)"),
        FieldSpec("sp_discount_pct", "Your discount for it", unit="%", optional=True,
                  tooltip="Your Savings Plan discount off On-Demand [%], from your account's "
                          "Savings Plans page; replaces the snapshot's rate (which has only "
                          "an ap-east-2 r7g sample). Same as the CLI's --discount PLAN=PCT."),
        FieldSpec("cpu_pct_per_vcpu", "T type: average CPU", unit="%/vCPU",
                  tooltip=_tip(BurstInput, "cpu_pct_per_vcpu")),
        FieldSpec("burst_mode", "T type: credit mode", "choice",
                  [("unlimited", "Unlimited"), ("standard", "Standard")],
                  tooltip=_tip(BurstInput, "mode")),
        FieldSpec("chart_options", "Charts show", "choice", CHART_OPTIONS,
                  tooltip="Main options: one of each kind (and the cheapest); every option: "
                          "all 29 (the table always has every option)"),
    ]
    # t3.large: a common small workload, a burstable type (the credit chart has data) with
    # On-Demand, Reserved No Upfront and Spot prices in us-east-1.
    defaults = {"instance_type": "t3.large", "os": "linux", "count": "1",
                "hours_per_month": "730", "utilization_pct": "", "horizon_months": "36",
                "count_whole_term": True, "spot_price_basis": "average_price",
                "spot_rerun_overhead_pct": "0", "public_ipv4_per_instance": "0",
                "public_ipv4_always": False, "instances_per_host": "", "job_seconds": "",
                "runs_per_month": "", "sp_plan": "savings_plan_compute_1yr_no_upfront",
                "sp_discount_pct": "", "cpu_pct_per_vcpu": "20", "burst_mode": "unlimited",
                "chart_options": "main"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._extras: dict[str, Any] = {}
        self._drawn_burst: object = self  # the BurstResult on the chart (self: none yet)
        # The CPU credits, Savings Plan and Regions tabs are built when first shown (or first
        # used): the first answer needs only the tab on top. Until then the latest result for
        # each is kept here and drawn when its tab is built.
        self._lazy_built: set[str] = set()
        self._pending_burst: tuple[BurstResult | None, str] | None = None
        self._pending_commitment: WorkloadCommitment | None = None
        super().__init__(*args, **kwargs)
        hours = self.form.inputs["hours_per_month"]
        util = self.form.inputs["utilization_pct"]
        assert isinstance(hours, QLineEdit) and isinstance(util, QLineEdit)
        hours.setPlaceholderText("730 = always on")
        util.setPlaceholderText("instead of hours")
        # usage is hours OR utilisation: typing one empties the other (calc refuses both)
        def emptier(other: QLineEdit) -> Callable[[str], None]:
            def empty(text: str) -> None:
                if text.strip():
                    other.clear()
            return empty

        util.textEdited.connect(emptier(hours))
        hours.textEdited.connect(emptier(util))
        # the credit mode follows the family's launch default (calc: T2 standard; T3, T3a,
        # T4g unlimited) until the user picks one (EC2-BURST)
        itype, mode = self.form.inputs["instance_type"], self.form.inputs["burst_mode"]
        assert isinstance(itype, QLineEdit) and isinstance(mode, QComboBox)
        self.burst_mode_picked = False

        def picked(_index: int) -> None:
            self.burst_mode_picked = True

        def follow(text: str) -> None:
            if not self.burst_mode_picked:
                self.form.set_values({"burst_mode": api.default_credit_mode(text.strip())},
                                     emit=False)

        mode.activated.connect(picked)
        itype.textEdited.connect(follow)
        for w in self.form.inputs.values():  # long choices (OS names) must not widen the form
            if isinstance(w, QComboBox):
                w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                w.setMinimumWidth(120)  # overrides the hint cached from the items

    # -- form <-> model -------------------------------------------------------------------
    def model_input(self, parsed: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in parsed.items() if k not in EXTRA_FIELDS}
        for name in OPTIONAL_WORKLOAD:
            if out.get(name) is None:
                out.pop(name, None)
        self._extras = {k: parsed.get(k) for k in EXTRA_FIELDS}
        plan, discount = parsed.get("sp_plan"), parsed.get("sp_discount_pct")
        if plan and discount is not None:
            out["user_rates"] = ({"option": plan, "discount_pct": discount},)
        return out

    def field_for(self, loc: str) -> str:
        if loc.startswith(("user_rates", "rate", "discount_pct")):
            return "sp_discount_pct"
        return {"mode": "burst_mode", "plan": "sp_plan"}.get(loc, loc)

    def validate_scenario(self, data: dict[str, Any]) -> None:
        super().validate_scenario(data)
        model = self.presenter.validate({**self.form.values(), **data})
        assert isinstance(model, Ec2Workload)
        try:  # the burst inputs are checked by calc only for a T type
            self.compute(model)
        except InputError as e:
            raise FormError({self.field_for(e.field): str(e)}) from None
        except ValidationError as e:
            from calc.errors import field_errors

            raise FormError({self.field_for(k): v for k, v in field_errors(e).items()}) from None

    # -- compute and draw -----------------------------------------------------------------
    def compute(self, model: Ec2Workload) -> tuple[Output, Ec2Extra]:
        ex = self._extras
        plan = str(ex.get("sp_plan") or SAVINGS_PLAN_IDS[0])
        study = api.run_study(model, plan=plan,
                              cpu_pct_per_vcpu=cast(float, ex.get("cpu_pct_per_vcpu")),
                              burst_mode=ex.get("burst_mode"),
                              catalog=self.catalog)
        every = ex.get("chart_options") == "all"
        wanted = {*MAIN_OPTIONS, plan, study.cheapest_option}
        shown = [o for o in OPTION_IDS if every or o in wanted]
        return study.output, Ec2Extra(study, shown)

    def clear_results(self, why: str) -> None:
        """The framework clears the table and the charts' data while an input is invalid;
        the page's own chart texts go too, and the next result redraws every chart."""
        super().clear_results(why)
        for item in self.no_price:
            item.hide()
        self._pending_burst, self._pending_commitment = None, None
        if "credits" in self._lazy_built:
            self.credit_empty.hide()
            self.credit_caption.setText("")
        if "commitment" in self._lazy_built:
            self.sp_empty.hide()
            self.sp_caption.setText("")
        self._drawn_burst = self

    def cell_labels(self) -> dict[str, Callable[[Any], str]]:
        return {"option": lambda o: option_label(str(o))}  # the ids stay in the export

    def greyed_rows(self, table: pd.DataFrame) -> pd.Series:
        return ~table["price_available"].astype(bool)

    def build_charts(self) -> None:
        self.cost_chart = LineChart("Cumulative cost", "Month", "Cumulative cost (USD)",
                                    name="chart_cumulative_cost")
        self.bar_chart = HBarChart("Average monthly cost", "Cost (USD per month)",
                                   name="chart_monthly_cost")
        # "no price" labels for greyed bars (length 0): created once, one per option
        self.no_price = []
        for _ in OPTION_IDS:
            t = pg.TextItem("no price", color="#8c8c8c", anchor=(0, 0.5))
            t.hide()
            self.bar_chart.addItem(t, ignoreBounds=True)
            self.no_price.append(t)
        self.add_chart(self.cost_chart, "Cumulative cost")
        self.add_chart(self.bar_chart, "Monthly cost")
        self._regions_thread: QThread | None = None
        self._regions_worker: RegionsWorker | None = None
        self.regions_output: Output | None = None
        self._regions_for: Ec2Workload | None = None  # the inputs the table was made for
        # the other tabs: an empty box each, filled on first view (see _build_lazy)
        self._lazy_tabs: dict[str, tuple[QWidget, QVBoxLayout]] = {}
        for part, tab in LAZY_TABS.items():
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            self._lazy_tabs[part] = (box, lay)
            self.add_chart(box, tab)
        self.chart_tabs.currentChanged.connect(self._on_tab)

    def _on_tab(self, index: int) -> None:
        for part, (box, _lay) in self._lazy_tabs.items():
            if self.chart_tabs.widget(index) is box:
                self._build_lazy(part)

    def __getattr__(self, name: str) -> Any:
        """A widget of a tab not built yet (``page.credit_chart``, ``page.regions_button``):
        the tab is built, with the latest result drawn, and the widget returned."""
        part = LAZY_ATTRS.get(name)
        if part is None or part in self.__dict__.get("_lazy_built", {part}):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self._build_lazy(part)
        return self.__dict__[name]

    def _build_lazy(self, part: str) -> None:
        if part in self._lazy_built:
            return
        self._lazy_built.add(part)
        _box, lay = self._lazy_tabs[part]
        if part == "credits":
            self.credit_chart = LineChart("CPU credit balance", "Hour", "Credits",
                                          name="chart_credit_balance", y_money=False)
            self.credit_empty = _EmptyState(self.credit_chart)
            self.credit_caption = _caption("caption_credits")
            lay.addWidget(_with_caption(self.credit_chart, self.credit_caption))
            if self._pending_burst is not None:
                self._draw_burst_chart(*self._pending_burst)
        elif part == "commitment":
            self.sp_chart = LineChart("Savings Plan cost against the commitment",
                                      "Commitment (USD per hour)", "Cost (USD per month)",
                                      name="chart_commitment")
            self.sp_empty = _EmptyState(self.sp_chart)
            self.sp_chart.getAxis("bottom").enableAutoSIPrefix(False)
            self.sp_caption = _caption("caption_commitment")
            lay.addWidget(_with_caption(self.sp_chart, self.sp_caption))
            if self._pending_commitment is not None:
                self._draw_commitment_chart(self._pending_commitment)
        else:
            lay.addWidget(self._regions_tab())

    # -- every Region (off the UI thread) ---------------------------------------------------
    def _regions_tab(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        self.regions_option = QComboBox()
        self.regions_option.setObjectName("regions_option")
        for o in OPTION_IDS:
            self.regions_option.addItem(option_label(o), o)
        self.regions_option.setToolTip("The purchasing option to price in every Region")
        self.regions_button = QPushButton("Compare every Region")
        self.regions_button.setObjectName("regions_compare")
        self.regions_button.setToolTip("The same as: python -m calc ec2 regions --option ...")
        self.regions_button.clicked.connect(self.compare_regions_async)
        self.regions_busy = QProgressBar()
        self.regions_busy.setObjectName("regions_progress")
        self.regions_busy.setRange(0, 0)  # busy: calc gives no steps to count
        self.regions_busy.setMaximumWidth(140)
        self.regions_busy.hide()
        row.addWidget(QLabel("Option:"))
        row.addWidget(self.regions_option, 1)
        row.addWidget(self.regions_button)
        row.addWidget(self.regions_busy)
        lay.addLayout(row)
        self.regions_status = QLabel("Prices this workload with one option in every Region "
                                     "of the snapshot, cheapest first.")
        self.regions_status.setObjectName("regions_status")
        self.regions_status.setWordWrap(True)
        lay.addWidget(self.regions_status)
        self.regions_model = DataFrameModel(self)
        proxy = SortProxy(self)
        proxy.setSourceModel(self.regions_model)
        self.regions_table = QTableView()
        self.regions_table.setObjectName("regions_table")
        self.regions_table.setModel(proxy)
        self.regions_table.setSortingEnabled(True)
        proxy.sort(-1)  # calc's order (cheapest first) until the user sorts by a column
        head = self.regions_table.horizontalHeader()
        head.setSortIndicatorShown(False)
        head.sortIndicatorChanged.connect(lambda *_: head.setSortIndicatorShown(True))
        self.regions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.regions_table.verticalHeader().setVisible(False)
        self.regions_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.regions_table, 1)
        return box

    @property
    def regions_running(self) -> bool:
        return self._regions_thread is not None

    def compare_regions_async(self) -> None:
        """Run ``ec2 regions`` for the current inputs and the chosen option in a worker
        thread; the table fills when it is done (the window stays live meanwhile)."""
        model = self.presenter.model
        if self.regions_running or not isinstance(model, Ec2Workload):
            return
        option = str(self.regions_option.currentData())
        self.regions_button.setEnabled(False)
        self.regions_busy.show()
        self.regions_status.setText(f"Pricing {option_label(option)} for {model.count} x "
                                    f"{model.instance_type} in every Region...")
        self._regions_thread = QThread(self)
        self._regions_for = model.model_copy(update={"region": "us-east-1"})  # region ignored
        self._regions_worker = RegionsWorker(model, option, self.catalog)
        self._regions_worker.moveToThread(self._regions_thread)
        self._regions_thread.started.connect(self._regions_worker.run)
        self._regions_worker.table_ready.connect(self._on_regions)
        self._regions_worker.failed.connect(self._on_regions_failed)
        self._regions_worker.done.connect(self._regions_thread.quit)
        self._regions_thread.finished.connect(self._on_regions_finished)
        self._regions_thread.start()

    def wait_regions(self, ms: int = 10_000) -> bool:
        """Block until the region comparison is done (tests, closing)."""
        thread = self._regions_thread
        return thread is None or thread.wait(ms)

    def _on_regions(self, out: Output) -> None:
        self.regions_output = out
        table = out.table if out.table is not None else pd.DataFrame()
        self.regions_model.set_rows(table, ~table["price_available"].astype(bool))
        self.regions_status.setText(html.escape(" ".join(out.notes))
                                    + ". Grey rows have no price in the snapshot (see reason).")

    def _on_regions_failed(self, message: str) -> None:
        self.regions_status.setText(f"Region comparison failed: {html.escape(message)}")

    def _on_regions_finished(self) -> None:
        if self._regions_thread is not None:
            self._regions_thread.deleteLater()
        if self._regions_worker is not None:
            self._regions_worker.deleteLater()
        self._regions_thread, self._regions_worker = None, None
        self.regions_busy.hide()
        self.regions_button.setEnabled(True)
        self._mark_regions_stale()  # edited while it ran

    def _mark_regions_stale(self) -> None:
        model = self.presenter.model
        if (self.regions_output is None or self.regions_running
                or not isinstance(model, Ec2Workload) or self._regions_for is None):
            return
        if model.model_copy(update={"region": "us-east-1"}) != self._regions_for:
            self.regions_status.setText("The inputs changed since this comparison: press "
                                        "Compare every Region again.")

    def draw(self, output: Output, extra: Ec2Extra) -> None:
        cmp = extra.comparison
        rows = {str(r["option"]): cast(dict[str, Any], r)
                for r in cmp.options.to_dict("records")}
        self._draw_cumulative(cmp, rows, extra.shown)
        self._draw_bars(cmp, rows, extra.shown)
        if extra.burst is None or extra.burst is not self._drawn_burst:  # the same result
            self._draw_burst(extra.burst)  # after a count or hours edit: nothing to redraw
            self._drawn_burst = extra.burst
        self._draw_commitment(extra.commitment)
        self._mark_regions_stale()
        self.summary.setText(self._summary_html(cmp, rows))
        w = cmp.workload
        text = explain_html(self.catalog, RULES, extra.study.prices_used,
                            summary=f"{w.instance_type} {os_label(w.os)} in {w.region}: the "
                                    "rules behind the table and the prices it used")
        self.explain.show_html(text)  # skipped when unchanged (count and hours edits)

    def _draw_cumulative(self, cmp: Ec2Comparison, rows: dict[str, dict[str, Any]],
                         shown: list[str]) -> None:
        cum = cmp.cumulative_usd
        months = cum["month"].to_numpy()
        month_row = {int(m): i for i, m in enumerate(months)}
        series = {o: cum[o].to_numpy() for o in ["on_demand", *shown]}
        lines = [o for o in shown if rows[o]["price_available"]]
        # short: the title's width is the plot's minimum (the legend may take the right side)
        self.cost_chart.setTitle(f"Cumulative cost over {cmp.workload.horizon_months} months")
        self.cost_chart.set_series({o: (months.tolist(), series[o].tolist()) for o in lines},
                                   {o: option_label(o) for o in lines},
                                   dashed=["capacity_reservation", "dedicated_instance"])
        self._place_legend([option_label(o) for o in lines],
                           outside=len(lines) > LEGEND_INSIDE_MAX)
        points = []
        for o in lines:
            be = rows[o]["break_even_month"]
            if fmt.is_missing(be):
                continue
            i = month_row[int(be)]
            points.append((float(months[i]), float(series[o][i]), o,
                           f"{option_label(o)}: ahead of On-Demand from month {int(be)} "
                           f"({fmt.money(series[o][i])} against "
                           f"{fmt.money(series['on_demand'][i])} so far)"))
        self.cost_chart.set_markers(points)

    def _place_legend(self, labels: list[str], *, outside: bool) -> None:
        """A few lines rise from the bottom left and leave the top left clear for the legend;
        more would hide data, so their legend moves right of the plot, over an empty right
        axis that keeps the room."""
        plot = self.cost_chart.getPlotItem()
        legend = self.cost_chart.legend
        if outside:
            if legend.parentItem() is not plot:
                legend.setParentItem(plot)
            legend.anchor((1, 0), (1, 0), offset=(-4, 30))
            plot.showAxis("right")
            axis = plot.getAxis("right")
            axis.setStyle(showValues=False)
            metrics = QFontMetrics(self.cost_chart.font())
            widest = max((metrics.horizontalAdvance(t) for t in labels), default=0)
            axis.setWidth(widest + LEGEND_SAMPLE_PX)
        else:
            if legend.parentItem() is not plot.vb:
                legend.setParentItem(plot.vb)
            legend.anchor((0, 0), (0, 0), offset=(10, 10))
            plot.hideAxis("right")

    def _draw_bars(self, cmp: Ec2Comparison, rows: dict[str, dict[str, Any]],
                   shown: list[str]) -> None:
        available = [bool(rows[o]["price_available"]) for o in shown]
        months = cmp.workload.horizon_months
        tips = []
        for o, ok in zip(shown, available, strict=True):
            r = rows[o]
            tips.append(f"{option_label(o)}: {fmt.money(r['usd_per_month'])} a month on "
                        f"average, {fmt.money(r['total_usd'])} over {months} months" if ok else
                        f"{option_label(o)}: no price - {r['reason']}")
        self.bar_chart.setTitle(f"Average monthly cost over {months} months")
        self.bar_chart.set_bars(shown, [rows[o]["usd_per_month"] for o in shown],
                                [option_label(o) for o in shown],
                                greyed=[not ok for ok in available], tips=tips)
        for i, item in enumerate(self.no_price):
            if i < len(shown) and not available[i]:
                item.setPos(0, i)
                item.show()
            else:
                item.hide()

    def _draw_burst(self, burst: BurstResult | None) -> None:
        model = self.presenter.model
        enabled = burst is not None
        for name in ("cpu_pct_per_vcpu", "burst_mode"):
            self.form.inputs[name].setEnabled(enabled)
        itype = model.instance_type if isinstance(model, Ec2Workload) else "this type"
        self._pending_burst = (burst, itype)
        if "credits" in self._lazy_built:
            self._draw_burst_chart(burst, itype)

    def _draw_burst_chart(self, burst: BurstResult | None, itype: str) -> None:
        if burst is None:
            self.credit_chart.set_series({})
            self.credit_chart.set_markers([])
            self.credit_empty.show(f"{itype} is not a burstable T instance: it has no CPU "
                                   "credits. Pick a T type (e.g. t3.large) to see its "
                                   "credit balance.", "CPU credit balance")
            self.credit_caption.setText("")
            return
        self.credit_empty.hide()
        s, sm = burst.series, burst.summary
        hours = s["hour"].tolist()
        series: dict[str, tuple[Sequence[float], Sequence[float]]] = {
            "credits:balance": (hours, s["credit_balance"].tolist()),
            "credits:max": ([hours[0], hours[-1]], [sm["max_credits"], sm["max_credits"]])}
        labels = {"credits:balance": "Earned credit balance", "credits:max": "Maximum balance",
                  "credits:surplus": "Surplus credits spent (unlimited)"}
        if sm["mode"] == "unlimited":
            series["credits:surplus"] = (hours, s["surplus_credits"].tolist())
        self.credit_chart.setTitle(f"CPU credit balance: {sm['instance_type']} at "
                                   f"{fmt.number(sm['cpu_pct_per_vcpu'])}% per vCPU, "
                                   f"{sm['mode']} mode")
        self.credit_chart.set_series(series, labels, dashed=["credits:max"])
        # a rising balance leaves the bottom right clear, a falling one the top left
        rising = sm["net_credits_per_day"] >= 0
        self.credit_chart.legend.anchor((1, 1) if rising else (0, 0),
                                        (1, 1) if rising else (0, 0),
                                        offset=(-10, -10) if rising else (10, 10))
        marks = []
        if sm["falls_to_baseline"] and sm["hours_to_baseline"] is not None:
            marks.append((float(sm["hours_to_baseline"]), 0.0, "credits:surplus",
                          f"falls to the {fmt.number(sm['baseline_pct_per_vcpu'])}% baseline "
                          f"after {fmt.number(sm['hours_to_baseline'], 1)} h"))
        self.credit_chart.set_markers(marks)
        self.credit_caption.setText(self._burst_text(burst))

    def _burst_text(self, burst: BurstResult) -> str:
        sm = burst.summary
        parts = [html.escape(n) for n in burst.notes]
        parts.append(f"Credits a day: earned {fmt.number(sm['credits_earned_per_day'])}, "
                     f"spent {fmt.number(sm['credits_spent_per_day'])}.")
        if sm["mode"] == "unlimited":
            parts.append(f"Unlimited surplus charge: {fmt.money(sm['surplus_usd_per_month'])} "
                         "a month" if sm["surplus_usd_per_month"] is not None else
                         "Unlimited surplus charge: unknown (no surplus price)")
        if sm["compare_with"]:
            be = sm["non_burstable_cheaper_above_cpu_pct"]
            parts.append(f"{sm['compare_with']} (same size, not burstable) costs "
                         f"{fmt.money(sm['compare_with_usd_per_month'])} a month"
                         + (f"; it is cheaper above {fmt.number(be, 1)}% CPU" if be is not None
                            else ""))
        return "<br>".join(parts)

    def _draw_commitment(self, c: WorkloadCommitment) -> None:
        self._pending_commitment = c
        if "commitment" in self._lazy_built:
            self._draw_commitment_chart(c)

    def _draw_commitment_chart(self, c: WorkloadCommitment) -> None:
        label = option_label(c.plan)
        if c.curve is None or c.best is None:
            self.sp_chart.set_series({})
            self.sp_chart.set_markers([])
            self.sp_empty.show(f"{c.reason}.", f"{label}: cost against the commitment")
            self.sp_caption.setText(f"<b>{html.escape(label)}</b>: no curve without its rate. "
                                    "Enter your discount for it (from your Savings Plans page) "
                                    "beside \"Your discount for it\".")
            return
        self.sp_empty.hide()
        curve, best = c.curve, c.best
        x = curve["commitment_usd_per_hour"].tolist()
        self.sp_chart.setTitle(f"{label}: cost against the commitment")
        self.sp_chart.set_series(
            {c.plan: (x, curve["usd_per_month"].tolist()),
             "on_demand": (x, curve["on_demand_only_usd_per_month"].tolist())},
            {c.plan: f"{label} + On-Demand overflow", "on_demand": "On-Demand only"},
            dashed=["on_demand"])
        tip = (f"best commitment {fmt.cell('usd_per_hour', best['commitment_usd_per_hour'])}"
               f"/h: {fmt.money(best['usd_per_month'])} a month")
        self.sp_chart.set_markers([(float(best["commitment_usd_per_hour"]),
                                    float(best["usd_per_month"]), c.plan, tip)])
        # a commitment that pays falls from the top left; one that does not rises from the
        # bottom left (the best is none): the legend goes where the lines are not
        falls = best["commitment_usd_per_hour"] > 0
        self.sp_chart.legend.anchor((0, 1) if falls else (0, 0), (0, 1) if falls else (0, 0),
                                    offset=(10, -10) if falls else (10, 10))
        src = ("your discount" if c.rate.price_source == "user"
               else f"snapshot rate as of {c.rate.as_of}")
        self.sp_caption.setText(
            f"<b>Best commitment {fmt.cell('usd_per_hour', best['commitment_usd_per_hour'])} "
            f"per hour</b>: {fmt.money(best['usd_per_month'])} a month against "
            f"{fmt.money(best['on_demand_only_usd_per_month'])} On-Demand only; coverage "
            f"{fmt.number(best['coverage_pct'], 1)}%, utilisation "
            f"{fmt.number(best['utilization_pct'], 1)}%. Discount "
            f"{fmt.number(c.discount_pct, 1)}% ({src}).")

    @staticmethod
    def _summary_html(cmp: Ec2Comparison, rows: dict[str, dict[str, Any]]) -> str:
        parts = []
        if cmp.cheapest_option is not None:
            best = rows[cmp.cheapest_option]
            parts.append(f"<b>Cheapest: {html.escape(option_label(cmp.cheapest_option))}</b>"
                         f" - {fmt.money(best['total_usd'])} over "
                         f"{cmp.workload.horizon_months} months "
                         f"({fmt.money(best['usd_per_month'])} a month on average)")
        parts.append(html.escape(cmp.verdict))
        od = rows["on_demand"]
        if not od["price_available"]:
            parts.append(f"<span style='color:#b35900'>On-Demand: {html.escape(str(od['reason']))}"
                         "</span>")
        return "<br>".join(parts)


def _caption(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setContentsMargins(6, 2, 6, 2)
    return label


def _with_caption(chart: QWidget, caption: QLabel) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(chart, 1)
    lay.addWidget(caption)
    return box


__all__ = ["MAIN_OPTIONS", "Ec2Page"]
