"""The Checklist section of a case: the post-call steps, who ticked each and when.

Items the case proves tick themselves and say why; the rest are ticked by hand with
Space, with an optional note typed first in one field (no dialog breaks the keyboard
flow). Ticks go through an undo stack whose commands call the service; the list is
read again off the UI thread after each change, and `changed` tells the case view to
refresh its status and timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from legal_desk.checklist.service import ChecklistService, ItemView
from legal_desk.workspace import Workspace
from ui import a11y
from ui.checklist.commands import ItemCommand, TickItem, UntickItem
from ui.errors import is_expected, show_error, user_message
from ui.form_drafts import restored_text, take_draft
from ui.formatting import URGENT_COLOR, local_time
from ui.intake.guidance_box import EMERGENCY_STYLE
from ui.tasks import Runner

EMERGENCY_TITLE = "Emergency claimed: call District Security now"
LOADING = "Reading the checklist…"
MAX_NOTE = 2000


NOTE_FORM = "checklist_note"  # the name of its draft (see ui.form_drafts)


@dataclass(frozen=True)
class ChecklistSnapshot:
    items: tuple[ItemView, ...]
    guidance: str


def load_checklist(workspace: Workspace, case_id: int) -> ChecklistSnapshot:
    """Runs in a worker: reads (and syncs) the case's items; touches no widget."""
    service = ChecklistService(workspace)
    items = tuple(service.items(case_id))
    return ChecklistSnapshot(items, service.emergency_guidance(case_id))


def summary_text(items: Sequence[ItemView]) -> str:
    done = sum(1 for i in items if i.done)
    open_required = sum(1 for i in items if i.required and not i.done)
    if open_required == 0:
        rest = "every required item is done"
    elif open_required == 1:
        rest = "1 required item open"
    else:
        rest = f"{open_required} required items open"
    return f"{done} of {len(items)} done · {rest}"


def detail_text(item: ItemView) -> str:
    """The line under an item: required or not, who ticked it and when, the note or reason."""
    parts = ["Required" if item.required else "Optional"]
    if item.done and item.ticked_itself:
        # The time follows the reason: its full stop would sit before the separator.
        parts.append(f"Ticked itself: {item.auto_reason.removesuffix('.')}")
        if item.done_at is not None:
            parts.append(local_time(item.done_at))
    elif item.done:
        when = f", {local_time(item.done_at)}" if item.done_at is not None else ""
        parts.append(f"Ticked by {item.done_by or 'someone'}{when}")
        if item.note:
            parts.append(f"Note: {item.note}")
    else:
        parts.append("Open")
    return " · ".join(parts)


