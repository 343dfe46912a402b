"""The fictional specimen forms: valid files, the features a reader checks, clearly marked."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pymupdf
import pytest

from legal_desk.documents import ingest, mail, specimens
from legal_desk.documents.media import MediaType, sniff

ISSUED = date(2026, 3, 2)


def _pages(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [page.get_text() for page in doc]


@pytest.fixture(scope="module")
def admin_warrant() -> bytes:
    return specimens.administrative_warrant_pdf(specimens.AdministrativeWarrant(issued=ISSUED))


@pytest.fixture(scope="module")
def search_warrant() -> bytes:
    return specimens.judicial_search_warrant_pdf(
        specimens.SearchWarrant(
            issued=datetime(2026, 2, 27, 21, 40, tzinfo=UTC), execute_by=date(2026, 3, 13)
        )
    )


@pytest.fixture(scope="module")
def subpoena() -> bytes:
    return specimens.administrative_subpoena_pdf(
        specimens.AdministrativeSubpoena(
            issued=ISSUED,
            respond_by=ISSUED + timedelta(days=10),
            school="Meadow Ridge Elementary",
            school_address="1180 Example Lane (fictional address)",
            records="Attendance records for the current school year.",
        )
    )


def test_every_page_is_marked_as_a_fictional_specimen(
    admin_warrant: bytes, search_warrant: bytes, subpoena: bytes
) -> None:
    for pdf in (admin_warrant, search_warrant, subpoena):
        for text in _pages(pdf):
            assert specimens.SPECIMEN_BANNER in text
            assert "Not a government or court document" in text
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:
            assert specimens.SPECIMEN_BANNER in doc.metadata["title"]


def test_administrative_warrant_has_no_court_and_no_judge(admin_warrant: bytes) -> None:
    (text,) = _pages(admin_warrant)
    assert "WARRANT FOR ARREST OF ALIEN" in text
    assert "DHS Form I-200" in text
    assert "Signature of authorized immigration officer" in text
    assert "probable cause" in text  # the trap the checker must not fall into
    assert "DISTRICT COURT" not in text.upper()
    assert "judge" not in text.lower()


def test_search_warrant_has_caption_judge_and_a_deadline_within_14_days(
    search_warrant: bytes,
) -> None:
    first, second = _pages(search_warrant)
    assert "UNITED STATES DISTRICT COURT" in first
    assert "District of Colorado" in first
    assert "SEARCH AND SEIZURE WARRANT" in first
    assert "Judge's signature" in first
    assert "United States Magistrate Judge" in first or "U.S. Magistrate Judge" in first
    assert "6:00 a.m. and 10:00 p.m." in first
    issued = re.search(r"Date and time issued:\s*(\d\d/\d\d/\d{4})", first)
    deadline = re.search(r"on or before\s*(\d\d/\d\d/\d{4})", first)
    assert issued and deadline
    days = (
        datetime.strptime(deadline[1], "%m/%d/%Y") - datetime.strptime(issued[1], "%m/%d/%Y")
    ).days
    assert 0 < days <= 14
    assert "ATTACHMENT A" in second
    assert "ATTACHMENT B" in second


def test_subpoena_cites_its_authority_and_asks_for_records(subpoena: bytes) -> None:
    (text,) = _pages(subpoena)
    assert "IMMIGRATION ENFORCEMENT SUBPOENA" in text
    assert "DHS Form I-138" in text
    assert "8 CFR 287.4" in text
    assert "Custodian of Records" in text
    assert "Attendance records" in text
    assert "DISTRICT COURT" not in text  # mentions a district court, has no caption


def test_phone_photo_is_a_png_the_store_can_read(admin_warrant: bytes) -> None:
    png = specimens.phone_photo_png(admin_warrant)
    assert sniff(png) is MediaType.PNG
    prepared = ingest.prepare("photo.png", png)
    assert prepared.page_count == 1
    assert prepared.rendition is not None
    pix = pymupdf.Pixmap(png)
    assert pix.width > 800  # readable, as a phone photo would be


def test_school_email_is_a_message_with_its_attachment(subpoena: bytes) -> None:
    eml = specimens.school_email_eml(
        specimens.SchoolEmail(
            sender_name="Angela Whitcomb",
            sender_address="awhitcomb@meadow-ridge.example.org",
            recipient="legal-office@district.example.org",
            subject="Subpoena left this morning",
            sent_at=datetime(2026, 3, 2, 18, 56, tzinfo=UTC),
            message_id="<1@meadow-ridge.example.org>",
            body="Hello,\n\nThe officer left the attached <subpoena> & went away.",
            attachments=(("subpoena.pdf", subpoena),),
        )
    )
    assert sniff(eml) is MediaType.EML
    parsed = mail.parse(eml)
    assert parsed.subject == "Subpoena left this morning"
    assert "left the attached <subpoena> & went away" in parsed.body
    assert [(a.filename, a.data) for a in parsed.attachments] == [("subpoena.pdf", subpoena)]


def test_generation_is_deterministic() -> None:
    facts = specimens.AdministrativeWarrant(issued=ISSUED)
    first = specimens.administrative_warrant_pdf(facts)
    assert specimens.administrative_warrant_pdf(facts) == first
    assert specimens.phone_photo_png(first) == specimens.phone_photo_png(first)
