"""Recording delivered advice: an immutable copy, the case status, the audit trail."""

from __future__ import annotations

import email.policy
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from legal_desk.advice.engine import render
from legal_desk.advice.letters import Letter, Letterhead, to_eml, to_pdf
from legal_desk.advice.library import AdviceTemplates
from legal_desk.advice.mail import MailError
from legal_desk.advice.placeholders import case_values
from legal_desk.advice.sent import AdviceRecords, mail_letter
from legal_desk.audit import ImmutableRecordError, verify_session_chain
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import CaseIntake, CaseService, StaffFacts, detail
from legal_desk.workspace import Workspace
from models import AuditEvent, CaseStatus, DeliveryChannel, RequestType, SentAdvice
from tests.legal_desk.advice.test_mail import (
    AUTH_WITHOUT_TLS,
    PASSWORD,
    RECIPIENT,
    USER,
    Server,
    auth_server,  # noqa: F401 - a fixture used by name
    smtp_server,  # noqa: F401 - a fixture used by name
)

pytestmark = pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)

SUBJECT = "Administrative warrant: do not consent to entry"
HTML = "<p>Dear Ms Rivera,</p><ul><li>Do not consent to entry of non-public areas.</li></ul>"


def new_case(workspace: Workspace) -> int:
    return CaseService(workspace).create(
        CaseIntake(
            school="Meadow Ridge Elementary",
            request_type=RequestType.STUDENT_ACCESS,
            staff=(StaffFacts("Ana Rivera", "Principal", is_caller=True),),
        )
    )


def make_letter(case_id: int, html: str = HTML) -> Letter:
    return Letter.from_html(case_id, None, SUBJECT, html)


def events_for(workspace: Workspace, case_id: int) -> list[AuditEvent]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)
            )
        )


def sent_rows(workspace: Workspace) -> list[SentAdvice]:
    with workspace.session() as session:
        return list(session.scalars(select(SentAdvice)))


def test_recording_keeps_the_advice_moves_the_case_and_audits_it(workspace: Workspace) -> None:
    case_id = new_case(workspace)
    view = AdviceRecords(workspace).record(
        make_letter(case_id), DeliveryChannel.SMTP, recipient=RECIPIENT
    )
    assert view.case_id == case_id
    assert view.channel is DeliveryChannel.SMTP
    assert view.recipient == RECIPIENT
    assert view.subject == SUBJECT
    assert view.html == HTML
    assert view.text == "Dear Ms Rivera,\n\n- Do not consent to entry of non-public areas."
    assert view.author == "Tess Tester"
    assert view.template_version_id is None
    (row,) = sent_rows(workspace)
    assert (row.id, row.body_html, row.body_text) == (view.id, view.html, view.text)
    assert detail(workspace, case_id).status is CaseStatus.ADVICE_SENT
    summaries = [e.summary for e in events_for(workspace, case_id)]
    assert f"Advice sent by e-mail to {RECIPIENT}: {SUBJECT}" in summaries
    assert "Status New → Advice sent" in summaries
    assert AdviceRecords(workspace).for_case(case_id) == [view]
    with workspace.session() as session:
        assert verify_session_chain(session).ok


def test_each_delivery_is_its_own_record_in_order(workspace: Workspace) -> None:
    case_id = new_case(workspace)
    records = AdviceRecords(workspace)
    records.record(make_letter(case_id), DeliveryChannel.PDF)
    records.record(make_letter(case_id), DeliveryChannel.EML, recipient=RECIPIENT)
    records.record(make_letter(case_id), DeliveryChannel.CLIPBOARD)
    assert [v.channel for v in records.for_case(case_id)] == [
        DeliveryChannel.PDF,
        DeliveryChannel.EML,
        DeliveryChannel.CLIPBOARD,
    ]
    assert detail(workspace, case_id).status is CaseStatus.ADVICE_SENT
    summaries = [e.summary for e in events_for(workspace, case_id)]
    assert f"Advice exported as a PDF: {SUBJECT}" in summaries
    assert f"Advice saved as an e-mail draft to {RECIPIENT}: {SUBJECT}" in summaries
    assert f"Advice copied to the clipboard: {SUBJECT}" in summaries
    assert summaries.count("Status New → Advice sent") == 1
    assert records.for_case(new_case(workspace)) == []


def test_a_case_in_review_moves_to_advice_sent(workspace: Workspace) -> None:
    case_id = new_case(workspace)
    CaseService(workspace).set_status(case_id, CaseStatus.IN_REVIEW)
    AdviceRecords(workspace).record(make_letter(case_id), DeliveryChannel.PRINT)
    assert detail(workspace, case_id).status is CaseStatus.ADVICE_SENT


