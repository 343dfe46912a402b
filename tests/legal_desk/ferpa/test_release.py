"""Planned releases under an order or subpoena: recorded when they go out, refused
before the parent notice, withdrawn (kept in the log), and orders that forbid notice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from legal_desk.errors import LegalDeskError
from legal_desk.ferpa.log import DisclosureLog, EntryStatus, EntryView, ReminderKind
from legal_desk.workspace import Workspace
from models import LegalBasis
from models.ferpa import DisclosureLogEntry
from tests.legal_desk.ferpa.helpers import NOW, log_summaries, records_case

GAG = "Subpoena para. 4: the school shall not disclose the existence of this subpoena."


@pytest.fixture
def clocked(workspace: Workspace) -> Workspace:
    workspace.clock = lambda: NOW
    return workspace


def planned(
    log: DisclosureLog,
    case_id: int,
    student_id: int,
    *,
    basis: LegalBasis = LegalBasis.COURT_ORDER,
    party: str = "Denver District Court",
    in_time: timedelta = timedelta(days=2),
    **extra: object,
) -> EntryView:
    return log.record_disclosure(
        case_id,
        student_id=student_id,
        party=party,
        legitimate_interest="Order in case 26-CV-101",
        records_described="Attendance record, fall term",
        legal_basis=basis,
        planned_release_at=NOW + in_time,
        **extra,  # type: ignore[arg-type]
    )


def test_a_planned_release_is_refused_before_the_notice_then_recorded(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = planned(log, case_id, student)
    assert entry.status is EntryStatus.PLANNED and entry.released_at is None

    with pytest.raises(LegalDeskError, match="Notify the parent before releasing records"):
        log.record_release(entry.id)
    assert log.entries(case_id=case_id)[0].released_at is None  # nothing written

    log.mark_parent_notified(entry.id, NOW - timedelta(hours=2))
    released = log.record_release(entry.id)

    assert released.status is EntryStatus.RELEASED and released.released_at == NOW
    assert not released.notice_late and log.entries(case_id=case_id) == [released]
    assert log_summaries(clocked)[-1] == (
        "FERPA: records released to Denver District Court 2026-03-10 11:00 MDT"
    )
    with pytest.raises(LegalDeskError, match="already recorded"):
        log.record_release(entry.id)
    consent = planned(log, case_id, student, basis=LegalBasis.CONSENT)
    with pytest.raises(LegalDeskError, match="cannot be in the future"):
        log.record_release(consent.id, NOW + timedelta(hours=1))


def test_a_disclosure_without_a_planned_time_went_out_when_logged(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    entry = DisclosureLog(clocked).record_disclosure(
        case_id,
        student_id=student,
        party="Aunt (parent's written consent)",
        legitimate_interest="Enrollment at a new school",
        records_described="Immunization record",
        legal_basis=LegalBasis.CONSENT,
        occurred_at=NOW - timedelta(hours=1),
    )
    assert entry.status is EntryStatus.RELEASED
    assert entry.released_at == NOW - timedelta(hours=1)


def test_a_request_cannot_be_released_nor_withdrawn(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    request = log.record_request(
        case_id,
        student_id=student,
        party="ICE ERO",
        legitimate_interest="none stated",
        records_described="Home address",
    )
    assert request.status is EntryStatus.REQUEST
    with pytest.raises(LegalDeskError, match="A request releases nothing"):
        log.record_release(request.id)
    with pytest.raises(LegalDeskError, match="Only a planned release can be withdrawn"):
        log.withdraw(request.id, "Refused")


def test_a_withdrawn_release_stays_in_the_log_and_its_reminder_stops(
    clocked: Workspace,
) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = planned(log, case_id, student)
    assert [r.entry_id for r in log.reminders(NOW)] == [entry.id]

    with pytest.raises(LegalDeskError, match="Give the reason"):
        log.withdraw(entry.id, "   ")
    withdrawn = log.withdraw(entry.id, "  Order vacated on appeal.  ")

    assert withdrawn.status is EntryStatus.WITHDRAWN
    assert (
        withdrawn.withdrawn_at == NOW and withdrawn.withdrawal_reason == "Order vacated on appeal."
    )
    assert log.entries(case_id=case_id) == [withdrawn]  # kept, never deleted
    assert log.reminders(NOW) == [] and log.reminders(NOW + timedelta(days=9)) == []
    assert not withdrawn.awaiting_parent_notice
    assert "withdrawn: Order vacated on appeal." in log_summaries(clocked)[-1]
    with pytest.raises(LegalDeskError, match="withdrawn already"):
        log.withdraw(entry.id, "again")
    with pytest.raises(LegalDeskError, match="was withdrawn"):
        log.record_release(entry.id)


def test_a_release_cannot_be_withdrawn(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = planned(log, case_id, student, basis=LegalBasis.CONSENT)
    log.record_release(entry.id)
    with pytest.raises(LegalDeskError, match="cannot be withdrawn"):
        log.withdraw(entry.id, "Changed our mind")
    with clocked.session() as session:
        row = session.get(DisclosureLogEntry, entry.id)
        assert row is not None and row.withdrawn_at is None


def test_an_order_that_forbids_notice_owes_no_reminder_and_allows_the_release(
    clocked: Workspace,
) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = planned(
        log,
        case_id,
        student,
        basis=LegalBasis.LAWFUL_SUBPOENA,
        party="Grand jury, D. Colo.",
        notice_forbidden=True,
        notice_forbidden_reason=GAG,
    )
    assert entry.notice_forbidden and entry.notice_forbidden_reason == GAG
    assert not entry.awaiting_parent_notice
    assert log.reminders(NOW) == []

    released = log.record_release(entry.id)

    assert released.status is EntryStatus.RELEASED and released.parent_notified_at is None
    with pytest.raises(LegalDeskError, match="forbids notifying the parent"):
        log.mark_parent_notified(entry.id, NOW)
    report = log.report_text(student)
    assert "no notice given: the order or subpoena forbids disclosing it" in report
    assert GAG in report


def test_a_forbidden_notice_can_be_recorded_later_and_stops_the_reminder(
    clocked: Workspace,
) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = planned(log, case_id, student, basis=LegalBasis.LAWFUL_SUBPOENA)
    assert log.reminders(NOW)

    with pytest.raises(LegalDeskError, match="cite the provision"):
        log.record_notice_forbidden(entry.id, " ")
    log.record_notice_forbidden(entry.id, GAG)

    assert log.reminders(NOW) == []
    assert log.entries(case_id=case_id)[0].notice_forbidden


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"legal_basis": LegalBasis.CONSENT}, "Only a court order or a subpoena can forbid"),
        ({"notice_forbidden_reason": ""}, "cite the provision"),
        ({"parent_notified_at": NOW - timedelta(hours=1)}, "notice is already recorded"),
    ],
)
def test_a_notice_prohibition_is_validated(
    clocked: Workspace, change: dict[str, object], message: str
) -> None:
    case_id, [student] = records_case(clocked)
    facts: dict[str, object] = {
        "student_id": student,
        "party": "Grand jury",
        "legitimate_interest": "Investigation",
        "records_described": "Attendance",
        "legal_basis": LegalBasis.LAWFUL_SUBPOENA,
        "planned_release_at": NOW + timedelta(days=1),
        "notice_forbidden": True,
        "notice_forbidden_reason": GAG,
        **change,
    }
    with pytest.raises(LegalDeskError, match=message):
        DisclosureLog(clocked).record_disclosure(case_id, **facts)  # type: ignore[arg-type]
    assert DisclosureLog(clocked).entries() == []


def test_the_report_shows_planned_released_and_withdrawn(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    waiting = planned(log, case_id, student, party="Court Waiting", in_time=timedelta(days=3))
    gone = planned(log, case_id, student, party="Court Released", basis=LegalBasis.CONSENT)
    log.record_release(gone.id, NOW - timedelta(minutes=5))
    dropped = planned(log, case_id, student, party="Court Dropped")
    log.withdraw(dropped.id, "Subpoena quashed")

    text = log.report_text(student)

    blocks = {
        party: text[text.index(party) :].split("\n\n")[0]
        for party in ("Court Waiting", "Court Released", "Court Dropped")
    }
    assert "Status: PLANNED, not released yet" in blocks["Court Waiting"]
    assert "Released: not yet" in blocks["Court Waiting"]
    assert "Parent notified: not recorded (due before the release)" in blocks["Court Waiting"]
    assert "Status: RELEASED" in blocks["Court Released"]
    assert "Released: 2026-03-10 10:55 MDT" in blocks["Court Released"]
    assert (
        "Status: WITHDRAWN 2026-03-10 11:00 MDT, nothing released. Reason: Subpoena quashed"
        in blocks["Court Dropped"]
    )
    assert "Released: no (withdrawn)" in blocks["Court Dropped"]
    assert waiting.id in {r.entry_id for r in log.reminders(NOW)}


def test_a_planned_release_past_its_time_asks_to_be_recorded_until_it_is(
    clocked: Workspace,
) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = planned(log, case_id, student)  # in two days, under a court order
    log.mark_parent_notified(entry.id, NOW)
    consent = planned(log, case_id, student, basis=LegalBasis.CONSENT, party="Aurora Clinic")

    assert log.reminders(NOW) == []  # notice given, release still to come: nothing owed
    three_days_on = log.reminders(NOW + timedelta(days=3))

    assert [r.entry_id for r in three_days_on] == [entry.id, consent.id]
    first = three_days_on[0]
    assert first.kind is ReminderKind.RECORD_RELEASE and first.overdue
    assert first.text.startswith(
        "Record the release of Ana Flores's records to Denver District Court, or withdraw it: "
        "it was planned 1 day ago"
    )
    clocked.clock = lambda: NOW + timedelta(days=3)
    log.record_release(entry.id, NOW + timedelta(days=2))
    log.withdraw(consent.id, "Parent withdrew consent.")
    assert log.reminders(NOW + timedelta(days=3)) == []
