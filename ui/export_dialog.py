"""The save dialog for a file that leaves the encrypted workspace, with the warning in it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QWidget

from ui.formatting import URGENT_COLOR


def choose_unencrypted_pdf(
    parent: QWidget, title: str, suggested: str, warning: str
) -> Path | None:
    """Ask where to write a PDF that will not be encrypted; None if cancelled. Qt's own
    dialog is used because it takes a label: the warning stands where the name is typed."""
    dialog = QFileDialog(parent, title, str(Path.home() / suggested))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("PDF documents (*.pdf)")
    dialog.setDefaultSuffix("pdf")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    note = QLabel(warning)
    note.setWordWrap(True)
    note.setStyleSheet(f"color: {URGENT_COLOR.name()}; font-weight: bold;")
    layout = dialog.layout()
    if isinstance(layout, QGridLayout):
        layout.addWidget(note, layout.rowCount(), 0, 1, -1)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])
