"""Page tools that draw annotations: text markup, notes, text boxes, ink, boxes, and select.

Each tool receives pointer input in page points (see `ui.viewer.page.PageTool`) and
talks to a `ToolHost` (the controller) for everything else: the page's words, the
draft layer, asking for text, and adding the finished annotation as an undoable
command. Tools never see zoom or rotation, nor the database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from legal_desk.documents.annotations import AnnotationSpec
from models import AnnotationKind
from ui.viewer.marks import Mark, MarkStyle, Rect, normalised
from ui.viewer.renderer import PageWord

MIN_DRAG = 3.0  # points: a smaller box is a slip of the hand, not a mark
INK_STEP = 0.75  # points between kept ink samples
INK_PAD = 1.0  # a straight stroke still needs a box with some area
NO_TEXT = "No text on this page: marked the area instead."
NO_WORDS = "No words were marked: drag across the text to mark it."
READING_TEXT = "Reading the page's text…"
Quad = tuple[float, float, float, float, float, float, float, float]


class ToolHost(Protocol):
    """What a tool needs from the controller that installed it."""

    @property
    def color(self) -> str: ...

    def words(self, page: int) -> list[PageWord] | None: ...
    def request_words(self, page: int) -> None: ...
    def show_draft(self, marks: Sequence[Mark]) -> None: ...
    def add(self, page: int, spec: AnnotationSpec) -> None: ...
    def ask_text(self, title: str, initial: str = "") -> str | None: ...
    def say(self, text: str) -> None: ...
    def focus_pages(self) -> None: ...
    def annotation_at(self, page: int, x: float, y: float) -> int | None: ...
    def select(self, annotation_id: int | None) -> None: ...
    def moved_mark(self, annotation_id: int, dx: float, dy: float) -> Mark | None: ...
    def move(self, annotation_id: int, dx: float, dy: float) -> None: ...


class Tool:
    """A `PageTool` with a host; subclasses override what they use."""

    kind: AnnotationKind | None = None

    def __init__(self, host: ToolHost) -> None:
        self.host = host
        self.page: int | None = None
        self.start = (0.0, 0.0)

    def press(self, page: int, x: float, y: float) -> None:
        self.page = page
        self.start = (x, y)
        self.host.focus_pages()

    def move(self, page: int, x: float, y: float) -> None:
        pass

    def release(self, page: int, x: float, y: float) -> None:
        self.page = None
        self.host.show_draft(())

    def cancel(self) -> None:
        """Drop a drawing in progress (Esc, another tool, another document)."""
        self.page = None
        self.host.show_draft(())

    def words_arrived(self, page: int) -> None:
        """The renderer has read `page`'s words (text tools finish a waiting mark)."""

    def activated(self, current_page: int) -> None:
        """Chosen as the current tool, while page `current_page` (0-based) is shown."""


def drag_rect(start: tuple[float, float], end: tuple[float, float]) -> Rect:
    return normalised((start[0], start[1], end[0], end[1]))


def big_enough(rect: Rect) -> bool:
    return rect[2] - rect[0] >= MIN_DRAG and rect[3] - rect[1] >= MIN_DRAG


def rect_quad(rect: Rect) -> Quad:
    x0, y0, x1, y1 = rect
    return (x0, y0, x1, y0, x0, y1, x1, y1)


# ----- words between two points, in reading order -----


@dataclass(frozen=True)
class Line:
    words: tuple[PageWord, ...]  # left to right

    @property
    def top(self) -> float:
        return min(w[1] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w[3] for w in self.words)


def lines_of(words: Sequence[PageWord]) -> list[Line]:
    """Words grouped into lines (a word whose middle lies within a line's band joins it),
    top to bottom, each left to right."""
    grouped: list[list[PageWord]] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        middle = (word[1] + word[3]) / 2
        if bands and bands[-1][0] <= middle <= bands[-1][1]:
            grouped[-1].append(word)
            top, bottom = bands[-1]
            bands[-1] = (min(top, word[1]), max(bottom, word[3]))
        else:
            grouped.append([word])
            bands.append((word[1], word[3]))
    return [Line(tuple(sorted(g, key=lambda w: w[0]))) for g in grouped]


