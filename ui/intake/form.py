"""The facts of a call, laid out in the order of the district procedure.

One form serves the "New case" dialog and the Facts section of an open case, so
the two can never drift apart. Every fact is optional: the form never blocks
saving. There is deliberately no field for anyone's immigration status (schools
must not collect it: Plyler v. Doe, see shared/domain/FACTS.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Generic, TypeVar

from PySide6.QtCore import QDateTime, QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from legal_desk.services.cases import AgentFacts, CaseIntake, StaffFacts, StudentFacts
from legal_desk.services.facts import normalize_phone
from models import Agency, OfficerLocation, Presented, RequestType
from ui import a11y
from ui.intake.labels import COOPERATIVE_LABELS, LOCATION_LABELS, PRESENTED_LABELS

T = TypeVar("T")

# Column sizes of the models (models/case.py, models/people.py).
NAME_MAX, ROLE_MAX, PHONE_MAX, EMAIL_MAX, BADGE_MAX = 200, 100, 40, 200, 60
NOTE_MAX, ATTORNEY_MAX, GRADE_MAX = 200, 100, 20
GRID_SPACING = 10
AGENT_INSET = 11  # the agent box's border and margin: its labels start this far in
DATE_TIME_FORMAT = "ddd d MMM yyyy, HH:mm"
TEXT_LINES_PURPOSE, TEXT_LINES_NOTES = 3, 4
LOCATION_ORDER = (
    OfficerLocation.OUTSIDE,
    OfficerLocation.FRONT_OFFICE,
    OfficerLocation.OTHER,
    OfficerLocation.UNKNOWN,
)
AGENCY_ORDER = (Agency.ICE_ERO, Agency.ICE_HSI, Agency.CBP, Agency.OTHER, Agency.UNKNOWN)
NO_STATUS_NOTE = (
    "Record only the name and grade. Never ask about or write down anyone's "
    "immigration status: schools do not collect it."
)


def section_heading(text: str) -> QWidget:
    """A bold heading over a thin rule, to group the procedure's steps."""
    box = QWidget()
    label = QLabel(text)
    label.setObjectName("section_heading")
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.08)
    label.setFont(font)
    rule = QFrame()
    rule.setFrameShape(QFrame.Shape.HLine)
    rule.setFrameShadow(QFrame.Shadow.Plain)
    rule.setForegroundRole(QPalette.ColorRole.Mid)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 10, 0, 2)
    layout.setSpacing(3)
    layout.addWidget(label)
    layout.addWidget(rule)
    return box


