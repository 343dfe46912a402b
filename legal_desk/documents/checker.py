"""The document checker: what kind of paper an officer showed, and what to look at.

Pure functions over `PageText` (no Qt, no PyMuPDF), so the same rules run on a text
layer, on OCR output and in tests. The rules follow shared/domain/FACTS.md and are
deliberately conservative: the checker points at evidence on the page and the
attorney decides. The one hard rule (FACTS.md, "Default rule"): without both a
federal court caption and a judge's printed title by the signature, a document is
never reported as a judicial warrant. The words "Judge" or "probable cause" on
their own never decide anything.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from legal_desk.documents.text import PageText, Region, Word
from models.document import DocumentKind

log = logging.getLogger(__name__)

# Bounds that keep the regular expressions fast on hostile input ("huge text").
MAX_PAGE_CHARS = 200_000
MAX_PAGE_WORDS = 40_000
# How far (in characters of a page's flattened text) a printed title may sit from
# a signature anchor ("Judge's signature", "Printed name and title") and count as
# the signer's title.
SIGNER_WINDOW = 160
# Fed. R. Crim. P. 41 (FACTS.md, judicial_warrant row): an AO 93 must be executed
# within a period of no more than 14 days after it is issued.
MAX_EXECUTION_DAYS = 14
# OCR text is less trustworthy: every confidence is scaled down by this factor.
OCR_FACTOR = 0.75

JUDGE = "judge"
CLERK = "clerk"
IMMIGRATION_OFFICER = "immigration_officer"
ATTORNEY = "attorney"
UNKNOWN_SIGNER = "unknown"

_I = re.IGNORECASE
_DASH = r"\s?[-‐‑–—]\s?"


@dataclass(frozen=True)
class Finding:
    """One thing the checker noticed, in plain words, and where on the page it is."""

    check: str
    result: str
    page: int | None = None
    region: Region | None = None
    confirm: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"check": self.check, "result": self.result, "page": self.page}


@dataclass(frozen=True)
class CheckResult:
    """The checker's reading of a whole document (all of its pages)."""

    kind: DocumentKind
    form: str | None
    signed_by: str
    court: str | None
    expires: date | None
    expired: bool | None
    ocr: bool
    pages: int
    confidence: float
    findings: tuple[Finding, ...]

    def finding(self, check: str) -> Finding | None:
        """The first finding with this check id, if any."""
        return next((f for f in self.findings if f.check == check), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "form": self.form,
            "signed_by": self.signed_by,
            "court": self.court,
            "expires": self.expires.isoformat() if self.expires else None,
            "expired": self.expired,
            "ocr": self.ocr,
            "pages": self.pages,
            "confidence": self.confidence,
            "findings": [f.to_json() for f in self.findings],
        }


# ----- the forms, recognised by their printed number and title (FACTS.md table) -----


@dataclass(frozen=True)
class FormSignature:
    form: str
    kind: DocumentKind
    number: re.Pattern[str]
    title: re.Pattern[str]


def _form(form: str, kind: DocumentKind, number: str, title: str) -> FormSignature:
    return FormSignature(form, kind, re.compile(number, _I), re.compile(title, _I))


FORMS: tuple[FormSignature, ...] = (
    _form(
        "I-200",
        DocumentKind.ADMINISTRATIVE_WARRANT,
        rf"\bI{_DASH}200\b",
        r"\bwarrant for arrest of alien\b",
    ),
    _form(
        "I-205", DocumentKind.ADMINISTRATIVE_WARRANT, rf"\bI{_DASH}205\b", r"\bwarrant of removal\b"
    ),
    _form(
        "I-138",
        DocumentKind.ADMINISTRATIVE_SUBPOENA,
        rf"\bI{_DASH}138\b",
        r"\bimmigration enforcement subpoena\b",
    ),
    _form("I-247A", DocumentKind.DETAINER, rf"\bI{_DASH}247A\b", r"\bimmigration detainer\b"),
    _form(
        "AO 93", DocumentKind.JUDICIAL_WARRANT, r"\bAO\s?93C?\b", r"\bsearch and seizure warrant\b"
    ),
    _form("AO 442", DocumentKind.JUDICIAL_WARRANT, r"\bAO\s?442\b", r"\barrest warrant\b"),
    _form(
        "AO 88B", DocumentKind.COURT_ORDER, r"\bAO\s?88B\b", r"\bsubpoena to produce documents\b"
    ),
    _form(
        "AO 88",
        DocumentKind.COURT_ORDER,
        r"\bAO\s?88A?\b",
        r"\bsubpoena to (?:appear and )?testify\b",
    ),
    # Records of an encounter and charging papers: they authorize nothing at a school.
    _form("I-213", DocumentKind.UNKNOWN, rf"\bI{_DASH}213\b", r"\brecord of deportable\b"),
    _form("I-862", DocumentKind.UNKNOWN, rf"\bI{_DASH}862\b", r"\bnotice to appear\b"),
)
# Equal scores go to the form listed first; the non-judicial forms are listed first so
# that a tie never makes a document look more authoritative than it is.
NUMBER_SCORE, TITLE_SCORE = 3, 2
COVER_PENALTY = 4  # a fax cover that mentions a form must not beat the form itself

