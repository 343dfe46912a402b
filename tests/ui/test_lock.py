"""Locking (Ctrl+L, idle timer) empties the window; unlocking returns to the same case."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from legal_desk.security.notifications import SecurityNotifications
from legal_desk.services.cases import CaseService
from legal_desk.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock_with
from tests.ui.helpers import shown_texts
from ui.clipboard import copy_case_data
from ui.main_window import UNLOCK_PAGE, WORKSPACE_PAGE, MainWindow


def case_words(workspace: Workspace) -> list[str]:
    rows = CaseService(workspace).list()
    return [word for row in rows for word in (row.reference, row.school)]


def test_ctrl_l_locks_and_unlocking_returns_to_the_selected_case(
    qtbot: QtBot, unlocked_window: MainWindow, workspace: Workspace, cases: list[int]
) -> None:
    window = unlocked_window
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    chosen = cases[2]  # Juniper Flats High School, last in the queue
    assert window.select_case(chosen)
    assert window.summary.school.text() == "Juniper Flats High School"
    opened = window.workspace
    assert opened is not None
    words = case_words(workspace)
    assert any(word in text for text in shown_texts(window) for word in words)

    qtbot.keyClick(window.queue, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert opened.locked
    assert window.workspace is None
    assert window.pages.currentIndex() == UNLOCK_PAGE
    assert window.case_model.rowCount() == 0
    assert window.summary.reference.text() == ""
    leaked = [text for text in shown_texts(window) for word in words if word in text]
    assert leaked == []
    assert not window.lock_action.isEnabled()
    assert not window.user_button.isVisible()

    unlock_with(qtbot, window, PASSPHRASE)

    assert window.pages.currentIndex() == WORKSPACE_PAGE
    assert window.selected_case_id() == chosen
    assert window.summary.school.text() == "Juniper Flats High School"


def test_lock_closes_dialogs_over_the_workspace(unlocked_window: MainWindow) -> None:
    window = unlocked_window
    settings = window.show_settings()
    name = window.show_display_name_dialog()
    assert settings is not None and name is not None
    assert settings.isVisible() and name.isVisible()
    window.lock()
    assert not settings.isVisible()
    assert not name.isVisible()


def test_the_idle_timeout_locks(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window(idle_interval_ms=50)
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    opened = window.workspace
    assert opened is not None and window.idle.active

    qtbot.waitUntil(lambda: window.pages.currentIndex() == UNLOCK_PAGE, timeout=3000)

    assert opened.locked
    assert window.case_model.rowCount() == 0
    assert not window.idle.active  # nothing to guard while locked


def test_input_anywhere_restarts_the_idle_timer(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window(idle_interval_ms=10_000)
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.wait(300)
    before = window.idle.remaining_ms
    assert before <= 9_800

    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.queue, press)

    assert window.idle.remaining_ms > before
    assert window.workspace is not None


def test_default_idle_lock_comes_from_the_workspace_settings(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window()
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    assert window.idle.interval_ms == 10 * 60_000


def test_closing_the_window_locks_the_workspace(unlocked_window: MainWindow) -> None:
    opened = unlocked_window.workspace
    assert opened is not None
    unlocked_window.close()
    assert opened.locked


def test_case_data_copied_to_the_clipboard_is_gone_after_lock(unlocked_window: MainWindow) -> None:
    clipboard = QApplication.clipboard()
    copy_case_data("Advice for Meadow Ridge Elementary: hold and wait for counsel.")
    unlocked_window.lock()
    assert clipboard.text() == ""


def test_locking_leaves_what_the_user_copied_from_elsewhere(
    qtbot: QtBot, unlocked_window: MainWindow
) -> None:
    clipboard = QApplication.clipboard()
    copy_case_data("Advice for Meadow Ridge Elementary: hold and wait for counsel.")
    clipboard.setText("a note from another program")  # copied since, over the advice
    unlocked_window.lock()
    assert clipboard.text() == "a note from another program"
    clipboard.clear()


def test_a_half_typed_security_call_is_kept_at_lock_and_back_after_unlock(
    qtbot: QtBot, unlocked_window: MainWindow, cases: list[int]
) -> None:
    window = unlocked_window
    window.open_case(cases[0])
    view = window.case_tabs.view_for(cases[0])
    assert view is not None
    dialog = view.followup.open_security_briefing()
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.person, "Sgt. Imogen Vale")
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "303-555-0199")

    window.lock()

    assert not dialog.isVisible()
    assert "Imogen" not in " ".join(shown_texts(window))
    assert "What was typed in 1 form was kept" in window.unlock_screen.explanation.text()
    unlock_with(qtbot, window, PASSPHRASE)
    view = window.case_tabs.view_for(cases[0])
    assert view is not None
    again = view.followup.open_security_briefing()
    assert again is not None
    assert again.person.text() == "Sgt. Imogen Vale"
    assert again.number.text() == "303-555-0199"
    assert again.record_message.text().startswith("Restored what was typed here")
    workspace = window.workspace
    assert workspace is not None
    assert SecurityNotifications(workspace).for_case(cases[0]) == []  # kept, not recorded
