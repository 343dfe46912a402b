"""The Documents section of a case: what was attached, with its fingerprint, and attaching more."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from legal_desk.documents.media import MediaType
from legal_desk.documents.store import DocumentStore
from legal_desk.services.cases import DocumentSummary
from legal_desk.workspace import Workspace
from ui import a11y
from ui.annotate.panel import AnnotationsPanel
from ui.case.importer import (
    SUPPORTED_TEXT,
    DocumentImport,
    ImportReport,
    ImportStatus,
    choose_files,
    human_size,
)
from ui.checker.panel import CheckerPanel
from ui.errors import user_message
from ui.formatting import local_time
from ui.record_tree import record_tree
from ui.tasks import Runner
from ui.viewer.view import DocumentViewer

log = logging.getLogger(__name__)
VIEWER_HINT = "Double-click a document, or select it and press Enter, to read it here."
EMPTY_TEXT = (
    "No documents yet. Attach the warrant or any paper the officer showed, or a phone "
    "photo of it: use “Attach files…” or drop the files anywhere on this case."
)
HASH_ROLE = Qt.ItemDataRole.UserRole + 1
SHORT_HASH = 12
COLUMNS = ("File", "Type", "Pages", "Size", "Imported", "SHA-256")


def read_pdf(workspace: Workspace, document_id: int) -> bytes:
    """On a worker thread: the PDF to show for a document (a photo's rendition)."""
    return DocumentStore(workspace).pdf_bytes(document_id)


def media_label(media_type: str) -> str:
    try:
        return MediaType(media_type).label
    except ValueError:
        return media_type


class DocumentsPanel(QWidget):
    """Lists a case's documents and attaches files through a `DocumentImport`."""

    documents_imported = Signal(object)  # ImportReport, once the last file is done
    # The document shown in the viewer changed: its id, or None once it is closed.
    # The side panels (checker, annotations) follow it.
    document_shown = Signal(object)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._workspace: Workspace | None = None
        self._case_id: int | None = None
        self.job: DocumentImport | None = None
        self._queued: list[Path] = []  # dropped while an import was running
        # A file attached while no document is shown opens in the viewer (tests that
        # step through a check themselves turn this off).
        self.open_attached = True
        # Replaced in tests; the real one opens the system's file dialog.
        self.choose_files: Callable[[QWidget], list[Path]] = choose_files

        self.attach_button = a11y.button("&Attach files…")
        self.attach_button.setObjectName("attach_files")
        self.attach_button.setAutoDefault(False)
        self.attach_button.clicked.connect(self._attach_clicked)
        hint = QLabel(f"or drop files anywhere on this case: {SUPPORTED_TEXT}.")
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status = ImportStatus()
        self.status.cancel_requested.connect(self.cancel_import)

        self.tree = record_tree("documents", COLUMNS, stretch=0)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        metrics = self.tree.fontMetrics()
        for column, sample in enumerate(
            ("", "e-mail message", "Pages", "999.9 MB", "Wed 30 Sep 2026, 23:59", "0" * 14), 0
        ):
            if column:
                width = max(
                    metrics.horizontalAdvance(sample), metrics.horizontalAdvance(COLUMNS[column])
                )
                self.tree.setColumnWidth(column, width + 24)
        self.list_label = a11y.buddy_label("Attached &documents", self.tree)
        self.tree.currentItemChanged.connect(self._current_changed)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.tree)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy_hash)
        self.copy_button = a11y.button("&Copy SHA-256")
        self.copy_button.setObjectName("copy_hash")
        self.copy_button.setAutoDefault(False)
        self.copy_button.setToolTip("Copy the selected document's full SHA-256 fingerprint")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_hash)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("documents_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMinimumHeight(self.empty.fontMetrics().lineSpacing() * 8)
        self.empty.setStyleSheet(
            "QLabel#documents_empty { border: 2px dashed palette(mid); border-radius: 8px;"
            " padding: 24px; color: palette(placeholder-text); }"
        )
        # A warrant is read across its width: the first view shows whole lines.
        self.viewer = DocumentViewer(empty_text=VIEWER_HINT, default_fit="width")
        self.viewer.setObjectName("document_viewer")
        self._load_token = 0
        self.shown_document_id: int | None = None
        self.tree.itemActivated.connect(self._item_activated)
        # Beside the pages: the tools for the document being read, one tab each.
        self.side = QTabWidget()
        self.side.setObjectName("document_tools")
        self.side.setDocumentMode(True)
        # --- side panels are added here ---
        self.checker = CheckerPanel(self._runner, self.viewer, lambda: self._workspace)
        self.side.insertTab(0, self.checker, "Chec&ker")  # the first tab, whatever follows
        self.document_shown.connect(self.checker.show_document)
        # OCR gave a photo's PDF a text layer: show the new one, so find works on it.
        self.checker.rendition_changed.connect(self.reload_document)
        self.annotations = AnnotationsPanel(self.viewer, self._runner, lambda: self._workspace)
        # In a scroll area, like the checker's: the side column may be narrow on a
        # laptop, and its tools should scroll rather than push the window wider.
        annotations_scroll = self.annotations_scroll = QScrollArea()
        annotations_scroll.setObjectName("annotations_scroll")
        annotations_scroll.setWidgetResizable(True)
        annotations_scroll.setFrameShape(QFrame.Shape.NoFrame)
        annotations_scroll.setWidget(self.annotations)
        self.side.addTab(annotations_scroll, "A&nnotations")
        self.document_shown.connect(self.annotations.show_document)
        self.reading = QSplitter(Qt.Orientation.Horizontal)
        self.reading.setObjectName("reading_splitter")
        self.reading.setChildrenCollapsible(True)
        self.reading.addWidget(self.viewer)
        self.reading.addWidget(self.side)
        self.reading.setCollapsible(0, False)
        self.reading.setStretchFactor(0, 3)
        self.reading.setStretchFactor(1, 1)
        self.side.setVisible(self.side.count() > 0)

        actions = QHBoxLayout()
        actions.addWidget(self.attach_button)
        actions.addWidget(hint, 1)
        list_header = QHBoxLayout()
        list_header.addWidget(self.list_label)
        list_header.addStretch(1)
        list_header.addWidget(self.copy_button)
        # The list above, the open document below: the splitter lets the reader give
        # the pages the height when reading a warrant.
        list_box = QWidget()
        list_box.setObjectName("documents_list_box")
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(8)
        list_layout.addLayout(list_header)
        # One of the two shows at a time and takes the free height.
        list_layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        list_layout.addWidget(self.tree, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("documents_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(self.reading)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        self.set_documents(())

    # ----- binding and listing -----

    def set_case(self, workspace: Workspace | None, case_id: int | None) -> None:
        self._workspace = workspace
        self._case_id = case_id

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    def set_documents(self, documents: Sequence[DocumentSummary]) -> None:
        current = self.current_document_id()
        self.tree.clear()
        for document in documents:
            pages = str(document.page_count) if document.page_count else ""
            item = QTreeWidgetItem(
                [
                    document.filename,
                    media_label(document.media_type),
                    pages,
                    human_size(document.size),
                    local_time(document.imported_at),
                    document.sha256[:SHORT_HASH] + "…",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, document.id)
            item.setData(0, HASH_ROLE, document.sha256)
            item.setToolTip(0, document.filename)
            item.setToolTip(5, f"SHA-256 {document.sha256}\nCtrl+C copies it.")
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
            if document.id == current:
                self.tree.setCurrentItem(item)
        has_documents = bool(documents)
        self.tree.setVisible(has_documents)
        self.empty.setVisible(not has_documents)
        self.copy_button.setVisible(has_documents)
        first = self.tree.topLevelItem(0)
        if first is not None and self.tree.currentItem() is None:
            self.tree.setCurrentItem(first)

    def current_document_id(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, int) else None

    def current_hash(self) -> str:
        item = self.tree.currentItem()
        value = item.data(0, HASH_ROLE) if item is not None else None
        return value if isinstance(value, str) else ""

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self.copy_button.setEnabled(current is not None)

    # ----- reading -----

    def _item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        document_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(document_id, int):
            self.open_document(document_id, item.text(0))

    def open_document(self, document_id: int, title: str) -> None:
        """Read the document's PDF in the background and show it in the viewer."""
        workspace = self._workspace
        if workspace is None:
            return
        self._load_token += 1
        token = self._load_token
        self.viewer.show_message(f"Opening {title}…")

        self._set_shown(None)

        def loaded(data: bytes) -> None:
            if token == self._load_token:  # not cleared, nor another document asked for
                self.viewer.open_pdf(data, title)
                self.viewer.scroll_area.setFocus()
                self._set_shown(document_id)

        def failed(exc: BaseException) -> None:
            if token == self._load_token:
                self.viewer.show_message(f"{title} could not be opened: {user_message(exc)}")

        self._runner.run(partial(read_pdf, workspace, document_id), loaded, failed)

    def reload_document(self, document_id: int) -> None:
        """Show the shown document's PDF again (OCR gave it a text layer) without
        leaving it: the annotations' undo history and the marks on the pages stay."""
        workspace = self._workspace
        if workspace is None or document_id != self.shown_document_id:
            return
        self._load_token += 1
        token = self._load_token
        title = self.viewer.title.text()

        def loaded(data: bytes) -> None:
            if token == self._load_token and document_id == self.shown_document_id:
                self.viewer.open_pdf(data, title, keep_marks=True)

        def failed(exc: BaseException) -> None:
            if token == self._load_token:
                log.warning("reloading document %s failed: %s", document_id, type(exc).__name__)

        self._runner.run(partial(read_pdf, workspace, document_id), loaded, failed)

    def _set_shown(self, document_id: int | None) -> None:
        if document_id != self.shown_document_id:
            self.shown_document_id = document_id
            self.document_shown.emit(document_id)

    def copy_hash(self) -> None:
        digest = self.current_hash()
        if digest:
            QGuiApplication.clipboard().setText(digest)

    # ----- attaching -----

    @property
    def importing(self) -> bool:
        return self.job is not None and self.job.running

    def _attach_clicked(self) -> None:
        paths = self.choose_files(self)
        if paths:
            self.attach_files(paths)

    def attach_files(self, paths: Sequence[Path]) -> bool:
        """Store `paths` on the case; while files are being stored, they wait their turn."""
        if self._workspace is None or self._case_id is None or not paths:
            return False
        if self.importing:
            self._queued += [p for p in paths if p not in self._queued]
            return True
        # No parent: a job whose panel was cleared (lock) may still be storing a file;
        # its late signals are dropped below because it is no longer `self.job`.
        job = DocumentImport(self._workspace, self._runner, self._case_id, paths)
        self.job = job
        self.status.begin(len(job.paths))
        job.progressed.connect(self._progressed)
        job.finished.connect(self._finished)
        self.attach_button.setEnabled(False)
        job.start()
        return True

    def cancel_import(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progressed(self, number: int, total: int, name: str) -> None:
        if self.job is not None and self.job.running:
            self.status.show_progress(number, total, name)

    def _finished(self, report: object) -> None:
        if self.job is None or self.job.report is not report:
            return  # a job from before `clear()`
        assert isinstance(report, ImportReport)
        self.attach_button.setEnabled(True)
        self.status.show_report(report)
        self.documents_imported.emit(report)
        first = next((o for o in report.outcomes if o.document_id is not None), None)
        if self.open_attached and first is not None and self.shown_document_id is None:
            # What was just attached is what the attorney wants to read: open it, and
            # the checker starts on it at once (issue 4: "know within a minute").
            assert first.document_id is not None
            self.open_document(first.document_id, first.name)
        queued, self._queued = self._queued, []
        if queued and not report.cancelled:
            self.attach_files(queued)

    def clear(self) -> None:
        """Forget the case (lock): no file name or fingerprint stays on screen."""
        if self.job is not None:
            self.job.cancel()
        self.job = None
        self._queued = []
        self._workspace = None
        self._case_id = None
        self.status.clear()
        self.tree.clear()
        self._load_token += 1  # a PDF still being read is dropped on arrival
        self._set_shown(None)
        self.checker.clear()
        self.annotations.clear()
        self.viewer.clear()
        self.attach_button.setEnabled(True)
