"""Documents on a case: detecting what a file is, reading it, and storing it with its hash.

`DocumentStore` is the entry point; `media`, `mail` and `pdf` are the pieces it uses.
"""

from legal_desk.documents.errors import (
    DocumentError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnreadableDocumentError,
    UnsupportedMediaError,
)
from legal_desk.documents.ingest import MAX_DOCUMENT_BYTES
from legal_desk.documents.media import MediaType, detect
from legal_desk.documents.store import DocumentStore, ImportResult

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "DocumentError",
    "DocumentNotFoundError",
    "DocumentStore",
    "DocumentTooLargeError",
    "EmptyDocumentError",
    "EncryptedDocumentError",
    "ImportResult",
    "MediaType",
    "UnreadableDocumentError",
    "UnsupportedMediaError",
    "detect",
]
