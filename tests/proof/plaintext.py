"""Find sensitive markers in files, however they were written.

A marker counts as leaked if its bytes appear in a file as UTF-8, UTF-16 (either byte
order) or base64 (any alignment, line-wrapped or not), or in any of those forms inside
a zlib/gzip stream, a zip member, or a PDF (every stream decompressed, every object's
dictionary, the text of every page). A compressed or encoded copy cannot hide.
"""

from __future__ import annotations

import base64
import io
import os
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
GZIP_HEADER = b"\x1f\x8b\x08"
# A decompressed stream is read this far: far beyond any field the app stores.
INFLATE_LIMIT = 64 * 2**20
NESTING = 3  # a compressed stream inside a compressed stream, and so on


def tag() -> str:
    """A fresh tag, so markers of this run cannot be confused with any earlier one."""
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class Needle:
    marker: str
    form: str
    data: bytes


def _base64_forms(raw: bytes) -> list[bytes]:
    """`raw` in base64 at each of the three alignments a longer text may give it; only
    the characters that depend on `raw` alone are kept."""
    forms = []
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + raw)
        start = 4 if pad else 0
        forms.append(encoded[start:-4])
    return forms


def needles(markers: Iterable[str]) -> list[Needle]:
    found: list[Needle] = []
    for marker in markers:
        utf8 = marker.encode()
        found.append(Needle(marker, "utf-8", utf8))
        found.append(Needle(marker, "utf-16-le", marker.encode("utf-16-le")))
        found.append(Needle(marker, "utf-16-be", marker.encode("utf-16-be")))
        found += [Needle(marker, "base64", form) for form in _base64_forms(utf8)]
    return found


def _inflated(data: bytes) -> Iterator[bytes]:
    """Every zlib or gzip stream that starts somewhere in `data`, decompressed."""
    starts: set[tuple[int, int]] = set()
    for header in ZLIB_HEADERS:
        at = data.find(header)
        while at != -1:
            starts.add((at, zlib.MAX_WBITS))
            at = data.find(header, at + 1)
    at = data.find(GZIP_HEADER)
    while at != -1:
        starts.add((at, 16 + zlib.MAX_WBITS))
        at = data.find(GZIP_HEADER, at + 1)
    view = memoryview(data)  # no copy of the rest of a large file per candidate
    for offset, wbits in sorted(starts):
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(view[offset:], INFLATE_LIMIT)
        except zlib.error:
            continue  # random bytes that only look like a header
        if out:
            yield out


def _pdf_parts(data: bytes) -> Iterator[tuple[str, bytes]]:
    """A PDF as its reader sees it: page text, metadata, object dictionaries and every
    stream decoded by its own filters (Flate, LZW, ASCIIHex…)."""
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # not a PDF after all: the raw scans still ran
        return
    # Ligatures expanded: "ff" in a marker must not come out as one glyph, "ﬀ".
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    with doc:
        for number in range(doc.page_count):
            text = doc[number].get_text(flags=flags)
            yield f"text of page {number + 1}", text.encode()
        meta = " ".join(v for v in (doc.metadata or {}).values() if v)
        yield "metadata", meta.encode()
        for xref in range(1, doc.xref_length()):
            try:
                yield f"object {xref}", doc.xref_object(xref).encode()
                if doc.xref_is_stream(xref):
                    stream = doc.xref_stream(xref)
                    if stream:
                        yield f"stream {xref}", stream
            except Exception:
                continue


def _unwrapped(data: bytes) -> bytes:
    # Base64 in mail is wrapped at 76 columns: a needle may straddle a line end.
    return data.replace(b"\r", b"").replace(b"\n", b"")


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, as a reader's search sees it."""
    return " ".join(
        inner.decode() for part, inner in _pdf_parts(data) if part.startswith("text of page")
    )


def find_in(data: bytes, wanted: Sequence[Needle], where: str, depth: int = 0) -> list[str]:
    """Where each needle is in `data` or in anything compressed or packed inside it."""
    hits = [f"{where}: {n.marker} ({n.form})" for n in wanted if n.data in data]
    base64_needles = [n for n in wanted if n.form == "base64"]
    unwrapped = _unwrapped(data)
    hits += [
        f"{where}: {n.marker} (wrapped base64)"
        for n in base64_needles
        if n.data not in data and n.data in unwrapped
    ]
    if depth >= NESTING:
        return hits
    for index, inner in enumerate(_inflated(data)):
        hits += find_in(inner, wanted, f"{where} > deflated stream {index}", depth + 1)
    if data.startswith(b"%PDF"):
        for part, inner in _pdf_parts(data):
            hits += find_in(inner, wanted, f"{where} > PDF {part}", depth + 1)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    inner = archive.read(name)
                    hits += find_in(inner, wanted, f"{where} > zip {name}", depth + 1)
        except zipfile.BadZipFile:
            pass
    return hits


def files_under(
    root: Path,
    *,
    newer_than: float = 0.0,
    skip: Iterable[Path] = (),
    max_size: int | None = None,
) -> list[Path]:
    """Regular files under `root` changed after `newer_than` (0: all), outside `skip`,
    of at most `max_size` bytes (None: any); unreadable folders are passed over."""
    skipped = {p.resolve() for p in skip}
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=lambda _err: None):
        here = Path(folder)
        dirs[:] = [d for d in dirs if (here / d).resolve() not in skipped]
        for name in files:
            path = here / name
            try:
                if path.resolve() in skipped or not path.is_file() or path.is_symlink():
                    continue
                status = path.stat()
                if newer_than and status.st_mtime < newer_than:
                    continue
                if max_size is not None and status.st_size > max_size:
                    continue
            except OSError:
                continue  # gone meanwhile
            found.append(path)
    return found


def leaks(paths: Iterable[Path], wanted: Sequence[Needle]) -> list[str]:
    found: list[str] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # removed meanwhile, or not ours to read
        found += find_in(data, wanted, str(path))
    return found
