"""SQLCipher engine: every connection is keyed before it does anything else."""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from legal_desk.crypto.secret import SecretKey
from legal_desk.errors import DatabaseError

# Decrypted pages are cached per connection; a cache that holds the working set
# makes scans cost what they cost unencrypted (CONVENTIONS.md, measured 3.5x -> 1.0x).
CACHE_KIB = 64 * 1024


def _connect(path: Path, key: SecretKey, *, create: bool, read_only: bool) -> Any:
    # mode=rw never creates a file: opening a missing workspace must fail, not
    # silently start an empty one.
    mode = "ro" if read_only else ("rwc" if create else "rw")
    uri = f"file:{urllib.parse.quote(str(path))}?mode={mode}"
    try:
        conn = sqlcipher.connect(uri, uri=True, check_same_thread=False)
    except sqlcipher.OperationalError:
        raise DatabaseError(f"The database file {path.name} cannot be opened.") from None
    try:
        # The raw key must be the very first statement on the connection.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        conn.close()
        raise DatabaseError(
            f"The database {path.name} does not open with this key: it is damaged, or the "
            "key file belongs to another workspace. Nothing was changed."
        ) from None
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys = ON")
    # Temporary tables and sort spills stay in memory, never in a temp file.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA busy_timeout = 5000")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
        return conn
    # WAL keeps every committed transaction through a killed process; FULL syncs
    # the log on each commit so a power cut loses nothing committed either.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def make_engine(
    path: Path, key: SecretKey, *, create: bool = False, read_only: bool = False
) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        creator=lambda: _connect(path, key, create=create, read_only=read_only),
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN; emit it ourselves so
        # SAVEPOINT and write ordering behave (SQLAlchemy docs, "Serializable isolation").
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def checkpoint(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
