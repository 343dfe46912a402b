"""A case's timeline: its audit events in order, with who, when and what changed."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, School

# Bookkeeping columns that say nothing to a reader of the timeline.
_HIDDEN_FIELDS = frozenset({"id", "case_id", "created_at", "updated_at", "document_id"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    occurred_at: datetime
    actor: str
    action: str
    entity: str
    summary: str
    changes: tuple[FieldChange, ...]


def _changes(raw: str) -> tuple[FieldChange, ...]:
    try:
        data = json.loads(raw)
    except ValueError:
        return ()
    if not isinstance(data, dict):
        return ()
    return tuple(
        FieldChange(name, pair[0], pair[1])
        for name, pair in sorted(data.items())
        if name not in _HIDDEN_FIELDS
        and isinstance(pair, list)
        and len(pair) == 2
        and pair[0] != pair[1]
        and (pair[0] not in (None, "") or pair[1] not in (None, ""))
    )


def _with_school_names(
    changes: tuple[FieldChange, ...], names: dict[int, str]
) -> tuple[FieldChange, ...]:
    """A case's school is stored as a row id; readers of the timeline want the name."""

    def name(value: object) -> object:
        return names.get(value, value) if isinstance(value, int) else value

    return tuple(
        FieldChange("school", name(c.before), name(c.after)) if c.field == "school_id" else c
        for c in changes
    )


def case_timeline(session: Session, case_id: int) -> list[TimelineEntry]:
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)
    ).all()
    entries = [
        TimelineEntry(
            seq=e.seq,
            occurred_at=e.occurred_at,
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            summary=e.summary,
            changes=_changes(e.changes),
        )
        for e in events
    ]
    school_ids = {
        value
        for entry in entries
        for change in entry.changes
        if change.field == "school_id"
        for value in (change.before, change.after)
        if isinstance(value, int)
    }
    if not school_ids:
        return entries
    rows = session.execute(select(School.id, School.name).where(School.id.in_(school_ids)))
    names = {int(school_id): str(name) for school_id, name in rows}
    return [replace(e, changes=_with_school_names(e.changes, names)) for e in entries]
