"""Hostile inputs made from valid documents: a deterministic mutator (tests/proof).

`seed_files()` makes the valid seeds (specimen warrants as PDFs, phone photos as PNG
and JPEG, an e-mail); `mutant(seeds, seed, index)` turns them into input number
`index` of a corpus. The same seed files, seed and index always give the same bytes,
so an input that brought a child down can be made again on its own and named.
Index 0..len(seeds)-1 are the seeds themselves, unchanged: controls that must pass.
"""

from __future__ import annotations

import random
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

ISSUED = date(2026, 3, 2)


@dataclass(frozen=True)
class Mutant:
    filename: str
    data: bytes
    # What was done to which seed, e.g. "judicial.pdf: xref-shift(+37)"; names a crash.
    description: str


def seed_files() -> dict[str, bytes]:
    """The valid documents every mutation starts from (made in memory, fictional)."""
    from legal_desk.documents import specimens
    from legal_desk.documents.pdf import load_pymupdf

    pymupdf = load_pymupdf()
    admin = specimens.administrative_warrant_pdf(specimens.AdministrativeWarrant(issued=ISSUED))
    judicial = specimens.judicial_search_warrant_pdf(
        specimens.SearchWarrant(
            issued=datetime(2026, 3, 2, 21, 40, tzinfo=UTC), execute_by=date(2026, 3, 16)
        )
    )
    subpoena = specimens.administrative_subpoena_pdf(
        specimens.AdministrativeSubpoena(
            issued=ISSUED,
            respond_by=ISSUED + timedelta(days=10),
            school="Meadow Ridge Elementary",
            school_address="1180 Example Lane (fictional address)",
            records="Attendance records for the current school year.",
        )
    )
    # Small photos: OCR and decoding stay cheap enough for a thousand inputs.
    photo = specimens.phone_photo_png(admin, zoom=0.6)
    jpeg = bytes(pymupdf.Pixmap(photo).tobytes("jpeg", jpg_quality=75))
    email = specimens.school_email_eml(
        specimens.SchoolEmail(
            sender_name="Front Office",
            sender_address="office@example.org",
            recipient="legal@example.org",
            subject="Officer at the front desk",
            sent_at=datetime(2026, 3, 2, 8, 5, tzinfo=UTC),
            body="An officer showed this paper at 8:02.\n\nPlease advise.",
            message_id="<fuzz-seed@example.org>",
            attachments=(("warrant.pdf", admin),),
        )
    )
    return {
        "admin.pdf": admin,
        "judicial.pdf": judicial,
        "subpoena.pdf": subpoena,
        "plain.pdf": _plain_pdf(pymupdf),
        "photo.png": photo,
        "photo.jpg": jpeg,
        "message.eml": email,
    }


def _plain_pdf(pymupdf: object) -> bytes:
    """A warrant-like page saved without compression, so the object syntax, the
    /Length entries and the xref table are there for the mutations to hit."""
    doc = pymupdf.open()  # type: ignore[attr-defined]
    for number in range(2):
        page = doc.new_page()
        page.insert_text(
            (72, 90),
            "WARRANT FOR ARREST OF ALIEN (SPECIMEN, FICTIONAL)\n"
            f"Page {number + 1}. Signed: Supervisory Officer R. Hollister. 03/02/2026",
            fontsize=11,
        )
    data = bytes(doc.tobytes(garbage=1, deflate=False, no_new_id=True))
    doc.close()
    return data


# ----- the corpus -----


def mutant(seeds: dict[str, bytes], seed: int, index: int) -> Mutant:
    names = sorted(seeds)
    if index < len(names):
        name = names[index]
        return Mutant(name, seeds[name], f"{name}: unchanged seed")
    rng = random.Random(f"{seed}:{index}")  # str seeds are stable across runs and builds
    name = rng.choice(names)
    data = seeds[name]
    kind = _kind(name)
    mutation = _pick(rng, kind)
    steps: list[str] = []
    if mutation is _stacked:
        for _ in range(rng.randint(2, 3)):
            if len(data) < 2:
                break
            step = rng.choice(_GENERIC)
            data, what = step(rng, data, seeds)
            steps.append(what)
    else:
        data, what = mutation(rng, data, seeds)
        steps.append(what)
    suffix = rng.choice([name.rsplit(".", 1)[1], name.rsplit(".", 1)[1], "pdf", "bin"])
    filename = f"fuzz-{index}.{suffix}"
    return Mutant(filename, data, f"{name}: {' + '.join(steps)}")


