"""Attaching files to a case: one file at a time off the UI thread, each failure on its own.

Each file is read and stored by a worker job (`import_one`), so a large scan never
freezes the window, and nothing is ever written to a temporary file: the bytes go
from the user's file straight into the encrypted database. A refused file (wrong
type, damaged, password-protected, too large) becomes a sentence for the user and
the next file goes on. Cancelling stops between files; a file being stored is
stored whole or not at all (one transaction in `DocumentStore`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from legal_desk.documents.ingest import MAX_DOCUMENT_BYTES
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from ui import a11y, errors
from ui.formatting import URGENT_COLOR
from ui.tasks import Runner

FILE_FILTER = (
    "Documents and photos (*.pdf *.PDF *.jpg *.jpeg *.JPG *.JPEG *.png *.PNG *.heic *.HEIC "
    "*.eml *.EML);;All files (*)"
)
SUPPORTED_TEXT = "PDFs, photos (JPEG, PNG, HEIC) and e-mails saved as .eml"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files in dropped or pasted data (web links and the like are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def choose_files(parent: QWidget | None) -> list[Path]:
    """Ask for files to attach (several at once)."""
    names, _ = QFileDialog.getOpenFileNames(parent, "Attach files", "", FILE_FILTER)
    return [Path(name) for name in names]


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: a stored document, or a sentence saying why not."""

    path: Path
    document_id: int | None = None
    extra_documents: int = 0  # documents made from an e-mail's attachments
    notes: tuple[str, ...] = ()  # e-mail attachments that were not kept, and why
    error: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.document_id is not None


@dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[FileOutcome, ...]
    not_started: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def cancelled(self) -> bool:
        return bool(self.not_started)

    @property
    def stored(self) -> int:
        return sum(1 + o.extra_documents for o in self.outcomes if o.ok)

    @property
    def failures(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)


def import_one(workspace: Workspace, case_id: int, path: Path) -> FileOutcome:
    """Read one file and store it on the case. Runs in a worker; never touches a widget."""
    name = path.name or str(path)
    try:
        if path.is_dir():
            return FileOutcome(path, error=f"“{name}” is a folder. Attach the files inside it.")
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            # Refuse before reading: a huge file must not fill the memory.
            return FileOutcome(
                path,
                error=f"“{name}” is {human_size(size)}; the limit is "
                f"{human_size(MAX_DOCUMENT_BYTES)}. Ask the school for the relevant pages "
                "only, or a smaller scan.",
            )
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return FileOutcome(path, error=f"“{name}” could not be read ({reason.lower()}).")
    try:
        result = DocumentStore(workspace).import_file(case_id, name, data)
    except LegalDeskError as exc:
        return FileOutcome(path, error=str(exc))
    return FileOutcome(
        path,
        document_id=result.document_id,
        extra_documents=len(result.attachment_ids),
        notes=result.skipped,
    )


class DocumentImport(QObject):
    """Imports files one after another through the runner; `cancel()` stops between files."""

    progressed = Signal(int, int, str)  # number of the file starting (from 1), total, name
    file_done = Signal(object)  # FileOutcome
    finished = Signal(object)  # ImportReport

    def __init__(
        self,
        workspace: Workspace,
        runner: Runner,
        case_id: int,
        paths: Sequence[Path],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._runner = runner
        self.case_id = case_id
        self.paths = tuple(dict.fromkeys(paths))  # the same file dropped twice counts once
        self._outcomes: list[FileOutcome] = []
        self._cancelled = False
        self._running = False
        self.report: ImportReport | None = None

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        self._running = True
        self._next()

    def cancel(self) -> None:
        """Stop before the next file (the one being stored is finished first)."""
        self._cancelled = True

    def _next(self) -> None:
        done = len(self._outcomes)
        if self._cancelled or done == len(self.paths):
            self._running = False
            self.report = ImportReport(tuple(self._outcomes), self.paths[done:])
            self.finished.emit(self.report)
            return
        path = self.paths[done]
        self.progressed.emit(done + 1, len(self.paths), path.name)
        self._runner.run(
            partial(import_one, self._workspace, self.case_id, path),
            self._done,
            partial(self._failed, path),
        )

    def _done(self, outcome: FileOutcome) -> None:
        self._outcomes.append(outcome)
        self.file_done.emit(outcome)
        self._next()

    def _failed(self, path: Path, exc: BaseException) -> None:
        # Unexpected (a bug, or the workspace locked under us): say so for this file only.
        self._done(FileOutcome(path, error=f"“{path.name}”: {errors.user_message(exc)}"))


class ImportStatus(QWidget):
    """Progress while files are stored ("Attaching 2 of 3…"), then what happened to each."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_status")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("import_progress_label")
        self.bar = QProgressBar()
        self.bar.setObjectName("import_progress")
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.stop_button: QPushButton = a11y.button("Stop after this file")
        self.stop_button.setObjectName("import_stop")
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self._stop_clicked)
        self.result_label = QLabel()
        self.result_label.setObjectName("import_result")
        self.result_label.setWordWrap(True)
        bold = QFont(self.result_label.font())
        bold.setBold(True)
        self.result_label.setFont(bold)
        self.problems = QLabel()
        self.problems.setObjectName("import_problems")
        self.problems.setWordWrap(True)
        palette = self.problems.palette()
        palette.setColor(self.problems.foregroundRole(), URGENT_COLOR)
        self.problems.setPalette(palette)
        self.notes = QLabel()
        self.notes.setObjectName("import_notes")
        self.notes.setWordWrap(True)

        progress_row = QHBoxLayout()
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.bar, 1)
        progress_row.addWidget(self.stop_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.result_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.notes)
        self.clear()

    def begin(self, total: int) -> None:
        self.clear()
        self.bar.setRange(0, total)
        self.bar.setValue(0)
        self.stop_button.setEnabled(True)
        self.progress_box.show()
        self.show()

    def _stop_clicked(self) -> None:
        self.stop_button.setEnabled(False)
        self.progress_label.setText("Stopping after this file…")
        self.cancel_requested.emit()

    def show_progress(self, number: int, total: int, name: str) -> None:
        self.bar.setValue(number - 1)
        if self.stop_button.isEnabled():
            self.progress_label.setText(f"Attaching {number} of {total}: {name}…")

    def show_report(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.progress_box.hide()
        self.progress_label.clear()
        done = [o for o in report.outcomes if o.ok]
        parts = []
        if done:
            parts.append(f"Attached {plural(len(done), 'file')}.")
            extra = sum(o.extra_documents for o in done)
            if extra:
                parts.append(f"{plural(extra, 'attachment')} of e-mails became documents too.")
        if report.failures:
            parts.append(f"{plural(len(report.failures), 'file')} could not be attached:")
        if report.cancelled:
            parts.insert(0, f"Stopped: {plural(len(report.not_started), 'file')} not attached.")
        self.result_label.setText(" ".join(parts))
        self.result_label.setVisible(bool(parts))
        self.problems.setText("\n".join(f"✗ {o.error}" for o in report.failures))
        self.problems.setVisible(bool(report.failures))
        notes = [note for o in done for note in o.notes]
        self.notes.setText("\n".join(f"ℹ {note}" for note in notes))
        self.notes.setVisible(bool(notes))
        self.setVisible(bool(parts or notes))

    def problem_text(self) -> str:
        return self.problems.text()

    def clear(self) -> None:
        for label in (self.progress_label, self.result_label, self.problems, self.notes):
            label.clear()
            label.hide()
        self.progress_label.show()
        self.progress_box.hide()
        self.hide()
