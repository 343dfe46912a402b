"""The log's forms: a request or a disclosure, a time (parent notified, released), a reason.

Each dialog is opened window-modal with `open()` (never `exec()`), emits `submitted`
with its values when the user presses the main button, and stays open until the
panel has saved them: a refusal from the core shows inline in the dialog, with what
was typed still there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from legal_desk.ferpa.log import BASIS_LABELS, MAX_PARTY, MAX_REASON, StudentChoice
from models import DisclosureEntryType, LegalBasis
from ui import a11y
from ui.formatting import URGENT_COLOR
from ui.intake.form import DATE_TIME_FORMAT, DateTimeField, from_qdatetime, to_qdatetime

TEXT_HEIGHT = 64  # about three lines: enough for a records description or a reason


def time_field(moment: datetime) -> DateTimeField:
    field = DateTimeField()
    field.setCalendarPopup(True)
    field.setDisplayFormat(DATE_TIME_FORMAT)
    field.setDateTime(to_qdatetime(moment))
    return field


def text_box(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)  # Tab means "next field", as everywhere on our forms
    box.setFixedHeight(TEXT_HEIGHT)
    return box


class FormDialog(QDialog):
    """A form with an inline error line and a main button that submits without closing."""

    submitted = Signal(object)

    def __init__(self, title: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("form_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {URGENT_COLOR.name()};")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(action)
        ok.setObjectName("submit")
        a11y.name_buttons(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.note = QLabel()
        self.note.setObjectName("form_note")
        self.note.setWordWrap(True)
        self.note.hide()
        # Where what is typed is kept if the window locks (set by the panel; see
        # ui.form_drafts): the case and the form's name. None: not kept.
        self.draft_case_id: int | None = None
        self.draft_name = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @property
    def submit_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def values(self) -> object:
        raise NotImplementedError

    def draft_fields(self) -> dict[str, str]:
        """What the user typed, by field; empty when nothing was (nothing to keep)."""
        return {}

    def restore_fields(self, fields: dict[str, str]) -> None:
        """Put back what `draft_fields` gave (fields it cannot read stay as they are)."""

    def lock_draft(self) -> tuple[int, str, dict[str, str]] | None:
        """What to keep when the window locks (`ui.form_drafts.KeepsDraft`)."""
        if self.draft_case_id is None or not self.draft_name or not self.isVisible():
            return None
        if not self.submit_button.isEnabled():
            return None  # being saved: it is on its way to the record
        fields = self.draft_fields()
        return (self.draft_case_id, self.draft_name, fields) if fields else None

    def explain(self, text: str) -> None:
        """A paragraph at the top of the form: what the answer is for."""
        about = QLabel(text)
        about.setWordWrap(True)
        self.form.addRow(about)

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    def submit(self) -> None:
        self.error.hide()
        self.submitted.emit(self.values())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)


@dataclass(frozen=True)
class EntryValues:
    kind: DisclosureEntryType
    student_id: int
    party: str
    legitimate_interest: str
    records_described: str
    legal_basis: LegalBasis
    occurred_at: datetime
    planned_release_at: datetime | None
    parent_notified_at: datetime | None
    notice_forbidden: bool
    notice_forbidden_reason: str
    notes: str


# The bases a disclosure can rest on, orders first: they are why this log exists here.
DISCLOSURE_BASES = (
    LegalBasis.COURT_ORDER,
    LegalBasis.LAWFUL_SUBPOENA,
    LegalBasis.CONSENT,
    LegalBasis.HEALTH_SAFETY_EMERGENCY,
    LegalBasis.DIRECTORY_INFORMATION,
)


class EntryDialog(FormDialog):
    """Log a request for a student's records, or a disclosure of them."""

    def __init__(
        self,
        kind: DisclosureEntryType,
        students: Sequence[StudentChoice],
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        request = kind is DisclosureEntryType.REQUEST
        super().__init__(
            "Log a request for records" if request else "Log a disclosure of records",
            "&Log request" if request else "&Log disclosure",
            parent,
        )
        self.setObjectName("ferpa_entry_dialog")
        self.kind = kind
        self.student = QComboBox()
        self.student.setObjectName("ferpa_student")
        for student in students:
            label = student.name + (f" (grade {student.grade})" if student.grade else "")
            self.student.addItem(label, student.id)
        self.party = QLineEdit()
        self.party.setObjectName("ferpa_party")
        self.party.setMaxLength(MAX_PARTY)
        self.party.setPlaceholderText("Who asked, or who receives the records")
        self.interest = QLineEdit()
        self.interest.setObjectName("ferpa_interest")
        self.interest.setPlaceholderText("As the party stated it; “none stated” if none")
        self.records = text_box("ferpa_records")
        self.basis = QComboBox()
        self.basis.setObjectName("ferpa_basis")
        for basis in DISCLOSURE_BASES:
            self.basis.addItem(BASIS_LABELS[basis], basis.value)
        self.occurred = time_field(now)
        self.occurred.setObjectName("ferpa_when")
        self.occurred.setToolTip(
            "When the request came in" if request else "When the disclosure was decided or made"
        )
        self.planned_check = a11y.check_box("Release still to come (&planned)")
        self.planned_check.setObjectName("ferpa_planned_check")
        self.planned_check.setToolTip(
            "Untick when the records already went out, at the time in When"
        )
        self.planned = time_field(now + timedelta(days=3))
        self.planned.setObjectName("ferpa_planned")
        self.notified_check = a11y.check_box("Parent already &notified")
        self.notified_check.setObjectName("ferpa_notified_check")
        self.notified = time_field(now)
        self.notified.setObjectName("ferpa_notified")
        self.forbidden_check = a11y.check_box("The order &forbids notifying the parent")
        self.forbidden_check.setObjectName("ferpa_forbidden_check")
        self.forbidden_reason = QLineEdit()
        self.forbidden_reason.setObjectName("ferpa_forbidden_reason")
        self.forbidden_reason.setMaxLength(MAX_REASON)
        self.forbidden_reason.setPlaceholderText("Quote or cite the order's provision")
        self.notes = text_box("ferpa_notes")

        a11y.add_row(self.form, "&Student", self.student)
        a11y.add_row(self.form, "Part&y", self.party)
        a11y.add_row(self.form, "Legitimate &interest", self.interest)
        a11y.add_row(
            self.form, "&Records requested" if request else "&Records disclosed", self.records
        )
        a11y.add_row(self.form, "Wh&en", self.occurred)
        self._disclosure_rows: list[QWidget] = []
        if not request:
            a11y.add_row(self.form, "Legal &basis", self.basis)
            self.form.addRow(self.planned_check)
            a11y.add_row(self.form, "Planned rele&ase", self.planned)
            self.form.addRow(self.notified_check)
            a11y.add_row(self.form, "Parent notified a&t", self.notified)
            self.form.addRow(self.forbidden_check)
            a11y.add_row(self.form, "&Where the order says so", self.forbidden_reason)
            a11y.add_row(self.form, "N&otes", self.notes)
            self.planned_check.toggled.connect(self._update)
            self.notified_check.toggled.connect(self._update)
            self.forbidden_check.toggled.connect(self._update)
            self.basis.currentIndexChanged.connect(self._update)
            self.planned_check.setChecked(True)  # an order's release is planned first
        self._update()
        self.party.setFocus()

    def current_basis(self) -> LegalBasis:
        return LegalBasis(self.basis.currentData())

    def draft_fields(self) -> dict[str, str]:
        typed = {
            "party": self.party.text(),
            "interest": self.interest.text(),
            "records": self.records.toPlainText(),
            "forbidden_reason": self.forbidden_reason.text(),
            "notes": self.notes.toPlainText(),
        }
        if not any(text.strip() for text in typed.values()):
            return {}
        return {
            **typed,
            "student": str(self.student.currentData()),
            "basis": str(self.basis.currentData()),
            "occurred": _iso(self.occurred),
            "planned_check": _flag(self.planned_check),
            "planned": _iso(self.planned),
            "notified_check": _flag(self.notified_check),
            "notified": _iso(self.notified),
            "forbidden_check": _flag(self.forbidden_check),
        }

    def restore_fields(self, fields: dict[str, str]) -> None:
        self.party.setText(fields.get("party", ""))
        self.interest.setText(fields.get("interest", ""))
        self.records.setPlainText(fields.get("records", ""))
        self.forbidden_reason.setText(fields.get("forbidden_reason", ""))
        self.notes.setPlainText(fields.get("notes", ""))
        for combo, key in ((self.student, "student"), (self.basis, "basis")):
            index = next(
                (i for i in range(combo.count()) if str(combo.itemData(i)) == fields.get(key)),
                -1,
            )
            if index >= 0:
                combo.setCurrentIndex(index)
        for check, key in (
            (self.planned_check, "planned_check"),
            (self.notified_check, "notified_check"),
            (self.forbidden_check, "forbidden_check"),
        ):
            if key in fields:
                check.setChecked(fields[key] == "1")
        for field, key in (
            (self.occurred, "occurred"),
            (self.planned, "planned"),
            (self.notified, "notified"),
        ):
            _set_iso(field, fields.get(key, ""))
        self._update()

    def _update(self) -> None:
        order = self.current_basis() in (LegalBasis.COURT_ORDER, LegalBasis.LAWFUL_SUBPOENA)
        self.planned.setEnabled(self.planned_check.isChecked())
        self.forbidden_check.setEnabled(order)
        forbidden = order and self.forbidden_check.isChecked()
        self.forbidden_reason.setEnabled(forbidden)
        self.notified_check.setEnabled(not forbidden)
        self.notified.setEnabled(self.notified_check.isChecked() and not forbidden)

    def values(self) -> EntryValues:
        request = self.kind is DisclosureEntryType.REQUEST
        forbidden = self.forbidden_check.isEnabled() and self.forbidden_check.isChecked()
        return EntryValues(
            kind=self.kind,
            student_id=int(self.student.currentData()),
            party=self.party.text(),
            legitimate_interest=self.interest.text(),
            records_described=self.records.toPlainText(),
            legal_basis=LegalBasis.NONE if request else self.current_basis(),
            occurred_at=from_qdatetime(self.occurred.dateTime()),
            planned_release_at=(
                from_qdatetime(self.planned.dateTime())
                if not request and self.planned_check.isChecked()
                else None
            ),
            parent_notified_at=(
                from_qdatetime(self.notified.dateTime())
                if not request and self.notified.isEnabled()
                else None
            ),
            notice_forbidden=forbidden,
            notice_forbidden_reason=self.forbidden_reason.text() if forbidden else "",
            notes="" if request else self.notes.toPlainText(),
        )


class TimeDialog(FormDialog):
    """Ask when something happened (the parent notice, the release); now by default."""

    def __init__(
        self,
        title: str,
        explanation: str,
        label: str,
        action: str,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, action, parent)
        self.setObjectName("ferpa_time_dialog")
        self.explain(explanation)
        self.when = time_field(now)
        self.when.setObjectName("ferpa_time")
        a11y.add_row(self.form, label, self.when)
        self.when.setFocus()

    def values(self) -> datetime:
        return from_qdatetime(self.when.dateTime())


class ReasonDialog(FormDialog):
    """Ask for a reason (withdrawing a planned release, an order's ban on notice)."""

    def __init__(
        self,
        title: str,
        explanation: str,
        label: str,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, action, parent)
        self.setObjectName("ferpa_reason_dialog")
        self.explain(explanation)
        self.reason = text_box("ferpa_reason")
        a11y.add_row(self.form, label, self.reason)
        self.reason.setFocus()

    def values(self) -> str:
        return self.reason.toPlainText()

    def draft_fields(self) -> dict[str, str]:
        reason = self.reason.toPlainText()
        return {"reason": reason} if reason.strip() else {}

    def restore_fields(self, fields: dict[str, str]) -> None:
        self.reason.setPlainText(fields.get("reason", ""))


def _iso(field: QDateTimeEdit) -> str:
    return from_qdatetime(field.dateTime()).isoformat()


def _set_iso(field: QDateTimeEdit, text: str) -> None:
    with contextlib.suppress(ValueError):  # unreadable: the field keeps its default
        field.setDateTime(to_qdatetime(datetime.fromisoformat(text)))


def _flag(check: QCheckBox) -> str:
    return "1" if check.isChecked() else "0"
