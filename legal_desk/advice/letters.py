"""A finished piece of advice as the files a school receives: an e-mail (.eml) and a PDF.

Both are made in memory and returned as bytes; only a file the attorney chooses to
export is ever written to disk (the plaintext of a case stays in the workspace).
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from legal_desk.advice.sanitize import html_to_text, sanitize_html
from legal_desk.errors import LegalDeskError

# The district's own letterhead (shared/seed/district-ice-procedure.txt); the
# settings can replace it.
DEFAULT_LETTERHEAD_NAME = "Office of Legal Counsel"
DEFAULT_LETTERHEAD_ADDRESS = "15701 E. 1st Ave., Suite 100\nAurora, CO 80011"
DEFAULT_LETTERHEAD_PHONE = "(303) 326-1800"

PAGE_SIZE = "letter"  # a US district prints on Letter paper
MARGIN_PT = 72.0
FOOTER_PT = 36.0  # the footer sits in the bottom margin, this far from the edge
PRODUCER = "Legal Desk"

_CSS = """
body { font-family: sans-serif; font-size: 11pt; line-height: 1.35; }
.letterhead { text-align: center; margin-bottom: 6pt; }
.letterhead-name { font-size: 16pt; font-weight: bold; margin: 0; }
.letterhead-line { font-size: 9.5pt; margin: 0; color: #333333; }
.rule { border-bottom: 1pt solid #555555; margin-bottom: 14pt; }
.date { margin: 0 0 10pt 0; }
.subject { font-size: 13pt; font-weight: bold; margin: 0 0 12pt 0; }
p { margin: 0 0 8pt 0; }
ul, ol { margin: 0 0 8pt 0; }
li { margin: 0 0 3pt 0; }
h1, h2, h3, h4 { margin: 10pt 0 6pt 0; }
h1 { font-size: 14pt; } h2 { font-size: 13pt; } h3 { font-size: 12pt; } h4 { font-size: 11pt; }
blockquote { margin: 0 0 8pt 18pt; }
"""


class LetterError(LegalDeskError):
    """A letter could not be made into a file."""


@dataclass(frozen=True)
class Letter:
    """What the attorney delivers: the subject and the body, sanitized, in both forms."""

    case_id: int
    template_version_id: int | None
    subject: str
    html: str  # already sanitized
    text: str

    @classmethod
    def from_html(
        cls, case_id: int, template_version_id: int | None, subject: str, html: str
    ) -> Letter:
        """A letter from the composer's HTML (Qt's toHtml will do): sanitized, with
        its plain-text view derived from it."""
        clean = sanitize_html(html)
        return cls(
            case_id, template_version_id, " ".join(subject.split()), clean, html_to_text(clean)
        )


@dataclass(frozen=True)
class Letterhead:
    name: str = DEFAULT_LETTERHEAD_NAME
    address: str = DEFAULT_LETTERHEAD_ADDRESS  # one line per line of the address
    phone: str = DEFAULT_LETTERHEAD_PHONE


def _html_document(subject: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html_lib.escape(subject)}</title></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def _domain_of(address: str) -> str:
    from email.utils import parseaddr

    _, bare = parseaddr(address)
    domain = bare.rpartition("@")[2]
    return domain or "legal-desk.invalid"


def to_eml(
    letter: Letter,
    *,
    sender: str,
    recipient: str,
    now: datetime | None = None,
    draft: bool = True,
) -> bytes:
    """The letter as an e-mail: plain text and HTML alternatives.

    A draft carries "X-Unsent: 1" so Outlook and Thunderbird open the saved file as a
    message ready to send, not as one received; `draft=False` is what goes to SMTP."""
    from email.headerregistry import Address  # imported where first needed
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    message = EmailMessage()
    message["Subject"] = " ".join(letter.subject.split())  # a line break would end the header
    try:
        if sender.strip():  # a draft without one is sent from the mail client's own account
            message["From"] = sender
        message["To"] = recipient
    except (ValueError, TypeError, IndexError) as exc:
        raise LetterError(f"The e-mail address is not valid: {exc}") from None
    addresses = message["To"].addresses
    if len(addresses) != 1 or not isinstance(addresses[0], Address) or not addresses[0].domain:
        # One letter, one school leader: `send` delivers to exactly one address.
        raise LetterError(f"The recipient {recipient!r} is not one full e-mail address.")
    message["Date"] = format_datetime((now or datetime.now()).astimezone())
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    if draft:
        message["X-Unsent"] = "1"
    clean = sanitize_html(letter.html)
    # Quoted-printable: 7-bit lines whatever the text holds (curly quotes, dashes), so
    # no relay needs 8BITMIME to carry the letter intact.
    message.set_content(letter.text.rstrip("\n") + "\n", cte="quoted-printable")
    message.add_alternative(
        _html_document(letter.subject, clean), subtype="html", cte="quoted-printable"
    )
    return bytes(message)


def _letter_html(letter: Letter, letterhead: Letterhead, when: datetime) -> str:
    esc = html_lib.escape
    lines = [line.strip() for line in letterhead.address.splitlines() if line.strip()]
    if letterhead.phone.strip():
        lines.append(f"Phone {letterhead.phone.strip()}")
    head = "".join(f'<p class="letterhead-line">{esc(line)}</p>' for line in lines)
    return (
        '<div class="letterhead">'
        f'<p class="letterhead-name">{esc(letterhead.name.strip())}</p>{head}</div>'
        '<div class="rule"></div>'
        f'<p class="date">{esc(f"{when.astimezone():%d %B %Y}")}</p>'
        f'<p class="subject">{esc(letter.subject)}</p>'
        f"{sanitize_html(letter.html)}"
    )


def _pdf_date(when: datetime) -> str:
    moment = when.astimezone()
    offset = moment.strftime("%z") or "+0000"
    return f"D:{moment:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def to_pdf(letter: Letter, letterhead: Letterhead, *, author: str, when: datetime) -> bytes:
    """The letter on the office's letterhead, paginated, as PDF bytes."""
    from legal_desk.documents.pdf import html_to_pdf, load_pymupdf

    pymupdf = load_pymupdf()
    data = html_to_pdf(
        _letter_html(letter, letterhead, when), _CSS, paper=PAGE_SIZE, margin_pt=MARGIN_PT
    )
    return _finish(pymupdf, data, letter, letterhead, author, when)


def _finish(
    pymupdf: Any, data: bytes, letter: Letter, letterhead: Letterhead, author: str, when: datetime
) -> bytes:
    """Page numbers and document properties, added once the page count is known."""
    document = pymupdf.open(stream=data, filetype="pdf")
    try:
        count = document.page_count
        for number, page in enumerate(document, start=1):
            if count > 1:
                label = f"Page {number} of {count}"
                rect = pymupdf.Rect(
                    MARGIN_PT,
                    page.rect.height - FOOTER_PT - 12,
                    page.rect.width - MARGIN_PT,
                    page.rect.height - FOOTER_PT + 4,
                )
                page.insert_textbox(
                    rect, label, fontsize=8, fontname="helv", align=pymupdf.TEXT_ALIGN_CENTER
                )
        stamp = _pdf_date(when)
        document.set_metadata(
            {
                "title": letter.subject,
                "author": author,
                "subject": f"Advice from {letterhead.name}",
                "creator": PRODUCER,
                "producer": PRODUCER,
                "creationDate": stamp,
                "modDate": stamp,
            }
        )
        return bytes(document.tobytes(garbage=3, deflate=True))
    finally:
        document.close()
