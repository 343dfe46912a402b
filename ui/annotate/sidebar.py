"""The list of a document's annotations, by page, with filters; a row leads to its mark.

Selecting a row (click, arrows) scrolls the viewer to the annotation and emphasises
its mark; Enter does the same, F2 or a double-click edits its text, Delete removes
it (undoable). A document holds dozens of annotations, not thousands: the list is
rebuilt from the controller's rows and filtered in memory.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legal_desk.documents.annotations import KIND_NAMES as SENTENCE_NAMES
from legal_desk.documents.annotations import TEXT_MARKUP, AnnotationView
from ui import a11y
from ui.annotate.controller import AnnotationController
from ui.formatting import local_time

ID_ROLE = Qt.ItemDataRole.UserRole
EXCERPT_CHARS = 60
SWATCH_PIXELS = 14
ALL_PAGES, THIS_PAGE = "All pages", "This page"
# Capitalised for lists and menus; the same words as in sentences.
KIND_NAMES = {kind: name[:1].upper() + name[1:] for kind, name in SENTENCE_NAMES.items()}
EMPTY_TEXT = "No annotations yet. Choose a tool above and mark the page."
NO_MATCH_TEXT = "No annotation matches the filter."


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(SWATCH_PIXELS, SWATCH_PIXELS)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class AnnotationSidebar(QWidget):
    """Annotations grouped by page, filtered by page, kind and text."""

    def __init__(self, controller: AnnotationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller

        self.pages = QComboBox()
        self.pages.setObjectName("annotation_pages")
        self.pages.addItems([ALL_PAGES, THIS_PAGE])
        self.kinds = QComboBox()
        self.kinds.setObjectName("annotation_kinds")
        self.kinds.addItem("All kinds", None)
        for kind, name in KIND_NAMES.items():
            self.kinds.addItem(name, kind)
        self.filter = QLineEdit()
        self.filter.setObjectName("annotation_filter")
        self.filter.setPlaceholderText("Text, author or kind")
        self.filter.setClearButtonEnabled(True)
        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(a11y.buddy_label("Pag&es", self.pages), 0, 0)
        filters.addWidget(self.pages, 0, 1)
        filters.addWidget(a11y.buddy_label("K&ind", self.kinds), 1, 0)
        filters.addWidget(self.kinds, 1, 1)
        filters.addWidget(a11y.buddy_label("&Matching", self.filter), 2, 0)
        filters.addWidget(self.filter, 2, 1)
        filters.setColumnStretch(1, 1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("annotation_list")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setWordWrap(False)  # two lines per row, elided: the tooltip has it all
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setObjectName("qt_tree_header")
        self.list_label = a11y.buddy_label("Annotations &by page", self.tree)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("annotations_empty")
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.edit_button = a11y.button("Edit &text…")
        self.edit_button.setObjectName("edit_annotation_text")
        self.edit_button.setToolTip("Write the selected annotation's note or comment (F2)")
        self.delete_button = a11y.button("Delete")
        self.delete_button.setObjectName("delete_annotation")
        self.delete_button.setToolTip("Remove the selected annotation (Delete; Ctrl+Z undoes)")
        for button in (self.edit_button, self.delete_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.list_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

        self.pages.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.kinds.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.filter.textChanged.connect(lambda _t: self.rebuild())
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemActivated.connect(lambda item, _c: self._go_to(item))
        self.tree.itemDoubleClicked.connect(lambda _item, _c: self.edit_selected())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected),
            (QKeySequence("F2"), self.edit_selected),
        ):
            shortcut = QShortcut(keys, self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        controller.annotations_changed.connect(self.rebuild)
        controller.words_changed.connect(self._words_changed)
        controller.selection_changed.connect(self._selection_changed)
        controller.viewer.current_page_changed.connect(self._page_changed)
        self.rebuild()

    # ----- filtering -----

    def shown_views(self) -> list[AnnotationView]:
        views = self.controller.views
        if self.pages.currentText() == THIS_PAGE:
            page = self.controller.viewer.current_page - 1
            views = [v for v in views if v.page == page]
        kind = self.kinds.currentData()
        if kind is not None:
            views = [v for v in views if v.kind == kind]
        needle = self.filter.text().strip().casefold()
        if needle:
            views = [v for v in views if needle in self._haystack(v)]
        return views

    def _haystack(self, view: AnnotationView) -> str:
        parts = (KIND_NAMES[view.kind], view.text, self.marked_text(view), view.author)
        return " ".join(parts).casefold()

    def marked_text(self, view: AnnotationView) -> str:
        """The words under a highlight, underline or strike-out, once the page's text is read."""
        if view.kind not in TEXT_MARKUP:
            return ""
        words = self.controller.words(view.page)
        if words is None:
            return ""
        quads = view.geometry or (
            (view.rect[0], view.rect[1], 0, 0, 0, 0, view.rect[2], view.rect[3]),
        )
        inside = []
        for word in words:
            cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
            for quad in quads:
                if quad[0] <= cx <= quad[6] and quad[1] <= cy <= quad[7]:
                    inside.append(word[4])
                    break
        return " ".join(inside)

    def _page_changed(self, _page: int) -> None:
        if self.pages.currentText() == THIS_PAGE:
            self.rebuild()

    def _words_changed(self) -> None:
        self.rebuild()

    # ----- the list -----

    def rebuild(self) -> None:
        views = self.shown_views()
        blocker = QSignalBlocker(self.tree)
        self.tree.clear()
        current: QTreeWidgetItem | None = None
        page_item: QTreeWidgetItem | None = None
        page_number = -1
        for view in views:
            if view.page != page_number:
                page_number = view.page
                count = sum(1 for v in views if v.page == page_number)
                page_item = QTreeWidgetItem([f"Page {page_number + 1} ({count})"])
                page_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = page_item.font(0)
                font.setBold(True)
                page_item.setFont(0, font)
                self.tree.addTopLevelItem(page_item)
            item = self._item(view)
            assert page_item is not None
            page_item.addChild(item)
            if view.id == self.controller.selected:
                current = item
        self.tree.expandAll()
        if current is not None:
            self.tree.setCurrentItem(current)
        del blocker
        self._request_missing_words(views)
        has_any = bool(self.controller.views)
        self.empty.setText(NO_MATCH_TEXT if has_any else EMPTY_TEXT)
        self.empty.setVisible(not views and self.controller.document_id is not None)
        self._update_buttons()

    def _item(self, view: AnnotationView) -> QTreeWidgetItem:
        words = excerpt(view.text) or excerpt(self.marked_text(view))
        first = KIND_NAMES[view.kind] + (f": “{words}”" if words else "")
        when = local_time(view.created_at)
        item = QTreeWidgetItem([f"{first}\n{view.author} · {when}"])
        item.setData(0, ID_ROLE, view.id)
        item.setIcon(0, swatch(view.color))
        details = [KIND_NAMES[view.kind] + f" on page {view.page + 1}, colour {view.color}"]
        if view.text:
            details.append(view.text)
        details.append(f"By {view.author}, {when}")
        if view.updated_at != view.created_at:
            details.append(f"Changed {local_time(view.updated_at)}")
        item.setToolTip(0, "\n".join(details))
        return item

    def _request_missing_words(self, views: list[AnnotationView]) -> None:
        for page in sorted({v.page for v in views if v.kind in TEXT_MARKUP}):
            if page < self.controller.viewer.page_count:
                self.controller.request_words(page)

    def item_of(self, annotation_id: int) -> QTreeWidgetItem | None:
        for index in range(self.tree.topLevelItemCount()):
            page_item = self.tree.topLevelItem(index)
            for child in range(page_item.childCount() if page_item is not None else 0):
                item = page_item.child(child) if page_item is not None else None
                if item is not None and item.data(0, ID_ROLE) == annotation_id:
                    return item
        return None

    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return value if isinstance(value, int) else None

    # ----- actions -----

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self._update_buttons()
        if current is not None:
            self._go_to(current)

    def _go_to(self, item: QTreeWidgetItem) -> None:
        value = item.data(0, ID_ROLE)
        if isinstance(value, int):
            self.controller.go_to(value)

    def _selection_changed(self, annotation_id: object) -> None:
        item = self.item_of(annotation_id) if isinstance(annotation_id, int) else None
        blocker = QSignalBlocker(self.tree)
        self.tree.setCurrentItem(item)  # type: ignore[arg-type]
        if item is None:
            self.tree.clearSelection()
        del blocker
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def edit_selected(self) -> None:
        annotation_id = self.selected_id()
        if annotation_id is not None:
            self.controller.edit_text(annotation_id)

    def delete_selected(self) -> None:
        annotation_id = self.selected_id()
        if annotation_id is not None:
            self.controller.delete(annotation_id)
            self.tree.setFocus()
