"""The disclosure log: each request for and each disclosure of a student's records.

34 CFR 99.32 asks the school to keep, with the student's records, the party that
asked or received, and its legitimate interest. Under a court order or a lawfully
issued subpoena (99.31(a)(9)) the parent must be notified before the release, so
such a disclosure without a parent notice needs its planned release time, and
`reminders` counts down to it. Every write is audited by the workspace's flush hook,
with a sentence of our own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.errors import LegalDeskError
from legal_desk.security.briefing import NOT_RECORDED, format_time
from legal_desk.workspace import Workspace
from models import Case, DisclosureEntryType, DisclosureLogEntry, LegalBasis, Student

REPORT_TITLE = "Record of requests and disclosures (34 CFR 99.32)"
MAX_PARTY = 300
# A parent notice is due before a release under these (34 CFR 99.31(a)(9)(ii)).
ORDER_BASES = frozenset({LegalBasis.COURT_ORDER, LegalBasis.LAWFUL_SUBPOENA})

BASIS_LABELS = {
    LegalBasis.CONSENT: "written consent",
    LegalBasis.COURT_ORDER: "court order",
    LegalBasis.LAWFUL_SUBPOENA: "lawfully issued subpoena",
    LegalBasis.HEALTH_SAFETY_EMERGENCY: "health or safety emergency",
    LegalBasis.DIRECTORY_INFORMATION: "directory information",
    LegalBasis.NONE: "none (nothing released)",
}


@dataclass(frozen=True)
class EntryView:
    id: int
    case_id: int
    case_reference: str
    student_id: int | None
    student_name: str
    entry_type: DisclosureEntryType
    party: str
    legitimate_interest: str
    records_described: str
    legal_basis: LegalBasis
    occurred_at: datetime
    planned_release_at: datetime | None
    parent_notified_at: datetime | None
    notes: str
    recorded_by: str

    @property
    def awaiting_parent_notice(self) -> bool:
        return (
            self.entry_type is DisclosureEntryType.DISCLOSURE
            and self.legal_basis in ORDER_BASES
            and self.parent_notified_at is None
        )

    @property
    def release_at(self) -> datetime:
        """When the records went (or go) out: the planned release, else the entry's time."""
        return self.planned_release_at or self.occurred_at

    @property
    def notice_late(self) -> bool:
        """The parent was told only after the release under an order or subpoena: the
        99.31(a)(9) notice is meant to come first, so the record says so."""
        return (
            self.entry_type is DisclosureEntryType.DISCLOSURE
            and self.legal_basis in ORDER_BASES
            and self.parent_notified_at is not None
            and self.parent_notified_at > self.release_at
        )


@dataclass(frozen=True)
class Reminder:
    """A release under an order or subpoena whose parent notice is still owed."""

    entry_id: int
    case_id: int
    case_reference: str
    student_id: int | None
    student_name: str
    party: str
    legal_basis: LegalBasis
    planned_release_at: datetime
    time_left: timedelta  # negative once overdue
    overdue: bool

    @property
    def text(self) -> str:
        who = self.student_name or "a student"
        planned = format_time(self.planned_release_at)
        if self.overdue:
            when = f"OVERDUE: the planned release was {_span(-self.time_left)} ago ({planned})"
        else:
            when = f"{_span(self.time_left)} left before the planned release ({planned})"
        return (
            f"Notify the parent of {who} (case {self.case_reference}, "
            f"{BASIS_LABELS[self.legal_basis]} from {self.party}): {when}"
        )


@dataclass(frozen=True)
class StudentReport:
    student_id: int
    student_name: str
    school: str
    grade: str
    generated_at: datetime
    entries: tuple[EntryView, ...]


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _view(row: DisclosureLogEntry, case: Case, student: Student | None) -> EntryView:
    return EntryView(
        id=row.id,
        case_id=row.case_id,
        case_reference=case.reference,
        student_id=row.student_id,
        student_name=student.name if student else "",
        entry_type=row.entry_type,
        party=row.party,
        legitimate_interest=row.legitimate_interest,
        records_described=row.records_described,
        legal_basis=row.legal_basis,
        occurred_at=row.occurred_at,
        planned_release_at=row.planned_release_at,
        parent_notified_at=row.parent_notified_at,
        notes=row.notes,
        recorded_by=row.recorded_by,
    )


