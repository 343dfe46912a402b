"""The daily automatic backup: a while after unlocking, then once an hour, if one is due."""

from __future__ import annotations

import threading
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from legal_desk.backup.copy import Backup, BackupCancelledError
from legal_desk.backup.rotation import run_daily
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from ui import errors
from ui.tasks import Runner

FIRST_DELAY_MS = 2 * 60_000  # not while the attorney is opening the first case
CHECK_EVERY_MS = 60 * 60_000


def _daily(workspace: Workspace, cancel: threading.Event) -> Backup | None:
    settings = SettingsService(workspace).backup()
    if not settings.daily:
        return None
    return run_daily(workspace, settings.folder, cancel=cancel.is_set)


class DailyBackup(QObject):
    # (message, is_error): said in the status bar; a failure stays until the next try.
    reported = Signal(str, bool)

    def __init__(
        self,
        runner: Runner,
        parent: QObject | None = None,
        *,
        first_delay_ms: int = FIRST_DELAY_MS,
        every_ms: int = CHECK_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._workspace: Workspace | None = None
        self._cancel = threading.Event()
        self._running = False
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_delay_ms)
        self._first.timeout.connect(self.run_now)
        self._every = QTimer(self)
        self._every.setInterval(every_ms)
        self._every.timeout.connect(self.run_now)

    def start(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._first.start()
        self._every.start()

    def stop(self) -> None:
        """On lock: no new backup starts, and one under way stops and leaves nothing."""
        self._workspace = None
        self._cancel.set()
        self._first.stop()
        self._every.stop()

    @property
    def running(self) -> bool:
        return self._running

    def run_now(self) -> None:
        workspace = self._workspace
        if workspace is None or self._running:
            return
        self._running = True
        self._cancel = threading.Event()
        self._runner.run(partial(_daily, workspace, self._cancel), self._done, self._failed)

    def _done(self, made: object) -> None:
        self._running = False
        if isinstance(made, Backup):
            self.reported.emit(f"Daily backup written and checked: {made.folder}", False)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        if self._workspace is None or isinstance(exc, BackupCancelledError):
            return  # locked while it ran: not a failure the attorney must act on
        self.reported.emit(f"The daily backup failed: {errors.user_message(exc)}", True)
