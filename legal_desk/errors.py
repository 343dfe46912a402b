"""Errors meant for the user: each carries a message that can be shown as it is."""


class LegalDeskError(Exception):
    """An expected failure with a clear, user-facing message (no traceback needed)."""


class UnlockError(LegalDeskError):
    """The workspace could not be unlocked with what was offered. Nothing was changed."""


class WrongCredentialError(UnlockError):
    pass


class KeySlotFileError(UnlockError):
    """The key slot file is missing, unreadable or damaged."""


class KeyringUnavailableError(UnlockError):
    pass


class WorkspaceNotFoundError(LegalDeskError):
    pass


class WorkspaceExistsError(LegalDeskError):
    pass


class WorkspaceLockedError(LegalDeskError):
    pass


class DatabaseError(LegalDeskError):
    """The database file is damaged or does not match the key."""


class WeakPassphraseError(LegalDeskError, ValueError):
    """The new passphrase is too short. Also a ValueError, as it was before it had a class."""


class SlotPolicyError(LegalDeskError, ValueError):
    """A key slot change was refused (e.g. removing the last passphrase or recovery slot)."""


class StorageWriteError(DatabaseError):
    """A change could not be written (full disk, failing disk); it was rolled back."""
