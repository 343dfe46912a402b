"""The disclosure log: each request for and each disclosure of a student's records.

34 CFR 99.32 asks the school to keep, with the student's records, the party that
asked or received, and its legitimate interest. Under a court order or a lawfully
issued subpoena (99.31(a)(9)) the parent must be notified before the release, so
such a disclosure without a parent notice needs its planned release time, and
`reminders` counts down to it. The release itself is recorded when it happens
(`record_release`), and a planned release that does not happen is withdrawn
(`withdraw`), never deleted. When the order or subpoena forbids telling anyone of it,
no notice is owed and the record says why. Every write is audited by the workspace's
flush hook, with a sentence of our own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.errors import LegalDeskError
from legal_desk.ferpa.status import ORDER_BASES, STATUS_LABELS, EntryStatus, status_of
from legal_desk.security.briefing import NOT_RECORDED, format_time
from legal_desk.workspace import Workspace
from models import Case, DisclosureEntryType, DisclosureLogEntry, LegalBasis, Student

__all__ = [
    "BASIS_LABELS",
    "ORDER_BASES",
    "REPORT_TITLE",
    "STATUS_LABELS",
    "CaseLog",
    "DisclosureLog",
    "EntryStatus",
    "EntryView",
    "Reminder",
    "StudentChoice",
    "StudentReport",
]

REPORT_TITLE = "Record of requests and disclosures (34 CFR 99.32)"
MAX_PARTY = 300
MAX_REASON = 2000

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
    released_at: datetime | None
    withdrawn_at: datetime | None
    withdrawal_reason: str
    parent_notified_at: datetime | None
    notice_forbidden: bool
    notice_forbidden_reason: str
    notes: str
    recorded_by: str

    @property
    def status(self) -> EntryStatus:
        return status_of(self.entry_type, self.released_at, self.withdrawn_at)

    @property
    def under_order(self) -> bool:
        """A disclosure under a court order or subpoena: the parent notice rule applies."""
        return self.entry_type is DisclosureEntryType.DISCLOSURE and self.legal_basis in ORDER_BASES

    @property
    def awaiting_parent_notice(self) -> bool:
        """The parent must still be told before this planned release can go out."""
        return (
            self.under_order
            and self.status is EntryStatus.PLANNED
            and self.parent_notified_at is None
            and not self.notice_forbidden
        )

    @property
    def release_at(self) -> datetime:
        """When the records went (or go) out: the release, else the plan, else the entry."""
        return self.released_at or self.planned_release_at or self.occurred_at

    @property
    def notice_late(self) -> bool:
        """The parent was told only after the release under an order or subpoena: the
        99.31(a)(9) notice is meant to come first, so the record says so."""
        return (
            self.under_order
            and self.released_at is not None
            and self.parent_notified_at is not None
            and self.parent_notified_at > self.released_at
        )


class ReminderKind(enum.StrEnum):
    NOTICE = "notice"  # a parent notice owed before a release under an order or subpoena
    RECORD_RELEASE = "record_release"  # a planned release whose time passed unrecorded


@dataclass(frozen=True)
class Reminder:
    """A parent notice still owed before a release under an order or subpoena, or a
    planned release whose time has passed with neither the release nor a withdrawal
    recorded (the log must say whether the records went out)."""

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
    kind: ReminderKind = ReminderKind.NOTICE

    def at(self, now: datetime) -> Reminder:
        """The same reminder, counted down to `now` (a screen refreshing its countdown)."""
        left = self.planned_release_at - now
        return replace(self, time_left=left, overdue=left <= timedelta(0))

    @property
    def countdown(self) -> str:
        if self.overdue:
            return f"OVERDUE: the release was planned {span(-self.time_left)} ago"
        return f"release planned in {span(self.time_left)}"

    @property
    def text(self) -> str:
        who = self.student_name or "a student"
        planned = format_time(self.planned_release_at)
        source = f"{BASIS_LABELS[self.legal_basis]} from {self.party}"
        if self.kind is ReminderKind.RECORD_RELEASE:
            return (
                f"Record the release of {who}'s records to {self.party}, or withdraw it: "
                f"it was planned {span(-self.time_left)} ago ({planned}; "
                f"{BASIS_LABELS[self.legal_basis]}, case {self.case_reference})"
            )
        if self.overdue:
            return (
                f"OVERDUE: notify the parent of {who}: the release was planned "
                f"{span(-self.time_left)} ago ({planned}; {source}, case {self.case_reference})"
            )
        return (
            f"Notify the parent of {who}: {self.countdown} "
            f"({planned}; {source}, case {self.case_reference})"
        )


@dataclass(frozen=True)
class StudentChoice:
    id: int
    name: str
    grade: str


@dataclass(frozen=True)
class CaseLog:
    """What a case's log screen shows, read in one go (off the UI thread)."""

    case_id: int
    case_reference: str
    students: tuple[StudentChoice, ...]
    entries: tuple[EntryView, ...]
    reminders: tuple[Reminder, ...]
    read_at: datetime


