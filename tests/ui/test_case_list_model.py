"""The case queue model: a thin, well-behaved adapter over CaseService.list()."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QListView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from legal_desk.services.cases import CaseRow
from legal_desk.workspace import Workspace
from models import CaseStatus, RequestType
from ui.case_list_model import (
    CASE_ID_ROLE,
    CASE_ROW_ROLE,
    URGENT_COLOR,
    URGENT_ROLE,
    CaseItemDelegate,
    CaseListModel,
)


def row(case_id: int, *, urgent: bool = False, school: str = "Meadow Ridge Elementary") -> CaseRow:
    return CaseRow(
        id=case_id,
        reference=f"2026-{case_id:04d}",
        status=CaseStatus.NEW,
        urgent=urgent,
        school=school,
        request_type=RequestType.OTHER,
        received_at=datetime(2026, 3, case_id, 8, 30, tzinfo=UTC),
        assigned_attorney=None,
        agent="",
    )


def test_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, workspace: Workspace, cases: list[int]
) -> None:
    model = CaseListModel()
    model.refresh(workspace)
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_rows_show_reference_school_status_and_urgency(
    workspace: Workspace, cases: list[int]
) -> None:
    model = CaseListModel()
    model.refresh(workspace)
    first = model.index(0, 0)
    assert first.data(URGENT_ROLE) is True
    assert first.data() == "2026-0002 · North Cedar Middle School · New · Urgent"
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == first.data()
    brush = first.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == URGENT_COLOR
    second = model.index(1, 0)
    assert second.data(Qt.ItemDataRole.ForegroundRole) is None
    assert isinstance(second.data(CASE_ROW_ROLE), CaseRow)
    assert model.row_of(second.data(CASE_ID_ROLE)) == 1


def test_clear_resets_to_zero_rows(qtbot: QtBot) -> None:
    model = CaseListModel()
    model.set_rows([row(1), row(2, urgent=True)])
    with qtbot.waitSignal(model.modelReset):
        model.clear()
    assert model.rowCount() == 0
    assert model.case_at(0) is None
    assert model.row_of(1) is None


def test_data_never_raises_for_bad_indexes() -> None:
    model = CaseListModel()
    model.set_rows([row(1)])
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(5, 0)) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None


def test_missing_school_reads_as_not_recorded() -> None:
    model = CaseListModel()
    model.set_rows([row(1, school="")])
    assert "School not recorded" in model.index(0, 0).data()


def test_delegate_paints_every_row(qtbot: QtBot) -> None:
    model = CaseListModel()
    model.set_rows([row(1), row(2, urgent=True), row(3, school="A" * 200)])
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(CaseItemDelegate(view))
    view.resize(300, 300)
    view.setCurrentIndex(model.index(1, 0))
    image = view.grab().toImage()  # paints every visible row, selected and urgent included
    assert not image.isNull()
    height = view.sizeHintForRow(0)
    assert height > view.fontMetrics().height() * 2
