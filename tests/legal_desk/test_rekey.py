"""Rekey: a new data key for a suspected compromise; the old key opens nothing after."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.secret import SecretKey
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import DatabaseError, UnlockError, WrongCredentialError
from legal_desk.rekey import rekey
from legal_desk.services.cases import CaseIntake, CaseService, detail
from legal_desk.storage import swap
from legal_desk.storage.engine import make_engine
from legal_desk.storage.integrity import verify
from legal_desk.workspace import (
    DB_NAME,
    KEYS_NAME,
    FromKeyring,
    Passphrase,
    RecoveryCode,
    Workspace,
    db_path,
    keys_path,
    unwrap_key,
)
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import snapshot
from tests.ui.case.helpers import make_pdf


def _made(directory: Path, store: KeyringStore | None = None) -> tuple[int, SecretKey, str]:
    created = Workspace.create(
        directory, PASSPHRASE, keyring_store=store, kdf_params=FAST_TEST_PARAMS, os_user="t"
    )
    workspace = created.workspace
    case_id = CaseService(workspace).create(CaseIntake(school="Rekey Elementary"))
    DocumentStore(workspace).attach(case_id, "w.pdf", make_pdf("Rekey warrant"))
    old_key = SecretKey(bytes(workspace.data_key().bytes_view()))
    workspace.lock()
    return case_id, old_key, created.recovery_code


def test_after_a_rekey_only_the_new_key_opens_the_workspace(tmp_path: Path) -> None:
    directory = tmp_path / "ws"
    case_id, old_key, old_code = _made(directory)
    old_keys_file = tmp_path / "old.keys"
    shutil.copyfile(keys_path(directory), old_keys_file)

    done = rekey(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS)

    workspace = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    try:
        assert detail(workspace, case_id).facts.school == "Rekey Elementary"
        assert DocumentStore(workspace).original_bytes(1).startswith(b"%PDF")
        assert workspace.data_key() != old_key
    finally:
        workspace.lock()
    assert verify(db_path(directory), _key(directory)).ok
    with pytest.raises(DatabaseError), make_engine(db_path(directory), old_key).connect():
        pass
    with pytest.raises(UnlockError):
        Workspace.unlock(directory, RecoveryCode(old_code))
    Workspace.unlock(directory, RecoveryCode(done.recovery_code)).lock()
    # The old key file, put back, unwraps the old key, which no longer opens the data.
    shutil.copyfile(old_keys_file, keys_path(directory))
    with pytest.raises(DatabaseError):
        Workspace.unlock(directory, Passphrase(PASSPHRASE))
    assert sorted(p.name for p in directory.iterdir() if p.is_dir()) in ([], ["backups"])


def _key(directory: Path) -> SecretKey:
    return unwrap_key(directory, Passphrase(PASSPHRASE))[1]


def test_a_wrong_passphrase_changes_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "ws"
    _made(directory)
    before = snapshot(directory)
    with pytest.raises(WrongCredentialError):
        rekey(directory, "not the passphrase at all", kdf_params=FAST_TEST_PARAMS)
    assert snapshot(directory) == before


def test_the_keyring_slot_is_replaced(tmp_path: Path, keyring_store: KeyringStore) -> None:
    directory = tmp_path / "ws"
    _made(directory, keyring_store)
    done = rekey(directory, PASSPHRASE, keyring_store=keyring_store, kdf_params=FAST_TEST_PARAMS)
    assert done.keyring
    Workspace.unlock(directory, FromKeyring(keyring_store)).lock()
    users = {user for (_service, user) in keyring_store.backend.secrets}  # type: ignore[attr-defined]
    assert len([u for u in users if u.startswith("workspace-")]) == 1  # the old one is gone


def test_a_crash_before_the_commit_leaves_the_old_workspace(tmp_path: Path) -> None:
    directory = tmp_path / "ws"
    case_id, _old_key, _code = _made(directory)
    staged = swap.staging(directory)
    (staged / DB_NAME).write_bytes(b"half-written")
    workspace = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    assert detail(workspace, case_id).facts.school == "Rekey Elementary"
    workspace.lock()
    assert not staged.exists()


def test_a_crash_after_the_commit_is_finished_on_next_open(tmp_path: Path) -> None:
    directory = tmp_path / "ws"
    case_id, _old_key, _code = _made(directory)
    # Rekey a copy to get a committed pair, then stage it as if the process died
    # right after the commit rename, before the files were moved into place.
    other = tmp_path / "copy"
    shutil.copytree(directory, other)
    rekey(other, PASSPHRASE, kdf_params=FAST_TEST_PARAMS)
    ready = directory / swap.PENDING
    ready.mkdir()
    shutil.copyfile(db_path(other), ready / DB_NAME)
    shutil.copyfile(keys_path(other), ready / KEYS_NAME)
    # Half the move done: the database is already new, the key file still old.
    (ready / DB_NAME).replace(db_path(directory))

    workspace = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    assert detail(workspace, case_id).facts.school == "Rekey Elementary"
    workspace.lock()
    assert not ready.exists()
