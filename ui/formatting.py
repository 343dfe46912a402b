"""How the UI writes times and marks urgency, in one place so every view agrees."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QColor

URGENT_COLOR = QColor("#b3261e")  # red with 6:1 contrast on white (WCAG AA for text)
NO_SCHOOL = "School not recorded"


def local_time(moment: datetime) -> str:
    """A time in the computer's time zone, as the office reads it."""
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")
