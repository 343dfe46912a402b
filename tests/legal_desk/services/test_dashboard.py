from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from legal_desk.advice.letters import Letter
from legal_desk.advice.sent import AdviceRecords
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.services.dashboard import NO_SCHOOL, OTHER_SCHOOLS, Dashboard, dashboard
from legal_desk.workspace import Workspace
from models import CaseStatus, DeliveryChannel, SecurityNotification

DENVER = ZoneInfo("America/Denver")
# Monday 30 November 2026, noon in Denver (MST, UTC-7): 19:00 UTC.
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=DENVER)


def _case(
    service: CaseService,
    received_at: datetime,
    school: str = "Alder High",
    *,
    exigent: bool = False,
) -> int:
    return service.create(
        CaseIntake(school=school, received_at=received_at, exigent_claimed=exigent)
    )


def _send_advice(workspace: Workspace, case_id: int, at: datetime) -> None:
    workspace.clock = lambda: at
    letter = Letter(case_id, None, "Advice", "<p>Do not consent.</p>", "Do not consent.")
    AdviceRecords(workspace).record(letter, DeliveryChannel.CLIPBOARD)


def _notify_security(workspace: Workspace, case_id: int, at: datetime) -> None:
    with workspace.transaction() as session:
        session.add(
            SecurityNotification(
                case_id=case_id, notified_at=at, person_spoken_to="Desk", recorded_by="Tess"
            )
        )


def test_open_cases_by_status_and_age(workspace: Workspace) -> None:
    service = CaseService(workspace)
    ids = {
        "2h": _case(service, NOW - timedelta(hours=2)),
        "almost a day": _case(service, NOW - timedelta(hours=23, minutes=59)),
        "a day": _case(service, NOW - timedelta(days=1)),
        "almost 8 days": _case(service, NOW - timedelta(days=7, hours=23)),
        "8 days": _case(service, NOW - timedelta(days=8)),
        "almost 31 days": _case(service, NOW - timedelta(days=30, hours=23)),
        "31 days": _case(service, NOW - timedelta(days=31)),
        "two years": _case(service, NOW - timedelta(days=730)),
        "closed": _case(service, NOW - timedelta(hours=1)),
        "closed old": _case(service, NOW - timedelta(days=90)),
    }
    service.set_status(ids["almost a day"], CaseStatus.IN_REVIEW)
    service.set_status(ids["8 days"], CaseStatus.IN_REVIEW)
    service.set_status(ids["31 days"], CaseStatus.IN_REVIEW)
    service.set_status(ids["31 days"], CaseStatus.SECURITY_NOTIFIED)
    service.set_status(ids["almost 8 days"], CaseStatus.ADVICE_SENT)
    service.set_status(
        ids["closed"], CaseStatus.CLOSED, "closed in setup", override_open_items=True
    )
    service.set_status(
        ids["closed old"], CaseStatus.CLOSED, "closed in setup", override_open_items=True
    )

    board = dashboard(workspace, now=NOW)

    assert [(s.status, s.count) for s in board.open_by_status] == [
        (CaseStatus.NEW, 4),
        (CaseStatus.IN_REVIEW, 2),
        (CaseStatus.ADVICE_SENT, 1),
        (CaseStatus.SECURITY_NOTIFIED, 1),
    ]
    assert board.open_total == 8
    assert [(b.label, b.count) for b in board.open_by_age] == [
        ("Under 1 day", 2),
        ("1–7 days", 2),
        ("8–30 days", 2),
        ("Over 30 days", 2),
    ]


def test_every_status_is_listed_even_with_no_case(workspace: Workspace) -> None:
    board = dashboard(workspace, now=NOW, months=3)
    assert [s.status for s in board.open_by_status] == [
        CaseStatus.NEW,
        CaseStatus.IN_REVIEW,
        CaseStatus.ADVICE_SENT,
        CaseStatus.SECURITY_NOTIFIED,
    ]
    assert board.open_total == 0
    assert [m.count for m in board.per_month] == [0, 0, 0]
    assert board.per_school == ()
    assert board.to_advice.count == 0
    assert board.to_advice.median is None
    assert board.to_security.p90 is None
    assert board.open_urgent == 0


