"""The locked window's only page: unlock by keyring, passphrase or recovery code.

It is a page of the main window's stack rather than a modal dialog, so a locked
window shows nothing but this. Unlocking runs in the background (the key
derivation takes about half a second) and failures are shown inline with the
core's own user-facing message.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.keyslots import KeySlots
from legal_desk.errors import KeySlotFileError
from legal_desk.workspace import (
    Credential,
    FromKeyring,
    Passphrase,
    RecoveryCode,
    Workspace,
    exists,
    keys_path,
)
from ui import a11y, errors
from ui.formatting import URGENT_COLOR
from ui.resources import icon
from ui.tasks import Runner

PASSPHRASE_LABEL = "&Passphrase"  # noqa: S105 - a label, not a secret
RECOVERY_LABEL = "&Recovery code"
RECOVERY_PLACEHOLDER = "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"
CARD_WIDTH = 440  # px: wide enough for a recovery code in the field at default fonts


def error_label() -> QLabel:
    """A red, wrapping, initially hidden label for inline errors."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, URGENT_COLOR)
    label.setPalette(palette)
    label.hide()
    return label


def busy_bar() -> QProgressBar:
    """An indeterminate progress bar, hidden until work starts."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(6)
    bar.hide()
    return bar


class UnlockScreen(QWidget):
    unlocked = Signal(object)  # the unlocked Workspace
    # The key derivation has started off the UI thread: the window may use the wait.
    unlock_started = Signal()
    create_requested = Signal()

    def __init__(
        self,
        directory: Path,
        runner: Runner,
        keyring_store: KeyringStore,
        *,
        os_user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.directory = directory
        self._runner = runner
        self._keyring_store = keyring_store
        self._os_user = os_user
        self._busy = False

        title = QLabel("Legal Desk")
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.8)
        title_font.setBold(True)
        title.setFont(title_font)
        logo = QLabel()
        logo_size = title.sizeHint().height() + 8
        logo.setPixmap(icon("legal-desk").pixmap(logo_size, logo_size))
        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(logo)
        title_row.addWidget(title)
        title_row.addStretch(1)
        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.folder = QLabel(f"Workspace folder: {directory}")
        self.folder.setWordWrap(True)
        self.folder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Passphrase form.
        self.secret = QLineEdit()
        self.secret.setObjectName("unlock_secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self.unlock)
        self.secret.textEdited.connect(lambda _text: self._show_error(""))
        self.secret_label = a11y.buddy_label(PASSPHRASE_LABEL, self.secret)
        self.use_recovery = QCheckBox("Use recovery &code")
        self.use_recovery.setAccessibleName(a11y.plain(self.use_recovery.text()))
        self.use_recovery.toggled.connect(self._recovery_toggled)
        self.unlock_button = a11y.button("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.error = error_label()
        self.error.setObjectName("unlock_error")
        self.progress = busy_bar()

        self.form = QWidget()
        form_layout = QFormLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form_layout.addRow(self.secret_label, self.secret)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_recovery)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        form_layout.addRow(buttons)

        # No workspace yet.
        self.create_button = a11y.button("&Create workspace…")
        self.create_button.clicked.connect(self.create_requested)
        self.create_row = QWidget()
        create_layout = QHBoxLayout(self.create_row)
        create_layout.setContentsMargins(0, 0, 0, 0)
        create_layout.addStretch(1)
        create_layout.addWidget(self.create_button)

        card = QWidget()
        card.setFixedWidth(CARD_WIDTH)
        card_layout = QVBoxLayout(card)
        card_layout.setSpacing(10)
        card_layout.addLayout(title_row)
        card_layout.addWidget(self.heading)
        card_layout.addWidget(self.explanation)
        card_layout.addSpacing(6)
        card_layout.addWidget(self.form)
        card_layout.addWidget(self.create_row)
        card_layout.addWidget(self.progress)
        card_layout.addWidget(self.error)
        card_layout.addSpacing(12)
        card_layout.addWidget(self.folder)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setTabOrder(self.secret, self.use_recovery)
        self.setTabOrder(self.use_recovery, self.unlock_button)

    # ----- state -----

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def begin(self, *, try_keyring: bool) -> None:
        """Reset for the data folder as it is now; optionally try the OS keyring first.

        The keyring is tried only when the app starts: after a lock (Ctrl+L or idle)
        whoever sits at the computer must prove they know the passphrase.
        """
        self.secret.clear()
        self._show_error("")
        if not exists(self.directory):
            self.heading.setText("No workspace yet")
            self.explanation.setText(
                "There is no workspace in this folder. Create one to start; everything "
                "in it is encrypted."
            )
            self.form.hide()
            self.create_row.show()
            self.create_button.setFocus()
            return
        self.heading.setText("The workspace is locked")
        self.explanation.setText("Everything in it is encrypted. Unlock it to see the cases.")
        self.create_row.hide()
        self.form.show()
        if try_keyring and self._has_keyring_slot():
            self._attempt(FromKeyring(self._keyring_store), from_keyring=True)
        else:
            self.secret.setFocus()

    def _has_keyring_slot(self) -> bool:
        try:
            return KeySlots.load(keys_path(self.directory)).has("keyring")
        except KeySlotFileError as exc:
            self._show_error(str(exc))
            return False

    def _recovery_toggled(self, on: bool) -> None:
        a11y.set_label_text(self.secret_label, RECOVERY_LABEL if on else PASSPHRASE_LABEL)
        self.secret.setPlaceholderText(RECOVERY_PLACEHOLDER if on else "")
        self.secret.clear()
        self._show_error("")
        self.secret.setFocus()

    # ----- unlocking -----

    def unlock(self) -> None:
        """Unlock with what was typed (Enter in the field, or the Unlock button)."""
        if self._busy or self.form.isHidden():
            return
        text = self.secret.text()
        recovery = self.use_recovery.isChecked()
        if not text:
            self._show_error("Type the recovery code." if recovery else "Type the passphrase.")
            self.secret.setFocus()
            return
        self._attempt(RecoveryCode(text) if recovery else Passphrase(text))

    def _attempt(self, credential: Credential, *, from_keyring: bool = False) -> None:
        self._set_busy(True)
        directory, os_user = self.directory, self._os_user
        self._runner.run(
            lambda: Workspace.unlock(directory, credential, os_user=os_user),
            self._succeeded,
            partial(self._failed, from_keyring=from_keyring),
        )
        self.unlock_started.emit()

    def _succeeded(self, workspace: Workspace) -> None:
        self._set_busy(False)
        self.secret.clear()
        self._show_error("")
        self.unlocked.emit(workspace)

    def _failed(self, exc: BaseException, *, from_keyring: bool) -> None:
        self._set_busy(False)
        self._show_error(errors.user_message(exc))
        if not from_keyring:
            self.secret.selectAll()  # retype over it, or fix a typo
        self.secret.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.use_recovery.setEnabled(not busy)
        self.secret.setReadOnly(busy)

    def show_notice(self, notice: str) -> None:
        """A line for the user under the explanation (never case data: the window is locked)."""
        self.explanation.setText(
            "Everything in it is encrypted. Unlock it to see the cases.\n" + notice
        )

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
