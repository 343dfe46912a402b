"""The Security briefing of a case, and the record of the call to Security (issue 6).

The briefing is read aloud on the call, copied, printed, or mailed where SMTP is set
up. Only "Record" counts as notifying Security: the procedure says to call them, so
a mailed briefing goes to the audit trail but leaves the case's status alone.
Reading, recording and mailing run on the runner; a result that arrives after the
dialog was closed updates nothing on screen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from legal_desk.advice.mail import (
    MailCancelledError,
    MailPasswords,
    MailSettings,
    SendControl,
    is_address,
)
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.errors import LegalDeskError
from legal_desk.form_drafts import FormDraft
from legal_desk.security.briefing import SECURITY_CONTACT_KEY, Briefing, security_briefing
from legal_desk.security.mailing import mail_briefing
from legal_desk.security.notifications import (
    METHODS,
    NotificationView,
    SecurityNotifications,
)
from legal_desk.services.settings import ContactInfo, SettingsService
from legal_desk.workspace import Workspace
from ui import a11y
from ui.clipboard import copy_case_data
from ui.errors import user_message
from ui.form_drafts import restored_text, take_draft
from ui.formatting import URGENT_COLOR
from ui.intake.form import DATE_TIME_FORMAT, DateTimeField, from_qdatetime, to_qdatetime
from ui.printing import print_document
from ui.security.calls_list import CallsList
from ui.tasks import Runner

LOADING = "Loading the briefing…"
SECURITY_CALL_FORM = "security_call"  # its draft's name (see ui.form_drafts)
NO_MAIL = "No mail server is set up: use Workspace > Mail server… to send the briefing by mail."
MOVED = "Recorded. The case is now Security notified."
MAIL_IS_NOT_A_CALL = (
    "Mailed to {to}. This is not the call: once you have spoken to Security, record it below."
)


@dataclass(frozen=True)
class BriefingData:
    """What the dialog shows, read in one go off the UI thread."""

    briefing: Briefing
    calls: tuple[NotificationView, ...]
    mail: MailSettings
    security: ContactInfo | None


def load_briefing_data(workspace: Workspace, case_id: int) -> BriefingData:
    settings = SettingsService(workspace)
    try:
        security: ContactInfo | None = settings.contact(SECURITY_CONTACT_KEY)
    except LegalDeskError:
        security = None  # no Security entry in the directory: the fields start empty
    return BriefingData(
        briefing=security_briefing(workspace, case_id),
        calls=tuple(SecurityNotifications(workspace).for_case(case_id)),
        mail=settings.mail(),
        security=security,
    )


@dataclass(frozen=True)
class CallInput:
    person: str
    number: str
    method: str
    when: datetime


def record_call(
    workspace: Workspace, case_id: int, call: CallInput
) -> tuple[NotificationView, BriefingData]:
    """On a worker: record the call, then read the dialog's data again (the briefing
    names the case's status, which the call has just moved)."""
    view = SecurityNotifications(workspace).record(
        case_id,
        person_spoken_to=call.person,
        number_called=call.number,
        method=call.method,
        notified_at=call.when,
    )
    return view, load_briefing_data(workspace, case_id)


def send_briefing(
    workspace: Workspace,
    passwords: MailPasswords,
    case_id: int,
    briefing: Briefing,
    settings: MailSettings,
    recipient: str,
    control: SendControl,
) -> None:
    """On a worker: the keyring and the network both block."""
    mail_briefing(
        workspace,
        case_id,
        briefing,
        settings,
        passwords.get(settings),
        recipient=recipient,
        control=control,
    )


def result_text(view: NotificationView) -> str:
    if view.status_note:
        return f"Recorded. {view.status_note}"
    return MOVED


def _has_selection(widget: QObject) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.hasSelectedText()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.textCursor().hasSelection()
    return False