def _kind(name: str) -> str:
    return name.rsplit(".", 1)[1]


Mutation = Callable[[random.Random, bytes, dict[str, bytes]], tuple[bytes, str]]


def _pick(rng: random.Random, kind: str) -> Mutation:
    choices: list[tuple[Mutation, int]] = [(m, 3) for m in _GENERIC]
    choices += [(_stacked, 4), (_valid_header_garbage, 2), (_splice, 2)]
    if kind == "pdf":
        choices += [
            (_xref_damage, 5),
            (_huge_sizes, 4),
            (_truncate_keep_eof, 3),
            (_synthetic_pdf, 6),
            (_token_swap, 3),
        ]
    elif kind == "png":
        choices += [(_png_chunks, 8), (_huge_image, 3)]
    elif kind == "jpg":
        choices += [(_jpeg_segments, 8), (_huge_image, 3)]
    chosen: Mutation = rng.choices([m for m, _ in choices], weights=[w for _, w in choices])[0]
    return chosen


# ----- generic byte mutations -----


def _bit_flips(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.choice([1, 2, 4, 16, 64, 256])
    for _ in range(count):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out), f"bit-flips({count})"


_FILLERS = (b"\x00", b"\xff", b"obj", b"<<", b">>", b"endstream", b"%%EOF", b"(", b"[")


