"""The audit trail: every change to workspace data becomes an append-only, hash-chained event.

Events are written by a flush hook, so no service can forget to audit a change:
whatever an ORM session inserts, updates or deletes is recorded in the same
transaction. Each event's hash covers its fields and the previous event's hash,
so editing or deleting an event breaks the chain from that point on.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, LargeBinary, event, insert, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session, object_session, sessionmaker

from models import AuditEvent, Base, DocumentBlob
from models.base import utc_now

GENESIS_HASH = "0" * 64
ACTOR_KEY = "actor"
CLOCK_KEY = "clock"
SUMMARIES_KEY = "audit_summaries"
DELETED_KEY = "audit_deleted"  # rows deleted during the current flush
WITHHELD_KEY = "audit_withheld"  # rows whose values the next event leaves out
WITHHELD = "(not kept in the audit trail)"
MAX_TEXT_IN_EVENT = 2000
# Immutable records: the hook refuses to update or delete them through the ORM.
IMMUTABLE_TABLES = frozenset({"audit_event", "sent_advice", "advice_template_version"})
# Content, not facts: blob bytes are covered by the document's SHA-256 event.
SKIPPED_TABLES = frozenset({"audit_event", DocumentBlob.__tablename__})


class ImmutableRecordError(Exception):
    pass


class UnauditedChangeError(Exception):
    """A change that would bypass the audit trail (a programming error, not a user one)."""


@dataclass(frozen=True)
class EventFields:
    seq: int
    occurred_at: datetime
    actor: str
    case_id: int | None
    action: str
    entity: str
    entity_id: int | None
    summary: str
    changes: str
    prev_hash: str


def event_hash(fields: EventFields) -> str:
    payload = json.dumps(
        {
            "seq": fields.seq,
            "occurred_at": fields.occurred_at.isoformat(),
            "actor": fields.actor,
            "case_id": fields.case_id,
            "action": fields.action,
            "entity": fields.entity,
            "entity_id": fields.entity_id,
            "summary": fields.summary,
            "changes": fields.changes,
            "prev_hash": fields.prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    if isinstance(value, str) and len(value) > MAX_TEXT_IN_EVENT:
        # A document's extracted text would otherwise be copied whole into every
        # event about it; the digest still proves which text it was.
        digest = hashlib.sha256(value.encode()).hexdigest()
        return f"{value[:MAX_TEXT_IN_EVENT]}… <{len(value)} characters, sha256 {digest}>"
    return value


def _column_values(obj: Base) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        col.key: _jsonable(getattr(obj, col.key))
        for col in mapper.column_attrs
        if not isinstance(col.columns[0].type, LargeBinary)
    }


def _changed_values(obj: Base) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in ("updated_at",):
            continue
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        before = hist.deleted[0] if hist.deleted else None
        after = hist.added[0] if hist.added else None
        if isinstance(attr.columns[0].type, LargeBinary):
            before, after = _jsonable(before), _jsonable(after)
        changes[attr.key] = [_jsonable(before), _jsonable(after)]
    return changes


def _case_id_of(obj: Base, conn: Connection) -> int | None:
    table = getattr(obj, "__tablename__", "")
    if table == "case_file":
        return int(obj.id)  # type: ignore[attr-defined]
    case_id = getattr(obj, "case_id", None)
    if case_id is not None:
        return int(case_id)
    document_id = getattr(obj, "document_id", None)
    if document_id is not None:
        row = conn.execute(
            text("SELECT case_id FROM document WHERE id = :id"), {"id": document_id}
        ).first()
        return int(row[0]) if row else None
    return None


def _describe(action: str, entity: str, changes: dict[str, Any]) -> str:
    noun = entity.replace("_file", "").replace("_", " ")
    if action == "update":
        return f"Changed {noun}: " + ", ".join(sorted(changes))
    return f"{'Added' if action == 'create' else 'Removed'} {noun}"


def _chain_head(conn: Connection) -> tuple[int, str]:
    row = conn.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def append_event(
    conn: Connection,
    *,
    actor: str,
    occurred_at: datetime,
    action: str,
    entity: str,
    entity_id: int | None,
    case_id: int | None,
    summary: str,
    changes: dict[str, Any],
) -> EventFields:
    """Append one event on `conn` (inside the caller's transaction)."""
    seq, prev_hash = _chain_head(conn)
    fields = EventFields(
        seq=seq + 1,
        # Hash the instant as it reads back (UTC): an event stamped by a clock in
        # another zone would otherwise never verify.
        occurred_at=occurred_at.astimezone(UTC),
        actor=actor,
        case_id=case_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=summary,
        changes=json.dumps(changes, sort_keys=True, default=str),
        prev_hash=prev_hash,
    )
    conn.execute(
        insert(AuditEvent).values(
            seq=fields.seq,
            occurred_at=fields.occurred_at,
            actor=fields.actor,
            case_id=fields.case_id,
            action=fields.action,
            entity=fields.entity,
            entity_id=fields.entity_id,
            summary=fields.summary,
            changes=fields.changes,
            prev_hash=fields.prev_hash,
            hash=event_hash(fields),
        )
    )
    return fields


def _after_flush(session: Session, _ctx: Any) -> None:
    actor = session.info.get(ACTOR_KEY)
    if not actor:
        # Fail closed: an anonymous change would be a hole in the record.
        raise RuntimeError("a session that writes must carry an actor (session.info['actor'])")
    clock: Callable[[], datetime] = session.info.get(CLOCK_KEY, utc_now)
    conn = session.connection()
    now = clock()
    work: list[tuple[str, Base, dict[str, Any]]] = []
    work += [("create", o, _column_values(o)) for o in session.new]
    work += [("update", o, _changed_values(o)) for o in session.dirty]
    # session.deleted lists only rows deleted by session.delete(); a row removed from a
    # delete-orphan collection is deleted during the flush and reported by _after_delete.
    deleted = {id(o): o for o in session.deleted}
    deleted.update(session.info.pop(DELETED_KEY, {}))
    work += [("delete", o, _column_values(o)) for o in deleted.values()]
    for action, obj, values in sorted(work, key=lambda w: _order_key(w[0], w[1])):
        table = getattr(obj, "__tablename__", "")
        if table in SKIPPED_TABLES or (action == "update" and not values):
            continue
        withheld = session.info.get(WITHHELD_KEY, {}).pop(id(obj), ())
        if withheld:
            hidden = [WITHHELD, WITHHELD] if action == "update" else WITHHELD
            values = {k: hidden if k in withheld else v for k, v in values.items()}
        if action == "delete":
            changes = {k: [v, None] for k, v in values.items()}
        elif action == "create":
            changes = {k: [None, v] for k, v in values.items()}
        else:
            changes = values
        append_event(
            conn,
            actor=str(actor),
            occurred_at=now,
            action=action,
            entity=table,
            entity_id=getattr(obj, "id", None),
            case_id=_case_id_of(obj, conn),
            summary=session.info.get(SUMMARIES_KEY, {}).pop(id(obj), None)
            or _describe(action, table, changes),
            changes=changes,
        )


def set_summary(session: Session, obj: Base, summary: str) -> None:
    """Give the next event about `obj` a human sentence instead of the generic one."""
    session.info.setdefault(SUMMARIES_KEY, {})[id(obj)] = summary


def withhold_values(session: Session, obj: Base, *columns: str) -> None:
    """The next event about `obj` names `columns` but not their values: for drafts, which
    are not records and must not outlive their deletion in the append-only trail."""
    session.info.setdefault(WITHHELD_KEY, {})[id(obj)] = frozenset(columns)


def _order_key(action: str, obj: Base) -> tuple[int, str, int]:
    rank = {"create": 0, "update": 1, "delete": 2}[action]
    return (rank, getattr(obj, "__tablename__", ""), int(getattr(obj, "id", 0) or 0))


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        table = getattr(obj, "__tablename__", "")
        if table in IMMUTABLE_TABLES and (
            obj in session.deleted or session.is_modified(obj, include_collections=False)
        ):
            raise ImmutableRecordError(f"{table} records cannot be changed once written")


def _do_orm_execute(state: ORMExecuteState) -> None:
    # `session.execute(update(Model)...)` skips the flush hooks: it would change an
    # immutable record, or any record, without an event. Raw SQL is not covered.
    if not (state.is_update or state.is_delete):
        return
    table = getattr(getattr(state.statement, "table", None), "name", "")
    if table in IMMUTABLE_TABLES:
        raise ImmutableRecordError(f"{table} records cannot be changed once written")
    if table not in SKIPPED_TABLES:
        raise UnauditedChangeError(
            f"A bulk {'UPDATE' if state.is_update else 'DELETE'} of {table} would not be "
            "audited; change the objects through the session instead."
        )


def _before_delete(_mapper: Any, _conn: Any, target: Any) -> None:
    table = getattr(target, "__tablename__", "")
    if table in IMMUTABLE_TABLES:  # also a delete by orphan cascade, which skips before_flush
        raise ImmutableRecordError(f"{table} records cannot be changed once written")


def _after_delete(_mapper: Any, _conn: Any, target: Any) -> None:
    session = object_session(target)
    if session is not None:
        session.info.setdefault(DELETED_KEY, {})[id(target)] = target


def _forget_deletes(session: Session, _previous: Any) -> None:
    session.info.pop(DELETED_KEY, None)


def install(factory: sessionmaker[Session]) -> None:
    """Attach the audit hooks to every session `factory` makes."""
    if not event.contains(Base, "after_delete", _after_delete):
        event.listen(Base, "before_delete", _before_delete, propagate=True)
        event.listen(Base, "after_delete", _after_delete, propagate=True)
    event.listen(factory, "after_soft_rollback", _forget_deletes)
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _do_orm_execute)


# ----- verification -----


@dataclass(frozen=True)
class ChainReport:
    events: int
    broken_at_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at_seq is None


def verify_chain(events: Iterable[Any]) -> ChainReport:
    """Walk the chain from the start and report the first event that does not fit."""
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    for ev in events:
        count += 1
        if ev.seq != expected_seq:
            return ChainReport(count, expected_seq, f"event {expected_seq} is missing")
        if ev.prev_hash != prev_hash:
            return ChainReport(count, ev.seq, "does not link to the event before it")
        fields = EventFields(
            seq=ev.seq,
            occurred_at=ev.occurred_at,
            actor=ev.actor,
            case_id=ev.case_id,
            action=ev.action,
            entity=ev.entity,
            entity_id=ev.entity_id,
            summary=ev.summary,
            changes=ev.changes,
            prev_hash=ev.prev_hash,
        )
        if event_hash(fields) != ev.hash:
            return ChainReport(count, ev.seq, "its content was changed after it was written")
        prev_hash, expected_seq = ev.hash, expected_seq + 1
    return ChainReport(count)


def verify_session_chain(session: Session) -> ChainReport:
    return verify_chain(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
