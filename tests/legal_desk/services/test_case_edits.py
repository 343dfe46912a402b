from __future__ import annotations

from dataclasses import replace

import pytest

from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import (
    AgentFacts,
    CaseIntake,
    CaseService,
    StudentFacts,
    detail,
    known_schools,
    update_facts,
)
from legal_desk.services.timeline import case_timeline
from legal_desk.workspace import Workspace
from models import CaseStatus


def _case(workspace: Workspace) -> int:
    return CaseService(workspace).create(
        CaseIntake(
            school="North Cedar Middle School",
            stated_purpose="Records request",
            agents=(AgentFacts("Dale Norris", "ERO-40117"),),
            students=(StudentFacts("Sam Okoro", "7"),),
        )
    )


def test_an_edit_shows_in_the_timeline_with_before_and_after(workspace: Workspace) -> None:
    case_id = _case(workspace)
    facts = detail(workspace, case_id).facts
    update_facts(
        workspace,
        case_id,
        replace(facts, stated_purpose="Wants the attendance records of one student"),
    )
    with workspace.session() as session:
        entries = case_timeline(session, case_id)
    edit = entries[-1]
    assert edit.action == "update"
    assert edit.actor == "Tess Tester (tester)"
    change = next(c for c in edit.changes if c.field == "stated_purpose")
    assert (change.before, change.after) == (
        "Records request",
        "Wants the attendance records of one student",
    )


def test_editing_an_agent_updates_it_in_place(workspace: Workspace) -> None:
    case_id = _case(workspace)
    facts = detail(workspace, case_id).facts
    update_facts(
        workspace,
        case_id,
        replace(facts, agents=(replace(facts.agents[0], badge_number="ERO-40118"),)),
    )
    with workspace.session() as session:
        entries = case_timeline(session, case_id)
    agent_edits = [e for e in entries if e.entity == "agent"]
    assert [e.action for e in agent_edits] == ["create", "update"]
    assert detail(workspace, case_id).facts.agents[0].badge_number == "ERO-40118"


def test_unchanged_save_writes_no_event(workspace: Workspace) -> None:
    case_id = _case(workspace)
    with workspace.session() as session:
        before = len(case_timeline(session, case_id))
    update_facts(workspace, case_id, detail(workspace, case_id).facts)
    with workspace.session() as session:
        assert len(case_timeline(session, case_id)) == before


def test_schools_are_offered_for_completion_without_duplicates(workspace: Workspace) -> None:
    service = CaseService(workspace)
    service.create(CaseIntake(school="North Cedar Middle School"))
    service.create(CaseIntake(school="north cedar  middle school"))
    service.create(CaseIntake(school="Meadow Ridge Elementary"))
    assert known_schools(workspace) == ["Meadow Ridge Elementary", "North Cedar Middle School"]


def test_status_moves_follow_the_workflow_and_are_audited(workspace: Workspace) -> None:
    service = CaseService(workspace)
    case_id = _case(workspace)
    with pytest.raises(LegalDeskError, match="cannot go from New to Security notified"):
        service.set_status(case_id, CaseStatus.SECURITY_NOTIFIED)
    service.set_status(case_id, CaseStatus.IN_REVIEW)
    service.set_status(
        case_id, CaseStatus.CLOSED, reason="Officer left without contact", override_open_items=True
    )
    service.set_status(case_id, CaseStatus.IN_REVIEW)  # reopen
    with workspace.session() as session:
        summaries = [e.summary for e in case_timeline(session, case_id)]
    assert "Status New → In review" in summaries
    assert any(
        s.startswith("Status In review → Closed: Officer left without contact (closed with open")
        for s in summaries
    )
    assert "Status Closed → In review" in summaries


def test_an_exigent_claim_makes_the_case_urgent_and_tops_the_queue(workspace: Workspace) -> None:
    service = CaseService(workspace)
    calm = service.create(CaseIntake(school="A"))
    urgent = service.create(CaseIntake(school="B", exigent_claimed=True))
    later = service.create(CaseIntake(school="C"))
    assert [r.id for r in service.list()] == [urgent, later, calm]
