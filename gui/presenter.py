"""A page presenter: raw widget values -> pydantic model -> calc -> results or errors.

Edits are debounced; the computation runs on the UI thread when it is quick (every page's
default work is measured by ``make bench`` against the 50 ms goal). Widgets do no arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QObject, QTimer, Signal

from calc.errors import InputError, field_errors
from calc.pricing import Catalog
from calc.pricing.errors import PriceNotFound, SnapshotError
from gui.form import Form, FormError

PRICE_ERROR = "_price"  # errors_changed key for a missing price (not a field)


def snapshot_message(error: SnapshotError) -> str:
    """What a page shows in place of its results when a price table turns out damaged after
    start-up (issue 15): which file, why, and what to do. No number is shown."""
    return (f"The prices cannot be used: {error}. No result is shown; restart Costsizer to "
            "use the newest valid snapshot.")


class Presenter(QObject):
    results_changed = Signal(object)
    errors_changed = Signal(dict)
    snapshot_damaged = Signal(str)  # a SnapshotError's text: a table failed its checks

    def __init__(self, form: Form, compute: Callable[[Any], Any], *, debounce_ms: int = 30,
                 transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
                 field_for: Callable[[str], str] | None = None,
                 catalog: Catalog | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.compute = compute
        # handed to the model's validators (calc.context): limits and lookups come from the
        # page's catalog, never a global one
        self.catalog = catalog
        # form values -> model input (e.g. rule rows -> a tuple of rules), and back for errors
        self.transform = transform or (lambda d: d)
        self.field_for = field_for or (lambda loc: loc)
        self.context: dict[str, Any] = {}
        self.model: BaseModel | None = None
        self.result: Any = None
        self.errors: dict[str, str] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.recompute)
        form.edited.connect(self._timer.start)

    def set_context(self, **values: Any) -> None:
        """Values that come from outside the form (the global region); recomputes only when
        one of them changed (the same region again costs nothing)."""
        if all(k in self.context and self.context[k] == v for k, v in values.items()):
            return
        self.context.update(values)
        self._timer.start()

    def validate(self, raw: dict[str, Any]) -> BaseModel:
        """Parse and validate ``raw`` form values (raises FormError with per-field messages)."""
        parsed = self.form.parse(raw)
        fields = self.form.model_cls.model_fields
        parsed.update({k: v for k, v in self.context.items() if k in fields})
        try:
            context = None if self.catalog is None else {"catalog": self.catalog}
            return self.form.model_cls.model_validate(self.transform(parsed), context=context)
        except ValidationError as e:
            raise FormError({self.field_for(k): v for k, v in field_errors(e).items()}) from None
        except InputError as e:
            raise FormError({self.field_for(e.field): str(e)}) from None

    def recompute(self) -> Any:
        """Validate the form and compute now; emits errors_changed then results_changed."""
        self._timer.stop()
        try:
            model = self.validate(self.form.values())
            result = self.compute(model)
        except FormError as e:
            return self._fail(e.errors)
        except InputError as e:
            return self._fail({self.field_for(e.field): str(e)})
        except ValidationError as e:
            return self._fail({self.field_for(k): v for k, v in field_errors(e).items()})
        except PriceNotFound as e:
            return self._fail({PRICE_ERROR: str(e)})
        except SnapshotError as e:  # a table damaged since start-up: say so, never crash
            self._fail({PRICE_ERROR: snapshot_message(e)})
            self.snapshot_damaged.emit(str(e))
            return None
        self.model, self.result, self.errors = model, result, {}
        self.form.show_errors({})
        self.errors_changed.emit({})
        self.results_changed.emit(result)
        return result

    def _fail(self, errors: dict[str, str]) -> None:
        self.errors = errors
        self.form.show_errors(errors)
        self.errors_changed.emit(errors)
        return None
