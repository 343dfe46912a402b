"""Binds the viewer, the annotation service and an undo stack for the document shown.

The controller is the tools' host: it paints the "annotations" mark layer (and the
"draft" layer while a mark is being drawn), turns finished drawings into undoable
commands, and keeps the selection. Every change goes through the undo stack, whose
index change is the one place the marks and the list are refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QWidget

from legal_desk.documents.annotations import (
    TEXT_MARKUP,
    AnnotationService,
    AnnotationSpec,
    AnnotationView,
)
from legal_desk.workspace import Workspace
from models import AnnotationKind
from ui.annotate.commands import (
    KIND_LABELS,
    AddAnnotation,
    AnnotationCommand,
    DeleteAnnotation,
    IdMap,
    UpdateAnnotation,
)
from ui.annotate.tools import BoxTool, InkTool, NoteTool, SelectTool, TextMarkupTool, Tool
from ui.errors import show_error, user_message
from ui.viewer.marks import Mark, MarkStyle, Rect
from ui.viewer.page import NOTE_ICON_PIXELS
from ui.viewer.renderer import PageWord
from ui.viewer.view import DocumentViewer

LAYER = "annotations"
DRAFT_LAYER = "draft"
HIT_SLOP = 3.0  # points around a thin mark that still count as on it
DEFAULT_COLOR = "#ffd400"
STYLES = {
    AnnotationKind.HIGHLIGHT: MarkStyle.FILL,
    AnnotationKind.UNDERLINE: MarkStyle.UNDERLINE,
    AnnotationKind.STRIKEOUT: MarkStyle.STRIKE,
    AnnotationKind.NOTE: MarkStyle.NOTE,
    AnnotationKind.FREE_TEXT: MarkStyle.TEXT,
    AnnotationKind.INK: MarkStyle.INK,
    AnnotationKind.RECTANGLE: MarkStyle.OUTLINE,
    AnnotationKind.REDACTION: MarkStyle.REDACT,
}
TEXT_TITLES = {
    AnnotationKind.NOTE: "Note",
    AnnotationKind.FREE_TEXT: "Text box",
}


def ask_text(parent: QWidget, title: str, initial: str) -> str | None:
    """The real prompt for a note's text; None when cancelled."""
    text, accepted = QInputDialog.getMultiLineText(parent, title, "&Text", initial)
    return text if accepted else None


def mark_of(view: AnnotationView, *, emphasised: bool = False) -> Mark:
    return Mark(
        page=view.page,
        rect=view.rect,
        color=view.color,
        style=STYLES[view.kind],
        points=view.geometry,
        text=view.text,
        emphasised=emphasised,
        key=view.id,
    )


def moved(view: AnnotationView, dx: float, dy: float) -> dict[str, Any]:
    """The rect and geometry of `view` shifted by dx, dy points."""
    x0, y0, x1, y1 = view.rect
    geometry = tuple(
        tuple(v + (dx if i % 2 == 0 else dy) for i, v in enumerate(part)) for part in view.geometry
    )
    return {"rect": (x0 + dx, y0 + dy, x1 + dx, y1 + dy), "geometry": geometry}


def _contains(rect: Rect, x: float, y: float, slop: float) -> bool:
    return rect[0] - slop <= x <= rect[2] + slop and rect[1] - slop <= y <= rect[3] + slop