def vertical_scroll(
    content: QWidget, name: str, margins: tuple[int, int, int, int]
) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless area that scrolls `content` up and down only (a long form).

    Returns the area and the layout holding `content`, for widgets placed around it.
    """
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(*margins)
    layout.addWidget(content)
    scroll.setWidget(holder)
    return scroll, layout


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def line_edit(max_length: int, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setMaxLength(max_length)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(False)
    return field


def phone_edit() -> QLineEdit:
    """A phone field that formats North American numbers when the user leaves it."""
    field = line_edit(PHONE_MAX, "(303) 555-0100")

    def normalize() -> None:
        formatted = normalize_phone(field.text())
        if formatted != field.text():
            field.setText(formatted)

    field.editingFinished.connect(normalize)
    return field


def text_edit(lines: int) -> QPlainTextEdit:
    """Multi-line text where Tab moves on (keyboard users must never get stuck in it)."""
    field = QPlainTextEdit()
    field.setTabChangesFocus(True)
    margins = 2 * (field.document().documentMargin() + field.frameWidth())
    field.setFixedHeight(int(field.fontMetrics().lineSpacing() * lines + margins))
    return field


def completing_combo(max_length: int, placeholder: str) -> QComboBox:
    """An editable combo whose completion matches anywhere in the name, ignoring case."""
    combo = QComboBox()
    combo.setEditable(True)
    line = QLineEdit()
    line.setMaxLength(max_length)
    line.setPlaceholderText(placeholder)
    combo.setLineEdit(line)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(12)
    completer = QCompleter(QStringListModel(combo), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    return combo


def set_combo_choices(combo: QComboBox, names: Sequence[str]) -> None:
    """Offer `names` in the list and for completion, keeping what the user typed."""
    text = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(list(names))
    combo.setCurrentIndex(-1)
    combo.setEditText(text)
    combo.blockSignals(False)
    completer = combo.completer()
    model = completer.model() if completer is not None else None
    if isinstance(model, QStringListModel):
        model.setStringList(list(names))


def grid_field(grid: QGridLayout, row: int, column: int, text: str, field: QWidget) -> QLabel:
    """A label and its field in a two-pair-per-row grid; the field is named after the label."""
    label = a11y.buddy_label(text, field)
    grid.addWidget(label, row, column * 2)
    grid.addWidget(field, row, column * 2 + 1)
    return label


def two_column_grid() -> QGridLayout:
    """Label, field, label, field. The form gives every grid the same label widths
    (`CaseFactsForm.align_columns`), so fields line up from section to section."""
    grid = QGridLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(GRID_SPACING)
    grid.setVerticalSpacing(6)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)
    return grid


def label_widths(grid: QGridLayout) -> tuple[int, int]:
    """The widest one-line label in the first and the second label column of `grid`."""
    widths = [0, 0]
    for row in range(grid.rowCount()):
        for slot, column in enumerate((0, 2)):
            item = grid.itemAtPosition(row, column)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and not widget.wordWrap():
                widths[slot] = max(widths[slot], widget.sizeHint().width())
    return widths[0], widths[1]


def _left(widget: QWidget) -> QHBoxLayout:
    """`widget` at its natural width, at the left of the row."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def question_label(text: str) -> QLabel:
    """A question beside its radio buttons; wraps to fit the label column."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ChoiceRow(QWidget, Generic[T]):
    """One question answered by radio buttons in a row (arrow keys move the choice)."""

    changed = Signal()

    def __init__(
        self, options: Sequence[tuple[T, str]], default: T, question: str, name: str
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self._default = default
        self.options: list[tuple[T, QRadioButton]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self._layout = layout
        for value, text in options:
            button = a11y.radio(text)
            button.setObjectName(f"{name}_{text.lower().replace(' ', '_')}")
            button.setAccessibleDescription(question)
            button.toggled.connect(self._toggled)
            button.installEventFilter(self)
            layout.addWidget(button)
            self.options.append((value, button))
        layout.addStretch(1)
        self.set_value(default)

    def _toggled(self, checked: bool) -> None:
        if checked:
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Tab into the row lands on the current answer, as in most toolkits: a screen
        # reader says it, and the arrow keys change it from there.
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        ):
            checked = next((b for b in self.buttons if b.isChecked()), None)
            if checked is not None and checked is not watched:
                checked.setFocus(event.reason())
                return True
        return super().eventFilter(watched, event)

    def insert_after(self, value: T, widget: QWidget) -> None:
        """Put `widget` (say, a text field for "Other") right after one choice."""
        index = self._layout.indexOf(self.button_for(value))
        self._layout.insertWidget(index + 1, widget)

    @property
    def buttons(self) -> list[QRadioButton]:
        return [button for _, button in self.options]

    def value(self) -> T:
        for value, button in self.options:
            if button.isChecked():
                return value
        return self._default

    def set_value(self, value: T) -> None:
        for option, button in self.options:
            if option == value:
                button.setChecked(True)
                return
        self.set_value(self._default)

    def button_for(self, value: T) -> QRadioButton:
        return next(button for option, button in self.options if option == value)


class AgentEditor(QFrame):
    """One officer: name, badge, agency, and the supervisor the procedure asks for."""

    changed = Signal()
    remove_requested = Signal(object)  # this editor

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agent_editor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#agent_editor { border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.remove_button = a11y.button("Remove this agent")
        self.remove_button.setObjectName("remove_agent")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

        self.name = line_edit(NAME_MAX, "As the officer gives it")
        self.badge = line_edit(BADGE_MAX)
        self.agency = QComboBox()
        for agency in AGENCY_ORDER:
            self.agency.addItem(agency.label)
        self.agency.setCurrentIndex(AGENCY_ORDER.index(Agency.UNKNOWN))
        self.agency.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.supervisor_name = line_edit(NAME_MAX)
        self.supervisor_phone = phone_edit()

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.remove_button)
        grid = two_column_grid()
        grid_field(grid, 0, 0, "&Agent's name", self.name)
        grid_field(grid, 0, 1, "&Badge number", self.badge)
        grid.addWidget(a11y.buddy_label("A&gency", self.agency), 1, 0)
        grid_field(grid, 2, 0, "Supervisor's name", self.supervisor_name)
        grid_field(grid, 2, 1, "Supervisor's p&hone", self.supervisor_phone)
        agency_row = QHBoxLayout()
        agency_row.addWidget(self.agency)
        agency_row.addStretch(1)
        grid.addLayout(agency_row, 1, 1)
        self.grid = grid
        layout = QVBoxLayout(self)
        layout.setContentsMargins(AGENT_INSET - 1, 6, AGENT_INSET - 1, 10)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addLayout(grid)

        for field in (self.name, self.badge, self.supervisor_name, self.supervisor_phone):
            field.textChanged.connect(self.changed)
        self.agency.currentIndexChanged.connect(self.changed)
        self.set_number(number, removable=False)

    def set_number(self, number: int, *, removable: bool) -> None:
        self.number = number
        self.title.setText(f"Agent {number}")
        self.remove_button.setVisible(removable)
        for field in self.fields():
            field.setAccessibleDescription(f"Agent {number}")

    def fields(self) -> list[QWidget]:
        return [self.name, self.badge, self.agency, self.supervisor_name, self.supervisor_phone]

    def tab_chain(self) -> list[QWidget]:
        chain = self.fields()
        if self.remove_button.isVisibleTo(self):
            chain.append(self.remove_button)
        return chain

    def facts(self) -> AgentFacts:
        # By position: Qt hands a str enum back from item data as a plain str.
        index = self.agency.currentIndex()
        return AgentFacts(
            name=self.name.text().strip(),
            badge_number=self.badge.text().strip(),
            agency=AGENCY_ORDER[index] if index >= 0 else Agency.UNKNOWN,
            supervisor_name=self.supervisor_name.text().strip(),
            supervisor_phone=normalize_phone(self.supervisor_phone.text()),
        )

    def set_facts(self, facts: AgentFacts) -> None:
        self.name.setText(facts.name)
        self.badge.setText(facts.badge_number)
        self.agency.setCurrentIndex(AGENCY_ORDER.index(facts.agency))
        self.supervisor_name.setText(facts.supervisor_name)
        self.supervisor_phone.setText(facts.supervisor_phone)

    def is_empty(self) -> bool:
        return self.facts() == AgentFacts()


class StudentEditor(QWidget):
    """One student concerned: name and grade, nothing else."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = line_edit(NAME_MAX)
        self.grade = line_edit(GRADE_MAX, "e.g. 7")
        self.grade.setMaximumWidth(self.grade.fontMetrics().horizontalAdvance("M" * 6) + 16)
        self.remove_button = a11y.button("Remove")
        self.remove_button.setObjectName("remove_student")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        grid = two_column_grid()
        self.name_label = grid_field(grid, 0, 0, "Stu&dent's name", self.name)
        grid_field(grid, 0, 1, "Grade", self.grade)
        grade_row = QHBoxLayout()
        grade_row.setSpacing(GRID_SPACING)
        grade_row.addWidget(self.grade)
        grade_row.addStretch(1)
        grade_row.addWidget(self.remove_button)
        grid.addLayout(grade_row, 0, 3)
        self.grid = grid
        self.setLayout(grid)
        self.name.textChanged.connect(self.changed)
        self.grade.textChanged.connect(self.changed)
        self.set_number(number, removable=False)

    def set_number(self, number: int, *, removable: bool) -> None:
        self.number = number
        self.remove_button.setVisible(removable)
        a11y.set_button_text(self.remove_button, "Remove")
        self.remove_button.setAccessibleDescription(f"Remove student {number}")
        for field in (self.name, self.grade):
            field.setAccessibleDescription(f"Student {number}")

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.name, self.grade]
        if self.remove_button.isVisibleTo(self):
            chain.append(self.remove_button)
        return chain

    def facts(self) -> StudentFacts:
        return StudentFacts(self.name.text().strip(), self.grade.text().strip())

    def set_facts(self, facts: StudentFacts) -> None:
        self.name.setText(facts.name)
        self.grade.setText(facts.grade)

    def is_empty(self) -> bool:
        return self.facts() == StudentFacts("")


