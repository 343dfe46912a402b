"""Schema migrations (Alembic), run on an already keyed connection."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    location = resources.files("legal_desk.storage") / "migrations"
    cfg.set_main_option("script_location", str(Path(str(location))))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def is_known(revision: str) -> bool:
    """Whether `revision` is one of ours (an unknown one was written by a newer version)."""
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)


def autogenerate(engine: Engine, message: str, rev_id: str) -> None:
    """Developer tool: write a new revision from the models (see `make migration`)."""
    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True, rev_id=rev_id)
