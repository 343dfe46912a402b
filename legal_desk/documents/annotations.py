"""Annotations on a document's PDF: highlights, notes, ink, boxes and redactions.

Annotations live in the database only, beside the document: the original bytes are
never touched (chain of custody), and `export.export_annotated_pdf` burns them into
a copy when one is needed. Every change goes through an ORM session, so the audit
hook records it.

Coordinates are PDF points in unrotated page space with the origin at the top-left
and y growing downwards (PyMuPDF's convention, which the viewer uses too).
"""

from __future__ import annotations

import builtins
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.documents.errors import DocumentNotFoundError
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import Annotation, AnnotationKind, Document

Rect = tuple[float, float, float, float]
# Text markup: one 8-number quad per marked line, corners in PyMuPDF's order
# (upper-left, upper-right, lower-left, lower-right), each as x, y.
# Ink: one stroke per entry, as x, y, x, y, ...
Geometry = tuple[tuple[float, ...], ...]

TEXT_MARKUP = frozenset(
    {AnnotationKind.HIGHLIGHT, AnnotationKind.UNDERLINE, AnnotationKind.STRIKEOUT}
)
DEFAULT_COLOR = "#ffd400"
DEFAULT_REDACTION_COLOR = "#000000"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# How each kind is named in sentences ("Added a strike-out on page 2"): the audit
# trail and the UI use the same words.
KIND_NAMES = {
    AnnotationKind.HIGHLIGHT: "highlight",
    AnnotationKind.UNDERLINE: "underline",
    AnnotationKind.STRIKEOUT: "strike-out",
    AnnotationKind.NOTE: "note",
    AnnotationKind.FREE_TEXT: "text box",
    AnnotationKind.INK: "drawing",
    AnnotationKind.RECTANGLE: "rectangle",
    AnnotationKind.REDACTION: "redaction",
}


class AnnotationError(LegalDeskError):
    """An annotation was refused; nothing was saved."""


class AnnotationNotFoundError(AnnotationError):
    pass


@dataclass(frozen=True)
class AnnotationSpec:
    """What an annotation is, without its identity: enough to add it again (undo)."""

    page: int  # 0-based
    kind: AnnotationKind
    rect: Rect
    geometry: Geometry = ()
    # None means the kind's default: black for a redaction, yellow for the rest.
    color: str | None = None
    text: str = ""


@dataclass(frozen=True)
class AnnotationView:
    id: int
    document_id: int
    page: int
    kind: AnnotationKind
    rect: Rect
    geometry: Geometry
    color: str
    text: str
    author: str
    created_at: datetime
    updated_at: datetime

    @property
    def spec(self) -> AnnotationSpec:
        return AnnotationSpec(
            page=self.page,
            kind=self.kind,
            rect=self.rect,
            geometry=self.geometry,
            color=self.color,
            text=self.text,
        )


_SPEC_FIELDS = frozenset(f.name for f in fields(AnnotationSpec))


class AnnotationService:
    """Add, change, remove and list a document's annotations."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def add(
        self, document_id: int, spec: AnnotationSpec, *, restoring: AnnotationView | None = None
    ) -> int:
        """Store an annotation and return its id; raises `AnnotationError` if it is invalid.
        `restoring`: an annotation removed earlier coming back (undo), with its own author
        and creation time; the audit trail records who brought it back."""
        with self._workspace.transaction() as session:
            document = _document(session, document_id)
            spec = validate(spec, document.page_count)
            now = self._workspace.clock()
            annotation = Annotation(
                document_id=document_id,
                author=restoring.author if restoring else self._workspace.actor.audit_name,
                created_at=restoring.created_at if restoring else now,
                updated_at=now,
            )
            _apply(annotation, spec)
            verb = "Restored" if restoring else "Added"
            audit.set_summary(
                session,
                annotation,
                f"{verb} a {KIND_NAMES[spec.kind]} on page {spec.page + 1} "
                f"of “{document.filename}”",
            )
            session.add(annotation)
            session.flush()
            return annotation.id

    def update(self, annotation_id: int, **changes: Any) -> AnnotationView:
        """Change some of an annotation's fields (those of `AnnotationSpec`)."""
        unknown = set(changes) - _SPEC_FIELDS
        if unknown:
            raise TypeError(f"Annotations have no field(s) {', '.join(sorted(unknown))}")
        with self._workspace.transaction() as session:
            annotation = _annotation(session, annotation_id)
            document = _document(session, annotation.document_id)
            spec = validate(replace(_spec_of(annotation), **changes), document.page_count)
            if spec == _spec_of(annotation):
                return _view(annotation)
            _apply(annotation, spec)
            annotation.updated_at = self._workspace.clock()
            audit.set_summary(
                session,
                annotation,
                f"Changed a {KIND_NAMES[spec.kind]} on page {spec.page + 1} "
                f"of “{document.filename}”: {', '.join(sorted(changes))}",
            )
            session.flush()
            return _view(annotation)

    def delete(self, annotation_id: int) -> AnnotationSpec:
        """Remove an annotation and return what it was, so an undo can add it back."""
        return self.remove(annotation_id).spec

    def remove(self, annotation_id: int) -> AnnotationView:
        """Remove an annotation and return all of it (author and time included), so an
        undo can restore it as it was (`add(..., restoring=view)`)."""
        with self._workspace.transaction() as session:
            annotation = _annotation(session, annotation_id)
            removed = _view(annotation)
            spec = removed.spec
            document = _document(session, annotation.document_id)
            audit.set_summary(
                session,
                annotation,
                f"Removed a {KIND_NAMES[spec.kind]} on page {spec.page + 1} "
                f"of “{document.filename}”",
            )
            session.delete(annotation)
            return removed

    def get(self, annotation_id: int) -> AnnotationView:
        with self._workspace.session() as session:
            return _view(_annotation(session, annotation_id))

    def list(
        self,
        document_id: int,
        *,
        page: int | None = None,
        kind: AnnotationKind | None = None,
    ) -> builtins.list[AnnotationView]:
        """A document's annotations in reading order: by page, then top to bottom, left to right."""
        query = select(Annotation).where(Annotation.document_id == document_id)
        if page is not None:
            query = query.where(Annotation.page == page)
        if kind is not None:
            query = query.where(Annotation.kind == kind)
        query = query.order_by(Annotation.page, Annotation.y0, Annotation.x0, Annotation.id)
        with self._workspace.session() as session:
            if session.get(Document, document_id) is None:
                raise DocumentNotFoundError(f"Document {document_id} does not exist.")
            return [_view(a) for a in session.scalars(query)]


