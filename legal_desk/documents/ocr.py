"""OCR with the Tesseract program, run as a child process on an image in memory.

Why a process and not MuPDF's built-in Tesseract: the built-in call holds Python's
GIL for the whole page (measured: 1.25 s without a single UI event), so the window
froze while a photo was read. A child process runs beside the UI, can be stopped
at once on Cancel (not only between pages), cannot take the app down with it on a
hostile image, and was faster (0.7 s against 1.0 s for the same photo, one thread).
The image goes through a pipe: nothing is written to disk.

Tesseract may be missing on a user's machine. We look for the program and its
`tessdata` folder once (file system checks only: no subprocess, so no hang) and the
reader turns a missing one into a clear, non-fatal note.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

LANGUAGE = "eng"
NOT_AVAILABLE_NOTE = (
    "OCR is not available (Tesseract is not installed): pages without a text layer cannot be read"
)
# Where packages put the data: Debian/Ubuntu (versioned), Fedora, Homebrew, MacPorts,
# the Windows installer (UB Mannheim).
_KNOWN_DIRS = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tesseract-ocr/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/usr/local/share/tesseract-ocr/*/tessdata",
    "/opt/homebrew/share/tessdata",
    "/opt/local/share/tessdata",
)
_WINDOWS_DIRS = (r"C:\Program Files\Tesseract-OCR\tessdata",)
_PROGRAMS = (
    "/opt/homebrew/bin/tesseract",
    "/usr/local/bin/tesseract",
    "/opt/local/bin/tesseract",
    r"C:\Program Files\Tesseract-OCR\tesseract.exe",
)
# How often a running OCR looks at Cancel, and how long one page may take at most.
CANCEL_POLL_SECONDS = 0.1
PAGE_TIMEOUT_SECONDS = 180.0


def _candidates() -> Iterator[Path]:
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        # Tesseract 5 wants the tessdata folder itself; 3.x wanted its parent.
        yield Path(env)
        yield Path(env) / "tessdata"
    exe = shutil.which("tesseract")
    if exe:
        bin_dir = Path(exe).resolve().parent
        yield bin_dir / "tessdata"  # Windows: next to tesseract.exe
        yield bin_dir.parent / "share" / "tessdata"
        yield from sorted((bin_dir.parent / "share" / "tesseract-ocr").glob("*/tessdata"))
    for pattern in _KNOWN_DIRS:
        root = Path("/")
        # Newest version first when several are installed (".../5/tessdata" over ".../4.00/").
        yield from sorted(root.glob(pattern.lstrip("/")), reverse=True)
    if sys.platform == "win32":
        yield from (Path(d) for d in _WINDOWS_DIRS)


@functools.cache
def tessdata_dir() -> str | None:
    """The folder holding `eng.traineddata`, or None when OCR cannot run. Found once."""
    for candidate in _candidates():
        try:
            if (candidate / f"{LANGUAGE}.traineddata").is_file():
                return str(candidate)
        except OSError:
            continue
    return None


@functools.cache
def tesseract_program() -> str | None:
    """The Tesseract program's path, or None. Found once."""
    found = shutil.which("tesseract")
    if found:
        return found
    for candidate in _PROGRAMS:
        if Path(candidate).is_file():
            return candidate
    return None


def ocr_available() -> bool:
    return tesseract_program() is not None and tessdata_dir() is not None


class OcrFailed(Exception):  # noqa: N818 - the reader turns it into a note for the page
    """Tesseract could not read this image (it failed, or took too long)."""


class OcrCancelled(Exception):  # noqa: N818 - a request, not a fault
    """`cancel()` said stop; the Tesseract process was ended."""


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: int  # pixels in the image given to `recognise`
    top: int
    width: int
    height: int
    block: int
    paragraph: int
    line: int


def recognise(
    image: bytes,
    *,
    dpi: int,
    tessdata: str,
    cancel: Callable[[], bool] | None = None,
    timeout: float = PAGE_TIMEOUT_SECONDS,
) -> list[OcrWord]:
    """The words Tesseract finds in `image` (PNG or PNM bytes), in reading order.

    Raises `OcrCancelled` soon after `cancel()` returns True, and `OcrFailed` when
    Tesseract is missing, fails or runs longer than `timeout` seconds."""
    program = tesseract_program()
    if program is None:
        raise OcrFailed("Tesseract is not installed")
    command = [
        program, "stdin", "stdout",
        "--tessdata-dir", tessdata, "-l", LANGUAGE, "--dpi", str(dpi), "tsv",
    ]  # fmt: skip
    # One thread: Tesseract's OpenMP threads were several times slower on 2 cores
    # shared with the app, and the UI needs a core of its own.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing on Windows
    try:
        # A fixed program found on this machine and our own arguments; no shell.
        process = subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            creationflags=flags,
        )
    except OSError as exc:
        raise OcrFailed(f"Tesseract could not be started ({exc.strerror or exc})") from None
    # communicate() cannot be resumed after a timeout while input is still being
    # written, so it runs on a helper thread and this one watches Cancel.
    outcome: list[tuple[bytes, bytes]] = []
    talker = threading.Thread(
        target=lambda: outcome.append(process.communicate(image)), daemon=True
    )
    talker.start()
    waited = 0.0
    while talker.is_alive():
        talker.join(CANCEL_POLL_SECONDS)
        waited += CANCEL_POLL_SECONDS
        stop = cancel is not None and cancel()
        if talker.is_alive() and (stop or waited > timeout):
            process.kill()
            talker.join()
            if stop:
                raise OcrCancelled
            raise OcrFailed(f"Tesseract took more than {timeout:.0f} s")
    if not outcome:
        raise OcrFailed("Tesseract stopped unexpectedly")
    out, err = outcome[0]
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(detail[-1] if detail else f"Tesseract exited with {process.returncode}")
    return _parse_tsv(out.decode("utf-8", "replace"))


def _parse_tsv(text: str) -> list[OcrWord]:
    words: list[OcrWord] = []
    rows = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        if len(row) < 12 or row[0] != "5":  # level 5: a word
            continue
        word = row[11].strip()
        if not word:
            continue
        try:
            block, paragraph, line = int(row[2]), int(row[3]), int(row[4])
            left, top, width, height = (int(v) for v in row[6:10])
        except ValueError:
            continue
        words.append(OcrWord(word, left, top, width, height, block, paragraph, line))
    return words
