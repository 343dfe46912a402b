"""Building the case file in memory: written sections, then each document's pages.

Nothing touches the disk here (the caller writes the bytes where the user chose).
The documents are prepared first, because their redactions decide what the written
sections may quote. PyMuPDF is not thread-safe: run one export per worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from legal_desk.casefile import render
from legal_desk.casefile.gather import CaseFileData, gather
from legal_desk.casefile.pages import DocumentPages, Scrubber, document_pages
from legal_desk.documents.pdf import html_to_pdf, load_pymupdf
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

PAPER = "letter"
MARGIN_PT = 54  # 3/4 inch
FOOTER_SIZE = 7
FOOTER_GREY = (0.35, 0.35, 0.35)
PRODUCER = "Legal Desk (case file)"


class CaseFileCancelledError(LegalDeskError):
    """The export was cancelled; nothing was written."""


@dataclass
class _Steps:
    progress: Progress | None
    cancel: Cancel | None
    total: int = 1
    done: int = 0

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise CaseFileCancelledError("Export cancelled: no case file was written.")

    def step(self, text: str) -> None:
        """Announce the step about to run (done so far / total)."""
        self.check()
        if self.progress is not None:
            self.progress(self.done, self.total, text)
        self.done += 1


def _section(pymupdf: Any, html: str) -> Any:
    """A written section as an open PDF, its fonts cut down to the glyphs it uses."""
    doc = pymupdf.open(stream=html_to_pdf(html, render.CSS, paper=PAPER, margin_pt=MARGIN_PT))
    # Story embeds whole fonts in every section; subsetting keeps the file small.
    doc.subset_fonts()
    return doc


def _footer(pymupdf: Any, out: Any, reference: str) -> None:
    """A case-file page number on every page (as a Bates stamp), so a page cited in a
    letter or in court can be found again."""
    total = out.page_count
    for index in range(total):
        page = out[index]
        text = f"Case file {reference} · page {index + 1} of {total}"
        visible = page.rect  # the page as shown (rotation applied)
        where = pymupdf.Point(visible.x0 + 18, visible.y1 - 8) * page.derotation_matrix
        page.insert_text(
            where,
            text,
            fontsize=FOOTER_SIZE,
            fontname="helv",
            color=FOOTER_GREY,
            rotate=page.rotation,
            overlay=True,
        )


def export_case_file(
    workspace: Workspace,
    case_id: int,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> bytes:
    """The case file as PDF bytes, with one bookmark per section and per document.

    `progress(step, total, text)` is called before each step; `cancel()` is asked
    between steps and makes this raise `CaseFileCancelledError`. Raises
    `LegalDeskError` for an unknown case.
    """
    steps = _Steps(progress, cancel)
    steps.step("Reading the case…")
    data = gather(workspace, case_id)
    documents = data.case.documents
    steps.total = len(documents) + 3
    prepared: list[DocumentPages] = []
    for number, document in enumerate(documents, start=1):
        steps.step(f"Adding “{document.filename}” ({number} of {len(documents)})…")
        prepared.append(document_pages(workspace, document.id))
    steps.step("Writing the summary, timeline and records…")
    pymupdf = load_pymupdf()
    scrub = Scrubber(term for pages in prepared for term in pages.redacted_terms)
    out = pymupdf.open()
    try:
        _assemble(pymupdf, out, data, prepared, scrub, steps)
        steps.step("Putting the case file together…")
        _footer(pymupdf, out, data.case.reference)
        out.set_metadata(
            {
                "title": f"Case file {data.case.reference}",
                "author": data.exported_by,
                "subject": "Case file (records retention)",
                "creator": "Legal Desk",
                "producer": PRODUCER,
                "creationDate": pymupdf.get_pdf_now(),
                "modDate": pymupdf.get_pdf_now(),
            }
        )
        result: bytes = out.tobytes(garbage=3, deflate=True)
    finally:
        out.close()
    steps.check()
    if progress is not None:
        progress(steps.total, steps.total, "Done.")
    return result


def _assemble(
    pymupdf: Any,
    out: Any,
    data: CaseFileData,
    prepared: list[DocumentPages],
    scrub: Scrubber,
    steps: _Steps,
) -> None:
    toc: list[list[Any]] = []

    def add(title: str, html: str, level: int = 1) -> None:
        steps.check()
        toc.append([level, title, out.page_count + 1])
        with _section(pymupdf, html) as part:
            out.insert_pdf(part)

    add(render.SUMMARY, render.summary_html(data))
    add(render.TIMELINE, render.timeline_html(data.timeline, scrub))
    add(render.DOCUMENTS, render.documents_index_html(data))
    documents = data.case.documents
    for number, (document, pages) in enumerate(zip(documents, prepared, strict=True), start=1):
        check = data.checks.get(document.id)
        cover = render.document_cover_html(number, len(documents), document, pages, check)
        add(f"{number}. {document.filename}", cover, level=2)
        if pages.pdf is not None:
            with pymupdf.open(stream=pages.pdf, filetype="pdf") as source:
                out.insert_pdf(source)
    add(render.FINDINGS, render.findings_html(data, scrub))
    add(render.ADVICE, render.advice_html(data))
    add(render.CHECKLIST, render.checklist_html(data))
    add(render.SECURITY, render.security_html(data))
    add(render.FERPA, render.ferpa_html(data))
    out.set_toc(toc)
