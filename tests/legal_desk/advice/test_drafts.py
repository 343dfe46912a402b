"""Advice drafts: kept encrypted in the workspace, and never copied into the audit trail."""

from __future__ import annotations

from sqlalchemy import func, select

from legal_desk.advice.drafts import AdviceDrafts, Draft
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import AuditEvent

WORDS = "Keep Mr. Okafor in the front office until counsel calls back"


def test_a_draft_round_trips_and_its_text_stays_out_of_the_audit_trail(
    workspace: Workspace,
) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Meadow Ridge Elementary"))
    with workspace.session() as session:
        before = session.scalar(select(func.max(AuditEvent.seq)))
    drafts = AdviceDrafts(workspace)
    draft = Draft(
        template_key="hold", subject="Hold", recipient="", html=f"<p>{WORDS}</p>", edited=True
    )

    drafts.save(case_id, draft)
    kept = drafts.load(case_id)
    drafts.discard(case_id)

    assert kept is not None and WORDS in kept.html
    assert drafts.load(case_id) is None
    with workspace.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.seq > before)).all()
    assert [e.summary for e in events] == [
        f"Advice draft kept for case {case_id}",
        f"Advice draft of case {case_id} discarded",
    ]
    assert not any("Okafor" in e.changes for e in events)