def _position(lines: Sequence[Line], x: float, y: float) -> tuple[int, float]:
    """Where a point falls in reading order: a line and an x within it. A point between
    lines counts as the start of the next one."""
    for index, line in enumerate(lines):
        if y < line.top:
            return index, -math.inf
        if y <= line.bottom:
            return index, x
    return len(lines), -math.inf


def selected_words(
    words: Sequence[PageWord], start: tuple[float, float], end: tuple[float, float]
) -> list[Line]:
    """The words from `start` to `end` (either order) as lines, like a text selection: a
    word touched at either end is in."""
    lines = lines_of(words)
    first, last = sorted((_position(lines, *start), _position(lines, *end)))
    chosen: list[Line] = []
    for index, line in enumerate(lines):
        if index < first[0] or index > last[0]:
            continue
        kept = tuple(
            w
            for w in line.words
            if (index > first[0] or w[2] > first[1]) and (index < last[0] or w[0] < last[1])
        )
        if kept:
            chosen.append(Line(kept))
    return chosen


def line_quads(lines: Sequence[Line]) -> tuple[Quad, ...]:
    """One quad per line, around its words."""
    return tuple(
        rect_quad(
            (
                min(w[0] for w in line.words),
                line.top,
                max(w[2] for w in line.words),
                line.bottom,
            )
        )
        for line in lines
    )


def bounds(quads: Sequence[Sequence[float]]) -> Rect:
    xs = [q[i] for q in quads for i in range(0, len(q), 2)]
    ys = [q[i] for q in quads for i in range(1, len(q), 2)]
    return min(xs), min(ys), max(xs), max(ys)


# ----- the tools -----

MARKUP_STYLE = {
    AnnotationKind.HIGHLIGHT: MarkStyle.FILL,
    AnnotationKind.UNDERLINE: MarkStyle.UNDERLINE,
    AnnotationKind.STRIKEOUT: MarkStyle.STRIKE,
}


