"""The audit trail: every change is an event, and tampering shows exactly where."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select, update

from legal_desk import audit
from legal_desk.services.cases import CaseIntake, CaseService, StudentFacts
from legal_desk.workspace import Workspace
from models import (
    AdviceTemplate,
    AdviceTemplateVersion,
    AuditEvent,
    Case,
    CaseStatus,
    DeliveryChannel,
    SentAdvice,
    Student,
)

ACTOR = "Tess Tester (tester)"


def _events(workspace: Workspace, after_seq: int = 0) -> list[AuditEvent]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.seq > after_seq).order_by(AuditEvent.seq)
            )
        )


def _head(workspace: Workspace) -> int:
    events = _events(workspace)
    return events[-1].seq if events else 0


def _chain(workspace: Workspace) -> audit.ChainReport:
    with workspace.session() as session:
        return audit.verify_session_chain(session)


def _open_case(workspace: Workspace) -> int:
    return CaseService(workspace).create(
        CaseIntake(
            school="Lincoln Elementary",
            notes="Two officers at the front desk",
            students=(StudentFacts(name="Ana Rivera", grade="4"),),
        )
    )


def test_create_update_delete_are_recorded_with_actor_and_changes(workspace: Workspace) -> None:
    start = _head(workspace)
    case_id = _open_case(workspace)

    created = _events(workspace, start)
    by_entity = {e.entity: e for e in created}
    assert {"case_file", "school", "student"} <= set(by_entity)
    assert all(e.actor == ACTOR and e.action == "create" for e in created)
    case_event = by_entity["case_file"]
    assert case_event.case_id == case_id and case_event.entity_id == case_id
    assert json.loads(case_event.changes)["notes"] == [None, "Two officers at the front desk"]
    assert json.loads(by_entity["student"].changes)["name"] == [None, "Ana Rivera"]
    assert by_entity["student"].case_id == case_id

    mark = _head(workspace)
    CaseService(workspace).set_status(case_id, CaseStatus.IN_REVIEW, "calling the school")
    [status_event] = _events(workspace, mark)
    assert status_event.action == "update"
    assert status_event.summary == "Status New → In review: calling the school"
    assert json.loads(status_event.changes) == {"status": ["new", "in_review"]}

    mark = _head(workspace)
    with workspace.transaction() as session:
        student = session.scalars(select(Student).where(Student.case_id == case_id)).one()
        session.delete(student)
    [removed] = _events(workspace, mark)
    assert (removed.action, removed.entity, removed.actor) == ("delete", "student", ACTOR)
    assert json.loads(removed.changes)["name"] == ["Ana Rivera", None]
    assert removed.summary == "Removed student"

    assert _chain(workspace).ok


def test_an_edit_with_no_net_change_writes_no_event(workspace: Workspace) -> None:
    case_id = _open_case(workspace)
    mark = _head(workspace)
    with workspace.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.notes = case.notes  # same value
    assert _events(workspace, mark) == []


def test_a_rolled_back_change_leaves_no_event(workspace: Workspace) -> None:
    mark = _head(workspace)
    with pytest.raises(RuntimeError, match="changed my mind"), workspace.transaction() as session:
        session.add(Case(reference="2026-9999", notes="never saved"))
        session.flush()
        raise RuntimeError("changed my mind")
    assert _events(workspace, mark) == []
    assert _chain(workspace).ok


def test_the_display_name_names_who_changed_what(workspace: Workspace) -> None:
    workspace.set_display_name("Dana Lawyer")
    mark = _head(workspace)
    _open_case(workspace)
    assert {e.actor for e in _events(workspace, mark)} == {"Dana Lawyer (tester)"}


def test_chain_verifies_with_a_clock_in_another_time_zone(workspace: Workspace) -> None:
    """An office in Denver: events stamped in local time must still verify."""
    workspace.clock = lambda: datetime.now(ZoneInfo("America/Denver"))
    _open_case(workspace)
    report = _chain(workspace)
    assert report.ok, report


def test_chain_passes_on_an_untouched_workspace(workspace: Workspace) -> None:
    _open_case(workspace)
    report = _chain(workspace)
    assert report.ok
    assert report.events == _head(workspace) >= 5


def test_edited_event_is_reported_at_its_seq(workspace: Workspace) -> None:
    _open_case(workspace)
    with workspace.transaction() as session:
        # Raw SQL is not blocked: only the chain can show what it did.
        session.connection().exec_driver_sql("UPDATE audit_event SET summary='x' WHERE seq=3")
    report = _chain(workspace)
    assert report.broken_at_seq == 3
    assert "changed" in report.reason


def test_deleted_event_is_reported_missing(workspace: Workspace) -> None:
    _open_case(workspace)
    with workspace.transaction() as session:
        session.connection().exec_driver_sql("DELETE FROM audit_event WHERE seq=5")
    report = _chain(workspace)
    assert report.broken_at_seq == 5
    assert "missing" in report.reason


def test_relinked_event_is_reported(workspace: Workspace) -> None:
    _open_case(workspace)
    with workspace.transaction() as session:
        session.connection().exec_driver_sql(
            "UPDATE audit_event SET prev_hash = '" + "f" * 64 + "' WHERE seq=4"
        )
    assert _chain(workspace).broken_at_seq == 4


def _sent_advice(workspace: Workspace) -> tuple[int, int]:
    case_id = _open_case(workspace)
    with workspace.transaction() as session:
        template = AdviceTemplate(key="warrant", title="Warrant advice")
        version = AdviceTemplateVersion(
            template=template,
            version=1,
            subject="Advice",
            body="Ask for the warrant.",
            created_by="t",
        )
        session.add_all([template, version])
        session.flush()
        sent = SentAdvice(
            case_id=case_id,
            template_version_id=version.id,
            channel=DeliveryChannel.CLIPBOARD,
            subject="Advice",
            body_html="<p>Ask for the warrant.</p>",
            body_text="Ask for the warrant.",
            author="t",
        )
        session.add(sent)
        session.flush()
        return sent.id, version.id


@pytest.mark.parametrize("model", [AuditEvent, SentAdvice, AdviceTemplateVersion])
def test_immutable_records_refuse_orm_updates_and_deletes(
    workspace: Workspace, model: type[AuditEvent | SentAdvice | AdviceTemplateVersion]
) -> None:
    _sent_advice(workspace)
    with workspace.session() as session:
        obj = session.scalars(select(model).limit(1)).one()
        column = {AuditEvent: "summary", SentAdvice: "body_text", AdviceTemplateVersion: "body"}
        setattr(obj, column[model], "rewritten")
        with pytest.raises(audit.ImmutableRecordError):
            session.commit()
        session.rollback()
        with pytest.raises(audit.ImmutableRecordError):
            session.delete(session.scalars(select(model).limit(1)).one())
            session.commit()
        session.rollback()
        # An ORM bulk statement skips the flush hooks; it is refused too.
        with pytest.raises(audit.ImmutableRecordError):
            session.execute(update(model).values({column[model]: "rewritten"}))
        session.rollback()
        with pytest.raises(audit.ImmutableRecordError):
            session.execute(delete(model))
        session.rollback()
    assert _chain(workspace).ok


def test_bulk_orm_changes_that_would_skip_the_audit_are_refused(workspace: Workspace) -> None:
    case_id = _open_case(workspace)
    mark = _head(workspace)
    with workspace.session() as session:
        with pytest.raises(audit.UnauditedChangeError, match="case_file"):
            session.execute(update(Case).values(notes="silently changed"))
        session.rollback()
        with pytest.raises(audit.UnauditedChangeError, match="student"):
            session.execute(delete(Student).where(Student.case_id == case_id))
        session.rollback()
    assert _events(workspace, mark) == []
    with workspace.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.notes == "Two officers at the front desk"


def test_sent_advice_is_recorded_when_written(workspace: Workspace) -> None:
    mark = _head(workspace)
    sent_id, _ = _sent_advice(workspace)
    events = {(e.entity, e.entity_id): e for e in _events(workspace, mark)}
    assert events[("sent_advice", sent_id)].action == "create"
    assert _chain(workspace).ok


def test_long_text_is_summarized_in_events_not_copied_whole(workspace: Workspace) -> None:
    long_notes = "word " * 5000
    case_id = CaseService(workspace).create(CaseIntake(notes=long_notes))
    with workspace.session() as session:
        event = session.query(AuditEvent).filter_by(entity="case_file", case_id=case_id).one()
    assert len(event.changes) < 5000
    assert "25000 characters, sha256" in event.changes


def test_a_row_removed_from_a_delete_orphan_collection_is_recorded(workspace: Workspace) -> None:
    """No session.delete(): the orphan cascade deletes the row during the flush."""
    case_id = _open_case(workspace)
    mark = _head(workspace)
    with workspace.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.students.clear()
    removed = [e for e in _events(workspace, mark) if e.action == "delete"]
    assert [(e.entity, json.loads(e.changes)["name"][0]) for e in removed] == [
        ("student", "Ana Rivera")
    ]
    assert _chain(workspace).ok
