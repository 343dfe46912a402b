"""The Advice section on a real workspace: suggestion, questions, edits, every delivery."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from legal_desk.advice.drafts import AdviceDrafts
from legal_desk.advice.mail import NOT_SENT, MailPasswords, MailSecurity, MailSettings
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.documents import DocumentStore, specimens
from legal_desk.services.cases import (
    AgentFacts,
    CaseIntake,
    CaseService,
    StaffFacts,
    detail,
)
from legal_desk.services.classification import ClassificationService
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from models import Agency, CaseStatus, DeliveryChannel, RequestType, SentAdvice
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
from tests.ui.helpers import assert_accessible
from ui.advice.panel import AdvicePanel
from ui.clipboard import CASE_DATA_FORMAT
from ui.tasks import InlineRunner, TaskRunner

WHERE = "Where is the officer waiting now?"
MINUTES = "Minutes until we call back"


@pytest.fixture
def i200_case(workspace: Workspace) -> int:
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Meadow Ridge Elementary",
            request_type=RequestType.STUDENT_ACCESS,
            staff=(
                StaffFacts(
                    "Ana Rivera", "Principal", email="a.rivera@district.example", is_caller=True
                ),
            ),
            agents=(AgentFacts("Dale Norris", "ERO-40117", Agency.ICE_ERO),),
        )
    )
    pdf = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )
    document_id = DocumentStore(workspace).attach(case_id, "i200.pdf", pdf)
    ClassificationService(workspace).run(document_id)
    return case_id


class Recorder:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.questions: list[str] = []
        self.answer = True

    def show_error(self, _parent: QWidget | None, message: str) -> None:
        self.errors.append(message)

    def confirm(self, _parent: QWidget, _title: str, text: str) -> bool:
        self.questions.append(text)
        return self.answer


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def panel(qtbot: QtBot, workspace: Workspace, i200_case: int, recorder: Recorder) -> AdvicePanel:
    made = AdvicePanel(InlineRunner())
    made.show_error = recorder.show_error
    made.confirm = recorder.confirm
    qtbot.addWidget(made)
    made.resize(900, 800)
    made.show()
    made.set_case(workspace, i200_case)
    return made


def answer(panel: AdvicePanel, where: str = "in the front office", minutes: str = "10") -> None:
    panel.answers[WHERE].setText(where)
    panel.answers[MINUTES].setText(minutes)


def sent_rows(workspace: Workspace) -> list[SentAdvice]:
    with workspace.session() as session:
        return list(session.scalars(select(SentAdvice)))


def test_the_fitting_template_is_suggested_and_filled_with_the_case(panel: AdvicePanel) -> None:
    assert panel.template_combo.currentText() == "Administrative warrant presented (suggested)"
    text = panel.editor.text()
    assert "Dear Ana Rivera" in text
    assert "(I-200)" in text
    assert "(303) 365-7816" in text
    assert panel.subject.text().endswith("administrative warrant at Meadow Ridge Elementary")
    assert panel.recipient.text() == "a.rivera@district.example"


def test_questions_fill_the_text_and_empty_ones_are_listed(panel: AdvicePanel) -> None:
    assert set(panel.answers) == {WHERE, MINUTES}
    assert panel.warning.isVisible()
    assert WHERE in panel.warning.text() and MINUTES in panel.warning.text()
    answer(panel)
    assert "They are now waiting: in the front office." in panel.editor.text()
    assert not panel.warning.isVisible()


def test_hand_edits_are_kept_until_the_attorney_refills(
    panel: AdvicePanel, recorder: Recorder
) -> None:
    panel.editor.rich.append("A sentence of my own.")
    answer(panel)
    assert "A sentence of my own." in panel.editor.text()
    assert "waiting: in the front office" not in panel.editor.text()  # edit kept
    assert panel.refill_button.isVisible()
    panel.refill()
    assert recorder.questions  # asked before replacing the edit
    assert "A sentence of my own." not in panel.editor.text()
    assert "waiting: in the front office" in panel.editor.text()


def test_another_template_can_be_chosen(panel: AdvicePanel) -> None:
    index = panel.template_combo.findData("hold_and_wait")
    panel.template_combo.setCurrentIndex(index)
    assert "We are reviewing the request now." in panel.editor.text()
    assert panel.answers == {}


def test_copy_puts_both_forms_on_the_clipboard_and_records_the_advice(
    qtbot: QtBot, panel: AdvicePanel, workspace: Workspace, i200_case: int
) -> None:
    answer(panel)
    with qtbot.waitSignal(panel.advice_sent):
        panel.copy_to_clipboard()
    mime = QApplication.clipboard().mimeData()
    assert mime.hasFormat(CASE_DATA_FORMAT)  # so locking takes it off the clipboard
    assert "Dear Ana Rivera" in mime.text()
    assert "<p>" in mime.html()
    (row,) = sent_rows(workspace)
    assert row.channel is DeliveryChannel.CLIPBOARD
    assert row.body_text == panel.editor.text()
    assert detail(workspace, i200_case).status is CaseStatus.ADVICE_SENT
    assert panel.sent_list.count == 1


def test_empty_placeholders_are_confirmed_before_anything_is_delivered(
    panel: AdvicePanel, workspace: Workspace, recorder: Recorder
) -> None:
    recorder.answer = False
    panel.copy_to_clipboard()
    assert WHERE in recorder.questions[0]
    assert sent_rows(workspace) == []


def test_save_eml_writes_a_message_that_parses_back(
    panel: AdvicePanel, workspace: Workspace, tmp_path: Path
) -> None:
    answer(panel)
    target = tmp_path / "advice.eml"
    panel.choose_save_path = lambda *_args: target
    panel.save_eml()
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message["To"] == "a.rivera@district.example"
    assert "Meadow Ridge Elementary" in message["Subject"]
    body = message.get_body(("plain",))
    assert body is not None and "in the front office" in body.get_content()
    (row,) = sent_rows(workspace)
    assert (row.channel, row.recipient) == (DeliveryChannel.EML, "a.rivera@district.example")


def test_export_pdf_holds_the_advice(
    panel: AdvicePanel, workspace: Workspace, tmp_path: Path
) -> None:
    answer(panel)
    target = tmp_path / "advice.pdf"
    panel.choose_save_path = lambda *_args: target
    panel.export_pdf()
    with pymupdf.open(target) as pdf:
        # Ligatures expanded, as a search in a PDF reader sees the words.
        flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
        text = " ".join(page.get_text(flags=flags) for page in pdf)
    assert "Dear Ana Rivera" in text
    assert "in the front office" in " ".join(text.split())
    assert sent_rows(workspace)[0].channel is DeliveryChannel.PDF


def test_a_cancelled_save_records_nothing(panel: AdvicePanel, workspace: Workspace) -> None:
    answer(panel)
    panel.choose_save_path = lambda *_args: None
    panel.export_pdf()
    assert sent_rows(workspace) == []


def test_sending_without_a_mail_server_says_how_to_set_one_up(
    panel: AdvicePanel, workspace: Workspace, recorder: Recorder
) -> None:
    answer(panel)
    panel.send_mail()
    assert "No mail server is set up" in recorder.errors[0]
    assert sent_rows(workspace) == []


def test_clear_leaves_no_advice_on_screen(panel: AdvicePanel) -> None:
    answer(panel)
    panel.clear()
    assert panel.editor.text() == ""
    assert panel.subject.text() == "" and panel.recipient.text() == ""
    assert panel.template_combo.count() == 0
    assert panel.answers == {}


def test_the_panel_is_accessible(panel: AdvicePanel) -> None:
    assert_accessible(panel)


# ----- drafts -----


def test_advice_being_written_is_kept_and_restored(
    qtbot: QtBot, panel: AdvicePanel, workspace: Workspace, i200_case: int
) -> None:
    answer(panel, where="by the flagpole")
    panel.editor.rich.append("Call me on my cell if he comes back.")
    panel.clear()  # the lock path (and closing the case)

    again = AdvicePanel(InlineRunner())
    qtbot.addWidget(again)
    again.set_case(workspace, i200_case)

    assert "Call me on my cell if he comes back." in again.editor.text()
    assert again.answers[WHERE].text() == "by the flagpole"
    assert again.editor.edited_by_hand  # answers changed later do not overwrite it
    assert again.status.text().startswith("Restored the draft kept on ")
    again.clear()


def test_an_untouched_composer_keeps_no_draft(
    panel: AdvicePanel, workspace: Workspace, i200_case: int
) -> None:
    panel.clear()
    assert AdviceDrafts(workspace).load(i200_case) is None


def test_delivering_the_advice_discards_its_draft(
    panel: AdvicePanel, workspace: Workspace, i200_case: int
) -> None:
    QTest.keyClicks(panel.answers[WHERE], "in the front office")
    assert panel.save_draft() is True
    assert AdviceDrafts(workspace).load(i200_case) is not None
    panel.copy_to_clipboard()
    assert AdviceDrafts(workspace).load(i200_case) is None
    panel.clear()
    assert AdviceDrafts(workspace).load(i200_case) is None


# ----- e-mail through a real local SMTP server -----


@pytest.fixture
def mail_server(workspace: Workspace) -> Iterator[Server]:
    for server in start_server(
        authenticator=authenticator, auth_required=True, auth_require_tls=False
    ):
        SettingsService(workspace).set_mail(server.settings(username=USER))
        yield server


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_send_e_mail_delivers_to_the_school_and_records_it(
    qtbot: QtBot,
    recorder: Recorder,
    panel: AdvicePanel,
    workspace: Workspace,
    i200_case: int,
    mail_server: Server,
    memory_keyring: MemoryKeyring,
) -> None:
    panel.passwords = MailPasswords(KeyringStore(memory_keyring))
    panel.passwords.set(SettingsService(workspace).mail(), PASSWORD)
    answer(panel)
    with qtbot.waitSignal(panel.advice_sent, timeout=1000, raising=False):
        panel.send_mail()
    assert recorder.errors == []
    assert panel.status.text().startswith("Sent to a.rivera@district.example")
    (message,) = mail_server.inbox.messages()
    assert message["To"] == "a.rivera@district.example"
    assert "Meadow Ridge Elementary" in message["Subject"]
    body = message.get_body(("plain",))
    assert body is not None and "in the front office" in body.get_content()
    assert message["X-Unsent"] is None  # a sent message, not a draft
    (row,) = sent_rows(workspace)
    assert (row.channel, row.recipient) == (DeliveryChannel.SMTP, "a.rivera@district.example")
    assert detail(workspace, i200_case).status is CaseStatus.ADVICE_SENT


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_refused_login_says_so_and_keeps_the_draft(
    panel: AdvicePanel,
    workspace: Workspace,
    i200_case: int,
    mail_server: Server,
    memory_keyring: MemoryKeyring,
    recorder: Recorder,
) -> None:
    panel.passwords = MailPasswords(KeyringStore(memory_keyring))
    panel.passwords.set(SettingsService(workspace).mail(), "not the password")
    answer(panel)
    before = panel.editor.text()
    panel.send_mail()
    assert len(recorder.errors) == 1 and "login" in recorder.errors[0].lower()
    assert panel.editor.text() == before
    assert mail_server.inbox.envelopes == []
    assert sent_rows(workspace) == []
    assert detail(workspace, i200_case).status is CaseStatus.NEW
    assert panel.send_button.isEnabled()


def test_a_document_checked_later_changes_the_suggestion(
    qtbot: QtBot, workspace: Workspace
) -> None:
    case_id = CaseService(workspace).create(
        CaseIntake(school="North Cedar Middle School", request_type=RequestType.STUDENT_ACCESS)
    )
    made = AdvicePanel(InlineRunner())
    qtbot.addWidget(made)
    made.set_case(workspace, case_id)
    template = made.current_template()
    assert template is not None and template.key == "hold_and_wait"

    pdf = specimens.judicial_search_warrant_pdf(
        specimens.SearchWarrant(
            issued=datetime(2026, 3, 2, 17, tzinfo=UTC), execute_by=date(2026, 3, 14)
        )
    )
    document_id = DocumentStore(workspace).attach(case_id, "ao93.pdf", pdf)
    ClassificationService(workspace).run(document_id)
    made.reload()

    assert made.template_combo.currentText() == "Judicial warrant presented (suggested)"
    assert "warrant issued by a federal court" in made.editor.text()
    made.clear()


def test_a_template_the_attorney_chose_stays_when_the_suggestion_changes(
    panel: AdvicePanel,
) -> None:
    index = panel.template_combo.findData("records_request")
    panel.template_combo.setCurrentIndex(index)
    panel.template_combo.activated.emit(index)
    panel.reload()
    template = panel.current_template()
    assert template is not None and template.key == "records_request"


def test_cancel_sending_stops_a_hung_mail_server_keeps_the_draft_and_records_nothing(
    qtbot: QtBot, workspace: Workspace, i200_case: int, recorder: Recorder
) -> None:
    # A real worker thread: the send blocks on the network while the panel stays usable.
    pool = QThreadPool()
    panel = AdvicePanel(TaskRunner(pool))
    panel.show_error = recorder.show_error
    panel.confirm = recorder.confirm
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(workspace, i200_case)
    qtbot.waitUntil(lambda: WHERE in panel.answers, timeout=10_000)  # loaded on the worker
    answer(panel)
    before = panel.editor.text()
    assert not panel.cancel_button.isVisible()
    with silent_server() as (port, listener):
        sender = f"Legal Office <{USER}>"
        SettingsService(workspace).set_mail(
            MailSettings("127.0.0.1", port, MailSecurity.NONE, "", sender)
        )
        panel.send_mail()
        connection, _ = listener.accept()  # connected; the server never greets
        with connection:
            assert panel.busy
            assert panel.cancel_button.isVisible() and panel.cancel_button.isEnabled()
            assert_accessible(panel)
            qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    pool.waitForDone()

    assert panel.status.text() == NOT_SENT
    assert recorder.errors == []  # a cancel the user asked for is no error
    assert not panel.cancel_button.isVisible()
    assert panel.send_button.isEnabled()
    assert panel.editor.text() == before
    assert sent_rows(workspace) == []
    assert detail(workspace, i200_case).status is CaseStatus.NEW
