"""A photo read by OCR gets a searchable rendition; the original's bytes and hash never change."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pymupdf
import pytest
from sqlalchemy import select

from legal_desk.documents import DocumentStore, specimens
from legal_desk.documents.ocr import ocr_available
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.services.classification import ClassificationService
from legal_desk.workspace import Workspace
from models import AuditEvent, BlobRole, DocumentBlob

pytestmark = pytest.mark.skipif(
    not ocr_available(), reason="Tesseract language data is not installed"
)


def blobs(workspace: Workspace, document_id: int) -> dict[BlobRole, tuple[str, bytes]]:
    with workspace.session() as session:
        rows = session.scalars(
            select(DocumentBlob).where(DocumentBlob.document_id == document_id)
        ).all()
        return {row.role: (row.sha256, bytes(row.data)) for row in rows}


def test_ocr_of_a_photo_gives_its_rendition_a_text_layer_and_keeps_the_original(
    workspace: Workspace,
) -> None:
    i200 = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )
    photo = specimens.phone_photo_png(i200)
    case_id = CaseService(workspace).create(
        CaseIntake(school="X", received_at=datetime(2026, 3, 3, 18, tzinfo=UTC))
    )
    store = DocumentStore(workspace)
    document_id = store.attach(case_id, "photo.png", photo)
    before = blobs(workspace, document_id)
    with pymupdf.open(stream=before[BlobRole.RENDITION][1]) as doc:
        assert doc[0].get_text().strip() == ""
        pixels_before = doc[0].get_pixmap(dpi=36).samples

    view = ClassificationService(workspace).run(document_id)

    assert view.text_layer_added
    after = blobs(workspace, document_id)
    assert after[BlobRole.ORIGINAL] == before[BlobRole.ORIGINAL]
    assert after[BlobRole.ORIGINAL][0] == hashlib.sha256(photo).hexdigest()
    assert store.original_bytes(document_id) == photo
    rendition_hash, rendition = after[BlobRole.RENDITION]
    assert rendition_hash == hashlib.sha256(rendition).hexdigest() != before[BlobRole.RENDITION][0]
    assert store.pdf_bytes(document_id) == rendition
    with pymupdf.open(stream=rendition) as doc:
        assert "WARRANT" in doc[0].get_text().upper()
        assert doc[0].search_for("warrant")  # find-in-document has words to find
        assert doc[0].get_pixmap(dpi=36).samples == pixels_before  # invisible
    assert store.verify_hash(document_id)
    with workspace.session() as session:
        summaries = session.scalars(
            select(AuditEvent.summary).where(AuditEvent.entity == "document")
        ).all()
    assert any(f"invisible text layer (SHA-256 {rendition_hash})" in s for s in summaries)
    with workspace.session() as session:
        (run_summary,) = session.scalars(
            select(AuditEvent.summary).where(AuditEvent.entity == "classification")
        ).all()
    # Recorded with the run too: the blob itself is not audited row by row.
    assert f"invisible text layer (SHA-256 {rendition_hash})" in run_summary

    again = ClassificationService(workspace).run(document_id)

    assert not again.text_layer_added
    assert blobs(workspace, document_id) == after
