"""Start the desktop app: `legal-desk` (no command), `legal-desk-gui`, `python -m ui`.

Before Qt is touched, `preflight` checks what would otherwise make Qt abort with a
cryptic message: no display at all, or (on X11) the missing libxcb-cursor that Qt 6.5+
needs. Exit code 2 means "cannot start here", as for the CLI's user errors.
"""

from __future__ import annotations

import argparse
import ctypes.util
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Mapping

from legal_desk import __version__
from legal_desk.log_format import NoDataFormatter
from legal_desk.paths import resolve_data_dir

EXIT_OK, EXIT_CANNOT_START = 0, 2

NO_DISPLAY_MESSAGE = (
    "legal-desk: no display found. Legal Desk is a desktop application: run it from a "
    "desktop session, or over SSH with X forwarding (ssh -X). For a headless check set "
    "QT_QPA_PLATFORM=offscreen."
)
APT_LINE = (
    "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 "
    "libxcb-render-util0 libxkbcommon-x11-0"
)
MISSING_XCB_CURSOR_MESSAGE = (
    "legal-desk: the X11 libraries Qt needs are not installed (libxcb-cursor is missing), "
    "so the window cannot open. On Debian or Ubuntu install them with:\n"
    f"    {APT_LINE}\n"
    "then start Legal Desk again."
)

log = logging.getLogger(__name__)
FindLibrary = Callable[[str], str | None]


def qt_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will most likely pick on Linux ("" if there is none to pick)."""
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        # "xcb;wayland" lists fallbacks; "xcb:option=value" carries options.
        return requested.split(";")[0].split(":")[0].strip().lower()
    if env.get("WAYLAND_DISPLAY") and (
        env.get("XDG_SESSION_TYPE") == "wayland" or not env.get("DISPLAY")
    ):
        return "wayland"
    return "xcb" if env.get("DISPLAY") else ""


def preflight(
    env: Mapping[str, str],
    platform: str | None = None,
    find_library: FindLibrary | None = None,
) -> str | None:
    """What stops the GUI from starting here, as a message for stderr; None if nothing."""
    platform = sys.platform if platform is None else platform
    find_library = find_library or ctypes.util.find_library
    if not platform.startswith("linux"):
        return None
    target = qt_platform(env)
    if not target or (target == "xcb" and not env.get("DISPLAY")):
        return NO_DISPLAY_MESSAGE
    if target == "xcb" and find_library("xcb-cursor") is None:
        return MISSING_XCB_CURSOR_MESSAGE
    return None


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="legal-desk-gui", description="Legal Desk")
    parser.add_argument(
        "--data-dir",
        help="workspace folder (default: LEGAL_DESK_HOME, then the platform's data folder)",
    )
    parser.add_argument("--version", action="version", version=f"legal-desk {__version__}")
    return parser.parse_known_args(argv)  # the rest goes to Qt (-platform, -style, ...)


LOG_HANDLER_NAME = "legal-desk-file"


def _configure_logging() -> None:
    """Warnings to stderr and a small rotating file; a GUI started from a menu has no stderr."""
    import platformdirs

    root = logging.getLogger()
    formatter = NoDataFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not root.handlers:  # `legal-desk` (the CLI) has configured stderr already
        root.setLevel(logging.INFO)
        if sys.stderr is not None:
            console = logging.StreamHandler()
            console.setLevel(logging.WARNING)
            console.setFormatter(formatter)
            root.addHandler(console)
    if any(h.get_name() == LOG_HANDLER_NAME for h in root.handlers):
        return
    try:
        log_dir = platformdirs.user_log_path("LegalDesk", appauthor=False)
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / "legal-desk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("no log file: %s", exc)
        return
    file_handler.set_name(LOG_HANDLER_NAME)
    file_handler.setFormatter(formatter)
    root.addHandler(file_handler)


def run(argv: list[str]) -> int:
    """Run the app until its window closes; returns the process exit code."""
    args, qt_args = parse_args(argv)
    problem = preflight(os.environ)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_CANNOT_START

    # Qt is imported only now: the checks above must work even where Qt would abort.
    from PySide6.QtWidgets import QApplication

    from ui import errors
    from ui.main_window import MainWindow
    from ui.resources import icon
    from ui.settings import APPLICATION, ORGANIZATION, UiSettings

    _configure_logging()
    program = sys.argv[0] if sys.argv else "legal-desk"
    app = QApplication.instance() or QApplication([program, *qt_args])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("legal-desk")
    app.setWindowIcon(icon("legal-desk"))

    window = MainWindow(resolve_data_dir(args.data_dir), settings=UiSettings())
    restore_hook = errors.install_excepthook(lambda: QApplication.activeWindow() or window)
    try:
        window.start()
        code = app.exec()
    finally:
        window.shutdown()
        restore_hook()
    return int(code)


def main() -> None:
    sys.exit(run(sys.argv[1:]))
