"""“Export case file…”: ask where (warning that the file is not encrypted), then write the
case file off the UI thread with progress and Cancel, and say where it went.

Wiring (case view): `view.addAction(CaseFileAction(view, workspace, runner, case_id))`
gives Ctrl+Shift+E; or keep a `CaseFileExport` and call `start()`.
The file dialog (`choose_path`) and the result message (`show_message`) are
replaceable attributes, so tests never open a modal dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from legal_desk.casefile.build import CaseFileCancelledError
from legal_desk.casefile.write import write_case_file
from legal_desk.services.cases import detail
from legal_desk.workspace import Workspace
from ui import a11y
from ui.errors import show_box, show_error, user_message
from ui.export_dialog import choose_unencrypted_pdf
from ui.formatting import URGENT_COLOR
from ui.tasks import Runner

ACTION_TEXT = "Export case file…"
SHORTCUT = "Ctrl+Shift+E"
DIALOG_TITLE = "Export case file — not encrypted"
NOT_ENCRYPTED = (
    "The case file is NOT encrypted: anyone who gets the file can read everything in it, "
    "students' names included. Save it only where it is meant to go."
)
REDACTIONS = (
    "Redactions are applied in the case file; the documents in the workspace keep what they hide."
)
WARNING = NOT_ENCRYPTED + " " + REDACTIONS
CANCELLED = "Export cancelled: no case file was written."

Chooser = Callable[[QWidget, str, str], Path | None]
Messenger = Callable[[QWidget, str, bool], None]


def suggested_name(reference: str) -> str:
    return f"{reference}-case-file.pdf"


def choose_case_file_path(parent: QWidget, suggested: str, warning: str) -> Path | None:
    return choose_unencrypted_pdf(parent, DIALOG_TITLE, suggested, warning)


def show_message(parent: QWidget, text: str, error: bool) -> None:
    """The outcome, in a window-modal box that does not block the caller."""
    if error:
        show_error(parent, text)
        return
    show_box(parent, text, QMessageBox.Icon.Information, "case_file_saved")


class ExportProgress(QDialog):
    """What the export is doing, the not-encrypted warning, and Cancel (also Esc)."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget, reference: str, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("case_file_progress")
        self.setWindowTitle(f"Exporting the case file of {reference}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.step = QLabel("Starting…")
        self.step.setObjectName("case_file_step")
        self.destination = QLabel(f"To {path}")
        self.destination.setWordWrap(True)
        self.warning = QLabel(NOT_ENCRYPTED)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {URGENT_COLOR.name()}; font-weight: bold;")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first step says how many there are
        self.bar.setAccessibleName("Export progress")
        self.cancel_button = a11y.button("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        for widget in (self.step, self.destination, self.bar, self.warning):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def show_step(self, step: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(step, total))
        self.step.setText(text)

    def reject(self) -> None:
        # Esc or Cancel: ask the worker to stop; the dialog closes when it has.
        self.cancel_button.setEnabled(False)
        self.step.setText("Cancelling…")
        self.cancel_requested.emit()


class _Progress(QObject):
    """Carries progress from the worker thread to the UI thread (queued signal)."""

    stepped = Signal(int, int, str)

    def report(self, step: int, total: int, text: str) -> None:
        self.stepped.emit(step, total, text)


class CaseFileExport(QObject):
    """One export flow for a case. `finished` carries the path written, or None when
    nothing was written (cancelled, or failed: `message` says why); `progressed` each
    step as (done, total, text)."""

    finished = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(
        self,
        parent: QWidget,
        workspace: Workspace,
        runner: Runner,
        case_id: int,
        *,
        reference: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._workspace = workspace
        self._runner = runner
        self._case_id = case_id
        self._reference = reference
        self.choose_path: Chooser = choose_case_file_path
        self.show_message: Messenger = show_message
        self.dialog: ExportProgress | None = None
        self.message = ""
        self.written: Path | None = None
        self._cancel: threading.Event | None = None
        self._progress = _Progress(self)
        self._progress.stepped.connect(self._stepped)

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def reference(self) -> str:
        if self._reference is None:
            self._reference = detail(self._workspace, self._case_id).reference
        return self._reference

    def start(self) -> bool:
        """Ask where, then export; False when nothing was started."""
        if self.busy:
            if self.dialog is not None:
                self.dialog.raise_()
                self.dialog.activateWindow()
            return False
        try:
            reference = self.reference()
        except Exception as exc:
            self._fail(exc)
            return False
        path = self.choose_path(self._parent, suggested_name(reference), WARNING)
        if path is None:
            return False
        cancel = threading.Event()
        self._cancel = cancel
        self.written = None
        self.message = ""
        dialog = ExportProgress(self._parent, reference, path)
        dialog.cancel_requested.connect(cancel.set)
        self.dialog = dialog
        dialog.show()
        work = partial(
            write_case_file,
            self._workspace,
            self._case_id,
            path,
            progress=self._progress.report,
            cancel=cancel.is_set,
        )
        self._runner.run(work, partial(self._done, cancel), partial(self._failed, cancel))
        return True

    def cancel(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()

    @Slot(int, int, str)
    def _stepped(self, step: int, total: int, text: str) -> None:
        if self.dialog is not None and self.dialog.cancel_button.isEnabled():
            self.dialog.show_step(step, total, text)
        self.progressed.emit(step, total, text)

    def _close(self) -> None:
        self._cancel = None
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, token: threading.Event, path: Path) -> None:
        if token is not self._cancel:
            return
        self._close()
        self.written = path
        self.message = f"Saved the case file to {path}. It is not encrypted."
        self.show_message(self._parent, self.message, False)
        self.finished.emit(path)

    def _failed(self, token: threading.Event, exc: BaseException) -> None:
        if token is not self._cancel:
            return
        self._close()
        if isinstance(exc, CaseFileCancelledError):
            self.message = CANCELLED
        else:
            self._fail(exc)
        self.finished.emit(None)

    def _fail(self, exc: BaseException) -> None:
        self.message = f"The case file was not saved: {user_message(exc)}"
        self.show_message(self._parent, self.message, True)


class CaseFileAction(QAction):
    """“Export case file…” (Ctrl+Shift+E) for a case view; add it with `addAction`.
    It keeps its export flow (`flow`), so pressing it again while busy shows the progress."""

    def __init__(self, parent: QWidget, workspace: Workspace, runner: Runner, case_id: int) -> None:
        super().__init__(ACTION_TEXT, parent)
        self.setShortcut(QKeySequence(SHORTCUT))
        self.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setToolTip(f"Write the whole case as one PDF, not encrypted ({SHORTCUT})")
        self.flow = CaseFileExport(parent, workspace, runner, case_id)
        self.triggered.connect(self._start)

    def _start(self) -> None:
        self.flow.start()
