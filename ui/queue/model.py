"""The case queue as a Qt table model: ids first, rows on demand (after Anki's browser).

`refresh()` runs one indexed query for the ordered ids of the matching cases and
keeps only that list. `data()` asks for the display fields of a block of ids the
first time a row of that block is shown and keeps the last few blocks, so a queue
of 100,000 cases costs a list of ints plus a few thousand small rows. Sorting and
filtering happen in SQL (`legal_desk.services.queue`); `data()` never raises: a
block that cannot be read shows as disabled placeholder rows, logged once.
"""

from __future__ import annotations

import enum
import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from legal_desk.services import queue
from legal_desk.services.queue import QueueFilter, QueueRow, SortKey
from legal_desk.workspace import Workspace
from ui.formatting import URGENT_COLOR

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
Clock = Callable[[], datetime]

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
URGENT_ROLE = Qt.ItemDataRole.UserRole + 2

URGENT_TEXT = "URGENT"
UNASSIGNED = "Unassigned"
UNAVAILABLE = "Not available"
# A block is what one `queue.rows` query fetches: a screenful is ~60 rows, so one
# block covers a few pages of scrolling. 40 blocks bound the cache at ~10k rows.
BLOCK_SIZE = 256
MAX_BLOCKS = 40
DEFAULT_FILTER = QueueFilter(statuses=queue.OPEN_STATUSES)


class Column(enum.IntEnum):
    URGENCY = 0
    REFERENCE = 1
    STATUS = 2
    SCHOOL = 3
    REQUEST_TYPE = 4
    AGENT = 5
    RECEIVED = 6
    AGE = 7
    ASSIGNED = 8

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Column.URGENCY: "Urgency",
    Column.REFERENCE: "Reference",
    Column.STATUS: "Status",
    Column.SCHOOL: "School",
    Column.REQUEST_TYPE: "Request type",
    Column.AGENT: "Agent",
    Column.RECEIVED: "Received",
    Column.AGE: "Age",
    Column.ASSIGNED: "Assigned attorney",
}

# Column -> (SQL sort key, whether the column's ascending order is the key's descending
# one). Age ascending means youngest first, which is newest received first.
_SORTS: dict[Column, tuple[SortKey, bool]] = {
    Column.URGENCY: (SortKey.URGENCY, False),
    Column.REFERENCE: (SortKey.REFERENCE, False),
    Column.STATUS: (SortKey.STATUS, False),
    Column.SCHOOL: (SortKey.SCHOOL, False),
    Column.REQUEST_TYPE: (SortKey.REQUEST_TYPE, False),
    Column.AGENT: (SortKey.AGENT, False),
    Column.RECEIVED: (SortKey.RECEIVED, False),
    Column.AGE: (SortKey.RECEIVED, True),
    Column.ASSIGNED: (SortKey.ASSIGNED, False),
}
# The order a first click on a header asks for: the most pressing cases first.
_FIRST_ORDER = {
    Column.URGENCY: Qt.SortOrder.DescendingOrder,
    Column.RECEIVED: Qt.SortOrder.DescendingOrder,
}


