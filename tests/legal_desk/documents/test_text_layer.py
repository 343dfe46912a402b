"""The invisible text layer: words land where OCR saw them, and the page looks the same."""

from __future__ import annotations

import pymupdf

from legal_desk.documents.text import PageText, Word
from legal_desk.documents.text_layer import add_text_layer


def picture_page() -> bytes:
    """A one-page PDF that is only a picture (as a photo's rendition is)."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 30), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    data: bytes = doc.tobytes()
    doc.close()
    return data


WORDS = (
    Word("WARRANT", 50.0, 40.0, 170.0, 62.0),
    Word("Subject", 60.0, 120.0, 110.0, 132.0),
)


def ocr_page(words: tuple[Word, ...] = WORDS, *, from_ocr: bool = True) -> PageText:
    return PageText(1, " ".join(w.text for w in words), words, from_ocr, 400, 300)


def test_words_are_findable_at_their_boxes_and_the_page_looks_the_same() -> None:
    before = picture_page()

    after = add_text_layer(before, [ocr_page()])

    assert after is not None
    with pymupdf.open(stream=before) as old, pymupdf.open(stream=after) as new:
        page = new[0]
        assert "WARRANT" in page.get_text()
        [hit] = page.search_for("WARRANT")
        for got, want in zip(tuple(hit), (50.0, 40.0, 170.0, 62.0), strict=True):
            assert abs(got - want) < 1.5
        [subject] = page.search_for("Subject")
        assert abs(subject.x1 - 110.0) < 1.5 and abs(subject.y0 - 120.0) < 1.5
        # Invisible: the rendered page is pixel for pixel what it was.
        assert old[0].get_pixmap().samples == page.get_pixmap().samples


def test_nothing_is_added_without_ocr_words_or_to_a_page_with_text() -> None:
    picture = picture_page()
    assert add_text_layer(picture, [ocr_page(from_ocr=False)]) is None
    assert add_text_layer(picture, [ocr_page(())]) is None
    assert add_text_layer(picture, [PageText(5, "x", WORDS, True)]) is None  # no such page
    long_words = tuple(Word(f"Word{i}", 10.0 + 40 * i, 200, 45.0 + 40 * i, 212) for i in range(8))
    layered = add_text_layer(picture, [ocr_page(long_words)])
    assert layered is not None
    assert add_text_layer(layered, [ocr_page()]) is None  # it has a text layer now


def test_degenerate_boxes_are_skipped() -> None:
    words = (Word("dot", 10, 10, 10.2, 10.2), Word("  ", 10, 10, 50, 30))
    assert add_text_layer(picture_page(), [ocr_page(words)]) is None
