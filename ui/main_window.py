"""The main window: the unlock screen, or the workspace (case queue and case summary).

One `lock()` path serves Ctrl+L, the idle timer and closing the window: it empties
every model and label, locks the workspace (closes the database, wipes the key),
drops the reference and shows the unlock screen. Only the selected case's id (an
integer) is remembered, in memory, to return the user to it after unlocking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from legal_desk.audit_anchor import AuditAnchors
from legal_desk.audit_anchor import default_path as default_anchor_path
from legal_desk.crypto.kdf import KdfParams
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.rekey import Rekeyed, rekey
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Passphrase, Workspace, exists
from ui import a11y, errors
from ui.backup.daily import DailyBackup
from ui.backup.dialog import BackupDialog
from ui.case import tabs as case_tabs
from ui.case.tabs import CaseTabs
from ui.case_summary import CaseSummary
from ui.checklist.template_editor import edit_checklist_template
from ui.clipboard import clear_case_data
from ui.create_dialog import CreateWorkspaceDialog, Creation, RecoveryCodeDialog
from ui.dashboard.view import DashboardView
from ui.dialogs import AboutDialog, DisplayNameDialog, WorkspaceSettingsDialog, about_versions
from ui.form_drafts import keep_drafts
from ui.idle import IdleWatcher
from ui.key_dialogs import ChangePassphraseDialog, RekeyDialog
from ui.queue.panel import QueuePanel
from ui.resources import icon
from ui.search.popup import SearchPopup
from ui.settings import UiSettings
from ui.tasks import Runner, TaskRunner
from ui.unlock_screen import UnlockScreen

if TYPE_CHECKING:
    from ui.advice.mail_dialog import MailDialog
    from ui.intake.dialog import IntakeDialog

log = logging.getLogger(__name__)

WINDOW_TITLE = "Legal Desk"
ENCRYPTED_TEXT = "Encrypted workspace (SQLCipher)"
DEFAULT_SIZE = (1280, 760)
QUEUE_WIDTH = 420  # px: urgency, reference, status and school show without scrolling
UNLOCK_PAGE, WORKSPACE_PAGE = 0, 1
MINUTE_MS = 60_000


def ask_keep_copy(parent: QWidget, message: str) -> bool:
    """True to keep working with the workspace as it is, False to lock it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("This may be an older copy of the workspace")
    box.setText(message)
    box.setInformativeText(
        "Lock it and put the right copy back (a backup is restored with `legal-desk "
        "restore`), or keep working with this one (that choice goes into its audit trail)."
    )
    keep = box.addButton("&Keep working with this copy", QMessageBox.ButtonRole.AcceptRole)
    lock = box.addButton("&Lock the workspace", QMessageBox.ButtonRole.RejectRole)
    for button in (keep, lock):
        button.setAccessibleName(a11y.plain(button.text()))
    box.setDefaultButton(lock)
    box.exec()
    return box.clickedButton() is keep


def _items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


def preload_workspace_ui() -> None:
    """Import the case view and the intake dialog (about half a second) while the key
    is derived off the UI thread, so neither the first window nor the first case waits
    for them."""
    case_tabs.preload()
    import ui.intake.dialog  # noqa: F401


