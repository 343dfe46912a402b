"""First run: create the encrypted workspace, then show its recovery code exactly once."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from legal_desk.crypto.kdf import KdfParams
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.keyslots import MIN_PASSPHRASE_LENGTH, check_passphrase
from legal_desk.identity import os_user_name
from legal_desk.workspace import Created, Workspace
from ui import a11y, errors
from ui.tasks import Runner
from ui.unlock_screen import busy_bar, error_label

log = logging.getLogger(__name__)

DEMO_MODULE = "legal_desk.services.demo"
CLIPBOARD_CLEAR_MS = 120_000  # a copied recovery code does not linger on the clipboard


def demo_available() -> bool:
    """The demo data module is written in parallel (issue 2); offer it only once it exists."""
    try:
        return importlib.util.find_spec(DEMO_MODULE) is not None
    except ImportError:
        return False


def populate_demo(workspace: Workspace) -> int:
    populate: Callable[[Workspace], int] = importlib.import_module(DEMO_MODULE).populate
    return populate(workspace)


@dataclass(frozen=True)
class Creation:
    """What the background creation produced. A demo failure does not undo the workspace."""

    created: Created
    demo_count: int | None = None
    demo_error: BaseException | None = None


class CreateWorkspaceDialog(QDialog):
    """Passphrase twice, a display name, optional demo data; creation runs off the UI thread.

    On success the recovery code dialog opens; `workspace_created` is emitted once the
    user confirms they stored the code.
    """

    workspace_created = Signal(object)  # Creation

    def __init__(
        self,
        directory: Path,
        runner: Runner,
        *,
        keyring_store: KeyringStore | None = None,
        kdf_params: KdfParams | None = None,
        os_user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create workspace")
        self.setModal(True)
        self.directory = directory
        self._runner = runner
        self._keyring_store = keyring_store
        self._kdf_params = kdf_params
        self._os_user = os_user or os_user_name()
        self._busy = False
        self.creation: Creation | None = None
        self.recovery_dialog: RecoveryCodeDialog | None = None

        intro = QLabel(
            "Legal Desk keeps every case in an encrypted workspace on this computer. "
            f"Choose a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters: it "
            "protects information about students, so make it one nobody could guess."
        )
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.display_name = QLineEdit(self._os_user)
        self.display_name.setMaxLength(100)
        self.demo = QCheckBox("Fill it with fictional &demo cases")
        self.demo.setAccessibleName(a11y.plain(self.demo.text()))
        self.demo.setVisible(demo_available())
        folder = QLabel(f"Workspace folder: {directory}")
        folder.setWordWrap(True)
        folder.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        form = QFormLayout()
        a11y.add_row(form, "&Passphrase", self.passphrase)
        a11y.add_row(form, "&Repeat passphrase", self.repeat)
        a11y.add_row(form, "Your &name", self.display_name)
        form.addRow(self.demo)

        self.error = error_label()
        self.error.setObjectName("create_error")
        self.progress = busy_bar()
        self.progress_label = QLabel("Creating the encrypted workspace…")
        self.progress_label.hide()

        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            "Create &workspace", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        a11y.name_buttons(self.buttons)
        self.buttons.accepted.connect(self.create_workspace)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(folder)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.passphrase.setFocus()

    @property
    def busy(self) -> bool:
        return self._busy

    def create_workspace(self) -> None:
        """Check the input, then create the workspace in the background."""
        if self._busy:
            return
        passphrase = self.passphrase.text()
        try:
            check_passphrase(passphrase)
        except ValueError as exc:
            self._invalid(str(exc), self.passphrase)
            return
        if self.repeat.text() != passphrase:
            self._invalid("The two passphrases differ.", self.repeat)
            return
        display_name = " ".join(self.display_name.text().split()) or self._os_user
        with_demo = self.demo.isVisible() and self.demo.isChecked()
        self._set_busy(True)
        directory, store, params, os_user = (
            self.directory,
            self._keyring_store,
            self._kdf_params,
            self._os_user,
        )

        def work() -> Creation:
            created = Workspace.create(
                directory,
                passphrase,
                keyring_store=store,
                kdf_params=params,
                os_user=os_user,
                display_name=display_name,
            )
            if not with_demo:
                return Creation(created)
            try:
                return Creation(created, demo_count=populate_demo(created.workspace))
            except Exception as exc:  # the workspace exists; its recovery code must be shown
                return Creation(created, demo_error=exc)

        self._runner.run(work, self._created, self._failed)

    def _invalid(self, message: str, field: QLineEdit) -> None:
        self._show_error(message)
        field.selectAll()
        field.setFocus()

    def _created(self, creation: Creation) -> None:
        self._set_busy(False)
        self.creation = creation
        self.passphrase.clear()
        self.repeat.clear()
        self.recovery_dialog = RecoveryCodeDialog(creation.created.recovery_code, self)
        self.recovery_dialog.accepted.connect(self._recovery_code_stored)
        self.recovery_dialog.open()

    def _recovery_code_stored(self) -> None:
        assert self.creation is not None
        if self.recovery_dialog is not None:
            self.recovery_dialog.deleteLater()
            self.recovery_dialog = None
        creation, self.creation = self.creation, None  # hold no workspace once handed over
        self.workspace_created.emit(creation)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(errors.user_message(exc))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.passphrase, self.repeat, self.display_name, self.demo):
            widget.setEnabled(not busy)
        self.create_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        if busy:
            self._show_error("")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def reject(self) -> None:
        if self._busy or self.creation is not None:
            return  # a workspace is being made or exists: its recovery code must be seen
        super().reject()


class RecoveryCodeDialog(QDialog):
    """Shows the recovery code once. It stays open until the user says it is stored."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery code")
        self.setModal(True)
        self._code = code
        intro = QLabel(
            "If the passphrase is ever forgotten, this code is the only other way to open "
            "the workspace. It is shown only now. Write it down or keep it in the office's "
            "password manager, away from this computer: anyone holding it and a copy of "
            "the workspace can read every case."
        )
        intro.setWordWrap(True)
        self.code_label = QLabel(code)
        self.code_label.setObjectName("recovery_code")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.5)
        mono.setBold(True)
        mono.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 105)
        self.code_label.setFont(mono)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setContentsMargins(0, 8, 0, 8)
        self.copy_button = a11y.button("&Copy")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel("")
        self.copied.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stored = QCheckBox("I have stored the recovery code somewhere &safe")
        self.stored.setAccessibleName(a11y.plain(self.stored.text()))
        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            "C&ontinue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setEnabled(False)
        a11y.name_buttons(self.buttons)
        self.stored.toggled.connect(self.continue_button.setEnabled)
        self.buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.code_label)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.copied, 1)
        layout.addLayout(copy_row)
        layout.addSpacing(8)
        layout.addWidget(self.stored)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.setTabOrder(self.copy_button, self.stored)
        self.setTabOrder(self.stored, self.continue_button)
        self.stored.setFocus()

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self._code)
        self.copied.setText("Copied. The clipboard is cleared in two minutes.")
        code = self._code

        def clear_if_unchanged() -> None:
            if clipboard.text() == code:
                clipboard.clear()

        QTimer.singleShot(CLIPBOARD_CLEAR_MS, clipboard, clear_if_unchanged)

    def accept(self) -> None:
        if not self.stored.isChecked():
            return
        self.code_label.clear()  # the code is shown once: do not keep it in a widget
        self._code = ""
        super().accept()

    def reject(self) -> None:
        """Esc and the close button do nothing until the code is stored; then they continue."""
        if self.stored.isChecked():
            self.accept()
