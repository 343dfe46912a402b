"""The QPainter charts: bars where the figures say, labels, tooltips, keys, durations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from ui.dashboard.charts import (
    NO_FIGURES,
    BarChartBase,
    ChartItem,
    ColumnChart,
    HorizontalBarChart,
    bar_color,
)
from ui.dashboard.figures import human_duration

STATUS = (
    ChartItem("Open", 4, "4"),
    ChartItem("Advice sent", 2, "2"),
    ChartItem("Security notified", 0, "0"),
)
BACKGROUND = QColor("#ffffff")


def render(chart: BarChartBase, ratio: float = 1.0) -> QImage:
    """The chart drawn on a white image at `ratio` device pixels per pixel."""
    size = chart.size()
    image = QImage(
        round(size.width() * ratio), round(size.height() * ratio), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(ratio)
    image.fill(BACKGROUND)
    chart.render(image)
    return image


def coloured_share(image: QImage, rect: QRect, color: QColor) -> float:
    """The share of pixels in `rect` (widget pixels) close to `color`."""
    ratio = image.devicePixelRatio()
    device = QRect(
        round(rect.x() * ratio),
        round(rect.y() * ratio),
        round(rect.width() * ratio),
        round(rect.height() * ratio),
    )
    hits = total = 0
    for x in range(device.left(), device.right() + 1):
        for y in range(device.top(), device.bottom() + 1):
            pixel = image.pixelColor(x, y)
            total += 1
            close = all(
                abs(a - b) <= 8 for a, b in zip(pixel.getRgb()[:3], color.getRgb()[:3], strict=True)
            )
            hits += close
    return hits / total if total else 0.0


def make(qtbot: QtBot, kind: type[BarChartBase], items: tuple[ChartItem, ...]) -> BarChartBase:
    chart = kind("Open cases by status")
    qtbot.addWidget(chart)
    chart.set_items(items)
    chart.resize(420, chart.sizeHint().height())
    chart.show()
    return chart


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_horizontal_bars_are_drawn_in_proportion(qtbot: QtBot, ratio: float) -> None:
    chart = make(qtbot, HorizontalBarChart, STATUS)
    image = render(chart, ratio)
    color = bar_color(chart.palette())

    open_bar, advice_bar = chart.bar_rect(0), chart.bar_rect(1)
    assert coloured_share(image, open_bar.adjusted(1, 1, -1, -1), color) > 0.95
    assert coloured_share(image, advice_bar.adjusted(1, 1, -1, -1), color) > 0.95
    # Half the cases, half the length; the bars share one baseline.
    assert open_bar.left() == advice_bar.left()
    assert advice_bar.width() == pytest.approx(open_bar.width() / 2, abs=1)
    # A zero draws no bar; the band to the right of the longest bar stays clear of it.
    assert chart.bar_rect(2).isEmpty()
    beyond = QRect(open_bar.right() + 40, 0, chart.width() - open_bar.right() - 40, chart.height())
    assert coloured_share(image, beyond, color) == 0.0


def test_column_heights_follow_the_figures(qtbot: QtBot) -> None:
    months = tuple(
        ChartItem(f"{m} 2026", n, str(n), axis_label=f"{m}\n2026")
        for m, n in (("Sep", 1), ("Oct", 0), ("Nov", 3))
    )
    chart = make(qtbot, ColumnChart, months)
    image = render(chart, 2.0)
    color = bar_color(chart.palette())

    sep, oct_, nov = (chart.bar_rect(i) for i in range(3))
    assert oct_.isEmpty()
    assert sep.bottom() == nov.bottom()
    assert sep.height() == pytest.approx(nov.height() / 3, abs=1)
    assert coloured_share(image, nov.adjusted(1, 1, -1, -1), color) > 0.95
    above = QRect(nov.left(), 0, nov.width(), nov.top() - chart.fontMetrics().height() - 4)
    assert coloured_share(image, above, color) == 0.0


def test_figures_and_baseline_are_painted_in_the_palette_text_colours(qtbot: QtBot) -> None:
    chart = make(qtbot, HorizontalBarChart, STATUS)
    palette = QPalette(chart.palette())
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff00ff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#00ff00"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#0000ff"))
    chart.setPalette(palette)
    image = render(chart)

    bar = chart.bar_rect(0)
    label_band = QRect(0, bar.top(), bar.left() - 4, bar.height())
    figure_band = QRect(bar.right() + 2, bar.top(), chart.width() - bar.right() - 2, bar.height())
    baseline = QRect(bar.left() - 2, bar.top(), 2, bar.height())
    assert coloured_share(image, label_band, QColor("#ff00ff")) > 0
    assert coloured_share(image, figure_band, QColor("#ff00ff")) > 0
    assert coloured_share(image, baseline, QColor("#00ff00")) > 0
    assert coloured_share(image, bar.adjusted(1, 1, -1, -1), QColor("#0000ff")) > 0.95


def test_an_empty_chart_says_so_and_divides_by_nothing(qtbot: QtBot) -> None:
    for kind in (HorizontalBarChart, ColumnChart):
        chart = make(qtbot, kind, ())
        assert chart.accessibleDescription() == NO_FIGURES
        image = render(chart)
        assert coloured_share(image, chart.rect(), bar_color(chart.palette())) == 0.0
        chart.set_items((ChartItem("New", 0, "0"), ChartItem("To advice", None, "no case yet")))
        render(chart)
        assert chart.bar_rect(0).isEmpty() and chart.bar_rect(1).isEmpty()


def test_description_name_and_tooltip_read_the_figures(qtbot: QtBot) -> None:
    chart = make(qtbot, HorizontalBarChart, STATUS)
    assert chart.accessibleName() == "Open cases by status"
    assert chart.accessibleDescription() == "Open: 4, Advice sent: 2, Security notified: 0"
    # What a screen reader is handed through Qt's accessibility bridge.
    interface = QAccessible.queryAccessibleInterface(chart)
    assert interface.text(QAccessible.Text.Name) == "Open cases by status"
    assert interface.text(QAccessible.Text.Description).startswith("Open: 4, Advice sent: 2")

    center = chart.bar_rect(1).center()
    event = QHelpEvent(QEvent.Type.ToolTip, center, chart.mapToGlobal(center))
    QApplication.sendEvent(chart, event)
    assert QToolTip.text() == "Advice sent: 2"

    chart.set_items((ChartItem("To advice, median", 7800, "2 h 10 min", detail="4 cases"),))
    assert chart.accessibleDescription() == "To advice, median: 2 h 10 min (4 cases)"
    assert chart.item_at(QPoint(chart.width() - 1, chart.bar_rect(0).center().y())) == 0
    assert chart.item_at(QPoint(2, chart.height() - 1)) == -1


def test_arrow_keys_step_through_the_bars(qtbot: QtBot) -> None:
    chart = make(qtbot, ColumnChart, STATUS)
    chart.setFocus()
    assert chart.current == -1

    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current == 0
    assert QToolTip.text() == "Open: 4"
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.current == 2
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current == 2
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    assert chart.current == 1
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.current == 0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(seconds=20), "under 1 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(minutes=59, seconds=50), "1 h"),
        (timedelta(hours=2, minutes=10), "2 h 10 min"),
        (timedelta(hours=3), "3 h"),
        (timedelta(hours=23, minutes=59, seconds=50), "1 day"),
        (timedelta(days=1, hours=4), "1 day 4 h"),
        (timedelta(days=2, hours=23), "2 days 23 h"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=9, hours=13), "10 days"),
        (timedelta(hours=-2), "under 1 min"),
    ],
)
def test_durations_read_in_human_units(value: timedelta, text: str) -> None:
    assert human_duration(value) == text
