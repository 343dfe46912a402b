"""The Timeline section: every audited event of a case, who did it, when, and what changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services.timeline import FieldChange, TimelineEntry
from models import Agency, CaseStatus, RequestType
from ui import a11y
from ui.case.importer import human_size
from ui.formatting import local_time
from ui.intake.labels import COOPERATIVE_LABELS, LOCATION_LABELS, PRESENTED_LABELS

EMPTY_VALUE = "(empty)"
MAX_VALUE_CHARS = 140
COLUMNS = ("When", "Who", "What")

ENTITY_LABELS = {
    "case_file": "case",
    "agent": "agent",
    "school_staff": "school staff member",
    "student": "student",
    "document": "document",
    "annotation": "annotation",
    "classification": "document check",
    "checklist_item": "checklist item",
    "sent_advice": "advice",
    "security_notification": "Security notification",
    "disclosure_log_entry": "FERPA disclosure record",
}
FIELD_LABELS = {
    "reference": "Reference",
    "status": "Status",
    "urgent": "Urgent",
    "received_at": "Received",
    "contact_at": "Time of contact",
    "school": "School",
    "school_id": "School",
    "school_name": "School",
    "request_type": "Request type",
    "stated_purpose": "Stated purpose",
    "document_presented": "Warrant or other document shown",
    "officer_location": "Where the officer is waiting",
    "officer_location_note": "Where, if other",
    "officer_cooperative": "Officer cooperative",
    "exigent_claimed": "Emergency (exigent circumstances) claimed",
    "lawful_order_claimed": "“Lawful order” claimed",
    "notes": "Notes",
    "assigned_attorney": "Assigned attorney",
    "closed_reason": "Reason for closing",
    "name": "Name",
    "role": "Role",
    "phone": "Phone",
    "email": "Email",
    "is_caller": "Caller",
    "badge_number": "Badge number",
    "agency": "Agency",
    "supervisor_name": "Supervisor's name",
    "supervisor_phone": "Supervisor's phone",
    "grade": "Grade",
    "filename": "File",
    "media_type": "Type",
    "sha256": "SHA-256",
    "size": "Size",
    "page_count": "Pages",
    "description": "Description",
    "imported_at": "Imported",
    "imported_by": "Imported by",
}
# Derived or bulky columns that say nothing to a reader of the timeline.
HIDDEN_FIELDS = frozenset({"extracted_text", "ocr_done", "updated_at"})
_ENUM_LABELS: dict[str, dict[str, str]] = {
    "status": {s.value: s.label for s in CaseStatus},
    "request_type": {r.value: r.label for r in RequestType},
    "agency": {a.value: a.label for a in Agency},
    "document_presented": {p.value: label for p, label in PRESENTED_LABELS.items()},
    "officer_location": {o.value: label for o, label in LOCATION_LABELS.items()},
}
_GENERIC_PREFIXES = ("Changed ", "Added ", "Removed ")


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def format_value(name: str, value: object) -> str:
    """A stored value as the user reads it (labels for codes, local times, Yes/No)."""
    if name == "officer_cooperative":
        return COOPERATIVE_LABELS.get(value if isinstance(value, bool) else None, str(value))
    if value is None or value == "":
        return EMPTY_VALUE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in _ENUM_LABELS and isinstance(value, str):
        return _ENUM_LABELS[name].get(value, value)
    if name.endswith("_at") and isinstance(value, str):
        try:
            return local_time(datetime.fromisoformat(value))
        except ValueError:
            return value
    if name == "size" and isinstance(value, int):
        return human_size(value)
    text = " ".join(str(value).split())
    if len(text) > MAX_VALUE_CHARS:
        return text[: MAX_VALUE_CHARS - 1] + "…"
    return text


def describe_change(action: str, change: FieldChange) -> str:
    label = field_label(change.field)
    if action == "create":
        return f"{label}: {format_value(change.field, change.after)}"
    if action == "delete":
        return f"{label}: {format_value(change.field, change.before)} (removed)"
    before = format_value(change.field, change.before)
    after = format_value(change.field, change.after)
    return f"{label}: {before} → {after}"


def describe_entry(entry: TimelineEntry) -> str:
    """The event's own sentence, or a plain one in place of the generic audit wording."""
    if not entry.summary.startswith(_GENERIC_PREFIXES):
        return entry.summary
    noun = ENTITY_LABELS.get(entry.entity, entry.entity.replace("_", " "))
    if entry.action == "create":
        if entry.entity == "case_file":
            return "Case opened"
        name = next((c.after for c in entry.changes if c.field == "name" and c.after), None)
        return f"Added {noun}" + (f": {name}" if name else "")
    if entry.action == "delete":
        name = next((c.before for c in entry.changes if c.field == "name" and c.before), None)
        return f"Removed {noun}" + (f": {name}" if name else "")
    if entry.entity == "case_file":
        return "Edited the facts"
    return f"Edited {noun}"


def visible_changes(entry: TimelineEntry) -> list[FieldChange]:
    return [c for c in entry.changes if c.field not in HIDDEN_FIELDS]


def _reading_order(entry: TimelineEntry) -> tuple[datetime, int, int]:
    """Time order; within one save, the case itself before its agents and students
    (the audit trail records one save's rows in table-name order)."""
    return (entry.occurred_at, 0 if entry.entity == "case_file" else 1, entry.seq)


class TimelinePanel(QWidget):
    """Events oldest first; each edit expands to one row per field, before → after."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("timeline")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeWidget#timeline::item { padding: 3px 2px; }")
        header = self.tree.header()
        # The header is part of the tree (named for screen readers through the tree's
        # label); the qt_ prefix marks it as Qt's own part, as Qt names its sub-widgets.
        header.setObjectName("qt_tree_header")
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(0, metrics.horizontalAdvance("Wed 30 Sep 2026, 23:59") + 48)
        self.tree.setColumnWidth(1, metrics.horizontalAdvance("M" * 16))
        self.label = a11y.buddy_label("&Timeline of this case", self.tree)
        hint = QLabel(
            "Every change is recorded with who made it and when. Press → or + to see "
            "what changed in an event."
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.tree.clear()
        last: QTreeWidgetItem | None = None
        for entry in sorted(entries, key=_reading_order):
            what = describe_entry(entry)
            item = QTreeWidgetItem([local_time(entry.occurred_at), entry.actor, what])
            item.setToolTip(0, entry.occurred_at.astimezone().isoformat(timespec="seconds"))
            item.setToolTip(2, what)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.seq)
            for change in visible_changes(entry):
                text = describe_change(entry.action, change)
                child = QTreeWidgetItem(["", "", text])
                child.setToolTip(2, text)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            # Edits open up to show before → after; the long list of a creation stays shut.
            item.setExpanded(entry.action == "update")
            last = item
        if last is not None:
            self.tree.setCurrentItem(last)
            self.tree.scrollToItem(last)

    def texts(self) -> list[str]:
        """Every line in order, events and their field rows (for tests and copying)."""
        lines = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is None:
                continue
            lines.append(" | ".join(item.text(c) for c in range(len(COLUMNS))))
            for j in range(item.childCount()):
                child = item.child(j)
                if child is not None:
                    lines.append(f"    {child.text(2)}")
        return lines

    def clear(self) -> None:
        self.tree.clear()
