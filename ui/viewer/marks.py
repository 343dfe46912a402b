"""Marks drawn over rendered pages: find hits, checker regions, annotations, drafts.

A mark is in PDF points in unrotated page space, origin top-left (PyMuPDF's and the
core's convention), so the same mark stays put through zoom and rotation; the page
widget maps it to pixels when it paints.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

Rect = tuple[float, float, float, float]


class MarkStyle(enum.Enum):
    FILL = "fill"  # translucent box: find hits, highlights
    OUTLINE = "outline"  # a frame: rectangles, checker regions
    UNDERLINE = "underline"  # a line under each quad
    STRIKE = "strike"  # a line through each quad
    INK = "ink"  # freehand strokes in `points`
    NOTE = "note"  # a small note icon at the rect's top-left
    TEXT = "text"  # free text inside the rect
    REDACT = "redact"  # an opaque box: what export will remove


@dataclass(frozen=True)
class Mark:
    page: int  # 0-based
    rect: Rect
    color: str = "#ffd400"
    style: MarkStyle = MarkStyle.FILL
    # Text markup: 8-number quads, one per line; ink: strokes as x, y, x, y, ...
    points: tuple[tuple[float, ...], ...] = ()
    text: str = ""
    emphasised: bool = False  # the current find hit, the selected annotation
    key: object = None  # who owns it: an annotation id, a finding index


@dataclass(frozen=True)
class PageGeometry:
    """Maps between a page's points and its widget's pixels at one zoom and rotation."""

    width: float  # page size in points, unrotated
    height: float
    scale: float  # pixels per point
    rotation: int  # 0, 90, 180 or 270, clockwise

    def to_widget(self, x: float, y: float) -> QPointF:
        w, h, r = self.width, self.height, self.rotation
        if r == 90:
            x, y = h - y, x
        elif r == 180:
            x, y = w - x, h - y
        elif r == 270:
            x, y = y, w - x
        return QPointF(x * self.scale, y * self.scale)

    def to_page(self, point: QPointF) -> tuple[float, float]:
        x, y = point.x() / self.scale, point.y() / self.scale
        w, h, r = self.width, self.height, self.rotation
        if r == 90:
            x, y = y, h - x
        elif r == 180:
            x, y = w - x, h - y
        elif r == 270:
            x, y = w - y, x
        return min(max(x, 0.0), w), min(max(y, 0.0), h)

    def rect_to_widget(self, rect: Rect) -> QRectF:
        x0, y0, x1, y1 = rect
        return QRectF(self.to_widget(x0, y0), self.to_widget(x1, y1)).normalized()


def normalised(rect: Rect) -> Rect:
    x0, y0, x1, y1 = rect
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
