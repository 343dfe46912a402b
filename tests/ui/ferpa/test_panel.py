"""The FERPA panel on a real workspace: logging through the forms, reminders, the
parent notice before the release, withdrawals, the student report, and clearing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from legal_desk.documents.pdf import load_pymupdf
from legal_desk.ferpa.log import REPORT_TITLE, DisclosureLog, EntryStatus
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import LegalBasis
from tests.legal_desk.ferpa.helpers import NOW, records_case
from tests.ui.helpers import assert_accessible, shown_texts
from ui.ferpa.forms import EntryDialog, FormDialog, ReasonDialog, TimeDialog
from ui.ferpa.panel import FerpaPanel
from ui.ferpa.table import COLUMNS, NOTICE_COLUMN, STATUS_COLUMN
from ui.form_drafts import keep_drafts
from ui.intake.form import to_qdatetime
from ui.tasks import InlineRunner

COURT = "Denver District Court"


@pytest.fixture
def clocked(workspace: Workspace) -> Workspace:
    workspace.clock = lambda: NOW
    return workspace


@pytest.fixture
def case(clocked: Workspace) -> tuple[int, list[int]]:
    return records_case(clocked, "Ana Flores", "Ben Ortiz")


@pytest.fixture
def panel(
    qtbot: QtBot, clocked: Workspace, case: tuple[int, list[int]], runner: InlineRunner
) -> FerpaPanel:
    made = FerpaPanel(runner)
    qtbot.addWidget(made)
    made.resize(1000, 700)
    made.show()
    made.load(clocked, case[0])
    return made


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def cell(panel: FerpaPanel, row: int, column: int) -> str:
    return str(panel.model.index(row, column).data())


def open_form(qtbot: QtBot, panel: FerpaPanel, button: QWidget) -> FormDialog:
    click(qtbot, button)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def log_request(qtbot: QtBot, panel: FerpaPanel) -> None:
    dialog = open_form(qtbot, panel, panel.request_button)
    assert isinstance(dialog, EntryDialog)
    qtbot.keyClicks(dialog.party, "ICE ERO, Denver field office")
    qtbot.keyClicks(dialog.interest, "none stated")
    qtbot.keyClicks(dialog.records, "Home address and attendance")
    click(qtbot, dialog.submit_button)
    assert panel.dialog is None and not dialog.isVisible()


def log_order(
    qtbot: QtBot,
    panel: FerpaPanel,
    *,
    forbidden: str = "",
    student: str = "Ana Flores",
) -> EntryDialog:
    dialog = open_form(qtbot, panel, panel.disclosure_button)
    assert isinstance(dialog, EntryDialog)
    dialog.student.setCurrentIndex(dialog.student.findText(student, Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(dialog.party, COURT)
    qtbot.keyClicks(dialog.interest, "Order in case 26-CV-101")
    qtbot.keyClicks(dialog.records, "Attendance record, fall term")
    assert dialog.current_basis() is LegalBasis.COURT_ORDER  # orders come first
    assert dialog.planned_check.isChecked()
    dialog.planned.setDateTime(to_qdatetime(NOW + timedelta(days=2, hours=4)))
    if forbidden:
        click(qtbot, dialog.forbidden_check)
        assert not dialog.notified_check.isEnabled()
        qtbot.keyClicks(dialog.forbidden_reason, forbidden)
    qtbot.keyClicks(dialog.notes, "Reviewed by counsel")
    click(qtbot, dialog.submit_button)
    return dialog


def test_a_request_and_a_disclosure_logged_through_the_forms(
    qtbot: QtBot, panel: FerpaPanel, clocked: Workspace, case: tuple[int, list[int]]
) -> None:
    assert panel.empty.isVisible() and not panel.reminder_box.isVisible()
    log_request(qtbot, panel)
    with qtbot.waitSignal(panel.changed):
        log_order(qtbot, panel)

    assert panel.model.rowCount() == 2
    assert [cell(panel, 0, c) for c in range(1, 4)] == [
        "Request",
        "Ana Flores",
        "ICE ERO, Denver field office",
    ]
    assert cell(panel, 0, STATUS_COLUMN) == "Request (nothing released)"
    assert cell(panel, 1, COLUMNS.index("Legal basis")) == "court order"
    assert cell(panel, 1, NOTICE_COLUMN) == "DUE before the release"
    assert cell(panel, 1, STATUS_COLUMN).startswith("Planned for ")
    [stored_request, stored_order] = DisclosureLog(clocked).entries(case_id=case[0])
    assert stored_request.records_described == "Home address and attendance"
    assert stored_order.notes == "Reviewed by counsel"
    assert stored_order.planned_release_at == NOW + timedelta(days=2, hours=4)
    assert panel.selected_entry() == stored_order  # the new entry is selected

    # The reminder counts down on top, and turns OVERDUE once the time has passed.
    [label] = panel.reminder_labels
    assert panel.reminder_box.isVisible()
    assert label.text().startswith(
        "Notify the parent of Ana Flores: release planned in 2 days 4 hours"
    )
    panel.refresh_countdown(NOW + timedelta(days=2, hours=6))
    [late] = panel.reminder_labels
    assert late.text().startswith("OVERDUE: notify the parent of Ana Flores")
    assert "planned 2 hours ago" in late.text()


def test_a_release_before_the_notice_is_refused_inline_then_recorded(
    qtbot: QtBot, panel: FerpaPanel, clocked: Workspace
) -> None:
    log_order(qtbot, panel)

    refused = open_form(qtbot, panel, panel.release_button)
    assert isinstance(refused, TimeDialog)
    click(qtbot, refused.submit_button)
    assert refused.isVisible() and refused.error.isVisible()
    assert refused.error.text().startswith("Notify the parent before releasing records")
    assert panel.entries[0].released_at is None
    refused.reject()

    notice = open_form(qtbot, panel, panel.notified_button)
    assert isinstance(notice, TimeDialog)
    notice.when.setDateTime(to_qdatetime(NOW - timedelta(hours=1)))
    click(qtbot, notice.submit_button)
    assert panel.entries[0].parent_notified_at == NOW - timedelta(hours=1)
    assert panel.reminder_labels == [] and not panel.reminder_box.isVisible()
    assert not panel.notified_button.isEnabled()

    release = open_form(qtbot, panel, panel.release_button)
    click(qtbot, release.submit_button)
    assert panel.entries[0].status is EntryStatus.RELEASED
    assert cell(panel, 0, STATUS_COLUMN).startswith("Released ")
    assert not panel.release_button.isEnabled() and not panel.withdraw_button.isEnabled()


def test_a_bad_form_shows_the_core_message_inline_and_keeps_the_text(
    qtbot: QtBot, panel: FerpaPanel
) -> None:
    dialog = open_form(qtbot, panel, panel.disclosure_button)
    assert isinstance(dialog, EntryDialog)
    qtbot.keyClicks(dialog.interest, "Order in case 26-CV-101")
    click(qtbot, dialog.submit_button)

    assert dialog.isVisible() and panel.dialog is dialog
    assert dialog.error.text() == "Record the party that asked for or received the records."
    assert dialog.interest.text() == "Order in case 26-CV-101"
    assert dialog.submit_button.isEnabled()
    assert panel.model.rowCount() == 0


def test_withdrawing_a_planned_release_keeps_it_and_stops_the_reminder(
    qtbot: QtBot, panel: FerpaPanel
) -> None:
    log_order(qtbot, panel)
    dialog = open_form(qtbot, panel, panel.withdraw_button)
    assert isinstance(dialog, ReasonDialog)
    click(qtbot, dialog.submit_button)
    assert dialog.error.text() == "Give the reason the release is withdrawn."

    qtbot.keyClicks(dialog.reason, "Order vacated on appeal")
    click(qtbot, dialog.submit_button)

    assert panel.model.rowCount() == 1
    assert cell(panel, 0, STATUS_COLUMN) == "Withdrawn: Order vacated on appeal"
    assert panel.reminders == () and not panel.reminder_box.isVisible()
    assert not panel.withdraw_button.isEnabled() and not panel.notified_button.isEnabled()


def test_an_order_that_forbids_notice_gives_no_reminder(qtbot: QtBot, panel: FerpaPanel) -> None:
    log_order(qtbot, panel, forbidden="Grand jury subpoena: existence not to be disclosed")

    assert panel.reminders == ()
    assert cell(panel, 0, NOTICE_COLUMN) == "Not given: the order forbids it"
    assert panel.entries[0].notice_forbidden_reason.startswith("Grand jury subpoena")
    assert not panel.notified_button.isEnabled() and panel.release_button.isEnabled()


def test_the_student_report_exports_as_pdf_off_the_ui_thread(
    qtbot: QtBot, panel: FerpaPanel, tmp_path: Path, runner: InlineRunner
) -> None:
    log_request(qtbot, panel)
    log_order(qtbot, panel)
    asked: list[str] = []
    target = tmp_path / "record.pdf"

    def choose(_parent: QWidget, caption: str, name: str, _filter: str) -> Path:
        asked.extend([caption, name])
        return target

    panel.choose_save_path = choose
    before = runner.calls
    click(qtbot, panel.export_button)

    assert runner.calls == before + 1  # the PDF is built and written by the runner
    assert "not encrypted" in asked[0] and asked[1] == "FERPA record - Ana Flores.pdf"
    assert "not encrypted" in panel.message.text() and str(target) in panel.message.text()
    pymupdf = load_pymupdf()
    document = pymupdf.open(target)
    try:
        flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
        text = " ".join("".join(page.get_text(flags=flags) for page in document).split())
    finally:
        document.close()
    assert REPORT_TITLE in text and "Ana Flores" in text
    assert text.index("ICE ERO, Denver field office") < text.index(COURT)
    assert "PLANNED, not released yet" in text


def test_the_report_follows_the_selected_student_and_prints(
    qtbot: QtBot, panel: FerpaPanel
) -> None:
    log_order(qtbot, panel, student="Ben Ortiz")
    assert panel.report_student.currentText() == "Ben Ortiz"
    printed: list[str] = []

    def fake_print(_parent: QWidget, document: QTextDocument) -> bool:
        printed.append(document.toPlainText())
        return True

    panel.print_document = fake_print
    click(qtbot, panel.print_button)

    [text] = printed
    assert REPORT_TITLE in text and "Student: Ben Ortiz" in text and COURT in text
    assert panel.message.text() == "The report was sent to the printer."


def test_a_failed_export_is_a_clear_line(qtbot: QtBot, panel: FerpaPanel, tmp_path: Path) -> None:
    panel.choose_save_path = lambda *_args: tmp_path / "missing" / "record.pdf"
    click(qtbot, panel.export_button)
    assert panel.message.text().startswith("The report was not exported:")
    assert "Traceback" not in panel.message.text()


def test_clear_leaves_no_case_text(qtbot: QtBot, panel: FerpaPanel, clocked: Workspace) -> None:
    log_request(qtbot, panel)
    log_order(qtbot, panel)
    dialog = open_form(qtbot, panel, panel.withdraw_button)

    panel.clear()

    assert not dialog.isVisible() and panel.dialog is None
    texts = " ".join(shown_texts(panel))
    for secret in ("Ana Flores", "Ben Ortiz", "ICE ERO", COURT, "Notify the parent"):
        assert secret not in texts
    assert panel.model.rowCount() == 0 and panel.reminders == ()
    assert not panel.request_button.isEnabled() and not panel.export_button.isEnabled()


def test_a_case_without_students_says_what_to_do(
    qtbot: QtBot, clocked: Workspace, runner: InlineRunner
) -> None:
    case_id = CaseService(clocked).create(CaseIntake(school="Lincoln Elementary"))
    panel = FerpaPanel(runner)
    qtbot.addWidget(panel)
    panel.show()
    panel.load(clocked, case_id)
    assert not panel.request_button.isEnabled() and not panel.disclosure_button.isEnabled()
    assert panel.hint.text().startswith("Add the student to the case's facts first")


def test_every_part_is_accessible(qtbot: QtBot, panel: FerpaPanel) -> None:
    log_order(qtbot, panel)
    assert assert_accessible(panel) >= 10
    for button in (panel.disclosure_button, panel.notified_button, panel.withdraw_button):
        dialog = open_form(qtbot, panel, button)
        assert assert_accessible(dialog) >= 3
        dialog.reject()


def test_the_entry_table_is_a_sound_model(
    qtbot: QtBot, panel: FerpaPanel, qtmodeltester: ModelTester
) -> None:
    log_request(qtbot, panel)
    log_order(qtbot, panel)
    qtmodeltester.check(panel.model)


def test_the_action_buttons_have_mnemonics(panel: FerpaPanel) -> None:
    texts = [
        b.text()
        for b in (
            panel.request_button,
            panel.disclosure_button,
            panel.notified_button,
            panel.release_button,
            panel.withdraw_button,
            panel.forbidden_button,
            panel.export_button,
            panel.print_button,
        )
    ]
    keys = [text.split("&")[1][0].lower() for text in texts]
    assert len(set(keys)) == len(keys)


def test_the_disclosure_form_has_one_mnemonic_per_field(qtbot: QtBot, panel: FerpaPanel) -> None:
    dialog = open_form(qtbot, panel, panel.disclosure_button)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    keys = [
        t.replace("&&", "").split("&")[1][0].lower() for t in texts if "&" in t.replace("&&", "")
    ]
    assert len(keys) >= 12 and len(set(keys)) == len(keys), keys


def test_a_half_typed_entry_is_kept_at_lock_and_comes_back_in_the_form(
    qtbot: QtBot, panel: FerpaPanel, clocked: Workspace, case: tuple[int, list[int]]
) -> None:
    dialog = open_form(qtbot, panel, panel.disclosure_button)
    assert isinstance(dialog, EntryDialog)
    qtbot.keyClicks(dialog.party, "ICE ERO, Denver field office")
    qtbot.keyClicks(dialog.records, "Attendance for March")
    dialog.basis.setCurrentIndex(dialog.basis.findData(LegalBasis.LAWFUL_SUBPOENA.value))
    dialog.notified_check.setChecked(True)

    assert keep_drafts(panel, clocked) == 1  # what the window does as it locks
    panel.clear()
    assert not dialog.isVisible()
    panel.load(clocked, case[0])

    again = open_form(qtbot, panel, panel.disclosure_button)
    assert isinstance(again, EntryDialog)
    assert again.party.text() == "ICE ERO, Denver field office"
    assert again.records.toPlainText() == "Attendance for March"
    assert again.current_basis() is LegalBasis.LAWFUL_SUBPOENA
    assert again.notified_check.isChecked()
    assert again.note.isVisibleTo(again)
    assert again.note.text().startswith("Restored what was typed here")
    assert DisclosureLog(clocked).entries(case[0]) == []  # kept, never logged

    click(qtbot, again.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    third = open_form(qtbot, panel, panel.disclosure_button)
    assert isinstance(third, EntryDialog)
    assert third.party.text() == ""  # given back once: the form had it from then on


def test_an_empty_form_keeps_nothing(qtbot: QtBot, panel: FerpaPanel, clocked: Workspace) -> None:
    open_form(qtbot, panel, panel.request_button)
    assert keep_drafts(panel, clocked) == 0
