"""The "New case" dialog: typed by keyboard on the phone, saved whatever is missing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.services import cases
from legal_desk.services.cases import CaseService, detail
from legal_desk.workspace import Workspace
from models import Agency, OfficerLocation, Presented, RequestType
from tests.ui.case.helpers import drop_files, write_pdf
from tests.ui.helpers import assert_accessible, shown_texts
from ui.intake.dialog import DISCARD_QUESTION, DONE_PAGE, EDIT_PAGE, IntakeDialog
from ui.tasks import InlineRunner

NOW = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)


@pytest.fixture
def dialog(qtbot: QtBot, workspace: Workspace, runner: InlineRunner) -> Iterator[IntakeDialog]:
    made = IntakeDialog(workspace, runner, clock=lambda: NOW)
    # pytest-qt closes the dialog at teardown: never block on a real question there.
    made.confirm_discard = lambda: True
    qtbot.addWidget(made)
    with qtbot.waitActive(made):
        made.show()
        made.activateWindow()
    yield made


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_here(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def expect_focus(name: str) -> None:
    assert focused().accessibleName() == name


def test_a_case_typed_by_keyboard_only_is_saved_with_its_facts(
    qtbot: QtBot, dialog: IntakeDialog, workspace: Workspace
) -> None:
    created: list[int] = []
    dialog.case_created.connect(created.append)

    expect_focus("School")
    type_here(qtbot, "Meadow Ridge Elementary")
    tab(qtbot)
    expect_focus("Caller's name")
    type_here(qtbot, "Maria Lopez")
    tab(qtbot)
    type_here(qtbot, "Principal")
    tab(qtbot)
    expect_focus("Caller's phone")
    type_here(qtbot, "303.555.0142")
    tab(qtbot)
    assert dialog.form.caller_phone.text() == "(303) 555-0142"  # normalized on leaving
    tab(qtbot)  # email: not given
    expect_focus("Time of contact")
    tab(qtbot)
    expect_focus("Request type")
    type_here(qtbot, "Stu")  # keyboard search in the list: "Student records"
    assert dialog.form.request_type.currentText() == "Student records"
    tab(qtbot)
    expect_focus("Stated purpose")
    type_here(qtbot, "Wants the attendance records of one student")
    tab(qtbot)
    expect_focus("Agent's name")
    type_here(qtbot, "Dale  Norris")
    tab(qtbot)
    expect_focus("Badge number")
    type_here(qtbot, "ERO-40117")
    tab(qtbot)
    expect_focus("Agency")
    type_here(qtbot, "ICE")  # keyboard search: the first match, ICE ERO
    tab(qtbot)
    type_here(qtbot, "J. Park")
    tab(qtbot)
    expect_focus("Supervisor's phone")
    type_here(qtbot, "1 303 555 0199 x 12")
    tab(qtbot)
    expect_focus("Add another agent")
    tab(qtbot)
    expect_focus("Not asked yet")  # Tab lands on the current answer of a radio row
    press(qtbot, Qt.Key.Key_Left)  # arrows change it: No
    press(qtbot, Qt.Key.Key_Left)  # Yes, a warrant or other document was shown
    tab(qtbot)
    expect_focus("Not known")
    press(qtbot, Qt.Key.Key_Left)  # Other
    press(qtbot, Qt.Key.Key_Left)  # Front office
    tab(qtbot)
    expect_focus("Where the officer is waiting, if other")
    tab(qtbot)
    expect_focus("Unknown")  # cooperative
    press(qtbot, Qt.Key.Key_Left)  # No
    press(qtbot, Qt.Key.Key_Left)  # Yes
    tab(qtbot)
    expect_focus("Officer claims an emergency (“exigent circumstances”)")
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.emergency.isVisible()  # the red banner shows at once
    tab(qtbot, 2)
    expect_focus("Student's name")
    type_here(qtbot, "Sam Okoro")
    tab(qtbot)
    type_here(qtbot, "7")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert dialog.pages.currentIndex() == DONE_PAGE
    assert created == [dialog.case_id]
    assert dialog.case_id is not None
    case = detail(workspace, dialog.case_id)
    facts = case.facts
    assert facts.school == "Meadow Ridge Elementary"
    assert facts.request_type is RequestType.STUDENT_RECORDS
    assert facts.stated_purpose == "Wants the attendance records of one student"
    assert [(s.name, s.role, s.phone, s.is_caller) for s in facts.staff] == [
        ("Maria Lopez", "Principal", "(303) 555-0142", True)
    ]
    (agent,) = facts.agents
    assert (agent.name, agent.badge_number, agent.agency) == (
        "Dale Norris",
        "ERO-40117",
        Agency.ICE_ERO,
    )
    assert (agent.supervisor_name, agent.supervisor_phone) == ("J. Park", "(303) 555-0199 ext. 12")
    assert facts.document_presented is Presented.YES
    assert facts.officer_location is OfficerLocation.FRONT_OFFICE
    assert facts.officer_cooperative is True
    assert facts.exigent_claimed and case.urgent
    assert [(s.name, s.grade) for s in facts.students] == [("Sam Okoro", "7")]
    assert facts.contact_at == NOW
    # The summary names what the procedure still asks for: a copy of the warrant.
    assert "A copy or photo of the warrant or document" in dialog.missing.accessibleDescription()
    assert dialog.done_emergency.isVisible()

    press(qtbot, Qt.Key.Key_Return)  # Done
    assert not dialog.isVisible()


def test_enter_in_a_field_saves_and_the_notes_keep_it_for_new_lines(
    qtbot: QtBot, dialog: IntakeDialog
) -> None:
    dialog.form.notes.setFocus()
    qtbot.keyClicks(dialog.form.notes, "Officer waited outside")
    qtbot.keyClick(dialog.form.notes, Qt.Key.Key_Return)
    assert dialog.case_id is None
    assert dialog.pages.currentIndex() == EDIT_PAGE
    dialog.form.focus_first()
    type_here(qtbot, "Meadow Ridge Elementary")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.case_id is not None
    assert dialog.pages.currentIndex() != EDIT_PAGE


def test_enter_on_the_save_button_saves(qtbot: QtBot, dialog: IntakeDialog) -> None:
    type_here(qtbot, "Juniper Flats High School")
    dialog.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.case_id is not None


def test_escape_on_an_empty_dialog_closes_without_asking(
    qtbot: QtBot, dialog: IntakeDialog
) -> None:
    asked: list[bool] = []

    def confirm() -> bool:
        asked.append(True)
        return True

    dialog.confirm_discard = confirm
    press(qtbot, Qt.Key.Key_Escape)
    assert asked == []
    assert not dialog.isVisible()


def test_escape_after_typing_asks_before_discarding(qtbot: QtBot, dialog: IntakeDialog) -> None:
    answers = [False, True]
    asked: list[bool] = []

    def confirm() -> bool:
        asked.append(True)
        return answers.pop(0)

    dialog.confirm_discard = confirm
    type_here(qtbot, "North Cedar")
    press(qtbot, Qt.Key.Key_Escape)
    assert asked == [True]
    assert dialog.isVisible()  # "Cancel": everything typed is still there
    assert dialog.form.school.currentText() == "North Cedar"
    press(qtbot, Qt.Key.Key_Escape)
    assert asked == [True, True]
    assert not dialog.isVisible()


def test_the_real_discard_question_is_a_message_box(
    qtbot: QtBot, dialog: IntakeDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box.text())
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    dialog.confirm_discard = dialog._ask_discard
    type_here(qtbot, "North Cedar")
    dialog.reject()
    assert seen == [DISCARD_QUESTION]
    assert dialog.isVisible()
    dialog.confirm_discard = lambda: True


def test_a_school_alone_is_enough_to_save_and_the_missing_facts_are_listed(
    qtbot: QtBot, dialog: IntakeDialog, workspace: Workspace
) -> None:
    type_here(qtbot, "Juniper Flats High School")
    dialog.save_button.click()
    assert dialog.case_id is not None
    assert CaseService(workspace).list()[0].school == "Juniper Flats High School"
    listed = dialog.missing.accessibleDescription()
    for fact in (
        "Who called (name and role)",
        "Agent's name",
        "Agent's badge number",
        "Supervisor's phone number",
        "Purpose of the visit",
        "Whether a warrant or other document was shown",
    ):
        assert fact in listed
    assert "Still needed" in dialog.missing_title.text()
    assert dialog.done_title.text().startswith("Case 2026-")


def test_a_failed_save_keeps_everything_typed_and_says_why(
    qtbot: QtBot, dialog: IntakeDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: CaseService, intake: cases.CaseIntake) -> int:
        raise LegalDeskError("The disk is full.")

    monkeypatch.setattr(CaseService, "create", broken)
    created: list[int] = []
    dialog.case_created.connect(created.append)
    type_here(qtbot, "Meadow Ridge Elementary")
    dialog.form.purpose.setPlainText("Records request")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert dialog.isVisible()
    assert dialog.pages.currentIndex() == EDIT_PAGE
    assert created == []
    assert dialog.form.school.currentText() == "Meadow Ridge Elementary"
    assert dialog.form.purpose.toPlainText() == "Records request"
    assert "The disk is full." in dialog.error.text()
    assert dialog.save_button.isEnabled()
    box = dialog.findChild(QMessageBox, "error_box")
    assert box is not None and "The disk is full." in box.text()


def test_the_emergency_banner_follows_the_claims(qtbot: QtBot, dialog: IntakeDialog) -> None:
    assert not dialog.emergency.isVisible()
    assert dialog.hold.isVisible()
    dialog.form.lawful_order.setChecked(True)
    assert dialog.emergency.isVisible()
    text = dialog.emergency.plain_text()
    assert "comply" in text
    assert "(303) 365-7816" in text  # Security, from the contact directory
    assert not dialog.hold.isVisible()
    dialog.form.lawful_order.setChecked(False)
    assert not dialog.emergency.isVisible()


def test_files_dropped_during_intake_are_stored_with_the_case(
    qtbot: QtBot, dialog: IntakeDialog, workspace: Workspace, tmp_path: Path
) -> None:
    pdf = write_pdf(tmp_path, "warrant.pdf", "Warrant for Arrest of Alien")
    junk = tmp_path / "notes.docx"
    junk.write_bytes(b"PK\x03\x04 not really a document")
    assert drop_files(dialog.attachments, [pdf, junk])
    assert [p.name for p in dialog.attachments.paths()] == ["warrant.pdf", "notes.docx"]
    dialog.form.presented.set_value(Presented.YES)
    type_here(qtbot, "Meadow Ridge Elementary")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert dialog.case_id is not None
    case = detail(workspace, dialog.case_id)
    (document,) = case.documents
    stored = DocumentStore(workspace).original_bytes(document.id)
    assert stored == pdf.read_bytes()
    assert document.sha256 == hashlib.sha256(stored).hexdigest()
    problems = dialog.import_status.problem_text()
    assert "notes.docx" in problems
    assert "warrant.pdf" not in problems
    # The copy of the warrant arrived with the case: no longer missing.
    assert "copy or photo" not in dialog.missing.accessibleDescription()


def test_every_field_is_named_after_its_label(qtbot: QtBot, dialog: IntakeDialog) -> None:
    dialog.form.add_agent_button.click()
    dialog.form.add_student_button.click()
    checked = assert_accessible(dialog)
    assert checked >= 35


def test_there_is_nowhere_to_record_immigration_status(dialog: IntakeDialog) -> None:
    fields = [
        w.accessibleName().lower()
        for w in dialog.findChildren(QWidget)
        if w.accessibleName() and w.isVisibleTo(dialog)
    ]
    for word in ("immigration", "citizenship", "nationality", "visa", "status"):
        assert not [f for f in fields if word in f], word
    # The one mention is the reminder not to ask.
    assert any("Never ask about" in t for t in shown_texts(dialog))


def test_clear_forgets_everything_typed(qtbot: QtBot, dialog: IntakeDialog) -> None:
    type_here(qtbot, "Meadow Ridge Elementary")
    dialog.form.agents[0].name.setText("Dale Norris")
    dialog.clear()
    texts = " ".join(shown_texts(dialog))
    assert "Meadow Ridge" not in texts
    assert "Dale Norris" not in texts
