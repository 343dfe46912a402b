"""Checks shared by the GUI tests: what text a window shows, and its accessible names."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

from ui.a11y import plain

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QAbstractItemView,
    QComboBox,
    QSpinBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)
# Their inner line edits, views, headers and clear buttons are Qt's own; a table's
# column titles are exposed through the table's accessible interface.
COMPOSITE = (QAbstractSpinBox, QComboBox, QTableView, QTreeView, QLineEdit)


def shown_texts(root: QWidget) -> list[str]:
    """Every text the window holds in a widget: labels, fields, buttons, item views."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QWidget):
            texts.extend([widget.toolTip(), widget.accessibleName(), widget.windowTitle()])
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            # A list model hides columnCount (it is private in QAbstractListModel).
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            for row in range(model.rowCount(QModelIndex())):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = index.data(role)
                        if value is not None:
                            texts.append(str(value))
    return [t for t in texts if t]


def _is_qt_internal(widget: QWidget, root: QWidget) -> bool:
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, COMPOSITE):
            return True
        parent = parent.parentWidget()
    return False


def _label_of(widget: QWidget, root: QWidget) -> str | None:
    for label in root.findChildren(QLabel):
        if label.buddy() is widget:
            return label.text()
    for form in root.findChildren(QFormLayout):
        form_label = form.labelForField(widget)
        if isinstance(form_label, QLabel):
            return form_label.text()
    return None


def assert_accessible(root: QWidget) -> int:
    """Each interactive widget the user can reach has an accessible name equal to its label.

    Buttons are labelled by their own text; fields, spin boxes and item views by their
    QLabel buddy or QFormLayout label. Returns how many widgets were checked.
    """
    problems: list[str] = []
    checked = 0
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _is_qt_internal(widget, root):
            continue
        if not widget.isVisibleTo(root):
            continue
        checked += 1
        name = widget.accessibleName()
        what = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QAbstractButton) and not widget.text():
            # An icon-only button has no visible label: it needs a name all the same.
            if not name:
                problems.append(f"{what} shows only an icon and has no accessible name")
            continue
        label = widget.text() if isinstance(widget, QAbstractButton) else _label_of(widget, root)
        if label is None:
            problems.append(f"{what} (named {name!r}) has no label")
            continue
        expected = plain(label).rstrip(":")
        if not name:
            problems.append(f"{what} labelled {expected!r} has no accessible name")
        elif name != expected:
            problems.append(f"{what}: accessible name {name!r} != label {expected!r}")
    assert not problems, "\n".join(problems)
    return checked
