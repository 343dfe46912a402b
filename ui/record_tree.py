"""A list of records, one row each (documents, advice sent, calls to Security)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget


def record_tree(name: str, columns: Sequence[str], *, stretch: int) -> QTreeWidget:
    """Flat rows of `columns`, one selected at a time; column `stretch` takes the room
    left. The header is part of the tree (named for screen readers through the tree's
    label); the qt_ prefix marks it as Qt's own part, as Qt names its sub-widgets."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setColumnCount(len(columns))
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = tree.header()
    header.setObjectName("qt_tree_header")
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return tree
