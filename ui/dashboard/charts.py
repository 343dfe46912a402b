"""Small bar charts drawn with QPainter: a horizontal bar chart and a column chart.

PySide6-Essentials has no QtCharts, and the overview needs only bars with their
figures written beside them. Every size comes from the font's metrics, so the charts
follow the user's font size and stay sharp at any device pixel ratio (QPainter works
in device-independent pixels). Colours come from the palette, so a dark theme gets
light text and a visible baseline.

A chart is focusable: its accessible name is its title and its accessible
description reads every figure, and the arrow keys step through the bars, showing
each one's tooltip, for keyboard users who want one figure at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

NO_FIGURES = "No figures to show."


@dataclass(frozen=True)
class ChartItem:
    """One bar: `value` sets its length, `text` is the figure as written beside it.

    `value` None means there is no figure (for example no case reached a step yet):
    no bar is drawn and `text` says why. `detail` is extra context ("4 cases") for the
    tooltip, the description and the table. `secondary` bars are drawn lighter.
    """

    label: str
    value: float | None
    text: str
    detail: str = ""
    axis_label: str = ""  # a shorter label under a column; `label` when empty
    secondary: bool = False

    @property
    def spoken(self) -> str:
        figure = f"{self.label}: {self.text}"
        return f"{figure} ({self.detail})" if self.detail else figure


def describe(items: Sequence[ChartItem]) -> str:
    """The figures as one sentence for a screen reader: "Open: 4, Advice sent: 2"."""
    return ", ".join(item.spoken for item in items)


def bar_color(palette: QPalette, *, secondary: bool = False) -> QColor:
    """The palette's highlight, which themes keep readable against their own window."""
    color = QColor(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight))
    if secondary:
        color.setAlphaF(0.55)
    return color


