"""The document checker over realistic page text, the specimen PDFs and random input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legal_desk.documents import specimens
from legal_desk.documents.checker import CheckResult, check
from legal_desk.documents.text import PageText, Word
from models.document import DocumentKind

ON = date(2026, 12, 3)
LINE_HEIGHT = 14.0
CHAR_WIDTH = 6.0


def page(text: str, number: int = 1, *, from_ocr: bool = False) -> PageText:
    """A page laid out as the reader would give it: one line of the text per printed
    line, each word with a box."""
    words = []
    for row, line in enumerate(text.strip("\n").splitlines()):
        y0 = 50.0 + row * LINE_HEIGHT
        x = 54.0
        for token in line.split():
            words.append(Word(token, x, y0, x + CHAR_WIDTH * len(token), y0 + 10.0))
            x += CHAR_WIDTH * (len(token) + 1)
    return PageText(number=number, text=text, words=tuple(words), from_ocr=from_ocr)


def pages(*texts: str) -> list[PageText]:
    return [page(text, number) for number, text in enumerate(texts, start=1)]


def checks(result: CheckResult) -> set[str]:
    return {f.check for f in result.findings}


AO93 = """\
AO 93 (Rev. 11/13) Search and Seizure Warrant
UNITED STATES DISTRICT COURT
for the
District of Colorado
In the Matter of the Search of            )
the administration office of Pine Creek Middle School ) Case No. 1:26-sw-00990
SEARCH AND SEIZURE WARRANT
To: Any authorized law enforcement officer
An application by a federal law enforcement officer asks to search the property
described in Attachment A, located in the District of Colorado.
I find that the affidavit establishes probable cause to search that property.
YOU ARE COMMANDED to execute this warrant on or before {deadline} (not to exceed 14 days)
{day} in the daytime 6:00 a.m. to 10:00 p.m.   {night} at any time in the day or night
because good cause has been established.
The officer executing this warrant must return it to the United States Magistrate Judge
on duty, together with an inventory.
Date and time issued: {issued} 3:15 p.m.
Judge's signature
City and state: Denver, Colorado     Hon. Alma Q. Ruiz, United States Magistrate Judge
Printed name and title
"""


def ao93(
    deadline: str = "December 9, 2026",
    issued: str = "11/30/2026",
    *,
    day: str = "[X]",
    night: str = "[ ]",
) -> str:
    return AO93.format(deadline=deadline, issued=issued, day=day, night=night)


I200 = """\
U.S. DEPARTMENT OF HOMELAND SECURITY
WARRANT FOR ARREST OF ALIEN
File No. 000-000-000            Date: 11/28/2026
To: Any immigration officer authorized to serve warrants of arrest for immigration violations
I have determined that there is probable cause to believe that the person named below
is removable, based on the following:
Name of subject: PLACEHOLDER PERSON
YOU ARE COMMANDED to arrest and take into custody the person named above.
(Signature of Authorized Immigration Officer)
D. OKAFOR, SUPERVISORY DETENTION AND DEPORTATION OFFICER
(Printed Name and Title of Authorized Immigration Officer)
Form I-200 (Rev. 09/16)
"""

I205 = """\
U.S. Department of Homeland Security
WARRANT OF REMOVAL/DEPORTATION
File No: 000-000-111
To any immigration officer of the United States Department of Homeland Security:
The person named below is subject to removal, based on a final order by:
[X] an immigration judge in exclusion, deportation, or removal proceedings
[ ] a United States District or Magistrate Court Judge
[ ] a designated official
Name of subject: PLACEHOLDER PERSON
(Signature of immigration officer)
FIELD OFFICE DIRECTOR
(Title of immigration officer)
Form I-205 (8/07)
"""

I138 = """\
DEPARTMENT OF HOMELAND SECURITY
IMMIGRATION ENFORCEMENT SUBPOENA
To: Custodian of Records, Pine Creek Middle School
By the authority of 8 U.S.C. 1225(d) and 8 CFR 287.4 you are required to produce
the records listed below at the place and time stated.
Records: enrollment and attendance records for the student named in the attachment.
(Signature of issuing officer)
SPECIAL AGENT IN CHARGE
Form I-138
"""

I247A = """\
DEPARTMENT OF HOMELAND SECURITY
IMMIGRATION DETAINER - NOTICE OF ACTION
Subject ID: 000000   Event #: XYZ-26-000
TO: (Name and Title of Institution - OR Any Subsequent Law Enforcement Agency)
Arapahoe County Detention Facility
DHS HAS DETERMINED THAT PROBABLE CAUSE EXISTS THAT THE SUBJECT IS A REMOVABLE ALIEN.
Please notify DHS before the person is released from your custody.
(Signature of Immigration Officer)
DEPORTATION OFFICER
DHS Form I-247A (3/17)
"""

ORDER = """\
UNITED STATES DISTRICT COURT
FOR THE DISTRICT OF COLORADO
Civil Action No. 26-cv-01234
ORDER ON MOTION TO COMPEL PRODUCTION
Having considered the motion, the school district shall produce the attendance
records described in the motion within fourteen days.
IT IS SO ORDERED.
Dated: November 20, 2026
/s/ Marcus T. Bell
United States District Judge
"""

FAX = """\
FAX COVER SHEET
To: Pine Creek Middle School, front office
From: Task force office
Pages (including cover): 2
Re: arrest warrant, please have the principal call us.
"""

AO442 = """\
AO 442 (Rev. 11/11) Arrest Warrant
UNITED STATES DISTRICT COURT
for the
District of Colorado
United States of America v. PLACEHOLDER DEFENDANT     Case No. 1:26-mj-00321
ARREST WARRANT
To: Any authorized law enforcement officer
YOU ARE COMMANDED to arrest and bring before a United States magistrate judge without
unnecessary delay (name of person to be arrested) PLACEHOLDER DEFENDANT
Date: 11/25/2026
Issuing officer's signature
City and state: Denver, Colorado     Jane Roe, U.S. Magistrate Judge
Printed name and title
"""

LETTER = """\
Dear Principal,
I am writing to ask for a meeting next week about the visitor policy at your school.
Please call my office to arrange a time.
Sincerely,
A. Parent
"""

NOT_A_CAPTION = """\
NOTICE
The Judge has reviewed the file and there is probable cause.
You must let our officers into the building.
Judge's signature: ______
Judge
"""


def test_ao93_with_caption_magistrate_and_deadline_is_a_judicial_warrant() -> None:
    result = check(pages(ao93()), on=ON)
    assert result.kind is DocumentKind.JUDICIAL_WARRANT
    assert result.form == "AO 93"
    assert result.signed_by == "judge"
    assert result.court == "United States District Court for the District of Colorado"
    assert result.expires == date(2026, 12, 9)
    assert result.expired is False
    assert result.confidence >= 0.8
    assert {"court_caption", "signature", "execution_deadline", "daytime_execution"} <= checks(
        result
    )
    assert "not_judicial" not in checks(result)
    daytime = result.finding("daytime_execution")
    assert daytime is not None and "6:00 a.m." in daytime.result
    limit = result.finding("fourteen_day_limit")
    assert limit is not None and not limit.confirm


def test_ao93_whose_deadline_passed_on_the_encounter_date() -> None:
    result = check(pages(ao93("12/01/2026")), on=ON)
    assert result.kind is DocumentKind.JUDICIAL_WARRANT
    assert result.expires == date(2026, 12, 1)
    assert result.expired is True
    deadline = result.finding("execution_deadline")
    assert deadline is not None and "passed" in deadline.result


def test_deadline_day_itself_is_not_expired() -> None:
    assert check(pages(ao93("12/03/2026")), on=ON).expired is False


@pytest.mark.parametrize("tick", ["[X]", "[x]", "☒", "✔"])
def test_ao93_with_the_any_time_box_ticked(tick: str) -> None:
    result = check(pages(ao93(day="[ ]", night=tick)), on=ON)
    daytime = result.finding("daytime_execution")
    assert daytime is not None and daytime.confirm
    assert "appears to be ticked" in daytime.result
    assert daytime.region is not None and daytime.region.page == 1


def test_ao93_deadline_more_than_fourteen_days_after_issue_is_flagged() -> None:
    result = check(pages(ao93("December 30, 2026", "11/30/2026")), on=ON)
    limit = result.finding("fourteen_day_limit")
    assert limit is not None and limit.confirm and "30 days" in limit.result


def test_unreadable_deadline_is_reported_not_guessed() -> None:
    result = check(pages(ao93("13/45/2026")), on=ON)
    assert result.expires is None and result.expired is None
    deadline = result.finding("execution_deadline")
    assert deadline is not None and "could not be read" in deadline.result


def test_i200_with_probable_cause_is_administrative() -> None:
    result = check(pages(I200), on=ON)
    assert result.kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert result.form == "I-200"
    assert result.signed_by == "immigration_officer"
    assert result.court is None
    assert {"trap_probable_cause", "not_judicial", "person_or_premises"} <= checks(result)


def test_i205_judge_checkbox_is_a_trap_not_a_signature() -> None:
    result = check(pages(I205), on=ON)
    assert result.kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert result.form == "I-205"
    assert result.signed_by == "immigration_officer"
    trap = result.finding("trap_i205_judge_checkbox")
    assert trap is not None and trap.page == 1 and trap.region is not None
    # The checkbox sits on the seventh printed line of the page.
    assert trap.region.y0 == pytest.approx(50.0 + 6 * LINE_HEIGHT)


def test_i138_is_an_administrative_subpoena() -> None:
    result = check(pages(I138), on=ON)
    assert result.kind is DocumentKind.ADMINISTRATIVE_SUBPOENA
    assert result.form == "I-138"
    assert result.signed_by == "immigration_officer"
    assert {"not_self_enforcing", "ferpa", "not_judicial"} <= checks(result)


def test_i247a_is_a_detainer_not_addressed_to_a_school() -> None:
    result = check(pages(I247A), on=ON)
    assert result.kind is DocumentKind.DETAINER
    assert result.form == "I-247A"
    assert {"not_addressed_to_school", "trap_probable_cause"} <= checks(result)


def test_court_order_signed_by_a_district_judge() -> None:
    result = check(pages(ORDER), on=ON)
    assert result.kind is DocumentKind.COURT_ORDER
    assert result.signed_by == "judge"
    assert result.court == "United States District Court for the District of Colorado"
    assert "ferpa" in checks(result)


def test_fax_cover_before_an_ao442_does_not_confuse_it() -> None:
    result = check(pages(FAX, AO442), on=ON)
    assert result.kind is DocumentKind.JUDICIAL_WARRANT
    assert result.form == "AO 442"
    assert result.pages == 2
    cover = result.finding("fax_cover")
    assert cover is not None and cover.page == 1
    form = result.finding("form")
    assert form is not None and form.page == 2
    assert form.region is not None and form.region.page == 2


def test_ao442_signed_by_a_clerk_is_not_reported_as_judicial() -> None:
    clerk = AO442.replace("Jane Roe, U.S. Magistrate Judge", "Jane Roe, Deputy Clerk")
    result = check(pages(clerk), on=ON)
    assert result.signed_by == "clerk"
    assert result.kind is not DocumentKind.JUDICIAL_WARRANT
    assert "judicial_requirements_missing" in checks(result)


def test_a_letter_is_unknown() -> None:
    result = check(pages(LETTER), on=ON)
    assert result.kind is DocumentKind.UNKNOWN
    assert result.form is None and result.signed_by == "unknown"


def test_judge_and_probable_cause_without_caption_is_never_judicial() -> None:
    result = check(pages(NOT_A_CAPTION), on=ON)
    assert result.kind is DocumentKind.UNKNOWN
    assert result.signed_by != "judge"
    assert {"trap_probable_cause", "not_judicial"} <= checks(result)


def test_ao93_without_its_caption_is_never_judicial() -> None:
    text = ao93().replace("UNITED STATES DISTRICT COURT", "COUNTY RECORDS DESK")
    result = check(pages(text), on=ON)
    assert result.kind is not DocumentKind.JUDICIAL_WARRANT
    assert "judicial_requirements_missing" in checks(result)


def test_ocr_text_lowers_confidence() -> None:
    clean = check(pages(ao93()), on=ON)
    scanned = check([page(ao93(), from_ocr=True)], on=ON)
    assert scanned.ocr and not clean.ocr
    assert scanned.confidence < clean.confidence
    assert check(pages(ao93()), on=ON, ocr=True).ocr


def test_text_without_words_still_checks_but_has_no_regions() -> None:
    result = check([PageText(number=1, text=I200)], on=ON)
    assert result.kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert all(f.region is None for f in result.findings)


def test_to_json_has_exactly_the_documented_keys() -> None:
    data = check(pages(ao93()), on=ON).to_json()
    assert set(data) == {
        "kind",
        "form",
        "signed_by",
        "court",
        "expires",
        "expired",
        "ocr",
        "pages",
        "confidence",
        "findings",
    }
    assert data["kind"] == "judicial_warrant"
    assert data["expires"] == "2026-12-09"
    assert all(set(f) == {"check", "result", "page"} for f in data["findings"])


def test_findings_on_matched_words_carry_a_region_on_their_page() -> None:
    result = check(pages(FAX, AO442), on=ON)
    for finding in result.findings:
        if finding.region is not None:
            assert finding.region.page == finding.page


# ----- the specimen PDFs, read with PyMuPDF as the reader does -----


def pdf_pages(pdf: bytes) -> list[PageText]:
    out = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for number, p in enumerate(doc, start=1):
            words = tuple(Word(w[4], w[0], w[1], w[2], w[3]) for w in p.get_text("words"))
            out.append(PageText(number=number, text=p.get_text(), words=words))
    return out


@pytest.fixture(scope="module")
def specimen_search_warrant() -> list[PageText]:
    return pdf_pages(
        specimens.judicial_search_warrant_pdf(
            specimens.SearchWarrant(
                issued=datetime(2026, 2, 27, 21, 40, tzinfo=UTC), execute_by=date(2026, 3, 13)
            )
        )
    )


def test_specimen_search_warrant(specimen_search_warrant: list[PageText]) -> None:
    result = check(specimen_search_warrant, on=date(2026, 3, 3))
    assert result.kind is DocumentKind.JUDICIAL_WARRANT
    assert (result.form, result.signed_by) == ("AO 93", "judge")
    assert result.court == "United States District Court for the District of Colorado"
    assert (result.expires, result.expired) == (date(2026, 3, 13), False)
    daytime = result.finding("daytime_execution")
    assert daytime is not None and "not appear to be ticked" in daytime.result
    caption = result.finding("court_caption")
    assert caption is not None and caption.region is not None
    assert caption.region.page == 1 and caption.region.y0 < 130
    premises = result.finding("person_or_premises")
    assert premises is not None and "page 2" in premises.result
    assert check(specimen_search_warrant, on=date(2026, 3, 14)).expired is True


def test_specimen_administrative_warrant() -> None:
    pdf = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )
    result = check(pdf_pages(pdf), on=date(2026, 3, 3))
    assert result.kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert (result.form, result.signed_by, result.court) == ("I-200", "immigration_officer", None)
    assert "trap_probable_cause" in checks(result)


def test_specimen_administrative_subpoena() -> None:
    issued = date(2026, 3, 2)
    pdf = specimens.administrative_subpoena_pdf(
        specimens.AdministrativeSubpoena(
            issued=issued,
            respond_by=issued + timedelta(days=10),
            school="Meadow Ridge Elementary",
            school_address="1180 Example Lane (fictional address)",
            records="Attendance records for the current school year.",
        )
    )
    result = check(pdf_pages(pdf), on=date(2026, 3, 3))
    assert result.kind is DocumentKind.ADMINISTRATIVE_SUBPOENA
    assert (result.form, result.signed_by, result.court) == ("I-138", "immigration_officer", None)
    assert {"not_self_enforcing", "ferpa"} <= checks(result)


# ----- property tests: never raises, never judicial without caption and judge -----

_SNIPPETS = st.sampled_from(
    [
        "UNITED STATES DISTRICT COURT",
        "District of Colorado",
        "United States Magistrate Judge",
        "Judge",
        "Judge's signature",
        "probable cause",
        "AO 93",
        "AO 442",
        "I-200",
        "I-205",
        "a United States District or Magistrate Court Judge",
        "SEARCH AND SEIZURE WARRANT",
        "YOU ARE COMMANDED to execute this warrant on or before",
        "12/09/2026",
        "99/99/9999",
        "February 30, 2026",
        "[X] at any time in the day or night",
        "IT IS SO ORDERED",
        "FAX COVER SHEET",
        "Printed name and title",
        "Deputy Clerk",
        "8 CFR 287.4",
        "subpoena",
        "warrant",
    ]
)
_TEXT = st.lists(st.one_of(_SNIPPETS, st.text(max_size=40)), max_size=25).map(" ".join)
_FLOATS = st.floats(allow_nan=True, allow_infinity=True)
_WORD = st.builds(
    Word, st.one_of(_SNIPPETS, st.text(max_size=12)), _FLOATS, _FLOATS, _FLOATS, _FLOATS
)
_PAGE = st.builds(
    PageText,
    number=st.integers(min_value=-3, max_value=50),
    text=_TEXT,
    words=st.lists(_WORD, max_size=30).map(tuple),
    from_ocr=st.booleans(),
)


def _judicial_evidence(result: CheckResult) -> bool:
    caption = result.finding("court_caption")
    signature = result.finding("signature")
    return (
        result.court is not None
        and caption is not None
        and caption.page is not None
        and signature is not None
        and signature.page is not None
        and result.signed_by == "judge"
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(_PAGE, max_size=4), st.dates(), st.booleans())
def test_check_never_raises_and_never_judicial_without_caption_and_judge(
    sources: list[PageText], on: date, ocr: bool
) -> None:
    result = check(sources, on=on, ocr=ocr)
    assert "checker_error" not in checks(result)
    assert 0.0 <= result.confidence <= 1.0
    assert result.pages == len(sources)
    if result.kind is DocumentKind.JUDICIAL_WARRANT:
        assert _judicial_evidence(result)
    result.to_json()


def test_huge_and_empty_input() -> None:
    assert check([], on=ON).kind is DocumentKind.UNKNOWN
    assert check([PageText(number=1, text="")], on=ON).confidence < 0.5
    huge = ("UNITED STATES DISTRICT COURT probable cause Judge " * 40_000) + "x" * 500_000
    result = check([PageText(number=1, text=huge)], on=ON)
    assert result.kind is not DocumentKind.JUDICIAL_WARRANT


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("December 9, 2026", date(2026, 12, 9)),
        ("Dec. 9, 2026", date(2026, 12, 9)),
        ("12/09/2026", date(2026, 12, 9)),
        ("12-09-26", date(2026, 12, 9)),
        ("2026-12-09", date(2026, 12, 9)),
        ("9 December 2026", date(2026, 12, 9)),
    ],
)
def test_deadline_date_formats(written: str, expected: date) -> None:
    assert check(pages(ao93(written)), on=ON).expires == expected


def test_packet_with_two_forms_names_the_other_one() -> None:
    result = check(pages(I200, ao93()), on=ON)
    other = result.finding("other_forms")
    assert other is not None and other.page == 2
    # Equally strong forms: the table order decides, and it lists the non-judicial first.
    assert result.kind is DocumentKind.ADMINISTRATIVE_WARRANT


def test_fax_number_in_a_letterhead_is_not_a_cover_sheet() -> None:
    letterhead = "Pine Creek Middle School  Phone (303) 555-0100  Fax (303) 555-0101\n" + LETTER
    result = check(pages(letterhead, LETTER), on=ON)
    assert "fax_cover" not in checks(result)


def test_checker_failure_becomes_a_finding_not_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from legal_desk.documents import checker

    def broken(*_: object) -> CheckResult:
        raise RuntimeError("boom")

    monkeypatch.setattr(checker, "_check", broken)
    result = check(pages(ao93()), on=ON)
    assert result.kind is DocumentKind.UNKNOWN and result.confidence == 0.0
    assert checks(result) == {"checker_error"}


def test_checker_does_not_import_pymupdf_or_qt() -> None:
    import ast
    from pathlib import Path

    from legal_desk.documents import checker

    tree = ast.parse(Path(checker.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert not imported & {"pymupdf", "fitz", "PySide6", "shiboken6"}


def test_detainer_finding_points_at_the_addressee_line() -> None:
    finding = check(pages(I247A), on=ON).finding("not_addressed_to_school")
    assert finding is not None and finding.region is not None
    assert finding.region.y0 == pytest.approx(50.0 + 3 * LINE_HEIGHT)
