"""The central case area: the selected case's summary, or a friendly empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services.queue import QueueRow
from models import CaseStatus
from ui.formatting import NO_SCHOOL, URGENT_COLOR, local_time

NOT_RECORDED = "Not recorded"
UNASSIGNED = "Unassigned"
CARD_MAX_WIDTH = 760  # px: keeps label and value close together on wide screens

# Each chip sets both colours, so it stays readable in light and dark themes.
STATUS_COLORS = {
    CaseStatus.NEW: ("#dce8f7", "#1f3a5f"),
    CaseStatus.IN_REVIEW: ("#fbefd0", "#6b4700"),
    CaseStatus.ADVICE_SENT: ("#dcefdc", "#1e5a24"),
    CaseStatus.SECURITY_NOTIFIED: ("#ebe1f5", "#4f2a73"),
    CaseStatus.CLOSED: ("#e6e6e6", "#444444"),
}
CHIP_STYLE = "border-radius: 3px; padding: 1px 7px; font-weight: bold;"


def chip_style(background: str, foreground: str) -> str:
    return f"color: {foreground}; background: {background}; {CHIP_STYLE}"


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class CaseSummary(QWidget):
    """Shows one queue row. `clear()` empties every label (used by the lock path)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case_id: int | None = None
        self._pages = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)

        # Empty state.
        empty = QWidget()
        self.empty_title = QLabel()
        self.empty_title.setObjectName("empty_title")
        title_font = QFont(self.empty_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.empty_title.setFont(title_font)
        self.empty_body = QLabel()
        self.empty_body.setWordWrap(True)
        self.empty_body.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self.empty_title, self.empty_body):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(self.empty_body)
        empty_layout.addStretch(2)
        self._pages.addWidget(empty)

        # Summary.
        summary = QWidget()
        self.reference = QLabel()
        self.reference.setObjectName("case_reference")
        heading = QFont(self.reference.font())
        heading.setPointSizeF(heading.pointSizeF() * 1.6)
        heading.setBold(True)
        self.reference.setFont(heading)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("case_status")
        self.urgent = QLabel()
        self.urgent.setObjectName("case_urgent")
        self.urgent.setStyleSheet(chip_style(URGENT_COLOR.name(), "white"))
        header = QHBoxLayout()
        header.addWidget(self.reference)
        header.addSpacing(12)
        header.addWidget(self.status)
        header.addWidget(self.urgent)
        header.addStretch(1)

        self.school = _value_label()
        self.request_type = _value_label()
        self.received = _value_label()
        self.agent = _value_label()
        self.attorney = _value_label()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(24)
        for text, field in (
            ("School", self.school),
            ("Request", self.request_type),
            ("Received", self.received),
            ("Agent", self.agent),
            ("Assigned attorney", self.attorney),
        ):
            caption = QLabel(text)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            form.addRow(caption, field)

        # Where the case stands in the workflow: every step, the current one marked.
        self.steps: dict[CaseStatus, QLabel] = {}
        steps = QHBoxLayout()
        steps.setSpacing(6)
        for number, status in enumerate(CaseStatus):
            if number:
                arrow = QLabel("→")
                arrow.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                steps.addWidget(arrow)
            step = QLabel(status.label)
            self.steps[status] = step
            steps.addWidget(step)
        steps.addStretch(1)
        progress_caption = QLabel("Progress")
        progress_caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        card = QFrame()
        card.setObjectName("case_card")
        card.setMaximumWidth(CARD_MAX_WIDTH)
        card.setStyleSheet(
            "QFrame#case_card { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 16, 20, 18)
        card_layout.setSpacing(12)
        card_layout.addLayout(header)
        card_layout.addWidget(_rule())
        card_layout.addLayout(form)
        card_layout.addWidget(_rule())
        card_layout.addWidget(progress_caption)
        card_layout.addLayout(steps)
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(16, 16, 16, 16)
        summary_layout.addWidget(card)
        summary_layout.addStretch(1)
        self._pages.addWidget(summary)
        self._value_labels = (
            self.reference,
            self.status,
            self.urgent,
            self.school,
            self.request_type,
            self.received,
            self.agent,
            self.attorney,
        )
        self.clear()

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def showing_case(self) -> bool:
        return self._pages.currentIndex() == 1

    def show_case(self, case: QueueRow | None) -> None:
        if case is None:
            self.show_empty()
            return
        self._case_id = case.id
        self.reference.setText(case.reference)
        self.status.setText(case.status.label)
        self.status.setStyleSheet(chip_style(*STATUS_COLORS[case.status]))
        self._mark_step(case.status)
        self.urgent.setText("URGENT" if case.urgent else "")
        self.urgent.setVisible(case.urgent)
        self.school.setText(case.school or NO_SCHOOL)
        self.request_type.setText(case.request_type.label)
        self.received.setText(local_time(case.received_at))
        self.agent.setText(case.agent or NOT_RECORDED)
        self.attorney.setText(case.assigned_attorney or UNASSIGNED)
        self._pages.setCurrentIndex(1)

    def show_empty(
        self,
        title: str = "No case selected",
        body: str = "Choose a case in the queue to see its summary here.",
    ) -> None:
        self._clear_values()
        self.empty_title.setText(title)
        self.empty_body.setText(body)
        self._pages.setCurrentIndex(0)

    def clear(self) -> None:
        """Empty every label, including the empty state's text."""
        self._clear_values()
        self.empty_title.clear()
        self.empty_body.clear()
        self._pages.setCurrentIndex(0)

    def _clear_values(self) -> None:
        self._case_id = None
        for label in self._value_labels:
            label.clear()
        self.urgent.hide()
        self._mark_step(None)

    def _mark_step(self, current: CaseStatus | None) -> None:
        for status, step in self.steps.items():
            if status == current:
                step.setStyleSheet(chip_style(*STATUS_COLORS[status]))
                step.setForegroundRole(QPalette.ColorRole.WindowText)
            else:
                step.setStyleSheet("padding: 1px 7px;")
                step.setForegroundRole(QPalette.ColorRole.PlaceholderText)


def _rule() -> QFrame:
    rule = QFrame()
    rule.setFrameShape(QFrame.Shape.HLine)
    rule.setFrameShadow(QFrame.Shadow.Plain)
    rule.setForegroundRole(QPalette.ColorRole.Mid)
    return rule
