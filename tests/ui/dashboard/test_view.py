"""The Overview on a real workspace: figures, descriptions, tables, period, F5, lock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from tests.ui.case.conftest import StepRunner
from tests.ui.dashboard.conftest import DENVER, NOW, SCHOOLS, Known
from tests.ui.helpers import assert_accessible, shown_texts
from ui.dashboard.charts import BarChartBase
from ui.dashboard.view import DashboardView
from ui.tasks import InlineRunner, Runner

MakeView = Callable[..., DashboardView]


@pytest.fixture
def make_view(qtbot: QtBot) -> MakeView:
    def make(runner: Runner | None = None) -> DashboardView:
        view = DashboardView(runner or InlineRunner(), zone=DENVER)
        qtbot.addWidget(view)
        view.resize(1000, 900)
        view.show()
        return view

    return make


def figures(chart: BarChartBase) -> list[tuple[str, str]]:
    return [(item.label, item.text) for item in chart.items]


def table_rows(view: DashboardView, index: int) -> list[list[str]]:
    table = view.tables()[index]
    rows = []
    for row in range(table.rowCount()):
        cells = (table.item(row, column) for column in range(table.columnCount()))
        rows.append([cell.text() if cell is not None else "" for cell in cells])
    return rows


def test_the_figures_match_the_known_workspace(known: Known, make_view: MakeView) -> None:
    view = make_view()
    view.load(known.workspace)

    assert view.open_headline.value.text() == "5"
    assert view.urgent_headline.value.text() == "1"
    # Advice after 2 h 10 min and 3 days: the median is halfway, 37 h 5 min.
    assert view.advice_headline.value.text() == "1 day 13 h"
    assert view.advice_headline.accessibleName() == "Median time from intake to advice: 1 day 13 h"
    assert figures(view.status_chart) == [
        ("New", "2"),
        ("In review", "1"),
        ("Advice sent", "2"),
        ("Security notified", "0"),
    ]
    assert figures(view.age_chart) == [
        ("Under 1 day", "1"),
        ("1–7 days", "1"),
        ("8–30 days", "1"),
        ("Over 30 days", "2"),
    ]
    alder, birch, cedar = SCHOOLS
    assert figures(view.school_chart) == [(alder, "3"), (birch, "2"), (cedar, "1")]
    months = figures(view.month_chart)
    assert months[0] == ("Dec 2025", "0")
    assert months[-5:] == [
        ("Jul 2026", "1"),
        ("Aug 2026", "0"),
        ("Sep 2026", "1"),
        ("Oct 2026", "1"),
        ("Nov 2026", "3"),
    ]
    assert figures(view.duration_chart) == [
        ("To advice, median", "1 day 13 h"),
        ("To advice, 90th percentile", "3 days"),
        ("To Security, median", "5 h"),
        ("To Security, 90th percentile", "5 h"),
    ]
    assert "1 Dec 2025 to 30 Nov 2026" in view.status.text()
    assert view.pages.currentWidget() is view.scroll_area
    assert_accessible(view)


def test_each_chart_is_named_focusable_and_reads_its_figures(
    known: Known, make_view: MakeView
) -> None:
    view = make_view()
    view.load(known.workspace)

    for chart in view.charts():
        assert chart.accessibleName() == chart.title
        assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert view.status_chart.accessibleName() == "Open cases by status"
    assert view.status_chart.accessibleDescription() == (
        "New: 2, In review: 1, Advice sent: 2, Security notified: 0"
    )
    assert view.school_chart.accessibleDescription() == (
        f"{SCHOOLS[0]}: 3, {SCHOOLS[1]}: 2, {SCHOOLS[2]}: 1"
    )
    assert "Nov 2026: 3" in view.month_chart.accessibleDescription()
    assert view.duration_chart.accessibleDescription() == (
        "To advice, median: 1 day 13 h (2 cases), "
        "To advice, 90th percentile: 3 days (2 cases), "
        "To Security, median: 5 h (1 case), "
        "To Security, 90th percentile: 5 h (1 case)"
    )


def test_show_as_table_gives_the_same_figures_to_keyboard_users(
    known: Known, make_view: MakeView, qtbot: QtBot
) -> None:
    view = make_view()
    view.load(known.workspace)
    assert all(not table.isVisible() for table in view.tables())

    view.table_toggle.setFocus()
    qtbot.keyClick(view.table_toggle, Qt.Key.Key_Space)

    assert view.table_toggle.isChecked()
    assert all(table.isVisible() for table in view.tables())
    assert all(not chart.isVisible() for chart in view.charts())
    assert table_rows(view, 0) == [
        ["New", "2"],
        ["In review", "1"],
        ["Advice sent", "2"],
        ["Security notified", "0"],
    ]
    school_table = view.cards["school"].table
    assert school_table.accessibleName() == "Cases per school"
    assert school_table.horizontalHeaderItem(0).text() == "School"
    durations = view.cards["duration"].table
    assert [durations.horizontalHeaderItem(c).text() for c in range(3)] == [
        "Step",
        "Time",
        "Based on",
    ]
    assert table_rows(view, 4)[0] == ["To advice, median", "1 day 13 h", "2 cases"]
    assert_accessible(view)
    # Tab goes from the toggle through the refresh button to the first table.
    with qtbot.waitActive(view):
        view.activateWindow()
    view.table_toggle.setFocus()
    qtbot.keyClick(view.table_toggle, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.refresh_button
    qtbot.keyClick(view.refresh_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.cards["status"].table

    qtbot.keyClick(view.table_toggle, Qt.Key.Key_Space)
    assert all(chart.isVisible() for chart in view.charts())
    assert all(not table.isVisible() for table in view.tables())


def test_a_shorter_period_recounts(known: Known, make_view: MakeView) -> None:
    runner = InlineRunner()
    view = make_view(runner)
    view.load(known.workspace)
    calls = runner.calls

    view.period.setCurrentIndex(view.period.findData(3))

    assert runner.calls == calls + 1
    assert view.months == 3
    alder, birch, _cedar = SCHOOLS
    assert figures(view.school_chart) == [(alder, "3"), (birch, "2")]
    assert figures(view.month_chart) == [("Sep 2026", "1"), ("Oct 2026", "1"), ("Nov 2026", "3")]
    # Advice for cases received from 1 September still counts both letters.
    assert view.duration_chart.items[0].detail == "2 cases"
    # Open cases do not depend on the period.
    assert view.open_headline.value.text() == "5"
    assert "1 Sep 2026 to 30 Nov 2026" in view.status.text()


def test_f5_counts_again(known: Known, make_view: MakeView, qtbot: QtBot) -> None:
    view = make_view()
    view.load(known.workspace)
    CaseService(known.workspace).create(
        CaseIntake(school="Dogwood Flats High", received_at=NOW, exigent_claimed=True)
    )

    with qtbot.waitActive(view):  # shortcuts reach only the active window
        view.activateWindow()
    view.status_chart.setFocus()
    qtbot.keyClick(view.status_chart, Qt.Key.Key_F5)

    assert view.open_headline.value.text() == "6"
    assert view.urgent_headline.value.text() == "2"
    assert ("Dogwood Flats High", "1") in figures(view.school_chart)


def test_clear_leaves_no_figure_and_no_school_name(known: Known, make_view: MakeView) -> None:
    view = make_view()
    view.load(known.workspace)
    view.table_toggle.setChecked(True)
    assert any(SCHOOLS[0] in text for text in shown_texts(view))

    view.clear()

    texts = shown_texts(view) + [c.accessibleDescription() for c in view.charts()]
    assert not [t for t in texts if any(school in t for school in SCHOOLS)]
    assert all(table.rowCount() == 0 for table in view.tables())
    assert all(chart.items == () for chart in view.charts())
    assert view.board is None and view.workspace is None
    assert view.open_headline.value.text() == "—"
    # F5 after locking has nothing to count.
    view.reload()
    assert view.board is None


def test_a_count_still_running_when_locked_is_dropped(known: Known, make_view: MakeView) -> None:
    runner = StepRunner()
    view = make_view(runner)
    view.load(known.workspace)
    assert view.busy and view.status.text() == "Counting…"

    view.clear()
    runner.drain()

    assert view.board is None
    assert view.status_chart.items == ()
    assert view.open_headline.value.text() == "—"


def test_only_the_newest_count_is_shown(known: Known, make_view: MakeView) -> None:
    runner = StepRunner()
    view = make_view(runner)
    view.load(known.workspace)
    view.set_months(3)
    assert len(runner.pending) == 2

    runner.step()  # the 12-month count, superseded
    assert view.board is None
    runner.step()
    assert view.board is not None and len(view.board.per_month) == 3
    assert not view.busy


def test_an_empty_workspace_shows_a_friendly_state(
    workspace: Workspace, make_view: MakeView
) -> None:
    workspace.clock = lambda: NOW
    view = make_view()
    view.load(workspace)

    assert view.pages.currentWidget() is view.empty_page
    assert view.empty_title.text() == "Nothing to show yet"
    assert "last 12 months" in view.empty_text.text()
    assert view.open_headline.value.text() == "0"
    assert view.advice_headline.value.text() == "—"
    assert view.duration_chart.items[0].text == "no case yet"
    assert view.school_chart.items == ()
    assert_accessible(view)


def test_a_failed_count_says_so_in_one_line(known: Known, make_view: MakeView) -> None:
    view = make_view()
    view.load(known.workspace)
    known.workspace.lock()

    view.reload()

    message = view.status.text()
    assert message.startswith("The overview could not be counted:")
    assert "\n" not in message and "Traceback" not in message
    # The figures shown before stay on screen.
    assert view.open_headline.value.text() == "5"
