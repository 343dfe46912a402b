"""The Checklist and FERPA sections inside a case: the steps that finish a case."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pymupdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.checklist.service import ChecklistService
from legal_desk.services.cases import detail
from legal_desk.workspace import Workspace
from models import CaseStatus
from tests.ui.helpers import assert_accessible, shown_texts
from ui.case.view import CaseView, Section

MakeView = Callable[..., CaseView]


def _activate(qtbot: QtBot, view: CaseView) -> None:
    with qtbot.waitActive(view):
        view.activateWindow()


def test_the_checklist_section_is_the_real_checklist(
    qtbot: QtBot, make_view: MakeView, calm_case: int, workspace: Workspace
) -> None:
    view = make_view(calm_case)
    view.show_section(Section.CHECKLIST)
    assert view.checklist.row("next_steps").check.text() == "School leader knows the next steps"
    assert_accessible(view)

    box = view.checklist.row("next_steps").check
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    stored = {i.key: i for i in ChecklistService(workspace).items(calm_case)}
    assert stored["next_steps"].done and stored["next_steps"].done_by
    # The view reloaded: the timeline has the tick.
    assert any("ticked “School leader knows the next steps”" in t for t in view.timeline.texts())


def test_recording_the_security_call_moves_the_case(
    qtbot: QtBot, make_view: MakeView, calm_case: int, workspace: Workspace
) -> None:
    view = make_view(calm_case)
    changed: list[int] = []
    view.case_changed.connect(changed.append)
    _activate(qtbot, view)
    qtbot.keyClick(
        view.form.school,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = view.followup.security_dialog
    assert dialog is not None and dialog.isVisible()
    briefing = dialog.text.toPlainText()
    assert "Meadow Ridge Elementary" in briefing and "ERO-40117" in briefing
    qtbot.keyClicks(dialog.person, "Dispatcher Moreno")
    dialog.number.setText("(303) 555-0100")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)

    assert detail(workspace, calm_case).status is CaseStatus.SECURITY_NOTIFIED
    assert view.status_chip.text() == "Security notified"
    assert changed and changed[-1] == calm_case
    security = view.checklist.row("security_notified")
    assert security.check.isChecked()


def test_export_case_file_from_the_case(
    qtbot: QtBot, make_view: MakeView, calm_case: int, workspace: Workspace, tmp_path: Path
) -> None:
    view = make_view(calm_case)
    view.show_section(Section.CHECKLIST)
    action = view.followup.export_action
    assert action is not None and action.shortcut().toString() == "Ctrl+Shift+E"
    target = tmp_path / "case.pdf"
    warnings: list[str] = []

    def choose(_parent: QWidget, _suggested: str, warning: str) -> str:
        warnings.append(warning)
        return str(target)

    action.flow.choose_path = choose
    action.flow.show_message = lambda _parent, _text, _error: None
    qtbot.mouseClick(view.followup.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=20_000)
    assert "not encrypted" in warnings[0].lower()
    with pymupdf.open(target) as pdf:
        text = "".join(page.get_text() for page in pdf)
    assert detail(workspace, calm_case).reference in text
    assert "Meadow Ridge Elementary" in text


def test_the_ferpa_log_is_a_section(make_view: MakeView, calm_case: int) -> None:
    view = make_view(calm_case)
    view.show_section(Section.FERPA)
    assert view.nav.item(Section.FERPA).text() == "FERPA log"
    assert view.stack.currentWidget().isAncestorOf(view.ferpa)
    assert_accessible(view)


def test_closing_the_view_clears_the_new_sections(make_view: MakeView, calm_case: int) -> None:
    view = make_view(calm_case)
    view.show_section(Section.CHECKLIST)
    view.followup.open_security_briefing()
    view.clear()
    texts = " ".join(shown_texts(view))
    assert "Meadow Ridge" not in texts and "Sam Okoro" not in texts
    assert view.followup.security_dialog is None
    assert view.followup.export_action is not None and not view.followup.export_action.isEnabled()
    QApplication.processEvents()


def test_close_is_asked_with_the_open_items(
    make_view: MakeView, calm_case: int, workspace: Workspace
) -> None:
    service = ChecklistService(workspace)
    for item in service.open_required(calm_case):
        service.tick(item.id, note="done on the phone")
    view = make_view(calm_case)
    asked: list[Sequence[str]] = []

    def answer(_parent: QWidget, open_items: Sequence[str]) -> str:
        asked.append(open_items)
        return ""

    view.ask_close_reason = answer
    view.move_to(CaseStatus.CLOSED)
    assert asked == [[]]
    assert detail(workspace, calm_case).status is CaseStatus.CLOSED


def test_moving_to_security_notified_asks_for_the_call(
    make_view: MakeView, calm_case: int, workspace: Workspace
) -> None:
    view = make_view(calm_case)
    view.move_to(CaseStatus.IN_REVIEW)
    button = next(b for b in view.status_buttons if b.text() == "Record the Security call…")
    button.click()
    dialog = view.followup.security_dialog
    assert dialog is not None and dialog.isVisible()
    assert detail(workspace, calm_case).status is CaseStatus.IN_REVIEW  # not on a bare click
