"""Page thumbnails beside the viewer: lazy rendering, going to a page, following the reader."""

from __future__ import annotations

from collections.abc import Iterator

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.ui.helpers import assert_accessible
from tests.ui.viewer.conftest import shown_viewer
from ui.viewer.thumbnails import BOX, ThumbnailModel
from ui.viewer.view import DocumentViewer

WIDTH, HEIGHT = 200, 300
WAIT_MS = 5000


def make_pages(count: int, *, width: float = WIDTH, height: float = HEIGHT) -> bytes:
    doc = pymupdf.open()
    for number in range(1, count + 1):
        page = doc.new_page(width=width, height=height)
        page.insert_text((20, 40), f"Warrant page {number}", fontsize=16)
    data: bytes = doc.tobytes()
    doc.close()
    return data


@pytest.fixture
def viewer(qtbot: QtBot) -> Iterator[DocumentViewer]:
    with shown_viewer(qtbot, 800, 560) as made:
        yield made


def open_pages(qtbot: QtBot, viewer: DocumentViewer, count: int) -> None:
    viewer.open_pdf(make_pages(count), "warrant.pdf")
    qtbot.waitUntil(lambda: viewer.page_count == count, timeout=WAIT_MS)
    viewer.scroll_area.setFocus()


def thumbnail_rendered(viewer: DocumentViewer, row: int) -> bool:
    pixmap = viewer.thumbnails.model.image(row)
    return pixmap is not None and not pixmap.isNull()


def wait_for_thumbnail(qtbot: QtBot, viewer: DocumentViewer, row: int) -> None:
    qtbot.waitUntil(lambda: thumbnail_rendered(viewer, row), timeout=WAIT_MS)


def test_a_multi_page_document_shows_rendered_thumbnails(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    open_pages(qtbot, viewer, 3)
    strip = viewer.thumbnails

    assert strip.isVisible()
    assert viewer.thumbnails_button.isChecked()
    assert strip.model.rowCount() == 3
    wait_for_thumbnail(qtbot, viewer, 0)
    pixmap = strip.model.image(0)
    assert pixmap is not None
    image = pixmap.toImage()
    # The page is white with black text, centred in the box, framed in grey.
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre.name() == "#ffffff"
    assert pixmap.deviceIndependentSize().toSize() == BOX
    assert strip.selected_page == 1
    # Until a thumbnail is rendered, a grey placeholder of the page's shape stands in.
    index = strip.model.index(2, 0)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None


def test_thumbnails_are_named_for_a_screen_reader(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 3)
    strip = viewer.thumbnails

    assert strip.list.accessibleName() == "Thumbnails"
    assert strip.heading.text() == "Thumbnails"
    names = [strip.model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) for row in range(3)]
    assert names == ["Page 1", "Page 2", "Page 3"]
    assert strip.model.index(1, 0).data(Qt.ItemDataRole.DisplayRole) == "2"
    assert_accessible(viewer)
    assert viewer.thumbnails_button.accessibleName() == "Thumbnails"


def test_clicking_a_thumbnail_goes_to_its_page(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 4)
    strip = viewer.thumbnails
    index = strip.model.index(2, 0)
    strip.list.scrollTo(index)

    qtbot.mouseClick(
        strip.list.viewport(), Qt.MouseButton.LeftButton, pos=strip.list.visualRect(index).center()
    )

    assert viewer.current_page == 3
    assert viewer.page_spin.value() == 3
    label = viewer.page_label_at(3)
    assert viewer.scroll_area.verticalScrollBar().value() <= label.geometry().top()
    assert strip.selected_page == 3


