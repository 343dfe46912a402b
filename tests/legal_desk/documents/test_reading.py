"""Reading pages for the checker: text layers, OCR of photos, and refusals that come fast."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from legal_desk.documents import ocr
from legal_desk.documents.errors import (
    DocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnreadableDocumentError,
    UnsupportedMediaError,
)
from legal_desk.documents.reading import (
    ReadingCancelled,
    TooManyPagesError,
    read_pages,
)

needs_ocr = pytest.mark.skipif(
    not ocr.ocr_available(),
    reason="Tesseract's English data is not installed (apt-get install tesseract-ocr); "
    "CI installs it, so the OCR tests run there",
)

TYPED = "This warrant is issued by the United States District Court for the district."


def typed_pdf(*pages: str) -> bytes:
    """A PDF with one page per argument; an empty string makes a blank page."""
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=612, height=792)
        if text:
            page.insert_text((72, 400), text, fontname="helv", fontsize=11)
    return doc.tobytes(deflate=True)


def phone_photo(dpi: int = 170) -> bytes:
    """A PNG like a phone photo of a printed page: slightly rotated, grey, speckled."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.draw_rect(page.rect, color=None, fill=(0.93, 0.92, 0.88))
    tilt = pymupdf.Matrix(-2.5)  # degrees: the phone was not held square
    for y, text, size in ((140, "ADMINISTRATIVE WARRANT", 30), (200, "Department of Homeland", 20)):
        page.insert_text((60, y), text, fontsize=size, morph=(pymupdf.Point(60, y), tilt))
    pix = page.get_pixmap(dpi=dpi, alpha=False)
    samples = bytearray(pix.samples)
    rng = random.Random(7)
    step = 41  # darken about one byte in 41: sensor noise
    count = math.ceil(len(samples) / step)
    samples[::step] = bytes(rng.randrange(60, 200) for _ in range(count))
    noisy = pymupdf.Pixmap(pymupdf.csRGB, pix.width, pix.height, bytes(samples), False)
    return bytes(noisy.tobytes("png"))


@pytest.fixture
def no_tessdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tessdata_dir", lambda: None)


@pytest.fixture
def fresh_tessdata_cache() -> Iterator[None]:
    ocr.tessdata_dir.cache_clear()
    yield
    ocr.tessdata_dir.cache_clear()


# ----- text layers -----


def test_typed_pdf_is_read_from_its_text_layer_with_word_boxes() -> None:
    result = read_pages(typed_pdf(TYPED), filename="w.pdf")
    assert result.page_count == 1
    assert result.ocr_used is False
    assert result.notes == ()
    (page,) = result.pages
    assert page.number == 1
    assert page.from_ocr is False
    assert "United States District Court" in page.text
    assert (page.width, page.height) == (612, 792)
    court = next(w for w in page.words if w.text == "Court")
    assert 72 < court.x0 < court.x1 < 612
    assert court.y0 < 400 < court.y1 + 3  # the baseline we wrote at


def test_text_on_page_two_is_found_on_page_two() -> None:
    result = read_pages(typed_pdf("", TYPED, ""), ocr=True)
    assert result.page_count == 3
    assert [p.number for p in result.pages] == [1, 2, 3]
    # Blank pages are not worth OCR: nothing is on them.
    assert result.ocr_used is False
    assert result.pages[0].words == () == result.pages[2].words
    assert "warrant" in result.pages[1].text
    assert {w.text for w in result.pages[1].words} >= {"warrant", "District"}


def test_progress_is_reported_after_each_page() -> None:
    seen: list[tuple[int, int]] = []
    read_pages(
        typed_pdf(TYPED, TYPED, TYPED), progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_cancel_is_checked_between_pages() -> None:
    done: list[int] = []
    with pytest.raises(ReadingCancelled, match="page 2"):
        read_pages(
            typed_pdf(TYPED, TYPED, TYPED),
            filename="w.pdf",
            cancel=lambda: len(done) >= 1,
            progress=lambda n, _total: done.append(n),
        )
    assert done == [1]


# ----- OCR -----


@needs_ocr
def test_phone_photo_is_read_by_ocr() -> None:
    result = read_pages(phone_photo(), filename="IMG_0042.png")
    assert result.ocr_used is True
    assert result.notes == ()
    (page,) = result.pages
    assert page.from_ocr is True
    assert "WARRANT" in page.text
    warrant = next(w for w in page.words if "WARRANT" in w.text)
    assert 0 <= warrant.x0 < warrant.x1 <= page.width
    assert 0 <= warrant.y0 < warrant.y1 <= page.height / 2  # the title is near the top


@needs_ocr
def test_ocr_reads_only_pages_without_text() -> None:
    doc = pymupdf.open(stream=typed_pdf(TYPED), filetype="pdf")
    doc.insert_pdf(pymupdf.open(stream=read_photo_as_pdf(), filetype="pdf"))
    result = read_pages(doc.tobytes())
    assert [p.from_ocr for p in result.pages] == [False, True]
    assert result.ocr_used is True
    assert "WARRANT" in result.pages[1].text


def read_photo_as_pdf() -> bytes:
    image = pymupdf.open(stream=phone_photo(), filetype="png")
    return bytes(image.convert_to_pdf())


def test_without_tesseract_a_photo_gives_a_clear_note(no_tessdata: None) -> None:
    result = read_pages(phone_photo(dpi=72), filename="IMG_0042.png")
    assert result.ocr_used is False
    assert result.pages[0].text.strip() == ""
    assert result.notes == (
        "OCR is not available (Tesseract is not installed): pages without a text layer "
        "cannot be read (page 1)",
    )


def test_ocr_turned_off_says_which_pages_were_not_read() -> None:
    result = read_pages(phone_photo(dpi=72), ocr=False)
    assert result.ocr_used is False
    assert len(result.notes) == 1
    assert "OCR was turned off" in result.notes[0]
    assert "page 1" in result.notes[0]


def test_tessdata_dir_honours_tessdata_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_tessdata_cache: None
) -> None:
    (tmp_path / "eng.traineddata").write_bytes(b"not really")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert ocr.tessdata_dir() == str(tmp_path)
    assert ocr.ocr_available()


