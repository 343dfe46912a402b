"""A copy of a document's PDF with its annotations burnt in, for printing or sending.

Works from bytes to bytes with PyMuPDF and never writes a file: the caller decides
where the copy goes. Each annotation becomes a real PDF annotation with its own
appearance stream, so any viewer shows it. Redactions are applied: the text, images
and drawings under them are removed from the page content, not merely covered.
PyMuPDF is not thread-safe: call this from one worker at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from legal_desk.documents.annotations import TEXT_MARKUP, AnnotationView
from legal_desk.documents.errors import UnreadableDocumentError
from legal_desk.documents.pdf import load_pymupdf
from models import AnnotationKind

INK_WIDTH = 2.0
RECT_WIDTH = 1.5
FREE_TEXT_SIZE = 11


def _overlaps_any(view: AnnotationView, redactions: Sequence[AnnotationView]) -> bool:
    x0, y0, x1, y1 = view.rect
    return any(
        x0 <= r.rect[2] and r.rect[0] <= x1 and y0 <= r.rect[3] and r.rect[1] <= y1
        for r in redactions
    )


def export_annotated_pdf(
    pdf: bytes, annotations: Sequence[AnnotationView], *, redact: bool = True
) -> bytes:
    """The PDF with `annotations` added.

    With `redact` (the default) redactions are applied for real and the document's
    metadata is scrubbed. Without it, redactions are only marked (an outlined box
    over content that is still there), for review inside the office.
    """
    pymupdf = load_pymupdf()
    try:
        doc = pymupdf.open(stream=pdf, filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        raise UnreadableDocumentError(f"The PDF could not be read: {exc}") from None
    try:
        for number in sorted({a.page for a in annotations}):
            if not 0 <= number < doc.page_count:
                raise UnreadableDocumentError(
                    f"An annotation is on page {number + 1}, but the PDF has "
                    f"{doc.page_count} page(s)."
                )
            page = doc[number]
            on_page = [a for a in annotations if a.page == number]
            redactions = [a for a in on_page if a.kind == AnnotationKind.REDACTION]
            for view in redactions:
                page.add_redact_annot(pymupdf.Rect(view.rect), fill=_rgb(view.color))
            if redact and redactions:
                # PIXELS blanks only the covered part of an image; REMOVE would drop
                # the whole photo for a redaction over a corner of it.
                page.apply_redactions(
                    images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                    graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
                    text=pymupdf.PDF_REDACT_TEXT_REMOVE,
                )
            elif redactions:
                for annot in page.annots(types=[pymupdf.PDF_ANNOT_REDACT]):
                    annot.update()
            # Added after the redactions are applied, so applying them cannot touch these.
            for view in on_page:
                if view.kind == AnnotationKind.REDACTION:
                    continue
                if redact and _overlaps_any(view, redactions):
                    # A note or mark over a redaction would carry its text (or point at
                    # what was removed) into the copy that leaves the office: drop it.
                    continue
                _add(pymupdf, page, view)
        if redact:
            # Names of whoever made or edited the file; the page content stays as it is.
            doc.scrub(
                attached_files=False,
                clean_pages=False,
                embedded_files=False,
                hidden_text=False,
                javascript=True,
                metadata=True,
                redactions=False,
                remove_links=False,
                reset_fields=False,
                reset_responses=False,
                thumbnails=True,
                xml_metadata=True,
            )
        data: bytes = doc.tobytes(garbage=3, deflate=True)
        return data
    finally:
        doc.close()


def _add(pymupdf: Any, page: Any, view: AnnotationView) -> None:
    rect = pymupdf.Rect(view.rect)
    color = _rgb(view.color)
    update: dict[str, Any] = {}
    if view.kind in TEXT_MARKUP:
        quads = [pymupdf.Quad(q[0:2], q[2:4], q[4:6], q[6:8]) for q in view.geometry] or [rect.quad]
        add = {
            AnnotationKind.HIGHLIGHT: page.add_highlight_annot,
            AnnotationKind.UNDERLINE: page.add_underline_annot,
            AnnotationKind.STRIKEOUT: page.add_strikeout_annot,
        }[view.kind]
        annot = add(quads=quads)
        annot.set_colors(stroke=color)
    elif view.kind == AnnotationKind.NOTE:
        annot = page.add_text_annot(rect.tl, view.text, icon="Note")
        annot.set_colors(stroke=color)
    elif view.kind == AnnotationKind.FREE_TEXT:
        annot = page.add_freetext_annot(rect, view.text, fontsize=FREE_TEXT_SIZE, text_color=color)
        # A free-text box's appearance is rebuilt from these on every update.
        update = {"fontsize": FREE_TEXT_SIZE, "text_color": color}
    elif view.kind == AnnotationKind.INK:
        strokes = [[(s[i], s[i + 1]) for i in range(0, len(s) - 1, 2)] for s in view.geometry]
        annot = page.add_ink_annot(strokes)
        annot.set_colors(stroke=color)
        annot.set_border(width=INK_WIDTH)
    elif view.kind == AnnotationKind.RECTANGLE:
        annot = page.add_rect_annot(rect)
        annot.set_colors(stroke=color)
        annot.set_border(width=RECT_WIDTH)
    else:  # pragma: no cover - every kind is handled above
        raise ValueError(f"unknown annotation kind {view.kind}")
    annot.set_info(title=view.author, content=view.text)
    annot.update(**update)


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return (
        int(value[0:2], 16) / 255,
        int(value[2:4], 16) / 255,
        int(value[4:6], 16) / 255,
    )
