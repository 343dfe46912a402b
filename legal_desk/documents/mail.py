"""Reading a saved e-mail (.eml): the headers people look at, the text, the attachments.

Uses only the standard library (`email`, policy `default`). Mail in the wild is
often malformed; reading is best effort and never fails on a bad header or an
unknown charset: what cannot be decoded is replaced, not refused.
"""

from __future__ import annotations

import email
import email.errors
import re
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.policy import default as default_policy
from html.parser import HTMLParser

# Shown in this order, each only when present.
DISPLAY_HEADERS = ("From", "To", "Cc", "Date", "Subject")
_PARSE_ERRORS = (
    LookupError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    email.errors.MessageError,
)


@dataclass(frozen=True)
class MailPart:
    """A file carried inside the message."""

    filename: str
    data: bytes
    content_type: str
    # Shown within the message (a signature logo, a pasted picture), not attached.
    inline: bool = False


@dataclass(frozen=True)
class ParsedMail:
    headers: tuple[tuple[str, str], ...]
    body: str
    attachments: tuple[MailPart, ...]
    # Parts that were not files we could hand on (a forwarded message, say): a note each.
    notes: tuple[str, ...] = ()

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    @property
    def subject(self) -> str:
        return self.header("Subject")

    def text(self) -> str:
        """Headers, the attachment list and the body, as stored for search."""
        lines = [f"{name}: {value}" for name, value in self.headers]
        if self.attachments:
            lines.append("Attachments: " + ", ".join(a.filename for a in self.attachments))
        return "\n".join(lines) + "\n\n" + self.body


def parse(data: bytes) -> ParsedMail:
    message = email.message_from_bytes(data, policy=default_policy)
    assert isinstance(message, EmailMessage)  # guaranteed by policy=default
    headers = tuple((name, value) for name in DISPLAY_HEADERS if (value := _header(message, name)))
    body_part = _body_part(message)
    body = _body_text(body_part) if body_part is not None else ""
    attachments: list[MailPart] = []
    notes: list[str] = []
    for index, part in enumerate(message.walk()):
        if part is body_part:
            continue
        filename = _filename(part)
        if part.get_content_type() == "message/rfc822":
            # Its text stays in the original; files inside it are still picked up below.
            notes.append(
                f"A forwarded message ({filename or 'no name'}) is part of the original "
                "e-mail and was not kept separately."
            )
            continue
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        if not filename and disposition != "attachment":
            continue  # an alternative body (e.g. the HTML twin of the text)
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        attachments.append(
            MailPart(
                filename=filename or f"attachment-{index}",
                data=payload,
                content_type=part.get_content_type(),
                inline=disposition != "attachment",
            )
        )
    return ParsedMail(headers, body, tuple(attachments), tuple(notes))


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except _PARSE_ERRORS:
        return ""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _filename(part: Message) -> str:
    try:
        name = part.get_filename()
    except _PARSE_ERRORS:
        return ""
    return (name or "").strip().replace("/", "_").replace("\\", "_")


def _body_part(message: EmailMessage) -> EmailMessage | None:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except _PARSE_ERRORS:
        return None
    return part if isinstance(part, EmailMessage) else None


def _body_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except _PARSE_ERRORS:
        # Unknown charset, broken transfer encoding: decode what we can.
        raw = part.get_payload(decode=True)
        content = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return _tidy(content)


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    )
    _SKIPPED = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skip_depth += 1
        elif tag in self._BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.chunks.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable text from an HTML mail body (tags dropped, blocks on their own lines)."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.chunks).split("\n"))
    return _tidy("\n".join(lines))
