"""Undoable changes made through a core service, for a QUndoStack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

ErrorHandler = Callable[[BaseException], None]


class ServiceCommand(QUndoCommand):
    """One change through a service. `perform()` makes it before the command is pushed,
    so a refusal raises and nothing reaches the stack; the stack's first `redo()` (on
    push) is then skipped. A later undo or redo that the service refuses is reported
    to `on_error` and the step is dropped: a Qt slot must not raise."""

    def __init__(self, on_error: ErrorHandler, text: str) -> None:
        super().__init__(text)
        self.on_error = on_error
        self._done = False  # perform() made the change that push()'s redo() would repeat

    def perform(self) -> None:
        """Make the change now; raises (and nothing is stored) if the service refuses."""
        self._apply()
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._guarded(self._apply)

    def undo(self) -> None:
        self._guarded(self._revert)

    def _guarded(self, change: Callable[[], object]) -> None:
        try:
            change()
        except Exception as exc:  # reported, and the step is dropped
            self.setObsolete(True)
            self.on_error(exc)

    def _apply(self) -> None:
        raise NotImplementedError

    def _revert(self) -> None:
        raise NotImplementedError
