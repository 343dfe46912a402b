"""The values a template can use, taken from a case, its documents and the settings.

Names are flat (`school`, `supervisor_phone`) so attorneys can write them without
knowing the data model; `PLACEHOLDERS` describes each one for the template editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import CaseDetail, detail
from legal_desk.services.classification import ClassificationService, ClassificationView
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from models import Agency, DocumentKind

PLACEHOLDERS: dict[str, str] = {
    "reference": "The case reference, e.g. LD-2026-0042",
    "school": "The school's name",
    "caller_name": "The school staff member who called",
    "caller_role": "The caller's role at the school",
    "caller_email": "The caller's e-mail address",
    "received_at": "When the call came in (local time)",
    "contact_at": "When the officer arrived (local time)",
    "request_type": "What the officer asked for",
    "purpose": "The purpose the officer stated",
    "agent_names": "The officers' names",
    "agent_badges": "The officers' badge numbers",
    "agency": "The officers' agency",
    "supervisor_phone": "The officers' supervisor's phone",
    "officer_location": "Where the officer was waiting",
    "exigent_claimed": "True when the officer claimed an emergency (use in {% if %})",
    "documents": "The documents attached to the case",
    "document_kind": "What the checker or the attorney decided the main document is",
    "document_form": "The form name of the main document, e.g. I-200 or AO 93",
    "warrant_expires": "The date by which a warrant must be executed",
    "attorney": "The attorney writing the advice",
    "legal_phone": "The legal office's number, from the contact settings",
    "security_phone": "District Security's number, from the contact settings",
    "today": "Today's date",
}

KIND_WORDS = {
    DocumentKind.JUDICIAL_WARRANT: "judicial warrant",
    DocumentKind.ADMINISTRATIVE_WARRANT: "administrative warrant",
    DocumentKind.ADMINISTRATIVE_SUBPOENA: "administrative subpoena",
    DocumentKind.COURT_ORDER: "court order",
    DocumentKind.DETAINER: "detainer",
    DocumentKind.UNKNOWN: "document of unknown kind",
}

_LOCATION_WORDS = {
    "outside": "outside the school",
    "front_office": "in the front office",
    "other": "elsewhere",
    "unknown": "",
}


@dataclass(frozen=True)
class CaseValues:
    """Placeholder values and what the suggestion needs to know about the case."""

    values: dict[str, object]
    kind: DocumentKind | None  # the main document's kind, if any was checked


def _local(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment.astimezone():%a %d %b %Y, %H:%M}"


def _main_classification(
    case: CaseDetail, service: ClassificationService
) -> ClassificationView | None:
    """The document the advice is about: a confirmed decision before a suggestion,
    then the most recently imported document."""
    views = [v for d in case.documents if (v := service.latest(d.id)) is not None]
    confirmed = [v for v in views if v.confirmed]
    chosen = confirmed or views
    return chosen[-1] if chosen else None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def case_values(workspace: Workspace, case_id: int, *, today: datetime | None = None) -> CaseValues:
    """Everything a template may use for one case; raises `LegalDeskError` if it is gone."""
    case = detail(workspace, case_id)
    facts = case.facts
    caller = next((s for s in facts.staff if s.is_caller), facts.staff[0] if facts.staff else None)
    main = _main_classification(case, ClassificationService(workspace))
    kind = main.kind if main is not None else None
    settings = SettingsService(workspace)
    try:
        legal = settings.contact("legal_office").dial_text
    except LegalDeskError:
        legal = ""
    try:
        security = settings.contact("security").dial_text
    except LegalDeskError:
        security = ""
    agents = facts.agents
    values: dict[str, object] = {
        "reference": case.reference,
        "school": facts.school,
        "caller_name": caller.name if caller else "",
        "caller_role": caller.role if caller else "",
        "caller_email": caller.email if caller else "",
        "received_at": _local(facts.received_at),
        "contact_at": _local(facts.contact_at),
        "request_type": facts.request_type.label,
        "purpose": facts.stated_purpose,
        "agent_names": ", ".join(_unique([a.name for a in agents])),
        "agent_badges": ", ".join(_unique([a.badge_number for a in agents])),
        "agency": ", ".join(
            _unique([a.agency.label for a in agents if a.agency is not Agency.UNKNOWN])
        ),
        "supervisor_phone": ", ".join(_unique([a.supervisor_phone for a in agents])),
        "officer_location": _LOCATION_WORDS.get(facts.officer_location.value, "")
        + (f" ({facts.officer_location_note})" if facts.officer_location_note else ""),
        "exigent_claimed": facts.exigent_claimed or facts.lawful_order_claimed,
        "documents": ", ".join(d.filename for d in case.documents),
        "document_kind": KIND_WORDS[kind] if kind is not None else "",
        "document_form": main.form_name if main is not None else "",
        "warrant_expires": _expires(main),
        "attorney": workspace.actor.display_name,
        "legal_phone": legal,
        "security_phone": security,
        "today": f"{(today or datetime.now().astimezone()):%d %B %Y}",
    }
    return CaseValues(values, kind)


# The checker states the deadline in its finding ("... on or before March 14, 2026 ...").
_DEADLINE = re.compile(r"on or before ([A-Z][a-z]+ \d{1,2}, \d{4})")


def _expires(view: ClassificationView | None) -> str:
    if view is None:
        return ""
    for finding in view.findings:
        match = _DEADLINE.search(finding.result) if finding.check == "execution_deadline" else None
        if match:
            return match.group(1)
    return ""
