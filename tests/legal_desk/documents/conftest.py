"""Fixtures for the document tests: a case to attach to, and real files made in memory."""

from __future__ import annotations

import struct
from email.message import EmailMessage

import pymupdf
import pytest

from legal_desk.documents import DocumentStore
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    return CaseService(workspace).create(CaseIntake(school="Meadow Ridge Elementary"))


@pytest.fixture
def store(workspace: Workspace) -> DocumentStore:
    return DocumentStore(workspace)


def make_pdf(*pages: str) -> bytes:
    """A real PDF with one page per argument, each page carrying that text."""
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=612, height=792)
        page.insert_text((72, 90), text, fontname="helv", fontsize=12)
    return doc.tobytes(deflate=True)


def make_image(fmt: str, *, width: int = 300, height: int = 200, text: str = "PHOTO") -> bytes:
    """A real PNG or JPEG (width x height pixels at 72 dpi) showing `text`."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.draw_rect(page.rect, color=None, fill=(0.85, 0.9, 0.95))
    page.insert_text((20, 60), text, fontsize=28)
    pix = page.get_pixmap(dpi=72)
    return pix.tobytes("jpeg" if fmt == "jpeg" else "png")


def with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """The same JPEG with an EXIF block saying how the camera was held."""
    tiff = (
        b"MM\x00\x2a\x00\x00\x00\x08"
        + struct.pack(">H", 1)
        + struct.pack(">HHI", 0x0112, 3, 1)
        + struct.pack(">HH", orientation, 0)
        + b"\x00\x00\x00\x00"
    )
    app1 = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


def make_eml(
    *,
    subject: str = "Officer at the front desk",
    body: str = "Two officers are asking for a student.\n\nPlease call.",
    html_only: bool = False,
    attachments: tuple[tuple[str, bytes, str, str], ...] = (),
) -> bytes:
    message = EmailMessage()
    message["From"] = "Angela Whitcomb <awhitcomb@meadow-ridge.example.org>"
    message["To"] = "Legal Office <legal-office@district.example.org>"
    message["Subject"] = subject
    message["Date"] = "Tue, 03 Mar 2026 09:14:00 -0700"
    message["Message-ID"] = "<test-1@meadow-ridge.example.org>"
    if html_only:
        message.set_content(f"<html><body><p>{body}</p></body></html>", subtype="html")
    else:
        message.set_content(body)
    for filename, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()
