"""Case views and tabs on a real SQLCipher workspace, with an inline or a step-by-step runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService, StudentFacts
from legal_desk.workspace import Workspace
from models import Agency, RequestType
from ui.case.tabs import CaseTabs, SaveChoice
from ui.case.view import CaseView
from ui.tasks import Failure, InlineRunner

# Fictional people and schools only.
CALM = CaseIntake(
    school="Meadow Ridge Elementary",
    request_type=RequestType.STUDENT_RECORDS,
    stated_purpose="Records request",
    agents=(AgentFacts("Dale Norris", "ERO-40117", Agency.ICE_ERO),),
    students=(StudentFacts("Sam Okoro", "7"),),
)
URGENT = CaseIntake(
    school="North Cedar Middle School",
    request_type=RequestType.STUDENT_ACCESS,
    exigent_claimed=True,
    agents=(AgentFacts("Agent Sam Whitlow", "HSI 2231", Agency.ICE_HSI),),
)


class StepRunner:
    """Holds background work until the test runs it, to see progress and cancel between."""

    def __init__(self) -> None:
        self.pending: list[tuple[Callable[[], Any], Callable[[Any], None], Failure]] = []

    def run(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Failure
    ) -> None:
        self.pending.append((work, on_success, on_failure))

    def step(self) -> None:
        work, on_success, on_failure = self.pending.pop(0)
        try:
            result = work()
        except Exception as exc:
            on_failure(exc)
        else:
            on_success(result)

    def drain(self) -> None:
        while self.pending:
            self.step()


@pytest.fixture
def make_view(
    qtbot: QtBot, workspace: Workspace, runner: InlineRunner
) -> Iterator[Callable[..., CaseView]]:
    made: list[CaseView] = []

    def make(case_id: int, **options: Any) -> CaseView:
        view = CaseView(workspace, options.get("runner", runner), case_id)
        qtbot.addWidget(view)
        view.resize(1100, 800)
        view.show()
        made.append(view)
        return view

    yield make
    for view in made:  # as closing its tab does: stops the viewer's render thread
        view.clear()


@pytest.fixture
def calm_case(workspace: Workspace) -> int:
    return CaseService(workspace).create(CALM)


@pytest.fixture
def urgent_case(workspace: Workspace) -> int:
    return CaseService(workspace).create(URGENT)


@pytest.fixture
def tabs(qtbot: QtBot, workspace: Workspace, runner: InlineRunner) -> CaseTabs:
    made = CaseTabs(runner, workspace)
    # pytest-qt closes the widget at teardown: never block on a real question.
    made.ask_unsaved = lambda view: SaveChoice.DISCARD
    qtbot.addWidget(made)
    made.resize(1100, 800)
    made.show()
    return made
