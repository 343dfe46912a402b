"""Icons from the `resources` package, read with importlib.resources.

The bytes are read and decoded in memory, so this works from a wheel, a zip or a
frozen build where the files are not plain paths (qutebrowser `utils/resources.py`).
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import logging
from pathlib import Path

from PySide6.QtGui import QIcon, QPixmap

log = logging.getLogger(__name__)
PACKAGE = "resources"


def read_bytes(*parts: str) -> bytes:
    try:
        return importlib.resources.files(PACKAGE).joinpath(*parts).read_bytes()
    except NotADirectoryError:
        # An editable install made before resources/ had an __init__.py maps it as a
        # namespace package whose path includes a non-directory hook entry, which
        # importlib.resources rejects on Python 3.11. Read from the real folder instead.
        package = importlib.import_module(PACKAGE)
        for entry in getattr(package, "__path__", []):
            candidate = Path(entry).joinpath(*parts)
            if candidate.is_file():
                return candidate.read_bytes()
        raise FileNotFoundError("/".join(parts)) from None


@functools.cache
def icon(name: str) -> QIcon:
    """The SVG icon `resources/icons/{name}.svg`, or an empty icon if it cannot be read."""
    pixmap = QPixmap()
    try:
        data = read_bytes("icons", f"{name}.svg")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        log.warning("icon %s is missing", name)
        return QIcon()
    if not pixmap.loadFromData(data, "SVG"):
        log.warning("icon %s could not be decoded", name)
        return QIcon()
    return QIcon(pixmap)
