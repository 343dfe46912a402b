"""The exported copy shows its annotations in another renderer; redactions remove content.

Poppler (pdftoppm, pdftotext) is the second opinion: an annotation that only
PyMuPDF can draw, or redacted text that poppler can still extract, would fail here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest

from legal_desk.documents import DocumentStore
from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from legal_desk.documents.export import export_annotated_pdf
from legal_desk.workspace import Workspace
from models import AnnotationKind
from tests.legal_desk.documents.conftest import make_image

DPI = 50
SECRET = ("Zebulon", "Quartermaine")
KEPT = ("Administrative", "Warrant")
HIGHLIGHT_RECT = (72.0, 78.0, 260.0, 94.0)
BOX_RECT = (72.0, 200.0, 250.0, 260.0)
INK_RECT = (320.0, 200.0, 520.0, 260.0)
NAME_RECT = (70.0, 115.0, 320.0, 135.0)
PHOTO_RECT = (300.0, 400.0, 450.0, 500.0)
OTHER_PHOTO_RECT = (300.0, 600.0, 450.0, 700.0)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) is not installed; CI installs it",
)


def make_warrant() -> bytes:
    """One page: a kept title, a student's name to redact, and two photos (one to redact)."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 90), "Administrative Warrant I-205", fontname="helv", fontsize=12)
    page.insert_text((72, 130), "Student Zebulon Quartermaine", fontname="helv", fontsize=12)
    page.insert_image(pymupdf.Rect(PHOTO_RECT), stream=make_image("png", width=150, height=100))
    page.insert_image(
        pymupdf.Rect(OTHER_PHOTO_RECT), stream=make_image("jpeg", width=150, height=100)
    )
    return bytes(doc.tobytes(deflate=True))


@pytest.fixture
def document_id(store: DocumentStore, case_id: int) -> int:
    return store.attach(case_id, "w.pdf", make_warrant())


@pytest.fixture
def annotations(workspace: Workspace, document_id: int) -> AnnotationService:
    service = AnnotationService(workspace)
    x0, y0, x1, y1 = HIGHLIGHT_RECT
    service.add(
        document_id,
        AnnotationSpec(
            page=0,
            kind=AnnotationKind.HIGHLIGHT,
            rect=HIGHLIGHT_RECT,
            geometry=((x0, y0, x1, y0, x0, y1, x1, y1),),
            color="#ffd400",
            text="Not a judicial warrant",
        ),
    )
    service.add(
        document_id,
        AnnotationSpec(page=0, kind=AnnotationKind.RECTANGLE, rect=BOX_RECT, color="#0000ff"),
    )
    service.add(
        document_id,
        AnnotationSpec(
            page=0,
            kind=AnnotationKind.INK,
            rect=INK_RECT,
            geometry=((320, 200, 420, 260, 520, 200), (320, 230, 520, 230)),
            color="#ff0000",
        ),
    )
    service.add(
        document_id,
        AnnotationSpec(page=0, kind=AnnotationKind.NOTE, rect=(540, 60, 540, 60), text="Call"),
    )
    service.add(
        document_id,
        AnnotationSpec(
            page=0, kind=AnnotationKind.FREE_TEXT, rect=(72, 300, 280, 330), text="Counsel"
        ),
    )
    for rect in (NAME_RECT, PHOTO_RECT):
        service.add(document_id, AnnotationSpec(page=0, kind=AnnotationKind.REDACTION, rect=rect))
    return service


def _render(pdf: bytes, directory: Path, name: str) -> pymupdf.Pixmap:
    """Page 1 as poppler draws it (tests may write to tmp_path; the app never does)."""
    source = directory / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(source), str(directory / name)],
        check=True,
        timeout=30,
    )
    return pymupdf.Pixmap(str(directory / f"{name}.png"))


def _pixels(pix: pymupdf.Pixmap, rect: tuple[float, float, float, float]) -> list[tuple[int, ...]]:
    scale = DPI / 72
    x0, y0, x1, y1 = (round(v * scale) for v in rect)
    return [
        tuple(pix.pixel(x, y)[:3])
        for y in range(max(y0, 0), min(y1, pix.height))
        for x in range(max(x0, 0), min(x1, pix.width))
    ]


def _changed(before: pymupdf.Pixmap, after: pymupdf.Pixmap, rect: tuple[float, ...]) -> int:
    r = (rect[0], rect[1], rect[2], rect[3])
    return sum(a != b for a, b in zip(_pixels(before, r), _pixels(after, r), strict=True))


def _pdftotext(pdf: bytes, directory: Path) -> str:
    source = directory / "text.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout


def _export(store: DocumentStore, annotations: AnnotationService, document_id: int) -> bytes:
    return export_annotated_pdf(store.pdf_bytes(document_id), annotations.list(document_id))