def _overwrite_run(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    length = min(len(data), rng.choice([1, 4, 16, 64, 512, 4096]))
    start = rng.randrange(len(data) - length + 1)
    if rng.random() < 0.5:
        fill = rng.randbytes(length)
        what = "random"
    else:
        token = rng.choice(_FILLERS)
        fill = (token * (length // len(token) + 1))[:length]
        what = repr(token)
    return data[:start] + fill + data[start + length :], f"overwrite({start},{length},{what})"


def _truncate(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    cut = rng.randrange(1, len(data))
    return data[:cut], f"truncate({cut}/{len(data)})"


def _duplicate_chunk(
    rng: random.Random, data: bytes, _seeds: dict[str, bytes]
) -> tuple[bytes, str]:
    length = min(len(data), rng.choice([16, 256, 4096, 65536]))
    start = rng.randrange(len(data) - length + 1)
    at = rng.randrange(len(data))
    times = rng.choice([1, 1, 2, 20])
    chunk = data[start : start + length] * times
    return data[:at] + chunk + data[at:], f"duplicate({start},{length}x{times}->{at})"


def _remove_chunk(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    length = min(len(data) - 1, rng.choice([1, 16, 256, 4096, 65536]))
    start = rng.randrange(len(data) - length)
    return data[:start] + data[start + length :], f"remove({start},{length})"


def _swap_ends(rng: random.Random, data: bytes, seeds: dict[str, bytes]) -> tuple[bytes, str]:
    size = min(len(data) // 2, rng.choice([8, 64, 1024]))
    if rng.random() < 0.5:
        return data[-size:] + data[size:-size] + data[:size], f"swap-head-tail({size})"
    other_name = rng.choice(sorted(seeds))
    other = seeds[other_name]
    # Another type's header on this body: e.g. a PNG signature before a PDF.
    return other[:size] + data[size:], f"header-from({other_name},{size})"


_GENERIC: tuple[Mutation, ...] = (
    _bit_flips,
    _overwrite_run,
    _truncate,
    _duplicate_chunk,
    _remove_chunk,
    _swap_ends,
)


def _stacked(rng: random.Random, data: bytes, seeds: dict[str, bytes]) -> tuple[bytes, str]:
    raise AssertionError("expanded by mutant()")  # a marker in the table


def _splice(rng: random.Random, data: bytes, seeds: dict[str, bytes]) -> tuple[bytes, str]:
    other_name = rng.choice(sorted(seeds))
    other = seeds[other_name]
    head = rng.randrange(1, len(data))
    tail = rng.randrange(len(other))
    return data[:head] + other[tail:], f"splice({head}, {other_name}[{tail}:])"


_SIGNATURES = {
    "pdf": b"%PDF-1.7\n",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff\xe0",
    "eml": b"From: a@example.org\nSubject: x\nTo: b@example.org\n\n",
}


def _valid_header_garbage(
    rng: random.Random, _data: bytes, _seeds: dict[str, bytes]
) -> tuple[bytes, str]:
    kind = rng.choice(sorted(_SIGNATURES))
    size = rng.choice([0, 1, 100, 10_000, 300_000])
    body = rng.randbytes(size)
    if kind == "png" and rng.random() < 0.5:
        # Past the signature check: a well-formed header, then noise.
        body = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 640, 480, 8, 2, 0, 0, 0)) + body
    if kind == "pdf" and rng.random() < 0.5:
        body += b"\n%%EOF\n"
    return _SIGNATURES[kind] + body, f"garbage-after-{kind}-header({size})"


# ----- PDF structure -----

_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")


def _xref_damage(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    how = rng.choice(["startxref", "entries", "shift", "delete", "trailer"])
    if how == "startxref":
        value = rng.choice(
            [0, 1, len(data), len(data) + 10, 2**31 - 1, 10**18, rng.randrange(len(data))]
        )
        out = _STARTXREF.sub(lambda _m: b"startxref\n" + str(value).encode(), data)
        return out, f"startxref={value}"
    if how == "entries":

        def entry(match: re.Match[bytes]) -> bytes:
            if rng.random() < 0.3:
                offset = rng.choice([0, rng.randrange(len(data)), 9_999_999_999])
                return b"%010d %s %s" % (offset, match.group(2), match.group(3))
            return match.group(0)

        return _XREF_ENTRY.sub(entry, data), "xref-entries-scrambled"
    if how == "shift":
        delta = rng.choice([-37, -1, 1, 13, 1000])
        return _XREF_ENTRY.sub(
            lambda m: b"%010d %s %s" % (max(0, int(m.group(1)) + delta), m.group(2), m.group(3)),
            data,
        ), f"xref-shift({delta:+d})"
    if how == "delete":
        start = data.rfind(b"xref")
        end = data.find(b"trailer", start) if start >= 0 else -1
        if start < 0 or end < 0:
            return data.replace(b"startxref", b"startxxxx"), "xref-keyword-removed"
        return data[:start] + data[end:], "xref-table-deleted"
    # The trailer's /Root and /Size pointing at nothing.
    out = re.sub(rb"/Root \d+ 0 R", b"/Root 99999 0 R", data)
    out = re.sub(rb"/Size \d+", b"/Size 2147483647", out)
    return out, "trailer-root-and-size"


_NUMBER_KEYS = (b"/Length", b"/Count", b"/Size", b"/Width", b"/Height", b"/N", b"/First", b"/W")


def _huge_sizes(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    key = rng.choice(_NUMBER_KEYS)
    value = rng.choice([b"0", b"-1", b"2147483647", b"4294967296", b"999999999999999", b"1e308"])
    pattern = re.compile(re.escape(key) + rb"\s+\d+")
    out = pattern.sub(lambda m: key + b" " + value if rng.random() < 0.7 else m.group(0), data)
    return out, f"{key.decode()}={value.decode()}"


def _truncate_keep_eof(
    rng: random.Random, data: bytes, _seeds: dict[str, bytes]
) -> tuple[bytes, str]:
    # A cut-short file with an end marker glued on passes the "was it cut?" test, so
    # MuPDF's repair has to cope with whatever is left.
    cut = rng.randrange(16, len(data))
    return data[:cut] + b"\nstartxref\n0\n%%EOF\n", f"truncate-keep-eof({cut}/{len(data)})"


_TOKENS = (b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"[", b"]", b" R")


def _token_swap(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    old, new = rng.sample(_TOKENS, 2)
    positions = [m.start() for m in re.finditer(re.escape(old), data)]
    if not positions:
        return data, "token-swap(nothing)"
    chosen = sorted(rng.sample(positions, min(len(positions), rng.choice([1, 3, 50]))))
    out = bytearray()
    last = 0
    for pos in chosen:
        out += data[last:pos] + new
        last = pos + len(old)
    out += data[last:]
    return bytes(out), f"token-swap({old!r}->{new!r} x{len(chosen)})"


def raw_pdf(objects: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF from object bodies (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, length: int | None = None) -> bytes:
    size = len(data) if length is None else length
    return b"<< /Length %d %s>>\nstream\n" % (size, extra) + data + b"\nendstream"


_TEXT = b"BT /F1 12 Tf 72 720 Td (WARRANT SPECIMEN fictional) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(parent: int, content: int, extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> %s>>" % (parent, content, extra)
    )


def _synthetic_pdf(rng: random.Random, _data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    """Hand-made hostile structures: loops, deep nesting, bombs, absurd sizes."""
    how = rng.choice(
        [
            "kids-loop",
            "parent-loop",
            "deep-array",
            "outline-loop",
            "gstate-nesting",
            "form-recursion",
            "image-bomb",
            "flate-bomb",
            "huge-mediabox",
            "dangling-refs",
            "many-pages",
        ]
    )
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = _page(2, 4)
    content = stream(_TEXT)
    objects = [catalog, pages, page, content, _FONT]
    if how == "kids-loop":
        objects[1] = b"<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 >>"
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 2 >>")
    elif how == "parent-loop":
        # Inherited attributes are looked up through /Parent: a cycle there.
        objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 6 0 R >>"
        objects[2] = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>")
    elif how == "deep-array":
        depth = rng.choice([1_000, 100_000])
        objects[2] = _page(2, 4, b"/Junk " + b"[" * depth + b"]" * depth + b" ")
    elif how == "outline-loop":
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>"
        objects.append(b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 2 >>")
        objects.append(b"<< /Title (A) /Parent 6 0 R /Next 7 0 R /Prev 7 0 R /First 7 0 R >>")
    elif how == "gstate-nesting":
        depth = rng.choice([10_000, 200_000])
        objects[3] = stream(b"q " * depth + _TEXT + b" Q" * (depth // 2))
    elif how == "form-recursion":
        objects[2] = _page(2, 4, b"")
        objects[2] = objects[2].replace(
            b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R >> /XObject << /X 6 0 R >>"
        )
        objects[3] = stream(b"/X Do " + _TEXT)
        objects.append(
            stream(
                b"/X Do 0 0 10 10 re f",
                b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                b"/Resources << /XObject << /X 6 0 R >> >> ",
            )
        )
    elif how == "image-bomb":
        side = rng.choice([30_000, 60_000, 200_000])
        pixels = zlib.compress(b"\x00" * 65536)
        objects[2] = objects[2].replace(
            b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R >> /XObject << /Im 6 0 R >>"
        )
        objects[3] = stream(b"q 612 0 0 792 0 0 cm /Im Do Q " + _TEXT)
        objects.append(
            stream(
                pixels,
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                b"/BitsPerComponent 8 /Filter /FlateDecode " % (side, side),
            )
        )
        how += f"({side}x{side})"
    elif how == "flate-bomb":
        # 64 MB of spaces squeezed into about 64 KB, as the page's content stream.
        expanded = rng.choice([8, 64]) * 1024 * 1024
        objects[3] = stream(zlib.compress(_TEXT + b" " * expanded, 9), b"/Filter /FlateDecode ")
        how += f"({expanded >> 20} MB)"
    elif how == "huge-mediabox":
        size = rng.choice([b"14400", b"1e9", b"-1e9", b"0", b"3.4e38"])
        objects[2] = objects[2].replace(b"[0 0 612 792]", b"[0 0 " + size + b" " + size + b"]")
        how += f"({size.decode()})"
    elif how == "dangling-refs":
        objects[2] = _page(2, 999_999, b"/Annots [888888 0 R 3 0 R] ")
        objects[1] = b"<< /Type /Pages /Kids [3 0 R 77777 0 R] /Count 2147483647 >>"
    else:  # many-pages: past the checker's 200-page limit, cheaply (shared content)
        count = rng.choice([201, 5_000])
        kids = b" ".join(b"%d 0 R" % (6 + n) for n in range(count))
        objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count
        objects += [_page(2, 4)] * count
        how += f"({count})"
    return raw_pdf(objects), f"synthetic-{how}"


# ----- PNG and JPEG structure -----


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _png_split(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks = []
    i = 8
    while i + 8 <= len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        kind = data[i + 4 : i + 8]
        chunks.append((kind, data[i + 8 : i + 8 + length]))
        i += 12 + length
    return chunks


def _png_chunks(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    """Damage inside chunks with the CRCs fixed, so the decoder itself meets it."""
    chunks = _png_split(data)
    how = rng.choice(["idat-bits", "idat-cut", "no-iend", "ihdr-fields", "dup-ihdr", "huge-length"])
    if how == "idat-bits":
        out = []
        for kind, payload in chunks:
            if kind == b"IDAT" and rng.random() < 0.5:
                body = bytearray(payload)
                for _ in range(rng.choice([1, 8, 64])):
                    body[rng.randrange(len(body))] ^= 1 << rng.randrange(8)
                payload = bytes(body)
            out.append((kind, payload))
        chunks = out
    elif how == "idat-cut":
        chunks = [(k, p[: rng.randrange(len(p) + 1)] if k == b"IDAT" else p) for k, p in chunks]
    elif how == "no-iend":
        chunks = [(k, p) for k, p in chunks if k != b"IEND"]
    elif how == "ihdr-fields":
        width, height, depth, color, *_rest = struct.unpack(">IIBBBBB", chunks[0][1])
        depth = rng.choice([0, 1, 3, 16, 255])
        color = rng.choice([0, 1, 3, 5, 6, 7])
        chunks[0] = (b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 1))
        how += f"(depth={depth},color={color})"
    elif how == "dup-ihdr":
        chunks.insert(2, chunks[0])
    else:
        whole = b"\x89PNG\r\n\x1a\n" + b"".join(_png_chunk(k, p) for k, p in chunks)
        # A chunk declaring 4 GB, CRC and all.
        return whole[:33] + struct.pack(">I", 0xFFFFFFF0) + b"IDAT" + whole[41:], f"png-{how}"
    return b"\x89PNG\r\n\x1a\n" + b"".join(_png_chunk(k, p) for k, p in chunks), f"png-{how}"


def _jpeg_segments(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    scan = data.find(b"\xff\xda")
    how = rng.choice(["scan-bits", "no-eoi", "bad-length", "sof-fields", "cut-in-scan"])
    if how == "scan-bits" and scan > 0:
        out = bytearray(data)
        for _ in range(rng.choice([1, 16, 256])):
            out[rng.randrange(scan + 20, len(out) - 2)] = rng.randrange(256)
        return bytes(out), "jpeg-scan-bits"
    if how == "no-eoi":
        return data.rstrip(b"\xff\xd9")[:-2], "jpeg-no-eoi"
    if how == "bad-length":
        # The first segment after SOI claims to run past the end of the file.
        value = rng.choice([0, 1, 2, 0xFFFF])
        return data[:4] + struct.pack(">H", value) + data[6:], f"jpeg-segment-length({value})"
    if how == "sof-fields":
        sof = data.find(b"\xff\xc0")
        if sof > 0:
            precision = rng.choice([0, 8, 12, 255])
            components = rng.choice([0, 1, 3, 4, 255])
            out = bytearray(data)
            out[sof + 4] = precision
            out[sof + 9] = components
            return bytes(out), f"jpeg-sof(precision={precision},components={components})"
    cut = rng.randrange(max(scan, 3), len(data))
    return data[:cut], f"jpeg-cut-in-scan({cut}/{len(data)})"


def _huge_image(rng: random.Random, data: bytes, _seeds: dict[str, bytes]) -> tuple[bytes, str]:
    width, height = rng.choice([(65535, 65535), (20000, 20000), (1, 65535), (0, 480)])
    if data.startswith(b"\x89PNG"):
        chunks = _png_split(data)
        _w, _h, *rest = struct.unpack(">IIBBBBB", chunks[0][1])
        chunks[0] = (b"IHDR", struct.pack(">IIBBBBB", width, height, *rest))
        out = b"\x89PNG\r\n\x1a\n" + b"".join(_png_chunk(k, p) for k, p in chunks)
        return out, f"png-dimensions({width}x{height})"
    sof = data.find(b"\xff\xc0")
    if sof < 0:
        return data, "jpeg-dimensions(no SOF)"
    patched = bytearray(data)
    patched[sof + 5 : sof + 9] = struct.pack(">HH", min(height, 65535), min(width, 65535))
    return bytes(patched), f"jpeg-dimensions({width}x{height})"
