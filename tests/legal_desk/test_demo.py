"""The demo workspace: realistic, complete, fictional, encrypted, and quick to make."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import String, Text, select

from legal_desk import audit
from legal_desk.checklist.service import ChecklistService
from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.documents import DocumentStore
from legal_desk.documents.annotations import AnnotationService
from legal_desk.documents.specimens import SPECIMEN_BANNER
from legal_desk.errors import LegalDeskError
from legal_desk.services.classification import ClassificationService
from legal_desk.services.demo import DEMO_SETTING_KEY, populate
from legal_desk.storage.integrity import verify
from legal_desk.workspace import Passphrase, Workspace, db_path, unwrap_key
from models import (
    Agency,
    Agent,
    AnnotationKind,
    Base,
    Case,
    CaseStatus,
    DisclosureLogEntry,
    Document,
    DocumentKind,
    RequestType,
    SchoolStaff,
    SecurityNotification,
    SentAdvice,
    Setting,
    Student,
)
from tests.conftest import PASSPHRASE

FIXED_NOW = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)  # a Wednesday, mid-morning in Denver
# Wording that would state or imply someone's immigration status.
STATUS_WORDING = (
    "undocumented",
    "illegal alien",
    "illegal immigrant",
    "illegally present",
    "unlawfully present",
    "immigration status:",
    "is removable",
    "removable alien",
    "deportable",
    "overstay",
    "out of status",
    "no lawful status",
    "without papers",
)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo workspace for the read-only tests of this module (populating takes ~1 s)."""
    directory = tmp_path_factory.mktemp("demo") / "workspace"
    workspace = Workspace.create(
        directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS, os_user="tester"
    ).workspace
    workspace.clock = lambda: FIXED_NOW
    try:
        populate(workspace)
    finally:
        workspace.lock()
    return directory


@pytest.fixture
def demo(demo_dir: Path) -> Iterator[Workspace]:
    workspace = Workspace.unlock(demo_dir, Passphrase(PASSPHRASE), os_user="tester")
    yield workspace
    workspace.lock()


def _cases(workspace: Workspace) -> list[Case]:
    with workspace.session() as session:
        cases = session.scalars(select(Case).order_by(Case.received_at)).all()
        for case in cases:  # load what the tests read, before the session closes
            _ = (case.school, case.staff, case.agents, case.students, case.documents)
        return list(cases)


def test_populate_returns_the_number_of_cases(workspace: Workspace) -> None:
    count = populate(workspace)
    assert count == len(_cases(workspace)) >= 8


def test_cases_cover_every_status_request_type_and_agency(demo: Workspace) -> None:
    cases = _cases(demo)
    assert {c.status for c in cases} == set(CaseStatus)
    assert {c.request_type for c in cases} == set(RequestType)
    agencies = {a.agency for c in cases for a in c.agents}
    assert {Agency.ICE_ERO, Agency.ICE_HSI, Agency.CBP} <= agencies
    assert len({c.school_name for c in cases}) >= 4
    attorneys = {c.assigned_attorney for c in cases} - {None}
    assert 2 <= len(attorneys) <= 3
    assert any(c.assigned_attorney is None for c in cases)  # one still waits for an attorney


def test_cases_spread_over_three_weeks_before_the_clock(demo: Workspace) -> None:
    received = [c.received_at for c in _cases(demo)]
    assert all(FIXED_NOW - timedelta(days=23) <= r <= FIXED_NOW for r in received)
    assert max(received) - min(received) >= timedelta(days=14)
    references = [c.reference for c in _cases(demo)]  # in order of arrival
    assert references == sorted(references)


def test_an_urgent_case_with_a_claimed_emergency(demo: Workspace) -> None:
    urgent = [c for c in _cases(demo) if c.urgent]
    assert urgent
    assert any(c.exigent_claimed and c.status is CaseStatus.NEW for c in urgent)


def test_one_school_sees_the_same_badge_again(demo: Workspace) -> None:
    visits = Counter(
        (c.school_name, a.badge_number) for c in _cases(demo) for a in c.agents if a.badge_number
    )
    assert max(visits.values()) >= 3


def test_people_on_the_cases(demo: Workspace) -> None:
    cases = _cases(demo)
    callers = [s for c in cases for s in c.staff if s.is_caller]
    assert len(callers) == len(cases)
    assert all(s.name and s.role and s.phone for s in callers)
    students = [s for c in cases for s in c.students]
    assert students
    assert all(s.name and s.grade and s.school_name for s in students)
    phones = [s.phone for s in callers] + [a.supervisor_phone for c in cases for a in c.agents]
    assert all("555-01" in p for p in phones if p)  # numbers reserved for fiction


