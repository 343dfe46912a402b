"""A finished case on a real workspace: an annotated and redacted warrant, a checker
result overridden with a reason, advice sent, a ticked checklist, Security notified and
a FERPA request logged. Fictional people only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pymupdf
import pytest
from sqlalchemy import select

from legal_desk.advice.letters import Letter
from legal_desk.advice.sent import AdviceRecords
from legal_desk.checklist.service import ChecklistService
from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from legal_desk.documents.specimens import AdministrativeWarrant, administrative_warrant_pdf
from legal_desk.documents.store import DocumentStore
from legal_desk.ferpa.log import DisclosureLog
from legal_desk.security.notifications import SecurityNotifications
from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService, StudentFacts
from legal_desk.services.classification import ClassificationService
from legal_desk.workspace import Workspace
from models import Agency, AnnotationKind, DeliveryChannel, DocumentKind, RequestType, Student

# On the warrant only, under a redaction: it must not survive anywhere in the case file.
REDACTED_NAME = "Zebulon Quartermaine"
STUDENT = "Priya Fenwick"
ADVICE_SUBJECT = "Next steps for Meadow Ridge Elementary"
ADVICE_TEXT = "Do not release any records. Ask the officer to wait outside. Call us back."
OVERRIDE_REASON = "Signed by an ICE supervisor, not a judge"
SECURITY_PERSON = "Officer Lana Whitcomb"
FERPA_PARTY = "ICE ERO field office"
NOTE_TEXT = "Check the signature block"


@dataclass(frozen=True)
class FinishedCase:
    case_id: int
    reference: str
    document_id: int
    pdf: bytes
    sha256: str
    ticked_label: str
    ticked_by: str


def warrant_pdf() -> bytes:
    return administrative_warrant_pdf(
        AdministrativeWarrant(issued=date(2026, 3, 2), subject=REDACTED_NAME)
    )


def word_box(pdf: bytes, words: str) -> tuple[float, float, float, float]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        hits = doc[0].search_for(words)
        assert hits, words
        rect = hits[0]
        return (rect.x0 - 1, rect.y0 - 1, rect.x1 + 1, rect.y1 + 1)


def make_finished_case(workspace: Workspace) -> FinishedCase:
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Meadow Ridge Elementary",
            request_type=RequestType.STUDENT_RECORDS,
            stated_purpose="Records of a student",
            agents=(AgentFacts("Dale Norris", "ERO-40117", Agency.ICE_ERO),),
            students=(StudentFacts(STUDENT, "5"),),
        )
    )
    pdf = warrant_pdf()
    document_id = DocumentStore(workspace).attach(case_id, "warrant.pdf", pdf)
    annotations = AnnotationService(workspace)
    annotations.add(
        document_id,
        AnnotationSpec(page=0, kind=AnnotationKind.REDACTION, rect=word_box(pdf, REDACTED_NAME)),
    )
    title = word_box(pdf, "WARRANT FOR ARREST OF ALIEN")
    annotations.add(
        document_id,
        AnnotationSpec(
            page=0,
            kind=AnnotationKind.NOTE,
            rect=(title[2] + 10, title[1], title[2] + 30, title[3]),
            text=NOTE_TEXT,
        ),
    )
    checker = ClassificationService(workspace)
    result = checker.run(document_id)
    other = (
        DocumentKind.UNKNOWN
        if result.suggested_kind is not DocumentKind.UNKNOWN
        else DocumentKind.ADMINISTRATIVE_WARRANT
    )
    checker.confirm(result.id, other, reason=OVERRIDE_REASON)
    AdviceRecords(workspace).record(
        Letter(case_id, None, ADVICE_SUBJECT, f"<p>{ADVICE_TEXT}</p>", ADVICE_TEXT),
        DeliveryChannel.EML,
        recipient="principal@example.org",
    )
    checklist = ChecklistService(workspace)
    items = checklist.items(case_id)
    first_open = next(i for i in items if not i.done)
    ticked = checklist.tick(first_open.id, note="Done on the phone")
    SecurityNotifications(workspace).record(
        case_id, person_spoken_to=SECURITY_PERSON, number_called="555-0100"
    )
    with workspace.session() as session:
        student_id = session.scalar(select(Student.id).where(Student.case_id == case_id))
    assert student_id is not None
    DisclosureLog(workspace).record_request(
        case_id,
        student_id=student_id,
        party=FERPA_PARTY,
        legitimate_interest="none stated",
        records_described="Enrollment records",
    )
    reference = CaseService(workspace).list()[0].reference
    assert ticked.done_by is not None
    return FinishedCase(
        case_id=case_id,
        reference=reference,
        document_id=document_id,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        ticked_label=ticked.label,
        ticked_by=ticked.done_by,
    )


@pytest.fixture
def finished_case(workspace: Workspace) -> FinishedCase:
    return make_finished_case(workspace)
