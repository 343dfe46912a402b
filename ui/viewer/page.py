"""One page in the viewer: its rendered image (or a placeholder) with marks painted over it.

Mouse presses, drags and releases on the page go to the viewer's current `PageTool`
(annotation tools), in page points, so tools never deal with zoom or rotation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QLabel, QWidget

from ui.viewer.marks import Mark, MarkStyle, PageGeometry

FILL_ALPHA = 90
EMPHASIS_ALPHA = 150
NOTE_ICON_PIXELS = 18


class PageTool(Protocol):
    """Receives pointer input on pages, in page points (see `ui.viewer.marks`)."""

    def press(self, page: int, x: float, y: float) -> None: ...
    def move(self, page: int, x: float, y: float) -> None: ...
    def release(self, page: int, x: float, y: float) -> None: ...


class PageView(QLabel):
    """A page's image, scaled to its size, and the marks on it (0-based `page`)."""

    def __init__(self, page: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.page = page
        self.geometry_info = PageGeometry(1.0, 1.0, 1.0, 0)
        self.marks: Sequence[Mark] = ()
        self.tool: PageTool | None = None
        self._pressed = False

    def set_marks(self, marks: Sequence[Mark]) -> None:
        if list(marks) != list(self.marks):
            self.marks = tuple(marks)
            self.update()

    # ----- painting -----

    def paintEvent(self, event: QPaintEvent) -> None:
        pixmap = self.pixmap()
        if pixmap.isNull():
            super().paintEvent(event)  # the placeholder: its text on a grey box
            if not self.marks:
                return
            painter = QPainter(self)
        else:
            # The image is drawn here rather than by QLabel's scaled contents, which
            # smooth-scaled and copied it on every paint (a page at the old zoom is
            # stretched quickly until its new rendering arrives).
            painter = QPainter(self)
            target = QRectF(self.rect())
            source = QRectF(pixmap.rect())
            if pixmap.deviceIndependentSize() == target.size():
                painter.drawPixmap(target.topLeft(), pixmap)
            else:
                painter.drawPixmap(target, pixmap, source)
            if not self.marks:
                painter.end()
                return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mark in self.marks:
            paint_mark(painter, self.geometry_info, mark)
        painter.end()

    # ----- pointer input for tools -----

    def _page_point(self, event: QMouseEvent) -> tuple[float, float]:
        return self.geometry_info.to_page(event.position())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.tool is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._pressed = True
        self.tool.press(self.page, *self._page_point(event))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.tool is None or not self._pressed:
            super().mouseMoveEvent(event)
            return
        self.tool.move(self.page, *self._page_point(event))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.tool is None or not self._pressed:
            super().mouseReleaseEvent(event)
            return
        self._pressed = False
        self.tool.release(self.page, *self._page_point(event))
        event.accept()


def _color(mark: Mark, alpha: int = 255) -> QColor:
    color = QColor(mark.color)
    if not color.isValid():
        color = QColor("#ffd400")
    color.setAlpha(alpha)
    return color


def _quads(geometry: PageGeometry, mark: Mark) -> list[QPolygonF]:
    """A mark's line quads in pixels, or its rect when it has none."""
    polygons = []
    for quad in mark.points:
        if len(quad) != 8:
            continue
        ul, ur, ll, lr = (geometry.to_widget(quad[i], quad[i + 1]) for i in range(0, 8, 2))
        polygons.append(QPolygonF([ul, ur, lr, ll]))
    if not polygons:
        rect = geometry.rect_to_widget(mark.rect)
        polygons.append(QPolygonF(rect))
    return polygons


def _edge_lines(geometry: PageGeometry, mark: Mark, at: float) -> list[tuple[QPointF, QPointF]]:
    """For each quad, a line across it at `at` (0 top edge, 1 bottom edge), in pixels."""
    quads = [q for q in mark.points if len(q) == 8]
    if not quads:
        x0, y0, x1, y1 = mark.rect
        quads = [(x0, y0, x1, y0, x0, y1, x1, y1)]
    lines = []
    for q in quads:
        left = (q[0] + (q[4] - q[0]) * at, q[1] + (q[5] - q[1]) * at)
        right = (q[2] + (q[6] - q[2]) * at, q[3] + (q[7] - q[3]) * at)
        lines.append((geometry.to_widget(*left), geometry.to_widget(*right)))
    return lines


def paint_mark(painter: QPainter, geometry: PageGeometry, mark: Mark) -> None:
    """Draw one mark the way the exported PDF will show it (close enough to judge)."""
    width = max(1.5, geometry.scale * (2.0 if mark.emphasised else 1.2))
    painter.save()
    style = mark.style
    if style is MarkStyle.FILL:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_color(mark, EMPHASIS_ALPHA if mark.emphasised else FILL_ALPHA))
        for polygon in _quads(geometry, mark):
            painter.drawPolygon(polygon)
        if mark.emphasised:
            painter.setPen(QPen(_color(mark), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for polygon in _quads(geometry, mark):
                painter.drawPolygon(polygon)
    elif style in (MarkStyle.UNDERLINE, MarkStyle.STRIKE):
        painter.setPen(QPen(_color(mark), width))
        at = 0.95 if style is MarkStyle.UNDERLINE else 0.55
        for start, end in _edge_lines(geometry, mark, at):
            painter.drawLine(start, end)
    elif style is MarkStyle.INK:
        painter.setPen(QPen(_color(mark), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for stroke in mark.points:
            path = QPainterPath()
            for index in range(0, len(stroke) - 1, 2):
                point = geometry.to_widget(stroke[index], stroke[index + 1])
                if index == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            painter.drawPath(path)
    elif style is MarkStyle.NOTE:
        corner = geometry.rect_to_widget(mark.rect).topLeft()
        icon = QRectF(corner, corner + QPointF(NOTE_ICON_PIXELS, NOTE_ICON_PIXELS))
        painter.setPen(QPen(_color(mark).darker(160), 1.5 if not mark.emphasised else 3.0))
        painter.setBrush(_color(mark))
        painter.drawRoundedRect(icon, 3, 3)
        painter.drawLine(icon.topLeft() + QPointF(4, 6), icon.topRight() + QPointF(-4, 6))
        painter.drawLine(icon.topLeft() + QPointF(4, 11), icon.topRight() + QPointF(-4, 11))
    elif style is MarkStyle.TEXT:
        rect = geometry.rect_to_widget(mark.rect)
        painter.setPen(QPen(_color(mark), 1.0 if not mark.emphasised else width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        font = QFont(painter.font())
        font.setPixelSize(max(6, round(11 * geometry.scale)))
        painter.setFont(font)
        painter.drawText(rect.adjusted(3, 2, -3, -2), Qt.TextFlag.TextWordWrap, mark.text)
    elif style is MarkStyle.REDACT:
        rect = geometry.rect_to_widget(mark.rect)
        painter.setPen(QPen(QColor("#c00000"), width, Qt.PenStyle.DashLine))
        painter.setBrush(_color(mark, 200))
        painter.drawRect(rect)
    else:  # OUTLINE
        rect = geometry.rect_to_widget(mark.rect)
        painter.setPen(QPen(_color(mark), width))
        painter.setBrush(_color(mark, 40) if mark.emphasised else Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
    painter.restore()
