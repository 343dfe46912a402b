"""The case queue panel: a filter bar, the queue table and the number of cases per status.

Every filter change re-queries at once (one indexed query, tens of milliseconds at
100k cases); the selected case stays selected through re-queries and re-sorts when
it still matches. Keyboard: arrows move, Enter opens (`case_activated`), Tab leaves
the table, `focus_action` (Ctrl+1) comes back to it from anywhere in the window.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services import queue
from legal_desk.services.cases import known_schools
from legal_desk.services.queue import QueueFilter
from legal_desk.workspace import Workspace
from models import CaseStatus, RequestType
from ui import a11y, errors
from ui.queue.model import CASE_ID_ROLE, URGENT_TEXT, Clock, Column, QueueModel

log = logging.getLogger(__name__)

FOCUS_SHORTCUT = "Ctrl+1"
ANY_DATE = "Any date"
ALL_SCHOOLS = "All schools"
AGE_TICK_MS = 60_000  # ages are shown to the minute
# The lowest date a date field holds stands for "no bound" (shown as ANY_DATE).
NO_DATE = QDate(2000, 1, 1)
LAST_DATE = QDate(2100, 12, 31)
# Widest text each column usually holds: widths follow the font, not pixel guesses.
_SAMPLES = {
    Column.URGENCY: URGENT_TEXT,
    Column.REFERENCE: "2026-00000",
    Column.STATUS: CaseStatus.SECURITY_NOTIFIED.label,
    Column.SCHOOL: "North Cedar Middle School",
    Column.REQUEST_TYPE: RequestType.STUDENT_ACCESS.label,
    Column.AGENT: "Officer Dana Pike",
    Column.RECEIVED: "00 Mar 0000, 00:00",
    Column.AGE: "000 min",
    Column.ASSIGNED: "Ruth Alvarado",
}

StatusChoice = tuple[str, frozenset[CaseStatus] | None]
STATUS_CHOICES: tuple[StatusChoice, ...] = (
    ("All open", queue.OPEN_STATUSES),
    *((status.label, frozenset({status})) for status in CaseStatus),
    ("All", None),
)
REQUEST_CHOICES: tuple[tuple[str, RequestType | None], ...] = (
    ("All types", None),
    *((kind.label, kind) for kind in RequestType),
)


def squash(text: str) -> str:
    return " ".join(text.split())


def local_midnight(day: date) -> datetime:
    """The start of `day` in the computer's time zone, as a UTC time."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def status_counts_text(counts: dict[CaseStatus, int]) -> str:
    return " · ".join(f"{status.label} {counts.get(status, 0):,}" for status in CaseStatus)


