"""Plan checks page: edit a plan section by section, see every check with its fix.

The checks table is :func:`calc.checks.api.run_checks`' table on the page's own catalog, the
same rows ``python -m calc check PLAN.json`` prints. The page opens with the example plan shipped
in the package (:func:`calc.checks.api.example_plan_data`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from calc.checks import api
from calc.checks.api import SECTIONS, CheckReport, Plan, PlanError, plan_from_dict
from calc.errors import InputError
from calc.fields import BASES, basis_label
from calc.pricing import Catalog
from calc.pricing.errors import SnapshotError
from gui.charts import BarChart
from gui.explain import ExplainPanel, explain_html
from gui.form import Form, FormError, specs_from_model
from gui.pages.base import Page
from gui.presenter import PRICE_ERROR, snapshot_message

STATUS_COLOURS = {"fail": "#f8d7da", "warn": "#fff3cd", "pass": "#d4edda"}


class ChecksPage(Page):
    key = "checks"
    title = "Plan checks"
    results_changed = Signal(object)
    errors_changed = Signal(dict)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(catalog, parent)
        self.report: CheckReport | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self.recompute)
        self.basis = QComboBox()
        self.basis.setObjectName("input_basis")
        for basis in BASES:
            self.basis.addItem(basis_label(basis), basis)
        self.basis.setToolTip("Check against AWS's limits today or the figures of the notes")
        self.basis.currentIndexChanged.connect(lambda _i: self._timer.start())

        self.sections: dict[str, tuple[QGroupBox, Form]] = {}
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(f"<h3 style='margin:0'>{self.title}</h3>"))
        intro = QLabel("Check a launch plan against the notes' operational limits before AWS "
                       "refuses it. Tick a section to include it.")
        intro.setWordWrap(True)
        lv.addWidget(intro)
        lv.addWidget(QLabel("Limits:"))
        lv.addWidget(self.basis)
        self.general_error = QLabel()
        self.general_error.setObjectName("error_plan")
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet("color: #c0392b;")
        self.general_error.hide()
        lv.addWidget(self.general_error)
        for name in SECTIONS:
            model = Plan.model_fields[name].annotation
            model_cls = next(a for a in getattr(model, "__args__", ()) if a is not type(None))
            box = QGroupBox(Plan.model_fields[name].description or name)
            box.setObjectName(f"section_{name}")
            box.setCheckable(True)
            form = Form(model_cls, specs_from_model(model_cls), box)
            QVBoxLayout(box).addWidget(form.widget)
            form.edited.connect(lambda: self._timer.start())
            box.toggled.connect(lambda _b: self._timer.start())
            lv.addWidget(box)
            self.sections[name] = (box, form)
        lv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(430)

        self.chart = BarChart("Checks by status", "Checks", name="chart_status")
        self.explain = ExplainPanel()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.results_table)
        right.addWidget(self.chart)
        right.addWidget(self.explain)
        right.setSizes([420, 160, 150])
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(scroll)
        outer.addWidget(right)
        outer.setSizes([450, 770])
        QVBoxLayout(self).addWidget(outer)

        self.load_scenario(self.plan_to_values(api.example_plan_data()))

    # -- plan <-> form values -----------------------------------------------------------
    @staticmethod
    def plan_to_values(plan: dict[str, Any]) -> dict[str, Any]:
        """A plan dict to flat raw values: ``section.field`` and ``section._enabled``."""
        out: dict[str, Any] = {}
        for name in SECTIONS:
            section = plan.get(name)
            out[f"{name}._enabled"] = isinstance(section, dict)
            for field, value in (section or {}).items():
                out[f"{name}.{field}"] = value
        return out

    def values_to_plan(self, values: dict[str, Any]) -> dict[str, Any]:
        """Flat raw values to a plan dict (FormError naming ``section.field`` on bad input)."""
        plan: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, (_box, form) in self.sections.items():
            if not values.get(f"{name}._enabled"):
                continue
            raw = {k.split(".", 1)[1]: v for k, v in values.items()
                   if k.startswith(f"{name}.") and not k.endswith("._enabled")}
            try:
                parsed = form.parse(raw)
            except FormError as e:
                errors.update({f"{name}.{k}": v for k, v in e.errors.items()})
                continue
            plan[name] = {k: v for k, v in parsed.items() if v is not None}
        if errors:
            raise FormError(errors)
        return plan

    def scenario(self) -> dict[str, Any]:
        out: dict[str, Any] = {"basis": self.basis.currentData()}
        for name, (box, form) in self.sections.items():
            out[f"{name}._enabled"] = box.isChecked()
            out.update({f"{name}.{k}": v for k, v in form.values().items()})
        return out

    def validate_scenario(self, data: dict[str, Any]) -> None:
        known = set(self.scenario())
        unknown = [k for k in data if k not in known]
        if unknown:
            raise FormError({k: f"{k}: not an input of the {self.title} page" for k in unknown})
        merged = {**self.scenario(), **data}
        merged.pop("basis", None)
        try:
            plan_from_dict(self.values_to_plan(merged), source="scenario")
        except PlanError as e:
            raise FormError({e.field: str(e)}) from None

    def load_scenario(self, data: dict[str, Any]) -> None:
        if "basis" in data:
            self.basis.blockSignals(True)
            self.basis.setCurrentIndex(max(self.basis.findData(data["basis"]), 0))
            self.basis.blockSignals(False)
        for name, (box, form) in self.sections.items():
            box.blockSignals(True)
            if f"{name}._enabled" in data:
                box.setChecked(bool(data[f"{name}._enabled"]))
            box.blockSignals(False)
            values = {k.split(".", 1)[1]: v for k, v in data.items()
                      if k.startswith(f"{name}.") and not k.endswith("._enabled")}
            form.set_values(values, emit=False)
        self.recompute()

    # -- compute ------------------------------------------------------------------------
    def recompute(self) -> CheckReport | None:
        self._timer.stop()
        values = self.scenario()
        basis = values.pop("basis")
        try:
            plan = plan_from_dict(self.values_to_plan(values), source="plan")
            report = api.run_checks(plan, catalog=self.catalog, basis=basis)
        except FormError as e:
            self._fail(e.errors)
            return None
        except PlanError as e:
            self._fail({e.field: e.allowed})
            return None
        except InputError as e:
            self._fail({e.field: str(e)})
            return None
        except SnapshotError as e:  # a table damaged since start-up: say so, never crash
            self._fail({PRICE_ERROR: snapshot_message(e)})
            self.report_damage(str(e))
            return None
        self.report = report
        self._fail({})
        table = report.table
        self.model.set_rows(table, backgrounds=[STATUS_COLOURS.get(s) for s in table["status"]])
        self.fit_columns()
        self._order_columns(list(table.columns))
        counts = report.counts
        statuses = ["pass", "warn", "fail"]
        self.chart.set_bars(statuses, [counts[s] for s in statuses], statuses,
                            tips=[f"{counts[s]} {s}" for s in statuses])
        self.explain.show_html(explain_html(self.catalog, report.rules, [], basis=basis,
                                            summary=report.summary))
        self.results_changed.emit(report)
        return report

    VIEW_ORDER = ("status", "check", "message", "fix", "rule_id", "section", "notes_line")

    def _order_columns(self, columns: list[str]) -> None:
        """Show what to do first (status, message, fix); the model keeps calc's order, so the
        export stays the CLI's CSV."""
        header = self.results_table.horizontalHeader()
        for visual, name in enumerate(n for n in self.VIEW_ORDER if n in columns):
            header.moveSection(header.visualIndex(columns.index(name)), visual)

    def _fail(self, errors: dict[str, str]) -> None:
        by_section: dict[str, dict[str, str]] = {n: {} for n in self.sections}
        general = []
        for key, msg in errors.items():
            section, _, field = key.partition(".")
            if section in by_section and field:
                by_section[section][field] = msg
            else:
                general.append(msg)
        for name, (_box, form) in self.sections.items():
            form.show_errors(by_section[name])
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))
        self.set_export_allowed(not errors)
        self.errors_changed.emit(errors)