class BarChartBase(QWidget):
    """Shared by both charts: items, title, description, tooltips, keyboard stepping."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._items: tuple[ChartItem, ...] = ()
        self._current = -1
        self.empty_text = NO_FIGURES
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title)
        self._update_description()

    # ----- data -----

    @property
    def title(self) -> str:
        return self._title

    def set_title(self, title: str) -> None:
        self._title = title
        self.setAccessibleName(title)

    @property
    def items(self) -> tuple[ChartItem, ...]:
        return self._items

    def set_items(self, items: Sequence[ChartItem]) -> None:
        self._items = tuple(items)
        self._current = -1
        self._update_description()
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_items(())
        # A tooltip is a window of its own: it must not keep a school name on screen.
        if QToolTip.isVisible():
            QToolTip.hideText()

    def description(self) -> str:
        return describe(self._items) if self._items else self.empty_text

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.description())

    @property
    def current(self) -> int:
        """The bar chosen with the arrow keys, -1 for none."""
        return self._current

    # ----- geometry (subclasses) -----

    def bar_rect(self, index: int) -> QRect:
        """Where bar `index` is drawn in widget pixels (empty when it has no bar)."""
        raise NotImplementedError

    def slot_rect(self, index: int) -> QRect:
        """The whole band of item `index` (its bar, label and figure): tooltips hit it."""
        raise NotImplementedError

    def item_at(self, pos: QPoint) -> int:
        for index in range(len(self._items)):
            if self.slot_rect(index).contains(pos):
                return index
        return -1

    def _scale(self) -> float:
        """The largest value (1 when there is none or all are zero: no division by zero)."""
        values = [item.value for item in self._items if item.value is not None]
        largest = max(values, default=0.0)
        return largest if largest > 0 else 1.0

    def _unit(self) -> int:
        return self.fontMetrics().height()

    # ----- painting -----

    def paintEvent(self, _event: QPaintEvent) -> None:
        # No antialiasing for bars and the baseline: on whole pixels they stay crisp,
        # where an antialiased 1 px line on a pixel edge smears into two grey ones.
        painter = QPainter(self)
        palette = self.palette()
        text_pen = QPen(palette.color(QPalette.ColorRole.WindowText))
        if not self._items:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.PlaceholderText)))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
        else:
            self._paint_chart(painter, palette, text_pen)
        if self.hasFocus():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(bar_color(palette), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        painter.end()

    def _paint_chart(self, painter: QPainter, palette: QPalette, text_pen: QPen) -> None:
        raise NotImplementedError

    def _paint_bars(self, painter: QPainter, palette: QPalette) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for index, item in enumerate(self._items):
            rect = self.bar_rect(index)
            if rect.isEmpty():
                continue
            painter.setBrush(bar_color(palette, secondary=item.secondary))
            painter.drawRect(rect)
            if index == self._current:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 2))
                painter.drawRect(QRectF(rect).adjusted(-2, -2, 2, 2))
                painter.setPen(Qt.PenStyle.NoPen)

    def _axis_pen(self, palette: QPalette) -> QPen:
        # PlaceholderText is the palette's muted text: visible in light and dark themes.
        return QPen(palette.color(QPalette.ColorRole.PlaceholderText), 1)

    # ----- tooltips and keys -----

    def tooltip_text(self, index: int) -> str:
        return self._items[index].spoken

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.item_at(event.pos())
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.tooltip_text(index), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        count = len(self._items)
        key = Qt.Key(event.key())
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: 1,
        }
        if not count or key not in (*steps, Qt.Key.Key_Home, Qt.Key.Key_End):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Home:
            self.set_current(0)
        elif key == Qt.Key.Key_End:
            self.set_current(count - 1)
        else:
            start = self._current if self._current >= 0 else (-1 if steps[key] > 0 else count)
            self.set_current(min(max(start + steps[key], 0), count - 1))
        event.accept()

    def set_current(self, index: int) -> None:
        """Choose a bar (keyboard): outline it and show its figure as a tooltip."""
        self._current = index
        self.update()
        if 0 <= index < len(self._items):
            rect = self.slot_rect(index)
            QToolTip.showText(self.mapToGlobal(rect.center()), self.tooltip_text(index), self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._current = -1
        self.update()
        super().focusOutEvent(event)


class HorizontalBarChart(BarChartBase):
    """Labels on the left, one bar a row growing right from a baseline, figure at its end."""

    MAX_LABEL_SHARE = 0.5  # of the width, so long school names leave room for the bars

    def _row_height(self) -> int:
        return round(self._unit() * 1.7)

    def _margin(self) -> int:
        return max(4, self._unit() // 2)

    def _columns(self) -> tuple[int, int, int]:
        """x of the baseline, x where the longest bar ends, and the label width."""
        metrics = self.fontMetrics()
        margin = self._margin()
        gap = metrics.horizontalAdvance("  ")
        widest_label = max((metrics.horizontalAdvance(i.label) for i in self._items), default=0)
        label_width = min(widest_label, int(self.width() * self.MAX_LABEL_SHARE))
        widest_text = max((metrics.horizontalAdvance(i.text) for i in self._items), default=0)
        baseline = margin + label_width + gap
        end = max(baseline + 1, self.width() - margin - widest_text - gap)
        return baseline, end, label_width

    def slot_rect(self, index: int) -> QRect:
        row = self._row_height()
        return QRect(0, self._margin() + index * row, self.width(), row)

    def bar_rect(self, index: int) -> QRect:
        item = self._items[index]
        if item.value is None or item.value <= 0:
            return QRect()
        baseline, end, _ = self._columns()
        slot = self.slot_rect(index)
        height = round(self._unit() * 1.1)
        length = max(1, round((end - baseline) * item.value / self._scale()))
        return QRect(baseline + 1, slot.top() + (slot.height() - height) // 2, length, height)

    def _paint_chart(self, painter: QPainter, palette: QPalette, text_pen: QPen) -> None:
        metrics = QFontMetrics(self.font())
        baseline, _end, label_width = self._columns()
        margin = self._margin()
        gap = metrics.horizontalAdvance(" ")
        self._paint_bars(painter, palette)
        painter.setPen(text_pen)
        for index, item in enumerate(self._items):
            slot = self.slot_rect(index)
            label = metrics.elidedText(item.label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(
                QRect(margin, slot.top(), label_width, slot.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            bar = self.bar_rect(index)
            left = (bar.right() if not bar.isEmpty() else baseline) + gap * 2
            if item.value is None:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.PlaceholderText)))
            painter.drawText(
                QRect(left, slot.top(), max(0, self.width() - left), slot.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                item.text,
            )
            painter.setPen(text_pen)
        painter.setPen(self._axis_pen(palette))
        top = margin
        bottom = margin + len(self._items) * self._row_height()
        painter.drawLine(baseline, top, baseline, bottom)

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._items))
        return QSize(self._unit() * 24, rows * self._row_height() + 2 * self._margin())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._unit() * 12, self.sizeHint().height())


class ColumnChart(BarChartBase):
    """One column an item on a baseline, the figure above it and the label below."""

    LABEL_LINES = 2  # a month is "Dec" over "2025"

    def _margin(self) -> int:
        return max(4, self._unit() // 2)

    def _plot(self) -> QRect:
        """The area columns grow in: a line of figures above, the labels below."""
        unit = self._unit()
        margin = self._margin()
        top = margin + unit
        bottom = self.height() - margin - unit * self.LABEL_LINES - unit // 3
        return QRect(margin, top, max(1, self.width() - 2 * margin), max(1, bottom - top))

    def slot_rect(self, index: int) -> QRect:
        plot = self._plot()
        count = max(1, len(self._items))
        left = plot.left() + plot.width() * index // count
        right = plot.left() + plot.width() * (index + 1) // count
        return QRect(left, 0, right - left, self.height())

    def bar_rect(self, index: int) -> QRect:
        item = self._items[index]
        if item.value is None or item.value <= 0:
            return QRect()
        plot = self._plot()
        slot = self.slot_rect(index)
        width = max(2, round(slot.width() * 0.6))
        height = max(1, round(plot.height() * item.value / self._scale()))
        return QRect(
            slot.left() + (slot.width() - width) // 2, plot.bottom() - height + 1, width, height
        )

    def _paint_chart(self, painter: QPainter, palette: QPalette, text_pen: QPen) -> None:
        metrics = QFontMetrics(self.font())
        plot = self._plot()
        unit = self._unit()
        self._paint_bars(painter, palette)
        painter.setPen(text_pen)
        for index, item in enumerate(self._items):
            slot = self.slot_rect(index)
            bar = self.bar_rect(index)
            top = bar.top() if not bar.isEmpty() else plot.bottom()
            figure = metrics.elidedText(item.text, Qt.TextElideMode.ElideRight, slot.width())
            painter.drawText(
                QRect(slot.left(), top - unit - 2, slot.width(), unit),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                figure,
            )
            lines = (item.axis_label or item.label).split("\n")[: self.LABEL_LINES]
            for line_no, line in enumerate(lines):
                text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, slot.width())
                painter.drawText(
                    QRect(
                        slot.left(), plot.bottom() + unit // 3 + line_no * unit, slot.width(), unit
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    text,
                )
        painter.setPen(self._axis_pen(palette))
        painter.drawLine(plot.left(), plot.bottom() + 1, plot.right(), plot.bottom() + 1)

    def sizeHint(self) -> QSize:
        unit = self._unit()
        return QSize(unit * 24, unit * (9 + self.LABEL_LINES))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._unit() * 12, self.sizeHint().height())
