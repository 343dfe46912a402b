"""Background work with results delivered on the UI thread.

One small mechanism for everything slow (key derivation, opening the database):
`runner.run(work, on_success, on_failure)` runs `work` on a QThreadPool thread and
calls exactly one of the callbacks on the main thread, through a queued signal, in
the spirit of Anki's `CollectionOp` and Picard's `run_task`. `work` must never touch
a widget. Tests pass an `InlineRunner` instead (like Picard's `FakeThreadPool`), so
the same code runs synchronously and deterministically.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Failure = Callable[[BaseException], None]


class Runner(Protocol):
    """What the UI needs from a background runner."""

    def run(
        self, work: Callable[[], T], on_success: Callable[[T], None], on_failure: Failure
    ) -> None: ...


class _Delivery(QObject):
    """Lives on the main thread; the worker emits, the queued slots call back there."""

    succeeded = Signal(object)
    failed = Signal(object)
    delivered = Signal()

    def __init__(self, on_success: Callable[[Any], None], on_failure: Failure) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        queued = Qt.ConnectionType.QueuedConnection
        self.succeeded.connect(self._deliver_success, queued)
        self.failed.connect(self._deliver_failure, queued)

    @Slot(object)
    def _deliver_success(self, result: object) -> None:
        try:
            self._on_success(result)
        finally:
            self.delivered.emit()

    @Slot(object)
    def _deliver_failure(self, exc: object) -> None:
        try:
            assert isinstance(exc, BaseException)
            self._on_failure(exc)
        finally:
            self.delivered.emit()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], delivery: _Delivery) -> None:
        super().__init__()
        self._work = work
        self._delivery = delivery

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # every failure must reach the UI, or it stays busy
            self._delivery.failed.emit(exc)
        else:
            self._delivery.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs work on a thread pool; results come back on the thread that owns the runner."""

    busy_changed = Signal(bool)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._pending: set[_Delivery] = set()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self, work: Callable[[], T], on_success: Callable[[T], None], on_failure: Failure
    ) -> None:
        delivery = _Delivery(on_success, on_failure)
        self._pending.add(delivery)
        delivery.delivered.connect(lambda: self._finished(delivery))
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(work, delivery))

    def _finished(self, delivery: _Delivery) -> None:
        self._pending.discard(delivery)
        delivery.deleteLater()
        if not self._pending:
            self.busy_changed.emit(False)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the workers finish (their results still need the event loop)."""
        return self._pool.waitForDone(msecs)


class InlineRunner:
    """Runs work at once on the calling thread: deterministic GUI tests, scripts."""

    def __init__(self) -> None:
        self.calls = 0

    def run(
        self, work: Callable[[], T], on_success: Callable[[T], None], on_failure: Failure
    ) -> None:
        self.calls += 1
        try:
            result = work()
        except Exception as exc:
            on_failure(exc)
        else:
            on_success(result)