# ----- other printed signals -----

# Federal districts are named after a state or territory.
_PLACES = (
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "Wisconsin",
    "Wyoming",
    "Guam",
    "Columbia",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "Puerto Rico",
    "the Virgin Islands",
    "the Northern Mariana Islands",
)
# "UNITED STATES DISTRICT COURT" is matched case-sensitively on purpose: the caption is
# printed in capitals, while a sentence such as "may apply to a United States district
# court" on an agency's form is not a caption. The district that follows may be in
# either case.
_CAPTION = re.compile(
    # Between the court and its district: "for the", a ruled blank line, or in a photo
    # up to two short words that OCR made of "for the" ("Forte").
    r"UNITED STATES DISTRICT COURT(?:[\W_]{0,40}(?i:for\s+the|\w{1,8})){0,2}?[\W_]{0,40}"
    r"(?i:(?P<part>(?:northern|southern|eastern|western|middle|central)\s+)?"
    r"district\s+of\s+(?P<place>"
    + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_PLACES, key=len, reverse=True))
    + r"))\b"
)
# AO 93 and AO 442 print "City and state" right above the issuing judge's name and
# title; the small "signature" labels are what a blurry photo loses first.
_SIGNATURE_ANCHOR = re.compile(
    r"signature|/s/|printed name|name and title|issuing officer|signed by|c\w?ty\s+and\s+state", _I
)
# Printed titles by a signature line, and whose they are (FACTS.md: read the title).
_SIGNER_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (JUDGE, re.compile(r"\b(?:magistrate|district|circuit|chief)(?:\s+court)?\s+judge\b", _I)),
    (CLERK, re.compile(r"\b(?:deputy\s+clerk|clerk\s+of(?:\s+the)?\s+court)\b", _I)),
    (
        IMMIGRATION_OFFICER,
        re.compile(
            r"\b(?:immigration\s+officer|deportation\s+officer|field\s+office\s+director|"
            r"special\s+agent|immigration\s+enforcement\s+agent|border\s+patrol\s+agent)\b",
            _I,
        ),
    ),
    (
        ATTORNEY,
        re.compile(
            r"\battorney'?s\s+signature\b|\b(?:assistant\s+)?united\s+states\s+attorney\b", _I
        ),
    ),
)
# Mentions of a judge that are not a signer's title, hidden before looking for the
# signer: the I-205 checkbox (FACTS.md trap) and "return this warrant to the
# magistrate judge" style references in the body of a form.
_I205_TRAP = re.compile(
    r"(?:United\s+States|U\.\s?S\.)\s+District\s+or\s+Magistrate\s+Court\s+Judge", _I
)
_JUDGE_REFERENCE = re.compile(
    r"\b(?:to|before|by|with)\s+(?:the\s+|a\s+|an\s+|any\s+)?(?:United\s+States\s+|U\.\s?S\.\s+)?"
    r"(?:magistrate|district)\s+judge\b",
    _I,
)
_PROBABLE_CAUSE = re.compile(r"\bprobable\s+cause\b", _I)
_ORDER_LANGUAGE = re.compile(
    r"\bIT\s+IS\s+(?:HEREBY\s+|FURTHER\s+|SO\s+)?ORDERED\b|\bSO\s+ORDERED\b", _I
)
_WARRANT = re.compile(r"\bwarrant\b", _I)
_SUBPOENA = re.compile(r"\bsubpoena\b", _I)
_SUBPOENA_AUTHORITY = re.compile(
    r"\b8\s*C\.?F\.?R\.?\s*(?:§+\s*)?287\.4\b|\b8\s*U\.?S\.?C\.?\s*(?:§+\s*)?1225\s*\(d\)", _I
)
# A fax cover: says so outright, or names a fax and counts the pages it sends (a fax
# number in a letterhead alone does not make a cover sheet).
_FAX_COVER = re.compile(
    r"\b(?:fax|facsimile)\s+(?:cover|transmittal)\b|\bcover\s+(?:sheet|page)\b|"
    r"\bpages?\s*\(including\s+cover\)",
    _I,
)
_FAX = re.compile(r"\b(?:fax|facsimile)\b", _I)
_PAGE_COUNT = re.compile(r"\b(?:number\s+of\s+pages|pages?\s*(?:sent\s*)?[:#])", _I)
_PREMISES = re.compile(
    r"\bin\s+the\s+matter\s+of\s+the\s+search\s+of\b|\bproperty\s+to\s+be\s+searched\b", _I
)
_ATTACHMENT_A = re.compile(r"\bATTACHMENT\s+A\b")
_PERSON_TO_ARREST = re.compile(
    r"\bname\s+of\s+person\s+to\s+be\s+arrested\b|\bto\s+arrest\s+and\s+bring\b", _I
)
_SUBJECT = re.compile(r"\bname\s+of\s+(?:subject|alien)\b", _I)
_DETAINER_ADDRESSEE = re.compile(r"\bname\s+and\s+title\s+of\s+institution\b", _I)
_DETAINER = re.compile(r"\bdetainer\b", _I)
_ANY_TIME = re.compile(r"\bat\s+any\s+(?:time|hour)\s+(?:in|of)\s+the\s+day\s+or\s+night\b", _I)
_TICK_BEFORE = re.compile(r"(?:\[\s*[xX✓✔✗✘]\s*\]|[☒☑✓✔✗✘■]|(?:^|\s)[xX])\s*$")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DATE = (
    r"(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    # OCR sometimes splits a year's last digit off ("03/14/202 6").
    r"|(?P<nm>\d{1,2})[/.-](?P<nd>\d{1,2})[/.-](?P<ny>\d{4}|\d{3} \d|\d{2})(?!\d)"
    r"|(?P<mn>[A-Za-z]{3,9})\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})"
    r"|(?P<dd>\d{1,2})\s+(?P<dn>[A-Za-z]{3,9})\.?,?\s+(?P<dy>\d{4}))"
)
_DEADLINE = re.compile(
    r"\bexecute\s+this\s+warrant\s+on\s+or\s+before\b[\s_:]{0,40}(?:" + _DATE + ")?", _I
)
_ISSUED = re.compile(
    r"\b(?:date\s+and\s+time\s+issued|date\s+issued|issued\s+on)\b[\s:_]{0,40}" + _DATE, _I
)


