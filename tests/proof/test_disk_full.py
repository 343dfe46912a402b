"""A nearly full disk: saving fails with a clear message, and nothing saved is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.services.cases import detail
from legal_desk.storage.integrity import verify
from legal_desk.workspace import Passphrase, Workspace, db_path, unwrap_key
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


def _writer(directory: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.proof.full_disk_writer", str(directory), *mode],
        env={**os.environ, "LEGAL_DESK_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_a_full_disk_refuses_the_change_and_keeps_everything(tmp_path: Path) -> None:
    directory = tmp_path / "ws"
    Workspace.create(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS).workspace.lock()
    result = _writer(directory)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    attempts = [line for line in lines if "what" in line]
    assert [a["what"] for a in attempts] == ["document", "case"]
    for failed in attempts:
        assert not failed["saved"], failed
        assert failed["error"] == "StorageWriteError"
        assert "disk is full" in failed["message"] and "\n" not in failed["message"]
    case_id = next(line["case_id"] for line in lines if "case_id" in line)

    # With room again, the workspace opens, verifies and holds what was saved before.
    _slots, key = unwrap_key(directory, Passphrase(PASSPHRASE))
    assert verify(db_path(directory), key).ok
    key.wipe()
    workspace = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    try:
        case = detail(workspace, case_id)
        assert case.facts.school == "Written before the disk filled"
        assert case.documents == ()
    finally:
        workspace.lock()


def test_a_checkpoint_cut_short_by_a_full_disk_still_opens(tmp_path: Path) -> None:
    directory = tmp_path / "ws"
    Workspace.create(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS).workspace.lock()
    result = _writer(directory, "checkpoint")
    case_ids = json.loads(result.stdout.splitlines()[0])["case_ids"]
    _slots, key = unwrap_key(directory, Passphrase(PASSPHRASE))
    # The precondition: the file alone no longer reads; only with its log.
    with pytest.raises(sqlcipher.DatabaseError):
        conn = sqlcipher.connect(f"file:{db_path(directory)}?mode=ro&immutable=1", uri=True)
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA integrity_check").fetchall()
    assert verify(db_path(directory), key).ok
    key.wipe()
    workspace = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    try:
        assert [detail(workspace, i).facts.school for i in case_ids][-1] == "Checkpoint 39"
    finally:
        workspace.lock()
