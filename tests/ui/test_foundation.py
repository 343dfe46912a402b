"""Errors, background tasks, typed settings, and the UI leaving SQL to the services.

(tests/test_layering.py checks that no Qt reaches below ui/.)
"""

from __future__ import annotations

import ast
import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.errors import WrongCredentialError
from ui import errors
from ui.settings import UiSettings
from ui.tasks import InlineRunner, TaskRunner

ROOT = Path(__file__).resolve().parents[2]


def visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_excepthook_shows_a_short_message_and_logs_the_traceback(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    restore = errors.install_excepthook(lambda: parent)
    try:
        try:
            raise RuntimeError("internal detail")
        except RuntimeError as exc:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(type(exc), exc, exc.__traceback__)
                sys.excepthook(type(exc), exc, exc.__traceback__)  # a burst: still one box
    finally:
        restore()
    boxes = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    text = boxes[0].text()
    assert "unexpected problem (RuntimeError)" in text
    assert "Traceback" not in text and "internal detail" not in text
    assert boxes[0].detailedText() == ""
    assert "Traceback" in caplog.text
    boxes[0].close()


def test_expected_errors_are_shown_as_written() -> None:
    assert errors.user_message(WrongCredentialError("The passphrase is wrong.")) == (
        "The passphrase is wrong."
    )
    assert errors.user_message(ValueError("Too short.")) == "Too short."
    assert "KeyError" in errors.user_message(KeyError("x"))


def test_task_runner_delivers_results_on_the_main_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    main = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(work, done, lambda exc: None)
        assert runner.busy
    assert seen["value"] == 42
    assert seen["worker"] != main
    assert seen["callback"] == main
    assert not runner.busy


def test_task_runner_delivers_failures(qtbot: QtBot) -> None:
    runner = TaskRunner()
    failures: list[BaseException] = []

    def work() -> int:
        raise WrongCredentialError("nope")

    runner.run(work, lambda value: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], WrongCredentialError)


def test_inline_runner_runs_at_once() -> None:
    runner = InlineRunner()
    results: list[object] = []
    runner.run(lambda: 1, results.append, results.append)
    runner.run(lambda: 1 / 0, results.append, results.append)
    assert results[0] == 1 and isinstance(results[1], ZeroDivisionError)
    assert runner.calls == 2


def test_settings_declare_defaults_and_round_trip(tmp_path: Path) -> None:
    settings = UiSettings(tmp_path / "ui.ini")
    assert settings.window_geometry.isEmpty()
    settings.window_geometry = QByteArray(b"\x01\x02geometry")
    settings.sync()
    again = UiSettings(tmp_path / "ui.ini")
    assert again.window_geometry == QByteArray(b"\x01\x02geometry")
    assert again.get(UiSettings.SETTINGS_VERSION) == UiSettings.VERSION


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_ui_builds_no_sql() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ui").rglob("*.py")
        if imported_modules(path) & {"sqlalchemy", "sqlcipher3", "sqlite3"}
    ]
    assert offenders == []