def test_urgent_open_cases_are_counted_closed_ones_are_not(workspace: Workspace) -> None:
    service = CaseService(workspace)
    _case(service, NOW - timedelta(hours=1), exigent=True)
    old = _case(service, NOW - timedelta(days=400), exigent=True)
    closed = _case(service, NOW - timedelta(hours=3), exigent=True)
    _case(service, NOW - timedelta(hours=2))
    service.set_status(old, CaseStatus.IN_REVIEW)
    service.set_status(closed, CaseStatus.CLOSED, "closed in setup", override_open_items=True)

    board = dashboard(workspace, now=NOW, months=3)

    # The one from 400 days ago is still open, so it counts although out of the period.
    assert board.open_urgent == 2
    assert board.open_total == 3


def test_cases_per_local_month_with_empty_months(workspace: Workspace) -> None:
    service = CaseService(workspace)
    for at in (
        # 30 Nov 2025, 23:00 MST: the month before the period.
        datetime(2025, 12, 1, 6, 0, tzinfo=UTC),
        # 1 Dec 2025, local midnight: the first instant of the period.
        datetime(2025, 12, 1, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 15, 18, 0, tzinfo=UTC),
        datetime(2026, 3, 16, 18, 0, tzinfo=UTC),
        # 30 Sep, 23:30 MDT: still September in Denver although October in UTC.
        datetime(2026, 10, 1, 5, 30, tzinfo=UTC),
        # 31 Oct, 23:30 MDT, and 1 Nov, 00:30 MDT: Denver changes offset on 1 Nov, so
        # these are told apart only by the offset of their own date, not of `now`.
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        # Later this month (after `now`): still this calendar month.
        datetime(2026, 11, 30, 23, 0, tzinfo=DENVER),
        # 1 Dec local: after the period.
        datetime(2026, 12, 1, 7, 0, tzinfo=UTC),
    ):
        _case(service, at)

    board = dashboard(workspace, now=NOW)

    assert [(m.year, m.month, m.count) for m in board.per_month] == [
        (2025, 12, 1),
        (2026, 1, 0),
        (2026, 2, 0),
        (2026, 3, 2),
        (2026, 4, 0),
        (2026, 5, 0),
        (2026, 6, 0),
        (2026, 7, 0),
        (2026, 8, 0),
        (2026, 9, 1),
        (2026, 10, 1),
        (2026, 11, 2),
    ]
    assert board.per_month[0].label == "Dec 2025"
    assert board.period_start == datetime(2025, 12, 1, tzinfo=DENVER)
    assert board.period_end == datetime(2026, 12, 1, tzinfo=DENVER)
    assert sum(s.count for s in board.per_school) == 7


def test_cases_per_school_keeps_the_top_ten_then_other_then_unrecorded(
    workspace: Workspace,
) -> None:
    service = CaseService(workspace)
    in_period = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
    counts = {
        "Juniper High": 6,
        "Alder High": 5,
        "Birch Elementary": 4,
        "Cedar Middle": 4,
        "Dogwood Elementary": 3,
        "Elm High": 3,
        "Fir Middle": 2,
        "Ginkgo Elementary": 2,
        "Hazel High": 2,
        "Ivy Middle": 1,
        "Kapok Elementary": 1,
        "Larch High": 1,
    }
    for school, n in counts.items():
        for _ in range(n):
            _case(service, in_period, school)
    _case(service, in_period, "")
    _case(service, in_period + timedelta(days=3), "")
    # Long before the period: would make Larch High the busiest school otherwise.
    for _ in range(7):
        _case(service, datetime(2024, 1, 5, 15, 0, tzinfo=UTC), "Larch High")

    board = dashboard(workspace, now=NOW, months=12)

    assert [(s.school, s.count) for s in board.per_school] == [
        ("Juniper High", 6),
        ("Alder High", 5),
        ("Birch Elementary", 4),
        ("Cedar Middle", 4),
        ("Dogwood Elementary", 3),
        ("Elm High", 3),
        ("Fir Middle", 2),
        ("Ginkgo Elementary", 2),
        ("Hazel High", 2),
        ("Ivy Middle", 1),  # of the three with one case, first by name
        (OTHER_SCHOOLS, 2),
        (NO_SCHOOL, 2),
    ]
    assert board.per_school[-1].school_id is None


