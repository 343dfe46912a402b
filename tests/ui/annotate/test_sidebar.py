"""The list of annotations: by page, filtered, leads to the mark; delete, edit and move undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from models import AnnotationKind
from tests.ui.annotate.conftest import Scene, drag
from tests.ui.helpers import assert_accessible
from ui.annotate.controller import LAYER
from ui.annotate.sidebar import THIS_PAGE, AnnotationSidebar
from ui.formatting import local_time


def add_three(scene: Scene) -> list[int]:
    """A note on page 1, a rectangle on page 2, a highlight on page 1, stored by the core."""
    service = AnnotationService(scene.workspace)
    specs = (
        AnnotationSpec(page=0, kind=AnnotationKind.NOTE, rect=(400, 300, 400, 300), text="Call"),
        AnnotationSpec(page=1, kind=AnnotationKind.RECTANGLE, rect=(72, 500, 200, 560)),
        AnnotationSpec(
            page=0,
            kind=AnnotationKind.HIGHLIGHT,
            rect=(72, 80, 250, 94),
            geometry=((72, 80, 250, 80, 72, 94, 250, 94),),
            text="Not signed by a judge",
        ),
    )
    ids = [service.add(scene.document_id, spec) for spec in specs]
    scene.panel.controller.refresh()
    return ids


def rows(sidebar: AnnotationSidebar) -> list[str]:
    """Each shown row's first line, page headers included, top to bottom."""
    found = []
    for index in range(sidebar.tree.topLevelItemCount()):
        page = sidebar.tree.topLevelItem(index)
        assert page is not None
        found.append(page.text(0))
        for child in range(page.childCount()):
            item = page.child(child)
            assert item is not None
            found.append(item.text(0).split("\n")[0])
    return found


def test_the_list_is_by_page_with_author_and_time_and_filters(qtbot: QtBot, scene: Scene) -> None:
    add_three(scene)
    sidebar = scene.panel.sidebar

    assert rows(sidebar) == [
        "Page 1 (2)",
        "Highlight: “Not signed by a judge”",
        "Note: “Call”",
        "Page 2 (1)",
        "Rectangle",
    ]
    note = sidebar.tree.topLevelItem(0).child(1)  # type: ignore[union-attr]
    view = next(v for v in scene.stored() if v.kind == AnnotationKind.NOTE)
    author_line = f"{scene.workspace.actor.audit_name} · {local_time(view.created_at)}"
    assert note.text(0).split("\n")[1] == author_line
    assert author_line.replace(" · ", ", ") in note.toolTip(0)

    sidebar.kinds.setCurrentIndex(sidebar.kinds.findText("Rectangle"))
    assert rows(sidebar) == ["Page 2 (1)", "Rectangle"]
    sidebar.kinds.setCurrentIndex(0)
    qtbot.keyClicks(sidebar.filter, "JUDGE")
    assert rows(sidebar) == ["Page 1 (1)", "Highlight: “Not signed by a judge”"]
    sidebar.filter.clear()
    scene.viewer.go_to_page(2)
    sidebar.pages.setCurrentText(THIS_PAGE)
    assert rows(sidebar) == ["Page 2 (1)", "Rectangle"]
    scene.viewer.go_to_page(1)
    assert rows(sidebar) == ["Page 1 (2)", "Highlight: “Not signed by a judge”", "Note: “Call”"]
    assert_accessible(scene.panel)

    qtbot.keyClicks(sidebar.filter, "Okoro")  # a student's name, say
    scene.panel.clear()  # the lock path
    assert sidebar.filter.text() == ""


def test_choosing_a_row_scrolls_to_its_page_and_emphasises_the_mark(
    qtbot: QtBot, scene: Scene
) -> None:
    _note, rectangle, _highlight = add_three(scene)
    sidebar, viewer = scene.panel.sidebar, scene.viewer
    viewer.go_to_page(1)
    top = viewer.scroll_area.verticalScrollBar().value()

    item = sidebar.item_of(rectangle)
    assert item is not None
    sidebar.tree.setFocus()
    sidebar.tree.setCurrentItem(item)
    qtbot.keyClick(sidebar.tree, Qt.Key.Key_Return)

    assert viewer.current_page == 2
    assert viewer.scroll_area.verticalScrollBar().value() > top
    page_two = viewer.page_label_at(2)
    visible = (
        viewer.scroll_area.viewport()
        .rect()
        .translated(0, viewer.scroll_area.verticalScrollBar().value())
    )
    assert visible.intersects(page_two.geometry())
    [emphasised] = [m for m in viewer.marks(LAYER) if m.emphasised]
    assert emphasised.key == rectangle


