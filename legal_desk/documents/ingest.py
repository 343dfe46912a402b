"""Turning the bytes of a file into what the store keeps: checked, hashed, read, rendered.

Pure work on memory, no database: a file is fully checked before any row is
written, so a refused file leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from legal_desk.documents import mail, pdf
from legal_desk.documents.errors import DocumentError, DocumentTooLargeError
from legal_desk.documents.media import MediaType, detect

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
# Inline images this small are signature logos, not evidence. Images sent as
# attachments are always kept, whatever their size.
MIN_INLINE_IMAGE_BYTES = 16 * 1024
_MAX_FILENAME = 255


@dataclass(frozen=True)
class Prepared:
    """A file ready to store: the untouched original and what was derived from it."""

    filename: str
    media_type: MediaType
    original: bytes
    sha256: str
    page_count: int
    text: str
    rendition: bytes | None = None
    # Files that came inside an e-mail, each stored as a document of its own.
    parts: tuple[Prepared, ...] = ()
    # One sentence per e-mail attachment that was not kept separately, and why.
    skipped: tuple[str, ...] = ()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean_filename(filename: str) -> str:
    """The bare file name (no folders from either OS), never empty, at most 255 chars."""
    name = PureWindowsPath(PurePosixPath(filename).name).name.strip()
    name = "".join(ch for ch in name if ch.isprintable())
    if not name:
        return "document"
    if len(name) > _MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            return stem[: _MAX_FILENAME - len(ext) - 1] + "." + ext
        return name[:_MAX_FILENAME]
    return name


def prepare(filename: str, data: bytes, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Prepared:
    """Check and read a file; raises a `DocumentError` with a user-facing message."""
    return _prepare(clean_filename(filename), data, max_bytes=max_bytes, depth=0)


def _prepare(name: str, data: bytes, *, max_bytes: int, depth: int) -> Prepared:
    if len(data) > max_bytes:
        raise DocumentTooLargeError(
            f"“{name}” is {_megabytes(len(data))}; the limit is {_megabytes(max_bytes)}. "
            "Ask for the relevant pages only, or a smaller scan."
        )
    media_type = detect(data, name)
    digest = sha256_hex(data)
    if media_type is MediaType.PDF:
        read = pdf.read_pdf(data, name)
        return Prepared(name, media_type, data, digest, read.page_count, read.text)
    if media_type.is_image:
        rendition = pdf.image_to_pdf(data, media_type, name)
        # No text layer in a photo: the text comes later, from OCR.
        return Prepared(name, media_type, data, digest, 1, "", rendition)
    return _prepare_email(name, data, digest, max_bytes=max_bytes, depth=depth)


def _prepare_email(name: str, data: bytes, digest: str, *, max_bytes: int, depth: int) -> Prepared:
    message = mail.parse(data)
    parts: list[Prepared] = []
    skipped: list[str] = list(message.notes)
    for attachment in message.attachments:
        part_name = clean_filename(attachment.filename)
        try:
            part_type = detect(attachment.data, part_name)
            if part_type is MediaType.EML and depth > 0:
                skipped.append(f"“{part_name}” is an e-mail inside an attached e-mail; not kept.")
                continue
            if (
                part_type.is_image
                and attachment.inline
                and len(attachment.data) < MIN_INLINE_IMAGE_BYTES
            ):
                skipped.append(
                    f"“{part_name}” is a small picture inside the message (a logo or "
                    "signature); not kept separately."
                )
                continue
            parts.append(_prepare(part_name, attachment.data, max_bytes=max_bytes, depth=depth + 1))
        except DocumentError as exc:
            skipped.append(str(exc))
    fields = [*message.headers]
    if message.attachments:
        fields.append(("Attachments", ", ".join(a.filename for a in message.attachments)))
    rendition = pdf.text_to_pdf(message.subject or name, fields, message.body)
    return Prepared(
        filename=name,
        media_type=MediaType.EML,
        original=data,
        sha256=digest,
        page_count=pdf.page_count(rendition),
        text=message.text(),
        rendition=rendition,
        parts=tuple(parts),
        skipped=tuple(skipped),
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
