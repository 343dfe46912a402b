"""The Checklist section with a real workspace: keyboard ticks, reasons, undo, emergency, lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from legal_desk.checklist.service import ChecklistService, ItemView
from legal_desk.workspace import Workspace
from models import RequestType
from tests.ui.case.conftest import StepRunner
from tests.ui.checklist.conftest import ErrorBoxes, new_case
from tests.ui.helpers import assert_accessible, shown_texts
from ui.checklist.panel import EMERGENCY_TITLE, ChecklistPanel
from ui.form_drafts import keep_drafts
from ui.tasks import InlineRunner

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def stored(workspace: Workspace, case_id: int, key: str) -> ItemView:
    return next(i for i in ChecklistService(workspace).items(case_id) if i.key == key)


def press_space_on(qtbot: QtBot, panel: ChecklistPanel, key: str) -> None:
    box = panel.row(key).check
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def test_space_ticks_an_item_and_stores_who_when_and_the_note(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel
) -> None:
    case_id = new_case(workspace)
    panel.load(workspace, case_id)
    assert not panel.row("next_steps").check.isChecked()
    assert panel.row("next_steps").detail.text() == "Required · Open"

    qtbot.keyClicks(panel.note, "Told Ms Rivera by phone")
    with qtbot.waitSignal(panel.changed):
        press_space_on(qtbot, panel, "next_steps")

    item = stored(workspace, case_id, "next_steps")
    assert item.done and item.done_by == "Tess Tester (tester)" and item.done_at is not None
    assert item.note == "Told Ms Rivera by phone" and not item.ticked_itself
    row = panel.row("next_steps")
    assert row.check.isChecked()
    assert "Ticked by Tess Tester (tester)" in row.detail.text()
    assert "Note: Told Ms Rivera by phone" in row.detail.text()
    assert row.check.accessibleDescription() == row.detail.text()
    assert panel.note.text() == ""  # the note went with that tick
    assert QApplication.focusWidget() is row.check  # keyboard flow goes on from here


def test_space_again_unticks(qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel) -> None:
    case_id = new_case(workspace)
    panel.load(workspace, case_id)
    press_space_on(qtbot, panel, "next_steps")
    with qtbot.waitSignal(panel.changed):
        press_space_on(qtbot, panel, "next_steps")
    item = stored(workspace, case_id, "next_steps")
    assert not item.done and item.done_by is None
    assert not panel.row("next_steps").check.isChecked()


def test_the_summary_counts_done_and_open_required_items(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel
) -> None:
    panel.load(workspace, new_case(workspace))
    # Agent with badge and the purpose are on file: two items ticked themselves.
    assert panel.summary.text() == "2 of 9 done · 6 required items open"
    press_space_on(qtbot, panel, "next_steps")
    assert panel.summary.text() == "3 of 9 done · 5 required items open"


def test_an_item_the_case_proves_says_why_and_refuses_to_untick(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel, boxes: ErrorBoxes
) -> None:
    case_id = new_case(workspace)
    panel.load(workspace, case_id)
    row = panel.row("purpose")
    assert row.check.isChecked()
    assert "Ticked itself: Purpose on file: To speak with a fourth-grade student" in (
        row.detail.text()
    )
    with qtbot.assertNotEmitted(panel.changed):
        press_space_on(qtbot, panel, "purpose")

    assert panel.row("purpose").check.isChecked()
    assert stored(workspace, case_id, "purpose").ticked_itself
    assert panel.message.isVisible()
    assert "is proved by the case itself" in panel.message.text()
    assert "Change that fact to un-tick it." in panel.message.text()
    assert boxes.shown == []  # beside the list, not a box
    assert not panel.undo_button.isEnabled()  # nothing happened, nothing to undo


def test_undo_and_redo_a_tick_with_the_keyboard(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel
) -> None:
    case_id = new_case(workspace)
    panel.load(workspace, case_id)
    qtbot.keyClicks(panel.note, "Principal called back")
    press_space_on(qtbot, panel, "next_steps")
    box = panel.row("next_steps").check
    assert panel.undo_button.isEnabled()

    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(box, Qt.Key.Key_Z, CTRL)
    assert not stored(workspace, case_id, "next_steps").done
    assert not panel.row("next_steps").check.isChecked()
    assert panel.redo_button.isEnabled()

    qtbot.keyClick(panel.row("next_steps").check, Qt.Key.Key_Z, CTRL | SHIFT)
    item = stored(workspace, case_id, "next_steps")
    assert item.done and item.note == "Principal called back"
    assert panel.row("next_steps").check.isChecked()


def test_undo_and_redo_buttons(qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel) -> None:
    case_id = new_case(workspace)
    panel.load(workspace, case_id)
    press_space_on(qtbot, panel, "next_steps")
    press_space_on(qtbot, panel, "next_steps")
    assert not stored(workspace, case_id, "next_steps").done
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)  # undo the un-tick
    assert stored(workspace, case_id, "next_steps").done
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)  # undo the tick
    assert not stored(workspace, case_id, "next_steps").done
    qtbot.mouseClick(panel.redo_button, Qt.MouseButton.LeftButton)
    assert stored(workspace, case_id, "next_steps").done


def test_arrows_move_between_items(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel
) -> None:
    panel.load(workspace, new_case(workspace))
    boxes = [row.check for row in panel.rows.values()]
    boxes[0].setFocus()
    qtbot.keyClick(boxes[0], Qt.Key.Key_Down)
    assert QApplication.focusWidget() is boxes[1]
    qtbot.keyClick(boxes[1], Qt.Key.Key_Down)
    qtbot.keyClick(boxes[2], Qt.Key.Key_Up)
    assert QApplication.focusWidget() is boxes[1]
    qtbot.keyClick(boxes[1], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is boxes[2]


def test_an_emergency_shows_the_guidance_and_the_security_call_first(
    workspace: Workspace, panel: ChecklistPanel
) -> None:
    panel.load(workspace, new_case(workspace, exigent_claimed=True))
    assert panel.emergency.isVisible()
    assert panel.emergency_title.text() == EMERGENCY_TITLE
    assert "Call District Security now" in panel.guidance.text()
    assert "comply" in panel.guidance.text()
    first = next(iter(panel.rows.values()))
    assert first.view.key == "call_security_now"
    assert first.check.text().startswith("Call District Security now")


def test_no_emergency_no_guidance(workspace: Workspace, panel: ChecklistPanel) -> None:
    panel.load(workspace, new_case(workspace))
    assert not panel.emergency.isVisible()
    assert panel.guidance.text() == ""
    assert "call_security_now" not in [row.view.key for row in panel.rows.values()]


def test_a_records_request_lists_the_records_items(
    workspace: Workspace, panel: ChecklistPanel
) -> None:
    panel.load(workspace, new_case(workspace, request_type=RequestType.STUDENT_RECORDS))
    texts = [row.check.text() for row in panel.rows.values()]
    assert "No student record released without counsel's approval" in texts
    assert "Any disclosure entered in the FERPA disclosure log" in texts
    assert "Parent notified before any release under a court order or subpoena" in texts


def test_access_case_has_no_records_items(workspace: Workspace, panel: ChecklistPanel) -> None:
    panel.load(workspace, new_case(workspace))
    assert "records_held" not in [row.view.key for row in panel.rows.values()]


def test_clear_leaves_no_case_text(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel
) -> None:
    panel.load(workspace, new_case(workspace, exigent_claimed=True))
    qtbot.keyClicks(panel.note, "Told Ms Rivera")
    press_space_on(qtbot, panel, "next_steps")
    qtbot.keyClicks(panel.note, "Half-typed note about Sam")
    press_space_on(qtbot, panel, "purpose")  # refused: a message on screen
    assert panel.message.text()
    panel.clear()

    texts = "\n".join(shown_texts(panel))
    for secret in (
        "fourth-grade",
        "Dale Norris",
        "Rivera",
        "Sam",
        "Tess Tester",
        "School leader knows",
        "comply",
        "proved by the case",
    ):
        assert secret not in texts
    assert panel.rows == {} and not panel.emergency.isVisible()
    assert panel.undo_stack.count() == 0 and panel.case_id is None


def test_a_result_for_a_cleared_case_is_dropped(qtbot: QtBot, workspace: Workspace) -> None:
    runner = StepRunner()
    panel = ChecklistPanel(runner)
    qtbot.addWidget(panel)
    panel.load(workspace, new_case(workspace))
    assert panel.summary.text() == "Reading the checklist…"
    panel.clear()
    runner.drain()
    assert panel.rows == {} and panel.summary.text() == ""


def test_another_case_starts_a_fresh_undo_history(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel
) -> None:
    first = new_case(workspace)
    panel.load(workspace, first)
    press_space_on(qtbot, panel, "next_steps")
    panel.load(workspace, new_case(workspace, school="North Cedar Middle School"))
    assert panel.undo_stack.count() == 0
    qtbot.keyClick(panel.row("next_steps").check, Qt.Key.Key_Z, CTRL)
    assert stored(workspace, first, "next_steps").done  # the other case's tick stays


def test_reload_shows_facts_changed_elsewhere(workspace: Workspace, panel: ChecklistPanel) -> None:
    case_id = new_case(workspace)
    panel.load(workspace, case_id)
    ChecklistService(workspace).tick(stored(workspace, case_id, "advice_sent").id, note="Phoned")
    panel.reload()
    assert panel.row("advice_sent").check.isChecked()
    assert "Note: Phoned" in panel.row("advice_sent").detail.text()


def test_the_panel_is_accessible(qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel) -> None:
    panel.load(workspace, new_case(workspace, exigent_claimed=True))
    press_space_on(qtbot, panel, "next_steps")
    assert assert_accessible(panel) >= 12
    labels = {row.check.accessibleName() for row in panel.rows.values()}
    assert "School leader knows the next steps" in labels


def test_extras_slot_takes_widgets(workspace: Workspace, panel: ChecklistPanel) -> None:
    from ui import a11y

    button = a11y.button("Security briefing…")
    panel.extras_layout.addWidget(button)
    panel.load(workspace, new_case(workspace))
    assert panel.extras.isVisible()
    assert button.parentWidget() is panel.extras


def test_a_note_typed_for_the_next_tick_survives_a_lock(
    qtbot: QtBot, runner: InlineRunner, workspace: Workspace, panel: ChecklistPanel
) -> None:
    case_id = new_case(workspace)
    panel.load(workspace, case_id)
    qtbot.keyClicks(panel.note, "Spoke with Sgt. Vale at District Security")

    assert keep_drafts(panel, workspace) == 1  # what the window does as it locks
    panel.clear()
    assert panel.note.text() == ""

    fresh = ChecklistPanel(runner)
    qtbot.addWidget(fresh)
    fresh.load(workspace, case_id)
    assert fresh.note.text() == "Spoke with Sgt. Vale at District Security"
    assert fresh.message.text().startswith("Restored what was typed here")
    other = new_case(workspace, school="Juniper Flats High School")
    fresh.load(workspace, other)
    assert fresh.note.text() == ""  # the note belongs to its case
