"""Media detection: the bytes decide, never the file name."""

from __future__ import annotations

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legal_desk.documents import media
from legal_desk.documents.errors import DocumentError, EmptyDocumentError, UnsupportedMediaError
from legal_desk.documents.media import MediaType, detect, image_size, sniff
from legal_desk.errors import LegalDeskError
from tests.legal_desk.documents.conftest import make_eml, make_image, make_pdf

HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 64


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (make_pdf("x"), MediaType.PDF),
        (b"\xef\xbb\xbfjunk before the header\n" + make_pdf("x"), MediaType.PDF),
        (make_image("png"), MediaType.PNG),
        (make_image("jpeg"), MediaType.JPEG),
        (HEIC, MediaType.HEIC),
        (make_eml(), MediaType.EML),
    ],
    ids=["pdf", "pdf-after-junk", "png", "jpeg", "heic", "eml"],
)
def test_detects_each_type_from_its_bytes(data: bytes, expected: MediaType) -> None:
    # A misleading name changes nothing.
    assert detect(data, "warrant.docx") is expected


@pytest.mark.parametrize(
    "text",
    [
        "From: a@example.org\nSubject: hi\n\nbody",
        "From someone@example.org Tue Mar  3 09:14:00 2026\nFrom: a@example.org\nTo: b@x\n\n",
        "Received: from mx.example.org\n\tby mail.example.org\nMIME-Version: 1.0\n"
        "Subject: x\n\nbody",
        "Return-Path: <a@example.org>\r\nFrom: a@example.org\r\nDate: today\r\n\r\nbody",
    ],
    ids=["minimal", "mbox-separator", "folded-received", "crlf"],
)
def test_recognises_saved_email(text: str) -> None:
    assert sniff(text.encode()) is MediaType.EML


@pytest.mark.parametrize(
    "text",
    [
        "Dear Ms. Whitfield,\nThe officer left at 9:10.\n",
        "Subject: only one header and then prose without a blank line\nsecond line here",
        "Note: the officer's badge was ERO-40117\n\nNothing else.",
        "",
    ],
)
def test_plain_text_is_not_email(text: str) -> None:
    assert sniff(text.encode()) is None


def test_avif_is_not_mistaken_for_heic() -> None:
    assert sniff(AVIF) is None
    with pytest.raises(UnsupportedMediaError, match="AVIF"):
        detect(AVIF, "x.avif")


def test_heic_is_detected() -> None:
    assert detect(HEIC, "IMG_0042.HEIC") is MediaType.HEIC


def test_empty_file_is_refused() -> None:
    with pytest.raises(EmptyDocumentError, match=r"“scan\.pdf” is empty \(0 bytes\)"):
        detect(b"", "scan.pdf")


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "Outlook"),
        (b"II*\x00" + b"\x00" * 40, "TIFF"),
        (b"GIF89a" + b"\x00" * 40, "GIF"),
        (b"plain notes about the visit", "not a file type Legal Desk can keep"),
        (bytes(range(256)), "not a file type Legal Desk can keep"),
    ],
)
def test_unsupported_bytes_get_a_message_that_says_what_to_do(data: bytes, phrase: str) -> None:
    with pytest.raises(UnsupportedMediaError) as caught:
        detect(data, "visit.dat")
    message = str(caught.value)
    assert isinstance(caught.value, LegalDeskError)
    assert "“visit.dat”" in message
    assert phrase in message
    assert "PDF" in message  # always says what is accepted


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_image_size_read_from_header_matches_decoder(fmt: str) -> None:
    data = make_image(fmt, width=321, height=123)
    media_type = MediaType.PNG if fmt == "png" else MediaType.JPEG
    pix = pymupdf.Pixmap(data)
    assert image_size(data, media_type) == (pix.width, pix.height) == (321, 123)


def test_image_size_of_a_damaged_header_is_unknown() -> None:
    assert image_size(b"\xff\xd8\xff\xe0\x00", MediaType.JPEG) is None
    assert image_size(b"\x89PNG\r\n\x1a\n", MediaType.PNG) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_sniffing_never_fails_on_arbitrary_bytes(data: bytes) -> None:
    found = sniff(data)
    assert found is None or isinstance(found, MediaType)
    try:
        assert detect(data) is found
    except DocumentError:
        assert found is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_email_sniffing_never_fails_on_arbitrary_text(text: str) -> None:
    media.looks_like_email(text.encode("utf-8", errors="surrogatepass"))