class _CopyWithoutSelection(QObject):
    """Lets Ctrl+C reach the dialog's "copy the briefing" shortcut from a text field
    with nothing selected (the field would otherwise take the key and copy nothing)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
            and not _has_selection(watched)
        ):
            event.ignore()
            return True
        return False


class SecurityBriefingDialog(QDialog):
    """Briefing, copy/print/mail, and the form that records the call. Open it with
    `.open()`; `recorded(case_id)` tells the case view to reload."""

    recorded = Signal(int)
    mailed = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        runner: Runner,
        case_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("security_briefing_dialog")
        self.setWindowTitle("Security briefing")
        self._workspace = workspace
        self._runner = runner
        self._case_id = case_id
        self._data: BriefingData | None = None
        self._token = 0  # bumped on close: late results update nothing on screen
        self._busy_recording = False
        self._busy_mailing = False
        # Replaced in tests: the real ones open a print dialog or the OS keyring.
        self.print_document: Callable[[QWidget, QTextDocument], bool] = print_document
        self.passwords = MailPasswords(KeyringStore())
        self._copy_filter = _CopyWithoutSelection(self)

        # The number to dial, above all else: the dialog is open during the call.
        self.call_label = QLabel()
        self.call_label.setObjectName("security_call")
        self.call_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.call_label.hide()
        self.text = QPlainTextEdit()
        self.text.setObjectName("security_briefing_text")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setTabChangesFocus(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 44)
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * 14)
        text_label = a11y.buddy_label("&Briefing to read to Security", self.text)

        self.copy_button = a11y.command_button("&Copy", "copy_briefing", self.copy_briefing)
        self.copy_button.setToolTip("Copy the briefing as text (Ctrl+C)")
        self.print_button = a11y.command_button("&Print…", "print_briefing", self.print_briefing)
        self.print_button.setToolTip("Print the briefing (Ctrl+P)")
        self.mail_button = a11y.command_button(
            "Send by &mail…", "mail_briefing", self.show_mail_row
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("security_progress")
        self.progress.setRange(0, 0)  # sending has no steps to count
        self.progress.setMaximumWidth(120)
        self.progress.setAccessibleName("Working")
        self.progress.hide()
        actions = QHBoxLayout()
        for button in (self.copy_button, self.print_button, self.mail_button):
            actions.addWidget(button)
        actions.addWidget(self.progress)
        actions.addStretch(1)

        self.recipient = QLineEdit()
        self.recipient.setObjectName("security_recipient")
        self.recipient.setMaxLength(300)
        self.recipient.setPlaceholderText("security@district.example")
        self.send_button = a11y.command_button("&Send", "send_briefing", self.send_mail)
        self.cancel_send_button = a11y.command_button(
            "Cancel sendin&g", "cancel_briefing_mail", self.cancel_sending
        )
        self.cancel_send_button.setToolTip("Stop sending (Esc); nothing is recorded")
        self.cancel_send_button.hide()
        self._send_control: SendControl | None = None
        self.mail_row = QWidget()
        mail_layout = QHBoxLayout(self.mail_row)
        mail_layout.setContentsMargins(0, 0, 0, 0)
        mail_layout.addWidget(a11y.buddy_label("T&o", self.recipient))
        mail_layout.addWidget(self.recipient, 1)
        mail_layout.addWidget(self.send_button)
        mail_layout.addWidget(self.cancel_send_button)
        self.mail_row.hide()

        self.status = QLabel()
        self.status.setObjectName("security_status")
        self.status.setWordWrap(True)

        self.person = QLineEdit()
        self.person.setObjectName("security_person")
        self.person.setMaxLength(200)
        self.person.setPlaceholderText("Name (and rank) of the officer at Security")
        self.when = DateTimeField()
        self.when.setObjectName("security_when")
        self.when.setDisplayFormat(DATE_TIME_FORMAT)
        self.method = QComboBox()
        self.method.setObjectName("security_method")
        self.method.setEditable(True)
        self.method.addItems(list(METHODS))
        self.method.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.method.lineEdit()
        if line is not None:
            line.setMaxLength(40)
        self.number = QLineEdit()
        self.number.setObjectName("security_number")
        self.number.setMaxLength(40)
        self.record_button = a11y.command_button("&Record", "record_call", self.record)
        self.record_button.setToolTip("Record the call (Ctrl+Enter)")
        self.record_message = QLabel()
        self.record_message.setObjectName("security_record_message")
        self.record_message.setWordWrap(True)
        form_box = QGroupBox("Record the call to Security")
        form = QFormLayout(form_box)
        a11y.add_row(form, "P&erson spoken to", self.person)
        a11y.add_row(form, "&When", self.when)
        a11y.add_row(form, "&How", self.method)
        a11y.add_row(form, "&Number called", self.number)
        record_row = QHBoxLayout()
        record_row.addWidget(self.record_button)
        record_row.addWidget(self.record_message, 1)
        form.addRow(record_row)

        self.calls = CallsList()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        a11y.name_buttons(buttons)
        for close in buttons.buttons():
            # Enter in a field must not close the dialog with the call unrecorded.
            if isinstance(close, QPushButton):
                close.setAutoDefault(False)
                close.setDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.call_label)
        layout.addWidget(text_label)
        layout.addWidget(self.text, 1)
        layout.addLayout(actions)
        layout.addWidget(self.mail_row)
        layout.addWidget(self.status)
        layout.addWidget(form_box)
        layout.addWidget(self.calls)
        layout.addWidget(buttons)

        for field in (self.text, self.recipient, self.person, self.number, line):
            if field is not None:
                field.installEventFilter(self._copy_filter)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.copy_briefing)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Print), self.print_briefing)
        self._shortcut(QKeySequence("Ctrl+Return"), self.record)
        self._shortcut(QKeySequence("Ctrl+Enter"), self.record)

        self._reset_time()
        self._set_loaded(False)
        self.reload()

    def _shortcut(self, keys: QKeySequence, slot: Callable[[], object]) -> QShortcut:
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    # ----- loading -----

    @property
    def case_id(self) -> int:
        return self._case_id

    @property
    def briefing(self) -> Briefing | None:
        return self._data.briefing if self._data is not None else None

    def reload(self) -> None:
        token = self._token
        if self._data is None:
            self.text.setPlainText(LOADING)

        def loaded(data: BriefingData) -> None:
            if token == self._token and shiboken6.isValid(self):
                self._show(data)

        def failed(exc: BaseException) -> None:
            if token == self._token and shiboken6.isValid(self):
                self.text.setPlainText("")
                self._say(user_message(exc), error=True)

        self._runner.run(
            partial(load_briefing_data, self._workspace, self._case_id), loaded, failed
        )

    def _show(self, data: BriefingData) -> None:
        first = self._data is None
        self._data = data
        self.setWindowTitle(f"Security briefing: case {data.briefing.reference}")
        self.text.setPlainText(data.briefing.text)
        self.calls.set_calls(data.calls)
        if data.security is not None and data.security.dial_text.strip():
            font = self.call_label.font()
            font.setBold(True)
            self.call_label.setFont(font)
            self.call_label.setText(f"Call {data.security.label}: {data.security.dial_text}")
            self.call_label.show()
        if first and data.security is not None:
            # Only into empty fields: what the user typed while loading stays.
            if not self.number.text().strip():
                self.number.setText(data.security.dial_text)
            if not self.recipient.text().strip():
                self.recipient.setText(data.security.email)
        if first:
            kept = take_draft(self._workspace, self._case_id, SECURITY_CALL_FORM)
            if kept is not None:
                self._restore_call(kept)
        self._set_loaded(True)

    # ----- the call typed when the window locked -----

    def lock_draft(self) -> tuple[int, str, dict[str, str]] | None:
        """The call being typed, for keeping when the window locks (`KeepsDraft`)."""
        if not self.isVisible() or self._busy_recording:
            return None
        if not self.person.text().strip() and not self.number.isModified():
            return None  # nothing typed: the number may be the prefilled one
        return (
            self._case_id,
            SECURITY_CALL_FORM,
            {
                "person": self.person.text(),
                "number": self.number.text(),
                "method": self.method.currentText(),
                "when": from_qdatetime(self.when.dateTime()).isoformat(),
            },
        )

    def _restore_call(self, kept: FormDraft) -> None:
        values = kept.values
        self.person.setText(values.get("person", ""))
        if values.get("number"):
            self.number.setText(values["number"])
            self.number.setModified(True)
        if values.get("method"):
            self.method.setCurrentText(values["method"])
        with contextlib.suppress(KeyError, ValueError):  # else it stays prefilled with now
            self.when.setDateTime(to_qdatetime(datetime.fromisoformat(values["when"])))
        self._show_record_message(restored_text(kept))

    def _set_loaded(self, loaded: bool) -> None:
        mail_ready = loaded and self._data is not None and self._data.mail.configured
        self.copy_button.setEnabled(loaded)
        self.print_button.setEnabled(loaded)
        self.mail_button.setEnabled(mail_ready and not self._busy_mailing)
        self.mail_button.setToolTip(
            "Mail the briefing through the mail server set in Workspace > Mail server"
            if mail_ready or not loaded
            else NO_MAIL
        )
        self.send_button.setEnabled(mail_ready and not self._busy_mailing)
        self.record_button.setEnabled(loaded and not self._busy_recording)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {URGENT_COLOR.name()};" if error else "")

    def _reset_time(self) -> None:
        now = self._workspace.clock().replace(second=0, microsecond=0)
        self.when.setDateTime(to_qdatetime(now))

    # ----- copy, print, mail -----

    def copy_briefing(self) -> None:
        if self._data is None:
            return
        copy_case_data(self._data.briefing.text)
        self._say("Copied the briefing to the clipboard.")

    def print_briefing(self) -> None:
        if self._data is None:
            return
        document = QTextDocument()
        document.setPlainText(self._data.briefing.text)
        if self.print_document(self, document):
            self._say("Sent the briefing to the printer.")

    def show_mail_row(self) -> None:
        if not self.mail_button.isEnabled():
            return
        self.mail_row.show()
        self.recipient.setFocus()
        self.recipient.selectAll()

    def send_mail(self) -> None:
        data = self._data
        if data is None or self._busy_mailing:
            return
        if not data.mail.configured:
            self._say(NO_MAIL, error=True)
            return
        to = self.recipient.text().strip()
        if not to:
            self._say("Enter Security's e-mail address in To.", error=True)
            self.recipient.setFocus()
            return
        if not is_address(to):
            self._say(f"{to} is not an e-mail address.", error=True)
            self.recipient.setFocus()
            return
        token = self._token
        control = SendControl()
        self._send_control = control
        self._set_mailing(True)
        self._say(f"Sending the briefing to {to}…")

        def sent(_result: object) -> None:
            if not shiboken6.isValid(self):
                return
            self.mailed.emit(self._case_id)
            if token == self._token:
                self._set_mailing(False)
                self._say(MAIL_IS_NOT_A_CALL.format(to=to))

        def failed(exc: BaseException) -> None:
            if token == self._token and shiboken6.isValid(self):
                self._set_mailing(False)
                quiet = isinstance(exc, MailCancelledError) and not exc.maybe_sent
                self._say(user_message(exc), error=not quiet)

        self._runner.run(
            partial(
                send_briefing,
                self._workspace,
                self.passwords,
                self._case_id,
                data.briefing,
                data.mail,
                to,
                control,
            ),
            sent,
            failed,
        )

    def _set_mailing(self, busy: bool) -> None:
        self._busy_mailing = busy
        self.progress.setVisible(busy or self._busy_recording)
        self.cancel_send_button.setVisible(busy)
        self.cancel_send_button.setEnabled(busy)
        if not busy:
            self._send_control = None
        self._set_loaded(self._data is not None)

    def cancel_sending(self) -> None:
        """Stop the briefing's e-mail (Esc while sending): nothing is sent or recorded,
        unless the server was already taking it (then the message says so)."""
        control = self._send_control
        if control is None or not self._busy_mailing or control.cancelled:
            return
        control.cancel()
        self.cancel_send_button.setEnabled(False)
        self._say("Cancelling…")

    # ----- recording the call -----

    def call_input(self) -> CallInput:
        return CallInput(
            person=self.person.text(),
            number=self.number.text(),
            method=self.method.currentText(),
            when=from_qdatetime(self.when.dateTime()),
        )

    def record(self) -> None:
        if self._data is None or self._busy_recording:
            return
        call = self.call_input()
        # The core checks these too; asking here keeps the message beside the field.
        problem = ""
        field: QWidget | None = None
        if not call.person.strip():
            problem, field = "Enter the name of the person you spoke to at Security.", self.person
        elif not call.number.strip():
            problem, field = "Enter the number called (or the address written to).", self.number
        elif call.when > self._workspace.clock():
            problem = "The time Security was notified cannot be in the future."
            field = self.when
        if field is not None:
            self._show_record_message(problem, error=True)
            field.setFocus()
            return
        token = self._token
        self._busy_recording = True
        self.progress.show()
        self._set_loaded(True)
        self._show_record_message("Recording…")

        def done(result: tuple[NotificationView, BriefingData]) -> None:
            if not shiboken6.isValid(self):
                return
            view, data = result
            # The case view reloads even when the dialog was closed meanwhile.
            self.recorded.emit(self._case_id)
            if token != self._token:
                return
            self._busy_recording = False
            self.progress.setVisible(self._busy_mailing)
            self._show(data)
            self._show_record_message(result_text(view))
            self.person.clear()
            self.number.setModified(False)  # recorded: nothing left to keep at a lock
            self._reset_time()

        def failed(exc: BaseException) -> None:
            if token != self._token or not shiboken6.isValid(self):
                return
            self._busy_recording = False
            self.progress.setVisible(self._busy_mailing)
            self._set_loaded(True)
            self._show_record_message(user_message(exc), error=True)

        self._runner.run(partial(record_call, self._workspace, self._case_id, call), done, failed)

    def _show_record_message(self, text: str, *, error: bool = False) -> None:
        self.record_message.setText(text)
        self.record_message.setStyleSheet(f"color: {URGENT_COLOR.name()};" if error else "")

    # ----- closing -----

    def reject(self) -> None:
        """Esc while the briefing is being mailed cancels the sending first."""
        control = self._send_control
        if self._busy_mailing and control is not None and not control.cancelled:
            self.cancel_sending()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._token += 1  # anything still running reports nowhere on screen
        self._busy_recording = self._busy_mailing = False
        self.progress.hide()
        # The briefing names the school, the officers and the advice: it does not stay
        # in a closed dialog (the window may be locking).
        self.text.clear()
        self.call_label.clear()
        self.calls.set_calls(())
        super().done(result)
