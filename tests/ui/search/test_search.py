"""Search popup: hits as the user types, off the UI thread; stale answers never win."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import Agency, Document
from tests.ui.helpers import assert_accessible, shown_texts
from ui.search.popup import NO_MATCHES, SearchPanel, SearchPopup
from ui.search.results import SearchResult, SearchResultsModel, find
from ui.tasks import InlineRunner, TaskRunner

BADGE = "ERO-48213"


class QueuedRunner:
    """Holds every job until the test delivers it, in whatever order the test likes."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[..., None]]] = []

    def run(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Any
    ) -> None:
        self.jobs.append((work, on_success, on_failure))

    def deliver(self, number: int) -> None:
        work, on_success, on_failure = self.jobs[number]
        try:
            result = work()
        except Exception as exc:
            on_failure(exc)
        else:
            on_success(result)


@pytest.fixture
def badge_case(workspace: Workspace, cases: list[int]) -> int:
    return CaseService(workspace).create(
        CaseIntake(
            school="Juniper Flats High School",
            agents=(
                AgentFacts(name="Officer Lee Marsh", badge_number=BADGE, agency=Agency.ICE_ERO),
            ),
        )
    )


def make_panel(
    qtbot: QtBot, runner: Any, workspace: Workspace, debounce_ms: int = 0
) -> SearchPanel:
    panel = SearchPanel(runner, debounce_ms=debounce_ms)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    panel.set_workspace(workspace)
    return panel


def title(panel: SearchPanel, row: int) -> str:
    hit = panel.model.result_at(row)
    assert hit is not None
    return hit.title


def type_and_wait(qtbot: QtBot, panel: SearchPanel, text: str) -> None:
    panel.field.setText(text)
    qtbot.waitUntil(lambda: not panel.pending)


def test_typing_a_badge_number_finds_the_case_off_the_ui_thread(
    qtbot: QtBot, workspace: Workspace, badge_case: int
) -> None:
    runner = TaskRunner()
    panel = make_panel(qtbot, runner, workspace, debounce_ms=150)
    qtbot.keyClicks(panel.field, "48213")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    hit = panel.model.result_at(0)
    assert hit is not None and hit.case_id == badge_case and hit.document_id is None
    assert hit.title == "2026-0004 · Juniper Flats High School"
    assert "<b>48213</b>" in hit.snippet_html
    assert panel.count_label.text() == "1 match"
    assert panel.results.currentIndex().row() == 0
    assert runner.wait_for_done(5000)


def test_keystrokes_within_the_pause_make_one_query(
    qtbot: QtBot, workspace: Workspace, badge_case: int
) -> None:
    runner = InlineRunner()
    panel = make_panel(qtbot, runner, workspace, debounce_ms=150)
    qtbot.keyClicks(panel.field, "Marsh")
    assert runner.calls == 0
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert runner.calls == 1


def test_enter_right_after_typing_opens_the_hit(
    qtbot: QtBot, workspace: Workspace, badge_case: int
) -> None:
    panel = make_panel(qtbot, InlineRunner(), workspace, debounce_ms=10_000)
    qtbot.keyClicks(panel.field, BADGE)
    with qtbot.waitSignal(
        panel.case_chosen, check_params_cb=lambda case_id, doc: (case_id, doc) == (badge_case, None)
    ):
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # no waiting out the pause


def test_up_and_down_in_the_field_move_through_the_hits(
    qtbot: QtBot, workspace: Workspace, cases: list[int]
) -> None:
    panel = make_panel(qtbot, InlineRunner(), workspace)
    type_and_wait(qtbot, panel, "2026")
    assert panel.model.rowCount() == 3
    first, second = panel.model.result_at(0), panel.model.result_at(1)
    assert first is not None and second is not None
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)  # stops at the last hit
    qtbot.keyClick(panel.field, Qt.Key.Key_Up)
    assert panel.results.currentIndex().row() == 1
    with qtbot.waitSignal(panel.case_chosen, check_params_cb=lambda c, _d: c == second.case_id):
        qtbot.keyClick(panel.field, Qt.Key.Key_Enter)


def test_a_stale_answer_never_overwrites_a_newer_one(
    qtbot: QtBot, workspace: Workspace, cases: list[int]
) -> None:
    runner = QueuedRunner()
    panel = make_panel(qtbot, runner, workspace)
    panel.field.setText("Juniper")
    qtbot.waitUntil(lambda: len(runner.jobs) == 1)
    panel.field.setText("Meadow")
    qtbot.waitUntil(lambda: len(runner.jobs) == 2)
    runner.deliver(1)  # the newer answer first
    assert title(panel, 0) == "2026-0001 · Meadow Ridge Elementary"
    runner.deliver(0)  # then the older one, late
    assert panel.model.rowCount() == 1
    assert "Meadow" in title(panel, 0)
    assert not panel.pending
    # In order, too: an answer that arrives after the text changed is dropped.
    panel.field.setText("North")
    qtbot.waitUntil(lambda: len(runner.jobs) == 3)
    panel.field.setText("Northx")
    runner.deliver(2)
    assert "Meadow" in title(panel, 0)
    assert panel.pending


