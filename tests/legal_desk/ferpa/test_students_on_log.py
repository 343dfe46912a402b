"""The disclosure log points at a student's row: editing the case's facts must never
move an entry to another child, nor crash when a logged student is removed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from legal_desk.errors import LegalDeskError
from legal_desk.ferpa.log import DisclosureLog
from legal_desk.services.cases import CaseIntake, CaseService, StudentFacts, detail, update_facts
from legal_desk.workspace import Workspace
from models import RequestType, Student


def _case(workspace: Workspace) -> tuple[int, dict[str, int]]:
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Meadow Ridge Elementary",
            request_type=RequestType.STUDENT_RECORDS,
            students=(StudentFacts("Ann Avery", "4"), StudentFacts("Ben Brook", "5")),
        )
    )
    with workspace.session() as session:
        rows = session.scalars(select(Student).where(Student.case_id == case_id))
        return case_id, {s.name: s.id for s in rows}


def _log_request(workspace: Workspace, case_id: int, student_id: int) -> None:
    DisclosureLog(workspace).record_request(
        case_id,
        student_id=student_id,
        party="ICE ERO Denver",
        legitimate_interest="Stated: an investigation",
        records_described="Attendance records",
    )


def test_removing_another_student_keeps_each_entry_with_its_child(workspace: Workspace) -> None:
    case_id, ids = _case(workspace)
    _log_request(workspace, case_id, ids["Ben Brook"])
    facts = detail(workspace, case_id).facts

    update_facts(workspace, case_id, replace(facts, students=(StudentFacts("Ben Brook", "5"),)))

    report = DisclosureLog(workspace).report(ids["Ben Brook"])
    assert "Ben Brook" in DisclosureLog(workspace).report_text(ids["Ben Brook"])
    assert len(report.entries) == 1


def test_a_logged_student_cannot_be_removed_and_nothing_changes(workspace: Workspace) -> None:
    case_id, ids = _case(workspace)
    _log_request(workspace, case_id, ids["Ann Avery"])
    facts = detail(workspace, case_id).facts

    with pytest.raises(LegalDeskError, match="Ann Avery cannot be removed or renamed"):
        update_facts(workspace, case_id, replace(facts, students=(StudentFacts("Ben Brook", "5"),)))
    assert [s.name for s in detail(workspace, case_id).facts.students] == ["Ann Avery", "Ben Brook"]
