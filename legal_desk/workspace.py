"""The workspace: one encrypted database and the key slots that unlock it.

Create, unlock, lock, and manage key slots. Unlocking never writes anything
until the key has proven it opens the database, so a failed attempt leaves every
file byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from legal_desk import audit, search
from legal_desk.advice import seed as advice_seed
from legal_desk.checklist import seed as checklist_seed
from legal_desk.crypto import kdf
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.keyslots import KeySlots, Slot, check_passphrase
from legal_desk.crypto.secret import SecretKey
from legal_desk.errors import (
    DatabaseError,
    KeyringUnavailableError,
    LegalDeskError,
    StorageWriteError,
    WorkspaceExistsError,
    WorkspaceLockedError,
    WorkspaceNotFoundError,
    WrongCredentialError,
)
from legal_desk.identity import Actor, os_user_name
from legal_desk.services import reference_data
from legal_desk.storage import migrate, swap
from legal_desk.storage.engine import checkpoint, close_all, make_engine
from models import UserProfile
from models.base import utc_now

DB_NAME = "workspace.db"
KEYS_NAME = "workspace.keys"
BACKUP_DIR = "backups"
log = logging.getLogger(__name__)


# Secrets stay out of repr(): a logged credential or a traceback with locals must
# not show them.
@dataclass(frozen=True)
class Passphrase:
    value: str = field(repr=False)


@dataclass(frozen=True)
class RecoveryCode:
    value: str = field(repr=False)


@dataclass(frozen=True)
class FromKeyring:
    store: KeyringStore


Credential = Passphrase | RecoveryCode | FromKeyring


@dataclass(frozen=True)
class Created:
    workspace: Workspace
    recovery_code: str = field(repr=False)
    keyring_slot: bool = False


def db_path(directory: Path) -> Path:
    return directory / DB_NAME


def keys_path(directory: Path) -> Path:
    return directory / KEYS_NAME


def exists(directory: Path) -> bool:
    return db_path(directory).exists() or keys_path(directory).exists()


class Workspace:
    def __init__(
        self,
        directory: Path,
        key: SecretKey,
        engine: Engine,
        slots: KeySlots,
        actor: Actor,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.directory = directory
        self._key: SecretKey | None = key
        self._engine: Engine | None = engine
        self.slots = slots
        self.actor = actor
        self.clock = clock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        audit.install(self._sessions)
        # The search index is derived data: built on first open, then kept in step
        # by its own flush hook (legal_desk/search.py).
        search.ensure_index(engine)
        search.install(self._sessions)

    # ----- creating and opening -----

    @classmethod
    def create(
        cls,
        directory: Path,
        passphrase: str,
        *,
        keyring_store: KeyringStore | None = None,
        kdf_params: kdf.KdfParams | None = None,
        os_user: str | None = None,
        display_name: str = "",
        seed: Callable[[Session], None] | None = None,
    ) -> Created:
        """Make a new workspace. Refuses to touch a directory that already holds one."""
        check_passphrase(passphrase)
        if exists(directory):
            raise WorkspaceExistsError(f"A workspace already exists in {directory}.")
        params = kdf_params or kdf.tune()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = SecretKey.generate()
        slots = KeySlots(workspace_id=str(uuid.uuid4()))
        slots.add_passphrase(key, passphrase, params)
        _, code = slots.add_recovery(key, params)
        keyring_slot = False
        if keyring_store is not None:
            try:
                slots.add_keyring(key, keyring_store)
                keyring_slot = True
            except KeyringUnavailableError:
                log.info("no usable keyring; the workspace unlocks by passphrase")
        user = os_user or os_user_name()
        engine = make_engine(db_path(directory), key, create=True)
        try:
            migrate.upgrade(engine)
            db_path(directory).chmod(0o600)  # encrypted anyway; still nobody else's to read
            engine.dispose()
            engine = make_engine(db_path(directory), key)
            workspace = cls(directory, key, engine, slots, Actor(user, display_name or user))
            with workspace.session() as session:
                session.add(UserProfile(os_user=user, display_name=display_name or user))
                reference_data.seed(session)
                advice_seed.seed(session, workspace.clock())
                checklist_seed.seed(session)
                if seed is not None:
                    seed(session)
                session.commit()
            slots.save(keys_path(directory))
        except BaseException:
            engine.dispose()
            for path in (db_path(directory), keys_path(directory)):
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return Created(workspace, code, keyring_slot)

    @classmethod
    def unlock(
        cls, directory: Path, credential: Credential, *, os_user: str | None = None
    ) -> Workspace:
        # A rekey that was committed when the process died is finished first.
        swap.finish_pending(directory, DB_NAME, KEYS_NAME)
        if not db_path(directory).exists():
            raise WorkspaceNotFoundError(f"There is no workspace in {directory}.")
        if db_path(directory).stat().st_size == 0:
            # SQLite treats an empty file as an empty database: unlocking it would
            # quietly build a new, empty workspace in place of the lost one.
            raise DatabaseError(
                f"The database file {DB_NAME} in {directory} is empty. Nothing was changed; "
                "restore it from a backup."
            )
        slots, key = unwrap_key(directory, credential)
        engine = make_engine(db_path(directory), key)
        try:
            try:
                with engine.connect():
                    pass  # proves the key opens this database before anything is written
                revision = migrate.current_revision(engine)
            except sa_exc.DBAPIError:
                raise DatabaseError(
                    f"The database {DB_NAME} is damaged and cannot be read. Nothing was "
                    "changed; run `legal-desk verify` for details."
                ) from None
            if revision is not None and not migrate.is_known(revision):
                raise DatabaseError(
                    f"This workspace was saved by a newer version of Legal Desk (schema "
                    f"{revision}). Nothing was changed; update Legal Desk to open it."
                )
            if revision != migrate.head_revision():
                _backup_then_upgrade(directory, engine)
        except BaseException:
            engine.dispose()
            key.wipe()
            raise
        user = os_user or os_user_name()
        workspace = cls(directory, key, engine, slots, Actor(user, user))
        workspace.actor = Actor(user, workspace.display_name_of(user))
        return workspace

    # ----- sessions -----

    @property
    def locked(self) -> bool:
        return self._engine is None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise WorkspaceLockedError("The workspace is locked.")
        return self._engine

    @property
    def workspace_id(self) -> str:
        return self.slots.workspace_id

    def session(self) -> Session:
        """A new ORM session whose changes are audited under the current user."""
        if self._engine is None:
            raise WorkspaceLockedError("The workspace is locked.")
        session = self._sessions()
        session.info[audit.ACTOR_KEY] = self.actor.audit_name
        session.info[audit.CLOCK_KEY] = self.clock
        return session

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            with self.session() as session, session.begin():
                yield session
        except sa_exc.OperationalError as exc:
            if _cannot_write(exc):
                raise StorageWriteError(
                    "Legal Desk could not save this change: the disk is full or cannot be "
                    "written. The change was not saved; everything saved before is safe. "
                    "Free some disk space and try again."
                ) from None
            raise

    def lock(self) -> None:
        """Close every connection and overwrite the key bytes."""
        if self._engine is not None:
            close_all(self._engine)
            self._engine = None
        if self._key is not None:
            self._key.wipe()
            self._key = None

    # ----- people -----

    def display_name_of(self, os_user: str) -> str:
        with self.session() as session:
            name = session.scalar(
                select(UserProfile.display_name).where(UserProfile.os_user == os_user)
            )
        return name or os_user

    def set_display_name(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise LegalDeskError("The display name cannot be empty.")
        with self.transaction() as session:
            profile = session.scalar(
                select(UserProfile).where(UserProfile.os_user == self.actor.os_user)
            )
            if profile is None:
                session.add(UserProfile(os_user=self.actor.os_user, display_name=name))
            else:
                profile.display_name = name
        self.actor = Actor(self.actor.os_user, name)

    # ----- key slots -----

    def data_key(self) -> SecretKey:
        """The live data key, lent (not copied) to backups; never log or store it."""
        return self._require_key()

    def _require_key(self) -> SecretKey:
        if self._key is None:
            raise WorkspaceLockedError("The workspace is locked.")
        return self._key

    def _save_slots(self, change: Callable[[KeySlots], object]) -> None:
        """Apply a slot change to a copy and save it, so a failure leaves the file as it was."""
        candidate = KeySlots(self.slots.workspace_id, list(self.slots.slots))
        change(candidate)
        candidate.save(keys_path(self.directory))
        self.slots = candidate

    def add_passphrase(self, passphrase: str, params: kdf.KdfParams | None = None) -> Slot:
        key = self._require_key()
        added: list[Slot] = []
        self._save_slots(
            lambda s: added.append(s.add_passphrase(key, passphrase, params or kdf.tune()))
        )
        return added[0]

    def change_passphrase(self, old: str, new: str, params: kdf.KdfParams | None = None) -> None:
        """Replace every passphrase slot that `old` opens with one for `new`."""
        key = self._require_key()
        check_passphrase(new)
        # Only the slots `old` opens: another person's passphrase slot stays.
        replaced = set(self.slots.passphrase_slots_opened_by(old))
        if not replaced:
            raise WrongCredentialError("The current passphrase is wrong.")

        def change(s: KeySlots) -> None:
            s.slots = [x for x in s.slots if x.id not in replaced]
            s.add_passphrase(key, new, params or kdf.tune())

        self._save_slots(change)

    def new_recovery_code(self, params: kdf.KdfParams | None = None) -> str:
        """Issue a new recovery code; the old one stops working."""
        key = self._require_key()
        codes: list[str] = []

        def change(s: KeySlots) -> None:
            s.slots = [x for x in s.slots if x.kind != "recovery"]
            codes.append(s.add_recovery(key, params or kdf.tune())[1])

        self._save_slots(change)
        return codes[0]

    def add_keyring_slot(self, store: KeyringStore) -> Slot:
        key = self._require_key()
        added: list[Slot] = []
        self._save_slots(lambda s: added.append(s.add_keyring(key, store)))
        return added[0]

    def remove_slot(self, slot_id: str, store: KeyringStore | None = None) -> None:
        """Remove a slot; its keyring secret is deleted only once the file no longer needs it."""
        self._require_key()
        removed = self.slots.find(slot_id) if self.slots.has_id(slot_id) else None
        self._save_slots(lambda s: s.remove(slot_id))
        if removed is not None and removed.kind == "keyring" and store is not None:
            store.delete(removed.keyring_user)


# SQLite's primary result codes for a failed write: I/O error, disk full.
_SQLITE_IOERR, _SQLITE_FULL = 10, 13


def _cannot_write(exc: sa_exc.OperationalError) -> bool:
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_IOERR, _SQLITE_FULL)
    text = str(exc.orig).lower()
    return "disk i/o error" in text or "disk is full" in text


def unwrap_key(directory: Path, credential: Credential) -> tuple[KeySlots, SecretKey]:
    """Read the slot file and unwrap the data key; reads only, writes nothing."""
    slots = KeySlots.load(keys_path(directory))
    match credential:
        case Passphrase(value):
            return slots, slots.unlock_with_passphrase(value)
        case RecoveryCode(value):
            return slots, slots.unlock_with_recovery(value)
        case FromKeyring(store):
            return slots, slots.unlock_with_keyring(store)


def _backup_then_upgrade(directory: Path, engine: Engine) -> None:
    """Copy the (still encrypted) database aside before changing its schema."""
    current = migrate.current_revision(engine) or "empty"
    checkpoint(engine)
    backups = directory / BACKUP_DIR
    backups.mkdir(exist_ok=True, mode=0o700)
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    target = backups / f"before-upgrade-{current}-{stamp}.db"
    shutil.copy2(db_path(directory), target)
    shutil.copy2(keys_path(directory), backups / f"before-upgrade-{current}-{stamp}.keys")
    target.chmod(0o600)
    log.info("backed up workspace before upgrading from revision %s", current)
    migrate.upgrade(engine)