class DisclosureLog:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    # ----- writing -----

    def _past(self, when: datetime | None, what: str) -> datetime:
        now = self._workspace.clock()
        if when is None:
            return now
        if when.tzinfo is None:
            raise LegalDeskError(f"The time {what} needs a time zone.")
        if when > now:
            raise LegalDeskError(f"The time {what} cannot be in the future.")
        return when

    def _student(self, session: Session, case_id: int, student_id: int) -> tuple[Case, Student]:
        case = session.get(Case, case_id)
        if case is None:
            raise LegalDeskError(f"Case {case_id} does not exist.")
        student = session.get(Student, student_id)
        if student is None or student.case_id != case_id:
            raise LegalDeskError(f"Student {student_id} is not on case {case.reference}.")
        return case, student

    def _add(
        self,
        case_id: int,
        student_id: int,
        entry: DisclosureLogEntry,
        summary: str,
    ) -> EntryView:
        with self._workspace.transaction() as session:
            case, student = self._student(session, case_id, student_id)
            session.add(entry)
            audit.set_summary(session, entry, summary)
            session.flush()
            return _view(entry, case, student)

    def record_request(
        self,
        case_id: int,
        *,
        student_id: int,
        party: str,
        legitimate_interest: str,
        records_described: str,
        occurred_at: datetime | None = None,
    ) -> EntryView:
        """Log a request for a student's records (99.32(a)); nothing is released by it."""
        party, interest = _validate_party(party, legitimate_interest)
        when = self._past(occurred_at, "of the request")
        entry = DisclosureLogEntry(
            case_id=case_id,
            student_id=student_id,
            entry_type=DisclosureEntryType.REQUEST,
            party=party,
            legitimate_interest=interest,
            records_described=records_described.strip(),
            legal_basis=LegalBasis.NONE,
            occurred_at=when,
            recorded_by=self._workspace.actor.display_name,
        )
        return self._add(case_id, student_id, entry, f"FERPA request logged: from {party}")

    def record_disclosure(
        self,
        case_id: int,
        *,
        student_id: int,
        party: str,
        legitimate_interest: str,
        records_described: str,
        legal_basis: LegalBasis,
        occurred_at: datetime | None = None,
        planned_release_at: datetime | None = None,
        parent_notified_at: datetime | None = None,
        notes: str = "",
    ) -> EntryView:
        """Log a disclosure. One without a legal basis is refused: counsel releases
        nothing without one. Under an order or subpoena the parent notice comes first,
        so without it the planned release time is required (for the reminder)."""
        party, interest = _validate_party(party, legitimate_interest)
        try:
            basis = LegalBasis(legal_basis)
        except ValueError:
            raise LegalDeskError(f"“{legal_basis}” is not a legal basis the log knows.") from None
        if basis is LegalBasis.NONE:
            raise LegalDeskError(
                "A disclosure needs a legal basis (consent, court order, subpoena...); "
                "with none, log it as a request and release nothing."
            )
        described = records_described.strip()
        if not described:
            raise LegalDeskError("Describe the records disclosed.")
        when = self._past(occurred_at, "of the disclosure")
        notified = (
            None
            if parent_notified_at is None
            else self._past(parent_notified_at, "of the parent notice")
        )
        if planned_release_at is not None and planned_release_at.tzinfo is None:
            raise LegalDeskError("The planned release time needs a time zone.")
        if basis in ORDER_BASES and notified is None and planned_release_at is None:
            raise LegalDeskError(
                f"Under a {BASIS_LABELS[basis]} the parent must be notified before the "
                "release: give the planned release time, or when the parent was notified."
            )
        entry = DisclosureLogEntry(
            case_id=case_id,
            student_id=student_id,
            entry_type=DisclosureEntryType.DISCLOSURE,
            party=party,
            legitimate_interest=interest,
            records_described=described,
            legal_basis=basis,
            occurred_at=when,
            planned_release_at=planned_release_at,
            parent_notified_at=notified,
            notes=notes.strip(),
            recorded_by=self._workspace.actor.display_name,
        )
        return self._add(
            case_id,
            student_id,
            entry,
            f"FERPA disclosure logged: to {party} under {BASIS_LABELS[basis]}",
        )

    def mark_parent_notified(self, entry_id: int, when: datetime) -> EntryView:
        when = self._past(when, "of the parent notice")
        with self._workspace.transaction() as session:
            row = session.get(DisclosureLogEntry, entry_id)
            if row is None:
                raise LegalDeskError(f"Disclosure log entry {entry_id} does not exist.")
            case = session.get(Case, row.case_id)
            assert case is not None  # a foreign key
            student = session.get(Student, row.student_id) if row.student_id else None
            row.parent_notified_at = when
            view = _view(row, case, student)
            late = " AFTER the release" if view.notice_late else ""
            audit.set_summary(
                session,
                row,
                f"FERPA: parent notified {format_time(when)}{late} (entry {entry_id})",
            )
            session.flush()
            return _view(row, case, student)

    # ----- reading -----

    def entries(self, case_id: int | None = None, student_id: int | None = None) -> list[EntryView]:
        """Entries oldest first, optionally for one case and/or one student."""
        query = (
            select(DisclosureLogEntry, Case, Student)
            .join(Case, Case.id == DisclosureLogEntry.case_id)
            .outerjoin(Student, Student.id == DisclosureLogEntry.student_id)
            .order_by(DisclosureLogEntry.occurred_at, DisclosureLogEntry.id)
        )
        if case_id is not None:
            query = query.where(DisclosureLogEntry.case_id == case_id)
        if student_id is not None:
            query = query.where(DisclosureLogEntry.student_id == student_id)
        with self._workspace.session() as session:
            return [_view(row, case, student) for row, case, student in session.execute(query)]

    def reminders(self, now: datetime) -> list[Reminder]:
        """Parent notices still owed before a release under an order or subpoena,
        soonest (or most overdue) first."""
        query = (
            select(DisclosureLogEntry, Case, Student)
            .join(Case, Case.id == DisclosureLogEntry.case_id)
            .outerjoin(Student, Student.id == DisclosureLogEntry.student_id)
            .where(
                DisclosureLogEntry.entry_type == DisclosureEntryType.DISCLOSURE,
                DisclosureLogEntry.legal_basis.in_(sorted(ORDER_BASES)),
                DisclosureLogEntry.parent_notified_at.is_(None),
                DisclosureLogEntry.planned_release_at.is_not(None),
            )
            .order_by(DisclosureLogEntry.planned_release_at, DisclosureLogEntry.id)
        )
        reminders = []
        with self._workspace.session() as session:
            for row, case, student in session.execute(query):
                planned = row.planned_release_at
                assert planned is not None  # filtered above
                left = planned - now
                reminders.append(
                    Reminder(
                        entry_id=row.id,
                        case_id=row.case_id,
                        case_reference=case.reference,
                        student_id=row.student_id,
                        student_name=student.name if student else "",
                        party=row.party,
                        legal_basis=row.legal_basis,
                        planned_release_at=planned,
                        time_left=left,
                        overdue=left <= timedelta(0),
                    )
                )
        return reminders

    # ----- the per-student report -----

    def report(self, student_id: int) -> StudentReport:
        with self._workspace.session() as session:
            student = session.get(Student, student_id)
            if student is None:
                raise LegalDeskError(f"Student {student_id} does not exist.")
            name, school, grade = student.name, student.school_name, student.grade
        return StudentReport(
            student_id=student_id,
            student_name=name,
            school=school,
            grade=grade,
            generated_at=self._workspace.clock(),
            entries=tuple(self.entries(student_id=student_id)),
        )

    def report_text(self, student_id: int) -> str:
        return render_text(self.report(student_id))

    def report_pdf(self, student_id: int) -> bytes:
        return render_pdf(self.report(student_id), author=self._workspace.actor.display_name)


