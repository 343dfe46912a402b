"""The record of advice delivered: an immutable copy per delivery, in the case timeline.

Recording also moves the case to "Advice sent" (issue 5) in the same transaction,
so the record and the status never disagree. The audit hook refuses any later
change to a `sent_advice` row (legal_desk/audit.py, IMMUTABLE_TABLES).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from legal_desk import audit
from legal_desk.advice.letters import Letter, to_eml
from legal_desk.advice.mail import MailSettings, SendControl, send
from legal_desk.advice.sanitize import sanitize_html
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import TRANSITIONS
from legal_desk.workspace import Workspace
from models import AdviceTemplateVersion, Case, CaseStatus, DeliveryChannel, SentAdvice

MAX_SUBJECT = 300
MAX_RECIPIENT = 300
SUMMARY_SUBJECT_CHARS = 120
# Moving a case to "Advice sent" is progress only from these; a case already past
# it (Security notified, closed) keeps its status.
_ADVANCES_FROM = frozenset({CaseStatus.NEW, CaseStatus.IN_REVIEW})


@dataclass(frozen=True)
class SentView:
    id: int
    case_id: int
    channel: DeliveryChannel
    recipient: str
    subject: str
    text: str
    html: str
    sent_at: datetime
    author: str
    template_version_id: int | None


def _view(row: SentAdvice) -> SentView:
    return SentView(
        id=row.id,
        case_id=row.case_id,
        channel=row.channel,
        recipient=row.recipient,
        subject=row.subject,
        text=row.body_text,
        html=row.body_html,
        sent_at=row.sent_at,
        author=row.author,
        template_version_id=row.template_version_id,
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary(channel: DeliveryChannel, recipient: str, subject: str) -> str:
    """The timeline's sentence for one delivery."""
    to = f" to {recipient}" if recipient else ""
    how = {
        DeliveryChannel.SMTP: f"sent by e-mail{to}",
        DeliveryChannel.EML: f"saved as an e-mail draft{to}",
        DeliveryChannel.PDF: f"exported as a PDF{to}",
        DeliveryChannel.CLIPBOARD: f"copied to the clipboard{to}",
        DeliveryChannel.PRINT: f"printed{to}",
    }[channel]
    return f"Advice {how}: {_shorten(subject, SUMMARY_SUBJECT_CHARS)}"


class AdviceRecords:
    """Records deliveries of advice and lists them per case."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def record(self, letter: Letter, channel: DeliveryChannel, *, recipient: str = "") -> SentView:
        """Keep the exact advice delivered and move the case to "Advice sent"."""
        subject = " ".join(letter.subject.split())
        recipient = " ".join(recipient.split())
        if not subject:
            raise LegalDeskError("The advice needs a subject.")
        if len(subject) > MAX_SUBJECT:
            raise LegalDeskError(f"The subject is longer than {MAX_SUBJECT} characters.")
        if len(recipient) > MAX_RECIPIENT:
            raise LegalDeskError(f"The recipient is longer than {MAX_RECIPIENT} characters.")
        html = sanitize_html(letter.html)  # again: the record must never hold markup we refuse
        with self._workspace.transaction() as session:
            case = session.get(Case, letter.case_id)
            if case is None:
                raise LegalDeskError(f"Case {letter.case_id} does not exist.")
            version_id = letter.template_version_id
            if version_id is not None and session.get(AdviceTemplateVersion, version_id) is None:
                version_id = None  # a template version is history; never block the record
            row = SentAdvice(
                case_id=case.id,
                template_version_id=version_id,
                channel=channel,
                recipient=recipient,
                subject=subject,
                body_html=html,
                body_text=letter.text,
                sent_at=self._workspace.clock(),
                author=self._workspace.actor.display_name,
            )
            session.add(row)
            audit.set_summary(session, row, summary(channel, recipient, subject))
            if case.status in _ADVANCES_FROM and CaseStatus.ADVICE_SENT in TRANSITIONS[case.status]:
                audit.set_summary(
                    session, case, f"Status {case.status.label} → {CaseStatus.ADVICE_SENT.label}"
                )
                case.status = CaseStatus.ADVICE_SENT
            session.flush()
            return _view(row)

    def for_case(self, case_id: int) -> list[SentView]:
        """Every delivery for a case, oldest first."""
        with self._workspace.session() as session:
            rows = session.scalars(
                select(SentAdvice)
                .where(SentAdvice.case_id == case_id)
                .order_by(SentAdvice.sent_at, SentAdvice.id)
            ).all()
            return [_view(row) for row in rows]


def mail_letter(
    workspace: Workspace,
    letter: Letter,
    settings: MailSettings,
    password: str | None,
    *,
    recipient: str,
    timeout: float = 20.0,
    control: SendControl | None = None,
) -> SentView:
    """Send a letter by SMTP, then record it. Nothing is recorded when sending fails
    (`MailError`) or is cancelled through `control`, so the composer keeps its draft
    and may try again.

    Runs on a worker thread in the UI: it blocks on the network."""
    message = to_eml(
        letter, sender=settings.sender, recipient=recipient, now=workspace.clock(), draft=False
    )
    send(message, settings, password, recipient=recipient, timeout=timeout, control=control)
    return AdviceRecords(workspace).record(letter, DeliveryChannel.SMTP, recipient=recipient)
