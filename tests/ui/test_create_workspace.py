"""First run: the create dialog, the recovery code shown once, then the cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from legal_desk.crypto import recovery
from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.services.cases import CaseService
from legal_desk.workspace import Workspace, exists
from tests.conftest import PASSPHRASE
from tests.ui.conftest import INTAKES, unlock_with
from tests.ui.helpers import shown_texts
from ui import create_dialog
from ui.create_dialog import CreateWorkspaceDialog
from ui.main_window import UNLOCK_PAGE, WORKSPACE_PAGE, MainWindow
from ui.tasks import InlineRunner


def fake_populate(workspace: Workspace) -> int:
    """Stands in for legal_desk.services.demo.populate (written in parallel)."""
    service = CaseService(workspace)
    for intake in INTAKES[:2]:
        service.create(intake)
    return 2


@pytest.fixture
def with_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(create_dialog, "demo_available", lambda: True)
    monkeypatch.setattr(create_dialog, "populate_demo", fake_populate)


def fill(qtbot: QtBot, dialog: CreateWorkspaceDialog, first: str, second: str) -> None:
    for field, text in ((dialog.passphrase, first), (dialog.repeat, second)):
        field.clear()
        qtbot.keyClicks(field, text)


def test_creating_a_workspace_shows_the_recovery_code_once_then_the_cases(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    workspace_dir: Path,
    with_demo: None,
) -> None:
    window = make_window()
    window.start()
    dialog = window.create_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.display_name.text() == "tester"  # defaults to the OS user
    assert dialog.demo.isVisibleTo(dialog)

    fill(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    dialog.display_name.setText("Tess Tester")
    dialog.demo.setChecked(True)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    shown = dialog.recovery_dialog
    assert shown is not None and shown.isVisible()
    code = shown.code_label.text()
    assert recovery.looks_valid(code)
    assert not shown.continue_button.isEnabled()
    qtbot.keyClick(shown, Qt.Key.Key_Escape)  # Esc does not skip the code
    assert shown.isVisible()

    qtbot.mouseClick(shown.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == code
    QGuiApplication.clipboard().clear()

    qtbot.mouseClick(shown.stored, Qt.MouseButton.LeftButton)
    assert shown.continue_button.isEnabled()
    qtbot.mouseClick(shown.continue_button, Qt.MouseButton.LeftButton)

    assert not shown.isVisible()
    assert window.create_dialog is None or not window.create_dialog.isVisible()
    assert window.pages.currentIndex() == WORKSPACE_PAGE
    assert window.case_model.rowCount() == 2
    assert window.user_button.text() == "Signed in as Tess Tester (tester)"
    assert "Added 2 fictional demo cases." in window.statusBar().currentMessage()
    assert not any(code in text for text in shown_texts(window))  # shown once, then gone

    # The code that was shown really opens the workspace.
    window.lock_action.trigger()
    unlock_with(qtbot, window, code, recovery=True)
    assert window.pages.currentIndex() == WORKSPACE_PAGE


def test_demo_checkbox_is_hidden_until_the_demo_module_exists(
    qtbot: QtBot, workspace_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(create_dialog, "demo_available", lambda: False)
    dialog = CreateWorkspaceDialog(workspace_dir, InlineRunner(), kdf_params=FAST_TEST_PARAMS)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.demo.isVisible()


def test_without_demo_the_empty_queue_is_friendly(
    qtbot: QtBot, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(create_dialog, "demo_available", lambda: False)
    window = make_window()
    window.start()
    dialog = window.create_dialog
    assert dialog is not None
    fill(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)  # Enter creates
    assert dialog.recovery_dialog is not None
    dialog.recovery_dialog.stored.setChecked(True)
    qtbot.keyClick(dialog.recovery_dialog, Qt.Key.Key_Escape)  # once stored, Esc continues

    assert window.pages.currentIndex() == WORKSPACE_PAGE
    assert window.case_model.rowCount() == 0
    assert window.summary.empty_title.text() == "No cases yet"


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("short", "short", "A passphrase needs at least 8 characters."),
        (PASSPHRASE, PASSPHRASE + "!", "The two passphrases differ."),
    ],
)
def test_bad_passphrases_are_refused_inline(
    qtbot: QtBot, workspace_dir: Path, first: str, second: str, message: str
) -> None:
    runner = InlineRunner()
    dialog = CreateWorkspaceDialog(workspace_dir, runner, kdf_params=FAST_TEST_PARAMS)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, first, second)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == message
    assert dialog.error.isVisible()
    assert runner.calls == 0
    assert not exists(workspace_dir)


def test_cancel_leaves_a_way_back_to_the_dialog(
    qtbot: QtBot, make_window: Callable[..., MainWindow], workspace_dir: Path
) -> None:
    window = make_window()
    window.start()
    dialog = window.create_dialog
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels
    assert not dialog.isVisible()
    assert not exists(workspace_dir)
    assert window.pages.currentIndex() == UNLOCK_PAGE
    screen = window.unlock_screen
    assert screen.heading.text() == "No workspace yet"
    assert screen.create_button.isVisibleTo(window)
    assert not screen.form.isVisibleTo(window)

    qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)
    assert window.create_dialog is not None and window.create_dialog.isVisible()


def test_a_failed_demo_still_shows_the_recovery_code(
    qtbot: QtBot, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(workspace: Workspace) -> int:
        raise RuntimeError("demo data went wrong")

    monkeypatch.setattr(create_dialog, "demo_available", lambda: True)
    monkeypatch.setattr(create_dialog, "populate_demo", broken)
    window = make_window()
    window.start()
    dialog = window.create_dialog
    assert dialog is not None
    fill(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    dialog.demo.setChecked(True)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.recovery_dialog is not None
    dialog.recovery_dialog.stored.setChecked(True)
    qtbot.mouseClick(dialog.recovery_dialog.continue_button, Qt.MouseButton.LeftButton)

    assert window.pages.currentIndex() == WORKSPACE_PAGE
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "the demo cases could not be added" in boxes[0].text()
    assert "RuntimeError" in boxes[0].text()
    boxes[0].close()
