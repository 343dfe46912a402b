"""GUI fixtures: windows on real SQLCipher workspaces, an inline task runner, temp QSettings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from legal_desk.audit_anchor import AuditAnchors
from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import Agency, RequestType
from tests.conftest import PASSPHRASE
from ui.main_window import WORKSPACE_PAGE, MainWindow
from ui.settings import UiSettings
from ui.tasks import InlineRunner

OS_USER = "tester"

# Fictional schools and people only.
INTAKES = (
    CaseIntake(
        school="Meadow Ridge Elementary",
        received_at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
        request_type=RequestType.STUDENT_ACCESS,
        agents=(AgentFacts(name="Officer Dana Pike", agency=Agency.ICE_ERO),),
        assigned_attorney="Ruth Alvarado",
    ),
    CaseIntake(
        school="North Cedar Middle School",
        received_at=datetime(2026, 3, 3, 9, 40, tzinfo=UTC),
        request_type=RequestType.STUDENT_RECORDS,
        exigent_claimed=True,
        agents=(AgentFacts(name="Agent Sam Whitlow", agency=Agency.ICE_HSI),),
    ),
    CaseIntake(
        school="Juniper Flats High School",
        received_at=datetime(2026, 3, 1, 11, 15, tzinfo=UTC),
        request_type=RequestType.PROPERTY_ENTRY,
    ),
)


@pytest.fixture(autouse=True)
def _qsettings_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes the developer's real QSettings, even through a default QSettings()."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(tmp_path_factory.mktemp("qsettings")),
    )
    yield


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    return UiSettings(tmp_path / "legal-desk-ui.ini")


@pytest.fixture
def runner() -> InlineRunner:
    return InlineRunner()


@pytest.fixture
def cases(workspace: Workspace) -> list[int]:
    """Three cases in the `workspace` fixture (the second is urgent); the test UI unlocks
    its own instance of the same workspace."""
    service = CaseService(workspace)
    return [service.create(intake) for intake in INTAKES]


@pytest.fixture
def make_window(
    qtbot: QtBot,
    workspace_dir: Path,
    ui_settings: UiSettings,
    runner: InlineRunner,
    keyring_store: KeyringStore,
    tmp_path: Path,
) -> Callable[..., MainWindow]:
    """Build main windows on `workspace_dir`; every one is closed (and locked) at teardown."""

    def make(**overrides: Any) -> MainWindow:
        options: dict[str, Any] = {
            "anchors": AuditAnchors(tmp_path / "state" / "audit-anchors.json"),
            "settings": ui_settings,
            "runner": runner,
            "keyring_store": keyring_store,
            "kdf_params": FAST_TEST_PARAMS,
            "os_user": OS_USER,
        }
        options.update(overrides)
        window = MainWindow(workspace_dir, **options)
        qtbot.addWidget(window)
        return window

    return make


def unlock_with(qtbot: QtBot, window: MainWindow, secret: str, *, recovery: bool = False) -> None:
    """Type into the unlock screen and press Enter, as a user would."""
    screen = window.unlock_screen
    if screen.use_recovery.isChecked() != recovery:
        qtbot.mouseClick(screen.use_recovery, Qt.MouseButton.LeftButton)
    screen.secret.clear()
    qtbot.keyClicks(screen.secret, secret)
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)


@pytest.fixture
def unlocked_window(
    qtbot: QtBot, make_window: Callable[..., MainWindow], cases: list[int]
) -> MainWindow:
    window = make_window()
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    assert window.pages.currentIndex() == WORKSPACE_PAGE
    return window
