"""The one channel for errors the user sees: it always logs, then shows a short message.

Expected failures (`LegalDeskError`, and the `ValueError`s the core raises for bad
input) carry a message written for the user and are shown as they are. Anything else
is a bug: the traceback goes to the log, the user gets one calm sentence, never a
traceback dialog (in the spirit of qutebrowser's `utils/message.py`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from legal_desk.errors import LegalDeskError
from ui import a11y

log = logging.getLogger(__name__)

ERROR_TITLE = "Legal Desk"
UNEXPECTED = (
    "Legal Desk ran into an unexpected problem ({name}). The details were written to the "
    "log. If it happens again, please tell IT what you were doing."
)


def is_expected(exc: BaseException) -> bool:
    """True for failures whose message is meant for the user (see legal_desk.errors)."""
    return isinstance(exc, LegalDeskError | ValueError)


def user_message(exc: BaseException) -> str:
    """What to tell the user about `exc`; logs the traceback of anything unexpected."""
    if is_expected(exc):
        # The message is for the screen: it may quote case data, and the log is plain.
        log.info("told the user about %s", type(exc).__name__)
        return str(exc) or type(exc).__name__
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    return UNEXPECTED.format(name=type(exc).__name__)


def show_error(parent: QWidget | None, message: str) -> QMessageBox:
    """Show `message` in a window-modal box that does not block the caller (the log
    records that an error was shown, not its text, which may quote case data)."""
    log.warning("an error message was shown to the user")
    return show_box(parent, message, QMessageBox.Icon.Warning, "error_box")


def show_box(
    parent: QWidget | None, message: str, icon: QMessageBox.Icon, name: str
) -> QMessageBox:
    """A window-modal message box with OK that does not block the caller."""
    box = QMessageBox(icon, ERROR_TITLE, message, parent=parent)
    box.setObjectName(name)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    for widget in box.buttons():
        widget.setAccessibleName(a11y.plain(widget.text()))
    box.open()
    return box


def show_exception(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show what the user should know about `exc` (the traceback goes to the log only)."""
    return show_error(parent, user_message(exc))


def install_excepthook(parent: Callable[[], QWidget | None]) -> Callable[[], None]:
    """Route uncaught exceptions (for example from slots) to `show_error`.

    Returns a function that puts the previous hook back. `parent` is asked for the
    window to centre the message on when the error happens.
    """
    previous = sys.excepthook
    open_boxes: list[QMessageBox] = []

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
            previous(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        message = user_message(exc)
        if open_boxes:  # one box at a time: a burst of errors is in the log already
            return
        try:
            box = show_error(parent(), message)
        except Exception:
            log.exception("could not show an error message")
            return
        open_boxes.append(box)
        box.finished.connect(lambda _result: open_boxes.clear())

    sys.excepthook = hook

    def restore() -> None:
        sys.excepthook = previous

    return restore
