"""Whether OCR can run here: MuPDF's built-in Tesseract needs the language data files.

Tesseract may be missing on a user's machine. We look for its `tessdata` folder once
(by file system checks only: no subprocess, so no hang) and the reader turns a
missing folder into a clear, non-fatal note.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Iterator
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


def ocr_available() -> bool:
    return tessdata_dir() is not None