class AnnotationController(QObject):
    """The annotations of the document in `viewer`, and the tool drawing new ones."""

    annotations_changed = Signal()  # the list was read again
    selection_changed = Signal(object)  # annotation id or None
    tool_changed = Signal(object)  # AnnotationKind, or None for Select
    message = Signal(str)  # a status line for the user
    words_changed = Signal()  # a page's words arrived: excerpts can be filled in

    def __init__(self, viewer: DocumentViewer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewer = viewer
        self.stack = QUndoStack(self)
        self.stack.indexChanged.connect(self.refresh)
        self.ids = IdMap()
        self.service: AnnotationService | None = None
        self.document_id: int | None = None
        self.views: list[AnnotationView] = []
        self.selected: int | None = None
        self.color = DEFAULT_COLOR
        self.tool_kind: AnnotationKind | None = None
        self.tool: Tool = SelectTool(self)
        # Replaced in tests: the real ones open modal dialogs.
        self.ask_text_dialog: Callable[[QWidget, str, str], str | None] = ask_text
        self.show_error: Callable[[QWidget | None, str], object] = show_error
        viewer.renderer.words_read.connect(self._words_read)
        viewer.document_opened.connect(lambda _count: self._install_tool())

    # ----- the document -----

    def show_document(self, workspace: Workspace | None, document_id: int | None) -> None:
        """Follow the viewer to another document (None: none is shown); undo starts afresh."""
        self.tool.cancel()
        self.stack.clear()
        self.ids.clear()
        self.selected = None
        if workspace is None or document_id is None:
            self.service, self.document_id = None, None
        else:
            self.service, self.document_id = AnnotationService(workspace), document_id
        self.refresh()
        self._install_tool()
        self.selection_changed.emit(None)

    def clear(self) -> None:
        """Forget the document and its undo history (lock)."""
        self.show_document(None, None)

    def refresh(self) -> None:
        """Read the document's annotations again and repaint them."""
        views: list[AnnotationView] = []
        if self.service is not None and self.document_id is not None:
            try:
                views = self.service.list(self.document_id)
            except Exception as exc:
                self._report(exc)
        self.views = views
        if self.selected is not None and self.view(self.selected) is None:
            self.selected = None
            self.selection_changed.emit(None)
        self._paint()
        self.annotations_changed.emit()

    def view(self, annotation_id: int) -> AnnotationView | None:
        return next((v for v in self.views if v.id == annotation_id), None)

    def _paint(self) -> None:
        self.viewer.set_marks(
            LAYER, [mark_of(v, emphasised=v.id == self.selected) for v in self.views]
        )

    # ----- tools -----

    def set_tool(self, kind: AnnotationKind | None) -> None:
        """Draw annotations of `kind` on the pages (None: select and move them)."""
        self.tool.cancel()
        self.tool_kind = kind
        if kind is None:
            self.tool = SelectTool(self)
        elif kind in TEXT_MARKUP:
            self.tool = TextMarkupTool(self, kind)
        elif kind == AnnotationKind.NOTE:
            self.tool = NoteTool(self)
        elif kind == AnnotationKind.INK:
            self.tool = InkTool(self)
        else:
            self.tool = BoxTool(self, kind)
        self._install_tool()
        if self.viewer.page_count:
            self.tool.activated(max(0, self.viewer.current_page - 1))
        self.tool_changed.emit(kind)

    def _install_tool(self) -> None:
        active = self.document_id is not None
        self.viewer.set_tool(self.tool if active else None)
        if active and isinstance(self.tool, SelectTool):
            # The viewer gives every tool a cross; selecting is pointing, not drawing.
            for number in range(1, self.viewer.page_count + 1):
                self.viewer.page_label_at(number).setCursor(Qt.CursorShape.ArrowCursor)

    def _words_read(self, page: int, _words: object) -> None:
        self.tool.words_arrived(page)
        self.words_changed.emit()

    # ----- ToolHost -----

    def words(self, page: int) -> list[PageWord] | None:
        return self.viewer.renderer.cached_words(page)

    def request_words(self, page: int) -> None:
        if self.viewer.renderer.cached_words(page) is None:
            self.viewer.renderer.request_words(page)

    def show_draft(self, marks: Sequence[Mark]) -> None:
        self.viewer.set_marks(DRAFT_LAYER, marks)

    def ask_text(self, title: str, initial: str = "") -> str | None:
        return self.ask_text_dialog(self.viewer, title, initial)

    def say(self, text: str) -> None:
        self.message.emit(text)

    def focus_pages(self) -> None:
        # Pages take no focus when clicked: move it here so Ctrl+Z and Delete reach the
        # annotations, not a text field that had the focus before.
        self.viewer.scroll_area.setFocus(Qt.FocusReason.MouseFocusReason)

    def add(self, page: int, spec: AnnotationSpec) -> None:
        if self.service is None or self.document_id is None:
            return
        command = AddAnnotation(self.service, self.ids, self._report, self.document_id, spec)
        if self._push(command):
            self.say(f"Added a {KIND_LABELS[spec.kind]} on page {page + 1}.")

    def annotation_at(self, page: int, x: float, y: float) -> int | None:
        scale = (
            self.viewer.page_label_at(page + 1).geometry_info.scale
            if self.viewer.page_count
            else 1.0
        )
        for view in reversed([v for v in self.views if v.page == page]):
            rect = view.rect
            if view.kind == AnnotationKind.NOTE:
                icon = NOTE_ICON_PIXELS / max(scale, 0.01)
                rect = (rect[0], rect[1], rect[0] + icon, rect[1] + icon)
            if _contains(rect, x, y, HIT_SLOP):
                return view.id
        return None

    def moved_mark(self, annotation_id: int, dx: float, dy: float) -> Mark | None:
        view = self.view(annotation_id)
        if view is None:
            return None
        dx, dy = self._clamped(view, dx, dy)
        shifted = moved(view, dx, dy)
        return Mark(
            page=view.page,
            rect=shifted["rect"],
            color=view.color,
            style=STYLES[view.kind],
            points=shifted["geometry"],
            text=view.text,
            emphasised=True,
        )

    def move(self, annotation_id: int, dx: float, dy: float) -> None:
        view = self.view(annotation_id)
        if view is None:
            return
        dx, dy = self._clamped(view, dx, dy)
        old = {"rect": view.rect, "geometry": view.geometry}
        self._update(view, old, moved(view, dx, dy), "Move")

    def _clamped(self, view: AnnotationView, dx: float, dy: float) -> tuple[float, float]:
        """An offset that keeps the annotation on its page."""
        if view.page >= self.viewer.page_count:
            return dx, dy
        width, height = self.viewer.page_size(view.page)
        x0, y0, x1, y1 = view.rect
        dx = min(max(dx, -x0), width - x1)
        dy = min(max(dy, -y0), height - y1)
        return dx, dy

    # ----- selection and changes -----

    def select(self, annotation_id: int | None) -> None:
        if annotation_id != self.selected:
            self.selected = annotation_id
            self._paint()
            self.selection_changed.emit(annotation_id)

    def go_to(self, annotation_id: int) -> None:
        """Select an annotation and scroll the viewer to it."""
        view = self.view(annotation_id)
        if view is None:
            return
        self.select(annotation_id)
        self.viewer.scroll_to_rect(view.page, view.rect)

    def delete(self, annotation_id: int) -> None:
        view = self.view(annotation_id)
        if view is None or self.service is None or self.document_id is None:
            return
        handle = self.ids.handle_of(annotation_id)
        command = DeleteAnnotation(
            self.service, self.ids, self._report, self.document_id, handle, view.kind
        )
        if self._push(command):
            self.say(f"Deleted a {KIND_LABELS[view.kind]} on page {view.page + 1}.")

    def edit_text(self, annotation_id: int) -> None:
        """Ask for an annotation's new text (a note's words, a highlight's comment)."""
        view = self.view(annotation_id)
        if view is None:
            return
        title = TEXT_TITLES.get(view.kind, f"Comment on the {KIND_LABELS[view.kind]}")
        text = self.ask_text(title, view.text)
        if text is None or text == view.text:
            return
        self._update(view, {"text": view.text}, {"text": text}, "Edit text")

    def recolor(self, annotation_id: int, color: str) -> None:
        view = self.view(annotation_id)
        if view is None or view.color == color.lower():
            return
        self._update(view, {"color": view.color}, {"color": color}, "Change colour")

    def _update(
        self, view: AnnotationView, old: dict[str, Any], new: dict[str, Any], verb: str
    ) -> None:
        if self.service is None:
            return
        handle = self.ids.handle_of(view.id)
        text = f"{verb} of {KIND_LABELS[view.kind]}"
        self._push(UpdateAnnotation(self.service, self.ids, self._report, handle, old, new, text))

    def _push(self, command: AnnotationCommand) -> bool:
        try:
            command.perform()
        except Exception as exc:
            self._report(exc)
            return False
        self.stack.push(command)
        return True

    def _report(self, exc: BaseException) -> None:
        self.show_error(self.viewer, user_message(exc))
