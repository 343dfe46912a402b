"""The short summary read out (or mailed) to district Security at the end of a call.

Written in our own words from the facts on file. It never carries anyone's
immigration status: the schema has no such field (models/people.py, Plyler v. Doe).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from legal_desk.advice.sent import AdviceRecords
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import CaseDetail, detail
from legal_desk.services.classification import ClassificationService
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from models import Agency, DocumentKind, Presented

NOT_RECORDED = "not recorded"
SECURITY_CONTACT_KEY = "security"


@dataclass(frozen=True)
class Briefing:
    text: str
    subject: str


def format_time(when: datetime | None) -> str:
    """One spelling of an instant in every briefing and report: the office's local
    time with its zone's name, so a printout read later is not ambiguous."""
    if when is None:
        return NOT_RECORDED
    return when.astimezone().strftime("%Y-%m-%d %H:%M %Z")


def kind_label(kind: DocumentKind) -> str:
    return kind.value.replace("_", " ")


def _or_missing(value: str) -> str:
    value = " ".join(value.split())
    return value or NOT_RECORDED


def _caller(case: CaseDetail) -> str:
    callers = [s for s in case.facts.staff if s.is_caller] or list(case.facts.staff[:1])
    if not callers:
        return NOT_RECORDED
    caller = callers[0]
    parts = [_or_missing(caller.name)]
    if caller.role:
        parts.append(caller.role)
    if caller.phone:
        parts.append(caller.phone)
    return ", ".join(parts)


def _agent_lines(case: CaseDetail) -> list[str]:
    if not case.facts.agents:
        return [f"  {NOT_RECORDED}"]
    lines = []
    for agent in case.facts.agents:
        supervisor = _or_missing(agent.supervisor_name)
        agency = NOT_RECORDED if agent.agency is Agency.UNKNOWN else agent.agency.label
        lines.append(
            f"  - {_or_missing(agent.name)}; badge {_or_missing(agent.badge_number)}; "
            f"agency {agency}; "
            f"supervisor {supervisor}, phone {_or_missing(agent.supervisor_phone)}"
        )
    return lines


def _document_lines(workspace: Workspace, case: CaseDetail) -> list[str]:
    if not case.documents:
        return [f"  No document on file (presented: {_presented(case.facts.document_presented)})"]
    checker = ClassificationService(workspace)
    lines = []
    for document in case.documents:
        latest = checker.latest(document.id)
        if latest is None:
            kind = "not checked yet"
        elif latest.confirmed_kind is not None:
            kind = f"attorney's decision: {kind_label(latest.confirmed_kind)}"
        else:
            kind = f"checker's suggestion: {kind_label(latest.suggested_kind)} (not confirmed)"
        lines.append(f"  - {document.filename} ({kind})")
    return lines


def _presented(value: Presented) -> str:
    return {Presented.YES: "yes", Presented.NO: "no", Presented.UNKNOWN: NOT_RECORDED}[value]


def _advice(workspace: Workspace, case_id: int) -> str:
    sent = AdviceRecords(workspace).for_case(case_id)
    if not sent:
        return NOT_RECORDED
    latest = sent[-1]
    return f"{latest.subject} (sent {format_time(latest.sent_at)} by {latest.author})"


def _security_number(workspace: Workspace) -> str:
    try:
        contact = SettingsService(workspace).contact(SECURITY_CONTACT_KEY)
    except LegalDeskError:
        return NOT_RECORDED
    number = contact.dial_text.strip()
    return f"{contact.label}: {number}" if number else NOT_RECORDED


def security_briefing(workspace: Workspace, case_id: int) -> Briefing:
    """The case as Security needs to hear it: where, when, who, what was shown, what we advised."""
    case = detail(workspace, case_id)
    facts = case.facts
    school = _or_missing(facts.school)
    emergency = "yes: exigent circumstances were claimed" if facts.exigent_claimed else "no"
    lines = [
        f"Security briefing: case {case.reference}",
        "",
        f"Case reference: {case.reference} (status: {case.status.label})",
        f"School: {school}",
        f"Time of contact: {format_time(facts.contact_at)}",
        f"Caller: {_caller(case)}",
        f"Stated purpose: {_or_missing(facts.stated_purpose)}",
        "Agents:",
        *_agent_lines(case),
        f"Document presented: {_presented(facts.document_presented)}",
        "Documents on file:",
        *_document_lines(workspace, case),
        f"Emergency claimed: {emergency}",
        f"Lawful order claimed: {'yes' if facts.lawful_order_claimed else 'no'}",
        f"Advice given: {_advice(workspace, case_id)}",
        f"Security number: {_security_number(workspace)}",
    ]
    subject = f"Security briefing: case {case.reference}, {school}"
    return Briefing(text="\n".join(lines) + "\n", subject=subject)
