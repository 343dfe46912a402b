"""Schema migrations (Alembic), run on an already keyed connection.

Reading which revision a workspace is at, and which revisions exist, is done without
Alembic: importing it costs about 0.1 s of every start, and it is needed only on the
rare start that upgrades a workspace.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

_REVISION = re.compile(r"^revision\b[^=]*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\b[^=]*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


def _versions() -> Path:
    return Path(str(resources.files("legal_desk.storage") / "migrations" / "versions"))


@functools.cache
def _revisions() -> dict[str, str | None]:
    """Each revision of ours and the one it follows, read from the revision files."""
    found: dict[str, str | None] = {}
    for script in sorted(_versions().glob("[0-9]*.py")):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            raise RuntimeError(f"{script.name} does not name its revision")
        found[revision.group(1)] = down.group(1)
    return found


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    location = resources.files("legal_desk.storage") / "migrations"
    cfg.set_main_option("script_location", str(Path(str(location))))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    revisions = _revisions()
    followed = set(revisions.values())
    heads = [r for r in revisions if r not in followed]
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {heads}")
    return heads[0]


def is_known(revision: str) -> bool:
    """Whether `revision` is one of ours (an unknown one was written by a newer version)."""
    return revision in _revisions()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if has_table is None:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)


def autogenerate(engine: Engine, message: str, rev_id: str) -> None:
    """Developer tool: write a new revision from the models (see `make migration`)."""
    from alembic import command

    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True, rev_id=rev_id)