class TextMarkupTool(Tool):
    """Highlight, underline or strike out the words dragged across; on a page without
    text (a photo), the dragged area."""

    def __init__(self, host: ToolHost, kind: AnnotationKind) -> None:
        super().__init__(host)
        self.kind = kind
        self._waiting: tuple[int, tuple[float, float], tuple[float, float]] | None = None

    def activated(self, current_page: int) -> None:
        self.host.request_words(current_page)

    def press(self, page: int, x: float, y: float) -> None:
        super().press(page, x, y)
        self.host.request_words(page)

    def _quads(self, page: int, end: tuple[float, float]) -> tuple[Quad, ...] | None:
        words = self.host.words(page)
        if words is None:
            return None
        if words:
            return line_quads(selected_words(words, self.start, end))
        rect = drag_rect(self.start, end)
        return (rect_quad(rect),) if big_enough(rect) else ()

    def move(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        quads = self._quads(page, (x, y)) or ()
        style = MARKUP_STYLE.get(self.kind, MarkStyle.FILL) if self.kind else MarkStyle.FILL
        marks = [Mark(page, bounds(quads), self.host.color, style, quads)] if quads else []
        self.host.show_draft(marks)

    def release(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        super().release(page, x, y)
        if self.host.words(page) is None:
            # The text is on its way from the render thread: finish when it comes.
            self._waiting = (page, self.start, (x, y))
            self.host.say(READING_TEXT)
            self.host.request_words(page)
            return
        self._finish(page, (x, y))

    def words_arrived(self, page: int) -> None:
        if self._waiting is not None and self._waiting[0] == page:
            _, self.start, end = self._waiting
            self._waiting = None
            self._finish(page, end)

    def cancel(self) -> None:
        self._waiting = None
        super().cancel()

    def _finish(self, page: int, end: tuple[float, float]) -> None:
        quads = self._quads(page, end)
        has_text = bool(self.host.words(page))
        if not quads:
            if has_text:
                self.host.say(NO_WORDS)
            return
        assert self.kind is not None
        spec = AnnotationSpec(
            page=page, kind=self.kind, rect=bounds(quads), geometry=quads, color=self.host.color
        )
        self.host.add(page, spec)
        if not has_text:
            self.host.say(NO_TEXT)


class NoteTool(Tool):
    """A click pins a note; its text is asked for at once (no text, no note)."""

    kind = AnnotationKind.NOTE

    def release(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        super().release(page, x, y)
        text = self.host.ask_text("New note", "")
        if text is None or not text.strip():
            return
        spec = AnnotationSpec(
            page=page, kind=AnnotationKind.NOTE, rect=(x, y, x, y), color=self.host.color, text=text
        )
        self.host.add(page, spec)


BOX_STYLES = {
    AnnotationKind.RECTANGLE: MarkStyle.OUTLINE,
    AnnotationKind.REDACTION: MarkStyle.REDACT,
    AnnotationKind.FREE_TEXT: MarkStyle.TEXT,
}


class BoxTool(Tool):
    """Drag a box: a rectangle, a redaction, or a text box (which then asks for its text)."""

    def __init__(self, host: ToolHost, kind: AnnotationKind) -> None:
        super().__init__(host)
        self.kind = kind

    def _color(self) -> str | None:
        # A redaction is the black box the copy will show, whatever colour marks are in.
        return None if self.kind == AnnotationKind.REDACTION else self.host.color

    def move(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        assert self.kind is not None
        rect = drag_rect(self.start, (x, y))
        color = self._color() or "#000000"
        self.host.show_draft([Mark(page, rect, color, BOX_STYLES[self.kind])])

    def release(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        super().release(page, x, y)
        assert self.kind is not None
        rect = drag_rect(self.start, (x, y))
        if not big_enough(rect):
            return
        text = ""
        if self.kind == AnnotationKind.FREE_TEXT:
            asked = self.host.ask_text("New text box", "")
            if asked is None or not asked.strip():
                return
            text = asked
        self.host.add(
            page,
            AnnotationSpec(page=page, kind=self.kind, rect=rect, color=self._color(), text=text),
        )


class InkTool(Tool):
    """Freehand: each press, drag and release is one stroke, stored as one drawing."""

    kind = AnnotationKind.INK

    def __init__(self, host: ToolHost) -> None:
        super().__init__(host)
        self._points: list[float] = []

    def press(self, page: int, x: float, y: float) -> None:
        super().press(page, x, y)
        self._points = [x, y]

    def move(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        last_x, last_y = self._points[-2], self._points[-1]
        if math.hypot(x - last_x, y - last_y) >= INK_STEP:
            self._points += [x, y]
        stroke = tuple(self._points)
        self.host.show_draft(
            [Mark(page, _ink_rect(stroke), self.host.color, MarkStyle.INK, (stroke,))]
        )

    def release(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        super().release(page, x, y)
        if (x, y) != (self._points[-2], self._points[-1]):
            self._points += [x, y]
        stroke, self._points = tuple(self._points), []
        if len(stroke) < 4:
            return  # a click draws nothing
        rect = _ink_rect(stroke)
        if max(rect[2] - rect[0], rect[3] - rect[1]) < MIN_DRAG + 2 * INK_PAD:
            return
        self.host.add(
            page,
            AnnotationSpec(
                page=page,
                kind=AnnotationKind.INK,
                rect=rect,
                geometry=(stroke,),
                color=self.host.color,
            ),
        )


def _ink_rect(stroke: Sequence[float]) -> Rect:
    x0, y0, x1, y1 = bounds([stroke])
    return x0 - INK_PAD, y0 - INK_PAD, x1 + INK_PAD, y1 + INK_PAD


class SelectTool(Tool):
    """Click an annotation to select it; drag it to move it."""

    def __init__(self, host: ToolHost) -> None:
        super().__init__(host)
        self._target: int | None = None

    def press(self, page: int, x: float, y: float) -> None:
        super().press(page, x, y)
        self._target = self.host.annotation_at(page, x, y)
        self.host.select(self._target)

    def _offset(self, x: float, y: float) -> tuple[float, float]:
        return x - self.start[0], y - self.start[1]

    def move(self, page: int, x: float, y: float) -> None:
        if self.page != page or self._target is None:
            return
        mark = self.host.moved_mark(self._target, *self._offset(x, y))
        self.host.show_draft([mark] if mark is not None else [])

    def release(self, page: int, x: float, y: float) -> None:
        if self.page != page:
            return
        super().release(page, x, y)
        target, self._target = self._target, None
        dx, dy = self._offset(x, y)
        if target is not None and math.hypot(dx, dy) >= 1.0:
            self.host.move(target, dx, dy)

    def cancel(self) -> None:
        self._target = None
        super().cancel()
