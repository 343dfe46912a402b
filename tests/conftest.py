"""Shared fixtures: real SQLCipher workspaces in temp dirs and an in-memory keyring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.workspace import Workspace

PASSPHRASE = "correct horse battery"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in a dict (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test may touch the real data folder or the developer's keyring."""
    monkeypatch.setenv("LEGAL_DESK_HOME", str(tmp_path_factory.mktemp("home")))
    # The audit anchors live in the user's state folder (platformdirs reads XDG on Linux).
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("LEGAL_DESK_PASSPHRASE", raising=False)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def keyring_store(memory_keyring: MemoryKeyring) -> KeyringStore:
    return KeyringStore(memory_keyring)


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


@pytest.fixture
def workspace(workspace_dir: Path) -> Iterator[Workspace]:
    created = Workspace.create(
        workspace_dir,
        PASSPHRASE,
        kdf_params=FAST_TEST_PARAMS,
        os_user="tester",
        display_name="Tess Tester",
    )
    yield created.workspace
    created.workspace.lock()
