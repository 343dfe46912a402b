"""Workspace > Change passphrase, and Re-encrypt with a new key, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.errors import UnlockError
from legal_desk.workspace import Passphrase, RecoveryCode, Workspace
from tests.conftest import PASSPHRASE
from tests.ui.helpers import assert_accessible
from ui.key_dialogs import ChangePassphraseDialog, RekeyDialog
from ui.main_window import WORKSPACE_PAGE, MainWindow
from ui.tasks import InlineRunner

NEW = "a new and longer office passphrase"


def _type(qtbot: QtBot, dialog: ChangePassphraseDialog, current: str, new: str, again: str) -> None:
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.repeat, again)):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_change_passphrase(qtbot: QtBot, workspace: Workspace, workspace_dir: Path) -> None:
    dialog = ChangePassphraseDialog(workspace, InlineRunner(), kdf_params=FAST_TEST_PARAMS)
    qtbot.addWidget(dialog)
    assert_accessible(dialog)

    _type(qtbot, dialog, PASSPHRASE, NEW, NEW + "x")
    assert "differ" in dialog.error.text()
    _type(qtbot, dialog, "not the passphrase", NEW, NEW)
    assert "wrong" in dialog.error.text().lower()
    with qtbot.waitSignal(dialog.accepted):
        _type(qtbot, dialog, PASSPHRASE, NEW, NEW)
    assert dialog.new.text() == ""  # the secret does not stay in the widget

    Workspace.unlock(workspace_dir, Passphrase(NEW)).lock()
    with pytest.raises(UnlockError):
        Workspace.unlock(workspace_dir, Passphrase(PASSPHRASE))


def test_rekey_needs_the_passphrase_and_a_deliberate_yes(qtbot: QtBot) -> None:
    dialog = RekeyDialog()
    qtbot.addWidget(dialog)
    assert_accessible(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    assert not dialog.ok_button.isEnabled()
    dialog.understood.setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert dialog.take_passphrase() == PASSPHRASE
    assert dialog.passphrase.text() == ""


def test_rekey_from_the_window_reopens_with_a_new_recovery_code(
    qtbot: QtBot, unlocked_window: MainWindow, workspace: Workspace, workspace_dir: Path
) -> None:
    window = unlocked_window
    workspace.lock()  # the test's own handle; the window holds another
    old_key = window.workspace.data_key().copy() if window.workspace else None
    assert old_key is not None

    window.rekey_workspace(PASSPHRASE)

    assert window.pages.currentIndex() == WORKSPACE_PAGE
    assert window.case_model.rowCount() == 3
    assert window.workspace is not None and window.workspace.data_key() != old_key
    dialog = window.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    code = dialog.code_label.text()
    assert code
    assert "Re-encrypted" in window.statusBar().currentMessage()
    dialog.stored.setChecked(True)
    dialog.accept()
    window.lock()
    Workspace.unlock(workspace_dir, RecoveryCode(code)).lock()
