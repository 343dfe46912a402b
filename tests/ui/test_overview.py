"""Go > Overview (Ctrl+Shift+O) and Workspace > Checklist template, from the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.checklist.template_editor import ChecklistTemplateEditor
from ui.main_window import MainWindow


def test_the_overview_shows_in_place_of_the_case_area_and_clears_on_lock(
    qtbot: QtBot, unlocked_window: MainWindow
) -> None:
    window = unlocked_window
    with qtbot.waitActive(window):
        window.activateWindow()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.queue, Qt.Key.Key_O, ctrl_shift)
    view = window.workspace_view
    assert view.overview_shown
    assert view.dashboard.board is not None and view.dashboard.board.open_total == 3

    model = window.queue_panel.model
    other = next(
        row.id
        for row in (model.row_at(i) for i in range(model.rowCount()))
        if row is not None and row.id != window.selected_case_id()
    )
    window.select_case(other)
    assert not view.overview_shown  # choosing a case brings the case area back

    window.show_overview()
    window.lock()
    assert view.dashboard.board is None
    assert not window.overview_action.isEnabled()


def test_the_checklist_template_opens_from_the_workspace_menu(
    unlocked_window: MainWindow,
) -> None:
    dialog = unlocked_window.show_checklist_template()
    assert isinstance(dialog, ChecklistTemplateEditor) and dialog.isVisible()
    dialog.reject()
