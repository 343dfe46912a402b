"""Text of a document's pages with word positions: what the reader produces and the
document checker consumes (so the checker never touches PyMuPDF or Tesseract)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # PDF points, page space, origin top-left (PyMuPDF's convention)
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    words: tuple[Word, ...] = ()
    from_ocr: bool = False
    width: float = 612.0
    height: float = 792.0


@dataclass(frozen=True)
class Region:
    """Where on a page a finding came from, for highlighting in the viewer."""

    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
