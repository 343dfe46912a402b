"""Asking why a case is closed, and insisting on a reason while checklist items are open."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import a11y
from ui.intake.guidance_box import bullets_html

OPEN_ITEMS_INTRO = "These required checklist items are still open:"
REASON_REQUIRED = "Reason for closing &anyway (required; kept in the audit trail)"
REASON_OPTIONAL = "&Reason for closing (optional)"


class CloseCaseDialog(QDialog):
    def __init__(self, open_items: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close case")
        self.open_items = tuple(open_items)
        layout = QVBoxLayout(self)
        if self.open_items:
            intro = QLabel(OPEN_ITEMS_INTRO)
            intro.setWordWrap(True)
            items = QLabel(bullets_html(list(self.open_items)))
            items.setObjectName("open_items")
            items.setWordWrap(True)
            items.setAccessibleName("Open checklist items")
            items.setAccessibleDescription("\n".join(self.open_items))
            layout.addWidget(intro)
            layout.addWidget(items)
        self.reason = QLineEdit()
        self.reason.setObjectName("close_reason")
        label = a11y.buddy_label(
            REASON_REQUIRED if self.open_items else REASON_OPTIONAL, self.reason
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(ok, QPushButton)
        self.ok_button = ok
        ok.setText("Close anyway" if self.open_items else "Close case")
        ok.setAccessibleName(ok.text())
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setAccessibleName(cancel.text())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._update_ok)
        self._update_ok()
        self.resize(460, self.sizeHint().height())

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(not self.open_items or bool(self.reason.text().strip()))

    def answer(self) -> str:
        return self.reason.text().strip()


def ask_close_reason(parent: QWidget, open_items: Sequence[str]) -> str | None:
    """The reason for closing ("" when none is needed and none given); None if cancelled."""
    dialog = CloseCaseDialog(open_items, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    answer = dialog.answer()
    dialog.deleteLater()
    return answer if accepted else None
