"""Workspace > Backups: where backups go, daily backups, and "Back up now"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from legal_desk.backup.copy import Backup, BackupCancelledError, make_backup
from legal_desk.backup.rotation import KEEP_DAILY, KEEP_WEEKLY, Found, backups_in
from legal_desk.services.settings import BackupSettings, SettingsService
from legal_desk.workspace import Workspace
from ui import a11y, errors
from ui.formatting import URGENT_COLOR
from ui.tasks import Runner

INTRO = (
    "A backup is an encrypted copy of the whole workspace. It opens with this "
    "workspace's passphrase or recovery code, and each one is checked against the "
    "workspace before it counts. Keep backups on another disk or a network share: a "
    "copy on the same disk does not survive the disk."
)
RESTORE_HINT = (
    "To restore, IT runs `legal-desk restore FOLDER --data-dir NEW_FOLDER`: it checks the "
    "backup first and never replaces a workspace without being told to."
)


def backup_line(found: Found, size: int) -> str:
    when = found.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    kind = "daily" if found.folder.name.endswith("-auto") else "by hand"
    return f"{when}  ({kind}, {size / 2**20:.1f} MB)"


def _folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


def list_backups(folder: Path) -> list[tuple[Found, int]]:
    return [(found, _folder_size(found.folder)) for found in backups_in(folder)]


def _ask_folder(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, "Folder for backups", start)


class BackupDialog(QDialog):
    backed_up = Signal(object)  # the Backup made

    def __init__(self, workspace: Workspace, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self._workspace = workspace
        self._runner = runner
        self._cancel = threading.Event()
        self._busy = False
        self._closed = False
        # Replaced in tests; the real one opens the system's folder chooser.
        self.choose_folder: Callable[[QWidget, str], str] = _ask_folder
        settings = SettingsService(workspace).backup()

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.folder = QLineEdit(str(settings.folder))
        self.folder.setObjectName("backup_folder")
        self.choose_button = a11y.button("C&hoose…")
        self.choose_button.clicked.connect(self._choose)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        self.daily = a11y.check_box(
            f"Back up &every day (keeps {KEEP_DAILY} daily and {KEEP_WEEKLY} weekly backups)"
        )
        self.daily.setChecked(settings.daily)
        form = QFormLayout()
        form.addRow(a11y.buddy_label("&Folder", self.folder), folder_row)
        form.addRow("", self.daily)

        self.backups = QListWidget()
        self.backups.setObjectName("backups")
        backups_label = a11y.buddy_label("Backups in this &folder", self.backups)
        self.status = QLabel()
        self.status.setObjectName("backup_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the export reports no fraction: a busy bar
        self.progress.setAccessibleName("Backing up")
        self.progress.hide()
        restore_hint = QLabel(RESTORE_HINT)
        restore_hint.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.backup_button = a11y.button("&Back up now")
        self.backup_button.setToolTip("Ctrl+B")
        self.backup_button.clicked.connect(self.back_up_now)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = a11y.button("&Cancel backup")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.hide()  # after addButton, which shows it
        self.save_button = a11y.button("&Save")
        self.save_button.clicked.connect(self.save)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = a11y.button("Close")
        self.close_button.clicked.connect(self.reject)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        QShortcut(QKeySequence("Ctrl+B"), self, self.back_up_now)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(backups_label)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(restore_hint)
        layout.addWidget(buttons)
        self.resize(620, 480)
        self.refresh_list()

    # ----- settings -----

    def _choose(self) -> None:
        chosen = self.choose_folder(self, self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            self.refresh_list()

    def settings(self) -> BackupSettings:
        return BackupSettings(folder=Path(self.folder.text().strip()), daily=self.daily.isChecked())

    def _store_settings(self) -> bool:
        try:
            SettingsService(self._workspace).set_backup(self.settings())
        except Exception as exc:
            self._say(errors.user_message(exc), error=True)
            self.folder.setFocus()
            return False
        return True

    def save(self) -> None:
        if self._busy:
            return
        if self._store_settings():
            self.accept()

    # ----- the list -----

    def refresh_list(self) -> None:
        self.backups.clear()
        folder = Path(self.folder.text().strip())
        try:
            found = list_backups(folder)
        except OSError as exc:
            self._say(f"The folder cannot be read: {exc.strerror}.", error=True)
            return
        for item, size in found:
            self.backups.addItem(backup_line(item, size))
        if not found:
            self.backups.addItem("No backups in this folder yet.")

    # ----- backing up -----

    def back_up_now(self) -> None:
        if self._busy:
            return
        try:
            SettingsService(self._workspace).check_backup_folder(self.settings().folder)
        except Exception as exc:
            self._say(errors.user_message(exc), error=True)
            self.folder.setFocus()
            return
        self._cancel.clear()
        self._set_busy(True)
        self._say("Writing the backup and checking it against the workspace…")
        self._runner.run(
            partial(
                make_backup,
                self._workspace,
                self.settings().folder,
                cancel=self._cancel.is_set,
            ),
            self._done,
            self._failed,
        )

    def cancel(self) -> None:
        self._cancel.set()
        self._say("Cancelling…")

    def _done(self, result: object) -> None:
        assert isinstance(result, Backup)
        if self._closed:
            return
        self._set_busy(False)
        # Kept only now: a folder the backup could not be written to is not the daily one.
        self._store_settings()
        rows = result.contents.rows
        self._say(
            f"Backup written and checked: {result.folder.name} "
            f"({rows.get('case_file', 0)} cases, {result.contents.documents} documents, "
            f"{result.size / 2**20:.1f} MB)."
        )
        self.refresh_list()
        self.backed_up.emit(result)

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self._set_busy(False)
        cancelled = isinstance(exc, BackupCancelledError)
        self._say(errors.user_message(exc), error=not cancelled)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        for widget in (self.backup_button, self.save_button, self.folder, self.choose_button):
            widget.setEnabled(not busy)
        if busy:
            self.cancel_button.setFocus()

    @property
    def busy(self) -> bool:
        return self._busy

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {URGENT_COLOR.name()};" if error else "")
        self.status.setAccessibleDescription(text)

    def reject(self) -> None:
        if self._busy:
            self.cancel()  # Esc while it runs stops it; nothing half-made is kept
            return
        super().reject()

    def done(self, result: int) -> None:
        # Also reached when the window locks: a backup under way is stopped, and its
        # result, arriving later, finds no widget to update.
        self._closed = True
        self._cancel.set()
        super().done(result)
