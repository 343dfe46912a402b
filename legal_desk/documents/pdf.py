"""PyMuPDF work on documents held in memory: reading PDFs, making PDF renditions.

Everything opens from and writes to bytes (`stream=`, `tobytes()`): the plaintext
of a case document never touches the disk. PyMuPDF is imported inside each
function because its import is slow (CONVENTIONS.md) and most runs of the CLI
never need it. PyMuPDF is not thread-safe: call these from one worker at a time.
"""

from __future__ import annotations

import functools
import html
import importlib
import io
import logging
from dataclasses import dataclass
from typing import Any

from legal_desk.documents.errors import (
    DocumentTooLargeError,
    EncryptedDocumentError,
    UnreadableDocumentError,
)
from legal_desk.documents.heic import heic_to_jpeg
from legal_desk.documents.media import MediaType, image_size

# Pages of a text layer are joined with a form feed, as pdftotext does, so a
# position in the text can be traced back to its page.
PAGE_SEPARATOR = "\f"
# Refuse images whose decoded pixels would take gigabytes (a "decompression bomb").
MAX_IMAGE_PIXELS = 150_000_000
# A photo's page is never larger than US Legal (14 in) on its long side: a phone
# photo of a sheet then comes out near its real size, and OCR at 300 dpi later
# works at about the photo's own resolution.
MAX_RENDITION_SIDE_PT = 14 * 72
_PDF_EOF_WINDOW = 2048
_DECODE_CHECK_PIXELS = 256


def load_pymupdf() -> Any:
    """The `pymupdf` module, imported on first use.

    Typed as Any on purpose: PyMuPDF ships `py.typed` but most of its API is
    unannotated (and some of it wrongly, e.g. `Document` is iterable), so strict mypy
    would flag every call. Results are converted to plain types where they leave
    this module.
    """
    pymupdf = importlib.import_module("pymupdf")
    _route_messages(pymupdf)
    return pymupdf


@functools.cache
def _route_messages(pymupdf: Any) -> None:
    """Send PyMuPDF's messages to the log instead of stdout.

    PyMuPDF prints some MuPDF warnings on stdout whatever `mupdf_display_warnings`
    says (`Document.convert_to_pdf` does, e.g. "missing IEND chunk in png image" for a
    damaged photo): that line landed in the middle of `legal-desk check-warrant --json`
    output (found by tests/proof/test_hostile_input.py). At debug level, because a
    warning about a damaged file is no news to the user, who gets our own message.
    """
    pymupdf.set_messages(pylogging=True, pylogging_name="pymupdf", pylogging_level=logging.DEBUG)


@dataclass(frozen=True)
class PdfText:
    page_count: int
    text: str


def _mupdf_errors() -> tuple[type[Exception], ...]:
    pymupdf = load_pymupdf()

    # FileDataError is a RuntimeError; MuPDF's own failures derive from FzErrorBase.
    return (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)


def _text_flags() -> int:
    pymupdf = load_pymupdf()

    # Expand ligatures ("ﬀ" -> "ff") so that search finds the words as typed.
    return int(pymupdf.TEXTFLAGS_TEXT) & ~int(pymupdf.TEXT_PRESERVE_LIGATURES)


def mupdf_errors() -> tuple[type[Exception], ...]:
    """The exceptions PyMuPDF raises on damaged input."""
    return _mupdf_errors()


def text_flags() -> int:
    """Text extraction flags: ligatures expanded so the text matches what was typed."""
    return _text_flags()


def open_pdf(data: bytes, filename: str) -> Any:
    """An open `pymupdf.Document` (the caller closes it); refuses damaged or locked PDFs.

    Cheap: MuPDF loads pages lazily, so a huge file can be refused by its page count
    before any page is read.
    """
    pymupdf = load_pymupdf()
    damaged = UnreadableDocumentError(
        f"“{filename}” looks like a PDF but cannot be read: the file is damaged. Ask "
        "the school to send it again, or to photograph or scan the paper."
    )
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except _mupdf_errors():
        raise damaged from None
    try:
        if doc.needs_pass:
            raise EncryptedDocumentError(
                f"“{filename}” is protected by a password. Ask the sender for a copy "
                "without a password (or the password), or for a photo or scan of the paper."
            )
        try:
            # Counting the pages can fail too: a page tree whose /Count is negative
            # or absurd raises "Invalid number of pages" (found by the hostile-input
            # suite, tests/proof).
            pages = int(doc.page_count)
        except _mupdf_errors():
            raise damaged from None
        if pages == 0:
            raise UnreadableDocumentError(
                f"“{filename}” is a PDF with no pages: the file is damaged or incomplete. "
                "Ask the school to send it again."
            )
        if doc.is_repaired and b"%%EOF" not in data[-_PDF_EOF_WINDOW:]:
            # MuPDF rebuilds a broken file as best it can; with no end marker the
            # file was cut short, and what it shows may silently lack pages.
            raise UnreadableDocumentError(
                f"“{filename}” is incomplete: the PDF was cut short (an interrupted "
                "download or copy). Ask the school to send it again."
            )
    except BaseException:
        doc.close()
        raise
    return doc


def damaged_pages_error(filename: str) -> UnreadableDocumentError:
    return UnreadableDocumentError(
        f"“{filename}” is a damaged PDF: some pages cannot be read. Ask the school "
        "to send it again, or to photograph or scan the paper."
    )


