"""Find in the open document: a bar above the pages, hits highlighted on the pages.

The search runs on the renderer's worker thread (`PageRenderer.find`), which owns
the document; hits come back page batch by page batch and are drawn as the "find"
mark layer, so they stay on their words through zoom and rotation.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from ui import a11y
from ui.viewer.marks import Mark, MarkStyle, Rect
from ui.viewer.renderer import FIND_HIT_LIMIT, FindHit, PageRenderer

LAYER = "find"
HIT_COLOR = "#ffe14d"  # every hit: yellow, as a highlighter
CURRENT_COLOR = "#ff8c00"  # the hit Next and Previous are on: orange, framed
DEBOUNCE_MS = 250  # typing "warrant" searches once, not seven times
SEARCHING_TEXT = "Searching…"
NO_MATCHES_TEXT = "No matches"
NO_TEXT_TEXT = "No text to search on these pages: run the checker to read them with OCR"
CAP_TOOLTIP = f"The search stops at {FIND_HIT_LIMIT} matches: type more of the words."


class FindHost(Protocol):
    """What the find bar needs of the viewer (kept narrow so each can be tested alone)."""

    @property
    def page_count(self) -> int: ...
    @property
    def current_page(self) -> int: ...
    def set_marks(self, layer: str, marks: Sequence[Mark]) -> None: ...
    def scroll_to_rect(self, page: int, rect: Rect) -> None: ...
    def focus_pages(self) -> None: ...


def hit_rect(hit: FindHit) -> Rect:
    """The box around a hit's quads (a hit across a line break has two)."""
    xs = [quad[i] for quad in hit[1] for i in range(0, 8, 2)]
    ys = [quad[i] for quad in hit[1] for i in range(1, 8, 2)]
    return min(xs), min(ys), max(xs), max(ys)


