"""Advice already delivered for a case: when, how, to whom, and the exact text sent."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legal_desk.advice.sent import SentView
from models import DeliveryChannel
from ui import a11y
from ui.formatting import local_time
from ui.record_tree import record_tree

CHANNEL_LABELS = {
    DeliveryChannel.CLIPBOARD: "Copied",
    DeliveryChannel.PDF: "PDF",
    DeliveryChannel.EML: ".eml file",
    DeliveryChannel.SMTP: "E-mail",
    DeliveryChannel.PRINT: "Printed",
}
COLUMNS = ("When", "How", "To", "Subject", "By")
NOTHING_SENT = "No advice sent yet."


class SentList(QWidget):
    """The case's sent advice, newest first; selecting one shows the text as sent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sent: dict[int, SentView] = {}
        self.tree = record_tree("sent_advice", COLUMNS, stretch=3)
        self.label = a11y.buddy_label("Advice sent", self.tree)
        self.empty = QLabel(NOTHING_SENT)
        self.empty.setObjectName("sent_advice_empty")
        self.text = QTextBrowser()
        self.text.setObjectName("sent_advice_text")
        text_label = a11y.buddy_label("Text as sent", self.text)
        self.text.setOpenLinks(False)
        self.tree.currentItemChanged.connect(self._current_changed)
        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(text_label)
        text_layout.addWidget(self.text, 1)
        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(text_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self.set_sent(())

    def set_sent(self, sent: Sequence[SentView]) -> None:
        self.tree.clear()
        self.text.clear()
        self._sent = {}
        for view in sorted(sent, key=lambda v: v.sent_at):
            self.add(view)
        self.empty.setVisible(self.count == 0)
        self.split.setVisible(self.count > 0)

    def add(self, view: SentView) -> None:
        self._sent[view.id] = view
        item = QTreeWidgetItem(
            [
                local_time(view.sent_at),
                CHANNEL_LABELS.get(view.channel, str(view.channel)),
                view.recipient,
                view.subject,
                view.author,
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, view.id)
        self.tree.insertTopLevelItem(0, item)  # newest first
        self.tree.setCurrentItem(item)
        self.empty.setVisible(False)
        self.split.setVisible(True)

    @property
    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        view = self._sent.get(current.data(0, Qt.ItemDataRole.UserRole)) if current else None
        if view is None:
            self.text.clear()
        else:
            self.text.setHtml(view.html)

    def clear(self) -> None:
        self.set_sent(())
