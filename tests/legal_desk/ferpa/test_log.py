"""The FERPA disclosure log on a real workspace: round trip, the order/subpoena rule,
reminders, and the per-student report as text and PDF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from legal_desk.documents.pdf import load_pymupdf
from legal_desk.errors import LegalDeskError
from legal_desk.ferpa.log import REPORT_TITLE, DisclosureLog
from legal_desk.services.cases import CaseIntake, CaseService, StudentFacts
from legal_desk.workspace import Workspace
from models import DisclosureEntryType, LegalBasis, Student
from tests.legal_desk.ferpa.helpers import log_summaries

NOW = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


@pytest.fixture
def clocked(workspace: Workspace) -> Workspace:
    workspace.clock = lambda: NOW
    return workspace


def case_with_student(workspace: Workspace, name: str = "Ana Flores") -> tuple[int, int]:
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Lincoln Elementary",
            received_at=NOW - timedelta(days=2),
            students=(StudentFacts(name, "7"),),
        )
    )
    with workspace.session() as session:
        student_id = session.scalar(select(Student.id).where(Student.case_id == case_id))
    assert student_id is not None
    return case_id, student_id


def test_requests_and_disclosures_round_trip_and_are_audited(clocked: Workspace) -> None:
    case_id, student_id = case_with_student(clocked)
    log = DisclosureLog(clocked)
    asked = NOW - timedelta(days=1)

    request = log.record_request(
        case_id,
        student_id=student_id,
        party="ICE ERO, Denver field office",
        legitimate_interest="none stated",
        records_described="Attendance and home address",
        occurred_at=asked,
    )
    disclosure = log.record_disclosure(
        case_id,
        student_id=student_id,
        party="District Court clerk",
        legitimate_interest="Court order in case 26-CV-101",
        records_described="Attendance record, fall term",
        legal_basis=LegalBasis.COURT_ORDER,
        parent_notified_at=NOW - timedelta(hours=3),
        notes="Order reviewed by counsel",
    )

    assert log.entries(case_id=case_id) == [request, disclosure]
    assert log.entries(student_id=student_id) == [request, disclosure]
    assert log.entries() == [request, disclosure]
    assert request.entry_type is DisclosureEntryType.REQUEST
    assert request.legal_basis is LegalBasis.NONE and request.occurred_at == asked
    assert request.student_name == "Ana Flores" and request.recorded_by == "Tess Tester"
    assert disclosure.entry_type is DisclosureEntryType.DISCLOSURE
    assert disclosure.occurred_at == NOW and disclosure.notes == "Order reviewed by counsel"
    assert not disclosure.awaiting_parent_notice
    assert log_summaries(clocked) == [
        "FERPA request logged: from ICE ERO, Denver field office",
        "FERPA disclosure logged: to District Court clerk under court order",
    ]


def test_another_case_student_is_not_mixed_in(clocked: Workspace) -> None:
    case_id, student_id = case_with_student(clocked)
    other_case, other_student = case_with_student(clocked, "Ben Ortiz")
    log = DisclosureLog(clocked)
    log.record_request(
        other_case,
        student_id=other_student,
        party="CBP",
        legitimate_interest="none stated",
        records_described="Enrollment",
    )

    assert log.entries(case_id=case_id) == [] and log.entries(student_id=student_id) == []
    with pytest.raises(LegalDeskError, match="is not on case"):
        log.record_request(
            case_id,
            student_id=other_student,
            party="CBP",
            legitimate_interest="none stated",
            records_described="Enrollment",
        )


@pytest.mark.parametrize("basis", [LegalBasis.COURT_ORDER, LegalBasis.LAWFUL_SUBPOENA])
def test_an_order_or_subpoena_without_parent_notice_needs_the_planned_release(
    clocked: Workspace, basis: LegalBasis
) -> None:
    case_id, student_id = case_with_student(clocked)
    log = DisclosureLog(clocked)
    facts = {
        "student_id": student_id,
        "party": "U.S. District Court",
        "legitimate_interest": "Judicial proceeding",
        "records_described": "Transcript",
        "legal_basis": basis,
    }

    with pytest.raises(LegalDeskError, match="parent must be notified before the release"):
        log.record_disclosure(case_id, **facts)  # type: ignore[arg-type]

    planned = NOW + timedelta(days=5)
    entry = log.record_disclosure(case_id, planned_release_at=planned, **facts)  # type: ignore[arg-type]
    assert entry.planned_release_at == planned and entry.awaiting_parent_notice


def test_consent_needs_no_planned_release_and_none_is_refused(clocked: Workspace) -> None:
    case_id, student_id = case_with_student(clocked)
    log = DisclosureLog(clocked)
    facts = {
        "student_id": student_id,
        "party": "Aunt (with parent's written consent)",
        "legitimate_interest": "Enrollment at a new school",
        "records_described": "Immunization record",
    }

    entry = log.record_disclosure(case_id, legal_basis=LegalBasis.CONSENT, **facts)  # type: ignore[arg-type]
    assert entry.legal_basis is LegalBasis.CONSENT and not entry.awaiting_parent_notice
    with pytest.raises(LegalDeskError, match="needs a legal basis"):
        log.record_disclosure(case_id, legal_basis=LegalBasis.NONE, **facts)  # type: ignore[arg-type]
    assert len(log.entries()) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"party": "  "}, "party that asked"),
        ({"legitimate_interest": ""}, "legitimate interest"),
        ({"records_described": " "}, "Describe the records"),
        ({"occurred_at": NOW + timedelta(hours=1)}, "cannot be in the future"),
        ({"parent_notified_at": NOW + timedelta(hours=1)}, "cannot be in the future"),
    ],
)
def test_disclosure_validation(clocked: Workspace, change: dict[str, object], message: str) -> None:
    case_id, student_id = case_with_student(clocked)
    facts: dict[str, object] = {
        "student_id": student_id,
        "party": "Aunt",
        "legitimate_interest": "Enrollment",
        "records_described": "Immunization record",
        "legal_basis": LegalBasis.CONSENT,
        **change,
    }
    with pytest.raises(LegalDeskError, match=message):
        DisclosureLog(clocked).record_disclosure(case_id, **facts)  # type: ignore[arg-type]
    assert DisclosureLog(clocked).entries() == []


def test_reminders_count_down_flag_overdue_and_end_with_the_parent_notice(
    clocked: Workspace,
) -> None:
    case_id, student_id = case_with_student(clocked)
    log = DisclosureLog(clocked)
    common = {
        "student_id": student_id,
        "legitimate_interest": "Judicial proceeding",
        "records_described": "Attendance",
    }
    later = log.record_disclosure(
        case_id,
        party="Court B",
        legal_basis=LegalBasis.LAWFUL_SUBPOENA,
        planned_release_at=NOW + timedelta(days=3),
        **common,  # type: ignore[arg-type]
    )
    sooner = log.record_disclosure(
        case_id,
        party="Court A",
        legal_basis=LegalBasis.COURT_ORDER,
        planned_release_at=NOW + timedelta(hours=5),
        **common,  # type: ignore[arg-type]
    )
    log.record_disclosure(  # parent already told: no reminder
        case_id,
        party="Court C",
        legal_basis=LegalBasis.COURT_ORDER,
        parent_notified_at=NOW - timedelta(days=1),
        planned_release_at=NOW + timedelta(days=1),
        **common,  # type: ignore[arg-type]
    )

    first = log.reminders(NOW)
    assert [r.entry_id for r in first] == [sooner.id, later.id]
    assert first[0].time_left == timedelta(hours=5) and not first[0].overdue
    assert "Notify the parent of Ana Flores: release planned in 5 hours" in first[0].text
    assert "Court A" in first[0].text

    a_day_on = log.reminders(NOW + timedelta(days=1))
    assert a_day_on[0].overdue and a_day_on[0].time_left == -timedelta(hours=19)
    assert a_day_on[0].text.startswith("OVERDUE: notify the parent of Ana Flores")
    assert "the release was planned 19 hours ago" in a_day_on[0].text
    assert a_day_on[1].countdown == "release planned in 2 days"
    assert not a_day_on[1].overdue and a_day_on[1].time_left == timedelta(days=2)

    notified = log.mark_parent_notified(sooner.id, NOW - timedelta(minutes=30))
    assert notified.parent_notified_at == NOW - timedelta(minutes=30)
    assert [r.entry_id for r in log.reminders(NOW)] == [later.id]
    assert log_summaries(clocked)[-1].startswith("FERPA: parent notified 2026-03-10 10:30 MDT")


def test_mark_parent_notified_refuses_the_future_and_unknown_entries(clocked: Workspace) -> None:
    log = DisclosureLog(clocked)
    with pytest.raises(LegalDeskError, match="does not exist"):
        log.mark_parent_notified(42, NOW)
    case_id, student_id = case_with_student(clocked)
    entry = log.record_request(
        case_id,
        student_id=student_id,
        party="ICE",
        legitimate_interest="none stated",
        records_described="Address",
    )
    with pytest.raises(LegalDeskError, match="cannot be in the future"):
        log.mark_parent_notified(entry.id, NOW + timedelta(days=1))


def filled_log(workspace: Workspace) -> tuple[int, DisclosureLog]:
    case_id, student_id = case_with_student(workspace)
    log = DisclosureLog(workspace)
    # Recorded out of order: the report sorts by when each thing happened.
    log.record_disclosure(
        case_id,
        student_id=student_id,
        party="Denver District Court",
        legitimate_interest="Order in case 26-CV-101",
        records_described="Attendance record, fall term",
        legal_basis=LegalBasis.COURT_ORDER,
        planned_release_at=NOW + timedelta(days=4),
        occurred_at=NOW - timedelta(hours=1),
    )
    log.record_request(
        case_id,
        student_id=student_id,
        party="ICE ERO, Denver field office",
        legitimate_interest="none stated",
        records_described="Home address",
        occurred_at=NOW - timedelta(days=1),
    )
    return student_id, log


def test_the_student_report_lists_entries_in_date_order(clocked: Workspace) -> None:
    student_id, log = filled_log(clocked)

    report = log.report(student_id)
    text = log.report_text(student_id)

    assert report.student_name == "Ana Flores" and report.grade == "7"
    assert [e.party for e in report.entries] == [
        "ICE ERO, Denver field office",
        "Denver District Court",
    ]
    assert text.startswith(REPORT_TITLE + "\nStudent: Ana Flores (grade 7, Lincoln Elementary)")
    first = text.index("1. 2026-03-09 11:00 MDT")
    second = text.index("2. 2026-03-10 10:00 MDT")
    assert first < text.index("ICE ERO, Denver field office") < second
    assert text.index("Denver District Court") > second
    assert "Legal basis: court order" in text
    assert "Planned release: 2026-03-14 11:00 MDT" in text
    assert "Parent notified: not recorded" in text


def test_a_report_with_no_entries_says_so(clocked: Workspace) -> None:
    _case_id, student_id = case_with_student(clocked)
    assert "No requests or disclosures recorded." in DisclosureLog(clocked).report_text(student_id)
    with pytest.raises(LegalDeskError, match="does not exist"):
        DisclosureLog(clocked).report(9999)


def test_the_report_pdf_holds_the_title_and_entries(clocked: Workspace) -> None:
    student_id, log = filled_log(clocked)

    data = log.report_pdf(student_id)

    pymupdf = load_pymupdf()
    document = pymupdf.open(stream=data, filetype="pdf")
    try:
        # Expand the font's ligatures ("ﬁ" in "field office") as a reader's search does.
        flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
        text = " ".join("".join(page.get_text(flags=flags) for page in document).split())
        assert document.metadata["title"] == REPORT_TITLE
    finally:
        document.close()
    assert REPORT_TITLE in text
    assert "Ana Flores" in text
    assert text.index("ICE ERO, Denver field office") < text.index("Denver District Court")
    assert "Order in case 26-CV-101" in text and "Home address" in text


def test_a_parent_notice_after_the_release_is_flagged_in_the_record(clocked: Workspace) -> None:
    # 99.31(a)(9): the parent hears before the release; a late notice must show.
    case_id, student_id = case_with_student(clocked)
    log = DisclosureLog(clocked)
    released = log.record_disclosure(
        case_id,
        student_id=student_id,
        party="U.S. District Court (subpoena)",
        legitimate_interest="Subpoena in a pending case",
        records_described="Attendance, 2025-26",
        legal_basis=LegalBasis.LAWFUL_SUBPOENA,
        occurred_at=NOW - timedelta(days=5),
        planned_release_at=NOW - timedelta(days=5),
    )
    assert not released.notice_late

    # The records went out five days ago without a notice; the log must say so: the
    # notice is recorded as given, then the release at its real time.
    log.mark_parent_notified(released.id, NOW - timedelta(days=1))
    late = log.record_release(released.id, NOW - timedelta(days=5))

    assert late.notice_late and not late.awaiting_parent_notice
    assert "AFTER the release" in log.report_text(student_id)
    assert any("BEFORE the parent notice" in s for s in log_summaries(clocked))


def test_a_parent_notice_before_the_release_is_not_flagged(clocked: Workspace) -> None:
    case_id, student_id = case_with_student(clocked)
    entry = DisclosureLog(clocked).record_disclosure(
        case_id,
        student_id=student_id,
        party="U.S. District Court (order)",
        legitimate_interest="Court order",
        records_described="Enrollment record",
        legal_basis=LegalBasis.COURT_ORDER,
        occurred_at=NOW - timedelta(days=2),
        planned_release_at=NOW - timedelta(days=1),
        parent_notified_at=NOW - timedelta(days=2),
    )
    assert not entry.notice_late
    assert "AFTER the release" not in DisclosureLog(clocked).report_text(student_id)
