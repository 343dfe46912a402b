"""Documents attached to a case, their stored bytes, annotations and checker results.

Originals are never modified (chain of custody): the bytes live in `document_blob`
with their SHA-256, and everything derived (a PDF made from a photo, annotations,
classifications) is stored beside them.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, str_enum, utc_now

if TYPE_CHECKING:
    from models.case import Case


class DocumentKind(enum.StrEnum):
    """The document checker's vocabulary (see shared/domain/FACTS.md)."""

    JUDICIAL_WARRANT = "judicial_warrant"
    ADMINISTRATIVE_WARRANT = "administrative_warrant"
    ADMINISTRATIVE_SUBPOENA = "administrative_subpoena"
    COURT_ORDER = "court_order"
    DETAINER = "detainer"
    UNKNOWN = "unknown"


class BlobRole(enum.StrEnum):
    ORIGINAL = "original"
    RENDITION = "rendition"  # e.g. a phone photo turned into a PDF page


class AnnotationKind(enum.StrEnum):
    HIGHLIGHT = "highlight"
    UNDERLINE = "underline"
    STRIKEOUT = "strikeout"
    NOTE = "note"
    FREE_TEXT = "free_text"
    INK = "ink"
    RECTANGLE = "rectangle"
    REDACTION = "redaction"


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    extracted_text: Mapped[str] = mapped_column(Text, default="")
    ocr_done: Mapped[bool] = mapped_column(default=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(100), default="")

    case: Mapped[Case] = relationship(back_populates="documents")
    blobs: Mapped[list[DocumentBlob]] = relationship(
        back_populates="document", cascade="all, delete-orphan", lazy="raise_on_sql"
    )
    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Annotation.id"
    )
    classifications: Mapped[list[Classification]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Classification.id"
    )


class DocumentBlob(Base):
    """Stored bytes, kept apart so listing documents never loads megabytes."""

    __tablename__ = "document_blob"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    role: Mapped[BlobRole] = mapped_column(str_enum(BlobRole, "blob_role"))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    document: Mapped[Document] = relationship(back_populates="blobs")


class Annotation(Base):
    __tablename__ = "annotation"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    page: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AnnotationKind] = mapped_column(str_enum(AnnotationKind, "annotation_kind"))
    # Bounding box in PDF points, page space (unrotated).
    x0: Mapped[float] = mapped_column(Float)
    y0: Mapped[float] = mapped_column(Float)
    x1: Mapped[float] = mapped_column(Float)
    y1: Mapped[float] = mapped_column(Float)
    # Quads for text markup, strokes for ink: JSON list of numbers.
    geometry: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(9), default="#ffd400")
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    document: Mapped[Document] = relationship(back_populates="annotations")


class Classification(Base):
    """One run of the document checker, and the attorney's decision on it."""

    __tablename__ = "classification"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    suggested_kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, "document_kind"))
    form_name: Mapped[str] = mapped_column(String(40), default="")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    findings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of findings
    checker_version: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    confirmed_kind: Mapped[DocumentKind | None] = mapped_column(
        str_enum(DocumentKind, "confirmed_document_kind")
    )
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    override_reason: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship(back_populates="classifications")