def _validate_party(party: str, interest: str) -> tuple[str, str]:
    party, interest = _squash(party), interest.strip()
    if not party:
        raise LegalDeskError("Record the party that asked for or received the records.")
    if len(party) > MAX_PARTY:
        raise LegalDeskError(f"The party is longer than {MAX_PARTY} characters.")
    if not interest:
        raise LegalDeskError(
            "Record the party's stated legitimate interest (write “none stated” if none was given)."
        )
    return party, interest


# ----- rendering -----


def _entry_fields(entry: EntryView) -> Sequence[tuple[str, str]]:
    kind = "Request" if entry.entry_type is DisclosureEntryType.REQUEST else "Disclosure"
    fields = [
        ("Type", kind),
        ("Party", entry.party),
        ("Legitimate interest", entry.legitimate_interest or NOT_RECORDED),
        (
            "Records requested" if kind == "Request" else "Records disclosed",
            entry.records_described or NOT_RECORDED,
        ),
        ("Legal basis", BASIS_LABELS[entry.legal_basis]),
    ]
    if entry.planned_release_at is not None:
        fields.append(("Planned release", format_time(entry.planned_release_at)))
    if entry.entry_type is DisclosureEntryType.DISCLOSURE:
        notified = format_time(entry.parent_notified_at)
        if entry.notice_late:
            notified += " (AFTER the release: the notice should come first)"
        fields.append(("Parent notified", notified))
    fields.append(("Case", entry.case_reference))
    fields.append(("Recorded by", entry.recorded_by))
    if entry.notes:
        fields.append(("Notes", entry.notes))
    return fields


