"""Running the document checker on a stored document, and the attorney's decision on it.

The checker only suggests: every run is kept as a `Classification` row with its
findings (and where on the page each one is), and the attorney confirms the kind or
overrides it with a reason. Both are audited with a sentence.

`run` is slow (reading, OCR, checking) and is meant to be called off the UI thread:
the slow part holds no database transaction; only the final write is one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import __version__, audit
from legal_desk.documents.checker import CheckResult, Finding, check
from legal_desk.documents.errors import DocumentNotFoundError
from legal_desk.documents.media import MediaType
from legal_desk.documents.pdf import PAGE_SEPARATOR
from legal_desk.documents.reading import ReadingCancelled, ReadResult, read_pages
from legal_desk.documents.store import DocumentStore
from legal_desk.documents.text import Region
from legal_desk.documents.text_layer import add_text_layer
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import Case, Classification, Document, DocumentKind

log = logging.getLogger(__name__)

# Stored with every run, so a later reader knows which rules produced a suggestion.
CHECKER_VERSION = __version__


class ClassificationNotFoundError(LegalDeskError):
    pass


@dataclass(frozen=True)
class FindingView:
    check: str
    result: str
    page: int | None
    region: Region | None
    confirm: bool


@dataclass(frozen=True)
class ClassificationView:
    id: int
    document_id: int
    suggested_kind: DocumentKind
    form_name: str
    confidence: float
    checker_version: str
    created_at: datetime
    confirmed_kind: DocumentKind | None
    confirmed_by: str | None
    confirmed_at: datetime | None
    override_reason: str
    findings: tuple[FindingView, ...]
    # What the reader had to say on this run (OCR unavailable, pages not read...);
    # not stored, so empty for a view loaded later.
    notes: tuple[str, ...] = ()
    # This run gave a photo's PDF rendition an invisible text layer from OCR (the
    # viewer shows the old rendition until it opens the document again).
    text_layer_added: bool = False

    @property
    def confirmed(self) -> bool:
        return self.confirmed_kind is not None

    @property
    def overridden(self) -> bool:
        return self.confirmed_kind is not None and self.confirmed_kind != self.suggested_kind

    @property
    def kind(self) -> DocumentKind:
        """The attorney's decision when there is one, else the checker's suggestion."""
        return self.confirmed_kind or self.suggested_kind


# ----- findings as stored JSON -----


def finding_to_json(finding: Finding) -> dict[str, Any]:
    region = finding.region
    return {
        "check": finding.check,
        "result": finding.result,
        "page": finding.page,
        "region": (
            None if region is None else [region.page, region.x0, region.y0, region.x1, region.y1]
        ),
        "confirm": finding.confirm,
    }


def _region_from_json(value: Any) -> Region | None:
    if not isinstance(value, list) or len(value) != 5:
        return None
    try:
        return Region(
            page=int(value[0]),
            x0=float(value[1]),
            y0=float(value[2]),
            x1=float(value[3]),
            y1=float(value[4]),
        )
    except (TypeError, ValueError):
        return None


def findings_from_json(text: str) -> tuple[FindingView, ...]:
    """The stored findings; anything malformed is skipped rather than failing the view."""
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    views: list[FindingView] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        page = item.get("page")
        views.append(
            FindingView(
                check=str(item.get("check", "")),
                result=str(item.get("result", "")),
                page=page if isinstance(page, int) else None,
                region=_region_from_json(item.get("region")),
                confirm=bool(item.get("confirm", True)),
            )
        )
    return tuple(views)


def _view(row: Classification, notes: tuple[str, ...] = ()) -> ClassificationView:
    return ClassificationView(
        id=row.id,
        document_id=row.document_id,
        suggested_kind=row.suggested_kind,
        form_name=row.form_name,
        confidence=row.confidence,
        checker_version=row.checker_version,
        created_at=row.created_at,
        confirmed_kind=row.confirmed_kind,
        confirmed_by=row.confirmed_by,
        confirmed_at=row.confirmed_at,
        override_reason=row.override_reason,
        findings=findings_from_json(row.findings),
        notes=notes,
    )


def suggestion_summary(result: CheckResult) -> str:
    form = f" ({result.form})" if result.form else ""
    return f"Document checker: {result.kind.value}{form}, confidence {result.confidence:.2f}"


@dataclass(frozen=True)
class _Source:
    filename: str
    media_type: str
    encounter_day: date


class ClassificationService:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._store = DocumentStore(workspace)

    # ----- running the checker -----

    def run(
        self,
        document_id: int,
        *,
        cancel: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> ClassificationView:
        """Read the document (OCR where needed), check it against the case's encounter
        date, and store the result. Raises a `LegalDeskError` with a message for the
        user (damaged file, cancelled, document gone); nothing is stored then."""
        source = self._source(document_id)
        read = self._read(document_id, source, cancel, progress)
        result = check(read.pages, on=source.encounter_day, ocr=read.ocr_used)
        layered = self._text_layer(document_id, source, read)
        if cancel is not None and cancel():
            # Cancel pressed while the last page was read: the user was told nothing is kept.
            raise ReadingCancelled(f"Checking “{source.filename}” was cancelled.")
        with self._workspace.transaction() as session:
            document = session.get(Document, document_id)
            if document is None:
                raise DocumentNotFoundError(
                    f"Document {document_id} was removed while it was being checked."
                )
            row = Classification(
                document_id=document_id,
                suggested_kind=result.kind,
                form_name=(result.form or "")[:40],
                confidence=result.confidence,
                findings=json.dumps([finding_to_json(f) for f in result.findings]),
                checker_version=CHECKER_VERSION,
                created_at=self._workspace.clock(),
            )
            rendition_hash = None
            if layered is not None:
                rendition_hash = self._store.replace_rendition(session, document_id, layered)
            summary = suggestion_summary(result)
            if rendition_hash is not None:
                # Blobs are not audited row by row; this run's event records the new
                # rendition even when the document's own row does not change.
                summary += (
                    f"; the PDF for viewing got an invisible text layer (SHA-256 "
                    f"{rendition_hash}), the original is unchanged"
                )
            audit.set_summary(session, row, summary)
            session.add(row)
            self._update_text(session, document, source, read, rendition_hash)
            session.flush()
            return replace(_view(row, read.notes), text_layer_added=rendition_hash is not None)

    def _source(self, document_id: int) -> _Source:
        with self._workspace.session() as session:
            found = session.execute(
                select(Document.filename, Document.media_type, Case.contact_at, Case.received_at)
                .join(Case, Case.id == Document.case_id)
                .where(Document.id == document_id)
            ).first()
        if found is None:
            raise DocumentNotFoundError(f"Document {document_id} does not exist.")
        filename, media_type, contact_at, received_at = found
        encounter: datetime = contact_at or received_at
        # The deadline on a warrant is a local calendar day.
        return _Source(filename, media_type, encounter.astimezone().date())

    def _read(
        self,
        document_id: int,
        source: _Source,
        cancel: Callable[[], bool] | None,
        progress: Callable[[int, int], None] | None,
    ) -> ReadResult:
        if source.media_type == MediaType.EML.value:
            # An e-mail is read through its PDF rendition (the message as shown).
            data = self._store.pdf_bytes(document_id)
        else:
            data = self._store.original_bytes(document_id)
        return read_pages(
            data, filename=source.filename, ocr=True, cancel=cancel, progress=progress
        )

    def _text_layer(self, document_id: int, source: _Source, read: ReadResult) -> bytes | None:
        """A photo's rendition with the OCR words as invisible text, so find and text
        highlighting work on it; None when there is nothing to add. (Slow part: runs
        before the transaction.)"""
        try:
            is_photo = MediaType(source.media_type).is_image
        except ValueError:
            return None
        if not is_photo or not read.ocr_used:
            return None
        rendition = self._store.rendition_bytes(document_id)
        if rendition is None:
            return None
        try:
            return add_text_layer(rendition, read.pages)
        except Exception:  # an extra for the viewer: never fail the check over it
            log.exception("adding a text layer to document %s failed", document_id)
            return None

    def _update_text(
        self,
        session: Session,
        document: Document,
        source: _Source,
        read: ReadResult,
        rendition_hash: str | None = None,
    ) -> None:
        """Keep the text search sees in step with what was read (OCR text included)."""
        if read.ocr_used and not document.ocr_done:
            document.ocr_done = True
        layer = (
            f"; its PDF for viewing got an invisible text layer (SHA-256 {rendition_hash}), "
            "the original is unchanged"
            if rendition_hash
            else ""
        )
        if source.media_type == MediaType.EML.value:
            return  # the message's own text is already stored and is better than a render
        text = PAGE_SEPARATOR.join(p.text.strip() for p in read.pages)
        if text.strip() and text != document.extracted_text:
            document.extracted_text = text
            audit.set_summary(
                session,
                document,
                f"Text of “{document.filename}” updated from "
                f"{'OCR' if read.ocr_used else 'its text layer'} for search{layer}",
            )

    # ----- the attorney's decision -----

    def confirm(self, classification_id: int, kind: DocumentKind, *, reason: str = "") -> None:
        """Record the attorney's decision. Overriding the suggestion needs a reason;
        confirming again replaces the earlier decision (the audit trail keeps both)."""
        kind = DocumentKind(kind)
        reason = " ".join(reason.split())
        with self._workspace.transaction() as session:
            row = session.get(Classification, classification_id)
            if row is None:
                raise ClassificationNotFoundError(
                    f"Checker result {classification_id} does not exist."
                )
            overriding = kind != row.suggested_kind
            if overriding and not reason:
                raise LegalDeskError(
                    f"The checker suggested {row.suggested_kind.value}; to record "
                    f"{kind.value} instead, give a reason."
                )
            if overriding:
                summary = f"Attorney overrode {row.suggested_kind.value} → {kind.value}: {reason}"
            else:
                summary = f"Attorney confirmed {kind.value}" + (f": {reason}" if reason else "")
            audit.set_summary(session, row, summary)
            row.confirmed_kind = kind
            row.confirmed_by = self._workspace.actor.audit_name
            row.confirmed_at = self._workspace.clock()
            row.override_reason = reason

    # ----- reading results back -----

    def latest(self, document_id: int) -> ClassificationView | None:
        with self._workspace.session() as session:
            row = session.scalar(
                select(Classification)
                .where(Classification.document_id == document_id)
                .order_by(Classification.id.desc())
                .limit(1)
            )
            return None if row is None else _view(row)

    def get(self, classification_id: int) -> ClassificationView:
        with self._workspace.session() as session:
            row = session.get(Classification, classification_id)
            if row is None:
                raise ClassificationNotFoundError(
                    f"Checker result {classification_id} does not exist."
                )
            return _view(row)

    def findings(self, classification_id: int) -> list[FindingView]:
        return list(self.get(classification_id).findings)
