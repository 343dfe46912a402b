"""The Security briefing on a real workspace: the case's facts, the Security number, gaps named."""

from __future__ import annotations

from datetime import UTC, date, datetime

from legal_desk.advice.letters import Letter
from legal_desk.advice.sent import AdviceRecords
from legal_desk.documents import DocumentStore, specimens
from legal_desk.security.briefing import NOT_RECORDED, security_briefing
from legal_desk.services.cases import (
    AgentFacts,
    CaseIntake,
    CaseService,
    StaffFacts,
    StudentFacts,
    detail,
)
from legal_desk.services.classification import ClassificationService
from legal_desk.services.settings import ContactInfo, SettingsService
from legal_desk.workspace import Workspace
from models import Agency, DeliveryChannel, DocumentKind, OfficerLocation, Presented, RequestType

CONTACT = datetime(2026, 3, 3, 15, 5, tzinfo=UTC)
ADVICE_HTML = (
    "<p>Dear Ms. Rivera,</p><h1>What to do now</h1><ul>"
    "<li>Do not consent to a search of non-public areas.</li>"
    "<li>Keep the officer in the front office.</li></ul>"
    "<h1>Next</h1><ul><li>We call back.</li></ul>"
)


def full_case(workspace: Workspace) -> int:
    return CaseService(workspace).create(
        CaseIntake(
            school="Lincoln Elementary",
            received_at=CONTACT,
            contact_at=CONTACT,
            request_type=RequestType.STUDENT_ACCESS,
            stated_purpose="Asked for a fourth-grade student",
            document_presented=Presented.YES,
            officer_location=OfficerLocation.FRONT_OFFICE,
            officer_location_note="by the visitor desk",
            exigent_claimed=True,
            staff=(
                StaffFacts("Maria Rivera", role="Principal", phone="3035550100", is_caller=True),
            ),
            agents=(
                AgentFacts(
                    name="Dale Norris",
                    badge_number="ERO-4471",
                    agency=Agency.ICE_ERO,
                    supervisor_name="Pat Quinn",
                    supervisor_phone="3035550199",
                ),
            ),
        )
    )


def test_briefing_holds_the_case_facts_and_the_security_number(workspace: Workspace) -> None:
    case_id = full_case(workspace)
    document_id = DocumentStore(workspace).attach(
        case_id,
        "i200.pdf",
        specimens.administrative_warrant_pdf(
            specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
        ),
    )
    run = ClassificationService(workspace).run(document_id)
    ClassificationService(workspace).confirm(run.id, DocumentKind.ADMINISTRATIVE_WARRANT)
    AdviceRecords(workspace).record(
        Letter.from_html(case_id, None, "Hold and wait", "<p>Wait for us.</p>"),
        DeliveryChannel.CLIPBOARD,
    )
    AdviceRecords(workspace).record(
        Letter.from_html(case_id, None, "Administrative warrant: do not consent", ADVICE_HTML),
        DeliveryChannel.PDF,
    )
    reference = detail(workspace, case_id).reference

    briefing = security_briefing(workspace, case_id)

    assert reference in briefing.subject and "Lincoln Elementary" in briefing.subject
    text = briefing.text
    assert (
        text.splitlines()[1] == "URGENT: the officers claimed an emergency (exigent circumstances)."
    )
    for fact in (
        reference,
        "Lincoln Elementary",
        "2026-03-03 08:05 MST",
        "Maria Rivera, Principal, (303) 555-0100",
        "Dale Norris",
        "ERO-4471",
        "ICE ERO",
        "Pat Quinn",
        "(303) 555-0199",
        "i200.pdf (attorney's decision: administrative warrant)",
        "Emergency claimed: yes",
        "Request: Access to a student",
        "Where the officers are: in the front office (by the visitor desk)",
        "Advice given: Administrative warrant: do not consent",
        "    - Do not consent to a search of non-public areas.\n"
        "    - Keep the officer in the front office.\n"
        "Earlier advice: Hold and wait",
        "(303) 365-7816",  # the seeded Security number
    ):
        assert fact in text, fact
    assert NOT_RECORDED not in text
    assert "We call back" not in text  # only the instructions: short enough to read out
    assert "immigration status" not in text.lower()


def test_missing_facts_say_not_recorded(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(received_at=CONTACT))

    text = security_briefing(workspace, case_id).text

    assert "School: not recorded" in text
    assert "Where the officers are: not recorded" in text
    assert "Caller: not recorded" in text
    assert "Agents:\n  not recorded" in text
    assert "Advice given: not recorded" in text
    assert "Emergency claimed: no" in text
    assert "No document on file (presented: not recorded)" in text
    assert "URGENT" not in text


def test_briefing_uses_the_security_number_from_settings(workspace: Workspace) -> None:
    settings = SettingsService(workspace)
    settings.update_contact(
        ContactInfo("security", "District Security", "(720) 555-0142", "12", "")
    )
    case_id = CaseService(workspace).create(CaseIntake(school="Hill Middle", received_at=CONTACT))

    assert "Security number: District Security: (720) 555-0142 ext. 12" in (
        security_briefing(workspace, case_id).text
    )


def test_an_unconfirmed_checker_result_says_so(workspace: Workspace) -> None:
    case_id = full_case(workspace)
    document_id = DocumentStore(workspace).attach(
        case_id,
        "photo.pdf",
        specimens.administrative_warrant_pdf(
            specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
        ),
    )
    DocumentStore(workspace).attach(
        case_id,
        "card.pdf",
        specimens.administrative_warrant_pdf(
            specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
        ),
    )
    ClassificationService(workspace).run(document_id)

    text = security_briefing(workspace, case_id).text

    assert "photo.pdf (checker's suggestion: administrative warrant (not confirmed))" in text
    assert "card.pdf (not checked yet)" in text


def test_students_are_not_named(workspace: Workspace) -> None:
    """The briefing may be mailed: Security hears about the visit, not the student."""
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Hill Middle",
            received_at=CONTACT,
            students=(StudentFacts("Jamie Quill", "4"),),
        )
    )

    assert "Jamie Quill" not in security_briefing(workspace, case_id).text
