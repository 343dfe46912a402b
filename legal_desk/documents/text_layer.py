"""An invisible text layer for a photo's PDF rendition, from the words OCR read.

A phone photo is shown through a one-page PDF rendition that is only a picture, so
find-in-document and text highlighting had nothing to work on. Each OCR word is
written at its own position in render mode 3 (invisible: the page looks exactly as
before), sized to its box, as OCR tools do for "searchable PDFs". Only renditions
change: an original is evidence and stays byte for byte as received.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from legal_desk.documents import pdf
from legal_desk.documents.text import PageText, Word

INVISIBLE = 3  # PDF text render mode: neither filled nor stroked
FONT = "helv"  # a base-14 font: nothing is embedded, the file stays small
# A page already carrying this many letters and digits has a text layer: left alone.
MIN_EXISTING_CHARS = 20
_MIN_SIZE = 1.0  # points; a smaller box is OCR noise


def add_text_layer(data: bytes, pages: Sequence[PageText]) -> bytes | None:
    """`data` (a PDF) with the OCR'd pages' words as invisible text, or None when
    there is nothing to add (no OCR words, or the pages already have text)."""
    pymupdf = pdf.load_pymupdf()
    font = pymupdf.Font(FONT)
    changed = False
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page_text in pages:
            index = page_text.number - 1
            if not page_text.from_ocr or not page_text.words or not 0 <= index < doc.page_count:
                continue
            page = doc[index]
            if page.rotation or _has_text(page):
                continue  # a rendition is upright; anything else is not ours to change
            for word in page_text.words:
                changed |= _insert(pymupdf, font, page, word)
        if not changed:
            return None
        written: bytes = doc.tobytes(garbage=1, deflate=True)
        return written


def _has_text(page: Any) -> bool:
    text = str(page.get_text("text", flags=pdf.text_flags()))
    return sum(ch.isalnum() for ch in text) >= MIN_EXISTING_CHARS


def _insert(pymupdf: Any, font: Any, page: Any, word: Word) -> bool:
    text = word.text.strip()
    width, height = word.x1 - word.x0, word.y1 - word.y0
    if not text or width < _MIN_SIZE or height < _MIN_SIZE:
        return False
    # Font size from the box's height (ascender to descender), then a horizontal
    # stretch so the word spans its box: find then marks the word where it is seen.
    size = height / (font.ascender - font.descender)
    natural = font.text_length(text, fontsize=size)
    if natural <= 0:
        return False
    baseline = pymupdf.Point(word.x0, word.y1 + font.descender * size)
    page.insert_text(
        baseline,
        text,
        fontsize=size,
        fontname=FONT,
        render_mode=INVISIBLE,
        morph=(baseline, pymupdf.Matrix(width / natural, 1)),
    )
    return True