@dataclass(frozen=True)
class StudentReport:
    student_id: int
    student_name: str
    school: str
    grade: str
    generated_at: datetime
    entries: tuple[EntryView, ...]


def _units(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def span(delta: timedelta) -> str:
    """A countdown as a person says it: the two largest units ("2 days 4 hours")."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _units(days, "day") + (f" {_units(hours, 'hour')}" if hours else "")
    if hours:
        return _units(hours, "hour") + (f" {_units(minutes, 'minute')}" if minutes else "")
    if minutes:
        return _units(minutes, "minute")
    return "less than a minute"


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
        released_at=row.released_at,
        withdrawn_at=row.withdrawn_at,
        withdrawal_reason=row.withdrawal_reason,
        parent_notified_at=row.parent_notified_at,
        notice_forbidden=row.notice_forbidden,
        notice_forbidden_reason=row.notice_forbidden_reason,
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
        notice_forbidden: bool = False,
        notice_forbidden_reason: str = "",
        notes: str = "",
    ) -> EntryView:
        """Log a disclosure. One without a legal basis is refused: counsel releases
        nothing without one.

        With a planned release time the entry is a plan: the release is recorded
        later (`record_release`) or the plan withdrawn. Without one the records went
        out at `occurred_at`. Under an order or subpoena the parent notice comes first,
        so unless it was given (or the order forbids it) the planned time is required,
        for the reminder."""
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
        forbidden_reason = (
            _forbidden_reason(basis, notice_forbidden_reason, notified) if notice_forbidden else ""
        )
        if (
            basis in ORDER_BASES
            and notified is None
            and not notice_forbidden
            and planned_release_at is None
        ):
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
            released_at=when if planned_release_at is None else None,
            parent_notified_at=notified,
            notice_forbidden=notice_forbidden,
            notice_forbidden_reason=forbidden_reason,
            notes=notes.strip(),
            recorded_by=self._workspace.actor.display_name,
        )
        planned = (
            f", release planned {format_time(planned_release_at)}"
            if planned_release_at is not None
            else ""
        )
        return self._add(
            case_id,
            student_id,
            entry,
            f"FERPA disclosure logged: to {party} under {BASIS_LABELS[basis]}{planned}",
        )

    def _change(
        self,
        entry_id: int,
        change: Callable[[DisclosureLogEntry, EntryView], str],
    ) -> EntryView:
        """Apply `change` to one entry in a transaction; it returns the audit sentence
        (or raises to refuse, and nothing is written)."""
        with self._workspace.transaction() as session:
            row = session.get(DisclosureLogEntry, entry_id)
            if row is None:
                raise LegalDeskError(f"Disclosure log entry {entry_id} does not exist.")
            case = session.get(Case, row.case_id)
            assert case is not None  # a foreign key
            student = session.get(Student, row.student_id) if row.student_id else None
            summary = change(row, _view(row, case, student))
            audit.set_summary(session, row, summary)
            session.flush()
            return _view(row, case, student)

    def mark_parent_notified(self, entry_id: int, when: datetime) -> EntryView:
        when = self._past(when, "of the parent notice")

        def notify(row: DisclosureLogEntry, before: EntryView) -> str:
            if before.notice_forbidden:
                raise LegalDeskError(
                    "The order or subpoena forbids notifying the parent "
                    f"({before.notice_forbidden_reason}): no notice is recorded."
                )
            row.parent_notified_at = when
            late = (
                " AFTER the release"
                if before.under_order and row.released_at is not None and when > row.released_at
                else ""
            )
            return f"FERPA: parent notified {format_time(when)}{late} (entry {entry_id})"

        return self._change(entry_id, notify)

    def record_notice_forbidden(self, entry_id: int, reason: str) -> EntryView:
        """Record that the order or subpoena forbids telling the parent (99.31(a)(9)(ii)):
        no notice is owed, and the report says why."""

        def forbid(row: DisclosureLogEntry, before: EntryView) -> str:
            if before.entry_type is not DisclosureEntryType.DISCLOSURE:
                raise LegalDeskError("Only a disclosure under an order or subpoena has a notice.")
            row.notice_forbidden_reason = _forbidden_reason(
                before.legal_basis, reason, before.parent_notified_at
            )
            row.notice_forbidden = True
            return f"FERPA: the order forbids notifying the parent (entry {entry_id})"

        return self._change(entry_id, forbid)

    def record_release(self, entry_id: int, when: datetime | None = None) -> EntryView:
        """Record that a planned release went out. Under an order or subpoena it is
        refused until the parent notice is on file, unless the order forbids the notice:
        the notice is meant to let the parent seek protection first."""
        released = self._past(when, "of the release")

        def release(row: DisclosureLogEntry, before: EntryView) -> str:
            if before.status is EntryStatus.REQUEST:
                raise LegalDeskError(
                    "A request releases nothing: log the disclosure, then record its release."
                )
            if before.status is EntryStatus.WITHDRAWN:
                raise LegalDeskError("This release was withdrawn; log a new disclosure instead.")
            if before.released_at is not None:
                raise LegalDeskError(
                    f"The release is already recorded ({format_time(before.released_at)})."
                )
            if before.awaiting_parent_notice:
                raise LegalDeskError(
                    f"Notify the parent before releasing records under a "
                    f"{BASIS_LABELS[before.legal_basis]} (34 CFR 99.31(a)(9)): record "
                    "the parent notice first, or that the order forbids it."
                )
            row.released_at = released
            late = (
                " BEFORE the parent notice"
                if before.parent_notified_at is not None and before.parent_notified_at > released
                else ""
            )
            return f"FERPA: records released to {row.party} {format_time(released)}{late}"

        return self._change(entry_id, release)

    def withdraw(self, entry_id: int, reason: str) -> EntryView:
        """Withdraw a planned release that will not happen: kept in the log, marked
        withdrawn with the reason; its reminder stops."""
        why = reason.strip()

        def drop(row: DisclosureLogEntry, before: EntryView) -> str:
            if before.status is not EntryStatus.PLANNED:
                raise LegalDeskError(
                    {
                        EntryStatus.REQUEST: "Only a planned release can be withdrawn.",
                        EntryStatus.RELEASED: "These records were released already: "
                        "a release cannot be withdrawn (add a note instead).",
                        EntryStatus.WITHDRAWN: "This release is withdrawn already.",
                    }[before.status]
                )
            if not why:
                raise LegalDeskError("Give the reason the release is withdrawn.")
            if len(why) > MAX_REASON:
                raise LegalDeskError(f"The reason is longer than {MAX_REASON} characters.")
            row.withdrawn_at = self._workspace.clock()
            row.withdrawal_reason = why
            return f"FERPA: planned release to {row.party} withdrawn: {_squash(why)}"

        return self._change(entry_id, drop)

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

    def reminders(self, now: datetime, case_id: int | None = None) -> list[Reminder]:
        """What the log still needs, soonest (or most overdue) first: parent notices
        owed before a planned release under an order or subpoena (none once the
        release is withdrawn or recorded, or the order forbids the notice), then, once
        a planned release's time has passed, recording whether it happened."""
        open_release = (
            DisclosureLogEntry.entry_type == DisclosureEntryType.DISCLOSURE,
            DisclosureLogEntry.planned_release_at.is_not(None),
            DisclosureLogEntry.released_at.is_(None),
            DisclosureLogEntry.withdrawn_at.is_(None),
        )
        query = (
            select(DisclosureLogEntry, Case, Student)
            .join(Case, Case.id == DisclosureLogEntry.case_id)
            .outerjoin(Student, Student.id == DisclosureLogEntry.student_id)
            .where(*open_release)
            .order_by(DisclosureLogEntry.planned_release_at, DisclosureLogEntry.id)
        )
        if case_id is not None:
            query = query.where(DisclosureLogEntry.case_id == case_id)
        reminders = []
        with self._workspace.session() as session:
            for row, case, student in session.execute(query):
                planned = row.planned_release_at
                assert planned is not None  # filtered above
                notice_owed = (
                    row.legal_basis in ORDER_BASES
                    and row.parent_notified_at is None
                    and not row.notice_forbidden
                )
                left = planned - now
                if not notice_owed and left >= timedelta(0):
                    continue  # nothing owed yet: the release is still to come
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
                        kind=ReminderKind.NOTICE if notice_owed else ReminderKind.RECORD_RELEASE,
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

    def report_html(self, student_id: int) -> str:
        """The report as HTML, for printing through the toolkit's own printer dialog."""
        return _html(self.report(student_id))

    def case_log(self, case_id: int) -> CaseLog:
        """The case's students, entries and reminders, as of the workspace's clock."""
        now = self._workspace.clock()
        with self._workspace.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise LegalDeskError(f"Case {case_id} does not exist.")
            reference = case.reference
            students = tuple(
                StudentChoice(s.id, s.name, s.grade)
                for s in session.scalars(
                    select(Student).where(Student.case_id == case_id).order_by(Student.id)
                )
            )
        return CaseLog(
            case_id=case_id,
            case_reference=reference,
            students=students,
            entries=tuple(self.entries(case_id=case_id)),
            reminders=tuple(self.reminders(now, case_id=case_id)),
            read_at=now,
        )


def _forbidden_reason(basis: LegalBasis, reason: str, notified: datetime | None) -> str:
    if basis not in ORDER_BASES:
        raise LegalDeskError(
            "Only a court order or a subpoena can forbid notifying the parent; "
            f"this disclosure is under {BASIS_LABELS[basis]}."
        )
    if notified is not None:
        raise LegalDeskError(
            "The parent notice is already recorded, so the order cannot be recorded "
            "as forbidding it."
        )
    reason = reason.strip()
    if not reason:
        raise LegalDeskError(
            "Say where the order or subpoena forbids notifying the parent "
            "(quote or cite the provision)."
        )
    if len(reason) > MAX_REASON:
        raise LegalDeskError(f"The reason is longer than {MAX_REASON} characters.")
    return reason


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
    if entry.entry_type is DisclosureEntryType.DISCLOSURE:
        fields.append(("Status", _status_text(entry)))
    if entry.planned_release_at is not None:
        fields.append(("Planned release", format_time(entry.planned_release_at)))
    if entry.entry_type is DisclosureEntryType.DISCLOSURE:
        fields.append(("Released", _released_text(entry)))
        fields.append(("Parent notified", _notice_text(entry)))
    fields.append(("Case", entry.case_reference))
    fields.append(("Recorded by", entry.recorded_by))
    if entry.notes:
        fields.append(("Notes", entry.notes))
    return fields


def _status_text(entry: EntryView) -> str:
    status = entry.status
    if status is EntryStatus.WITHDRAWN:
        return (
            f"WITHDRAWN {format_time(entry.withdrawn_at)}, nothing released. "
            f"Reason: {entry.withdrawal_reason}"
        )
    if status is EntryStatus.PLANNED:
        return "PLANNED, not released yet"
    return "RELEASED"


def _released_text(entry: EntryView) -> str:
    if entry.released_at is not None:
        return format_time(entry.released_at)
    return "no (withdrawn)" if entry.status is EntryStatus.WITHDRAWN else "not yet"


def _notice_text(entry: EntryView) -> str:
    if entry.notice_forbidden:
        return (
            "no notice given: the order or subpoena forbids disclosing it "
            f"(34 CFR 99.31(a)(9)(ii)). {entry.notice_forbidden_reason}"
        )
    notified = format_time(entry.parent_notified_at)
    if entry.notice_late:
        notified += " (AFTER the release: the notice should come first)"
    elif entry.awaiting_parent_notice:
        notified += " (due before the release)"
    return notified


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
