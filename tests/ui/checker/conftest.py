"""Checker panel tests: a real workspace, real specimen documents attached through the
real import path, a DocumentsPanel whose viewer renders them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

from legal_desk.documents import specimens
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from ui.case.documents import DocumentsPanel
from ui.case.importer import ImportReport
from ui.checker.panel import SESSION_NOTICES
from ui.tasks import InlineRunner, Runner

# The day of the visit: after the AO 93 was issued, before its execute-by date.
VISIT = datetime(2026, 3, 3, 18, tzinfo=UTC)
ISSUED = datetime(2026, 2, 27, 21, 40, tzinfo=UTC)
EXECUTE_BY = date(2026, 3, 13)


@cache
def i200_pdf() -> bytes:
    return specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )


@cache
def ao93_pdf() -> bytes:
    return specimens.judicial_search_warrant_pdf(
        specimens.SearchWarrant(issued=ISSUED, execute_by=EXECUTE_BY)
    )


@cache
def i200_photo() -> bytes:
    return specimens.phone_photo_png(i200_pdf())


def text_pages(count: int) -> bytes:
    doc = pymupdf.open()
    for number in range(1, count + 1):
        doc.new_page().insert_text((72, 72), f"Letter from the field office, page {number}")
    data: bytes = doc.tobytes()
    doc.close()
    return data


@cache
def scanned_packet() -> bytes:
    """A scan with no text layer: three pages, each a photo of a printed page."""
    doc = pymupdf.open()
    for source in (i200_pdf(), ao93_pdf(), i200_pdf()):
        page = doc.new_page()
        page.insert_image(page.rect, stream=specimens.phone_photo_png(source))
    data: bytes = doc.tobytes()
    doc.close()
    return data


@pytest.fixture(autouse=True)
def _fresh_session_notices() -> Iterator[None]:
    """Each test is an app session of its own for the once-per-session notices."""
    SESSION_NOTICES.ocr_missing_shown = False
    yield
    SESSION_NOTICES.ocr_missing_shown = False


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    return CaseService(workspace).create(
        CaseIntake(school="Cedar Hollow High School", received_at=VISIT)
    )


MakePanel = Callable[..., DocumentsPanel]


@pytest.fixture
def make_panel(qtbot: QtBot, workspace: Workspace, case_id: int) -> Iterator[MakePanel]:
    made: list[DocumentsPanel] = []

    def make(runner: Runner | None = None) -> DocumentsPanel:
        panel = DocumentsPanel(runner or InlineRunner())
        panel.open_attached = False  # each test opens the document when it wants the check
        qtbot.addWidget(panel)
        panel.set_case(workspace, case_id)
        panel.resize(1200, 800)
        panel.show()
        made.append(panel)
        return panel

    yield make
    for panel in made:
        panel.clear()  # stops the viewer's render thread


def attach(panel: DocumentsPanel, folder: Path, name: str, data: bytes) -> int:
    """Store a file the way the user attaches one (real import path, inline runner)."""
    path = folder / name
    path.write_bytes(data)
    reports: list[object] = []
    panel.documents_imported.connect(reports.append)
    assert panel.attach_files([path])
    if not reports:  # a runner that holds work: run it now
        runner = panel._runner
        drain = getattr(runner, "drain", None)
        assert callable(drain)
        drain()
    report = reports[-1]
    assert isinstance(report, ImportReport)
    outcome = report.outcomes[0]
    assert outcome.document_id is not None, outcome.error
    return outcome.document_id
