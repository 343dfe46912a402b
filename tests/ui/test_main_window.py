"""The main window's menus, status bar and small dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from legal_desk.services.settings import SettingsService
from legal_desk.versions import sqlcipher_versions
from ui.main_window import ENCRYPTED_TEXT, MainWindow
from ui.settings import UiSettings


def test_title_status_bar_and_menus(unlocked_window: MainWindow) -> None:
    window = unlocked_window
    assert window.windowTitle() == "Legal Desk"
    assert window.encrypted_label.text() == ENCRYPTED_TEXT
    assert window.encrypted_label.isVisibleTo(window)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Go", "&Workspace", "&Help"]
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.new_case_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.new_case_action.isEnabled()


def test_selecting_a_case_shows_its_summary(unlocked_window: MainWindow, cases: list[int]) -> None:
    window = unlocked_window
    assert window.summary.empty_title.text() == "No case selected"
    window.select_case(cases[0])
    summary = window.summary
    assert summary.reference.text() == "2026-0001"
    assert summary.status.text() == "New"
    assert summary.school.text() == "Meadow Ridge Elementary"
    assert summary.request_type.text() == "Access to a student"
    assert summary.agent.text() == "Officer Dana Pike"
    assert summary.attorney.text() == "Ruth Alvarado"
    assert "2026" in summary.received.text()
    assert not summary.urgent.isVisibleTo(window)
    window.select_case(cases[1])
    assert summary.urgent.isVisibleTo(window)
    assert summary.urgent.text() == "URGENT"
    assert summary.attorney.text() == "Unassigned"


def test_about_lists_the_sqlcipher_version(unlocked_window: MainWindow) -> None:
    dialog = unlocked_window.show_about()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    cipher = sqlcipher_versions()["SQLCipher"]
    assert "community" in cipher or cipher[0].isdigit()
    assert "SQLCipher" in texts
    assert cipher in texts
    for name in ("Legal Desk", "Python", "Qt", "PySide6", "SQLAlchemy", "PyMuPDF"):
        assert name in texts
    assert "SQLCipher: " + cipher in dialog.version_text()
    dialog.reject()


def test_change_display_name_from_the_status_bar(qtbot: QtBot, unlocked_window: MainWindow) -> None:
    window = unlocked_window
    assert window.user_button.menu().actions() == [window.display_name_action]
    dialog = window.show_display_name_dialog()
    assert dialog is not None
    dialog.name.setText("  Tess   T. Tester ")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    assert window.user_button.text() == "Signed in as Tess   T. Tester (tester)"
    assert window.user_button.accessibleName() == window.user_button.text()
    assert window.workspace is not None
    assert window.workspace.display_name_of("tester") == "Tess   T. Tester"


def test_empty_display_name_is_refused_with_the_core_message(
    qtbot: QtBot, unlocked_window: MainWindow
) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = unlocked_window.show_display_name_dialog()
    assert dialog is not None
    dialog.name.setText("   ")
    dialog.accept()
    boxes = [b for b in unlocked_window.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == ["The display name cannot be empty."]
    boxes[0].close()


def test_settings_change_the_idle_lock(qtbot: QtBot, unlocked_window: MainWindow) -> None:
    window = unlocked_window
    dialog = window.show_settings()
    assert dialog is not None
    assert dialog.idle.value() == 10
    dialog.idle.setValue(25)
    dialog.accept()
    assert window.workspace is not None
    assert SettingsService(window.workspace).idle_minutes() == 25
    assert window.idle.interval_ms == 25 * 60_000


def test_geometry_is_saved_on_close_and_restored(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    ui_settings: UiSettings,
    cases: list[int],
) -> None:
    first = make_window()
    first.start()
    first.resize(720, 500)  # inside the 800x600 offscreen screen
    size = (first.width(), first.height())  # as the window's minimum size allowed
    first.close()
    assert not ui_settings.window_geometry.isEmpty()

    second = make_window()
    assert (second.width(), second.height()) == size


def test_selected_case_is_not_written_to_qsettings(
    unlocked_window: MainWindow, ui_settings: UiSettings, cases: list[int]
) -> None:
    unlocked_window.select_case(cases[1])
    unlocked_window.close()
    from pathlib import Path

    text = Path(ui_settings.file_name).read_text(errors="replace")
    assert "case" not in text.replace("queue_splitter", "").lower()
    assert "North Cedar" not in text