def _hours(value: timedelta | None) -> float | None:
    return None if value is None else value / timedelta(hours=1)


def test_time_to_first_advice_and_to_security(workspace: Workspace) -> None:
    service = CaseService(workspace)
    base = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    a, b, c, d = (_case(service, base + timedelta(days=i)) for i in range(4))
    no_steps = _case(service, base)
    before_period = _case(service, datetime(2025, 6, 1, 15, 0, tzinfo=UTC))

    def at(case_start: int, hours: float) -> datetime:
        return base + timedelta(days=case_start, hours=hours)

    _send_advice(workspace, a, at(0, 1))
    _send_advice(workspace, a, at(0, 5))  # a second letter: the first one counts
    _send_advice(workspace, b, at(1, 2))
    _send_advice(workspace, c, at(2, 4))
    _send_advice(workspace, d, at(3, 10))
    _send_advice(workspace, before_period, datetime(2025, 6, 5, 15, 0, tzinfo=UTC))
    _notify_security(workspace, a, at(0, 3))
    _notify_security(workspace, b, at(1, 5))
    _notify_security(workspace, c, at(2, 9))  # inserted first, but later than the next
    _notify_security(workspace, c, at(2, 0.5))
    _notify_security(workspace, before_period, datetime(2025, 6, 9, tzinfo=UTC))
    assert no_steps

    board: Dashboard = dashboard(workspace, now=NOW)

    # Advice after 1, 2, 4 and 10 hours: the median is between 2 and 4; the 90th
    # percentile (nearest rank: the 4th of 4) is the slowest.
    assert board.to_advice.count == 4
    assert _hours(board.to_advice.median) == 3.0
    assert _hours(board.to_advice.p90) == 10.0
    # Security after 0.5, 3 and 5 hours.
    assert board.to_security.count == 3
    assert _hours(board.to_security.median) == 3.0
    assert _hours(board.to_security.p90) == 5.0
    # Recording advice moved those cases on; the dashboard sees it.
    assert dict((s.status, s.count) for s in board.open_by_status)[CaseStatus.ADVICE_SENT] == 5


@contextmanager
def _statements(workspace: Workspace) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    event.listen(workspace.engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(workspace.engine, "before_cursor_execute", capture)


def test_no_query_scans_the_case_table(workspace: Workspace) -> None:
    service = CaseService(workspace)
    for i in range(30):
        case_id = _case(
            service, NOW - timedelta(days=i * 13), f"School {i % 4}", exigent=i % 5 == 0
        )
        if i % 3 == 0:
            _send_advice(workspace, case_id, NOW - timedelta(days=i * 13 - 1))
            _notify_security(workspace, case_id, NOW - timedelta(days=i * 13 - 1))

    with _statements(workspace) as statements:
        dashboard(workspace, now=NOW)
    assert len(statements) == 8

    plans: list[str] = []
    with workspace.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for statement, params in statements:
            rows = raw.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
            plans.append("\n".join(str(row[-1]) for row in rows))
    for plan in plans:
        # Only the school list (one row a school) is read whole.
        scans = [line for line in plan.splitlines() if line.startswith("SCAN")]
        assert set(scans) <= {"SCAN school", "SCAN CONSTANT ROW"}, plan
    assert "COVERING INDEX ix_case_file_status_received" in plans[0]
    assert any("INDEX ix_case_file_urgent_received (urgent=?)" in plan for plan in plans)
