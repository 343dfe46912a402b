"""The checker service on real workspaces: runs stored, decisions audited, originals untouched."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache

import pytest
from sqlalchemy import func, select

from legal_desk import search
from legal_desk.documents import DocumentStore, specimens
from legal_desk.documents.ocr import ocr_available
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.services.classification import ClassificationService
from legal_desk.workspace import Workspace
from models import AuditEvent, BlobRole, Classification, Document, DocumentBlob, DocumentKind

# Encounters are stamped 18:00 UTC: the same calendar day in every US zone.
ISSUED = datetime(2026, 2, 27, 21, 40, tzinfo=UTC)
EXECUTE_BY = date(2026, 3, 13)


@cache
def i200_pdf() -> bytes:
    return specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )


@cache
def ao93_pdf() -> bytes:
    return specimens.judicial_search_warrant_pdf(
        specimens.SearchWarrant(issued=ISSUED, execute_by=EXECUTE_BY)
    )


def new_case(workspace: Workspace, when: datetime) -> int:
    return CaseService(workspace).create(CaseIntake(school="X", received_at=when))


def attach(workspace: Workspace, when: datetime, name: str, data: bytes) -> int:
    return DocumentStore(workspace).attach(new_case(workspace, when), name, data)


def events(workspace: Workspace, entity: str) -> list[AuditEvent]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.seq)
            )
        )


def test_i200_is_stored_as_administrative_warrant_with_regions(workspace: Workspace) -> None:
    document_id = attach(workspace, datetime(2026, 3, 3, 18, tzinfo=UTC), "i200.pdf", i200_pdf())
    service = ClassificationService(workspace)
    seen: list[tuple[int, int]] = []

    view = service.run(document_id, progress=lambda done, total: seen.append((done, total)))

    assert seen == [(1, 1)]
    assert view.suggested_kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert view.form_name == "I-200"
    assert 0 < view.confidence <= 1
    assert view.checker_version and view.confirmed_kind is None
    assert any(f.region is not None for f in view.findings)
    assert service.latest(document_id) == replace(view, notes=())
    stored = service.findings(view.id)
    assert stored == list(view.findings)
    with_region = next(f for f in stored if f.region is not None)
    assert with_region.region is not None and with_region.region.page == 1
    assert with_region.page == 1
    with workspace.session() as session:
        row = session.get(Classification, view.id)
        assert row is not None
        raw = json.loads(row.findings)
    assert {"check", "result", "page", "region", "confirm"} <= set(raw[0])
    assert any(isinstance(item["region"], list) and len(item["region"]) == 5 for item in raw)
    summaries = [e.summary for e in events(workspace, "classification")]
    assert summaries == [
        f"Document checker: administrative_warrant (I-200), confidence {view.confidence:.2f}"
    ]
    assert DocumentStore(workspace).verify_hash(document_id)


def test_ao93_deadline_is_judged_on_the_cases_encounter_date(workspace: Workspace) -> None:
    service = ClassificationService(workspace)
    before = attach(workspace, datetime(2026, 3, 10, 18, tzinfo=UTC), "ao93.pdf", ao93_pdf())
    after = attach(workspace, datetime(2026, 3, 20, 18, tzinfo=UTC), "ao93.pdf", ao93_pdf())

    def deadline(document_id: int) -> str:
        view = service.run(document_id)
        assert view.suggested_kind is DocumentKind.JUDICIAL_WARRANT
        found = next(f for f in view.findings if f.check == "execution_deadline")
        assert found.region is not None
        return found.result

    assert "had not yet passed" in deadline(before)
    assert "had passed" in deadline(after) and "not yet" not in deadline(after)


def test_contact_date_wins_over_received_date(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="X",
            received_at=datetime(2026, 3, 20, 18, tzinfo=UTC),
            contact_at=datetime(2026, 3, 5, 18, tzinfo=UTC),
        )
    )
    document_id = DocumentStore(workspace).attach(case_id, "ao93.pdf", ao93_pdf())
    view = ClassificationService(workspace).run(document_id)
    found = next(f for f in view.findings if f.check == "execution_deadline")
    assert "had not yet passed" in found.result


@pytest.mark.skipif(not ocr_available(), reason="Tesseract language data is not installed")
def test_phone_photo_is_read_by_ocr_and_becomes_searchable(workspace: Workspace) -> None:
    photo = specimens.phone_photo_png(i200_pdf())
    document_id = attach(workspace, datetime(2026, 3, 3, 18, tzinfo=UTC), "photo.png", photo)
    with workspace.session() as session:
        assert not any(h.document_id == document_id for h in search.search(session, "warrant"))

    view = ClassificationService(workspace).run(document_id)

    # The kind itself is not asserted: OCR of this specimen photo misses the title and
    # the form number, so the checker (rightly, conservatively) says "unknown".
    assert view.notes == ()
    with workspace.session() as session:
        document = session.get(Document, document_id)
        assert document is not None
        assert document.ocr_done
        assert "WARRANT" in document.extracted_text.upper()
        assert any(h.document_id == document_id for h in search.search(session, "warrant"))
    assert DocumentStore(workspace).verify_hash(document_id)


def test_confirming_the_suggestion_needs_no_reason(workspace: Workspace) -> None:
    document_id = attach(workspace, datetime(2026, 3, 3, 18, tzinfo=UTC), "i200.pdf", i200_pdf())
    service = ClassificationService(workspace)
    view = service.run(document_id)

    service.confirm(view.id, DocumentKind.ADMINISTRATIVE_WARRANT)

    latest = service.latest(document_id)
    assert latest is not None
    assert latest.confirmed_kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert latest.confirmed_by and latest.confirmed_at is not None
    assert not latest.overridden and latest.kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert events(workspace, "classification")[-1].summary == (
        "Attorney confirmed administrative_warrant"
    )


def test_override_needs_a_reason_and_is_audited(workspace: Workspace) -> None:
    document_id = attach(workspace, datetime(2026, 3, 3, 18, tzinfo=UTC), "i200.pdf", i200_pdf())
    service = ClassificationService(workspace)
    view = service.run(document_id)
    before = len(events(workspace, "classification"))

    with pytest.raises(LegalDeskError, match="reason"):
        service.confirm(view.id, DocumentKind.UNKNOWN, reason="   ")
    latest = service.latest(document_id)
    assert latest is not None and latest.confirmed_kind is None
    assert len(events(workspace, "classification")) == before

    service.confirm(view.id, DocumentKind.UNKNOWN, reason="Photo of a copy; ask for the original")
    latest = service.latest(document_id)
    assert latest is not None
    assert latest.confirmed_kind is DocumentKind.UNKNOWN
    assert latest.override_reason == "Photo of a copy; ask for the original"
    assert latest.overridden and latest.kind is DocumentKind.UNKNOWN

    # Confirming again replaces the decision; the trail keeps every step.
    service.confirm(view.id, DocumentKind.ADMINISTRATIVE_WARRANT)
    latest = service.latest(document_id)
    assert latest is not None
    assert (latest.confirmed_kind, latest.override_reason) == (
        DocumentKind.ADMINISTRATIVE_WARRANT,
        "",
    )
    trail = events(workspace, "classification")
    assert [e.summary for e in trail] == [
        f"Document checker: administrative_warrant (I-200), confidence {view.confidence:.2f}",
        "Attorney overrode administrative_warrant → unknown: Photo of a copy; ask for the original",
        "Attorney confirmed administrative_warrant",
    ]
    assert json.loads(trail[0].changes)["suggested_kind"] == [None, "administrative_warrant"]
    assert json.loads(trail[1].changes)["confirmed_kind"] == [None, "unknown"]
    assert json.loads(trail[2].changes)["confirmed_kind"] == ["unknown", "administrative_warrant"]
    assert all(e.entity_id == view.id for e in trail)
    assert DocumentStore(workspace).verify_hash(document_id)


def test_corrupt_document_gives_a_clear_error_and_stores_nothing(workspace: Workspace) -> None:
    case_id = new_case(workspace, datetime(2026, 3, 3, 18, tzinfo=UTC))
    payload = b"%PDF-1.7\n" + b"\x00\xff garbage " * 200
    digest = hashlib.sha256(payload).hexdigest()
    with workspace.transaction() as session:
        document = Document(
            case_id=case_id,
            filename="broken.pdf",
            media_type="application/pdf",
            sha256=digest,
            size=len(payload),
        )
        document.blobs.append(
            DocumentBlob(
                role=BlobRole.ORIGINAL, media_type="application/pdf", sha256=digest, data=payload
            )
        )
        session.add(document)
        session.flush()
        document_id = document.id

    with pytest.raises(LegalDeskError, match=r"broken\.pdf"):
        ClassificationService(workspace).run(document_id)

    with workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(Classification)) == 0
    assert ClassificationService(workspace).latest(document_id) is None


def test_unknown_ids_give_clear_errors(workspace: Workspace) -> None:
    service = ClassificationService(workspace)
    with pytest.raises(LegalDeskError, match="does not exist"):
        service.run(999)
    with pytest.raises(LegalDeskError, match="does not exist"):
        service.confirm(999, DocumentKind.UNKNOWN)
    with pytest.raises(LegalDeskError, match="does not exist"):
        service.findings(999)
    assert service.latest(999) is None


def test_cancel_stores_nothing(workspace: Workspace) -> None:
    document_id = attach(workspace, datetime(2026, 3, 3, 18, tzinfo=UTC), "i200.pdf", i200_pdf())
    with pytest.raises(LegalDeskError, match="cancelled"):
        ClassificationService(workspace).run(document_id, cancel=lambda: True)
    assert ClassificationService(workspace).latest(document_id) is None


@pytest.mark.skipif(not ocr_available(), reason="Tesseract is not installed")
def test_a_phone_photo_of_an_i200_is_read_as_an_administrative_warrant(
    workspace: Workspace,
) -> None:
    # The photo is OCR'd at its own resolution; resampled to 300 dpi its title was lost.
    pdf = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 11, 20))
    )
    case_id = CaseService(workspace).create(CaseIntake(school="X"))
    document_id = DocumentStore(workspace).attach(
        case_id, "photo.png", specimens.phone_photo_png(pdf)
    )
    view = ClassificationService(workspace).run(document_id)
    assert view.suggested_kind == DocumentKind.ADMINISTRATIVE_WARRANT
    assert view.form_name == "I-200"
