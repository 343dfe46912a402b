"""Files for document tests: real PDFs made with PyMuPDF, and drops as a file manager sends them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pymupdf
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def make_pdf(text: str = "Warrant for Arrest of Alien") -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), text)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def write_pdf(folder: Path, name: str = "warrant.pdf", text: str = "Warrant") -> Path:
    path = folder / name
    path.write_bytes(make_pdf(text))
    return path


def file_mime(paths: Sequence[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop_files(target: QWidget, paths: Sequence[Path]) -> bool:
    """Send a drag-enter and a drop with file URLs to `target`; True if it took them."""
    mime = file_mime(paths)
    point = QPoint(target.width() // 2, target.height() // 2)
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()