def test_delete_key_removes_and_undo_restores(qtbot: QtBot, scene: Scene) -> None:
    note, _rectangle, _highlight = add_three(scene)
    sidebar, panel = scene.panel.sidebar, scene.panel
    sidebar.tree.setFocus()
    sidebar.tree.setCurrentItem(sidebar.item_of(note))

    qtbot.keyClick(sidebar.tree, Qt.Key.Key_Delete)

    assert AnnotationKind.NOTE not in {v.kind for v in scene.stored()}
    assert "Note: “Call”" not in rows(sidebar)
    assert not any(m.key == note for m in scene.viewer.marks(LAYER))

    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    [restored] = [v for v in scene.stored() if v.kind == AnnotationKind.NOTE]
    assert (restored.text, restored.rect) == ("Call", (400, 300, 400, 300))
    assert "Note: “Call”" in rows(sidebar)

    # Redo deletes it again, though it came back with a new id, and undo restores it again.
    qtbot.mouseClick(panel.redo_button, Qt.MouseButton.LeftButton)
    assert AnnotationKind.NOTE not in {v.kind for v in scene.stored()}
    panel.undo_action.trigger()
    assert AnnotationKind.NOTE in {v.kind for v in scene.stored()}


def test_f2_edits_the_text_and_undo_puts_it_back(qtbot: QtBot, scene: Scene) -> None:
    note, _rectangle, _highlight = add_three(scene)
    sidebar = scene.panel.sidebar
    seen: list[tuple[str, str]] = []

    def answer(_parent: object, title: str, initial: str) -> str:
        seen.append((title, initial))
        return "Call the supervisor at 555-0100"

    scene.panel.controller.ask_text_dialog = answer
    sidebar.tree.setFocus()
    sidebar.tree.setCurrentItem(sidebar.item_of(note))
    qtbot.keyClick(sidebar.tree, Qt.Key.Key_F2)

    assert seen == [("Note", "Call")]
    assert AnnotationService(scene.workspace).get(note).text == "Call the supervisor at 555-0100"
    scene.panel.undo_action.trigger()
    assert AnnotationService(scene.workspace).get(note).text == "Call"


def test_select_tool_picks_a_mark_on_the_page_and_drags_it(qtbot: QtBot, scene: Scene) -> None:
    _note, rectangle, _highlight = add_three(scene)
    panel = scene.panel
    panel.choose_tool(None)

    drag(qtbot, scene.viewer, 1, [(72, 530), (120, 560), (172, 580)])

    assert panel.controller.selected == rectangle
    assert panel.sidebar.selected_id() == rectangle
    moved = AnnotationService(scene.workspace).get(rectangle)
    assert moved.rect == pytest.approx((172, 550, 300, 610), abs=1.5)

    # Recolouring while selecting applies to the selection; undo takes it back.
    panel.set_color("#e02020")
    assert AnnotationService(scene.workspace).get(rectangle).color == "#e02020"
    panel.undo_action.trigger()
    panel.undo_action.trigger()
    back = AnnotationService(scene.workspace).get(rectangle)
    assert back.rect == (72, 500, 200, 560)
    assert back.color == "#ffd400"

    # Delete on the pages removes the selected annotation.
    drag(qtbot, scene.viewer, 1, [(100, 530)])
    assert panel.controller.selected == rectangle
    scene.viewer.scroll_area.setFocus()
    qtbot.keyClick(scene.viewer.scroll_area, Qt.Key.Key_Delete)
    assert AnnotationKind.RECTANGLE not in {v.kind for v in scene.stored()}

    # A click where there is no annotation selects nothing.
    drag(qtbot, scene.viewer, 1, [(500, 700)])
    assert panel.controller.selected is None
    assert panel.sidebar.selected_id() is None


def test_another_document_or_a_lock_starts_undo_afresh(qtbot: QtBot, scene: Scene) -> None:
    panel = scene.panel
    panel.choose_tool(AnnotationKind.RECTANGLE)
    drag(qtbot, scene.viewer, 0, [(72, 400), (250, 460)])
    assert panel.controller.stack.count() == 1
    assert panel.undo_button.isEnabled()

    scene.documents.clear()  # the lock path

    assert panel.controller.stack.count() == 0
    assert not panel.undo_button.isEnabled()
    assert panel.sidebar.tree.topLevelItemCount() == 0
    assert panel.controller.tool_kind is None
    assert not panel.export_button.isEnabled()
    assert len(scene.stored()) == 1  # what was drawn stays stored