def read_pdf(data: bytes, filename: str) -> PdfText:
    """Count the pages and extract the text layer; refuse damaged or locked PDFs."""
    with open_pdf(data, filename) as doc:
        flags = _text_flags()
        try:
            pages = [page.get_text(flags=flags) for page in doc]
        except _mupdf_errors():
            raise damaged_pages_error(filename) from None
        return PdfText(doc.page_count, PAGE_SEPARATOR.join(p.strip() for p in pages))


def image_to_pdf(data: bytes, media_type: MediaType, filename: str) -> bytes:
    """A one-page PDF showing the image upright (EXIF orientation applied), sized to it."""
    pymupdf = load_pymupdf()
    if media_type is MediaType.HEIC:
        data = heic_to_jpeg(data, filename, max_pixels=MAX_IMAGE_PIXELS)
        media_type = MediaType.JPEG

    size = image_size(data, media_type)
    if size is None:
        raise UnreadableDocumentError(
            f"“{filename}” looks like a {media_type.label} but its header is damaged. "
            "Ask the school to send the photo again."
        )
    width, height = size
    if width == 0 or height == 0:
        raise UnreadableDocumentError(f"“{filename}” is an image with no pixels.")
    if width * height > MAX_IMAGE_PIXELS:
        raise DocumentTooLargeError(
            f"“{filename}” is {width}×{height} pixels, more than Legal Desk can process "
            f"({MAX_IMAGE_PIXELS // 1_000_000} megapixels). Ask for a smaller photo or a PDF."
        )
    errors = _mupdf_errors()
    damaged = UnreadableDocumentError(
        f"“{filename}” is a damaged or incomplete {media_type.label}: it cannot be shown in "
        "full. Ask the school to send the photo again."
    )
    pymupdf.TOOLS.mupdf_warnings()  # reading them clears the list
    try:
        # Opening the image as a document, unlike insert_image(), honours the
        # camera's EXIF orientation and the image's own resolution.
        with pymupdf.open(stream=data, filetype=media_type.mupdf_filetype) as image:
            page = image[0]
            natural = page.rect
            # Decode once at a small size: a truncated JPEG only warns, so look at the
            # warnings; a truncated PNG raises.
            zoom = _DECODE_CHECK_PIXELS / max(natural.width, natural.height)
            page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
            if "premature end" in str(pymupdf.TOOLS.mupdf_warnings()).lower():
                raise damaged
            converted = image.convert_to_pdf()
    except errors:
        raise damaged from None
    scale = min(1.0, MAX_RENDITION_SIDE_PT / max(natural.width, natural.height))
    with pymupdf.open(stream=converted, filetype="pdf") as source, pymupdf.open() as out:
        target = out.new_page(width=natural.width * scale, height=natural.height * scale)
        target.show_pdf_page(target.rect, source, 0)
        out.set_metadata({"title": filename, "producer": "Legal Desk (image rendition)"})
        return bytes(out.tobytes(garbage=3, deflate=True))


def html_to_pdf(html: str, css: str, *, paper: str = "letter", margin_pt: float = 72) -> bytes:
    """HTML laid out on as many pages as it needs (PyMuPDF's Story), in memory."""
    pymupdf = load_pymupdf()
    story = pymupdf.Story(html=html, user_css=css)
    mediabox = pymupdf.paper_rect(paper)
    frame = pymupdf.Rect(
        margin_pt, margin_pt, mediabox.width - margin_pt, mediabox.height - margin_pt
    )
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    more = 1
    while more:
        device = writer.begin_page(mediabox)
        more, filled = story.place(frame)
        story.draw(device)
        writer.end_page()
        if more and pymupdf.Rect(filled).is_empty:
            # Nothing fitted on a whole page (one unbreakable block taller than a
            # page): stop rather than add empty pages for ever.
            break
    writer.close()
    return buffer.getvalue()


def text_to_pdf(title: str, fields: list[tuple[str, str]], body: str) -> bytes:
    """A printable PDF of a message: a title, labelled fields, then the text as written."""
    pymupdf = load_pymupdf()

    rows = "".join(
        f"<tr><td class='k'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in fields
    )
    markup = (
        f"<h1>{html.escape(title)}</h1><table>{rows}</table><hr/>"
        f"<div class='body'>{html.escape(body) or '(no text)'}</div>"
    )
    # Monospace, like a printed plain-text mail, and because MuPDF's proportional
    # fonts set ligatures ("ﬃ") that break text search in the rendition.
    css = (
        "* {font-family: monospace; font-size: 9.5pt;}"
        "h1 {font-size: 13pt; font-weight: bold; margin-bottom: 6pt;}"
        "td {vertical-align: top; padding: 1pt 6pt 1pt 0;} td.k {font-weight: bold;}"
        ".body {white-space: pre-wrap; margin-top: 8pt;}"
    )
    buffer = io.BytesIO()
    story = pymupdf.Story(html=markup, user_css=css)
    writer = pymupdf.DocumentWriter(buffer)
    mediabox = pymupdf.paper_rect("letter")
    margin = 54  # 3/4 inch
    where = pymupdf.Rect(
        mediabox.x0 + margin, mediabox.y0 + margin, mediabox.x1 - margin, mediabox.y1 - margin
    )
    more = True
    while more:
        device = writer.begin_page(mediabox)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    # The Story embeds whole fonts; keeping only the glyphs used makes the file ~50x smaller.
    with pymupdf.open(stream=buffer.getvalue(), filetype="pdf") as doc:
        doc.subset_fonts()
        doc.set_metadata({"title": title, "producer": "Legal Desk (message rendition)"})
        return bytes(doc.tobytes(garbage=3, deflate=True))


def page_count(pdf: bytes) -> int:
    pymupdf = load_pymupdf()

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return int(doc.page_count)