def test_a_finished_case_shows_every_part_of_the_workflow(demo: Workspace) -> None:
    """Issue 6: an annotated warrant, a confirmed checker result, advice sent, the
    checklist complete, Security notified, and closed."""
    closed = [c for c in _cases(demo) if c.status is CaseStatus.CLOSED]
    checklist = ChecklistService(demo)
    checker = ClassificationService(demo)
    annotations = AnnotationService(demo)
    finished = []
    with demo.session() as session:
        for case in closed:
            advice = session.scalar(select(SentAdvice.id).where(SentAdvice.case_id == case.id))
            security = session.scalar(
                select(SecurityNotification.id).where(SecurityNotification.case_id == case.id)
            )
            documents = session.scalars(
                select(Document.id).where(Document.case_id == case.id)
            ).all()
            if not (advice and security and documents and case.closed_reason):
                continue
            results = [checker.latest(d) for d in documents]
            marks = [a for d in documents for a in annotations.list(d)]
            items = checklist.items(case.id)
            if all(r is not None and r.confirmed for r in results) and marks:
                finished.append((case, results, marks, items))
    assert finished, "no closed demo case is finished in every part"
    case, results, marks, items = finished[0]
    assert results[0] is not None and results[0].kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert {m.kind for m in marks} >= {AnnotationKind.HIGHLIGHT, AnnotationKind.NOTE}
    assert items and all(i.done and i.done_by and i.done_at for i in items)
    assert any(i.ticked_itself for i in items) and any(not i.ticked_itself for i in items)


def test_a_case_closed_with_open_items_says_why(demo: Workspace) -> None:
    """The demo shows the close gate's other path: closed anyway, with the reason."""
    checklist = ChecklistService(demo)
    closed = [c for c in _cases(demo) if c.status is CaseStatus.CLOSED]
    with_open = [c for c in closed if checklist.open_required(c.id)]
    assert with_open
    assert all(c.closed_reason for c in with_open)


def test_records_requests_are_in_the_ferpa_log(demo: Workspace) -> None:
    with demo.session() as session:
        entries = session.scalars(select(DisclosureLogEntry)).all()
        records_cases = {
            c.id for c in _cases(demo) if c.request_type is RequestType.STUDENT_RECORDS
        }
        assert entries
        assert {e.case_id for e in entries} == records_cases
        assert all(e.student_id is not None for e in entries)


def test_documents_of_every_kind_are_attached_and_verify(demo: Workspace) -> None:
    store = DocumentStore(demo)
    with demo.session() as session:
        documents = session.scalars(select(Document)).all()
    kinds = Counter(d.media_type for d in documents)
    assert kinds["application/pdf"] >= 3
    assert kinds["image/png"] >= 1
    assert kinds["message/rfc822"] >= 1
    texts = "\n".join(d.extracted_text for d in documents)
    for title in (
        "WARRANT FOR ARREST OF ALIEN",
        "SEARCH AND SEIZURE WARRANT",
        "IMMIGRATION ENFORCEMENT SUBPOENA",
    ):
        assert title in texts
    for document in documents:
        assert store.verify_hash(document.id), document.filename
        if document.media_type == "application/pdf":
            assert SPECIMEN_BANNER in document.extracted_text
        assert store.pdf_bytes(document.id).startswith(b"%PDF-")


def test_audit_chain_and_database_verify(demo: Workspace, demo_dir: Path) -> None:
    with demo.session() as session:
        report = audit.verify_session_chain(session)
        assert report.ok
        assert report.events > 50  # every case, status change, document and record
        assert session.get(Setting, DEMO_SETTING_KEY) is not None
    demo.lock()
    _, key = unwrap_key(demo_dir, Passphrase(PASSPHRASE))
    try:
        assert verify(db_path(demo_dir), key).ok
    finally:
        key.wipe()


def test_no_stored_text_states_anyones_immigration_status(demo: Workspace) -> None:
    found: list[str] = []
    with demo.session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns:
                continue
            for row in session.execute(select(*columns)):
                for value in row:
                    lowered = str(value or "").lower()
                    found += [f"{table.name}: {w}" for w in STATUS_WORDING if w in lowered]
    assert found == []


def test_no_demo_text_on_disk_in_the_clear(demo: Workspace, demo_dir: Path) -> None:
    with demo.session() as session:
        student = session.scalars(select(Student.name)).first()
        staff = session.scalars(select(SchoolStaff.name)).first()
        badge = session.scalars(select(Agent.badge_number).where(Agent.badge_number != "")).first()
    markers = [m for m in (student, staff, badge, "Meadow Ridge", "SPECIMEN") if m]
    assert len(markers) == 5
    demo.lock()
    files = [p for p in demo_dir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        content = path.read_bytes()
        for marker in markers:
            for needle in (marker.encode(), marker.encode("utf-16-le")):
                assert needle not in content, f"{marker!r} in the clear in {path.name}"


def test_the_same_clock_gives_the_same_demo(tmp_path: Path) -> None:
    snapshots = []
    for name in ("one", "two"):
        created = Workspace.create(
            tmp_path / name, PASSPHRASE, kdf_params=FAST_TEST_PARAMS, os_user="tester"
        )
        workspace = created.workspace
        workspace.clock = lambda: FIXED_NOW
        try:
            populate(workspace)
            with workspace.session() as session:
                snapshots.append(
                    [
                        (c.reference, c.status, c.received_at, c.school_name, c.notes)
                        for c in session.scalars(select(Case).order_by(Case.id))
                    ]
                    + sorted(session.scalars(select(Document.sha256)))
                )
        finally:
            workspace.lock()
    assert snapshots[0] == snapshots[1]


def test_populate_refuses_a_workspace_that_has_cases(demo: Workspace) -> None:
    with pytest.raises(LegalDeskError, match="new, empty workspace"):
        populate(demo)
