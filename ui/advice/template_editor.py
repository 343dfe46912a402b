"""Editing the advice templates: the text, a live preview, the placeholders, versions.

Saving stores a new version (the old ones stay, as sent advice points at them); a
template with a syntax error or an unknown name is refused with its line.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from legal_desk.advice.engine import TemplateError, TemplateSource, analyse, render
from legal_desk.advice.library import AdviceTemplates, TemplateView
from legal_desk.advice.placeholders import PLACEHOLDERS
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from ui import a11y
from ui.form_drafts import restored_text, take_draft
from ui.formatting import URGENT_COLOR, local_time

PREVIEW_DELAY_MS = 300
TEMPLATE_FORM = "advice_template"  # the name of its draft (see ui.form_drafts)
SAMPLE_PROMPT_ANSWER = "[answer]"


def sample_values() -> dict[str, object]:
    """Stand-ins for a preview without a case: each placeholder shows its own name."""
    values: dict[str, object] = {name: f"[{name}]" for name in PLACEHOLDERS}
    values["exigent_claimed"] = False
    return values


class TemplateEditor(QDialog):
    """Edits the workspace's templates; the preview uses `values` (a case's, or samples)."""

    def __init__(
        self,
        workspace: Workspace,
        values: Mapping[str, object] | None = None,
        parent: QWidget | None = None,
        *,
        select: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("template_editor")
        self.setWindowTitle("Advice templates")
        self.resize(1100, 720)
        self._library = AdviceTemplates(workspace)
        self._values = dict(values) if values is not None else sample_values()
        self._current: TemplateView | None = None
        self._loading = False
        self.saved_count = 0
        # Replaced in tests; the real one asks in a message box.
        self.confirm_discard: Callable[[QWidget], bool] = _confirm_discard

        self.templates = QListWidget()
        self.templates.setObjectName("template_list")
        templates_label = a11y.buddy_label("Te&mplates", self.templates)
        self.templates.currentItemChanged.connect(self._template_chosen)

        self.title = QLineEdit()
        self.title.setObjectName("template_title")
        self.title.setMaxLength(200)
        self.subject = QLineEdit()
        self.subject.setObjectName("template_subject")
        self.subject.setMaxLength(300)
        self.body = QPlainTextEdit()
        self.body.setObjectName("template_body")
        self.body.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.body.setTabChangesFocus(True)
        self.versions = QComboBox()
        self.versions.setObjectName("template_versions")
        self.versions.activated.connect(self._version_chosen)
        form = QFormLayout()
        a11y.add_row(form, "&Title", self.title)
        a11y.add_row(form, "&Subject", self.subject)
        a11y.add_row(form, "&Version", self.versions)
        body_label = a11y.buddy_label("&Body", self.body)
        self.error = QLabel()
        self.error.setObjectName("template_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.error.hide()

        self.placeholders = QListWidget()
        self.placeholders.setObjectName("placeholders")
        for name, meaning in PLACEHOLDERS.items():
            item = QListWidgetItem(f"{name}: {meaning}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.placeholders.addItem(item)
        self.placeholders.addItem(
            _item('ask("Your question?"): asks the attorney while composing', "ask")
        )
        self.placeholders.itemActivated.connect(self._insert_placeholder)
        placeholders_label = a11y.buddy_label("&Placeholders (Enter inserts)", self.placeholders)
        self.preview = QTextBrowser()
        self.preview.setObjectName("template_preview")
        self.preview.setOpenLinks(False)
        preview_label = a11y.buddy_label("Pre&view", self.preview)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        for field in (self.title, self.subject):
            field.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            "Save as new version", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.save_button.setObjectName("save_template")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        a11y.name_buttons(buttons)
        buttons.rejected.connect(self.reject)
        save_keys = QShortcut(QKeySequence.StandardKey.Save, self)
        save_keys.activated.connect(self.save)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(templates_label)
        left_layout.addWidget(self.templates, 1)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(form)
        middle_layout.addWidget(body_label)
        middle_layout.addWidget(self.body, 3)
        middle_layout.addWidget(self.error)
        middle_layout.addWidget(placeholders_label)
        middle_layout.addWidget(self.placeholders, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(preview_label)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        self.note = QLabel()
        self.note.setObjectName("template_note")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        kept = take_draft(workspace, None, TEMPLATE_FORM)
        self._load_list(kept.values.get("key") if kept is not None else select)
        current = self._current
        if kept is not None and current is not None and current.key == kept.values.get("key"):
            self.title.setText(kept.values.get("title", self.title.text()))
            self.subject.setText(kept.values.get("subject", self.subject.text()))
            self.body.setPlainText(kept.values.get("body", self.body.toPlainText()))
            self.note.setText(restored_text(kept) + " Save keeps it as a new version.")
            self.note.show()

    def lock_draft(self) -> tuple[int | None, str, dict[str, str]] | None:
        """The template being edited, kept if the window locks (`KeepsDraft`)."""
        current = self._current
        if current is None or not self.isVisible() or not self.has_unsaved_changes:
            return None
        return (
            None,
            TEMPLATE_FORM,
            {
                "key": current.key,
                "title": self.title.text(),
                "subject": self.subject.text(),
                "body": self.body.toPlainText(),
            },
        )

    # ----- listing and choosing -----

    def _load_list(self, select: str | None) -> None:
        self.templates.blockSignals(True)
        self.templates.clear()
        for template in self._library.all():
            self.templates.addItem(_item(template.title, template.key))
        self.templates.blockSignals(False)
        row = 0
        for index in range(self.templates.count()):
            item = self.templates.item(index)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == select:
                row = index
        self.templates.setCurrentRow(row)

    def _template_chosen(self, current: QListWidgetItem | None, previous: object) -> None:
        if current is None:
            return
        if self.has_unsaved_changes and not self.confirm_discard(self):
            self.templates.blockSignals(True)
            if isinstance(previous, QListWidgetItem):
                self.templates.setCurrentItem(previous)
            self.templates.blockSignals(False)
            return
        self._show(self._library.current(current.data(Qt.ItemDataRole.UserRole)))

    def _show(self, template: TemplateView, *, version: TemplateView | None = None) -> None:
        shown = version or template
        self._current = template
        self._loading = True
        try:
            self.title.setText(template.title)
            self.subject.setText(shown.subject)
            self.body.setPlainText(shown.body)
            self.versions.clear()
            for each in reversed(self._library.versions(template.key)):
                self.versions.addItem(
                    f"Version {each.version}, {local_time(each.created_at)}, {each.created_by}",
                    each.version_id,
                )
            self.versions.setCurrentIndex(self.versions.findData(shown.version_id))
        finally:
            self._loading = False
        self.update_preview()

    def _version_chosen(self, index: int) -> None:
        if self._current is None or index < 0:
            return
        version_id = self.versions.itemData(index)
        if self.has_unsaved_changes and not self.confirm_discard(self):
            self.versions.setCurrentIndex(self.versions.findData(self._current.version_id))
            return
        # An older version loads as the text to edit: saving it makes it the newest.
        self._show(self._current, version=self._library.version(version_id))

    @property
    def has_unsaved_changes(self) -> bool:
        current = self._current
        if current is None:
            return False
        return (self.title.text(), self.subject.text(), self.body.toPlainText()) != (
            current.title,
            current.subject,
            current.body,
        )

    # ----- editing -----

    def _changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        text = '{{ ask("Your question?") }}' if name == "ask" else f"{{{{ {name} }}}}"
        self.body.insertPlainText(text)
        self.body.setFocus()

    def source(self) -> TemplateSource:
        return TemplateSource(self.subject.text(), self.body.toPlainText())

    def update_preview(self) -> None:
        """Fill the template as written with the preview values; show any problem."""
        source = self.source()
        try:
            found = analyse(source, PLACEHOLDERS)
            if found.unknown:
                raise TemplateError(f"Unknown placeholder: {', '.join(found.unknown)}")
            answers = {question: SAMPLE_PROMPT_ANSWER for question in found.prompts}
            done = render(source, self._values, answers)
        except TemplateError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        self.preview.setHtml(f"<p><b>{html.escape(done.subject)}</b></p>{done.html}")

    def save(self) -> bool:
        """Store the edit as a new version; False (with the reason shown) if refused."""
        current = self._current
        if current is None:
            return False
        try:
            saved = self._library.save(
                current.key,
                title=self.title.text(),
                subject=self.subject.text(),
                body=self.body.toPlainText(),
            )
        except LegalDeskError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        if saved.version_id != current.version_id:
            self.saved_count += 1
        self._show(saved)
        item = self.templates.currentItem()
        if item is not None:
            item.setText(saved.title)
        return True

    def reject(self) -> None:
        if self.has_unsaved_changes and not self.confirm_discard(self):
            return
        super().reject()


def _item(text: str, key: str) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, key)
    return item


def _confirm_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        "Unsaved template",
        "Discard your changes to this template?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard
