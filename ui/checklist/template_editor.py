"""Editing the workspace's checklist template: add, rename, remove, reorder, required, applies to.

Edits stay in the dialog until Save; saving is one audited change. Cases take the new
template the next time their checklist is read: open items follow the new wording,
ticked items keep theirs, and a removed item stays in a case where it was ticked.
Entry point for the main window: `edit_checklist_template(workspace, parent)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from legal_desk.checklist.templates import (
    APPLIES_TO_LABELS,
    MAX_LABEL,
    ChecklistTemplates,
    TemplateItem,
)
from legal_desk.workspace import Workspace
from models.checklist import AppliesTo
from ui import a11y
from ui.errors import user_message
from ui.form_drafts import restored_text, take_draft
from ui.formatting import URGENT_COLOR

NEW_ITEM_LABEL = "New item"
TEMPLATE_FORM = "checklist_template"  # the name of its draft (see ui.form_drafts)
SAVED = "Saved. Each case takes the changes the next time its checklist is opened."
AUTO_HINT = "Ticks itself from the case's facts; renaming it keeps that."


def item_line(item: TemplateItem) -> str:
    """How an item reads in the list: its text, then what kind of item it is."""
    facts = ["required" if item.required else "optional", APPLIES_TO_LABELS[item.applies_to]]
    if item.ticks_itself:
        facts.append("ticks itself")
    return f"{item.label}  ({' · '.join(f.lower() for f in facts)})"


def _confirm_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        "Unsaved checklist",
        "Discard your changes to the checklist template?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


class ChecklistTemplateEditor(QDialog):
    """The template's items in order, and the chosen item's text and settings."""

    saved = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist_template_editor")
        self.setWindowTitle("Checklist template")
        self.resize(820, 560)
        self._templates = ChecklistTemplates(workspace)
        self.drafts: list[TemplateItem] = []
        self.dirty = False
        self._showing = False  # filling the fields from an item: not an edit
        # Replaced in tests; the real one asks in a message box.
        self.confirm_discard: Callable[[QWidget], bool] = _confirm_discard

        self.list = QListWidget()
        self.list.setObjectName("checklist_template_items")
        list_label = a11y.buddy_label("&Items, in working order", self.list)
        self.list.currentRowChanged.connect(self._row_chosen)

        self.label = QLineEdit()
        self.label.setObjectName("checklist_template_label")
        self.label.setMaxLength(MAX_LABEL)
        self.required = a11y.check_box("Re&quired to close the case")
        self.required.setObjectName("checklist_template_required")
        self.applies_to = QComboBox()
        self.applies_to.setObjectName("checklist_template_applies_to")
        for value, text in APPLIES_TO_LABELS.items():
            self.applies_to.addItem(text, value)
        form = QFormLayout()
        a11y.add_row(form, "&Text", self.label)
        form.addRow("", self.required)
        a11y.add_row(form, "Applies t&o", self.applies_to)
        self.auto_hint = QLabel(AUTO_HINT)
        self.auto_hint.setObjectName("checklist_template_auto_hint")
        self.auto_hint.setWordWrap(True)
        self.auto_hint.hide()
        self.label.textEdited.connect(self._edited)
        self.required.toggled.connect(self._edited)
        self.applies_to.currentIndexChanged.connect(self._edited)

        self.add_button = self._button("&Add item", "Ctrl+N", self.add_item)
        self.remove_button = self._button("&Remove item", "Delete", self.remove_item)
        self.up_button = self._button("Move &up", "Alt+Up", lambda: self.move_item(-1))
        self.down_button = self._button("Move do&wn", "Alt+Down", lambda: self.move_item(1))
        # Delete acts on the list only: in the text field it deletes characters.
        shortcuts: tuple[tuple[str | QKeySequence, Callable[[], object], QWidget], ...] = (
            ("Ctrl+N", self.add_item, self),
            ("Delete", self.remove_item, self.list),
            ("Alt+Up", lambda: self.move_item(-1), self),
            ("Alt+Down", lambda: self.move_item(1), self),
            (QKeySequence(QKeySequence.StandardKey.Save), self.save, self),
        )
        for keys, slot, target in shortcuts:
            shortcut = QShortcut(QKeySequence(keys), target)
            if target is self.list:
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        self.status = QLabel()
        self.status.setObjectName("checklist_template_status")
        self.status.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("checklist_template_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("checklist_template_save")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        a11y.name_buttons(buttons)
        buttons.rejected.connect(self.reject)

        moves = QVBoxLayout()
        for widget in (self.add_button, self.remove_button, self.up_button, self.down_button):
            moves.addWidget(widget)
        moves.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(moves)
        layout = QVBoxLayout(self)
        layout.addWidget(list_label)
        layout.addLayout(top, 1)
        layout.addLayout(form)
        layout.addWidget(self.auto_hint)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        a11y.set_tab_chain(
            [
                self.list,
                self.add_button,
                self.remove_button,
                self.up_button,
                self.down_button,
                self.label,
                self.required,
                self.applies_to,
                self.save_button,
            ]
        )
        self._set_drafts(self._templates.items())
        kept = take_draft(workspace, None, TEMPLATE_FORM)
        items = _items_of(kept.values.get("items", "")) if kept is not None else None
        if kept is not None and items:
            self._set_drafts(items)
            self.dirty = True
            self.status.setText(restored_text(kept) + " Save keeps it; Close drops it.")
        self.list.setFocus()

    def lock_draft(self) -> tuple[int | None, str, dict[str, str]] | None:
        """The unsaved template, kept if the window locks (`ui.form_drafts.KeepsDraft`)."""
        if not self.isVisible() or not self.dirty:
            return None
        items = [
            {
                "id": item.id,
                "label": item.label,
                "required": item.required,
                "applies_to": item.applies_to.value,
                "key": item.key,
                "auto_rule": item.auto_rule,
            }
            for item in self.drafts
        ]
        return (None, TEMPLATE_FORM, {"items": json.dumps(items)})

    def _button(self, text: str, keys: str, slot: Callable[[], object]) -> QPushButton:
        widget = a11y.button(text)
        widget.setToolTip(keys)
        widget.clicked.connect(lambda _checked=False: slot())
        return widget

    # ----- the list -----

    def _set_drafts(self, items: list[TemplateItem], current: int = 0) -> None:
        self.drafts = list(items)
        self._refill(current)

    def _refill(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.drafts:
            entry = QListWidgetItem(item_line(item))
            entry.setToolTip(item.label)
            self.list.addItem(entry)
        self.list.blockSignals(False)
        if self.drafts:
            self.list.setCurrentRow(max(0, min(current, len(self.drafts) - 1)))
        self._row_chosen(self.list.currentRow())

    def _row_chosen(self, row: int) -> None:
        chosen = self.drafts[row] if 0 <= row < len(self.drafts) else None
        self._showing = True
        try:
            self.label.setText(chosen.label if chosen else "")
            self.required.setChecked(chosen.required if chosen else False)
            index = self.applies_to.findData(chosen.applies_to if chosen else AppliesTo.ALL)
            self.applies_to.setCurrentIndex(max(index, 0))
        finally:
            self._showing = False
        self.auto_hint.setVisible(bool(chosen and chosen.ticks_itself))
        for widget in (self.label, self.required, self.applies_to, self.remove_button):
            widget.setEnabled(chosen is not None)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self.drafts) - 1)

    @property
    def current_row(self) -> int:
        return self.list.currentRow()

    def _changed(self) -> None:
        self.dirty = True
        self.status.setText("")
        self.error.hide()

    def _edited(self, *_args: object) -> None:
        row = self.current_row
        if self._showing or not 0 <= row < len(self.drafts):
            return
        applies = self.applies_to.currentData()
        self.drafts[row] = replace(
            self.drafts[row],
            label=self.label.text(),
            required=self.required.isChecked(),
            applies_to=AppliesTo(applies) if applies is not None else AppliesTo.ALL,
        )
        entry = self.list.item(row)
        if entry is not None:
            entry.setText(item_line(self.drafts[row]))
            entry.setToolTip(self.drafts[row].label)
        self._changed()

    # ----- edits -----

    def add_item(self) -> None:
        """A new item after the chosen one; its text is selected, ready to be typed over."""
        row = self.current_row + 1 if self.drafts else 0
        self.drafts.insert(row, TemplateItem(None, NEW_ITEM_LABEL))
        self._refill(row)
        self._changed()
        self.label.setFocus()
        self.label.selectAll()

    def remove_item(self) -> None:
        row = self.current_row
        if not 0 <= row < len(self.drafts):
            return
        del self.drafts[row]
        self._refill(row)
        self._changed()

    def move_item(self, by: int) -> None:
        """Move the chosen item up (-1) or down (+1); the list keeps the focus it had."""
        row = self.current_row
        target = row + by
        if not (0 <= row < len(self.drafts) and 0 <= target < len(self.drafts)):
            return
        self.drafts[row], self.drafts[target] = self.drafts[target], self.drafts[row]
        self._refill(target)
        self._changed()

    def save(self) -> bool:
        try:
            stored = self._templates.save(self.drafts)
        except Exception as exc:
            self.error.setText(user_message(exc))
            self.error.show()
            return False
        self._set_drafts(stored, self.current_row)
        self.dirty = False
        self.error.hide()
        self.status.setText(SAVED)
        self.saved.emit()
        return True

    def reject(self) -> None:
        if self.dirty and not self.confirm_discard(self):
            return
        super().reject()


def _items_of(text: str) -> list[TemplateItem] | None:
    """The items of a kept draft; None if it cannot be read (it is then dropped)."""
    try:
        return [
            TemplateItem(
                id=int(raw["id"]) if raw.get("id") is not None else None,
                label=str(raw["label"]),
                required=bool(raw["required"]),
                applies_to=AppliesTo(raw["applies_to"]),
                key=str(raw.get("key", "")),
                auto_rule=str(raw.get("auto_rule", "")),
            )
            for raw in json.loads(text)
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def edit_checklist_template(
    workspace: Workspace, parent: QWidget | None = None
) -> ChecklistTemplateEditor:
    """Open the editor (window-modal, without blocking the caller) and return it."""
    editor = ChecklistTemplateEditor(workspace, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
