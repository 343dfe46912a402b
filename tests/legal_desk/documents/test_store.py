"""DocumentStore: originals kept byte for byte, renditions made, bad files refused whole."""

from __future__ import annotations

import builtins
import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from sqlalchemy import func, select

from legal_desk import audit
from legal_desk.documents import (
    DocumentError,
    DocumentNotFoundError,
    DocumentStore,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnreadableDocumentError,
    UnsupportedMediaError,
)
from legal_desk.documents.pdf import MAX_RENDITION_SIDE_PT, PAGE_SEPARATOR
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import AuditEvent, BlobRole, Document, DocumentBlob
from tests.legal_desk.documents.conftest import (
    make_eml,
    make_image,
    make_pdf,
    with_exif_orientation,
)


def _counts(workspace: Workspace) -> tuple[int, int, int]:
    with workspace.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Document)) or 0,
            session.scalar(select(func.count()).select_from(DocumentBlob)) or 0,
            session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def _document(workspace: Workspace, document_id: int) -> Document:
    with workspace.session() as session:
        document = session.get(Document, document_id)
        assert document is not None
        return document


def _roles(workspace: Workspace, document_id: int) -> dict[BlobRole, DocumentBlob]:
    with workspace.session() as session:
        blobs = session.scalars(
            select(DocumentBlob).where(DocumentBlob.document_id == document_id)
        ).all()
        return {b.role: b for b in blobs}


# ----- PDFs -----


