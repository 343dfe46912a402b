"""One run of the document checker off the UI thread, with progress and cancel.

The slow part (reading, OCR, checking) runs through the panel's `Runner`; the
reader's `progress(done, total)` is called on that worker thread, so it is relayed
to the UI thread through a signal of this object (which lives there). Cancel is a
`threading.Event` the reader checks before each page; a cancelled run stores
nothing (`ClassificationService.run` raises `ReadingCancelled`).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

from legal_desk.documents.reading import ReadingCancelled
from legal_desk.services.classification import ClassificationService, ClassificationView
from legal_desk.workspace import Workspace
from ui.errors import user_message
from ui.tasks import Runner


class CheckJob(QObject):
    """Checks one document once. Emits exactly one of `finished`, `failed`, `cancelled`."""

    progressed = Signal(int, int)  # pages read so far, page count
    finished = Signal(object)  # ClassificationView, stored
    failed = Signal(str)  # a sentence for the user; nothing was stored
    cancelled = Signal()  # stopped on request; nothing was stored
    # Emitted on the worker thread; this object lives on the UI thread, so Qt queues it.
    _reported = Signal(int, int)

    def __init__(
        self,
        workspace: Workspace,
        runner: Runner,
        document_id: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._runner = runner
        self.document_id = document_id
        self._stop = threading.Event()
        self._running = False
        self._reported.connect(self._relay)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        self._running = True
        self._runner.run(self._work, self._done, self._failed)

    def cancel(self) -> None:
        """Ask the reader to stop before its next page (a page being read is finished)."""
        self._stop.set()

    def _work(self) -> ClassificationView:
        # On the worker thread: no widget, only the core and this object's signal.
        return ClassificationService(self._workspace).run(
            self.document_id, cancel=self._stop.is_set, progress=self._reported.emit
        )

    @Slot(int, int)
    def _relay(self, done: int, total: int) -> None:
        if self._running:
            self.progressed.emit(done, total)

    def _done(self, view: ClassificationView) -> None:
        self._running = False
        # Stored even if Cancel came during the final write: show what is stored.
        self.finished.emit(view)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        if isinstance(exc, ReadingCancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(user_message(exc))
