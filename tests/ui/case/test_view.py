"""One open case: emergency guidance first, facts editing, documents, status and timeline."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import CaseIntake, detail
from legal_desk.workspace import Workspace
from models import CaseStatus, Presented
from tests.ui.case.conftest import StepRunner
from tests.ui.case.helpers import drop_files, file_mime, write_pdf
from tests.ui.helpers import assert_accessible
from ui.case import view as view_module
from ui.case.close_dialog import CloseCaseDialog
from ui.case.view import CaseView, Section

MakeView = Callable[..., CaseView]


def top_of(view: CaseView, widget: object) -> int:
    assert hasattr(widget, "mapTo")
    return int(widget.mapTo(view, QPoint(0, 0)).y())


def test_an_urgent_case_shows_the_emergency_guidance_first(
    make_view: MakeView, urgent_case: int
) -> None:
    view = make_view(urgent_case)
    assert view.emergency.isVisible()
    text = view.emergency.plain_text()
    assert text.startswith("Emergency claimed")
    assert "(303) 365-7816" in text and "(303) 326-1800 ext. 28301" in text
    assert view.urgent_chip.isVisible()
    assert view.tab_title().startswith("! ")
    # Above the sections, so above the Facts form (and every other section).
    assert top_of(view, view.emergency) < top_of(view, view.nav)
    assert top_of(view, view.emergency) < top_of(view, view.form)


def test_a_calm_case_shows_no_emergency_and_what_is_still_needed(
    make_view: MakeView, calm_case: int
) -> None:
    view = make_view(calm_case)
    assert not view.emergency.isVisible()
    assert view.reference.text() == view.reference_text
    assert view.form.school.currentText() == "Meadow Ridge Elementary"
    missing = view.missing.accessibleDescription()
    assert "Supervisor's phone number" in missing
    assert "Who called (name and role)" in missing
    assert "Purpose of the visit" not in missing


def test_ticking_an_emergency_claim_shows_the_guidance_at_once(
    make_view: MakeView, calm_case: int
) -> None:
    view = make_view(calm_case)
    view.form.exigent.setChecked(True)
    assert view.emergency.isVisible()
    view.form.exigent.setChecked(False)
    assert not view.emergency.isVisible()


def test_an_edited_fact_is_saved_with_ctrl_s_and_shows_in_the_timeline(
    qtbot: QtBot, make_view: MakeView, calm_case: int, workspace: Workspace
) -> None:
    view = make_view(calm_case)
    with qtbot.waitActive(view):
        view.activateWindow()
    changed: list[int] = []
    view.case_changed.connect(changed.append)
    view.form.purpose.setFocus()
    view.form.purpose.selectAll()
    qtbot.keyClicks(view.form.purpose, "Attendance records of one student")
    assert view.has_unsaved_changes()
    assert view.tab_title().endswith("•")
    assert view.unsaved_label.text() == "Unsaved changes"

    qtbot.keyClick(view.form.purpose, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert not view.has_unsaved_changes()
    assert not view.tab_title().endswith("•")
    assert changed == [calm_case]
    assert detail(workspace, calm_case).facts.stated_purpose == "Attendance records of one student"
    lines = view.timeline.texts()
    assert "    Stated purpose: Records request → Attendance records of one student" in lines
    assert any(line.endswith("| Tess Tester (tester) | Edited the facts") for line in lines)


def test_saving_a_supervisor_phone_updates_the_missing_facts(
    make_view: MakeView, calm_case: int
) -> None:
    view = make_view(calm_case)
    view.form.agents[0].supervisor_phone.setText("303-555-0199")
    view.save()
    assert "Supervisor's phone number" not in view.missing.accessibleDescription()
    assert view.form.agents[0].supervisor_phone.text() == "(303) 555-0199"
    assert any("Supervisor's phone: (empty) → (303) 555-0199" in t for t in view.timeline.texts())


def test_revert_puts_back_the_saved_facts(make_view: MakeView, calm_case: int) -> None:
    view = make_view(calm_case)
    view.form.school.setEditText("Somewhere else")
    assert view.has_unsaved_changes()
    view.revert_button.click()
    assert view.form.school.currentText() == "Meadow Ridge Elementary"
    assert not view.has_unsaved_changes()


def test_a_failed_save_keeps_the_edits(
    make_view: MakeView, calm_case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(workspace: Workspace, case_id: int, facts: CaseIntake) -> None:
        raise LegalDeskError("The database is busy.")

    monkeypatch.setattr(view_module, "update_facts", broken)
    view = make_view(calm_case)
    view.form.notes.setPlainText("Officer left a card")
    view.save()
    assert view.has_unsaved_changes()
    assert view.form.notes.toPlainText() == "Officer left a card"
    box = view.findChild(QMessageBox, "error_box")
    assert box is not None and "The database is busy." in box.text()


def test_a_dropped_pdf_is_imported_unchanged(
    make_view: MakeView, calm_case: int, workspace: Workspace, tmp_path: Path
) -> None:
    view = make_view(calm_case)
    pdf = write_pdf(tmp_path, "warrant.pdf", "Warrant for Arrest of Alien")

    assert drop_files(view, [pdf])

    assert view.current_section() is Section.DOCUMENTS
    (document,) = detail(workspace, calm_case).documents
    store = DocumentStore(workspace)
    original = store.original_bytes(document.id)
    assert original == pdf.read_bytes()
    assert document.sha256 == hashlib.sha256(original).hexdigest()
    assert store.verify_hash(document.id)
    tree = view.documents.tree
    assert tree.topLevelItemCount() == 1
    item = tree.topLevelItem(0)
    assert item is not None
    assert (item.text(0), item.text(1), item.text(2)) == ("warrant.pdf", "PDF", "1")
    assert item.text(5) == document.sha256[:12] + "…"
    assert document.sha256 in item.toolTip(5)
    view.documents.copy_hash()
    assert QApplication.clipboard().text() == document.sha256
    assert view.documents.status.result_label.text() == "Attached 1 file."
    nav_item = view.nav.item(Section.DOCUMENTS)
    assert nav_item is not None and nav_item.text() == "Documents (1)"
    assert any("Attached “warrant.pdf”" in line for line in view.timeline.texts())
    # The document just attached opens at once (and the checker starts on it).
    assert view.documents.shown_document_id == document.id
    assert view.documents.viewer.title.text() == "warrant.pdf"


def test_an_unsupported_file_is_refused_in_plain_words_and_nothing_is_stored(
    make_view: MakeView, calm_case: int, workspace: Workspace, tmp_path: Path
) -> None:
    view = make_view(calm_case)
    junk = tmp_path / "notes.docx"
    junk.write_bytes(b"\x00\x01 random bytes, not a document \xff" * 20)

    assert view.handle_drop(file_mime([junk]))

    assert detail(workspace, calm_case).documents == ()
    problems = view.documents.status.problem_text()
    assert problems.startswith("✗ “notes.docx”")
    assert "Legal Desk ran into an unexpected problem" not in problems
    assert view.documents.status.result_label.text() == "1 file could not be attached:"
    assert view.documents.tree.topLevelItemCount() == 0


def test_one_bad_file_does_not_stop_the_others(
    make_view: MakeView, calm_case: int, workspace: Workspace, tmp_path: Path
) -> None:
    view = make_view(calm_case)
    empty = tmp_path / "photo.jpg"
    empty.write_bytes(b"")
    locked = tmp_path / "missing.pdf"  # gone before it could be read
    pdf = write_pdf(tmp_path, "subpoena.pdf", "Subpoena")

    assert view.attach_files([empty, locked, pdf])

    names = [d.filename for d in detail(workspace, calm_case).documents]
    assert names == ["subpoena.pdf"]
    problems = view.documents.status.problem_text().splitlines()
    assert len(problems) == 2
    assert "“photo.jpg” is empty" in problems[0]
    assert "“missing.pdf” could not be read" in problems[1]


def test_attaching_shows_progress_and_stops_between_files(
    make_view: MakeView, calm_case: int, workspace: Workspace, tmp_path: Path
) -> None:
    runner = StepRunner()
    view = make_view(calm_case, runner=runner)
    runner.drain()  # the case loads
    paths = [write_pdf(tmp_path, f"page{n}.pdf", f"Page {n}") for n in (1, 2, 3)]

    view.attach_files(paths)
    status = view.documents.status
    assert status.progress_label.text() == "Attaching 1 of 3: page1.pdf…"
    assert not view.documents.attach_button.isEnabled()
    runner.step()
    assert status.progress_label.text() == "Attaching 2 of 3: page2.pdf…"
    assert status.bar.value() == 1
    status.stop_button.click()
    runner.drain()

    assert [d.filename for d in detail(workspace, calm_case).documents] == [
        "page1.pdf",
        "page2.pdf",
    ]
    assert status.result_label.text() == "Stopped: 1 file not attached. Attached 2 files."
    assert view.documents.attach_button.isEnabled()


def test_the_file_dialog_attaches_the_chosen_files(
    make_view: MakeView, calm_case: int, workspace: Workspace, tmp_path: Path
) -> None:
    view = make_view(calm_case)
    pdf = write_pdf(tmp_path)
    view.documents.choose_files = lambda parent: [pdf]
    view.show_section(Section.DOCUMENTS)
    view.documents.attach_button.click()
    assert len(detail(workspace, calm_case).documents) == 1


def test_a_warrant_marked_shown_without_a_copy_is_still_needed_until_attached(
    make_view: MakeView, calm_case: int, tmp_path: Path
) -> None:
    view = make_view(calm_case)
    view.form.presented.set_value(Presented.YES)
    view.save()
    assert "A copy or photo of the warrant or document" in view.missing.accessibleDescription()
    view.attach_files([write_pdf(tmp_path)])
    assert "A copy or photo" not in view.missing.accessibleDescription()


def test_status_buttons_move_the_case_and_the_timeline_shows_it(
    make_view: MakeView, calm_case: int, workspace: Workspace
) -> None:
    view = make_view(calm_case)
    changed: list[int] = []
    view.case_changed.connect(changed.append)
    labels = [b.text() for b in view.status_buttons]
    assert labels == ["Move to In review", "Move to Advice sent", "Close case…"]

    view.status_buttons[0].click()
    assert detail(workspace, calm_case).status is CaseStatus.IN_REVIEW
    assert view.status_chip.text() == "In review"
    assert "Status New → In review" in " ".join(view.timeline.texts())

    reasons: list[str | None] = [None, "Officer left without contact"]
    asked_with: list[Sequence[str]] = []

    def answer(_parent: QWidget, open_items: Sequence[str]) -> str | None:
        asked_with.append(open_items)
        return reasons.pop(0)

    view.ask_close_reason = answer
    close = next(b for b in view.status_buttons if b.text() == "Close case…")
    close.click()  # cancelled: nothing happens
    assert detail(workspace, calm_case).status is CaseStatus.IN_REVIEW
    close.click()
    case = detail(workspace, calm_case)
    assert case.status is CaseStatus.CLOSED
    assert case.closed_reason == "Officer left without contact"
    # Nothing has been done yet, so the dialog was told which required items are open.
    assert "Legal office has advised the school" in asked_with[-1]
    assert [b.text() for b in view.status_buttons] == ["Reopen"]
    assert "Closed: Officer left without contact" in view.subtitle.text()
    view.status_buttons[0].click()
    assert detail(workspace, calm_case).status is CaseStatus.IN_REVIEW
    assert changed == [calm_case] * 3
    texts = " ".join(view.timeline.texts())
    assert "Status In review → Closed: Officer left without contact" in texts
    assert "Status Closed → In review" in texts


def test_sections_are_reached_by_keyboard(
    qtbot: QtBot, make_view: MakeView, calm_case: int
) -> None:
    view = make_view(calm_case)
    with qtbot.waitActive(view):
        view.activateWindow()
    view.form.school.setFocus()
    qtbot.keyClick(view.form.school, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert view.current_section() is Section.TIMELINE
    qtbot.keyClick(view.nav, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_section() is Section.FERPA
    qtbot.keyClick(view.nav, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_section() is Section.FACTS  # wraps round
    qtbot.keyClick(view.nav, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert view.current_section() is Section.FERPA
    qtbot.keyClick(view.nav, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert view.current_section() is Section.ADVICE


def test_every_section_is_accessible(make_view: MakeView, urgent_case: int, tmp_path: Path) -> None:
    view = make_view(urgent_case)
    view.attach_files([write_pdf(tmp_path)])
    for section in Section:
        view.show_section(section)
        assert assert_accessible(view) >= 1
    view.show_section(Section.FACTS)
    assert assert_accessible(view) >= 30


def test_clear_drops_every_fact(make_view: MakeView, calm_case: int) -> None:
    from tests.ui.helpers import shown_texts

    view = make_view(calm_case)
    view.clear()
    texts = " ".join(shown_texts(view))
    for word in ("Meadow Ridge", "Dale Norris", "Sam Okoro", "ERO-40117", "Records request"):
        assert word not in texts
    assert view.snapshot is None


def test_files_dropped_during_an_import_wait_their_turn(
    make_view: MakeView, calm_case: int, workspace: Workspace, tmp_path: Path
) -> None:
    runner = StepRunner()
    view = make_view(calm_case, runner=runner)
    runner.drain()
    first = write_pdf(tmp_path, "first.pdf", "First")
    second = write_pdf(tmp_path, "second.pdf", "Second")
    assert view.attach_files([first])
    assert drop_files(view, [second])  # while the first is still being stored
    runner.drain()
    names = [d.filename for d in detail(workspace, calm_case).documents]
    assert names == ["first.pdf", "second.pdf"]
    assert view.documents.tree.topLevelItemCount() == 2


def test_a_document_just_attached_opens_in_the_viewer(
    qtbot: QtBot, make_view: MakeView, calm_case: int, tmp_path: Path
) -> None:
    view = make_view(calm_case)
    view.show_section(Section.DOCUMENTS)
    view.documents.choose_files = lambda _parent: [write_pdf(tmp_path)]
    view.documents.attach_button.click()
    viewer = view.documents.viewer
    qtbot.waitUntil(lambda: viewer.page_count == 1, timeout=5000)
    assert view.documents.shown_document_id is not None
    assert view.documents.checker.result is not None  # checked on opening


def test_closing_with_open_items_needs_a_reason(qtbot: QtBot) -> None:
    dialog = CloseCaseDialog(["Legal office has advised the school"])
    qtbot.addWidget(dialog)
    assert "Legal office has advised the school" in dialog.findChild(QLabel, "open_items").text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "Officer never returned")
    assert dialog.ok_button.isEnabled()
    assert dialog.answer() == "Officer never returned"
    assert_accessible(dialog)

    calm = CloseCaseDialog([])
    qtbot.addWidget(calm)
    assert calm.ok_button.isEnabled()  # a reason is optional when everything is done
