"""Key slots, as LUKS has them: the data key wrapped (AES-256-GCM) once per way to unlock.

The slot file holds only wrapped keys, salts and KDF parameters. Each slot's
associated data binds it to its workspace, slot id and kind, so a slot copied from
another workspace or relabelled does not decrypt.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from legal_desk.crypto import kdf, recovery
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.crypto.secret import SecretKey
from legal_desk.errors import (
    KeyringUnavailableError,
    KeySlotFileError,
    SlotPolicyError,
    WeakPassphraseError,
    WrongCredentialError,
)

FORMAT = "legal-desk-keyslots"
VERSION = 1
SlotKind = Literal["passphrase", "recovery", "keyring"]
KINDS: tuple[SlotKind, ...] = ("passphrase", "recovery", "keyring")
MIN_PASSPHRASE_LENGTH = 8
SALT_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text, validate=True)


@dataclass
class Slot:
    id: str
    kind: SlotKind
    nonce: bytes
    wrapped: bytes
    label: str = ""
    salt: bytes = b""
    kdf: kdf.KdfParams | None = None
    keyring_user: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }
        if self.kdf is not None:
            data["kdf"] = self.kdf.to_json()
            data["salt"] = _b64(self.salt)
        if self.keyring_user:
            data["keyring_user"] = self.keyring_user
        return data

    @classmethod
    def from_json(cls, data: Any) -> Slot:
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            raise ValueError("bad slot")
        kind: SlotKind = data["kind"]
        params = kdf.KdfParams.from_json(data["kdf"]) if kind != "keyring" else None
        slot = cls(
            id=str(data["id"]),
            kind=kind,
            label=str(data.get("label", "")),
            nonce=_unb64(data["nonce"]),
            wrapped=_unb64(data["wrapped"]),
            salt=_unb64(data["salt"]) if params else b"",
            kdf=params,
            keyring_user=str(data.get("keyring_user", "")),
        )
        if len(slot.nonce) != 12 or len(slot.wrapped) != 32 + 16:
            raise ValueError("bad slot sizes")
        # Argon2 refuses a salt under 8 bytes with a ValueError at unlock time;
        # catch a damaged salt here so it reads as a damaged file.
        if params is not None and len(slot.salt) != SALT_BYTES:
            raise ValueError("bad salt size")
        if kind == "keyring" and not slot.keyring_user:
            raise ValueError("keyring slot without a user")
        return slot


@dataclass
class KeySlots:
    workspace_id: str
    slots: list[Slot] = field(default_factory=list)

    # ----- file -----

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeySlotFileError(
                f"The key file {path.name} is missing from {path.parent}. "
                "Restore it from a backup; the workspace cannot be opened without it."
            ) from None
        except OSError as exc:
            raise KeySlotFileError(f"The key file cannot be read: {exc.strerror}.") from None
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT or data.get("version") != VERSION:
                raise ValueError("unknown format")
            workspace_id = str(uuid.UUID(str(data["workspace_id"])))
            slots = [Slot.from_json(s) for s in data["slots"]]
            if not slots:
                raise ValueError("no slots")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            # RecursionError: json.loads of deeply nested brackets.
            raise KeySlotFileError(
                f"The key file {path.name} is damaged and cannot be read. "
                "Nothing was changed; restore the file from a backup."
            ) from None
        return cls(workspace_id=workspace_id, slots=slots)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "workspace_id": self.workspace_id,
            "slots": [s.to_json() for s in self.slots],
        }

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half."""
        payload = json.dumps(self.to_json(), indent=2).encode()
        fd, tmp = tempfile.mkstemp(prefix=".keys-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # ----- wrapping -----

    def _aad(self, slot_id: str, kind: str) -> bytes:
        return f"{FORMAT}:{self.workspace_id}:{slot_id}:{kind}".encode()

    def _wrap(
        self, key: SecretKey, kek: bytes, slot_id: str, kind: SlotKind
    ) -> tuple[bytes, bytes]:
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(kek).encrypt(nonce, bytes(key.bytes_view()), self._aad(slot_id, kind))
        return nonce, wrapped

    def _unwrap(self, slot: Slot, kek: bytes) -> SecretKey | None:
        try:
            plain = AESGCM(kek).decrypt(slot.nonce, slot.wrapped, self._aad(slot.id, slot.kind))
        except InvalidTag:
            return None
        return SecretKey(plain)

    def _new_id(self) -> str:
        return secrets.token_hex(4)

    # ----- adding and removing -----

    def add_passphrase(
        self, key: SecretKey, passphrase: str, params: kdf.KdfParams, label: str = "Passphrase"
    ) -> Slot:
        check_passphrase(passphrase)
        return self._add_derived(key, passphrase.encode(), params, "passphrase", label)

    def add_recovery(self, key: SecretKey, params: kdf.KdfParams) -> tuple[Slot, str]:
        code = recovery.generate()
        slot = self._add_derived(
            key, recovery.normalize(code).encode(), params, "recovery", "Recovery code"
        )
        return slot, code

    def _add_derived(
        self, key: SecretKey, secret: bytes, params: kdf.KdfParams, kind: SlotKind, label: str
    ) -> Slot:
        slot_id = self._new_id()
        salt = secrets.token_bytes(SALT_BYTES)
        nonce, wrapped = self._wrap(key, kdf.derive(secret, salt, params), slot_id, kind)
        slot = Slot(slot_id, kind, nonce, wrapped, label=label, salt=salt, kdf=params)
        self.slots.append(slot)
        return slot

    def add_keyring(self, key: SecretKey, store: KeyringStore) -> Slot:
        if not store.is_usable():
            raise KeyringUnavailableError(
                "This computer has no usable keyring; use the passphrase instead."
            )
        slot_id = self._new_id()
        user = f"workspace-{self.workspace_id}-{slot_id}"
        kek = secrets.token_bytes(32)
        store.set(user, kek)
        nonce, wrapped = self._wrap(key, kek, slot_id, "keyring")
        slot = Slot(slot_id, "keyring", nonce, wrapped, label="OS keyring", keyring_user=user)
        self.slots.append(slot)
        return slot

    def remove(self, slot_id: str, store: KeyringStore | None = None) -> None:
        try:
            slot = self.find(slot_id)
        except KeyError:
            raise SlotPolicyError(f"This workspace has no key slot {slot_id!r}.") from None
        remaining = [s for s in self.slots if s.id != slot_id]
        if not any(s.kind in ("passphrase", "recovery") for s in remaining):
            raise SlotPolicyError(
                "Keep at least one passphrase or recovery code: a keyring alone can be lost."
            )
        self.slots = remaining
        if slot.kind == "keyring" and store is not None:
            store.delete(slot.keyring_user)

    def find(self, slot_id: str) -> Slot:
        for slot in self.slots:
            if slot.id == slot_id:
                return slot
        raise KeyError(slot_id)

    def has_id(self, slot_id: str) -> bool:
        return any(s.id == slot_id for s in self.slots)

    def has(self, kind: SlotKind) -> bool:
        return any(s.kind == kind for s in self.slots)

    # ----- unlocking -----

    def unlock_with_passphrase(self, passphrase: str) -> SecretKey:
        return self._unlock_derived(passphrase.encode(), "passphrase", "The passphrase is wrong.")

    def unlock_with_recovery(self, code: str) -> SecretKey:
        if not recovery.looks_valid(code):
            raise WrongCredentialError(
                "That is not a recovery code: it has 25 letters and digits, in five groups."
            )
        return self._unlock_derived(
            recovery.normalize(code).encode(), "recovery", "The recovery code is wrong."
        )

    def _unlock_derived(self, secret: bytes, kind: SlotKind, wrong: str) -> SecretKey:
        candidates = [s for s in self.slots if s.kind == kind]
        if not candidates:
            raise WrongCredentialError(f"This workspace has no {kind} slot.")
        for slot in candidates:
            assert slot.kdf is not None
            key = self._unwrap(slot, kdf.derive(secret, slot.salt, slot.kdf))
            if key is not None:
                return key
        raise WrongCredentialError(wrong)

    def passphrase_slots_opened_by(self, passphrase: str) -> list[str]:
        """Ids of the passphrase slots that `passphrase` opens (none: it is wrong)."""
        opened = []
        for slot in self.slots:
            if slot.kind != "passphrase" or slot.kdf is None:
                continue
            key = self._unwrap(slot, kdf.derive(passphrase.encode(), slot.salt, slot.kdf))
            if key is not None:
                key.wipe()
                opened.append(slot.id)
        return opened

    def unlock_with_keyring(self, store: KeyringStore) -> SecretKey:
        candidates = [s for s in self.slots if s.kind == "keyring"]
        if not candidates:
            raise KeyringUnavailableError(
                "This workspace is not set up to unlock from the keyring."
            )
        for slot in candidates:
            kek = store.get(slot.keyring_user)
            if kek is None or len(kek) != 32:
                continue
            key = self._unwrap(slot, kek)
            if key is not None:
                return key
        raise KeyringUnavailableError(
            "The keyring has no key for this workspace (it may have been deleted or this is "
            "another computer). Unlock with the passphrase or the recovery code."
        )


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphraseError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters."
        )
