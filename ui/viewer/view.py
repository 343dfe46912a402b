"""A PDF reader for warrants: continuous pages, zoom, fit, rotate, thumbnails, find;
keyboard-first.

Pages are laid out at once from their sizes (so the scroll bar is right from the
start) as grey placeholders; only pages near the viewport are rendered, by a
`PageRenderer` off the UI thread, and the images replace the placeholders as they
arrive. Thumbnails (`ui.viewer.thumbnails`) and find (`ui.viewer.find`) use the same
renderer and its one worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import a11y
from ui.viewer.find import FindBar
from ui.viewer.marks import Mark, PageGeometry, Rect
from ui.viewer.page import PageTool, PageView
from ui.viewer.renderer import NEAR, URGENT, FirstPage, PageRenderer
from ui.viewer.thumbnails import ThumbnailStrip

ZOOM_STEPS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
PAGE_GAP = 12  # pixels between pages and around the column
EMPTY_TEXT = "No document open."
PLACEHOLDER_STYLE = "QLabel { background: #d0d0d0; color: #404040; }"


def rendering_text(number: int) -> str:
    return f"Rendering page {number}…"


class DocumentViewer(QWidget):
    """Shows one PDF; `open_pdf(data, title)`, `clear()` on lock. Page numbers are 1-based
    in this class's API, except in marks, which carry the 0-based page of the core."""

    document_opened = Signal(int)  # page count, once the pages are laid out
    current_page_changed = Signal(int)  # 1-based

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        empty_text: str = EMPTY_TEXT,
        default_fit: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._empty_text = empty_text
        self._sizes: list[tuple[float, float]] = []
        self._labels: list[PageView] = []
        self._layers: dict[str, tuple[Mark, ...]] = {}  # find hits, checker, annotations...
        self._tool: PageTool | None = None
        self._shown: dict[int, tuple[int, float, int]] = {}  # page -> key of its pixmap
        self._zoom = 1.0
        self._rotation = 0
        # "width" or "page": kept on resize and for the next document, until a zoom is chosen.
        self._default_fit = default_fit
        self._fit: str | None = default_fit
        self._page = 0  # current page, 1-based; 0 with no document
        self._jumping = False  # scrolling to a page: the page is already known
        self._opening = False  # laying out a document just opened: render nothing yet
        self._viewport_known = False  # the pages area has been laid out (see _first_page)
        # The reader's last word on thumbnails for documents of several pages (None: shown).
        self._thumbnails_choice: bool | None = None
        self.renderer = PageRenderer(self)
        self.renderer.opened.connect(self._opened)
        self.renderer.open_failed.connect(self._open_failed)
        self.renderer.page_rendered.connect(self._page_rendered)
        self.renderer.page_failed.connect(self._page_failed)

        self.title = QLabel()
        self.title.setObjectName("viewer_title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.previous_button = a11y.command_button("Previous", "previous_page", self.previous_page)
        self.previous_button.setToolTip("Previous page (PgUp)")
        self.next_button = a11y.command_button("Next", "next_page", self.next_page)
        self.next_button.setToolTip("Next page (PgDown)")
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("page_number")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(self._spin_changed)
        self.page_label = a11y.buddy_label("&Page", self.page_spin)  # not Pa&ge: Alt+G opens Go
        self.page_total = QLabel()
        self.page_total.setObjectName("page_total")
        self.zoom_out_button = a11y.command_button("Zoom out", "zoom_out", self.zoom_out)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_level")
        self.zoom_in_button = a11y.command_button("Zoom in", "zoom_in", self.zoom_in)
        self.fit_width_button = a11y.command_button("Fit width", "fit_width", self.fit_width)
        self.fit_page_button = a11y.command_button("Fit page", "fit_page", self.fit_page)
        self.rotate_button = a11y.command_button("Rotate", "rotate", self.rotate)
        self.rotate_button.setToolTip("Turn the pages a quarter clockwise (Ctrl+R)")
        self.zoom_in_button.setToolTip("Ctrl+Plus, or Ctrl and the mouse wheel")
        self.zoom_out_button.setToolTip("Ctrl+Minus, or Ctrl and the mouse wheel")
        self.fit_width_button.setToolTip("Ctrl+0")
        self.thumbnails_button = a11y.command_button("Thumbnails", "show_thumbnails", self._toggled)
        self.thumbnails_button.setCheckable(True)
        self.thumbnails_button.setToolTip("Show or hide the page thumbnails (F4)")
        self.find_button = a11y.command_button("Find…", "find", self.open_find)
        self.find_button.setToolTip("Find words in this document (Ctrl+F, then Enter or F3)")

        # Two rows, so the viewer fits beside the queue on a 1280-pixel screen.
        toolbar = QVBoxLayout()
        toolbar.setSpacing(4)
        pages_row = QHBoxLayout()
        pages_row.setSpacing(6)
        pages_row.addWidget(self.previous_button)
        pages_row.addWidget(self.next_button)
        pages_row.addSpacing(8)
        pages_row.addWidget(self.page_label)
        pages_row.addWidget(self.page_spin)
        pages_row.addWidget(self.page_total)
        pages_row.addStretch(1)
        pages_row.addWidget(self.thumbnails_button)
        pages_row.addWidget(self.find_button)
        zoom_row = QHBoxLayout()
        zoom_row.setSpacing(6)
        zoom_widgets: tuple[QWidget, ...] = (
            self.zoom_out_button,
            self.zoom_label,
            self.zoom_in_button,
            self.fit_width_button,
            self.fit_page_button,
            self.rotate_button,
        )
        for widget in zoom_widgets:
            zoom_row.addWidget(widget)
        zoom_row.addStretch(1)
        toolbar.addLayout(pages_row)
        toolbar.addLayout(zoom_row)

        self.message = QLabel(empty_text)
        self.message.setObjectName("viewer_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.pages = QWidget()
        self.pages.setObjectName("viewer_pages")
        self._column = QVBoxLayout(self.pages)
        self._column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self._column.setSpacing(PAGE_GAP)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("viewer_scroll")
        self.scroll_area.setAccessibleName("Pages")
        self.scroll_area.setWidget(self.pages)
        self.scroll_area.setWidgetResizable(False)  # `_fit_column` sizes it: geometry known at once
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.scroll_area.viewport().installEventFilter(self)

        self.thumbnails = ThumbnailStrip(self.renderer)
        self.thumbnails.setObjectName("thumbnails")
        self.thumbnails.hide()
        self.thumbnails.page_chosen.connect(self.go_to_page)
        self.current_page_changed.connect(self.thumbnails.select_page)
        self.find_bar = FindBar(self.renderer, self)
        self.find_bar.setObjectName("find_bar")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(toolbar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.message, 1)
        body = QHBoxLayout()
        body.setSpacing(6)
        body.addWidget(self.thumbnails)
        body.addWidget(self.scroll_area, 1)
        layout.addLayout(body, 1)
        self._build_shortcuts()
        self._show_empty(empty_text)

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        bindings: Sequence[tuple[QKeySequence | str, Callable[[], object]]] = (
            ("PgDown", self.next_page),
            ("PgUp", self.previous_page),
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            ("Ctrl+=", self.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            ("Ctrl+0", self.fit_width),
            ("Ctrl+R", self.rotate),
            ("F4", self.thumbnails_button.click),
            (QKeySequence(QKeySequence.StandardKey.FindNext), self.find_next),
            (QKeySequence(QKeySequence.StandardKey.FindPrevious), self.find_previous),
        )
        self.shortcuts: list[QShortcut] = []
        for keys, slot in bindings:
            sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # ----- state -----

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def current_page(self) -> int:
        """The page being read (1-based); 0 with no document."""
        return self._page

    def _page_in_view(self) -> int:
        """The page at the top third of the viewport; the last one once scrolled to the end."""
        if not self._labels:
            return 0
        bar = self.scroll_area.verticalScrollBar()
        if bar.maximum() > 0 and bar.value() >= bar.maximum():
            return len(self._labels)
        mark = (
            self.scroll_area.verticalScrollBar().value() + self.scroll_area.viewport().height() // 3
        )
        for number, label in enumerate(self._labels, 1):
            if label.geometry().bottom() + PAGE_GAP >= mark:
                return number
        return len(self._labels)

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def rotation(self) -> int:
        return self._rotation

    def page_label_at(self, number: int) -> PageView:
        return self._labels[number - 1]

    def page_size(self, page: int) -> tuple[float, float]:
        """A page's size in points, unrotated (0-based `page`)."""
        return self._sizes[page]

    # ----- marks and tools -----

    def set_marks(self, layer: str, marks: Sequence[Mark]) -> None:
        """Replace one layer of marks (each owner keeps its own layer name)."""
        self._layers[layer] = tuple(marks)
        self._paint_marks()

    def marks(self, layer: str) -> tuple[Mark, ...]:
        return self._layers.get(layer, ())

    def _paint_marks(self) -> None:
        by_page: dict[int, list[Mark]] = {}
        for layer in self._layers.values():
            for mark in layer:
                by_page.setdefault(mark.page, []).append(mark)
        for page, label in enumerate(self._labels):
            label.set_marks(by_page.get(page, ()))

    def set_tool(self, tool: PageTool | None) -> None:
        """Send pointer input on pages to `tool` (None: the pages only scroll)."""
        self._tool = tool
        cursor = Qt.CursorShape.CrossCursor if tool is not None else Qt.CursorShape.ArrowCursor
        for label in self._labels:
            label.tool = tool
            label.setCursor(cursor)

    def focus_pages(self) -> None:
        self.scroll_area.setFocus(Qt.FocusReason.OtherFocusReason)

    def scroll_to_rect(self, page: int, rect: Rect) -> None:
        """Bring a region of a page (0-based, points) into view, as near the top third as
        the scroll range allows, and make that page the current one."""
        if not 0 <= page < len(self._labels):
            return
        label = self._labels[page]
        area = label.geometry_info.rect_to_widget(rect).translated(label.geometry().topLeft())
        bar = self.scroll_area.verticalScrollBar()
        self._jumping = True
        try:
            bar.setValue(round(area.top() - self.scroll_area.viewport().height() / 3))
            horizontal = self.scroll_area.horizontalScrollBar()
            shown = self.scroll_area.viewport().width()
            if area.left() < horizontal.value() or area.right() > horizontal.value() + shown:
                horizontal.setValue(round(area.center().x() - shown / 2))
        finally:
            self._jumping = False
        self._page = page + 1
        self._render_visible()
        self._sync_spin()

    # ----- opening and clearing -----

    def open_pdf(self, data: bytes, title: str, *, keep_marks: bool = False) -> None:
        """Show a PDF held in memory; pages appear as they are rendered. `keep_marks`:
        the same document again (a new rendition), so its marks stay."""
        self._reset_pages()
        if not keep_marks:
            self._layers = {}
        self.find_bar.reset()
        self.title.setText(title)
        self._show_empty(f"Opening {title}…")
        self.renderer.open(data, self._first_page())

    def _first_page(self) -> FirstPage | None:
        """How the next document's first page will be shown, worked out from the page
        sizes the way `fit_width`/`fit_page`/`set_zoom` will (same arithmetic, same
        floats), so the render thread can start on it at once. None until the pages
        area has been laid out once (its width is not known before)."""
        if not self._viewport_known:
            return None
        fit, zoom, rotation = self._fit, self._zoom, self._rotation
        width, height = self._available()
        ratio = self.devicePixelRatioF()

        def first_page(sizes: list[tuple[float, float]]) -> tuple[float, int]:
            turned = [(h, w) if rotation % 180 else (w, h) for w, h in sizes]
            widest, tallest = max(w for w, _ in turned), max(h for _, h in turned)
            wanted = zoom
            if fit == "width":
                wanted = width / widest
            elif fit == "page":
                wanted = min(width / widest, height / tallest)
            return max(MIN_ZOOM, min(MAX_ZOOM, wanted)) * ratio, rotation

        return first_page

    def show_message(self, text: str) -> None:
        """Show `text` instead of pages (loading, or why a document cannot be shown)."""
        self.renderer.release()  # the thread stays: the next document opens sooner
        self._reset_pages()
        self.find_bar.reset()
        self._show_empty(text)

    def clear(self) -> None:
        """Drop the document, its images and its title (lock): nothing of it stays."""
        self.renderer.close()
        self._reset_pages()
        self._layers = {}
        self.find_bar.reset()
        self.title.clear()
        self._zoom, self._rotation, self._fit = 1.0, 0, self._default_fit
        self._show_empty(self._empty_text)

    def _reset_pages(self) -> None:
        for label in self._labels:
            self._column.removeWidget(label)
            label.clear()  # the image goes now, not when the label is deleted
            label.deleteLater()
        self._labels = []
        self._sizes = []
        self._shown = {}
        self._page = 0
        self.thumbnails.clear()  # their images go with the pages'

    def _show_empty(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.scroll_area.hide()
        self.thumbnails.hide()
        self._update_controls()

    def _opened(self, sizes: object) -> None:
        assert isinstance(sizes, list)
        self._sizes = [(float(w), float(h)) for w, h in sizes]
        for number in range(1, len(self._sizes) + 1):
            label = PageView(number - 1, rendering_text(number))
            label.setObjectName(f"page_{number}")
            label.setAccessibleName(f"Page {number}")
            label.tool = self._tool
            if self._tool is not None:
                label.setCursor(Qt.CursorShape.CrossCursor)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet(PLACEHOLDER_STYLE)
            self._column.addWidget(label)
            self._labels.append(label)
        # Laid out at its final zoom before anything is rendered: a page rendered at a
        # zoom about to change would hold the render thread (and the GIL) for nothing.
        self._opening = True
        self.renderer.hold_back()  # thumbnails wait until the first page is on screen
        try:
            self.message.hide()
            self.scroll_area.show()
            self.thumbnails.setVisible(self._thumbnails_wanted())
            self._page = 1
            self._layout_pages()
            if self._fit == "width":
                self.fit_width()
            elif self._fit == "page":
                self.fit_page()
            self._paint_marks()
            self.go_to_page(1)
            self.thumbnails.set_pages(self._sizes, self._rotation)
            self.thumbnails.select_page(self._page)
            self.document_opened.emit(len(self._labels))
        finally:
            self._opening = False
        self._viewport_known = True
        # Last: while the render thread draws the first page it holds the GIL, and any
        # Python work here would wait for it and delay showing that page.
        self._render_visible()

    def _open_failed(self, message: str) -> None:
        title = self.title.text() or "This document"
        self._show_empty(f"{title} could not be shown: it is not a readable PDF ({message}).")

    # ----- layout and rendering -----

    def _page_size(self, number: int, zoom: float | None = None) -> tuple[int, int]:
        width, height = self._sizes[number - 1]
        if self._rotation % 180:
            width, height = height, width
        scale = self._zoom if zoom is None else zoom
        return round(width * scale), round(height * scale)

    def _layout_pages(self) -> None:
        for number, label in enumerate(self._labels, 1):
            label.setFixedSize(*self._page_size(number))
            width, height = self._sizes[number - 1]
            label.geometry_info = PageGeometry(width, height, self._zoom, self._rotation)
        self._fit_column()
        self._update_controls()
        self._render_visible()

    def _fit_column(self) -> None:
        """Size the column to its pages (at least the view's width), laying them out now."""
        hint = self._column.totalSizeHint()
        width = max(hint.width(), self.scroll_area.viewport().width())
        self.pages.resize(width, max(hint.height(), self.scroll_area.viewport().height()))
        self._column.activate()

    def _render_scale(self) -> float:
        return self._zoom * self.devicePixelRatioF()

    def _render_visible(self) -> None:
        """Render the pages within a screen of the viewport; forget those far away."""
        if not self._labels or not self.scroll_area.isVisible() or self._opening:
            return
        top = self.scroll_area.verticalScrollBar().value()
        height = max(1, self.scroll_area.viewport().height())
        near = (top - height, top + 2 * height)
        keep = (top - 3 * height, top + 4 * height)
        scale = self._render_scale()
        for page, label in enumerate(self._labels):
            geometry = label.geometry()
            key = (page, scale, self._rotation)
            if geometry.bottom() >= near[0] and geometry.top() <= near[1]:
                if self._shown.get(page) == key:
                    continue
                image = self.renderer.cached(*key)
                if image is not None:
                    self._show_image(page, key, image)
                else:
                    on_screen = geometry.bottom() >= top and geometry.top() <= top + height
                    self.renderer.request(*key, priority=URGENT if on_screen else NEAR)
            elif (geometry.bottom() < keep[0] or geometry.top() > keep[1]) and page in self._shown:
                self._show_placeholder(page)

    def _page_rendered(self, page: int, zoom: float, rotation: int, image: QImage) -> None:
        if page < len(self._labels) and (zoom, rotation) == (self._render_scale(), self._rotation):
            self._show_image(page, (page, zoom, rotation), image)

    def _page_failed(self, page: int, message: str) -> None:
        if page < len(self._labels):
            self._show_placeholder(page, f"Page {page + 1} could not be shown: {message}")

    def _show_image(self, page: int, key: tuple[int, float, int], image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        label = self._labels[page]
        label.setStyleSheet("")
        label.setPixmap(pixmap)
        self._shown[page] = key

    def _show_placeholder(self, page: int, text: str | None = None) -> None:
        label = self._labels[page]
        label.clear()
        label.setStyleSheet(PLACEHOLDER_STYLE)
        label.setText(text or rendering_text(page + 1))
        self._shown.pop(page, None)

    def _scrolled(self, _value: int) -> None:
        self._render_visible()
        if not self._jumping:
            self._page = self._page_in_view()
            self._sync_spin()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit == "width":
            self.fit_width()
        elif self._fit == "page":
            self.fit_page()
        else:
            self._render_visible()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._render_visible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            if self._labels:
                self._fit_column()
                self._render_visible()
            return False
        if (
            watched is self.scroll_area.viewport()
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            delta = event.angleDelta().y()
            if delta > 0:
                self.zoom_in()
            elif delta < 0:
                self.zoom_out()
            return True
        return super().eventFilter(watched, event)

    # ----- navigation -----

    def go_to_page(self, number: int) -> None:
        if not self._labels:
            return
        number = max(1, min(number, len(self._labels)))
        label = self._labels[number - 1]
        self._page = number
        self._jumping = True
        try:
            self.scroll_area.verticalScrollBar().setValue(label.geometry().top() - PAGE_GAP)
        finally:
            self._jumping = False
        self._render_visible()
        self._sync_spin()

    def next_page(self) -> None:
        self.go_to_page(self.current_page + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page - 1)

    def _spin_changed(self, number: int) -> None:
        if number and number != self.current_page:
            self.go_to_page(number)

    def _sync_spin(self) -> None:
        if self._page != self.page_spin.value() and self._page:
            self.current_page_changed.emit(self._page)
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(self._page)
        self.page_spin.blockSignals(False)
        self._update_buttons()

    # ----- zoom and rotation -----

    def set_zoom(self, zoom: float, *, fit: str | None = None) -> None:
        if not self._labels:
            return
        page = self.current_page
        self._fit = fit
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._layout_pages()
        self.go_to_page(page)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-6), MAX_ZOOM))

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self._zoom - 1e-6]
        self.set_zoom(smaller[-1] if smaller else MIN_ZOOM)

    def _widest_and_tallest(self) -> tuple[float, float]:
        sizes = [(h, w) if self._rotation % 180 else (w, h) for w, h in self._sizes]
        return max(w for w, _ in sizes), max(h for _, h in sizes)

    def _available(self) -> tuple[int, int]:
        viewport = self.scroll_area.viewport()
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        width = viewport.width() - 2 * PAGE_GAP
        if not self.scroll_area.verticalScrollBar().isVisibleTo(self.scroll_area):
            width -= bar  # it appears once the pages are taller than the view
        return max(1, width), max(1, viewport.height() - 2 * PAGE_GAP)

    def fit_width(self) -> None:
        if self._sizes:
            widest, _ = self._widest_and_tallest()
            self.set_zoom(self._available()[0] / widest, fit="width")

    def fit_page(self) -> None:
        if self._sizes:
            widest, tallest = self._widest_and_tallest()
            width, height = self._available()
            self.set_zoom(min(width / widest, height / tallest), fit="page")

    def rotate(self) -> None:
        if not self._labels:
            return
        page = self.current_page
        self._rotation = (self._rotation + 90) % 360
        for number in range(len(self._labels)):
            self._show_placeholder(number)  # a stretched, unturned page would mislead
        if self._fit == "width":
            self.fit_width()
        elif self._fit == "page":
            self.fit_page()
        else:
            self._layout_pages()
        self.go_to_page(page)
        self.thumbnails.set_pages(self._sizes, self._rotation)
        self.thumbnails.select_page(page)

    # ----- controls -----

    def _update_controls(self) -> None:
        count = len(self._labels)
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1 if count else 0, count)
        self.page_spin.blockSignals(False)
        self.page_total.setText(f"of {count}" if count else "")
        self.zoom_label.setText(f"{round(self._zoom * 100)}%" if count else "")
        for widget in (
            self.page_spin,
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_width_button,
            self.fit_page_button,
            self.rotate_button,
            self.thumbnails_button,
            self.find_button,
        ):
            widget.setEnabled(bool(count))
        self.thumbnails_button.setChecked(self.thumbnails.isVisibleTo(self))
        self._sync_spin()

    def _update_buttons(self) -> None:
        page, count = self.current_page, len(self._labels)
        self.previous_button.setEnabled(page > 1)
        self.next_button.setEnabled(0 < page < count)
        self.zoom_out_button.setEnabled(bool(count) and self._zoom > MIN_ZOOM + 1e-6)
        self.zoom_in_button.setEnabled(bool(count) and self._zoom < MAX_ZOOM - 1e-6)

    # ----- thumbnails -----

    def _thumbnails_wanted(self) -> bool:
        """Shown for documents of several pages, unless the reader has hidden them."""
        return len(self._sizes) > 1 and self._thumbnails_choice is not False

    def _toggled(self) -> None:
        shown = self.thumbnails_button.isChecked()
        if not self._labels:
            self.thumbnails_button.setChecked(False)
            return
        if len(self._labels) > 1:
            self._thumbnails_choice = shown
        self.thumbnails.setVisible(shown)
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the pages' width changes now, so fitting sees it
        if self._fit == "width":
            self.fit_width()
        elif self._fit == "page":
            self.fit_page()
        else:
            self._render_visible()

    # ----- find -----

    def open_find(self) -> None:
        """Open the find bar (Ctrl+F while reading; the window's own Ctrl+F elsewhere)."""
        if self._labels:
            self.find_bar.open_bar()

    def find_next(self) -> None:
        if self.find_bar.isHidden():
            self.open_find()
        else:
            self.find_bar.next()

    def find_previous(self) -> None:
        if self.find_bar.isHidden():
            self.open_find()
        else:
            self.find_bar.previous()

    def event(self, event: QEvent) -> bool:
        # The main window binds Ctrl+F to searching all cases. While the focus is in
        # the viewer with a document open, Ctrl+F means find in this document: claiming
        # the key here stops the window's shortcut and delivers it as a key press.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._labels
            and (event.matches(QKeySequence.StandardKey.Find) or self._closes_find(event))
        ):
            event.accept()
            return True
        return super().event(event)

    def _closes_find(self, event: QKeyEvent) -> bool:
        return event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._labels and event.matches(QKeySequence.StandardKey.Find):
            self.open_find()
            event.accept()
        elif self._closes_find(event) and not event.modifiers():
            self.find_bar.close_bar()
            event.accept()
        else:
            super().keyPressEvent(event)
