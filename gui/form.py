"""An input form bound to a calc pydantic model.

Each field is a widget with its label, its unit, a tooltip from the model's
``Field(description=...)`` and an error line beside it. Raw widget values are parsed (numbers
may carry thousands separators), validated by the model, and errors shown next to their field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from calc.errors import InputError


@dataclass(frozen=True)
class FieldSpec:
    """A form field for the model field ``name``."""

    name: str
    label: str
    kind: str = "number"  # number | integer | choice | bool | text
    choices: Sequence[tuple[str, str]] = ()  # (value, label) for kind "choice"
    unit: str = ""
    optional: bool = False  # an empty number means None (not given)
    tooltip: str = ""  # for fields that are not model fields (else the Field description)


class FormError(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class Form(QObject):
    """Widgets for ``specs``; emits ``edited`` on every user change."""

    edited = Signal()

    def __init__(self, model_cls: type[BaseModel], specs: Sequence[FieldSpec],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.model_cls = model_cls
        self.specs = {s.name: s for s in specs}
        self.widget = QWidget(parent)
        self.widget.setObjectName("input_form")
        outer = QVBoxLayout(self.widget)
        outer.setContentsMargins(0, 0, 0, 0)
        self.general_error = QLabel()
        self.general_error.setObjectName("error_form")
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet("color: #c0392b;")
        self.general_error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.general_error.hide()
        layout = QFormLayout()
        outer.addLayout(layout)
        outer.addWidget(self.general_error)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        fields = model_cls.model_fields
        for spec in specs:
            tip = spec.tooltip or (fields[spec.name].description if spec.name in fields
                                   else None)
            w = self._make_input(spec)
            w.setObjectName(f"input_{spec.name}")
            if tip:
                w.setToolTip(tip)
            err = QLabel()
            err.setObjectName(f"error_{spec.name}")
            err.setWordWrap(True)
            err.setStyleSheet("color: #c0392b; font-size: 11px;")
            # wrap inside the form's width: a long value must not widen the whole form
            err.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            err.setMinimumWidth(1)
            err.hide()
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(1)
            row = QHBoxLayout()
            row.addWidget(w, 1)
            if spec.unit:
                row.addWidget(QLabel(spec.unit))
            col.addLayout(row)
            col.addWidget(err)
            label = QLabel(spec.label)
            if tip:
                label.setToolTip(tip)
            label.setBuddy(w)
            layout.addRow(label, box)
            self.inputs[spec.name] = w
            self.errors[spec.name] = err

    def _make_input(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "choice":
            box = QComboBox()
            for value, label in spec.choices:
                box.addItem(label, value)
            box.currentIndexChanged.connect(lambda _i: self.edited.emit())
            return box
        if spec.kind == "bool":
            check = QCheckBox()
            check.toggled.connect(lambda _b: self.edited.emit())
            return check
        edit = QLineEdit()
        edit.textEdited.connect(lambda _t: self.edited.emit())
        return edit

    # -- raw values ---------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The raw values as the user sees them (str for text boxes, bool, choice value)."""
        out: dict[str, Any] = {}
        for name, w in self.inputs.items():
            if isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QCheckBox):
                out[name] = w.isChecked()
            else:
                assert isinstance(w, QLineEdit)
                out[name] = w.text()
        return out

    def caption(self, names: Sequence[str]) -> str:
        """The fields ``names`` as the user sees them, for a chart's export title:
        "Instance type t3.large, Instances 1, Horizon 36 months"."""
        parts = []
        for name in names:
            w, spec = self.inputs.get(name), self.specs.get(name)
            if w is None or spec is None:
                continue
            if isinstance(w, QComboBox):
                text = w.currentText()
            elif isinstance(w, QCheckBox):
                text = "yes" if w.isChecked() else "no"
            else:
                assert isinstance(w, QLineEdit)
                text = w.text().strip()
            if text:
                parts.append(" ".join(p for p in (spec.label, text, spec.unit) if p))
        return ", ".join(parts)

    def set_values(self, values: dict[str, Any], *, emit: bool = True) -> None:
        for name, value in values.items():
            w = self.inputs.get(name)
            if w is None:
                continue
            w.blockSignals(True)
            if isinstance(w, QComboBox):
                i = w.findData(value)
                if i >= 0:
                    w.setCurrentIndex(i)
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            else:
                assert isinstance(w, QLineEdit)
                w.setText(_display(value))
            w.blockSignals(False)
        if emit:
            self.edited.emit()

    # -- parsing ------------------------------------------------------------------------
    def parse(self, values: dict[str, Any]) -> dict[str, Any]:
        """Raw values to model input; FormError naming each field that is not a number."""
        out: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, raw in values.items():
            spec = self.specs.get(name)
            if spec is None:
                errors[name] = f"{name}: not a field of this page"
                continue
            if spec.kind in ("number", "integer"):
                text = str(raw).strip().replace(",", "").replace("_", "")
                if text == "":
                    if spec.optional:
                        out[name] = None
                    else:
                        errors[name] = str(InputError(name, raw, "a number is required"))
                    continue
                try:
                    num = float(text)
                except ValueError:
                    errors[name] = str(InputError(name, raw, "not a number"))
                    continue
                out[name] = int(num) if spec.kind == "integer" and num.is_integer() else num
            elif spec.kind == "list":
                parts = [p.strip() for p in str(raw).replace(";", ",").split(",") if p.strip()]
                try:
                    out[name] = [float(p) for p in parts]
                except ValueError:
                    errors[name] = str(InputError(name, raw, "a comma-separated list of numbers"))
            elif spec.kind == "text":
                out[name] = str(raw).strip() or None
            else:
                out[name] = raw
        if errors:
            raise FormError(errors)
        return out

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field; others in the form's general error line."""
        general = []
        for name, label in self.errors.items():
            msg = errors.get(name)
            label.setText(msg or "")
            label.setVisible(bool(msg))
            box = self.inputs[name]
            invalid = "true" if msg else "false"
            if box.property("invalid") != invalid:  # outline the field in red while invalid
                box.setProperty("invalid", invalid)
                box.setStyleSheet("border: 1px solid #c0392b;" if msg else "")
        for name, msg in errors.items():
            if name not in self.errors and not name.startswith("_"):  # "_price": the page's
                general.append(msg)
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_display(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def specs_from_model(model_cls: type[BaseModel]) -> list[FieldSpec]:
    """Form fields for every field of ``model_cls``: the widget from the type (Literal ->
    choice, bool -> check box, list -> comma-separated numbers), the unit from the ``[...]``
    at the end of the description."""
    import re
    import types
    import typing

    specs = []
    for name, info in model_cls.model_fields.items():
        ann = info.annotation
        optional = False
        args = typing.get_args(ann)
        if typing.get_origin(ann) in (typing.Union, types.UnionType) and type(None) in args:
            optional = True
            ann = next(a for a in args if a is not type(None))
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            ann = typing.get_args(ann)[0]
            origin = typing.get_origin(ann)
        desc = info.description or ""
        m = re.search(r"\[([^\]]+)\]\.?$", desc)
        unit = m.group(1) if m and not re.fullmatch(r"[A-Z0-9-]+", m.group(1)) else ""
        label = humanize(name)
        if label.endswith(")"):  # the unit is in the label already
            unit = ""
        if origin is typing.Literal:
            choices = [(v, str(v)) for v in typing.get_args(ann)]
            specs.append(FieldSpec(name, label, "choice", choices))
        elif ann is bool:
            specs.append(FieldSpec(name, label, "bool"))
        elif origin is list:
            specs.append(FieldSpec(name, label, "list", unit=unit))
        elif ann is int:
            specs.append(FieldSpec(name, label, "integer", unit=unit, optional=optional))
        elif ann is float:
            specs.append(FieldSpec(name, label, "number", unit=unit, optional=optional))
        else:
            specs.append(FieldSpec(name, label, "text", unit=unit, optional=True))
    return specs


_WORDS = {"az": "AZ", "azs": "AZs", "ram": "RAM", "ssm": "SSM", "rds": "RDS", "elb": "ELB",
          "asg": "ASG", "ena": "ENA", "iops": "IOPS", "usd": "USD", "ebs": "EBS", "ec2": "EC2",
          "kms": "KMS", "s3": "S3", "efs": "EFS", "cpu": "CPU", "vcpu": "vCPU", "os": "OS"}
_UNITS = {"gib": "GiB", "gb": "GB", "tb": "TB", "tib": "TiB", "mb": "MB", "kb": "KB",
          "gbps": "Gbit/s", "mbps": "Mbit/s", "mibps": "MiB/s", "s": "s", "ms": "ms", "h": "h",
          "pct": "%", "days": "days"}


def humanize(name: str) -> str:
    """``root_volume_size_gib`` -> "Root volume size (GiB)"."""
    parts = name.split("_")
    unit = ""
    if len(parts) > 1 and parts[-1] in _UNITS:
        unit = _UNITS[parts.pop()]
    words = [_WORDS.get(p, p) for p in parts]
    text = " ".join(words)
    text = text[0].upper() + text[1:] if text else text
    return f"{text} ({unit})" if unit else text
