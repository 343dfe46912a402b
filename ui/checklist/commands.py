"""Undoable ticks: QUndoCommands that call `ChecklistService`.

Commands keep the item's id and its state before the change (CONVENTIONS: primary
keys, not ORM objects). `perform()` makes the change before the command is pushed and
raises if the service refuses, so a refused tick never reaches the stack; undo puts
the item back exactly as it was (an auto-tick with its reason, or a tick with its note).
"""

from __future__ import annotations

from legal_desk.checklist.service import ChecklistService, ItemView
from ui.undo import ErrorHandler, ServiceCommand


class ItemCommand(ServiceCommand):
    def __init__(
        self, service: ChecklistService, before: ItemView, on_error: ErrorHandler, text: str
    ) -> None:
        super().__init__(on_error, text)
        self.service = service
        self.before = before

    def _revert(self) -> None:
        self.service.restore(self.before)


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
