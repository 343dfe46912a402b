"""Encryption at rest: nothing a user typed reaches a file in readable form."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.workspace import Passphrase, Workspace, db_path
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import Markers, markers, store_marked_case

SQLITE_HEADER = b"SQLite format 3\0"
ENCODINGS = ("utf-8", "utf-16-le")
MAX_SCANNED_BYTES = 256 * 1024 * 1024


def _needles(m: Markers) -> list[tuple[str, bytes]]:
    return [(f"{text} ({enc})", text.encode(enc)) for text in m.all() for enc in ENCODINGS]


def _files_under(root: Path, since: float) -> Iterator[Path]:
    for dirpath, _dirs, files in os.walk(root, onerror=lambda _e: None):
        for name in files:
            path = Path(dirpath) / name
            try:
                st = path.lstat()
            except OSError:
                continue  # vanished, or another user's file
            if path.is_symlink() or not path.is_file() or st.st_size > MAX_SCANNED_BYTES:
                continue
            if st.st_mtime >= since:
                yield path


def _leaks(paths: Iterator[Path], needles: list[tuple[str, bytes]]) -> list[str]:
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found += [f"{path}: {label}" for label, needle in needles if needle in data]
    return found


@pytest.fixture
def started() -> float:
    # mtime granularity: anything written from now on counts.
    return time.time() - 2


def test_no_marker_reaches_any_file_while_open_or_after_lock(
    workspace_dir: Path, started: float
) -> None:
    m = markers(uuid.uuid4().hex)
    workspace = Workspace.create(workspace_dir, PASSPHRASE, kdf_params=FAST_TEST_PARAMS).workspace
    store_marked_case(workspace, m)
    needles = _needles(m)
    try:
        # While open, fresh pages sit in the -wal file: they must be encrypted too.
        open_files = {p.name for p in workspace_dir.iterdir()}
        assert {"workspace.db-wal", "workspace.db-shm"} <= open_files
        assert _leaks(_files_under(workspace_dir, 0), needles) == []
        assert _leaks(_files_under(Path(tempfile.gettempdir()), started), needles) == []
    finally:
        workspace.lock()

    reopened = Workspace.unlock(workspace_dir, Passphrase(PASSPHRASE))
    reopened.lock()
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db_path(workspace_dir)}{suffix}")
        if path.exists():
            assert _leaks(iter([path]), needles) == []
    assert _leaks(_files_under(workspace_dir, 0), needles) == []
    assert _leaks(_files_under(Path(tempfile.gettempdir()), started), needles) == []


def test_marker_check_would_catch_a_plaintext_database(tmp_path: Path) -> None:
    """The scan above is only worth something if it finds a marker when one is there."""
    m = markers(uuid.uuid4().hex)
    plain = tmp_path / "plain.db"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (a TEXT, b BLOB)")
        conn.execute("INSERT INTO t VALUES (?, ?)", (m.notes, m.school.encode("utf-16-le")))
    conn.close()
    leaks = _leaks(iter([plain]), _needles(m))
    assert any(m.notes in leak for leak in leaks)
    assert any(f"{m.school} (utf-16-le)" in leak for leak in leaks)


def test_database_file_is_not_readable_as_sqlite(workspace: Workspace) -> None:
    path = db_path(workspace.directory)
    workspace.lock()
    assert path.read_bytes()[:16] != SQLITE_HEADER
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT name FROM sqlite_master").fetchall()
    finally:
        conn.close()
