"""Crash safety: a writer killed with SIGKILL at random moments loses nothing committed.

`make test` runs a few rounds; `make proof` runs 200 (issue 7)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.storage.integrity import verify
from legal_desk.workspace import Passphrase, Workspace, db_path, unwrap_key
from models import Case, Document, School
from tests.conftest import PASSPHRASE
from tests.proof.crash_writer import school

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _writer(directory: Path, start: int) -> subprocess.Popen[str]:
    env = {**os.environ, "LEGAL_DESK_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.proof.crash_writer", str(directory), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _kill_at_random(process: subprocess.Popen[str], rng: random.Random) -> list[int]:
    """Let the writer run for a random time once it is ready, kill it, and return the
    case numbers it reported committed."""
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.strip() == "ready", first
    time.sleep(rng.uniform(0.0, 0.6))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    rest = process.stdout.read()
    return [int(line.split()[1]) for line in rest.splitlines() if line.startswith("committed")]


def _check(directory: Path, committed: set[int]) -> int:
    _slots, key = unwrap_key(directory, Passphrase(PASSPHRASE))
    report = verify(db_path(directory), key)
    key.wipe()
    assert report.ok, report.lines()
    workspace = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    try:
        with workspace.session() as session:
            schools = set(
                session.scalars(select(School.name).join(Case, Case.school_id == School.id)).all()
            )
            documents = session.scalar(select(Document.id).order_by(Document.id.desc()))
    finally:
        workspace.lock()
    missing = [n for n in committed if school(n) not in schools]
    assert not missing, f"committed cases lost after SIGKILL: {missing[:5]}"
    return documents or 0


def _rounds(tmp_path: Path, rounds: int, seed: int) -> None:
    directory = tmp_path / "ws"
    Workspace.create(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS).workspace.lock()
    rng = random.Random(seed)
    committed: set[int] = set()
    start = 0
    for _round in range(rounds):
        process = _writer(directory, start)
        done = _kill_at_random(process, rng)
        committed.update(done)
        start += len(done) + 1  # a number killed mid-way is never reused
        _check(directory, committed)
    assert committed, "the writer never committed anything: the rounds proved nothing"


def test_a_killed_writer_loses_nothing_committed(tmp_path: Path) -> None:
    _rounds(tmp_path, rounds=3, seed=7)


@pytest.mark.slow
def test_two_hundred_kills(tmp_path: Path) -> None:
    _rounds(tmp_path, rounds=200, seed=2026)
