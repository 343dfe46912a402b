"""The checker on phone photos of a judge's search warrant (AO 93), read through OCR.

A phone photo loses the small print first: the "signature" labels and the ruled line
under "for the" in the court caption. The checker must still find the caption and
the judge's title, and must never call a photo judicial on less than both.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

import pytest

from legal_desk.documents import specimens
from legal_desk.documents.checker import CheckResult, check
from legal_desk.documents.reading import read_pages
from models import DocumentKind
from tests.legal_desk.documents.test_reading import needs_ocr

ENCOUNTER = date(2026, 3, 5)


@cache
def ao93() -> bytes:
    return specimens.judicial_search_warrant_pdf(
        specimens.SearchWarrant(
            issued=datetime(2026, 3, 2, 17, tzinfo=UTC), execute_by=date(2026, 3, 14)
        )
    )


@cache
def administrative() -> bytes:
    return specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )


def checked(pdf: bytes, zoom: float) -> CheckResult:
    photo = specimens.phone_photo_png(pdf, zoom=zoom)
    read = read_pages(photo, filename="IMG_0042.png")
    assert read.ocr_used
    return check(read.pages, on=ENCOUNTER, ocr=True)


@needs_ocr
def test_a_sharp_photo_of_an_ao93_is_a_judicial_warrant_with_its_deadline() -> None:
    # zoom 3 is about 216 dpi: what a phone camera gives of a letter page, or less.
    result = checked(ao93(), zoom=3.0)
    assert result.kind is DocumentKind.JUDICIAL_WARRANT
    assert result.form == "AO 93"
    assert result.court == "United States District Court for the District of Colorado"
    assert result.expires == date(2026, 3, 14)
    assert result.expired is False


@needs_ocr
def test_a_blurry_photo_still_finds_the_caption_and_the_judge() -> None:
    # About 90 dpi: the small print is gone and the deadline is unreadable, but the
    # caption (across a ruled line) and "Magistrate Judge" by "City and state" remain.
    result = checked(ao93(), zoom=1.25)
    assert result.court == "United States District Court for the District of Colorado"
    assert result.signed_by == "judge"
    assert result.kind is DocumentKind.JUDICIAL_WARRANT
    deadline = next(f for f in result.findings if f.check == "execution_deadline")
    assert "Read it on the warrant" in deadline.result


@needs_ocr
@pytest.mark.parametrize("zoom", [1.25, 3.0])
def test_a_photo_of_an_administrative_warrant_is_never_judicial(zoom: float) -> None:
    result = checked(administrative(), zoom=zoom)
    assert result.kind is not DocumentKind.JUDICIAL_WARRANT
    assert result.court is None
