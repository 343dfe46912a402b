"""The Annotations tab beside the viewer: tools, colour, undo and redo, the list, export.

Tool keys are single letters (H highlight, U underline, …), live only while the
pages or the tool buttons have focus, so they never take a letter typed elsewhere.
Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo annotation changes while the pages
or this tab have focus; a text field keeps its own undo, as Qt gives it first say.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from legal_desk.documents.annotations import AnnotationService
from legal_desk.documents.export import export_annotated_pdf
from legal_desk.documents.store import DocumentStore
from legal_desk.workspace import Workspace
from models import AnnotationKind
from ui import a11y
from ui.annotate.controller import AnnotationController
from ui.annotate.sidebar import AnnotationSidebar, swatch
from ui.errors import user_message
from ui.export_dialog import choose_unencrypted_pdf
from ui.tasks import Runner
from ui.viewer.view import DocumentViewer

# (label, kind or None for Select, key)
TOOLS: tuple[tuple[str, AnnotationKind | None, str], ...] = (
    ("Select", None, "V"),
    ("Highlight", AnnotationKind.HIGHLIGHT, "H"),
    ("Underline", AnnotationKind.UNDERLINE, "U"),
    ("Strike out", AnnotationKind.STRIKEOUT, "S"),
    ("Note", AnnotationKind.NOTE, "N"),
    ("Text box", AnnotationKind.FREE_TEXT, "T"),
    ("Draw", AnnotationKind.INK, "D"),
    ("Rectangle", AnnotationKind.RECTANGLE, "R"),
    ("Redact", AnnotationKind.REDACTION, "X"),
)
TOOL_HINTS = {
    None: "Click an annotation to select it, drag it to move it",
    AnnotationKind.HIGHLIGHT: "Drag across words to highlight them",
    AnnotationKind.UNDERLINE: "Drag across words to underline them",
    AnnotationKind.STRIKEOUT: "Drag across words to strike them out",
    AnnotationKind.NOTE: "Click where the note goes, then write it",
    AnnotationKind.FREE_TEXT: "Drag a box, then write its text",
    AnnotationKind.INK: "Draw with the mouse; each stroke is one drawing",
    AnnotationKind.RECTANGLE: "Drag a box around something",
    AnnotationKind.REDACTION: "Drag a box over what the exported copy must not show",
}
COLORS = (
    ("Yellow", "#ffd400"),
    ("Green", "#3ec43e"),
    ("Blue", "#2f8cff"),
    ("Pink", "#ff5fae"),
    ("Red", "#e02020"),
)
OTHER_COLOR = "Other…"
COLUMNS = 3
NOT_ENCRYPTED = (
    "The exported copy is NOT encrypted: anyone who gets the file can read it. "
    "Save it only where it is meant to go."
)
REDACTED = (
    "Redacted text and images are removed from the copy only; the document in the "
    "workspace keeps them."
)
EXPORTING = "Exporting the annotated copy…"


def export_warning(has_redactions: bool) -> str:
    return NOT_ENCRYPTED + (" " + REDACTED if has_redactions else "")


def choose_export_path(parent: QWidget, suggested: str, warning: str) -> Path | None:
    return choose_unencrypted_pdf(
        parent, "Export annotated PDF — not encrypted", suggested, warning
    )


def choose_color(parent: QWidget, current: str) -> str | None:
    color = QColorDialog.getColor(QColor(current), parent, "Annotation colour")
    return color.name() if color.isValid() else None


def write_annotated_copy(
    workspace: Workspace, document_id: int, path: Path, cancelled: threading.Event
) -> Path | None:
    """On a worker thread: the copy with its annotations burnt in, written to `path`
    (the one file the user asked for), unless cancelled first."""
    pdf = DocumentStore(workspace).pdf_bytes(document_id)
    views = AnnotationService(workspace).list(document_id)
    data = export_annotated_pdf(pdf, views)
    if cancelled.is_set():
        return None
    path.write_bytes(data)
    return path


def suggested_name(title: str) -> str:
    stem = Path(title).stem if title else "document"
    return f"{stem} (annotated).pdf"


class AnnotationsPanel(QWidget):
    """Annotating the document in `viewer`; `show_document(id)` follows the viewer."""

    def __init__(
        self,
        viewer: DocumentViewer,
        runner: Runner,
        workspace: Callable[[], Workspace | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotations_panel")
        self.viewer = viewer
        self._runner = runner
        self._workspace = workspace
        self.controller = AnnotationController(viewer, self)
        # Replaced in tests: the real ones open modal dialogs.
        self.choose_export_path: Callable[[QWidget, str, str], Path | None] = choose_export_path
        self.choose_color: Callable[[QWidget, str], str | None] = choose_color
        self._export_token = 0
        self._export_cancel: threading.Event | None = None
        self.exported_path: Path | None = None

        # --- tools ---
        self.tools_box = QWidget()
        self.tools_box.setObjectName("annotation_tools")
        grid = QGridLayout(self.tools_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.tool_group = QButtonGroup(self)
        self.tool_group.setExclusive(True)
        self.tool_buttons: dict[AnnotationKind | None, QPushButton] = {}
        for index, (label, kind, key) in enumerate(TOOLS):
            button = a11y.button(label)
            button.setObjectName(f"tool_{(kind or 'select')}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setToolTip(f"{TOOL_HINTS[kind]} ({key})")
            button.clicked.connect(partial(self.controller.set_tool, kind))
            self.tool_group.addButton(button)
            self.tool_buttons[kind] = button
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
        self.tool_buttons[None].setChecked(True)
        tools_label = QLabel("Tools")
        bold = tools_label.font()
        bold.setBold(True)
        tools_label.setFont(bold)

        # --- colour ---
        self.colors = QComboBox()
        self.colors.setObjectName("annotation_colour")
        for name, value in COLORS:
            self.colors.addItem(swatch(value), name, value)
        self.colors.addItem(OTHER_COLOR, None)
        self.colors.setToolTip(
            "Colour of new annotations; with Select, also of the selected annotation"
        )
        self._color_index = 0
        self.colors.activated.connect(self._color_activated)
        colour_row = QHBoxLayout()
        colour_row.addWidget(a11y.buddy_label("Co&lour", self.colors))
        colour_row.addWidget(self.colors, 1)

        # --- undo and redo ---
        stack = self.controller.stack
        self.undo_action = stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_button = a11y.button("&Undo")
        self.undo_button.setObjectName("undo_annotation")
        self.redo_button = a11y.button("Red&o")
        self.redo_button.setObjectName("redo_annotation")
        for button, action in (
            (self.undo_button, self.undo_action),
            (self.redo_button, self.redo_action),
        ):
            button.setAutoDefault(False)
            button.setEnabled(False)
            button.clicked.connect(action.trigger)
            action.changed.connect(partial(self._sync_button, button, action))
        self._sync_button(self.undo_button, self.undo_action)
        self._sync_button(self.redo_button, self.redo_action)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addWidget(self.redo_button)
        undo_row.addStretch(1)

        self.status = QLabel()
        self.status.setObjectName("annotation_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.controller.message.connect(self.status.setText)

        self.sidebar = AnnotationSidebar(self.controller)

        # --- export ---
        self.export_button = a11y.button("E&xport annotated PDF…")
        self.export_button.setObjectName("export_annotated")
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip(
            "Save a copy with the annotations as real PDF annotations and the redactions "
            "applied. The copy is not encrypted."
        )
        self.export_button.clicked.connect(self.export)
        self.export_progress = QProgressBar()
        self.export_progress.setObjectName("export_progress")
        self.export_progress.setRange(0, 0)  # busy: one step, no percentage to show
        self.export_progress.setTextVisible(False)
        self.export_progress.setMaximumHeight(8)
        self.export_progress.setAccessibleName(EXPORTING)
        self.cancel_export_button = a11y.button("Cancel export")
        self.cancel_export_button.setObjectName("cancel_export")
        self.cancel_export_button.setAutoDefault(False)
        self.cancel_export_button.clicked.connect(self.cancel_export)
        self.export_status = QLabel()
        self.export_status.setObjectName("export_status")
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_progress, 1)
        export_row.addWidget(self.cancel_export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(tools_label)
        layout.addWidget(self.tools_box)
        layout.addLayout(colour_row)
        layout.addLayout(undo_row)
        layout.addWidget(self.status)
        layout.addWidget(self.sidebar, 1)
        layout.addWidget(self.export_button)
        layout.addLayout(export_row)
        layout.addWidget(self.export_status)

        self.controller.tool_changed.connect(self._tool_changed)
        self._build_shortcuts()
        self._set_exporting(False)
        self._update_enabled()

    # ----- keys -----

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.tool_actions: list[QAction] = []
        for label, kind, key in TOOLS:
            keys = [QKeySequence(key)] + ([QKeySequence("Esc")] if kind is None else [])
            self.tool_actions.append(
                self._action(
                    label, keys, partial(self.choose_tool, kind), (self.viewer, self.tools_box)
                )
            )
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(context)
            self.viewer.addAction(action)
            self.addAction(action)
        self.delete_action = self._action(
            "Delete annotation",
            [QKeySequence(QKeySequence.StandardKey.Delete)],
            self._delete_selected,
            (self.viewer,),
        )

    def _action(
        self,
        text: str,
        keys: list[QKeySequence],
        slot: Callable[[], object],
        widgets: tuple[QWidget, ...],
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        for widget in widgets:
            widget.addAction(action)
        return action

    def _sync_button(self, button: QPushButton, action: QAction) -> None:
        button.setEnabled(action.isEnabled())
        # The action's text says what would be undone ("Undo Add highlight").
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
        )
        button.setToolTip(f"{action.text()} ({keys})")

    # ----- the document -----

    def show_document(self, document_id: object) -> None:
        """Follow the viewer: annotations of `document_id` (None: no document)."""
        workspace = self._workspace() if isinstance(document_id, int) else None
        self.cancel_export()
        self.export_status.clear()
        self.status.clear()
        self.controller.show_document(
            workspace, document_id if isinstance(document_id, int) else None
        )
        self._update_enabled()

    def clear(self) -> None:
        """Forget the document, its undo history and any export on its way (lock)."""
        self.show_document(None)
        self.choose_tool(None)
        self.sidebar.filter.clear()  # a search term may be a student's name
        self.exported_path = None

    def _update_enabled(self) -> None:
        active = self.controller.document_id is not None
        self.tools_box.setEnabled(active)
        self.colors.setEnabled(active)
        if not self.exporting:
            self.export_button.setEnabled(active)

    # ----- tools and colour -----

    def choose_tool(self, kind: AnnotationKind | None) -> None:
        if self.controller.document_id is None and kind is not None:
            return
        self.controller.set_tool(kind)

    def _tool_changed(self, kind: object) -> None:
        key = kind if isinstance(kind, AnnotationKind) else None
        self.tool_buttons[key].setChecked(True)
        self.status.setText(TOOL_HINTS[key] + ".")

    def _delete_selected(self) -> None:
        if self.controller.selected is not None:
            self.controller.delete(self.controller.selected)

    def _color_activated(self, index: int) -> None:
        value = self.colors.itemData(index)
        if value is None:  # Other…
            value = self.choose_color(self, self.controller.color)
            if value is None:
                self.colors.setCurrentIndex(self._color_index)
                return
            index = self.colors.findData(value)
            if index < 0:
                index = self.colors.count() - 1
                self.colors.insertItem(index, swatch(value), value, value)
            self.colors.setCurrentIndex(index)
        self.set_color(str(value))

    def set_color(self, color: str) -> None:
        """Use `color` for new annotations, and for the selected one while selecting."""
        color = QColor(color).name()
        index = self.colors.findData(color)
        if index >= 0:
            self.colors.setCurrentIndex(index)
            self._color_index = index
        self.controller.color = color
        selected = self.controller.selected
        if self.controller.tool_kind is None and selected is not None:
            self.controller.recolor(selected, color)

    @property
    def color(self) -> str:
        return self.controller.color

    # ----- export -----

    @property
    def exporting(self) -> bool:
        return self._export_cancel is not None

    def export(self) -> None:
        """Ask where, then write the annotated copy off the UI thread."""
        workspace = self._workspace()
        document_id = self.controller.document_id
        if workspace is None or document_id is None or self.exporting:
            return
        has_redactions = any(v.kind == AnnotationKind.REDACTION for v in self.controller.views)
        path = self.choose_export_path(
            self, suggested_name(self.viewer.title.text()), export_warning(has_redactions)
        )
        if path is None:
            return
        self._export_token += 1
        token = self._export_token
        cancelled = threading.Event()
        self._export_cancel = cancelled
        self.export_status.setText(EXPORTING)
        self._set_exporting(True)

        def done(written: Path | None) -> None:
            if token != self._export_token:
                return
            self._export_finished()
            if written is None:
                return
            self.exported_path = written
            note = " Redactions were applied to the copy." if has_redactions else ""
            self.export_status.setText(
                f"Saved the annotated copy to {written} (not encrypted).{note}"
            )

        def failed(exc: BaseException) -> None:
            if token != self._export_token:
                return
            self._export_finished()
            self.export_status.setText(f"The annotated copy was not saved: {user_message(exc)}")

        self._runner.run(
            partial(write_annotated_copy, workspace, document_id, path, cancelled), done, failed
        )

    def cancel_export(self) -> None:
        if self._export_cancel is None:
            return
        self._export_cancel.set()
        self._export_token += 1
        self._export_finished()
        self.export_status.setText("Export cancelled.")

    def _export_finished(self) -> None:
        self._export_cancel = None
        self._set_exporting(False)
        self._update_enabled()

    def _set_exporting(self, busy: bool) -> None:
        self.export_progress.setVisible(busy)
        self.cancel_export_button.setVisible(busy)
        self.export_button.setEnabled(not busy and self.controller.document_id is not None)
