"""Editing advice templates: preview with the case's values, errors by line, versions."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from legal_desk.advice.library import AdviceTemplates
from legal_desk.workspace import Workspace
from tests.ui.helpers import assert_accessible
from ui.advice.template_editor import TemplateEditor
from ui.form_drafts import keep_drafts

VALUES: dict[str, object] = {"school": "Meadow Ridge Elementary", "caller_name": "Ana Rivera"}


@pytest.fixture
def editor(qtbot: QtBot, workspace: Workspace) -> TemplateEditor:
    made = TemplateEditor(workspace, None, select="detainer")
    made.confirm_discard = lambda _parent: True
    qtbot.addWidget(made)
    made.show()
    return made


def test_the_chosen_template_is_shown_with_a_preview(editor: TemplateEditor) -> None:
    assert editor.title.text() == "Detainer presented"
    assert "detainer" in editor.body.toPlainText()
    assert "[caller_name]" in editor.preview.toPlainText()  # sample values without a case
    assert not editor.error.isVisible()


def test_the_preview_uses_the_case_values_when_given(qtbot: QtBot, workspace: Workspace) -> None:
    made = TemplateEditor(workspace, {**_all_sample(), **VALUES}, select="hold_and_wait")
    qtbot.addWidget(made)
    assert "Dear Ana Rivera" in made.preview.toPlainText()


def _all_sample() -> dict[str, object]:
    from ui.advice.template_editor import sample_values

    return sample_values()


def test_a_syntax_error_is_shown_with_its_line_and_not_saved(
    qtbot: QtBot, editor: TemplateEditor, workspace: Workspace
) -> None:
    editor.body.setPlainText("First line\nSecond {% if %}\n")
    editor.update_preview()
    assert editor.error.isVisible()
    assert editor.error.text().startswith("Line 2: ")
    assert editor.save() is False
    assert len(AdviceTemplates(workspace).versions("detainer")) == 1


def test_an_unknown_placeholder_is_named(editor: TemplateEditor) -> None:
    editor.body.setPlainText("{{ family_status }}")
    editor.update_preview()
    assert "Unknown placeholder: family_status" in editor.error.text()
    assert editor.save() is False


def test_saving_adds_a_version_and_an_older_one_can_be_restored(
    editor: TemplateEditor, workspace: Workspace
) -> None:
    original = editor.body.toPlainText()
    editor.body.setPlainText(original + "\nCall us with any question.")
    assert editor.save() is True
    assert editor.saved_count == 1
    assert editor.versions.count() == 2
    assert editor.versions.currentText().startswith("Version 2")
    oldest = editor.versions.count() - 1
    editor.versions.setCurrentIndex(oldest)
    editor.versions.activated.emit(oldest)
    assert editor.body.toPlainText() == original
    assert editor.save() is True
    library = AdviceTemplates(workspace)
    assert [v.version for v in library.versions("detainer")] == [1, 2, 3]
    assert library.current("detainer").body == original


def test_a_placeholder_is_inserted_from_the_list(editor: TemplateEditor) -> None:
    editor.body.setPlainText("")
    item = editor.placeholders.item(1)  # "school"
    assert item is not None
    editor.placeholders.itemActivated.emit(item)
    assert editor.body.toPlainText() == "{{ school }}"


def test_the_editor_is_accessible(editor: TemplateEditor) -> None:
    assert_accessible(editor)


def test_unsaved_edits_of_a_template_survive_a_lock(
    qtbot: QtBot, workspace: Workspace, editor: TemplateEditor
) -> None:
    editor.body.setPlainText(editor.body.toPlainText() + "\nCall the legal office back.")
    edited = editor.body.toPlainText()
    versions = len(AdviceTemplates(workspace).versions("detainer"))

    assert keep_drafts(editor, workspace) == 1  # what the window does as it locks
    editor.done(0)  # the lock closes it without asking

    again = TemplateEditor(workspace, None, select="hold_and_wait")
    qtbot.addWidget(again)
    assert again.title.text() == "Detainer presented"  # the template being edited
    assert again.body.toPlainText() == edited
    assert again.has_unsaved_changes
    assert again.note.text().startswith("Restored what was typed here")
    assert len(AdviceTemplates(workspace).versions("detainer")) == versions  # not saved
