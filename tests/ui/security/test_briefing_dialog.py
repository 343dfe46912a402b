"""The Security briefing dialog on a real workspace: the facts shown, copy, print, mail
through a real SMTP server, and recording the call."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from legal_desk.advice.letters import Letter
from legal_desk.advice.mail import NOT_SENT, MailPasswords, MailSecurity, MailSettings
from legal_desk.advice.sent import AdviceRecords
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.security.notifications import SecurityNotifications
from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService, StaffFacts, detail
from legal_desk.services.settings import ContactInfo, SettingsService
from legal_desk.workspace import Workspace
from models import Agency, AuditEvent, CaseStatus, DeliveryChannel, Presented
from tests.conftest import MemoryKeyring
from tests.smtp import (
    AUTH_WITHOUT_TLS,
    PASSWORD,
    USER,
    Server,
    authenticator,
    silent_server,
    start_server,
)
from tests.ui.case.conftest import StepRunner
from tests.ui.helpers import assert_accessible
from ui.clipboard import clear_case_data
from ui.intake.form import to_qdatetime
from ui.security.briefing_dialog import LOADING, MOVED, NO_MAIL, SecurityBriefingDialog
from ui.tasks import InlineRunner, TaskRunner

SECURITY_EMAIL = "security.desk@district.example"
ADVICE = (
    "<p>Dear Ms. Rivera,</p><h1>What to do now</h1><ul>"
    "<li>Do not consent to a search of non-public areas.</li></ul>"
)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Meadow Ridge Elementary",
            contact_at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
            stated_purpose="Asked to speak with a student",
            document_presented=Presented.YES,
            staff=(StaffFacts("Ana Rivera", "Principal", is_caller=True),),
            agents=(AgentFacts("Dale Norris", "ERO-40117", Agency.ICE_ERO),),
        )
    )
    AdviceRecords(workspace).record(
        Letter.from_html(case_id, None, "Administrative warrant: do not consent", ADVICE),
        DeliveryChannel.PDF,
    )
    return case_id


class Printer:
    def __init__(self) -> None:
        self.printed: list[str] = []

    def __call__(self, _parent: QWidget, document: QTextDocument) -> bool:
        self.printed.append(document.toPlainText())
        return True


def make_dialog(qtbot: QtBot, workspace: Workspace, case_id: int) -> SecurityBriefingDialog:
    dialog = SecurityBriefingDialog(workspace, InlineRunner(), case_id)
    qtbot.addWidget(dialog)
    dialog.print_document = Printer()
    return dialog


@pytest.fixture
def dialog(qtbot: QtBot, workspace: Workspace, case_id: int) -> SecurityBriefingDialog:
    return make_dialog(qtbot, workspace, case_id)


def audit_summaries(workspace: Workspace, case_id: int) -> list[str]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent.summary)
                .where(AuditEvent.case_id == case_id)
                .order_by(AuditEvent.seq)
            )
        )


def test_the_dialog_shows_the_case_facts(
    dialog: SecurityBriefingDialog, workspace: Workspace, case_id: int
) -> None:
    reference = detail(workspace, case_id).reference
    text = dialog.text.toPlainText()
    for fact in (
        reference,
        "Meadow Ridge Elementary",
        "Dale Norris",
        "ERO-40117",
        "Asked to speak with a student",
        "Document presented: yes",
        "Advice given: Administrative warrant: do not consent",
        "Do not consent to a search of non-public areas.",
    ):
        assert fact in text, fact
    assert dialog.text.isReadOnly()
    assert reference in dialog.windowTitle()
    assert dialog.number.text() == "(303) 365-7816"  # the seeded Security contact
    assert dialog.calls.count == 0 and dialog.calls.empty.isVisibleTo(dialog)
    assert_accessible(dialog)


def test_copy_puts_the_briefing_on_the_clipboard(dialog: SecurityBriefingDialog) -> None:
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == dialog.text.toPlainText()
    assert "Meadow Ridge Elementary" in QApplication.clipboard().text()
    assert "Copied" in dialog.status.text()
    assert clear_case_data()  # marked as case data: locking takes it off the clipboard
    assert QApplication.clipboard().text() == ""


def test_keyboard_copy_print_and_record(
    qtbot: QtBot, dialog: SecurityBriefingDialog, workspace: Workspace, case_id: int
) -> None:
    dialog.show()
    with qtbot.waitActive(dialog):  # shortcuts reach only the active window
        dialog.activateWindow()
    QApplication.clipboard().clear()
    dialog.person.setFocus()
    qtbot.keyClick(dialog.person, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert "Meadow Ridge Elementary" in QApplication.clipboard().text()

    # A selection in a field is copied as usual.
    qtbot.keyClicks(dialog.person, "Sgt. Ortiz")
    dialog.person.selectAll()
    qtbot.keyClick(dialog.person, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "Sgt. Ortiz"

    qtbot.keyClick(dialog.person, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    printer = dialog.print_document
    assert isinstance(printer, Printer) and printer.printed == [dialog.text.toPlainText()]

    with qtbot.waitSignal(dialog.recorded, check_params_cb=lambda c: c == case_id):
        qtbot.keyClick(dialog.person, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert detail(workspace, case_id).status is CaseStatus.SECURITY_NOTIFIED

    qtbot.keyClick(dialog.person, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_recording_moves_the_case_and_lists_the_call(
    qtbot: QtBot, dialog: SecurityBriefingDialog, workspace: Workspace, case_id: int
) -> None:
    when = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=12)
    qtbot.keyClicks(dialog.person, "Officer Lee")
    dialog.when.setDateTime(to_qdatetime(when))
    dialog.method.setCurrentText("radio")

    with qtbot.waitSignal(dialog.recorded, check_params_cb=lambda c: c == case_id):
        dialog.record_button.click()

    assert dialog.record_message.text() == MOVED
    assert detail(workspace, case_id).status is CaseStatus.SECURITY_NOTIFIED
    (call,) = SecurityNotifications(workspace).for_case(case_id)
    assert (call.person_spoken_to, call.method, call.number_called, call.notified_at) == (
        "Officer Lee",
        "radio",
        "(303) 365-7816",
        when,
    )
    ((_, person, how, number, by),) = dialog.calls.rows()
    assert (person, how, number, by) == ("Officer Lee", "radio", "(303) 365-7816", "Tess Tester")
    assert "status: Security notified" in dialog.text.toPlainText()  # the briefing reloaded
    assert dialog.person.text() == ""  # ready for another call, not a double record


@pytest.mark.parametrize(
    ("person", "later", "message"),
    [
        ("", timedelta(0), "name of the person"),
        ("Officer Lee", timedelta(hours=2), "cannot be in the future"),
    ],
)
def test_invalid_input_says_why_and_records_nothing(
    qtbot: QtBot,
    dialog: SecurityBriefingDialog,
    workspace: Workspace,
    case_id: int,
    person: str,
    later: timedelta,
    message: str,
) -> None:
    before = audit_summaries(workspace, case_id)
    dialog.person.setText(person)
    dialog.when.setDateTime(to_qdatetime(datetime.now(UTC) + later))
    with qtbot.assertNotEmitted(dialog.recorded):
        dialog.record_button.click()

    assert message in dialog.record_message.text()
    assert "\n" not in dialog.record_message.text()
    assert SecurityNotifications(workspace).for_case(case_id) == []
    assert audit_summaries(workspace, case_id) == before
    assert detail(workspace, case_id).status is CaseStatus.ADVICE_SENT


def test_a_closed_case_records_the_call_and_says_it_stays_closed(
    qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    CaseService(workspace).set_status(
        case_id, CaseStatus.CLOSED, "done elsewhere", override_open_items=True
    )
    dialog = make_dialog(qtbot, workspace, case_id)
    dialog.person.setText("Officer Lee")
    dialog.record_button.click()
    assert "stays Closed" in dialog.record_message.text()
    assert dialog.calls.count == 1


def test_past_calls_are_listed_when_the_dialog_opens(
    qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    notifications = SecurityNotifications(workspace)
    notifications.record(case_id, person_spoken_to="Officer Lee", number_called="3033657816")
    notifications.record(
        case_id, person_spoken_to="Sgt. Ortiz", number_called="7205550142", method="in person"
    )
    dialog = make_dialog(qtbot, workspace, case_id)
    people = [row[1] for row in dialog.calls.rows()]
    assert sorted(people) == ["Officer Lee", "Sgt. Ortiz"]
    assert dialog.calls.tree.isVisibleTo(dialog)
    assert_accessible(dialog)


# ----- mail -----


def test_send_is_disabled_without_smtp_settings(dialog: SecurityBriefingDialog) -> None:
    assert not dialog.mail_button.isEnabled()
    assert dialog.mail_button.toolTip() == NO_MAIL
    dialog.show_mail_row()
    assert not dialog.mail_row.isVisibleTo(dialog)


@pytest.fixture
def mail_server(workspace: Workspace) -> Iterator[Server]:
    for server in start_server(
        authenticator=authenticator, auth_required=True, auth_require_tls=False
    ):
        SettingsService(workspace).set_mail(server.settings(username=USER))
        yield server


@pytest.fixture
def mail_dialog(
    qtbot: QtBot,
    workspace: Workspace,
    case_id: int,
    mail_server: Server,
    memory_keyring: MemoryKeyring,
) -> SecurityBriefingDialog:
    settings = SettingsService(workspace)
    settings.update_contact(
        ContactInfo("security", "District Security", "(303) 365-7816", "", SECURITY_EMAIL)
    )
    dialog = make_dialog(qtbot, workspace, case_id)
    dialog.passwords = MailPasswords(KeyringStore(memory_keyring))
    return dialog


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_the_mailed_briefing_arrives_and_does_not_count_as_the_call(
    qtbot: QtBot,
    mail_dialog: SecurityBriefingDialog,
    workspace: Workspace,
    case_id: int,
    mail_server: Server,
) -> None:
    mail_dialog.passwords.set(SettingsService(workspace).mail(), PASSWORD)
    assert mail_dialog.mail_button.isEnabled()
    mail_dialog.mail_button.click()
    assert mail_dialog.mail_row.isVisibleTo(mail_dialog)
    assert mail_dialog.recipient.text() == SECURITY_EMAIL  # from the contact settings
    assert_accessible(mail_dialog)

    with qtbot.waitSignal(mail_dialog.mailed):
        mail_dialog.send_button.click()

    (message,) = mail_server.inbox.messages()
    assert message["To"] == SECURITY_EMAIL
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == mail_dialog.text.toPlainText()
    assert "Meadow Ridge Elementary" in body.get_content()
    assert mail_dialog.status.text().startswith(f"Mailed to {SECURITY_EMAIL}")
    assert any("Security briefing mailed to" in s for s in audit_summaries(workspace, case_id))
    assert detail(workspace, case_id).status is CaseStatus.ADVICE_SENT  # not notified
    assert SecurityNotifications(workspace).for_case(case_id) == []


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_refused_login_is_one_line_and_records_nothing(
    mail_dialog: SecurityBriefingDialog,
    workspace: Workspace,
    case_id: int,
    mail_server: Server,
) -> None:
    mail_dialog.passwords.set(SettingsService(workspace).mail(), "not the password")
    before = audit_summaries(workspace, case_id)
    mail_dialog.mail_button.click()
    mail_dialog.send_button.click()

    status = mail_dialog.status.text()
    assert "refused the login" in status and "\n" not in status
    assert mail_server.inbox.envelopes == []
    assert audit_summaries(workspace, case_id) == before
    assert mail_dialog.send_button.isEnabled()  # may try again


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_bad_address_is_refused_before_sending(
    mail_dialog: SecurityBriefingDialog, mail_server: Server
) -> None:
    mail_dialog.mail_button.click()
    mail_dialog.recipient.setText("security desk")
    mail_dialog.send_button.click()
    assert "is not an e-mail address" in mail_dialog.status.text()
    assert mail_server.inbox.envelopes == []


# ----- background work -----


def test_nothing_can_be_done_before_the_briefing_is_read(
    qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    runner = StepRunner()
    dialog = SecurityBriefingDialog(workspace, runner, case_id)
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == LOADING
    assert not dialog.copy_button.isEnabled() and not dialog.record_button.isEnabled()

    runner.step()

    assert "Meadow Ridge Elementary" in dialog.text.toPlainText()
    assert dialog.copy_button.isEnabled() and dialog.record_button.isEnabled()
    assert dialog.call_label.text() == "Call District Security: (303) 365-7816"


def test_closing_while_recording_still_tells_the_case_view(
    qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    runner = StepRunner()
    dialog = SecurityBriefingDialog(workspace, runner, case_id)
    qtbot.addWidget(dialog)
    runner.step()
    dialog.person.setText("Officer Lee")
    dialog.record_button.click()
    assert not dialog.record_button.isEnabled() and dialog.progress.isVisibleTo(dialog)
    dialog.reject()

    with qtbot.waitSignal(dialog.recorded):
        runner.step()

    assert detail(workspace, case_id).status is CaseStatus.SECURITY_NOTIFIED
    assert dialog.calls.count == 0  # the closed dialog was not updated


def test_a_real_worker_thread_loads_and_records(
    qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    runner = TaskRunner()
    dialog = SecurityBriefingDialog(workspace, runner, case_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.record_button.isEnabled())
    dialog.person.setText("Officer Lee")
    with qtbot.waitSignal(dialog.recorded):
        dialog.record_button.click()
    qtbot.waitUntil(lambda: dialog.calls.count == 1)
    assert dialog.record_message.text() == MOVED
    runner.wait_for_done()


def test_esc_while_mailing_cancels_the_send_and_keeps_the_dialog_open(
    qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    pool = QThreadPool()  # a real worker thread: the send blocks on the network
    dialog = SecurityBriefingDialog(workspace, TaskRunner(pool), case_id)
    qtbot.addWidget(dialog)
    with silent_server() as (port, listener):
        SettingsService(workspace).set_mail(
            MailSettings("127.0.0.1", port, MailSecurity.NONE, "", f"Legal Office <{USER}>")
        )
        dialog.open()
        qtbot.waitUntil(lambda: dialog.mail_button.isEnabled(), timeout=10_000)
        dialog.mail_button.click()
        dialog.recipient.setText(SECURITY_EMAIL)
        dialog.send_button.click()
        connection, _ = listener.accept()  # connected; the server never greets
        with connection:
            assert dialog.cancel_send_button.isVisible()
            qtbot.keyClick(dialog.recipient, Qt.Key.Key_Escape)
            assert dialog.isVisible()  # Esc cancelled the send, not the dialog
            qtbot.waitUntil(lambda: not dialog.cancel_send_button.isVisible(), timeout=10_000)
    pool.waitForDone()

    assert dialog.status.text() == NOT_SENT
    assert dialog.send_button.isEnabled()
    assert not any("mailed" in s for s in audit_summaries(workspace, case_id))
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Escape)  # nothing running: Esc closes
    assert not dialog.isVisible()
