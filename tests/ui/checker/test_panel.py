"""The Checker tab: runs on show, progress and cancel, findings linked to the page,
confirm and override kept in the audit trail, clear messages for refused documents."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from legal_desk.documents import ocr
from legal_desk.documents.store import DocumentStore
from legal_desk.services.classification import ClassificationService
from legal_desk.workspace import Workspace
from models import AuditEvent, DocumentKind
from tests.ui.case.conftest import StepRunner
from tests.ui.checker.conftest import (
    MakePanel,
    ao93_pdf,
    attach,
    i200_pdf,
    i200_photo,
    scanned_packet,
    text_pages,
)
from tests.ui.helpers import assert_accessible
from ui.case.documents import DocumentsPanel
from ui.case.importer import ImportReport
from ui.case.view import CaseView, Section
from ui.checker.job import CheckJob
from ui.checker.panel import (
    CANCELLED_TEXT,
    LAYER,
    MARK_COLOR,
    OCR_MISSING_TEXT,
    REASON_NEEDED,
    CheckerPanel,
)
from ui.tasks import InlineRunner, TaskRunner
from ui.viewer.marks import MarkStyle

needs_ocr = pytest.mark.skipif(
    not ocr.ocr_available(), reason="Tesseract language data is not installed"
)


def show(panel: DocumentsPanel, document_id: int, title: str = "document") -> CheckerPanel:
    panel.open_document(document_id, title)
    return panel.checker


def classification_events(workspace: Workspace) -> list[str]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent.summary)
                .where(AuditEvent.entity == "classification")
                .order_by(AuditEvent.seq)
            )
        )


def texts(checker: CheckerPanel) -> list[str]:
    return [checker.findings.item(i).text() for i in range(checker.findings.count())]


def test_a_typed_i200_is_checked_on_show_and_reads_as_an_administrative_warrant(
    qtbot: QtBot, make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    panel = make_panel()
    document_id = attach(panel, tmp_path, "i200.pdf", i200_pdf())

    checker = show(panel, document_id, "i200.pdf")

    assert panel.side.tabText(0) == "Chec&ker"
    assert checker.headline.text() == "Checker suggests: Administrative warrant (I-200)"
    assert "%" in checker.confidence.text()
    assert "not a judge" in checker.meaning.text()
    assert "non-public" in checker.meaning.text()
    assert "Signed by: an immigration officer, not a judge" in checker.facts.text()
    assert "Court: no federal court caption found" in checker.facts.text()
    found = texts(checker)
    assert any(t.startswith("Form · page 1\nLooks like form I-200") for t in found)
    assert any("no location" in t for t in found)  # "not judicial" points at no region
    assert checker.decision.text().startswith("Not decided yet")
    assert checker.kind.currentData() == DocumentKind.ADMINISTRATIVE_WARRANT.value
    assert checker.run_button.text() == "Check aga&in"
    assert ClassificationService(workspace).latest(document_id) is not None
    # Every finding with a place on the page is outlined, lightly, in the checker colour.
    marks = panel.viewer.marks(LAYER)
    assert marks and all(m.style is MarkStyle.OUTLINE and m.color == MARK_COLOR for m in marks)
    assert not any(m.emphasised for m in marks)
    assert_accessible(checker)
    assert_accessible(panel)
    qtbot.waitUntil(lambda: panel.viewer.page_count == 1, timeout=5000)
    panel.grab().save(str(tmp_path / "checker.png"))


def test_a_stored_result_shows_at_once_without_running_again(
    make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    runner = StepRunner()
    panel = make_panel(runner)
    document_id = attach(panel, tmp_path, "i200.pdf", i200_pdf())
    stored = ClassificationService(workspace).run(document_id)

    show(panel, document_id)
    runner.step()  # the viewer's PDF; the checker needs no work

    assert not runner.pending
    assert panel.checker.result is not None and panel.checker.result.id == stored.id
    assert "Administrative warrant (I-200)" in panel.checker.headline.text()


def test_ao93_reads_as_a_judicial_warrant_with_its_deadline(
    make_panel: MakePanel, tmp_path: Path
) -> None:
    panel = make_panel()
    checker = show(panel, attach(panel, tmp_path, "ao93.pdf", ao93_pdf()))

    assert checker.headline.text() == "Checker suggests: Judicial warrant (AO 93)"
    assert "signed by a judge" in checker.meaning.text()
    facts = checker.facts.text()
    assert "Signed by: a judge" in facts
    assert "Court: United States District Court for the District of Colorado" in facts
    assert "Execute by: March 13, 2026: not expired on the day of the visit" in facts


def test_selecting_a_finding_outlines_its_region_and_scrolls_to_its_page(
    qtbot: QtBot, make_panel: MakePanel, tmp_path: Path
) -> None:
    panel = make_panel()
    with pymupdf.open(stream=text_pages(1)) as packet, pymupdf.open(stream=i200_pdf()) as form:
        packet.insert_pdf(form)  # a covering letter, then the warrant on page 2
        data = packet.tobytes()
    checker = show(panel, attach(panel, tmp_path, "packet.pdf", data))
    viewer = panel.viewer
    qtbot.waitUntil(lambda: viewer.page_count == 2, timeout=5000)
    assert checker.result is not None
    on_page_2 = next(
        i for i, f in enumerate(checker.result.findings) if f.region and f.region.page == 2
    )
    region = checker.result.findings[on_page_2].region
    assert region is not None
    assert viewer.current_page == 1

    checker.findings.setFocus()
    checker.findings.setCurrentRow(on_page_2)

    emphasised = [m for m in viewer.marks(LAYER) if m.emphasised]
    assert len(emphasised) == 1
    assert emphasised[0].page == 1  # 0-based: the second page
    assert emphasised[0].rect == (region.x0, region.y0, region.x1, region.y1)
    assert viewer.current_page == 2
    assert viewer.scroll_area.verticalScrollBar().value() > 0
    # The other findings stay outlined, lightly.
    assert len(viewer.marks(LAYER)) > 1


def test_confirm_and_override_are_stored_and_audited(
    qtbot: QtBot, make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    panel = make_panel()
    document_id = attach(panel, tmp_path, "i200.pdf", i200_pdf())
    checker = show(panel, document_id)

    assert checker.confirm_button.text() == "C&onfirm" and checker.confirm_button.isEnabled()
    qtbot.mouseClick(checker.confirm_button, Qt.MouseButton.LeftButton)

    latest = ClassificationService(workspace).latest(document_id)
    assert latest is not None and latest.confirmed_kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert checker.decision.text().startswith("Confirmed by Tess Tester (tester) on ")
    assert classification_events(workspace)[-1] == "Attorney confirmed administrative_warrant"

    # Overriding needs a reason: the button stays disabled and says why.
    checker.kind.setCurrentIndex(checker.kind.findData(DocumentKind.JUDICIAL_WARRANT.value))
    assert checker.confirm_button.text() == "&Override"
    assert not checker.confirm_button.isEnabled()
    assert checker.decision_hint.text() == REASON_NEEDED
    checker.reason.setFocus()
    qtbot.keyClick(checker.reason, Qt.Key.Key_Return)  # Enter without a reason: refused
    latest = ClassificationService(workspace).latest(document_id)
    assert latest is not None and latest.confirmed_kind is DocumentKind.ADMINISTRATIVE_WARRANT

    qtbot.keyClicks(checker.reason, "Judge's signature seen on the original at the school")
    assert checker.confirm_button.isEnabled()
    qtbot.mouseClick(checker.confirm_button, Qt.MouseButton.LeftButton)

    latest = ClassificationService(workspace).latest(document_id)
    assert latest is not None and latest.confirmed_kind is DocumentKind.JUDICIAL_WARRANT
    assert latest.override_reason == "Judge's signature seen on the original at the school"
    assert checker.decision.text().startswith("Overridden by Tess Tester (tester) on ")
    assert "Reason: Judge's signature seen" in checker.decision.text()
    assert "signed by a judge" in checker.meaning.text()  # the meaning follows the decision
    assert classification_events(workspace)[-2:] == [
        "Attorney confirmed administrative_warrant",
        "Attorney overrode administrative_warrant → judicial_warrant: Judge's signature "
        "seen on the original at the school",
    ]
    assert_accessible(checker)

    panel.clear()  # the lock path: nothing of the decision stays in a widget
    assert checker.decision.text() == checker.meaning.text() == checker.reason.text() == ""


def test_progress_is_shown_page_by_page_and_cancel_stores_nothing(
    make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    runner = StepRunner()
    panel = make_panel(runner)
    document_id = attach(panel, tmp_path, "letter.pdf", text_pages(4))
    jobs: list[CheckJob] = []
    panel.checker.check_started.connect(jobs.append)
    show(panel, document_id)
    runner.step()  # the PDF for the viewer; the check starts on show
    checker = panel.checker
    assert len(jobs) == 1 and checker.running
    assert checker.progress_box.isVisibleTo(checker)
    assert checker.progress_label.text() == "Reading the document…"
    seen: list[tuple[int, str]] = []

    def progressed(done: int, _total: int) -> None:
        seen.append((done, checker.progress_label.text()))
        if done == 2:
            checker.cancel_button.click()

    jobs[0].progressed.connect(progressed)
    runner.step()

    assert seen == [(1, "Reading page 2 of 4…"), (2, "Reading page 3 of 4…")]
    assert checker.message.text() == CANCELLED_TEXT
    assert not checker.progress_box.isVisibleTo(checker)
    assert checker.result is None
    assert ClassificationService(workspace).latest(document_id) is None
    assert classification_events(workspace) == []
    assert checker.run_button.text() == "Check th&is document"

    checker.run_button.click()  # the attorney asks again: it runs to the end this time
    runner.drain()
    assert checker.result is not None
    assert ClassificationService(workspace).latest(document_id) is not None


def test_lock_during_a_check_drops_it_and_stores_nothing(
    make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    runner = StepRunner()
    panel = make_panel(runner)
    document_id = attach(panel, tmp_path, "i200.pdf", i200_pdf())
    show(panel, document_id)
    runner.step()
    assert panel.checker.running

    panel.clear()
    runner.drain()

    assert panel.checker.result is None
    assert panel.checker.headline.text() == ""
    assert panel.checker.findings.count() == 0
    assert ClassificationService(workspace).latest(document_id) is None


def test_a_document_with_too_many_pages_gets_a_clear_message_and_stays(
    make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    panel = make_panel()
    document_id = attach(panel, tmp_path, "binder.pdf", text_pages(201))

    checker = show(panel, document_id, "binder.pdf")

    message = checker.message.text()
    assert message.startswith("“binder.pdf” has 201 pages; the checker reads at most 200.")
    assert "\n" in message and "Without a checker result" in message
    assert "Traceback" not in message
    assert not checker.decision_box.isVisibleTo(checker)
    assert checker.run_button.isEnabled()
    assert ClassificationService(workspace).latest(document_id) is None
    assert DocumentStore(workspace).verify_hash(document_id)
    assert panel.shown_document_id == document_id  # still open in the viewer
    assert_accessible(checker)


@needs_ocr
def test_a_scan_is_read_by_ocr_off_the_ui_thread_with_rising_progress(
    qtbot: QtBot, make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    runner = TaskRunner()
    panel = make_panel(runner)
    document_id = attach_with(runner, panel, tmp_path, "scan.pdf", scanned_packet())
    jobs: list[CheckJob] = []
    panel.checker.check_started.connect(jobs.append)
    progress: list[tuple[int, int]] = []
    labels: list[str] = []

    def started(job: CheckJob) -> None:
        job.progressed.connect(lambda done, total: progress.append((done, total)))
        job.progressed.connect(lambda *_: labels.append(panel.checker.progress_label.text()))

    panel.checker.check_started.connect(started)
    show(panel, document_id, "scan.pdf")
    qtbot.waitUntil(lambda: bool(jobs), timeout=10_000)
    assert panel.checker.ocr_hint.isVisibleTo(panel.checker)
    qtbot.waitUntil(lambda: panel.checker.result is not None, timeout=120_000)

    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert labels == ["Reading page 2 of 3…", "Reading page 3 of 3…", "Checking what was read…"]
    assert panel.checker.findings.count() > 0
    assert not panel.checker.notice.isVisibleTo(panel.checker)
    assert DocumentStore(workspace).verify_hash(document_id)
    runner.wait_for_done()


def attach_with(
    runner: TaskRunner, panel: DocumentsPanel, folder: Path, name: str, data: bytes
) -> int:
    """Attach through the real import path when the runner is a real thread pool."""
    path = folder / name
    path.write_bytes(data)
    reports: list[object] = []
    panel.documents_imported.connect(reports.append)
    assert panel.attach_files([path])
    runner.wait_for_done()
    while not reports:
        QCoreApplication.processEvents()
    report = reports[-1]
    assert isinstance(report, ImportReport)
    outcome = report.outcomes[0]
    assert outcome.document_id is not None
    return int(outcome.document_id)


def test_without_tesseract_the_app_says_so_once_and_manual_classification_works(
    qtbot: QtBot,
    make_panel: MakePanel,
    tmp_path: Path,
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on a machine without Tesseract's language data: no tessdata folder is found.
    monkeypatch.setattr(ocr, "tessdata_dir", lambda: None)
    panel = make_panel()
    first = attach(panel, tmp_path, "photo.png", i200_photo())
    second = attach(panel, tmp_path, "photo-2.png", i200_photo())

    checker = show(panel, first, "photo.png")

    assert checker.notice.isVisibleTo(checker)
    assert OCR_MISSING_TEXT in checker.notice.text()
    assert "OCR is not available" in checker.notes.text()
    assert checker.result is not None
    assert checker.result.suggested_kind is DocumentKind.UNKNOWN
    assert not checker.ocr_hint.isVisibleTo(checker)
    # The attorney classifies it by hand.
    checker.kind.setCurrentIndex(checker.kind.findData(DocumentKind.ADMINISTRATIVE_WARRANT.value))
    qtbot.keyClicks(checker.reason, "Photo shows DHS Form I-200 signed by an officer")
    qtbot.mouseClick(checker.confirm_button, Qt.MouseButton.LeftButton)
    stored = ClassificationService(workspace).latest(first)
    assert stored is not None and stored.confirmed_kind is DocumentKind.ADMINISTRATIVE_WARRANT
    assert "OCR is not available" in checker.notes.text()  # the run's notes stay on screen

    show(panel, second, "photo-2.png")

    assert not checker.notice.isVisibleTo(checker)  # said once per session
    assert "OCR is not available" in checker.notes.text()


def test_no_document_says_what_to_do(make_panel: MakePanel) -> None:
    panel = make_panel()
    checker = panel.checker
    assert checker.message.text() == "Open a document to check what kind of paper it is."
    assert not checker.run_button.isVisibleTo(checker)
    assert_accessible(checker)


def test_the_ocr_photo_specimen_is_checked_and_its_regions_are_on_the_photo(
    make_panel: MakePanel, tmp_path: Path
) -> None:
    if not ocr.ocr_available():
        pytest.skip("Tesseract language data is not installed")
    panel = make_panel()
    checker = show(panel, attach(panel, tmp_path, "photo.png", i200_photo()), "photo.png")
    assert checker.result is not None
    with pymupdf.open(stream=pdf_of(panel, checker.result.document_id)) as doc:
        width, height = doc[0].rect.width, doc[0].rect.height
    for mark in panel.viewer.marks(LAYER):
        x0, y0, x1, y1 = mark.rect
        assert 0 <= x0 < x1 <= width + 1 and 0 <= y0 < y1 <= height + 1


def pdf_of(panel: DocumentsPanel, document_id: int) -> bytes:
    workspace = panel.workspace
    assert workspace is not None
    return DocumentStore(workspace).pdf_bytes(document_id)


@needs_ocr
def test_after_ocr_a_photo_is_shown_again_with_words_find_can_reach(
    qtbot: QtBot, make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    panel = make_panel()
    document_id = attach(panel, tmp_path, "photo.png", i200_photo())
    original = DocumentStore(workspace).original_bytes(document_id)

    checker = show(panel, document_id, "photo.png")

    assert checker.result is not None  # shown again after the viewer reopened the photo
    assert panel.shown_document_id == document_id
    assert panel.viewer.title.text() == "photo.png"
    qtbot.waitUntil(lambda: panel.viewer.page_count == 1, timeout=5000)
    hits: list[object] = []
    panel.viewer.renderer.found.connect(lambda _query, found, _done: hits.extend(found))
    with qtbot.waitSignal(
        panel.viewer.renderer.found, check_params_cb=lambda _q, _h, done: done, timeout=10_000
    ):
        panel.viewer.renderer.find("warrant")
    assert hits  # the photo's page has words to find now
    assert DocumentStore(workspace).original_bytes(document_id) == original


@needs_ocr
def test_locking_during_an_ocr_check_on_a_worker_thread_keeps_nothing(
    qtbot: QtBot, make_panel: MakePanel, tmp_path: Path, workspace: Workspace
) -> None:
    runner = TaskRunner()
    panel = make_panel(runner)
    document_id = attach_with(runner, panel, tmp_path, "scan.pdf", scanned_packet())
    jobs: list[CheckJob] = []
    panel.checker.check_started.connect(jobs.append)
    show(panel, document_id, "scan.pdf")
    qtbot.waitUntil(lambda: bool(jobs), timeout=10_000)

    panel.clear()  # the lock path, while page 1 is being read
    runner.wait_for_done()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)  # its outcome was delivered

    assert panel.checker.result is None and panel.checker.job is None
    assert panel.checker.findings.count() == 0
    assert ClassificationService(workspace).latest(document_id) is None


def test_the_checker_is_reached_by_keyboard_in_a_case(
    qtbot: QtBot, workspace: Workspace, case_id: int, tmp_path: Path
) -> None:
    document_id = DocumentStore(workspace).attach(case_id, "i200.pdf", i200_pdf())
    view = CaseView(workspace, InlineRunner(), case_id)
    qtbot.addWidget(view)
    view.resize(1300, 850)
    view.show()
    with qtbot.waitActive(view):  # shortcuts reach only the active window
        view.activateWindow()
    view.show_section(Section.DOCUMENTS)
    panel = view.documents
    try:
        panel.open_document(document_id, "i200.pdf")
        checker = panel.checker
        assert checker.result is not None
        panel.tree.setFocus()
        panel.side.setCurrentIndex(panel.side.count() - 1)  # another tool's tab
        qtbot.keyClick(panel.tree, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
        assert panel.side.currentWidget() is checker

        qtbot.keyClick(panel.tree, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
        assert checker.findings.hasFocus()
        qtbot.keyClick(checker.findings, Qt.Key.Key_End)
        qtbot.keyClick(checker.findings, Qt.Key.Key_Home)  # the form's title, page 1
        assert checker.findings.currentRow() == 0
        [selected] = [m for m in panel.viewer.marks(LAYER) if m.emphasised]
        assert selected.page == 0
        qtbot.keyClick(checker.findings, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        assert checker.kind.hasFocus()
        with qtbot.waitSignal(checker.confirm_button.clicked):  # a mnemonic animates the click
            qtbot.keyClick(checker.kind, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)

        latest = ClassificationService(workspace).latest(document_id)
        assert latest is not None and latest.confirmed_kind is DocumentKind.ADMINISTRATIVE_WARRANT
        assert_accessible(view)
    finally:
        view.clear()


def test_no_ocr_notice_before_any_document_is_checked(make_panel: MakePanel) -> None:
    panel = make_panel()
    assert not panel.checker.notice.isVisibleTo(panel.checker)
