"""Help > Refresh prices...: refresh the price snapshot from the AWS Price List bulk API.

The dialog is handed the catalog the window shows and refreshes over it
(:func:`calc.pricing.refresh.refresh` with ``base=``), in a :class:`QThread` worker; it shows
two progress bars (files, and bytes of the file being read) and a Cancel button. On success
the new snapshot becomes the active one for the next start
(:func:`calc.pricing.snapshots.activate_snapshot`) and the dialog asks the user to restart
Costsizer: the open pages keep the catalog they were built with, so switching them live is
not attempted. On failure or Cancel the previous snapshot stays active and the message says
why.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from calc.pricing.catalog import Catalog
from calc.pricing.refresh.fetch import DEFAULT_SOURCE
from calc.pricing.snapshots import activate_snapshot

SERVICES = ("lambda", "ebs", "s3", "efs", "ec2")


class RefreshWorker(QObject):
    """Runs one refresh in its thread; reports through signals (queued to the dialog)."""

    progress = Signal(object)  # calc.pricing.refresh.Progress
    succeeded = Signal(object)  # RefreshResult
    failed = Signal(str, bool)  # message, cancelled
    done = Signal()

    def __init__(self, options: dict[str, Any], cancel: threading.Event) -> None:
        super().__init__()
        self.options, self.cancel = options, cancel

    @Slot()
    def run(self) -> None:
        from calc.errors import InputError
        from calc.pricing.refresh import RefreshError, refresh

        try:
            result = refresh(progress=self.progress.emit, cancel=self.cancel, **self.options)
        except RefreshError as e:
            self.failed.emit(str(e), e.cancelled)
        except InputError as e:
            self.failed.emit(str(e), False)
        except Exception as e:  # noqa: BLE001 - shown to the user, never a crash of the app
            self.failed.emit(f"unexpected error: {e.__class__.__name__}: {e}", False)
        else:
            self.succeeded.emit(result)
        finally:
            self.done.emit()


class RefreshDialog(QDialog):
    """Choose source, services and Regions; Start; watch progress; Cancel."""

    progress_changed = Signal(object)
    succeeded = Signal(object)  # RefreshResult
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, catalog: Catalog,
                 source: str = DEFAULT_SOURCE, data_dir: str | Path | None = None,
                 refresh_options: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Refresh prices")
        self.setObjectName("refresh_dialog")
        self.catalog = catalog  # the snapshot the refresh starts from (the window's)
        self.data_dir = data_dir
        self.refresh_options = dict(refresh_options or {})
        self.result: Any = None
        self.message = ""
        self._thread: QThread | None = None
        self._worker: RefreshWorker | None = None
        self._cancel = threading.Event()

        lo, hi = catalog.as_of_range
        intro = QLabel(f"Active snapshot: {catalog.label}, prices as of {lo} to {hi}.<br>"
                       "A refresh reads the AWS Price List bulk API (hundreds of MB for EC2) "
                       "and writes a new snapshot to your user data folder; the current one "
                       "stays in use until the new one has passed validation.")
        intro.setWordWrap(True)
        self.source_edit = QLineEdit(source)
        self.source_edit.setObjectName("source")
        self.regions_edit = QLineEdit()
        self.regions_edit.setObjectName("regions")
        self.regions_edit.setPlaceholderText("every Region of the active snapshot")
        self.service_boxes: dict[str, QCheckBox] = {}
        boxes = QHBoxLayout()
        for svc in SERVICES:
            box = QCheckBox(svc.upper() if svc != "lambda" else "Lambda")
            box.setObjectName(f"service_{svc}")
            box.setChecked(True)
            self.service_boxes[svc] = box
            boxes.addWidget(box)
        form = QFormLayout()
        form.addRow("Source", self.source_edit)
        form.addRow("Services", boxes)
        form.addRow("Regions", self.regions_edit)

        self.files_bar = QProgressBar()
        self.files_bar.setObjectName("files_progress")
        self.files_bar.setFormat("%v of %m files")
        self.files_bar.setRange(0, 1)
        self.files_bar.setValue(0)
        self.bytes_bar = QProgressBar()
        self.bytes_bar.setObjectName("bytes_progress")
        self.bytes_bar.setRange(0, 1)
        self.bytes_bar.setValue(0)
        self.bytes_bar.setFormat("")
        self.status = QLabel("Ready.")
        self.status.setObjectName("refresh_status")
        self.status.setWordWrap(True)

        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("start")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel("Files"))
        layout.addWidget(self.files_bar)
        layout.addWidget(QLabel("Current file"))
        layout.addWidget(self.bytes_bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(640, 360)

    # -- running ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None

    def options(self) -> dict[str, Any]:
        regions = [r.strip() for r in self.regions_edit.text().split(",") if r.strip()]
        return {"services": [s for s, b in self.service_boxes.items() if b.isChecked()],
                "regions": regions or None,
                "source": self.source_edit.text().strip() or DEFAULT_SOURCE,
                "data_dir": self.data_dir, "base": self.catalog, **self.refresh_options}

    def start(self) -> None:
        if self.running:
            return
        self._cancel = threading.Event()
        self.result, self.message = None, ""
        self.status.setText("Reading the offer index...")
        self.start_button.setEnabled(False)
        self.cancel_button.setText("Cancel")
        for w in (self.source_edit, self.regions_edit, *self.service_boxes.values()):
            w.setEnabled(False)
        self._thread = QThread(self)
        self._worker = RefreshWorker(self.options(), self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_success)
        self._worker.failed.connect(self._on_failure)
        self._worker.done.connect(self._thread.quit)
        self._thread.finished.connect(self._on_thread_finished)
        self._thread.start()

    def cancel_or_close(self) -> None:
        if self.running:
            self._cancel.set()
            self.status.setText("Cancelling...")
            self.cancel_button.setEnabled(False)
        else:
            self.accept()

    def _on_progress(self, p: Any) -> None:
        self.files_bar.setRange(0, max(1, p.files_total))
        self.files_bar.setValue(min(p.files_done, max(1, p.files_total)))
        if p.file_bytes_total:
            self.bytes_bar.setRange(0, 1000)
            self.bytes_bar.setValue(int(1000 * min(1.0, p.file_bytes_done / p.file_bytes_total)))
            self.bytes_bar.setFormat(f"{p.file_bytes_done / 1e6:,.1f} of "
                                     f"{p.file_bytes_total / 1e6:,.1f} MB")
        else:
            self.bytes_bar.setFormat(f"{p.file_bytes_done / 1e6:,.1f} MB")
        name = p.current.rsplit("/", 3)[-3:] if p.current else []
        what = p.message or ("/".join(name) if name else p.stage)
        self.status.setText(f"{p.stage}: {what} ({p.bytes_done / 1e6:,.1f} MB read)")
        self.progress_changed.emit(p)

    def _on_success(self, result: Any) -> None:
        self.result = result
        catalog = activate_snapshot(result.path, result.label)
        lo, hi = catalog.as_of_range
        moves = (f" {len(result.large_moves)} price(s) moved more than 10x and were taken."
                 if result.large_moves else "")
        self.message = (f"New snapshot: {result.label}, prices as of {lo} to {hi} "
                        f"({result.files} files, {result.bytes / 1e6:,.1f} MB).{moves} "
                        "Restart Costsizer to use the new prices in every page.")
        self.files_bar.setValue(self.files_bar.maximum())
        self.bytes_bar.setRange(0, 1)
        self.bytes_bar.setValue(1)
        self.status.setText(self.message)
        self.succeeded.emit(result)

    def _on_failure(self, message: str, cancelled: bool) -> None:
        self.message = message
        self.status.setText(("Cancelled. " if cancelled else "Refresh failed: ") + message)
        self.failed.emit(message)

    def _on_thread_finished(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread, self._worker = None, None
        self.start_button.setEnabled(True)
        self.start_button.setText("Start again")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Close")
        for w in (self.source_edit, self.regions_edit, *self.service_boxes.values()):
            w.setEnabled(True)

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the worker thread has finished (closing, tests)."""
        thread = self._thread
        return True if thread is None else thread.wait(ms)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        if self.running:
            self._cancel.set()
            self.wait()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape: cancel a running refresh first
        if self.running:
            self.cancel_or_close()
            return
        super().reject()


def open_refresh_dialog(parent: QWidget | None = None, *, catalog: Catalog,
                        **kwargs: Any) -> RefreshDialog:
    """Show the dialog over ``catalog`` (non-modal, not started: the user presses Start)."""
    dialog = RefreshDialog(parent, catalog=catalog, **kwargs)
    if parent is not None:
        parent._refresh_dialog = dialog  # type: ignore[attr-defined]  # keep it alive
    dialog.open()
    return dialog
