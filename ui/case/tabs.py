"""Open cases, one per tab: the attorney's working set.

Opening a case that is already open focuses its tab. A tab whose facts have
unsaved edits is never closed silently (Save / Discard / Cancel). For the lock
path, the main window asks `has_unsaved_changes()`, calls `save_all_pending()`,
remembers `open_case_ids()` and `current_case_id()`, then `clear()`s; after
unlocking, `set_workspace()` and `reopen()` bring the user back where they were.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QTabBar, QTabWidget, QWidget

from legal_desk.workspace import Workspace
from ui import a11y, errors
from ui.formatting import URGENT_COLOR
from ui.tasks import Runner

if TYPE_CHECKING:
    from ui.case.view import CaseView


def case_view_class() -> type[CaseView]:
    """The case view, imported on first use: it pulls in the viewer, the checker and
    every panel (about half a second), which the window needs only once a case opens.
    `preload` imports it earlier, while the passphrase is being derived."""
    from ui.case.view import CaseView

    return CaseView


def preload() -> None:
    case_view_class()


log = logging.getLogger(__name__)
CLOSE_TAB_NAME = "Close tab"


class SaveChoice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(view: CaseView) -> SaveChoice:
    """Ask what to do with a case's unsaved edits before its tab closes."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"Case {view.reference_text} has facts that are not saved yet.",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        view,
    )
    box.setInformativeText("Save them before closing the case?")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    for button in box.buttons():
        button.setAccessibleName(a11y.plain(button.text()))
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SaveChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