# ----- a page's text, with the way back from a match to word boxes -----


@dataclass(frozen=True)
class _Hit:
    page: int
    start: int
    end: int
    text: str
    region: Region | None


class _Page:
    """A page's text flattened to single spaces. When the page has words, the text is
    built from them, so every match can be traced back to the boxes it came from."""

    def __init__(self, source: PageText) -> None:
        self.number = source.number
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._words: list[Word] = []
        tokens: list[str] = []
        position = 0
        for word in source.words[:MAX_PAGE_WORDS]:
            token = " ".join(word.text.split())
            if not token or position + len(token) > MAX_PAGE_CHARS:
                continue
            self._starts.append(position)
            self._ends.append(position + len(token))
            self._words.append(word)
            tokens.append(token)
            position += len(token) + 1
        if tokens:
            self.text = " ".join(tokens)
        else:
            self.text = " ".join(source.text[: MAX_PAGE_CHARS * 2].split())[:MAX_PAGE_CHARS]

    def find(self, pattern: re.Pattern[str]) -> list[_Hit]:
        return [self.hit(m.start(), m.end()) for m in pattern.finditer(self.text)]

    def first(self, pattern: re.Pattern[str]) -> _Hit | None:
        match = pattern.search(self.text)
        return self.hit(match.start(), match.end()) if match else None

    def hit(self, start: int, end: int) -> _Hit:
        return _Hit(self.number, start, end, self.text[start:end], self.region(start, end))

    def region(self, start: int, end: int) -> Region | None:
        """The union of the boxes of the words that overlap text[start:end]."""
        chosen: list[Word] = []
        index = max(bisect.bisect_right(self._starts, start) - 1, 0)
        while index < len(self._words) and self._starts[index] < end:
            if self._ends[index] > start:
                chosen.append(self._words[index])
            index += 1
        if not chosen:
            return None
        return Region(
            page=self.number,
            x0=min(w.x0 for w in chosen),
            y0=min(w.y0 for w in chosen),
            x1=max(w.x1 for w in chosen),
            y1=max(w.y1 for w in chosen),
        )


