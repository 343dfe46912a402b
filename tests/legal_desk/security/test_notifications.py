"""Recording the call to Security: validation, the audit trail, the case's status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from legal_desk import audit
from legal_desk.errors import LegalDeskError
from legal_desk.security.notifications import SecurityNotifications
from legal_desk.services.cases import CaseIntake, CaseService, detail
from legal_desk.workspace import Workspace
from models import AuditEvent, CaseStatus

NOW = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)


@pytest.fixture
def clocked(workspace: Workspace) -> Workspace:
    workspace.clock = lambda: NOW
    return workspace


def new_case(workspace: Workspace, status: CaseStatus | None = None) -> int:
    cases = CaseService(workspace)
    case_id = cases.create(CaseIntake(school="Lincoln Elementary", received_at=NOW))
    if status is not None:
        cases.set_status(case_id, status, "set up by the test", override_open_items=True)
    return case_id


def events(workspace: Workspace, case_id: int) -> list[AuditEvent]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)
            )
        )


@pytest.mark.parametrize("start", [None, CaseStatus.IN_REVIEW, CaseStatus.ADVICE_SENT])
def test_recording_moves_the_case_and_is_audited(
    clocked: Workspace, start: CaseStatus | None
) -> None:
    case_id = new_case(clocked, start)
    when = NOW - timedelta(minutes=10)

    view = SecurityNotifications(clocked).record(
        case_id, person_spoken_to=" Officer  Lee ", number_called="3033657816", notified_at=when
    )

    assert view.status is CaseStatus.SECURITY_NOTIFIED and view.status_moved
    assert detail(clocked, case_id).status is CaseStatus.SECURITY_NOTIFIED
    assert (view.person_spoken_to, view.number_called, view.method) == (
        "Officer Lee",
        "(303) 365-7816",
        "phone",
    )
    assert view.notified_at == when and view.recorded_by == "Tess Tester"
    summaries = [e.summary for e in events(clocked, case_id)]
    assert "Security notified by phone: spoke to Officer Lee at (303) 365-7816" in summaries
    assert summaries[-1].endswith("→ Security notified: Security notified")
    assert SecurityNotifications(clocked).for_case(case_id) == [
        replace(view, status=None, status_note="")
    ]


def test_a_new_case_goes_through_in_review(clocked: Workspace) -> None:
    case_id = new_case(clocked)

    SecurityNotifications(clocked).record(
        case_id, person_spoken_to="Officer Lee", number_called="(303) 365-7816"
    )

    summaries = [e.summary for e in events(clocked, case_id)]
    assert any("New → In review" in s for s in summaries)
    assert any("In review → Security notified" in s for s in summaries)


def test_a_closed_case_keeps_its_status_and_the_view_says_so(clocked: Workspace) -> None:
    case_id = new_case(clocked, CaseStatus.CLOSED)

    view = SecurityNotifications(clocked).record(
        case_id, person_spoken_to="Officer Lee", number_called="(303) 365-7816", method="e-mail"
    )

    assert view.status is CaseStatus.CLOSED and not view.status_moved
    assert "stays Closed" in view.status_note
    assert detail(clocked, case_id).status is CaseStatus.CLOSED
    assert len(SecurityNotifications(clocked).for_case(case_id)) == 1


def test_a_second_call_keeps_the_status(clocked: Workspace) -> None:
    case_id = new_case(clocked, CaseStatus.IN_REVIEW)
    notifications = SecurityNotifications(clocked)
    notifications.record(case_id, person_spoken_to="Officer Lee", number_called="1")
    second = notifications.record(case_id, person_spoken_to="Sgt. Ortiz", number_called="2")

    assert second.status is CaseStatus.SECURITY_NOTIFIED and second.status_note == ""
    assert [n.person_spoken_to for n in notifications.for_case(case_id)] == [
        "Officer Lee",
        "Sgt. Ortiz",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"person_spoken_to": "  ", "number_called": "1"}, "name of the person spoken to"),
        ({"person_spoken_to": "Lee", "number_called": " "}, "number called"),
        (
            {
                "person_spoken_to": "Lee",
                "number_called": "1",
                "notified_at": NOW + timedelta(minutes=5),
            },
            "cannot be in the future",
        ),
        (
            {"person_spoken_to": "Lee", "number_called": "1", "notified_at": datetime(2026, 3, 3)},
            "time zone",
        ),
        ({"person_spoken_to": "Lee", "number_called": "1", "method": " "}, "how Security"),
    ],
)
def test_validation_errors_are_clear_and_write_nothing(
    clocked: Workspace, kwargs: dict[str, object], message: str
) -> None:
    case_id = new_case(clocked, CaseStatus.IN_REVIEW)
    before = len(events(clocked, case_id))

    with pytest.raises(LegalDeskError, match=message):
        SecurityNotifications(clocked).record(case_id, **kwargs)  # type: ignore[arg-type]

    assert len(events(clocked, case_id)) == before
    assert detail(clocked, case_id).status is CaseStatus.IN_REVIEW


def test_an_unknown_case_is_refused(clocked: Workspace) -> None:
    with pytest.raises(LegalDeskError, match="Case 999 does not exist"):
        SecurityNotifications(clocked).record(999, person_spoken_to="Lee", number_called="1")


@pytest.mark.parametrize("start", [None, CaseStatus.IN_REVIEW])
def test_a_failed_status_move_leaves_no_record(
    clocked: Workspace, start: CaseStatus | None
) -> None:
    case_id = new_case(clocked, start)
    before = len(events(clocked, case_id))
    with clocked.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER refuse_status BEFORE UPDATE OF status ON case_file "
                "BEGIN SELECT RAISE(ABORT, 'status refused by the test'); END"
            )
        )

    with pytest.raises(DBAPIError, match="status refused by the test"):
        SecurityNotifications(clocked).record(
            case_id, person_spoken_to="Officer Lee", number_called="(303) 365-7816"
        )

    assert SecurityNotifications(clocked).for_case(case_id) == []
    assert len(events(clocked, case_id)) == before
    assert detail(clocked, case_id).status is (start or CaseStatus.NEW)
    with clocked.session() as session:
        assert audit.verify_session_chain(session).ok


def test_the_second_step_failing_undoes_the_first(clocked: Workspace) -> None:
    """New → In review → Security notified: a refusal of the last step leaves the case New."""
    case_id = new_case(clocked)
    with clocked.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER refuse_status BEFORE UPDATE OF status ON case_file "
                "WHEN OLD.status != NEW.status AND NEW.status = "
                f"'{CaseStatus.SECURITY_NOTIFIED.value}' "
                "BEGIN SELECT RAISE(ABORT, 'status refused by the test'); END"
            )
        )

    with pytest.raises(DBAPIError, match="status refused by the test"):
        SecurityNotifications(clocked).record(
            case_id, person_spoken_to="Officer Lee", number_called="(303) 365-7816"
        )

    assert detail(clocked, case_id).status is CaseStatus.NEW
    assert SecurityNotifications(clocked).for_case(case_id) == []
    assert not any("In review" in e.summary for e in events(clocked, case_id))


def test_the_row_and_the_status_moves_are_one_commit(clocked: Workspace) -> None:
    case_id = new_case(clocked)

    SecurityNotifications(clocked).record(
        case_id, person_spoken_to="Officer Lee", number_called="(303) 365-7816"
    )

    trail = events(clocked, case_id)[-3:]
    assert [e.entity for e in trail] == ["security_notification", "case_file", "case_file"]
    assert len({e.occurred_at for e in trail}) == 1
    assert [e.summary for e in trail[1:]] == [
        "Status New → In review: Security notified",
        "Status In review → Security notified: Security notified",
    ]


def test_a_mailed_briefing_is_audited_but_does_not_notify(clocked: Workspace) -> None:
    case_id = new_case(clocked, CaseStatus.ADVICE_SENT)

    SecurityNotifications(clocked).briefing_mailed(
        case_id, recipient="security@district.example", subject="Briefing", text="School: X\n"
    )

    last = events(clocked, case_id)[-1]
    assert last.entity == "security_briefing" and last.actor == "Tess Tester (tester)"
    assert last.summary.startswith("Security briefing mailed to security@district.example")
    assert "School: X" in last.changes
    assert detail(clocked, case_id).status is CaseStatus.ADVICE_SENT
    assert SecurityNotifications(clocked).for_case(case_id) == []
    with clocked.session() as session:
        assert audit.verify_session_chain(session).ok


def test_a_mailed_briefing_needs_a_known_case_and_a_recipient(clocked: Workspace) -> None:
    case_id = new_case(clocked)
    notifications = SecurityNotifications(clocked)
    with pytest.raises(LegalDeskError, match="Case 999 does not exist"):
        notifications.briefing_mailed(999, recipient="a@b.example", subject="s", text="t")
    with pytest.raises(LegalDeskError, match="whom"):
        notifications.briefing_mailed(case_id, recipient=" ", subject="s", text="t")
