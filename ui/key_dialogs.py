"""Workspace > Change passphrase and Re-encrypt with a new key."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from legal_desk.crypto.kdf import KdfParams
from legal_desk.workspace import Workspace
from ui import a11y, errors
from ui.formatting import URGENT_COLOR
from ui.tasks import Runner

CHANGE_NOTE = (
    "The passphrase unlocks the key that encrypts the workspace; changing it rewraps that "
    "key. Backups made before open with the passphrase they were made with."
)
REKEY_NOTE = (
    "Use this if the passphrase, the recovery code or a copy of the workspace may have "
    "fallen into the wrong hands. The whole workspace is encrypted again with a new key: "
    "afterwards the old key, the old recovery code and old copies of the key file open "
    "nothing. You get a new recovery code. Other people's passphrases must be added "
    "again. Backups made before keep the old key: delete the ones that may be exposed. "
    "The window locks while this runs; your work is saved first."
)


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _ok_button(buttons: QDialogButtonBox, text: str) -> QPushButton:
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert isinstance(ok, QPushButton)
    ok.setText(text)
    a11y.name_buttons(buttons)
    return ok


class _SecretDialog(QDialog):
    def __init__(self, title: str, note: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def show_error(self, text: str, field: QWidget | None = None) -> None:
        self.error.setText(text)
        self.error.setAccessibleDescription(text)
        if field is not None:
            field.setFocus()


class ChangePassphraseDialog(_SecretDialog):
    def __init__(
        self,
        workspace: Workspace,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        kdf_params: KdfParams | None = None,
    ) -> None:
        super().__init__("Change passphrase", CHANGE_NOTE, parent)
        self._workspace = workspace
        self._runner = runner
        self._kdf_params = kdf_params
        self._busy = False
        self.current = _secret_field()
        self.new = _secret_field()
        self.repeat = _secret_field()
        a11y.add_row(self.form, "C&urrent passphrase", self.current)
        a11y.add_row(self.form, "&New passphrase", self.new)
        a11y.add_row(self.form, "&Repeat the new passphrase", self.repeat)
        self.ok_button = _ok_button(self.buttons, "&Change passphrase")
        self.buttons.accepted.connect(self.change)

    def change(self) -> None:
        if self._busy:
            return
        if self.new.text() != self.repeat.text():
            self.show_error("The two new passphrases differ.", self.repeat)
            return
        if self.new.text() == self.current.text():
            self.show_error("The new passphrase is the same as the current one.", self.new)
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self.show_error("")
        self.error.setStyleSheet("")
        self.error.setText("Changing the passphrase…")
        self._runner.run(
            partial(
                self._workspace.change_passphrase,
                self.current.text(),
                self.new.text(),
                self._kdf_params,
            ),
            lambda _none: self._changed(),
            self._failed,
        )

    def _changed(self) -> None:
        self._busy = False
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        wrong = "current passphrase" in str(exc)
        self.show_error(errors.user_message(exc), self.current if wrong else self.new)


class RekeyDialog(_SecretDialog):
    """Asks for the passphrase and a deliberate yes; the main window does the work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Re-encrypt with a new key", REKEY_NOTE, parent)
        self.passphrase = _secret_field()
        a11y.add_row(self.form, "&Passphrase", self.passphrase)
        self.understood = QCheckBox("I understand that older &backups keep the old key")
        self.understood.setAccessibleName(a11y.plain(self.understood.text()))
        self.form.addRow("", self.understood)
        self.ok_button = _ok_button(self.buttons, "&Re-encrypt")
        self.ok_button.setEnabled(False)
        self.understood.toggled.connect(self._update)
        self.passphrase.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.accept)

    def _update(self) -> None:
        self.ok_button.setEnabled(self.understood.isChecked() and bool(self.passphrase.text()))

    def take_passphrase(self) -> str:
        """The passphrase, once: the field is emptied so the widget does not keep it."""
        value = self.passphrase.text()
        self.passphrase.clear()
        return value
