"""Encrypted, verified copies of a workspace, and restoring one into a new folder.

A backup is a folder that is itself a workspace: the database exported by SQLCipher
into a file keyed with the same data key, and a copy of the key-slot file, so the
same passphrase or recovery code opens it. Nothing is written in plain text: no
manifest, no temp file. A copy counts as made only once it has been reopened and
found equal to the live workspace (row counts per table, every stored file's
SHA-256), and a folder that fails that check is deleted.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from legal_desk.crypto.secret import SecretKey
from legal_desk.errors import DatabaseError, LegalDeskError
from legal_desk.storage.engine import make_engine
from legal_desk.storage.integrity import verify
from legal_desk.workspace import (
    DB_NAME,
    KEYS_NAME,
    Credential,
    Workspace,
    db_path,
    exists,
    keys_path,
    unwrap_key,
)

PREFIX = "legal-desk-backup-"
STAMP = "%Y%m%dT%H%M%SZ"
_PARTIAL = ".partial"


class BackupError(LegalDeskError):
    """A backup or restore could not be completed; nothing half-made is left behind."""


class BackupCancelledError(BackupError):
    pass


@dataclass(frozen=True)
class Contents:
    """What a copy must match: rows per table and every stored file's hash."""

    rows: dict[str, int]
    blobs: dict[int, str]  # document_blob id -> SHA-256 as recorded

    @property
    def documents(self) -> int:
        return self.rows.get("document", 0)


@dataclass(frozen=True)
class Backup:
    folder: Path
    made_at: datetime
    contents: Contents

    @property
    def size(self) -> int:
        return sum(f.stat().st_size for f in self.folder.iterdir() if f.is_file())


def folder_name(when: datetime, label: str = "") -> str:
    suffix = f"-{label}" if label else ""
    return f"{PREFIX}{when.astimezone(UTC).strftime(STAMP)}{suffix}"


def made_at(folder: Path) -> datetime | None:
    """When a backup folder was made, read from its name; None for other folders."""
    name = folder.name
    if not name.startswith(PREFIX) or name.endswith(_PARTIAL):
        return None
    stamp = name[len(PREFIX) :][: len("20260101T000000Z")]
    try:
        return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _tables(conn: Any, schema: str = "main") -> list[str]:
    rows = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _contents(conn: Any, schema: str = "main") -> Contents:
    rows = {
        table: int(conn.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0])
        for table in _tables(conn, schema)
    }
    blobs: dict[int, str] = {}
    if "document_blob" in rows:
        for blob_id, sha in conn.execute(f"SELECT id, sha256 FROM {schema}.document_blob"):
            blobs[int(blob_id)] = str(sha)
    return Contents(rows=rows, blobs=blobs)


def _rehash(conn: Any, cancel: Callable[[], bool] | None = None) -> list[str]:
    """Stored files whose bytes no longer match their recorded SHA-256."""
    bad: list[str] = []
    tables = _tables(conn)
    if "document_blob" not in tables:
        return bad
    cursor = conn.execute("SELECT id, document_id, sha256, data FROM document_blob")
    for blob_id, document_id, sha, data in cursor:
        _check(cancel)
        if hashlib.sha256(bytes(data)).hexdigest() != sha:
            bad.append(f"stored file {blob_id} of document {document_id}")
    return bad


@contextmanager
def _raw(workspace: Workspace) -> Iterator[Any]:
    raw = workspace.engine.raw_connection()
    try:
        yield raw.driver_connection
    finally:
        raw.close()


def export_into(
    conn: Any,
    target: Path,
    key: SecretKey,
    *,
    immediate: bool = False,
) -> Contents:
    """Export the database of the DB-API connection `conn` into a new file `target`
    keyed with `key`; returns what was exported, counted in the same snapshot as the
    export itself. `immediate` also holds off every writer while it runs."""
    conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(target), f"x'{key.hex()}'"))
    try:
        conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            contents = _contents(conn)
            conn.execute("SELECT sqlcipher_export('backup')")
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA backup.user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE backup")
    return contents


