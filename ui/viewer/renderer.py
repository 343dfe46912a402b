"""Pages of one PDF rendered on a thread of their own, with a bounded image cache.

PyMuPDF is not thread-safe, so one worker on one `QThread` owns the open document
(CONVENTIONS: "one worker owns each open document"); the UI thread only sends
requests and receives finished `QImage`s through queued signals. The document is
opened from bytes in memory: a decrypted warrant never touches the disk.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from legal_desk.documents.pdf import load_pymupdf

CACHE_BYTES = 60 * 1024 * 1024
Key = tuple[int, float, int]  # page (0-based), zoom, rotation in degrees
MAIN, THUMBNAILS = 0, 1  # request channels: one does not supersede the other's pages
# A word on a page: x0, y0, x1, y1 in points (unrotated, origin top-left), its text.
PageWord = tuple[float, float, float, float, str]
# A find hit: page (0-based) and the 8-number quads of the match, one per line.
FindHit = tuple[int, tuple[tuple[float, ...], ...]]
FIND_HIT_LIMIT = 2000
# Render order: pages on screen first, then their neighbours, then thumbnails.
URGENT, NEAR, BACKGROUND = 0, 1, 2
# After a page the reader waits for, the worker pauses this long when more work is
# queued: PyMuPDF keeps the GIL while it renders, so without a pause the UI thread
# could not take the finished image until the next page was rendered too.
HAND_OVER_SECONDS = 0.003
# Other pages wait until the pages on screen are shown and this long has passed, so
# their renders (which hold the GIL) do not delay putting the wanted page on screen.
HOLD_BACK_MS = 30
# Given the page sizes of a document just opened: the scale and rotation its first
# page will be shown at, so the worker can start on it before the UI has laid it out.
FirstPage = Callable[[list[tuple[float, float]]], tuple[float, int] | None]
# A queued render: priority, order, generation, channel, token, page, zoom, rotation.
_Job = tuple[int, int, int, int, int, int, float, int]


class _Worker(QObject):
    """Lives on the render thread and is the only code that touches the document."""

    opened = Signal(int, object)  # generation, [(width, height) in points, ...]
    open_failed = Signal(int, str)
    rendered = Signal(int, int, float, int, QImage)  # generation, page, zoom, rotation
    render_failed = Signal(int, int, str)
    words_read = Signal(int, int, object)  # generation, page, [PageWord, ...]
    found = Signal(int, int, str, object, bool)  # generation, token, query, [FindHit], done

    def __init__(
        self, latest: dict[tuple[int, int], int], lock: threading.Lock, queue: list[_Job]
    ) -> None:
        super().__init__()
        self._queue = queue  # shared with the UI thread, under `lock`
        self._document: Any = None
        self._generation = -1
        self._latest = latest  # (channel, page) -> newest token, written by the UI thread
        self._find_token = 0  # the newest search asked for; older ones stop early
        self._lock = lock
        self.render_thread: QThread | None = None  # where the last page was rendered
        self._first: tuple[int, int, float, int] | None = None  # rendered on opening

    @Slot(int, bytes, object)
    def open_document(self, generation: int, data: bytes, first_page: object) -> None:
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
        self._first = None
        self.opened.emit(generation, sizes)
        if callable(first_page):
            # The first page is what the reader waits for: render it now, while the
            # UI lays the pages out, instead of after a round trip to ask for it.
            try:
                wanted = first_page(sizes)
            except Exception:
                wanted = None
            if wanted is not None:
                zoom, rotation = wanted
                if self._render(generation, 0, zoom, rotation):
                    self._first = (generation, 0, zoom, rotation)

    @Slot()
    def render_next(self) -> None:
        """Render the most pressing queued page (one call per request queued)."""
        with self._lock:
            if not self._queue:
                return
            priority, _, generation, channel, token, page, zoom, rotation = heapq.heappop(
                self._queue
            )
            stale = self._latest.get((channel, page)) != token
            more = bool(self._queue)
        if stale or generation != self._generation or self._document is None:
            return  # superseded by a newer request, or for a document since closed
        if (generation, page, zoom, rotation) == self._first:
            self._first = None
            return  # rendered on opening, and already on its way to the UI
        if self._render(generation, page, zoom, rotation) and priority == URGENT and more:
            time.sleep(HAND_OVER_SECONDS)

    def _render(self, generation: int, page: int, zoom: float, rotation: int) -> bool:
        """Render one page and send it to the UI thread; False if it failed (reported)."""
        pymupdf = load_pymupdf()
        self.render_thread = QThread.currentThread()
        try:
            matrix = pymupdf.Matrix(zoom, zoom).prerotate(rotation)
            pix = self._document[page].get_pixmap(matrix=matrix, alpha=False)
            samples = pix.samples  # keep the bytes alive while QImage reads them
            # Converted here, off the UI thread, to the format a pixmap is drawn from.
            image = QImage(
                samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888
            ).convertToFormat(QImage.Format.Format_RGB32)
        except Exception as exc:
            self.render_failed.emit(generation, page, str(exc) or type(exc).__name__)
            return False
        self.rendered.emit(generation, page, zoom, rotation, image)
        return True

    @Slot()
    def drop_document(self) -> None:
        self._drop()

    @Slot(int, int)
    def read_words(self, generation: int, page: int) -> None:
        if generation != self._generation or self._document is None:
            return
        try:
            words = [
                (float(w[0]), float(w[1]), float(w[2]), float(w[3]), str(w[4]))
                for w in self._document[page].get_text("words")
            ]
        except Exception:
            words = []  # a page whose text cannot be read has no words to mark
        self.words_read.emit(generation, page, words)

    @Slot(int, int, str)
    def find(self, generation: int, token: int, query: str) -> None:
        """Search every page for `query` (case-insensitive), reporting hits page by page
        so the first ones show at once; a newer search stops this one."""
        with self._lock:
            self._find_token = max(self._find_token, token)
        if generation != self._generation or self._document is None:
            return
        hits: list[FindHit] = []
        total = 0
        for number in range(self._document.page_count):
            with self._lock:
                if self._find_token != token:
                    return
            try:
                quads = self._document[number].search_for(query, quads=True)
            except Exception:
                quads = []
            for quad in quads:
                points = (quad.ul, quad.ur, quad.ll, quad.lr)
                hits.append((number, (tuple(float(v) for p in points for v in (p.x, p.y)),)))
            total += len(quads)
            if total >= FIND_HIT_LIMIT:
                break
            if hits and number % 10 == 9:
                self.found.emit(generation, token, query, hits, False)
                hits = []
        self.found.emit(generation, token, query, hits, True)

    def cancel_find(self, token: int) -> None:
        """Called from the UI thread: any search older than `token` stops at its next page."""
        with self._lock:
            self._find_token = max(self._find_token, token)

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
    """Last resort when the renderer is deleted while still running: never leave a thread.
    At interpreter exit the thread object may already be gone: nothing left to stop."""
    if shiboken6.isValid(thread) and thread.isRunning():
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
    words_read = Signal(int, object)  # page, [PageWord, ...]
    found = Signal(str, object, bool)  # query, [FindHit, ...] (more may follow), done

    _open_requested = Signal(int, bytes, object)
    _render_requested = Signal()
    _drop_requested = Signal()
    _words_requested = Signal(int, int)
    _find_requested = Signal(int, int, str)
    _shutdown_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, cache_bytes: int = CACHE_BYTES) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[Key, QImage] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached_bytes = 0
        self._lock = threading.Lock()
        self._latest: dict[tuple[int, int], int] = {}
        self._in_flight: dict[tuple[int, int], Key] = {}
        self._queue: list[_Job] = []
        self._held: list[_Job] = []  # waiting for the pages on screen (see HOLD_BACK_MS)
        self._urgent: set[tuple[int, int]] = set()  # (channel, page) wanted on screen now
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(HOLD_BACK_MS)
        self._hold_timer.timeout.connect(self._release_held)
        self._words: dict[int, list[PageWord]] = {}
        self._token = 0
        self._find_token = 0
        self._generation = 0
        self._open = False
        self._thread = QThread()
        self._thread.setObjectName("pdf_renderer")
        self.worker = _Worker(self._latest, self._lock, self._queue)
        queued = Qt.ConnectionType.QueuedConnection
        self._open_requested.connect(self.worker.open_document, queued)
        self._render_requested.connect(self.worker.render_next, queued)
        self._drop_requested.connect(self.worker.drop_document, queued)
        self._words_requested.connect(self.worker.read_words, queued)
        self._find_requested.connect(self.worker.find, queued)
        self._shutdown_requested.connect(
            self.worker.shut_down, Qt.ConnectionType.BlockingQueuedConnection
        )
        self.worker.opened.connect(self._opened, queued)
        self.worker.open_failed.connect(self._open_failed, queued)
        self.worker.rendered.connect(self._rendered, queued)
        self.worker.render_failed.connect(self._render_failed, queued)
        self.worker.words_read.connect(self._words_read, queued)
        self.worker.found.connect(self._found, queued)
        thread = self._thread
        self.destroyed.connect(lambda: _stop(thread))

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    @property
    def thread_for_tests(self) -> QThread:
        return self._thread

    def open(self, data: bytes, first_page: FirstPage | None = None) -> None:
        """Open a PDF from memory (closing any before); `opened` or `open_failed` follows.
        With `first_page`, page 1 is rendered at once at the scale it returns (called on
        the render thread: it must only compute, never touch a widget)."""
        self._forget()
        if not self._thread.isRunning():
            self.worker.moveToThread(self._thread)
            self._thread.start()
        self._open = True
        self._open_requested.emit(self._generation, data, first_page)

    def cached(self, page: int, zoom: float, rotation: int) -> QImage | None:
        image = self._cache.get((page, zoom, rotation))
        if image is not None:
            self._cache.move_to_end((page, zoom, rotation))
        return image

    def request(
        self,
        page: int,
        zoom: float,
        rotation: int,
        channel: int = MAIN,
        *,
        priority: int | None = None,
    ) -> None:
        """Ask for a page image; nothing is queued again while the same one is on its way.
        A newer request on the same channel for the same page supersedes an unstarted one.
        Pages render by `priority` (URGENT, NEAR, BACKGROUND; thumbnails default to
        BACKGROUND, the main view to NEAR), then in the order asked."""
        key = (page, zoom, rotation)
        if not self._open or self._in_flight.get((channel, page)) == key:
            return
        if priority is None:
            priority = NEAR if channel == MAIN else BACKGROUND
        self._token += 1
        job = (priority, self._token, self._generation, channel, self._token, page, zoom, rotation)
        self._urgent.discard((channel, page))  # an older request for it is superseded
        with self._lock:
            self._latest[(channel, page)] = self._token
        self._in_flight[(channel, page)] = key
        if priority == URGENT:
            self._urgent.add((channel, page))
            self._push(job)
        elif self._urgent or self._hold_timer.isActive():
            self._held.append(job)
        else:
            self._push(job)

    def hold_back(self) -> None:
        """Keep all but urgent requests back until the urgent pages are shown (or
        HOLD_BACK_MS passes with none asked for)."""
        self._hold_timer.start()

    def _push(self, job: _Job) -> None:
        with self._lock:
            heapq.heappush(self._queue, job)
        self._render_requested.emit()

    def _release_held(self) -> None:
        held, self._held = self._held, []
        for job in held:
            if job[2] == self._generation:
                self._push(job)

    def _urgent_done(self, channel: int, page: int) -> None:
        if (channel, page) in self._urgent:
            self._urgent.discard((channel, page))
            if not self._urgent:
                self._hold_timer.start()

    def request_words(self, page: int) -> None:
        """Ask for a page's words (cached once read); `words_read` answers."""
        if page in self._words:
            self.words_read.emit(page, self._words[page])
        elif self._open:
            self._words_requested.emit(self._generation, page)

    def cached_words(self, page: int) -> list[PageWord] | None:
        return self._words.get(page)

    def find(self, query: str) -> None:
        """Search the whole document; `found` reports hits as they come, then done."""
        self._find_token += 1
        self.worker.cancel_find(self._find_token)
        if self._open and query:
            self._find_requested.emit(self._generation, self._find_token, query)

    def cancel_find(self) -> None:
        self._find_token += 1
        self.worker.cancel_find(self._find_token)

    def release(self) -> None:
        """Drop the document but keep the thread for the next one (opening is quicker)."""
        self._forget()
        self._open = False
        if self._thread.isRunning():
            self._drop_requested.emit()

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
            self._queue.clear()
        self._in_flight.clear()
        self._held.clear()
        self._urgent.clear()
        self._hold_timer.stop()
        self._words.clear()
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
        for channel in (MAIN, THUMBNAILS):
            if self._in_flight.get((channel, page)) == key:
                del self._in_flight[(channel, page)]
                self._urgent_done(channel, page)
        self._store(key, image)
        self.page_rendered.emit(page, zoom, rotation, image)

    def _render_failed(self, generation: int, page: int, message: str) -> None:
        if generation == self._generation:
            for channel in (MAIN, THUMBNAILS):
                self._in_flight.pop((channel, page), None)
                self._urgent_done(channel, page)
            self.page_failed.emit(page, message)

    def _words_read(self, generation: int, page: int, words: object) -> None:
        if generation == self._generation:
            assert isinstance(words, list)
            self._words[page] = words
            self.words_read.emit(page, words)

    def _found(self, generation: int, token: int, query: str, hits: object, done: bool) -> None:
        if generation == self._generation and token == self._find_token:
            self.found.emit(query, hits, done)

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
