"""Workspace > Backups, and the daily backup that runs on its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from legal_desk.backup.rotation import backups_in
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Passphrase, Workspace
from tests.conftest import PASSPHRASE
from tests.ui.case.conftest import StepRunner
from tests.ui.helpers import assert_accessible
from ui.backup.daily import DailyBackup
from ui.backup.dialog import BackupDialog
from ui.tasks import InlineRunner


def test_back_up_now_writes_a_checked_copy_and_lists_it(
    qtbot: QtBot, workspace: Workspace, cases: list[int], tmp_path: Path
) -> None:
    dialog = BackupDialog(workspace, InlineRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    assert_accessible(dialog)
    assert "No backups" in dialog.backups.item(0).text()
    assert not dialog.cancel_button.isVisible()  # only while a backup runs
    chosen = tmp_path / "usb drive"
    dialog.choose_folder = lambda _parent, _start: str(chosen)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.folder.text() == str(chosen)

    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog.backups, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)

    assert "Backup written and checked" in dialog.status.text()
    assert "3 cases" in dialog.status.text()
    [made] = backups_in(chosen)
    assert "by hand" in dialog.backups.item(0).text()
    assert SettingsService(workspace).backup().folder == chosen  # the choice was kept
    Workspace.unlock(made.folder, Passphrase(PASSPHRASE)).lock()


def test_a_bad_folder_is_said_in_the_dialog(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    dialog = BackupDialog(workspace, InlineRunner())
    qtbot.addWidget(dialog)
    before = SettingsService(workspace).backup().folder
    dialog.folder.setText(str(blocker / "backups"))
    dialog.back_up_now()
    assert "cannot be made" in dialog.status.text()
    assert dialog.backup_button.isEnabled()
    assert SettingsService(workspace).backup().folder == before  # not kept for daily backups

    dialog.folder.setText("relative/folder")
    dialog.back_up_now()
    assert "full path" in dialog.status.text()


def test_cancel_keeps_nothing(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    runner = StepRunner()
    dialog = BackupDialog(workspace, runner)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "backups"))
    dialog.back_up_now()
    assert dialog.busy and dialog.cancel_button.isVisibleTo(dialog)
    assert not dialog.backup_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    runner.drain()
    assert not dialog.busy
    assert "cancelled" in dialog.status.text()
    assert backups_in(tmp_path / "backups") == []


def test_the_daily_backup_runs_once_a_day_and_stops_on_lock(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "daily"
    settings = SettingsService(workspace)
    settings.set_backup(settings.backup().__class__(folder=folder, daily=True))
    reports: list[tuple[str, bool]] = []
    daily = DailyBackup(InlineRunner(), first_delay_ms=10, every_ms=60_000)
    daily.reported.connect(lambda text, failed: reports.append((text, failed)))
    daily.start(workspace)
    qtbot.waitUntil(lambda: bool(reports))
    assert "Daily backup written" in reports[0][0] and not reports[0][1]
    daily.run_now()  # already one today: nothing new, nothing said
    assert len(backups_in(folder)) == 1 and len(reports) == 1

    daily.stop()
    daily.run_now()
    assert len(reports) == 1


def test_the_daily_backup_can_be_turned_off(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    settings = SettingsService(workspace)
    settings.set_backup(settings.backup().__class__(folder=tmp_path / "d", daily=False))
    daily = DailyBackup(InlineRunner())
    daily.start(workspace)
    daily.run_now()
    assert backups_in(tmp_path / "d") == []
    daily.stop()
