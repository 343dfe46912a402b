"""New case: the facts of a school's call, typed while the attorney is on the phone.

Keyboard first: the fields follow the district procedure in Tab order, Enter (or
Ctrl+Enter, from the notes too) saves, and Esc
asks before dropping anything typed. Saving is never blocked by missing facts:
the case is saved, then the dialog lists what the procedure still asks for.
If saving fails the dialog stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services.cases import (
    CaseDetail,
    CaseService,
    detail,
    known_attorneys,
    known_schools,
)
from legal_desk.services.guidance import Guidance, emergency_guidance, hold_guidance
from legal_desk.workspace import Workspace
from ui import a11y, errors
from ui.case.importer import DocumentImport, ImportReport, ImportStatus
from ui.case.view import NOTHING_MISSING, emergency_for, show_missing
from ui.formatting import URGENT_COLOR
from ui.intake.attachments import AttachmentsArea
from ui.intake.form import CaseFactsForm, hint_label, vertical_scroll
from ui.intake.guidance_box import FALLBACK_LEGAL, FALLBACK_SECURITY, GuidanceBox
from ui.tasks import Runner

EDIT_PAGE, DONE_PAGE = 0, 1
SIDE_WIDTH = 280  # px: what to tell the school, and the files to attach
DEFAULT_SIZE = (1100, 800)
MINIMUM_SIZE = (860, 560)
INTRO = (
    "Type what the school tells you, in the order of the district procedure. Every "
    "fact is optional: save at any time with Ctrl+Enter and complete the case later."
)
DISCARD_QUESTION = "Discard this new case?"


@dataclass(frozen=True)
class IntakeChoices:
    """What the dialog offers: completion lists and the guidance with the office's numbers."""

    schools: tuple[str, ...]
    attorneys: tuple[str, ...]
    emergency: Guidance


def emergency_without_directory() -> Guidance:
    """The emergency steps without the directory's numbers (not read yet, or unreadable)."""
    return emergency_guidance(FALLBACK_LEGAL, FALLBACK_SECURITY)


def load_choices(workspace: Workspace) -> IntakeChoices:
    """Runs in a worker."""
    return IntakeChoices(
        tuple(known_schools(workspace)),
        tuple(known_attorneys(workspace)),
        emergency_for(workspace),
    )