@pytest.mark.parametrize("text", ['"', "NEAR(", "*", 'a" OR "b', "AND", "^x", "-", "(((", "ñ'*"])
def test_hostile_text_shows_no_error(
    qtbot: QtBot, workspace: Workspace, cases: list[int], text: str
) -> None:
    panel = make_panel(qtbot, InlineRunner(), workspace)
    type_and_wait(qtbot, panel, text)
    assert panel.count_label.text() == NO_MATCHES or panel.count_label.text().endswith("match")
    assert "failed" not in panel.count_label.text()


def test_a_document_hit_names_its_case_and_opens_the_document(
    qtbot: QtBot, workspace: Workspace, cases: list[int]
) -> None:
    with workspace.transaction() as session:
        document = Document(
            case_id=cases[0],
            filename="warrant-scan.pdf",
            media_type="application/pdf",
            sha256="0" * 64,
            size=10,
            page_count=1,
            extracted_text="Administrative warrant signed by supervisory officer Kestrel",
        )
        session.add(document)
        session.flush()
        document_id = document.id
    panel = make_panel(qtbot, InlineRunner(), workspace)
    type_and_wait(qtbot, panel, "kestrel")
    hit = panel.model.result_at(0)
    assert hit is not None
    assert hit.heading == "2026-0001 · Meadow Ridge Elementary — warrant-scan.pdf"
    assert "<b>Kestrel</b>" in hit.snippet_html
    panel.grab()  # the delegate paints the rich snippet without raising
    with qtbot.waitSignal(
        panel.case_chosen, check_params_cb=lambda c, d: (c, d) == (cases[0], document_id)
    ):
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)


def test_clear_forgets_text_hits_and_answers_on_their_way(
    qtbot: QtBot, workspace: Workspace, cases: list[int]
) -> None:
    runner = QueuedRunner()
    panel = make_panel(qtbot, runner, workspace)
    panel.field.setText("Meadow")
    qtbot.waitUntil(lambda: len(runner.jobs) == 1)
    runner.deliver(0)
    panel.field.setText("Juniper")
    qtbot.waitUntil(lambda: len(runner.jobs) == 2)
    panel.clear()
    runner.deliver(1)
    assert panel.field.text() == ""
    assert panel.model.rowCount() == 0
    assert panel.count_label.text() == ""
    assert not any("Meadow" in t or "Juniper" in t for t in shown_texts(panel))
    panel.field.setText("Meadow")  # no workspace any more: nothing runs
    qtbot.wait(20)
    assert len(runner.jobs) == 2


def test_results_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, workspace: Workspace, cases: list[int]
) -> None:
    model = SearchResultsModel()
    results = find(workspace, "2026", 10)
    assert len(results) == 3
    model.set_results(results)
    qtmodeltester.check(model)
    first = model.index(0, 0)
    assert first.data(Qt.ItemDataRole.AccessibleTextRole).startswith(first.data())
    model.set_results([SearchResult(1, None, "2026-0001", "", "a &amp; <b>b</b>")])
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "2026-0001: a & b"
    model.clear()
    assert model.rowCount() == 0


def test_popup_opens_on_ctrl_f_closes_on_esc_and_is_accessible(
    qtbot: QtBot, workspace: Workspace, badge_case: int
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    popup = SearchPopup(InlineRunner(), window, debounce_ms=0)
    window.addAction(popup.open_action)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert not popup.isVisible()  # locked: nothing to search
    popup.set_workspace(workspace)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert popup.isVisible()
    assert assert_accessible(popup) == 2  # the field and the results
    assert popup.panel.field.accessibleName() == "Search cases and documents"
    qtbot.keyClicks(popup.panel.field, BADGE)
    qtbot.waitUntil(lambda: popup.panel.model.rowCount() == 1)
    qtbot.keyClick(popup.panel.field, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    popup.show_search()
    assert popup.panel.field.text() == BADGE  # reopening keeps the last search, selected
    with qtbot.waitSignal(popup.case_chosen, check_params_cb=lambda c, _d: c == badge_case):
        qtbot.keyClick(popup.panel.field, Qt.Key.Key_Return)
    assert not popup.isVisible()
    popup.clear()
    assert popup.panel.field.text() == "" and not popup.open_action.isEnabled()
