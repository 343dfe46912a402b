"""The calls to Security already recorded for a case: who, when, how, which number, by whom."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legal_desk.security.notifications import NotificationView
from ui import a11y
from ui.formatting import local_time
from ui.record_tree import record_tree

COLUMNS = ("When", "Spoke to", "How", "Number called", "Recorded by")
NOTHING_RECORDED = "No call to Security recorded yet."


class CallsList(QWidget):
    """Recorded notifications, newest call first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = record_tree("security_calls", COLUMNS, stretch=1)
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(0, metrics.horizontalAdvance("Wed 30 Sep 2026, 23:59") + 24)
        self.label = a11y.buddy_label("Past c&alls to Security", self.tree)
        self.empty = QLabel(NOTHING_RECORDED)
        self.empty.setObjectName("security_calls_empty")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        self.set_calls(())

    def set_calls(self, calls: Sequence[NotificationView]) -> None:
        self.tree.clear()
        for call in sorted(calls, key=lambda c: (c.notified_at, c.id), reverse=True):
            item = QTreeWidgetItem(
                [
                    local_time(call.notified_at),
                    call.person_spoken_to,
                    call.method,
                    call.number_called,
                    call.recorded_by,
                ]
            )
            item.setToolTip(0, f"Recorded {local_time(call.recorded_at)} by {call.recorded_by}")
            item.setData(0, Qt.ItemDataRole.UserRole, call.id)
            self.tree.addTopLevelItem(item)
        self.empty.setVisible(self.count == 0)
        self.tree.setVisible(self.count > 0)

    @property
    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def rows(self) -> list[list[str]]:
        """What each row shows, top to bottom (for tests and screen-reader checks)."""
        return [
            [item.text(c) for c in range(len(COLUMNS))]
            for item in (self.tree.topLevelItem(i) for i in range(self.count))
            if item is not None
        ]
