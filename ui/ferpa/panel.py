"""The FERPA section of a case: its disclosure log, the parent-notice reminders, and the
per-student report (34 CFR 99.31(a)(9), 99.32).

Reads and writes go through `DisclosureLog` on the runner; a refusal from the core is
shown inline (in the open form, or under the table), never as a traceback. The report
is exported as a PDF the user chose to write, so the save dialog and the message both
say the file is not encrypted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from legal_desk.ferpa.log import (
    CaseLog,
    DisclosureLog,
    EntryStatus,
    EntryView,
    Reminder,
)
from legal_desk.workspace import Workspace
from models import DisclosureEntryType
from ui import a11y
from ui.errors import user_message
from ui.ferpa.forms import EntryDialog, EntryValues, FormDialog, ReasonDialog, TimeDialog
from ui.ferpa.table import EntryTableModel
from ui.form_drafts import restored_text, take_draft
from ui.formatting import URGENT_COLOR
from ui.printing import print_document
from ui.tasks import Runner

UNENCRYPTED_NOTE = "the file is not encrypted"
COUNTDOWN_MS = 30_000  # the reminders count in minutes: refresh twice a minute
INTRO = (
    "Every request for a student's records and every disclosure, with the party and its "
    "stated interest (34 CFR 99.32). Under a court order or subpoena the parent is "
    "notified before the release, unless the order forbids it."
)
NO_STUDENTS = "Add the student to the case's facts first: each entry is about one student."


def choose_save_path(parent: QWidget, caption: str, name: str, filter_text: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, caption, name, filter_text)
    return Path(path) if path else None


def _save(values: EntryValues, log: DisclosureLog, case_id: int) -> EntryView:
    if values.kind is DisclosureEntryType.REQUEST:
        return log.record_request(
            case_id,
            student_id=values.student_id,
            party=values.party,
            legitimate_interest=values.legitimate_interest,
            records_described=values.records_described,
            occurred_at=values.occurred_at,
        )
    return log.record_disclosure(
        case_id,
        student_id=values.student_id,
        party=values.party,
        legitimate_interest=values.legitimate_interest,
        records_described=values.records_described,
        legal_basis=values.legal_basis,
        occurred_at=values.occurred_at,
        planned_release_at=values.planned_release_at,
        parent_notified_at=values.parent_notified_at,
        notice_forbidden=values.notice_forbidden,
        notice_forbidden_reason=values.notice_forbidden_reason,
        notes=values.notes,
    )


def _export(log: DisclosureLog, student_id: int, path: Path) -> Path:
    path.write_bytes(log.report_pdf(student_id))
    return path


class FerpaPanel(QWidget):
    """A case's FERPA disclosure log (`load`), emptied by `clear()` on lock or close."""

    changed = Signal()  # an entry was added or changed: checklist and timeline may move

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._workspace: Workspace | None = None
        self._case_id: int | None = None
        self._data: CaseLog | None = None
        self._reminders: tuple[Reminder, ...] = ()
        self._token = 0
        self._busy = False
        self.dialog: FormDialog | None = None  # the form open now, if any
        # Replaced in tests: the real ones open dialogs.
        self.choose_save_path: Callable[[QWidget, str, str, str], Path | None] = choose_save_path
        self.print_document: Callable[[QWidget, QTextDocument], bool] = print_document
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setObjectName("ferpa_intro")
        self.reminder_box = QFrame()
        self.reminder_box.setObjectName("ferpa_reminders")
        self.reminder_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.reminder_layout = QVBoxLayout(self.reminder_box)
        self.reminder_labels: list[QLabel] = []
        self.reminder_box.hide()

        self.request_button = a11y.command_button(
            "Log &request…", "ferpa_log_request", self.log_request
        )
        self.request_button.setToolTip("Someone asked for a student's records")
        self.disclosure_button = a11y.command_button(
            "Log &disclosure…", "ferpa_log_disclosure", self.log_disclosure
        )
        self.disclosure_button.setToolTip("Records released, or to be released (planned)")
        self.hint = QLabel()
        self.hint.setObjectName("ferpa_hint")
        self.hint.setWordWrap(True)

        self.model = EntryTableModel()
        self.table = QTableView()
        self.table.setObjectName("ferpa_entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        table_label = a11y.buddy_label("Log &entries", self.table)
        self.empty = QLabel("Nothing logged for this case yet.")
        self.empty.setObjectName("ferpa_empty")

        self.notified_button = a11y.command_button(
            "&Parent notified…", "ferpa_parent_notified", self.mark_notified
        )
        self.release_button = a11y.command_button(
            "Record re&lease…", "ferpa_record_release", self.record_release
        )
        self.withdraw_button = a11y.command_button("&Withdraw…", "ferpa_withdraw", self.withdraw)
        self.withdraw_button.setToolTip("The planned release will not happen (kept in the log)")
        self.forbidden_button = a11y.command_button(
            "Notice &forbidden…", "ferpa_notice_forbidden", self.notice_forbidden
        )
        self.forbidden_button.setToolTip("The order or subpoena forbids telling the parent")

        self.report_student = QComboBox()
        self.report_student.setObjectName("ferpa_report_student")
        report_label = a11y.buddy_label("Report for &student", self.report_student)
        self.export_button = a11y.command_button(
            "E&xport report…", "ferpa_export_report", self.export_report
        )
        self.export_button.setToolTip(f"The student's record as PDF ({UNENCRYPTED_NOTE})")
        self.print_button = a11y.command_button(
            "Pr&int report…", "ferpa_print_report", self.print_report
        )

        self.message = QLabel()
        self.message.setObjectName("ferpa_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_MS)
        self._countdown.timeout.connect(lambda: self.refresh_countdown())

        logging_row = QHBoxLayout()
        logging_row.addWidget(self.request_button)
        logging_row.addWidget(self.disclosure_button)
        logging_row.addWidget(self.hint, 1)
        entry_row = QHBoxLayout()
        for button in self._entry_buttons:
            entry_row.addWidget(button)
        entry_row.addStretch(1)
        report_row = QHBoxLayout()
        report_row.addWidget(report_label)
        report_row.addWidget(self.report_student, 1)
        report_row.addWidget(self.export_button)
        report_row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reminder_box)
        layout.addLayout(logging_row)
        layout.addWidget(table_label)
        # The empty note takes the table's room while there is no entry, so the rows
        # below stay together instead of spreading down the page.
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(entry_row)
        layout.addLayout(report_row)
        layout.addWidget(self.message)
        a11y.set_tab_chain(
            [
                self.request_button,
                self.disclosure_button,
                self.table,
                *self._entry_buttons,
                self.report_student,
                self.export_button,
                self.print_button,
            ]
        )
        self._update_actions()

    @property
    def _entry_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.notified_button,
            self.release_button,
            self.withdraw_button,
            self.forbidden_button,
        )

    # ----- loading -----

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def entries(self) -> tuple[EntryView, ...]:
        return self._data.entries if self._data is not None else ()

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        return self._reminders

    def load(self, workspace: Workspace, case_id: int) -> None:
        """Show a case's log (read in the background)."""
        if (workspace, case_id) != (self._workspace, self._case_id):
            self.clear()
        self._workspace, self._case_id = workspace, case_id
        self.clock = lambda: workspace.clock()
        self.reload()

    def reload(self, select: int | None = None) -> None:
        workspace, case_id = self._workspace, self._case_id
        if workspace is None or case_id is None:
            return
        self._token += 1
        token = self._token
        selected = select if select is not None else self._selected_id()

        def loaded(data: CaseLog) -> None:
            if token == self._token:
                self._show(data, selected)

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self._say(f"The log could not be read: {user_message(exc)}", error=True)

        self._runner.run(partial(DisclosureLog(workspace).case_log, case_id), loaded, failed)

    def _show(self, data: CaseLog, selected: int | None) -> None:
        self._data = data
        self.model.set_entries(data.entries)
        self.empty.setVisible(not data.entries)
        self.table.setVisible(bool(data.entries))
        if data.entries:
            self.table.resizeColumnsToContents()  # a case has a handful of rows
            row = self.model.row_of(selected) if selected is not None else -1
            self.table.selectRow(row if row >= 0 else len(data.entries) - 1)
        current = self.report_student.currentData()
        self.report_student.clear()
        for student in data.students:
            self.report_student.addItem(student.name, student.id)
        index = self.report_student.findData(current)
        self.report_student.setCurrentIndex(max(index, 0))
        has_students = bool(data.students)
        self.hint.setText("" if has_students else NO_STUDENTS)
        self._reminders = data.reminders
        self.refresh_countdown(data.read_at)
        self._update_actions()

    # ----- reminders -----

    def refresh_countdown(self, now: datetime | None = None) -> None:
        """Count the reminders down to `now` (the workspace's clock by default)."""
        moment = now if now is not None else self.clock()
        self._reminders = tuple(r.at(moment) for r in self._reminders)
        for label in self.reminder_labels:
            self.reminder_layout.removeWidget(label)
            _discard(label)
        self.reminder_labels = []
        for reminder in self._reminders:
            label = QLabel(reminder.text)
            label.setObjectName("ferpa_reminder")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if reminder.overdue:
                label.setStyleSheet(f"color: {URGENT_COLOR.name()}; font-weight: bold;")
            self.reminder_layout.addWidget(label)
            self.reminder_labels.append(label)
        self.reminder_box.setVisible(bool(self._reminders))
        if self._reminders and not self._countdown.isActive():
            self._countdown.start()
        elif not self._reminders:
            self._countdown.stop()

    # ----- selection -----

    def _selected_id(self) -> int | None:
        entry = self.selected_entry()
        return entry.id if entry is not None else None

    def selected_entry(self) -> EntryView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def select_entry(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.table.selectRow(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()
        entry = self.selected_entry()
        if entry is not None and entry.student_id is not None:
            index = self.report_student.findData(entry.student_id)
            if index >= 0:
                self.report_student.setCurrentIndex(index)

    def _update_actions(self) -> None:
        loaded = self._data is not None and not self._busy
        has_students = self._data is not None and bool(self._data.students)
        self.request_button.setEnabled(loaded and has_students)
        self.disclosure_button.setEnabled(loaded and has_students)
        entry = self.selected_entry() if loaded else None
        planned = entry is not None and entry.status is EntryStatus.PLANNED
        no_notice = (
            entry is not None
            and entry.entry_type is DisclosureEntryType.DISCLOSURE
            and entry.parent_notified_at is None
            and not entry.notice_forbidden
            and entry.status is not EntryStatus.WITHDRAWN
        )
        self.notified_button.setEnabled(no_notice)
        self.release_button.setEnabled(planned)
        self.withdraw_button.setEnabled(planned)
        self.forbidden_button.setEnabled(no_notice and entry is not None and entry.under_order)
        self.report_student.setEnabled(has_students)
        self.export_button.setEnabled(loaded and has_students)
        self.print_button.setEnabled(loaded and has_students)

    # ----- writing -----

    def _log(self) -> DisclosureLog | None:
        return DisclosureLog(self._workspace) if self._workspace is not None else None

    def _open(
        self,
        dialog: FormDialog,
        work: Callable[[DisclosureLog, object], EntryView],
        draft_name: str,
    ) -> None:
        """Show `dialog`; each submission runs `work` and closes it once saved. What is
        typed in it is kept as the draft `draft_name` if the window locks, and a draft
        kept so is put back now."""
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        if self._workspace is not None and self._case_id is not None:
            dialog.draft_case_id = self._case_id
            dialog.draft_name = draft_name
            kept = take_draft(self._workspace, self._case_id, draft_name)
            if kept is not None:
                dialog.restore_fields(kept.values)
                dialog.show_note(restored_text(kept))
        dialog.submitted.connect(lambda values: self._submit(dialog, work, values))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        _discard(dialog)

    def _submit(
        self,
        dialog: FormDialog,
        work: Callable[[DisclosureLog, object], EntryView],
        values: object,
    ) -> None:
        log = self._log()
        if log is None:
            return
        token = self._token
        dialog.set_busy(True)

        def saved(entry: EntryView) -> None:
            if token != self._token:
                return
            dialog.accept()
            self._say(f"Saved in the log: {_describe(entry)}.")
            self.reload(select=entry.id)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if token == self._token:
                dialog.show_error(user_message(exc))

        self._runner.run(partial(work, log, values), saved, failed)

    def _entry_dialog(self, kind: DisclosureEntryType) -> None:
        if self._data is None or self._case_id is None:
            return
        if not self._data.students:
            self._say(NO_STUDENTS, error=True)
            return
        case_id = self._case_id
        dialog = EntryDialog(kind, self._data.students, self.clock(), self)
        selected = self.report_student.currentData()
        index = dialog.student.findData(selected)
        if index >= 0:
            dialog.student.setCurrentIndex(index)

        def work(log: DisclosureLog, values: object) -> EntryView:
            assert isinstance(values, EntryValues)
            return _save(values, log, case_id)

        self._open(dialog, work, f"ferpa_{kind.value}")

    def log_request(self) -> None:
        self._entry_dialog(DisclosureEntryType.REQUEST)

    def log_disclosure(self) -> None:
        self._entry_dialog(DisclosureEntryType.DISCLOSURE)

    def mark_notified(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        dialog = TimeDialog(
            "Parent notified",
            f"When was the parent of {entry.student_name or 'the student'} notified of the "
            f"disclosure to {entry.party}?",
            "Notified &at",
            "&Record notice",
            self.clock(),
            self,
        )
        entry_id = entry.id

        def work(log: DisclosureLog, values: object) -> EntryView:
            assert isinstance(values, datetime)
            return log.mark_parent_notified(entry_id, values)

        self._open(dialog, work, f"ferpa_notified_{entry_id}")

    def record_release(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        dialog = TimeDialog(
            "Record the release",
            f"When were the records released to {entry.party}?",
            "Released &at",
            "&Record release",
            self.clock(),
            self,
        )
        entry_id = entry.id

        def work(log: DisclosureLog, values: object) -> EntryView:
            assert isinstance(values, datetime)
            return log.record_release(entry_id, values)

        self._open(dialog, work, f"ferpa_release_{entry_id}")

    def withdraw(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        dialog = ReasonDialog(
            "Withdraw the planned release",
            f"The release to {entry.party} will not happen. It stays in the log, marked "
            "withdrawn, with this reason.",
            "&Reason",
            "&Withdraw release",
            self,
        )
        entry_id = entry.id

        def work(log: DisclosureLog, values: object) -> EntryView:
            assert isinstance(values, str)
            return log.withdraw(entry_id, values)

        self._open(dialog, work, f"ferpa_withdraw_{entry_id}")

    def notice_forbidden(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        dialog = ReasonDialog(
            "The order forbids notifying the parent",
            "Some orders and subpoenas forbid disclosing their existence or contents "
            "(34 CFR 99.31(a)(9)(ii)); then no parent notice is owed. Quote or cite the "
            "provision.",
            "&Where the order says so",
            "&Record",
            self,
        )
        entry_id = entry.id

        def work(log: DisclosureLog, values: object) -> EntryView:
            assert isinstance(values, str)
            return log.record_notice_forbidden(entry_id, values)

        self._open(dialog, work, f"ferpa_notice_forbidden_{entry_id}")

    # ----- the student report -----

    def _report_student(self) -> tuple[DisclosureLog, int, str] | None:
        log = self._log()
        student_id = self.report_student.currentData()
        if log is None or student_id is None or self._busy:
            return None
        return log, int(student_id), self.report_student.currentText()

    def export_report(self) -> None:
        chosen = self._report_student()
        if chosen is None:
            return
        log, student_id, name = chosen
        path = self.choose_save_path(
            self,
            f"Export the FERPA record as PDF ({UNENCRYPTED_NOTE})",
            f"FERPA record - {name}.pdf",
            "PDF documents (*.pdf)",
        )
        if path is None:
            return
        token = self._token
        self._set_busy(True)
        self._say(f"Writing {path.name}…")

        def written(done: Path) -> None:
            if token == self._token:
                self._set_busy(False)
                self._say(f"Exported {done} ({UNENCRYPTED_NOTE}: keep it somewhere safe).")

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self._set_busy(False)
                self._say(f"The report was not exported: {user_message(exc)}", error=True)

        self._runner.run(partial(_export, log, student_id, path), written, failed)

    def print_report(self) -> None:
        chosen = self._report_student()
        if chosen is None:
            return
        log, student_id, _name = chosen
        token = self._token
        self._set_busy(True)

        def ready(html: str) -> None:
            if token != self._token:
                return
            self._set_busy(False)
            document = QTextDocument()
            document.setHtml(html)
            if self.print_document(self, document):
                self._say("The report was sent to the printer.")

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self._set_busy(False)
                self._say(f"The report could not be printed: {user_message(exc)}", error=True)

        self._runner.run(partial(log.report_html, student_id), ready, failed)

    # ----- state -----

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {URGENT_COLOR.name()};" if error else "")

    def clear(self) -> None:
        """Forget the case (lock, or the case closed): no student or case text stays."""
        self._token += 1  # results on their way are dropped
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.reject()
            _discard(dialog)
        self._workspace = self._case_id = None
        self._data = None
        self._busy = False
        self._reminders = ()
        self._countdown.stop()
        self.model.set_entries(())
        self.refresh_countdown()
        self.report_student.clear()
        self.hint.clear()
        self.message.clear()
        self.empty.show()
        self.table.hide()
        self._update_actions()


def _discard(widget: QWidget) -> None:
    """Take a widget out at once: a student's name must not linger until deletion."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _describe(entry: EntryView) -> str:
    kind = "request" if entry.entry_type is DisclosureEntryType.REQUEST else "disclosure"
    who = f" about {entry.student_name}" if entry.student_name else ""
    return f"{kind}{who}, {entry.party}"
