"""Find in the open document: hits highlighted on their words, Next/Previous, Esc, no text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pymupdf
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.documents import specimens
from legal_desk.documents.media import MediaType
from legal_desk.documents.pdf import image_to_pdf
from tests.ui.helpers import assert_accessible
from tests.ui.viewer.conftest import shown_viewer
from ui.viewer.find import (
    CURRENT_COLOR,
    HIT_COLOR,
    LAYER,
    NO_MATCHES_TEXT,
    NO_TEXT_TEXT,
)
from ui.viewer.marks import Mark, PageGeometry, Rect
from ui.viewer.renderer import FIND_HIT_LIMIT
from ui.viewer.view import DocumentViewer

WIDTH, HEIGHT = 300, 400
WAIT_MS = 5000
# Where "judge" is: twice on page 1, none on page 2, once low on page 3.
LINES: tuple[tuple[tuple[float, float, str], ...], ...] = (
    ((30, 60, "Signed by a judge of the court"), (30, 200, "Ask the judge's clerk")),
    ((30, 60, "Administrative form, officer only"),),
    ((30, 60, "Page three"), (30, 360, "No judge here, says the officer")),
)


def make_pdf(lines: tuple[tuple[tuple[float, float, str], ...], ...] = LINES) -> bytes:
    doc = pymupdf.open()
    for page_lines in lines:
        page = doc.new_page(width=WIDTH, height=HEIGHT)
        for x, y, text in page_lines:
            page.insert_text((x, y), text, fontsize=12)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def word_rects(data: bytes, word: str) -> list[tuple[int, Rect]]:
    """Where PyMuPDF itself finds `word`: the truth the marks are checked against."""
    found: list[tuple[int, Rect]] = []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for number, page in enumerate(doc):
            found.extend((number, tuple(rect)) for rect in page.search_for(word))
    return found


def covers(outer: Rect, inner: Rect, slack: float = 0.5) -> bool:
    return (
        outer[0] <= inner[0] + slack
        and outer[1] <= inner[1] + slack
        and outer[2] >= inner[2] - slack
        and outer[3] >= inner[3] - slack
    )


@pytest.fixture
def viewer(qtbot: QtBot) -> Iterator[DocumentViewer]:
    with shown_viewer(qtbot, 760, 520) as made:
        yield made


def open_document(qtbot: QtBot, viewer: DocumentViewer, data: bytes) -> None:
    viewer.open_pdf(data, "warrant.pdf")
    qtbot.waitUntil(lambda: viewer.page_count > 0, timeout=WAIT_MS)
    viewer.scroll_area.setFocus()


def find(qtbot: QtBot, viewer: DocumentViewer, query: str, shown: str) -> None:
    """Ctrl+F from the pages, type `query`, wait until the count label says `shown`."""
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = viewer.find_bar.field
    assert viewer.find_bar.isVisible()
    assert field.hasFocus()
    field.selectAll()
    qtbot.keyClicks(field, query)
    qtbot.waitUntil(lambda: viewer.find_bar.count.text() == shown, timeout=WAIT_MS)


def find_marks(viewer: DocumentViewer) -> tuple[Mark, ...]:
    return viewer.marks(LAYER)


def current_mark(viewer: DocumentViewer) -> Mark:
    (mark,) = [m for m in find_marks(viewer) if m.emphasised]
    return mark


def hit_is_in_view(viewer: DocumentViewer, mark: Mark) -> bool:
    label = viewer.page_label_at(mark.page + 1)
    area = label.geometry_info.rect_to_widget(mark.rect).translated(label.pos())
    viewport = viewer.scroll_area.viewport()
    top = viewer.scroll_area.verticalScrollBar().value()
    left = viewer.scroll_area.horizontalScrollBar().value()
    shown = QRectF(left, top, viewport.width(), viewport.height())
    return shown.contains(area)


def test_typing_highlights_every_hit_on_its_word(qtbot: QtBot, viewer: DocumentViewer) -> None:
    data = make_pdf()
    open_document(qtbot, viewer, data)

    find(qtbot, viewer, "judge", "1 of 3")

    marks = find_marks(viewer)
    truth = word_rects(data, "judge")
    assert [m.page for m in marks] == [page for page, _ in truth] == [0, 0, 2]
    for mark, (_page, rect) in zip(marks, truth, strict=True):
        assert covers(mark.rect, rect)
        assert mark.points  # the quads are painted, not a loose box
    assert [m.emphasised for m in marks] == [True, False, False]
    assert [m.color for m in marks] == [CURRENT_COLOR, HIT_COLOR, HIT_COLOR]
    # Painted on the page widgets themselves.
    assert viewer.page_label_at(1).marks == marks[:2]
    assert viewer.page_label_at(3).marks == marks[2:]


def test_typing_searches_once_after_a_pause(
    qtbot: QtBot, viewer: DocumentViewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_document(qtbot, viewer, make_pdf())
    searched: list[str] = []
    real_find = viewer.renderer.find

    def counting_find(query: str) -> None:
        searched.append(query)
        real_find(query)

    monkeypatch.setattr(viewer.renderer, "find", counting_find)

    find(qtbot, viewer, "judge", "1 of 3")

    assert searched == ["judge"]  # not j, ju, jud, judg


def test_next_and_previous_wrap_and_bring_the_hit_into_view(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    open_document(qtbot, viewer, make_pdf())
    find(qtbot, viewer, "judge", "1 of 3")
    field = viewer.find_bar.field
    count = viewer.find_bar.count

    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count.text() == "2 of 3"
    assert current_mark(viewer).page == 0
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count.text() == "3 of 3"
    assert viewer.current_page == 3
    assert hit_is_in_view(viewer, current_mark(viewer))

    viewer.find_bar.next_button.click()  # wraps to the first
    assert count.text() == "1 of 3"
    assert viewer.current_page == 1
    assert hit_is_in_view(viewer, current_mark(viewer))

    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # and back
    assert count.text() == "3 of 3"
    assert viewer.current_page == 3
    viewer.find_bar.previous_button.click()
    assert count.text() == "2 of 3"

    viewer.scroll_area.setFocus()  # F3 and Shift+F3 work while reading the pages
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_F3)
    assert count.text() == "3 of 3"
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert count.text() == "2 of 3"
    assert [m.emphasised for m in find_marks(viewer)] == [False, True, False]


def test_the_first_hit_is_the_next_one_from_the_page_being_read(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    open_document(qtbot, viewer, make_pdf())
    viewer.go_to_page(2)

    find(qtbot, viewer, "judge", "3 of 3")

    assert viewer.current_page == 3


def test_esc_closes_the_bar_and_clears_the_highlights(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_document(qtbot, viewer, make_pdf())
    find(qtbot, viewer, "judge", "1 of 3")

    qtbot.keyClick(viewer.find_bar.field, Qt.Key.Key_Escape)

    assert not viewer.find_bar.isVisible()
    assert find_marks(viewer) == ()
    assert viewer.page_label_at(1).marks == ()
    assert viewer.scroll_area.hasFocus()  # back to reading

    # Ctrl+F again finds the same words again; Esc from the pages closes it too.
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(find_marks(viewer)) == 3, timeout=WAIT_MS)
    viewer.scroll_area.setFocus()
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_Escape)
    assert not viewer.find_bar.isVisible()
    assert find_marks(viewer) == ()


def test_a_rotated_page_keeps_the_hit_on_the_word(qtbot: QtBot, viewer: DocumentViewer) -> None:
    data = make_pdf()
    open_document(qtbot, viewer, data)
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert viewer.rotation == 90

    find(qtbot, viewer, "judge", "1 of 3")

    mark = current_mark(viewer)
    _page, word = word_rects(data, "judge")[0]
    label = viewer.page_label_at(1)
    geometry = PageGeometry(WIDTH, HEIGHT, viewer.zoom, 90)
    assert label.geometry_info == geometry
    on_screen = geometry.rect_to_widget(mark.rect)
    assert on_screen.contains(geometry.rect_to_widget(word).adjusted(1, 1, -1, -1))
    assert on_screen.height() > on_screen.width()  # the line runs down the turned page

    # And there is ink under it in the rendered, turned page.
    qtbot.waitUntil(lambda: not label.pixmap().isNull(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: label.pixmap().width() == round(HEIGHT * viewer.zoom))
    image = label.pixmap().toImage()
    inked = [
        image.pixelColor(x, y).lightness() < 128
        for x in range(int(on_screen.left()), int(on_screen.right()))
        for y in range(int(on_screen.top()), int(on_screen.bottom()))
    ]
    assert sum(inked) > 10


def test_no_matches_is_said_plainly(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_document(qtbot, viewer, make_pdf())

    find(qtbot, viewer, "subpoena", NO_MATCHES_TEXT)

    assert find_marks(viewer) == ()
    assert not viewer.find_bar.next_button.isEnabled()
    assert not viewer.find_bar.previous_button.isEnabled()


def test_a_phone_photo_has_no_text_to_search(qtbot: QtBot, viewer: DocumentViewer) -> None:
    warrant = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
    )
    photo = image_to_pdf(specimens.phone_photo_png(warrant), MediaType.PNG, "photo.png")
    open_document(qtbot, viewer, photo)

    find(qtbot, viewer, "warrant", NO_TEXT_TEXT)

    assert "OCR" in viewer.find_bar.count.text()


def test_a_new_document_or_clear_resets_the_find_bar(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_document(qtbot, viewer, make_pdf())
    find(qtbot, viewer, "judge", "1 of 3")

    open_document(qtbot, viewer, make_pdf())

    assert not viewer.find_bar.isVisible()
    assert viewer.find_bar.field.text() == ""
    assert viewer.find_bar.count.text() == ""
    assert find_marks(viewer) == ()

    find(qtbot, viewer, "officer", "1 of 2")
    viewer.clear()
    assert not viewer.find_bar.isVisible()
    assert viewer.find_bar.field.text() == ""
    assert viewer.find_bar.hits == []
    assert not viewer.find_button.isEnabled()


def test_the_hit_cap_is_stated(qtbot: QtBot, viewer: DocumentViewer) -> None:
    row = " ".join(["xo"] * 30)
    page = tuple((10, 20 + 10 * line, row) for line in range(38))  # 1140 hits a page
    open_document(qtbot, viewer, make_pdf((page, page, page)))

    find(qtbot, viewer, "xo", f"1 of {FIND_HIT_LIMIT}+ matches")

    assert len(find_marks(viewer)) == FIND_HIT_LIMIT
    assert str(FIND_HIT_LIMIT) in viewer.find_bar.count.toolTip()


def test_ctrl_f_finds_in_the_document_only_while_reading_it(qtbot: QtBot) -> None:
    """The main window's Ctrl+F searches every case; in the viewer it finds in the page."""
    window = QWidget()
    qtbot.addWidget(window)
    other = QLineEdit()
    viewer = DocumentViewer()
    layout = QVBoxLayout(window)
    layout.addWidget(other)
    layout.addWidget(viewer)
    window_searches: list[bool] = []
    search = QAction("Search", window)
    search.setShortcut(QKeySequence.StandardKey.Find)
    search.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    search.triggered.connect(lambda: window_searches.append(True))
    window.addAction(search)
    window.resize(760, 600)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    try:
        open_document(qtbot, viewer, make_pdf())

        qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert viewer.find_bar.isVisible()
        assert window_searches == []

        other.setFocus()
        qtbot.keyClick(other, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert window_searches == [True]
        assert QApplication.focusWidget() is other
    finally:
        viewer.clear()


def test_the_find_bar_is_accessible(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_document(qtbot, viewer, make_pdf())
    find(qtbot, viewer, "judge", "1 of 3")

    assert assert_accessible(viewer.find_bar) == 4
    assert viewer.find_bar.field.accessibleName() == "Find"
    assert viewer.find_bar.close_button.accessibleName() == "Close find"
    assert_accessible(viewer)
    viewer.find_bar.close_button.click()
    assert not viewer.find_bar.isVisible()


def test_typing_and_esc_in_the_bar_beat_the_viewers_tool_keys(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    """The annotation tools put one-letter keys and Esc on the viewer: typing a query
    types it, and Esc closes the find bar first; with the bar closed, Esc is the tools'."""
    triggered: list[str] = []
    for key in ("D", "U", "Esc"):
        action = QAction(key, viewer)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, key=key: triggered.append(key))
        viewer.addAction(action)
    open_document(qtbot, viewer, make_pdf())

    find(qtbot, viewer, "judge", "1 of 3")
    assert viewer.find_bar.field.text() == "judge"
    qtbot.keyClick(viewer.find_bar.field, Qt.Key.Key_Escape)
    assert not viewer.find_bar.isVisible()
    assert triggered == []

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_Escape)
    assert triggered == ["Esc"]
