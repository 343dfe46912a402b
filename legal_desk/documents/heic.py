"""HEIC photos (the iPhone camera's format) decoded to JPEG in memory.

MuPDF has no HEIC decoder, so a HEIC photo is turned into a JPEG that the rest of
the document code already handles (rendition, OCR). The original HEIC file is
still what the workspace keeps as evidence; nothing is written to disk.
"""

from __future__ import annotations

import io

from legal_desk.documents.errors import DocumentTooLargeError, UnreadableDocumentError

# A rendition for reading, not evidence: high enough that small print survives OCR.
JPEG_QUALITY = 92


def heic_to_jpeg(data: bytes, filename: str, *, max_pixels: int) -> bytes:
    """The photo as JPEG bytes, turned upright; refuses damaged or oversized photos
    with a message that names the file. The size is checked before decoding."""
    import pillow_heif  # heavy (libheif): imported where first needed
    from PIL import Image

    damaged = UnreadableDocumentError(
        f"“{filename}” is a damaged or incomplete HEIC photo: it cannot be shown. "
        "Ask the school to send the photo again (as JPEG if they can)."
    )
    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        width, height = heif.size
    except (ValueError, RuntimeError, OSError, EOFError):
        raise damaged from None
    if width * height > max_pixels:
        raise DocumentTooLargeError(
            f"“{filename}” is {width}×{height} pixels, more than Legal Desk can process "
            f"({max_pixels // 1_000_000} megapixels). Ask for a smaller photo or a PDF."
        )
    try:
        # libheif applies the photo's rotation and mirroring while decoding.
        image = Image.frombytes(heif.mode, heif.size, heif.data, "raw", heif.mode, heif.stride)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY)
    except (ValueError, RuntimeError, OSError, EOFError):
        raise damaged from None
    return out.getvalue()