class ItemCheckBox(QCheckBox):
    """A check box that Up/Down move from, like rows of a list (Space toggles it)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAccessibleName(a11y.plain(text))
        self.step: Callable[[ItemCheckBox, int], None] = lambda _box, _by: None
        self.focused: Callable[[ItemCheckBox], None] = lambda _box: None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
        if event.key() in steps and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.step(self, steps[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused(self)


class ItemRow(QFrame):
    """One item: the check box (its text is the label) and the line about it."""

    def __init__(self, view: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist_item")
        # The label is the item's own text: "&" in it is a character, not a mnemonic.
        self.check = ItemCheckBox(view.label.replace("&", "&&"))
        self.check.setObjectName(f"check_{view.key}")
        self.detail = QLabel()
        self.detail.setObjectName(f"detail_{view.key}")
        self.detail.setWordWrap(True)
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        indent = self.check.style().pixelMetric(self.check.style().PixelMetric.PM_IndicatorWidth)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 4)
        layout.setSpacing(1)
        layout.addWidget(self.check)
        detail_row = QHBoxLayout()
        detail_row.setContentsMargins(indent + 8, 0, 0, 0)
        detail_row.addWidget(self.detail, 1)
        layout.addLayout(detail_row)
        self.view = view
        self.set_view(view)

    def set_view(self, view: ItemView) -> None:
        self.view = view
        a11y.set_button_text(self.check, view.label.replace("&", "&&"))
        self.check.setChecked(view.done)
        font = QFont(self.check.font())
        font.setBold(view.required and not view.done)
        self.check.setFont(font)
        text = detail_text(view)
        self.detail.setText(text)
        # A screen reader hears who and when with the item, not only its label.
        self.check.setAccessibleDescription(text)


class ChecklistPanel(QWidget):
    """The checklist of one case; `load` it, `clear` it on lock."""

    changed = Signal()  # a tick, an un-tick, an undo or a redo was stored

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist_panel")
        self._runner = runner
        self._workspace: Workspace | None = None
        self.case_id: int | None = None
        self._generation = 0  # a result for an earlier load (or a cleared case) is dropped
        self.rows: dict[int, ItemRow] = {}
        # Replaced in tests: the real one opens a (window-modal) message box.
        self.show_error: Callable[[QWidget | None, str], object] = show_error

        self.summary = QLabel()
        self.summary.setObjectName("checklist_summary")
        summary_font = QFont(self.summary.font())
        summary_font.setBold(True)
        self.summary.setFont(summary_font)

        self.emergency = QFrame()
        self.emergency.setObjectName("checklist_emergency")
        self.emergency.setStyleSheet(EMERGENCY_STYLE.format(name="checklist_emergency"))
        self.emergency_title = QLabel(EMERGENCY_TITLE)
        title_font = QFont(self.emergency_title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self.emergency_title.setFont(title_font)
        self.guidance = QLabel()
        self.guidance.setObjectName("checklist_guidance")
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        emergency_layout = QVBoxLayout(self.emergency)
        emergency_layout.addWidget(self.emergency_title)
        emergency_layout.addWidget(self.guidance)
        self.emergency.hide()

        self.message = QLabel()
        self.message.setObjectName("checklist_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.message.hide()

        self.note = QLineEdit()
        self.note.setObjectName("checklist_note")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setPlaceholderText("Optional: who you spoke to, how, what was agreed")
        self.note.setClearButtonEnabled(True)
        note_label = a11y.buddy_label("&Note for the next tick", self.note)
        hint = QLabel("Tab or ↑ ↓ move between items, Space ticks or un-ticks.")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint.setWordWrap(True)

        self.items_box = QWidget()
        self.items_box.setObjectName("checklist_items")
        self.items_layout = QVBoxLayout(self.items_box)
        self.items_layout.setContentsMargins(0, 0, 0, 0)
        self.items_layout.setSpacing(2)
        self.items_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("checklist_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(self.items_box)

        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._stored)
        self.undo_button = a11y.button("&Undo")
        self.undo_button.setObjectName("checklist_undo")
        self.undo_button.setToolTip("Undo the last tick or un-tick (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button = a11y.button("&Redo")
        self.redo_button.setObjectName("checklist_redo")
        self.redo_button.setToolTip("Redo (Ctrl+Shift+Z)")
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.shortcuts: list[QShortcut] = []
        for keys, slot in (
            (QKeySequence("Ctrl+Z"), self.undo_stack.undo),
            (QKeySequence("Ctrl+Shift+Z"), self.undo_stack.redo),
            (QKeySequence("Ctrl+Y"), self.undo_stack.redo),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

        # The lead's slot for the Security briefing button and the FERPA log.
        self.extras = QWidget()
        self.extras.setObjectName("checklist_extras")
        self.extras_layout = QVBoxLayout(self.extras)
        self.extras_layout.setContentsMargins(0, 0, 0, 0)

        note_row = QHBoxLayout()
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.emergency)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addLayout(note_row)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.extras)

    # ----- loading -----

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    def load(self, workspace: Workspace, case_id: int) -> None:
        """Show `case_id`'s checklist; a different case starts a fresh undo history."""
        fresh = (workspace, case_id) != (self._workspace, self.case_id)
        if fresh:
            self.clear()
        self._workspace, self.case_id = workspace, case_id
        if fresh:
            kept = take_draft(workspace, case_id, NOTE_FORM)
            if kept is not None and kept.values.get("note"):
                self.note.setText(kept.values["note"])
                self.message.setText(restored_text(kept))
                self.message.show()
        self.reload()

    def lock_draft(self) -> tuple[int, str, dict[str, str]] | None:
        """The note typed for the next tick, kept if the window locks (`KeepsDraft`)."""
        note = self.note.text()
        if self.case_id is None or not note.strip():
            return None
        return (self.case_id, NOTE_FORM, {"note": note})

    def reload(self) -> None:
        """Read the items again (after the facts, documents or advice changed)."""
        workspace, case_id = self._workspace, self.case_id
        if workspace is None or case_id is None:
            return
        self._generation += 1
        generation = self._generation
        if not self.rows:
            self.summary.setText(LOADING)
        self._runner.run(
            partial(load_checklist, workspace, case_id),
            partial(self._loaded, generation),
            partial(self._load_failed, generation),
        )

    def _loaded(self, generation: int, snapshot: ChecklistSnapshot) -> None:
        if generation != self._generation:
            return  # a later load, or a lock, came first
        self.guidance.setText(snapshot.guidance)
        self.emergency.setVisible(bool(snapshot.guidance))
        self.summary.setText(summary_text(snapshot.items))
        self._set_items(snapshot.items)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.summary.setText("")
        self._report(exc, reload=False)

    def _set_items(self, items: Sequence[ItemView]) -> None:
        if [i.id for i in items] == list(self.rows):
            for item in items:  # same items: update in place, so focus stays put
                self.rows[item.id].set_view(item)
            return
        focused = self.focused_item_id()
        self._drop_rows()
        for item in items:
            row = ItemRow(item)
            # The check box has toggled already when `clicked` comes: its state is the wish.
            row.check.clicked.connect(partial(self._clicked, item.id))
            row.check.step = self._step
            row.check.focused = self._focused
            self.items_layout.insertWidget(self.items_layout.count() - 1, row)
            row.show()  # now, not at the next event loop: focus and Tab need it shown
            self.rows[item.id] = row
        boxes = [row.check for row in self.rows.values()]
        a11y.set_tab_chain([self.note, *boxes, self.undo_button, self.redo_button])
        if focused is not None and focused in self.rows:
            self.rows[focused].check.setFocus(Qt.FocusReason.OtherFocusReason)

    def _drop_rows(self) -> None:
        for row in self.rows.values():
            row.setParent(None)  # gone from the tree at once, not at the next event loop
            row.deleteLater()
        self.rows = {}

    # ----- ticking -----

    def row(self, key: str) -> ItemRow:
        """The row of the item with template key `key` (tests, and the lead's wiring)."""
        for row in self.rows.values():
            if row.view.key == key:
                return row
        raise KeyError(key)

    def focused_item_id(self) -> int | None:
        focus = QApplication.focusWidget()
        for item_id, row in self.rows.items():
            if row.check is focus:
                return item_id
        return None

    def _clicked(self, item_id: int) -> None:
        row = self.rows.get(item_id)
        if row is None or self._workspace is None:
            return
        checked = row.check.isChecked()
        before = row.view
        service = ChecklistService(self._workspace)
        command: ItemCommand
        if checked:
            command = TickItem(service, before, self.note.text(), self._report)
        else:
            command = UntickItem(service, before, self._report)
        try:
            command.perform()  # a one-row write: quick enough for the UI thread
        except Exception as exc:
            row.check.setChecked(before.done)  # the click did not happen
            self._report(exc)
            return
        if checked:
            self.note.clear()
        self.message.hide()
        self.undo_stack.push(command)

    def _stored(self, _index: int) -> None:
        if self._workspace is None:
            return  # the stack was cleared (lock, another case)
        self.changed.emit()
        self.reload()

    def _report(self, exc: BaseException, *, reload: bool = True) -> None:
        """Refusals are shown beside the list, where the keyboard is; bugs also get a box."""
        text = user_message(exc)
        self.message.setText(text)
        self.message.show()
        if not is_expected(exc):
            self.show_error(self, text)
        if reload:
            self.reload()  # the list shows what is stored, whatever happened

    # ----- keys -----

    def _step(self, box: ItemCheckBox, by: int) -> None:
        boxes = [row.check for row in self.rows.values()]
        index = boxes.index(box) + by
        if 0 <= index < len(boxes):
            boxes[index].setFocus(Qt.FocusReason.TabFocusReason)

    def _focused(self, box: ItemCheckBox) -> None:
        row = box.parentWidget()
        if row is not None:
            self.scroll_area.ensureWidgetVisible(row)

    # ----- locking -----

    def clear(self) -> None:
        """Drop every fact of the case from the widgets (lock, tab closed)."""
        self._generation += 1
        self._workspace, self.case_id = None, None
        self.undo_stack.clear()  # command texts hold item labels
        self._drop_rows()
        for label in (self.summary, self.guidance, self.message):
            label.clear()
        self.message.hide()
        self.emergency.hide()
        self.note.clear()
