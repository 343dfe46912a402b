"""Repeat encounters: earlier cases where the same agent (badge or name) came to a school."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services.encounters import Encounter
from ui import a11y
from ui.formatting import NO_SCHOOL

SEEN_BEFORE = "This agent was seen before"
NOT_SEEN = "No earlier case with these agents."
CASE_ROLE = Qt.ItemDataRole.UserRole
ITEM_PADDING = 4


def describe(encounter: Encounter) -> str:
    """Three lines: the earlier case, its school, and what matched."""
    when = encounter.received_at.astimezone().strftime("%d %b %Y")
    school = encounter.school or NO_SCHOOL
    if encounter.matched_on == "badge number":
        matched = f"Same badge: {encounter.badge_number}"
    else:
        matched = f"Same name: {encounter.agent_name}"
    return f"{encounter.reference} · {when} · {encounter.status.label}\n{school}\n{matched}"


class EncountersPanel(QWidget):
    """Lists earlier cases with the same agent; Enter or a double-click opens one."""

    case_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("encounters")
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setStyleSheet(
            f"QListWidget#encounters::item {{ padding: {ITEM_PADDING}px 4px; }}"
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setToolTip("Press Enter to open the earlier case")
        self.list.itemActivated.connect(self._activated)
        self.heading = a11y.buddy_label(SEEN_BEFORE, self.list)
        self.heading.setObjectName("encounters_heading")
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setStyleSheet("color: #6b4700;")
        self.none_label = QLabel(NOT_SEEN)
        self.none_label.setWordWrap(True)
        self.none_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.none_label)
        self.set_encounters(())

    def set_encounters(self, encounters: Sequence[Encounter]) -> None:
        self.list.clear()
        for encounter in encounters:
            item = QListWidgetItem(describe(encounter))
            item.setData(CASE_ROLE, encounter.case_id)
            item.setToolTip(
                f"Open case {encounter.reference}: {encounter.agent_name}"
                + (f", badge {encounter.badge_number}" if encounter.badge_number else "")
            )
            self.list.addItem(item)
        found = bool(encounters)
        self.heading.setVisible(found)
        self.list.setVisible(found)
        self.none_label.setVisible(not found)
        if found:
            # Three lines an entry, up to three entries before the list scrolls.
            rows = min(len(encounters), 3)
            line = self.list.fontMetrics().lineSpacing()
            height = rows * (3 * line + 2 * ITEM_PADDING) + 2 * self.list.frameWidth()
            self.list.setFixedHeight(height)

    def case_ids(self) -> list[int]:
        ids = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            value = item.data(CASE_ROLE) if item is not None else None
            if isinstance(value, int):
                ids.append(value)
        return ids

    def _activated(self, item: QListWidgetItem) -> None:
        value = item.data(CASE_ROLE)
        if isinstance(value, int):
            self.case_requested.emit(value)

    def clear(self) -> None:
        self.set_encounters(())
