"""Reading an attached document in its case: Enter on the list shows the PDF; locking clears it."""

from __future__ import annotations

from collections.abc import Callable

import pymupdf
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from legal_desk.documents.store import DocumentStore
from legal_desk.workspace import Workspace
from tests.ui.helpers import assert_accessible
from ui.case.view import CaseView, Section
from ui.viewer.view import PAGE_GAP

MakeView = Callable[..., CaseView]


def three_pages() -> bytes:
    doc = pymupdf.open()
    for number in (1, 2, 3):
        doc.new_page(width=200, height=300).insert_text((20, 40), f"Warrant page {number}")
    data: bytes = doc.tobytes()
    doc.close()
    return data


def test_enter_on_a_document_shows_its_first_page_and_clear_drops_it(
    qtbot: QtBot, make_view: MakeView, calm_case: int, workspace: Workspace
) -> None:
    DocumentStore(workspace).attach(calm_case, "warrant.pdf", three_pages())
    view = make_view(calm_case)
    view.show_section(Section.DOCUMENTS)
    panel = view.documents
    viewer = panel.viewer
    try:
        tree = panel.tree
        tree.setFocus()
        tree.setCurrentItem(tree.topLevelItem(0))
        qtbot.keyClick(tree, Qt.Key.Key_Return)

        qtbot.waitUntil(lambda: viewer.page_count == 3, timeout=5000)
        label = viewer.page_label_at(1)
        qtbot.waitUntil(lambda: not label.pixmap().isNull(), timeout=5000)
        # The page opens fitted to the width of the view, in its proportions.
        pixmap = label.pixmap()
        assert pixmap.height() / pixmap.width() == pytest.approx(300 / 200, rel=0.02)
        visible = viewer.scroll_area.viewport().width()
        assert visible - 3 * PAGE_GAP <= label.width() <= visible
        assert viewer.title.text() == "warrant.pdf"
        assert viewer.page_total.text() == "of 3"
        assert_accessible(view)

        view.clear()  # the lock path

        assert viewer.page_count == 0
        assert viewer.title.text() == ""
        assert label.pixmap().isNull()
        assert not viewer.renderer.running
    finally:
        viewer.clear()
