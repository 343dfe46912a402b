"""Drawing each kind of annotation with the mouse stores it, marks it, and undo takes it back."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from legal_desk.documents.store import DocumentStore
from models import AnnotationKind
from tests.ui.annotate.conftest import PHOTO_RECT, Scene, click, drag, word_rect
from tests.ui.helpers import assert_accessible
from ui.annotate.controller import DRAFT_LAYER, LAYER
from ui.annotate.sidebar import KIND_NAMES
from ui.annotate.tools import NO_TEXT
from ui.viewer.marks import MarkStyle

Box = tuple[float, float, float, float]


def covers(outer: Box, inner: Box, slack: float = 0.5) -> bool:
    return (
        outer[0] <= inner[0] + slack
        and outer[1] <= inner[1] + slack
        and outer[2] >= inner[2] - slack
        and outer[3] >= inner[3] - slack
    )


def quad_box(quad: tuple[float, ...]) -> Box:
    return (min(quad[0::2]), min(quad[1::2]), max(quad[0::2]), max(quad[1::2]))


def middle(rect: Box) -> tuple[float, float]:
    return ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)


def wait_for_count(qtbot: QtBot, scene: Scene, count: int) -> None:
    qtbot.waitUntil(lambda: len(scene.stored()) == count, timeout=5000)


@pytest.mark.parametrize(
    ("button", "kind", "style"),
    [
        ("tool_highlight", AnnotationKind.HIGHLIGHT, MarkStyle.FILL),
        ("tool_underline", AnnotationKind.UNDERLINE, MarkStyle.UNDERLINE),
        ("tool_strikeout", AnnotationKind.STRIKEOUT, MarkStyle.STRIKE),
    ],
)
def test_dragging_across_words_marks_them_and_undo_redo_follow(
    qtbot: QtBot, scene: Scene, button: str, kind: AnnotationKind, style: MarkStyle
) -> None:
    panel, viewer = scene.panel, scene.viewer
    qtbot.mouseClick(panel.findChild(type(panel.undo_button), button), Qt.MouseButton.LeftButton)
    zebulon, quartermaine = word_rect(0, "Zebulon"), word_rect(0, "Quartermaine")

    # From the middle of the first name to the middle of the surname: both whole words.
    drag(qtbot, viewer, 0, [middle(zebulon), (300, 105), middle(quartermaine)])
    wait_for_count(qtbot, scene, 1)

    [stored] = scene.stored()
    assert (stored.kind, stored.page) == (kind, 0)
    [quad] = stored.geometry
    assert covers(quad_box(quad), zebulon) and covers(quad_box(quad), quartermaine)
    assert not covers(quad_box(quad), word_rect(0, "Student"))  # it starts at the press
    assert stored.author == scene.workspace.actor.audit_name
    [mark] = viewer.marks(LAYER)
    assert (mark.style, mark.key, mark.points) == (style, stored.id, stored.geometry)
    assert viewer.marks(DRAFT_LAYER) == ()
    # The list names the words marked (read from the page), with who and when.
    item = panel.sidebar.item_of(stored.id)
    assert item is not None
    assert item.text(0).startswith(f"{KIND_NAMES[kind]}: “Zebulon Quartermaine”\n")

    viewer.scroll_area.setFocus()
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert scene.stored() == []
    assert viewer.marks(LAYER) == ()

    qtbot.keyClick(
        viewer.scroll_area,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    [again] = scene.stored()
    assert again.spec == stored.spec
    assert [m.key for m in viewer.marks(LAYER)] == [again.id]


def test_a_drag_over_two_lines_marks_one_quad_per_line(qtbot: QtBot, scene: Scene) -> None:
    scene.panel.choose_tool(AnnotationKind.HIGHLIGHT)
    warrant, student = word_rect(0, "Warrant"), word_rect(0, "Student")

    drag(qtbot, scene.viewer, 0, [(warrant[0] + 1, middle(warrant)[1]), middle(student)])
    wait_for_count(qtbot, scene, 1)

    [stored] = scene.stored()
    first, second = (quad_box(q) for q in stored.geometry)
    assert covers(first, warrant) and covers(first, word_rect(0, "I-205"))
    assert not covers(first, word_rect(0, "Administrative"))
    assert covers(second, student) and not covers(second, word_rect(0, "Zebulon"))
    assert first[3] <= second[1] + 1  # two lines, top to bottom


def test_on_a_page_without_text_the_dragged_area_is_marked(qtbot: QtBot, scene: Scene) -> None:
    scene.panel.choose_tool(AnnotationKind.HIGHLIGHT)

    drag(qtbot, scene.viewer, 2, [(150, 150), (250, 220)])
    wait_for_count(qtbot, scene, 1)

    [stored] = scene.stored()
    assert stored.page == 2
    assert stored.rect == pytest.approx((150, 150, 250, 220), abs=1.5)
    assert len(stored.geometry) == 1
    assert scene.panel.status.text() == NO_TEXT
    assert covers(PHOTO_RECT, stored.rect)


def test_note_asks_for_its_text_and_cancel_adds_nothing(qtbot: QtBot, scene: Scene) -> None:
    controller = scene.panel.controller
    scene.panel.choose_tool(AnnotationKind.NOTE)

    click(qtbot, scene.viewer, 0, 400, 200)  # the fixture's prompt answers "cancel"
    assert scene.stored() == []

    asked: list[str] = []

    def answer(_parent: object, title: str, _initial: str) -> str:
        asked.append(title)
        return "Call the supervisor"

    controller.ask_text_dialog = answer
    click(qtbot, scene.viewer, 0, 400, 200)

    [note] = scene.stored()
    assert asked == ["New note"]
    assert (note.kind, note.text) == (AnnotationKind.NOTE, "Call the supervisor")
    assert note.rect == pytest.approx((400, 200, 400, 200), abs=1.5)
    assert viewer_styles(scene) == [MarkStyle.NOTE]


def viewer_styles(scene: Scene) -> list[MarkStyle]:
    return [m.style for m in scene.viewer.marks(LAYER)]


def test_text_box_rectangle_and_redaction_are_dragged_boxes(qtbot: QtBot, scene: Scene) -> None:
    panel = scene.panel
    panel.controller.ask_text_dialog = lambda *_args: "Counsel reviewing"

    panel.choose_tool(AnnotationKind.FREE_TEXT)
    drag(qtbot, scene.viewer, 0, [(72, 300), (150, 320), (280, 340)])
    panel.choose_tool(AnnotationKind.RECTANGLE)
    drag(qtbot, scene.viewer, 0, [(72, 400), (250, 460)])
    drag(qtbot, scene.viewer, 0, [(300, 400), (301.5, 401)])  # a slip: ignored
    panel.choose_tool(AnnotationKind.REDACTION)
    drag(qtbot, scene.viewer, 0, [(70, 98), (330, 115)])

    by_kind = {v.kind: v for v in scene.stored()}
    assert set(by_kind) == {
        AnnotationKind.FREE_TEXT,
        AnnotationKind.RECTANGLE,
        AnnotationKind.REDACTION,
    }
    assert by_kind[AnnotationKind.FREE_TEXT].text == "Counsel reviewing"
    assert by_kind[AnnotationKind.FREE_TEXT].rect == pytest.approx((72, 300, 280, 340), abs=1.5)
    assert by_kind[AnnotationKind.RECTANGLE].rect == pytest.approx((72, 400, 250, 460), abs=1.5)
    assert by_kind[AnnotationKind.REDACTION].color == "#000000"
    assert sorted(s.value for s in viewer_styles(scene)) == sorted(
        s.value for s in (MarkStyle.TEXT, MarkStyle.OUTLINE, MarkStyle.REDACT)
    )


def test_a_stroke_is_one_drawing(qtbot: QtBot, scene: Scene) -> None:
    scene.panel.choose_tool(AnnotationKind.INK)

    drag(qtbot, scene.viewer, 1, [(100, 200), (140, 240), (180, 210), (220, 260)])

    [ink] = scene.stored()
    assert (ink.kind, ink.page) == (AnnotationKind.INK, 1)
    [stroke] = ink.geometry
    assert len(stroke) >= 8
    assert (stroke[0], stroke[1]) == pytest.approx((100, 200), abs=1.5)
    assert (stroke[-2], stroke[-1]) == pytest.approx((220, 260), abs=1.5)
    assert covers(ink.rect, (100, 200, 220, 260), slack=1.5)


def test_the_chosen_colour_is_stored(qtbot: QtBot, scene: Scene) -> None:
    panel = scene.panel
    panel.colors.setCurrentIndex(panel.colors.findText("Green"))
    panel.colors.activated.emit(panel.colors.currentIndex())
    panel.choose_tool(AnnotationKind.RECTANGLE)
    drag(qtbot, scene.viewer, 0, [(72, 400), (250, 460)])

    panel.choose_color = lambda _parent, _current: "#123456"
    other = panel.colors.findText("Other…")
    panel.colors.setCurrentIndex(other)
    panel.colors.activated.emit(other)
    drag(qtbot, scene.viewer, 0, [(300, 400), (400, 460)])

    assert [v.color for v in scene.stored()] == ["#3ec43e", "#123456"]
    assert panel.colors.currentData() == "#123456"


def test_the_original_document_never_changes(qtbot: QtBot, scene: Scene) -> None:
    store = DocumentStore(scene.workspace)
    scene.panel.choose_tool(AnnotationKind.HIGHLIGHT)
    drag(qtbot, scene.viewer, 0, [middle(word_rect(0, "Zebulon"))])
    wait_for_count(qtbot, scene, 1)
    scene.panel.choose_tool(AnnotationKind.REDACTION)
    drag(qtbot, scene.viewer, 0, [(70, 98), (330, 115)])
    wait_for_count(qtbot, scene, 2)

    assert store.original_bytes(scene.document_id) == scene.original
    assert store.verify_hash(scene.document_id)
    digest = hashlib.sha256(store.original_bytes(scene.document_id)).hexdigest()
    assert digest == hashlib.sha256(scene.original).hexdigest()


def test_a_refused_annotation_shows_why_and_adds_nothing(scene: Scene) -> None:
    messages: list[str] = []
    controller = scene.panel.controller
    controller.show_error = lambda _parent, message: messages.append(message)

    controller.add(5, AnnotationSpec(page=5, kind=AnnotationKind.RECTANGLE, rect=(1, 1, 9, 9)))

    assert messages == ["Page 6 does not exist; the document has 3 pages."]
    assert scene.stored() == []
    assert controller.stack.count() == 0
    assert not scene.panel.undo_button.isEnabled()


def test_tool_keys_work_on_the_pages_and_escape_returns_to_select(
    qtbot: QtBot, scene: Scene
) -> None:
    panel, viewer = scene.panel, scene.viewer
    viewer.scroll_area.setFocus()
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_H)
    assert panel.controller.tool_kind == AnnotationKind.HIGHLIGHT
    assert panel.tool_buttons[AnnotationKind.HIGHLIGHT].isChecked()
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_X)
    assert panel.controller.tool_kind == AnnotationKind.REDACTION
    qtbot.keyClick(viewer.scroll_area, Qt.Key.Key_Escape)
    assert panel.controller.tool_kind is None
    assert panel.tool_buttons[None].isChecked()

    # A letter typed in the list's filter is text, not a tool.
    panel.sidebar.filter.setFocus()
    qtbot.keyClick(panel.sidebar.filter, Qt.Key.Key_H)
    assert panel.controller.tool_kind is None
    assert panel.sidebar.filter.text() == "h"
    assert_accessible(panel)


def test_an_undo_that_fails_says_why_and_leaves_the_stack(qtbot: QtBot, scene: Scene) -> None:
    messages: list[str] = []
    controller = scene.panel.controller
    controller.show_error = lambda _parent, message: messages.append(message)
    scene.panel.choose_tool(AnnotationKind.RECTANGLE)
    drag(qtbot, scene.viewer, 0, [(72, 400), (250, 460)])
    [stored] = scene.stored()
    AnnotationService(scene.workspace).delete(stored.id)  # removed behind the panel's back

    scene.panel.undo_action.trigger()

    assert messages == [f"Annotation {stored.id} does not exist."]
    assert controller.stack.count() == 0
    assert scene.viewer.marks(LAYER) == ()


def test_after_drawing_ctrl_z_undoes_the_drawing_not_the_last_text_field(
    qtbot: QtBot, scene: Scene
) -> None:
    panel = scene.panel
    panel.choose_tool(AnnotationKind.RECTANGLE)
    qtbot.keyClicks(panel.sidebar.filter, "x")
    panel.sidebar.filter.clear()
    panel.sidebar.filter.setFocus()

    drag(qtbot, scene.viewer, 0, [(72, 400), (250, 460)])
    assert len(scene.stored()) == 1

    focused = QApplication.focusWidget()
    assert focused is scene.viewer.scroll_area
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert scene.stored() == []
    qtbot.keyClick(focused, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(scene.stored()) == 1


def test_a_box_drawn_on_a_turned_page_is_stored_in_page_points(qtbot: QtBot, scene: Scene) -> None:
    scene.viewer.rotate()
    scene.panel.choose_tool(AnnotationKind.RECTANGLE)

    drag(qtbot, scene.viewer, 0, [(72, 400), (250, 460)])

    [box] = scene.stored()
    assert box.rect == pytest.approx((72, 400, 250, 460), abs=1.5)


def test_undo_stays_right_when_the_database_gives_an_old_id_to_a_new_annotation(
    scene: Scene,
) -> None:
    # SQLite hands a deleted annotation's id to the next one: a handle whose
    # annotation is gone must not be taken for the new one's.
    controller = scene.panel.controller
    errors: list[str] = []
    controller.show_error = lambda _parent, message: errors.append(message)

    def box(top: float) -> AnnotationSpec:
        return AnnotationSpec(
            page=0, kind=AnnotationKind.RECTANGLE, rect=(50, top, 150, top + 40), color="#ff0000"
        )

    controller.add(0, box(100))
    controller.stack.undo()  # A is gone; its id is free again
    controller.add(0, box(200))  # B takes A's old id
    controller.add(0, box(300))  # C
    b_id = min(v.id for v in scene.stored())
    controller.delete(b_id)
    for _ in range(4):  # undo: delete B, add C, add B, and the first undo's redo is gone
        if controller.stack.canUndo():
            controller.stack.undo()

    assert errors == []
    assert scene.stored() == []


def test_a_new_text_layer_after_ocr_keeps_the_undo_history_and_the_marks(
    qtbot: QtBot, scene: Scene
) -> None:
    controller = scene.panel.controller
    controller.add(
        0,
        AnnotationSpec(
            page=0, kind=AnnotationKind.RECTANGLE, rect=(50, 100, 150, 140), color="#ff0000"
        ),
    )
    assert controller.stack.count() == 1

    with qtbot.waitSignal(scene.documents.viewer.document_opened, timeout=5000):
        scene.documents.checker.rendition_changed.emit(scene.document_id)

    assert controller.stack.count() == 1 and scene.panel.undo_button.isEnabled()
    assert scene.documents.shown_document_id == scene.document_id
    assert len(scene.documents.viewer.marks(LAYER)) == 1


def test_undoing_a_delete_brings_the_annotation_back_with_its_author_and_time(
    scene: Scene,
) -> None:
    controller = scene.panel.controller
    controller.add(
        0,
        AnnotationSpec(
            page=0, kind=AnnotationKind.RECTANGLE, rect=(50, 100, 150, 140), color="#ff0000"
        ),
    )
    (before,) = scene.stored()
    later = before.created_at + timedelta(hours=2)
    scene.workspace.clock = lambda: later  # the undo happens two hours on
    controller.delete(before.id)
    controller.stack.undo()

    (after,) = scene.stored()
    assert (after.author, after.created_at) == (before.author, before.created_at)
    assert after.spec == before.spec
