"""Key slots: each way in wraps the same data key, bound to its workspace and kind."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import keyring.backends.fail
import keyring.backends.null
import pytest

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.keyslots import KeySlots, check_passphrase
from legal_desk.crypto.secret import SecretKey
from legal_desk.errors import (
    KeyringUnavailableError,
    KeySlotFileError,
    LegalDeskError,
    SlotPolicyError,
    WeakPassphraseError,
    WrongCredentialError,
)
from tests.conftest import PASSPHRASE, MemoryKeyring


@pytest.fixture
def key() -> SecretKey:
    return SecretKey.generate()


@pytest.fixture
def slots(key: SecretKey) -> tuple[KeySlots, str]:
    slots = KeySlots(workspace_id=str(uuid.uuid4()))
    slots.add_passphrase(key, PASSPHRASE, FAST_TEST_PARAMS)
    _, code = slots.add_recovery(key, FAST_TEST_PARAMS)
    return slots, code


def test_every_slot_unwraps_the_same_key(
    key: SecretKey, slots: tuple[KeySlots, str], keyring_store: KeyringStore
) -> None:
    keyslots, code = slots
    keyslots.add_keyring(key, keyring_store)
    assert keyslots.unlock_with_passphrase(PASSPHRASE) == key
    assert keyslots.unlock_with_recovery(code) == key
    assert keyslots.unlock_with_keyring(keyring_store) == key


def test_save_and_load_round_trip_without_leftovers(
    key: SecretKey, slots: tuple[KeySlots, str], tmp_path: Path
) -> None:
    keyslots, code = slots
    path = tmp_path / "workspace.keys"
    keyslots.save(path)
    keyslots.save(path)  # replacing an existing file works too
    assert [p.name for p in tmp_path.iterdir()] == ["workspace.keys"]
    loaded = KeySlots.load(path)
    assert loaded.workspace_id == keyslots.workspace_id
    assert loaded.unlock_with_recovery(code) == key
    assert path.stat().st_mode & 0o077 == 0


def test_a_slot_copied_into_another_workspace_does_not_open(
    slots: tuple[KeySlots, str],
) -> None:
    keyslots, _ = slots
    stranger = KeySlots(workspace_id=str(uuid.uuid4()), slots=list(keyslots.slots))
    with pytest.raises(WrongCredentialError):
        stranger.unlock_with_passphrase(PASSPHRASE)


def test_a_relabelled_slot_does_not_open(slots: tuple[KeySlots, str], tmp_path: Path) -> None:
    """A recovery slot relabelled as a passphrase slot fails: the kind is authenticated."""
    keyslots, code = slots
    path = tmp_path / "workspace.keys"
    keyslots.save(path)
    data = json.loads(path.read_text())
    for slot in data["slots"]:
        slot["kind"] = "passphrase"
    path.write_text(json.dumps(data))
    with pytest.raises(WrongCredentialError):
        KeySlots.load(path).unlock_with_passphrase(code.replace("-", ""))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"format": "legal-desk-keyslots", "version": 2}',
        b'{"format": "legal-desk-keyslots", "version": 1, "workspace_id": "x", "slots": []}',
    ],
)
def test_unreadable_files_are_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "workspace.keys"
    path.write_bytes(content)
    with pytest.raises(KeySlotFileError, match="damaged"):
        KeySlots.load(path)


def test_wrong_credentials(slots: tuple[KeySlots, str], keyring_store: KeyringStore) -> None:
    keyslots, _ = slots
    with pytest.raises(WrongCredentialError, match="passphrase is wrong"):
        keyslots.unlock_with_passphrase("not the passphrase")
    with pytest.raises(WrongCredentialError, match="25 letters"):
        keyslots.unlock_with_recovery("1234")
    with pytest.raises(KeyringUnavailableError, match="not set up"):
        keyslots.unlock_with_keyring(keyring_store)


def test_the_last_human_slot_cannot_be_removed(
    key: SecretKey, slots: tuple[KeySlots, str], keyring_store: KeyringStore
) -> None:
    keyslots, _ = slots
    keyslots.add_keyring(key, keyring_store)
    passphrase, recovery, _ring = keyslots.slots
    keyslots.remove(recovery.id)
    with pytest.raises(SlotPolicyError, match="keyring alone can be lost"):
        keyslots.remove(passphrase.id)
    assert [s.kind for s in keyslots.slots] == ["passphrase", "keyring"]


def test_refusals_are_user_facing_and_still_value_errors() -> None:
    """The UI shows LegalDeskError messages; older callers catch ValueError."""
    with pytest.raises(WeakPassphraseError) as raised:
        check_passphrase("short")
    assert isinstance(raised.value, LegalDeskError)
    assert isinstance(raised.value, ValueError)
    assert issubclass(SlotPolicyError, LegalDeskError)
    assert issubclass(SlotPolicyError, ValueError)


# ----- keyring backends -----


def test_memory_keyring_is_usable_and_leaves_no_probe(memory_keyring: MemoryKeyring) -> None:
    assert KeyringStore(memory_keyring).is_usable()
    assert memory_keyring.secrets == {}


@pytest.mark.parametrize(
    "backend", [keyring.backends.null.Keyring, keyring.backends.fail.Keyring], ids=["null", "fail"]
)
def test_untrustworthy_keyrings_are_refused(key: SecretKey, backend: type) -> None:
    store = KeyringStore(backend())
    assert not store.is_usable()
    assert store.get("anyone") is None
    keyslots = KeySlots(workspace_id=str(uuid.uuid4()))
    with pytest.raises(KeyringUnavailableError, match="no usable keyring"):
        keyslots.add_keyring(key, store)
    assert keyslots.slots == []


def test_a_garbled_keyring_entry_reads_as_missing(
    key: SecretKey, memory_keyring: MemoryKeyring, keyring_store: KeyringStore
) -> None:
    keyslots = KeySlots(workspace_id=str(uuid.uuid4()))
    slot = keyslots.add_keyring(key, keyring_store)
    memory_keyring.secrets[(keyring_store.service, slot.keyring_user)] = "%%% not base64"
    with pytest.raises(KeyringUnavailableError):
        keyslots.unlock_with_keyring(keyring_store)