class DateTimeField(QDateTimeEdit):
    """A date and time where Tab leaves the field (arrows move between its parts).

    QDateTimeEdit normally spends five Tab presses on its own sections; on a form
    typed during a phone call, Tab must mean "next fact".
    """

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


def _discard(row: QWidget) -> None:
    """Take a row out of the form at once (its text must not linger until deletion)."""
    row.hide()
    row.setParent(None)
    row.deleteLater()


def to_qdatetime(moment: datetime) -> QDateTime:
    """An aware datetime as the local QDateTime the user reads and edits."""
    return QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000, tz=UTC)


class CaseFactsForm(QWidget):
    """Every fact of a call. `facts()` reads the form, `set_facts()` fills it.

    Facts the form does not show (when the case was received, staff other than the
    caller) are kept from `set_facts()` and handed back unchanged by `facts()`.
    """

    changed = Signal()
    urgent_changed = Signal(bool)
    # Rows were added or removed: whoever owns the window rebuilds the Tab order.
    tab_chain_changed = Signal()

    def __init__(
        self, *, clock: Callable[[], datetime] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._loaded = CaseIntake()
        self._loaded_contact: QDateTime | None = None
        self._urgent = False

        # 1. School and caller (procedure steps 1-2: the school leader calls us).
        self.school = completing_combo(NAME_MAX, "Type or choose a school")
        self.school.setObjectName("school")
        self.caller_name = line_edit(NAME_MAX)
        self.caller_role = line_edit(ROLE_MAX, "e.g. Principal")
        self.caller_phone = phone_edit()
        self.caller_email = line_edit(EMAIL_MAX)
        self.contact_at = DateTimeField()
        self.contact_at.setCalendarPopup(True)
        self.contact_at.setDisplayFormat(DATE_TIME_FORMAT)
        self.contact_at.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.contact_at.setMinimumWidth(220)

        # 2. The request and its stated purpose (step 2c).
        self.request_type = QComboBox()
        for request in RequestType:
            self.request_type.addItem(request.label)
        self.request_type.setCurrentIndex(list(RequestType).index(RequestType.OTHER))
        self.purpose = text_edit(TEXT_LINES_PURPOSE)

        # 3. Agents (step 2a-b).
        self.agents: list[AgentEditor] = []
        self.agents_box = QVBoxLayout()
        self.agents_box.setSpacing(8)
        self.add_agent_button = a11y.button("Add a&nother agent")
        self.add_agent_button.setObjectName("add_agent")
        self.add_agent_button.setAutoDefault(False)
        self.add_agent_button.clicked.connect(self._add_agent_clicked)

        # 4. Documents and the officer (steps 2d-e, 3; the emergency exception).
        self.presented = ChoiceRow(
            [(p, PRESENTED_LABELS[p]) for p in (Presented.YES, Presented.NO, Presented.UNKNOWN)],
            Presented.UNKNOWN,
            "Warrant or other document shown",
            "presented",
        )
        self.location = ChoiceRow(
            [(loc, LOCATION_LABELS[loc]) for loc in LOCATION_ORDER],
            OfficerLocation.UNKNOWN,
            "Where the officer is waiting",
            "location",
        )
        self.location_note = line_edit(NOTE_MAX, "Where, if other")
        self.location_note.setMinimumWidth(
            self.location_note.fontMetrics().horizontalAdvance("M" * 9)
        )
        self.location_note.setMaximumWidth(
            self.location_note.fontMetrics().horizontalAdvance("M" * 16)
        )
        self.cooperative = ChoiceRow(
            [(v, COOPERATIVE_LABELS[v]) for v in (True, False, None)],
            None,
            "Officer cooperative",
            "cooperative",
        )
        self.exigent = a11y.check_box("Officer claims an &emergency (“exigent circumstances”)")
        self.exigent.setObjectName("exigent")
        self.lawful_order = a11y.check_box("Officer says it is a “&lawful order”")
        self.lawful_order.setObjectName("lawful_order")

        # 5. Students concerned: name and grade only.
        self.students: list[StudentEditor] = []
        self.students_box = QVBoxLayout()
        self.students_box.setSpacing(6)
        self.add_student_button = a11y.button("Add another student")
        self.add_student_button.setObjectName("add_student")
        self.add_student_button.setAutoDefault(False)
        self.add_student_button.clicked.connect(self._add_student_clicked)

        # 6. Notes and who handles the case.
        self.notes = text_edit(TEXT_LINES_NOTES)
        self.attorney = completing_combo(ATTORNEY_MAX, "Unassigned")
        self.attorney.setObjectName("attorney")

        self._build_layout()
        self._connect()
        self.set_facts(CaseIntake())

    # ----- construction -----

    def _build_layout(self) -> None:
        self._grids: list[QGridLayout] = []
        self._question_labels: list[QLabel] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        layout.addWidget(section_heading("School and caller"))
        grid = self._grid(layout)
        school_label = a11y.buddy_label("&School", self.school)
        grid.addWidget(school_label, 0, 0)
        grid.addWidget(self.school, 0, 1, 1, 3)
        grid_field(grid, 1, 0, "&Caller's name", self.caller_name)
        grid_field(grid, 1, 1, "&Role", self.caller_role)
        grid_field(grid, 2, 0, "Caller's phone", self.caller_phone)
        grid_field(grid, 2, 1, "Caller's email", self.caller_email)
        contact_label = a11y.buddy_label("T&ime of contact", self.contact_at)
        grid.addWidget(contact_label, 3, 0)
        grid.addLayout(_left(self.contact_at), 3, 1, 1, 3)

        layout.addWidget(section_heading("The request"))
        grid = self._grid(layout)
        type_label = a11y.buddy_label("Request &type", self.request_type)
        grid.addWidget(type_label, 0, 0)
        grid.addLayout(_left(self.request_type), 0, 1, 1, 3)
        purpose_label = a11y.buddy_label("Stated &purpose", self.purpose)
        grid.addWidget(purpose_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.purpose, 1, 1, 1, 3)

        layout.addWidget(section_heading("Agents"))
        layout.addLayout(self.agents_box)
        layout.addLayout(_left(self.add_agent_button))

        layout.addWidget(section_heading("Documents and the officer"))
        grid = self._grid(layout)
        questions: list[tuple[str, QWidget]] = [
            ("Warrant or other document shown", self.presented),
            ("Where the officer is waiting", self._location_row()),
            ("Officer cooperative", self.cooperative),
        ]
        for row, (text, field) in enumerate(questions):
            label = question_label(text)
            self._question_labels.append(label)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1, 1, 3)
        grid.addWidget(self.exigent, len(questions), 1, 1, 3)
        grid.addWidget(self.lawful_order, len(questions) + 1, 1, 1, 3)

        layout.addWidget(section_heading("Students concerned"))
        layout.addWidget(hint_label(NO_STATUS_NOTE))
        layout.addLayout(self.students_box)
        layout.addLayout(_left(self.add_student_button))

        layout.addWidget(section_heading("Notes"))
        grid = self._grid(layout)
        notes_label = a11y.buddy_label("N&otes", self.notes)
        grid.addWidget(notes_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.notes, 0, 1, 1, 3)
        attorney_label = a11y.buddy_label("Assigned attorne&y", self.attorney)
        grid.addWidget(attorney_label, 1, 0)
        grid.addWidget(self.attorney, 1, 1)
        layout.addStretch(1)

    def _grid(self, layout: QVBoxLayout) -> QGridLayout:
        grid = two_column_grid()
        self._grids.append(grid)
        layout.addLayout(grid)
        return grid

    def align_columns(self) -> None:
        """One label width for every section, so the fields form one straight column."""
        insets = [(g, 0) for g in self._grids]
        insets += [(a.grid, AGENT_INSET) for a in self.agents]
        insets += [(s.grid, 0) for s in self.students]
        first = max(label_widths(grid)[0] + inset for grid, inset in insets)
        second = max(label_widths(grid)[1] for grid, _ in insets)
        for grid, inset in insets:
            grid.setColumnMinimumWidth(0, first - inset)
            grid.setColumnMinimumWidth(2, second)
        for label in self._question_labels:
            label.setFixedWidth(first)

    def _location_row(self) -> QWidget:
        """The location choices, with the "other" text right after "Other"."""
        # The radio row asks the question; a hidden buddy names the text field for
        # screen readers, in the same words.
        text = "Where the officer is waiting, if other"
        self.location_note_label = a11y.buddy_label(text, self.location_note, self.location)
        self.location_note_label.hide()
        self.location.insert_after(OfficerLocation.OTHER, self.location_note)
        return self.location

    def _connect(self) -> None:
        for field in (
            self.caller_name,
            self.caller_role,
            self.caller_phone,
            self.caller_email,
            self.location_note,
        ):
            field.textChanged.connect(self.changed)
        self.school.editTextChanged.connect(self.changed)
        self.attorney.editTextChanged.connect(self.changed)
        self.contact_at.dateTimeChanged.connect(self.changed)
        self.request_type.currentIndexChanged.connect(self.changed)
        self.purpose.textChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)
        for row in (self.presented, self.location, self.cooperative):
            row.changed.connect(self.changed)
        self.location_note.textEdited.connect(self._location_note_edited)
        for box in (self.exigent, self.lawful_order):
            box.toggled.connect(self.changed)
            box.toggled.connect(self._claims_toggled)

    # ----- rows -----

    def add_agent(self, facts: AgentFacts | None = None) -> AgentEditor:
        editor = AgentEditor(len(self.agents) + 1)
        if facts is not None:
            editor.set_facts(facts)
        editor.changed.connect(self.changed)
        editor.remove_requested.connect(self._remove_agent)
        self.agents.append(editor)
        self.agents_box.addWidget(editor)
        self._renumber()
        return editor

    def _add_agent_clicked(self) -> None:
        editor = self.add_agent()
        self.changed.emit()
        editor.name.setFocus(Qt.FocusReason.TabFocusReason)

    def _remove_agent(self, editor: object) -> None:
        if not isinstance(editor, AgentEditor) or len(self.agents) <= 1:
            return
        index = self.agents.index(editor)
        self.agents.remove(editor)
        _discard(editor)
        self._renumber()
        self.changed.emit()
        self.agents[max(0, index - 1)].name.setFocus(Qt.FocusReason.TabFocusReason)

    def add_student(self, facts: StudentFacts | None = None) -> StudentEditor:
        editor = StudentEditor(len(self.students) + 1)
        if facts is not None:
            editor.set_facts(facts)
        editor.changed.connect(self.changed)
        editor.remove_requested.connect(self._remove_student)
        self.students.append(editor)
        self.students_box.addWidget(editor)
        self._renumber()
        return editor

    def _add_student_clicked(self) -> None:
        editor = self.add_student()
        self.changed.emit()
        editor.name.setFocus(Qt.FocusReason.TabFocusReason)

    def _remove_student(self, editor: object) -> None:
        if not isinstance(editor, StudentEditor) or len(self.students) <= 1:
            return
        index = self.students.index(editor)
        self.students.remove(editor)
        _discard(editor)
        self._renumber()
        self.changed.emit()
        self.students[max(0, index - 1)].name.setFocus(Qt.FocusReason.TabFocusReason)

    def _renumber(self) -> None:
        for number, agent in enumerate(self.agents, start=1):
            agent.set_number(number, removable=len(self.agents) > 1)
        for number, student in enumerate(self.students, start=1):
            student.set_number(number, removable=len(self.students) > 1)
        self.align_columns()
        self.tab_chain_changed.emit()

    def _set_rows(self, agents: Sequence[AgentFacts], students: Sequence[StudentFacts]) -> None:
        for row in [*self.agents, *self.students]:
            _discard(row)
        self.agents, self.students = [], []
        for agent in agents or [AgentFacts()]:
            self.add_agent(agent)
        for pupil in students or [StudentFacts("")]:
            self.add_student(pupil)

    # ----- reactions -----

    def _location_note_edited(self, text: str) -> None:
        if text.strip():
            self.location.set_value(OfficerLocation.OTHER)

    def _claims_toggled(self, _checked: bool) -> None:
        urgent = self.urgent_claimed()
        if urgent != self._urgent:
            self._urgent = urgent
            self.urgent_changed.emit(urgent)

    # ----- reading and filling -----

    def urgent_claimed(self) -> bool:
        return self.exigent.isChecked() or self.lawful_order.isChecked()

    def tab_chain(self) -> list[QWidget]:
        """Every field in the procedure's order, for the owner's Tab order."""
        chain: list[QWidget] = [
            self.school,
            self.caller_name,
            self.caller_role,
            self.caller_phone,
            self.caller_email,
            self.contact_at,
            self.request_type,
            self.purpose,
        ]
        for agent in self.agents:
            chain += agent.tab_chain()
        chain.append(self.add_agent_button)
        chain += self.presented.buttons
        # Tab leaves a radio row for the next widget, so the "other" text comes after
        # the whole row in the chain, though it sits beside "Other".
        chain += [*self.location.buttons, self.location_note]
        chain += self.cooperative.buttons
        chain += [self.exigent, self.lawful_order]
        for student in self.students:
            chain += student.tab_chain()
        chain += [self.add_student_button, self.notes, self.attorney]
        return chain

    def focus_first(self) -> None:
        self.school.setFocus(Qt.FocusReason.OtherFocusReason)

    def facts(self) -> CaseIntake:
        loaded = self._loaded
        caller = StaffFacts(
            name=self.caller_name.text().strip(),
            role=self.caller_role.text().strip(),
            phone=normalize_phone(self.caller_phone.text()),
            email=self.caller_email.text().strip(),
            is_caller=True,
        )
        others = [s for s in loaded.staff if not s.is_caller]
        later_callers = [s for s in loaded.staff if s.is_caller][1:]
        staff = ([caller] if caller != StaffFacts("", is_caller=True) else []) + later_callers
        location = self.location.value()
        note = self.location_note.text().strip()
        contact = self.contact_at.dateTime()
        if self._loaded_contact is not None and contact == self._loaded_contact:
            contact_at = loaded.contact_at  # untouched: keep the stored instant exactly
        else:
            contact_at = from_qdatetime(contact)
        attorney = self.attorney.currentText().strip()
        return replace(
            loaded,
            school=self.school.currentText().strip(),
            contact_at=contact_at,
            request_type=self._request_type(),
            stated_purpose=self.purpose.toPlainText().strip(),
            document_presented=self.presented.value(),
            officer_location=location,
            officer_location_note=note,
            officer_cooperative=self.cooperative.value(),
            exigent_claimed=self.exigent.isChecked(),
            lawful_order_claimed=self.lawful_order.isChecked(),
            notes=self.notes.toPlainText().strip(),
            assigned_attorney=attorney or None,
            staff=tuple(staff + others),
            agents=tuple(a.facts() for a in self.agents if not a.is_empty()),
            students=tuple(s.facts() for s in self.students if not s.is_empty()),
        )

    def _request_type(self) -> RequestType:
        index = self.request_type.currentIndex()
        return list(RequestType)[index] if index >= 0 else RequestType.OTHER

    def set_facts(self, facts: CaseIntake) -> None:
        """Fill every field from `facts` (a blank intake gives a blank form, timed now)."""
        self._loaded = facts
        callers = [s for s in facts.staff if s.is_caller]
        caller = callers[0] if callers else StaffFacts("", is_caller=True)
        self.school.setEditText(facts.school)
        self.caller_name.setText(caller.name)
        self.caller_role.setText(caller.role)
        self.caller_phone.setText(caller.phone)
        self.caller_email.setText(caller.email)
        moment = facts.contact_at or facts.received_at
        if moment is None:
            self._loaded_contact = None
            self.contact_at.setDateTime(to_qdatetime(self._clock()))
        else:
            self._loaded_contact = to_qdatetime(moment)
            self.contact_at.setDateTime(self._loaded_contact)
            if facts.contact_at is None:
                self._loaded_contact = None  # shown from received_at: not a stored value
        self.request_type.setCurrentIndex(list(RequestType).index(facts.request_type))
        self.purpose.setPlainText(facts.stated_purpose)
        self._set_rows(facts.agents, facts.students)
        self.presented.set_value(facts.document_presented)
        self.location.set_value(facts.officer_location)
        self.location_note.setText(facts.officer_location_note)
        self.cooperative.set_value(facts.officer_cooperative)
        self.exigent.setChecked(facts.exigent_claimed)
        self.lawful_order.setChecked(facts.lawful_order_claimed)
        self.notes.setPlainText(facts.notes)
        self.attorney.setEditText(facts.assigned_attorney or "")

    def clear(self) -> None:
        """Forget every fact (used when the workspace locks)."""
        self.set_facts(CaseIntake())
        set_combo_choices(self.school, [])
        set_combo_choices(self.attorney, [])
        self.school.setEditText("")
        self.attorney.setEditText("")

    def set_known_schools(self, names: Sequence[str]) -> None:
        set_combo_choices(self.school, names)

    def set_known_attorneys(self, names: Sequence[str]) -> None:
        set_combo_choices(self.attorney, names)