def format_age(age: timedelta) -> str:
    """How long ago, in the coarsest unit that still tells cases apart: "5 min", "3 h", "2 d"."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h"
    return f"{hours // 24} d"


def format_received(moment: datetime) -> str:
    """A received time in the computer's time zone."""
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class QueueModel(QAbstractTableModel):
    """The ordered ids of the cases matching a filter, with their rows fetched lazily.

    Use: `set_workspace(ws)`, then `refresh()` (or `set_filter(...)`, `sort(...)`,
    which re-query). `clear()` is the lock path: no id, row or filter value stays.
    """

    refresh_failed = Signal(object)  # the exception; the model is left empty

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Clock | None = None,
        block_size: int = BLOCK_SIZE,
        max_blocks: int = MAX_BLOCKS,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._block_size = block_size
        self._max_blocks = max_blocks
        self._workspace: Workspace | None = None
        self._filter = DEFAULT_FILTER
        self._sort_column = Column.URGENCY
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._ids: list[int] = []
        # Block number -> the rows of that block (None: missing or unreadable).
        self._blocks: OrderedDict[int, tuple[QueueRow | None, ...]] = OrderedDict()
        self._failure_logged = False
        self._bold = QFont()
        self._bold.setBold(True)
        self._urgent_brush = QBrush(URGENT_COLOR)

    # ----- state -----

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def queue_filter(self) -> QueueFilter:
        return self._filter

    @property
    def sort_column(self) -> Column:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Use `workspace` from the next `refresh()` on; None is the same as `clear()`."""
        if workspace is None:
            self.clear()
            return
        if workspace is not self._workspace:
            self._reset([])
        self._workspace = workspace

    def set_filter(self, flt: QueueFilter) -> bool:
        self._filter = flt
        return self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the column's SQL order (QHeaderView calls this on a click)."""
        if column not in _SORTS:
            return
        self._sort_column = Column(column)
        self._sort_order = order
        self.refresh()

    def refresh(self) -> bool:
        """Re-run the ids query. On failure the model is emptied and `refresh_failed` says why."""
        if self._workspace is None:
            self._reset([])
            return True
        key, inverted = _SORTS[self._sort_column]
        descending = (self._sort_order == Qt.SortOrder.DescendingOrder) != inverted
        try:
            with self._workspace.session() as session:
                ids = queue.ordered_ids(session, self._filter, key, descending)
        except Exception as exc:
            log.warning("the case queue could not be read: %s", type(exc).__name__)
            self._reset([])
            self.refresh_failed.emit(exc)
            return False
        self._reset(ids)
        return True

    def clear(self) -> None:
        """Forget the workspace, every id and row, and the filter (the lock path)."""
        self._workspace = None
        self._filter = DEFAULT_FILTER
        self._reset([])

    def refresh_ages(self) -> None:
        """The clock moved on: repaint the Age column (no query; rows keep their times)."""
        if self._ids:
            self.dataChanged.emit(
                self.index(0, Column.AGE),
                self.index(len(self._ids) - 1, Column.AGE),
                [Qt.ItemDataRole.DisplayRole],
            )

    def _reset(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._blocks.clear()
        self._failure_logged = False
        self.endResetModel()

    # ----- lookups -----

    def case_id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, case_id: int) -> int | None:
        try:
            return self._ids.index(case_id)
        except ValueError:
            return None

    def row_at(self, row: int) -> QueueRow | None:
        """The display fields of a row (fetched with its block if need be); None if unreadable."""
        if not 0 <= row < len(self._ids):
            return None
        number, offset = divmod(row, self._block_size)
        block = self._block(number)
        return block[offset] if offset < len(block) else None

    def cached_blocks(self) -> list[int]:
        """Block numbers held in the cache, least recently used first (tests, diagnostics)."""
        return list(self._blocks)

    def _block(self, number: int) -> tuple[QueueRow | None, ...]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        start = number * self._block_size
        ids = self._ids[start : start + self._block_size]
        try:
            if self._workspace is None:
                raise RuntimeError("no workspace")
            with self._workspace.session() as session:
                found = queue.rows(session, ids)
            block = tuple(found.get(case_id) for case_id in ids)
        except Exception:
            # Kept as unreadable until the next refresh: one failure, not one per cell.
            if not self._failure_logged:
                self._failure_logged = True
                log.exception("could not read rows of the case queue")
            block = (None,) * len(ids)
        self._blocks[number] = block
        while len(self._blocks) > self._max_blocks:
            self._blocks.popitem(last=False)
        return block

    def _now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        return self._workspace.clock() if self._workspace is not None else _utc_now()

    # ----- QAbstractTableModel -----

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.row_at(index.row()) is None:
            return Qt.ItemFlag.ItemNeverHasChildren  # shown disabled, cannot be selected
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in _SORTS:
            return None
        column = Column(section)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.title
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return _FIRST_ORDER.get(column, Qt.SortOrder.AscendingOrder)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == CASE_ID_ROLE:
            return self._ids[index.row()]
        try:
            return self._data(index.row(), Column(index.column()), role)
        except Exception:  # never raise into Qt's painting (CONVENTIONS.md)
            if not self._failure_logged:
                self._failure_logged = True
                log.exception("could not show a row of the case queue")
            return None

    def _data(self, number: int, column: Column, role: int) -> Any:
        row = self.row_at(number)
        if row is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return UNAVAILABLE if column == Column.REFERENCE else ""
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == Column.URGENCY:
                return "Urgent" if row.urgent else "Not urgent"
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            urgent_column = column in (Column.URGENCY, Column.REFERENCE)
            return self._urgent_brush if row.urgent and urgent_column else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if row.urgent and column == Column.URGENCY else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.RECEIVED, Column.AGE):
            return row.received_at.astimezone().strftime("Received %A %d %B %Y, %H:%M (%z)")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.AGE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == URGENT_ROLE:
            return row.urgent
        return None

    def _text(self, row: QueueRow, column: Column) -> str:
        match column:
            case Column.URGENCY:
                return URGENT_TEXT if row.urgent else ""
            case Column.REFERENCE:
                return row.reference
            case Column.STATUS:
                return row.status.label
            case Column.SCHOOL:
                return row.school
            case Column.REQUEST_TYPE:
                return row.request_type.label
            case Column.AGENT:
                return row.agent
            case Column.RECEIVED:
                return format_received(row.received_at)
            case Column.AGE:
                return format_age(self._now() - row.received_at)
            case Column.ASSIGNED:
                return row.assigned_attorney or UNASSIGNED
