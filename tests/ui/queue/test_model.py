"""QueueModel: a lazy, well-behaved table model over the core queue queries."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from pytestqt.modeltest import ModelTester

from legal_desk.services.queue import QueueFilter
from legal_desk.workspace import Workspace
from models import CaseStatus
from tests.ui.conftest import INTAKES
from tests.ui.queue.conftest import bulk_cases
from ui.formatting import URGENT_COLOR
from ui.queue.model import (
    CASE_ID_ROLE,
    DEFAULT_FILTER,
    UNASSIGNED,
    UNAVAILABLE,
    URGENT_ROLE,
    Column,
    QueueModel,
    format_age,
    format_received,
)

NOW = INTAKES[1].received_at + timedelta(hours=3, minutes=20)  # the urgent case is 3 h old


def texts(model: QueueModel, column: Column) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def model(workspace: Workspace, cases: list[int]) -> QueueModel:
    model = QueueModel(clock=lambda: NOW)
    model.set_workspace(workspace)
    assert model.refresh()
    return model


def test_passes_qtmodeltester_loaded_sorted_and_cleared(
    qtmodeltester: ModelTester, model: QueueModel
) -> None:
    assert model.rowCount() == 3
    assert model.columnCount() == len(Column)
    qtmodeltester.check(model)
    model.sort(Column.SCHOOL, Qt.SortOrder.AscendingOrder)
    model.set_filter(QueueFilter(statuses=frozenset({CaseStatus.CLOSED})))
    model.clear()
    assert model.rowCount() == 0


def test_urgent_case_is_first_in_red_and_bold(model: QueueModel, cases: list[int]) -> None:
    assert model.case_id_at(0) == cases[1]
    urgency = model.index(0, Column.URGENCY)
    assert urgency.data() == "URGENT"
    brush = urgency.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == URGENT_COLOR
    font = urgency.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert urgency.data(Qt.ItemDataRole.AccessibleTextRole) == "Urgent"
    reference = model.index(0, Column.REFERENCE).data(Qt.ItemDataRole.ForegroundRole)
    assert reference.color() == URGENT_COLOR
    assert model.index(0, Column.SCHOOL).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 0).data(URGENT_ROLE) is True
    calm = model.index(1, Column.URGENCY)
    assert calm.data() == ""
    assert calm.data(Qt.ItemDataRole.ForegroundRole) is None
    assert calm.data(Qt.ItemDataRole.AccessibleTextRole) == "Not urgent"


def test_columns_show_labels_local_times_and_ages(model: QueueModel, cases: list[int]) -> None:
    row = model.row_of(cases[0])
    assert row is not None
    shown = {column: model.index(row, column).data() for column in Column}
    assert shown == {
        Column.URGENCY: "",
        Column.REFERENCE: "2026-0001",
        Column.STATUS: "New",
        Column.SCHOOL: "Meadow Ridge Elementary",
        Column.REQUEST_TYPE: "Access to a student",
        Column.AGENT: "Officer Dana Pike",
        Column.RECEIVED: format_received(INTAKES[0].received_at),
        Column.AGE: "22 h",
        Column.ASSIGNED: "Ruth Alvarado",
    }
    assert model.index(0, Column.AGE).data() == "3 h"
    assert model.index(2, Column.AGE).data() == "2 d"
    assert model.index(0, Column.ASSIGNED).data() == UNASSIGNED
    assert model.index(0, 0).data(CASE_ID_ROLE) == cases[1]
    assert model.headerData(Column.AGE, Qt.Orientation.Horizontal) == "Age"


def test_format_age() -> None:
    assert format_age(timedelta(seconds=20)) == "now"
    assert format_age(timedelta(seconds=-90)) == "now"  # a clock a little behind
    assert format_age(timedelta(minutes=59)) == "59 min"
    assert format_age(timedelta(hours=3, minutes=59)) == "3 h"
    assert format_age(timedelta(days=2, hours=23)) == "2 d"
    moment = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)
    assert format_received(moment) == moment.astimezone().strftime("%d %b %Y, %H:%M")


def test_sorting_happens_in_sql_and_age_sorts_by_received(
    model: QueueModel, cases: list[int]
) -> None:
    model.sort(Column.SCHOOL, Qt.SortOrder.AscendingOrder)
    assert texts(model, Column.SCHOOL) == sorted(texts(model, Column.SCHOOL))
    model.sort(Column.AGE, Qt.SortOrder.AscendingOrder)  # youngest first
    youngest_first = [model.case_id_at(r) for r in range(3)]
    assert youngest_first == [cases[1], cases[0], cases[2]]
    model.sort(Column.RECEIVED, Qt.SortOrder.DescendingOrder)
    assert [model.case_id_at(r) for r in range(3)] == youngest_first
    model.sort(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
    assert texts(model, Column.REFERENCE) == ["2026-0001", "2026-0002", "2026-0003"]


def test_filter_and_clear(model: QueueModel, workspace: Workspace, cases: list[int]) -> None:
    model.set_filter(QueueFilter(school_name="Juniper Flats High School"))
    assert [model.case_id_at(0), model.rowCount()] == [cases[2], 1]
    model.clear()
    assert model.rowCount() == 0
    assert model.cached_blocks() == []
    assert model.workspace is None
    assert model.queue_filter == DEFAULT_FILTER
    assert model.case_id_at(0) is None
    assert model.row_of(cases[2]) is None
    assert model.index(0, 0).data() is None


def test_rows_are_fetched_a_block_at_a_time(workspace: Workspace) -> None:
    bulk_cases(workspace, 1000)
    model = QueueModel(block_size=100, max_blocks=3)
    model.set_workspace(workspace)
    model.refresh()
    assert model.rowCount() == 1000
    assert model.cached_blocks() == []  # refresh reads ids only
    assert model.index(999, Column.REFERENCE).data() == "2025-0001"  # oldest last
    assert model.index(0, Column.REFERENCE).data() == "2025-1000"
    assert model.cached_blocks() == [9, 0]
    for row in (150, 250, 350):
        model.index(row, 0).data()
    assert model.cached_blocks() == [1, 2, 3]  # least recently used dropped first
    assert model.row_of(1000 - 399) == 399


def test_an_unreadable_block_shows_disabled_rows_and_logs_once(
    model: QueueModel, workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    workspace.lock()  # the rows were never fetched: every fetch now fails
    with caplog.at_level(logging.ERROR, logger="ui.queue.model"):
        for row in range(model.rowCount()):
            for column in Column:
                index = model.index(row, column)
                assert index.data(Qt.ItemDataRole.ForegroundRole) is None
                index.data()
    assert model.index(0, Column.REFERENCE).data() == UNAVAILABLE
    assert model.index(0, Column.SCHOOL).data() == ""
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert len([r for r in caplog.records if r.name == "ui.queue.model"]) == 1
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_a_failed_refresh_empties_the_model_and_says_why(
    model: QueueModel, workspace: Workspace
) -> None:
    failures: list[object] = []
    model.refresh_failed.connect(failures.append)
    workspace.lock()
    assert model.refresh() is False
    assert model.rowCount() == 0
    assert len(failures) == 1
