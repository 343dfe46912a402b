"""The first window does not wait for the case view: it is imported during unlocking."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock_with
from ui.case import tabs as case_tabs
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_the_main_window_module_does_not_import_the_case_view() -> None:
    code = (
        "import sys, ui.main_window; "
        "print(sorted(m for m in ('ui.case.view', 'ui.intake.dialog') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_unlocking_starts_loading_what_a_case_needs(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    cases: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    preloaded: list[bool] = []
    real = case_tabs.preload
    monkeypatch.setattr(case_tabs, "preload", lambda: (preloaded.append(True), real()))
    window = make_window()
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    assert preloaded == [True]
    window.open_case(cases[0])
    assert window.case_tabs.current_view() is not None
