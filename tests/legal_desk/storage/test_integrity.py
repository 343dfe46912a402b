"""`verify`: reports damage precisely and never changes what it checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from legal_desk.crypto.secret import SecretKey
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.storage.integrity import Report, verify
from legal_desk.workspace import Passphrase, Workspace, db_path, unwrap_key
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import PAGE_SIZE, flip_byte, snapshot


@pytest.fixture
def closed(workspace: Workspace) -> Path:
    """A locked workspace with some cases in it."""
    for school in ("Lincoln Elementary", "Adams Middle", "Jefferson High"):
        CaseService(workspace).create(CaseIntake(school=school, notes="n" * 2000))
    workspace.lock()
    return workspace.directory


@pytest.fixture
def key(closed: Path) -> Iterator[SecretKey]:
    _, key = unwrap_key(closed, Passphrase(PASSPHRASE))
    yield key
    key.wipe()


def _verify_untouched(directory: Path, key: SecretKey) -> Report:
    before = snapshot(directory)
    report = verify(db_path(directory), key)
    assert snapshot(directory) == before, "verify changed or created a file"
    return report


def _check(report: Report, name: str) -> str:
    [line] = [line for line in report.lines() if f" {name}:" in line]
    return line


def test_good_workspace_passes_every_check(closed: Path, key: SecretKey) -> None:
    report = _verify_untouched(closed, key)
    assert report.ok
    assert [c.name for c in report.checks] == [
        "cipher_integrity_check",
        "integrity_check",
        "audit chain",
    ]
    assert "unbroken" in _check(report, "audit chain")


def test_verify_works_while_the_workspace_is_open(closed: Path, key: SecretKey) -> None:
    workspace = Workspace.unlock(closed, Passphrase(PASSPHRASE))
    try:
        CaseService(workspace).create(CaseIntake(school="Open Elementary"))
        report = verify(db_path(closed), key)
        assert report.ok, report.lines()
    finally:
        workspace.lock()


def test_tampered_event_is_named(closed: Path, key: SecretKey) -> None:
    workspace = Workspace.unlock(closed, Passphrase(PASSPHRASE))
    with workspace.transaction() as session:
        session.connection().exec_driver_sql("UPDATE audit_event SET summary='x' WHERE seq=3")
    workspace.lock()
    report = _verify_untouched(closed, key)
    assert not report.ok
    assert _check(report, "audit chain").startswith("FAIL")
    assert "event 3" in _check(report, "audit chain")
    assert _check(report, "cipher_integrity_check").startswith("ok")


def test_flipped_byte_in_a_middle_page_is_reported(closed: Path, key: SecretKey) -> None:
    path = db_path(closed)
    pages = path.stat().st_size // PAGE_SIZE
    assert pages >= 4
    flip_byte(path, 2 * PAGE_SIZE + 1000)  # page 3
    report = _verify_untouched(closed, key)
    assert not report.ok
    assert "page 3" in _check(report, "cipher_integrity_check")


def test_flipped_byte_in_the_first_page_is_reported(closed: Path, key: SecretKey) -> None:
    flip_byte(db_path(closed), 1000)
    report = _verify_untouched(closed, key)
    assert not report.ok
    assert _check(report, "decrypt").startswith("FAIL")


def test_wrong_key_is_reported_not_raised(closed: Path) -> None:
    report = _verify_untouched(closed, SecretKey.generate())
    assert not report.ok
    assert "does not open with this key" in _check(report, "decrypt")


def test_empty_database_file_is_reported(closed: Path, key: SecretKey) -> None:
    db_path(closed).write_bytes(b"")
    report = _verify_untouched(closed, key)
    assert not report.ok
    assert "empty" in _check(report, "decrypt")