def _heading(text: str, scale: float = 1.35) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class IntakeDialog(QDialog):
    """ "New case". Emits `case_created(case_id)` once the case (and its files) are stored."""

    case_created = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        runner: Runner,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("intake_dialog")
        self.setWindowTitle("New case")
        self._workspace: Workspace | None = workspace
        self._runner = runner
        self._clock = clock or workspace.clock
        self._busy = False
        self._emitted = False
        self.case_id: int | None = None
        self.detail: CaseDetail | None = None
        self.job: DocumentImport | None = None
        self._emergency: Guidance | None = None
        # Replaced in tests; the real one asks in a message box.
        self.confirm_discard: Callable[[], bool] = self._ask_discard

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_edit_page())
        self.pages.addWidget(self._build_done_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self._ctrl_enter)
        self.resize(*DEFAULT_SIZE)
        self.setMinimumSize(*MINIMUM_SIZE)
        self._update_tab_chain()
        self._baseline = self.form.facts()
        self.form.focus_first()
        self._runner.run(partial(load_choices, workspace), self._choices_loaded, self._no_choices)

    # ----- construction -----

    def _build_edit_page(self) -> QWidget:
        page = QWidget()
        self.form = CaseFactsForm(clock=self._clock)
        self.form.urgent_changed.connect(self._urgent_changed)
        self.form.tab_chain_changed.connect(self._update_tab_chain)

        title = _heading("New case")
        intro = hint_label(INTRO)
        self.emergency = GuidanceBox("emergency_guidance", emergency=True)

        scroll, _holder = vertical_scroll(self.form, "intake_scroll", (0, 0, 12, 12))
        self.form_scroll = scroll

        self.hold = GuidanceBox("hold_guidance", emergency=False)
        self.hold.set_guidance(hold_guidance())
        self.attachments = AttachmentsArea()
        side = QWidget()
        side.setFixedWidth(SIDE_WIDTH)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(12)
        side_layout.addWidget(self.hold)
        side_layout.addWidget(self.attachments, 1)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(scroll, 1)
        body.addWidget(side)

        self.error = QLabel()
        self.error.setObjectName("intake_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.error.hide()
        keys = hint_label("Enter saves · Esc cancels")
        self.save_button = a11y.button("Save case")
        self.save_button.setObjectName("save_case")
        self.save_button.setToolTip("Save the case (Ctrl+Enter)")
        self.cancel_button = a11y.button("Cancel")
        self.cancel_button.setObjectName("cancel_intake")
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter is handled in keyPressEvent
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(keys, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setForegroundRole(QPalette.ColorRole.Mid)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.emergency)
        layout.addLayout(body, 1)
        layout.addWidget(rule)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        return page

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        self.done_title = _heading("")
        self.done_title.setObjectName("done_title")
        self.done_emergency = GuidanceBox("done_emergency_guidance", emergency=True)
        self.import_status = ImportStatus()
        self.import_status.cancel_requested.connect(self._stop_import)
        self.missing_title = _heading("", 1.1)
        self.missing_title.setObjectName("done_missing_title")
        self.missing = QLabel()
        self.missing.setObjectName("done_missing")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self.missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing_hint = hint_label(
            "Ask the school for these on the next call; the case shows what is still "
            "needed until it is complete."
        )
        self.done_button = a11y.button("Done")
        self.done_button.setObjectName("done")
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.setSpacing(12)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_emergency)
        layout.addWidget(self.import_status)
        layout.addWidget(self.missing_title)
        layout.addWidget(self.missing)
        layout.addWidget(self.missing_hint)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _update_tab_chain(self) -> None:
        a11y.set_tab_chain(
            [
                *self.form.tab_chain(),
                *self.attachments.tab_chain(),
                self.save_button,
                self.cancel_button,
            ]
        )

    # ----- choices and guidance -----

    def _choices_loaded(self, choices: IntakeChoices) -> None:
        if self._workspace is None:
            return
        self.form.set_known_schools(choices.schools)
        self.form.set_known_attorneys(choices.attorneys)
        self._emergency = choices.emergency
        self._urgent_changed(self.form.urgent_claimed())

    def _no_choices(self, exc: BaseException) -> None:
        # Completion is a convenience: intake goes on without it.
        errors.user_message(exc)

    def _urgent_changed(self, urgent: bool) -> None:
        if urgent:
            self.emergency.set_guidance(self._emergency or emergency_without_directory())
        else:
            self.emergency.clear()
        self.hold.setVisible(not urgent)

    # ----- state -----

    @property
    def busy(self) -> bool:
        return self._busy

    def has_typed(self) -> bool:
        """True once anything was typed, chosen or attached."""
        return self.form.facts() != self._baseline or bool(self.attachments.paths())

    # ----- saving -----

    def _ctrl_enter(self) -> None:
        if self.pages.currentIndex() == EDIT_PAGE:
            self.save()
        elif self.done_button.isEnabled():
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            # Enter saves, as the brief asks: saving is never blocked and the case
            # stays editable, so an early Enter loses nothing (the next page lists
            # what is still missing). A focused button is pressed instead; the notes
            # field keeps Enter for new lines (it never reaches here).
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                if focused.isEnabled():
                    focused.click()
            elif self.pages.currentIndex() == EDIT_PAGE:
                self.save()
            elif self.done_button.isEnabled():
                self.accept()
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        """Save the case in the background; missing facts never block it."""
        workspace = self._workspace
        if workspace is None or self._busy or self.case_id is not None:
            return
        intake = self.form.facts()
        self._set_busy(True)
        self.error.hide()
        self._runner.run(
            partial(CaseService(workspace).create, intake), self._created, self._failed
        )

    def save_now(self) -> int | None:
        """Save what was typed at once, on this thread (before a lock); files stay listed.

        Returns the new case id, or None when there was nothing to save.
        """
        workspace = self._workspace
        if workspace is None or self._busy or self.case_id is not None or not self.has_typed():
            return None
        self.case_id = CaseService(workspace).create(self.form.facts())
        self._emit_created()
        return self.case_id

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        a11y.set_button_text(self.save_button, "Saving…" if busy else "Save case")
        self.form.setEnabled(not busy)

    def _failed(self, exc: BaseException) -> None:
        if self._workspace is None:
            return
        self._set_busy(False)
        message = errors.user_message(exc)
        self.error.setText(f"The case was not saved: {message} Everything you typed is still here.")
        self.error.show()
        errors.show_error(self, f"The case was not saved. {message}")

    def _created(self, case_id: int) -> None:
        self.case_id = case_id
        if self._workspace is None:
            return
        self._busy = False
        self.pages.setCurrentIndex(DONE_PAGE)
        self.done_title.setText("The case is saved.")
        if self.form.urgent_claimed() and self.emergency.guidance is not None:
            self.done_emergency.set_guidance(self.emergency.guidance)
        paths = self.attachments.paths()
        if paths:
            self._import(paths)
        else:
            self._load_summary()

    def _import(self, paths: Sequence[Path]) -> None:
        workspace, case_id = self._workspace, self.case_id
        assert workspace is not None and case_id is not None
        job = DocumentImport(workspace, self._runner, case_id, paths)
        self.job = job
        self.import_status.begin(len(job.paths))
        job.progressed.connect(self.import_status.show_progress)
        job.finished.connect(self._imported)
        job.start()

    def _stop_import(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _imported(self, report: object) -> None:
        if self._workspace is None or self.job is None or self.job.report is not report:
            return
        assert isinstance(report, ImportReport)
        self.import_status.show_report(report)
        self._load_summary()

    def _load_summary(self) -> None:
        workspace, case_id = self._workspace, self.case_id
        assert workspace is not None and case_id is not None
        self._runner.run(partial(detail, workspace, case_id), self._show_summary, self._no_summary)

    def _show_summary(self, case: CaseDetail) -> None:
        if self._workspace is None:
            return
        self.detail = case
        self.done_title.setText(f"Case {case.reference} is saved.")
        if case.missing:
            self.missing_title.setText(
                f"Still needed from the school ({len(case.missing)}), "
                "as the district procedure asks:"
            )
            show_missing(self.missing, case.missing)
            self.missing_hint.show()
        else:
            self.missing_title.setText("Nothing missing")
            self.missing.setText(NOTHING_MISSING)
            self.missing_hint.hide()
        self._finish()

    def _no_summary(self, exc: BaseException) -> None:
        if self._workspace is None:
            return
        self.missing_title.setText("The list of missing facts could not be read")
        self.missing.setText(errors.user_message(exc) + " The case itself is saved.")
        self.missing_hint.hide()
        self._finish()

    def _finish(self) -> None:
        self.done_button.setEnabled(True)
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._emit_created()

    def _emit_created(self) -> None:
        if not self._emitted and self.case_id is not None:
            self._emitted = True
            self.case_created.emit(self.case_id)

    # ----- closing -----

    def _ask_discard(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "New case",
            DISCARD_QUESTION,
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText("What you typed has not been saved.")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        for button in box.buttons():
            button.setAccessibleName(a11y.plain(button.text()))
        return box.exec() == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Esc, Cancel and the window's close button come here."""
        if self.pages.currentIndex() == DONE_PAGE:
            if self.job is not None and self.job.running:
                self.import_status.stop_button.click()  # stop between files, then finish
                return
            if not self.done_button.isEnabled():
                return  # the summary is still loading
            self.accept()
            return
        if self._busy:
            return  # a save is under way: its result decides
        if self.has_typed() and not self.confirm_discard():
            return
        super().reject()

    def clear(self) -> None:
        """Forget everything typed (the lock path closes the dialog after this)."""
        self._workspace = None
        if self.job is not None:
            self.job.cancel()
        self.form.clear()
        self.attachments.clear()
        self.emergency.clear()
        self.done_emergency.clear()
        self.import_status.clear()
        for label in (self.done_title, self.missing_title, self.missing, self.error):
            label.clear()
        self.missing.setAccessibleDescription("")
