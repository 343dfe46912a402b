"""The case queue as a Qt list model: a thin adapter over `CaseService.list()`.

The model keeps the rows the service returned and nothing else; sorting and
filtering happen in SQL. `data()` never raises (CONVENTIONS.md, after Anki's
browser model): an unknown index or role answers None.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from legal_desk.services.cases import CaseRow, CaseService
from legal_desk.workspace import Workspace

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ROW_ROLE = Qt.ItemDataRole.UserRole + 2
URGENT_ROLE = Qt.ItemDataRole.UserRole + 3

URGENT_COLOR = QColor("#b3261e")  # red with 6:1 contrast on white (WCAG AA for text)
NO_SCHOOL = "School not recorded"

Index = QModelIndex | QPersistentModelIndex


def local_time(moment: datetime) -> str:
    """A received time in the computer's time zone, as the office reads it."""
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


def describe(row: CaseRow) -> str:
    """One line that says everything the queue shows (display text, screen readers)."""
    parts = [row.reference, row.school or NO_SCHOOL, row.status.label]
    if row.urgent:
        parts.append("Urgent")
    return " · ".join(parts)


class CaseListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []

    # ----- loading -----

    def refresh(self, workspace: Workspace) -> None:
        """Reload the queue from the workspace (newest first, urgent open cases on top)."""
        self.set_rows(CaseService(workspace).list())

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (the lock path: nothing about a case stays in memory here)."""
        self.set_rows([])

    # ----- lookups -----

    def case_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: int) -> int | None:
        for number, case in enumerate(self._rows):
            if case.id == case_id:
                return number
        return None

    # ----- QAbstractListModel -----

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        case = self.case_at(index.row())
        if case is None:
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return describe(case)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(URGENT_COLOR) if case.urgent else None
        if role == CASE_ID_ROLE:
            return case.id
        if role == CASE_ROW_ROLE:
            return case
        if role == URGENT_ROLE:
            return case.urgent
        return None


class CaseItemDelegate(QStyledItemDelegate):
    """Two lines per case: reference and status, then school and received time.

    Urgent cases carry a red "URGENT" tag and a red edge, so the mark does not rely
    on colour alone.
    """

    PADDING = 8  # px around the text; the line heights come from the font
    TAG_PADDING = 4

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(240, 2 * metrics.height() + metrics.leading() + 3 * self.PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        case = index.data(CASE_ROW_ROLE)
        if not isinstance(case, CaseRow):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = opt.palette.color(group, text_role)
        muted = QColor(text_color)
        if not selected:
            muted = opt.palette.color(group, QPalette.ColorRole.PlaceholderText)

        painter.save()
        rect = opt.rect.adjusted(self.PADDING, self.PADDING // 2, -self.PADDING, 0)
        if case.urgent:
            painter.fillRect(
                QRect(opt.rect.left(), opt.rect.top(), 3, opt.rect.height()), URGENT_COLOR
            )
        metrics = QFontMetrics(opt.font)
        line = metrics.height()
        top = rect.top() + self.PADDING // 2
        bold = QFont(opt.font)
        bold.setBold(True)

        # Line 1: reference (bold), optional URGENT tag, status on the right.
        painter.setFont(bold)
        painter.setPen(text_color)
        bold_metrics = QFontMetrics(bold)
        ref_width = bold_metrics.horizontalAdvance(case.reference)
        painter.drawText(
            QRect(rect.left(), top, ref_width, line), Qt.AlignmentFlag.AlignVCenter, case.reference
        )
        status_text = case.status.label
        status_width = metrics.horizontalAdvance(status_text)
        painter.setFont(opt.font)
        painter.setPen(text_color if selected else muted)
        painter.drawText(
            QRect(rect.right() - status_width, top, status_width, line),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            status_text,
        )
        if case.urgent:
            small = QFont(opt.font)
            small.setBold(True)
            small.setPointSizeF(max(opt.font.pointSizeF() * 0.8, 6.0))
            small_metrics = QFontMetrics(small)
            tag = "URGENT"
            tag_rect = QRect(
                rect.left() + ref_width + self.PADDING,
                top + (line - small_metrics.height()) // 2 - 1,
                small_metrics.horizontalAdvance(tag) + 2 * self.TAG_PADDING,
                small_metrics.height() + 2,
            )
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(URGENT_COLOR)
            painter.drawRoundedRect(tag_rect, 3, 3)
            painter.setFont(small)
            painter.setPen(QColor("white"))
            painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag)

        # Line 2: school (elided), received time on the right.
        second = top + line + metrics.leading() + self.PADDING // 2
        when = case.received_at.astimezone().strftime("%d %b, %H:%M")
        when_width = metrics.horizontalAdvance(when)
        painter.setFont(opt.font)
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.right() - when_width, second, when_width, line),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            when,
        )
        school_width = max(rect.width() - when_width - self.PADDING, 0)
        school = metrics.elidedText(
            case.school or NO_SCHOOL, Qt.TextElideMode.ElideRight, school_width
        )
        painter.setPen(text_color)
        painter.drawText(
            QRect(rect.left(), second, school_width, line), Qt.AlignmentFlag.AlignVCenter, school
        )
        painter.restore()