def test_arrow_keys_and_enter_on_thumbnails_go_to_pages(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    open_pages(qtbot, viewer, 4)
    strip = viewer.thumbnails
    strip.list.setFocus()

    qtbot.keyClick(strip.list, Qt.Key.Key_Down)
    assert viewer.current_page == 2
    qtbot.keyClick(strip.list, Qt.Key.Key_End)
    assert viewer.current_page == 4
    qtbot.keyClick(strip.list, Qt.Key.Key_Up)
    assert viewer.current_page == 3

    # Read on a little down page 3, then Enter on its thumbnail: back to its top.
    bar = viewer.scroll_area.verticalScrollBar()
    top = bar.value()
    bar.setValue(top + 40)
    assert viewer.current_page == 3
    qtbot.keyClick(strip.list, Qt.Key.Key_Return)
    assert bar.value() == top


def test_the_selection_follows_the_reader(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 5)
    strip = viewer.thumbnails
    bar = viewer.scroll_area.verticalScrollBar()

    bar.setValue(viewer.page_label_at(3).geometry().top())
    assert viewer.current_page == 3
    assert strip.selected_page == 3

    bar.setValue(bar.maximum())
    assert viewer.current_page == 5
    assert strip.selected_page == 5
    # The selected thumbnail is scrolled into the strip's view.
    rect = strip.list.visualRect(strip.model.index(4, 0))
    assert strip.list.viewport().rect().intersects(rect)

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_PageUp)
    assert strip.selected_page == 4


def test_only_thumbnails_near_the_strips_view_render(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 40)
    strip = viewer.thumbnails
    wait_for_thumbnail(qtbot, viewer, 0)

    # Rows far below the strip's view were never asked for.
    assert not thumbnail_rendered(viewer, 39)
    assert len(strip.model.rendered_rows) < 20

    strip.list.scrollTo(strip.model.index(20, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
    wait_for_thumbnail(qtbot, viewer, 20)
    assert not thumbnail_rendered(viewer, 39)

    strip.list.scrollToBottom()
    wait_for_thumbnail(qtbot, viewer, 39)
    assert not thumbnail_rendered(viewer, 0)  # far above now: its image was dropped


def test_one_page_documents_open_without_thumbnails(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 1)

    assert not viewer.thumbnails.isVisible()
    assert not viewer.thumbnails_button.isChecked()
    assert viewer.thumbnails_button.isEnabled()

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_F4)
    assert viewer.thumbnails.isVisible()
    assert viewer.thumbnails_button.isChecked()
    wait_for_thumbnail(qtbot, viewer, 0)

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_F4)
    assert not viewer.thumbnails.isVisible()


def test_hidden_thumbnails_stay_hidden_for_the_next_document(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    open_pages(qtbot, viewer, 3)
    viewer.thumbnails_button.click()
    assert not viewer.thumbnails.isVisible()

    open_pages(qtbot, viewer, 3)
    assert not viewer.thumbnails.isVisible()
    assert not viewer.thumbnails_button.isChecked()

    viewer.thumbnails_button.click()
    open_pages(qtbot, viewer, 2)
    assert viewer.thumbnails.isVisible()


def test_fit_width_makes_room_for_the_strip(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 3)
    viewer.fit_width()
    with_strip = viewer.zoom

    viewer.thumbnails_button.click()

    assert viewer.zoom > with_strip  # the pages took the strip's width
    label = viewer.page_label_at(1)
    assert label.width() <= viewer.scroll_area.viewport().width()


def test_thumbnails_turn_with_the_pages(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 2)
    wait_for_thumbnail(qtbot, viewer, 0)

    def top_band_is_empty() -> bool:
        pixmap = viewer.thumbnails.model.image(0)
        assert pixmap is not None
        return pixmap.toImage().pixelColor(BOX.width() // 2, 10).alpha() == 0

    assert not top_band_is_empty()  # a portrait page fills the box's height

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)

    wait_for_thumbnail(qtbot, viewer, 0)
    assert top_band_is_empty()  # turned a quarter, it is wide and short


def test_clear_drops_every_thumbnail(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_pages(qtbot, viewer, 3)
    wait_for_thumbnail(qtbot, viewer, 0)

    viewer.clear()

    assert viewer.thumbnails.model.rowCount() == 0
    assert viewer.thumbnails.model.rendered_rows == []
    assert not viewer.thumbnails.isVisible()
    assert not viewer.thumbnails_button.isEnabled()


def test_the_model_is_a_sound_list_model(qtmodeltester: ModelTester) -> None:
    from PySide6.QtGui import QPixmap

    model = ThumbnailModel()
    placeholder = QPixmap(BOX)
    model.set_pages([placeholder] * 3)
    model.set_image(1, placeholder)
    qtmodeltester.check(model)
    model.set_image(1, None)
    assert model.rendered_rows == []
