"""Cases: opening one from the facts of a call, listing them, moving them through the workflow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.checklist.service import open_required_labels
from legal_desk.errors import LegalDeskError
from legal_desk.services import queue
from legal_desk.services.facts import MissingFact, missing_facts, normalize_phone
from legal_desk.services.queue import QueueRow
from legal_desk.workspace import Workspace
from models import (
    Agency,
    Agent,
    Case,
    CaseStatus,
    OfficerLocation,
    Presented,
    RequestType,
    School,
    SchoolStaff,
    Student,
)
from models.ferpa import DisclosureLogEntry

_ROW_BLOCK = 500  # ids per query when listing every case

# Allowed moves; "reopen" is any move out of Closed back to In review.
TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    CaseStatus.NEW: (CaseStatus.IN_REVIEW, CaseStatus.ADVICE_SENT, CaseStatus.CLOSED),
    CaseStatus.IN_REVIEW: (CaseStatus.ADVICE_SENT, CaseStatus.SECURITY_NOTIFIED, CaseStatus.CLOSED),
    CaseStatus.ADVICE_SENT: (CaseStatus.SECURITY_NOTIFIED, CaseStatus.IN_REVIEW, CaseStatus.CLOSED),
    CaseStatus.SECURITY_NOTIFIED: (CaseStatus.CLOSED, CaseStatus.IN_REVIEW),
    CaseStatus.CLOSED: (CaseStatus.IN_REVIEW,),
}


@dataclass(frozen=True)
class StaffFacts:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    is_caller: bool = False


@dataclass(frozen=True)
class AgentFacts:
    name: str = ""
    badge_number: str = ""
    agency: Agency = Agency.UNKNOWN
    supervisor_name: str = ""
    supervisor_phone: str = ""


@dataclass(frozen=True)
class StudentFacts:
    name: str
    grade: str = ""


@dataclass(frozen=True)
class CaseIntake:
    """What the attorney learns on the call. Every fact is optional: saving is never blocked."""

    school: str = ""
    received_at: datetime | None = None
    contact_at: datetime | None = None
    request_type: RequestType = RequestType.OTHER
    stated_purpose: str = ""
    document_presented: Presented = Presented.UNKNOWN
    officer_location: OfficerLocation = OfficerLocation.UNKNOWN
    officer_location_note: str = ""
    officer_cooperative: bool | None = None
    exigent_claimed: bool = False
    lawful_order_claimed: bool = False
    notes: str = ""
    assigned_attorney: str | None = None
    staff: tuple[StaffFacts, ...] = field(default_factory=tuple)
    agents: tuple[AgentFacts, ...] = field(default_factory=tuple)
    students: tuple[StudentFacts, ...] = field(default_factory=tuple)


def _school(session: Session, name: str) -> School | None:
    name = " ".join(name.split())
    if not name:
        return None
    found = session.scalar(select(School).where(func.lower(School.name) == name.lower()))
    return found or School(name=name)


def _next_reference(session: Session, year: int) -> str:
    prefix = f"{year}-"
    last = session.scalar(select(func.max(Case.reference)).where(Case.reference.like(f"{prefix}%")))
    number = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


class CaseService:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def create(self, intake: CaseIntake) -> int:
        intake = _clean(intake)
        received = intake.received_at or self._workspace.clock()
        with self._workspace.transaction() as session:
            case = Case(
                reference=_next_reference(session, received.year),
                status=CaseStatus.NEW,
                # A claimed emergency means the officer may act before counsel calls back.
                urgent=intake.exigent_claimed or intake.lawful_order_claimed,
                received_at=received,
                contact_at=intake.contact_at or received,
                school=_school(session, intake.school),
                request_type=intake.request_type,
                stated_purpose=intake.stated_purpose,
                document_presented=intake.document_presented,
                officer_location=intake.officer_location,
                officer_location_note=intake.officer_location_note,
                officer_cooperative=intake.officer_cooperative,
                exigent_claimed=intake.exigent_claimed,
                lawful_order_claimed=intake.lawful_order_claimed,
                notes=intake.notes,
                assigned_attorney=intake.assigned_attorney,
            )
            case.staff = [SchoolStaff(**vars(s)) for s in intake.staff]
            case.agents = [Agent(**vars(a)) for a in intake.agents]
            case.students = [
                Student(name=s.name, grade=s.grade, school_name=intake.school)
                for s in intake.students
            ]
            session.add(case)
            session.flush()
            return case.id

    def list(self, status: CaseStatus | None = None, limit: int | None = None) -> list[QueueRow]:
        """The queue's default order (urgent open cases, then newest), for the CLI and
        scripts; the same queries as the queue view, fetched in blocks."""
        flt = queue.QueueFilter(statuses=frozenset({status}) if status is not None else None)
        with self._workspace.session() as session:
            ids = queue.ordered_ids(session, flt)[:limit]
            found: dict[int, QueueRow] = {}
            for start in range(0, len(ids), _ROW_BLOCK):
                found.update(queue.rows(session, ids[start : start + _ROW_BLOCK]))
        return [found[i] for i in ids if i in found]

    def set_status(
        self,
        case_id: int,
        status: CaseStatus,
        reason: str = "",
        *,
        override_open_items: bool = False,
    ) -> None:
        """Move a case along the workflow. Closing is refused while a required checklist
        item is open, unless `override_open_items` and a reason say why (both audited)."""
        with self._workspace.transaction() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise LegalDeskError(f"Case {case_id} does not exist.")
            if status not in TRANSITIONS[case.status]:
                raise LegalDeskError(
                    f"A case cannot go from {case.status.label} to {status.label}."
                )
            summary = f"Status {case.status.label} → {status.label}" + (
                f": {reason}" if reason else ""
            )
            if status == CaseStatus.CLOSED:
                still_open = open_required_labels(session, case, self._workspace.clock())
                if still_open and not (override_open_items and reason.strip()):
                    raise LegalDeskError(
                        f"Case {case.reference} cannot be closed: required checklist items "
                        f"are open ({'; '.join(still_open)}). Tick them, or give a reason "
                        "to close it anyway."
                    )
                if still_open:
                    summary += f" (closed with open checklist items: {'; '.join(still_open)})"
            audit.set_summary(session, case, summary)
            case.status = status
            if status == CaseStatus.CLOSED:
                case.closed_reason = reason or None


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    filename: str
    media_type: str
    sha256: str
    size: int
    page_count: int
    imported_at: datetime


@dataclass(frozen=True)
class CaseDetail:
    id: int
    reference: str
    status: CaseStatus
    urgent: bool
    facts: CaseIntake
    documents: tuple[DocumentSummary, ...]
    missing: tuple[MissingFact, ...]
    created_at: datetime
    closed_reason: str | None


def _facts_of(case: Case) -> CaseIntake:
    return CaseIntake(
        school=case.school_name,
        received_at=case.received_at,
        contact_at=case.contact_at,
        request_type=case.request_type,
        stated_purpose=case.stated_purpose,
        document_presented=case.document_presented,
        officer_location=case.officer_location,
        officer_location_note=case.officer_location_note,
        officer_cooperative=case.officer_cooperative,
        exigent_claimed=case.exigent_claimed,
        lawful_order_claimed=case.lawful_order_claimed,
        notes=case.notes,
        assigned_attorney=case.assigned_attorney,
        staff=tuple(StaffFacts(s.name, s.role, s.phone, s.email, s.is_caller) for s in case.staff),
        agents=tuple(
            AgentFacts(a.name, a.badge_number, a.agency, a.supervisor_name, a.supervisor_phone)
            for a in case.agents
        ),
        students=tuple(StudentFacts(s.name, s.grade) for s in case.students),
    )


def _sync(existing: list[Any], wanted: Sequence[Any], make: Callable[[Any], Any]) -> list[Any]:
    """Update rows in place by position so the audit trail shows edits, not churn."""
    result = []
    for index, facts in enumerate(wanted):
        if index < len(existing):
            row = existing[index]
            for name, value in vars(facts).items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
            result.append(row)
        else:
            result.append(make(facts))
    return result


def _sync_students(
    session: Session, existing: list[Student], wanted: Sequence[StudentFacts], school: str
) -> list[Student]:
    """Students are matched by name, not position: the FERPA disclosure log points at a
    student's row, so a row must never be renamed into another child. A student with
    log entries cannot be removed from the case (refused with a message)."""
    ids = [s.id for s in existing if s.id is not None]
    logged = set(
        session.scalars(
            select(DisclosureLogEntry.student_id).where(DisclosureLogEntry.student_id.in_(ids))
        )
    )
    kept: list[Student | None] = []
    free = list(existing)
    for facts in wanted:
        row = next((s for s in free if s.name == facts.name), None)
        if row is not None:
            free.remove(row)
            if row.grade != facts.grade:
                row.grade = facts.grade
        kept.append(row)
    # An edited name takes over a row no log entry points at (the audit shows an edit).
    spare = [s for s in free if s.id not in logged]
    result: list[Student] = []
    for facts, row in zip(wanted, kept, strict=True):
        if row is None and spare:
            row = spare.pop(0)
            free.remove(row)
            row.name, row.grade = facts.name, facts.grade
        result.append(row or Student(name=facts.name, grade=facts.grade, school_name=school))
    removed_logged = [s.name for s in free if s.id in logged]
    if removed_logged:
        raise LegalDeskError(
            f"{', '.join(removed_logged)} cannot be removed or renamed: the FERPA disclosure "
            "log has entries for them."
        )
    return result


def _squash(text: str) -> str:
    return " ".join(text.split())


def _clean(intake: CaseIntake) -> CaseIntake:
    """One spelling for names, badges and phones, so completion and repeat-encounter
    matching see "Dale  Norris " and "Dale Norris" as one person."""
    return replace(
        intake,
        school=_squash(intake.school),
        staff=tuple(
            replace(s, name=_squash(s.name), phone=normalize_phone(s.phone)) for s in intake.staff
        ),
        agents=tuple(
            replace(
                a,
                name=_squash(a.name),
                badge_number=_squash(a.badge_number),
                supervisor_name=_squash(a.supervisor_name),
                supervisor_phone=normalize_phone(a.supervisor_phone),
            )
            for a in intake.agents
        ),
        students=tuple(replace(s, name=_squash(s.name)) for s in intake.students),
    )


def detail(workspace: Workspace, case_id: int) -> CaseDetail:
    with workspace.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise LegalDeskError(f"Case {case_id} does not exist.")
        return CaseDetail(
            id=case.id,
            reference=case.reference,
            status=case.status,
            urgent=case.urgent,
            facts=_facts_of(case),
            documents=tuple(
                DocumentSummary(
                    d.id,
                    d.filename,
                    d.media_type,
                    d.sha256,
                    d.size,
                    d.page_count,
                    d.imported_at,
                )
                for d in case.documents
            ),
            missing=tuple(missing_facts(case)),
            created_at=case.created_at,
            closed_reason=case.closed_reason,
        )


def update_facts(workspace: Workspace, case_id: int, facts: CaseIntake) -> None:
    """Save edited facts; only what changed is written (and so audited)."""
    facts = _clean(facts)
    with workspace.transaction() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise LegalDeskError(f"Case {case_id} does not exist.")
        school = _school(session, facts.school)
        if (school.name if school else "") != case.school_name:
            case.school = school
        scalars: dict[str, object] = {
            "request_type": facts.request_type,
            "stated_purpose": facts.stated_purpose,
            "document_presented": facts.document_presented,
            "officer_location": facts.officer_location,
            "officer_location_note": facts.officer_location_note,
            "officer_cooperative": facts.officer_cooperative,
            "exigent_claimed": facts.exigent_claimed,
            "lawful_order_claimed": facts.lawful_order_claimed,
            "notes": facts.notes,
            "assigned_attorney": facts.assigned_attorney,
        }
        if facts.contact_at is not None:
            scalars["contact_at"] = facts.contact_at
        for name, value in scalars.items():
            if getattr(case, name) != value:
                setattr(case, name, value)
        if facts.exigent_claimed or facts.lawful_order_claimed:
            case.urgent = True
        case.staff = _sync(case.staff, facts.staff, lambda f: SchoolStaff(**vars(f)))
        case.agents = _sync(case.agents, facts.agents, lambda f: Agent(**vars(f)))
        case.students = _sync_students(session, case.students, facts.students, facts.school)


def known_schools(workspace: Workspace) -> list[str]:
    with workspace.session() as session:
        return list(session.scalars(select(School.name).order_by(School.name)))


def known_attorneys(workspace: Workspace) -> list[str]:
    with workspace.session() as session:
        return [
            a
            for a in session.scalars(
                select(Case.assigned_attorney).distinct().order_by(Case.assigned_attorney)
            )
            if a
        ]
