"""The two checklist rules the FERPA log proves, on a real workspace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from legal_desk.checklist.ferpa_rules import disclosures_logged, parent_notice_given
from legal_desk.checklist.service import ChecklistService
from legal_desk.ferpa.log import DisclosureLog, EntryView
from legal_desk.workspace import Workspace
from models import Case, ChecklistTemplateItem, LegalBasis
from tests.legal_desk.ferpa.helpers import NOW, records_case


@pytest.fixture
def clocked(workspace: Workspace) -> Workspace:
    workspace.clock = lambda: NOW
    return workspace


def rules(workspace: Workspace, case_id: int) -> tuple[str | None, str | None]:
    with workspace.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return disclosures_logged(session, case), parent_notice_given(session, case)


def order(
    log: DisclosureLog,
    case_id: int,
    student_id: int,
    basis: LegalBasis = LegalBasis.COURT_ORDER,
    **extra: object,
) -> EntryView:
    return log.record_disclosure(
        case_id,
        student_id=student_id,
        party="Denver District Court",
        legitimate_interest="Order in case 26-CV-101",
        records_described="Attendance record",
        legal_basis=basis,
        **{"planned_release_at": NOW + timedelta(days=2), **extra},  # type: ignore[arg-type]
    )


def test_an_empty_log_proves_nothing(clocked: Workspace) -> None:
    case_id, _ = records_case(clocked)
    assert rules(clocked, case_id) == (None, None)


def test_a_logged_request_proves_the_log_but_not_a_notice(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    DisclosureLog(clocked).record_request(
        case_id,
        student_id=student,
        party="ICE ERO",
        legitimate_interest="none stated",
        records_described="Home address",
    )
    logged, notice = rules(clocked, case_id)
    assert logged == "FERPA log: 1 request; no planned release is pending."
    # No release under an order: the log cannot prove the negative, the attorney ticks.
    assert notice is None


def test_a_pending_release_leaves_both_open_until_notice_and_release(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = order(log, case_id, student)
    assert rules(clocked, case_id) == (None, None)

    log.mark_parent_notified(entry.id, NOW - timedelta(hours=1))
    logged, notice = rules(clocked, case_id)
    assert logged is None  # the release is still planned
    assert notice == ("FERPA log: parent notified before the release under 1 order or subpoena.")

    log.record_release(entry.id)
    logged, notice = rules(clocked, case_id)
    assert logged == "FERPA log: 1 release; no planned release is pending."
    assert notice is not None


def test_a_withdrawn_release_resolves_the_log_and_owes_no_notice(clocked: Workspace) -> None:
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    log.withdraw(order(log, case_id, student).id, "Order vacated")
    logged, notice = rules(clocked, case_id)
    assert logged == ("FERPA log: 1 withdrawn release; no planned release is pending.")
    assert notice is None


def test_a_notice_after_the_release_does_not_prove_the_item(clocked: Workspace) -> None:
    case_id, [student, other] = records_case(clocked, "Ana Flores", "Ben Ortiz")
    log = DisclosureLog(clocked)
    on_time = order(log, case_id, student, parent_notified_at=NOW - timedelta(days=3))
    log.record_release(on_time.id, NOW - timedelta(days=2))
    late = order(log, case_id, other, planned_release_at=NOW - timedelta(days=2))
    log.mark_parent_notified(late.id, NOW - timedelta(days=1))
    log.record_release(late.id, NOW - timedelta(days=2))

    assert rules(clocked, case_id)[1] is None


def test_a_notice_forbidden_by_the_order_proves_the_item(clocked: Workspace) -> None:
    case_id, [student, other] = records_case(clocked, "Ana Flores", "Ben Ortiz")
    log = DisclosureLog(clocked)
    order(
        log,
        case_id,
        student,
        LegalBasis.LAWFUL_SUBPOENA,
        notice_forbidden=True,
        notice_forbidden_reason="Grand jury subpoena forbids disclosure of its existence",
    )
    order(log, case_id, other, parent_notified_at=NOW - timedelta(hours=1))
    # A consent disclosure needs no notice and does not count either way.
    log.record_disclosure(
        case_id,
        student_id=other,
        party="Aunt",
        legitimate_interest="Enrollment",
        records_described="Immunization record",
        legal_basis=LegalBasis.CONSENT,
    )
    assert rules(clocked, case_id)[1] == (
        "FERPA log: parent notified before the release under 1 order or subpoena; "
        "notice forbidden by the order itself for 1 disclosure."
    )


def test_another_case_log_does_not_count(clocked: Workspace) -> None:
    case_id, _ = records_case(clocked)
    other_case, [other] = records_case(clocked, "Ben Ortiz")
    DisclosureLog(clocked).record_request(
        other_case,
        student_id=other,
        party="ICE",
        legitimate_interest="none stated",
        records_described="Address",
    )
    assert rules(clocked, case_id) == (None, None)


def test_the_records_items_tick_themselves_from_the_log(clocked: Workspace) -> None:
    """The records items tick themselves from the log and untick when it stops proving
    them; a template seeded before the rules existed gets them (the backfill)."""
    wiring = {
        "records_logged": "disclosures_logged",
        "records_parent_notice": "parent_notice_given",
    }
    with clocked.transaction() as session:  # as an older version seeded it: no rules
        for item in session.scalars(
            select(ChecklistTemplateItem).where(ChecklistTemplateItem.key.in_(wiring))
        ):
            item.auto_rule = ""
    case_id, [student] = records_case(clocked)
    log = DisclosureLog(clocked)
    entry = order(log, case_id, student, parent_notified_at=NOW - timedelta(hours=2))

    def done() -> dict[str, str]:
        return {
            i.key: i.auto_reason
            for i in ChecklistService(clocked).items(case_id)
            if i.key in wiring and i.done
        }

    assert done() == {
        "records_parent_notice": (
            "FERPA log: parent notified before the release under 1 order or subpoena."
        )
    }
    log.record_release(entry.id)
    assert set(done()) == {"records_logged", "records_parent_notice"}
