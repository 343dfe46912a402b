"""Export case file from the GUI: a warned save, progress and Cancel, a real PDF written."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.workspace import Workspace
from tests.legal_desk.casefile.conftest import FinishedCase, make_finished_case
from tests.ui.case.conftest import StepRunner
from tests.ui.helpers import assert_accessible, shown_texts
from ui.casefile.export import (
    CANCELLED,
    NOT_ENCRYPTED,
    CaseFileAction,
    CaseFileExport,
    ExportProgress,
)
from ui.tasks import InlineRunner, Runner, TaskRunner


class SaveDialog:
    """Answers the save dialog with `path` and remembers what it was shown."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.names: list[str] = []
        self.warnings: list[str] = []

    def __call__(self, _parent: QWidget, suggested: str, warning: str) -> Path | None:
        self.names.append(suggested)
        self.warnings.append(warning)
        return self.path


class Messages:
    def __init__(self) -> None:
        self.shown: list[tuple[str, bool]] = []

    def __call__(self, _parent: QWidget, text: str, error: bool) -> None:
        self.shown.append((text, error))


@pytest.fixture
def case(workspace: Workspace) -> FinishedCase:
    return make_finished_case(workspace)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    QVBoxLayout(widget).addWidget(QLineEdit())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def make_flow(
    parent: QWidget, workspace: Workspace, runner: Runner, case: FinishedCase, path: Path | None
) -> tuple[CaseFileExport, SaveDialog, Messages]:
    flow = CaseFileExport(parent, workspace, runner, case.case_id)
    chooser, messages = SaveDialog(path), Messages()
    flow.choose_path = chooser
    flow.show_message = messages
    return flow, chooser, messages


def test_export_warns_shows_progress_and_writes_a_pdf_that_opens(
    qtbot: QtBot, parent: QWidget, workspace: Workspace, case: FinishedCase, tmp_path: Path
) -> None:
    runner = StepRunner()
    target = tmp_path / "chosen.pdf"
    flow, chooser, messages = make_flow(parent, workspace, runner, case, target)
    steps: list[tuple[int, int, str]] = []
    flow.progressed.connect(lambda *a: steps.append(a))

    assert flow.start()
    assert chooser.names == [f"{case.reference}-case-file.pdf"]
    assert "NOT encrypted" in chooser.warnings[0]
    dialog = flow.dialog
    assert isinstance(dialog, ExportProgress) and dialog.isVisible()
    assert NOT_ENCRYPTED in shown_texts(dialog)
    assert str(target) in " ".join(shown_texts(dialog))
    assert assert_accessible(dialog) >= 1
    assert not target.exists()  # the work waits for the runner
    assert not flow.start()  # a second press while busy starts nothing

    with qtbot.waitSignal(flow.finished, timeout=10_000) as finished:
        runner.step()
    assert finished.args == [target]
    assert flow.dialog is None
    assert [s for s, _t, _x in steps] == sorted(s for s, _t, _x in steps)
    assert steps[-1][0] == steps[-1][1]
    assert any("warrant.pdf" in text for _s, _t, text in steps)
    assert messages.shown == [(f"Saved the case file to {target}. It is not encrypted.", False)]
    with pymupdf.open(target) as doc:
        assert doc.get_toc()[0][1] == "Summary"
        assert case.sha256 in doc[0].get_text()


def test_cancel_writes_nothing(
    qtbot: QtBot, parent: QWidget, workspace: Workspace, case: FinishedCase, tmp_path: Path
) -> None:
    runner = StepRunner()
    folder = tmp_path / "out"
    folder.mkdir()
    flow, _chooser, messages = make_flow(parent, workspace, runner, case, folder / "c.pdf")
    assert flow.start()
    dialog = flow.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.step.text() == "Cancelling…"
    assert not dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(flow.finished, timeout=10_000) as finished:
        runner.step()
    assert finished.args == [None]
    assert flow.message == CANCELLED
    assert messages.shown == []
    assert list(folder.iterdir()) == []
    assert not flow.busy


def test_escape_cancels_too(
    qtbot: QtBot, parent: QWidget, workspace: Workspace, case: FinishedCase, tmp_path: Path
) -> None:
    runner = StepRunner()
    flow, _chooser, _messages = make_flow(parent, workspace, runner, case, tmp_path / "c.pdf")
    assert flow.start()
    assert flow.dialog is not None
    qtbot.keyClick(flow.dialog, Qt.Key.Key_Escape)
    runner.drain()
    assert flow.message == CANCELLED
    assert not (tmp_path / "c.pdf").exists()


def test_closing_the_save_dialog_starts_nothing(
    parent: QWidget, workspace: Workspace, case: FinishedCase
) -> None:
    runner = StepRunner()
    flow, _chooser, messages = make_flow(parent, workspace, runner, case, None)
    assert not flow.start()
    assert runner.pending == []
    assert flow.dialog is None and messages.shown == []


def test_an_unwritable_destination_is_one_line(
    parent: QWidget, workspace: Workspace, case: FinishedCase, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "c.pdf"
    flow, _chooser, messages = make_flow(parent, workspace, InlineRunner(), case, target)
    assert flow.start()
    assert len(messages.shown) == 1
    text, error = messages.shown[0]
    assert error
    assert text.startswith("The case file was not saved: The folder ")
    assert "\n" not in text and "Traceback" not in text
    assert flow.dialog is None and not flow.busy


def test_ctrl_shift_e_exports_from_the_case_view(
    qtbot: QtBot, parent: QWidget, workspace: Workspace, case: FinishedCase, tmp_path: Path
) -> None:
    action = CaseFileAction(parent, workspace, InlineRunner(), case.case_id)
    parent.addAction(action)
    assert action.text() == "Export case file…"
    chooser, messages = SaveDialog(tmp_path / "k.pdf"), Messages()
    action.flow.choose_path = chooser
    action.flow.show_message = messages
    field = parent.findChild(QLineEdit)
    assert field is not None
    parent.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(
        field,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert chooser.names, "Ctrl+Shift+E did not start the export"
    assert (tmp_path / "k.pdf").exists()
    assert messages.shown and not messages.shown[0][1]


def test_runs_on_a_worker_thread_with_progress_delivered_to_the_ui(
    qtbot: QtBot, parent: QWidget, workspace: Workspace, case: FinishedCase, tmp_path: Path
) -> None:
    runner = TaskRunner()
    target = tmp_path / "threaded.pdf"
    flow, _chooser, messages = make_flow(parent, workspace, runner, case, target)
    steps: list[int] = []
    flow.progressed.connect(lambda step, _total, _text: steps.append(step))
    with qtbot.waitSignal(flow.finished, timeout=60_000) as finished:
        assert flow.start()
    runner.wait_for_done()
    assert finished.args == [target]
    assert steps and steps == sorted(steps)
    assert messages.shown[0][1] is False
    with pymupdf.open(target) as doc:
        assert len(doc.get_toc()) == 9
