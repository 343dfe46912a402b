"""The PDF viewer: pages render off the UI thread, navigation, zoom, rotation, errors, clearing."""

from __future__ import annotations

from collections.abc import Iterator

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QThread
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import assert_accessible
from tests.ui.viewer.conftest import shown_viewer
from ui.viewer.renderer import PageRenderer
from ui.viewer.view import DocumentViewer

WIDTH, HEIGHT = 200, 300  # points: at zoom 1 a page is 200 x 300 pixels
WAIT_MS = 5000


def make_pages(count: int = 3) -> bytes:
    doc = pymupdf.open()
    for number in range(1, count + 1):
        page = doc.new_page(width=WIDTH, height=HEIGHT)
        page.insert_text((20, 40), f"Warrant page {number}")
    data: bytes = doc.tobytes()
    doc.close()
    return data


@pytest.fixture
def viewer(qtbot: QtBot) -> Iterator[DocumentViewer]:
    with shown_viewer(qtbot, 700, 500) as made:
        yield made


def shown_size(viewer: DocumentViewer, number: int) -> tuple[int, int] | None:
    label = viewer.page_label_at(number)
    pixmap = label.pixmap()
    if pixmap.isNull():
        return None
    return pixmap.width(), pixmap.height()


def wait_for_page(qtbot: QtBot, viewer: DocumentViewer, number: int, size: tuple[int, int]) -> None:
    qtbot.waitUntil(lambda: shown_size(viewer, number) == size, timeout=WAIT_MS)
    label = viewer.page_label_at(number)
    assert (label.width(), label.height()) == size


def open_three(qtbot: QtBot, viewer: DocumentViewer) -> None:
    viewer.open_pdf(make_pages(3), "warrant.pdf")
    qtbot.waitUntil(lambda: viewer.page_count == 3, timeout=WAIT_MS)
    wait_for_page(qtbot, viewer, 1, (WIDTH, HEIGHT))
    viewer.scroll_area.setFocus()  # the page keys work while the reader is in the viewer


def test_the_first_page_renders_at_its_size(qtbot: QtBot, viewer: DocumentViewer) -> None:
    assert viewer.page_count == 0
    open_three(qtbot, viewer)

    assert viewer.current_page == 1
    assert viewer.page_spin.value() == 1
    assert viewer.page_total.text() == "of 3"
    assert viewer.title.text() == "warrant.pdf"
    assert not viewer.previous_button.isEnabled()
    assert viewer.next_button.isEnabled()
    image = viewer.renderer.cached(0, 1.0, 0)
    assert image is not None and image.pixelColor(5, 5).name() == "#ffffff"


def test_page_three_from_the_spin_box(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)

    viewer.page_spin.setValue(3)

    assert viewer.current_page == 3
    wait_for_page(qtbot, viewer, 3, (WIDTH, HEIGHT))
    bar = viewer.scroll_area.verticalScrollBar()
    assert bar.value() > 0
    assert not viewer.next_button.isEnabled()
    viewer.previous_page()
    assert viewer.current_page == 2
    assert viewer.page_spin.value() == 2


def test_zoom_in_doubles_and_rotation_swaps(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)

    viewer.zoom_in_button.click()
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)

    assert viewer.zoom == 2.0
    assert viewer.zoom_label.text() == "200%"
    wait_for_page(qtbot, viewer, 1, (2 * WIDTH, 2 * HEIGHT))

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)

    assert viewer.rotation == 90
    wait_for_page(qtbot, viewer, 1, (2 * HEIGHT, 2 * WIDTH))

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == 1.5


def test_fit_width_and_fit_page(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    viewport = viewer.scroll_area.viewport()
    label = viewer.page_label_at(1)
    assert viewer.zoom > 1
    assert label.width() <= viewport.width()
    assert label.width() > viewport.width() - 60

    viewer.fit_page_button.click()
    assert label.height() <= viewport.height()
    assert label.height() > viewport.height() - 60


def test_page_down_goes_to_the_next_page(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)

    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_PageDown)
    assert viewer.current_page == 2
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_PageUp)
    assert viewer.current_page == 1


def test_pages_render_off_the_ui_thread(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)

    render_thread = viewer.renderer.worker.render_thread
    assert render_thread is not None
    assert render_thread is not QThread.currentThread()  # the test runs on the UI thread
    app = QApplication.instance()
    assert app is not None and render_thread is not app.thread()
    assert render_thread is viewer.renderer.thread_for_tests


def test_a_corrupt_pdf_shows_a_message(qtbot: QtBot, viewer: DocumentViewer) -> None:
    viewer.open_pdf(b"%PDF-1.7 this is not really a PDF", "broken.pdf")

    qtbot.waitUntil(lambda: "could not be shown" in viewer.message.text(), timeout=WAIT_MS)
    assert "broken.pdf" in viewer.message.text()
    assert viewer.page_count == 0
    assert viewer.message.isVisible()
    assert not viewer.scroll_area.isVisible()


def test_clear_drops_the_pages_and_stops_the_thread(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)
    labels = [viewer.page_label_at(n) for n in (1, 2, 3)]
    assert viewer.renderer.running

    viewer.clear()

    assert not viewer.renderer.running
    assert viewer.page_count == 0
    assert viewer.title.text() == ""
    assert viewer.renderer.cached_bytes == 0
    assert all(label.pixmap().isNull() for label in labels)

    open_three(qtbot, viewer)  # and it opens again afterwards


def test_newer_requests_for_a_page_supersede_older_ones(qtbot: QtBot) -> None:
    renderer = PageRenderer()
    rendered: list[tuple[int, float, int]] = []
    renderer.page_rendered.connect(lambda p, z, r, _image: rendered.append((p, z, r)))
    try:
        with qtbot.waitSignal(renderer.opened, timeout=WAIT_MS):
            renderer.open(make_pages(2))
        for zoom in (0.5, 0.75, 1.0, 1.5):
            renderer.request(0, zoom, 0)
        renderer.request(1, 1.0, 0)
        qtbot.waitUntil(lambda: (0, 1.5, 0) in rendered and (1, 1.0, 0) in rendered)
        qtbot.wait(50)
        assert rendered.count((0, 1.5, 0)) == 1
        assert len([r for r in rendered if r[0] == 0]) < 4  # stale zooms were skipped
    finally:
        renderer.close()
    assert not renderer.running


def test_the_cache_is_bounded(qtbot: QtBot) -> None:
    renderer = PageRenderer(cache_bytes=2 * WIDTH * HEIGHT * 3)
    try:
        with qtbot.waitSignal(renderer.opened, timeout=WAIT_MS):
            renderer.open(make_pages(3))
        for page in range(3):
            with qtbot.waitSignal(renderer.page_rendered, timeout=WAIT_MS):
                renderer.request(page, 1.0, 0)
        assert renderer.cached(0, 1.0, 0) is None  # the least recently used went first
        assert renderer.cached(2, 1.0, 0) is not None
        assert renderer.cached_bytes <= 2 * WIDTH * HEIGHT * 3 + 4 * HEIGHT
    finally:
        renderer.close()


def test_the_viewer_is_accessible(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)
    assert assert_accessible(viewer) >= 8
    assert viewer.page_spin.accessibleName() == "Page"


def test_ctrl_wheel_zooms(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_three(qtbot, viewer)
    viewport = viewer.scroll_area.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)

    def wheel(delta: int) -> None:
        event = QWheelEvent(
            centre,
            viewport.mapToGlobal(centre),
            QPoint(0, 0),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)

    wheel(120)
    assert viewer.zoom == 1.5
    wheel(-120)
    wheel(-120)
    assert viewer.zoom == 0.75
