"""Mailing the Security briefing through the district's SMTP server.

A mailed briefing is audited once the server has taken it; a refused login or any
other failure records nothing. It never counts as the notification itself: the
procedure says to call Security, and only a recorded call moves the case.
"""

from __future__ import annotations

from datetime import datetime

from legal_desk.advice.mail import DEFAULT_TIMEOUT, MailSettings, SendControl, send
from legal_desk.security.briefing import Briefing
from legal_desk.security.notifications import SecurityNotifications
from legal_desk.workspace import Workspace


def briefing_message(briefing: Briefing, *, sender: str, recipient: str, now: datetime) -> bytes:
    """The briefing as a plain-text RFC 5322 message (Security reads it on a phone)."""
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    message = EmailMessage()
    message["Subject"] = briefing.subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(now.astimezone())
    message["Message-ID"] = make_msgid(domain="legal-desk.invalid")
    message.set_content(briefing.text)
    return message.as_bytes()


def mail_briefing(
    workspace: Workspace,
    case_id: int,
    briefing: Briefing,
    settings: MailSettings,
    password: str | None,
    *,
    recipient: str,
    timeout: float = DEFAULT_TIMEOUT,
    control: SendControl | None = None,
) -> None:
    """Send `briefing` (the text the attorney saw) to `recipient`, then audit it.

    Raises `MailError` with one sentence when sending fails (`MailCancelledError` when
    cancelled through `control`). Blocks on the network: the UI runs it on a worker
    thread."""
    recipient = recipient.strip()
    message = briefing_message(
        briefing, sender=settings.sender, recipient=recipient, now=workspace.clock()
    )
    send(message, settings, password, recipient=recipient, timeout=timeout, control=control)
    SecurityNotifications(workspace).briefing_mailed(
        case_id, recipient=recipient, subject=briefing.subject, text=briefing.text
    )
