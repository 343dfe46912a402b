"""Facts on file that prove a checklist item done, each with a sentence saying why."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk.checklist import ferpa_rules, seed
from models import Case, Document, DocumentKind, Presented, SentAdvice
from models.checklist import SecurityNotification

Rule = Callable[[Session, Case], str | None]
_SHORT = 80


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def agent_identified(_session: Session, case: Case) -> str | None:
    for agent in case.agents:
        if agent.name and agent.badge_number:
            return f"On file: {agent.name}, badge {agent.badge_number}."
    return None


def supervisor_phone(_session: Session, case: Case) -> str | None:
    for agent in case.agents:
        if agent.supervisor_phone:
            who = f" ({agent.supervisor_name})" if agent.supervisor_name else ""
            return f"Supervisor's phone on file: {agent.supervisor_phone}{who}."
    return None


def purpose_recorded(_session: Session, case: Case) -> str | None:
    if case.stated_purpose.strip():
        return f"Purpose on file: {_short(case.stated_purpose)}"
    return None


def warrant_answered(_session: Session, case: Case) -> str | None:
    if case.document_presented is Presented.NO:
        return "Recorded that the officer showed no warrant."
    if case.document_presented is Presented.YES and case.documents:
        return (
            "Recorded that a warrant was shown; "
            f"{_plural(len(case.documents), 'document')} attached."
        )
    return None  # not asked yet, or shown but no copy attached


def is_officer_paper(document: Document) -> bool:
    """True when the latest check (the attorney's decision wins) says the document is
    one the officer brought: a warrant, subpoena, order or detainer."""
    if not document.classifications:
        return False
    latest = max(document.classifications, key=lambda c: c.id)
    kind = latest.confirmed_kind or latest.suggested_kind
    return kind is not DocumentKind.UNKNOWN


def document_attached(_session: Session, case: Case) -> str | None:
    # The item asks for the school's own record of the visit; the officer's warrant
    # is covered by the warrant item and proves nothing here.
    own = [d for d in case.documents if not is_officer_paper(d)]
    if not own:
        return None
    first = own[0].filename
    more = len(own) - 1
    return f"Attached: {first}" + (f" and {_plural(more, 'other')}." if more else ".")


def advice_sent(session: Session, case: Case) -> str | None:
    sent = session.scalars(
        select(SentAdvice).where(SentAdvice.case_id == case.id).order_by(SentAdvice.sent_at)
    ).first()
    if sent is None:
        return None
    return f"Advice sent {sent.sent_at:%Y-%m-%d %H:%M} UTC by {sent.author}."


def security_notified(session: Session, case: Case) -> str | None:
    call = session.scalars(
        select(SecurityNotification)
        .where(SecurityNotification.case_id == case.id)
        .order_by(SecurityNotification.notified_at)
    ).first()
    if call is None:
        return None
    who = f", spoke to {call.person_spoken_to}" if call.person_spoken_to else ""
    number = f" at {call.number_called}" if call.number_called else ""
    return f"Security notified {call.notified_at:%Y-%m-%d %H:%M} UTC by {call.method}{number}{who}."


RULES: dict[str, Rule] = {
    seed.RULE_AGENT: agent_identified,
    seed.RULE_SUPERVISOR_PHONE: supervisor_phone,
    seed.RULE_PURPOSE: purpose_recorded,
    seed.RULE_WARRANT: warrant_answered,
    seed.RULE_DOCUMENT: document_attached,
    seed.RULE_ADVICE: advice_sent,
    seed.RULE_SECURITY: security_notified,
    seed.RULE_FERPA_LOGGED: ferpa_rules.disclosures_logged,
    seed.RULE_FERPA_NOTICE: ferpa_rules.parent_notice_given,
}


def reason(rule: str, session: Session, case: Case) -> str | None:
    """Why the case proves the item done, or None. Unknown rules (a template edited
    by hand) prove nothing."""
    check = RULES.get(rule)
    return check(session, case) if check is not None else None
