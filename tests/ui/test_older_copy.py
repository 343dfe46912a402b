"""Opening an older copy of the workspace (a backup or a file put back in place) is told
to the user, who keeps working with it or locks; real files copied on disk."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import AuditEvent
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock_with
from ui.main_window import UNLOCK_PAGE, WORKSPACE_PAGE, MainWindow


class Answers:
    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.asked: list[str] = []

    def __call__(self, _parent: QWidget, message: str) -> bool:
        self.asked.append(message)
        return self.keep


def test_an_older_copy_is_told_and_locking_or_keeping_it_is_the_users_choice(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    workspace_dir: Path,
    tmp_path: Path,
) -> None:
    workspace.lock()  # the window opens its own instance; files are copied below
    window = make_window()
    answers = Answers(keep=False)
    window.ask_keep_copy = answers
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    window.lock()
    old_copy = tmp_path / "old-copy"
    shutil.copytree(workspace_dir, old_copy)
    unlock_with(qtbot, window, PASSPHRASE)
    live = window.workspace
    assert live is not None
    CaseService(live).create(CaseIntake(school="Juniper Flats High School"))
    window.lock()
    assert answers.asked == []  # a workspace that only grew raises nothing
    shutil.rmtree(workspace_dir)
    shutil.copytree(old_copy, workspace_dir)

    unlock_with(qtbot, window, PASSPHRASE)  # the user chooses to lock

    assert len(answers.asked) == 1 and "older copy" in answers.asked[0]
    assert window.pages.currentIndex() == UNLOCK_PAGE and window.workspace is None

    answers.keep = True
    unlock_with(qtbot, window, PASSPHRASE)  # asked again; this time kept
    assert len(answers.asked) == 2
    assert window.pages.currentIndex() == WORKSPACE_PAGE
    kept = window.workspace
    assert kept is not None
    with kept.session() as session:
        summaries = list(session.scalars(select(AuditEvent.summary)))
    assert any(s.startswith("Kept working with this copy") for s in summaries)
    window.lock()
    unlock_with(qtbot, window, PASSPHRASE)
    assert len(answers.asked) == 2  # accepted: not asked again
