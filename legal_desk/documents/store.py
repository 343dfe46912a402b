"""Keeping documents in the workspace: the original bytes untouched, plus a PDF to view.

The original is stored as received with its SHA-256 (chain of custody); a photo or
an e-mail also gets a generated PDF rendition for viewing, annotating and OCR.
Each import is one transaction, so a file is stored whole or not at all, and the
audit hook records it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.documents.errors import DocumentError, DocumentNotFoundError
from legal_desk.documents.ingest import MAX_DOCUMENT_BYTES, Prepared, prepare, sha256_hex
from legal_desk.documents.media import MediaType
from legal_desk.workspace import Workspace
from models import BlobRole, Case, Document, DocumentBlob


@dataclass(frozen=True)
class ImportResult:
    document_id: int
    # Documents made from the files inside an e-mail, in the order they appear.
    attachment_ids: tuple[int, ...] = ()
    # One sentence per e-mail attachment that was not kept, for the user to read.
    skipped: tuple[str, ...] = ()


class DocumentStore:
    def __init__(self, workspace: Workspace, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> None:
        self._workspace = workspace
        self._max_bytes = max_bytes

    # ----- adding -----

    def attach(self, case_id: int, filename: str, data: bytes, *, description: str = "") -> int:
        """Store a file on a case and return the new document's id.

        Raises a `DocumentError` (a `LegalDeskError`) with a message for the user when
        the file is empty, too large, of an unknown type, damaged or password-protected;
        nothing is stored then.
        """
        return self.import_file(case_id, filename, data, description=description).document_id

    def import_file(
        self, case_id: int, filename: str, data: bytes, *, description: str = ""
    ) -> ImportResult:
        """Like `attach`, and also reports the documents made from an e-mail's attachments."""
        prepared = prepare(filename, data, max_bytes=self._max_bytes)
        with self._workspace.transaction() as session:
            if session.get(Case, case_id) is None:
                raise DocumentError(f"Case {case_id} does not exist; nothing was stored.")
            parent = self._add(session, case_id, prepared, description)
            session.flush()
            children = [
                self._add(
                    session,
                    case_id,
                    part,
                    f"Attachment of the e-mail “{prepared.filename}” (document {parent.id}).",
                )
                for part in prepared.parts
            ]
            session.flush()
            return ImportResult(parent.id, tuple(c.id for c in children), prepared.skipped)

    def _add(self, session: Session, case_id: int, item: Prepared, description: str) -> Document:
        document = Document(
            case_id=case_id,
            filename=item.filename,
            media_type=item.media_type.value,
            sha256=item.sha256,
            size=len(item.original),
            page_count=item.page_count,
            description=description,
            extracted_text=item.text,
            ocr_done=False,
            imported_at=self._workspace.clock(),
            imported_by=self._workspace.actor.audit_name,
        )
        blobs = [
            DocumentBlob(
                role=BlobRole.ORIGINAL,
                media_type=item.media_type.value,
                sha256=item.sha256,
                data=item.original,
            )
        ]
        if item.rendition is not None:
            blobs.append(
                DocumentBlob(
                    role=BlobRole.RENDITION,
                    media_type=MediaType.PDF.value,
                    sha256=sha256_hex(item.rendition),
                    data=item.rendition,
                )
            )
        document.blobs = blobs
        pages = f"{item.page_count} page{'s' if item.page_count != 1 else ''}"
        audit.set_summary(
            session,
            document,
            f"Attached “{item.filename}” ({item.media_type.label}, {pages}, SHA-256 {item.sha256})",
        )
        session.add(document)
        return document

    # ----- reading -----

    def original_bytes(self, document_id: int) -> bytes:
        """The file exactly as it was received."""
        with self._workspace.session() as session:
            data = session.scalar(
                select(DocumentBlob.data).where(
                    DocumentBlob.document_id == document_id,
                    DocumentBlob.role == BlobRole.ORIGINAL,
                )
            )
        if data is None:
            raise DocumentNotFoundError(f"Document {document_id} does not exist.")
        return bytes(data)

    def pdf_bytes(self, document_id: int) -> bytes:
        """A PDF to show: the rendition when there is one, else the original PDF."""
        with self._workspace.session() as session:
            rows = session.execute(
                select(DocumentBlob.role, DocumentBlob.media_type, DocumentBlob.data).where(
                    DocumentBlob.document_id == document_id
                )
            ).all()
        by_role = {role: (media_type, data) for role, media_type, data in rows}
        if not by_role:
            raise DocumentNotFoundError(f"Document {document_id} does not exist.")
        rendition = by_role.get(BlobRole.RENDITION)
        if rendition is not None:
            return bytes(rendition[1])
        original = by_role.get(BlobRole.ORIGINAL)
        if original is not None and original[0] == MediaType.PDF.value:
            return bytes(original[1])
        raise DocumentError(f"Document {document_id} has no PDF to show.")

    def rendition_bytes(self, document_id: int) -> bytes | None:
        """The generated PDF rendition (a photo's, an e-mail's), or None when there is none."""
        with self._workspace.session() as session:
            data = session.scalar(
                select(DocumentBlob.data).where(
                    DocumentBlob.document_id == document_id,
                    DocumentBlob.role == BlobRole.RENDITION,
                )
            )
        return None if data is None else bytes(data)

    @staticmethod
    def replace_rendition(session: Session, document_id: int, data: bytes) -> str | None:
        """In the caller's transaction: store `data` as the document's rendition and
        return its SHA-256 (None if the document has no rendition). Only a rendition
        can be replaced: the original is kept as received."""
        blob = session.scalar(
            select(DocumentBlob).where(
                DocumentBlob.document_id == document_id,
                DocumentBlob.role == BlobRole.RENDITION,
            )
        )
        if blob is None:
            return None
        blob.data = data
        blob.sha256 = sha256_hex(data)
        return blob.sha256

    def verify_hash(self, document_id: int) -> bool:
        """True if the stored original still matches the SHA-256 taken when it came in.

        Renditions are checked against their own hashes too, so a damaged copy of
        anything stored for the document is caught.
        """
        with self._workspace.session() as session:
            document = session.get(Document, document_id)
            if document is None:
                raise DocumentNotFoundError(f"Document {document_id} does not exist.")
            blobs = session.scalars(
                select(DocumentBlob).where(DocumentBlob.document_id == document_id)
            ).all()
            originals = [b for b in blobs if b.role == BlobRole.ORIGINAL]
            if len(originals) != 1:
                return False
            original = originals[0]
            return (
                original.sha256 == document.sha256
                and len(original.data) == document.size
                and all(sha256_hex(b.data) == b.sha256 for b in blobs)
            )