@needs_poppler
def test_annotations_are_drawn_for_another_renderer(
    tmp_path: Path, store: DocumentStore, annotations: AnnotationService, document_id: int
) -> None:
    plain = _render(store.pdf_bytes(document_id), tmp_path, "plain")
    marked = _render(_export(store, annotations, document_id), tmp_path, "marked")

    for rect in (HIGHLIGHT_RECT, BOX_RECT, INK_RECT):
        assert _changed(plain, marked, rect) > 10, rect
    # The highlight tints the white around the text yellow: strong red and green, less blue.
    tinted = [p for p in _pixels(marked, HIGHLIGHT_RECT) if p[0] > 200 and p[2] < 120]
    assert len(tinted) > 50
    # Nothing was drawn where no annotation is.
    assert _changed(plain, marked, (72, 720, 250, 780)) == 0


def test_every_annotation_is_a_real_pdf_annotation_with_an_appearance(
    store: DocumentStore, annotations: AnnotationService, document_id: int
) -> None:
    exported = pymupdf.open(stream=_export(store, annotations, document_id), filetype="pdf")
    page = exported[0]
    found = {annot.type[1]: annot for annot in page.annots()}
    assert set(found) == {"Highlight", "Square", "Ink", "Text", "FreeText"}
    for annot in found.values():
        assert exported.xref_get_key(annot.xref, "AP/N")[0] == "xref"
        assert annot.info["title"] == "Tess Tester (tester)"
    assert found["Highlight"].info["content"] == "Not a judicial warrant"
    assert found["Highlight"].colors["stroke"] == pytest.approx((1.0, 212 / 255, 0.0), abs=0.01)


@needs_poppler
def test_redactions_remove_text_and_images(
    tmp_path: Path, store: DocumentStore, annotations: AnnotationService, document_id: int
) -> None:
    exported = _export(store, annotations, document_id)

    texts = {
        "pdftotext": _pdftotext(exported, tmp_path),
        "pymupdf": pymupdf.open(stream=exported, filetype="pdf")[0].get_text(),
    }
    for name, text in texts.items():
        for word in SECRET:
            assert word not in text, (name, word)
        for word in KEPT:
            assert word in text, (name, word)
    assert all(word in _pdftotext(store.pdf_bytes(document_id), tmp_path) for word in SECRET)

    page = pymupdf.open(stream=exported, filetype="pdf")[0]
    placed = [page.get_image_rects(image[0]) for image in page.get_images(full=True)]
    rects = [r for rs in placed for r in rs]
    assert rects, "the photo outside the redaction stays"
    assert not any(r.intersects(pymupdf.Rect(PHOTO_RECT)) for r in rects)

    # Poppler draws the redacted photo's area as the black fill, the other photo as before.
    plain = _render(store.pdf_bytes(document_id), tmp_path, "plain")
    marked = _render(exported, tmp_path, "marked")
    inner = (PHOTO_RECT[0] + 5, PHOTO_RECT[1] + 5, PHOTO_RECT[2] - 5, PHOTO_RECT[3] - 5)
    assert set(_pixels(marked, inner)) == {(0, 0, 0)}
    assert _changed(plain, marked, OTHER_PHOTO_RECT) == 0


def test_without_redact_the_content_stays_and_is_only_marked(
    store: DocumentStore, annotations: AnnotationService, document_id: int
) -> None:
    exported = export_annotated_pdf(
        store.pdf_bytes(document_id), annotations.list(document_id), redact=False
    )
    page = pymupdf.open(stream=exported, filetype="pdf")[0]
    assert "Zebulon" in page.get_text()
    assert sum(annot.type[1] == "Redact" for annot in page.annots()) == 2


def test_export_leaves_the_stored_document_alone(
    store: DocumentStore, annotations: AnnotationService, document_id: int
) -> None:
    original = store.original_bytes(document_id)
    exported = _export(store, annotations, document_id)
    assert exported != original
    assert store.original_bytes(document_id) == original
    assert store.verify_hash(document_id)


def test_a_note_over_a_redaction_does_not_leave_the_office(
    store: DocumentStore, annotations: AnnotationService, document_id: int
) -> None:
    x0, y0, _x1, _y1 = NAME_RECT
    annotations.add(
        document_id,
        AnnotationSpec(
            page=0,
            kind=AnnotationKind.NOTE,
            rect=(x0 + 2, y0 + 2, x0 + 2, y0 + 2),
            text="Zebulon is the student's first name",
        ),
    )
    exported = _export(store, annotations, document_id)
    page = pymupdf.open(stream=exported, filetype="pdf")[0]
    contents = [annot.info.get("content", "") for annot in page.annots()]
    assert "Call" in contents  # a note elsewhere stays
    assert not any("Zebulon" in text for text in contents)
