"""Every interactive widget carries an accessible name equal to its visible label."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from tests.conftest import PASSPHRASE
from tests.ui.helpers import assert_accessible
from ui import create_dialog
from ui.create_dialog import CreateWorkspaceDialog, RecoveryCodeDialog
from ui.dialogs import AboutDialog, DisplayNameDialog, WorkspaceSettingsDialog, about_versions
from ui.main_window import MainWindow
from ui.tasks import InlineRunner


def test_main_window(unlocked_window: MainWindow) -> None:
    unlocked_window.show()
    checked = assert_accessible(unlocked_window)
    assert checked >= 2  # the case queue and the signed-in button at least
    assert unlocked_window.queue.accessibleName() == "Case queue"


def test_unlock_screen(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window()
    window.start()
    assert assert_accessible(window.unlock_screen) == 3  # field, toggle, Unlock
    assert window.unlock_screen.secret.accessibleName() == "Passphrase"
    window.unlock_screen.use_recovery.setChecked(True)
    assert_accessible(window.unlock_screen)


def test_create_dialog(qtbot: QtBot, workspace_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(create_dialog, "demo_available", lambda: True)
    dialog = CreateWorkspaceDialog(workspace_dir, InlineRunner(), kdf_params=FAST_TEST_PARAMS)
    qtbot.addWidget(dialog)
    dialog.show()
    assert assert_accessible(dialog) == 6  # 3 fields, demo box, Create, Cancel


def test_recovery_and_small_dialogs(qtbot: QtBot) -> None:
    dialogs = [
        RecoveryCodeDialog("ABCDE-FGHJK-MNPQR-STVWX-YZ012"),
        AboutDialog(about_versions()),
        WorkspaceSettingsDialog(10),
        DisplayNameDialog("Tess Tester", "tester"),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert assert_accessible(dialog) >= 1


def test_the_check_catches_a_missing_or_wrong_name(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    layout.addWidget(QPushButton("&Save"))
    layout.addWidget(QLineEdit())
    with pytest.raises(AssertionError, match=r"has no accessible name|has no label"):
        assert_accessible(root)


def test_passphrase_text_is_not_in_any_accessible_name(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window()
    window.start()
    qtbot.keyClicks(window.unlock_screen.secret, PASSPHRASE)
    names = [w.accessibleName() for w in window.findChildren(QWidget)]
    assert PASSPHRASE not in names
