"""Fictional specimen documents for the demo workspace and the tests.

Each page imitates the layout of a real form an officer may show a school
(DHS I-200 and I-138, the federal courts' AO 93) so that the viewer, the text
search and the document checker have something realistic to work on. The wording
is our own, every name, number, address and signature is invented, and every page
says so in a banner, a footer and a watermark. The subject of a warrant is always
a placeholder: demo text never says anything about anyone's immigration status.

All generated in memory with PyMuPDF; nothing is written to disk.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from legal_desk.documents.pdf import load_pymupdf

SPECIMEN_BANNER = "SPECIMEN — FICTIONAL DEMO DOCUMENT"
SPECIMEN_FOOTNOTE = (
    "Made up for the Legal Desk demo. Not a government or court document: every name, "
    "number, address and signature on it is invented."
)
PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter
LEFT, RIGHT = 54.0, 558.0
INK = (0.0, 0.0, 0.0)
TYPED = (0.05, 0.05, 0.2)  # entries "typed" into the form
PEN = (0.08, 0.13, 0.45)  # signatures
SPECIMEN_RED = (0.72, 0.07, 0.07)


class _Sheet:
    """One page of a form, with the few drawing moves the specimens need."""

    def __init__(self, doc: Any) -> None:
        self.pymupdf = load_pymupdf()
        self.page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        self._watermark()

    def _watermark(self) -> None:
        centre = self.pymupdf.Point(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        self.page.insert_text(
            (PAGE_WIDTH / 2 - 250, PAGE_HEIGHT / 2 + 30),
            "SPECIMEN",
            fontname="hebo",
            fontsize=110,
            color=(0.9, 0.9, 0.9),
            morph=(centre, self.pymupdf.Matrix(35)),
            overlay=False,
        )

    def specimen_marks(self, page_label: str) -> None:
        writer = self.pymupdf.TextWriter(self.page.rect, color=SPECIMEN_RED)
        font = self.pymupdf.Font("hebo")
        width = font.text_length(SPECIMEN_BANNER, fontsize=10)
        writer.append(((PAGE_WIDTH - width) / 2, 30), SPECIMEN_BANNER, font=font, fontsize=10)
        writer.write_text(self.page)
        self.page.draw_rect(
            self.pymupdf.Rect((PAGE_WIDTH - width) / 2 - 8, 18, (PAGE_WIDTH + width) / 2 + 8, 36),
            color=SPECIMEN_RED,
            width=0.8,
        )
        self.paragraph(
            (LEFT, 764, RIGHT - 70, 786), SPECIMEN_FOOTNOTE, size=6.5, color=SPECIMEN_RED
        )
        self.text(RIGHT, 772, page_label, size=8, align="right")

    def text(
        self,
        x: float,
        y: float,
        value: str,
        *,
        size: float = 10,
        font: str = "helv",
        color: tuple[float, float, float] = INK,
        align: str = "left",
    ) -> float:
        """Draw one line with its baseline at y; returns the x where it ends."""
        width = float(self.pymupdf.get_text_length(value, fontname=font, fontsize=size))
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        self.page.insert_text((x, y), value, fontname=font, fontsize=size, color=color)
        return x + width

    def paragraph(
        self,
        rect: tuple[float, float, float, float],
        value: str,
        *,
        size: float = 10,
        font: str = "tiro",
        color: tuple[float, float, float] = INK,
    ) -> float:
        """Wrap text inside rect; returns the y just below the last line."""
        box = self.pymupdf.Rect(rect)
        left_over = float(
            self.page.insert_textbox(
                box, value, fontname=font, fontsize=size, color=color, lineheight=1.25
            )
        )
        if left_over < 0:
            raise ValueError(f"specimen text does not fit: {value[:40]!r}")
        return float(box.y1 - left_over)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.6) -> None:
        self.page.draw_line((x0, y0), (x1, y1), color=INK, width=width)

    def rule(self, y: float, width: float = 1.2) -> None:
        self.line(LEFT, y, RIGHT, y, width)

    def box(self, rect: tuple[float, float, float, float], width: float = 0.8) -> None:
        self.page.draw_rect(self.pymupdf.Rect(rect), color=INK, width=width)

    def field(self, x: float, y: float, label: str, value: str, end: float) -> None:
        """A printed label followed by a typed value on an underline running to `end`."""
        after = self.text(x, y, label, size=9.5, font="hebo") + 6
        self.line(after, y + 2, end, y + 2, 0.5)
        self.text(after + 2, y - 1, value, size=9.5, font="cour", color=TYPED)

    def checkbox(self, x: float, y: float, checked: bool, label: str, *, size: float = 9.5) -> None:
        self.box((x, y - 8, x + 8, y), width=0.7)
        if checked:
            self.text(x + 0.8, y - 0.8, "X", size=9, font="cour", color=TYPED)
        self.text(x + 14, y, label, size=size, font="tiro")

    def signature_block(
        self, x0: float, x1: float, y: float, caption: str, *, signer: str = ""
    ) -> None:
        """A signature line with its caption below; an ink flourish if signed."""
        if signer:
            self._flourish(x0 + 16, y - 4, min(150.0, x1 - x0 - 30), signer)
        self.line(x0, y + 2, x1, y + 2, 0.6)
        self.text((x0 + x1) / 2, y + 11, caption, size=7.5, font="tiit", align="center")

    def typed_block(
        self, x0: float, x1: float, y: float, value: str, caption: str, *, second: str = ""
    ) -> None:
        """Typed text on a line (a second, smaller line below it if given), caption under."""
        if second:
            self.text(x0 + 2, y - 12, value, size=9, font="cour", color=TYPED)
            self.text(x0 + 2, y - 1, second, size=7.5, font="cour", color=TYPED)
        else:
            self.text(x0 + 2, y - 1, value, size=9, font="cour", color=TYPED)
        self.line(x0, y + 2, x1, y + 2, 0.6)
        self.text((x0 + x1) / 2, y + 11, caption, size=7.5, font="tiit", align="center")

    def _flourish(self, x: float, y: float, width: float, seed: str) -> None:
        """A hand-signature look: a chain of loose curves, the same for the same signer."""
        rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
        shape = self.page.new_shape()
        point = self.pymupdf.Point(x, y)
        steps = 7
        for i in range(1, steps + 1):
            end = self.pymupdf.Point(x + width * i / steps, y - rng.uniform(-3, 9))
            c1 = self.pymupdf.Point(point.x + rng.uniform(2, 14), point.y - rng.uniform(6, 18))
            c2 = self.pymupdf.Point(end.x - rng.uniform(2, 14), end.y + rng.uniform(4, 14))
            shape.draw_bezier(point, c1, c2, end)
            point = end
        shape.draw_bezier(
            point,
            self.pymupdf.Point(point.x + 12, point.y - 10),
            self.pymupdf.Point(x + width * 0.3, y + 8),
            self.pymupdf.Point(x + width * 0.1, y + 3),
        )
        shape.finish(color=PEN, width=1.1, closePath=False)
        shape.commit()


def _finish(doc: Any, title: str) -> bytes:
    doc.set_metadata(
        {
            "title": f"{title} ({SPECIMEN_BANNER})",
            "author": "Legal Desk demo generator",
            "subject": SPECIMEN_FOOTNOTE,
            "creator": "Legal Desk",
            "producer": "Legal Desk",
        }
    )
    doc.subset_fonts()
    return bytes(doc.tobytes(garbage=3, deflate=True, no_new_id=True))


def _us_date(value: date) -> str:
    return value.strftime("%m/%d/%Y")


# ----- (a) administrative warrant, modelled on the layout of DHS Form I-200 -----


@dataclass(frozen=True)
class AdministrativeWarrant:
    issued: date
    file_number: str = "SPEC-0000-4471"
    event_number: str = "DEN-SPEC-26-0117"
    subject: str = "SPECIMEN SUBJECT A (fictional placeholder)"
    officer_name: str = "R. HOLLISTER"
    officer_title: str = "SUPERVISORY DETENTION AND DEPORTATION OFFICER"


def administrative_warrant_pdf(facts: AdministrativeWarrant) -> bytes:
    """An arrest warrant signed by an immigration officer: no court, no judge."""
    pymupdf = load_pymupdf()
    doc = pymupdf.open()
    s = _Sheet(doc)
    s.specimen_marks("Page 1 of 1")
    s.text(
        PAGE_WIDTH / 2,
        66,
        "U.S. DEPARTMENT OF HOMELAND SECURITY",
        size=11,
        font="hebo",
        align="center",
    )
    s.text(PAGE_WIDTH / 2, 92, "WARRANT FOR ARREST OF ALIEN", size=16, font="hebo", align="center")
    s.rule(104)
    s.field(LEFT, 126, "Event No.:", facts.event_number, 290)
    s.field(330, 126, "File No.:", facts.file_number, RIGHT)
    s.field(330, 146, "Date:", _us_date(facts.issued), RIGHT)

    s.text(LEFT, 178, "To:", size=10, font="hebo")
    y = s.paragraph(
        (LEFT + 26, 168, RIGHT, 210),
        "Any immigration officer who holds authority under sections 236 and 287 of the "
        "Immigration and Nationality Act and part 287 of title 8, Code of Federal "
        "Regulations, to serve warrants of arrest.",
    )
    y = s.paragraph(
        (LEFT, y + 10, RIGHT, y + 50),
        "I have found probable cause to take into custody the person identified below. "
        "My finding rests on the ground or grounds marked:",
    )
    s.field(LEFT, y + 18, "Name of subject:", facts.subject, RIGHT)
    y += 44
    grounds = (
        (True, "a charging document that begins proceedings against the subject has been issued;"),
        (False, "proceedings concerning the subject are already pending;"),
        (False, "the subject did not complete an inspection that had been deferred;"),
        (False, "the subject's fingerprints were matched and federal records were checked;"),
        (
            False,
            "statements the subject made to an immigration officer, or other reliable evidence.",
        ),
    )
    for checked, label in grounds:
        s.checkbox(LEFT + 14, y, checked, label)
        y += 18
    y = s.paragraph(
        (LEFT, y + 8, RIGHT, y + 60),
        "YOU ARE COMMANDED to arrest the person named above and to hold that person in "
        "custody for proceedings under the Immigration and Nationality Act.",
        font="tibo",
    )
    y += 40
    s.signature_block(
        300, RIGHT, y, "(Signature of authorized immigration officer)", signer=facts.officer_name
    )
    y += 44
    s.typed_block(
        300,
        RIGHT,
        y,
        facts.officer_name,
        "(Printed name and title of authorized immigration officer)",
        second=facts.officer_title,
    )
    s.text(LEFT, y - 1, "Office: Denver Field Office (fictional)", size=9, font="helv")

    top = y + 34
    s.box((LEFT, top, RIGHT, top + 160), width=1.0)
    s.text(PAGE_WIDTH / 2, top + 20, "Certificate of Service", size=11, font="hebo", align="center")
    s.paragraph(
        (LEFT + 12, top + 30, RIGHT - 12, top + 90),
        "I certify that I served this warrant on the person named above at "
        "____________________________ (place) on ________________ (date), and that I read "
        "its contents to that person in the ____________________ language.",
    )
    s.signature_block(LEFT + 12, 290, top + 98, "(Name and signature of officer)")
    s.signature_block(320, RIGHT - 12, top + 98, "(Name or number of interpreter, if any)")
    s.signature_block(LEFT + 12, 290, top + 136, "(Date and time of service)")
    s.text(LEFT, 752, "DHS Form I-200 (SPECIMEN, not an official revision)", size=8)
    return _finish(doc, "Warrant for Arrest of Alien")


# ----- (b) judicial search warrant, modelled on the layout of form AO 93 -----


@dataclass(frozen=True)
class SearchWarrant:
    issued: datetime
    execute_by: date  # no more than 14 days after issue (Fed. R. Crim. P. 41)
    case_number: str = "1:26-sw-00417-EVM"
    premises_short: str = (
        "The front office and records room of Cedar Hollow High School, 2450 Sample Ridge "
        "Road, Aurora, CO 80000 (fictional address)"
    )
    premises: str = (
        "The main office, the attendance and records room next to it, and the security-camera "
        "equipment closet of Cedar Hollow High School, a two-storey brick building at 2450 "
        "Sample Ridge Road, Aurora, Colorado 80000 (fictional address). Classrooms, the "
        "counselling office and all other parts of the building are not included."
    )
    items: tuple[str, ...] = (
        "Visitor sign-in logs, on paper or in electronic form, for the dates named in the "
        "affidavit.",
        "Recordings from the cameras that cover the main entrance and the front-office counter "
        "for the same dates, from 7:00 a.m. to 9:30 a.m.",
        "Records showing to whom visitor badges V-112 through V-130 were issued on those dates.",
    )
    judge: str = "Eleanor V. Marsh"
    city: str = "Denver, Colorado"


def judicial_search_warrant_pdf(facts: SearchWarrant) -> bytes:
    """A search warrant issued by a (fictional) magistrate judge, with its two attachments."""
    pymupdf = load_pymupdf()
    doc = pymupdf.open()
    s = _Sheet(doc)
    s.specimen_marks("Page 1 of 2")
    s.text(LEFT, 50, "AO 93 (SPECIMEN) Search and Seizure Warrant", size=8)
    s.rule(54, 0.5)
    s.text(PAGE_WIDTH / 2, 82, "UNITED STATES DISTRICT COURT", size=14, font="tibo", align="center")
    s.text(PAGE_WIDTH / 2, 98, "for the", size=10, font="tiit", align="center")
    s.text(PAGE_WIDTH / 2, 115, "District of Colorado", size=12, font="tiro", align="center")
    s.line(216, 119, 396, 119, 0.6)

    # Caption: the premises on the left, closed by a bracket; the case number on the right.
    s.text(LEFT, 146, "In the Matter of the Search of", size=10, font="tiro")
    s.text(
        LEFT,
        157,
        "(Briefly describe the property to be searched or identify the person",
        size=7.5,
        font="tiit",
    )
    s.text(LEFT, 166, "by name and address)", size=7.5, font="tiit")
    s.paragraph((LEFT, 172, 300, 230), facts.premises_short, size=9, font="cour", color=TYPED)
    for i in range(7):
        s.text(308, 146 + i * 12, ")", size=10, font="tiro")
    s.field(330, 182, "Case No.", facts.case_number, RIGHT)

    s.text(PAGE_WIDTH / 2, 258, "SEARCH AND SEIZURE WARRANT", size=13, font="tibo", align="center")
    s.text(LEFT, 284, "To:     Any authorized law enforcement officer", size=10, font="tiro")
    y = s.paragraph(
        (LEFT, 294, RIGHT, 330),
        "A federal law enforcement officer has applied to this court for a warrant to search "
        "the following person or property located in the District of Colorado:",
    )
    s.text(
        LEFT + 30,
        y + 12,
        "See Attachment A, which is part of this warrant.",
        size=9.5,
        font="cour",
        color=TYPED,
    )
    y = s.paragraph(
        (LEFT, y + 24, RIGHT, y + 70),
        "Having reviewed the sworn affidavit and any recorded testimony, I find that there is "
        "probable cause to search the property described above and to seize the following:",
    )
    s.text(
        LEFT + 30,
        y + 12,
        "See Attachment B, which is part of this warrant.",
        size=9.5,
        font="cour",
        color=TYPED,
    )
    y += 36
    end = s.text(LEFT, y, "YOU ARE COMMANDED to execute this warrant on or before", font="tibo")
    s.line(end + 6, y + 2, end + 86, y + 2, 0.5)
    s.text(end + 10, y - 1, _us_date(facts.execute_by), size=9.5, font="cour", color=TYPED)
    s.text(end + 92, y, "(not to exceed 14 days)", size=9, font="tiit")
    y += 20
    s.checkbox(LEFT + 14, y, True, "in the daytime, between 6:00 a.m. and 10:00 p.m.")
    s.checkbox(300, y, False, "at any hour of the day or night, because good")
    s.text(314, y + 12, "cause has been shown.", size=9.5, font="tiro")
    y = s.paragraph(
        (LEFT, y + 22, RIGHT, y + 70),
        "Unless the court has allowed delayed notice below, the officer must leave a copy of "
        "this warrant and a receipt for anything taken with the person whose premises are "
        "searched, or at the place searched.",
    )
    y = s.paragraph(
        (LEFT, y + 8, RIGHT, y + 54),
        "The officer who executes this warrant, or an officer present when it is executed, "
        "must prepare an inventory as the law requires and promptly return this warrant and "
        "the inventory to the United States Magistrate Judge on duty.",
    )
    s.checkbox(
        LEFT + 14,
        y + 16,
        False,
        "Delayed notice is authorized under 18 U.S.C. § 3103a(b) for ____ days.",
    )
    y += 62
    s.field(LEFT, y, "Date and time issued:", facts.issued.strftime("%m/%d/%Y %I:%M %p"), 290)
    s.signature_block(320, RIGHT, y, "Judge's signature", signer=facts.judge)
    y += 34
    s.field(LEFT, y, "City and state:", facts.city, 290)
    s.typed_block(320, RIGHT, y, f"{facts.judge}, U.S. Magistrate Judge", "Printed name and title")
    s.text(
        LEFT, 752, "AO 93 Search and Seizure Warrant (SPECIMEN, not an official revision)", size=8
    )

    s = _Sheet(doc)
    s.specimen_marks("Page 2 of 2")
    s.text(RIGHT, 56, f"Case No. {facts.case_number}", size=9, font="tiro", align="right")
    s.text(PAGE_WIDTH / 2, 92, "ATTACHMENT A", size=12, font="tibo", align="center")
    s.text(PAGE_WIDTH / 2, 108, "Property to be searched", size=10, font="tiit", align="center")
    y = s.paragraph((LEFT, 120, RIGHT, 200), facts.premises)
    s.text(PAGE_WIDTH / 2, y + 36, "ATTACHMENT B", size=12, font="tibo", align="center")
    s.text(PAGE_WIDTH / 2, y + 52, "Items to be seized", size=10, font="tiit", align="center")
    y += 64
    for number, item in enumerate(facts.items, start=1):
        s.text(LEFT, y + 10, f"{number}.", size=10, font="tiro")
        y = s.paragraph((LEFT + 18, y, RIGHT, y + 60), item) + 6
    s.paragraph(
        (LEFT, y + 8, RIGHT, y + 60),
        "This warrant does not authorize the seizure of any student education record other "
        "than the items listed above.",
    )
    return _finish(doc, "Search and Seizure Warrant")


# ----- (c) administrative subpoena for records, modelled on the layout of DHS Form I-138 -----


@dataclass(frozen=True)
class AdministrativeSubpoena:
    issued: date
    respond_by: date
    school: str
    school_address: str
    records: str
    subpoena_number: str = "DEN-26-SPEC-0042"
    file_number: str = "SPEC-0000-5530"
    contact: str = "Officer R. Calloway, badge ERO-40117, (303) 555-0119"
    place: str = "ICE ERO field office (fictional), 400 Specimen Plaza, Suite 210, CO 80000"
    officer_name: str = "K. BRENNAN"
    officer_title: str = "SUPERVISORY DETENTION AND DEPORTATION OFFICER"


def administrative_subpoena_pdf(facts: AdministrativeSubpoena) -> bytes:
    """A records subpoena issued by an immigration officer (not a court order)."""
    pymupdf = load_pymupdf()
    doc = pymupdf.open()
    s = _Sheet(doc)
    s.specimen_marks("Page 1 of 1")
    s.text(
        PAGE_WIDTH / 2,
        62,
        "U.S. DEPARTMENT OF HOMELAND SECURITY",
        size=11,
        font="hebo",
        align="center",
    )
    s.text(PAGE_WIDTH / 2, 76, "U.S. Immigration and Customs Enforcement", size=9.5, align="center")
    s.text(
        PAGE_WIDTH / 2,
        100,
        "IMMIGRATION ENFORCEMENT SUBPOENA",
        size=15,
        font="hebo",
        align="center",
    )
    s.text(
        PAGE_WIDTH / 2,
        114,
        "to produce records and documents",
        size=10,
        font="helv",
        align="center",
    )
    s.rule(122)
    s.field(LEFT, 142, "Subpoena No.:", facts.subpoena_number, 290)
    s.field(330, 142, "File No.:", facts.file_number, RIGHT)
    s.text(LEFT, 164, "Authority:", size=9.5, font="hebo")
    s.text(
        LEFT + 56,
        164,
        "Section 235(d) of the Immigration and Nationality Act (8 U.S.C. 1225(d)) and 8 CFR 287.4",
        size=9.5,
        font="tiro",
    )

    s.box((LEFT, 176, RIGHT, 240), width=0.7)
    s.text(LEFT + 8, 190, "To:", size=9.5, font="hebo")
    s.text(LEFT + 40, 190, "Custodian of Records", size=9.5, font="cour", color=TYPED)
    s.text(LEFT + 40, 203, facts.school, size=9.5, font="cour", color=TYPED)
    s.text(LEFT + 40, 216, facts.school_address, size=9.5, font="cour", color=TYPED)
    s.text(LEFT + 8, 232, "In the matter of:", size=9.5, font="hebo")
    s.text(
        LEFT + 100,
        232,
        f"Investigation file {facts.file_number} (fictional)",
        size=9.5,
        font="cour",
        color=TYPED,
    )

    y = s.paragraph(
        (LEFT, 250, RIGHT, 300),
        "You are required to produce the records described below to the officer named in "
        "this subpoena, at the place and time shown. You may instead deliver true copies of "
        "the records before that date, with a signed statement from their custodian that the "
        "copies are complete.",
    )
    s.text(LEFT, y + 14, "Records to be produced:", size=9.5, font="hebo")
    y = s.paragraph(
        (LEFT + 12, y + 20, RIGHT, y + 100), facts.records, size=9.5, font="cour", color=TYPED
    )
    y += 18
    s.field(LEFT, y, "Place:", facts.place, RIGHT)
    y += 22
    s.field(LEFT, y, "Date:", _us_date(facts.respond_by), 250)
    s.field(280, y, "Time:", "10:00 a.m.", RIGHT)
    y += 22
    s.field(LEFT, y, "Officer to contact:", facts.contact, RIGHT)
    y = s.paragraph(
        (LEFT, y + 16, RIGHT, y + 60),
        "If you do not comply, the issuing agency may apply to a United States district court "
        "for an order requiring compliance.",
        font="tiit",
    )
    y += 44
    s.signature_block(300, RIGHT, y, "(Signature of issuing officer)", signer=facts.officer_name)
    s.field(LEFT, y, "Date of issue:", _us_date(facts.issued), 270)
    y += 42
    s.typed_block(
        300,
        RIGHT,
        y,
        facts.officer_name,
        "(Name and title of issuing officer)",
        second=facts.officer_title,
    )

    top = y + 34
    s.box((LEFT, top, RIGHT, top + 96), width=0.7)
    s.text(LEFT + 8, top + 16, "Certificate of service", size=10, font="hebo")
    s.text(
        LEFT + 8,
        top + 34,
        "Served on ______________________ (name) on ____________ (date) by:",
        size=9.5,
        font="tiro",
    )
    s.checkbox(LEFT + 20, top + 52, False, "personal delivery")
    s.checkbox(LEFT + 150, top + 52, False, "mail")
    s.checkbox(LEFT + 220, top + 52, False, "e-mail")
    s.signature_block(300, RIGHT - 12, top + 78, "(Signature of serving officer)")
    s.text(LEFT, 752, "DHS Form I-138 (SPECIMEN, not an official revision)", size=8)
    return _finish(doc, "Immigration Enforcement Subpoena")


# ----- (d) a phone photo of a page -----


def phone_photo_png(pdf: bytes, *, page: int = 0, angle: float = 2.5, zoom: float = 1.25) -> bytes:
    """A PNG that looks like a phone photo of a printed page: askew, on a desk, lit unevenly."""
    pymupdf = load_pymupdf()
    with pymupdf.open(stream=pdf, filetype="pdf") as source, pymupdf.open() as canvas:
        width, height = PAGE_WIDTH + 110, PAGE_HEIGHT + 90
        scene = canvas.new_page(width=width, height=height)
        scene.draw_rect(scene.rect, color=None, fill=(0.42, 0.36, 0.3))  # a wooden desk
        sheet = pymupdf.Rect(55, 45, 55 + PAGE_WIDTH, 45 + PAGE_HEIGHT)
        centre = (sheet.tl + sheet.br) / 2
        scene.draw_rect(
            pymupdf.Rect(sheet.x0 + 5, sheet.y0 + 6, sheet.x1 + 5, sheet.y1 + 6),
            color=None,
            fill=(0.22, 0.19, 0.16),
            morph=(centre, pymupdf.Matrix(angle)),
        )
        scene.draw_rect(
            sheet, color=None, fill=(0.97, 0.96, 0.92), morph=(centre, pymupdf.Matrix(angle))
        )
        scene.show_pdf_page(sheet, source, page, rotate=angle)
        # Light falling off towards the bottom, as under a desk lamp.
        # Bands end on whole pixels, so no seam shows where two of them meet.
        band = 8 / zoom
        bands = int(height / band) + 1
        for i in range(bands):
            scene.draw_rect(
                pymupdf.Rect(0, i * band, width, (i + 1) * band),
                color=None,
                fill=(0, 0, 0),
                fill_opacity=0.16 * (i / bands) ** 1.5,
            )
        pix = scene.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB)
        pix.tint_with(0x1C1A1E, 0xF2ECE0)  # lift the blacks, warm the whites
        return bytes(pix.tobytes("png"))


# ----- (e) an e-mail from a school to the legal office -----


@dataclass(frozen=True)
class SchoolEmail:
    sender_name: str
    sender_address: str
    recipient: str
    subject: str
    sent_at: datetime
    body: str
    message_id: str
    attachments: tuple[tuple[str, bytes], ...] = ()


def school_email_eml(facts: SchoolEmail) -> bytes:
    """An RFC 5322 message with a text body, an HTML twin and PDF/PNG attachments."""
    message = EmailMessage()
    message["From"] = f"{facts.sender_name} <{facts.sender_address}>"
    message["To"] = facts.recipient
    message["Subject"] = facts.subject
    message["Date"] = format_datetime(facts.sent_at)
    message["Message-ID"] = facts.message_id
    message["X-Legal-Desk-Demo"] = SPECIMEN_BANNER
    message.set_content(facts.body)
    paragraphs = "".join(
        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in facts.body.split("\n\n")
    )
    message.add_alternative(f"<html><body>{paragraphs}</body></html>", subtype="html")
    for filename, data in facts.attachments:
        subtype = "pdf" if data.startswith(b"%PDF-") else "png"
        maintype = "application" if subtype == "pdf" else "image"
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    # Fixed boundaries: the library picks random ones, and the demo must be reproducible.
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"==legal-desk-demo-{number}==")
    return message.as_bytes()
