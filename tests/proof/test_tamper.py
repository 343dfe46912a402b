"""Tamper evidence: damage to a copy of a real workspace is reported by `verify`, which
never raises and never changes the file; an edited audit event is named by its seq
(issue 7, reliability suite). `make test` runs a few seeded rounds; `make proof` 200.
"""

from __future__ import annotations

import collections
import random
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.crypto.secret import SecretKey
from legal_desk.documents import specimens
from legal_desk.documents.store import DocumentStore
from legal_desk.services.cases import CaseIntake, CaseService, StaffFacts, StudentFacts
from legal_desk.services.classification import ClassificationService
from legal_desk.storage.integrity import Report, verify
from legal_desk.workspace import Passphrase, Workspace, db_path, unwrap_key
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import PAGE_SIZE, sha256_of, snapshot

FILES = ("workspace.db", "workspace.keys")


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace as an office would have it: cases with people, documents (PDFs and
    a photo), checker results; closed, so the database is one file."""
    directory = tmp_path_factory.mktemp("tamper") / "ws"
    workspace = Workspace.create(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS).workspace
    try:
        cases = CaseService(workspace)
        store = DocumentStore(workspace)
        checker = ClassificationService(workspace)
        warrant = specimens.administrative_warrant_pdf(
            specimens.AdministrativeWarrant(issued=date(2026, 3, 2))
        )
        search = specimens.judicial_search_warrant_pdf(
            specimens.SearchWarrant(
                issued=datetime(2026, 3, 2, 21, 40, tzinfo=UTC), execute_by=date(2026, 3, 16)
            )
        )
        photo = specimens.phone_photo_png(warrant, zoom=0.6)
        for number in range(6):
            case_id = cases.create(
                CaseIntake(
                    school=f"Tamper Test School {number}",
                    notes=f"Officer at the front desk, visit {number}. " * 40,
                    students=(StudentFacts(name=f"Student {number}", grade="5"),),
                    staff=(StaffFacts(name=f"Principal {number}", role="Principal"),),
                )
            )
            document_id = store.attach(case_id, f"warrant-{number}.pdf", warrant)
            checker.run(document_id)
            store.attach(case_id, f"search-{number}.pdf", search)
            if number % 2 == 0:
                store.attach(case_id, f"photo-{number}.png", photo)
    finally:
        workspace.lock()
    assert sorted(p.name for p in directory.iterdir()) == sorted(FILES)
    assert db_path(directory).stat().st_size > 50 * PAGE_SIZE
    return directory


@pytest.fixture(scope="module")
def key(original: Path) -> Iterator[SecretKey]:
    _slots, secret = unwrap_key(original, Passphrase(PASSPHRASE))
    yield secret
    secret.wipe()


def _copy(original: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in FILES:
        shutil.copyfile(original / name, target / name)
    return target


def _verify_untouched(directory: Path, key: SecretKey) -> Report:
    """`verify` on `directory`: it must not raise, nor change, add or remove a file."""
    before = snapshot(directory)
    report = verify(db_path(directory), key)
    assert snapshot(directory) == before, "verify changed the files it checked"
    return report


def _check_named(report: Report, name: str) -> str:
    return next(c.detail for c in report.checks if c.name == name)


# ----- bytes flipped at random pages -----


def _flip_rounds(original: Path, key: SecretKey, work: Path, *, rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    pages = db_path(original).stat().st_size // PAGE_SIZE
    failed_checks: collections.Counter[str] = collections.Counter()
    for number in range(rounds):
        copy = _copy(original, work / "copy")
        data = bytearray(db_path(copy).read_bytes())
        flipped = sorted(rng.sample(range(1, pages + 1), rng.choice([1, 1, 2, 3])))
        for page in flipped:
            data[(page - 1) * PAGE_SIZE + rng.randrange(PAGE_SIZE)] ^= rng.randrange(1, 256)
        db_path(copy).write_bytes(bytes(data))
        digest = sha256_of(db_path(copy))

        report = _verify_untouched(copy, key)

        where = f"round {number}, pages {flipped}"
        assert not report.ok, f"{where}: damage not reported: {report.lines()}"
        assert sha256_of(db_path(copy)) == digest, where
        failed_checks.update(c.name for c in report.checks if not c.ok)
        if flipped[0] == 1:
            # Page 1 holds the salt and the schema: nothing past it can be trusted.
            assert _check_named(report, "decrypt"), where
        else:
            detail = _check_named(report, "cipher_integrity_check")
            # Every flipped page is named (the report shows up to five).
            for page in flipped:
                assert re.search(rf"\bpage {page}\b", detail), f"{where}: {detail}"
    print(f"\ntamper: {rounds} rounds of flipped pages; failing checks: {dict(failed_checks)}")


def test_flipped_bytes_are_reported_and_nothing_is_rewritten(
    original: Path, key: SecretKey, tmp_path: Path
) -> None:
    _flip_rounds(original, key, tmp_path, rounds=6, seed=7)


@pytest.mark.slow
def test_two_hundred_rounds_of_flipped_bytes(
    original: Path, key: SecretKey, tmp_path: Path
) -> None:
    _flip_rounds(original, key, tmp_path, rounds=200, seed=2026)


def test_page_one_damage_is_a_failed_decrypt(
    original: Path, key: SecretKey, tmp_path: Path
) -> None:
    copy = _copy(original, tmp_path / "copy")
    data = bytearray(db_path(copy).read_bytes())
    data[2000] ^= 0x01  # one bit, in the middle of the first page
    db_path(copy).write_bytes(bytes(data))
    report = _verify_untouched(copy, key)
    assert [c.name for c in report.checks if not c.ok] == ["decrypt"]


# ----- an edited audit event -----


def _edit_event(directory: Path, key: SecretKey, sql: str, seq: int) -> None:
    """Change the audit trail as someone holding the key could: a raw keyed connection,
    no ORM, no audit hook."""
    raw = sqlcipher.connect(str(db_path(directory)))
    try:
        raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        changed = raw.execute(sql, (seq,)).rowcount
        raw.commit()
    finally:
        raw.close()
    assert changed == 1


def _event_count(directory: Path, key: SecretKey) -> int:
    raw = sqlcipher.connect(f"file:{db_path(directory)}?mode=ro&immutable=1", uri=True)
    try:
        raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        count, last = raw.execute("SELECT count(*), max(seq) FROM audit_event").fetchone()
    finally:
        raw.close()
    assert count == last  # the untouched chain has no gaps
    return int(count)


_EDITS = {
    "summary": "UPDATE audit_event SET summary = summary || ' (amended)' WHERE seq = ?",
    "actor": "UPDATE audit_event SET actor = 'someone else' WHERE seq = ?",
    "time": "UPDATE audit_event SET occurred_at = '2020-01-01 00:00:00' WHERE seq = ?",
}


def _audit_rounds(original: Path, key: SecretKey, work: Path, *, rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    events = _event_count(original, key)
    assert events > 30
    kinds: collections.Counter[str] = collections.Counter()
    for number in range(rounds):
        copy = _copy(original, work / "copy")
        seq = rng.randint(1, events)
        kind = "summary" if number % 2 == 0 else rng.choice(sorted(_EDITS))
        kinds[kind] += 1
        _edit_event(copy, key, _EDITS[kind], seq)
        digest = sha256_of(db_path(copy))

        report = _verify_untouched(copy, key)

        where = f"round {number}: {kind} of event {seq}"
        assert sha256_of(db_path(copy)) == digest, where
        # Written with the key, the pages authenticate: only the chain can tell.
        assert [c.name for c in report.checks if not c.ok] == ["audit chain"], (
            f"{where}: {report.lines()}"
        )
        detail = _check_named(report, "audit chain")
        assert detail.startswith(f"first broken link at event {seq}:"), f"{where}: {detail}"
    print(f"\ntamper: {rounds} edited audit events ({dict(kinds)}), each named by its seq")


def test_an_edited_audit_event_is_the_first_broken_link(
    original: Path, key: SecretKey, tmp_path: Path
) -> None:
    _audit_rounds(original, key, tmp_path, rounds=4, seed=7)


def test_a_deleted_audit_event_is_reported_missing(
    original: Path, key: SecretKey, tmp_path: Path
) -> None:
    copy = _copy(original, tmp_path / "copy")
    _edit_event(copy, key, "DELETE FROM audit_event WHERE seq = ?", 5)
    report = _verify_untouched(copy, key)
    assert _check_named(report, "audit chain") == "first broken link at event 5: event 5 is missing"


@pytest.mark.slow
def test_two_hundred_edited_audit_events(original: Path, key: SecretKey, tmp_path: Path) -> None:
    _audit_rounds(original, key, tmp_path, rounds=200, seed=2026)


def test_the_untouched_copy_verifies(original: Path, key: SecretKey, tmp_path: Path) -> None:
    # The control: without damage, the same copy and checks find nothing.
    copy = _copy(original, tmp_path / "copy")
    report = _verify_untouched(copy, key)
    assert report.ok, report.lines()
