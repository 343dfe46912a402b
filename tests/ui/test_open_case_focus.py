"""Opening a case from the queue puts the keyboard in the case (keyboard-first users)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.case.view import Section
from ui.main_window import MainWindow


def test_enter_on_the_queue_then_alt_4_shows_the_checklist(
    qtbot: QtBot, unlocked_window: MainWindow
) -> None:
    window = unlocked_window
    with qtbot.waitActive(window):
        window.activateWindow()
    window.queue.setFocus()
    window.queue.selectRow(0)
    qtbot.keyClick(window.queue, Qt.Key.Key_Return)
    view = window.case_tabs.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: view.is_loaded)
    focused = QApplication.focusWidget()
    assert focused is not None and view.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert view.current_section() is Section.CHECKLIST
    qtbot.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.queue.hasFocus()
