"""Fictional demo cases, so a newcomer opens a workspace that looks like real work.

`populate` fills a new, empty workspace with ten cases from the last three weeks
(relative to the workspace clock): every status, an urgent case with a claimed
emergency, the three agencies, six schools, one school visited three times by the
same badge number, three attorneys, and documents of every kind the app reads
(specimen PDFs, a phone photo, an e-mail with an attachment).

Everything is invented: the people, the schools (street names like "Sample Ridge
Road", ZIP 80000, 555-01xx phone numbers, example.org mail), the badge numbers and
every form, each marked as a specimen. Nothing says anything about anyone's
immigration status; the schema has no place for it (Plyler v. Doe).

The cases carry their fictional dates; the audit trail records, truthfully, that
the demo generator wrote them just now.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta, timezone

from sqlalchemy import func, select

from legal_desk.checklist.service import ChecklistService
from legal_desk.documents import specimens
from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from legal_desk.documents.pdf import load_pymupdf
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import (
    AgentFacts,
    CaseIntake,
    CaseService,
    StaffFacts,
    StudentFacts,
)
from legal_desk.services.classification import ClassificationService
from legal_desk.workspace import Workspace
from models import (
    Agency,
    AnnotationKind,
    Case,
    CaseStatus,
    Contact,
    DeliveryChannel,
    DisclosureEntryType,
    DisclosureLogEntry,
    LegalBasis,
    OfficerLocation,
    Presented,
    RequestType,
    SecurityNotification,
    SentAdvice,
    Setting,
    Student,
)

DEMO_SETTING_KEY = "workspace.demo"
# Mountain Standard Time. A fixed offset keeps the demo free of time-zone data
# (absent on some Windows installs); an hour off in summer does not matter here.
_SCHOOL_TZ = timezone(timedelta(hours=-7), "MST")
LEGAL_OFFICE = "Office of Legal Counsel <legal-office@district.example.org>"

WHITFIELD = "Dana Whitfield"
OYELARAN = "Marcus Oyelaran"
CASTELLANOS = "Priya Castellanos"

CALLOWAY = AgentFacts(
    name="Officer Raymond Calloway",
    badge_number="ERO-40117",
    agency=Agency.ICE_ERO,
    supervisor_name="SDDO Kendra Brennan",
    supervisor_phone="(303) 555-0120",
)
LINDQVIST = AgentFacts(
    name="Agent Dale Lindqvist",
    badge_number="CBP-61934",
    agency=Agency.CBP,
    supervisor_name="Watch Commander Sara Lund",
    supervisor_phone="(303) 555-0188",
)
WHITCOMB = StaffFacts(
    name="Angela Whitcomb",
    role="Principal",
    phone="(303) 555-0142",
    email="awhitcomb@meadow-ridge.example.org",
    is_caller=True,
)
MEADOW_RIDGE = "Meadow Ridge Elementary"
CEDAR_HOLLOW = "Cedar Hollow High School"
FOXGLOVE = "Foxglove Middle School"


@dataclass(frozen=True)
class _Step:
    status: CaseStatus
    reason: str


@dataclass(frozen=True)
class _Advice:
    minutes_after: int
    recipient: str
    subject: str
    body: str
    channel: DeliveryChannel = DeliveryChannel.EML


@dataclass(frozen=True)
class _Mark:
    """An annotation on the first document, placed on the words it names."""

    kind: AnnotationKind
    words: str
    text: str = ""
    color: str | None = None


# What the attorney wrote when ticking the items the case cannot prove by itself.
_TICK_NOTES = {
    "other_documents": "The officer handed over nothing else.",
    "notes_attached": "The principal's call notes are in the case notes.",
    "next_steps": "Principal told by phone after the advice went out.",
}


@dataclass(frozen=True)
class _Plan:
    """One demo case: when it came in, what the call established, and what followed."""

    received_at: datetime
    intake: CaseIntake
    steps: tuple[_Step, ...] = ()
    documents: tuple[Callable[[datetime], tuple[str, bytes, str]], ...] = ()
    advice: _Advice | None = None
    security_after_minutes: int | None = None
    security_contact: str = ""
    records_requested: str = ""
    requesting_party: str = ""
    # A finished case: documents checked and confirmed, the checklist worked through,
    # and the warrant marked up, so a newcomer sees every part of the workflow.
    finished: bool = False
    marks: tuple[_Mark, ...] = ()
    # Closed though a required item is open: shows the close gate's reason.
    closed_with_open_items: bool = False


def populate(workspace: Workspace) -> int:
    """Add the demo cases to a new, empty workspace and return how many were added."""
    with workspace.session() as session:
        existing = session.scalar(select(func.count()).select_from(Case)) or 0
    if existing:
        raise LegalDeskError(
            f"Demo cases go into a new, empty workspace; this one already holds {existing} "
            "case(s). Run `legal-desk demo --data-dir` with a new folder."
        )
    now = workspace.clock()
    plans = sorted(_plans(now), key=lambda p: p.received_at)
    cases = CaseService(workspace)
    store = DocumentStore(workspace)
    with workspace.session() as session:
        security_phone = (
            session.scalar(select(Contact.phone).where(Contact.key == "security")) or ""
        )
    for plan in plans:
        case_id = cases.create(plan.intake)
        document_ids = [
            store.attach(case_id, filename, data, description=description)
            for filename, data, description in (make(plan.received_at) for make in plan.documents)
        ]
        closing = [s for s in plan.steps if s.status is CaseStatus.CLOSED]
        for step in plan.steps:
            if step.status is not CaseStatus.CLOSED:
                cases.set_status(case_id, step.status, step.reason)
        _add_records(workspace, case_id, plan, security_phone)
        if plan.finished:
            _finish(workspace, case_id, document_ids, plan)
        for step in closing:
            cases.set_status(
                case_id,
                step.status,
                step.reason,
                override_open_items=plan.closed_with_open_items,
            )
    with workspace.transaction() as session:
        session.add(Setting(key=DEMO_SETTING_KEY, value=json.dumps(True)))
    return len(plans)


def _add_records(workspace: Workspace, case_id: int, plan: _Plan, security_phone: str) -> None:
    """The advice sent, the call to Security and the FERPA log entries of one case."""
    attorney = plan.intake.assigned_attorney or ""
    with workspace.transaction() as session:
        if plan.advice is not None:
            advice = plan.advice
            sent_at = plan.received_at + timedelta(minutes=advice.minutes_after)
            session.add(
                SentAdvice(
                    case_id=case_id,
                    channel=advice.channel,
                    recipient=advice.recipient,
                    subject=advice.subject,
                    body_text=advice.body,
                    body_html="".join(
                        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>"
                        for p in advice.body.split("\n\n")
                    ),
                    sent_at=sent_at,
                    author=attorney,
                )
            )
        if plan.security_after_minutes is not None:
            at = plan.received_at + timedelta(minutes=plan.security_after_minutes)
            session.add(
                SecurityNotification(
                    case_id=case_id,
                    notified_at=at,
                    person_spoken_to=plan.security_contact,
                    number_called=security_phone,
                    method="phone",
                    recorded_by=attorney,
                    recorded_at=at + timedelta(minutes=2),
                )
            )
        if plan.records_requested:
            students = session.scalars(select(Student).where(Student.case_id == case_id)).all()
            for student in students:
                session.add(
                    DisclosureLogEntry(
                        case_id=case_id,
                        student_id=student.id,
                        entry_type=DisclosureEntryType.REQUEST,
                        party=plan.requesting_party,
                        legitimate_interest="None shown; request made for an agency investigation.",
                        records_described=plan.records_requested,
                        legal_basis=LegalBasis.NONE,
                        occurred_at=plan.received_at,
                        notes="Request recorded; nothing released.",
                        recorded_by=attorney,
                    )
                )


def _finish(workspace: Workspace, case_id: int, document_ids: list[int], plan: _Plan) -> None:
    """Check and confirm every document, mark up the first, and tick what is left."""
    checker = ClassificationService(workspace)
    for document_id in document_ids:
        result = checker.run(document_id)
        checker.confirm(result.id, result.suggested_kind)
    if document_ids and plan.marks:
        _mark_up(workspace, document_ids[0], plan.marks)
    checklist = ChecklistService(workspace)
    for item in checklist.items(case_id):
        if not item.done:
            checklist.tick(item.id, note=_TICK_NOTES.get(item.key, ""))


def _mark_up(workspace: Workspace, document_id: int, marks: tuple[_Mark, ...]) -> None:
    annotations = AnnotationService(workspace)
    data = DocumentStore(workspace).original_bytes(document_id)
    with load_pymupdf().open(stream=data, filetype="pdf") as pdf:
        page = pdf[0]
        for mark in marks:
            quads = page.search_for(mark.words, quads=True)
            if not quads:
                raise LegalDeskError(f"Demo: “{mark.words}” is not on the specimen.")
            quad = quads[0]
            box = quad.rect
            if mark.kind is AnnotationKind.NOTE:
                # A note is pinned just right of the words it comments on.
                rect = (box.x1 + 4, box.y0, box.x1 + 4, box.y0)
                geometry: tuple[tuple[float, ...], ...] = ()
            else:
                rect = (box.x0, box.y0, box.x1, box.y1)
                geometry = (
                    tuple(n for p in (quad.ul, quad.ur, quad.ll, quad.lr) for n in (p.x, p.y)),
                )
            annotations.add(
                document_id,
                AnnotationSpec(
                    page=0,
                    kind=mark.kind,
                    rect=rect,
                    geometry=geometry,
                    color=mark.color,
                    text=mark.text,
                ),
            )


# ----- the cases -----


def _school_time(now: datetime, days_ago: int, hour: int, minute: int) -> datetime:
    """A school-day moment `days_ago` days before now (weekends move to the Friday)."""
    day = now.astimezone(_SCHOOL_TZ).date() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(hour, minute), _SCHOOL_TZ).astimezone(UTC)


def _plans(now: datetime) -> list[_Plan]:
    at = _school_time
    plans = [
        _closed_admin_warrant(at(now, 19, 8, 40)),
        _judicial_search_warrant(at(now, 17, 10, 15)),
        _cbp_schedule_question(at(now, 15, 13, 30)),
        _records_subpoena_by_email(at(now, 12, 11, 50)),
        _phone_photo_of_warrant(at(now, 9, 14, 5)),
        _records_by_phone(at(now, 6, 9, 30)),
        _cbp_parking_lot(at(now, 3, 7, 55)),
        _repeat_visit(at(now, 1, 12, 20)),
        _urgent_exigent(now - timedelta(minutes=35)),
        _unidentified_people_at_pickup(now - timedelta(hours=2, minutes=10)),
    ]
    # The intake carries the moment of the call, as the attorney would enter it.
    return [
        replace(p, intake=replace(p.intake, received_at=p.received_at, contact_at=p.received_at))
        for p in plans
    ]


def _closed_admin_warrant(received: datetime) -> _Plan:
    def warrant(received_at: datetime) -> tuple[str, bytes, str]:
        pdf = specimens.administrative_warrant_pdf(
            specimens.AdministrativeWarrant(issued=received_at.date() - timedelta(days=4))
        )
        name = f"Scan_{received_at.astimezone(_SCHOOL_TZ):%Y-%m-%d_%H%M}.pdf"
        return name, pdf, "Scan of the document the officer showed at the front desk."

    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school=MEADOW_RIDGE,
            request_type=RequestType.STUDENT_ACCESS,
            stated_purpose="Asked to speak with a 4th-grade student during the school day.",
            document_presented=Presented.YES,
            officer_location=OfficerLocation.OUTSIDE,
            officer_location_note="Waited in his vehicle at the front curb.",
            officer_cooperative=True,
            assigned_attorney=WHITFIELD,
            notes=(
                "08:40 Principal called. Officer at the front desk asked for a 4th-grade "
                "student by name and showed a one-page document; the office scanned it.\n"
                "08:52 Reviewed the scan: DHS Form I-200 signed by a supervisory immigration "
                "officer. No court caption, no judge's signature. Administrative warrant.\n"
                "09:05 Advice sent (see Advice). Principal told the officer that the legal "
                "office had reviewed the document and would reply to his supervisor.\n"
                "09:18 Officer left without the student. Principal called Security.\n"
                "Following day: left a message with the supervisor at the number given; "
                "no further contact."
            ),
            staff=(
                WHITCOMB,
                StaffFacts(
                    name="Gail Sorensen", role="Front office manager", phone="(303) 555-0143"
                ),
            ),
            agents=(CALLOWAY,),
            students=(StudentFacts(name="Lucia Brightwater", grade="4"),),
        ),
        steps=(
            _Step(CaseStatus.IN_REVIEW, "Reviewing the scanned warrant"),
            _Step(CaseStatus.ADVICE_SENT, "Advice e-mailed to the principal"),
            _Step(CaseStatus.SECURITY_NOTIFIED, "Principal called Security at 09:20"),
            _Step(
                CaseStatus.CLOSED,
                "Officer left without the student; supervisor informed; no further contact.",
            ),
        ),
        documents=(warrant,),
        advice=_Advice(
            minutes_after=25,
            recipient=WHITCOMB.email,
            subject="Meadow Ridge: guidance on this morning's visit",
            body=(
                "Ms. Whitcomb,\n\n"
                "Thank you for the call and the scan. The document is an administrative "
                "warrant (DHS Form I-200). It is signed by an immigration officer, not by a "
                "judge. It does not authorize entry into non-public areas of the school and "
                "does not require the school to bring a student to the officer.\n\n"
                "Please do not consent to the officer entering non-public areas, and keep "
                "the student's day as usual. Tell the officer, politely, that the legal "
                "office has reviewed the document and will respond to his supervisor. "
                "Release students only to a parent or a listed emergency contact. Note "
                "anything further the officer says, with the time.\n\n"
                "If the officer says there is an emergency or gives a lawful order, do not "
                "interfere: comply, and call me and Security at once.\n\n"
                "When the officer has left, please call District Security, as the "
                "procedure asks.\n\n"
                "Dana Whitfield\nOffice of Legal Counsel"
            ),
        ),
        security_after_minutes=40,
        security_contact="Dispatcher L. Moreno (District Security)",
        finished=True,
        marks=(
            _Mark(AnnotationKind.HIGHLIGHT, "SUPERVISORY DETENTION AND DEPORTATION OFFICER"),
            _Mark(
                AnnotationKind.NOTE,
                "SUPERVISORY DETENTION AND DEPORTATION OFFICER",
                text="Signed by an immigration officer, not a judge: no court caption.",
            ),
            _Mark(AnnotationKind.UNDERLINE, "probable cause", color="#d62728"),
        ),
    )


def _judicial_search_warrant(received: datetime) -> _Plan:
    def warrant(received_at: datetime) -> tuple[str, bytes, str]:
        issued = (received_at - timedelta(days=3)).replace(hour=21, minute=40)
        pdf = specimens.judicial_search_warrant_pdf(
            specimens.SearchWarrant(
                issued=issued.astimezone(_SCHOOL_TZ),
                execute_by=issued.date() + timedelta(days=14),
            )
        )
        return "search_warrant.pdf", pdf, "Warrant and attachments handed to the principal."

    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school=CEDAR_HOLLOW,
            request_type=RequestType.PROPERTY_ENTRY,
            stated_purpose=(
                "Two HSI agents came to search the front office and take visitor logs and "
                "entrance camera recordings, under a search warrant."
            ),
            document_presented=Presented.YES,
            officer_location=OfficerLocation.FRONT_OFFICE,
            officer_cooperative=True,
            assigned_attorney=OYELARAN,
            notes=(
                "10:15 Principal called; agents waiting in the front office with a warrant.\n"
                "10:25 Reviewed the copy: AO 93 search and seizure warrant, United States "
                "District Court for the District of Colorado, signed by a magistrate judge. "
                "Execution deadline not passed; daytime execution. Scope: Attachment A "
                "(front office, records room, camera closet); Attachment B (visitor logs, "
                "entrance recordings, badge records).\n"
                "10:32 Advised the school to comply within that scope only, with a staff "
                "member present, and to ask for the inventory.\n"
                "11:40 Agents left with the logs and a copy of the recordings; inventory "
                "received and added to the file by the school."
            ),
            staff=(
                StaffFacts(
                    name="Dr. Vernon Ashby",
                    role="Principal",
                    phone="(720) 555-0151",
                    email="vashby@cedar-hollow.example.org",
                    is_caller=True,
                ),
                StaffFacts(
                    name="Keisha Landry", role="Assistant principal", phone="(720) 555-0152"
                ),
            ),
            agents=(
                AgentFacts(
                    name="Special Agent Lena Okafor",
                    badge_number="HSI-52208",
                    agency=Agency.ICE_HSI,
                    supervisor_name="Group Supervisor Theo Marchetti",
                    supervisor_phone="(720) 555-0163",
                ),
                AgentFacts(
                    name="Special Agent Paul Reinholt",
                    badge_number="HSI-52231",
                    agency=Agency.ICE_HSI,
                ),
            ),
        ),
        steps=(
            _Step(CaseStatus.IN_REVIEW, "Reading the warrant and its attachments"),
            _Step(CaseStatus.ADVICE_SENT, "Advised to comply within the warrant's scope"),
            _Step(CaseStatus.SECURITY_NOTIFIED, "Security informed; officer on site"),
            _Step(CaseStatus.CLOSED, "Warrant executed within its scope; inventory on file."),
        ),
        documents=(warrant,),
        advice=_Advice(
            minutes_after=17,
            recipient="vashby@cedar-hollow.example.org",
            subject="Cedar Hollow: search warrant, comply within its scope",
            body=(
                "Dr. Ashby,\n\n"
                "The warrant is signed by a United States Magistrate Judge, names Cedar "
                "Hollow High School, and is being executed within its deadline and in "
                "daytime hours. The school should comply with it.\n\n"
                "Its scope is limited. The agents may search the main office, the records "
                "room and the camera equipment closet (Attachment A) and take the items in "
                "Attachment B: visitor logs, entrance camera recordings and visitor badge "
                "records for the dates given. Please do not consent to searches of other "
                "areas and do not hand over other records.\n\n"
                "Have a staff member stay with the agents, keep a list of what is taken, "
                "and ask for a copy of the inventory. Students should not be involved.\n\n"
                "Marcus Oyelaran\nOffice of Legal Counsel"
            ),
        ),
        security_after_minutes=30,
        security_contact="Officer Pete Galvan (District Security)",
        finished=True,
    )


def _cbp_schedule_question(received: datetime) -> _Plan:
    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school=FOXGLOVE,
            request_type=RequestType.OTHER,
            stated_purpose=(
                "Asked for the bell schedule and where the buses wait; said it was for "
                "planning an operation in the area, not about the school."
            ),
            document_presented=Presented.NO,
            officer_location=OfficerLocation.FRONT_OFFICE,
            officer_cooperative=True,
            assigned_attorney=CASTELLANOS,
            notes=(
                "Agent asked at the front counter; no document shown and none requested. "
                "Bell times are on the public website; bus locations are not. Advised to "
                "share nothing beyond the website and to refer further questions to us."
            ),
            staff=(
                StaffFacts(
                    name="Owen Pratt",
                    role="Assistant principal",
                    phone="(303) 555-0164",
                    is_caller=True,
                ),
            ),
            agents=(LINDQVIST,),
        ),
        steps=(
            _Step(CaseStatus.IN_REVIEW, "Call taken"),
            _Step(CaseStatus.ADVICE_SENT, "Advice given by phone and confirmed by e-mail"),
            _Step(CaseStatus.SECURITY_NOTIFIED, "Security told of the visit"),
        ),
        advice=_Advice(
            minutes_after=20,
            recipient="opratt@foxglove.example.org",
            subject="Foxglove: questions about schedules and buses",
            body=(
                "Mr. Pratt,\n\n"
                "As discussed: the school may point visitors to the bell schedule on the "
                "public website, but please do not share bus locations, routes or any "
                "information about students. If the agent returns or calls, take his "
                "details and refer him to the legal office.\n\n"
                "Priya Castellanos\nOffice of Legal Counsel"
            ),
        ),
        security_after_minutes=45,
        security_contact="Dispatcher L. Moreno (District Security)",
    )


def _records_subpoena_by_email(received: datetime) -> _Plan:
    def email(received_at: datetime) -> tuple[str, bytes, str]:
        issued = received_at.date() - timedelta(days=1)
        subpoena = specimens.administrative_subpoena_pdf(
            specimens.AdministrativeSubpoena(
                issued=issued,
                respond_by=issued + timedelta(days=10),
                school=MEADOW_RIDGE,
                school_address="1180 Example Lane, Aurora, CO 80000 (fictional address)",
                records=(
                    "For the student LUCIA BRIGHTWATER (grade 4): the enrollment form; the "
                    "home address and telephone numbers on file; the names and contact "
                    "details of parents, guardians and emergency contacts; attendance "
                    "records for the current school year."
                ),
            )
        )
        local = received_at.astimezone(_SCHOOL_TZ)
        eml = specimens.school_email_eml(
            specimens.SchoolEmail(
                sender_name="Angela Whitcomb",
                sender_address=WHITCOMB.email,
                recipient=LEGAL_OFFICE,
                subject="Subpoena left at Meadow Ridge this morning",
                sent_at=local + timedelta(minutes=6),
                message_id=f"<{local:%Y%m%d%H%M}.demo@meadow-ridge.example.org>",
                body=(
                    "Hello,\n\n"
                    f"An immigration officer (Officer Raymond Calloway, badge "
                    f"{CALLOWAY.badge_number}) came to the front office at "
                    f"{local - timedelta(minutes=10):%H:%M} and handed our office manager the "
                    "attached subpoena. He asked for records about one of our 4th graders "
                    "and said he would come back for them. He did not ask to see the "
                    "student, and he left a few minutes later.\n\n"
                    f"He gave his supervisor's number as {CALLOWAY.supervisor_phone}.\n\n"
                    "We have not released anything. The paper original is in a sealed "
                    "envelope in my office.\n\n"
                    "Please let me know what we should do next.\n\n"
                    "Angela Whitcomb\nPrincipal, Meadow Ridge Elementary\n"
                    f"{WHITCOMB.phone}"
                ),
                attachments=(("subpoena.pdf", subpoena),),
            )
        )
        return "Subpoena left at Meadow Ridge.eml", eml, "E-mail from the principal."

    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school=MEADOW_RIDGE,
            request_type=RequestType.STUDENT_RECORDS,
            stated_purpose="Left a subpoena for a 4th-grade student's records; will return.",
            document_presented=Presented.YES,
            officer_location=OfficerLocation.OTHER,
            officer_location_note="Left after handing the subpoena to the front office.",
            officer_cooperative=True,
            assigned_attorney=WHITFIELD,
            notes=(
                "Same officer and badge as the visit of three weeks ago, same student.\n"
                "The subpoena is an administrative subpoena issued by an immigration officer "
                "(Form I-138); no court order. Nothing to be released. Request entered in "
                "the FERPA log. Letter to the issuing office to be drafted before the "
                "return date."
            ),
            staff=(WHITCOMB,),
            agents=(CALLOWAY,),
            students=(StudentFacts(name="Lucia Brightwater", grade="4"),),
        ),
        steps=(
            _Step(CaseStatus.IN_REVIEW, "Subpoena received by e-mail"),
            _Step(CaseStatus.ADVICE_SENT, "Told the school to release nothing"),
        ),
        documents=(email,),
        advice=_Advice(
            minutes_after=45,
            recipient=WHITCOMB.email,
            subject="Meadow Ridge: the subpoena, release nothing",
            body=(
                "Ms. Whitcomb,\n\n"
                "The document is an administrative subpoena issued by an immigration officer. "
                "It is not a court order and does not by itself require the school to "
                "release records. Please do not release any records or confirm any "
                "information about the student.\n\n"
                "If the officer returns, tell him the legal office is handling the request "
                "and give him our number. We will reply to the issuing office before the "
                "date on the subpoena. The request has been entered in the student's record "
                "of requests, as FERPA requires.\n\n"
                "Dana Whitfield\nOffice of Legal Counsel"
            ),
        ),
        records_requested=(
            "Enrollment form, address and telephone numbers, parent and emergency contacts, "
            "attendance for the current year."
        ),
        requesting_party=(
            f"U.S. Immigration and Customs Enforcement, ERO ({CALLOWAY.name}, badge "
            f"{CALLOWAY.badge_number})"
        ),
    )


def _phone_photo_of_warrant(received: datetime) -> _Plan:
    def photo(received_at: datetime) -> tuple[str, bytes, str]:
        pdf = specimens.administrative_warrant_pdf(
            specimens.AdministrativeWarrant(
                issued=received_at.date() - timedelta(days=2),
                file_number="SPEC-0000-6023",
                event_number="DEN-SPEC-26-0341",
                subject="SPECIMEN SUBJECT B (fictional placeholder)",
                officer_name="J. PELLETIER",
            )
        )
        png = specimens.phone_photo_png(pdf, angle=-2.0)
        return "photo_front_desk.png", png, "Phone photo taken by the principal."

    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school="Juniper Park K-8",
            request_type=RequestType.STUDENT_ACCESS,
            stated_purpose="Asked to meet a 6th-grade student before dismissal.",
            document_presented=Presented.YES,
            officer_location=OfficerLocation.OUTSIDE,
            officer_location_note="Agreed to wait outside the main entrance.",
            officer_cooperative=True,
            assigned_attorney=OYELARAN,
            notes=(
                "No scanner free; the principal photographed the document with her phone. "
                "The photo shows an I-200 style form, signed by an immigration officer; no "
                "judge. Waiting for the supervisor to call back before advising on the "
                "officer's request to return tomorrow."
            ),
            staff=(
                StaffFacts(
                    name="Helen Okonkwo",
                    role="Principal",
                    phone="(720) 555-0171",
                    email="hokonkwo@juniper-park.example.org",
                    is_caller=True,
                ),
            ),
            agents=(
                AgentFacts(
                    name="Officer Jill Haverford",
                    badge_number="ERO-40362",
                    agency=Agency.ICE_ERO,
                    supervisor_name="SDDO Kendra Brennan",
                    supervisor_phone="(303) 555-0120",
                ),
            ),
            students=(StudentFacts(name="Eli Marchbanks", grade="6"),),
        ),
        steps=(_Step(CaseStatus.IN_REVIEW, "Reviewing the photo of the document"),),
        documents=(photo,),
    )


def _records_by_phone(received: datetime) -> _Plan:
    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school="Prairie Wind Elementary",
            request_type=RequestType.STUDENT_RECORDS,
            stated_purpose=(
                "A caller who said he was an ICE officer asked the registrar to confirm "
                "whether two students attend the school and to give their home address."
            ),
            document_presented=Presented.NO,
            officer_location=OfficerLocation.OTHER,
            officer_location_note="Telephone call only; no one came to the school.",
            assigned_attorney=CASTELLANOS,
            notes=(
                "The registrar confirmed nothing and took the caller's details. The number "
                "he gave reaches a general voicemail. No written request has followed. "
                "Both requests entered in the FERPA log."
            ),
            staff=(
                StaffFacts(
                    name="Ruth Delacroix", role="Registrar", phone="(303) 555-0176", is_caller=True
                ),
            ),
            agents=(
                AgentFacts(
                    name="Officer T. Nakamura",
                    badge_number="ERO-40415",
                    agency=Agency.ICE_ERO,
                    supervisor_phone="(303) 555-0177",
                ),
            ),
            students=(
                StudentFacts(name="Noah Adeyemi", grade="5"),
                StudentFacts(name="Grace Adeyemi", grade="3"),
            ),
        ),
        steps=(
            _Step(CaseStatus.IN_REVIEW, "Call taken"),
            _Step(CaseStatus.ADVICE_SENT, "Advice given to the registrar"),
            _Step(CaseStatus.CLOSED, "No written request followed; nothing was released."),
        ),
        advice=_Advice(
            minutes_after=15,
            recipient="rdelacroix@prairie-wind.example.org",
            subject="Prairie Wind: telephone request about students",
            body=(
                "Ms. Delacroix,\n\n"
                "Thank you for confirming nothing on the phone; that was right. Please do "
                "not confirm whether anyone is enrolled, and do not give out addresses or "
                "other student information by telephone. If the caller calls again, take his "
                "name, badge number and supervisor's number and refer him to the legal "
                "office.\n\n"
                "Priya Castellanos\nOffice of Legal Counsel"
            ),
        ),
        records_requested="Confirmation of enrollment and home address.",
        requesting_party="Caller identifying as ICE ERO (Officer T. Nakamura, badge ERO-40415)",
        closed_with_open_items=True,
    )


def _cbp_parking_lot(received: datetime) -> _Plan:
    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school=CEDAR_HOLLOW,
            request_type=RequestType.PROPERTY_ENTRY,
            stated_purpose=(
                "Asked permission to park in the staff lot and watch the morning arrivals."
            ),
            document_presented=Presented.NO,
            officer_location=OfficerLocation.OUTSIDE,
            officer_location_note="Vehicle parked on the street by the staff lot entrance.",
            officer_cooperative=True,
            assigned_attorney=OYELARAN,
            notes=(
                "Same agent and badge as the Foxglove visit two weeks ago. No document. The "
                "staff lot is not open to the public; permission refused on our advice. "
                "The agent moved his vehicle and left at about 08:30."
            ),
            staff=(
                StaffFacts(
                    name="Keisha Landry",
                    role="Assistant principal",
                    phone="(720) 555-0152",
                    is_caller=True,
                ),
            ),
            agents=(LINDQVIST,),
        ),
        steps=(
            _Step(CaseStatus.ADVICE_SENT, "Advised to refuse permission to use the staff lot"),
            _Step(CaseStatus.SECURITY_NOTIFIED, "Security asked to check the lot"),
        ),
        advice=_Advice(
            minutes_after=10,
            recipient="klandry@cedar-hollow.example.org",
            subject="Cedar Hollow: request to use the staff lot",
            body=(
                "Ms. Landry,\n\n"
                "The staff lot is not open to the public and the school should not give "
                "permission to use it. Tell the agent so, politely; staff should not argue "
                "or discuss students. What happens on the public street is outside the "
                "school's control. Please let Security know, and call us if the agent "
                "returns with a document.\n\n"
                "Marcus Oyelaran\nOffice of Legal Counsel"
            ),
            channel=DeliveryChannel.CLIPBOARD,
        ),
        security_after_minutes=25,
        security_contact="Officer Pete Galvan (District Security)",
    )


def _repeat_visit(received: datetime) -> _Plan:
    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school=MEADOW_RIDGE,
            request_type=RequestType.STUDENT_ACCESS,
            stated_purpose="Asked again to speak with the same 4th-grade student.",
            document_presented=Presented.UNKNOWN,
            officer_location=OfficerLocation.FRONT_OFFICE,
            officer_cooperative=True,
            assigned_attorney=WHITFIELD,
            notes=(
                "Third visit by the same badge number to this school. The principal is not "
                "sure whether the paper shown today is the same warrant as last time; she "
                "is asking the officer for a copy. Advice to follow once we see it."
            ),
            staff=(WHITCOMB,),
            agents=(CALLOWAY,),
            students=(StudentFacts(name="Lucia Brightwater", grade="4"),),
        ),
        steps=(_Step(CaseStatus.IN_REVIEW, "Waiting for a copy of today's document"),),
    )


def _urgent_exigent(received: datetime) -> _Plan:
    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school="Aspen Terrace Elementary",
            request_type=RequestType.STUDENT_ACCESS,
            stated_purpose=(
                "Officer said it was an emergency and gave what he called a lawful order "
                "to bring a 2nd-grade student to the office at once."
            ),
            document_presented=Presented.NO,
            officer_location=OfficerLocation.FRONT_OFFICE,
            officer_location_note="Standing at the front counter with a second officer.",
            officer_cooperative=False,
            exigent_claimed=True,
            lawful_order_claimed=True,
            assigned_attorney=CASTELLANOS,
            notes=(
                "Officer claimed exigent circumstances; said the paperwork is in the "
                "vehicle. Principal told to comply and not interfere, and to call Security "
                "now. Supervisor's number and the second officer's name not yet obtained."
            ),
            staff=(
                StaffFacts(
                    name="Samuel Brandt", role="Principal", phone="(303) 555-0183", is_caller=True
                ),
                StaffFacts(name="Nadia Haddad", role="School counselor", phone="(303) 555-0184"),
            ),
            agents=(
                AgentFacts(
                    name="Officer Brent Kowalczyk", badge_number="ERO-40588", agency=Agency.ICE_ERO
                ),
                AgentFacts(agency=Agency.ICE_ERO),
            ),
            students=(StudentFacts(name="Sofia Quintero-Hale", grade="2"),),
        ),
    )


def _unidentified_people_at_pickup(received: datetime) -> _Plan:
    return _Plan(
        received_at=received,
        intake=CaseIntake(
            school=FOXGLOVE,
            request_type=RequestType.OTHER,
            stated_purpose=(
                "Parents reported two people who said they were federal agents asking "
                "questions near the pickup line, on the sidewalk outside school grounds."
            ),
            document_presented=Presented.UNKNOWN,
            officer_location=OfficerLocation.OUTSIDE,
            officer_location_note="Public sidewalk on the east side of the campus.",
            notes="Not yet assigned. No names, badges or agency known.",
            staff=(
                StaffFacts(
                    name="Maribel Fuentes", role="Registrar", phone="(303) 555-0165", is_caller=True
                ),
            ),
        ),
    )
