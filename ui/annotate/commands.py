"""Undoable annotation changes: QUndoCommands that call `AnnotationService`.

Commands hold a *handle* and a spec, never ORM objects (CONVENTIONS: store primary
keys in commands). Adding an annotation back after an undone delete gives it a new
database id, so every command on the same annotation shares one `IdMap` entry that
follows it. The first `redo()` (from `QUndoStack.push`) is the change already made by
`perform()`, which raises before anything is pushed: a refused change never reaches
the stack, and nothing is half-added.
"""

from __future__ import annotations

import itertools
from typing import Any

from legal_desk.documents.annotations import (
    KIND_NAMES,
    AnnotationService,
    AnnotationSpec,
    AnnotationView,
)
from models import AnnotationKind
from ui.undo import ErrorHandler, ServiceCommand

KIND_LABELS = KIND_NAMES  # the words the core uses, in sentences
# Called with the exception when an undo or redo fails (the workspace is gone, say).


class IdMap:
    """Stable handles for annotations whose database id changes when they are re-added."""

    def __init__(self) -> None:
        self._ids: dict[int, int] = {}  # handle -> the annotation's id now
        # id -> handle, for live annotations only: SQLite gives a deleted row's id to the
        # next new one, so a handle whose annotation is gone must not answer for it.
        self._handles_by_id: dict[int, int] = {}
        self._handles = itertools.count(1)

    def new(self, annotation_id: int) -> int:
        handle = next(self._handles)
        self.rebind(handle, annotation_id)
        return handle

    def handle_of(self, annotation_id: int) -> int:
        """The handle following `annotation_id` (made now if none does yet)."""
        handle = self._handles_by_id.get(annotation_id)
        return handle if handle is not None else self.new(annotation_id)

    def current(self, handle: int) -> int:
        return self._ids[handle]

    def rebind(self, handle: int, annotation_id: int) -> None:
        self._ids[handle] = annotation_id
        self._handles_by_id[annotation_id] = handle

    def unbind(self, handle: int) -> None:
        """The handle's annotation was deleted: its id may be given to another one."""
        annotation_id = self._ids.get(handle)
        if annotation_id is not None and self._handles_by_id.get(annotation_id) == handle:
            del self._handles_by_id[annotation_id]

    def clear(self) -> None:
        self._ids.clear()
        self._handles_by_id.clear()


class AnnotationCommand(ServiceCommand):
    def __init__(
        self, service: AnnotationService, ids: IdMap, on_error: ErrorHandler, text: str
    ) -> None:
        super().__init__(on_error, text)
        self.service = service
        self.ids = ids


class AddAnnotation(AnnotationCommand):
    def __init__(
        self,
        service: AnnotationService,
        ids: IdMap,
        on_error: ErrorHandler,
        document_id: int,
        spec: AnnotationSpec,
    ) -> None:
        super().__init__(service, ids, on_error, f"Add {KIND_LABELS[spec.kind]}")
        self.document_id = document_id
        self.spec = spec
        self.handle: int | None = None
        self.removed: AnnotationView | None = None  # as it was when undone: author, time

    def _apply(self) -> None:
        annotation_id = self.service.add(self.document_id, self.spec, restoring=self.removed)
        if self.handle is None:
            self.handle = self.ids.new(annotation_id)
        else:
            self.ids.rebind(self.handle, annotation_id)

    def _revert(self) -> None:
        assert self.handle is not None
        self.removed = self.service.remove(self.ids.current(self.handle))
        self.spec = self.removed.spec
        self.ids.unbind(self.handle)


class DeleteAnnotation(AnnotationCommand):
    def __init__(
        self,
        service: AnnotationService,
        ids: IdMap,
        on_error: ErrorHandler,
        document_id: int,
        handle: int,
        kind: AnnotationKind,
    ) -> None:
        super().__init__(service, ids, on_error, f"Delete {KIND_LABELS[kind]}")
        self.document_id = document_id
        self.handle = handle
        self.removed: AnnotationView | None = None

    def _apply(self) -> None:
        self.removed = self.service.remove(self.ids.current(self.handle))
        self.ids.unbind(self.handle)

    def _revert(self) -> None:
        assert self.removed is not None
        restored = self.service.add(self.document_id, self.removed.spec, restoring=self.removed)
        self.ids.rebind(self.handle, restored)


class UpdateAnnotation(AnnotationCommand):
    """Change some fields (colour, text, place): redo sets `new`, undo puts `old` back."""

    def __init__(
        self,
        service: AnnotationService,
        ids: IdMap,
        on_error: ErrorHandler,
        handle: int,
        old: dict[str, Any],
        new: dict[str, Any],
        text: str,
    ) -> None:
        super().__init__(service, ids, on_error, text)
        self.handle = handle
        self.old = old
        self.new = new

    def _apply(self) -> None:
        self.service.update(self.ids.current(self.handle), **self.new)

    def _revert(self) -> None:
        self.service.update(self.ids.current(self.handle), **self.old)