class CaseTabs(QTabWidget):
    """One `CaseView` per tab, titled by the case reference ("!" and red when urgent)."""

    case_changed = Signal(int)  # facts or status saved in a tab: refresh the queue
    tab_closed = Signal(int)  # the case id whose tab closed
    current_case_changed = Signal(object)  # the case id now in front, or None

    def __init__(
        self,
        runner: Runner,
        workspace: Workspace | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_tabs")
        self._runner = runner
        self._workspace = workspace
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)
        self.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._current_changed)
        # Replaced in tests; the real one asks in a message box.
        self.ask_unsaved: Callable[[CaseView], SaveChoice] = ask_unsaved
        self.save_failures: list[str] = []  # from the last `save_all_pending()`

        self.close_tab_action = QAction("&Close case tab", self)
        # Ctrl+W everywhere (the platform's Close key is Ctrl+F4 on some desktops only).
        keys = [QKeySequence("Ctrl+W")]
        keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if k not in keys
        ]
        self.close_tab_action.setShortcuts(keys)
        self.close_tab_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.close_tab_action.triggered.connect(self.close_current)
        self.addAction(self.close_tab_action)

    # ----- workspace -----

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Cases of another (or no) workspace cannot stay open: a change closes every tab."""
        if workspace is not self._workspace:
            self.clear()
        self._workspace = workspace

    # ----- opening -----

    def views(self) -> list[CaseView]:
        found = []
        for index in range(self.count()):
            widget = self.widget(index)
            if isinstance(widget, case_view_class()):
                found.append(widget)
        return found

    def view_for(self, case_id: int) -> CaseView | None:
        return next((v for v in self.views() if v.case_id == case_id), None)

    def current_view(self) -> CaseView | None:
        widget = self.currentWidget()
        return widget if isinstance(widget, case_view_class()) else None

    def open_case_ids(self) -> list[int]:
        return [view.case_id for view in self.views()]

    def current_case_id(self) -> int | None:
        view = self.current_view()
        return view.case_id if view is not None else None

    def open_case(self, case_id: int, *, focus: bool = True) -> CaseView | None:
        """Show the case in front, opening a tab for it unless one is open already."""
        workspace = self._workspace
        if workspace is None:
            return None
        view = self.view_for(case_id)
        if view is None:
            view = case_view_class()(workspace, self._runner, case_id)
            view.title_changed.connect(lambda: self._update_title(view))
            view.case_changed.connect(self.case_changed)
            view.case_requested.connect(self.open_case)
            self.addTab(view, view.tab_title())
            self._update_title(view)
        if focus:
            self.setCurrentWidget(view)
        return view

    def reopen(self, case_ids: Sequence[int], current: int | None) -> None:
        """Open the cases that were open before a lock and bring `current` to the front."""
        for case_id in case_ids:
            self.open_case(case_id, focus=False)
        if current is not None and self.view_for(current) is not None:
            self.open_case(current)

    def refresh_case(self, case_id: int) -> None:
        view = self.view_for(case_id)
        if view is not None:
            view.reload()

    def _update_title(self, view: CaseView) -> None:
        index = self.indexOf(view)
        if index < 0:
            return
        self.setTabText(index, view.tab_title())
        urgent = view.urgent
        tip = f"Case {view.reference_text}" if view.reference_text else ""
        if urgent:
            tip += " (urgent: an emergency or a lawful order was claimed)"
        if view.has_unsaved_changes():
            tip += " (unsaved changes)"
        self.setTabToolTip(index, tip)
        bar = self.tabBar()
        close = bar.tabButton(index, QTabBar.ButtonPosition.RightSide) or bar.tabButton(
            index, QTabBar.ButtonPosition.LeftSide
        )
        if close is not None:  # an icon-only button: screen readers need its name
            close.setAccessibleName(CLOSE_TAB_NAME)
            close.setToolTip(f"{CLOSE_TAB_NAME} (Ctrl+W)")
        bar.setTabTextColor(index, URGENT_COLOR if urgent else bar.palette().windowText().color())

    def _current_changed(self, _index: int) -> None:
        self.current_case_changed.emit(self.current_case_id())

    # ----- closing -----

    def close_current(self) -> bool:
        index = self.currentIndex()
        return index >= 0 and self.close_tab(index)

    def close_case(self, case_id: int) -> bool:
        view = self.view_for(case_id)
        return view is not None and self.close_tab(self.indexOf(view))

    def close_tab(self, index: int) -> bool:
        """Close a tab, asking first if its facts have unsaved edits. True if it closed."""
        view = self.widget(index)
        if not isinstance(view, case_view_class()):
            return False
        if view.has_unsaved_changes():
            self.setCurrentIndex(index)
            choice = self.ask_unsaved(view)
            if choice is SaveChoice.CANCEL:
                return False
            if choice is SaveChoice.SAVE:
                view.save(then=lambda ok: self._close_after_save(view, ok))
                return self.indexOf(view) < 0
        self._remove(view)
        return True

    def _close_after_save(self, view: CaseView, ok: bool) -> None:
        if ok and self.indexOf(view) >= 0:
            self._remove(view)

    def _remove(self, view: CaseView) -> None:
        case_id = view.case_id
        self.removeTab(self.indexOf(view))
        view.clear()
        view.deleteLater()
        self.tab_closed.emit(case_id)

    def clear(self) -> None:
        """Remove every tab without asking and drop all case data (the lock path)."""
        views = self.views()
        super().clear()
        for view in views:
            view.clear()
            view.setParent(None)
            view.deleteLater()

    close_all = clear

    # ----- unsaved work -----

    def has_unsaved_changes(self) -> bool:
        return any(view.has_unsaved_changes() for view in self.views())

    def save_all_pending(self) -> list[str]:
        """Save every tab's unsaved facts now, on this thread (before a lock).

        Returns the references of the cases saved. A case that could not be saved is
        logged and listed in `save_failures` (reference: reason), for the caller to
        tell the user; its edits stay in the form until the tabs are cleared.
        """
        saved: list[str] = []
        self.save_failures = []
        for view in self.views():
            if not view.has_unsaved_changes():
                continue
            try:
                view.save_now()
            except Exception as exc:
                self.save_failures.append(f"{view.reference_text}: {errors.user_message(exc)}")
            else:
                saved.append(view.reference_text)
        return saved
