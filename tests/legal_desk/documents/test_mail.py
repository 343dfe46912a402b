"""Reading saved e-mail: best effort, never a crash on malformed mail."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from legal_desk.documents import mail
from tests.legal_desk.documents.conftest import make_eml, make_pdf


def test_plain_message() -> None:
    parsed = mail.parse(make_eml(subject="Visit today", body="Hello.\n\n\n\nSecond paragraph."))
    assert parsed.subject == "Visit today"
    assert parsed.header("from") == "Angela Whitcomb <awhitcomb@meadow-ridge.example.org>"
    assert parsed.body == "Hello.\n\nSecond paragraph."
    assert parsed.attachments == ()
    assert parsed.text().startswith("From: Angela Whitcomb")


def test_text_body_is_preferred_to_its_html_twin() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "Twin bodies"
    message.set_content("the plain version")
    message.add_alternative("<p>the <i>html</i> version</p>", subtype="html")
    parsed = mail.parse(message.as_bytes())
    assert parsed.body == "the plain version"
    assert parsed.attachments == ()  # the HTML twin is not an attachment


def test_html_is_turned_into_lines_of_text() -> None:
    html = (
        "<html><head><style>p {color: red}</style><title>x</title></head><body>"
        "<p>First&nbsp;line</p><div>Second <b>line</b></div>Third<br>Fourth"
        "<script>alert(1)</script></body></html>"
    )
    assert mail.html_to_text(html) == "First line\n\nSecond line\nThird\nFourth"


def test_attachments_are_returned_with_their_bytes() -> None:
    pdf = make_pdf("attached")
    parsed = mail.parse(make_eml(attachments=(("w.pdf", pdf, "application", "pdf"),)))
    assert [(a.filename, a.data, a.content_type, a.inline) for a in parsed.attachments] == [
        ("w.pdf", pdf, "application/pdf", False)
    ]


def test_unknown_charset_and_bad_headers_do_not_fail() -> None:
    raw = (
        b"From: =?x-unknown?q?Jos=E9?= <j@example.org>\n"
        b"Subject: =?utf-8?b?broken base64\n"
        b"Date: not a date\n"
        b"Content-Type: text/plain; charset=x-made-up\n"
        b"Content-Transfer-Encoding: quoted-printable\n\n"
        b"Caf=E9 visit at 9=3A10\n"
    )
    parsed = mail.parse(raw)
    assert "visit at 9:10" in parsed.body
    assert parsed.header("Date") == "not a date"


def test_forwarded_message_is_noted_not_lost() -> None:
    from email.message import EmailMessage

    inner = EmailMessage()
    inner["From"] = "b@example.org"
    inner["Subject"] = "inner"
    inner.set_content("inner body")
    outer = EmailMessage()
    outer["From"] = "a@example.org"
    outer["Subject"] = "Fwd: inner"
    outer.set_content("see below")
    outer.add_attachment(inner)
    parsed = mail.parse(outer.as_bytes())
    assert parsed.body == "see below"
    assert parsed.attachments == ()
    assert len(parsed.notes) == 1
    assert "forwarded message" in parsed.notes[0]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=1500))
def test_parsing_never_fails_on_arbitrary_bytes(data: bytes) -> None:
    parsed = mail.parse(b"From: a@example.org\nSubject: s\n" + data)
    assert isinstance(parsed.text(), str)
