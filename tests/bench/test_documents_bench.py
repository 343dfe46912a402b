"""The document figures of `make bench` run end to end (one sample each, a short document),
so a change to the viewer or the reader cannot silently break the benchmark."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from bench import documents
from legal_desk.documents import ocr
from legal_desk.documents.reading import read_pages


def test_each_document_figure_yields_samples_and_a_baseline(qtbot: QtBot) -> None:
    figures = documents.measure(samples=1, warmup=0, flip_rounds=1, flip_pages=4, ocr_samples=1)

    expected = {
        "document_render",
        "document_render_floor",
        "document_render_open",
        "document_page_flip",
    }
    if ocr.ocr_available():
        expected.add("document_ocr_photo")
    assert expected <= set(figures)
    for name in expected:
        figure = figures[name]
        assert figure.samples, name
        assert figure.baseline_samples, name
        assert all(ms > 0 for ms in figure.samples + figure.baseline_samples), name
        assert figure.what and figure.baseline, name
    assert len(figures["document_page_flip"].samples) == 3  # pages 2, 3 and 4
    assert "then until page 1 is shown" in figures["document_render"].steps
    assert "convert and draw" in figures["document_render_floor"].steps


def test_the_flip_document_is_a_long_text_pdf() -> None:
    pdf = documents.long_pdf(3)
    result = read_pages(pdf, filename="affidavit.pdf", ocr=False)

    assert result.page_count == 3
    assert not result.ocr_used
    assert "Page 3 of 3" in result.pages[2].text
    assert "affidavit" in result.pages[0].text.lower()
