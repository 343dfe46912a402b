"""The case file read back with PyMuPDF: sections in order, hashes, annotations, redactions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import func, select

from legal_desk.casefile.build import CaseFileCancelledError, export_case_file
from legal_desk.casefile.pages import REDACTED, Scrubber
from legal_desk.casefile.write import CaseFileError, check_destination, write_case_file
from legal_desk.checklist.service import ChecklistService
from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from legal_desk.documents.pdf import text_flags
from legal_desk.documents.specimens import phone_photo_png
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.security.briefing import format_time
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import AnnotationKind, AuditEvent
from tests.legal_desk.casefile.conftest import (
    ADVICE_SUBJECT,
    ADVICE_TEXT,
    FERPA_PARTY,
    NOTE_TEXT,
    OVERRIDE_REASON,
    REDACTED_NAME,
    SECURITY_PERSON,
    FinishedCase,
    warrant_pdf,
)

SECTIONS = [
    "Summary",
    "Timeline",
    "Documents",
    "Checker findings",
    "Advice sent",
    "Checklist",
    "Security notification",
    "FERPA disclosure log",
]


def page_texts(data: bytes) -> list[str]:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        # Ligatures expanded ("ﬁ" -> "fi"), as a reader's search sees the words.
        return [page.get_text(flags=text_flags()) for page in doc]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def exported(workspace: Workspace, finished_case: FinishedCase) -> bytes:
    return export_case_file(workspace, finished_case.case_id)


def test_bookmarks_list_every_section_in_order_and_each_document(exported: bytes) -> None:
    with pymupdf.open(stream=exported, filetype="pdf") as doc:
        toc = doc.get_toc()
        assert [title for level, title, _page in toc if level == 1] == SECTIONS
        assert [(level, title) for level, title, _page in toc if level == 2] == [
            (2, "1. warrant.pdf")
        ]
        pages = [page for _level, _title, page in toc]
        assert pages == sorted(pages)
        # Each bookmark lands on the page that starts its section.
        for _level, title, page in toc:
            heading = doc[page - 1].get_text(flags=text_flags()).strip().splitlines()[0]
            expected = {"Summary": "Case file "}.get(title, title.split(". ", 1)[-1])
            assert expected in heading
        assert doc.metadata["title"].startswith("Case file ")


def test_original_sha256_is_on_the_summary_and_on_the_document_cover(
    exported: bytes, finished_case: FinishedCase
) -> None:
    texts = page_texts(exported)
    assert finished_case.sha256 in texts[0]
    cover = next(t for t in texts if t.startswith("Document 1 of 1"))
    assert finished_case.sha256 in cover


def test_document_pages_carry_their_annotations(
    exported: bytes, finished_case: FinishedCase
) -> None:
    with pymupdf.open(stream=exported, filetype="pdf") as doc:
        cover = next(page for level, _title, page in doc.get_toc() if level == 2)
        warrant = doc[cover]  # the page after the cover (0-based index == 1-based cover)
        assert "WARRANT FOR ARREST OF ALIEN" in warrant.get_text()
        notes = [a for a in warrant.annots() if a.type[0] == pymupdf.PDF_ANNOT_TEXT]
        assert [a.info["content"] for a in notes] == [NOTE_TEXT]


def test_a_redacted_word_is_nowhere_in_the_file(
    workspace: Workspace, exported: bytes, finished_case: FinishedCase
) -> None:
    # The original still has it (the workspace keeps it); the case file does not.
    original = page_texts(finished_case.pdf)[0]
    assert REDACTED_NAME in original
    text = flat(" ".join(page_texts(exported)))
    for word in REDACTED_NAME.split():
        assert word not in text
    assert REDACTED_NAME.split()[0].encode() not in exported
    # Nor did the export lose the rest of the page.
    assert "WARRANT FOR ARREST OF ALIEN" in text


def test_findings_advice_checklist_security_and_ferpa_are_written_out(
    workspace: Workspace, exported: bytes, finished_case: FinishedCase
) -> None:
    texts = page_texts(exported)
    with pymupdf.open(stream=exported, filetype="pdf") as doc:
        starts = {title: page for level, title, page in doc.get_toc() if level == 1}

    def section(title: str) -> str:
        return flat(texts[starts[title] - 1])

    findings = section("Checker findings")
    assert "overridden" in findings and OVERRIDE_REASON in findings
    advice = section("Advice sent")
    assert ADVICE_SUBJECT in advice and ADVICE_TEXT in advice
    checklist = section("Checklist")
    ticked = next(i for i in ChecklistService(workspace).items(finished_case.case_id) if i.note)
    assert ticked.done_at is not None
    line = f"[x] {ticked.label}"
    assert line in checklist
    assert f"done by {finished_case.ticked_by}, {format_time(ticked.done_at)}" in checklist
    assert SECURITY_PERSON in section("Security notification")
    assert FERPA_PARTY in section("FERPA disclosure log")
    assert "Priya Fenwick" in flat(texts[0])


def test_exporting_writes_nothing_to_the_workspace(
    workspace: Workspace, finished_case: FinishedCase
) -> None:
    def events() -> int:
        with workspace.session() as session:
            return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)

    before = events()
    export_case_file(workspace, finished_case.case_id)
    assert events() == before


def test_progress_counts_up_to_the_total(workspace: Workspace, finished_case: FinishedCase) -> None:
    seen: list[tuple[int, int, str]] = []
    export_case_file(workspace, finished_case.case_id, progress=lambda *a: seen.append(a))
    steps = [step for step, _total, _text in seen]
    assert steps == sorted(steps)
    assert seen[-1][0] == seen[-1][1]
    assert any("warrant.pdf" in text for _s, _t, text in seen)


def test_cancel_at_any_point_writes_nothing(
    workspace: Workspace, finished_case: FinishedCase, tmp_path: Path
) -> None:
    """Cancel at each point the export asks, the last one being after the bytes are in
    the temporary file and before it is renamed: no file is ever left in the folder."""
    asked = 0

    def counting() -> bool:
        nonlocal asked
        asked += 1
        return False

    write_case_file(workspace, finished_case.case_id, tmp_path / "full.pdf", cancel=counting)
    assert asked > 3
    for cancel_at in range(1, asked + 1):
        folder = tmp_path / f"out{cancel_at}"
        folder.mkdir()
        calls = 0

        def cancel(at: int = cancel_at) -> bool:
            nonlocal calls
            calls += 1
            return calls >= at

        with pytest.raises(CaseFileCancelledError, match="no case file was written"):
            write_case_file(workspace, finished_case.case_id, folder / "case.pdf", cancel=cancel)
        assert list(folder.iterdir()) == []


def test_write_replaces_an_existing_file_and_leaves_no_temporary(
    workspace: Workspace, finished_case: FinishedCase, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "case.pdf"
    path.write_bytes(b"old")
    written = write_case_file(workspace, finished_case.case_id, path)
    assert written == path
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in path.parent.iterdir()] == ["case.pdf"]


def test_unknown_case_is_refused(workspace: Workspace) -> None:
    with pytest.raises(LegalDeskError, match="does not exist"):
        export_case_file(workspace, 999)


def test_bad_destinations_are_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="is a folder"):
        check_destination(tmp_path)
    with pytest.raises(CaseFileError, match="does not exist"):
        check_destination(tmp_path / "missing" / "case.pdf")


def test_an_empty_case_still_has_every_section(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Lincoln Elementary"))
    data = export_case_file(workspace, case_id)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert [title for _level, title, _page in doc.get_toc()] == SECTIONS
    text = flat(" ".join(page_texts(data)))
    assert "No document attached." in text
    assert "The checklist was not started for this case." in text


def test_scrubber_replaces_whole_words_in_any_case() -> None:
    scrub = Scrubber({"Zebulon", "A-123"})
    assert scrub("ZEBULON met zebulonia at A-123.") == f"{REDACTED} met zebulonia at {REDACTED}."
    assert Scrubber([])("unchanged") == "unchanged"


def long_pdf(pages: int, tag: str) -> bytes:
    with pymupdf.open() as doc:
        for number in range(1, pages + 1):
            page = doc.new_page()
            page.insert_text((72, 72), f"Exhibit {tag} page {number}", fontsize=14)
            page.insert_textbox(pymupdf.Rect(72, 100, 540, 700), "Lorem ipsum dolor. " * 120)
        return bytes(doc.tobytes(garbage=3, deflate=True))


def test_a_large_case_ten_documents_of_fifty_pages(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Lincoln Elementary"))
    store, annotations = DocumentStore(workspace), AnnotationService(workspace)
    for index in range(10):
        document_id = store.attach(case_id, f"exhibit-{index}.pdf", long_pdf(50, f"X{index}"))
        for page in range(0, 50, 10):
            annotations.add(
                document_id,
                AnnotationSpec(page=page, kind=AnnotationKind.HIGHLIGHT, rect=(72, 58, 240, 78)),
            )
    data = export_case_file(workspace, case_id)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        toc = doc.get_toc()
        covers = [page for level, _title, page in toc if level == 2]
        assert len(covers) == 10
        for index, cover in enumerate(covers):
            first, last = doc[cover], doc[cover + 49]  # 0-based: the pages after the cover
            assert f"Exhibit X{index} page 1" in first.get_text()
            assert f"Exhibit X{index} page 50" in last.get_text()
            assert len(list(first.annots())) == 1
        assert doc.page_count >= 10 * 51 + 7


def test_a_phone_photo_is_shown_as_its_rendition(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Lincoln Elementary"))
    photo = phone_photo_png(warrant_pdf())
    DocumentStore(workspace).attach(case_id, "photo.png", photo)
    data = export_case_file(workspace, case_id)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        cover = next(page for level, _title, page in doc.get_toc() if level == 2)
        assert doc[cover].get_images()
        assert hashlib.sha256(photo).hexdigest() in doc[cover - 1].get_text()
