"""A document viewer on screen, active (shortcuts reach only the active window)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytestqt.qtbot import QtBot

from ui.viewer.view import DocumentViewer


@contextmanager
def shown_viewer(qtbot: QtBot, width: int, height: int) -> Iterator[DocumentViewer]:
    """A viewer of this size, shown and active; cleared afterwards, its thread stopped."""
    made = DocumentViewer()
    qtbot.addWidget(made)
    made.resize(width, height)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow)
    yield made
    made.clear()
    assert not made.renderer.running
