"""A framed box of numbered steps: red for a claimed emergency, quiet for the ordinary path."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from legal_desk.services.guidance import Guidance
from legal_desk.services.settings import ContactInfo

# Each style sets text and background together, so the box reads the same in a dark theme.
EMERGENCY_STYLE = (
    "QFrame#{name} {{ border: 2px solid #b3261e; border-radius: 6px; background: #fdecea; }}"
    " QFrame#{name} QLabel {{ color: #410e0b; background: transparent; border: none; }}"
)
CALM_STYLE = (
    "QFrame#{name} {{ border: 1px solid #9db4d3; border-radius: 6px; background: #f2f6fb; }}"
    " QFrame#{name} QLabel {{ color: #1f3a5f; background: transparent; border: none; }}"
)
# Shown in the steps when the contact directory cannot be read (it never blocks guidance).
FALLBACK_LEGAL = ContactInfo("legal_office", "Legal office", "the legal office's number", "", "")
FALLBACK_SECURITY = ContactInfo("security", "Security", "district Security's number", "", "")


def steps_html(steps: tuple[str, ...]) -> str:
    items = "".join(f"<li style='margin-bottom: 3px'>{html.escape(s)}</li>" for s in steps)
    return f"<ol style='margin-left: -18px; margin-top: 0px'>{items}</ol>"


def bullets_html(items: tuple[str, ...] | list[str]) -> str:
    """A bulleted list whose wrapped lines hang under the text, not the bullet."""
    rows = "".join(f"<li style='margin-bottom: 2px'>{html.escape(i)}</li>" for i in items)
    return f"<ul style='margin-left: -22px; margin-top: 0px'>{rows}</ul>"


class GuidanceBox(QFrame):
    """Title and numbered steps of a `Guidance`; hidden while it has none."""

    def __init__(self, name: str, *, emergency: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.emergency = emergency
        style = EMERGENCY_STYLE if emergency else CALM_STYLE
        self.setStyleSheet(style.format(name=name))
        self.title = QLabel()
        self.title.setObjectName(f"{name}_title")
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        if emergency:
            font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.steps = QLabel()
        self.steps.setObjectName(f"{name}_steps")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.steps)
        self.guidance: Guidance | None = None
        self.hide()

    def set_guidance(self, guidance: Guidance | None) -> None:
        self.guidance = guidance
        if guidance is None:
            self.clear()
            return
        self.title.setText(("⚠ " if self.emergency else "") + guidance.title)
        self.steps.setText(steps_html(guidance.steps))
        self.setAccessibleName(guidance.title)
        self.setAccessibleDescription(" ".join(guidance.steps))
        self.show()

    def plain_text(self) -> str:
        """What the box says, as a screen reader or a test reads it."""
        if self.guidance is None:
            return ""
        return "\n".join((self.guidance.title, *self.guidance.steps))

    def clear(self) -> None:
        self.guidance = None
        self.title.clear()
        self.steps.clear()
        self.setAccessibleName("")
        self.setAccessibleDescription("")
        self.hide()
