"""The checklist panel on a real SQLCipher workspace, with an inline runner."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import Agency, RequestType
from ui.checklist.panel import ChecklistPanel
from ui.tasks import InlineRunner

# Fictional people and schools only.
ACCESS = CaseIntake(
    school="Meadow Ridge Elementary",
    request_type=RequestType.STUDENT_ACCESS,
    stated_purpose="To speak with a fourth-grade student",
    agents=(AgentFacts("Dale Norris", "ERO-40117", Agency.ICE_ERO),),
)


def new_case(workspace: Workspace, **facts: object) -> int:
    return CaseService(workspace).create(replace(ACCESS, **facts))  # type: ignore[arg-type]


class ErrorBoxes:
    """Stands in for `show_error`: records what would have been shown in a box."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def __call__(self, _parent: object, message: str) -> None:
        self.shown.append(message)


@pytest.fixture
def boxes() -> ErrorBoxes:
    return ErrorBoxes()


@pytest.fixture
def panel(qtbot: QtBot, runner: InlineRunner, boxes: ErrorBoxes) -> ChecklistPanel:
    made = ChecklistPanel(runner)
    made.show_error = boxes
    qtbot.addWidget(made)
    made.resize(800, 900)
    made.show()
    return made
