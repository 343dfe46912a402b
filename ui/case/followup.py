"""The Checklist section of a case: the post-call checklist, the Security briefing and
the case file export, the steps that finish a case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from legal_desk.workspace import Workspace
from ui import a11y
from ui.casefile.export import SHORTCUT as EXPORT_SHORTCUT
from ui.casefile.export import CaseFileAction
from ui.checklist.panel import ChecklistPanel
from ui.security.briefing_dialog import SecurityBriefingDialog
from ui.tasks import Runner

BRIEFING_SHORTCUT = "Ctrl+Shift+S"


class FollowUpPage(QWidget):
    changed = Signal()  # a tick, or the call to Security recorded: the case reloads
    security_recorded = Signal()  # the status may have moved: the queue refreshes too

    def __init__(self, runner: Runner, host: QWidget, parent: QWidget | None = None) -> None:
        """`host` (the case view) carries the shortcuts, so they work in every section."""
        super().__init__(parent)
        self._runner = runner
        self._host = host
        self._workspace: Workspace | None = None
        self._case_id: int | None = None
        self.security_dialog: SecurityBriefingDialog | None = None
        self.export_action: CaseFileAction | None = None

        self.checklist = ChecklistPanel(runner)
        self.checklist.changed.connect(self.changed)
        self.briefing_button = a11y.button("Security &briefing…")
        self.briefing_button.setToolTip(
            f"A summary of the case to read on the call to Security, and the record "
            f"of that call ({BRIEFING_SHORTCUT})"
        )
        self.briefing_button.clicked.connect(self.open_security_briefing)
        self.export_button = a11y.button("E&xport case file…")
        self.export_button.setToolTip(
            f"The whole case as one PDF, for the file (not encrypted) ({EXPORT_SHORTCUT})"
        )
        self.export_button.clicked.connect(self.export_case_file)
        row = QHBoxLayout()
        row.setContentsMargins(0, 8, 0, 0)
        row.addWidget(self.briefing_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        self.checklist.extras_layout.addLayout(row)
        shortcut = QShortcut(QKeySequence(BRIEFING_SHORTCUT), host)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.open_security_briefing)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.checklist)

    def set_case(self, workspace: Workspace, case_id: int) -> None:
        if self._case_id != case_id or self._workspace is not workspace:
            self._workspace, self._case_id = workspace, case_id
            if self.export_action is not None:
                self._host.removeAction(self.export_action)
            self.export_action = CaseFileAction(self._host, workspace, self._runner, case_id)
            self._host.addAction(self.export_action)
        self.checklist.load(workspace, case_id)

    def reload(self) -> None:
        self.checklist.reload()

    def open_security_briefing(self) -> SecurityBriefingDialog | None:
        if self._workspace is None or self._case_id is None:
            return None
        if self.security_dialog is not None:
            self.security_dialog.deleteLater()
        dialog = SecurityBriefingDialog(self._workspace, self._runner, self._case_id, self)
        dialog.recorded.connect(lambda _case: self.security_recorded.emit())
        dialog.mailed.connect(lambda _case: self.changed.emit())
        self.security_dialog = dialog
        dialog.open()
        return dialog

    def export_case_file(self) -> None:
        if self.export_action is not None:
            self.export_action.trigger()

    def clear(self) -> None:
        """Lock or tab closed: no case fact stays in a widget or an open dialog."""
        self._workspace = None
        self._case_id = None
        self.checklist.clear()
        if self.security_dialog is not None:
            self.security_dialog.reject()
            self.security_dialog.deleteLater()
            self.security_dialog = None
        if self.export_action is not None:
            self.export_action.setEnabled(False)
