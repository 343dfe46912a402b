"""Unlocking: keyring at start, passphrase, recovery code; failures stay inline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.workspace import Workspace, keys_path
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.ui.conftest import OS_USER, unlock_with
from ui.main_window import UNLOCK_PAGE, WORKSPACE_PAGE, MainWindow


def test_right_passphrase_shows_the_queue_with_the_cases(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window()
    window.start()
    assert window.pages.currentIndex() == UNLOCK_PAGE
    assert window.unlock_screen.secret.echoMode() == window.unlock_screen.secret.EchoMode.Password
    assert window.unlock_screen.secret.hasFocus() or not window.isActiveWindow()

    unlock_with(qtbot, window, PASSPHRASE)

    assert window.pages.currentIndex() == WORKSPACE_PAGE
    assert window.workspace is not None and not window.workspace.locked
    model = window.case_model
    schools = [row.school for r in range(model.rowCount()) if (row := model.row_at(r))]
    # Urgent open cases first, then newest first.
    assert schools == [
        "North Cedar Middle School",
        "Meadow Ridge Elementary",
        "Juniper Flats High School",
    ]
    assert window.queue_panel.total_label.text() == "3 cases"
    assert window.user_button.text() == "Signed in as Tess Tester (tester)"
    assert window.unlock_screen.secret.text() == ""  # the passphrase does not linger


def test_wrong_passphrase_shows_the_error_inline_and_stays_locked(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window()
    window.start()

    unlock_with(qtbot, window, "not the passphrase")

    screen = window.unlock_screen
    assert screen.error_text == "The passphrase is wrong."
    assert window.workspace is None
    assert window.pages.currentIndex() == UNLOCK_PAGE
    assert window.case_model.rowCount() == 0
    # What was typed stays, selected, so the user can retype over it.
    assert screen.secret.selectedText() == "not the passphrase"
    assert screen.unlock_button.isEnabled()
    assert "Traceback" not in screen.error_text


def test_empty_field_asks_for_the_passphrase_without_trying(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    window = make_window()
    window.start()
    qtbot.mouseClick(window.unlock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert window.unlock_screen.error_text == "Type the passphrase."
    assert window.runner.calls == 0  # type: ignore[attr-defined]


def test_recovery_code_unlocks(
    qtbot: QtBot, make_window: Callable[..., MainWindow], workspace_dir: Path
) -> None:
    created = Workspace.create(
        workspace_dir, PASSPHRASE, kdf_params=FAST_TEST_PARAMS, os_user=OS_USER
    )
    created.workspace.lock()
    window = make_window()
    window.start()

    unlock_with(qtbot, window, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", recovery=True)
    assert window.unlock_screen.error_text == "The recovery code is wrong."
    assert window.unlock_screen.secret_label.text() == "&Recovery code"
    assert window.unlock_screen.secret.accessibleName() == "Recovery code"

    unlock_with(qtbot, window, created.recovery_code.lower(), recovery=True)
    assert window.pages.currentIndex() == WORKSPACE_PAGE


def test_keyring_unlocks_at_start_without_asking(
    make_window: Callable[..., MainWindow],
    workspace_dir: Path,
    keyring_store: KeyringStore,
) -> None:
    Workspace.create(
        workspace_dir,
        PASSPHRASE,
        keyring_store=keyring_store,
        kdf_params=FAST_TEST_PARAMS,
        os_user=OS_USER,
    ).workspace.lock()
    window = make_window()
    window.start()
    assert window.pages.currentIndex() == WORKSPACE_PAGE

    # After a lock, whoever is at the computer must know the passphrase.
    window.lock_action.trigger()
    assert window.pages.currentIndex() == UNLOCK_PAGE
    assert window.workspace is None


def test_missing_keyring_entry_falls_back_to_the_passphrase(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    workspace_dir: Path,
    keyring_store: KeyringStore,
    memory_keyring: MemoryKeyring,
) -> None:
    Workspace.create(
        workspace_dir,
        PASSPHRASE,
        keyring_store=keyring_store,
        kdf_params=FAST_TEST_PARAMS,
        os_user=OS_USER,
    ).workspace.lock()
    memory_keyring.secrets.clear()  # another computer, or the entry was deleted
    window = make_window()
    window.start()

    screen = window.unlock_screen
    assert window.pages.currentIndex() == UNLOCK_PAGE
    assert "The keyring has no key for this workspace" in screen.error_text
    assert screen.form.isVisibleTo(window)
    unlock_with(qtbot, window, PASSPHRASE)
    assert window.pages.currentIndex() == WORKSPACE_PAGE


def test_damaged_key_file_is_explained_inline(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    workspace_dir: Path,
    workspace: Workspace,
) -> None:
    workspace.lock()
    keys_path(workspace_dir).write_text("{ not json")
    window = make_window()
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    screen = window.unlock_screen
    assert "is damaged and cannot be read" in screen.error_text
    assert window.pages.currentIndex() == UNLOCK_PAGE


def test_unlock_runs_in_the_background_with_the_button_disabled(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> None:
    """With the real thread pool: busy while the key is derived, then the cases."""
    from ui.tasks import TaskRunner

    window = make_window(runner=TaskRunner())
    window.start()
    screen = window.unlock_screen
    qtbot.keyClicks(screen.secret, PASSPHRASE)
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    assert screen.busy
    assert not screen.unlock_button.isEnabled()
    assert screen.progress.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.pages.currentIndex() == WORKSPACE_PAGE, timeout=5000)
    assert screen.unlock_button.isEnabled()
    assert not screen.progress.isVisibleTo(window)
