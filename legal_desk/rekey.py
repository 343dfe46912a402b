"""Re-encrypting a workspace with a new data key, for a key that may have leaked.

Changing the passphrase only rewraps the key (`Workspace.change_passphrase`); a
rekey replaces the key itself: the database is exported into a file encrypted with a
new random key, checked against the old one, and swapped in together with new key
slots (`storage.swap`). Afterwards the old key, the old key file and the old
recovery code open nothing. Backups made before keep the key they were made with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from legal_desk.backup.copy import check_copy, export_into
from legal_desk.crypto import kdf
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.keyslots import KeySlots
from legal_desk.crypto.secret import SecretKey
from legal_desk.errors import LegalDeskError, WrongCredentialError
from legal_desk.storage import swap
from legal_desk.storage.engine import checkpoint, close_all, make_engine
from legal_desk.workspace import (
    DB_NAME,
    KEYS_NAME,
    Passphrase,
    db_path,
    unwrap_key,
)


class RekeyError(LegalDeskError):
    """The workspace was not re-encrypted; it is as it was."""


@dataclass(frozen=True)
class Rekeyed:
    recovery_code: str = field(repr=False)
    keyring: bool
    slots_dropped: int  # other people's passphrases, which cannot be rewrapped


def rekey(
    directory: Path,
    passphrase: str,
    *,
    keyring_store: KeyringStore | None = None,
    kdf_params: kdf.KdfParams | None = None,
) -> Rekeyed:
    """Re-encrypt the (locked) workspace in `directory` with a new key. The caller's
    passphrase opens the new key; a new recovery code is issued (returned, shown once)
    and, given a usable keyring, a new keyring slot replaces the old one."""
    old_slots, old_key = unwrap_key(directory, Passphrase(passphrase))
    new_key = SecretKey.generate()
    try:
        opened = old_slots.passphrase_slots_opened_by(passphrase)
        if not opened:
            raise WrongCredentialError("The passphrase is wrong.")
        dropped = sum(1 for s in old_slots.slots if s.kind == "passphrase") - len(opened)
        folder = swap.staging(directory)
        engine = make_engine(db_path(directory), old_key)
        try:
            with engine.connect() as connection:
                conn = connection.connection.driver_connection
                # IMMEDIATE: no other writer may commit between the export and the swap.
                contents = export_into(conn, folder / DB_NAME, new_key, immediate=True)
            checkpoint(engine)
        finally:
            close_all(engine)
        problems = check_copy(folder, new_key, contents)
        if problems:
            raise RekeyError("The re-encrypted copy did not verify: " + "; ".join(problems[:3]))
        params = kdf_params or kdf.tune()
        slots = KeySlots(old_slots.workspace_id, [])
        slots.add_passphrase(new_key, passphrase, params)
        _slot, code = slots.add_recovery(new_key, params)
        keyring = False
        if keyring_store is not None and old_slots.has("keyring") and keyring_store.is_usable():
            slots.add_keyring(new_key, keyring_store)
            keyring = True
        slots.save(folder / KEYS_NAME)
        swap.commit(directory, DB_NAME, KEYS_NAME)
    except BaseException:
        swap.finish_pending(directory, DB_NAME, KEYS_NAME)  # drops an uncommitted copy
        raise
    finally:
        old_key.wipe()
        new_key.wipe()
    if keyring_store is not None:
        for old in old_slots.slots:
            if old.kind == "keyring":
                keyring_store.delete(old.keyring_user)
    return Rekeyed(recovery_code=code, keyring=keyring, slots_dropped=dropped)
