"""Pages of one PDF rendered on a thread of their own, with a bounded image cache.

PyMuPDF is not thread-safe, so one worker on one `QThread` owns the open document
(CONVENTIONS: "one worker owns each open document"); the UI thread only sends
requests and receives finished `QImage`s through queued signals. The document is
opened from bytes in memory: a decrypted warrant never touches the disk.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QImage

from legal_desk.documents.pdf import load_pymupdf

CACHE_BYTES = 60 * 1024 * 1024
Key = tuple[int, float, int]  # page (0-based), zoom, rotation in degrees


class _Worker(QObject):
    """Lives on the render thread and is the only code that touches the document."""

    opened = Signal(int, object)  # generation, [(width, height) in points, ...]
    open_failed = Signal(int, str)
    rendered = Signal(int, int, float, int, QImage)  # generation, page, zoom, rotation
    render_failed = Signal(int, int, str)

    def __init__(self, latest: dict[int, int], lock: threading.Lock) -> None:
        super().__init__()
        self._document: Any = None
        self._generation = -1
        self._latest = latest  # page -> newest request token, written by the UI thread
        self._lock = lock
        self.render_thread: QThread | None = None  # where the last page was rendered

    @Slot(int, bytes)
    def open_document(self, generation: int, data: bytes) -> None:
        pymupdf = load_pymupdf()  # heavy: imported where first needed (CONVENTIONS)
        self._drop()
        self._generation = generation
        try:
            document = pymupdf.open(stream=data, filetype="pdf")
            if document.page_count == 0:
                document.close()
                raise ValueError("it has no pages")
            sizes = [(page.rect.width, page.rect.height) for page in document]
        except Exception as exc:
            self.open_failed.emit(generation, str(exc) or type(exc).__name__)
            return
        self._document = document
        self.opened.emit(generation, sizes)

    @Slot(int, int, int, float, int)
    def render(self, generation: int, token: int, page: int, zoom: float, rotation: int) -> None:
        with self._lock:
            stale = self._latest.get(page) != token
        if stale or generation != self._generation or self._document is None:
            return  # superseded by a newer request, or for a document since closed
        pymupdf = load_pymupdf()
        self.render_thread = QThread.currentThread()
        try:
            matrix = pymupdf.Matrix(zoom, zoom).prerotate(rotation)
            pix = self._document[page].get_pixmap(matrix=matrix, alpha=False)
            samples = pix.samples  # keep the bytes alive while QImage reads them
            image = QImage(
                samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888
            ).copy()
        except Exception as exc:
            self.render_failed.emit(generation, page, str(exc) or type(exc).__name__)
            return
        self.rendered.emit(generation, page, zoom, rotation, image)

    @Slot()
    def shut_down(self) -> None:
        """Close the document here, on its own thread, and hand this object back."""
        self._drop()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

    def _drop(self) -> None:
        if self._document is not None:
            self._document.close()
        self._document = None


def _stop(thread: QThread) -> None:
    """Last resort when the renderer is deleted while still running: never leave a thread."""
    if thread.isRunning():
        thread.quit()
        thread.wait()


class PageRenderer(QObject):
    """Renders pages of one document off the UI thread; results arrive on the UI thread.

    `request(page, zoom, rotation)` queues work (pages are 0-based); a newer request
    for the same page makes an older, unstarted one a no-op. Finished images are kept
    in an LRU cache of about `cache_bytes` and announced by `page_rendered`.
    """

    opened = Signal(object)  # list of (width, height) in points, one per page
    open_failed = Signal(str)
    page_rendered = Signal(int, float, int, QImage)  # page, zoom, rotation, image
    page_failed = Signal(int, str)

    _open_requested = Signal(int, bytes)
    _render_requested = Signal(int, int, int, float, int)
    _shutdown_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, cache_bytes: int = CACHE_BYTES) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[Key, QImage] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached_bytes = 0
        self._lock = threading.Lock()
        self._latest: dict[int, int] = {}
        self._in_flight: dict[int, Key] = {}
        self._token = 0
        self._generation = 0
        self._open = False
        self._thread = QThread()
        self._thread.setObjectName("pdf_renderer")
        self.worker = _Worker(self._latest, self._lock)
        queued = Qt.ConnectionType.QueuedConnection
        self._open_requested.connect(self.worker.open_document, queued)
        self._render_requested.connect(self.worker.render, queued)
        self._shutdown_requested.connect(
            self.worker.shut_down, Qt.ConnectionType.BlockingQueuedConnection
        )
        self.worker.opened.connect(self._opened, queued)
        self.worker.open_failed.connect(self._open_failed, queued)
        self.worker.rendered.connect(self._rendered, queued)
        self.worker.render_failed.connect(self._render_failed, queued)
        thread = self._thread
        self.destroyed.connect(lambda: _stop(thread))

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    @property
    def thread_for_tests(self) -> QThread:
        return self._thread

    def open(self, data: bytes) -> None:
        """Open a PDF from memory (closing any before); `opened` or `open_failed` follows."""
        self._forget()
        if not self._thread.isRunning():
            self.worker.moveToThread(self._thread)
            self._thread.start()
        self._open = True
        self._open_requested.emit(self._generation, data)

    def cached(self, page: int, zoom: float, rotation: int) -> QImage | None:
        image = self._cache.get((page, zoom, rotation))
        if image is not None:
            self._cache.move_to_end((page, zoom, rotation))
        return image

    def request(self, page: int, zoom: float, rotation: int) -> None:
        """Ask for a page image; nothing is queued again while the same one is on its way."""
        key = (page, zoom, rotation)
        if not self._open or self._in_flight.get(page) == key:
            return
        self._token += 1
        with self._lock:
            self._latest[page] = self._token
        self._in_flight[page] = key
        self._render_requested.emit(self._generation, self._token, page, zoom, rotation)

    def close(self) -> None:
        """Stop the thread (after the page it may be rendering) and drop the document."""
        self._forget()
        self._open = False
        if self._thread.isRunning():
            self._shutdown_requested.emit()  # closes the document on its own thread
            self._thread.quit()
            self._thread.wait()

    def _forget(self) -> None:
        self._generation += 1  # results still on their way are dropped on arrival
        with self._lock:
            self._latest.clear()
        self._in_flight.clear()
        self._cache.clear()
        self._cached_bytes = 0

    # ----- results, on the UI thread -----

    def _opened(self, generation: int, sizes: object) -> None:
        if generation == self._generation:
            self.opened.emit(sizes)

    def _open_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._open = False
            self.open_failed.emit(message)

    def _rendered(
        self, generation: int, page: int, zoom: float, rotation: int, image: QImage
    ) -> None:
        if generation != self._generation:
            return
        key = (page, zoom, rotation)
        if self._in_flight.get(page) == key:
            del self._in_flight[page]
        self._store(key, image)
        self.page_rendered.emit(page, zoom, rotation, image)

    def _render_failed(self, generation: int, page: int, message: str) -> None:
        if generation == self._generation:
            self._in_flight.pop(page, None)
            self.page_failed.emit(page, message)

    def _store(self, key: Key, image: QImage) -> None:
        old = self._cache.pop(key, None)
        if old is not None:
            self._cached_bytes -= old.sizeInBytes()
        self._cache[key] = image
        self._cached_bytes += image.sizeInBytes()
        while self._cached_bytes > self._cache_bytes and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= dropped.sizeInBytes()

    @property
    def cached_bytes(self) -> int:
        return self._cached_bytes