@pytest.mark.parametrize("later", [CaseStatus.SECURITY_NOTIFIED, CaseStatus.CLOSED])
def test_a_case_past_advice_sent_keeps_its_status(workspace: Workspace, later: CaseStatus) -> None:
    case_id = new_case(workspace)
    CaseService(workspace).set_status(case_id, CaseStatus.IN_REVIEW)
    CaseService(workspace).set_status(case_id, later, "done", override_open_items=True)
    AdviceRecords(workspace).record(make_letter(case_id), DeliveryChannel.PDF)
    assert detail(workspace, case_id).status is later
    assert len(AdviceRecords(workspace).for_case(case_id)) == 1


def test_the_record_holds_sanitized_html_even_from_an_unsanitized_letter(
    workspace: Workspace,
) -> None:
    case_id = new_case(workspace)
    raw = Letter(case_id, None, SUBJECT, '<p onclick="x()">Hi<script>alert(1)</script></p>', "Hi")
    view = AdviceRecords(workspace).record(raw, DeliveryChannel.PDF)
    assert view.html == "<p>Hi</p>"
    (row,) = sent_rows(workspace)
    assert row.body_html == "<p>Hi</p>"


def test_a_sent_record_cannot_be_changed_or_deleted(workspace: Workspace) -> None:
    case_id = new_case(workspace)
    view = AdviceRecords(workspace).record(make_letter(case_id), DeliveryChannel.PDF)
    with pytest.raises(ImmutableRecordError), workspace.transaction() as session:
        row = session.get(SentAdvice, view.id)
        assert row is not None
        row.body_text = "Something we never sent"
    with pytest.raises(ImmutableRecordError), workspace.transaction() as session:
        row = session.get(SentAdvice, view.id)
        session.delete(row)
    assert AdviceRecords(workspace).for_case(case_id) == [view]


def test_recording_for_a_missing_case_or_without_a_subject_is_refused(
    workspace: Workspace,
) -> None:
    with pytest.raises(LegalDeskError, match="does not exist"):
        AdviceRecords(workspace).record(make_letter(999), DeliveryChannel.PDF)
    case_id = new_case(workspace)
    with pytest.raises(LegalDeskError, match="subject"):
        AdviceRecords(workspace).record(
            Letter.from_html(case_id, None, "  ", HTML), DeliveryChannel.PDF
        )
    assert sent_rows(workspace) == []
    assert detail(workspace, case_id).status is CaseStatus.NEW


def test_a_seed_template_goes_from_render_to_record_pdf_and_eml(workspace: Workspace) -> None:
    case_id = new_case(workspace)
    template = AdviceTemplates(workspace).current("hold_and_wait")
    rendered = render(template.source, case_values(workspace, case_id).values)
    letter = Letter.from_html(case_id, template.version_id, rendered.subject, rendered.html)
    assert letter.text == rendered.text
    pdf = to_pdf(letter, Letterhead(), author="Tess Tester", when=workspace.clock())
    assert pdf.startswith(b"%PDF")
    eml = to_eml(letter, sender=f"Legal <{USER}>", recipient=RECIPIENT)
    assert BytesParser(policy=email.policy.default).parsebytes(eml)["Subject"] == rendered.subject
    view = AdviceRecords(workspace).record(letter, DeliveryChannel.PDF)
    assert view.template_version_id == template.version_id
    assert "Meadow Ridge Elementary" in view.subject
    assert view.text.startswith("Dear Ana Rivera,")


# ----- sending by SMTP, then recording -----


def test_mailing_sends_then_records(workspace: Workspace, smtp_server: Server) -> None:  # noqa: F811
    case_id = new_case(workspace)
    view = mail_letter(
        workspace, make_letter(case_id), smtp_server.settings(), None, recipient=RECIPIENT
    )
    assert [e.rcpt_tos for e in smtp_server.inbox.envelopes] == [[RECIPIENT]]
    (message,) = smtp_server.inbox.messages()
    assert message["Subject"] == SUBJECT
    assert view.channel is DeliveryChannel.SMTP and view.recipient == RECIPIENT
    assert detail(workspace, case_id).status is CaseStatus.ADVICE_SENT


def test_a_refused_login_records_nothing_and_keeps_the_draft(
    workspace: Workspace,
    auth_server: Server,  # noqa: F811
) -> None:
    case_id = new_case(workspace)
    letter = make_letter(case_id)
    before = events_for(workspace, case_id)
    with pytest.raises(MailError, match="refused the login"):
        mail_letter(
            workspace,
            letter,
            auth_server.settings(username=USER),
            "not the password",
            recipient=RECIPIENT,
            timeout=5.0,
        )
    assert auth_server.inbox.envelopes == []
    assert sent_rows(workspace) == []
    assert detail(workspace, case_id).status is CaseStatus.NEW
    assert [e.seq for e in events_for(workspace, case_id)] == [e.seq for e in before]
    # The same draft goes out once the password is right.
    view = mail_letter(
        workspace,
        letter,
        auth_server.settings(username=USER),
        PASSWORD,
        recipient=RECIPIENT,
        timeout=5.0,
    )
    assert view.html == letter.html and view.text == letter.text
    assert len(auth_server.inbox.envelopes) == 1