def _first(pages: Sequence[_Page], pattern: re.Pattern[str]) -> _Hit | None:
    for page in pages:
        found = page.first(pattern)
        if found:
            return found
    return None


def _finding(check: str, result: str, hit: _Hit | None = None, *, confirm: bool = True) -> Finding:
    return Finding(check, result, hit.page if hit else None, hit.region if hit else None, confirm)


# ----- the individual checks -----


@dataclass(frozen=True)
class _FormMatch:
    signature: FormSignature
    page: _Page
    hit: _Hit
    by_number: bool
    by_title: bool


def _looks_like_cover(page: _Page) -> bool:
    if _FAX_COVER.search(page.text):
        return True
    return bool(_FAX.search(page.text) and _PAGE_COUNT.search(page.text))


def _find_form(pages: Sequence[_Page]) -> tuple[_FormMatch | None, list[_FormMatch]]:
    """The best-scoring form over all pages (its page is the form page), and the other
    forms that are clearly printed on some page (a packet of several documents)."""
    scored: list[tuple[int, int, _FormMatch]] = []
    several = len(pages) > 1
    for index, signature in enumerate(FORMS):
        best: tuple[int, int, _FormMatch] | None = None
        for page in pages:
            number = page.first(signature.number)
            title = page.first(signature.title)
            hit = title or number
            if hit is None:
                continue
            score = (NUMBER_SCORE if number else 0) + (TITLE_SCORE if title else 0)
            if several and _looks_like_cover(page):
                score -= COVER_PENALTY
            if best is None or score > best[0]:
                best = (score, -index, _FormMatch(signature, page, hit, bool(number), bool(title)))
        if best:
            scored.append(best)
    if not scored:
        return None, []
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    others = [match for score, _, match in scored[1:] if score >= NUMBER_SCORE + TITLE_SCORE]
    return scored[0][2], others


def _find_caption(pages: Sequence[_Page]) -> tuple[str | None, _Hit | None]:
    for page in pages:
        match = _CAPTION.search(page.text)
        if match:
            part = (match.group("part") or "").strip().title()
            place = " ".join(match.group("place").split()).title().replace("The ", "the ")
            district = f"{part} District of {place}" if part else f"District of {place}"
            court = f"United States District Court for the {district}"
            return court, page.hit(match.start(), match.end())
    return None, None


