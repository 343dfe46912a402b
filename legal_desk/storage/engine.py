"""SQLCipher engine: every connection is keyed before it does anything else."""

from __future__ import annotations

import contextlib
import urllib.parse
import weakref
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
_SQLITE_CORRUPT = 11
# Every raw connection each engine opened and has not closed yet (see close_all).
_OPENED: weakref.WeakKeyDictionary[Engine, set[Any]] = weakref.WeakKeyDictionary()


def _connect(
    path: Path,
    key: SecretKey,
    *,
    create: bool,
    read_only: bool,
    immutable: bool = False,
    probe: bool = False,
) -> Any:
    if probe and not create and not read_only:
        # Prove the key first on a connection that cannot write. A read-write
        # connection that fails to decrypt still opens a leftover -wal, and closing
        # it checkpoints that log into the database: a failed unlock would change it.
        _connect(path, key, create=False, read_only=True, immutable=True, probe=True).close()
    # mode=rw never creates a file: opening a missing workspace must fail, not
    # silently start an empty one.
    mode = "ro" if read_only else ("rwc" if create else "rw")
    uri = f"file:{urllib.parse.quote(str(path))}?mode={mode}"
    if read_only and (immutable or not any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm"))):
        # No connection has it open (WAL connections keep these files). A plain
        # read-only open would still leave new -wal and -shm files behind, and fail
        # on read-only media; `immutable` reads the file and creates nothing.
        uri += "&immutable=1"
    try:
        conn = sqlcipher.connect(uri, uri=True, check_same_thread=False)
    except sqlcipher.OperationalError:
        raise DatabaseError(f"The database file {path.name} cannot be opened.") from None
    try:
        # The raw key must be the very first statement on the connection.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # SQLCipher would print a line per failed page to stderr; every failure
        # already reaches the user as our own message (or `verify`'s report).
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        if probe and read_only and getattr(exc, "sqlite_errorcode", None) == _SQLITE_CORRUPT:
            # Page 1 decrypted and authenticated, so the key is this database's. The
            # rest reads as damaged only because this probe ignores the -wal: after a
            # checkpoint cut short (a full disk, a crash) the file is whole only with
            # its log, which the real connection reads. A wrong key is SQLITE_NOTADB.
            return conn
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
    opened: set[Any] = set()
    probed: list[bool] = []

    def creator() -> Any:
        # Only the engine's first connection needs the read-only probe: once the key
        # has opened this file, later connections cannot meet a stranger's log.
        conn = _connect(path, key, create=create, read_only=read_only, probe=not probed)
        probed.append(True)
        opened.add(conn)
        return conn

    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        creator=creator,
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        # An error's text must not quote the values being written (they are case data).
        hide_parameters=True,
    )

    explicit_transactions(engine)

    @event.listens_for(engine, "close")
    def _on_close(dbapi_conn: Any, _record: Any) -> None:
        opened.discard(dbapi_conn)

    @event.listens_for(engine, "close_detached")
    def _on_close_detached(dbapi_conn: Any) -> None:
        opened.discard(dbapi_conn)

    _OPENED[engine] = opened
    return engine


def explicit_transactions(engine: Engine) -> None:
    """pysqlite's own transaction handling defers BEGIN; emit it ourselves so SAVEPOINT
    and write ordering behave (SQLAlchemy docs, "Serializable isolation"), and a
    session's reads are one read transaction, not one per statement."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def close_all(engine: Engine) -> None:
    """Close every connection, including ones a session still holds.

    `Engine.dispose()` only closes idle connections: a session in the middle of a
    transaction would keep reading the decrypted database after the workspace locks.
    """
    engine.dispose()
    for conn in list(_OPENED.get(engine, ())):
        with contextlib.suppress(sqlcipher.Error):
            conn.close()
    _OPENED.pop(engine, None)


def checkpoint(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
