"""A strip of page thumbnails beside the viewer's pages: see where you are, jump anywhere.

Thumbnails render lazily, only for the items in (or near) the strip's view, through
the viewer's own `PageRenderer` on its THUMBNAILS channel, so they never supersede a
page the reader is waiting for; a grey box of the page's shape stands in until then.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui.viewer.renderer import THUMBNAILS, PageRenderer

# Every item gets the same box (uniform item sizes keep a 500-page strip cheap to lay
# out); a page is scaled to fit it, so landscape pages come out shorter.
BOX = QSize(120, 156)
SPACING = 4
PLACEHOLDER = QColor("#d0d0d0")
BORDER = QColor("#808080")

AnyIndex = QModelIndex | QPersistentModelIndex


def page_name(number: int) -> str:
    return f"Page {number}"


class ThumbnailModel(QAbstractListModel):
    """One row per page (row = 0-based page): its number, and its image once rendered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._images: dict[int, QPixmap] = {}
        self._icons: dict[int, QIcon] = {}
        self._placeholders: list[QIcon] = []

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self._count

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(row, self._placeholders[row])
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return page_name(row + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignHCenter
        return None

    def set_pages(self, placeholders: Sequence[QPixmap]) -> None:
        self.beginResetModel()
        self._count = len(placeholders)
        icons: dict[int, QIcon] = {}
        for pixmap in placeholders:
            if pixmap.cacheKey() not in icons:
                icons[pixmap.cacheKey()] = page_icon(pixmap)
        self._placeholders = [icons[pixmap.cacheKey()] for pixmap in placeholders]
        self._images = {}
        self._icons = {}
        self.endResetModel()

    def image(self, row: int) -> QPixmap | None:
        return self._images.get(row)

    def set_image(self, row: int, pixmap: QPixmap | None) -> None:
        if pixmap is None:
            if self._images.pop(row, None) is None:
                return
            del self._icons[row]
        else:
            self._images[row] = pixmap
            self._icons[row] = page_icon(pixmap)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    @property
    def rendered_rows(self) -> list[int]:
        return sorted(self._images)


def page_icon(pixmap: QPixmap) -> QIcon:
    """The same image when selected: the selection shows in the page number below it,
    and a page tinted blue would no longer look like the page."""
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
        icon.addPixmap(pixmap, mode)
    return icon


def boxed(image: QImage | None, size: QSize, ratio: float) -> QPixmap:
    """The page (or a grey stand-in of `size`) centred in the common box, framed."""
    pixmap = QPixmap(BOX * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    left = (BOX.width() - size.width()) / 2
    top = (BOX.height() - size.height()) / 2
    target = QRectF(left, top, size.width(), size.height())
    if image is None:
        painter.fillRect(target, PLACEHOLDER)
    else:
        painter.drawImage(target, image)
    painter.setPen(QPen(BORDER, 1))
    painter.drawRect(target.adjusted(0.5, 0.5, -0.5, -0.5))
    painter.end()
    return pixmap


class ThumbnailStrip(QWidget):
    """The strip: `set_pages` when a document opens, `select_page` as the reader scrolls;
    `page_chosen` (1-based) when the reader picks a thumbnail by mouse or keyboard."""

    page_chosen = Signal(int)

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self._sizes: list[QSize] = []  # each page's thumbnail size, in device-independent px
        self._zooms: list[float] = []  # each page's render zoom, before the pixel ratio
        self._rotation = 0
        self._keys: dict[int, tuple[int, float, int]] = {}  # page -> the render it waits for
        self._syncing = False
        self.model = ThumbnailModel(self)
        self.list = QListView()
        self.list.setObjectName("thumbnail_list")
        self.list.setModel(self.model)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.TopToBottom)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(BOX)
        self.list.setSpacing(SPACING)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.heading = QLabel("Thumbnails")
        self.heading.setBuddy(self.list)
        self.list.setAccessibleName("Thumbnails")
        # The box, the item's own margin, the spacing around it, the frame, a scroll bar.
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        frame = 2 * self.list.frameWidth()
        self.setFixedWidth(BOX.width() + 8 + 2 * SPACING + frame + scroll_bar)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

        self.list.verticalScrollBar().valueChanged.connect(self._render_visible)
        self.list.viewport().installEventFilter(self)
        self.list.clicked.connect(self._chosen)
        self.list.activated.connect(self._chosen)
        selection = self.list.selectionModel()
        selection.currentChanged.connect(self._current_changed)
        renderer.page_rendered.connect(self._page_rendered)

    # ----- pages -----

    def set_pages(self, sizes: Sequence[tuple[float, float]], rotation: int) -> None:
        """Lay out one placeholder per page (sizes in points, unrotated)."""
        ratio = self.devicePixelRatioF()
        self._keys = {}
        self._sizes = []
        self._zooms = []
        self._rotation = rotation
        placeholders = []
        shared: dict[tuple[int, int], QPixmap] = {}  # most pages share one size
        for width, height in sizes:
            if rotation % 180:
                width, height = height, width
            zoom = min(BOX.width() / width, BOX.height() / height)
            self._zooms.append(zoom)
            size = QSize(max(1, round(width * zoom)), max(1, round(height * zoom)))
            self._sizes.append(size)
            if (size.width(), size.height()) not in shared:
                shared[size.width(), size.height()] = boxed(None, size, ratio)
            placeholders.append(shared[size.width(), size.height()])
        self.model.set_pages(placeholders)
        self._render_visible()

    def clear(self) -> None:
        """Drop every thumbnail (lock): no image of the document stays."""
        self._keys = {}
        self._sizes = []
        self._zooms = []
        self.model.set_pages([])

    def select_page(self, number: int) -> None:
        """Follow the reader: select page `number` (1-based) and keep it in view."""
        if not 1 <= number <= self.model.rowCount():
            return
        index = self.model.index(number - 1, 0)
        if self.list.currentIndex() != index:
            self._syncing = True
            try:
                self.list.setCurrentIndex(index)
            finally:
                self._syncing = False
        self.list.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    @property
    def selected_page(self) -> int:
        """The selected thumbnail's page (1-based); 0 with none."""
        index = self.list.currentIndex()
        return index.row() + 1 if index.isValid() else 0

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.page_chosen.emit(index.row() + 1)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self.page_chosen.emit(current.row() + 1)  # arrow keys, Home, End, PgDown

    # ----- lazy rendering -----

    def _render_visible(self) -> None:
        """Render the thumbnails within a strip's height of the view; drop far ones."""
        if not self._sizes or not self.list.isVisible():
            return
        view = self.list.viewport().rect()
        height = max(1, view.height())
        near = view.adjusted(0, -height, 0, height)
        keep = view.adjusted(0, -4 * height, 0, 4 * height)
        ratio = self.devicePixelRatioF()
        for row in self._rows_within(near):
            key = (row, self._zooms[row] * ratio, self._rotation)
            if self._keys.get(row) == key and self.model.image(row) is not None:
                continue
            self._keys[row] = key
            image = self.renderer.cached(*key)
            if image is not None:
                self._show(row, image)
            else:
                self.renderer.request(*key, channel=THUMBNAILS)
        kept = self._rows_within(keep)
        for row in [r for r in self._keys if r not in kept]:
            del self._keys[row]  # an image still on its way is not shown either
            self.model.set_image(row, None)

    def _rows_within(self, area: QRect) -> range:
        """The rows whose items meet `area` (viewport pixels), from the item pitch
        (uniform sizes, one column), so a 500-page strip is not walked on every scroll."""
        count = self.model.rowCount()
        first = self.list.visualRect(self.model.index(0, 0))
        if count < 2:
            return range(count if first.intersects(area) else 0)
        pitch = self.list.visualRect(self.model.index(1, 0)).top() - first.top()
        if pitch <= 0:
            return range(count)  # not laid out yet: consider them all
        start = max(0, (area.top() - first.bottom()) // pitch)
        stop = min(count, (area.bottom() - first.top()) // pitch + 1)
        return range(start, max(start, stop))

    def _page_rendered(self, page: int, zoom: float, rotation: int, image: QImage) -> None:
        if self._keys.get(page) == (page, zoom, rotation):
            self._show(page, image)

    def _show(self, row: int, image: QImage) -> None:
        self.model.set_image(row, boxed(image, self._sizes[row], self.devicePixelRatioF()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            self._render_visible()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._render_visible()
