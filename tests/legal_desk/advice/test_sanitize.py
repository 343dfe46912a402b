"""Sanitized advice HTML and its plain-text view."""

# ruff: noqa: E501 - QT_DOCUMENT keeps Qt's own long lines, as toHtml() writes them

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from legal_desk.advice.engine import text_to_html
from legal_desk.advice.sanitize import ALLOWED_TAGS, html_to_text, sanitize_html

# What QTextEdit.toHtml() writes for a short letter: a whole document with a style
# block, inline styles everywhere, bold/italic/underline as styled spans.
QT_DOCUMENT = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" "http://www.w3.org/TR/REC-html40/strict.dtd">
<html><head><meta name="qrichtext" content="1" /><meta charset="utf-8" /><title>Qt title</title><style type="text/css">
p, li { white-space: pre-wrap; }
hr { height: 1px; border-width: 0; }
li.unchecked::marker { content: "\\2610"; }
li.checked::marker { content: "\\2612"; }
</style></head><body style=" font-family:'Noto Sans'; font-size:10pt; font-weight:400; font-style:normal;">
<p style=" margin-top:0px; margin-bottom:0px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;">Dear Ms Rivera,</p>
<p style="-qt-paragraph-type:empty; margin-top:0px; margin-bottom:0px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;"><br /></p>
<p style=" margin-top:0px; margin-bottom:0px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;">Please <span style=" font-weight:700;">do not consent</span> to entry of <span style=" font-style:italic;">non-public</span> areas, and <span style=" text-decoration: underline;">stay with the student</span>.</p>
<ul style="margin-top: 0px; margin-bottom: 0px; margin-left: 0px; margin-right: 0px; -qt-list-indent: 1;">
<li style=" margin-top:12px; margin-bottom:0px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;">The officer waits in the front office.</li>
<li style=" margin-top:0px; margin-bottom:12px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;">Call <a href="tel:3033261800"><span style=" text-decoration: underline; color:#0000ff;">the legal office</span></a> or write to <a href="mailto:legal@district.example.org"><span style=" text-decoration: underline; color:#0000ff;">legal@district.example.org</span></a>.</li></ul>
<p style=" margin-top:0px; margin-bottom:0px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;"><img src="file:///home/tess/logo.png" /> Office of Legal Counsel</p></body></html>"""

_TAG = re.compile(r"<\s*/?\s*([a-zA-Z0-9]+)([^>]*)>")


def tags_and_attributes(html: str) -> tuple[set[str], set[str]]:
    tags: set[str] = set()
    attributes: set[str] = set()
    for name, rest in _TAG.findall(html):
        tags.add(name.lower())
        attributes.update(a.lower() for a in re.findall(r"([a-zA-Z_:-]+)\s*=", rest))
    return tags, attributes


def test_scripts_styles_handlers_dangerous_links_and_images_are_removed() -> None:
    dirty = (
        '<p onclick="steal()">Comply <b>within</b> the scope.<script>alert("x")</script></p>'
        "<style>p { color: red }</style>"
        '<p><a href="javascript:alert(1)">click</a> <a href="https://www.ice.gov/">ICE</a> '
        '<a href="mailto:legal@district.example.org">mail</a> <a href="/relative">rel</a> '
        '<a href="data:text/html,x">data</a></p>'
        '<img src="https://tracker.example.com/pixel.gif" onerror="alert(2)">'
        "<iframe src='https://evil.example.com'></iframe><object data='x'></object>"
        "<h2>Next steps</h2><ol><li>first</li></ol><blockquote>quoted</blockquote>"
    )
    clean = sanitize_html(dirty)
    tags, attributes = tags_and_attributes(clean)
    assert tags <= ALLOWED_TAGS
    assert attributes <= {"href", "rel"}
    for gone in (
        "script",
        "alert",
        "color: red",
        "onclick",
        "javascript",
        "img",
        "tracker",
        "iframe",
        "evil",
        "/relative",
        "data:",
    ):
        assert gone not in clean
    assert "<b>within</b>" in clean
    assert 'href="https://www.ice.gov/"' in clean
    assert 'href="mailto:legal@district.example.org"' in clean
    assert "<h2>Next steps</h2>" in clean
    assert "<ol><li>first</li></ol>" in clean
    assert "<blockquote>quoted</blockquote>" in clean
    # The text of a removed link or tag stays readable.
    assert "click" in clean and "rel" in clean


def test_a_qt_rich_text_document_keeps_its_body_and_emphasis_only() -> None:
    clean = sanitize_html(QT_DOCUMENT)
    tags, attributes = tags_and_attributes(clean)
    assert tags <= ALLOWED_TAGS
    assert attributes <= {"href", "rel"}
    for gone in (
        "DOCTYPE",
        "qrichtext",
        "white-space",
        "Qt title",
        "style",
        "font-family",
        "logo.png",
        "tel:",
        "-qt-",
    ):
        assert gone not in clean
    assert clean.startswith("<p>Dear Ms Rivera,</p>")
    # Qt's bold, italic and underline spans come through as tags.
    assert "<strong>do not consent</strong>" in clean
    assert "<em>non-public</em>" in clean
    assert "<u>stay with the student</u>" in clean
    assert "<li>The officer waits in the front office.</li>" in clean
    # A link's own underline is not doubled into a <u>.
    assert '<a href="mailto:legal@district.example.org" rel="noopener noreferrer">legal@' in clean
    assert "Office of Legal Counsel" in clean


def test_sanitizing_twice_changes_nothing() -> None:
    once = sanitize_html(QT_DOCUMENT)
    assert sanitize_html(once) == once


def test_the_plain_text_view_of_a_qt_document() -> None:
    assert html_to_text(QT_DOCUMENT) == (
        "Dear Ms Rivera,\n\n"
        "Please do not consent to entry of non-public areas, and stay with the student.\n\n"
        "- The officer waits in the front office.\n"
        "- Call the legal office or write to legal@district.example.org.\n\n"
        "Office of Legal Counsel"
    )


def test_the_plain_text_view_numbers_ordered_lists_and_shows_link_targets() -> None:
    html = (
        "<h3>Next steps</h3><ol><li>Ask to see the document<ul><li>front and back</li></ul></li>"
        "<li>Call us</li></ol><p>Line one<br>line  two &amp; more</p>"
        '<p>See <a href="https://www.ice.gov/">the agency\'s page</a>.</p>'
    )
    assert html_to_text(html) == (
        "# Next steps\n"
        "1. Ask to see the document\n  - front and back\n2. Call us\n\n"
        "Line one\nline two & more\n\n"
        "See the agency's page <https://www.ice.gov/>."
    )


def test_the_engines_html_reads_back_as_its_text() -> None:
    text = (
        "Dear Ms Rivera,\n\nDo not consent to entry.\nThe officer waits outside.\n\n"
        "- Stay with the student\n- Note the badge numbers <ERO-40117>\n\n# Until we call\n"
        "Call (303) 326-1800.\n\n# Next\n- Keep a copy"
    )
    assert html_to_text(text_to_html(text)) == text


_FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<a href='javascript:x()'>",
        "<a href='https://x.org'>",
        "</a>",
        "<img src=x>",
        "<span style='font-weight:700'>",
        "</span>",
        "<li>",
        "<ul>",
        "</ul>",
        "<br>",
        "<div onclick='x()'>",
        "</div>",
        "<!--",
        "-->",
        "<",
        ">",
        "&",
        "&amp;",
        '"',
        "'",
        "text",
        " ",
        "\n",
        "<svg onload=alert(1)>",
        "<math>",
        "<![CDATA[",
        "<body>",
        "</body>",
        "<head>",
        "</head>",
        "<html>",
        "<span style='font-style:italic'>",
        "]]>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS | st.text(max_size=5), max_size=40).map("".join))
def test_any_input_comes_out_allowlisted_and_stable(dirty: str) -> None:
    clean = sanitize_html(dirty)
    tags, attributes = tags_and_attributes(clean)
    assert tags <= ALLOWED_TAGS
    assert attributes <= {"href", "rel"}
    for href in re.findall(r'href="([^"]*)"', clean):
        assert href.startswith(("https://", "http://", "mailto:"))
    assert sanitize_html(clean) == clean
    html_to_text(clean)  # never raises
