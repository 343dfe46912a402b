"""A document's pages for the case file: the annotated copy, redactions applied for real.

Also collects the words under each redaction, so the rest of the case file (the
checker's sentences, the timeline's record of the document) can leave them out too:
a redaction removed from the page must not come back in the text around it.
PyMuPDF is not thread-safe: call these from one worker at a time.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from legal_desk.documents.annotations import AnnotationService, AnnotationView
from legal_desk.documents.export import export_annotated_pdf
from legal_desk.documents.pdf import load_pymupdf, mupdf_errors, text_flags
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import AnnotationKind

REDACTED = "[redacted]"
_STRIP = string.punctuation + "“”‘’«»…"
MIN_TERM = 2


@dataclass(frozen=True)
class DocumentPages:
    # The annotated copy, or None when the document could not be included (`problem`).
    pdf: bytes | None
    problem: str = ""
    annotations: Counter[AnnotationKind] = field(default_factory=Counter)
    redacted_terms: frozenset[str] = frozenset()


def redacted_terms(pdf: bytes, redactions: Sequence[AnnotationView]) -> frozenset[str]:
    """The words of `pdf` that any redaction touches (MuPDF removes a character that
    overlaps the box, so overlap is enough)."""
    if not redactions:
        return frozenset()
    pymupdf = load_pymupdf()
    terms: set[str] = set()
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for number in sorted({r.page for r in redactions}):
            if not 0 <= number < doc.page_count:
                continue
            boxes = [pymupdf.Rect(r.rect) for r in redactions if r.page == number]
            for word in doc[number].get_text("words", flags=text_flags()):
                rect = pymupdf.Rect(word[:4])
                if any(rect.intersects(box) for box in boxes):
                    term = str(word[4]).strip(_STRIP)
                    if len(term) >= MIN_TERM:
                        terms.add(term)
    return frozenset(terms)


def document_pages(workspace: Workspace, document_id: int) -> DocumentPages:
    """The document as the case file shows it. A document that cannot be shown (a
    damaged file) is reported in `problem` instead of failing the whole export."""
    try:
        pdf = DocumentStore(workspace).pdf_bytes(document_id)
        views = AnnotationService(workspace).list(document_id)
        redactions = [v for v in views if v.kind == AnnotationKind.REDACTION]
        terms = redacted_terms(pdf, redactions)
        copy = export_annotated_pdf(pdf, views, redact=True)
    except LegalDeskError as error:
        return DocumentPages(pdf=None, problem=str(error))
    except mupdf_errors() as error:
        return DocumentPages(pdf=None, problem=f"The PDF could not be read ({error}).")
    return DocumentPages(pdf=copy, annotations=Counter(v.kind for v in views), redacted_terms=terms)


class Scrubber:
    """Replaces redacted words, whole words only and in any case, with “[redacted]”."""

    def __init__(self, terms: Iterable[str]) -> None:
        words = sorted({t for t in terms if len(t) >= MIN_TERM}, key=lambda t: (-len(t), t))
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
            )
            if words
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(REDACTED, text)

    def __bool__(self) -> bool:
        return self._pattern is not None
