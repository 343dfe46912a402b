"""The main window: the unlock screen, or the workspace (case queue and case summary).

One `lock()` path serves Ctrl+L, the idle timer and closing the window: it empties
every model and label, locks the workspace (closes the database, wipes the key),
drops the reference and shows the unlock screen. Only the selected case's id (an
integer) is remembered, in memory, to return the user to it after unlocking.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from legal_desk.crypto.kdf import KdfParams
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace, exists
from ui import a11y, errors
from ui.case_list_model import CASE_ID_ROLE, CaseItemDelegate, CaseListModel
from ui.case_summary import CaseSummary
from ui.create_dialog import CreateWorkspaceDialog, Creation
from ui.dialogs import AboutDialog, DisplayNameDialog, WorkspaceSettingsDialog, about_versions
from ui.idle import IdleWatcher
from ui.resources import icon
from ui.settings import UiSettings
from ui.tasks import Runner, TaskRunner
from ui.unlock_screen import UnlockScreen

log = logging.getLogger(__name__)

WINDOW_TITLE = "Legal Desk"
ENCRYPTED_TEXT = "Encrypted workspace (SQLCipher)"
DEFAULT_SIZE = (1100, 700)
QUEUE_WIDTH = 340  # px: a reference, a status and a school name fit on two lines
UNLOCK_PAGE, WORKSPACE_PAGE = 0, 1
MINUTE_MS = 60_000


class WorkspaceView(QWidget):
    """Case queue on the left, the selected case's summary in the centre."""

    def __init__(self, model: CaseListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = QListView()
        self.queue.setObjectName("case_queue")
        self.queue.setModel(model)
        self.queue.setItemDelegate(CaseItemDelegate(self.queue))
        self.queue.setUniformItemSizes(True)  # fixed row heights (CONVENTIONS.md)
        self.queue.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.queue.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.queue.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.queue_label = a11y.buddy_label("Case &queue", self.queue)
        self.queue_label.setObjectName("queue_label")
        font = self.queue_label.font()
        font.setBold(True)
        self.queue_label.setFont(font)
        self.queue_count = QLabel()
        self.queue_count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        heading = QHBoxLayout()
        heading.addWidget(self.queue_label)
        heading.addStretch(1)
        heading.addWidget(self.queue_count)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 0, 8)
        left_layout.addLayout(heading)
        left_layout.addWidget(self.queue)

        self.summary = CaseSummary()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("queue_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.summary)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([QUEUE_WIDTH, DEFAULT_SIZE[0] - QUEUE_WIDTH])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)


class MainWindow(QMainWindow):
    workspace_unlocked = Signal()
    workspace_locked = Signal()

    def __init__(
        self,
        directory: Path,
        *,
        settings: UiSettings,
        runner: Runner | None = None,
        keyring_store: KeyringStore | None = None,
        kdf_params: KdfParams | None = None,
        os_user: str | None = None,
        idle_interval_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`kdf_params`, `os_user` and `idle_interval_ms` exist for tests and scripts."""
        super().__init__(parent)
        self.setWindowTitle(WINDOW_TITLE)
        self.setWindowIcon(icon("legal-desk"))
        self.directory = directory
        self.settings = settings
        self.runner: Runner = runner if runner is not None else TaskRunner(parent=self)
        self.keyring_store = keyring_store if keyring_store is not None else KeyringStore()
        self._kdf_params = kdf_params
        self._os_user = os_user
        self._idle_interval_ms = idle_interval_ms
        self._workspace: Workspace | None = None
        self._last_case_id: int | None = None  # memory only, never QSettings
        self.create_dialog: CreateWorkspaceDialog | None = None
        self._closed = False

        self.case_model = CaseListModel(self)
        self.unlock_screen = UnlockScreen(
            directory, self.runner, self.keyring_store, os_user=os_user
        )
        self.unlock_screen.unlocked.connect(self.open_workspace)
        self.unlock_screen.create_requested.connect(self.show_create_dialog)
        self.workspace_view = WorkspaceView(self.case_model)
        self.queue = self.workspace_view.queue
        self.summary = self.workspace_view.summary
        self.queue.selectionModel().currentChanged.connect(self._current_changed)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_screen)
        self.pages.addWidget(self.workspace_view)
        self.setCentralWidget(self.pages)

        self.idle = IdleWatcher(idle_interval_ms or 10 * MINUTE_MS, self)
        self.idle.timed_out.connect(self._idle_timed_out)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._restore_layout()
        self._show_locked()

    # ----- construction -----

    def _build_actions(self) -> None:
        self.new_case_action = QAction("&New case…", self)
        self.new_case_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_case_action.setEnabled(False)
        self.new_case_action.setToolTip("Comes with issue 3")
        self.new_case_action.setStatusTip("Opening a case from the app comes with issue 3.")
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip("Lock the workspace: the passphrase is needed to go on.")
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.show_settings)
        self.display_name_action = QAction("Change &display name…", self)
        self.display_name_action.triggered.connect(self.show_display_name_dialog)
        self.about_action = QAction("&About Legal Desk", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        # Actions that need an open workspace.
        self._workspace_actions = (self.lock_action, self.settings_action, self.display_name_action)
        for action in (self.new_case_action, *self._workspace_actions, self.quit_action):
            self.addAction(action)  # shortcuts work whichever page has the focus

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.new_case_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        workspace_menu = menu_bar.addMenu("&Workspace")
        workspace_menu.addAction(self.settings_action)
        workspace_menu.addAction(self.display_name_action)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        for menu in (file_menu, workspace_menu, help_menu):
            menu.setToolTipsVisible(True)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.user_button = QToolButton()
        self.user_button.setObjectName("signed_in")
        self.user_button.setAutoRaise(True)
        self.user_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.user_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        user_menu = QMenu(self.user_button)
        user_menu.addAction(self.display_name_action)
        self.user_button.setMenu(user_menu)
        status.addPermanentWidget(self.user_button)

        encrypted = QWidget()
        encrypted.setObjectName("encrypted_indicator")
        lock_icon = QLabel()
        lock_icon.setPixmap(icon("lock").pixmap(16, 16))
        self.encrypted_label = QLabel(ENCRYPTED_TEXT)
        self.encrypted_label.setToolTip(
            "Cases are stored in a database encrypted with SQLCipher (AES-256); "
            "the key is never written to disk unwrapped."
        )
        row = QHBoxLayout(encrypted)
        row.setContentsMargins(6, 0, 6, 0)
        row.setSpacing(4)
        row.addWidget(lock_icon)
        row.addWidget(self.encrypted_label)
        status.addPermanentWidget(encrypted)

    def _restore_layout(self) -> None:
        if not self.restoreGeometry(self.settings.window_geometry):
            self.resize(*DEFAULT_SIZE)
        self.restoreState(self.settings.window_state)
        splitter = self.settings.queue_splitter
        if not splitter.isEmpty():
            self.workspace_view.splitter.restoreState(splitter)

    def _save_layout(self) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.queue_splitter = self.workspace_view.splitter.saveState()
        self.settings.sync()

    # ----- state -----

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def is_locked(self) -> bool:
        return self._workspace is None

    def start(self) -> None:
        """Show the window: the create dialog on first run, else try the keyring."""
        self.show()
        first_run = not exists(self.directory)
        self.unlock_screen.begin(try_keyring=not first_run)
        if first_run:
            self.show_create_dialog()

    def show_create_dialog(self) -> CreateWorkspaceDialog:
        if self.create_dialog is not None:
            self.create_dialog.raise_()
            return self.create_dialog
        dialog = CreateWorkspaceDialog(
            self.directory,
            self.runner,
            keyring_store=self.keyring_store,
            kdf_params=self._kdf_params,
            os_user=self._os_user,
            parent=self,
        )
        dialog.workspace_created.connect(self._workspace_created)
        dialog.finished.connect(self._create_dialog_finished)
        self.create_dialog = dialog
        dialog.open()
        return dialog

    def _create_dialog_finished(self, _result: int) -> None:
        if self.create_dialog is not None:
            self.create_dialog.deleteLater()
            self.create_dialog = None

    def _workspace_created(self, creation: Creation) -> None:
        self.open_workspace(creation.created.workspace)
        if creation.demo_count is not None:
            self.statusBar().showMessage(
                f"Added {creation.demo_count} fictional demo cases.", 10_000
            )
        if creation.demo_error is not None:
            errors.show_error(
                self,
                "The workspace was created, but the demo cases could not be added: "
                + errors.user_message(creation.demo_error),
            )

    def open_workspace(self, workspace: Workspace) -> None:
        """Show the cases of an unlocked workspace; re-select the case left before locking."""
        if self._closed:  # an unlock that finished after the window closed
            workspace.lock()
            return
        if self._workspace is not None and self._workspace is not workspace:
            self._workspace.lock()
        self._workspace = workspace
        try:
            self.refresh_cases()
            minutes = SettingsService(workspace).idle_minutes()
        except Exception as exc:
            self._workspace = None
            workspace.lock()
            self._show_locked()
            errors.show_exception(self, exc)
            return
        self._update_user()
        for action in self._workspace_actions:
            action.setEnabled(True)
        self.pages.setCurrentIndex(WORKSPACE_PAGE)
        if self._last_case_id is not None:
            self.select_case(self._last_case_id)
        if self.queue.currentIndex().isValid():
            self.queue.setFocus()
        else:
            self._show_empty_summary()
            self.queue.setFocus()
        self.idle.start(self._idle_interval_ms or minutes * MINUTE_MS)
        self.workspace_unlocked.emit()

    def refresh_cases(self) -> None:
        if self._workspace is None:
            return
        current = self.selected_case_id()
        self.case_model.refresh(self._workspace)
        count = self.case_model.rowCount()
        self.workspace_view.queue_count.setText(f"{count} case" + ("" if count == 1 else "s"))
        if current is not None:
            self.select_case(current)

    def selected_case_id(self) -> int | None:
        value = self.queue.currentIndex().data(CASE_ID_ROLE)
        return value if isinstance(value, int) else None

    def select_case(self, case_id: int) -> bool:
        row = self.case_model.row_of(case_id)
        if row is None:
            return False
        index = self.case_model.index(row, 0)
        self.queue.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.queue.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case = self.case_model.case_at(current.row()) if current.isValid() else None
        if case is None:
            self._show_empty_summary()
        else:
            self.summary.show_case(case)

    def _show_empty_summary(self) -> None:
        if self._workspace is None:
            self.summary.clear()
        elif self.case_model.rowCount() == 0:
            self.summary.show_empty(
                "No cases yet",
                "Cases opened in this workspace will appear in the queue on the left.",
            )
        else:
            self.summary.show_empty()

    def _update_user(self) -> None:
        if self._workspace is None:
            a11y.set_button_text(self.user_button, "")
            self.user_button.hide()
            return
        actor = self._workspace.actor
        text = f"Signed in as {actor.display_name} ({actor.os_user})"
        a11y.set_button_text(self.user_button, text)
        self.user_button.setToolTip("Change the name shown to colleagues and in the audit trail")
        self.user_button.show()

    # ----- locking -----

    def lock(self) -> None:
        """The one lock path: Ctrl+L, the idle timer and closing the window all come here."""
        if self._workspace is None:
            return
        case_id = self.selected_case_id()
        if case_id is not None:
            self._last_case_id = case_id
        workspace, self._workspace = self._workspace, None
        self.idle.stop()
        self._close_dialogs()
        self.case_model.clear()
        self.summary.clear()
        self.workspace_view.queue_count.clear()
        self.statusBar().clearMessage()
        try:
            workspace.lock()
        finally:
            self._show_locked()
            self.unlock_screen.begin(try_keyring=False)
        self.workspace_locked.emit()

    def _show_locked(self) -> None:
        self._update_user()
        for action in self._workspace_actions:
            action.setEnabled(False)
        self.pages.setCurrentIndex(UNLOCK_PAGE)

    def _close_dialogs(self) -> None:
        """Dialogs opened over the workspace close with it (the create dialog is not one)."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and not isinstance(dialog, CreateWorkspaceDialog):
                dialog.done(QDialog.DialogCode.Rejected)

    def _idle_timed_out(self) -> None:
        log.info("locking after %d ms without input", self.idle.interval_ms)
        self.lock()

    # ----- dialogs -----

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(about_versions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_settings(self) -> WorkspaceSettingsDialog | None:
        if self._workspace is None:
            return None
        dialog = WorkspaceSettingsDialog(SettingsService(self._workspace).idle_minutes(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_idle_minutes(dialog.idle_minutes))
        dialog.open()
        return dialog

    def _save_idle_minutes(self, minutes: int) -> None:
        if self._workspace is None:
            return
        try:
            SettingsService(self._workspace).set_idle_minutes(minutes)
        except Exception as exc:
            errors.show_exception(self, exc)
            return
        if self._idle_interval_ms is None:
            self.idle.start(minutes * MINUTE_MS)
        self.statusBar().showMessage(f"The window now locks after {minutes} idle minutes.", 5000)

    def show_display_name_dialog(self) -> DisplayNameDialog | None:
        if self._workspace is None:
            return None
        actor = self._workspace.actor
        dialog = DisplayNameDialog(actor.display_name, actor.os_user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_display_name(dialog.display_name))
        dialog.open()
        return dialog

    def set_display_name(self, name: str) -> None:
        if self._workspace is None:
            return
        try:
            self._workspace.set_display_name(name)
        except Exception as exc:
            errors.show_exception(self, exc)
            return
        self._update_user()

    # ----- closing -----

    def closeEvent(self, event: QCloseEvent) -> None:
        dialog = self.create_dialog
        if dialog is not None and (dialog.busy or dialog.creation is not None):
            event.ignore()  # a workspace is being made: its recovery code must be shown
            return
        self._save_layout()
        self._closed = True
        self.lock()
        self.idle.stop()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Before the process exits: let background work end, lock whatever it opened."""
        self._closed = True
        if isinstance(self.runner, TaskRunner):
            self.runner.wait_for_done(10_000)
            QCoreApplication.sendPostedEvents()  # deliver late results, which lock at once
        self.lock()
