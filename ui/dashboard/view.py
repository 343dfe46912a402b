"""The Overview: headline figures and charts of the whole workspace (issue 6).

The figures are computed by `legal_desk.services.dashboard` in SQL, off the UI
thread through the runner; a newer request (F5, a period change, locking) makes any
answer still on its way stale, so a slow answer never overwrites a newer one or
repaints figures after the window locked. `clear()` (the lock path) drops every
figure and school name.

Each chart has a table twin with the same figures ("Show as table"), for keyboard
and screen-reader users and for copying a figure.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import Qt, QTimeZone, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services.dashboard import Dashboard, dashboard
from legal_desk.workspace import Workspace
from ui import a11y
from ui.dashboard import figures
from ui.dashboard.charts import BarChartBase, ChartItem, ColumnChart, HorizontalBarChart
from ui.errors import user_message
from ui.formatting import URGENT_COLOR
from ui.tasks import Runner

log = logging.getLogger(__name__)

PERIODS = (3, 6, 12)
DEFAULT_MONTHS = 12
COMPUTING = "Counting…"
EMPTY_TITLE = "Nothing to show yet"
EMPTY_TEXT = (
    "There is no open case, and no case was received in the last {months} months. "
    "Cases opened with Ctrl+N appear here."
)
NO_STEP_YET = "No case received in the period has reached this step yet."


def local_zone() -> tzinfo:
    """The computer's time zone as a ZoneInfo, so months are DST-exact (see the core).

    Falls back to today's fixed offset when the zone has no IANA name Python knows.
    """
    zone_id = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    try:
        return ZoneInfo(zone_id)
    except (ZoneInfoNotFoundError, ValueError):
        return datetime.now().astimezone().tzinfo or UTC


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)
    return label


def _scaled(font: QFont, factor: float, *, bold: bool = True) -> QFont:
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


class ChartCard(QFrame):
    """A chart under its title, and the same figures as a table (shown instead on demand)."""

    def __init__(
        self,
        title: str,
        chart: BarChartBase,
        headers: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chart_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chart = chart
        self.headers = headers
        self.table = QTableWidget(0, 2)
        self.table.setObjectName(f"{chart.objectName()}_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setObjectName("qt_table_header")
        # A dozen rows at most, so sizing the figures to their contents is cheap; the
        # label column takes the rest, keeping each figure near its label's end.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.hide()
        # The title names the table for screen readers (and the chart, by its own name).
        self.title = a11y.buddy_label(title, self.table)
        self.title.setFont(_scaled(self.font(), 1.1))
        self.caption = _muted(QLabel())
        self.caption.setObjectName(f"{chart.objectName()}_caption")
        self.caption.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.caption)
        layout.addWidget(chart)
        layout.addWidget(self.table)
        layout.addStretch(1)

    def set_items(self, items: Sequence[ChartItem], caption: str = "") -> None:
        self.chart.set_items(items)
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        with_detail = any(item.detail for item in items)
        self.table.clear()
        self.table.setColumnCount(3 if with_detail else 2)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        labels = [*self.headers, ""][: 3 if with_detail else 2]
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = [item.label, item.text] + ([item.detail] if with_detail else [])
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
        # Tall enough for every row: the overview scrolls as a whole, not each table.
        header = self.table.horizontalHeader().sizeHint().height()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth() + 2)

    def clear(self) -> None:
        self.set_items(())

    def show_table(self, on: bool) -> None:
        self.table.setVisible(on)
        self.chart.setVisible(not on)

    @property
    def focus_widget(self) -> QWidget:
        return self.table if self.table.isVisibleTo(self) else self.chart


class Headline(QFrame):
    """One big number with what it counts written under it."""

    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel(figures.NOT_AVAILABLE)
        self.value.setObjectName(f"{name}_value")
        self.value.setFont(_scaled(self.font(), 2.0))
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.detail = _muted(QLabel())
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        self.set_value(figures.NOT_AVAILABLE)

    def set_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        # Read as one phrase: "Open cases: 8".
        self.setAccessibleName(f"{self.caption.text()}: {value}")


class DashboardView(QWidget):
    """The workspace overview: `load(workspace)`, F5 to recount, `clear()` when locking."""

    loaded = Signal()  # new figures are on screen
    failed = Signal(str)  # the user-facing message

    def __init__(
        self,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._zone = zone if zone is not None else local_zone()
        self._workspace: Workspace | None = None
        self._board: Dashboard | None = None
        self._generation = 0
        self._busy = False

        heading = QLabel("Overview")
        heading.setFont(_scaled(self.font(), 1.5))
        self.period = QComboBox()
        self.period.setObjectName("period")
        for months in PERIODS:
            self.period.addItem(f"Last {months} months", months)
        self.period.setCurrentIndex(PERIODS.index(DEFAULT_MONTHS))
        period_label = a11y.buddy_label("&Period:", self.period)
        self.period.setAccessibleName("Period")
        self.table_toggle = a11y.check_box("Show as &table")
        self.table_toggle.setObjectName("show_as_table")
        self.table_toggle.setToolTip("Show every chart's figures as a table")
        self.refresh_button = a11y.button("&Refresh")
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.setToolTip("Count again (F5)")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(self.table_toggle)
        top.addWidget(self.refresh_button)

        self.status = _muted(QLabel())
        self.status.setObjectName("overview_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.open_headline = Headline("Open cases", "open_headline")
        self.urgent_headline = Headline(
            "Urgent open cases (emergency or “lawful order” claimed)", "urgent_headline"
        )
        self.advice_headline = Headline("Median time from intake to advice", "advice_headline")
        headlines = QHBoxLayout()
        for headline in (self.open_headline, self.urgent_headline, self.advice_headline):
            headline.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            headlines.addWidget(headline, 1)

        self.status_chart = self._chart(HorizontalBarChart, "Open cases by status", "by_status")
        self.age_chart = self._chart(ColumnChart, "Open cases by age", "by_age")
        self.school_chart = self._chart(HorizontalBarChart, "Cases per school", "per_school")
        self.month_chart = self._chart(ColumnChart, "Cases per month", "per_month")
        self.duration_chart = self._chart(
            HorizontalBarChart, "Time from intake to advice and to Security", "durations"
        )
        self.duration_chart.empty_text = NO_STEP_YET
        self.cards = {
            "status": ChartCard("Open cases by status", self.status_chart, ("Status", "Open")),
            "age": ChartCard("Open cases by age", self.age_chart, ("Age", "Open")),
            "school": ChartCard("Cases per school", self.school_chart, ("School", "Cases")),
            "month": ChartCard("Cases per month", self.month_chart, ("Month", "Cases")),
            "duration": ChartCard(
                "Time from intake to advice and to Security",
                self.duration_chart,
                ("Step", "Time", "Based on"),
            ),
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.cards["status"], 0, 0)
        grid.addWidget(self.cards["age"], 0, 1)
        grid.addWidget(self.cards["month"], 1, 0, 1, 2)
        grid.addWidget(self.cards["school"], 2, 0)
        grid.addWidget(self.cards["duration"], 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        charts_page = QWidget()
        charts_page.setLayout(grid)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("overview_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(charts_page)

        self.empty_title = QLabel(EMPTY_TITLE)
        self.empty_title.setFont(_scaled(self.font(), 1.3))
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = _muted(QLabel())
        self.empty_text.setObjectName("overview_empty_text")
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_page = QWidget()
        empty_page.setObjectName("overview_empty")
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addStretch(2)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll_area)
        self.pages.addWidget(empty_page)
        self.empty_page = empty_page

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(headlines)
        layout.addWidget(self.pages, 1)

        self.refresh_shortcut = QShortcut(QKeySequence("F5"), self)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_shortcut.activated.connect(self.reload)
        self.refresh_button.clicked.connect(self.reload)
        self.period.currentIndexChanged.connect(self.reload)
        self.table_toggle.toggled.connect(self.show_tables)
        self._set_tab_order()
        self.clear()

    def _chart(self, kind: type[BarChartBase], title: str, name: str) -> BarChartBase:
        chart = kind(title)
        chart.setObjectName(name)
        return chart

    def _set_tab_order(self) -> None:
        order: list[QWidget] = [self.period, self.table_toggle, self.refresh_button]
        for key in ("status", "age", "month", "school", "duration"):
            order.append(self.cards[key].chart)
            order.append(self.cards[key].table)
        a11y.set_tab_chain(order)

    # ----- state -----

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def board(self) -> Dashboard | None:
        """The figures on screen (None before the first answer and after `clear()`)."""
        return self._board

    @property
    def months(self) -> int:
        value = self.period.currentData()
        return int(value) if value is not None else DEFAULT_MONTHS

    def set_months(self, months: int) -> None:
        """Choose the period (3, 6 or 12 months): recounts as the combo box does."""
        self.period.setCurrentIndex(PERIODS.index(months))

    @property
    def busy(self) -> bool:
        return self._busy

    # ----- loading -----

    def load(self, workspace: Workspace) -> None:
        """Count the figures of `workspace` off the UI thread and show them."""
        self._workspace = workspace
        self.reload()

    def reload(self) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        self._generation += 1
        generation = self._generation
        months = self.months
        now = workspace.clock().astimezone(self._zone)
        self._busy = True
        self.status.setText(COMPUTING)
        self._runner.run(
            partial(self._count, workspace, now, months),
            partial(self._counted, generation),
            partial(self._count_failed, generation),
        )

    @staticmethod
    def _count(workspace: Workspace, now: datetime, months: int) -> Dashboard:
        return dashboard(workspace, now=now, months=months)

    def _counted(self, generation: int, board: Dashboard) -> None:
        if generation != self._generation:
            return  # superseded by a newer count, or the window locked meanwhile
        self._busy = False
        self.show_dashboard(board)
        self.loaded.emit()

    def _count_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            log.info("a superseded overview count failed: %s", type(exc).__name__)
            return
        self._busy = False
        message = f"The overview could not be counted: {user_message(exc)}"
        self.status.setText(message)
        self.status.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.failed.emit(message)

    # ----- showing -----

    def show_dashboard(self, board: Dashboard) -> None:
        self._board = board
        self.status.setStyleSheet("")
        period = figures.period_text(board)
        self.status.setText(
            f"Open cases as of {board.now:%a %d %b %Y, %H:%M}. "
            f"Cases received from {period} ({self.months_text(board)})."
        )
        self.open_headline.set_value(str(board.open_total))
        self.urgent_headline.set_value(str(board.open_urgent))
        advice = board.to_advice
        self.advice_headline.set_value(
            figures.median_to_advice(board),
            f"Over {figures.plural(advice.count, 'case')} received in the period"
            if advice.count
            else "No advice sent yet for a case received in the period",
        )
        in_period = f"Received from {period}"
        self.cards["status"].set_items(figures.open_by_status(board))
        self.cards["age"].set_items(figures.open_by_age(board), "Whole days since intake")
        self.cards["school"].set_items(figures.per_school(board), in_period)
        self.cards["month"].set_items(figures.per_month(board), in_period)
        self.cards["duration"].set_items(
            figures.durations(board),
            f"Cases received from {period}: the median, and the time within which 90% "
            "of them reached the step.",
        )
        empty = figures.is_empty(board)
        self.empty_text.setText(EMPTY_TEXT.format(months=len(board.per_month)))
        self.pages.setCurrentWidget(self.empty_page if empty else self.scroll_area)

    @staticmethod
    def months_text(board: Dashboard) -> str:
        return f"the last {len(board.per_month)} months"

    def show_tables(self, on: bool) -> None:
        """Every chart's figures as a table instead (screen readers, keyboard, copying)."""
        had_focus = self.focusWidget()
        for card in self.cards.values():
            card.show_table(on)
        if self.table_toggle.isChecked() != on:
            self.table_toggle.setChecked(on)
        if had_focus is not None and not had_focus.isVisible():
            self.table_toggle.setFocus()

    def clear(self) -> None:
        """Drop every figure and school name (locking); a count on its way is ignored."""
        self._generation += 1
        self._busy = False
        self._workspace = None
        self._board = None
        self.status.setText("")
        self.status.setStyleSheet("")
        for headline in (self.open_headline, self.urgent_headline, self.advice_headline):
            headline.set_value(figures.NOT_AVAILABLE)
        for card in self.cards.values():
            card.clear()
        self.empty_text.setText("")
        self.pages.setCurrentWidget(self.scroll_area)

    def charts(self) -> list[BarChartBase]:
        return [card.chart for card in self.cards.values()]

    def tables(self) -> list[QTableWidget]:
        return [card.table for card in self.cards.values()]
