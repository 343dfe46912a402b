"""Case data on the system clipboard, and taking it off again when the window locks.

What the app copies from a case (advice, the Security briefing) carries a private
format beside its text; locking clears the clipboard only while it still holds such a
copy, so whatever the user copied since from elsewhere is left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

CASE_DATA_FORMAT = "application/x-legal-desk-case-data"


def copy_case_data(text: str, html: str | None = None) -> None:
    """Put text from a case (with an HTML form for rich editors) on the clipboard."""
    mime = QMimeData()
    if html is not None:
        mime.setHtml(html)
    mime.setText(text)
    mime.setData(CASE_DATA_FORMAT, b"1")
    QGuiApplication.clipboard().setMimeData(mime)


def clear_case_data() -> bool:
    """Empty the clipboard if it still holds a copy of case data; True if it did."""
    clipboard = QGuiApplication.clipboard()
    held = clipboard.mimeData()
    if held is None or not held.hasFormat(CASE_DATA_FORMAT):
        return False
    clipboard.clear()
    return True
