"""Undoable ticks: QUndoCommands that call `ChecklistService`.

Commands keep the item's id and its state before the change (CONVENTIONS: primary
keys, not ORM objects). `perform()` makes the change before the command is pushed and
raises if the service refuses, so a refused tick never reaches the stack; undo puts
the item back exactly as it was (an auto-tick with its reason, or a tick with its note).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from legal_desk.checklist.service import ChecklistService, ItemView

ErrorHandler = Callable[[BaseException], None]


class ItemCommand(QUndoCommand):
    def __init__(
        self, service: ChecklistService, before: ItemView, on_error: ErrorHandler, text: str
    ) -> None:
        super().__init__(text)
        self.service = service
        self.before = before
        self.on_error = on_error
        self._done = False  # perform() made the change that push()'s redo() would repeat

    def perform(self) -> None:
        self._apply()
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._guarded(self._apply)

    def undo(self) -> None:
        self._guarded(lambda: self.service.restore(self.before))

    def _guarded(self, change: Callable[[], object]) -> None:
        try:
            change()
        except Exception as exc:  # a slot must not raise: report, and drop the step
            self.setObsolete(True)
            self.on_error(exc)

    def _apply(self) -> None:
        raise NotImplementedError


class TickItem(ItemCommand):
    def __init__(
        self, service: ChecklistService, before: ItemView, note: str, on_error: ErrorHandler
    ) -> None:
        super().__init__(service, before, on_error, f"Tick “{before.label}”")
        self.note = note

    def _apply(self) -> None:
        self.service.tick(self.before.id, note=self.note)


class UntickItem(ItemCommand):
    def __init__(self, service: ChecklistService, before: ItemView, on_error: ErrorHandler) -> None:
        super().__init__(service, before, on_error, f"Un-tick “{before.label}”")

    def _apply(self) -> None:
        self.service.untick(self.before.id)
