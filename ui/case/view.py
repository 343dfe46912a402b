"""One open case: its facts (editable), documents, advice, checklist and timeline.

Everything is read in one background load (`load_snapshot`) and shown at once.
Edits to the facts are saved through `update_facts`, which writes only what
changed, so the audit trail and the timeline show each edit as before → after.
Unsaved edits are never dropped silently: the tab title shows "•", and
`CaseTabs` asks before a tab closes; before a lock, `save_now()` saves them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from legal_desk.checklist.service import ChecklistService
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import (
    TRANSITIONS,
    CaseDetail,
    CaseIntake,
    CaseService,
    detail,
    known_attorneys,
    known_schools,
    update_facts,
)
from legal_desk.services.encounters import Encounter, repeat_encounters
from legal_desk.services.facts import MissingFact
from legal_desk.services.guidance import Guidance, emergency_guidance
from legal_desk.services.settings import ContactInfo, SettingsService
from legal_desk.services.timeline import TimelineEntry, case_timeline
from legal_desk.workspace import Workspace
from models import CaseStatus
from ui import a11y, errors
from ui.advice.panel import AdvicePanel
from ui.case.close_dialog import ask_close_reason
from ui.case.documents import DocumentsPanel
from ui.case.encounters import EncountersPanel
from ui.case.followup import FollowUpPage
from ui.case.importer import ImportReport, local_paths
from ui.case.timeline import TimelinePanel
from ui.case_summary import STATUS_COLORS, chip_style
from ui.ferpa.panel import FerpaPanel
from ui.formatting import URGENT_COLOR
from ui.intake.form import CaseFactsForm, hint_label, vertical_scroll
from ui.intake.guidance_box import (
    FALLBACK_LEGAL,
    FALLBACK_SECURITY,
    GuidanceBox,
    bullets_html,
)
from ui.tasks import Runner


class Section(enum.IntEnum):
    FACTS = 0
    DOCUMENTS = 1
    ADVICE = 2
    CHECKLIST = 3
    TIMELINE = 4
    FERPA = 5

    @property
    def label(self) -> str:
        return "FERPA log" if self is Section.FERPA else self.name.capitalize()


NOTHING_MISSING = "Nothing missing: every fact the district procedure asks for is recorded."
MISSING_INTRO = "The district procedure asks the school for these; ask on the next call:"
NAV_WIDTH = 130
UNSAVED_MARK = "•"


def contact_or(workspace: Workspace, key: str, fallback: ContactInfo) -> ContactInfo:
    try:
        return SettingsService(workspace).contact(key)
    except LegalDeskError:
        return fallback


def emergency_for(workspace: Workspace) -> Guidance:
    return emergency_guidance(
        contact_or(workspace, "legal_office", FALLBACK_LEGAL),
        contact_or(workspace, "security", FALLBACK_SECURITY),
    )


@dataclass(frozen=True)
class CaseSnapshot:
    """Everything the view shows about one case, read in one go off the UI thread."""

    detail: CaseDetail
    timeline: tuple[TimelineEntry, ...]
    encounters: tuple[Encounter, ...]
    emergency: Guidance
    schools: tuple[str, ...]
    attorneys: tuple[str, ...]


def load_snapshot(workspace: Workspace, case_id: int) -> CaseSnapshot:
    """Runs in a worker: one session per thread, no widget touched."""
    case = detail(workspace, case_id)
    # The checklist ticks itself from the facts (audited): bring it up to date before
    # the timeline is read, so the timeline shows those ticks.
    ChecklistService(workspace).items(case_id)
    with workspace.session() as session:
        timeline = tuple(case_timeline(session, case_id))
        encounters = tuple(repeat_encounters(session, case_id))
    return CaseSnapshot(
        case,
        timeline,
        encounters,
        emergency_for(workspace),
        tuple(known_schools(workspace)),
        tuple(known_attorneys(workspace)),
    )


def save_and_load(workspace: Workspace, case_id: int, facts: CaseIntake) -> CaseSnapshot:
    update_facts(workspace, case_id, facts)
    return load_snapshot(workspace, case_id)


def move_and_load(
    workspace: Workspace,
    case_id: int,
    status: CaseStatus,
    reason: str,
    override_open_items: bool = False,
) -> CaseSnapshot:
    CaseService(workspace).set_status(
        case_id, status, reason, override_open_items=override_open_items
    )
    return load_snapshot(workspace, case_id)


def open_required_items(workspace: Workspace, case_id: int) -> list[str]:
    return [item.label for item in ChecklistService(workspace).open_required(case_id)]


def transition_label(current: CaseStatus, target: CaseStatus) -> str:
    if target is CaseStatus.CLOSED:
        return "Close case…"
    if current is CaseStatus.CLOSED:
        return "Reopen"
    if target is CaseStatus.SECURITY_NOTIFIED:
        return "Record the Security call…"
    return f"Move to {target.label}"


def missing_text(missing: Sequence[MissingFact]) -> str:
    """The missing facts as plain lines (for copying, tests and screen readers)."""
    return "\n".join(f"• {fact.label}" for fact in missing)


def show_missing(label: QLabel, missing: Sequence[MissingFact]) -> None:
    """Fill `label` with the missing facts as a bulleted list."""
    label.setText(bullets_html([fact.label for fact in missing]))
    label.setAccessibleDescription(missing_text(missing))


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class CaseView(QWidget):
    """One case. Build it with a workspace, a runner and the case id; it loads itself."""

    case_changed = Signal(int)  # facts or status saved: the queue should refresh
    case_requested = Signal(int)  # the user asked to open another case (seen before)
    title_changed = Signal()  # reference, urgency or the unsaved mark changed
    loaded = Signal()

    def __init__(
        self,
        workspace: Workspace,
        runner: Runner,
        case_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_view")
        self._workspace: Workspace | None = workspace
        self._runner = runner
        self.case_id = case_id
        self.snapshot: CaseSnapshot | None = None
        self._baseline = CaseIntake()
        self._dirty = False
        self._filling = False
        self._busy = 0
        self._cleared = False
        # Replaced in tests; the real one asks in a small dialog.
        self.ask_close_reason: Callable[[QWidget, Sequence[str]], str | None] = ask_close_reason
        self.setAcceptDrops(True)

        self._build_header()
        self.emergency = GuidanceBox("emergency_guidance", emergency=True)
        self.load_error = QLabel()
        self.load_error.setObjectName("load_error")
        self.load_error.setWordWrap(True)
        self.load_error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.load_error.hide()

        self.nav = QListWidget()
        self.nav.setObjectName("sections")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet(
            "QListWidget#sections { background: transparent; }"
            " QListWidget#sections::item { padding: 6px 8px; border-radius: 4px; }"
            " QListWidget#sections::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        nav_label = a11y.buddy_label("Sections", self.nav)
        nav_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for section in Section:
            self.nav.addItem(section.label)
            item = self.nav.item(section)
            if item is not None:
                item.setToolTip(f"Alt+{section + 1}")
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(self._section_shown)

        self.form = CaseFactsForm()
        self.form.setEnabled(False)  # until the case is loaded
        self.form.changed.connect(self._form_changed)
        self.form.urgent_changed.connect(lambda _urgent: self._show_urgency())
        self.form.tab_chain_changed.connect(self._update_tab_chain)
        self.stack.addWidget(self._build_facts_page())
        self.documents = DocumentsPanel(runner)
        self.documents.documents_imported.connect(self._documents_imported)
        documents_page = QWidget()
        documents_layout = QVBoxLayout(documents_page)
        documents_layout.setContentsMargins(16, 12, 16, 12)
        documents_layout.addWidget(self.documents)
        self.stack.addWidget(documents_page)
        self.advice = AdvicePanel(runner)
        self.advice.advice_sent.connect(self._advice_sent)
        advice_page = QWidget()
        advice_layout = QVBoxLayout(advice_page)
        advice_layout.setContentsMargins(16, 12, 16, 12)
        advice_layout.addWidget(self.advice)
        self.stack.addWidget(advice_page)
        self.followup = FollowUpPage(runner, host=self)
        self.followup.changed.connect(self.reload)
        self.followup.security_recorded.connect(self._security_recorded)
        self.checklist = self.followup.checklist
        self.stack.addWidget(self.followup)
        self.timeline = TimelinePanel()
        timeline_page = QWidget()
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.setContentsMargins(16, 12, 16, 12)
        timeline_layout.addWidget(self.timeline)
        self.stack.addWidget(timeline_page)
        self.ferpa = FerpaPanel(runner)
        self.ferpa.changed.connect(self.reload)  # the records items may tick themselves
        ferpa_page = QWidget()
        ferpa_layout = QVBoxLayout(ferpa_page)
        ferpa_layout.setContentsMargins(16, 12, 16, 12)
        ferpa_layout.addWidget(self.ferpa)
        self.stack.addWidget(ferpa_page)
        self.nav.setCurrentRow(Section.FACTS)

        nav_column = QVBoxLayout()
        nav_column.setContentsMargins(8, 12, 0, 8)
        nav_column.addWidget(nav_label)
        nav_column.addWidget(self.nav, 1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addLayout(nav_column)
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setForegroundRole(QPalette.ColorRole.Mid)
        body.addWidget(divider)
        body.addWidget(self.stack, 1)

        top = QVBoxLayout()
        top.setContentsMargins(16, 12, 16, 8)
        top.setSpacing(10)
        top.addLayout(self.header)
        top.addWidget(self.emergency)
        top.addWidget(self.load_error)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setForegroundRole(QPalette.ColorRole.Mid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(rule)
        layout.addLayout(body, 1)
        self._build_shortcuts()
        self.reload()

    # ----- construction -----

    def _build_header(self) -> None:
        self.reference = _bold(QLabel("Opening the case…"), 1.4)
        self.reference.setObjectName("case_reference")
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_chip = QLabel()
        self.status_chip.setObjectName("case_status")
        self.urgent_chip = QLabel("URGENT")
        self.urgent_chip.setObjectName("case_urgent")
        self.urgent_chip.setStyleSheet(chip_style(URGENT_COLOR.name(), "white"))
        self.urgent_chip.hide()
        self.subtitle = QLabel()
        self.subtitle.setObjectName("case_subtitle")
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_buttons: list[QPushButton] = []
        self.status_row = QHBoxLayout()
        self.status_row.setSpacing(6)
        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.reference)
        title_row.addWidget(self.status_chip)
        title_row.addWidget(self.urgent_chip)
        title_row.addStretch(1)
        title_row.addLayout(self.status_row)
        self.header = QVBoxLayout()
        self.header.setSpacing(2)
        self.header.addLayout(title_row)
        self.header.addWidget(self.subtitle)

    def _build_facts_page(self) -> QWidget:
        page = QWidget()
        scroll, holder_layout = vertical_scroll(self.form, "facts_scroll", (16, 4, 16, 16))
        self.facts_scroll = scroll

        self.unsaved_label = QLabel()
        self.unsaved_label.setObjectName("unsaved")
        self.unsaved_label.setStyleSheet("color: #6b4700; font-weight: bold;")
        self.revert_button = a11y.button("&Revert")
        self.revert_button.setObjectName("revert")
        self.revert_button.setToolTip("Put back the facts as last saved")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = a11y.button("&Save")
        self.save_button.setObjectName("save_facts")
        self.save_button.setToolTip("Save the facts (Ctrl+S)")
        self.save_button.clicked.connect(lambda: self.save())
        for button in (self.revert_button, self.save_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        save_bar = QHBoxLayout()
        save_bar.setContentsMargins(16, 6, 16, 10)
        save_bar.addWidget(self.unsaved_label)
        save_bar.addStretch(1)
        save_bar.addWidget(self.revert_button)
        save_bar.addWidget(self.save_button)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(0)
        left.addWidget(scroll, 1)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setForegroundRole(QPalette.ColorRole.Mid)
        left.addWidget(rule)
        left.addLayout(save_bar)

        self.missing_title = _bold(QLabel("Still needed"))
        self.missing_title.setObjectName("missing_title")
        self.missing_intro = hint_label(MISSING_INTRO)
        self.missing = QLabel()
        self.missing.setObjectName("missing_facts")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self.missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        missing_box = QFrame()
        missing_box.setObjectName("missing_box")
        missing_box.setStyleSheet(
            "QFrame#missing_box { border: 1px solid palette(mid); border-radius: 6px;"
            " background: palette(base); }"
        )
        missing_layout = QVBoxLayout(missing_box)
        missing_layout.setContentsMargins(12, 10, 12, 12)
        missing_layout.setSpacing(6)
        missing_layout.addWidget(self.missing_title)
        missing_layout.addWidget(self.missing_intro)
        missing_layout.addWidget(self.missing)
        self.encounters = EncountersPanel()
        self.encounters.case_requested.connect(self.case_requested)
        # What is still needed and earlier encounters sit above the form, not beside
        # it: the first thing read, and the case fits beside the queue on a laptop.
        side = QWidget()
        side.setObjectName("facts_side")
        side_layout = QHBoxLayout(side)
        side_layout.setContentsMargins(0, 8, 0, 8)
        side_layout.setSpacing(14)
        side_layout.addWidget(missing_box, 1)
        side_layout.addWidget(self.encounters, 1)
        holder_layout.insertWidget(0, side)
        # With no horizontal scroll bar, never let the form be cut off on the right.
        holder = scroll.widget()
        assert holder is not None
        scroll.setMinimumWidth(
            holder.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )

        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(left, 1)
        return page

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def shortcut(keys: QKeySequence | str, slot: Callable[[], object]) -> QShortcut:
            sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
            made = QShortcut(sequence, self)
            made.setContext(context)
            made.activated.connect(slot)
            return made

        self.save_shortcut = shortcut(
            QKeySequence(QKeySequence.StandardKey.Save), lambda: self.save()
        )
        for section in Section:
            shortcut(f"Alt+{section + 1}", partial(self.show_section, section))
        shortcut("Ctrl+PgDown", lambda: self._step_section(1))
        shortcut("Ctrl+PgUp", lambda: self._step_section(-1))

    def _update_tab_chain(self) -> None:
        chain = self.form.tab_chain()
        a11y.set_tab_chain([*chain, self.revert_button, self.save_button, self.encounters.list])

    # ----- sections -----

    def show_section(self, section: Section) -> None:
        self.nav.setCurrentRow(section)

    def _section_shown(self, row: int) -> None:
        if row == Section.ADVICE and self.snapshot is not None:
            # A document may have been checked since: the suggestion and values follow.
            self.advice.reload()

    def current_section(self) -> Section:
        return Section(self.stack.currentIndex())

    def _step_section(self, step: int) -> None:
        self.nav.setCurrentRow((self.nav.currentRow() + step) % len(Section))

    # ----- loading -----

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def is_loaded(self) -> bool:
        return self.snapshot is not None

    def reload(self) -> None:
        """Read the case again (after a save elsewhere, or on request)."""
        workspace = self._workspace
        if workspace is None:
            return
        self._run(partial(load_snapshot, workspace, self.case_id), self._load_failed)

    def _run(
        self, work: Callable[[], CaseSnapshot], on_failure: Callable[[BaseException], None]
    ) -> None:
        self._set_busy(1)
        self._runner.run(work, self._work_done, partial(self._work_failed, on_failure))

    def _work_done(self, snapshot: CaseSnapshot) -> None:
        if self._cleared:
            return  # a result for a view closed or locked meanwhile
        self._set_busy(-1)
        self._apply(snapshot)

    def _work_failed(self, on_failure: Callable[[BaseException], None], exc: BaseException) -> None:
        if self._cleared:
            return
        self._set_busy(-1)
        on_failure(exc)

    def _load_failed(self, exc: BaseException) -> None:
        message = errors.user_message(exc)
        self.load_error.setText(f"This case could not be read: {message}")
        self.load_error.show()

    def _set_busy(self, step: int) -> None:
        self._busy = max(0, self._busy + step)
        busy = self._busy > 0
        for button in self.status_buttons:
            button.setEnabled(not busy)
        self._update_dirty()

    def _apply(self, snapshot: CaseSnapshot) -> None:
        self.snapshot = snapshot
        case = snapshot.detail
        self.load_error.hide()
        self.reference.setText(case.reference)
        self.status_chip.setText(case.status.label)
        self.status_chip.setStyleSheet(chip_style(*STATUS_COLORS[case.status]))
        facts = case.facts
        parts = [facts.school or "School not recorded", facts.request_type.label]
        if case.closed_reason and case.status is CaseStatus.CLOSED:
            parts.append(f"Closed: {case.closed_reason}")
        self.subtitle.setText(" · ".join(parts))
        self._build_status_buttons(case.status)
        self.form.set_known_schools(snapshot.schools)
        self.form.set_known_attorneys(snapshot.attorneys)
        if not self._dirty:
            self._fill(facts)
        self.form.setEnabled(True)
        self._show_missing(case.missing)
        self.encounters.set_encounters(snapshot.encounters)
        workspace = self._workspace
        self.documents.set_case(workspace, self.case_id)
        self.documents.set_documents(case.documents)
        documents_item = self.nav.item(Section.DOCUMENTS)
        if documents_item is not None:
            count = len(case.documents)
            documents_item.setText("Documents" + (f" ({count})" if count else ""))
        self.timeline.set_entries(snapshot.timeline)
        assert workspace is not None
        self.followup.set_case(workspace, self.case_id)
        self.ferpa.load(workspace, self.case_id)
        if self.advice.case_id != self.case_id:
            self.advice.set_case(workspace, self.case_id)
        elif self.current_section() is Section.ADVICE:
            self.advice.reload()
        self._show_urgency()
        self._update_tab_chain()
        self.title_changed.emit()
        self.loaded.emit()

    def _fill(self, facts: CaseIntake) -> None:
        self._filling = True
        try:
            self.form.set_facts(facts)
        finally:
            self._filling = False
        self._baseline = self.form.facts()
        self._update_dirty()

    def _show_missing(self, missing: Sequence[MissingFact]) -> None:
        if missing:
            self.missing_title.setText(f"Still needed ({len(missing)})")
            self.missing_intro.show()
            show_missing(self.missing, missing)
        else:
            self.missing_title.setText("Still needed")
            self.missing_intro.hide()
            self.missing.setText("✓ " + NOTHING_MISSING)
            self.missing.setAccessibleDescription("")

    def _build_status_buttons(self, status: CaseStatus) -> None:
        for button in self.status_buttons:
            self.status_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.status_buttons = []
        for target in TRANSITIONS[status]:
            button = a11y.button(transition_label(status, target))
            button.setObjectName(f"status_{target.value}")
            button.setAutoDefault(False)
            button.clicked.connect(partial(self.move_to, target))
            self.status_row.addWidget(button)
            self.status_buttons.append(button)

    def _show_urgency(self) -> None:
        snapshot = self.snapshot
        urgent = self.urgent
        if snapshot is not None and urgent:
            self.emergency.set_guidance(snapshot.emergency)
        else:
            self.emergency.clear()
        self.urgent_chip.setVisible(urgent)
        self.title_changed.emit()

    # ----- state for the tabs -----

    @property
    def reference_text(self) -> str:
        return self.snapshot.detail.reference if self.snapshot is not None else ""

    @property
    def urgent(self) -> bool:
        """Urgent while open: an emergency or a "lawful order" was claimed (saved or ticked)."""
        if self.snapshot is None:
            return False
        case = self.snapshot.detail
        if case.status is CaseStatus.CLOSED:
            return False
        return case.urgent or self.form.urgent_claimed()

    def tab_title(self) -> str:
        if self.snapshot is None:
            return "Opening…"
        title = ("! " if self.urgent else "") + self.reference_text
        return f"{title} {UNSAVED_MARK}" if self._dirty else title

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    # ----- editing the facts -----

    def _form_changed(self) -> None:
        if not self._filling:
            self._update_dirty()

    def _update_dirty(self) -> None:
        dirty = self.snapshot is not None and self.form.facts() != self._baseline
        changed = dirty != self._dirty
        self._dirty = dirty
        self.unsaved_label.setText("Unsaved changes" if dirty else "")
        can_save = dirty and self._busy == 0
        self.save_button.setEnabled(can_save)
        self.revert_button.setEnabled(can_save)
        if changed:
            self.title_changed.emit()

    def save(self, then: Callable[[bool], None] | None = None) -> None:
        """Save edited facts in the background; `then(ok)` runs when it is done."""
        workspace = self._workspace
        if workspace is None or not self._dirty:
            if then is not None:
                then(not self._dirty)
            return
        if self._busy:
            return
        facts = self.form.facts()

        def saved(snapshot: CaseSnapshot) -> None:
            if self._cleared:
                return
            self._set_busy(-1)
            if self.form.facts() == facts:
                self._dirty = False  # what is on screen is what was saved
            else:
                self._baseline = facts  # typed on during the save: still unsaved
            self._apply(snapshot)
            self.case_changed.emit(self.case_id)
            if then is not None:
                then(True)

        def failed(exc: BaseException) -> None:
            if self._cleared:
                return
            self._set_busy(-1)
            errors.show_exception(self, exc)  # the edits stay in the form
            if then is not None:
                then(False)

        self._set_busy(1)
        self._runner.run(partial(save_and_load, workspace, self.case_id, facts), saved, failed)

    def save_now(self) -> None:
        """Save edited facts at once, on this thread (before a lock). Raises on failure."""
        workspace = self._workspace
        if workspace is None or not self._dirty:
            return
        facts = self.form.facts()
        update_facts(workspace, self.case_id, facts)
        self._baseline = facts
        self._update_dirty()
        self.case_changed.emit(self.case_id)

    def revert(self) -> None:
        if self.snapshot is not None:
            self._fill(self.snapshot.detail.facts)
            self._show_urgency()

    # ----- status -----

    def move_to(self, status: CaseStatus) -> None:
        """Move the case along the workflow (audited). Closing asks for a reason, and
        insists on one while required checklist items are open."""
        workspace = self._workspace
        if workspace is None or self._busy:
            return
        if status is CaseStatus.SECURITY_NOTIFIED:
            # The procedure asks who was reached, when and at which number: the case
            # moves when the call is recorded, not on a bare click.
            self.followup.open_security_briefing()
            return
        if status is not CaseStatus.CLOSED:
            self._move(workspace, status, "")
            return

        def ask(open_items: list[str]) -> None:
            if self._cleared:
                return
            self._set_busy(-1)
            answer = self.ask_close_reason(self, open_items)
            if answer is not None and self._workspace is workspace:
                self._move(workspace, status, answer, override_open_items=bool(open_items))

        self._set_busy(1)
        self._runner.run(
            partial(open_required_items, workspace, self.case_id), ask, self._status_failed
        )

    def _move(
        self,
        workspace: Workspace,
        status: CaseStatus,
        reason: str,
        *,
        override_open_items: bool = False,
    ) -> None:
        def moved(snapshot: CaseSnapshot) -> None:
            if self._cleared:
                return
            self._set_busy(-1)
            self._apply(snapshot)
            self.case_changed.emit(self.case_id)

        self._set_busy(1)
        self._runner.run(
            partial(move_and_load, workspace, self.case_id, status, reason, override_open_items),
            moved,
            self._status_failed,
        )

    def _status_failed(self, exc: BaseException) -> None:
        if self._cleared:
            return
        self._set_busy(-1)
        errors.show_exception(self, exc)

    # ----- documents -----

    def attach_files(self, paths: Sequence[Path]) -> bool:
        """Attach files to the case (from a drop or the file dialog), with progress."""
        self.show_section(Section.DOCUMENTS)
        return self.documents.attach_files(paths)

    def handle_drop(self, mime: QMimeData) -> bool:
        """Attach the files in dropped data; False if it held none."""
        paths = local_paths(mime)
        if not paths or self._workspace is None:
            return False
        self.show_section(Section.DOCUMENTS)
        return self.documents.attach_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()) and self._workspace is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def _security_recorded(self) -> None:
        self.reload()  # the status moved to "Security notified"; the checklist ticks
        self.case_changed.emit(self.case_id)

    def _advice_sent(self) -> None:
        self.reload()  # the status moved to "Advice sent"; the timeline has the delivery
        self.case_changed.emit(self.case_id)

    def _documents_imported(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        if report.stored:
            self.reload()  # new rows, the timeline, and perhaps a missing fact fewer

    # ----- locking -----

    def clear(self) -> None:
        """Drop every fact of the case from the widgets and memory (lock, tab closed)."""
        self._cleared = True
        self._workspace = None
        self.snapshot = None
        self._baseline = CaseIntake()
        self._filling = True
        self.form.clear()
        self._filling = False
        self._dirty = False
        self.documents.clear()
        self.advice.clear()
        self.followup.clear()
        self.ferpa.clear()
        self.timeline.clear()
        self.encounters.clear()
        self.emergency.clear()
        for label in (self.reference, self.status_chip, self.subtitle, self.missing):
            label.clear()
        self.missing.setAccessibleDescription("")
        self.unsaved_label.clear()
        for button in self.status_buttons:
            button.hide()
            button.deleteLater()
        self.status_buttons = []
