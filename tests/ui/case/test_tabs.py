"""Open cases in tabs: one a case, Ctrl+W, unsaved edits never lost silently, lock and unlock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QMessageBox
from pytestqt.qtbot import QtBot

from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService, detail
from legal_desk.workspace import Workspace
from models import CaseStatus
from tests.ui.case.conftest import CALM
from tests.ui.helpers import shown_texts
from ui.case import tabs as tabs_module
from ui.case import view as view_module
from ui.case.tabs import CaseTabs, SaveChoice
from ui.case.view import CaseView
from ui.formatting import URGENT_COLOR


def current(tabs: CaseTabs) -> CaseView:
    view = tabs.current_view()
    assert view is not None
    return view


def test_opening_a_case_twice_focuses_its_one_tab(
    tabs: CaseTabs, calm_case: int, urgent_case: int
) -> None:
    first = tabs.open_case(calm_case)
    tabs.open_case(urgent_case)
    assert tabs.currentIndex() == 1
    again = tabs.open_case(calm_case)
    assert again is first
    assert tabs.count() == 2
    assert tabs.current_case_id() == calm_case
    assert tabs.open_case_ids() == [calm_case, urgent_case]


def test_tab_titles_are_references_and_urgent_ones_are_red(
    tabs: CaseTabs, workspace: Workspace, calm_case: int, urgent_case: int
) -> None:
    tabs.open_case(calm_case)
    tabs.open_case(urgent_case)
    calm_ref = detail(workspace, calm_case).reference
    urgent_ref = detail(workspace, urgent_case).reference
    assert tabs.tabText(0) == calm_ref
    assert tabs.tabText(1) == f"! {urgent_ref}"
    assert tabs.tabBar().tabTextColor(1) == URGENT_COLOR
    assert "urgent" in tabs.tabToolTip(1)


def test_ctrl_w_closes_the_current_tab(
    qtbot: QtBot, tabs: CaseTabs, calm_case: int, urgent_case: int
) -> None:
    closed: list[int] = []
    tabs.tab_closed.connect(closed.append)
    tabs.open_case(calm_case)
    view = tabs.open_case(urgent_case)
    assert view is not None
    with qtbot.waitActive(tabs):
        tabs.activateWindow()
    view.form.notes.setFocus()
    qtbot.keyClick(view.form.notes, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert tabs.open_case_ids() == [calm_case]
    assert closed == [urgent_case]
    assert tabs.close_tab_action.shortcut().toString() == "Ctrl+W"


def test_unsaved_edits_are_not_lost_when_a_tab_closes(
    tabs: CaseTabs, workspace: Workspace, calm_case: int
) -> None:
    answers = [SaveChoice.CANCEL, SaveChoice.SAVE]
    asked: list[str] = []

    def ask(view: CaseView) -> SaveChoice:
        asked.append(view.reference_text)
        return answers.pop(0)

    tabs.ask_unsaved = ask
    view = tabs.open_case(calm_case)
    assert view is not None
    view.form.notes.setPlainText("Officer waited in the car park")
    assert tabs.tabText(0).endswith(" •")
    assert tabs.has_unsaved_changes()

    assert not tabs.close_current()  # Cancel: the tab and the edit stay
    assert tabs.count() == 1
    assert view.form.notes.toPlainText() == "Officer waited in the car park"

    assert tabs.close_current()  # Save: saved, then closed
    assert tabs.count() == 0
    assert detail(workspace, calm_case).facts.notes == "Officer waited in the car park"
    assert len(asked) == 2


def test_discarding_unsaved_edits_closes_without_saving(
    tabs: CaseTabs, workspace: Workspace, calm_case: int
) -> None:
    tabs.ask_unsaved = lambda view: SaveChoice.DISCARD
    view = tabs.open_case(calm_case)
    assert view is not None
    view.form.notes.setPlainText("Not this")
    assert tabs.close_case(calm_case)
    assert detail(workspace, calm_case).facts.notes == ""


def test_the_real_question_offers_save_discard_and_cancel(
    tabs: CaseTabs, calm_case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[QMessageBox.StandardButton] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box.standardButtons())
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    tabs.ask_unsaved = tabs_module.ask_unsaved
    view = tabs.open_case(calm_case)
    assert view is not None
    view.form.notes.setPlainText("Pending")
    assert not tabs.close_current()
    buttons = QMessageBox.StandardButton
    assert seen == [buttons.Save | buttons.Discard | buttons.Cancel]
    tabs.ask_unsaved = lambda view: SaveChoice.DISCARD


def test_lock_saves_pending_edits_clears_everything_and_unlock_reopens(
    tabs: CaseTabs, workspace: Workspace, calm_case: int, urgent_case: int
) -> None:
    changed: list[int] = []
    tabs.case_changed.connect(changed.append)
    tabs.open_case(urgent_case)
    view = tabs.open_case(calm_case)
    assert view is not None
    view.form.notes.setPlainText("Typed just before the lock")

    # What the main window does on lock:
    assert tabs.has_unsaved_changes()
    assert tabs.save_all_pending() == [detail(workspace, calm_case).reference]
    assert tabs.save_failures == []
    ids, front = tabs.open_case_ids(), tabs.current_case_id()
    tabs.clear()

    assert detail(workspace, calm_case).facts.notes == "Typed just before the lock"
    assert changed == [calm_case]
    assert tabs.count() == 0
    texts = " ".join(shown_texts(tabs))
    for word in ("Meadow Ridge", "North Cedar", "Dale Norris", "Sam Okoro", "Whitlow", "2026-"):
        assert word not in texts
    assert not tabs.findChildren(CaseView)

    # ... and on unlock:
    tabs.set_workspace(workspace)
    tabs.reopen(ids, front)
    assert tabs.open_case_ids() == [urgent_case, calm_case]
    assert tabs.current_case_id() == calm_case
    assert current(tabs).form.notes.toPlainText() == "Typed just before the lock"


def test_a_new_workspace_closes_the_old_ones_tabs(tabs: CaseTabs, calm_case: int) -> None:
    tabs.open_case(calm_case)
    tabs.set_workspace(None)
    assert tabs.count() == 0
    assert tabs.open_case(calm_case) is None


def test_an_earlier_case_with_the_same_badge_is_listed_and_opens(
    tabs: CaseTabs, workspace: Workspace, calm_case: int
) -> None:
    later = CaseService(workspace).create(
        CaseIntake(
            school="Juniper Flats High School",
            agents=(AgentFacts("D. Norris", "ERO 40117"),),  # same badge, spelt differently
        )
    )
    view = tabs.open_case(later)
    assert view is not None
    panel = view.encounters
    assert panel.isVisible()
    assert panel.heading.text() == "This agent was seen before"
    assert panel.case_ids() == [calm_case]
    item = panel.list.item(0)
    assert isinstance(item, QListWidgetItem)
    reference = detail(workspace, calm_case).reference
    assert item.text().startswith(f"{reference} · ")
    assert "Meadow Ridge Elementary" in item.text()
    assert "Same badge: ERO-40117" in item.text()

    panel.list.itemActivated.emit(item)  # Enter or a double-click

    assert tabs.current_case_id() == calm_case
    assert tabs.count() == 2


def test_refresh_case_reloads_a_tab_but_keeps_unsaved_edits(
    tabs: CaseTabs, workspace: Workspace, calm_case: int
) -> None:
    view = tabs.open_case(calm_case)
    assert view is not None
    CaseService(workspace).set_status(calm_case, CaseStatus.IN_REVIEW)  # elsewhere
    view.form.notes.setPlainText("Mine")
    tabs.refresh_case(calm_case)
    assert view.status_chip.text() == "In review"
    assert view.form.notes.toPlainText() == "Mine"
    assert view.has_unsaved_changes()
    assert CALM.school == view.form.school.currentText()


def test_a_failed_save_before_lock_is_reported(
    tabs: CaseTabs, calm_case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise LegalDeskError("The database is read-only.")

    monkeypatch.setattr(view_module, "update_facts", broken)
    view = tabs.open_case(calm_case)
    assert view is not None
    view.form.notes.setPlainText("Typed")
    assert tabs.save_all_pending() == []
    assert tabs.save_failures == [f"{view.reference_text}: The database is read-only."]
