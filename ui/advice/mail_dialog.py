"""Workspace > Mail server: where advice is sent from, and the letterhead on its PDFs.

The password goes to the OS keyring only (never the settings); an empty password
field keeps the stored one. "Send a test message" mails the sender address, off the
UI thread, so a wrong setting shows up before a real advice is sent.
"""

from __future__ import annotations

from functools import partial

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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from legal_desk.advice.letters import Letterhead
from legal_desk.advice.mail import MailPasswords, MailSecurity, MailSettings, send
from legal_desk.errors import LegalDeskError
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from ui import a11y
from ui.errors import user_message
from ui.formatting import URGENT_COLOR
from ui.tasks import Runner

TEST_SUBJECT = "Legal Desk: test message"


def _test_message(settings: MailSettings) -> bytes:
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    message = EmailMessage()
    message["Subject"] = TEST_SUBJECT
    message["From"] = settings.sender
    message["To"] = settings.sender
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="legal-desk.invalid")
    message.set_content("Legal Desk can send advice through this mail server.")
    return message.as_bytes()


def send_test(settings: MailSettings, password: str | None) -> None:
    """On a worker thread: mail the sender address through `settings`."""
    send(_test_message(settings), settings, password, recipient=settings.sender_address)


class MailDialog(QDialog):
    """Edits the mail server, its password (keyring) and the letterhead."""

    def __init__(
        self,
        workspace: Workspace,
        passwords: MailPasswords,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mail_dialog")
        self.setWindowTitle("Mail server and letterhead")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 42)  # whole addresses
        self._settings = SettingsService(workspace)
        self._passwords = passwords
        self._runner = runner
        self._token = 0
        current = self._settings.mail()
        letterhead = self._settings.letterhead()

        self.host = QLineEdit(current.host)
        self.host.setObjectName("mail_host")
        self.host.setPlaceholderText("smtp.district.example")
        self.port = QSpinBox()
        self.port.setObjectName("mail_port")
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.security = QComboBox()
        self.security.setObjectName("mail_security")
        for choice in MailSecurity:
            self.security.addItem(choice.label, choice.value)
        self.security.setCurrentIndex(self.security.findData(current.security.value))
        self.security.activated.connect(self._security_chosen)
        self.username = QLineEdit(current.username)
        self.username.setObjectName("mail_username")
        self.password = QLineEdit()
        self.password.setObjectName("mail_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        stored = bool(current.host) and self._stored_password(current)
        self.password.setPlaceholderText(
            "stored in the system keyring: leave empty to keep it" if stored else ""
        )
        self.sender_field = QLineEdit(current.sender)
        self.sender_field.setObjectName("mail_sender")
        self.sender_field.setPlaceholderText("Office of Legal Counsel <legal@district.example>")
        server = QGroupBox("Mail server")
        server_form = QFormLayout(server)
        a11y.add_row(server_form, "Ser&ver", self.host)
        a11y.add_row(server_form, "P&ort", self.port)
        a11y.add_row(server_form, "Encr&yption", self.security)
        a11y.add_row(server_form, "&User name", self.username)
        a11y.add_row(server_form, "Pass&word", self.password)
        a11y.add_row(server_form, "&From", self.sender_field)
        self.test_button = a11y.button("Send a &test message")
        self.test_button.setObjectName("mail_test")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test)
        self.test_result = QLabel()
        self.test_result.setObjectName("mail_result")
        self.test_result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        server_form.addRow(test_row)

        self.office = QLineEdit(letterhead.name)
        self.office.setObjectName("letterhead_name")
        self.address = QPlainTextEdit(letterhead.address)
        self.address.setObjectName("letterhead_address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        self.phone = QLineEdit(letterhead.phone)
        self.phone.setObjectName("letterhead_phone")
        paper = QGroupBox("Letterhead on advice PDFs")
        paper_form = QFormLayout(paper)
        a11y.add_row(paper_form, "Offi&ce", self.office)
        a11y.add_row(paper_form, "&Address", self.address)
        a11y.add_row(paper_form, "&Phone", self.phone)

        self.error = QLabel()
        self.error.setObjectName("mail_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        a11y.name_buttons(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(server)
        layout.addWidget(paper)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _stored_password(self, settings: MailSettings) -> bool:
        try:
            return self._passwords.get(settings) is not None
        except LegalDeskError:
            return False

    def _security_chosen(self, _index: int) -> None:
        chosen = MailSecurity(self.security.currentData())
        if self.port.value() in (587, 465, 25):  # a default port follows the choice
            self.port.setValue(chosen.default_port)

    def mail_settings(self) -> MailSettings:
        return MailSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=MailSecurity(self.security.currentData()),
            username=self.username.text().strip(),
            sender=self.sender_field.text().strip(),
        )

    def _password_for(self, settings: MailSettings) -> str | None:
        typed = self.password.text()
        if typed:
            return typed
        try:
            return self._passwords.get(settings)
        except LegalDeskError:
            return None

    def save(self) -> None:
        """Keep the settings (and a typed password in the keyring); stay open on a problem."""
        settings = self.mail_settings()
        try:
            self._settings.set_mail(settings)
            if self.password.text() and settings.username:
                self._passwords.set(settings, self.password.text())
            self._settings.set_letterhead(
                Letterhead(
                    name=self.office.text(),
                    address=self.address.toPlainText(),
                    phone=self.phone.text(),
                )
            )
        except LegalDeskError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.password.clear()
        self.accept()

    def test(self) -> None:
        settings = self.mail_settings()
        if not settings.configured:
            self.test_result.setText("Enter the server and the From address first.")
            return
        self._token += 1
        token = self._token
        self.test_button.setEnabled(False)
        self.test_result.setText(f"Sending a test message to {settings.sender_address}…")

        def done(_result: object) -> None:
            if token == self._token:
                self.test_button.setEnabled(True)
                self.test_result.setText(f"Sent: check the inbox of {settings.sender_address}.")

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self.test_button.setEnabled(True)
                self.test_result.setText(user_message(exc))

        self._runner.run(partial(send_test, settings, self._password_for(settings)), done, failed)

    def reject(self) -> None:
        self._token += 1  # a test still running reports nowhere
        super().reject()


def open_mail_dialog(
    workspace: Workspace, runner: Runner, parent: QWidget | None = None
) -> MailDialog:
    from legal_desk.crypto.keyring_store import KeyringStore

    return MailDialog(workspace, MailPasswords(KeyringStore()), runner, parent)
