"""The short summary read out (or mailed) to district Security at the end of a call.

Written in our own words from the facts on file. It never carries anyone's
immigration status: the schema has no such field (models/people.py, Plyler v. Doe).
Nor does it name students: it may be mailed, and Security needs the visit, not the
education record (FERPA); the case file holds the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from legal_desk.advice.sent import AdviceRecords
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import CaseDetail, CaseIntake, detail
from legal_desk.services.classification import ClassificationService
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from models import Agency, DocumentKind, OfficerLocation, Presented

NOT_RECORDED = "not recorded"
SECURITY_CONTACT_KEY = "security"
# The instructions of the latest advice, as read out: enough to act on, short enough
# to say on the phone.
MAX_ADVICE_POINTS = 6
MAX_POINT_CHARS = 240
_LOCATIONS = {
    OfficerLocation.OUTSIDE: "outside the building",
    OfficerLocation.FRONT_OFFICE: "in the front office",
    OfficerLocation.OTHER: "elsewhere",
}


@dataclass(frozen=True)
class Briefing:
    text: str
    subject: str
    reference: str = ""


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


def _advice_points(text: str) -> list[str]:
    """The first bulleted list of an advice letter: what the school was told to do
    (the templates write their instructions as "- " bullets, see html_to_text)."""
    points: list[str] = []
    for line in text.splitlines():
        if line.startswith("- "):
            point = " ".join(line[2:].split())
            if len(point) > MAX_POINT_CHARS:
                point = point[: MAX_POINT_CHARS - 1].rstrip() + "…"
            points.append(f"    - {point}")
            if len(points) == MAX_ADVICE_POINTS:
                break
        elif points:
            break
    return points


def _advice_lines(workspace: Workspace, case_id: int) -> list[str]:
    sent = AdviceRecords(workspace).for_case(case_id)
    if not sent:
        return [f"Advice given: {NOT_RECORDED}"]
    *earlier, latest = sent
    lines = [
        f"Advice given: {latest.subject} (sent {format_time(latest.sent_at)} by {latest.author})",
        *_advice_points(latest.text),
    ]
    lines += [
        f"Earlier advice: {e.subject} (sent {format_time(e.sent_at)} by {e.author})"
        for e in reversed(earlier)
    ]
    return lines


def _location(facts: CaseIntake) -> str:
    note = " ".join(facts.officer_location_note.split())
    place = _LOCATIONS.get(facts.officer_location)
    if place is None:
        return note or NOT_RECORDED
    return f"{place} ({note})" if note else place


def _security_number(workspace: Workspace) -> str:
    try:
        contact = SettingsService(workspace).contact(SECURITY_CONTACT_KEY)
    except LegalDeskError:
        return NOT_RECORDED
    number = contact.dial_text.strip()
    return f"{contact.label}: {number}" if number else NOT_RECORDED


def _urgent_lines(case: CaseDetail) -> list[str]:
    """First thing said on the call: the officers may act before counsel calls back."""
    claims = []
    if case.facts.exigent_claimed:
        claims.append("an emergency (exigent circumstances)")
    if case.facts.lawful_order_claimed:
        claims.append("a lawful order")
    return [f"URGENT: the officers claimed {' and '.join(claims)}."] if claims else []


def security_briefing(workspace: Workspace, case_id: int) -> Briefing:
    """The case as Security needs to hear it: where, when, who, what was shown, what we advised."""
    case = detail(workspace, case_id)
    facts = case.facts
    school = _or_missing(facts.school)
    emergency = "yes: exigent circumstances were claimed" if facts.exigent_claimed else "no"
    lines = [
        f"Security briefing: case {case.reference}",
        *_urgent_lines(case),
        "",
        f"Case reference: {case.reference} (status: {case.status.label})",
        f"School: {school}",
        f"Time of contact: {format_time(facts.contact_at)}",
        f"Caller: {_caller(case)}",
        f"Request: {facts.request_type.label}",
        f"Stated purpose: {_or_missing(facts.stated_purpose)}",
        f"Where the officers are: {_location(facts)}",
        "Agents:",
        *_agent_lines(case),
        f"Document presented: {_presented(facts.document_presented)}",
        "Documents on file:",
        *_document_lines(workspace, case),
        f"Emergency claimed: {emergency}",
        f"Lawful order claimed: {'yes' if facts.lawful_order_claimed else 'no'}",
        *_advice_lines(workspace, case_id),
        f"Security number: {_security_number(workspace)}",
    ]
    subject = f"Security briefing: case {case.reference}, {school}"
    return Briefing(text="\n".join(lines) + "\n", subject=subject, reference=case.reference)
