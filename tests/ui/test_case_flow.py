"""The main window as an attorney uses it: new case, queue, tabs, search, lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from legal_desk.services.cases import CaseService, detail
from legal_desk.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock_with
from tests.ui.helpers import assert_accessible, shown_texts
from ui.main_window import UNLOCK_PAGE, MainWindow


def test_ctrl_n_saves_a_case_that_then_opens_in_a_tab_and_the_queue(
    qtbot: QtBot, unlocked_window: MainWindow, workspace: Workspace
) -> None:
    window = unlocked_window
    window.new_case_action.trigger()
    dialog = window.intake_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.form.school.lineEdit(), "Willow Creek K-8 Academy")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.case_tabs.count() == 1)
    case_id = window.case_tabs.current_case_id()
    assert case_id is not None
    assert window.queue_panel.selected_case_id() == case_id
    assert window.queue_panel.total_label.text() == "4 cases"
    assert detail(workspace, case_id).facts.school == "Willow Creek K-8 Academy"


def test_enter_on_a_queue_row_opens_one_tab_per_case(
    qtbot: QtBot, unlocked_window: MainWindow, cases: list[int]
) -> None:
    window = unlocked_window
    window.select_case(cases[0])
    qtbot.keyClick(window.queue, Qt.Key.Key_Return)
    qtbot.keyClick(window.queue, Qt.Key.Key_Return)
    assert window.case_tabs.open_case_ids() == [cases[0]]
    assert window.workspace_view.case_area.currentWidget() is window.case_tabs


def test_a_search_hit_opens_its_case(
    qtbot: QtBot, unlocked_window: MainWindow, cases: list[int]
) -> None:
    window = unlocked_window
    window.search_popup.case_chosen.emit(cases[2], None)
    assert window.case_tabs.open_case_ids() == [cases[2]]
    assert window.queue_panel.selected_case_id() == cases[2]


def test_lock_empties_tabs_queue_and_search_then_unlock_reopens_the_tabs(
    qtbot: QtBot, unlocked_window: MainWindow, workspace: Workspace, cases: list[int]
) -> None:
    window = unlocked_window
    for case_id in cases[:2]:
        window.open_case(case_id)
    qtbot.waitUntil(lambda: all(v.snapshot is not None for v in window.case_tabs.views()))
    window.search_popup.panel.field.setText("Meadow")
    words = [w for r in CaseService(workspace).list() for w in (r.reference, r.school)]

    window.lock()

    assert window.pages.currentIndex() == UNLOCK_PAGE
    assert window.case_tabs.count() == 0
    assert window.case_model.rowCount() == 0
    assert window.search_popup.panel.field.text() == ""
    assert [t for t in shown_texts(window) for w in words if w in t] == []

    unlock_with(qtbot, window, PASSPHRASE)
    assert window.case_tabs.open_case_ids() == cases[:2]


def test_unsaved_edits_are_saved_when_the_window_locks(
    qtbot: QtBot, unlocked_window: MainWindow, workspace: Workspace, cases: list[int]
) -> None:
    window = unlocked_window
    view = window.case_tabs.open_case(cases[0])
    assert view is not None
    qtbot.waitUntil(lambda: view.snapshot is not None)
    view.form.notes.setPlainText("Officer left a card with a phone number")
    assert window.case_tabs.has_unsaved_changes()

    window.lock()

    assert detail(workspace, cases[0]).facts.notes == "Officer left a card with a phone number"
    assert "saved when the window locked" in window.unlock_screen.explanation.text()
    assert "2026" not in window.unlock_screen.explanation.text()  # no case data while locked


def test_a_new_case_being_typed_is_kept_when_the_window_locks(
    qtbot: QtBot, unlocked_window: MainWindow, workspace: Workspace
) -> None:
    window = unlocked_window
    dialog = window.show_intake_dialog()
    assert dialog is not None
    qtbot.keyClicks(dialog.form.school.lineEdit(), "Prairie Wind Elementary")

    window.lock()

    assert "Prairie Wind Elementary" in [r.school for r in CaseService(workspace).list()]


def test_the_workspace_page_is_accessible_with_a_case_open(
    qtbot: QtBot, unlocked_window: MainWindow, cases: list[int]
) -> None:
    window = unlocked_window
    view = window.case_tabs.open_case(cases[1])
    assert view is not None
    qtbot.waitUntil(lambda: view.snapshot is not None)
    assert assert_accessible(window.workspace_view) > 20
