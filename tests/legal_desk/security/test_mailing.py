"""Mailing the briefing through a real local SMTP server: it arrives, it is audited,
and it never counts as the call to Security."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from legal_desk.advice.mail import MailError
from legal_desk.security.briefing import security_briefing
from legal_desk.security.mailing import mail_briefing
from legal_desk.security.notifications import SecurityNotifications
from legal_desk.services.cases import CaseIntake, CaseService, detail
from legal_desk.workspace import Workspace
from models import AuditEvent, CaseStatus
from tests.smtp import AUTH_WITHOUT_TLS, PASSWORD, USER, Server, authenticator, start_server

TO = "security@district.example"


@pytest.fixture
def server() -> Iterator[Server]:
    yield from start_server(authenticator=authenticator, auth_required=True, auth_require_tls=False)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    return CaseService(workspace).create(
        CaseIntake(school="Lincoln Elementary", received_at=datetime(2026, 3, 3, 15, tzinfo=UTC))
    )


def mailed_events(workspace: Workspace, case_id: int) -> list[AuditEvent]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.case_id == case_id, AuditEvent.entity == "security_briefing"
                )
            )
        )


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_the_briefing_arrives_and_is_audited(
    workspace: Workspace, case_id: int, server: Server
) -> None:
    briefing = security_briefing(workspace, case_id)

    mail_briefing(
        workspace, case_id, briefing, server.settings(username=USER), PASSWORD, recipient=TO
    )

    (message,) = server.inbox.messages()
    assert message["To"] == TO and message["Subject"] == briefing.subject
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n") == briefing.text
    (event,) = mailed_events(workspace, case_id)
    assert TO in event.summary
    assert detail(workspace, case_id).status is CaseStatus.NEW
    assert SecurityNotifications(workspace).for_case(case_id) == []


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_refused_login_records_nothing(
    workspace: Workspace, case_id: int, server: Server
) -> None:
    briefing = security_briefing(workspace, case_id)

    with pytest.raises(MailError, match="refused the login"):
        mail_briefing(
            workspace, case_id, briefing, server.settings(username=USER), "wrong", recipient=TO
        )

    assert server.inbox.envelopes == []
    assert mailed_events(workspace, case_id) == []
