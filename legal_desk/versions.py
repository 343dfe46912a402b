"""Versions of the components Legal Desk runs on, for the About box and bug reports.

Plain Python (no Qt): the UI adds the Qt and PySide6 versions itself.
"""

from __future__ import annotations

import importlib
import platform

import sqlalchemy
import sqlcipher3.dbapi2 as sqlcipher

from legal_desk import __version__

NOT_AVAILABLE = "not available"


def sqlcipher_versions() -> dict[str, str]:
    """SQLCipher and the SQLite it bundles, asked of a throwaway in-memory connection."""
    try:
        conn = sqlcipher.connect(":memory:")
    except sqlcipher.Error:
        return {"SQLCipher": NOT_AVAILABLE, "SQLite": NOT_AVAILABLE}
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()
    except sqlcipher.Error:
        cipher = sqlite = None
    finally:
        conn.close()
    return {
        # An empty answer means the library is plain SQLite: encryption would be off.
        "SQLCipher": str(cipher[0]) if cipher and cipher[0] else NOT_AVAILABLE,
        "SQLite": str(sqlite[0]) if sqlite else NOT_AVAILABLE,
    }


def pymupdf_version() -> str:
    """Imported here, not at start-up: PyMuPDF costs ~0.1 s to import (CONVENTIONS.md)."""
    try:
        pymupdf = importlib.import_module("pymupdf")
    except ImportError:
        return NOT_AVAILABLE
    version = str(getattr(pymupdf, "__version__", "") or getattr(pymupdf, "VersionBind", ""))
    mupdf = str(getattr(pymupdf, "VersionFitz", ""))
    if not version:
        return NOT_AVAILABLE
    return f"{version} (MuPDF {mupdf})" if mupdf else version


def component_versions() -> dict[str, str]:
    """Name -> version, in the order an About box lists them."""
    versions = {
        "Legal Desk": __version__,
        "Python": platform.python_version(),
        "SQLAlchemy": sqlalchemy.__version__,
    }
    versions.update(sqlcipher_versions())
    versions["PyMuPDF"] = pymupdf_version()
    return versions
