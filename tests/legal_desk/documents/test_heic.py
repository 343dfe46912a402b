"""HEIC photos (what an iPhone takes): kept as they came, shown and read like any photo."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pillow_heif
import pymupdf
import pytest
from PIL import Image
from sqlalchemy import func, select

from legal_desk.documents import DocumentStore, DocumentTooLargeError, UnreadableDocumentError
from legal_desk.documents.heic import heic_to_jpeg
from legal_desk.documents.media import MediaType, detect
from legal_desk.documents.reading import read_pages
from legal_desk.documents.specimens import (
    AdministrativeWarrant,
    administrative_warrant_pdf,
    phone_photo_png,
)
from legal_desk.workspace import Workspace
from models import BlobRole, Document, DocumentBlob
from tests.legal_desk.documents.test_reading import needs_ocr

ROOT = Path(__file__).resolve().parents[3]


def to_heic(png: bytes) -> bytes:
    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        pillow_heif.from_pillow(image.convert("RGB")).save(out, quality=90)
    return out.getvalue()


@pytest.fixture(scope="module")
def warrant_heic() -> bytes:
    pdf = administrative_warrant_pdf(AdministrativeWarrant(issued=date(2026, 3, 2)))
    return to_heic(phone_photo_png(pdf))


def coloured_heic(width: int = 60, height: int = 40) -> bytes:
    """Left half red, right half blue: shows whether the photo came out the right way."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, quality=95)
    return out.getvalue()


def test_a_heic_photo_is_kept_as_it_came_and_shown_as_a_pdf_page(
    store: DocumentStore, workspace: Workspace, case_id: int
) -> None:
    data = coloured_heic()
    assert detect(data, "IMG_0042.HEIC") is MediaType.HEIC

    document_id = store.attach(case_id, "IMG_0042.HEIC", data)

    original = store.original_bytes(document_id)
    assert original == data  # evidence: byte for byte what the school sent
    assert store.verify_hash(document_id) is True
    with pymupdf.open(stream=store.pdf_bytes(document_id), filetype="pdf") as rendition:
        assert rendition.page_count == 1
        page = rendition[0]
        assert page.rect.width / page.rect.height == pytest.approx(60 / 40, rel=0.02)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(1, 1))
        left = pix.pixel(5, pix.height // 2)
        right = pix.pixel(pix.width - 5, pix.height // 2)
    assert left[0] > 150 and left[2] < 100  # red where the photo is red
    assert right[2] > 150 and right[0] < 100
    with workspace.session() as session:
        blobs = session.scalars(select(DocumentBlob).where(DocumentBlob.document_id == document_id))
        roles = {blob.role: blob.media_type for blob in blobs}
    assert roles == {BlobRole.ORIGINAL: "image/heic", BlobRole.RENDITION: "application/pdf"}


def test_a_damaged_heic_is_refused_with_its_name_and_nothing_is_stored(
    store: DocumentStore, workspace: Workspace, case_id: int
) -> None:
    cut = coloured_heic()[:-40]
    with pytest.raises(UnreadableDocumentError, match=r"“IMG_0007\.HEIC” is a damaged"):
        store.attach(case_id, "IMG_0007.HEIC", cut)
    with workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_an_oversized_heic_is_refused_before_it_is_decoded() -> None:
    with pytest.raises(DocumentTooLargeError, match=r"60×40 pixels"):
        heic_to_jpeg(coloured_heic(), "big.heic", max_pixels=1000)


@needs_ocr
def test_a_heic_phone_photo_of_a_warrant_is_read_by_ocr(warrant_heic: bytes) -> None:
    result = read_pages(warrant_heic, filename="IMG_0042.HEIC")
    assert result.ocr_used is True
    assert "WARRANT" in result.pages[0].text.upper()


@needs_ocr
def test_check_warrant_reads_a_heic_photo(warrant_heic: bytes, tmp_path: Path) -> None:
    path = tmp_path / "IMG_0042.HEIC"
    path.write_bytes(warrant_heic)
    done = subprocess.run(
        [sys.executable, "-m", "legal_desk.cli", "check-warrant", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ocr"] is True
    assert report["kind"] == "administrative_warrant"
