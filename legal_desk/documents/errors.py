"""Why a document could not be stored. Every message can be shown to the user as it is.

All of them mean the same for the data: nothing was saved.
"""

from __future__ import annotations

from legal_desk.errors import LegalDeskError


class DocumentError(LegalDeskError):
    """A document could not be stored or read; nothing was saved."""


class UnsupportedMediaError(DocumentError):
    """The bytes are not a kind of file Legal Desk can keep (PDF, JPEG, PNG, .eml)."""


class EmptyDocumentError(DocumentError):
    """The file has no bytes at all (often a failed download or copy)."""


class DocumentTooLargeError(DocumentError):
    pass


class UnreadableDocumentError(DocumentError):
    """The file claims a known type but is damaged or cut short."""


class EncryptedDocumentError(DocumentError):
    """A PDF that needs a password to open."""


class DocumentNotFoundError(DocumentError):
    pass