class OptionalDateEdit(QDateEdit):
    """A date field that may hold no date: its lowest value reads "Any date".

    Up from "Any date" goes to today, and the calendar opens on this month rather
    than on the placeholder's.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setDateRange(NO_DATE, LAST_DATE)
        self.setSpecialValueText(ANY_DATE)
        self.setDate(NO_DATE)
        calendar = self.calendarWidget()
        if calendar is not None:
            calendar.installEventFilter(self)

    def chosen_date(self) -> date | None:
        chosen = self.date()
        if chosen <= self.minimumDate():
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_chosen_date(self, day: date | None) -> None:
        self.setDate(NO_DATE if day is None else QDate(day.year, day.month, day.day))

    def stepBy(self, steps: int) -> None:
        if self.chosen_date() is None:
            self.setDate(QDate.currentDate())
            return
        super().stepBy(steps)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        calendar = self.calendarWidget()
        shown = watched is calendar and event.type() == QEvent.Type.Show
        if shown and calendar is not None and self.chosen_date() is None:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


class QueueTableView(QTableView):
    """The queue table, with type-ahead search turned off.

    Qt's keyboard search asks the model for the text of row after row: over a lazy
    model of 100k cases that would fetch every block. Search is Ctrl+F instead.
    """

    def keyboardSearch(self, search: str) -> None:
        return


class QueuePanel(QWidget):
    """Filter bar, queue table and status counts over one workspace's cases.

    Construct, add to a window, then `set_workspace(ws)` after unlocking; `clear()`
    on lock (it also forgets the workspace and resets the filters).
    """

    case_activated = Signal(int)  # Enter or double-click on a case
    selection_changed = Signal(object)  # the selected case id, or None

    def __init__(self, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._workspace: Workspace | None = None
        self._schools: list[str] = []
        self._kept_case: int | None = None
        self._emitted_case: int | None = None
        self.model = QueueModel(self, clock=clock)
        self.model.refresh_failed.connect(self._show_failure)
        self._build_filters()
        self._build_table()
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self._build_layout()
        self.focus_action = QAction("Go to case &queue", self)
        self.focus_action.setShortcut(QKeySequence(FOCUS_SHORTCUT))
        self.focus_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.focus_action.setStatusTip("Move the keyboard focus to the case queue.")
        self.focus_action.triggered.connect(self.focus_queue)
        self.addAction(self.focus_action)
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(AGE_TICK_MS)
        self._age_timer.timeout.connect(self.model.refresh_ages)

    # ----- construction -----

    def _build_filters(self) -> None:
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItems([label for label, _ in STATUS_CHOICES])
        self.status_label = a11y.buddy_label("&Status", self.status_filter)

        self.school_filter = QComboBox()
        self.school_filter.setObjectName("school_filter")
        self.school_filter.setEditable(True)
        self.school_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.school_filter.setMinimumContentsLength(16)
        self.school_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        school_edit = self.school_filter.lineEdit()
        if school_edit is not None:
            school_edit.setPlaceholderText(ALL_SCHOOLS)
            school_edit.setClearButtonEnabled(True)
            school_edit.editingFinished.connect(self._apply_filters)
        completer = self.school_filter.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.school_label = a11y.buddy_label("S&chool", self.school_filter)

        self.request_filter = QComboBox()
        self.request_filter.setObjectName("request_filter")
        self.request_filter.addItems([label for label, _ in REQUEST_CHOICES])
        self.request_label = a11y.buddy_label("Request &type", self.request_filter)

        self.mine_filter = QCheckBox("Assigned to &me")
        self.mine_filter.setObjectName("mine_filter")
        self.mine_filter.setAccessibleName(a11y.plain(self.mine_filter.text()))

        self.from_date = OptionalDateEdit()
        self.from_date.setObjectName("from_date")
        self.from_label = a11y.buddy_label("&Received from", self.from_date)
        self.to_date = OptionalDateEdit()
        self.to_date.setObjectName("to_date")
        self.to_label = a11y.buddy_label("t&o", self.to_date)
        self.any_date_button = a11y.button("&Any date")
        self.any_date_button.setObjectName("any_date")
        self.any_date_button.setToolTip("Show cases received on any date.")

        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.school_filter.currentTextChanged.connect(self._school_text_changed)
        self.school_filter.activated.connect(self._apply_filters)
        self.request_filter.currentIndexChanged.connect(self._apply_filters)
        self.mine_filter.toggled.connect(self._apply_filters)
        self.from_date.dateChanged.connect(self._apply_filters)
        self.to_date.dateChanged.connect(self._apply_filters)
        self.any_date_button.clicked.connect(self.clear_dates)

    def _build_table(self) -> None:
        table = QueueTableView()
        table.setObjectName("case_queue")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table instead of walking cells
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setCornerButtonEnabled(False)
        metrics = table.fontMetrics()
        # Fixed, uniform rows (CONVENTIONS.md): the view never measures a row, so only
        # the rows on screen are ever fetched. A quarter line above and below the text.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        row_height = metrics.height() + 2 * (metrics.height() // 4)
        rows.setMinimumSectionSize(row_height)
        rows.setDefaultSectionSize(row_height)
        rows.hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        self._size_columns(table, header)
        table.setSortingEnabled(True)
        table.sortByColumn(self.model.sort_column, self.model.sort_order)
        table.activated.connect(self._activated)
        selection = table.selectionModel()
        selection.currentRowChanged.connect(self._current_row_changed)
        self.table = table
        self.queue_label = a11y.buddy_label("Case &queue", table)
        self.queue_label.setObjectName("queue_label")
        bold = QFont(self.queue_label.font())
        bold.setBold(True)
        self.queue_label.setFont(bold)

    @staticmethod
    def _size_columns(table: QTableView, header: QHeaderView) -> None:
        metrics = table.fontMetrics()
        bold = QFont(table.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        header_metrics = header.fontMetrics()
        style = header.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        cell_margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        for column, sample in _SAMPLES.items():
            text = bold_metrics if column == Column.URGENCY else metrics
            width = max(
                text.horizontalAdvance(sample) + 2 * cell_margin,
                header_metrics.horizontalAdvance(column.title) + arrow + 4 * margin,
            )
            header.resizeSection(column, width)

    def _build_layout(self) -> None:
        self.total_label = QLabel()
        self.total_label.setObjectName("queue_total")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("status_counts")
        self.counts_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        heading = QHBoxLayout()
        heading.addWidget(self.queue_label)
        heading.addStretch(1)
        heading.addWidget(self.total_label)
        # Counts wrap under the heading so the queue can be narrow beside a case.
        self.counts_label.setWordWrap(True)

        first = QGridLayout()
        first.addWidget(self.status_label, 0, 0)
        first.addWidget(self.status_filter, 0, 1)
        first.addWidget(self.request_label, 0, 2)
        first.addWidget(self.request_filter, 0, 3)
        first.addWidget(self.school_label, 1, 0)
        first.addWidget(self.school_filter, 1, 1, 1, 3)
        first.addWidget(self.from_label, 2, 0)
        first.addWidget(self.from_date, 2, 1)
        first.addWidget(self.to_label, 2, 2)
        first.addWidget(self.to_date, 2, 3)
        second = QHBoxLayout()
        second.addWidget(self.mine_filter)
        second.addStretch(1)
        second.addWidget(self.any_date_button)
        first.addLayout(second, 3, 0, 1, 4)
        first.setColumnStretch(1, 1)
        first.setColumnStretch(3, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.counts_label)
        layout.addLayout(first)
        layout.addWidget(self.table, 1)

    # ----- workspace -----

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Show `workspace`'s queue (after unlocking); None is `clear()`."""
        if workspace is None:
            self.clear()
            return
        self._workspace = workspace
        self.model.set_workspace(workspace)
        self.refresh()
        self._age_timer.start()

    def refresh(self) -> None:
        """Re-query the queue and the counts; the selected case stays selected if still listed."""
        if self._workspace is None:
            return
        self._load_schools()
        self.model.set_filter(self.current_filter())
        self._update_counts()

    def clear(self) -> None:
        """The lock path: forget the workspace, every row, count, school name and filter."""
        self._age_timer.stop()
        self._workspace = None
        self.model.clear()
        self._reset_filters()
        self.total_label.clear()
        self.counts_label.clear()
        self.mine_filter.setToolTip("")
        self._emit_selection()

    def _reset_filters(self) -> None:
        widgets: Sequence[QWidget] = (
            self.status_filter,
            self.school_filter,
            self.request_filter,
            self.mine_filter,
            self.from_date,
            self.to_date,
        )
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.status_filter.setCurrentIndex(0)
            self._schools = []
            self.school_filter.clear()
            self.school_filter.setEditText("")
            self.request_filter.setCurrentIndex(0)
            self.mine_filter.setChecked(False)
            self.from_date.set_chosen_date(None)
            self.to_date.set_chosen_date(None)
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _load_schools(self) -> None:
        if self._workspace is None:
            return
        try:
            schools = known_schools(self._workspace)
        except Exception:
            log.exception("could not list the schools for the filter")
            return
        if schools == self._schools:
            return
        self._schools = schools
        text = self.school_filter.currentText()
        self.school_filter.blockSignals(True)
        try:
            self.school_filter.clear()
            self.school_filter.addItems(schools)
            self.school_filter.setCurrentIndex(-1)
            self.school_filter.setEditText(text)
        finally:
            self.school_filter.blockSignals(False)

    # ----- filters -----

    def current_filter(self) -> QueueFilter:
        """The filter the bar shows, in the core's terms."""
        statuses = STATUS_CHOICES[max(self.status_filter.currentIndex(), 0)][1]
        request = REQUEST_CHOICES[max(self.request_filter.currentIndex(), 0)][1]
        me = self._workspace.actor.display_name if self._workspace is not None else None
        start, end = self.from_date.chosen_date(), self.to_date.chosen_date()
        return QueueFilter(
            statuses=statuses,
            school_name=self._school_name(self.school_filter.currentText()),
            request_type=request,
            assigned_to=me if self.mine_filter.isChecked() and me else None,
            received_from=local_midnight(start) if start is not None else None,
            received_to=local_midnight(end + timedelta(days=1)) if end is not None else None,
        )

    def _school_name(self, text: str) -> str | None:
        """The school as stored when the text names one (any case); else the text itself."""
        name = squash(text)
        if not name:
            return None
        folded = name.casefold()
        return next((s for s in self._schools if s.casefold() == folded), name)

    def _school_text_changed(self, text: str) -> None:
        # Re-query as the user types only once the text names a school (or is empty):
        # a half-typed name would empty the queue at every keystroke. Enter or leaving
        # the field applies whatever is typed.
        name = squash(text)
        if not name or any(s.casefold() == name.casefold() for s in self._schools):
            self._apply_filters()

    def _apply_filters(self) -> None:
        if self._workspace is None:
            return
        flt = self.current_filter()
        self.any_date_button.setEnabled(
            flt.received_from is not None or flt.received_to is not None
        )
        self.mine_filter.setToolTip(f"Only cases assigned to {self._workspace.actor.display_name}.")
        if flt == self.model.queue_filter:
            return
        self.model.set_filter(flt)
        self._update_counts()

    def clear_dates(self) -> None:
        self.from_date.blockSignals(True)
        self.from_date.set_chosen_date(None)
        self.from_date.blockSignals(False)
        self.to_date.set_chosen_date(None)
        self._apply_filters()

    def _update_counts(self) -> None:
        count = self.model.rowCount()
        self.total_label.setText(f"{count:,} case" + ("" if count == 1 else "s"))
        if self._workspace is None:
            self.counts_label.clear()
            return
        try:
            with self._workspace.session() as session:
                counts = queue.counts_by_status(session, self.model.queue_filter)
        except Exception as exc:
            self.counts_label.clear()
            errors.show_exception(self, exc)
            return
        self.counts_label.setText(status_counts_text(counts))

    def _show_failure(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            errors.show_exception(self, exc)

    # ----- selection -----

    def selected_case_id(self) -> int | None:
        value = self.table.currentIndex().data(CASE_ID_ROLE)
        return value if isinstance(value, int) else None

    def select_case(self, case_id: int) -> bool:
        """Select and show `case_id`; False if the queue (as filtered) does not list it."""
        row = self.model.row_of(case_id)
        if row is None:
            return False
        index = self.model.index(row, max(self.table.currentIndex().column(), 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def focus_queue(self) -> None:
        """Put the keyboard in the queue; with nothing selected yet, on the first case."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid():
            first = self.model.case_id_at(0)
            if first is not None:
                self.select_case(first)

    def _remember_selection(self) -> None:
        self._kept_case = self.selected_case_id()

    def _restore_selection(self) -> None:
        kept, self._kept_case = self._kept_case, None
        if kept is None or not self.select_case(kept):
            self._emit_selection()

    def _current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._emit_selection()

    def _emit_selection(self) -> None:
        case_id = self.selected_case_id()
        if case_id != self._emitted_case:
            self._emitted_case = case_id
            self.selection_changed.emit(case_id)

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id_at(index.row())
        if case_id is not None and index.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.case_activated.emit(case_id)
