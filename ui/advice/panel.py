"""The Advice section of a case: pick a template, answer its questions, edit, deliver.

Every delivery (clipboard, .eml, PDF, print, e-mail) stores the exact text sent in
the case (immutable) and moves the case to "Advice sent". Work that touches files,
the database or the network runs on the runner; a failed delivery keeps the draft.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from legal_desk.advice.compose import ComposeData, load_compose_data
from legal_desk.advice.drafts import AdviceDrafts, Draft, saved_at_text
from legal_desk.advice.engine import Rendered, TemplateError, render
from legal_desk.advice.letters import Letter, to_eml, to_pdf
from legal_desk.advice.library import TemplateView
from legal_desk.advice.mail import MailCancelledError, MailPasswords, SendControl
from legal_desk.advice.sent import AdviceRecords, SentView, mail_letter
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.errors import LegalDeskError
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from models import DeliveryChannel
from ui import a11y
from ui.advice.editor import LetterEditor
from ui.advice.sent_list import SentList
from ui.advice.template_editor import TemplateEditor
from ui.clipboard import copy_case_data
from ui.errors import show_error, user_message
from ui.formatting import URGENT_COLOR
from ui.printing import print_document
from ui.tasks import Runner

log = logging.getLogger(__name__)
SUGGESTED = " (suggested)"
EMPTY_WARNING = "Empty in this advice: {names}. Fill them in, or edit the text, before sending."
UNENCRYPTED_NOTE = "the file is not encrypted"


def choose_save_path(parent: QWidget, caption: str, name: str, filter_text: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, caption, name, filter_text)
    return Path(path) if path else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    return answer == QMessageBox.StandardButton.Yes


def _record(workspace: Workspace, letter: Letter, channel: DeliveryChannel, to: str) -> SentView:
    sent = AdviceRecords(workspace).record(letter, channel, recipient=to)
    AdviceDrafts(workspace).discard(letter.case_id)  # delivered: no draft to come back to
    return sent


def _save_eml(workspace: Workspace, letter: Letter, path: Path, to: str) -> SentView:
    sender = SettingsService(workspace).mail().sender
    path.write_bytes(to_eml(letter, sender=sender, recipient=to))
    return _record(workspace, letter, DeliveryChannel.EML, to)


def _save_pdf(workspace: Workspace, letter: Letter, path: Path) -> SentView:
    letterhead = SettingsService(workspace).letterhead()
    data = to_pdf(
        letter,
        letterhead,
        author=workspace.actor.display_name,
        when=datetime.now().astimezone(),
    )
    path.write_bytes(data)
    return _record(workspace, letter, DeliveryChannel.PDF, "")


def _send_mail(
    workspace: Workspace,
    passwords: MailPasswords,
    letter: Letter,
    to: str,
    control: SendControl,
) -> SentView:
    settings = SettingsService(workspace).mail()
    sent = mail_letter(
        workspace, letter, settings, passwords.get(settings), recipient=to, control=control
    )
    AdviceDrafts(workspace).discard(letter.case_id)
    return sent


class AdvicePanel(QWidget):
    """Composes and delivers advice for one case (`set_case`); `clear()` on lock."""

    advice_sent = Signal()  # a delivery was recorded: the case's status may have changed

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._workspace: Workspace | None = None
        self._case_id: int | None = None
        self._data: ComposeData | None = None
        self._rendered: Rendered | None = None
        self._token = 0
        self._busy = False
        self._dirty = False  # changed by the attorney since loaded or delivered
        # Replaced in tests: the real ones open dialogs.
        self.choose_save_path: Callable[[QWidget, str, str, str], Path | None] = choose_save_path
        self.confirm: Callable[[QWidget, str, str], bool] = confirm
        self.show_error: Callable[[QWidget | None, str], object] = show_error
        self.print_document: Callable[[QWidget, QTextDocument], bool] = print_document
        self.make_template_editor = TemplateEditor
        self.passwords = MailPasswords(KeyringStore())

        self.template_combo = QComboBox()
        self.template_combo.setObjectName("advice_template")
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.template_combo.activated.connect(self._template_chosen)
        self._chosen = False  # the attorney picked the template (a new suggestion waits)
        template_label = a11y.buddy_label("&Template", self.template_combo)
        self.edit_templates_button = a11y.button("Edit te&mplates…")
        self.edit_templates_button.setObjectName("edit_templates")
        self.edit_templates_button.setAutoDefault(False)
        self.edit_templates_button.clicked.connect(self.edit_templates)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("advice_suggestion")
        self.suggestion.setWordWrap(True)

        self.questions = QGroupBox("Questions for this advice")
        self.questions.setObjectName("advice_questions")
        self.questions_form = QFormLayout(self.questions)
        self.answers: dict[str, QLineEdit] = {}
        self.refill_button = a11y.button("Refi&ll from the template")
        self.refill_button.setObjectName("refill")
        self.refill_button.setAutoDefault(False)
        self.refill_button.setToolTip("Replace the text with the template filled in again")
        self.refill_button.clicked.connect(self.refill)
        self.refill_button.hide()

        self.recipient = QLineEdit()
        self.recipient.setObjectName("advice_recipient")
        self.recipient.setMaxLength(300)
        self.recipient.setPlaceholderText("school.leader@district.example")
        self.subject = QLineEdit()
        self.subject.setObjectName("advice_subject")
        self.subject.setMaxLength(300)
        self.recipient.textEdited.connect(self._touched)
        self.subject.textEdited.connect(self._touched)
        fields = QFormLayout()
        a11y.add_row(fields, "T&o", self.recipient)
        a11y.add_row(fields, "S&ubject", self.subject)

        self.warning = QLabel()
        self.warning.setObjectName("advice_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.warning.hide()
        self.editor = LetterEditor()
        self.editor.edited.connect(self._edited)

        self.copy_button = self._action_button("&Copy", "copy_advice", self.copy_to_clipboard)
        self.copy_button.setToolTip("Copy as formatted and plain text (Ctrl+Shift+C)")
        self.eml_button = self._action_button("Save .&eml…", "save_eml", self.save_eml)
        self.eml_button.setToolTip(
            f"A message ready for the district's mail client ({UNENCRYPTED_NOTE})"
        )
        self.pdf_button = self._action_button("Export &PDF…", "export_pdf", self.export_pdf)
        self.pdf_button.setToolTip(f"The advice on the letterhead ({UNENCRYPTED_NOTE})")
        self.print_button = self._action_button("Pr&int…", "print_advice", self.print_advice)
        self.send_button = self._action_button("Se&nd e-mail", "send_advice", self.send_mail)
        self.send_button.setToolTip("Send through the mail server set in Workspace > Mail server")
        self.cancel_button = self._action_button(
            "Cancel sendin&g", "cancel_sending", self.cancel_sending
        )
        self.cancel_button.setToolTip("Stop sending (Esc); nothing is recorded")
        self.cancel_button.hide()
        self._send_control: SendControl | None = None
        self.status = QLabel()
        self.status.setObjectName("advice_status")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("advice_progress")
        self.progress.setRange(0, 0)  # sending has no steps to count
        self.progress.setMaximumWidth(120)
        self.progress.setAccessibleName("Working")
        self.progress.hide()
        copy_keys = QShortcut(QKeySequence("Ctrl+Shift+C"), self)
        copy_keys.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy_keys.activated.connect(self.copy_to_clipboard)
        cancel_keys = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        cancel_keys.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel_keys.activated.connect(self.cancel_sending)

        self.sent_list = SentList()

        top = QHBoxLayout()
        top.addWidget(template_label)
        top.addWidget(self.template_combo, 1)
        top.addWidget(self.edit_templates_button)
        actions = QHBoxLayout()
        for button in (
            self.copy_button,
            self.eml_button,
            self.pdf_button,
            self.print_button,
            self.send_button,
        ):
            actions.addWidget(button)
        actions.addWidget(self.progress)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        composer = QWidget()
        composer_layout = QVBoxLayout(composer)
        composer_layout.setContentsMargins(0, 0, 0, 0)
        composer_layout.addLayout(top)
        composer_layout.addWidget(self.suggestion)
        composer_layout.addWidget(self.questions)
        composer_layout.addWidget(self.refill_button, 0, Qt.AlignmentFlag.AlignLeft)
        composer_layout.addLayout(fields)
        composer_layout.addWidget(self.warning)
        composer_layout.addWidget(self.editor, 1)
        composer_layout.addLayout(actions)
        composer_layout.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("advice_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(composer)
        self.splitter.addWidget(self.sent_list)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._set_enabled(False)

    def _action_button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        return a11y.command_button(text, name, slot)

    # ----- loading -----

    def set_case(self, workspace: Workspace | None, case_id: int | None) -> None:
        """Show a case (loads in the background). The draft of another case is dropped."""
        if (workspace, case_id) == (self._workspace, self._case_id) and self._data is not None:
            return
        self.clear()
        self._workspace, self._case_id = workspace, case_id
        if workspace is not None and case_id is not None:
            self.reload()

    def reload(self) -> None:
        """Read the case's values and templates again (facts edited, document checked);
        the text is refilled unless it was edited by hand."""
        workspace, case_id = self._workspace, self._case_id
        if workspace is None or case_id is None:
            return
        self._token += 1
        token = self._token

        def loaded(data: ComposeData) -> None:
            if token == self._token:
                self._show(data)

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self.status.setText(f"The advice could not be prepared: {user_message(exc)}")

        self.status.setText("Preparing the advice…")
        self._runner.run(partial(load_compose_data, workspace, case_id), loaded, failed)

    def _show(self, data: ComposeData) -> None:
        first_load = self._data is None
        previous = self.current_template()
        self._data = data
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in data.templates:
            title = template.title + (SUGGESTED if template.key == data.suggested else "")
            self.template_combo.addItem(title, template.key)
        # A new suggestion (a document was checked meanwhile) replaces the template
        # unless the attorney chose one or has written in it.
        keep = previous is not None and (self._chosen or self.editor.edited_by_hand)
        wanted = previous.key if keep and previous is not None else data.suggested
        index = self.template_combo.findData(wanted)
        self.template_combo.setCurrentIndex(max(index, 0))
        self.template_combo.blockSignals(False)
        suggested = next((t for t in data.templates if t.key == data.suggested), None)
        self.suggestion.setText(
            f"Suggested for this case: {suggested.title}." if suggested is not None else ""
        )
        if not self.recipient.text():
            caller_email = data.values.values.get("caller_email", "")
            self.recipient.setText(caller_email if isinstance(caller_email, str) else "")
        self.sent_list.set_sent(data.sent)
        self.status.clear()
        self._set_enabled(True)
        self._template_changed()
        if first_load and data.draft is not None:
            self._restore(data.draft)

    # ----- drafts -----

    @property
    def has_draft(self) -> bool:
        return self._dirty and self._case_id is not None and self._data is not None

    def draft(self) -> Draft:
        template = self.current_template()
        return Draft(
            template_key=template.key if template is not None else "",
            subject=self.subject.text(),
            recipient=self.recipient.text(),
            html=self.editor.html(),
            edited=self.editor.edited_by_hand,
            answers={q: field.text() for q, field in self.answers.items()},
        )

    def save_draft(self) -> bool:
        """Keep the advice being written in the workspace (closing the case, locking)."""
        if self._workspace is None or self._case_id is None or not self.has_draft:
            return False
        try:
            AdviceDrafts(self._workspace).save(self._case_id, self.draft())
        except Exception:  # never stop a lock or a close; the log has the reason
            log.exception("keeping the advice draft failed")
            return False
        self._dirty = False
        return True

    def _restore(self, draft: Draft) -> None:
        index = self.template_combo.findData(draft.template_key)
        if index >= 0 and index != self.template_combo.currentIndex():
            self.template_combo.setCurrentIndex(index)  # rebuilds the questions
        self._chosen = index >= 0
        for question, answer in draft.answers.items():
            field = self.answers.get(question)
            if field is not None:
                field.setText(answer)
        self.editor.fill(draft.html)
        if draft.edited:
            self.editor.mark_edited()
        self.subject.setText(draft.subject)
        self.recipient.setText(draft.recipient)
        self._dirty = True  # still only a draft until it is delivered
        self.status.setText(f"Restored the draft kept on {saved_at_text(draft)}.")

    def edit_templates(self) -> None:
        """Open the template editor, previewing with this case's values."""
        if self._workspace is None:
            return
        values = self._data.values.values if self._data is not None else None
        template = self.current_template()
        dialog = self.make_template_editor(
            self._workspace, values, self, select=template.key if template else None
        )
        dialog.exec()
        if dialog.saved_count:
            self.reload()

    def current_template(self) -> TemplateView | None:
        if self._data is None:
            return None
        key = self.template_combo.currentData()
        return next((t for t in self._data.templates if t.key == key), None)

    # ----- filling in -----

    def _template_changed(self) -> None:
        template = self.current_template()
        if template is None:
            return
        self._build_questions(template)
        self._fill(force=not self.editor.edited_by_hand)

    def _build_questions(self, template: TemplateView) -> None:
        from legal_desk.advice.engine import analyse
        from legal_desk.advice.placeholders import PLACEHOLDERS

        try:
            prompts = analyse(template.source, PLACEHOLDERS).prompts
        except TemplateError:
            prompts = ()
        kept = {q: field.text() for q, field in self.answers.items()}
        while self.questions_form.rowCount():
            self.questions_form.removeRow(0)
        self.answers = {}
        for question in prompts:
            field = QLineEdit(kept.get(question, ""))
            field.setObjectName(f"answer_{len(self.answers) + 1}")
            field.setMaxLength(300)
            field.textChanged.connect(lambda _text: self._fill(force=False))
            field.textEdited.connect(self._touched)
            a11y.add_row(self.questions_form, question, field)
            self.answers[question] = field
        self.questions.setVisible(bool(prompts))

    def _fill(self, *, force: bool) -> None:
        template = self.current_template()
        if template is None or self._data is None:
            return
        answers = {q: field.text().strip() for q, field in self.answers.items()}
        try:
            rendered = render(template.source, self._data.values.values, answers)
        except TemplateError as exc:
            self._rendered = None
            self._show_warning(f"The template “{template.title}” cannot be used: {exc}")
            return
        self._rendered = rendered
        if rendered.empty:
            self._show_warning(EMPTY_WARNING.format(names=", ".join(rendered.empty)))
        else:
            self.warning.hide()
        if force or not self.editor.edited_by_hand:
            self.editor.fill(rendered.html)
            if force or not self.subject.isModified():
                self.subject.setText(rendered.subject)
                self.subject.setModified(False)
            self.refill_button.hide()
        else:
            self.refill_button.show()

    def refill(self) -> None:
        """Replace hand edits with the template filled in again (after asking)."""
        if self.editor.edited_by_hand and not self.confirm(
            self, "Refill the advice", "Replace the text you edited with the template?"
        ):
            return
        self._fill(force=True)

    def _edited(self) -> None:
        self._dirty = True
        self.status.clear()

    def _touched(self, *_args: object) -> None:
        self._dirty = True

    def _template_chosen(self, _index: int) -> None:
        self._chosen = True
        self._dirty = True

    def _show_warning(self, text: str) -> None:
        self.warning.setText(text)
        self.warning.show()

    # ----- delivering -----

    def letter(self) -> Letter | None:
        template = self.current_template()
        if self._case_id is None:
            return None
        return Letter(
            case_id=self._case_id,
            template_version_id=template.version_id if template is not None else None,
            subject=" ".join(self.subject.text().split()),
            html=self.editor.html(),
            text=self.editor.text(),
        )

    def _ready(self, action: str) -> tuple[Workspace, Letter] | None:
        """The letter to deliver, once it passes the checks; None (with a message) if not."""
        letter = self.letter()
        if self._workspace is None or letter is None or self._busy:
            return None
        if not letter.text.strip():
            self.show_error(self, "The advice is empty: choose a template or write it first.")
            return None
        if not letter.subject:
            self.show_error(self, "The advice needs a subject.")
            self.subject.setFocus()
            return None
        empty = self._rendered.empty if self._rendered is not None else ()
        if empty and not self.confirm(
            self,
            f"{action} with empty placeholders",
            f"These came out empty: {', '.join(empty)}.\n\n{action} anyway?",
        ):
            return None
        return self._workspace, letter

    def _deliver(
        self,
        work: Callable[[], SentView],
        doing: str,
        done: Callable[[SentView], str],
    ) -> None:
        token = self._token
        self._set_busy(True, doing)

        def succeeded(sent: SentView) -> None:
            if token != self._token:
                return
            self._dirty = False
            self._set_busy(False, done(sent))
            self.sent_list.add(sent)
            self.advice_sent.emit()

        def failed(exc: BaseException) -> None:
            if token != self._token:
                return
            # The draft stays as it is: nothing was recorded.
            if isinstance(exc, MailCancelledError) and not exc.maybe_sent:
                self._set_busy(False, str(exc))
                return
            self._set_busy(False, "")
            self.show_error(self, user_message(exc))

        self._runner.run(work, succeeded, failed)

    def copy_to_clipboard(self) -> None:
        ready = self._ready("Copy")
        if ready is None:
            return
        workspace, letter = ready
        copy_case_data(letter.text, letter.html)
        self._deliver(
            partial(_record, workspace, letter, DeliveryChannel.CLIPBOARD, ""),
            "Recording…",
            lambda _sent: "Copied to the clipboard, and recorded in the case.",
        )

    def save_eml(self) -> None:
        ready = self._ready("Save")
        if ready is None:
            return
        workspace, letter = ready
        path = self.choose_save_path(
            self,
            f"Save the advice as an e-mail ({UNENCRYPTED_NOTE})",
            f"{self._file_stem()}.eml",
            "E-mail messages (*.eml)",
        )
        if path is None:
            return
        to = self.recipient.text().strip()
        self._deliver(
            partial(_save_eml, workspace, letter, path, to),
            f"Saving {path.name}…",
            lambda _sent: f"Saved {path} (not encrypted): open it in the mail client to send it.",
        )

    def export_pdf(self) -> None:
        ready = self._ready("Export")
        if ready is None:
            return
        workspace, letter = ready
        path = self.choose_save_path(
            self,
            f"Export the advice as PDF ({UNENCRYPTED_NOTE})",
            f"{self._file_stem()}.pdf",
            "PDF documents (*.pdf)",
        )
        if path is None:
            return
        self._deliver(
            partial(_save_pdf, workspace, letter, path),
            f"Writing {path.name}…",
            lambda _sent: f"Exported {path} (not encrypted).",
        )

    def print_advice(self) -> None:
        ready = self._ready("Print")
        if ready is None:
            return
        workspace, letter = ready
        document = QTextDocument()
        document.setHtml(f"<h3>{html.escape(letter.subject)}</h3>{letter.html}")
        if not self.print_document(self, document):
            return
        self._deliver(
            partial(_record, workspace, letter, DeliveryChannel.PRINT, ""),
            "Recording…",
            lambda _sent: "Sent to the printer, and recorded in the case.",
        )

    def send_mail(self) -> None:
        to = self.recipient.text().strip()
        if not to:
            self.show_error(self, "Enter the school leader's e-mail address in To.")
            self.recipient.setFocus()
            return
        ready = self._ready("Send")
        if ready is None:
            return
        workspace, letter = ready
        try:
            if not SettingsService(workspace).mail().configured:
                raise LegalDeskError(
                    "No mail server is set up: use Workspace > Mail server…, or save an "
                    ".eml and send it from the district's mail client."
                )
        except LegalDeskError as exc:
            self.show_error(self, str(exc))
            return
        control = SendControl()
        self._send_control = control
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self._deliver(
            partial(_send_mail, workspace, self.passwords, letter, to, control),
            f"Sending to {to}…",
            lambda _sent: f"Sent to {to}, and recorded in the case.",
        )

    def cancel_sending(self) -> None:
        """Stop the e-mail being sent (Esc): its connection closes, nothing is recorded."""
        control = self._send_control
        if control is None or not self._busy or control.cancelled:
            return
        control.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling…")

    def _file_stem(self) -> str:
        reference = ""
        if self._data is not None:
            value = self._data.values.values.get("reference", "")
            reference = value if isinstance(value, str) else ""
        return f"Advice {reference}".strip()

    # ----- state -----

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if not busy:
            self._send_control = None
            self.cancel_button.hide()
        self.status.setText(text)
        for button in (
            self.copy_button,
            self.eml_button,
            self.pdf_button,
            self.print_button,
            self.send_button,
        ):
            button.setEnabled(not busy)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.template_combo,
            self.edit_templates_button,
            self.recipient,
            self.subject,
            self.editor,
            self.copy_button,
            self.eml_button,
            self.pdf_button,
            self.print_button,
            self.send_button,
        ):
            widget.setEnabled(enabled)

    def clear(self) -> None:
        """Forget the case (lock or another case): no advice text stays on screen.
        Advice being written is kept in the workspace first (`save_draft`)."""
        self.save_draft()
        self._dirty = False
        self._token += 1  # results on their way are dropped
        self._workspace = self._case_id = None
        self._data = None
        self._rendered = None
        self._busy = False
        self._chosen = False
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self.template_combo.blockSignals(False)
        while self.questions_form.rowCount():
            self.questions_form.removeRow(0)
        self.answers = {}
        self.questions.hide()
        self.refill_button.hide()
        self.suggestion.clear()
        self.recipient.clear()
        self.subject.clear()
        self.warning.hide()
        self.editor.clear()
        self.status.clear()
        self.progress.hide()
        self.cancel_button.hide()
        self._send_control = None
        self.sent_list.clear()
        self._set_enabled(False)
