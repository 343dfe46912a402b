"""Bugs found by the hostile-input suite (tests/proof/test_hostile_input.py, issue 7).

- `Document.convert_to_pdf` printed MuPDF warnings on stdout, so a damaged photo put a
  stray line in front of `legal-desk check-warrant --json` output.
- A PDF whose page tree declares an absurd page count (/Count -1 or 2147483647) made
  PyMuPDF raise a bare RuntimeError ("code=7: Invalid number of pages") out of
  import and the checker, instead of our "damaged file" message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from legal_desk.documents import specimens
from legal_desk.documents.errors import UnreadableDocumentError
from legal_desk.documents.ingest import prepare
from legal_desk.documents.media import MediaType
from legal_desk.documents.pdf import image_to_pdf, load_pymupdf, page_count
from legal_desk.documents.reading import read_pages

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def png_without_end() -> bytes:
    """A phone photo whose last chunk (IEND) is missing: readable, but MuPDF warns."""
    photo = specimens.phone_photo_png(
        specimens.administrative_warrant_pdf(
            specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
        ),
        zoom=0.6,
    )
    assert photo.endswith(b"IEND\xaeB`\x82")
    return photo[:-12]


def test_a_damaged_photo_is_converted_without_printing(
    png_without_end: bytes, capfd: pytest.CaptureFixture[str]
) -> None:
    rendition = image_to_pdf(png_without_end, MediaType.PNG, "photo.png")
    assert page_count(rendition) == 1
    out, _err = capfd.readouterr()
    assert out == ""


def test_check_warrant_json_stays_json_for_a_damaged_photo(
    png_without_end: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(png_without_end)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGAL_DESK_")}
    result = subprocess.run(
        [sys.executable, "-m", "legal_desk.cli", "check-warrant", str(path), "--json"],
        env={**env, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["kind"]


@pytest.mark.parametrize("count", [b"-1", b"2147483647"])
def test_an_absurd_page_count_is_a_damaged_file(count: bytes) -> None:
    pymupdf = load_pymupdf()
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 72), "WARRANT (specimen)")
        data = bytes(doc.tobytes())
    assert data.count(b"/Count 1") == 1
    data = data.replace(b"/Count 1", b"/Count " + count)

    with pytest.raises(UnreadableDocumentError, match="cannot be read: the file is damaged"):
        prepare("warrant.pdf", data)
    with pytest.raises(UnreadableDocumentError, match="cannot be read: the file is damaged"):
        read_pages(data, filename="warrant.pdf", ocr=False)
