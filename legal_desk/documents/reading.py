"""Reading a document's pages for the checker: the text layer where there is one, OCR
where there is not (a scan, a phone photo).

Works on bytes in memory (no plaintext temp files). PyMuPDF is imported on first use
and is not thread-safe: one worker reads one document. Long reads can be cancelled
between pages and report progress.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from legal_desk.documents import ocr, pdf
from legal_desk.documents.errors import DocumentTooLargeError, UnsupportedMediaError
from legal_desk.documents.ingest import clean_filename
from legal_desk.documents.media import MediaType, detect
from legal_desk.documents.text import PageText, Word
from legal_desk.errors import LegalDeskError

MAX_PAGES = 200
OCR_DPI = 300  # titles survive a phone photo's noise at 300 dpi, not at 200 (CONVENTIONS.md)
# A page with fewer letters and digits than this has no usable text layer (a scan may
# carry a stray "Scanned by ..." line): it is read by OCR instead.
MIN_TEXT_CHARS = 20
# OCR renders the page; cap the pixels so an oversized page cannot exhaust memory.
MAX_OCR_PIXELS = 60_000_000
# Rendering resolution of the cheap "is this page blank?" test.
_BLANK_TEST_DPI = 18


class TooManyPagesError(DocumentTooLargeError):
    """More pages than the checker reads; refused before any page is read."""


class ReadingCancelled(LegalDeskError):  # noqa: N818 - names what happened, not an error
    """The caller's `cancel()` returned True; nothing was read past that page."""


@dataclass(frozen=True)
class ReadResult:
    pages: tuple[PageText, ...]
    page_count: int
    ocr_used: bool
    notes: tuple[str, ...] = ()


