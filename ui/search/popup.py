"""Search cases and documents: a field, the hits as the user types, Enter to open one.

Each keystroke restarts a short timer; when it fires, the query runs through the
injected `Runner` (off the UI thread, with its own session). Every edit makes the
results in flight stale: only the answer to the latest query is shown, however the
answers arrive. Keyboard: Up/Down in the field move through the hits, Enter opens
the selected hit (or waits for the answer to what was just typed), Esc closes.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from legal_desk.workspace import Workspace
from ui import a11y, errors
from ui.search.results import SearchResult, SearchResultDelegate, SearchResultsModel, find
from ui.tasks import Runner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150  # fast typists pause ~150 ms between words, not between letters
LIMIT = 50
FIELD_LABEL = "&Search cases and documents"
NO_MATCHES = "No matches"
PAGE_STEP = 5  # hits moved by PageUp/PageDown in the field
_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: PAGE_STEP,
    Qt.Key.Key_PageUp: -PAGE_STEP,
}


def count_text(shown: int, more: bool) -> str:
    if shown == 0:
        return NO_MATCHES
    if more:
        return f"First {shown} matches; type more to narrow"
    return f"{shown} match" + ("" if shown == 1 else "es")


class SearchPanel(QWidget):
    """The search field and its results; `case_chosen(case_id, document_id | None)` on Enter."""

    case_chosen = Signal(int, object)
    dismissed = Signal()  # Esc in the field

    def __init__(
        self,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        limit: int = LIMIT,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._limit = limit
        self._workspace: Workspace | None = None
        self._request = 0  # bumped by every edit: answers to older requests are stale
        self._shown_request = 0  # the request whose answer the list shows
        self._activate_when_ready = False

        self.field = QLineEdit()
        self.field.setObjectName("search_field")
        self.field.setPlaceholderText("Badge number, name, school, words in a document")
        self.field.setClearButtonEnabled(True)
        self.field_label = a11y.buddy_label(FIELD_LABEL, self.field)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("search_results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchResultDelegate(self.results))
        self.results.setUniformItemSizes(True)  # fixed row heights (CONVENTIONS.md)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_label = a11y.buddy_label("&Results", self.results)
        self.count_label = QLabel()
        self.count_label.setObjectName("search_count")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        heading = QHBoxLayout()
        heading.addWidget(self.results_label)
        heading.addStretch(1)
        heading.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field_label)
        layout.addWidget(self.field)
        layout.addLayout(heading)
        layout.addWidget(self.results, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._run_query)
        self.field.textChanged.connect(self._text_changed)
        self.field.returnPressed.connect(self.activate_current)
        self.field.installEventFilter(self)
        self.results.activated.connect(self._choose)

    # ----- workspace -----

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Search `workspace` from now on (None: `clear()` and search nothing)."""
        self.clear()
        self._workspace = workspace

    def clear(self) -> None:
        """The lock path: forget the workspace, the text, the hits and any answer on its way."""
        self._request += 1
        self._shown_request = self._request
        self._activate_when_ready = False
        self._timer.stop()
        self.field.blockSignals(True)
        # setText, not clear(): clear() is an undoable edit, so Ctrl+Z would bring the
        # last search (a student's name) back after the lock.
        self.field.setText("")
        self.field.blockSignals(False)
        self.model.clear()
        self.count_label.clear()
        self._workspace = None

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    @property
    def pending(self) -> bool:
        """True while the list does not yet answer what the field says."""
        return self._shown_request != self._request

    # ----- querying -----

    def _text_changed(self, text: str) -> None:
        self._request += 1
        self._activate_when_ready = False
        if not text.strip():
            self._timer.stop()
            self._show(self._request, [])
            self.count_label.clear()
            return
        self._timer.start()

    def _run_query(self) -> None:
        workspace = self._workspace
        text = self.field.text()
        if workspace is None or not text.strip():
            return
        request = self._request
        limit = self._limit

        def work() -> list[SearchResult]:
            return find(workspace, text, limit + 1)  # one more tells "there are more"

        self._runner.run(
            work,
            lambda results: self._delivered(request, results),
            lambda exc: self._failed(request, exc),
        )

    def _delivered(self, request: int, results: list[SearchResult]) -> None:
        if request != self._request:
            log.debug("dropped the results of a stale search")
            return
        shown = results[: self._limit]
        self._show(request, shown)
        self.count_label.setText(count_text(len(shown), len(results) > self._limit))
        if self._activate_when_ready:
            self._activate_when_ready = False
            self.activate_current()

    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return  # an older query (or one the lock cut short): nobody waits for it
        self._activate_when_ready = False
        self._show(request, [])
        self.count_label.setText("Search failed: " + errors.user_message(exc))

    def _show(self, request: int, results: list[SearchResult]) -> None:
        self._shown_request = request
        self.model.set_results(results)
        if results:
            self._select_row(0)

    # ----- keyboard -----

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _MOVES and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.move_selection(_MOVES[Qt.Key(key)])
                return True
            if key == Qt.Key.Key_Escape:
                self.dismissed.emit()
                return True
        return super().eventFilter(watched, event)

    def move_selection(self, steps: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        current = self.results.currentIndex()
        row = current.row() + steps if current.isValid() else 0
        self._select_row(min(max(row, 0), count - 1))

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.results.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.results.scrollTo(index)

    def activate_current(self) -> None:
        """Open the selected hit; if the list is behind the field, open once it catches up."""
        if not self.field.text().strip():
            return
        if self.pending:
            self._activate_when_ready = True
            if self._timer.isActive():  # no need to wait out the pause: the user is done
                self._timer.stop()
                self._run_query()
            return
        current = self.results.currentIndex()
        self._choose(current if current.isValid() else self.model.index(0, 0))

    def _choose(self, index: QModelIndex) -> None:
        result = self.model.result_at(index.row()) if index.isValid() else None
        if result is not None:
            self.case_chosen.emit(result.case_id, result.document_id)


class SearchPopup(QDialog):
    """The search panel in its own window, opened by `open_action` (Ctrl+F).

    The lead adds `open_action` to the main window (`window.addAction(...)`, and to a
    menu), calls `set_workspace(ws)` on unlock and `clear()` on lock.
    """

    case_chosen = Signal(int, object)  # case id, document id or None

    def __init__(
        self, runner: Runner, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("search_popup")
        self.setWindowTitle("Search")
        self.setModal(False)
        self.panel = SearchPanel(runner, self, debounce_ms=debounce_ms)
        self.panel.case_chosen.connect(self._chosen)
        self.panel.dismissed.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        metrics = QFontMetrics(self.font())
        self.resize(metrics.averageCharWidth() * 110, metrics.lineSpacing() * 28)
        self.open_action = QAction("&Search…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Find)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.open_action.setStatusTip("Search cases and documents.")
        self.open_action.setEnabled(False)
        self.open_action.triggered.connect(self.show_search)
        self.addAction(self.open_action)  # Ctrl+F again inside the popup selects the text

    def set_workspace(self, workspace: Workspace | None) -> None:
        self.panel.set_workspace(workspace)
        self.open_action.setEnabled(workspace is not None)
        if workspace is None:
            self.hide()

    def clear(self) -> None:
        """The lock path: hide, and forget the workspace, the text and the hits."""
        self.hide()
        self.panel.clear()
        self.open_action.setEnabled(False)

    def show_search(self) -> None:
        if not self.open_action.isEnabled():
            return
        parent = self.parentWidget()
        if not self.isVisible() and parent is not None:
            top = parent.window().geometry()
            self.move(top.center().x() - self.width() // 2, top.top() + top.height() // 6)
        self.show()
        self.raise_()
        self.activateWindow()
        self.panel.focus_search()

    def _chosen(self, case_id: int, document_id: Any) -> None:
        self.hide()
        self.case_chosen.emit(case_id, document_id)
