"""The case's log entries as a table model: one row per request or disclosure, oldest first.

A thin adapter over `EntryView`s read by the panel; `data()` never raises (an odd row
shows empty cells rather than breaking the view).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from legal_desk.ferpa.log import BASIS_LABELS, EntryStatus, EntryView
from models import DisclosureEntryType
from ui.formatting import URGENT_COLOR, local_time

COLUMNS = (
    "When",
    "Type",
    "Student",
    "Party",
    "Legal basis",
    "Records",
    "Parent notice",
    "Status",
)
NOTICE_COLUMN = COLUMNS.index("Parent notice")
STATUS_COLUMN = COLUMNS.index("Status")
_Index = QModelIndex | QPersistentModelIndex


def notice_text(entry: EntryView) -> str:
    if entry.entry_type is DisclosureEntryType.REQUEST:
        return ""
    if entry.notice_forbidden:
        return "Not given: the order forbids it"
    if entry.parent_notified_at is not None:
        when = local_time(entry.parent_notified_at)
        return f"{when} (AFTER the release)" if entry.notice_late else when
    if entry.awaiting_parent_notice:
        return "DUE before the release"
    return "Not recorded" if entry.under_order else ""


def status_text(entry: EntryView) -> str:
    status = entry.status
    if status is EntryStatus.REQUEST:
        return "Request (nothing released)"
    if status is EntryStatus.WITHDRAWN:
        return f"Withdrawn: {entry.withdrawal_reason}"
    if status is EntryStatus.PLANNED:
        planned = entry.planned_release_at
        return f"Planned for {local_time(planned)}" if planned is not None else "Planned"
    assert entry.released_at is not None  # RELEASED
    return f"Released {local_time(entry.released_at)}"


def _cells(entry: EntryView) -> tuple[str, ...]:
    return (
        local_time(entry.occurred_at),
        "Request" if entry.entry_type is DisclosureEntryType.REQUEST else "Disclosure",
        entry.student_name,
        entry.party,
        BASIS_LABELS[entry.legal_basis],
        " ".join(entry.records_described.split()),
        notice_text(entry),
        status_text(entry),
    )


def needs_attention(entry: EntryView) -> bool:
    return entry.awaiting_parent_notice or entry.notice_late


class EntryTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._entries: list[EntryView] = []
        self._cells: list[tuple[str, ...]] = []

    def set_entries(self, entries: Sequence[EntryView]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._cells = [_cells(entry) for entry in self._entries]
        self.endResetModel()

    def entry(self, row: int) -> EntryView | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, entry_id: int) -> int:
        return next((i for i, e in enumerate(self._entries) if e.id == entry_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._cells):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        entry = self._entries[index.row()]
        text = self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COLUMNS.index("Records"):
                return entry.records_described or None
            if index.column() == STATUS_COLUMN and entry.notes:
                return f"{text}\nNotes: {entry.notes}"
            return text or None
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == NOTICE_COLUMN
            and needs_attention(entry)
        ):
            return QBrush(URGENT_COLOR)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None
