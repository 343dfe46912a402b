"""A case with students on a real workspace, and a fixed clock, for the FERPA tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from legal_desk.services.cases import CaseIntake, CaseService, StudentFacts
from legal_desk.workspace import Workspace
from models import AuditEvent, RequestType, Student

NOW = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


def records_case(workspace: Workspace, *names: str) -> tuple[int, list[int]]:
    """A records-request case with these students (fictional); their ids in order."""
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Lincoln Elementary",
            received_at=NOW - timedelta(days=2),
            request_type=RequestType.STUDENT_RECORDS,
            students=tuple(StudentFacts(name, "7") for name in names or ("Ana Flores",)),
        )
    )
    with workspace.session() as session:
        ids = list(
            session.scalars(
                select(Student.id).where(Student.case_id == case_id).order_by(Student.id)
            )
        )
    return case_id, ids


def log_summaries(workspace: Workspace) -> list[str]:
    """The audit trail's sentences about the disclosure log, oldest first."""
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent.summary)
                .where(AuditEvent.entity == "disclosure_log_entry")
                .order_by(AuditEvent.seq)
            )
        )
