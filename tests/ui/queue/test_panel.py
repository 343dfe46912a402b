"""QueuePanel: filters re-query at once, the header sorts, the selection survives refreshes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QBrush, QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import CaseStatus
from tests.ui.helpers import assert_accessible, shown_texts
from tests.ui.queue.conftest import bulk_cases
from ui.formatting import URGENT_COLOR
from ui.queue.model import Column
from ui.queue.panel import ANY_DATE, QueuePanel


def column_texts(panel: QueuePanel, column: Column) -> list[str]:
    model = panel.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def panel(qtbot: QtBot, workspace: Workspace, cases: list[int]) -> QueuePanel:
    panel = QueuePanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    panel.set_workspace(workspace)
    return panel


def click_header(qtbot: QtBot, panel: QueuePanel, column: Column) -> None:
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_urgent_case_first_with_counts_and_accessible_names(
    panel: QueuePanel, cases: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert panel.model.case_id_at(0) == cases[1]
    urgency = panel.model.index(0, Column.URGENCY)
    assert urgency.data() == "URGENT"
    brush = urgency.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == URGENT_COLOR
    assert panel.total_label.text() == "3 cases"
    assert panel.counts_label.text() == (
        "New 3 · In review 0 · Advice sent 0 · Security notified 0 · Closed 0"
    )
    # Status, school, request type, mine, from, to, Any date, the table.
    assert assert_accessible(panel) == 8
    assert (
        panel.table.horizontalHeader()
        .model()
        .headerData(Column.SCHOOL, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
        == "School"
    )
    assert panel.table.accessibleName() == "Case queue"
    assert panel.from_date.text() == ANY_DATE


def test_clicking_the_school_header_sorts_by_school(qtbot: QtBot, panel: QueuePanel) -> None:
    click_header(qtbot, panel, Column.SCHOOL)
    assert column_texts(panel, Column.SCHOOL) == [
        "Juniper Flats High School",
        "Meadow Ridge Elementary",
        "North Cedar Middle School",
    ]
    click_header(qtbot, panel, Column.SCHOOL)
    assert column_texts(panel, Column.SCHOOL)[0] == "North Cedar Middle School"
    header = panel.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.SCHOOL
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_status_filter_changes_rows_and_counts(
    panel: QueuePanel, workspace: Workspace, cases: list[int]
) -> None:
    CaseService(workspace).set_status(
        cases[0], CaseStatus.CLOSED, "closed in setup", override_open_items=True
    )
    panel.refresh()
    assert panel.model.rowCount() == 2  # "All open" by default
    assert panel.counts_label.text().endswith("Closed 1")
    panel.status_filter.setCurrentText("Closed")
    assert [panel.model.case_id_at(0), panel.model.rowCount()] == [cases[0], 1]
    assert panel.total_label.text() == "1 case"
    assert panel.counts_label.text().startswith("New 2 ·")  # counts ignore the status
    panel.status_filter.setCurrentText("All")
    assert panel.model.rowCount() == 3
    panel.request_filter.setCurrentText("Student records")
    assert [panel.model.case_id_at(0), panel.model.rowCount()] == [cases[1], 1]
    assert panel.counts_label.text().startswith("New 1 ·")


def test_assigned_to_me(panel: QueuePanel, workspace: Workspace) -> None:
    mine = CaseService(workspace).create(
        CaseIntake(school="Meadow Ridge Elementary", assigned_attorney="Tess Tester")
    )
    panel.refresh()
    assert panel.model.rowCount() == 4
    panel.mine_filter.click()
    assert [panel.model.case_id_at(0), panel.model.rowCount()] == [mine, 1]
    assert "Tess Tester" in panel.mine_filter.toolTip()
    panel.mine_filter.click()
    assert panel.model.rowCount() == 4


def test_school_field_filters_once_it_names_a_school(
    qtbot: QtBot, panel: QueuePanel, cases: list[int]
) -> None:
    edit = panel.school_filter.lineEdit()
    assert isinstance(edit, QLineEdit)
    assert panel.school_filter.count() == 3  # the known schools, for completion
    qtbot.keyClicks(edit, "meadow ridge")
    assert panel.model.rowCount() == 3  # half a name does not empty the queue
    qtbot.keyClicks(edit, " elementary")
    assert [panel.model.case_id_at(0), panel.model.rowCount()] == [cases[0], 1]
    edit.setText("Nowhere Academy")
    edit.editingFinished.emit()  # Enter or leaving the field applies any text
    assert panel.model.rowCount() == 0
    edit.clear()
    assert panel.model.rowCount() == 3


def test_date_range(panel: QueuePanel, cases: list[int]) -> None:
    panel.from_date.set_chosen_date(date(2026, 3, 2))
    panel.to_date.set_chosen_date(date(2026, 3, 2))
    flt = panel.model.queue_filter
    assert flt.received_from is not None and flt.received_to is not None
    assert flt.received_to - flt.received_from == datetime(2026, 3, 3) - datetime(2026, 3, 2)
    assert flt.received_from.tzinfo == UTC
    assert panel.model.rowCount() == 1
    assert panel.any_date_button.isEnabled()
    panel.any_date_button.click()
    assert panel.model.rowCount() == 3
    assert (panel.from_date.text(), panel.to_date.text()) == (ANY_DATE, ANY_DATE)
    assert not panel.any_date_button.isEnabled()
    panel.from_date.stepBy(1)  # from "Any date", Up goes to today
    assert panel.from_date.chosen_date() == date.today()


def test_refresh_keeps_the_selection_and_says_when_it_goes(
    qtbot: QtBot, panel: QueuePanel, workspace: Workspace, cases: list[int]
) -> None:
    changes: list[object] = []
    panel.selection_changed.connect(changes.append)
    assert panel.select_case(cases[2])
    assert changes == [cases[2]]
    newer = CaseService(workspace).create(CaseIntake(school="Alder High"))
    panel.refresh()
    assert panel.model.row_of(newer) == 1  # rows moved under the selection
    assert panel.selected_case_id() == cases[2]
    click_header(qtbot, panel, Column.SCHOOL)
    assert panel.selected_case_id() == cases[2]
    assert changes == [cases[2]]  # no flicker through None while re-querying
    panel.request_filter.setCurrentText("Student records")  # filters the case out
    assert panel.selected_case_id() is None
    assert changes == [cases[2], None]


def test_enter_and_double_click_activate(qtbot: QtBot, panel: QueuePanel, cases: list[int]) -> None:
    panel.focus_queue()
    assert panel.selected_case_id() == cases[1]  # focusing an unselected queue picks the top
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.selected_case_id() == cases[0]
    with qtbot.waitSignal(panel.case_activated, check_params_cb=lambda i: i == cases[0]):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    # QTest's mouseDClick sends no double-click a view sees (Qt 6.12): click, then
    # send the double-click event the platform would.
    viewport = panel.table.viewport()
    center = QPointF(panel.table.visualRect(panel.model.index(2, Column.SCHOOL)).center())
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=center.toPoint())
    double = QMouseEvent(
        QEvent.Type.MouseButtonDblClick,
        center,
        viewport.mapToGlobal(center),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(panel.case_activated, check_params_cb=lambda i: i == cases[2]):
        QApplication.sendEvent(viewport, double)


def test_ctrl_1_focuses_the_queue(qtbot: QtBot, workspace: Workspace, cases: list[int]) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    other = QLineEdit()
    panel = QueuePanel()
    layout = QVBoxLayout(window)
    layout.addWidget(other)
    layout.addWidget(panel)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach the active window only
    panel.set_workspace(workspace)
    other.setFocus()
    assert panel.focus_action.shortcut().toString() == "Ctrl+1"
    qtbot.keyClick(other, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.table.hasFocus)
    assert panel.selected_case_id() == cases[1]


def test_clear_forgets_everything(panel: QueuePanel, cases: list[int]) -> None:
    panel.select_case(cases[0])
    panel.mine_filter.setChecked(True)
    panel.status_filter.setCurrentText("All")
    before = "\n".join(shown_texts(panel))
    assert "Meadow Ridge Elementary" in before and "Tess Tester" in before
    panel.clear()
    assert panel.model.rowCount() == 0
    assert panel.model.cached_blocks() == []
    assert panel.selected_case_id() is None
    assert panel.workspace is None
    assert panel.school_filter.count() == 0
    assert not panel.mine_filter.isChecked()
    assert panel.status_filter.currentText() == "All open"
    after = "\n".join(shown_texts(panel))
    for secret in ("Meadow Ridge", "North Cedar", "Juniper", "2026-0", "Tess Tester", "New 3"):
        assert secret not in after
    panel.refresh()  # no workspace: nothing to do, nothing raised
    assert panel.model.rowCount() == 0


def test_lazy_rows_with_a_thousand_cases(qtbot: QtBot, workspace: Workspace) -> None:
    bulk_cases(workspace, 1000)
    panel = QueuePanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_workspace(workspace)
    assert panel.total_label.text() == "1,000 cases"
    qtbot.waitUntil(lambda: panel.model.cached_blocks() == [0])  # the first rows painted
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: 3 in panel.model.cached_blocks())
    last = panel.table.rowAt(panel.table.viewport().height() - 1)
    assert last == 999
    assert panel.model.index(last, Column.REFERENCE).data() == "2025-0001"  # the oldest case
    assert panel.model.cached_blocks() == [0, 3]  # the middle was never read
    assert panel.table.rowHeight(0) == panel.table.rowHeight(999)
