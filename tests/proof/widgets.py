"""Everything a window still holds that a person or a screen reader could get at.

`held_texts` reads every widget under a root: the texts Qt shows or reports
(labels, buttons, fields, tab titles, combo items, tooltips, status tips, What's
This, window titles, accessible names and descriptions, the status bar's message),
what a field's undo history would bring back (Ctrl+Z), and every cell of every item
model, for every role, with the headers. `held_by_objects` looks further, at the Python attributes
of our own widgets (a cached snapshot, a list of rows), which no screen shows but
which would survive a lock all the same.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Iterator
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStatusBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# Roles past UserRole that our models use (hashes, ids, sort keys): a margin over them.
USER_ROLE = int(Qt.ItemDataRole.UserRole)
CUSTOM_ROLES = range(USER_ROLE, USER_ROLE + 32)
OWN_MODULES = ("ui.", "legal_desk.", "models.")
DEPTH = 6


def _widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    what = f"{type(widget).__name__} {widget.objectName()!r}"
    for name, value in (
        ("window title", widget.windowTitle()),
        ("tooltip", widget.toolTip()),
        ("status tip", widget.statusTip()),
        ("what's this", widget.whatsThis()),
        ("accessible name", widget.accessibleName()),
        ("accessible description", widget.accessibleDescription()),
    ):
        yield f"{what} {name}", value
    if isinstance(widget, QLabel | QAbstractButton):
        yield f"{what} text", widget.text()
    if isinstance(widget, QLineEdit):
        yield f"{what} text", widget.text()
        yield f"{what} placeholder", widget.placeholderText()
    if isinstance(widget, QPlainTextEdit):
        yield f"{what} text", widget.toPlainText()
        yield f"{what} placeholder", widget.placeholderText()
    if isinstance(widget, QTextEdit):
        yield f"{what} text", widget.toPlainText()
        yield f"{what} html", widget.toHtml()
        yield f"{what} placeholder", widget.placeholderText()
    if isinstance(widget, QStatusBar):
        yield f"{what} message", widget.currentMessage()
    if isinstance(widget, QComboBox):
        yield f"{what} current", widget.currentText()
        for i in range(widget.count()):
            yield f"{what} item {i}", widget.itemText(i)
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"{what} tab {i}", widget.tabText(i)
            yield f"{what} tab {i} tooltip", widget.tabToolTip(i)
            yield f"{what} tab {i} what's this", widget.tabWhatsThis(i)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"{what} tab {i}", widget.tabText(i)
            yield f"{what} tab {i} tooltip", widget.tabToolTip(i)
    for action in widget.actions():
        yield f"{what} action", " ".join((action.text(), action.toolTip(), action.statusTip()))


def undo_history(field: QLineEdit | QPlainTextEdit | QTextEdit) -> list[str]:
    """What Ctrl+Z would bring back into `field` (it is undone, then redone)."""
    found = []
    steps = 0
    while field.isUndoAvailable() if isinstance(field, QLineEdit) else _can_undo(field):
        field.undo()
        steps += 1
        found.append(field.text() if isinstance(field, QLineEdit) else field.toPlainText())
        if steps > 500:
            break
    for _ in range(steps):
        field.redo()
    return found


def _can_undo(field: QPlainTextEdit | QTextEdit) -> bool:
    return field.document().isUndoAvailable()


def columns(model: QAbstractItemModel, parent: QModelIndex | None = None) -> int:
    # A list model hides columnCount (private in QAbstractListModel); Python models
    # take the parent as a required argument.
    try:
        return max(int(model.columnCount(parent or QModelIndex())), 1)
    except (AttributeError, TypeError):
        return 1


def rows(model: QAbstractItemModel) -> int:
    return int(model.rowCount(QModelIndex()))


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return bool(model.hasChildren(index))
    except TypeError:  # private in a list or table model: flat
        return False


def _model_cells(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[QModelIndex]:
    for row in range(model.rowCount(parent)):
        for column in range(columns(model, parent)):
            index = model.index(row, column, parent)
            if not index.isValid():
                continue
            yield index
            if column == 0 and _has_children(model, index):
                yield from _model_cells(model, index)


def model_texts(model: QAbstractItemModel) -> Iterator[tuple[str, str]]:
    what = f"{type(model).__name__} {model.objectName()!r}"
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = columns(model) if orientation == Qt.Orientation.Horizontal else 0
        for section in range(count):
            for header_role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(section, orientation, header_role)
                if value is not None:
                    yield f"{what} header {section}", str(value)
    for index in _model_cells(model, QModelIndex()):
        values: dict[int, object] = {int(r): v for r, v in model.itemData(index).items()}
        for role in CUSTOM_ROLES:
            values[role] = model.data(index, role)
        for role, value in values.items():
            if value is not None:
                yield f"{what} ({index.row()}, {index.column()}) role {role}", str(value)


def models_under(root: QWidget) -> list[QAbstractItemModel]:
    """Models that are children of `root`'s tree or are shown by one of its views."""
    found: dict[int, QAbstractItemModel] = {}
    for model in root.findChildren(QAbstractItemModel):
        found[id(model)] = model
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is not None:
            found[id(model)] = model
    for combo in root.findChildren(QComboBox):
        found[id(combo.model())] = combo.model()
    return list(found.values())


def held_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for everything `root` and the widgets under it hold."""
    held: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        held += [(w, t) for w, t in _widget_texts(widget) if t]
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            what = f"{type(widget).__name__} {widget.objectName()!r} undo history"
            held += [(what, t) for t in undo_history(widget) if t]
    for model in models_under(root):
        held += [(w, t) for w, t in model_texts(model) if t]
    return held


def _own(value: object) -> bool:
    return type(value).__module__.startswith(OWN_MODULES)


def _values(value: object) -> Iterable[object]:
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    if isinstance(value, list | tuple | set | frozenset):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name, None) for f in dataclasses.fields(value)]
    if _own(value) and not isinstance(value, enum.Enum):
        attributes: list[object] = list(getattr(value, "__dict__", {}).values())
        for cls in type(value).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                attributes.append(getattr(value, slot, None))
        return attributes
    return ()


def held_by_objects(root: QObject, markers: Iterable[str]) -> list[str]:
    """Paths to strings holding a marker, in the Python attributes of our own objects
    under `root` (followed into containers, dataclasses and our own classes)."""
    wanted = tuple(markers)
    found: list[str] = []
    seen: set[int] = set()

    def walk(value: Any, path: str, depth: int) -> None:
        if id(value) in seen or depth > DEPTH:
            return
        seen.add(id(value))
        if isinstance(value, str | bytes):
            text = value if isinstance(value, str) else value.decode("utf-8", "replace")
            found.extend(f"{path}: {m}" for m in wanted if m in text)
            return
        for index, inner in enumerate(_values(value)):
            walk(inner, f"{path}[{index}]", depth + 1)

    for obj in [root, *root.findChildren(QObject)]:
        if _own(obj):
            walk(obj, f"{type(obj).__name__} {obj.objectName()!r}", 0)
    return found