class WorkspaceView(QWidget):
    """The case queue on the left; on the right the open case tabs, or a preview of the
    selected case while no tab is open."""

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue_panel = QueuePanel()
        self.summary = CaseSummary()
        self.tabs = CaseTabs(runner)
        self.case_area = QStackedWidget()
        # The preview scrolls rather than widening the window on a small screen.
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setWidget(self.summary)
        self.summary_scroll = summary_scroll
        self.case_area.addWidget(summary_scroll)
        self.case_area.addWidget(self.tabs)
        self.dashboard = DashboardView(runner)
        # Scrolls rather than making the charts' width the window's minimum.
        self.dashboard_scroll = QScrollArea()
        self.dashboard_scroll.setWidgetResizable(True)
        self.dashboard_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.dashboard_scroll.setWidget(self.dashboard)
        self.case_area.addWidget(self.dashboard_scroll)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("queue_splitter")
        self.splitter.addWidget(self.queue_panel)
        self.splitter.addWidget(self.case_area)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # The queue may be dragged shut to give a case the whole width on a small
        # screen; Ctrl+1 (focus_queue) opens it again.
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([QUEUE_WIDTH, DEFAULT_SIZE[0] - QUEUE_WIDTH])
        self.queue_panel.focus_action.triggered.connect(self.show_queue)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.tabs.current_case_changed.connect(self._show_tabs_or_summary)

    def show_queue(self) -> None:
        sizes = self.splitter.sizes()
        if sizes[0] == 0:
            total = sum(sizes)
            self.splitter.setSizes([QUEUE_WIDTH, max(0, total - QUEUE_WIDTH)])

    def _show_tabs_or_summary(self, _case_id: object = None) -> None:
        self.case_area.setCurrentWidget(self.tabs if self.tabs.count() else self.summary_scroll)

    def show_overview(self, workspace: Workspace) -> None:
        """The dashboard in place of the case area, counted afresh each time it is shown;
        choosing a case or a tab brings the case area back."""
        self.dashboard.load(workspace)
        self.case_area.setCurrentWidget(self.dashboard_scroll)
        self.dashboard.period.setFocus()

    @property
    def overview_shown(self) -> bool:
        return self.case_area.currentWidget() is self.dashboard_scroll


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
        anchors: AuditAnchors | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`kdf_params`, `os_user` and `idle_interval_ms` exist for tests and scripts;
        `anchors`: where this computer keeps the newest audit event it saw of each
        workspace (the user's state folder by default)."""
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
        self.anchors = anchors if anchors is not None else AuditAnchors(default_anchor_path())
        # Replaced in tests: the real one asks in a message box.
        self.ask_keep_copy: Callable[[QWidget, str], bool] = ask_keep_copy
        self._workspace: Workspace | None = None
        self._last_case_id: int | None = None  # memory only, never QSettings
        self._kept_drafts = 0  # forms whose typed text the last lock kept as drafts
        # Tabs open when the window locked (ids only, memory only), to reopen them.
        self._last_open_cases: list[int] = []
        self._last_current_tab: int | None = None
        self.intake_dialog: IntakeDialog | None = None
        self.create_dialog: CreateWorkspaceDialog | None = None
        self.recovery_dialog: RecoveryCodeDialog | None = None
        self._closed = False

        self.unlock_screen = UnlockScreen(
            directory, self.runner, self.keyring_store, os_user=os_user
        )
        self.unlock_screen.unlocked.connect(self.open_workspace)
        self.unlock_screen.unlock_started.connect(preload_workspace_ui)
        self.unlock_screen.create_requested.connect(self.show_create_dialog)
        self.workspace_view = WorkspaceView(self.runner)
        self.queue_panel = self.workspace_view.queue_panel
        self.case_model = self.queue_panel.model
        self.queue = self.queue_panel.table
        self.summary = self.workspace_view.summary
        self.case_tabs = self.workspace_view.tabs
        self.queue_panel.selection_changed.connect(self._selection_changed)
        self.queue_panel.case_activated.connect(self.open_case)
        self.case_tabs.case_changed.connect(self._case_changed)
        self.search_popup = SearchPopup(self.runner, parent=self)
        self.search_popup.case_chosen.connect(self._search_chosen)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_screen)
        self.pages.addWidget(self.workspace_view)
        self.setCentralWidget(self.pages)

        self.idle = IdleWatcher(idle_interval_ms or 10 * MINUTE_MS, self)
        self.idle.timed_out.connect(self._idle_timed_out)
        self.daily_backup = DailyBackup(self.runner, self)
        self.daily_backup.reported.connect(self._backup_reported)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._restore_layout()
        self._show_locked()

    # ----- construction -----

    def _build_actions(self) -> None:
        self.new_case_action = QAction("&New case…", self)
        self.new_case_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_case_action.setStatusTip("Open a case from a school's call.")
        self.new_case_action.triggered.connect(self.show_intake_dialog)
        self.search_action = self.search_popup.open_action
        self.focus_queue_action = self.queue_panel.focus_action
        self.close_tab_action = self.case_tabs.close_tab_action
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
        self.mail_action = QAction("&Mail server and letterhead…", self)
        self.mail_action.setStatusTip("Where advice is sent from, and the letterhead on its PDFs")
        self.mail_action.triggered.connect(self.show_mail_settings)
        self.overview_action = QAction("&Overview", self)
        self.overview_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.overview_action.setStatusTip(
            "Charts of the workspace: open cases, schools, months, times"
        )
        self.overview_action.triggered.connect(self.show_overview)
        self.template_action = QAction("Checklist &template…", self)
        self.template_action.setStatusTip("The steps every case's checklist starts from")
        self.template_action.triggered.connect(self.show_checklist_template)
        self.backup_action = QAction("&Backups…", self)
        self.backup_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.backup_action.setStatusTip("Back up now, and where the daily backups go")
        self.backup_action.triggered.connect(self.show_backups)
        self.change_passphrase_action = QAction("Change &passphrase…", self)
        self.change_passphrase_action.triggered.connect(self.show_change_passphrase)
        self.rekey_action = QAction("Re-&encrypt with a new key…", self)
        self.rekey_action.setStatusTip("For a passphrase or copy that may have leaked")
        self.rekey_action.triggered.connect(self.show_rekey)
        self.display_name_action = QAction("Change &display name…", self)
        self.display_name_action.triggered.connect(self.show_display_name_dialog)
        self.about_action = QAction("&About Legal Desk", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        # Actions that need an open workspace.
        self._workspace_actions = (
            self.new_case_action,
            self.search_action,
            self.focus_queue_action,
            self.lock_action,
            self.settings_action,
            self.mail_action,
            self.overview_action,
            self.template_action,
            self.backup_action,
            self.change_passphrase_action,
            self.rekey_action,
            self.display_name_action,
        )
        for action in (*self._workspace_actions, self.quit_action):
            self.addAction(action)  # shortcuts work whichever page has the focus

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.new_case_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        go_menu = menu_bar.addMenu("&Go")
        go_menu.addAction(self.search_action)
        go_menu.addAction(self.focus_queue_action)
        go_menu.addAction(self.close_tab_action)
        go_menu.addAction(self.overview_action)
        workspace_menu = menu_bar.addMenu("&Workspace")
        workspace_menu.addAction(self.settings_action)
        workspace_menu.addAction(self.mail_action)
        workspace_menu.addAction(self.template_action)
        workspace_menu.addAction(self.backup_action)
        workspace_menu.addSeparator()
        workspace_menu.addAction(self.change_passphrase_action)
        workspace_menu.addAction(self.rekey_action)
        workspace_menu.addSeparator()
        workspace_menu.addAction(self.display_name_action)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        for menu in (file_menu, go_menu, workspace_menu, help_menu):
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
        """Show the cases of an unlocked workspace and return to where the user was."""
        if self._closed:  # an unlock that finished after the window closed
            workspace.lock()
            return
        if self._workspace is not None and self._workspace is not workspace:
            self._workspace.lock()
        self._workspace = workspace
        try:
            self.queue_panel.set_workspace(workspace)
            self.case_tabs.set_workspace(workspace)
            self.search_popup.set_workspace(workspace)
            minutes = SettingsService(workspace).idle_minutes()
        except Exception as exc:
            self._workspace = None
            self._clear_case_views()
            workspace.lock()
            self._show_locked()
            errors.show_exception(self, exc)
            return
        self._update_user()
        for action in self._workspace_actions:
            action.setEnabled(True)
        self.pages.setCurrentIndex(WORKSPACE_PAGE)
        if self._last_open_cases:
            self.case_tabs.reopen(self._last_open_cases, self._last_current_tab)
        self._last_open_cases, self._last_current_tab = [], None
        self.workspace_view._show_tabs_or_summary()
        if self._last_case_id is not None:
            self.select_case(self._last_case_id)
        if self.queue_panel.selected_case_id() is None:
            self._show_empty_summary()
        if self.case_tabs.count() == 0:
            self.queue_panel.focus_queue()
        self.idle.start(self._idle_interval_ms or minutes * MINUTE_MS)
        self.daily_backup.start(workspace)
        self.workspace_unlocked.emit()
        self._check_history(workspace)

    def _check_history(self, workspace: Workspace) -> None:
        """An older copy put in place of the workspace (or a history cut short) is told
        to the user, who keeps working with it or locks to restore the right one."""
        try:
            rollback = self.anchors.remember(workspace)
        except Exception:  # the check must never keep a sound workspace from opening
            log.exception("checking the audit anchor failed")
            return
        if rollback is None:
            return
        log.warning("the workspace's audit chain is behind what this computer saw")
        if not self.ask_keep_copy(self, rollback.message):
            self.lock()
            return
        try:
            self.anchors.accept(workspace, rollback)
        except Exception as exc:
            errors.show_exception(self, exc)

    def _remember_head(self, workspace: Workspace) -> None:
        try:
            self.anchors.remember(workspace)
        except Exception:  # a state file that cannot be written costs only the check
            log.exception("keeping the audit anchor failed")

    def refresh_cases(self) -> None:
        if self._workspace is not None:
            self.queue_panel.refresh()

    def selected_case_id(self) -> int | None:
        return self.queue_panel.selected_case_id()

    def select_case(self, case_id: int) -> bool:
        return self.queue_panel.select_case(case_id)

    def open_case(self, case_id: int) -> None:
        """Open the case in a tab (or bring its tab to the front) and put the keyboard
        in it: its sections (Alt+1…), arrows and Tab work at once; Ctrl+1 goes back."""
        if self._workspace is None:
            return
        view = self.case_tabs.open_case(case_id)
        if view is not None:
            self.workspace_view._show_tabs_or_summary()
            view.nav.setFocus(Qt.FocusReason.OtherFocusReason)

    def _selection_changed(self, case_id: object) -> None:
        row = None
        if isinstance(case_id, int):
            found = self.case_model.row_of(case_id)
            row = self.case_model.row_at(found) if found is not None else None
        if row is None:
            self._show_empty_summary()
        else:
            self.summary.show_case(row)
        if self.workspace_view.overview_shown and isinstance(case_id, int):
            self.workspace_view._show_tabs_or_summary()

    def _case_changed(self, case_id: int) -> None:
        self.queue_panel.refresh()
        self._selection_changed(self.queue_panel.selected_case_id())

    def _search_chosen(self, case_id: int, _document_id: object) -> None:
        self.queue_panel.select_case(case_id)  # False when a filter hides it: still open it
        self.open_case(case_id)

    def _show_empty_summary(self) -> None:
        if self._workspace is None:
            self.summary.clear()
        elif self.case_model.rowCount() == 0:
            self.summary.show_empty(
                "No cases yet",
                "Press Ctrl+N to open a case from a school's call, or change the filters.",
            )
        else:
            self.summary.show_empty(
                "No case selected",
                "Choose a case in the queue and press Enter to open it.",
            )

    # ----- intake -----

    def show_intake_dialog(self) -> IntakeDialog | None:
        if self._workspace is None:
            return None
        if self.intake_dialog is not None:
            self.intake_dialog.raise_()
            self.intake_dialog.activateWindow()
            return self.intake_dialog
        from ui.intake.dialog import IntakeDialog

        dialog = IntakeDialog(self._workspace, self.runner, parent=self)
        dialog.case_created.connect(self._intake_created)
        dialog.finished.connect(self._intake_finished)
        self.intake_dialog = dialog
        dialog.open()
        return dialog

    def _intake_created(self, case_id: int) -> None:
        self.queue_panel.refresh()
        self.queue_panel.select_case(case_id)
        self.open_case(case_id)

    def _intake_finished(self, _result: int) -> None:
        if self.intake_dialog is not None:
            self.intake_dialog.deleteLater()
            self.intake_dialog = None

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
        """The one lock path: Ctrl+L, the idle timer and closing the window all come here.

        Nothing typed is lost: a case being taken down in the intake dialog is saved
        as it stands, and unsaved edits in open tabs are saved (both audited), because
        the attorney may be away when the idle timer fires.
        """
        if self._workspace is None:
            return
        workspace = self._workspace
        self._kept_drafts = 0
        saved = self._save_before_lock(workspace)
        case_id = self.selected_case_id()
        if case_id is not None:
            self._last_case_id = case_id
        self._last_open_cases = self.case_tabs.open_case_ids()
        self._last_current_tab = self.case_tabs.current_case_id()
        self._workspace = None
        self.idle.stop()
        self.daily_backup.stop()
        self._close_dialogs()
        self._clear_case_views()
        self._remember_head(workspace)
        clear_case_data()  # advice or a briefing copied earlier does not outlast the lock
        self.statusBar().clearMessage()
        try:
            workspace.lock()
        finally:
            self._show_locked()
            self.unlock_screen.begin(try_keyring=False)
        notices = []
        if saved:
            notices.append(f"Unsaved work ({_items(len(saved))}) was saved when the window locked.")
        if self._kept_drafts:
            forms = "1 form" if self._kept_drafts == 1 else f"{self._kept_drafts} forms"
            notices.append(
                f"What was typed in {forms} was kept: it comes back when the form opens again."
            )
        failed = self.case_tabs.save_failures
        if failed:
            notices.append(
                f"Edits in {_items(len(failed))} could not be saved before locking; "
                "check those cases after unlocking."
            )
        if notices:
            self.unlock_screen.show_notice(" ".join(notices))
        self.workspace_locked.emit()

    def _save_before_lock(self, workspace: Workspace) -> list[str]:
        saved: list[str] = []
        try:
            if self.intake_dialog is not None and self.intake_dialog.save_now() is not None:
                saved.append("a new case")
            saved.extend(self.case_tabs.save_all_pending())
            # Short forms are not submitted half typed: what they hold is kept as drafts.
            self._kept_drafts = keep_drafts(self, workspace)
        except Exception:  # a failed save must never keep the window unlocked
            log.exception("saving before lock failed")
        return saved

    def _clear_case_views(self) -> None:
        self.workspace_view.dashboard.clear()
        self.search_popup.clear()
        self.search_popup.hide()
        self.case_tabs.clear()
        self.case_tabs.set_workspace(None)
        self.queue_panel.clear()
        self.summary.clear()
        self.workspace_view._show_tabs_or_summary()

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

    def show_mail_settings(self) -> MailDialog | None:
        if self._workspace is None:
            return None
        # Imported here: smtplib and the letter code are not needed to open the window.
        from legal_desk.advice.mail import MailPasswords
        from ui.advice.mail_dialog import MailDialog

        dialog = MailDialog(self._workspace, MailPasswords(self.keyring_store), self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage("Mail server and letterhead saved.", 5000)
        )
        dialog.open()
        return dialog

    def show_overview(self) -> None:
        if self._workspace is not None:
            self.workspace_view.show_overview(self._workspace)

    def show_checklist_template(self) -> QDialog | None:
        if self._workspace is None:
            return None
        dialog = edit_checklist_template(self._workspace, self)
        dialog.saved.connect(self._reload_checklists)
        return dialog

    def _reload_checklists(self) -> None:
        for view in self.case_tabs.views():
            view.checklist.reload()

    def show_backups(self) -> BackupDialog | None:
        if self._workspace is None:
            return None
        dialog = BackupDialog(self._workspace, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_change_passphrase(self) -> ChangePassphraseDialog | None:
        if self._workspace is None:
            return None
        dialog = ChangePassphraseDialog(
            self._workspace, self.runner, self, kdf_params=self._kdf_params
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.statusBar().showMessage("Passphrase changed.", 5000))
        dialog.open()
        return dialog

    def show_rekey(self) -> RekeyDialog | None:
        if self._workspace is None:
            return None
        dialog = RekeyDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.rekey_workspace(dialog.take_passphrase()))
        dialog.open()
        return dialog

    def rekey_workspace(self, passphrase: str) -> None:
        """Lock (saving work), re-encrypt off the UI thread, unlock with the new key,
        and show the new recovery code. The unlock screen waits meanwhile: the files
        are being replaced under it."""
        if self._workspace is None:
            return
        directory, store = self.directory, self.keyring_store
        params, os_user = self._kdf_params, self._os_user
        self.lock()
        self.unlock_screen.setEnabled(False)
        self.unlock_screen.show_notice("Re-encrypting the workspace with a new key…")

        def work() -> tuple[Rekeyed, Workspace | None, str]:
            done = rekey(directory, passphrase, keyring_store=store, kdf_params=params)
            try:
                unlocked = Workspace.unlock(directory, Passphrase(passphrase), os_user=os_user)
            except Exception as exc:  # the new code must still be shown: say it, go on
                return done, None, errors.user_message(exc)
            return done, unlocked, ""

        def finished(result: tuple[Rekeyed, Workspace | None, str]) -> None:
            self.unlock_screen.setEnabled(True)
            done, workspace, problem = result
            if workspace is not None:
                self.open_workspace(workspace)
            else:
                self.unlock_screen.show_notice(f"Re-encrypted, but not reopened: {problem}")
            self.recovery_dialog = RecoveryCodeDialog(done.recovery_code, self)
            self.recovery_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.recovery_dialog.open()
            dropped = (
                f" {done.slots_dropped} other passphrase(s) were removed."
                if done.slots_dropped
                else ""
            )
            self.statusBar().showMessage("Re-encrypted with a new key." + dropped, 0)

        def failed(exc: BaseException) -> None:
            self.unlock_screen.setEnabled(True)
            self.unlock_screen.show_notice(
                f"Not re-encrypted: {errors.user_message(exc)} The workspace is as it was."
            )

        self.runner.run(work, finished, failed)

    def _backup_reported(self, message: str, failed: bool) -> None:
        # A failure stays in the status bar until the next attempt says otherwise.
        self.statusBar().showMessage(message, 0 if failed else 10_000)

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
