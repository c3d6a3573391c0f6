"""S3 & storage lifecycle page: GB per class over time and the cost of the lifecycle beside
no lifecycle and Intelligent-Tiering. Numbers, verdicts and prices from :mod:`calc.s3.api`
on the page's own catalog."""

from __future__ import annotations

import re
from typing import Any

from calc.fields import BASIS_LABELS
from calc.report import Output
from calc.s3 import api as s3
from gui import format as fmt
from gui.charts import LineChart, StackedAreaChart
from gui.explain import explain_html
from gui.form import FieldSpec
from gui.pages.calculator import CalculatorPage

RULE_ROWS = 4
CLASS_CHOICES = [(c, s3.LABELS[c]) for c in s3.LIFECYCLE_ORDER]
RULE_IDS = ["S3-LIFECYCLE", "S3-MIN-DURATION", "S3-INTELLIGENT", "S3-CLASSES"]


def _rule_specs() -> list[FieldSpec]:
    out = []
    for i in range(1, RULE_ROWS + 1):
        out.append(FieldSpec(f"rule{i}_class", f"Rule {i}: move to", "choice",
                             [("", "(no rule)"), *CLASS_CHOICES],
                             tooltip="Lifecycle transition: the class objects move to "
                                     "(rule S3-LIFECYCLE)"))
        out.append(FieldSpec(f"rule{i}_days", f"Rule {i}: at age", "integer", unit="days",
                             optional=True,
                             tooltip="Object age at the transition [days]"))
    return out


class S3Page(CalculatorPage):
    key = "s3"
    title = "S3 & storage lifecycle"
    caption_fields = ("monthly_ingest_gb", "initial_gb", "months", "start_class")
    intro = ("What a bucket costs over time with lifecycle rules, beside keeping everything in "
             "S3 Standard and beside Intelligent-Tiering.")
    model_cls = s3.S3LifecycleInput
    field_specs = [
        FieldSpec("monthly_ingest_gb", "New data each month", unit="GB"),
        FieldSpec("monthly_growth_pct", "Ingest growth", unit="%/mo"),
        FieldSpec("initial_gb", "Already stored", unit="GB"),
        FieldSpec("avg_object_kb", "Average object size", unit="KB"),
        FieldSpec("months", "Horizon", "integer", unit="months"),
        FieldSpec("start_class", "Written to", "choice", CLASS_CHOICES),
        *_rule_specs(),
        FieldSpec("expire_days", "Expire at age", "integer", unit="days", optional=True),
        FieldSpec("transition_small_objects", "Move objects < 128 KB", "bool"),
        FieldSpec("it_archive_access_days", "IT Archive Access after", "integer", unit="days",
                  optional=True),
        FieldSpec("it_deep_archive_access_days", "IT Deep Archive after", "integer",
                  unit="days", optional=True),
        FieldSpec("basis", "Limits", "choice", list(BASIS_LABELS.items())),
    ]
    # Glacier Flexible at 180 days rather than Deep Archive: the snapshot has no Deep Archive
    # storage price for us-east-1 (SOURCES.md), and the default should show three lines.
    defaults = {"monthly_ingest_gb": "1,000", "monthly_growth_pct": "0", "initial_gb": "0",
                "avg_object_kb": "1024", "months": "36", "start_class": "standard",
                "rule1_class": "standard_ia", "rule1_days": "30",
                "rule2_class": "glacier_ir", "rule2_days": "90",
                "rule3_class": "glacier_flexible", "rule3_days": "180",
                "rule4_class": "", "rule4_days": "", "expire_days": "730",
                "transition_small_objects": False,
                "it_archive_access_days": "", "it_deep_archive_access_days": "",
                "basis": "aws_today"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._rule_rows: list[int] = []  # form row of each rule, in the model's day order
        super().__init__(*args, **kwargs)

    # -- form <-> model -------------------------------------------------------------------
    def model_input(self, parsed: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in parsed.items() if not k.startswith("rule")}
        rules = []
        for i in range(1, RULE_ROWS + 1):
            cls, days = parsed.get(f"rule{i}_class"), parsed.get(f"rule{i}_days")
            if cls:
                rules.append((i, {"storage_class": cls, "days": days}))
        # calc reports rule errors by position in day order: remember which row that is
        self._rule_rows = [i for i, r in sorted(
            rules, key=lambda t: t[1]["days"] if isinstance(t[1]["days"], int) else 0)]
        out["rules"] = tuple(r for _i, r in rules)
        for key in ("expire_days", "it_archive_access_days", "it_deep_archive_access_days"):
            if out.get(key) is None:
                out.pop(key, None)
        return out

    def field_for(self, loc: str) -> str:
        m = re.fullmatch(r"rules(?:\[(\d+)\]|\.(\d+))(?:\.(days|storage_class))?", loc)
        if not m:
            return "rule1_class" if loc in ("rules", "rules.storage_class") else loc
        pos = int(m.group(1) or m.group(2))
        if m.group(1) is not None and pos < len(self._rule_rows):  # day-order index
            row = self._rule_rows[pos]
        else:
            row = pos + 1
        return f"rule{row}_days" if m.group(3) == "days" else f"rule{row}_class"

    # -- compute and draw -------------------------------------------------------------------
    def compute(self, model: s3.S3LifecycleInput) -> tuple[Output, s3.S3LifecycleResult]:
        res = s3.lifecycle(model, catalog=self.catalog)
        return s3.report(res), res

    def build_charts(self) -> None:
        self.stack_chart = StackedAreaChart(
            "Data per storage class (lifecycle rules)", "Month", "GB stored",
            [f"s3:{c}" for c in s3.LIFECYCLE_ORDER],
            {f"s3:{c}": s3.LABELS[c] for c in s3.LABELS}, name="chart_gb_by_class")
        self.cost_chart = LineChart("Cumulative cost", "Month", "Cumulative cost (USD)",
                                    name="chart_cumulative_cost")
        self.add_chart(self.stack_chart, "GB per class")
        self.add_chart(self.cost_chart, "Cumulative cost")

    def draw(self, output: Output, res: s3.S3LifecycleResult) -> None:
        gb = res.gb_by_class
        self.stack_chart.set_stack(
            gb["month"].tolist(),
            {f"s3:{c}": gb[f"{c}_gb"].tolist() for c in s3.LIFECYCLE_ORDER
             if f"{c}_gb" in gb})
        cum = res.cumulative
        self.cost_chart.set_series(
            {s: (cum["month"].tolist(), cum[f"{s}_cumulative_usd"].tolist())
             for s in s3.SCENARIOS}, s3.SCENARIO_LABELS)
        self.summary.setText(self._summary_html(res))
        model = self.presenter.model
        basis = model.basis if isinstance(model, s3.S3LifecycleInput) else "aws_today"
        self.explain.show_html(explain_html(self.catalog, RULE_IDS, res.prices_used,
                                            basis=basis, summary=res.description))

    def _summary_html(self, res: s3.S3LifecycleResult) -> str:
        rows = []
        for r in res.summary.itertuples(index=False):
            total = fmt.money(r.total_usd) if r.complete else "unknown"
            why = "" if r.complete else f" <small>({r.missing})</small>"
            mark = f" <b>{res.cheapest_label}</b>" if r.scenario == res.cheapest else ""
            rows.append(f"<li>{s3.SCENARIO_LABELS[str(r.scenario)]}: {total}{mark}{why}</li>")
        months = len(res.gb_by_class)
        return f"<b>Total over {months} months</b><ul>{''.join(rows)}</ul>"
