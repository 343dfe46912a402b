"""Files collected during intake; they are stored on the case once it is saved.

Only the paths are kept until then: the bytes are read by the import worker, so
nothing is copied to a temporary file and a file still arriving by e-mail can be
dropped in first and saved a moment later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import a11y
from ui.case.importer import SUPPORTED_TEXT, choose_files, local_paths
from ui.intake.form import hint_label

PATH_ROLE = Qt.ItemDataRole.UserRole


class _FileList(QListWidget):
    """The Delete key removes the selected file from the list (never from the disk).

    While empty, the list says where files go, like a drop zone.
    """

    delete_pressed = Signal()
    EMPTY_TEXT = "Drop files here\nor use “Add files…”"

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(self.viewport().rect(), int(Qt.AlignmentFlag.AlignCenter), self.EMPTY_TEXT)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class AttachmentsArea(QFrame):
    """A drop target with the list of files to attach, "Add files…" and "Remove"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachments_area")
        self.setAcceptDrops(True)
        self.setStyleSheet(
            "QFrame#attachments_area { border: 1px dashed palette(mid); border-radius: 6px; }"
            ' QFrame#attachments_area[dropping="true"] { border: 2px dashed palette(highlight); }'
        )
        # Replaced in tests; the real one opens the system's file dialog.
        self.choose_files: Callable[[QWidget], list[Path]] = choose_files
        self.list = _FileList()
        self.list.setObjectName("attachments")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.delete_pressed.connect(self.remove_selected)
        self.label = a11y.buddy_label("Files to attac&h", self.list)
        self.add_button = a11y.button("Add &files…")
        self.add_button.setObjectName("add_files")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button = a11y.button("Remove")
        self.remove_button.setObjectName("remove_file")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.hint = hint_label(
            f"The warrant or other papers: {SUPPORTED_TEXT}. They are stored in the "
            "encrypted case when you save."
        )
        self.hint.setObjectName("attachments_hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self._update()

    def paths(self) -> list[Path]:
        found = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            value = item.data(PATH_ROLE) if item is not None else None
            if isinstance(value, str):
                found.append(Path(value))
        return found

    def add_paths(self, paths: Sequence[Path]) -> int:
        """Add files not listed yet; returns how many were added."""
        known = set(self.paths())
        added = 0
        for path in paths:
            if path in known:
                continue
            known.add(path)
            item = QListWidgetItem(path.name)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.list.addItem(item)
            added += 1
        if added:
            self.list.setCurrentRow(self.list.count() - 1)
            self._update()
            self.changed.emit()
        return added

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self._update()
        self.changed.emit()

    def clear(self) -> None:
        self.list.clear()
        self._update()

    def _update(self) -> None:
        self.remove_button.setEnabled(self.list.count() > 0)

    def _add_clicked(self) -> None:
        self.add_paths(self.choose_files(self))

    def tab_chain(self) -> list[QWidget]:
        return [self.list, self.add_button, self.remove_button]

    # ----- drag and drop -----

    def handle_drop(self, mime: QMimeData) -> bool:
        paths = local_paths(mime)
        if not paths:
            return False
        self.add_paths(paths)
        return True

    def _set_dropping(self, on: bool) -> None:
        self.setProperty("dropping", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            self._set_dropping(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_dropping(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_dropping(False)
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()
