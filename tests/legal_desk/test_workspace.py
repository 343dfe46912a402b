"""The workspace: create, unlock, fail closed, key slots, lock."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring.backends.fail
import keyring.backends.null
import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.keyslots import KeySlots
from legal_desk.errors import (
    DatabaseError,
    KeyringUnavailableError,
    KeySlotFileError,
    LegalDeskError,
    SlotPolicyError,
    WeakPassphraseError,
    WorkspaceExistsError,
    WorkspaceLockedError,
    WorkspaceNotFoundError,
    WrongCredentialError,
)
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.storage import migrate
from legal_desk.workspace import (
    Created,
    Credential,
    FromKeyring,
    Passphrase,
    RecoveryCode,
    Workspace,
    db_path,
    keys_path,
    unwrap_key,
)
from models import Case
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.legal_desk.helpers import PAGE_SIZE, flip_byte, flip_table_page, snapshot

OTHER_PASSPHRASE = "another long passphrase"


def _create(directory: Path, store: KeyringStore | None = None) -> Created:
    return Workspace.create(
        directory, PASSPHRASE, keyring_store=store, kdf_params=FAST_TEST_PARAMS, os_user="tester"
    )


def _school_of_first_case(workspace: Workspace) -> str:
    return CaseService(workspace).list()[0].school


def _key_hex(directory: Path) -> str:
    _, key = unwrap_key(directory, Passphrase(PASSPHRASE))
    try:
        return key.hex()
    finally:
        key.wipe()


# ----- creating and unlocking -----


def test_create_then_unlock_with_each_credential(
    workspace_dir: Path, keyring_store: KeyringStore
) -> None:
    created = _create(workspace_dir, keyring_store)
    assert created.keyring_slot
    CaseService(created.workspace).create(CaseIntake(school="Lincoln Elementary"))
    created.workspace.lock()

    credentials: list[Credential] = [
        Passphrase(PASSPHRASE),
        RecoveryCode(created.recovery_code),
        FromKeyring(keyring_store),
    ]
    for credential in credentials:
        workspace = Workspace.unlock(workspace_dir, credential, os_user="tester")
        try:
            assert _school_of_first_case(workspace) == "Lincoln Elementary"
        finally:
            workspace.lock()


def test_create_refuses_an_existing_workspace_and_leaves_it_alone(workspace: Workspace) -> None:
    workspace.lock()
    before = snapshot(workspace.directory)
    with pytest.raises(WorkspaceExistsError):
        _create(workspace.directory)
    assert snapshot(workspace.directory) == before


def test_create_refuses_a_short_passphrase_and_writes_nothing(workspace_dir: Path) -> None:
    with pytest.raises(WeakPassphraseError, match="at least 8 characters"):
        Workspace.create(workspace_dir, "short", kdf_params=FAST_TEST_PARAMS)
    assert not workspace_dir.exists()


def test_secrets_stay_out_of_reprs(workspace_dir: Path) -> None:
    created = _create(workspace_dir)
    try:
        assert created.recovery_code not in repr(created)
        assert PASSPHRASE not in repr(Passphrase(PASSPHRASE))
        assert created.recovery_code not in repr(RecoveryCode(created.recovery_code))
        key_hex = _key_hex(workspace_dir)
        assert key_hex not in repr(created.workspace.slots)
        assert key_hex not in repr(created.workspace.__dict__)
    finally:
        created.workspace.lock()


# ----- failing closed -----


@dataclass(frozen=True)
class Damage:
    """One way an unlock can go wrong, and the error the user must see."""

    name: str
    apply: Callable[[Path, MemoryKeyring, KeyringStore], Credential]
    error: type[LegalDeskError]
    message: str


def _edit_keys(directory: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(keys_path(directory).read_text())
    edit(data)
    keys_path(directory).write_text(json.dumps(data))


def _slot(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(s for s in data["slots"] if s["kind"] == kind)


def _wrong_passphrase(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    return Passphrase("not the passphrase")


def _wrong_recovery_code(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    return RecoveryCode("ABCDE-FGHJK-MNPQR-STVWX-YZ012")


def _not_a_recovery_code(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    return RecoveryCode("hello")


def _keyring_entry_deleted(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    k.secrets.clear()
    return FromKeyring(s)


def _null_keyring(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    return FromKeyring(KeyringStore(keyring.backends.null.Keyring()))


def _fail_keyring(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    return FromKeyring(KeyringStore(keyring.backends.fail.Keyring()))


def _truncated_key_file(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    raw = keys_path(d).read_bytes()
    keys_path(d).write_bytes(raw[: len(raw) // 2])
    return Passphrase(PASSPHRASE)


def _flipped_wrapped_key(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    def edit(data: dict[str, Any]) -> None:
        slot = _slot(data, "passphrase")
        text = str(slot["wrapped"])
        # Another valid base64 letter: the file still parses, the key does not unwrap.
        slot["wrapped"] = ("B" if text[0] == "A" else "A") + text[1:]

    _edit_keys(d, edit)
    return Passphrase(PASSPHRASE)


def _invalid_base64(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    _edit_keys(d, lambda data: _slot(data, "passphrase").update(wrapped="!!not base64!!"))
    return Passphrase(PASSPHRASE)


def _missing_key_file(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    keys_path(d).unlink()
    return Passphrase(PASSPHRASE)


def _absurd_kdf_memory(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    # A terabyte of Argon2 memory: refused while reading the file, before deriving.
    _edit_keys(d, lambda data: _slot(data, "passphrase")["kdf"].update(memory_kib=10**9))
    return Passphrase(PASSPHRASE)


def _infinite_kdf_memory(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    _edit_keys(
        d,
        lambda data: _slot(data, "passphrase")["kdf"].update(memory_kib=float("inf")),
    )
    return Passphrase(PASSPHRASE)


def _empty_salt(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    _edit_keys(d, lambda data: _slot(data, "passphrase").update(salt=""))
    return Passphrase(PASSPHRASE)


def _nested_json(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    keys_path(d).write_text("[" * 100_000)
    return Passphrase(PASSPHRASE)


def _key_file_from_another_workspace(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    other = d.parent / "other"
    _create(other).workspace.lock()
    keys_path(d).write_bytes(keys_path(other).read_bytes())
    return Passphrase(PASSPHRASE)


def _first_page_altered(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    flip_byte(db_path(d), PAGE_SIZE // 2)
    return Passphrase(PASSPHRASE)


def _schema_page_altered(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    # Page 1 decrypts, but the page that records the schema version does not.
    assert flip_table_page(d, "alembic_version") > 1
    return Passphrase(PASSPHRASE)


def _database_deleted(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    db_path(d).unlink()
    return Passphrase(PASSPHRASE)


def _database_emptied(d: Path, k: MemoryKeyring, s: KeyringStore) -> Credential:
    db_path(d).write_bytes(b"")
    return Passphrase(PASSPHRASE)


DAMAGES = [
    Damage("wrong passphrase", _wrong_passphrase, WrongCredentialError, "passphrase is wrong"),
    Damage("wrong recovery code", _wrong_recovery_code, WrongCredentialError, "code is wrong"),
    Damage("not a recovery code", _not_a_recovery_code, WrongCredentialError, "25 letters"),
    Damage("keyring entry deleted", _keyring_entry_deleted, KeyringUnavailableError, "passphrase"),
    Damage("null keyring", _null_keyring, KeyringUnavailableError, "recovery code"),
    Damage("fail keyring", _fail_keyring, KeyringUnavailableError, "recovery code"),
    Damage("truncated key file", _truncated_key_file, KeySlotFileError, "damaged"),
    Damage("flipped wrapped key", _flipped_wrapped_key, WrongCredentialError, "wrong"),
    Damage("invalid base64", _invalid_base64, KeySlotFileError, "damaged"),
    Damage("missing key file", _missing_key_file, KeySlotFileError, "missing"),
    Damage("absurd KDF memory", _absurd_kdf_memory, KeySlotFileError, "damaged"),
    Damage("infinite KDF memory", _infinite_kdf_memory, KeySlotFileError, "damaged"),
    Damage("empty salt", _empty_salt, KeySlotFileError, "damaged"),
    Damage("nested JSON", _nested_json, KeySlotFileError, "damaged"),
    Damage("other key file", _key_file_from_another_workspace, DatabaseError, "another workspace"),
    Damage("first page altered", _first_page_altered, DatabaseError, "damaged"),
    Damage("schema page altered", _schema_page_altered, DatabaseError, "verify"),
    Damage("database deleted", _database_deleted, WorkspaceNotFoundError, "no workspace"),
    Damage("database emptied", _database_emptied, DatabaseError, "empty"),
]


@pytest.mark.parametrize("damage", DAMAGES, ids=[d.name for d in DAMAGES])
def test_unlock_fails_closed(
    damage: Damage,
    workspace_dir: Path,
    memory_keyring: MemoryKeyring,
    keyring_store: KeyringStore,
) -> None:
    created = _create(workspace_dir, keyring_store)
    assert created.keyring_slot
    created.workspace.lock()
    credential = damage.apply(workspace_dir, memory_keyring, keyring_store)
    before = snapshot(workspace_dir)

    with pytest.raises(damage.error) as raised:
        Workspace.unlock(workspace_dir, credential)

    assert damage.message.lower() in str(raised.value).lower()
    assert "\n" not in str(raised.value)
    # Byte for byte as before, and no file appeared: never a new or plaintext database.
    assert snapshot(workspace_dir) == before


def test_after_a_crash_committed_work_survives_and_a_wrong_key_touches_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    CaseService(workspace).create(CaseIntake(school="Lincoln Elementary"))
    # The files as a killed process leaves them: recent pages only in the -wal.
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for path in workspace.directory.iterdir():
        (crashed / path.name).write_bytes(path.read_bytes())
    workspace.lock()
    assert (crashed / "workspace.db-wal").stat().st_size > 0

    before = snapshot(crashed)
    with pytest.raises(WrongCredentialError):
        Workspace.unlock(crashed, Passphrase("not the passphrase"))
    assert snapshot(crashed) == before
    # A key that unwraps but is not this database's: SQLite must not replay the -wal.
    keys = keys_path(crashed).read_bytes()
    _create(tmp_path / "other").workspace.lock()
    keys_path(crashed).write_bytes(keys_path(tmp_path / "other").read_bytes())
    before = snapshot(crashed)
    with pytest.raises(DatabaseError):
        Workspace.unlock(crashed, Passphrase(PASSPHRASE))
    assert snapshot(crashed) == before
    keys_path(crashed).write_bytes(keys)

    recovered = Workspace.unlock(crashed, Passphrase(PASSPHRASE))
    try:
        assert _school_of_first_case(recovered) == "Lincoln Elementary"
    finally:
        recovered.lock()


def test_workspace_from_a_newer_version_is_refused_untouched(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    workspace.lock()
    before = snapshot(workspace.directory)
    with pytest.raises(DatabaseError, match="newer version"):
        Workspace.unlock(workspace.directory, Passphrase(PASSPHRASE))
    assert snapshot(workspace.directory) == before
    assert migrate.is_known(migrate.head_revision())


def test_null_keyring_is_not_usable_and_gets_no_slot(workspace_dir: Path) -> None:
    store = KeyringStore(keyring.backends.null.Keyring())
    assert not store.is_usable()
    created = _create(workspace_dir, store)
    try:
        assert not created.keyring_slot
        assert not created.workspace.slots.has("keyring")
        with pytest.raises(KeyringUnavailableError):
            created.workspace.add_keyring_slot(store)
    finally:
        created.workspace.lock()
    assert not KeySlots.load(keys_path(workspace_dir)).has("keyring")


def test_fail_keyring_is_not_usable_and_gets_no_slot(workspace_dir: Path) -> None:
    store = KeyringStore(keyring.backends.fail.Keyring())
    assert not store.is_usable()
    created = _create(workspace_dir, store)
    created.workspace.lock()
    assert not created.keyring_slot
    assert [s.kind for s in KeySlots.load(keys_path(workspace_dir)).slots] == [
        "passphrase",
        "recovery",
    ]


# ----- recovery codes -----


def test_recovery_code_unlocks_after_the_keyring_entry_is_gone(
    workspace_dir: Path, memory_keyring: MemoryKeyring, keyring_store: KeyringStore
) -> None:
    created = _create(workspace_dir, keyring_store)
    created.workspace.lock()
    memory_keyring.secrets.clear()
    with pytest.raises(KeyringUnavailableError):
        Workspace.unlock(workspace_dir, FromKeyring(keyring_store))
    Workspace.unlock(workspace_dir, RecoveryCode(created.recovery_code)).lock()


def _code_with_lookalikes(workspace: Workspace) -> str:
    """A fresh recovery code that contains a 0 or a 1, so O/I/L typos can be tried."""
    for _ in range(50):
        code = workspace.new_recovery_code(FAST_TEST_PARAMS)
        if "0" in code or "1" in code:
            return code
    raise AssertionError("no code with a 0 or 1 in 50 tries")


def test_recovery_code_accepts_how_people_type_it(workspace: Workspace) -> None:
    code = _code_with_lookalikes(workspace)
    directory = workspace.directory
    workspace.lock()
    typed = [
        code,
        code.lower(),
        code.replace("-", ""),
        code.replace("-", " "),
        f"  {code.replace('-', '  ').lower()}  ",
        code.replace("0", "O").replace("1", "I"),
        code.replace("0", "o").replace("1", "l"),
    ]
    for text in typed:
        Workspace.unlock(directory, RecoveryCode(text)).lock()


def test_new_recovery_code_replaces_the_old_one(workspace_dir: Path) -> None:
    created = _create(workspace_dir)
    new_code = created.workspace.new_recovery_code(FAST_TEST_PARAMS)
    created.workspace.lock()
    assert new_code != created.recovery_code
    with pytest.raises(WrongCredentialError):
        Workspace.unlock(workspace_dir, RecoveryCode(created.recovery_code))
    Workspace.unlock(workspace_dir, RecoveryCode(new_code)).lock()
    assert [s.kind for s in KeySlots.load(keys_path(workspace_dir)).slots].count("recovery") == 1


# ----- passphrases and slots -----


def test_change_passphrase(workspace: Workspace) -> None:
    new = "a brand new passphrase"
    workspace.change_passphrase(PASSPHRASE, new, FAST_TEST_PARAMS)
    workspace.lock()
    with pytest.raises(WrongCredentialError):
        Workspace.unlock(workspace.directory, Passphrase(PASSPHRASE))
    Workspace.unlock(workspace.directory, Passphrase(new)).lock()


def test_change_passphrase_keeps_a_colleagues_passphrase(workspace: Workspace) -> None:
    workspace.add_passphrase(OTHER_PASSPHRASE, FAST_TEST_PARAMS)
    workspace.change_passphrase(PASSPHRASE, "a brand new passphrase", FAST_TEST_PARAMS)
    workspace.lock()
    Workspace.unlock(workspace.directory, Passphrase(OTHER_PASSPHRASE)).lock()
    Workspace.unlock(workspace.directory, Passphrase("a brand new passphrase")).lock()


def test_change_passphrase_with_the_wrong_old_one_changes_nothing(workspace: Workspace) -> None:
    keys_before = keys_path(workspace.directory).read_bytes()
    with pytest.raises(WrongCredentialError):
        workspace.change_passphrase("not the passphrase", "a brand new passphrase")
    with pytest.raises(WeakPassphraseError):
        workspace.change_passphrase(PASSPHRASE, "short")
    assert keys_path(workspace.directory).read_bytes() == keys_before
    workspace.lock()
    Workspace.unlock(workspace.directory, Passphrase(PASSPHRASE)).lock()


def test_remove_slot_keeps_one_passphrase_or_recovery_slot(
    workspace_dir: Path, memory_keyring: MemoryKeyring, keyring_store: KeyringStore
) -> None:
    workspace = _create(workspace_dir, keyring_store).workspace
    try:
        by_kind = {s.kind: s.id for s in workspace.slots.slots}
        workspace.remove_slot(by_kind["recovery"])
        keys_before = keys_path(workspace_dir).read_bytes()
        with pytest.raises(SlotPolicyError, match="at least one passphrase"):
            workspace.remove_slot(by_kind["passphrase"])
        with pytest.raises(SlotPolicyError, match="no key slot"):
            workspace.remove_slot("nope")
        assert keys_path(workspace_dir).read_bytes() == keys_before
        # Removing the keyring slot also deletes its secret from the keyring.
        assert memory_keyring.secrets
        workspace.remove_slot(by_kind["keyring"], keyring_store)
        assert not memory_keyring.secrets
        assert [s.kind for s in KeySlots.load(keys_path(workspace_dir)).slots] == ["passphrase"]
    finally:
        workspace.lock()
    with pytest.raises(WorkspaceLockedError):
        workspace.remove_slot(by_kind["passphrase"])


def test_add_keyring_slot(workspace: Workspace, keyring_store: KeyringStore) -> None:
    assert not workspace.slots.has("keyring")
    workspace.add_keyring_slot(keyring_store)
    workspace.lock()
    Workspace.unlock(workspace.directory, FromKeyring(keyring_store)).lock()


def test_slot_file_holds_only_wrapped_keys(
    workspace_dir: Path, keyring_store: KeyringStore
) -> None:
    created = _create(workspace_dir, keyring_store)
    created.workspace.lock()
    raw = keys_path(workspace_dir).read_bytes()
    _, key = unwrap_key(workspace_dir, Passphrase(PASSPHRASE))
    key_bytes = bytes(key.bytes_view())
    key.wipe()

    text = raw.decode()
    assert key_bytes not in raw
    for form in (
        key_bytes.hex(),
        key_bytes.hex().upper(),
        base64.b64encode(key_bytes).decode(),
        base64.urlsafe_b64encode(key_bytes).decode(),
        base64.b32encode(key_bytes).decode(),
    ):
        assert form not in text
    assert PASSPHRASE not in text
    assert created.recovery_code not in text
    assert created.recovery_code.replace("-", "") not in text

    data = json.loads(raw)
    assert set(data) == {"format", "version", "workspace_id", "slots"}
    allowed = {"id", "kind", "label", "nonce", "wrapped", "kdf", "salt", "keyring_user"}
    for slot in data["slots"]:
        assert set(slot) <= allowed
        assert len(base64.b64decode(slot["wrapped"])) == 48  # 32-byte key + GCM tag
        assert len(base64.b64decode(slot["nonce"])) == 12
        if slot["kind"] != "keyring":
            assert set(slot["kdf"]) == {"name", "memory_kib", "iterations", "lanes"}
            assert len(base64.b64decode(slot["salt"])) == 16


def test_slot_file_is_private(workspace: Workspace) -> None:
    assert keys_path(workspace.directory).stat().st_mode & 0o077 == 0


# ----- locking -----


def test_lock_closes_everything_and_zeroes_the_key(workspace: Workspace) -> None:
    CaseService(workspace).create(CaseIntake(school="Lincoln Elementary"))
    engine = workspace.engine
    key = workspace._key
    assert key is not None
    view = key.bytes_view()  # the very buffer the key lives in
    assert any(view)

    workspace.lock()

    assert workspace.locked
    assert bytes(view) == bytes(32)
    assert key.wiped
    assert repr(key) == "SecretKey(<wiped>)"
    with pytest.raises(WorkspaceLockedError):
        workspace.session()
    with pytest.raises(WorkspaceLockedError):
        _ = workspace.engine
    with pytest.raises(WorkspaceLockedError):
        workspace.new_recovery_code(FAST_TEST_PARAMS)
    assert isinstance(engine.pool, QueuePool)
    assert engine.pool.checkedin() == 0
    # No connection is left: SQLite removes the WAL files when the last one closes.
    assert sorted(p.name for p in workspace.directory.iterdir()) == [
        "workspace.db",
        "workspace.keys",
    ]
    # The old engine cannot reconnect: its key is gone.
    with pytest.raises(ValueError, match="wiped"):
        engine.connect()
    workspace.lock()  # locking twice is harmless


def test_a_session_left_open_cannot_read_after_lock(workspace: Workspace) -> None:
    """A window that kept its session across the idle lock must not go on reading."""
    CaseService(workspace).create(CaseIntake(school="Lincoln Elementary"))
    session = workspace.session()
    assert session.scalars(select(Case)).all()  # holds its connection in a transaction
    workspace.lock()
    with pytest.raises(DBAPIError):
        session.scalars(select(Case)).all()
    session.close()
    with pytest.raises(ValueError, match="wiped"):
        session.scalars(select(Case)).all()
    assert sorted(p.name for p in workspace.directory.iterdir()) == [
        "workspace.db",
        "workspace.keys",
    ]


# ----- keys never in logs -----


def test_keys_never_reach_the_log(
    workspace_dir: Path, keyring_store: KeyringStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # SQLAlchemy defaults to WARN
    created = _create(workspace_dir, keyring_store)
    CaseService(created.workspace).create(CaseIntake(school="Lincoln Elementary"))
    created.workspace.lock()
    for credential in (
        Passphrase(PASSPHRASE),
        RecoveryCode(created.recovery_code),
        FromKeyring(keyring_store),
    ):
        workspace = Workspace.unlock(workspace_dir, credential)
        with workspace.session() as session:
            session.scalars(select(Case)).all()
        workspace.lock()

    key_hex = _key_hex(workspace_dir)
    logged = caplog.text + "".join(repr(r.args) for r in caplog.records)
    assert caplog.records  # something was logged at DEBUG, so the check means something
    for secret in (key_hex, key_hex.upper(), PASSPHRASE, created.recovery_code):
        assert secret not in logged
    for kek in keyring_store.backend.secrets.values():
        assert kek not in logged
