"""Search results: the query (run off the UI thread), the list model and its delegate.

`find()` runs on a worker thread with its own session: the core's full-text search,
then the queue rows of the cases hit, so a document hit shows its case's reference
and school. The snippet HTML is escaped by the core with matches in <b>; the
delegate renders it with a QTextDocument at a fixed row height.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from legal_desk import search
from legal_desk.services import queue
from legal_desk.workspace import Workspace
from ui.formatting import URGENT_COLOR

Index = QModelIndex | QPersistentModelIndex
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class SearchResult:
    case_id: int
    document_id: int | None
    title: str  # the case: "2026-0001 · Meadow Ridge Elementary"
    document: str  # the document's file name, "" for a hit on the case itself
    snippet_html: str  # escaped by the core, matches in <b>
    urgent: bool = False

    @property
    def snippet_text(self) -> str:
        """The snippet as plain text (screen readers, tests)."""
        return html.unescape(self.snippet_html.replace("<b>", "").replace("</b>", ""))

    @property
    def heading(self) -> str:
        return f"{self.title} — {self.document}" if self.document else self.title


def find(workspace: Workspace, text: str, limit: int) -> list[SearchResult]:
    """Search `workspace` for `text` (worker thread: opens and closes its own session)."""
    with workspace.session() as session:
        hits = search.search(session, text, limit)
        cases = queue.rows(session, sorted({hit.case_id for hit in hits}))
    results = []
    for hit in hits:
        row = cases.get(hit.case_id)
        if row is not None:
            title = " · ".join(p for p in (row.reference, row.school) if p)
        else:
            title = hit.title
        results.append(
            SearchResult(
                case_id=hit.case_id,
                document_id=hit.document_id,
                title=title,
                document=hit.title if hit.document_id is not None else "",
                snippet_html=hit.snippet_html,
                urgent=row.urgent if row is not None else False,
            )
        )
    return results


class SearchResultsModel(QAbstractListModel):
    """The hits of the latest query, best first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []

    def set_results(self, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def clear(self) -> None:
        self.set_results([])

    def result_at(self, row: int) -> SearchResult | None:
        return self._results[row] if 0 <= row < len(self._results) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        result = self.result_at(index.row()) if index.isValid() else None
        if result is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return result.heading
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{result.heading}: {result.snippet_text}"
        if role == RESULT_ROLE:
            return result
        return None


class SearchResultDelegate(QStyledItemDelegate):
    """Two lines per hit: the case (and document) in bold, then the highlighted snippet."""

    def _padding(self, metrics: QFontMetrics) -> int:
        return metrics.height() // 4  # a quarter line: scales with the font

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        padding = self._padding(metrics)
        return QSize(metrics.averageCharWidth() * 40, 2 * metrics.lineSpacing() + 3 * padding)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        result = index.data(RESULT_ROLE)
        if not isinstance(result, SearchResult):
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
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(group, role)
        metrics = QFontMetrics(opt.font)
        padding = self._padding(metrics)
        rect = opt.rect.adjusted(2 * padding, padding, -2 * padding, -padding)
        line = metrics.lineSpacing()

        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(URGENT_COLOR if result.urgent and not selected else color)
        heading = QFontMetrics(bold).elidedText(
            result.heading, Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            heading,
        )
        snippet = QRect(rect.left(), rect.top() + line + padding, rect.width(), line)
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(opt.font)
        document.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))
        text_option = document.defaultTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        document.setDefaultTextOption(text_option)
        document.setHtml(result.snippet_html)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setBrush(QPalette.ColorRole.Text, QBrush(color))
        context.clip = QRectF(0, 0, snippet.width(), snippet.height())
        painter.translate(snippet.topLeft())
        painter.setClipRect(context.clip)
        layout = document.documentLayout()
        layout.draw(painter, context)
        painter.restore()
