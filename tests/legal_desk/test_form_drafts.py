"""Drafts of short forms kept in the encrypted workspace when the window locks."""

from __future__ import annotations

from sqlalchemy import func, select

from legal_desk.form_drafts import FormDrafts
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import AuditEvent, Setting

TYPED = "Sgt. Imogen Vale, District Security desk"


def test_a_draft_comes_back_once_and_is_then_gone(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Meadow Ridge Elementary"))
    drafts = FormDrafts(workspace)
    drafts.save(case_id, "security_call", {"person": TYPED, "number": "303-555-0199"})

    kept = drafts.take(case_id, "security_call")

    assert kept is not None
    assert kept.values == {"person": TYPED, "number": "303-555-0199"}
    assert kept.saved_at is not None
    assert drafts.take(case_id, "security_call") is None  # the form holds it now
    assert drafts.load(case_id + 1, "security_call") is None  # another case has none


def test_the_audit_trail_says_a_draft_was_kept_but_never_what_it_held(
    workspace: Workspace,
) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Meadow Ridge Elementary"))
    with workspace.session() as session:
        before = session.scalar(select(func.max(AuditEvent.seq)))
    drafts = FormDrafts(workspace)
    drafts.save(case_id, "checklist_note", {"note": TYPED})
    drafts.save(case_id, "checklist_note", {"note": TYPED + ", called back"})
    drafts.discard(case_id, "checklist_note")

    with workspace.session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > before).order_by(AuditEvent.seq)
        ).all()
        summaries = [e.summary for e in events]
        changes = " ".join(str(e.changes) for e in events)
    assert summaries == [
        f"Draft of a form kept for case {case_id}",
        f"Draft of a form kept for case {case_id}",
        f"Draft of a form dropped for case {case_id}",
    ]
    assert "Imogen" not in changes
    assert "not kept in the audit trail" in changes


def test_an_unreadable_draft_is_none_not_an_error(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        session.add(Setting(key="form.draft.security_call.7", value="{not json"))
    assert FormDrafts(workspace).load(7, "security_call") is None


def test_taking_when_there_is_no_draft_writes_nothing(workspace: Workspace) -> None:
    # Forms take their draft each time they open: with none, that must stay a read.
    with workspace.session() as session:
        before = session.scalar(select(func.max(AuditEvent.seq)))
    assert FormDrafts(workspace).take(3, "checklist_note") is None
    with workspace.session() as session:
        assert session.scalar(select(func.max(AuditEvent.seq))) == before


def test_an_unreadable_draft_is_dropped_when_taken(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        session.add(Setting(key="form.draft.security_call.7", value="{not json"))
    assert FormDrafts(workspace).take(7, "security_call") is None
    with workspace.session() as session:
        assert session.get(Setting, "form.draft.security_call.7") is None