def test_attach_pdf_keeps_the_original_and_reads_its_text(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    data = make_pdf("WARRANT FOR ARREST OF ALIEN", "Certificate of Service")
    document_id = store.attach(case_id, "scan.pdf", data, description="From the front desk")

    assert store.original_bytes(document_id) == data
    document = _document(workspace, document_id)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.media_type == "application/pdf"
    assert document.page_count == 2
    assert document.extracted_text.split(PAGE_SEPARATOR) == [
        "WARRANT FOR ARREST OF ALIEN",
        "Certificate of Service",
    ]
    assert document.description == "From the front desk"
    assert document.imported_by == workspace.actor.audit_name
    assert document.case_id == case_id
    blobs = _roles(workspace, document_id)
    assert set(blobs) == {BlobRole.ORIGINAL}  # a PDF needs no rendition
    assert blobs[BlobRole.ORIGINAL].sha256 == document.sha256
    assert store.pdf_bytes(document_id) == data
    assert store.verify_hash(document_id) is True


def test_the_name_is_reduced_to_a_bare_file_name(
    store: DocumentStore, case_id: int, workspace: Workspace
) -> None:
    document_id = store.attach(case_id, r"C:\Users\office\Desktop\warrant.pdf", make_pdf("x"))
    assert _document(workspace, document_id).filename == "warrant.pdf"


def test_the_type_comes_from_the_bytes_not_the_name(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    document_id = store.attach(case_id, "warrant.pdf", make_image("png"))
    assert _document(workspace, document_id).media_type == "image/png"


# ----- images -----


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_attach_image_keeps_it_byte_for_byte_and_makes_a_one_page_pdf(
    workspace: Workspace, store: DocumentStore, case_id: int, fmt: str
) -> None:
    data = make_image(fmt, width=300, height=200)
    document_id = store.attach(case_id, f"photo.{fmt}", data)

    assert store.original_bytes(document_id) == data
    document = _document(workspace, document_id)
    assert document.media_type == f"image/{fmt}"
    assert document.page_count == 1
    assert document.extracted_text == ""  # text comes later, from OCR
    assert document.ocr_done is False
    blobs = _roles(workspace, document_id)
    assert set(blobs) == {BlobRole.ORIGINAL, BlobRole.RENDITION}
    rendition = store.pdf_bytes(document_id)
    assert rendition == blobs[BlobRole.RENDITION].data
    assert blobs[BlobRole.RENDITION].media_type == "application/pdf"
    with pymupdf.open(stream=rendition, filetype="pdf") as pdf:
        assert pdf.page_count == 1
        assert pdf[0].rect.width == pytest.approx(300, abs=1)
        assert pdf[0].rect.height == pytest.approx(200, abs=1)
        assert pdf[0].get_images(full=True) or pdf[0].get_xobjects()  # the photo is on it
    assert store.verify_hash(document_id) is True


def test_a_phone_photo_is_shown_upright_and_at_most_legal_size(
    store: DocumentStore, case_id: int
) -> None:
    # 1600 x 1200 pixels, taken with the phone turned: EXIF orientation 6 (rotate 90°).
    data = with_exif_orientation(make_image("jpeg", width=1600, height=1200), 6)
    document_id = store.attach(case_id, "IMG_0042.JPG", data)
    assert store.original_bytes(document_id) == data  # the original keeps its EXIF as sent
    with pymupdf.open(stream=store.pdf_bytes(document_id), filetype="pdf") as pdf:
        page = pdf[0].rect
    assert page.height > page.width  # turned upright
    assert max(page.width, page.height) == pytest.approx(MAX_RENDITION_SIDE_PT, abs=1)


# ----- e-mail -----


def test_attach_eml_extracts_headers_and_body(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    data = make_eml(subject="Officer at the front desk — 9:10", body="Two officers are here.")
    document_id = store.attach(case_id, "message.eml", data)

    document = _document(workspace, document_id)
    assert document.media_type == "message/rfc822"
    assert store.original_bytes(document_id) == data
    text = document.extracted_text
    assert "Subject: Officer at the front desk — 9:10" in text
    assert "From: Angela Whitcomb <awhitcomb@meadow-ridge.example.org>" in text
    assert "Date: Tue, 03 Mar 2026 09:14:00 -0700" in text
    assert "Two officers are here." in text
    with pymupdf.open(stream=store.pdf_bytes(document_id), filetype="pdf") as pdf:
        shown = "".join(page.get_text() for page in pdf)
    assert "Officer at the front desk — 9:10" in shown
    assert "Two officers are here." in shown
    assert document.page_count == 1
    assert store.verify_hash(document_id) is True


def test_html_only_eml_gives_readable_text(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    data = make_eml(body="The officer <b>left</b> at 9:40 &amp; did not return.", html_only=True)
    text = _document(workspace, store.attach(case_id, "m.eml", data)).extracted_text
    assert "The officer left at 9:40 & did not return." in text
    assert "<b>" not in text


def test_eml_attachments_become_documents_of_their_own(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    warrant = make_pdf("SEARCH AND SEIZURE WARRANT")
    photo = make_image("jpeg", width=900, height=1200)
    data = make_eml(
        attachments=(
            ("warrant.pdf", warrant, "application", "pdf"),
            ("photo.jpg", photo, "image", "jpeg"),
            ("notes.docx", b"PK\x03\x04" + b"\x00" * 64, "application", "octet-stream"),
        )
    )
    result = store.import_file(case_id, "forwarded.eml", data)

    assert len(result.attachment_ids) == 2
    pdf_doc, photo_doc = (_document(workspace, i) for i in result.attachment_ids)
    assert store.original_bytes(pdf_doc.id) == warrant
    assert "SEARCH AND SEIZURE WARRANT" in pdf_doc.extracted_text
    assert store.original_bytes(photo_doc.id) == photo
    assert photo_doc.media_type == "image/jpeg"
    for child in (pdf_doc, photo_doc):
        assert child.case_id == case_id
        assert f"(document {result.document_id})" in child.description
        assert store.verify_hash(child.id)
    assert len(result.skipped) == 1
    assert "notes.docx" in result.skipped[0]
    assert "Word" in result.skipped[0]
    parent = _document(workspace, result.document_id)
    assert "Attachments: warrant.pdf, photo.jpg, notes.docx" in parent.extracted_text


def test_a_damaged_attachment_does_not_stop_the_email(
    store: DocumentStore, case_id: int, workspace: Workspace
) -> None:
    data = make_eml(attachments=(("cut.pdf", make_pdf("x")[:200], "application", "pdf"),))
    result = store.import_file(case_id, "m.eml", data)
    assert result.attachment_ids == ()
    assert "“cut.pdf”" in result.skipped[0]
    assert _counts(workspace)[0] == 1


# ----- refusals: nothing stored, a clear message -----


def _encrypted_pdf() -> bytes:
    doc = pymupdf.open(stream=make_pdf("secret"), filetype="pdf")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")


def _truncated_jpeg() -> bytes:
    data = make_image("jpeg", width=800, height=600, text="cut short")
    return data[: len(data) * 2 // 3]


_BIG_PDF = make_pdf("x" * 40)
REFUSED: list[tuple[str, Callable[[], bytes], type[DocumentError], str]] = [
    ("empty.pdf", lambda: b"", EmptyDocumentError, "is empty (0 bytes)"),
    (
        "corrupt.pdf",
        lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8,
        UnreadableDocumentError,
        "cannot be read: the file is damaged",
    ),
    ("truncated.pdf", lambda: _BIG_PDF[: len(_BIG_PDF) // 2], UnreadableDocumentError, "cut short"),
    ("locked.pdf", _encrypted_pdf, EncryptedDocumentError, "protected by a password"),
    (
        "unknown.bin",
        lambda: b"\x00\x01\x02 not a document",
        UnsupportedMediaError,
        "not a file type Legal Desk can keep",
    ),
    (
        "IMG_1234.HEIC",
        lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 64,
        UnreadableDocumentError,
        "damaged or incomplete HEIC photo",
    ),
    ("cut.jpg", _truncated_jpeg, UnreadableDocumentError, "damaged or incomplete JPEG"),
    (
        "cut.png",
        lambda: make_image("png")[:300],
        UnreadableDocumentError,
        "damaged or incomplete PNG",
    ),
]


@pytest.mark.parametrize(
    ("filename", "make", "error", "phrase"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_refused_files_raise_a_clear_error_and_store_nothing(
    workspace: Workspace,
    store: DocumentStore,
    case_id: int,
    filename: str,
    make: Callable[[], bytes],
    error: type[DocumentError],
    phrase: str,
) -> None:
    before = _counts(workspace)
    with pytest.raises(error) as caught:
        store.attach(case_id, filename, make())
    assert isinstance(caught.value, LegalDeskError)
    assert f"“{filename}”" in str(caught.value)
    assert phrase in str(caught.value)
    assert _counts(workspace) == before


def test_files_over_the_size_limit_are_refused(workspace: Workspace, case_id: int) -> None:
    store = DocumentStore(workspace, max_bytes=1000)
    before = _counts(workspace)
    with pytest.raises(DocumentTooLargeError, match=r"the limit is 0\.0 MB"):
        store.attach(case_id, "big.pdf", make_pdf("x" * 400) + b" " * 2000)
    assert _counts(workspace) == before


def test_attaching_to_a_missing_case_stores_nothing(
    workspace: Workspace, store: DocumentStore
) -> None:
    before = _counts(workspace)
    with pytest.raises(LegalDeskError, match="Case 999 does not exist"):
        store.attach(999, "scan.pdf", make_pdf("x"))
    assert _counts(workspace) == before


# ----- audit and integrity -----


def test_attach_is_audited_with_its_hash(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    data = make_pdf("warrant")
    document_id = store.attach(case_id, "scan.pdf", data)
    with workspace.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "document")).all()
        assert [(e.action, e.entity_id, e.case_id) for e in events] == [
            ("create", document_id, case_id)
        ]
        assert events[0].actor == workspace.actor.audit_name
        assert "scan.pdf" in events[0].summary
        assert hashlib.sha256(data).hexdigest() in events[0].summary
        assert audit.verify_session_chain(session).ok


def test_verify_hash_notices_changed_bytes(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    document_id = store.attach(case_id, "scan.pdf", make_pdf("original words"))
    with workspace.transaction() as session:
        # Damage below the ORM, as a disk fault or a tool editing the file would.
        session.connection().exec_driver_sql(
            "UPDATE document_blob SET data = ? WHERE document_id = ? AND role = 'original'",
            (make_pdf("altered words"), document_id),
        )
    assert store.verify_hash(document_id) is False


def test_reading_a_missing_document_is_a_clear_error(store: DocumentStore) -> None:
    with pytest.raises(DocumentNotFoundError, match="Document 42 does not exist"):
        store.original_bytes(42)
    with pytest.raises(DocumentNotFoundError):
        store.pdf_bytes(42)
    with pytest.raises(DocumentNotFoundError):
        store.verify_hash(42)


def test_no_plaintext_reaches_the_disk(
    workspace: Workspace,
    workspace_dir: Path,
    store: DocumentStore,
    case_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing is written through Python's file API, and the workspace files hold no text
    of the document in the clear (SQLCipher encrypts the database and its WAL)."""
    marker = "SentinelWarrantTextForDiskScan"

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a temporary file was created")

    real_open = builtins.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"file opened for writing: {file}")
        return real_open(file, mode, *args, **kwargs)

    for name in (
        "mkstemp",
        "mkdtemp",
        "NamedTemporaryFile",
        "TemporaryFile",
        "SpooledTemporaryFile",
    ):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.setattr(builtins, "open", guarded_open)
    store.attach(case_id, f"{marker}.pdf", make_pdf(marker))
    store.attach(case_id, "photo.png", make_image("png", text=marker))
    store.attach(case_id, "m.eml", make_eml(subject=marker, body=marker))
    monkeypatch.undo()

    for path in workspace_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for needle in (marker.encode(), marker.encode("utf-16-le")):
                assert needle not in content, f"{marker} in plaintext in {path.name}"


# ----- files that look odd but are fine -----


def test_a_pdf_with_bytes_before_its_header_is_accepted(
    workspace: Workspace, store: DocumentStore, case_id: int
) -> None:
    data = b"junk a mail gateway left\n" + make_pdf("still a warrant")
    document_id = store.attach(case_id, "scan.pdf", data)
    assert store.original_bytes(document_id) == data
    assert _document(workspace, document_id).extracted_text == "still a warrant"


def test_a_jpeg_with_data_after_the_image_is_accepted(store: DocumentStore, case_id: int) -> None:
    # Phones append a short video to "motion photos", after the end of the JPEG.
    data = make_image("jpeg", width=1200, height=900) + b"\0\0\0\x18ftypmp42" + bytes(4096)
    document_id = store.attach(case_id, "PXL_0001.MP.jpg", data)
    assert store.original_bytes(document_id) == data
    assert store.verify_hash(document_id)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("/home/office/Scans/warrant.pdf", "warrant.pdf"),
        (r"C:\Users\office\warrant.pdf", "warrant.pdf"),
        ("  ", "document"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_file_names_are_cleaned(given: str, kept: str) -> None:
    from legal_desk.documents.ingest import clean_filename

    assert clean_filename(given) == kept
