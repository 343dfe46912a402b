"""What kind of file a document is, judged from its bytes (magic numbers), never its name.

A school sends whatever the phone or the scanner made, often with the wrong
extension ("warrant.pdf" that is a JPEG, a photo named "IMG_0042" with none).
Only the first bytes decide. Files we recognise but cannot keep get a message
that says what the file is and what to ask the school for instead.
"""

from __future__ import annotations

import enum
import re
import struct

from legal_desk.documents.errors import EmptyDocumentError, UnsupportedMediaError

SUPPORTED_DESCRIPTION = "PDF, JPEG or PNG files and e-mails saved as .eml"


class MediaType(enum.StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    HEIC = "image/heic"
    EML = "message/rfc822"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_image(self) -> bool:
        return self in (MediaType.JPEG, MediaType.PNG, MediaType.HEIC)

    @property
    def mupdf_filetype(self) -> str:
        """The `filetype` PyMuPDF expects when opening these bytes from memory."""
        return _MUPDF_FILETYPES[self]


_LABELS = {
    MediaType.PDF: "PDF",
    MediaType.JPEG: "JPEG image",
    MediaType.PNG: "PNG image",
    MediaType.HEIC: "HEIC photo",
    MediaType.EML: "e-mail message",
}
_MUPDF_FILETYPES = {
    MediaType.PDF: "pdf",
    MediaType.JPEG: "jpeg",
    MediaType.PNG: "png",
    MediaType.HEIC: "heic",
    MediaType.EML: "eml",
}

# The PDF header may follow a little junk; readers accept it within the first KiB.
_PDF_HEADER_WINDOW = 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_EMAIL_SAMPLE = 16 * 1024
_HEADER_FIELD = re.compile(r"^[!-9;-~]+:")
# At least one of these must be among the header lines for the bytes to count as mail.
_EMAIL_KEY_FIELDS = frozenset({"from", "subject", "mime-version"})
_EMAIL_OTHER_FIELDS = frozenset(
    {"to", "cc", "date", "message-id", "received", "return-path", "delivered-to", "reply-to"}
)


def detect(data: bytes, filename: str = "") -> MediaType:
    """The media type of `data`; raises a `DocumentError` that names the file if it has none."""
    name = filename or "The file"
    if not data:
        raise EmptyDocumentError(
            f"{_quoted(name)} is empty (0 bytes): the download or copy probably failed. "
            "Ask the school to send it again."
        )
    found = sniff(data)
    if found is not None:
        return found
    raise UnsupportedMediaError(f"{_quoted(name)} {_describe_unsupported(data)}")


def sniff(data: bytes) -> MediaType | None:
    """The media type of `data`, or None when it is none we know. Never raises."""
    if data.startswith(_JPEG_SIGNATURE):
        return MediaType.JPEG
    if data.startswith(_PNG_SIGNATURE):
        return MediaType.PNG
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return MediaType.PDF
    if _is_heif(data):
        return MediaType.HEIC
    if looks_like_email(data):
        return MediaType.EML
    return None


def _is_heif(data: bytes) -> bool:
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    (box_size,) = struct.unpack(">I", data[:4])
    major = data[8:12]
    compatible = {data[i : i + 4] for i in range(16, min(box_size, len(data), 64) - 3, 4)}
    if major == b"avif" or (major == b"mif1" and b"avif" in compatible):
        return False  # AVIF uses the same container; it is not a HEIC photo
    return major in _HEIF_BRANDS or bool(compatible & {b"heic", b"heix"})


def looks_like_email(data: bytes) -> bool:
    """True if `data` starts with an RFC 5322 header block (as a saved .eml does)."""
    sample = data[:_EMAIL_SAMPLE]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    if b"\x00" in sample:
        return False
    lines = sample.decode("latin-1").splitlines()
    if lines and lines[0].startswith("From "):
        lines = lines[1:]  # the separator line of an mbox export
    names: set[str] = set()
    for index, line in enumerate(lines):
        if not line:
            break
        if line[0] in " \t":
            if not names:
                return False
            continue
        if not _HEADER_FIELD.match(line):
            # A sample that ends mid-line is not evidence against.
            if index == len(lines) - 1 and len(data) > _EMAIL_SAMPLE:
                break
            return False
        names.add(line.split(":", 1)[0].strip().lower())
    return (
        bool(names & _EMAIL_KEY_FIELDS)
        and len(names & (_EMAIL_KEY_FIELDS | _EMAIL_OTHER_FIELDS)) >= 2
    )


def image_size(data: bytes, media_type: MediaType) -> tuple[int, int] | None:
    """Width and height in pixels read from the image header, without decoding the image.

    Lets us refuse a decompression bomb before asking a decoder to allocate it.
    """
    if media_type is MediaType.PNG:
        if len(data) >= 24 and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return int(width), int(height)
        return None
    if media_type is MediaType.JPEG:
        return _jpeg_size(data)
    return None


# Start-of-frame markers carry the dimensions; C4, C8 and CC are other tables.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xDA)})


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in _JPEG_STANDALONE:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _JPEG_SOF:
            if i + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        if marker == 0xDA or length < 2:  # image data starts: no frame header seen
            return None
        i += 2 + length
    return None


def _describe_unsupported(data: bytes) -> str:
    kind: str | None = None
    advice = "save or print it as PDF and attach that"
    if data.startswith(b"PK\x03\x04"):
        kind = "a Word or other Office document (or a ZIP archive)"
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = "an Outlook message (.msg) or an older Office document"
        advice = "print the message to PDF, or save it as .eml, and attach that"
    elif data.startswith((b"II*\x00", b"MM\x00*")):
        kind = "a TIFF image"
    elif data.startswith((b"GIF87a", b"GIF89a")):
        kind = "a GIF image"
        advice = "send it as JPEG, PNG or PDF"
    elif data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        kind = "a WebP image"
        advice = "send it as JPEG, PNG or PDF"
    elif data[4:8] == b"ftyp":
        kind = "a video or an AVIF image"
        advice = "send a screenshot or photo as JPEG or PNG"
    elif data.startswith(b"{\\rtf"):
        kind = "a rich-text (.rtf) document"
    if kind is not None:
        return f"is {kind}. Legal Desk keeps {SUPPORTED_DESCRIPTION}: {advice}."
    return (
        f"is not a file type Legal Desk can keep ({SUPPORTED_DESCRIPTION}); the kind was "
        "judged from its content, not its name. Save or print it as PDF and attach that."
    )


def _quoted(name: str) -> str:
    return name if name == "The file" else f"“{name}”"