def _signer_text(page: _Page) -> str:
    """The page text with judge mentions that are not a signer's title blanked out
    (same length, so positions still map to words)."""
    text = page.text
    for pattern in (_I205_TRAP, _JUDGE_REFERENCE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _find_signer(pages: Sequence[_Page]) -> tuple[str, _Hit | None]:
    """The role whose printed title sits closest to a signature anchor, page by page
    (the form page first). No anchor, or no title near one: unknown."""
    for page in pages:
        text = _signer_text(page)
        anchors = list(_SIGNATURE_ANCHOR.finditer(text))
        if not anchors:
            continue
        starts = [m.start() for m in anchors]
        best: tuple[int, str, int, int] | None = None
        for role, pattern in _SIGNER_TITLES:
            for match in pattern.finditer(text):
                distance = _distance(anchors, starts, match.start(), match.end())
                if distance <= SIGNER_WINDOW and (best is None or distance < best[0]):
                    best = (distance, role, match.start(), match.end())
        if best:
            return best[1], page.hit(best[2], best[3])
    return UNKNOWN_SIGNER, None


def _distance(anchors: list[re.Match[str]], starts: list[int], start: int, end: int) -> int:
    """Characters between text[start:end] and the nearest anchor (0 if they touch).
    Anchors do not overlap, so the last one starting before `end` and the first one
    starting at or after it are the only candidates."""
    index = bisect.bisect_left(starts, end)
    distances = []
    if index > 0:
        distances.append(max(start - anchors[index - 1].end(), 0))
    if index < len(anchors):
        distances.append(anchors[index].start() - end)
    return min(distances)


def _parse_date(match: re.Match[str]) -> date | None:
    """The date captured by _DATE, or None when it does not name a real day."""
    g = match.groupdict()
    try:
        if g.get("iy"):
            year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
        elif g.get("nm"):
            year, month, day = int(g["ny"].replace(" ", "")), int(g["nm"]), int(g["nd"])
            year += 2000 if year < 100 else 0
        elif g.get("mn"):
            year, month, day = int(g["my"]), _MONTHS.get(g["mn"].lower(), 0), int(g["md"])
        elif g.get("dn"):
            year, month, day = int(g["dy"]), _MONTHS.get(g["dn"].lower(), 0), int(g["dd"])
        else:
            return None
        if not 1900 <= year <= 2200:
            return None
        return date(year, month, day)
    except (ValueError, TypeError, KeyError):
        return None


def _say(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _deadline_checks(
    pages: Sequence[_Page], on: date, required: bool
) -> tuple[date | None, list[Finding]]:
    """AO 93: the execute-by date, whether it passed on `on`, and the 14-day limit."""
    findings: list[Finding] = []
    deadline_hit: _Hit | None = None
    deadline: date | None = None
    for page in pages:
        match = _DEADLINE.search(page.text)
        if match:
            deadline_hit = page.hit(match.start(), match.end())
            deadline = _parse_date(match)
            break
    if deadline_hit is None:
        if required:
            findings.append(
                _finding(
                    "execution_deadline",
                    "Could not find the date by which the warrant must be executed. "
                    "Read it on the warrant itself.",
                )
            )
        return None, findings
    if deadline is None:
        findings.append(
            _finding(
                "execution_deadline",
                "The warrant has an execute-by line, but its date could not be read. "
                "Read the date on the page.",
                deadline_hit,
            )
        )
        return None, findings
    if on > deadline:
        text = (
            f"The warrant had to be executed on or before {_say(deadline)}; that date had "
            f"passed on {_say(on)}. An expired warrant should not be acted on: call counsel."
        )
    else:
        text = (
            f"The warrant must be executed on or before {_say(deadline)}; on {_say(on)} "
            "that date had not yet passed."
        )
    findings.append(_finding("execution_deadline", text, deadline_hit))
    findings += _fourteen_days(pages, deadline)
    return deadline, findings


def _fourteen_days(pages: Sequence[_Page], deadline: date) -> list[Finding]:
    for page in pages:
        match = _ISSUED.search(page.text)
        issued = _parse_date(match) if match else None
        if match is None or issued is None:
            continue
        hit = page.hit(match.start(), match.end())
        days = (deadline - issued).days
        if days > MAX_EXECUTION_DAYS:
            return [
                _finding(
                    "fourteen_day_limit",
                    f"The execute-by date is {days} days after the issue date "
                    f"({_say(issued)}). The rules allow no more than {MAX_EXECUTION_DAYS} "
                    "days: ask counsel to look at this.",
                    hit,
                )
            ]
        if days < 0:
            return [
                _finding(
                    "fourteen_day_limit",
                    f"The execute-by date comes before the issue date ({_say(issued)}). "
                    "Ask counsel to look at this.",
                    hit,
                )
            ]
        return [
            _finding(
                "fourteen_day_limit",
                f"Issued {_say(issued)}: the execute-by date is within "
                f"{MAX_EXECUTION_DAYS} days of issue.",
                hit,
                confirm=False,
            )
        ]
    return []


def _daytime_check(pages: Sequence[_Page]) -> Finding:
    """Fed. R. Crim. P. 41 (FACTS.md): daytime only, 6:00 a.m. to 10:00 p.m., unless the
    judge ticked the any-time box. A tick is hard to read from text, so always confirm."""
    for page in pages:
        hits = page.find(_ANY_TIME)
        for hit in hits:
            if _TICK_BEFORE.search(page.text[max(0, hit.start - 8) : hit.start]):
                return _finding(
                    "daytime_execution",
                    "The box allowing execution at any time of the day or night appears "
                    "to be ticked. Check the box on the page.",
                    hit,
                )
        if hits:
            return _finding(
                "daytime_execution",
                "The any-time box does not appear to be ticked, so the warrant may be "
                "executed only in the daytime, 6:00 a.m. to 10:00 p.m. Check the box on the "
                "page.",
                hits[0],
            )
    return _finding(
        "daytime_execution",
        "No any-time box was found: unless the judge allowed otherwise, a search warrant "
        "may be executed only in the daytime, 6:00 a.m. to 10:00 p.m.",
    )


def _person_or_premises(form: str | None, pages: Sequence[_Page]) -> Finding | None:
    if form == "AO 93":
        attachment = _first(pages, _ATTACHMENT_A)
        hit = _first(pages, _PREMISES) or attachment
        where = f" (Attachment A is on page {attachment.page})" if attachment else ""
        return _finding(
            "person_or_premises",
            f"The warrant describes the place to be searched{where}. Check that it names "
            "this school and which areas: the search may reach only the places and items "
            "the warrant describes.",
            hit,
        )
    if form == "AO 442":
        return _finding(
            "person_or_premises",
            "An arrest warrant names a person. Check the name; on its own it does not "
            "allow a search of the school's non-public areas.",
            _first(pages, _PERSON_TO_ARREST),
        )
    if form in {"I-200", "I-205"}:
        return _finding(
            "person_or_premises",
            "The form names a person for a civil immigration arrest or removal. It does "
            "not on its own allow officers into non-public areas without consent.",
            _first(pages, _SUBJECT),
        )
    return None


_SIGNER_WORDS = {
    JUDGE: "a judge",
    CLERK: "a court clerk, not a judge",
    IMMIGRATION_OFFICER: "an immigration officer, not a judge",
    ATTORNEY: "an attorney, not a judge",
}


def _signature_finding(signer: str, hit: _Hit | None) -> Finding:
    if hit is None:
        return _finding(
            "signature",
            "Could not tell who signed: no printed title was found by a signature line. "
            "Read the signature block.",
        )
    return _finding(
        "signature",
        f"The printed title by the signature ('{hit.text}') suggests it was signed by "
        f"{_SIGNER_WORDS[signer]}. Check the signature block.",
        hit,
    )


# ----- putting it together -----


@dataclass(frozen=True)
class _Evidence:
    pages: tuple[_Page, ...]
    ordered: tuple[_Page, ...]  # the form page first, a fax cover last
    form: _FormMatch | None
    other_forms: tuple[_FormMatch, ...]
    cover: _Page | None
    court: str | None
    caption: _Hit | None
    signer: str
    signer_hit: _Hit | None


def _gather(pages: Sequence[PageText]) -> _Evidence:
    flat = tuple(_Page(p) for p in pages)
    form, others = _find_form(flat)
    cover = None
    if len(flat) > 1 and _looks_like_cover(flat[0]) and (form is None or form.page is not flat[0]):
        cover = flat[0]
    ordered = sorted(flat, key=lambda p: 0 if form and p is form.page else 2 if p is cover else 1)
    court, caption = _find_caption(ordered)
    signer, signer_hit = _find_signer(ordered)
    return _Evidence(
        flat, tuple(ordered), form, tuple(others), cover, court, caption, signer, signer_hit
    )


def _decide(ev: _Evidence) -> tuple[DocumentKind, str | None, float, list[Finding]]:
    """Kind, form and base confidence. Judicial kinds need a court caption; a judicial
    warrant also needs a judge's title by the signature (FACTS.md default rule)."""
    judicial = ev.caption is not None and ev.signer == JUDGE
    findings: list[Finding] = []
    if ev.form is not None:
        sig = ev.form.signature
        base = 0.9 if ev.form.by_number and ev.form.by_title else 0.7
        how = "its printed number and title" if base == 0.9 else "its printed number or title"
        findings.append(
            _finding("form", f"Looks like form {sig.form}, going by {how}.", ev.form.hit)
        )
        findings += [
            _finding(
                "other_forms",
                f"Page {other.page.number} looks like a different document, form "
                f"{other.signature.form}. Check each document in the packet on its own.",
                other.hit,
            )
            for other in ev.other_forms
        ]
        if sig.kind is DocumentKind.JUDICIAL_WARRANT and not judicial:
            findings.append(_judicial_missing(ev, f"court form {sig.form}", need_judge=True))
            return DocumentKind.UNKNOWN, sig.form, 0.4, findings
        if sig.kind is DocumentKind.COURT_ORDER and ev.caption is None:
            findings.append(_judicial_missing(ev, f"court form {sig.form}", need_judge=False))
            return DocumentKind.UNKNOWN, sig.form, 0.4, findings
        return sig.kind, sig.form, base, findings
    order = _first(ev.ordered, _ORDER_LANGUAGE)
    if order and ev.caption:
        findings.append(
            _finding(
                "order_language", "The document contains order language.", order, confirm=False
            )
        )
        return DocumentKind.COURT_ORDER, None, 0.7 if ev.signer == JUDGE else 0.55, findings
    if judicial and _first(ev.ordered, _WARRANT):
        return DocumentKind.JUDICIAL_WARRANT, None, 0.55, findings
    authority = _first(ev.ordered, _SUBPOENA_AUTHORITY)
    if authority and _first(ev.ordered, _SUBPOENA):
        return DocumentKind.ADMINISTRATIVE_SUBPOENA, None, 0.6, findings
    if order:
        findings.append(_judicial_missing(ev, "a court order", need_judge=False))
    has_text = any(p.text for p in ev.pages)
    return DocumentKind.UNKNOWN, None, 0.5 if has_text else 0.1, findings


def _judicial_missing(ev: _Evidence, what: str, *, need_judge: bool) -> Finding:
    missing = []
    if ev.caption is None:
        missing.append("a federal court caption")
    if need_judge and ev.signer != JUDGE:
        missing.append("a judge's title by the signature")
    return _finding(
        "judicial_requirements_missing",
        f"This looks like {what}, but {' or '.join(missing)} could not be found. Treat it "
        "as not coming from a court until counsel confirms.",
    )


def _kind_findings(kind: DocumentKind, form: str | None, ev: _Evidence) -> list[Finding]:
    """What the attorney checks for each kind (FACTS.md table, last column)."""
    findings: list[Finding] = []
    if kind is DocumentKind.ADMINISTRATIVE_SUBPOENA:
        findings.append(
            _finding(
                "not_self_enforcing",
                "An immigration subpoena (8 CFR 287.4; 8 U.S.C. 1225(d)) is issued by the "
                "agency, not a court, and does not enforce itself: only a court order can "
                "compel compliance. Release no records without counsel.",
                _first(ev.ordered, _SUBPOENA_AUTHORITY),
            )
        )
        findings.append(
            _finding(
                "ferpa",
                "Whether this is a 'lawfully issued subpoena' under FERPA (34 CFR "
                "99.31(a)(9)) is counsel's call. If records are released, the advance "
                "notice to the parent and the disclosure log (34 CFR 99.32) apply.",
            )
        )
    elif kind is DocumentKind.COURT_ORDER:
        if form in {"AO 88", "AO 88B"}:
            findings.append(
                _finding(
                    "court_subpoena",
                    "A court subpoena is often signed by a clerk or an attorney rather than "
                    "a judge. Check who signed it and exactly what it asks for.",
                    ev.form.hit if ev.form else None,
                )
            )
        findings.append(
            _finding(
                "ferpa",
                "Before releasing records under a court order or subpoena, FERPA expects a "
                "reasonable effort to tell the parent (or eligible student) first, unless "
                "the order says its existence must not be disclosed. Log the disclosure.",
            )
        )
    elif kind is DocumentKind.DETAINER:
        findings.append(
            _finding(
                "not_addressed_to_school",
                "A detainer asks a jail or other detention facility to hold a person or to "
                "give notice. It is not addressed to a school and does not require the "
                "school to do anything.",
                _first(ev.ordered, _DETAINER_ADDRESSEE) or _first(ev.ordered, _DETAINER),
            )
        )
    elif kind is DocumentKind.UNKNOWN and form in {"I-213", "I-862"}:
        findings.append(
            _finding(
                "informational",
                f"Form {form} records an encounter or starts proceedings; it authorizes "
                "nothing at the school.",
                ev.form.hit if ev.form else None,
                confirm=False,
            )
        )
    return findings


def _trap_findings(kind: DocumentKind, ev: _Evidence) -> list[Finding]:
    findings: list[Finding] = []
    i205 = _first(ev.ordered, _I205_TRAP)
    if i205:
        findings.append(
            _finding(
                "trap_i205_judge_checkbox",
                "This box names a judge as the source of an earlier removal order. It is "
                "not a judge's signature on this document.",
                i205,
            )
        )
    cause = _first(ev.ordered, _PROBABLE_CAUSE)
    if cause and kind is not DocumentKind.JUDICIAL_WARRANT:
        findings.append(
            _finding(
                "trap_probable_cause",
                "The words 'probable cause' are printed on immigration forms too (such as "
                "the I-200 and I-247A). Here they do not show that a judge found anything.",
                cause,
            )
        )
    if kind not in {DocumentKind.JUDICIAL_WARRANT, DocumentKind.COURT_ORDER}:
        findings.append(
            _finding(
                "not_judicial",
                "No court caption together with a judge's signature was found, so this is "
                "not a judicial warrant. Staff should not consent to entry of non-public "
                "areas; send it to counsel.",
            )
        )
    return findings


def _caption_finding(ev: _Evidence, judicial_form: bool) -> Finding:
    if ev.court and ev.caption:
        return _finding("court_caption", f"Court caption: {ev.court}.", ev.caption)
    return _finding(
        "court_caption",
        "No federal court caption (UNITED STATES DISTRICT COURT with a named district) was found.",
        confirm=judicial_form,
    )


def _check(pages: Sequence[PageText], on: date, ocr: bool) -> CheckResult:
    ev = _gather(pages)
    kind, form, confidence, findings = _decide(ev)
    if ev.cover is not None:
        findings.insert(
            0,
            _finding(
                "fax_cover",
                "Page 1 looks like a fax cover sheet; the document itself follows it.",
                ev.cover.first(_FAX_COVER) or ev.cover.first(_FAX),
                confirm=False,
            ),
        )
    judicial_form = ev.form is not None and ev.form.signature.kind is DocumentKind.JUDICIAL_WARRANT
    findings.append(_caption_finding(ev, judicial_form))
    findings.append(_signature_finding(ev.signer, ev.signer_hit))
    expires: date | None = None
    if form == "AO 93" or (kind is DocumentKind.JUDICIAL_WARRANT and _first(ev.ordered, _DEADLINE)):
        expires, deadline_findings = _deadline_checks(ev.ordered, on, required=form == "AO 93")
        findings += deadline_findings
        findings.append(_daytime_check(ev.ordered))
    premises = _person_or_premises(form, ev.ordered)
    if premises:
        findings.append(premises)
    findings += _kind_findings(kind, form, ev)
    findings += _trap_findings(kind, ev)

    is_ocr = ocr or any(p.from_ocr for p in pages)
    if ev.signer == UNKNOWN_SIGNER and kind is not DocumentKind.UNKNOWN:
        confidence -= 0.1
    if is_ocr:
        confidence *= OCR_FACTOR
    # The invariant is enforced by _decide; this guard keeps it true whatever changes there.
    if kind is DocumentKind.JUDICIAL_WARRANT and not (ev.caption and ev.signer == JUDGE):
        kind = DocumentKind.UNKNOWN
    return CheckResult(
        kind=kind,
        form=form,
        signed_by=ev.signer,
        court=ev.court,
        expires=expires,
        expired=None if expires is None else on > expires,
        ocr=is_ocr,
        pages=len(pages),
        confidence=round(min(max(confidence, 0.0), 1.0), 2),
        findings=tuple(findings),
    )


def check(pages: Sequence[PageText], *, on: date, ocr: bool = False) -> CheckResult:
    """Read a document's pages and say what kind of document it appears to be, judged
    on the date `on`. Never raises: if the checker itself fails, the result says the
    document could not be checked and must be read by hand."""
    try:
        return _check(pages, on, ocr)
    except Exception:  # an aid must never break the intake it supports
        log.exception("document checker failed")
        count = len(pages) if isinstance(pages, Sequence) else 0
        return CheckResult(
            kind=DocumentKind.UNKNOWN,
            form=None,
            signed_by=UNKNOWN_SIGNER,
            court=None,
            expires=None,
            expired=None,
            ocr=ocr,
            pages=count,
            confidence=0.0,
            findings=(
                Finding(
                    "checker_error",
                    "The checker could not read this document. Read it in full by hand.",
                ),
            ),
        )
