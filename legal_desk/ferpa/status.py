"""Where a log entry stands, from its columns alone.

Kept apart from `log.py` (which needs the workspace) so the checklist rules can use
it on rows inside their own session without an import cycle.
"""

from __future__ import annotations

import enum
from datetime import datetime

from models.ferpa import DisclosureEntryType, DisclosureLogEntry, LegalBasis

# A parent notice is due before a release under these (34 CFR 99.31(a)(9)(ii)).
ORDER_BASES = frozenset({LegalBasis.COURT_ORDER, LegalBasis.LAWFUL_SUBPOENA})


class EntryStatus(enum.StrEnum):
    REQUEST = "request"  # a request releases nothing by itself
    PLANNED = "planned"
    RELEASED = "released"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    EntryStatus.REQUEST: "Request",
    EntryStatus.PLANNED: "Planned",
    EntryStatus.RELEASED: "Released",
    EntryStatus.WITHDRAWN: "Withdrawn",
}


def status_of(
    entry_type: DisclosureEntryType, released_at: datetime | None, withdrawn_at: datetime | None
) -> EntryStatus:
    if entry_type is DisclosureEntryType.REQUEST:
        return EntryStatus.REQUEST
    if withdrawn_at is not None:
        return EntryStatus.WITHDRAWN
    if released_at is not None:
        return EntryStatus.RELEASED
    return EntryStatus.PLANNED


def row_status(row: DisclosureLogEntry) -> EntryStatus:
    return status_of(row.entry_type, row.released_at, row.withdrawn_at)


def notice_in_time(row: DisclosureLogEntry) -> bool:
    """A disclosure under an order or subpoena whose parent notice came first (at or
    before the release, or before a release still to come), or whose order forbids it."""
    if row.notice_forbidden:
        return True
    notified = row.parent_notified_at
    if notified is None:
        return False
    return row.released_at is None or notified <= row.released_at
