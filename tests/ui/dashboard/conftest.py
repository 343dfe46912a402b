"""A workspace with known figures for the overview, its cases dated through the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from legal_desk.advice.letters import Letter
from legal_desk.advice.sent import AdviceRecords
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import CaseStatus, DeliveryChannel, SecurityNotification

DENVER = ZoneInfo("America/Denver")
# Monday 30 November 2026, noon in Denver.
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=DENVER)
# Fictional schools.
SCHOOLS = ("Alder Creek High", "Birch Hollow Elementary", "Cedar Point Middle")


@dataclass(frozen=True)
class Known:
    workspace: Workspace
    ids: dict[str, int]


def _case(service: CaseService, received_at: datetime, school: str, *, urgent: bool = False) -> int:
    return service.create(
        CaseIntake(school=school, received_at=received_at, exigent_claimed=urgent)
    )


def send_advice(workspace: Workspace, case_id: int, at: datetime) -> None:
    workspace.clock = lambda: at
    letter = Letter(case_id, None, "Advice", "<p>Do not consent.</p>", "Do not consent.")
    AdviceRecords(workspace).record(letter, DeliveryChannel.CLIPBOARD)


def notify_security(workspace: Workspace, case_id: int, at: datetime) -> None:
    with workspace.transaction() as session:
        session.add(
            SecurityNotification(
                case_id=case_id, notified_at=at, person_spoken_to="Desk", recorded_by="Tess"
            )
        )


@pytest.fixture
def known(workspace: Workspace) -> Known:
    """Six cases, five open (one urgent); advice after 2 h 10 min and 3 days.

    Open by status: New 2, In review 1, Advice sent 2, Security notified 0.
    By age: under 1 day 1, 1–7 days 1, 8–30 days 1, over 30 days 2.
    Per school, 12 months: Alder 3, Birch 2, Cedar 1; 3 months: Alder 3, Birch 2.
    """
    service = CaseService(workspace)
    alder, birch, cedar = SCHOOLS
    ids = {
        "a": _case(service, NOW - timedelta(hours=2), alder, urgent=True),
        "b": _case(service, NOW - timedelta(days=3), alder),
        "c": _case(service, NOW - timedelta(days=10), alder),
        "d": _case(service, datetime(2026, 10, 15, 16, 0, tzinfo=UTC), birch),
        "e": _case(service, datetime(2026, 9, 10, 16, 0, tzinfo=UTC), birch),
        "f": _case(service, datetime(2026, 7, 4, 16, 0, tzinfo=UTC), cedar),
    }
    send_advice(workspace, ids["b"], NOW - timedelta(days=3) + timedelta(hours=2, minutes=10))
    send_advice(workspace, ids["c"], NOW - timedelta(days=7))
    notify_security(workspace, ids["b"], NOW - timedelta(days=3) + timedelta(hours=5))
    service.set_status(ids["d"], CaseStatus.IN_REVIEW)
    service.set_status(ids["e"], CaseStatus.CLOSED, "closed in setup", override_open_items=True)
    workspace.clock = lambda: NOW.astimezone(UTC)
    return Known(workspace, ids)