def _heading(report: StudentReport) -> list[str]:
    details = [d for d in (f"grade {report.grade}" if report.grade else "", report.school) if d]
    student = report.student_name + (f" ({', '.join(details)})" if details else "")
    return [f"Student: {student}", f"Printed: {format_time(report.generated_at)}"]


def render_text(report: StudentReport) -> str:
    lines = [REPORT_TITLE, *_heading(report), ""]
    if not report.entries:
        lines.append("No requests or disclosures recorded.")
    for number, entry in enumerate(report.entries, start=1):
        lines.append(f"{number}. {format_time(entry.occurred_at)}")
        lines += [f"   {label}: {value}" for label, value in _entry_fields(entry)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font-family: sans-serif; font-size: 10pt; }
h1 { font-size: 14pt; }
h2 { font-size: 11pt; margin-top: 10pt; }
p { margin: 0; }
"""
_MARGIN_PT = 56


def _html(report: StudentReport) -> str:
    parts = [f"<h1>{escape(REPORT_TITLE)}</h1>"]
    parts += [f"<p>{escape(line)}</p>" for line in _heading(report)]
    if not report.entries:
        parts.append("<p>No requests or disclosures recorded.</p>")
    for number, entry in enumerate(report.entries, start=1):
        parts.append(f"<h2>{number}. {escape(format_time(entry.occurred_at))}</h2>")
        parts += [
            f"<p><b>{escape(label)}:</b> {escape(value)}</p>"
            for label, value in _entry_fields(entry)
        ]
    return "<body>" + "".join(parts) + "</body>"


def render_pdf(report: StudentReport, *, author: str) -> bytes:
    """The report as PDF bytes, built in memory (nothing touches the disk)."""
    from legal_desk.documents.pdf import html_to_pdf, load_pymupdf

    pymupdf = load_pymupdf()
    data = html_to_pdf(_html(report), _CSS, margin_pt=_MARGIN_PT)
    document = pymupdf.open(stream=data, filetype="pdf")
    try:
        document.set_metadata(
            {"title": REPORT_TITLE, "author": author, "subject": report.student_name}
        )
        return bytes(document.tobytes(garbage=3, deflate=True))
    finally:
        document.close()