def test_tessdata_dir_is_none_when_nothing_is_installed(
    monkeypatch: pytest.MonkeyPatch, fresh_tessdata_cache: None
) -> None:
    monkeypatch.setattr(ocr, "_candidates", lambda: iter([Path("/nonexistent/tessdata")]))
    assert ocr.tessdata_dir() is None
    assert not ocr.ocr_available()


# ----- refusals -----


def _encrypted_pdf() -> bytes:
    doc = pymupdf.open(stream=typed_pdf(TYPED), filetype="pdf")
    return bytes(
        doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    )


_LONG_PDF = typed_pdf(TYPED, TYPED, TYPED)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyDocumentError, "is empty (0 bytes)"),
        (random.Random(1).randbytes(5000), UnsupportedMediaError, "not a file type"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, UnreadableDocumentError, "damaged"),
        (_LONG_PDF[: len(_LONG_PDF) // 2], UnreadableDocumentError, "cut short"),
        (b"PK\x03\x04" + bytes(100), UnsupportedMediaError, "Word or other Office"),
        (b"From: a@b.org\nSubject: x\n\nhello\n", UnsupportedMediaError, "e-mail message"),
    ],
    ids=["empty", "random", "corrupt", "truncated", "docx", "eml"],
)
def test_bad_input_is_refused_with_a_clear_message(
    data: bytes, error: type[DocumentError], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)) as caught:
        read_pages(data, filename="warrant.pdf")
    assert "\n" not in str(caught.value)


def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(EncryptedDocumentError, match="protected by a password"):
        read_pages(_encrypted_pdf(), filename="locked.pdf")


def blank_pages_pdf(count: int) -> bytes:
    """A valid PDF of `count` blank pages, written directly (PyMuPDF takes seconds)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{n} 0 R" for n in range(3, count + 3))
    objects.append(f"<< /Type /Pages /Count {count} /Kids [{kids}] >>".encode())
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
    objects.extend([page] * count)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_huge_pdf_is_refused_before_any_page_is_read() -> None:
    data = blank_pages_pdf(5000)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert (doc.page_count, doc.is_repaired) == (5000, False)
    seen: list[int] = []
    with pytest.raises(TooManyPagesError) as caught:
        read_pages(data, filename="dump.pdf", progress=lambda n, _t: seen.append(n))
    assert str(caught.value).startswith("“dump.pdf” has 5,000 pages; the checker reads at most 200")
    assert "\n" not in str(caught.value)
    assert seen == []


def test_max_pages_can_be_raised() -> None:
    assert read_pages(blank_pages_pdf(250), max_pages=300).page_count == 250


@needs_ocr
def test_a_photo_taken_sideways_is_read_upright() -> None:
    # The camera stored the pixels turned and said so in EXIF (orientation 6): the
    # page is shown upright, and OCR must read it upright too, boxes included.
    import io

    from PIL import Image

    from tests.legal_desk.documents.conftest import with_exif_orientation

    upright = Image.open(io.BytesIO(phone_photo())).convert("RGB")
    stored = io.BytesIO()
    upright.rotate(90, expand=True).save(stored, format="JPEG", quality=92)
    photo = with_exif_orientation(stored.getvalue(), 6)

    result = read_pages(photo, filename="IMG_0043.jpg")

    (page,) = result.pages
    assert result.ocr_used is True
    assert "WARRANT" in page.text
    assert page.width < page.height  # upright: a portrait page
    title = next(w for w in page.words if "WARRANT" in w.text)
    assert 0 <= title.y0 < title.y1 <= page.height / 2
