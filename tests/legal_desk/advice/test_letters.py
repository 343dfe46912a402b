"""Letters as files: the .eml parses back with the standard library; the PDF reads back."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

import pytest

from legal_desk.advice.letters import Letter, LetterError, Letterhead, to_eml, to_pdf
from legal_desk.documents.pdf import load_pymupdf

WHEN = datetime(2026, 3, 3, 15, 30, tzinfo=UTC)
SENDER = "Office of Legal Counsel <legal@district.example.org>"
RECIPIENT = "Ana Rivera <ana.rivera@meadow.example.org>"
SUBJECT = "Administrative warrant at Meadow Ridge — do not consent to entry"
BODY_HTML = (
    "<p>Dear Ms Rivera,</p>"
    "<p>The document is an <strong>administrative warrant</strong> (Form I-200), signed by "
    "an immigration officer, not a judge.</p>"
    "<ul><li>Do not consent to entry of non-public areas.</li>"
    "<li>The officer waits in the front office while counsel reviews.</li></ul>"
    "<p>Señora Núñez's café is 1½ blocks away.</p>"
)


def letter(html: str = BODY_HTML, subject: str = SUBJECT) -> Letter:
    return Letter.from_html(7, None, subject, html)


def parse(data: bytes) -> email.message.EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, email.message.EmailMessage)
    return message


def pdf_text(data: bytes) -> list[str]:
    pymupdf = load_pymupdf()
    with pymupdf.open(stream=data, filetype="pdf") as document:
        # flags=0: ligatures ("ffi" in "Office") read back as their letters.
        return [" ".join(page.get_text(flags=0).split()) for page in document]


def test_the_eml_parses_back_with_subject_addresses_and_both_bodies() -> None:
    data = to_eml(letter(), sender=SENDER, recipient=RECIPIENT, now=WHEN)
    message = parse(data)
    assert message["Subject"] == SUBJECT
    assert message["To"].addresses[0].addr_spec == "ana.rivera@meadow.example.org"
    assert message["To"].addresses[0].display_name == "Ana Rivera"
    assert message["From"].addresses[0].addr_spec == "legal@district.example.org"
    assert parsedate_to_datetime(message["Date"]) == WHEN
    assert message["Message-ID"].endswith("@district.example.org>")
    # Outlook and Thunderbird open an .eml with this mark as a draft ready to send.
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None and rich is not None
    text = plain.get_content()
    assert "- Do not consent to entry of non-public areas." in text
    assert "Señora Núñez's café is 1½ blocks away." in text
    html = rich.get_content()
    assert "<strong>administrative warrant</strong>" in html
    assert "<li>The officer waits in the front office while counsel reviews.</li>" in html


def test_a_message_for_sending_has_no_draft_mark() -> None:
    message = parse(to_eml(letter(), sender=SENDER, recipient=RECIPIENT, draft=False))
    assert message["X-Unsent"] is None
    assert message["Subject"] == SUBJECT


def test_the_eml_html_is_sanitized_even_if_the_letter_was_not() -> None:
    raw = Letter(7, None, SUBJECT, '<p onclick="x()">Hi<script>alert(1)</script></p>', "Hi")
    html = parse(to_eml(raw, sender=SENDER, recipient=RECIPIENT)).get_body(("html",))
    assert html is not None
    content = html.get_content()
    assert "<p>Hi</p>" in content
    assert "script" not in content and "onclick" not in content


@pytest.mark.parametrize(
    "recipient", ["not an address", "rivera@", "a@b.org, c@d.org", "a@b.org\nBcc: x@y.org"]
)
def test_a_bad_recipient_is_refused_with_a_clear_message(recipient: str) -> None:
    with pytest.raises(LetterError, match="address"):
        to_eml(letter(), sender=SENDER, recipient=recipient)


def test_the_pdf_carries_the_letterhead_subject_and_advice() -> None:
    letterhead = Letterhead()
    data = to_pdf(letter(), letterhead, author="Tess Tester", when=WHEN)
    pages = pdf_text(data)
    assert len(pages) == 1
    text = pages[0]
    assert "Office of Legal Counsel" in text
    assert "15701 E. 1st Ave., Suite 100" in text
    assert "Aurora, CO 80011" in text
    assert "(303) 326-1800" in text
    assert SUBJECT in text
    assert "03 March 2026" in text
    assert "Do not consent to entry of non-public areas." in text
    assert "Señora Núñez's café is 1½ blocks away." in text
    # The letterhead comes before the subject, which comes before the advice.
    assert text.index("Office of Legal Counsel") < text.index(SUBJECT) < text.index("Dear Ms")
    pymupdf = load_pymupdf()
    with pymupdf.open(stream=data, filetype="pdf") as document:
        assert document.metadata["author"] == "Tess Tester"
        assert document.metadata["title"] == SUBJECT
        assert document[0].rect.width == pytest.approx(612)  # US Letter


def test_a_custom_letterhead_is_used() -> None:
    letterhead = Letterhead("Legal Services Unit", "1 Main St\nSpringfield, CO 80000", "555-0100")
    text = pdf_text(to_pdf(letter(), letterhead, author="T", when=WHEN))[0]
    assert "Legal Services Unit" in text
    assert "1 Main St" in text and "Springfield, CO 80000" in text and "555-0100" in text
    assert "Aurora" not in text


def test_a_long_letter_spans_several_numbered_pages() -> None:
    paragraphs = "".join(
        f"<p>Point {n}: the staff member stays with the student and notes the time.</p>"
        for n in range(1, 121)
    )
    pages = pdf_text(to_pdf(letter(BODY_HTML + paragraphs), Letterhead(), author="T", when=WHEN))
    assert len(pages) >= 3
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    joined = " ".join(pages)
    for n in (1, 60, 120):
        assert f"Point {n}: the staff member" in joined
    # The letterhead is on the first page only.
    assert all("15701 E. 1st Ave." not in page for page in pages[1:])


def test_the_pdf_never_shows_markup_the_sanitizer_refuses() -> None:
    raw = Letter(7, None, SUBJECT, "<p>Visible</p><script>document.write('Hidden')</script>", "")
    text = pdf_text(to_pdf(raw, Letterhead(), author="T", when=WHEN))[0]
    assert "Visible" in text
    assert "Hidden" not in text


def test_a_draft_without_a_sender_leaves_the_account_to_the_mail_client() -> None:
    raw = Letter(7, None, "Two\nlines", "<p>Hi</p>", "Hi")
    message = parse(to_eml(raw, sender="", recipient=RECIPIENT))
    assert message["From"] is None
    assert message["Subject"] == "Two lines"
    assert message["X-Unsent"] == "1"


def test_an_eml_is_seven_bit_whatever_the_letter_holds() -> None:
    # Curly quotes and dashes, as the templates write them: no relay must need 8BITMIME.
    letter = Letter.from_html(1, None, "Advice — today", "<p>The officer’s “warrant” — I-200.</p>")
    data = to_eml(letter, sender="legal@district.example", recipient="lead@school.example")
    assert max(data) < 128
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(("plain",))
    assert body is not None and "The officer’s “warrant” — I-200." in body.get_content()
