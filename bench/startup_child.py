"""One start-up sample, in a fresh process: `python -m bench.startup_child bare|app [DIR]`.

Prints one JSON line (milliseconds since this module began, per step) as soon as the
window is painted with what the user waits for, then exits; the parent times the
whole process from its start to that line. Nothing heavy is imported at module level:
the imports are part of what is measured.

- bare: PySide6's QApplication and a QMainWindow (a one-line label as its central
  widget) shown and painted;
- floor: the bare window, with SQLAlchemy's ORM imported before it is built: the
  least any start can take that shows the queue (queried through the ORM, the stack
  the project chose) in its first window;
- app: the app's own start (`ui.app.run` up to `app.exec()`, with its data folder and
  settings in the bench's temp directory), then the passphrase typed on the unlock
  screen and Enter, until the queue's first rows are painted.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

START = time.perf_counter()
WAIT_LIMIT_S = 60.0


def _ms() -> float:
    return round((time.perf_counter() - START) * 1000, 3)


def _paint_watch(widget: Any) -> Any:
    """An event filter that records when `widget` is painted (after `armed` is set)."""
    from PySide6.QtCore import QEvent, QObject

    class Watch(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.armed = True
            self.painted_at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if self.armed and self.painted_at is None and event.type() == QEvent.Type.Paint:
                self.painted_at = _ms()
            return False

    watch = Watch()
    widget.installEventFilter(watch)
    return watch


def _spin(app: Any, done: Any) -> None:
    """Run the event loop until `done()` (a Qt start has no one signal to wait on)."""
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + WAIT_LIMIT_S
    while not done():
        if time.perf_counter() > deadline:
            raise SystemExit("the window did not show in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def bare(stack: bool = False) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    if stack:
        import sqlalchemy.orm  # noqa: F401 - its import is what the floor adds

    marks = {"imports": _ms()}
    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1280, 760)
    marks["window built"] = _ms()
    watch = _paint_watch(window.centralWidget())
    window.show()
    _spin(app, lambda: watch.painted_at is not None)
    marks["painted"] = float(watch.painted_at)
    _report(marks)
    return marks


def legal_desk(directory: str, passphrase: str) -> dict[str, float]:
    import os
    from pathlib import Path

    from ui.app import preflight

    # As `ui.app.run` does, in its order: the check before Qt, then Qt and the window.
    if preflight(os.environ) is not None:
        raise SystemExit("cannot start here")
    from PySide6.QtWidgets import QApplication

    from legal_desk import __version__
    from ui import app as app_module
    from ui import errors
    from ui.main_window import WORKSPACE_PAGE, MainWindow
    from ui.resources import icon
    from ui.settings import APPLICATION, ORGANIZATION, UiSettings

    marks = {"imports": _ms()}
    app_module._configure_logging()  # the log goes to XDG_STATE_HOME, set by the parent
    app = QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("legal-desk")
    app.setWindowIcon(icon("legal-desk"))
    window = MainWindow(Path(directory), settings=UiSettings())
    restore_hook = errors.install_excepthook(lambda: window)
    marks["window built"] = _ms()
    unlock_paint = _paint_watch(window.unlock_screen)
    window.start()
    _spin(app, lambda: unlock_paint.painted_at is not None)
    marks["unlock screen painted"] = float(unlock_paint.painted_at)
    # The user types the passphrase and presses Enter (typing time is not counted).
    screen = window.unlock_screen
    screen.secret.setText(passphrase)
    rows_paint = _paint_watch(window.queue.viewport())
    rows_paint.armed = False
    unlocked: list[float] = []
    window.workspace_unlocked.connect(lambda: unlocked.append(_ms()))
    asked = _ms()
    screen.secret.returnPressed.emit()

    def rows_shown() -> bool:
        if not unlocked:
            return False
        if not rows_paint.armed:
            if window.pages.currentIndex() != WORKSPACE_PAGE or window.case_model.rowCount() == 0:
                raise SystemExit("unlocked, but the queue shows no rows")
            rows_paint.armed = True
        return rows_paint.painted_at is not None

    _spin(app, rows_shown)
    marks["passphrase entered"] = asked
    marks["unlocked, queue loaded"] = unlocked[0]
    marks["painted"] = float(rows_paint.painted_at)
    marks["rows"] = float(window.case_model.rowCount())
    _report(marks)  # before the shutdown: closing is not part of starting
    restore_hook()
    window.shutdown()
    return marks


def _report(marks: dict[str, float]) -> None:
    print(json.dumps(marks), flush=True)


def main() -> None:
    if sys.argv[1] in ("bare", "floor"):
        bare(stack=sys.argv[1] == "floor")
    else:
        legal_desk(sys.argv[2], sys.stdin.readline().strip())


if __name__ == "__main__":
    main()