class FindBar(QWidget):
    """Type to search; Enter or F3 for the next hit, Shift+Enter or Shift+F3 for the
    previous one (both wrap); Esc closes the bar and removes the highlights."""

    def __init__(self, renderer: PageRenderer, host: FindHost, parent: QWidget | None = None):
        super().__init__(parent)
        self.renderer = renderer
        # Weak: the viewer owns this bar, and a cycle back to it would keep the viewer
        # (and its renderer's thread) alive until the interpreter's final collection.
        self._host = weakref.ref(host)
        self._query = ""  # the query searched (the field may be ahead of it while typing)
        self._hits: list[FindHit] = []
        self._current = -1
        self._done = True
        self._start_page = 0  # the first hit at or after this page becomes current
        self._probe_page = -1  # the page whose words are being checked for any text
        self._no_text = False

        self.field = QLineEdit()
        self.field.setObjectName("find_field")
        self.field.setPlaceholderText("Words in this document")
        self.field.setClearButtonEnabled(True)
        self.field.installEventFilter(self)
        self.label = a11y.buddy_label("Find", self.field)
        self.previous_button = a11y.command_button("Previous", "find_previous", self.previous)
        self.previous_button.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.next_button = a11y.command_button("Next", "find_next", self.next)
        self.next_button.setToolTip("Next match (Enter, F3)")
        self.count = QLabel()
        self.count.setObjectName("find_count")
        self.count.setWordWrap(True)  # the no-text advice is long in a narrow viewer
        self.close_button = QToolButton()
        self.close_button.setObjectName("find_close")
        self.close_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton)
        )
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close find")
        self.close_button.setToolTip("Close find (Esc)")
        self.close_button.clicked.connect(self.close_bar)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count, 1)
        layout.addWidget(self.close_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(self._typed)
        renderer.found.connect(self._found)
        renderer.words_read.connect(self._words_read)
        self._update_controls()
        self.hide()

    # ----- state -----

    @property
    def host(self) -> FindHost:
        host = self._host()
        if host is None:
            raise RuntimeError("the viewer of this find bar is gone")
        return host

    @property
    def hits(self) -> list[FindHit]:
        return list(self._hits)

    @property
    def current(self) -> int:
        """The current hit's index in `hits`; -1 with none."""
        return self._current

    @property
    def searching(self) -> bool:
        return self._timer.isActive() or not self._done

    # ----- opening and closing -----

    def open_bar(self) -> None:
        """Show the bar with the field focused; an earlier query is searched again."""
        was_hidden = self.isHidden()
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if was_hidden and self.field.text():
            self.search_now()

    def close_bar(self) -> None:
        """Hide the bar and remove the highlights (the query stays for next time)."""
        focus = QApplication.focusWidget()
        had_focus = focus is not None and self.isAncestorOf(focus)
        self._stop()
        self.hide()
        if had_focus:
            self.host.focus_pages()  # not lost to the window: the reader reads on

    def reset(self) -> None:
        """A new document, or none: no query, no hits, bar hidden."""
        self._stop()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.hide()

    def _stop(self) -> None:
        self._timer.stop()
        self.renderer.cancel_find()
        self._query = ""
        self._hits = []
        self._current = -1
        self._done = True
        self._probe_page = -1
        self._no_text = False
        self.host.set_marks(LAYER, ())
        self._update_controls()

    # ----- searching -----

    def _typed(self, _text: str) -> None:
        self._timer.start()
        self._update_controls()

    def search_now(self) -> None:
        """Search for the field's text at once (the debounce timer calls this too)."""
        self._timer.stop()
        query = self.field.text().strip()
        self._stop()
        self._query = query
        if not query or not self.host.page_count:
            return
        self._done = False
        self._start_page = max(0, self.host.current_page - 1)
        self._update_controls()
        self.renderer.find(query)

    def _found(self, query: str, hits: object, done: bool) -> None:
        if query != self._query or self._done:
            return
        assert isinstance(hits, list)
        room = FIND_HIT_LIMIT - len(self._hits)
        self._hits.extend(hits[:room])
        self._done = done
        if self._current < 0 and self._hits:
            # Go to the first hit from the page being read, not back to page 1; once
            # every page is searched without one after it, wrap to the first.
            after = [i for i, hit in enumerate(self._hits) if hit[0] >= self._start_page]
            if after:
                self._go(after[0])
            elif done:
                self._go(0)
        elif hits:
            self._paint()
        if done and not self._hits:
            self._probe_page = 0  # is there text at all, or are these photos?
            self._probe()
        self._update_controls()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, by: int) -> None:
        if self._timer.isActive() or self.field.text().strip() != self._query:
            self.search_now()  # Enter before the pause: search now, not twice
            return
        if self._hits:
            self._go((self._current + by) % len(self._hits))

    def _go(self, index: int) -> None:
        self._current = index
        self._paint()
        page, _quads = self._hits[index]
        self.host.scroll_to_rect(page, hit_rect(self._hits[index]))
        self._update_controls()

    def _paint(self) -> None:
        marks = [
            Mark(
                page=hit[0],
                rect=hit_rect(hit),
                color=CURRENT_COLOR if number == self._current else HIT_COLOR,
                style=MarkStyle.FILL,
                points=hit[1],
                emphasised=number == self._current,
                key=number,
            )
            for number, hit in enumerate(self._hits)
        ]
        self.host.set_marks(LAYER, marks)

    # ----- is there any text? -----

    def _probe(self) -> None:
        """Ask for the words of page after page until one has some (a text document is
        settled at its first page; a photo's rendition has a page or two)."""
        while 0 <= self._probe_page < self.host.page_count:
            words = self.renderer.cached_words(self._probe_page)
            if words is None:
                self.renderer.request_words(self._probe_page)
                return
            if words:
                self._probe_page = -1
                return
            self._probe_page += 1
        if self._probe_page >= self.host.page_count:
            self._probe_page = -1
            self._no_text = True
            self._update_controls()

    def _words_read(self, page: int, _words: object) -> None:
        if page == self._probe_page and self._done and not self._hits:
            self._probe()

    # ----- controls -----

    def _update_controls(self) -> None:
        total = len(self._hits)
        can_step = total > 0 or self._timer.isActive()
        self.previous_button.setEnabled(can_step)
        self.next_button.setEnabled(can_step)
        self.count.setToolTip("")
        if not self._query or self._timer.isActive():
            text = ""
        elif self._no_text:
            text = NO_TEXT_TEXT
        elif not total:
            text = NO_MATCHES_TEXT if self._done else SEARCHING_TEXT
        else:
            shown = f"{FIND_HIT_LIMIT}+" if total >= FIND_HIT_LIMIT else str(total)
            text = f"{self._current + 1} of {shown}" if self._current >= 0 else f"{shown} found"
            if total >= FIND_HIT_LIMIT:
                text += " matches"
                self.count.setToolTip(CAP_TOOLTIP)
            elif not self._done:
                text += "…"
        self.count.setText(text)

    # ----- keys in the field -----

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous()
            else:
                self.next()
            return True
        return super().eventFilter(watched, event)
