"""Migrations: a new database reaches head, the models match, old workspaces upgrade safely."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.keyslots import KeySlots
from legal_desk.crypto.secret import SecretKey
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.storage import migrate
from legal_desk.storage.engine import make_engine
from legal_desk.workspace import BACKUP_DIR, Passphrase, Workspace, db_path, keys_path
from models import Base
from tests.conftest import PASSPHRASE


@pytest.fixture
def key() -> SecretKey:
    return SecretKey.generate()


@pytest.fixture
def empty_engine(tmp_path: Path, key: SecretKey) -> Iterator[Engine]:
    engine = make_engine(tmp_path / "empty.db", key, create=True)
    yield engine
    engine.dispose()


def _alembic_config(connection: object) -> Config:
    cfg = Config()
    location = resources.files("legal_desk.storage") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.attributes["connection"] = connection
    return cfg


def test_empty_encrypted_database_upgrades_to_head(empty_engine: Engine) -> None:
    assert migrate.current_revision(empty_engine) is None
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()
    assert not migrate.needs_upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_models_match_the_migrations(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def _old_workspace(directory: Path, key: SecretKey) -> None:
    """A workspace from before migrations: a keyed database at no revision, and its key file."""
    directory.mkdir()
    engine = make_engine(db_path(directory), key, create=True)
    with engine.connect():
        pass
    engine.dispose()
    slots = KeySlots(workspace_id=str(uuid.uuid4()))
    slots.add_passphrase(key, PASSPHRASE, FAST_TEST_PARAMS)
    slots.save(keys_path(directory))


def test_old_workspace_is_backed_up_then_migrated_on_unlock(
    workspace_dir: Path, key: SecretKey
) -> None:
    _old_workspace(workspace_dir, key)
    original = db_path(workspace_dir).read_bytes()

    workspace = Workspace.unlock(workspace_dir, Passphrase(PASSPHRASE))
    try:
        assert migrate.current_revision(workspace.engine) == migrate.head_revision()
    finally:
        workspace.lock()

    backups = sorted((workspace_dir / BACKUP_DIR).iterdir())
    [db_backup] = [p for p in backups if p.suffix == ".db"]
    [keys_backup] = [p for p in backups if p.suffix == ".keys"]
    assert "empty" in db_backup.name
    assert db_backup.read_bytes() == original  # taken before the schema changed
    assert keys_backup.read_bytes() == keys_path(workspace_dir).read_bytes()
    assert db_backup.stat().st_mode & 0o077 == 0
    # The backup is still encrypted and still at no revision.
    engine = make_engine(db_backup, key)
    try:
        assert migrate.current_revision(engine) is None
    finally:
        engine.dispose()


def test_downgraded_workspace_is_migrated_back_on_unlock(workspace: Workspace) -> None:
    CaseService(workspace).create(CaseIntake(school="Lincoln Elementary"))
    with workspace.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "base")
    directory = workspace.directory
    workspace.lock()

    reopened = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    try:
        assert migrate.current_revision(reopened.engine) == migrate.head_revision()
        assert CaseService(reopened).list() == []  # the schema is back, empty
    finally:
        reopened.lock()
    assert any(p.suffix == ".db" for p in (directory / BACKUP_DIR).iterdir())


def test_current_workspace_unlocks_without_a_backup(workspace: Workspace) -> None:
    directory = workspace.directory
    workspace.lock()
    Workspace.unlock(directory, Passphrase(PASSPHRASE)).lock()
    assert not (directory / BACKUP_DIR).exists()
