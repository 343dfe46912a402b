"""The letter being written: rich text with a few formats, and its plain-text view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextCharFormat, QTextListFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from legal_desk.advice.sanitize import html_to_text, sanitize_html
from ui import a11y


class LetterEditor(QWidget):
    """Edits the advice as formatted text; the "Plain text" tab shows what a plain
    mail client will show. `html()` is always sanitized."""

    edited = Signal()  # the attorney changed the text by hand

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self._hand_edited = False
        self.rich = QTextEdit()
        self.rich.setObjectName("advice_text")
        self.rich.setAcceptRichText(True)
        self.rich.setTabChangesFocus(True)  # keyboard users leave the editor with Tab
        self.rich.textChanged.connect(self._changed)
        self.plain = QPlainTextEdit()
        self.plain.setObjectName("advice_plain_text")
        self.plain.setReadOnly(True)
        self.plain.setAccessibleName("Plain text")
        self.plain.setTabChangesFocus(True)

        self.bold_button = self._format_button("Bold", "bold", self.toggle_bold, "Ctrl+B")
        self.italic_button = self._format_button("Italic", "italic", self.toggle_italic, "Ctrl+I")
        self.bullets_button = self._format_button(
            "Bullets", "bullets", self.toggle_bullets, "Ctrl+Shift+L"
        )
        self.label = a11y.buddy_label("Advice te&xt", self.rich)
        formats = QHBoxLayout()
        formats.setSpacing(4)
        formats.addWidget(self.label)
        formats.addSpacing(8)
        for button in (self.bold_button, self.italic_button, self.bullets_button):
            formats.addWidget(button)
        formats.addStretch(1)
        rich_page = QWidget()
        rich_layout = QVBoxLayout(rich_page)
        rich_layout.setContentsMargins(0, 4, 0, 0)
        rich_layout.addLayout(formats)
        rich_layout.addWidget(self.rich, 1)

        self.views = QTabWidget()
        self.views.setObjectName("advice_views")
        self.views.setDocumentMode(True)
        self.views.addTab(rich_page, "Formatted")
        self.views.addTab(self.plain, "Plain text")
        self.views.currentChanged.connect(self._view_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)

    def _format_button(
        self, text: str, name: str, slot: Callable[[], None], keys: str
    ) -> QPushButton:
        button = a11y.button(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setToolTip(keys)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(keys), self.rich)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)
        return button

    # ----- content -----

    def fill(self, html: str) -> None:
        """Replace the text with a freshly filled template (not an edit by hand)."""
        self._filling = True
        try:
            self.rich.setHtml(sanitize_html(html))
            self._hand_edited = False
        finally:
            self._filling = False
        self._refresh_plain()

    def html(self) -> str:
        return sanitize_html(self.rich.toHtml())

    def text(self) -> str:
        return html_to_text(self.html())

    def mark_edited(self) -> None:
        """The text shown was edited by hand before (a restored draft)."""
        self._hand_edited = True

    @property
    def edited_by_hand(self) -> bool:
        """Changed since the last `fill` other than by filling (typing, pasting, formats)."""
        return self._hand_edited

    def clear(self) -> None:
        self._filling = True
        try:
            self.rich.clear()
            self.rich.document().clearUndoRedoStacks()
            self._hand_edited = False
            self.plain.clear()
        finally:
            self._filling = False

    def _changed(self) -> None:
        if not self._filling:
            self._hand_edited = True
            self.edited.emit()
        if self.views.currentIndex() == 1:
            self._refresh_plain()

    def _view_changed(self, index: int) -> None:
        if index == 1:
            self._refresh_plain()

    def _refresh_plain(self) -> None:
        self.plain.setPlainText(self.text())

    # ----- formats -----

    def toggle_bold(self) -> None:
        bold = self.rich.fontWeight() < QFont.Weight.Bold
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.rich.mergeCurrentCharFormat(fmt)
        self.rich.setFocus()

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.rich.fontItalic())
        self.rich.mergeCurrentCharFormat(fmt)
        self.rich.setFocus()

    def toggle_bullets(self) -> None:
        cursor = self.rich.textCursor()
        current = cursor.currentList()
        if current is not None:
            block = cursor.blockFormat()
            current.remove(cursor.block())
            block.setIndent(0)
            cursor.setBlockFormat(block)
        else:
            cursor.createList(QTextListFormat.Style.ListDisc)
        self.rich.setFocus()
