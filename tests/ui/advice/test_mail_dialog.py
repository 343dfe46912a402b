"""Workspace > Mail server and letterhead: settings kept, password in the keyring only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from legal_desk.advice.mail import MailPasswords, MailSecurity
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from models import Setting
from tests.conftest import MemoryKeyring
from tests.smtp import Server, start_server
from tests.ui.helpers import assert_accessible
from ui.advice.mail_dialog import TEST_SUBJECT, MailDialog
from ui.tasks import InlineRunner

SECRET = "correct-horse-mail-9"


@pytest.fixture
def passwords(memory_keyring: MemoryKeyring) -> MailPasswords:
    return MailPasswords(KeyringStore(memory_keyring))


@pytest.fixture
def dialog(qtbot: QtBot, workspace: Workspace, passwords: MailPasswords) -> MailDialog:
    made = MailDialog(workspace, passwords, InlineRunner())
    qtbot.addWidget(made)
    made.show()
    return made


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    yield from start_server()


def test_saving_keeps_the_server_and_puts_the_password_in_the_keyring_only(
    dialog: MailDialog, workspace: Workspace, passwords: MailPasswords
) -> None:
    dialog.host.setText("smtp.district.example")
    dialog.security.setCurrentIndex(dialog.security.findData(MailSecurity.TLS.value))
    dialog.port.setValue(465)
    dialog.username.setText("legal.office")
    dialog.password.setText(SECRET)
    dialog.sender_field.setText("Office of Legal Counsel <legal@district.example>")
    dialog.office.setText("Office of Legal Counsel")
    dialog.save()

    settings = SettingsService(workspace).mail()
    assert (settings.host, settings.port, settings.security) == (
        "smtp.district.example",
        465,
        MailSecurity.TLS,
    )
    assert passwords.get(settings) == SECRET
    with workspace.session() as session:
        stored = " ".join(session.scalars(select(Setting.value)))
    assert SECRET not in stored


def test_a_bad_server_name_is_shown_and_nothing_is_saved(
    dialog: MailDialog, workspace: Workspace
) -> None:
    dialog.host.setText("not a host")
    dialog.sender_field.setText("legal@district.example")
    dialog.save()
    assert dialog.isVisible()
    assert "is not a host name" in dialog.error.text()
    assert SettingsService(workspace).mail().host == ""


def test_a_test_message_reaches_the_sender(dialog: MailDialog, smtp_server: Server) -> None:
    settings = smtp_server.settings()
    dialog.host.setText(settings.host)
    dialog.port.setValue(settings.port)
    dialog.security.setCurrentIndex(dialog.security.findData(MailSecurity.NONE.value))
    dialog.port.setValue(settings.port)
    dialog.sender_field.setText(settings.sender)
    dialog.test()
    assert dialog.test_result.text().startswith("Sent: check the inbox of ")
    (message,) = smtp_server.inbox.messages()
    assert message["Subject"] == TEST_SUBJECT


def test_the_dialog_is_accessible(dialog: MailDialog) -> None:
    assert_accessible(dialog)
