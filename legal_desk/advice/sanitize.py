"""Advice HTML made safe to store, print and e-mail, and its plain-text view.

The composer's rich text (QTextEdit.toHtml) arrives as a whole document with a
<style> block and inline styles on every element. What we keep is a small
allowlist of structure (paragraphs, emphasis, lists, headings, quotes, web and mail
links): no styles, scripts, images or event handlers, so a pasted fragment cannot
carry a tracking pixel or script into the school's mail client (issue 5: "the
result is sanitized HTML").
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from typing import Any

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "a",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content; every other disallowed tag keeps its text.
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "title", "head", "template", "noscript"})

_BODY = re.compile(r"<body\b[^>]*>(.*?)(?:</body\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.IGNORECASE | re.DOTALL)
# Qt writes bold, italic and underline as styled spans, never nested in one another.
_STYLED_SPAN = re.compile(
    r"<span\s+style\s*=\s*(?:\"([^\"]*)\"|'([^']*)')\s*>(.*?)</span\s*>",
    re.IGNORECASE | re.DOTALL,
)
_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_UNDERLINE = re.compile(r"text-decoration\s*:[^;]*underline", re.IGNORECASE)
_OPEN_LINK_BEFORE = re.compile(r"<a\b[^>]*>\s*\Z", re.IGNORECASE)


@cache
def _cleaner() -> Any:
    import nh3  # imported where first needed (start-up time)

    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",  # a relative link means nothing in a letter
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _body_of(html: str) -> str:
    """The body's content when given a whole document (Qt's toHtml), else the input."""
    match = _BODY.search(html)
    if match:
        return match.group(1)
    return _HEAD.sub("", html)


def _styles_to_tags(html: str) -> str:
    """Keep the emphasis Qt expresses as inline styles, which the cleaner drops."""

    def replace(match: re.Match[str]) -> str:
        style = match.group(1) if match.group(1) is not None else match.group(2)
        content = match.group(3)
        # Qt underlines every link through a span; the link itself says enough.
        start = match.start()
        in_link = _OPEN_LINK_BEFORE.search(match.string, max(0, start - 1000), start) is not None
        if _UNDERLINE.search(style) and not in_link:
            content = f"<u>{content}</u>"
        if _ITALIC.search(style):
            content = f"<em>{content}</em>"
        if _BOLD.search(style):
            content = f"<strong>{content}</strong>"
        return content

    return _STYLED_SPAN.sub(replace, html)


def sanitize_html(html: str) -> str:
    """Allowlisted HTML from any HTML string, a Qt rich-text document included."""
    cleaned: str = _cleaner().clean(_styles_to_tags(_body_of(html)))
    return cleaned.strip()


_HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
_BLOCKS = frozenset({"p", "blockquote", "ul", "ol"}) | _HEADINGS


_ITEM_START = re.compile(r"(?:- |\d+\. )")


def _squash(line: str) -> str:
    """Runs of spaces made one, keeping the indent of a nested list item."""
    squashed = " ".join(line.split())
    indent = line[: len(line) - len(line.lstrip(" "))]
    return indent + squashed if _ITEM_START.match(squashed) else squashed


class _TextWriter(HTMLParser):
    """Walks sanitized HTML and writes the text a plain-text reader expects."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; [-1] for bullets
        self.links: list[str | None] = []
        self.link_text: list[str] = []

    def _end_block(self) -> None:
        lines = [_squash(part) for part in "".join(self.line).split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if lines:
            self.blocks.append("\n".join(lines))
        self.line.clear()

    def _in_item(self) -> bool:
        return bool(self.lists)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.line.append("\n")
        elif tag in ("ul", "ol"):
            if not self._in_item():
                self._end_block()
            else:
                self.line.append("\n")
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            # Whitespace between list tags is layout of the source, not text.
            while self.line and self.line[-1] != "\n" and not self.line[-1].strip():
                self.line.pop()
            written = "".join(self.line)
            if written.strip() and not written.endswith("\n"):
                self.line.append("\n")
            counter = self.lists[-1] if self.lists else [-1]
            indent = "  " * max(0, len(self.lists) - 1)
            if counter[0] >= 0:
                counter[0] += 1
                self.line.append(f"{indent}{counter[0]}. ")
            else:
                self.line.append(f"{indent}- ")
        elif tag in _BLOCKS:
            if not self._in_item():
                self._end_block()
                if tag in _HEADINGS:
                    # The template text's own heading mark (engine.text_to_html).
                    self.line.append("# ")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._end_block()
        elif tag in _BLOCKS and not self._in_item():
            self._end_block()
        elif tag == "a" and self.links:
            href = self.links.pop()
            shown = self.link_text.pop().strip()
            target = href.removeprefix("mailto:") if href else ""
            # A plain-text reader cannot follow a link: show where it goes.
            if target and target != shown:
                self.line.append(f" <{target}>")

    def handle_data(self, data: str) -> None:
        text = data.replace("\r", "").replace("\n", " ").replace("\t", " ")
        text = text.replace("\xa0", " ")
        if self.link_text:
            self.link_text[-1] += text
        self.line.append(text)

    def close(self) -> None:
        super().close()
        self._end_block()


def html_to_text(html: str) -> str:
    """The plain-text view of advice HTML, in the templates' own text format:
    paragraphs separated by blank lines, "- " bullets (numbers for ordered lists),
    "# " headings, link targets in angle brackets."""
    writer = _TextWriter()
    writer.feed(sanitize_html(html))
    writer.close()
    text = ""
    for block in writer.blocks:
        if text:
            # A heading sits on the line above what it heads, as templates write it.
            text += "\n" if text.rpartition("\n")[2].startswith("# ") else "\n\n"
        text += block
    return text
