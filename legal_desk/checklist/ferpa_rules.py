"""Checklist rules proved by the case's FERPA disclosure log (34 CFR 99.31-99.32).

Each has the rule signature `(session, case) -> str | None`: a sentence saying why the
item is done, or None while the log does not prove it.

What they prove, and what they leave to the attorney:

- `disclosures_logged` needs at least one entry for the case (a records request is
  itself logged under 99.32) and no planned release left open: each planned release is
  either recorded as released or withdrawn. An empty log proves nothing, since the app
  cannot tell "nothing happened" from "nothing written down yet".
- `parent_notice_given` looks only at disclosures under a court order or a subpoena
  that were not withdrawn. It is proved when each has a parent notice recorded at or
  before its release (a notice given while the release is still to come counts), or
  a recorded prohibition in the order itself. A notice recorded after the release is
  a lapse the record must show, so it does not prove the item. With no such
  disclosure the rule returns None: "no release under an order" is a negative the
  log cannot prove (an order may not be logged yet), so the attorney ticks the item
  by hand, with a note, and that tick is theirs.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk.ferpa.status import ORDER_BASES, EntryStatus, notice_in_time, row_status
from models import Case
from models.ferpa import DisclosureEntryType, DisclosureLogEntry


def _rows(session: Session, case: Case) -> Sequence[DisclosureLogEntry]:
    return session.scalars(
        select(DisclosureLogEntry)
        .where(DisclosureLogEntry.case_id == case.id)
        .order_by(DisclosureLogEntry.occurred_at, DisclosureLogEntry.id)
    ).all()


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def disclosures_logged(session: Session, case: Case) -> str | None:
    rows = _rows(session, case)
    if not rows:
        return None
    statuses = [row_status(row) for row in rows]
    if EntryStatus.PLANNED in statuses:
        return None
    counts = (
        (statuses.count(EntryStatus.REQUEST), "request", "requests"),
        (statuses.count(EntryStatus.RELEASED), "release", "releases"),
        (statuses.count(EntryStatus.WITHDRAWN), "withdrawn release", "withdrawn releases"),
    )
    parts = [_count(n, singular, plural) for n, singular, plural in counts if n]
    return f"FERPA log: {', '.join(parts)}; no planned release is pending."


def parent_notice_given(session: Session, case: Case) -> str | None:
    under_order = [
        row
        for row in _rows(session, case)
        if row.entry_type is DisclosureEntryType.DISCLOSURE
        and row.legal_basis in ORDER_BASES
        and row_status(row) is not EntryStatus.WITHDRAWN
    ]
    if not under_order or not all(notice_in_time(row) for row in under_order):
        return None
    forbidden = sum(1 for row in under_order if row.notice_forbidden)
    notified = len(under_order) - forbidden
    parts = []
    if notified:
        parts.append(
            "parent notified before the release under "
            + _count(notified, "order or subpoena", "orders or subpoenas")
        )
    if forbidden:
        parts.append(
            "notice forbidden by the order itself for "
            + _count(forbidden, "disclosure", "disclosures")
        )
    return f"FERPA log: {'; '.join(parts)}."
