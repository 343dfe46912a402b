"""Printing a text document through the system's print dialog."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget


def print_document(parent: QWidget, document: QTextDocument) -> bool:
    """Ask for a printer and print `document`; False if the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # only when printing

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document.print_(printer)
    return True