# ----- validation -----


def validate(spec: AnnotationSpec, page_count: int) -> AnnotationSpec:
    """The spec with its colour and numbers normalised, or an `AnnotationError` saying why not."""
    try:
        kind = AnnotationKind(spec.kind)
    except ValueError:
        raise AnnotationError(f"“{spec.kind}” is not a kind of annotation.") from None
    if not isinstance(spec.page, int) or not 0 <= spec.page < page_count:
        pages = f"{page_count} page{'s' if page_count != 1 else ''}"
        raise AnnotationError(
            f"Page {_page_label(spec.page)} does not exist; the document has {pages}."
        )
    rect = _numbers(spec.rect, "The annotation's rectangle")
    if len(rect) != 4:
        raise AnnotationError("The annotation's rectangle needs four numbers (x0, y0, x1, y1).")
    x0, y0, x1, y1 = rect
    # A note is pinned at a point; every other kind covers an area.
    if kind != AnnotationKind.NOTE and not (x1 > x0 and y1 > y0):
        raise AnnotationError(
            f"The {KIND_NAMES[kind]} covers no area: its rectangle is empty "
            f"({x0:g}, {y0:g}, {x1:g}, {y1:g})."
        )
    if kind == AnnotationKind.NOTE and not (x1 >= x0 and y1 >= y0):
        raise AnnotationError("The note's rectangle is upside down.")
    geometry = tuple(_numbers(part, "The annotation's shape") for part in spec.geometry)
    if kind in TEXT_MARKUP and any(len(q) != 8 for q in geometry):
        raise AnnotationError(
            f"Each marked line of a {KIND_NAMES[kind]} needs 8 numbers (four corners)."
        )
    if kind == AnnotationKind.INK:
        if not geometry:
            raise AnnotationError("The drawing has no strokes.")
        if any(len(s) < 4 or len(s) % 2 for s in geometry):
            raise AnnotationError("Each stroke of a drawing needs at least two x, y points.")
    elif kind not in TEXT_MARKUP and geometry:
        raise AnnotationError(f"A {KIND_NAMES[kind]} takes no shape besides its rectangle.")
    color = spec.color
    if color is None:
        color = DEFAULT_REDACTION_COLOR if kind == AnnotationKind.REDACTION else DEFAULT_COLOR
    if not isinstance(color, str) or not _COLOR.match(color):
        raise AnnotationError(f"“{color}” is not a colour; use the form #rrggbb, e.g. #ffd400.")
    if not isinstance(spec.text, str):
        raise AnnotationError("The annotation's text must be text.")
    return AnnotationSpec(
        page=spec.page,
        kind=kind,
        rect=(x0, y0, x1, y1),
        geometry=geometry,
        color=color.lower(),
        text=spec.text,
    )


def _page_label(page: object) -> str:
    return str(page + 1) if isinstance(page, int) else repr(page)


def _numbers(values: Sequence[float], what: str) -> tuple[float, ...]:
    try:
        numbers = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise AnnotationError(f"{what} must be a list of numbers.") from None
    if not all(math.isfinite(n) for n in numbers):
        raise AnnotationError(f"{what} has a number that is not finite.")
    return numbers


# ----- ORM <-> spec -----


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise DocumentNotFoundError(f"Document {document_id} does not exist.")
    return document


def _annotation(session: Session, annotation_id: int) -> Annotation:
    annotation = session.get(Annotation, annotation_id)
    if annotation is None:
        raise AnnotationNotFoundError(f"Annotation {annotation_id} does not exist.")
    return annotation


def _apply(annotation: Annotation, spec: AnnotationSpec) -> None:
    annotation.page = spec.page
    annotation.kind = spec.kind
    annotation.x0, annotation.y0, annotation.x1, annotation.y1 = spec.rect
    annotation.geometry = json.dumps([list(p) for p in spec.geometry]) if spec.geometry else ""
    annotation.color = spec.color or DEFAULT_COLOR
    annotation.text = spec.text


def _geometry(raw: str) -> Geometry:
    if not raw:
        return ()
    return tuple(tuple(float(n) for n in part) for part in json.loads(raw))


def _spec_of(annotation: Annotation) -> AnnotationSpec:
    return AnnotationSpec(
        page=annotation.page,
        kind=AnnotationKind(annotation.kind),
        rect=(annotation.x0, annotation.y0, annotation.x1, annotation.y1),
        geometry=_geometry(annotation.geometry),
        color=annotation.color,
        text=annotation.text,
    )


def _view(annotation: Annotation) -> AnnotationView:
    spec = _spec_of(annotation)
    return AnnotationView(
        id=annotation.id,
        document_id=annotation.document_id,
        page=spec.page,
        kind=spec.kind,
        rect=spec.rect,
        geometry=spec.geometry,
        color=annotation.color,
        text=spec.text,
        author=annotation.author,
        created_at=annotation.created_at,
        updated_at=annotation.updated_at,
    )
