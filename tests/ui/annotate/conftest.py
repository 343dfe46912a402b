"""A case with a real PDF of known text, shown in a real DocumentsPanel with its Annotations tab."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pymupdf
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from legal_desk.documents.annotations import AnnotationService, AnnotationView
from legal_desk.documents.store import DocumentStore
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from tests.legal_desk.documents.conftest import make_image
from ui.annotate.panel import AnnotationsPanel
from ui.case.documents import DocumentsPanel
from ui.tasks import InlineRunner
from ui.viewer.view import DocumentViewer

WIDTH, HEIGHT = 612.0, 792.0
TITLE = "Administrative Warrant I-205"
STUDENT = "Student Zebulon Quartermaine"
PHOTO_RECT = (100.0, 100.0, 500.0, 400.0)


def make_document() -> bytes:
    """Page 1: a title and a student's name on two lines; page 2: one line; page 3: a photo."""
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    page.insert_text((72, 90), TITLE, fontname="helv", fontsize=12)
    page.insert_text((72, 110), STUDENT, fontname="helv", fontsize=12)
    doc.new_page(width=WIDTH, height=HEIGHT).insert_text(
        (72, 90), "Second page about the visit", fontname="helv", fontsize=12
    )
    doc.new_page(width=WIDTH, height=HEIGHT).insert_image(
        pymupdf.Rect(PHOTO_RECT), stream=make_image("png", width=400, height=300)
    )
    return bytes(doc.tobytes(deflate=True))


def word_rect(page: int, word: str) -> tuple[float, float, float, float]:
    """Where PyMuPDF finds `word` on `page` of the test document."""
    doc = pymupdf.open(stream=make_document(), filetype="pdf")
    [hit] = doc[page].search_for(word)
    return (hit.x0, hit.y0, hit.x1, hit.y1)


@dataclass
class Scene:
    workspace: Workspace
    documents: DocumentsPanel
    document_id: int
    original: bytes

    @property
    def panel(self) -> AnnotationsPanel:
        return self.documents.annotations

    @property
    def viewer(self) -> DocumentViewer:
        return self.documents.viewer

    def stored(self) -> list[AnnotationView]:
        return AnnotationService(self.workspace).list(self.document_id)


@pytest.fixture
def scene(qtbot: QtBot, workspace: Workspace, runner: InlineRunner) -> Iterator[Scene]:
    case_id = CaseService(workspace).create(CaseIntake(school="Meadow Ridge Elementary"))
    original = make_document()
    document_id = DocumentStore(workspace).attach(case_id, "warrant.pdf", original)
    documents = DocumentsPanel(runner)
    qtbot.addWidget(documents)
    documents.set_case(workspace, case_id)
    documents.resize(1400, 1000)
    documents.show()
    documents.splitter.setSizes([100, 900])
    documents.side.setCurrentWidget(documents.annotations_scroll)
    made = Scene(workspace, documents, document_id, original)
    # No modal dialog may open in a test: every one is answered by the test.
    made.panel.controller.ask_text_dialog = lambda _parent, _title, _initial: None
    made.panel.controller.show_error = lambda _parent, message: pytest.fail(message)
    made.panel.choose_export_path = lambda *_args: None
    made.panel.choose_color = lambda *_args: None
    documents.open_document(document_id, "warrant.pdf")
    qtbot.waitUntil(lambda: documents.viewer.page_count == 3, timeout=5000)
    documents.viewer.set_zoom(1.0)
    try:
        yield made
    finally:
        documents.clear()


def widget_point(viewer: DocumentViewer, page: int, x: float, y: float) -> QPoint:
    return viewer.page_label_at(page + 1).geometry_info.to_widget(x, y).toPoint()


def drag(
    qtbot: QtBot,
    viewer: DocumentViewer,
    page: int,
    points: list[tuple[float, float]],
) -> None:
    """Press at the first point (page points), move through the rest, release at the last."""
    viewer.scroll_to_rect(page, (*points[0], *points[-1]))
    label = viewer.page_label_at(page + 1)
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(label, left, pos=widget_point(viewer, page, *points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(label, pos=widget_point(viewer, page, x, y))
    qtbot.mouseRelease(label, left, pos=widget_point(viewer, page, *points[-1]))


def click(qtbot: QtBot, viewer: DocumentViewer, page: int, x: float, y: float) -> None:
    drag(qtbot, viewer, page, [(x, y)])
