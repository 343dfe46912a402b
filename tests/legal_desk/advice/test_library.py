"""The template library on a real workspace: seeded, edited as versions, suggested."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from legal_desk.advice.engine import TemplateError, render
from legal_desk.advice.library import AdviceTemplates, TemplateNotFoundError
from legal_desk.advice.placeholders import PLACEHOLDERS, case_values
from legal_desk.advice.seed import seed_templates, suggest_key
from legal_desk.documents import DocumentStore, specimens
from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService, StaffFacts
from legal_desk.services.classification import ClassificationService
from legal_desk.workspace import Workspace
from models import Agency, AuditEvent, DocumentKind, RequestType

SEED_KEYS = {
    "administrative_warrant",
    "judicial_warrant",
    "exigent",
    "records_request",
    "administrative_subpoena",
    "detainer",
    "hold_and_wait",
}


def full_case(workspace: Workspace) -> int:
    """A case with every fact filled and an I-200 checked: every placeholder has a value."""
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Meadow Ridge Elementary",
            received_at=datetime(2026, 3, 3, 15, 5, tzinfo=UTC),
            contact_at=datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
            request_type=RequestType.STUDENT_ACCESS,
            stated_purpose="Asked to speak with a student",
            staff=(StaffFacts("Ana Rivera", "Principal", "(303) 555-0100", is_caller=True),),
            agents=(
                AgentFacts("Dale Norris", "ERO-40117", Agency.ICE_ERO, "J. Park", "(303) 555-0199"),
            ),
        )
    )
    pdf = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )
    document_id = DocumentStore(workspace).attach(case_id, "i200.pdf", pdf)
    ClassificationService(workspace).run(document_id)
    return case_id


def test_a_new_workspace_has_every_seed_template(workspace: Workspace) -> None:
    templates = AdviceTemplates(workspace).all()
    assert {t.key for t in templates} == SEED_KEYS
    assert all(t.version == 1 for t in templates)
    assert AdviceTemplates(workspace).ensure_seeded() == 0


@pytest.mark.parametrize("key", sorted(SEED_KEYS))
def test_every_seed_template_renders_against_a_real_case(workspace: Workspace, key: str) -> None:
    values = case_values(workspace, full_case(workspace)).values
    template = AdviceTemplates(workspace).current(key)
    answers = {
        "Where is the officer waiting now?": "front office",
        "Minutes until we call back": "10",
    }
    done = render(template.source, values, answers)
    assert "Meadow Ridge Elementary" in done.subject
    assert "Ana Rivera" in done.text
    assert "(303) 365-7816" in done.text  # Security's number, from the contact settings
    assert done.empty == ()
    assert "{{" not in done.text and "{%" not in done.text


def test_seed_templates_never_say_schools_are_off_limits() -> None:
    for seed in seed_templates():
        text = f"{seed.subject}\n{seed.body}".lower()
        for claim in ("sensitive location", "protected area", "off-limits", "off limits"):
            assert claim not in text, (seed.key, claim)


def test_the_case_values_hold_the_case_facts(workspace: Workspace) -> None:
    found = case_values(workspace, full_case(workspace))
    values = found.values
    assert set(values) == set(PLACEHOLDERS)
    assert found.kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert values["document_form"] == "I-200"
    assert values["agent_names"] == "Dale Norris"
    assert values["agent_badges"] == "ERO-40117"
    assert values["supervisor_phone"] == "(303) 555-0199"
    assert values["legal_phone"] == "(303) 326-1800 ext. 28301"
    assert values["exigent_claimed"] is False


def test_a_sparse_case_reports_its_empty_placeholders(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="North Cedar Middle School"))
    template = AdviceTemplates(workspace).current("hold_and_wait")
    done = render(template.source, case_values(workspace, case_id).values)
    assert done.empty == ("caller_name",)


def test_an_edit_is_a_new_version_and_the_old_one_stays(workspace: Workspace) -> None:
    library = AdviceTemplates(workspace)
    first = library.current("detainer")
    edited = library.save(
        "detainer", title=first.title, subject=first.subject, body=first.body + "\nThanks."
    )
    assert edited.version == 2
    assert library.current("detainer").body.endswith("Thanks.")
    assert [v.version for v in library.versions("detainer")] == [1, 2]
    assert library.version(first.version_id).body == first.body
    assert (
        library.save("detainer", title=first.title, subject=first.subject, body=edited.body).version
        == 2
    )  # nothing changed: no new version
    with workspace.session() as session:
        summaries = session.scalars(select(AuditEvent.summary)).all()
    assert any("edited: version 2" in s for s in summaries)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Dear {{ caller_name }", r"^Line 1: "),
        ("{{ immigration_status }}", "Unknown placeholder: immigration_status"),
    ],
)
def test_a_broken_edit_is_refused_and_nothing_is_stored(
    workspace: Workspace, body: str, message: str
) -> None:
    library = AdviceTemplates(workspace)
    before = library.current("exigent")
    with pytest.raises(TemplateError, match=message):
        library.save("exigent", title=before.title, subject=before.subject, body=body)
    assert library.versions("exigent") == [before]


def test_an_unknown_template_is_a_clear_error(workspace: Workspace) -> None:
    with pytest.raises(TemplateNotFoundError, match="no advice template"):
        AdviceTemplates(workspace).current("nope")


@pytest.mark.parametrize(
    ("kind", "request_type", "exigent", "expected"),
    [
        (DocumentKind.JUDICIAL_WARRANT, RequestType.PROPERTY_ENTRY, True, "exigent"),
        (DocumentKind.JUDICIAL_WARRANT, RequestType.STUDENT_ACCESS, False, "judicial_warrant"),
        (
            DocumentKind.ADMINISTRATIVE_WARRANT,
            RequestType.STUDENT_ACCESS,
            False,
            "administrative_warrant",
        ),
        (
            DocumentKind.ADMINISTRATIVE_SUBPOENA,
            RequestType.STUDENT_RECORDS,
            False,
            "administrative_subpoena",
        ),
        (DocumentKind.DETAINER, RequestType.STUDENT_ACCESS, False, "detainer"),
        (DocumentKind.COURT_ORDER, RequestType.OTHER, False, "records_request"),
        (None, RequestType.STUDENT_RECORDS, False, "records_request"),
        (DocumentKind.UNKNOWN, RequestType.STUDENT_ACCESS, False, "hold_and_wait"),
        (None, RequestType.OTHER, False, "hold_and_wait"),
    ],
)
def test_the_suggestion_follows_the_emergency_then_the_document_then_the_request(
    kind: DocumentKind | None, request_type: RequestType, exigent: bool, expected: str
) -> None:
    assert suggest_key(kind, request_type, exigent) == expected
