"""The case file's written sections as HTML, for PyMuPDF's Story (`documents.pdf.html_to_pdf`).

Long lists are paragraphs, not tables: a Story cannot split one block across pages,
and a timeline of hundreds of events must never be cut short.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from html import escape

from legal_desk.casefile.gather import CaseFileData
from legal_desk.casefile.pages import DocumentPages
from legal_desk.documents.annotations import KIND_NAMES
from legal_desk.ferpa.log import BASIS_LABELS
from legal_desk.security.briefing import NOT_RECORDED, format_time, kind_label
from legal_desk.services.cases import DocumentSummary
from legal_desk.services.classification import ClassificationView
from legal_desk.services.timeline import FieldChange, TimelineEntry
from models import (
    Agency,
    AnnotationKind,
    DeliveryChannel,
    DisclosureEntryType,
    OfficerLocation,
    Presented,
)

Scrub = Callable[[str], str]

# Section titles, in the order they appear (also the bookmarks).
SUMMARY = "Summary"
TIMELINE = "Timeline"
DOCUMENTS = "Documents"
FINDINGS = "Checker findings"
ADVICE = "Advice sent"
CHECKLIST = "Checklist"
SECURITY = "Security notification"
FERPA = "FERPA disclosure log"

NOT_ENCRYPTED_NOTE = (
    "This file is not encrypted. It holds information about minors and their families: "
    "keep it only where the district's records rules allow."
)

CSS = """
body { font-family: sans-serif; font-size: 9.5pt; }
h1 { font-size: 15pt; margin: 0 0 8pt 0; }
h2 { font-size: 11.5pt; margin: 10pt 0 3pt 0; }
p { margin: 0 0 2pt 0; }
.entry { margin: 0 0 6pt 0; }
.small { font-size: 8pt; color: #444444; }
.hash { font-family: monospace; font-size: 7.5pt; }
.body { white-space: pre-wrap; margin: 3pt 0 0 12pt; }
.warn { color: #a00000; font-weight: bold; }
"""

# Fields whose content the case file shows elsewhere (the document itself, the
# checker's findings, the advice's text), or that only a machine reads.
_TIMELINE_HIDDEN = frozenset(
    {"extracted_text", "findings", "geometry", "body_html", "body_text", "sha256", "x0", "y0"}
    | {"x1", "y1", "template_item_id", "template_version_id", "student_id", "position", "key"}
)
_ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
# Events about a document's content: the redacted words are taken out of them.
_DOCUMENT_ENTITIES = frozenset({"document", "classification", "annotation"})
_MAX_VALUE = 300

_LOCATIONS = {
    OfficerLocation.OUTSIDE: "outside the building",
    OfficerLocation.FRONT_OFFICE: "in the front office",
    OfficerLocation.OTHER: "elsewhere",
    OfficerLocation.UNKNOWN: NOT_RECORDED,
}
_PRESENTED = {Presented.YES: "yes", Presented.NO: "no", Presented.UNKNOWN: NOT_RECORDED}
_CHANNELS = {
    DeliveryChannel.SMTP: "sent by e-mail",
    DeliveryChannel.EML: "saved as an e-mail draft",
    DeliveryChannel.PDF: "exported as a PDF",
    DeliveryChannel.CLIPBOARD: "copied to the clipboard",
    DeliveryChannel.PRINT: "printed",
}


def _e(text: object) -> str:
    return escape(str(text))


def _or_missing(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text or NOT_RECORDED


def _field(label: str, value: str) -> str:
    return f"<p><b>{_e(label)}:</b> {_e(value)}</p>"


def _page(title: str, parts: Iterable[str]) -> str:
    return f"<body><h1>{_e(title)}</h1>{''.join(parts)}</body>"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


def decision(check: ClassificationView | None) -> str:
    """What the document is, and on whose word."""
    if check is None:
        return "not checked"
    if check.confirmed_kind is None:
        return f"{kind_label(check.suggested_kind)} (checker's suggestion, not confirmed)"
    if check.overridden:
        return f"{kind_label(check.confirmed_kind)} (attorney's override of the checker)"
    return f"{kind_label(check.confirmed_kind)} (confirmed by the attorney)"


# ----- summary -----


def summary_html(data: CaseFileData) -> str:
    case, facts = data.case, data.case.facts
    emergency = [
        claim
        for claim, on in (
            ("exigent circumstances", facts.exigent_claimed),
            ("a lawful order", facts.lawful_order_claimed),
        )
        if on
    ]
    parts = [
        f"<p class='warn'>{_e(NOT_ENCRYPTED_NOTE)}</p>",
        _field("Case reference", case.reference),
        _field("Status", case.status.label + (" (urgent)" if case.urgent else "")),
        _field("School", _or_missing(facts.school)),
        _field("Request", facts.request_type.label),
        _field("Stated purpose", _or_missing(facts.stated_purpose)),
        _field("Call received", format_time(facts.received_at)),
        _field("Time of contact", format_time(facts.contact_at)),
        _field("Case opened", format_time(case.created_at)),
        _field("Assigned attorney", _or_missing(facts.assigned_attorney)),
        _field(
            "Officer waiting",
            _LOCATIONS[facts.officer_location]
            + (f" ({facts.officer_location_note})" if facts.officer_location_note else ""),
        ),
        _field(
            "Officer cooperative",
            {True: "yes", False: "no", None: NOT_RECORDED}[facts.officer_cooperative],
        ),
        _field("Emergency claimed", "yes: " + " and ".join(emergency) if emergency else "no"),
    ]
    if case.closed_reason:
        parts.append(_field("Closing note", case.closed_reason))
    parts.append("<h2>Agents</h2>")
    if not facts.agents:
        parts.append(f"<p>{NOT_RECORDED}</p>")
    for agent in facts.agents:
        agency = NOT_RECORDED if agent.agency is Agency.UNKNOWN else agent.agency.label
        parts.append(
            f"<p>{_e(_or_missing(agent.name))}; badge {_e(_or_missing(agent.badge_number))}; "
            f"agency {_e(agency)}; supervisor {_e(_or_missing(agent.supervisor_name))}, "
            f"phone {_e(_or_missing(agent.supervisor_phone))}</p>"
        )
    parts.append("<h2>Students</h2>")
    if not facts.students:
        parts.append("<p>None named.</p>")
    for student in facts.students:
        grade = f", grade {student.grade}" if student.grade else ""
        parts.append(f"<p>{_e(student.name)}{_e(grade)}</p>")
    parts.append("<h2>School staff</h2>")
    if not facts.staff:
        parts.append(f"<p>{NOT_RECORDED}</p>")
    for person in facts.staff:
        details = [d for d in (person.role, person.phone, person.email) if d]
        caller = " (the caller)" if person.is_caller else ""
        parts.append(
            f"<p>{_e(person.name)}{_e(caller)}"
            + (f": {_e(', '.join(details))}" if details else "")
            + "</p>"
        )
    parts.append("<h2>What was presented</h2>")
    parts.append(_field("Document presented", _PRESENTED[facts.document_presented]))
    for number, document in enumerate(case.documents, start=1):
        what = decision(data.checks.get(document.id))
        parts.append(f"<p>{number}. {_e(document.filename)}: {_e(what)}</p>")
    parts.append("<h2>Originals on file (SHA-256)</h2>")
    if not case.documents:
        parts.append("<p>No document attached.</p>")
    for number, document in enumerate(case.documents, start=1):
        parts.append(_original(number, document))
    if facts.notes.strip():
        parts.append("<h2>Notes</h2>")
        parts.append(f"<div class='body'>{_e(facts.notes.strip())}</div>")
    parts.append(
        f"<p class='small' style='margin-top: 10pt'>Exported from Legal Desk "
        f"{_e(format_time(data.exported_at))} by {_e(data.exported_by)}.</p>"
    )
    return _page(f"Case file {case.reference}", parts)


def _original(number: int, document: DocumentSummary) -> str:
    return (
        f"<div class='entry'><p>{number}. {_e(document.filename)} "
        f"({_e(document.media_type)}, {_pages(document.page_count)}, {_size(document.size)}, "
        f"attached {_e(format_time(document.imported_at))})</p>"
        f"<p class='hash'>SHA-256 {_e(document.sha256)}</p></div>"
    )


# ----- timeline -----


def _empty(value: object) -> bool:
    return value is None or value == ""


def _value(value: object) -> str:
    if _empty(value):
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and _ISO_TIME.match(value):
        try:
            return format_time(datetime.fromisoformat(value))
        except ValueError:
            pass
    text = " ".join(str(value).split())
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _change(change: FieldChange, action: str, scrub: Scrub) -> str:
    name = change.field.replace("_", " ")
    if action != "update":
        # A record added or removed: its values, not a before and after.
        value = change.after if _empty(change.before) else change.before
        return f"{name}: {scrub(_value(value))}"
    return f"{name}: {scrub(_value(change.before))} → {scrub(_value(change.after))}"


def timeline_html(entries: Sequence[TimelineEntry], scrub: Scrub) -> str:
    parts = []
    if not entries:
        parts.append("<p>No events recorded.</p>")
    for entry in entries:
        clean = scrub if entry.entity in _DOCUMENT_ENTITIES else _same
        changes = [
            _change(c, entry.action, clean)
            for c in entry.changes
            if c.field not in _TIMELINE_HIDDEN and entry.entity != "annotation"
        ]
        parts.append(
            "<div class='entry'>"
            f"<p><b>{_e(format_time(entry.occurred_at))}</b> · {_e(entry.actor)}</p>"
            f"<p>{_e(clean(entry.summary))}</p>"
            + (f"<p class='small'>{_e('; '.join(changes))}</p>" if changes else "")
            + "</div>"
        )
    return _page(TIMELINE, parts)


def _same(text: str) -> str:
    return text


# ----- documents -----


def document_cover_html(
    number: int,
    total: int,
    document: DocumentSummary,
    pages: DocumentPages,
    check: ClassificationView | None,
) -> str:
    parts = [
        _field("File", document.filename),
        _field("Type", document.media_type),
        _field("Pages", str(document.page_count)),
        _field("Size", _size(document.size)),
        _field("Attached", format_time(document.imported_at)),
        _field("What it is", decision(check)),
        f"<p><b>SHA-256 of the original:</b></p><p class='hash'>{_e(document.sha256)}</p>",
    ]
    if pages.annotations:
        marks = ", ".join(
            f"{count} {KIND_NAMES[kind]}{'s' if count != 1 else ''}"
            for kind, count in sorted(pages.annotations.items(), key=lambda kv: kv[0].value)
        )
        parts.append(_field("Annotations", marks))
    else:
        parts.append(_field("Annotations", "none"))
    if pages.annotations.get(AnnotationKind.REDACTION):
        parts.append(
            "<p class='warn'>Redactions are applied in this copy: the text and images under "
            "them are removed. The original in the workspace keeps them.</p>"
        )
    if pages.pdf is None:
        parts.append(f"<p class='warn'>The pages could not be included: {_e(pages.problem)}</p>")
    else:
        parts.append(
            "<p class='small'>The pages that follow are the document as shown in Legal Desk "
            "(for a photo or an e-mail, its PDF rendition), with its annotations.</p>"
        )
    return _page(f"Document {number} of {total}: {document.filename}", parts)


def documents_index_html(data: CaseFileData) -> str:
    parts = []
    if not data.case.documents:
        parts.append("<p>No document attached.</p>")
    for number, document in enumerate(data.case.documents, start=1):
        parts.append(_original(number, document))
    return _page(DOCUMENTS, parts)


# ----- checker findings -----


def findings_html(data: CaseFileData, scrub: Scrub) -> str:
    parts = []
    if not data.case.documents:
        parts.append("<p>No document attached.</p>")
    for number, document in enumerate(data.case.documents, start=1):
        parts.append(f"<h2>{number}. {_e(document.filename)}</h2>")
        check = data.checks.get(document.id)
        if check is None:
            parts.append("<p>The checker was not run on this document.</p>")
            continue
        form = f" ({check.form_name})" if check.form_name else ""
        parts.append(
            _field(
                "Checker's suggestion",
                scrub(
                    f"{kind_label(check.suggested_kind)}{form}, confidence {check.confidence:.2f}"
                ),
            )
        )
        parts.append(
            _field(
                "Checked",
                f"{format_time(check.created_at)} (checker version {check.checker_version or '?'})",
            )
        )
        parts.append(_field("Attorney's decision", _decision_line(check)))
        if check.override_reason:
            parts.append(_field("Reason", check.override_reason))
        if not check.findings:
            parts.append("<p>No findings.</p>")
        for finding in check.findings:
            where = f"page {finding.page}: " if finding.page is not None else ""
            confirm = " (to confirm)" if finding.confirm else ""
            parts.append(f"<p>• {_e(where)}{_e(scrub(finding.result))}{_e(confirm)}</p>")
    return _page(FINDINGS, parts)


def _decision_line(check: ClassificationView) -> str:
    if check.confirmed_kind is None:
        return "not confirmed yet"
    who = f" by {check.confirmed_by}" if check.confirmed_by else ""
    when = f" on {format_time(check.confirmed_at)}" if check.confirmed_at else ""
    if check.overridden:
        return (
            f"overridden: {kind_label(check.suggested_kind)} → "
            f"{kind_label(check.confirmed_kind)}{who}{when}"
        )
    return f"confirmed as {kind_label(check.confirmed_kind)}{who}{when}"


# ----- advice, checklist, Security, FERPA -----


def advice_html(data: CaseFileData) -> str:
    parts = []
    if not data.advice:
        parts.append("<p>No advice was sent.</p>")
    for number, sent in enumerate(data.advice, start=1):
        to = f" to {sent.recipient}" if sent.recipient else ""
        parts.append(f"<h2>{number}. {_e(sent.subject)}</h2>")
        parts.append(
            _field("Delivered", f"{format_time(sent.sent_at)}, {_CHANNELS[sent.channel]}{to}")
        )
        parts.append(_field("By", sent.author))
        parts.append(f"<div class='body'>{_e(sent.text.strip()) or '(no text)'}</div>")
    return _page(ADVICE, parts)


def checklist_html(data: CaseFileData) -> str:
    parts = []
    if not data.checklist:
        parts.append("<p>The checklist was not started for this case.</p>")
    done = sum(1 for item in data.checklist if item.done)
    if data.checklist:
        parts.append(f"<p>{done} of {len(data.checklist)} items done.</p>")
    for item in data.checklist:
        mark = "[x]" if item.done else "[ ]"
        required = "" if item.required else " (optional)"
        if item.done:
            who = f"done by {_or_missing(item.done_by)}, {format_time(item.done_at)}"
        else:
            who = "open"
        details = [who]
        if item.auto_reason:
            details.append(f"ticked itself: {item.auto_reason}")
        if item.note:
            details.append(f"note: {item.note}")
        parts.append(
            f"<div class='entry'><p><b>{mark} {_e(item.label)}</b>{_e(required)}</p>"
            f"<p class='small'>{_e('; '.join(details))}</p></div>"
        )
    return _page(CHECKLIST, parts)


def security_html(data: CaseFileData) -> str:
    parts = []
    if not data.notifications:
        parts.append("<p>Security's notification is not recorded.</p>")
    for number, note in enumerate(data.notifications, start=1):
        parts.append(
            "<div class='entry'>"
            f"<p><b>{number}. {_e(format_time(note.notified_at))}</b> by {_e(note.method)}</p>"
            + _field("Spoke to", note.person_spoken_to)
            + _field("Number called", note.number_called)
            + _field("Recorded by", f"{note.recorded_by}, {format_time(note.recorded_at)}")
            + "</div>"
        )
    return _page(SECURITY, parts)


def ferpa_html(data: CaseFileData) -> str:
    parts = []
    if not data.ferpa:
        parts.append("<p>No request for or disclosure of student records was logged.</p>")
    for number, entry in enumerate(data.ferpa, start=1):
        request = entry.entry_type is DisclosureEntryType.REQUEST
        parts.append(
            f"<h2>{number}. {'Request' if request else 'Disclosure'}, "
            f"{_e(format_time(entry.occurred_at))}</h2>"
        )
        parts.append(_field("Student", _or_missing(entry.student_name)))
        parts.append(_field("Party", entry.party))
        parts.append(_field("Legitimate interest", _or_missing(entry.legitimate_interest)))
        parts.append(
            _field(
                "Records requested" if request else "Records disclosed",
                _or_missing(entry.records_described),
            )
        )
        parts.append(_field("Legal basis", BASIS_LABELS[entry.legal_basis]))
        if entry.planned_release_at is not None:
            parts.append(_field("Planned release", format_time(entry.planned_release_at)))
        if not request:
            notified = format_time(entry.parent_notified_at)
            if entry.notice_late:
                notified += " (AFTER the release)"
            parts.append(_field("Parent notified", notified))
        parts.append(_field("Recorded by", entry.recorded_by))
        if entry.notes:
            parts.append(_field("Notes", entry.notes))
    return _page(FERPA, parts)
