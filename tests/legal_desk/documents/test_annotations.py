"""Annotations are stored beside the document, audited, validated, and never touch the original."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from legal_desk.documents import DocumentStore
from legal_desk.documents.annotations import (
    AnnotationError,
    AnnotationNotFoundError,
    AnnotationService,
    AnnotationSpec,
)
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import Annotation, AnnotationKind, AuditEvent
from tests.legal_desk.documents.conftest import make_pdf

HIGHLIGHT = AnnotationSpec(
    page=0,
    kind=AnnotationKind.HIGHLIGHT,
    rect=(72, 78, 200, 94),
    geometry=((72, 78, 200, 78, 72, 94, 200, 94),),
    color="#FFD400",
    text="Not signed by a judge",
)


@pytest.fixture
def document_id(store: DocumentStore, case_id: int) -> int:
    return store.attach(case_id, "w.pdf", make_pdf("Page one text", "Page two text"))


@pytest.fixture
def service(workspace: Workspace) -> AnnotationService:
    return AnnotationService(workspace)


def _events(workspace: Workspace) -> list[AuditEvent]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.entity == "annotation").order_by(AuditEvent.seq)
            )
        )


def _annotation_count(workspace: Workspace) -> int:
    with workspace.session() as session:
        return int(session.scalar(select(func.count()).select_from(Annotation)) or 0)


def test_add_list_update_delete_round_trip(
    workspace: Workspace, service: AnnotationService, document_id: int
) -> None:
    annotation_id = service.add(document_id, HIGHLIGHT)

    [view] = service.list(document_id)
    assert view.id == annotation_id
    assert view.spec == AnnotationSpec(
        page=0,
        kind=AnnotationKind.HIGHLIGHT,
        rect=(72.0, 78.0, 200.0, 94.0),
        geometry=((72.0, 78.0, 200.0, 78.0, 72.0, 94.0, 200.0, 94.0),),
        color="#ffd400",  # normalised
        text="Not signed by a judge",
    )
    assert view.author == workspace.actor.audit_name

    changed = service.update(annotation_id, text="Signed by an officer", color="#ff0000")
    assert (changed.text, changed.color) == ("Signed by an officer", "#ff0000")
    assert service.get(annotation_id).text == "Signed by an officer"

    removed = service.delete(annotation_id)
    assert removed == changed.spec
    assert service.list(document_id) == []
    with pytest.raises(AnnotationNotFoundError):
        service.get(annotation_id)

    # Undo of the delete: the returned spec adds the same annotation back.
    again = service.add(document_id, removed)
    assert service.get(again).spec == removed

    events = _events(workspace)
    assert [e.action for e in events] == ["create", "update", "delete", "create"]
    assert all(e.actor == workspace.actor.audit_name for e in events)
    assert events[0].summary == "Added a highlight on page 1 of “w.pdf”"
    assert "color" in events[1].changes and "text" in events[1].changes


def test_default_colours_and_kinds(service: AnnotationService, document_id: int) -> None:
    redaction = service.add(
        document_id, AnnotationSpec(page=1, kind=AnnotationKind.REDACTION, rect=(0, 0, 10, 10))
    )
    box = service.add(
        document_id, AnnotationSpec(page=1, kind=AnnotationKind.RECTANGLE, rect=(0, 0, 10, 10))
    )
    note = service.add(
        document_id,
        AnnotationSpec(page=0, kind=AnnotationKind.NOTE, rect=(50, 50, 50, 50), text="Call back"),
    )
    assert service.get(redaction).color == "#000000"
    assert service.get(box).color == "#ffd400"
    assert service.get(note).rect == (50, 50, 50, 50)


def test_list_is_in_reading_order_and_filters(service: AnnotationService, document_id: int) -> None:
    def box(page: int, y: float, x: float = 10) -> int:
        spec = AnnotationSpec(page=page, kind=AnnotationKind.RECTANGLE, rect=(x, y, x + 5, y + 5))
        return service.add(document_id, spec)

    low_p2 = box(1, 500)
    high_p2 = box(1, 100)
    right_p1 = box(0, 300, x=300)
    left_p1 = box(0, 300, x=20)
    ink = service.add(
        document_id,
        AnnotationSpec(
            page=0, kind=AnnotationKind.INK, rect=(10, 10, 60, 60), geometry=((10, 10, 60, 60),)
        ),
    )

    assert [v.id for v in service.list(document_id)] == [ink, left_p1, right_p1, high_p2, low_p2]
    assert [v.id for v in service.list(document_id, page=1)] == [high_p2, low_p2]
    assert [v.id for v in service.list(document_id, kind=AnnotationKind.INK)] == [ink]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (AnnotationSpec(page=2, kind=AnnotationKind.RECTANGLE, rect=(0, 0, 9, 9)), "Page 3"),
        (AnnotationSpec(page=-1, kind=AnnotationKind.RECTANGLE, rect=(0, 0, 9, 9)), "Page 0"),
        (AnnotationSpec(page=0, kind=AnnotationKind.RECTANGLE, rect=(9, 0, 9, 9)), "no area"),
        (AnnotationSpec(page=0, kind=AnnotationKind.HIGHLIGHT, rect=(0, 9, 9, 0)), "no area"),
        (
            AnnotationSpec(page=0, kind=AnnotationKind.RECTANGLE, rect=(0, 0, 9, 9), color="red"),
            "#rrggbb",
        ),
        (
            AnnotationSpec(
                page=0, kind=AnnotationKind.RECTANGLE, rect=(0, 0, 9, 9), color="#12345g"
            ),
            "#rrggbb",
        ),
        (AnnotationSpec(page=0, kind=AnnotationKind.INK, rect=(0, 0, 9, 9)), "no strokes"),
        (
            AnnotationSpec(
                page=0, kind=AnnotationKind.INK, rect=(0, 0, 9, 9), geometry=((1, 2, 3),)
            ),
            "two x, y points",
        ),
        (
            AnnotationSpec(
                page=0, kind=AnnotationKind.HIGHLIGHT, rect=(0, 0, 9, 9), geometry=((1, 2),)
            ),
            "8 numbers",
        ),
        (
            AnnotationSpec(page=0, kind=AnnotationKind.RECTANGLE, rect=(0, 0, float("nan"), 9)),
            "not finite",
        ),
    ],
)
def test_invalid_annotations_are_refused_and_store_nothing(
    workspace: Workspace,
    service: AnnotationService,
    document_id: int,
    spec: AnnotationSpec,
    message: str,
) -> None:
    events_before = len(_events(workspace))
    with pytest.raises(LegalDeskError, match=message) as caught:
        service.add(document_id, spec)
    assert isinstance(caught.value, AnnotationError)
    assert _annotation_count(workspace) == 0
    assert len(_events(workspace)) == events_before


def test_invalid_update_changes_nothing(
    workspace: Workspace, service: AnnotationService, document_id: int
) -> None:
    annotation_id = service.add(document_id, HIGHLIGHT)
    before = service.get(annotation_id)
    with pytest.raises(AnnotationError, match="Page 9 does not exist; the document has 2 pages"):
        service.update(annotation_id, page=8)
    with pytest.raises(AnnotationError, match="#rrggbb"):
        service.update(annotation_id, color="yellow")
    with pytest.raises(TypeError, match="author"):
        service.update(annotation_id, author="someone else")
    assert service.get(annotation_id) == before
    assert [e.action for e in _events(workspace)] == ["create"]


def test_missing_document_or_annotation(service: AnnotationService) -> None:
    with pytest.raises(LegalDeskError, match="Document 999 does not exist"):
        service.add(999, HIGHLIGHT)
    with pytest.raises(LegalDeskError, match="Document 999 does not exist"):
        service.list(999)
    with pytest.raises(AnnotationNotFoundError, match="Annotation 5 does not exist"):
        service.delete(5)


def test_annotating_never_touches_the_original(
    store: DocumentStore, service: AnnotationService, document_id: int
) -> None:
    original = store.original_bytes(document_id)
    digest = hashlib.sha256(original).hexdigest()

    annotation_id = service.add(document_id, HIGHLIGHT)
    service.add(
        document_id, AnnotationSpec(page=1, kind=AnnotationKind.REDACTION, rect=(70, 70, 300, 100))
    )
    service.update(annotation_id, text="changed")
    service.delete(annotation_id)

    assert store.original_bytes(document_id) == original
    assert hashlib.sha256(store.original_bytes(document_id)).hexdigest() == digest
    assert store.verify_hash(document_id)
