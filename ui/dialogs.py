"""Small dialogs of the main window: About, workspace settings, display name."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES
from legal_desk.versions import component_versions
from ui import a11y


def about_versions() -> dict[str, str]:
    """The core's component versions with Qt and PySide6 added after Python."""
    core = component_versions()
    ordered: dict[str, str] = {}
    for name, version in core.items():
        ordered[name] = version
        if name == "Python":
            ordered["Qt"] = qVersion()
            ordered["PySide6"] = PySide6.__version__
    return ordered


class AboutDialog(QDialog):
    def __init__(self, versions: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Legal Desk")
        self.versions = versions
        title = QLabel("Legal Desk")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(
            "A case workspace for the district's legal office: requests from immigration "
            "officers at schools, the documents they present, the advice given and the "
            "follow-up. Every case is stored in an encrypted database on this computer."
        )
        blurb.setWordWrap(True)
        form = QFormLayout()
        for name, version in versions.items():
            value = QLabel(version)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(name), value)
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton(
            "&Copy versions", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_versions)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        a11y.name_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def version_text(self) -> str:
        return "\n".join(f"{name}: {version}" for name, version in self.versions.items())

    def copy_versions(self) -> None:
        """For bug reports: versions only, nothing about cases."""
        QGuiApplication.clipboard().setText(self.version_text())


class WorkspaceSettingsDialog(QDialog):
    """Settings stored in the encrypted workspace (the idle lock, for now)."""

    def __init__(self, idle_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workspace settings")
        self.idle = QSpinBox()
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle.setValue(idle_minutes)
        self.idle.setSuffix(" min")
        note = QLabel(
            "The window locks itself after this long without keyboard or mouse input; "
            "unlocking needs the passphrase or the recovery code."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        a11y.add_row(form, "&Lock when idle for", self.idle)
        _lay_out_form_dialog(self, form, note)

    @property
    def idle_minutes(self) -> int:
        return self.idle.value()


def _lay_out_form_dialog(dialog: QDialog, form: QFormLayout, note: QLabel) -> None:
    """A one-field settings dialog: the form, an explanation, OK and Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    a11y.name_buttons(buttons)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(note)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(380)


class DisplayNameDialog(QDialog):
    """The name shown to colleagues and written in the audit trail next to the OS account."""

    def __init__(self, current: str, os_user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change display name")
        self.name = QLineEdit(current)
        self.name.setMaxLength(100)
        self.name.selectAll()
        note = QLabel(
            f"Shown in the status bar and recorded in the audit trail with your "
            f"computer account ({os_user})."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        a11y.add_row(form, "&Display name", self.name)
        _lay_out_form_dialog(self, form, note)

    @property
    def display_name(self) -> str:
        return self.name.text()
