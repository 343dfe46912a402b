"""Accessible names that follow the visible labels, so a screen reader says what is shown.

Every interactive widget gets `setAccessibleName` equal to its label text without the
`&` mnemonic (issue 2, Foundation). Change a label through these helpers so the name
never drifts from the text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)


def plain(text: str) -> str:
    """Label text as spoken: no `&` mnemonic marker (a doubled `&&` is a literal `&`)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def buddy_label(text: str, field: QWidget, parent: QWidget | None = None) -> QLabel:
    """A label for `field`: Alt+mnemonic focuses the field, and the field is named after it."""
    label = QLabel(text, parent)
    label.setBuddy(field)
    field.setAccessibleName(plain(text))
    return label


def add_row(form: QFormLayout, text: str, field: QWidget) -> QLabel:
    """Add a labelled row to a form, naming the field after its label."""
    label = buddy_label(text, field)
    form.addRow(label, field)
    return label


def set_label_text(label: QLabel, text: str) -> None:
    """Relabel a field's buddy label and keep the field's accessible name in step."""
    label.setText(text)
    buddy = label.buddy()
    if buddy is not None:
        buddy.setAccessibleName(plain(text))


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setAccessibleName(plain(text))
    return widget


def command_button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    """A named push button that runs `slot`; never the default button, so Enter in a
    field beside it does not press it."""
    made = button(text)
    made.setObjectName(name)
    made.setAutoDefault(False)
    made.clicked.connect(slot)
    return made


def set_button_text(widget: QAbstractButton, text: str) -> None:
    widget.setText(text)
    widget.setAccessibleName(plain(text))


def name_buttons(box: QDialogButtonBox) -> None:
    """Standard buttons get their (translated) text only once created: name them after."""
    for widget in box.buttons():
        widget.setAccessibleName(plain(widget.text()))


def check_box(text: str, parent: QWidget | None = None) -> QCheckBox:
    widget = QCheckBox(text, parent)
    widget.setAccessibleName(plain(text))
    return widget


def radio(text: str, parent: QWidget | None = None) -> QRadioButton:
    widget = QRadioButton(text, parent)
    widget.setAccessibleName(plain(text))
    return widget


def set_tab_chain(widgets: Sequence[QWidget]) -> None:
    """Make Tab visit `widgets` in this order (each after the one before it)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