def _check(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise BackupCancelledError("The backup was cancelled; nothing was kept.")


def check_copy(
    folder: Path,
    key: SecretKey,
    expected: Contents | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[str]:
    """Problems with the copy in `folder` (empty when it is sound): it opens with the
    key, passes `verify` (pages, integrity, audit chain), every stored file matches its
    hash, and, given `expected`, it holds the same rows and files."""
    problems: list[str] = []
    report = verify(db_path(folder), key)
    problems += [f"{c.name}: {c.detail}" for c in report.checks if not c.ok]
    if problems:
        return problems
    engine = make_engine(db_path(folder), key, read_only=True)
    try:
        with engine.connect() as connection:
            conn = connection.connection.driver_connection
            found = _contents(conn)
            problems += _rehash(conn, cancel)
    finally:
        engine.dispose()
    if expected is not None:
        for table, count in sorted(expected.rows.items()):
            got = found.rows.get(table)
            if got != count:
                problems.append(f"table {table}: {got} rows in the copy, {count} in the workspace")
        if found.blobs != expected.blobs:
            problems.append("the stored files differ from the workspace's")
    return problems


def make_backup(
    workspace: Workspace,
    destination: Path,
    *,
    label: str = "",
    now: datetime | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Backup:
    """Write a verified, encrypted copy of the workspace into a new folder under
    `destination` and return it. On any failure the half-made folder is removed and a
    `BackupError` says why; the workspace itself is only read."""
    when = now or workspace.clock()
    try:
        destination.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(
            f"The backup folder {destination} cannot be made: {exc.strerror}."
        ) from None
    if destination.resolve() == workspace.directory.resolve():
        raise BackupError("Choose a backup folder other than the workspace folder itself.")
    final = destination / folder_name(when, label)
    if final.exists():
        raise BackupError(f"A backup named {final.name} already exists.")
    partial = final.with_name(final.name + _PARTIAL)
    shutil.rmtree(partial, ignore_errors=True)
    # The same data key, so the workspace's passphrase and recovery code open the copy.
    # A copy of it, wiped at the end: locking the window wipes the live key in place.
    key = workspace.data_key().copy()
    try:
        partial.mkdir(mode=0o700)
        with _raw(workspace) as conn:
            _check(cancel)
            contents = export_into(conn, partial / DB_NAME, key)
        shutil.copyfile(keys_path(workspace.directory), partial / KEYS_NAME)
        _check(cancel)
        problems = check_copy(partial, key, contents, cancel)
        if problems:
            raise BackupError("The backup did not verify: " + "; ".join(problems[:3]))
        partial.rename(final)
    except BaseException as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise BackupError(
                f"The backup could not be written to {destination}: {reason}."
            ) from None
        if isinstance(exc, (sqlcipher.Error, DatabaseError)):
            raise BackupError(f"The backup could not be made: {exc}.") from None
        raise
    finally:
        key.wipe()
    return Backup(folder=final, made_at=when, contents=contents)


@dataclass(frozen=True)
class Restored:
    directory: Path
    contents: Contents
    replaced_to: Path | None


def _check_source(source: Path, credential: Credential) -> Contents:
    if not (db_path(source).is_file() and keys_path(source).is_file()):
        raise BackupError(f"{source} is not a Legal Desk backup (no {DB_NAME} and {KEYS_NAME}).")
    _slots, key = unwrap_key(source, credential)
    try:
        problems = check_copy(source, key)
        if problems:
            raise BackupError(
                f"The backup in {source} is damaged and was not restored: "
                + "; ".join(problems[:3])
            )
        engine = make_engine(db_path(source), key, read_only=True)
        try:
            with engine.connect() as connection:
                return _contents(connection.connection.driver_connection)
        finally:
            engine.dispose()
    finally:
        key.wipe()


def restore(
    source: Path, target: Path, credential: Credential, *, replace: bool = False
) -> Restored:
    """Verify the backup in `source` and copy it into `target`.

    `target` must be a new or empty folder unless `replace` is given (the caller has
    asked the user); a workspace already there is then moved aside, not deleted, into
    a sibling folder whose name says when it was replaced."""
    contents = _check_source(source, credential)
    replaced_to: Path | None = None
    if exists(target):
        if not replace:
            raise BackupError(
                f"A workspace is already in {target}. Restore into a new folder, or confirm "
                "that it should be replaced (it is kept aside, not deleted)."
            )
        stamp = datetime.now(UTC).strftime(STAMP)
        replaced_to = target.with_name(f"{target.name}-replaced-{stamp}")
        replaced_to.mkdir(mode=0o700)
        for name in (DB_NAME, KEYS_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
            if (target / name).exists():
                (target / name).rename(replaced_to / name)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        for name in (DB_NAME, KEYS_NAME):
            incoming = target / (name + _PARTIAL)
            shutil.copyfile(source / name, incoming)
            incoming.chmod(0o600)
        for name in (DB_NAME, KEYS_NAME):
            (target / (name + _PARTIAL)).rename(target / name)
    except OSError as exc:
        for name in (DB_NAME, KEYS_NAME):
            with suppress(OSError):
                (target / (name + _PARTIAL)).unlink()
        if replaced_to is not None:  # put the workspace that was there back
            for moved in replaced_to.iterdir():
                with suppress(OSError):
                    moved.rename(target / moved.name)
        raise BackupError(
            f"The backup could not be copied into {target}: {exc.strerror}. Nothing was changed."
        ) from None
    return Restored(directory=target, contents=contents, replaced_to=replaced_to)
