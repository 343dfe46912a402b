"""Locking (issue 7): after the idle timeout no case data remains in any widget or
model, the database connections are closed and the key bytes are overwritten.

Two cases full of markers are open in tabs with every section shown (the documents
with a warrant on screen and checked, the advice with a draft being typed, the
checklist with a note being typed, the FERPA log, the timeline), the Overview
dashboard, the Security briefing dialog and the case search, with markers typed into
fields by keyboard. Then the idle timer fires, and the window is searched for the
markers everywhere a user, a screen reader or Ctrl+Z could reach, and in the Python
attributes of our own widgets.

What Python cannot wipe, and this proof does not claim: `str` and `bytes` are
immutable, so the copies the app made of case text (ORM rows, query results, page
images, strings handed to Qt) are only dropped, and stay in freed memory until it is
reused. The same goes for the key: `PRAGMA key` takes it as a hex `str` built for
each connection, and SQLite keeps that statement, and SQLCipher the key itself, in
C memory until the connection closes; what happens to those bytes then is up to
SQLCipher, out of Python's reach. What is proved: the key's own buffer (a bytearray)
is overwritten in place, every connection is closed, and nothing in the window or its
widgets' attributes still holds any case text.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pymupdf
import pytest
import sqlcipher3.dbapi2 as sqlcipher
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from legal_desk.advice.letters import Letter
from legal_desk.advice.sent import AdviceRecords
from legal_desk.checklist.service import ChecklistService
from legal_desk.documents import specimens
from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import WorkspaceLockedError
from legal_desk.ferpa.log import DisclosureLog
from legal_desk.security.notifications import SecurityNotifications
from legal_desk.services.cases import (
    AgentFacts,
    CaseIntake,
    CaseService,
    StaffFacts,
    StudentFacts,
)
from legal_desk.storage import engine as storage
from legal_desk.workspace import Workspace
from models import Agency, AnnotationKind, DeliveryChannel, RequestType, Student
from tests.conftest import PASSPHRASE
from tests.proof.session import Markers
from tests.proof.widgets import held_by_objects, held_texts, models_under, rows
from tests.ui.conftest import _qsettings_in_tmp, make_window, runner, ui_settings, unlock_with
from ui.case.view import CaseView, Section
from ui.main_window import UNLOCK_PAGE, WORKSPACE_PAGE, MainWindow

# Fixtures, imported to be used here (tests/proof has no GUI conftest of its own).
__all__ = ["_qsettings_in_tmp", "make_window", "runner", "ui_settings"]

NOW = datetime.now(UTC)
HOUR_MS = 3_600_000


def store_case(workspace: Workspace, m: Markers) -> int:
    """A case whose every part carries a marker: facts, a warrant, an annotation, advice
    sent, a ticked item, the call to Security and a FERPA request."""
    case_id = CaseService(workspace).create(
        CaseIntake(
            school=m.school,
            received_at=NOW - timedelta(hours=3),
            request_type=RequestType.STUDENT_RECORDS,
            stated_purpose=f"Records of {m.student}",
            notes=m.notes,
            staff=(StaffFacts(f"Caller {m.school}", "Principal", is_caller=True),),
            agents=(AgentFacts(m.agent, "ERO-40117", Agency.ICE_ERO),),
            students=(StudentFacts(m.student, "4"),),
        )
    )
    pdf = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2), subject=m.document)
    )
    store = DocumentStore(workspace)
    document_id = store.attach(case_id, f"{m.document}.pdf", pdf)
    AnnotationService(workspace).add(
        document_id,
        AnnotationSpec(
            page=0, kind=AnnotationKind.NOTE, rect=(400, 300, 400, 300), text=m.annotation
        ),
    )
    AdviceRecords(workspace).record(
        Letter.from_html(case_id, None, f"Advice for {m.school}", f"<p>{m.advice}</p>"),
        DeliveryChannel.CLIPBOARD,
    )
    checklist = ChecklistService(workspace)
    [item] = [i for i in checklist.items(case_id) if i.key == "next_steps"]
    checklist.tick(item.id, note=m.checklist)
    SecurityNotifications(workspace).record(
        case_id, person_spoken_to=m.security, number_called="(303) 555-0100"
    )
    with workspace.session() as session:
        student_id = session.scalar(select(Student.id).where(Student.case_id == case_id))
    assert student_id is not None
    DisclosureLog(workspace).record_request(
        case_id,
        student_id=student_id,
        party=m.ferpa,
        legitimate_interest="none stated",
        records_described=f"Attendance of {m.student}",
        occurred_at=NOW - timedelta(hours=2),
    )
    return case_id


def show_everything(qtbot: QtBot, view: CaseView, m: Markers) -> None:
    """Every section of the case on screen once, with markers typed into its fields."""
    qtbot.waitUntil(lambda: view.snapshot is not None)
    view.show_section(Section.DOCUMENTS)
    documents = view.documents
    qtbot.waitUntil(lambda: documents.tree.topLevelItemCount() == 1)
    item = documents.tree.topLevelItem(0)
    assert item is not None
    documents.open_document(item.data(0, Qt.ItemDataRole.UserRole), item.text(0))
    qtbot.waitUntil(lambda: documents.checker.result is not None, timeout=30_000)
    qtbot.waitUntil(lambda: documents.viewer.page_count == 1)
    view.show_section(Section.ADVICE)
    qtbot.waitUntil(lambda: view.advice.template_combo.count() > 0)
    qtbot.keyClicks(view.advice.recipient, f"{m.student}@district.example")
    qtbot.keyClicks(view.advice.editor.rich, f" {m.advice} draft")
    view.show_section(Section.CHECKLIST)
    qtbot.waitUntil(lambda: bool(view.checklist.rows))
    qtbot.keyClicks(view.checklist.note, f"typed {m.checklist}")
    view.show_section(Section.FERPA)
    view.show_section(Section.TIMELINE)
    view.show_section(Section.FACTS)
    qtbot.keyClicks(view.form.caller_name, f" {m.notes}")  # an unsaved edit


def open_documents() -> set[int]:
    """Ids of the PyMuPDF documents open in this process (read without touching their
    pages: the viewer's worker thread owns them)."""
    gc.collect()
    return {
        id(doc)
        for doc in gc.get_objects()
        if isinstance(doc, pymupdf.Document) and not doc.is_closed
    }


def probe(window: MainWindow, markers: list[str]) -> tuple[list[str], list[str]]:
    texts = [f"{where}: {m}" for where, text in held_texts(window) for m in markers if m in text]
    return texts, held_by_objects(window, markers)


def test_after_the_idle_timeout_nothing_of_a_case_is_left_and_the_key_is_wiped(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first, second = Markers.fresh("a"), Markers.fresh("b")
    cases = [store_case(workspace, first), store_case(workspace, second)]
    workspace.lock()
    markers = [*first.all(), *second.all()]

    window = make_window(idle_interval_ms=HOUR_MS)  # armed below, once all is shown
    window.resize(1400, 900)
    window.show()
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    assert window.pages.currentIndex() == WORKSPACE_PAGE
    opened = window.workspace
    assert opened is not None
    before_session = open_documents()  # any other test's leftovers
    for case_id, m in zip(cases, (first, second), strict=True):
        view = window.case_tabs.open_case(case_id)
        assert view is not None
        show_everything(qtbot, view, m)
    briefing = window.case_tabs.views()[0].followup.open_security_briefing()
    assert briefing is not None
    qtbot.waitUntil(lambda: first.school in briefing.text.toPlainText())
    qtbot.keyClicks(briefing.person, second.security)
    school_filter = window.queue_panel.school_filter.lineEdit()
    assert school_filter is not None
    school_filter.insert(second.school)  # one undoable edit, one query
    window.show_overview()
    qtbot.waitUntil(lambda: window.workspace_view.overview_shown)
    window.search_action.trigger()
    qtbot.keyClicks(window.search_popup.panel.field, first.school)
    qtbot.waitUntil(lambda: not window.search_popup.panel.pending)

    # The probes see the markers while the workspace is open: they can find them.
    texts, attributes = probe(window, markers)
    for m in (first, second):
        for marker in (m.school, m.student, m.agent, m.ferpa, m.checklist):
            assert any(marker in hit for hit in texts), marker
    assert attributes
    assert open_documents() - before_session  # the warrants on screen

    key = opened.data_key()
    key_buffer = key.bytes_view()  # the bytearray itself, to see it overwritten in place
    assert any(key_buffer)
    engine = opened.engine
    connections = list(storage._OPENED[engine])
    assert connections

    # The window's own idle timer, re-armed short now that everything is on screen (an
    # interval short from the start would fire while the test is still opening things).
    caplog.set_level(logging.INFO, logger="ui.main_window")
    window.idle.start(50)
    qtbot.waitUntil(lambda: window.pages.currentIndex() == UNLOCK_PAGE, timeout=5_000)
    assert "without input" in caplog.text  # the idle path locked it, nothing else
    # Widgets closed on lock go at the next turn of the event loop.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()

    texts, attributes = probe(window, markers)
    assert (texts, attributes) == ([], [])
    assert window.case_tabs.count() == 0
    assert window.case_model.rowCount() == 0
    assert window.search_popup.panel.field.text() == ""
    never_unlocked = make_window()
    never_unlocked.start()
    static = {text for _where, text in held_texts(never_unlocked)}
    for model in models_under(window):
        if rows(model) == 0:
            continue
        cells = {
            str(model.index(row, 0).data())
            for row in range(rows(model))
            if model.index(row, 0).data() is not None
        }
        # Fixed choices (filters, the dashboard's period, a date picker's calendar)
        # are what a window that never opened a workspace holds too.
        assert cells <= static, (type(model).__name__, model.objectName(), cells - static)

    # No decrypted document is still open in MuPDF (the viewer's worker closed it).
    assert open_documents() - before_session == set()

    assert opened.locked and window.workspace is None
    with pytest.raises(WorkspaceLockedError):
        opened.data_key()
    assert key.wiped
    assert len(key_buffer) == 32 and not any(key_buffer), "the key bytes were not overwritten"
    key_buffer.release()
    assert engine not in storage._OPENED
    for connection in connections:
        with pytest.raises(sqlcipher.ProgrammingError):
            connection.execute("SELECT 1")


class _Holder(QWidget):
    """A widget of "our own" that keeps a case fact in a Python attribute."""

    def __init__(self, kept: object) -> None:
        super().__init__()
        self.kept = kept


_Holder.__module__ = "ui.proof_sample"  # counted as one of ours by the attribute walk


def test_the_probes_find_what_a_widget_keeps(qtbot: QtBot) -> None:
    """The checks above prove something only if they see a marker wherever it is kept."""
    m = Markers.fresh()
    root = QWidget()
    qtbot.addWidget(root)
    field = QLineEdit(root)
    qtbot.keyClicks(field, m.school)
    field.clear()  # undoable: Ctrl+Z brings the text back
    label = QLabel(root)
    label.setAccessibleDescription(m.student)
    table = QTableWidget(1, 1, root)
    item = QTableWidgetItem("")
    item.setData(Qt.ItemDataRole.UserRole + 3, m.agent)
    table.setItem(0, 0, item)
    tabs = QTabWidget(root)
    tabs.addTab(QWidget(), "Case")
    tabs.setTabToolTip(0, m.notes)
    _Holder({"rows": [(1, m.ferpa)]}).setParent(root)

    where = {marker: w for w, text in held_texts(root) for marker in m.all() if marker in text}
    assert where.keys() == {m.school, m.student, m.agent, m.notes}
    assert "undo history" in where[m.school]
    [kept] = held_by_objects(root, m.all())
    assert kept.startswith("_Holder") and kept.endswith(m.ferpa)