def read_pages(
    data: bytes,
    *,
    filename: str = "",
    ocr: bool = True,
    max_pages: int = MAX_PAGES,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReadResult:
    """The text and word boxes of each page of a PDF, JPEG or PNG.

    Raises a `DocumentError` with a user-facing message for empty, damaged, locked,
    unsupported or too long files, and `ReadingCancelled` when `cancel()` says so
    (checked before each page). `progress(done, total)` is called after each page.
    """
    # The bare name for messages ("document" when there is none); never a path.
    name = clean_filename(filename)
    media_type = detect(data, filename and name)
    if media_type is MediaType.EML:
        raise UnsupportedMediaError(
            f"“{name}” is an e-mail message: check the warrant attached to it (save the "
            "attachment and check that file)."
        )
    if media_type.is_image:
        data = pdf.image_to_pdf(data, media_type, name)
    with pdf.open_pdf(data, name) as doc:
        total = int(doc.page_count)
        if total > max_pages:
            raise TooManyPagesError(
                f"“{name}” has {total:,} pages; the checker reads at most {max_pages:,}. "
                "Ask for the warrant's pages only."
            )
        return _read_document(doc, name, total, ocr, cancel, progress)


def _read_document(
    doc: Any,
    name: str,
    total: int,
    use_ocr: bool,
    cancel: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None,
) -> ReadResult:
    tessdata = ocr.tessdata_dir() if use_ocr and ocr.tesseract_program() else None
    pages: list[PageText] = []
    unread: list[int] = []  # pages that needed OCR and did not get it
    failed: list[int] = []  # pages where OCR ran and failed
    errors = pdf.mupdf_errors()
    ocr_failures: tuple[type[Exception], ...] = (ocr.OcrFailed, *errors)
    for index in range(total):
        if cancel is not None and cancel():
            raise ReadingCancelled(f"Reading “{name}” was cancelled at page {index + 1}.")
        try:
            page = doc[index]
            text_page = _text_layer(page)
            needs_ocr = not text_page.enough_text and not _is_blank(page)
        except errors:
            raise pdf.damaged_pages_error(name) from None
        if not needs_ocr:
            pages.append(text_page.to_page_text(index + 1))
        elif tessdata is None:
            unread.append(index + 1)
            pages.append(text_page.to_page_text(index + 1))
        else:
            try:
                pages.append(_ocr(page, tessdata, cancel).to_page_text(index + 1))
            except ocr.OcrCancelled:
                raise ReadingCancelled(
                    f"Reading “{name}” was cancelled at page {index + 1}."
                ) from None
            except ocr_failures:
                failed.append(index + 1)
                pages.append(text_page.to_page_text(index + 1))
        if progress is not None:
            progress(index + 1, total)
    return ReadResult(
        pages=tuple(pages),
        page_count=total,
        ocr_used=any(p.from_ocr for p in pages),
        notes=tuple(_notes(use_ocr, unread, failed)),
    )


def _notes(use_ocr: bool, unread: list[int], failed: list[int]) -> list[str]:
    notes: list[str] = []
    if unread and not use_ocr:
        notes.append(
            f"OCR was turned off: {_pages(unread)} without a text layer "
            f"{'was' if len(unread) == 1 else 'were'} not read"
        )
    elif unread:
        notes.append(f"{ocr.NOT_AVAILABLE_NOTE} ({_pages(unread)})")
    if failed:
        notes.append(f"OCR failed on {_pages(failed)}: the text there was not read")
    return notes


def _pages(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
    return f"page {listed}" if len(numbers) == 1 else f"pages {listed}"


@dataclass(frozen=True)
class _Extracted:
    text: str
    words: tuple[Word, ...]
    from_ocr: bool
    width: float
    height: float

    @property
    def enough_text(self) -> bool:
        return sum(ch.isalnum() for ch in self.text) >= MIN_TEXT_CHARS

    def to_page_text(self, number: int) -> PageText:
        return PageText(
            number=number,
            text=self.text,
            words=self.words,
            from_ocr=self.from_ocr,
            width=self.width,
            height=self.height,
        )


def _extract(page: Any, text_page: Any, *, from_ocr: bool) -> _Extracted:
    words = tuple(
        Word(str(w[4]), float(w[0]), float(w[1]), float(w[2]), float(w[3]))
        for w in page.get_text("words", textpage=text_page)
        if str(w[4]).strip()
    )
    text = str(page.get_text("text", textpage=text_page))
    rect = page.rect
    return _Extracted(text, words, from_ocr, float(rect.width), float(rect.height))


def _text_layer(page: Any) -> _Extracted:
    text_page = page.get_textpage(flags=pdf.text_flags())
    return _extract(page, text_page, from_ocr=False)


def _photo_dpi(page: Any) -> int | None:
    """The resolution of a page that is one picture covering the page (a photo's
    rendition), else None."""
    images = page.get_images(full=True)
    if len(images) != 1:
        return None
    width_px = images[0][2]
    placed = page.get_image_rects(images[0][0])
    if not placed or placed[0].width < 0.9 * page.rect.width or width_px <= 0:
        return None
    return max(72, min(OCR_DPI, round(float(width_px) * 72 / float(placed[0].width))))


def _ocr_dpi(page: Any) -> int:
    rect = page.rect
    area_sq_in = max(rect.width * rect.height / (72 * 72), 1e-6)
    dpi = min(OCR_DPI, math.floor(math.sqrt(MAX_OCR_PIXELS / area_sq_in)))
    native = _photo_dpi(page)
    if native is not None:
        # A photo is read at its own resolution: resampling a phone picture up to
        # 300 dpi blurred its bold title away (measured on the I-200 specimen photo:
        # title found at the photo's 96 dpi, lost at 120-300 dpi).
        dpi = min(dpi, native)
    return max(dpi, 72)


@dataclass(frozen=True)
class _OcrImage:
    data: bytes  # PNG, JPEG or PPM bytes for Tesseract
    dpi: int
    # Where the image's pixels lie on the page, in points: x0, y0 and points per pixel.
    x0: float
    y0: float
    scale_x: float
    scale_y: float


def _embedded_photo(page: Any, dpi: int) -> _OcrImage | None:
    """A photo's own encoded pixels when the page is just that photo, upright and at no
    more than `dpi`: Tesseract reads the very image the school sent, with no render
    and no re-encoding (the fastest path, and what a bare `tesseract` call would see)."""
    try:
        infos = page.get_image_info(xrefs=True)
        if len(infos) != 1 or not infos[0].get("xref"):
            return None
        info = infos[0]
        a, b, c, d, _e, _f = info["transform"]
        if b or c or a <= 0 or d <= 0:
            return None  # turned or mirrored (EXIF): render the page upright instead
        x0, y0, x1, y1 = info["bbox"]
        width_px, height_px = int(info["width"]), int(info["height"])
        if width_px <= 0 or x1 - x0 < 0.9 * page.rect.width or y1 - y0 < 0.9 * page.rect.height:
            return None
        native = round(width_px * 72 / (x1 - x0))
        if native > dpi or width_px * height_px > MAX_OCR_PIXELS:
            return None
        extracted = page.parent.extract_image(info["xref"])
        if not extracted or extracted.get("ext") not in ("png", "jpeg") or extracted.get("smask"):
            return None
        if (extracted.get("width"), extracted.get("height")) != (width_px, height_px):
            return None
        return _OcrImage(
            bytes(extracted["image"]),
            max(native, 72),
            float(x0),
            float(y0),
            (x1 - x0) / width_px,
            (y1 - y0) / height_px,
        )
    except _not_a_photo():
        return None


def _not_a_photo() -> tuple[type[Exception], ...]:
    return (KeyError, TypeError, ValueError, *pdf.mupdf_errors())


def _rendered(page: Any, dpi: int) -> _OcrImage:
    pymupdf = pdf.load_pymupdf()
    rect = page.rect
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    data = pix.tobytes("ppm")  # uncompressed: the quickest to write and to read
    return _OcrImage(
        data, dpi, float(rect.x0), float(rect.y0), rect.width / pix.width, rect.height / pix.height
    )


def _ocr(page: Any, tessdata: str, cancel: Callable[[], bool] | None) -> _Extracted:
    """Read the page with Tesseract in a child process (see `ocr`)."""
    rect = page.rect
    dpi = _ocr_dpi(page)
    image = _embedded_photo(page, dpi) or _rendered(page, dpi)
    found = ocr.recognise(image.data, dpi=image.dpi, tessdata=tessdata, cancel=cancel)
    words = tuple(
        Word(
            w.text,
            image.x0 + w.left * image.scale_x,
            image.y0 + w.top * image.scale_y,
            image.x0 + (w.left + w.width) * image.scale_x,
            image.y0 + (w.top + w.height) * image.scale_y,
        )
        for w in found
    )
    return _Extracted(_ocr_text(found), words, True, float(rect.width), float(rect.height))


def _ocr_text(words: list[ocr.OcrWord]) -> str:
    """Words on one line joined by spaces; a blank line between blocks."""
    lines: list[str] = []
    current: tuple[int, int, int] | None = None
    for word in words:
        key = (word.block, word.paragraph, word.line)
        if current is None or key != current:
            if current is not None and word.block != current[0]:
                lines.append("")
            lines.append(word.text)
            current = key
        else:
            lines[-1] += " " + word.text
    return "\n".join(lines)


def _is_blank(page: Any) -> bool:
    """True when the page shows nothing at all (no OCR needed): cheap, a tiny render."""
    pymupdf = pdf.load_pymupdf()

    pix = page.get_pixmap(dpi=_BLANK_TEST_DPI, colorspace=pymupdf.csGRAY, alpha=False)
    samples = bytes(pix.samples)
    # One grey level everywhere. (Pixmap.is_unicolor does the same in Python, 0.2 s a page.)
    return not samples.strip(samples[:1])
