"""The checklist template editor on a real workspace: edits round-trip into cases' checklists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.checklist.service import ChecklistService
from legal_desk.checklist.templates import ChecklistTemplates
from legal_desk.workspace import Workspace
from models import RequestType
from models.checklist import AppliesTo
from tests.ui.checklist.conftest import new_case
from tests.ui.helpers import assert_accessible
from ui.checklist.panel import ChecklistPanel
from ui.checklist.template_editor import SAVED, ChecklistTemplateEditor, edit_checklist_template
from ui.form_drafts import keep_drafts

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def editor(qtbot: QtBot, workspace: Workspace) -> Iterator[ChecklistTemplateEditor]:
    made = ChecklistTemplateEditor(workspace)
    made.confirm_discard = lambda _parent: True
    qtbot.addWidget(made)
    made.show()
    yield made


def choose(editor: ChecklistTemplateEditor, key: str) -> None:
    row = next(i for i, item in enumerate(editor.drafts) if item.key == key)
    editor.list.setCurrentRow(row)
    editor.list.setFocus()


def case_labels(workspace: Workspace, case_id: int) -> list[str]:
    return [i.label for i in ChecklistService(workspace).items(case_id)]


def test_rename_by_keyboard_round_trips_and_shows_in_a_case(
    qtbot: QtBot, workspace: Workspace, panel: ChecklistPanel, editor: ChecklistTemplateEditor
) -> None:
    case_id = new_case(workspace, stated_purpose="")
    editor.activateWindow()  # the panel was shown first: Ctrl+S goes to the active window
    qtbot.waitUntil(editor.isActiveWindow)
    choose(editor, "next_steps")
    editor.label.setFocus()
    editor.label.selectAll()
    qtbot.keyClicks(editor.label, "Principal told what happens next")
    assert editor.dirty
    assert editor.list.currentItem().text().startswith("Principal told what happens next")
    with qtbot.waitSignal(editor.saved):
        qtbot.keyClick(editor.label, Qt.Key.Key_S, CTRL)
    assert editor.status.text() == SAVED and not editor.dirty

    stored = next(i for i in ChecklistTemplates(workspace).items() if i.key == "next_steps")
    assert stored.label == "Principal told what happens next"
    panel.load(workspace, case_id)
    assert panel.row("next_steps").check.text() == "Principal told what happens next"
    assert panel.row("next_steps").check.accessibleName() == "Principal told what happens next"


def test_renaming_an_auto_item_keeps_it_ticking_itself(
    qtbot: QtBot, workspace: Workspace, editor: ChecklistTemplateEditor
) -> None:
    choose(editor, "purpose")
    assert editor.auto_hint.isVisible()
    editor.label.setFocus()
    editor.label.selectAll()
    qtbot.keyClicks(editor.label, "Why the officer came")
    assert editor.save()
    case_id = new_case(workspace)  # its purpose is on file
    item = next(i for i in ChecklistService(workspace).items(case_id) if i.key == "purpose")
    assert item.label == "Why the officer came" and item.ticked_itself


def test_alt_up_and_down_reorder(
    qtbot: QtBot, workspace: Workspace, editor: ChecklistTemplateEditor
) -> None:
    case_id = new_case(workspace)
    before = case_labels(workspace, case_id)
    choose(editor, "next_steps")
    qtbot.keyClick(editor.list, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(editor.list, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(editor.list, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(editor.list, Qt.Key.Key_Down, ALT)
    assert editor.drafts[editor.current_row].key == "next_steps"
    assert QApplication.focusWidget() is editor.list
    assert editor.save()

    after = case_labels(workspace, case_id)
    moved = "School leader knows the next steps"
    assert after.index(moved) == before.index(moved) - 2
    assert sorted(after) == sorted(before)
    assert [i.key for i in ChecklistTemplates(workspace).items()] == [i.key for i in editor.drafts]


def test_add_an_optional_records_item(
    qtbot: QtBot, workspace: Workspace, editor: ChecklistTemplateEditor
) -> None:
    access = new_case(workspace)
    records = new_case(workspace, request_type=RequestType.STUDENT_RECORDS)
    choose(editor, "records_parent_notice")
    qtbot.keyClick(editor.list, Qt.Key.Key_N, CTRL)
    assert QApplication.focusWidget() is editor.label
    qtbot.keyClicks(editor.label, "Copy of the request kept with the case")
    editor.required.setFocus()
    qtbot.keyClick(editor.required, Qt.Key.Key_Space)
    editor.applies_to.setCurrentIndex(editor.applies_to.findData(AppliesTo.RECORDS))
    assert editor.save()

    added = ChecklistTemplates(workspace).items()[-1]
    assert added.label == "Copy of the request kept with the case"
    assert not added.required and added.applies_to is AppliesTo.RECORDS
    assert "Copy of the request kept with the case" not in case_labels(workspace, access)
    item = ChecklistService(workspace).items(records)[-1]
    assert item.label == "Copy of the request kept with the case" and not item.required


def test_remove_with_delete_keeps_ticked_items_in_cases(
    qtbot: QtBot, workspace: Workspace, editor: ChecklistTemplateEditor
) -> None:
    service = ChecklistService(workspace)
    ticked, untouched = new_case(workspace), new_case(workspace)
    item = next(i for i in service.items(ticked) if i.key == "next_steps")
    service.tick(item.id, note="Told her by phone")
    choose(editor, "next_steps")
    qtbot.keyClick(editor.list, Qt.Key.Key_Delete)
    assert "next_steps" not in [i.key for i in editor.drafts]
    assert editor.save()

    assert "next_steps" not in [i.key for i in ChecklistTemplates(workspace).items()]
    assert "School leader knows the next steps" not in case_labels(workspace, untouched)
    kept = next(i for i in service.items(ticked) if i.key == "next_steps")
    assert kept.done and kept.note == "Told her by phone"


def test_an_empty_text_is_refused_with_a_message(
    qtbot: QtBot, workspace: Workspace, editor: ChecklistTemplateEditor
) -> None:
    before = ChecklistTemplates(workspace).items()
    choose(editor, "purpose")
    editor.label.setFocus()
    editor.label.selectAll()
    qtbot.keyClick(editor.label, Qt.Key.Key_Delete)
    assert not editor.save()
    assert editor.error.isVisible() and "has no text" in editor.error.text()
    assert ChecklistTemplates(workspace).items() == before
    assert editor.dirty


def test_closing_with_unsaved_edits_asks_first(
    qtbot: QtBot, editor: ChecklistTemplateEditor
) -> None:
    asked: list[QWidget] = []

    def keep_editing(parent: QWidget) -> bool:
        asked.append(parent)
        return False

    editor.confirm_discard = keep_editing
    editor.add_item()
    editor.reject()
    assert asked == [editor] and editor.isVisible()
    editor.confirm_discard = lambda _parent: True
    editor.reject()
    assert not editor.isVisible()


def test_the_editor_is_accessible(editor: ChecklistTemplateEditor) -> None:
    assert assert_accessible(editor) >= 9
    assert editor.label.accessibleName() == "Text"
    assert editor.applies_to.accessibleName() == "Applies to"


def test_the_entry_point_opens_the_editor(qtbot: QtBot, workspace: Workspace) -> None:
    editor = edit_checklist_template(workspace)
    qtbot.addWidget(editor)
    assert editor.isVisible() and editor.windowTitle() == "Checklist template"
    assert editor.list.count() == len(ChecklistTemplates(workspace).items())
    editor.reject()


def test_unsaved_template_edits_survive_a_lock(
    qtbot: QtBot, workspace: Workspace, editor: ChecklistTemplateEditor
) -> None:
    choose(editor, "next_steps")
    editor.label.selectAll()
    qtbot.keyClicks(editor.label, "Principal told what happens next")
    stored_before = [i.label for i in ChecklistTemplates(workspace).items()]

    assert keep_drafts(editor, workspace) == 1  # what the window does as it locks
    editor.done(0)  # the lock closes it without asking

    again = ChecklistTemplateEditor(workspace)
    qtbot.addWidget(again)
    assert again.dirty
    assert "Principal told what happens next" in [i.label for i in again.drafts]
    assert again.status.text().startswith("Restored what was typed here")
    # Kept, never saved: the cases' template is as it was until Save.
    assert [i.label for i in ChecklistTemplates(workspace).items()] == stored_before
