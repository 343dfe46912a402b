"""The Checker tab beside the viewer: what kind of document this appears to be, why, and
the attorney's decision on it (issue 4).

Showing a document that was never checked starts the checker at once (an attorney
under time pressure should not have to ask), off the UI thread with progress and
Cancel. Each finding links to the place on the page it came from: selecting it
outlines that region in the viewer and scrolls there. The checker only suggests; the
attorney confirms the kind or overrides it with a reason, and both go to the audit
trail through `ClassificationService.confirm`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from legal_desk.documents import ocr
from legal_desk.services.classification import (
    ClassificationService,
    ClassificationView,
    FindingView,
)
from legal_desk.workspace import Workspace
from models import DocumentKind
from ui import a11y
from ui.checker.job import CheckJob
from ui.checker.wording import (
    KIND_LABELS,
    KIND_MEANINGS,
    check_label,
    kind_label,
    percent,
)
from ui.errors import user_message
from ui.formatting import URGENT_COLOR, local_time
from ui.tasks import Runner
from ui.viewer.marks import Mark, MarkStyle
from ui.viewer.view import DocumentViewer

LAYER = "checker"
# Violet-red: apart from find hits (yellow) and the usual annotation colours.
MARK_COLOR = "#d02090"
FINDING_ROLE = Qt.ItemDataRole.UserRole

NO_DOCUMENT_TEXT = "Open a document to check what kind of paper it is."
OCR_MISSING_TEXT = (
    "Tesseract OCR is not installed, so photos and scans can't be read automatically; "
    "classify them by hand below."
)
OCR_HINT = "Photos and scans are read with OCR: a few seconds a page."
CANCELLED_TEXT = "Check cancelled: nothing was stored."
NO_RESULT_TEXT = (
    "Without a checker result the kind cannot be recorded here; read the document in the "
    "viewer and call counsel."
)
REASON_NEEDED = "To record a different kind than the checker suggested, give a reason."


class SessionNotices:
    """Notices said once per app session, not on every document (the OCR one)."""

    def __init__(self) -> None:
        self.ocr_missing_shown = False


# One per process: the panel of every case tab shares it. Tests pass their own.
SESSION_NOTICES = SessionNotices()


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _wrapping(name: str, *, selectable: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def key_facts(findings: tuple[FindingView, ...]) -> list[tuple[str, str]]:
    """Who signed, which court, until when: short when the checker's sentence is
    the usual one, else the sentence itself."""
    by_check = {f.check: f.result for f in findings}
    facts: list[tuple[str, str]] = []
    signature = by_check.get("signature")
    if signature is not None:
        match = re.search(r"signed by (.+?)\. ", signature)
        facts.append(("Signed by", match.group(1) if match else "could not tell"))
    caption = by_check.get("court_caption")
    if caption is not None:
        match = re.match(r"Court caption: (.+)\.$", caption)
        facts.append(("Court", match.group(1) if match else "no federal court caption found"))
    deadline = by_check.get("execution_deadline")
    if deadline is not None:
        match = re.search(r"on or before (\w+ \d{1,2}, \d{4})", deadline)
        if match is None:
            facts.append(("Execute by", deadline))
        elif "had passed" in deadline:
            facts.append(("Execute by", f"{match.group(1)}: EXPIRED on the day of the visit"))
        else:
            facts.append(("Execute by", f"{match.group(1)}: not expired on the day of the visit"))
    return facts


def finding_text(finding: FindingView) -> str:
    where = f"page {finding.region.page}" if finding.region is not None else "no location"
    title = check_label(finding.check)
    if not finding.confirm:
        title += " (for information)"
    return f"{title} · {where}\n{finding.result}"


def _release(job: CheckJob) -> None:
    """Cut the job's connections to the panel: nothing late reaches it, and the
    job is freed with its work (the connections would keep it alive)."""
    for signal in (job.progressed, job.finished, job.failed, job.cancelled):
        signal.disconnect()


class CheckerPanel(QWidget):
    """The checker's suggestion for the shown document, its findings, and the decision."""

    # The stored result now shown (after a run, a decision, or on showing a document).
    result_shown = Signal(object)  # ClassificationView
    check_started = Signal(object)  # CheckJob
    # A run gave this document's PDF rendition a text layer (a photo read by OCR): the
    # viewer should open it again so find and text highlighting work on it.
    rendition_changed = Signal(int)

    def __init__(
        self,
        runner: Runner,
        viewer: DocumentViewer,
        workspace: Callable[[], Workspace | None],
        parent: QWidget | None = None,
        *,
        notices: SessionNotices | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checker_panel")
        self._runner = runner
        self.viewer = viewer
        self._workspace = workspace
        self._notices = notices if notices is not None else SESSION_NOTICES
        self.document_id: int | None = None
        self.job: CheckJob | None = None
        self.result: ClassificationView | None = None
        # The reader's notes are not stored: kept for the last run so that showing its
        # result again (the document reopened) still says what the reader said.
        self._last_notes: tuple[int, tuple[str, ...]] = (0, ())

        self.notice = _wrapping("checker_ocr_notice")
        self.notice.setText(f"⚠ {OCR_MISSING_TEXT}")
        self.notice.setStyleSheet(
            "QLabel#checker_ocr_notice { border: 1px solid palette(mid); border-radius: 4px;"
            " padding: 6px; }"
        )
        self.notice.hide()  # shown only after a check found it could not run OCR

        # ----- progress -----
        self.progress_label = _wrapping("checker_progress_label", selectable=False)
        self.bar = QProgressBar()
        self.bar.setObjectName("checker_progress")
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.cancel_button = a11y.button("Cancel")
        self.cancel_button.setObjectName("checker_cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip("Stop the check (Esc); nothing is stored")
        self.cancel_button.clicked.connect(self.cancel_check)
        self.ocr_hint = _muted(_wrapping("checker_ocr_hint", selectable=False))
        self.ocr_hint.setText(OCR_HINT)
        self.progress_box = QWidget()
        progress_layout = QGridLayout(self.progress_box)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label, 0, 0, 1, 2)
        progress_layout.addWidget(self.bar, 1, 0)
        progress_layout.addWidget(self.cancel_button, 1, 1)
        progress_layout.addWidget(self.ocr_hint, 2, 0, 1, 2)
        progress_layout.setColumnStretch(0, 1)

        self.message = _wrapping("checker_message")

        # ----- the result -----
        self.headline = _wrapping("checker_kind")
        big = QFont(self.headline.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.2)
        self.headline.setFont(big)
        self.confidence = _wrapping("checker_confidence")
        self.meaning = _wrapping("checker_meaning")
        self.facts = _wrapping("checker_facts")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.notes = _muted(_wrapping("checker_notes"))
        self.checked = _muted(_wrapping("checker_checked"))

        self.findings = QListWidget()
        self.findings.setObjectName("checker_findings")
        self.findings.setWordWrap(True)
        self.findings.setUniformItemSizes(False)
        self.findings.setAlternatingRowColors(True)
        self.findings.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.findings.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.findings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings.setMinimumHeight(self.findings.fontMetrics().lineSpacing() * 10)
        self.findings.currentItemChanged.connect(self._finding_changed)
        self.findings.itemActivated.connect(self._finding_activated)
        self.findings_label = a11y.buddy_label("Findings to &verify", self.findings)

        # ----- the attorney's decision -----
        self.kind = QComboBox()
        self.kind.setObjectName("checker_decision_kind")
        for kind in DocumentKind:
            self.kind.addItem(KIND_LABELS[kind], kind.value)
        # The side column is narrow: the combo must not widen it to its longest label.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(14)
        self.kind.currentIndexChanged.connect(self._decision_changed)
        self.kind_label = a11y.buddy_label("Kind of docu&ment", self.kind)
        self.reason = QLineEdit()
        self.reason.setObjectName("checker_reason")
        self.reason.setPlaceholderText("Needed to override the checker")
        self.reason.setMaxLength(500)
        self.reason.textChanged.connect(self._decision_changed)
        self.reason.returnPressed.connect(self.confirm)
        self.reason_label = a11y.buddy_label("R&eason", self.reason)
        self.confirm_button = a11y.button("C&onfirm")
        self.confirm_button.setObjectName("checker_confirm")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        self.decision_hint = _muted(_wrapping("checker_decision_hint", selectable=False))
        self.decision = _wrapping("checker_decision")
        decision_fields = QVBoxLayout()
        decision_fields.setContentsMargins(0, 0, 0, 0)
        decision_fields.setSpacing(2)
        for widget in (self.kind_label, self.kind, self.reason_label, self.reason):
            decision_fields.addWidget(widget)
        confirm_row = QHBoxLayout()
        confirm_row.addStretch(1)
        confirm_row.addWidget(self.confirm_button)
        self.decision_box = QFrame()
        self.decision_box.setObjectName("checker_decision_box")
        self.decision_box.setFrameShape(QFrame.Shape.StyledPanel)
        decision_layout = QVBoxLayout(self.decision_box)
        heading = QLabel("Your decision")
        heading.setFont(self._bold(heading.font()))
        decision_layout.addWidget(heading)
        decision_layout.addWidget(self.decision)
        decision_layout.addLayout(decision_fields)
        decision_layout.addWidget(self.decision_hint)
        decision_layout.addLayout(confirm_row)

        self.run_button = a11y.button("Check th&is document")
        self.run_button.setObjectName("checker_run")
        self.run_button.setAutoDefault(False)
        self.run_button.clicked.connect(self.run_check)

        self.result_box = QWidget()
        result_layout = QVBoxLayout(self.result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.headline)
        result_layout.addWidget(self.confidence)
        result_layout.addWidget(self.meaning)
        result_layout.addWidget(self.facts)
        result_layout.addWidget(self.notes)
        result_layout.addWidget(self.findings_label)
        result_layout.addWidget(self.findings, 1)
        result_layout.addWidget(self.checked)

        content = QWidget()
        content.setObjectName("checker_content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.notice)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.message)
        layout.addWidget(self.result_box, 1)
        layout.addWidget(self.decision_box)
        run_row = QHBoxLayout()
        run_row.addStretch(1)
        run_row.addWidget(self.run_button)
        layout.addLayout(run_row)
        # The side column is narrow and may be short: the panel scrolls rather than
        # squeezing the viewer beside it.
        scroll = QScrollArea()
        scroll.setObjectName("checker_scroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.cancel_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.cancel_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cancel_shortcut.activated.connect(self.cancel_check)
        self.cancel_shortcut.setEnabled(False)
        a11y.set_tab_chain(
            [self.findings, self.kind, self.reason, self.confirm_button, self.run_button]
        )
        viewer.document_opened.connect(self._pages_ready)
        self._show_state()

    @staticmethod
    def _bold(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    # ----- following the viewer -----

    def show_document(self, document_id: object) -> None:
        """Follow the document shown in the viewer (None: no document). A document
        with a stored result shows it; one never checked is checked now."""
        new_id = document_id if isinstance(document_id, int) else None
        if new_id == self.document_id and new_id is not None:
            return
        self._drop_job()
        self.document_id = new_id
        self.result = None
        self.message.clear()
        self.notice.hide()
        self.viewer.set_marks(LAYER, ())
        workspace = self._workspace()
        if new_id is None or workspace is None:
            self.document_id = None
            self._show_state()
            return
        try:
            latest = ClassificationService(workspace).latest(new_id)
        except Exception as exc:  # a quick read; a failure is shown, never raised
            self._show_message(user_message(exc), error=True)
            self._show_state()
            return
        if latest is not None:
            run_id, notes = self._last_notes
            self._show_result(replace(latest, notes=notes) if latest.id == run_id else latest)
        else:
            self.run_check()

    def clear(self) -> None:
        """Forget the document and its result (lock): a running check is cancelled and
        its late result dropped."""
        self._drop_job()
        self.document_id = None
        self.result = None
        self._last_notes = (0, ())
        self.message.clear()
        self.notice.hide()
        self.reason.clear()
        self.findings.clear()
        labels = (
            self.headline,
            self.confidence,
            self.facts,
            self.notes,
            self.checked,
            self.decision,  # who decided, and an override's reason: case content
            self.meaning,
            self.decision_hint,
        )
        for label in labels:
            label.clear()
        self.kind.setCurrentIndex(0)
        self.viewer.set_marks(LAYER, ())
        self._show_state()

    # ----- running -----

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def run_check(self) -> None:
        """Check the shown document again (or for the first time), in the background."""
        workspace = self._workspace()
        if workspace is None or self.document_id is None or self.running:
            return
        # No parent: a job dropped by a lock may still be reading; it goes when its work does.
        job = CheckJob(workspace, self._runner, self.document_id)
        self.job = job
        job.progressed.connect(partial(self._progressed, job))
        job.finished.connect(partial(self._finished, job))
        job.failed.connect(partial(self._failed, job))
        job.cancelled.connect(partial(self._cancelled, job))
        self.message.clear()
        self.progress_label.setText("Reading the document…")
        self.bar.setRange(0, 0)  # busy until the page count is known
        self.cancel_button.setEnabled(True)
        self.ocr_hint.setVisible(ocr.ocr_available())
        self._show_state(running=True)
        self.check_started.emit(job)
        job.start()

    def cancel_check(self) -> None:
        if self.job is not None and self.job.running and not self.job.cancel_requested:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText("Cancelling after this page…")

    def _drop_job(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.cancel()
            _release(job)

    def _progressed(self, job: CheckJob, done: int, total: int) -> None:
        if job is not self.job or job.cancel_requested:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if done < total:
            self.progress_label.setText(f"Reading page {done + 1} of {total}…")
        else:
            self.progress_label.setText("Checking what was read…")

    def _finished(self, job: CheckJob, view: object) -> None:
        if job is not self.job:
            return  # dropped: another document, or locked
        assert isinstance(view, ClassificationView)
        self.job = None
        _release(job)
        self._last_notes = (view.id, view.notes)
        if any(n.startswith(ocr.NOT_AVAILABLE_NOTE) for n in view.notes):
            self._say_ocr_missing()
        self._show_result(view)
        if view.text_layer_added:
            self.rendition_changed.emit(view.document_id)

    def _failed(self, job: CheckJob, message: str) -> None:
        if job is not self.job:
            return
        self.job = None
        _release(job)
        if self.result is None:
            message = f"{message}\n{NO_RESULT_TEXT}"
        self._show_message(message, error=True)
        self._show_state()

    def _cancelled(self, job: CheckJob) -> None:
        if job is not self.job:
            return
        self.job = None
        _release(job)
        self._show_message(CANCELLED_TEXT)
        self._show_state()

    def _say_ocr_missing(self) -> None:
        if not self._notices.ocr_missing_shown:
            self._notices.ocr_missing_shown = True
            self.notice.show()

    # ----- showing a result -----

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        palette = self.message.palette()
        if error:
            palette.setColor(QPalette.ColorRole.WindowText, URGENT_COLOR)
        else:
            palette = self.palette()
        self.message.setPalette(palette)

    def _show_result(self, view: ClassificationView) -> None:
        self.result = view
        self.headline.setText(
            f"Checker suggests: {kind_label(view.suggested_kind, view.form_name)}"
        )
        self.confidence.setText(
            f"Confidence {percent(view.confidence)}. The checker is an aid: you decide."
        )
        meaning = KIND_MEANINGS[view.kind]
        if view.overridden:
            # The headline is the checker's; say whose kind the explanation is about.
            meaning = f"You recorded: {KIND_LABELS[view.kind].lower()}. {meaning}"
        self.meaning.setText(meaning)
        facts = key_facts(view.findings)
        self.facts.setText("\n".join(f"{name}: {value}" for name, value in facts))
        self.facts.setVisible(bool(facts))
        self.notes.setText("\n".join(f"ℹ {note}" for note in view.notes))
        self.notes.setVisible(bool(view.notes))
        self.checked.setText(
            f"Checked {local_time(view.created_at)} (checker {view.checker_version})."
        )
        self.findings.blockSignals(True)
        self.findings.clear()
        for index, finding in enumerate(view.findings):
            item = QListWidgetItem(finding_text(finding))
            item.setData(FINDING_ROLE, index)
            item.setToolTip(finding.result)
            if not finding.confirm:
                item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.findings.addItem(item)
        self.findings.blockSignals(False)
        self._show_decision(view)
        self._paint_marks()
        self._show_state()
        self.result_shown.emit(view)

    def _show_decision(self, view: ClassificationView) -> None:
        if view.confirmed_kind is None:
            self.decision.setText(
                "Not decided yet: confirm the checker's suggestion or override it."
            )
        else:
            when = local_time(view.confirmed_at) if view.confirmed_at else ""
            who = view.confirmed_by or "someone"
            if view.overridden:
                self.decision.setText(
                    f"Overridden by {who} on {when}: {kind_label(view.confirmed_kind)}, "
                    f"not {KIND_LABELS[view.suggested_kind].lower()}. Reason: "
                    f"{view.override_reason}"
                )
            else:
                reason = f" Note: {view.override_reason}" if view.override_reason else ""
                self.decision.setText(
                    f"Confirmed by {who} on {when}: {kind_label(view.confirmed_kind)}.{reason}"
                )
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(view.kind.value))
        self.kind.blockSignals(False)
        self.reason.clear()
        self._decision_changed()

    def _chosen_kind(self) -> DocumentKind | None:
        value = self.kind.currentData()
        return DocumentKind(value) if isinstance(value, str) else None

    def _decision_changed(self) -> None:
        view = self.result
        chosen = self._chosen_kind()
        if view is None or chosen is None:
            self.confirm_button.setEnabled(False)
            return
        overriding = chosen is not view.suggested_kind
        a11y.set_button_text(self.confirm_button, "&Override" if overriding else "C&onfirm")
        has_reason = bool(self.reason.text().strip())
        self.confirm_button.setEnabled(not overriding or has_reason)
        if overriding and not has_reason:
            self.decision_hint.setText(REASON_NEEDED)
        elif overriding:
            self.decision_hint.setText(
                f"Records {KIND_LABELS[chosen].lower()} instead of the checker's suggestion."
            )
        else:
            self.decision_hint.setText("Records that you agree with the checker.")

    def confirm(self) -> None:
        """Record the attorney's decision (a quick write, on the UI thread)."""
        view = self.result
        chosen = self._chosen_kind()
        workspace = self._workspace()
        if view is None or chosen is None or workspace is None:
            return
        if not self.confirm_button.isEnabled():
            self.decision_hint.setText(REASON_NEEDED)
            return
        service = ClassificationService(workspace)
        try:
            service.confirm(view.id, chosen, reason=self.reason.text())
            stored = service.get(view.id)
        except Exception as exc:
            self._show_message(user_message(exc), error=True)
            return
        self.message.clear()
        # The reader's notes are not stored: keep them on screen for this run.
        self._show_result(replace(stored, notes=view.notes))

    # ----- findings and the viewer -----

    def _selected_index(self) -> int | None:
        item = self.findings.currentItem()
        value = item.data(FINDING_ROLE) if item is not None else None
        return value if isinstance(value, int) else None

    def _paint_marks(self) -> None:
        view = self.result
        if view is None:
            self.viewer.set_marks(LAYER, ())
            return
        selected = self._selected_index()
        marks = [
            Mark(
                page=f.region.page - 1,
                rect=(f.region.x0, f.region.y0, f.region.x1, f.region.y1),
                color=MARK_COLOR,
                style=MarkStyle.OUTLINE,
                emphasised=index == selected,
                key=index,
            )
            for index, f in enumerate(view.findings)
            if f.region is not None
        ]
        self.viewer.set_marks(LAYER, marks)

    def _finding_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self._paint_marks()
        if current is not None:
            self._scroll_to_selected()

    def _finding_activated(self, _item: QListWidgetItem) -> None:
        self._scroll_to_selected()

    def _scroll_to_selected(self) -> None:
        index = self._selected_index()
        if self.result is None or index is None or index >= len(self.result.findings):
            return
        region = self.result.findings[index].region
        if region is not None:
            self.viewer.scroll_to_rect(
                region.page - 1, (region.x0, region.y0, region.x1, region.y1)
            )

    def _pages_ready(self, _count: int) -> None:
        # Chosen before the pages were laid out: go there now.
        if self.findings.currentItem() is not None:
            self._scroll_to_selected()

    # ----- which parts show -----

    def _show_state(self, *, running: bool = False) -> None:
        has_document = self.document_id is not None
        has_result = self.result is not None and not running
        self.progress_box.setVisible(running)
        self.cancel_shortcut.setEnabled(running)
        self.result_box.setVisible(has_result)
        self.decision_box.setVisible(has_result)
        self.run_button.setVisible(has_document)
        self.run_button.setEnabled(has_document and not running)
        a11y.set_button_text(
            self.run_button, "Check aga&in" if self.result is not None else "Check th&is document"
        )
        if not has_document:
            self._show_message(NO_DOCUMENT_TEXT)
        self.message.setVisible(bool(self.message.text()) and not running)
