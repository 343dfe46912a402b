"""`legal-desk` as IT runs it: real subprocesses, real encrypted workspaces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from legal_desk import __version__
from legal_desk.audit_anchor import AuditAnchors
from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Passphrase, Workspace, db_path
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import (
    PAGE_SIZE,
    flip_byte,
    flip_table_page,
    sha256_of,
    snapshot,
)

ROOT = Path(__file__).resolve().parents[2]
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Run the CLI with a clean environment: no passphrase, no home, no real keyring."""
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("LEGAL_DESK_", "PYTHON_KEYRING"))
    }
    base.update(
        # The real keyring must never be touched; the fail backend is what CI has.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        HOME=str(tmp_path / "home"),
        PYTHONPATH=str(ROOT),
    )

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "legal_desk.cli", *args],
            env={**base, **env},
            stdin=subprocess.DEVNULL,  # never a terminal
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )

    return run


def _one_clean_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("legal-desk: ")
    return lines[0]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A workspace made in-process (fast KDF) with one case in it."""
    directory = tmp_path / "ws"
    created = Workspace.create(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS)
    CaseService(created.workspace).create(CaseIntake(school="Lincoln Elementary"))
    created.workspace.lock()
    return directory


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"legal-desk {__version__}"


def test_init_then_cases_is_empty(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "office"
    # init finds the folder through LEGAL_DESK_HOME; cases through --data-dir.
    init = run("init", LEGAL_DESK_HOME=str(home), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert init.returncode == 0, init.stderr
    assert "Created an encrypted workspace" in init.stdout
    assert "Recovery code" in init.stdout
    assert "keyring" not in init.stdout.split("Unlocks with:")[1].splitlines()[0]
    assert db_path(home).exists()

    cases = run("cases", "--json", "--data-dir", str(home), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert cases.returncode == 0, cases.stderr
    assert json.loads(cases.stdout) == []

    again = run("init", "--data-dir", str(home), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert again.returncode == 2
    assert "already exists" in _one_clean_line(again.stderr)


def test_cases_lists_what_is_there(run: Run, data_dir: Path) -> None:
    result = run("cases", "--json", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["school"] == "Lincoln Elementary"
    assert row["status"] == "new"

    table = run("cases", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert table.returncode == 0
    assert "Lincoln Elementary" in table.stdout


def test_legal_desk_home_is_used_without_data_dir(run: Run, data_dir: Path) -> None:
    result = run("cases", "--json", LEGAL_DESK_HOME=str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["school"] == "Lincoln Elementary"


def test_cases_on_a_missing_workspace(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run("cases", "--data-dir", str(missing), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 2
    assert "No workspace" in _one_clean_line(result.stderr)
    assert not missing.exists()


def test_cases_when_the_database_file_is_gone(run: Run, data_dir: Path) -> None:
    db_path(data_dir).unlink()
    result = run("cases", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 2
    assert "restore it from a backup" in _one_clean_line(result.stderr)
    assert not db_path(data_dir).exists()


def test_wrong_passphrase(run: Run, data_dir: Path) -> None:
    before = snapshot(data_dir)
    result = run("cases", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE="not the passphrase")
    assert result.returncode == 2
    assert "passphrase is wrong" in _one_clean_line(result.stderr)
    assert result.stdout == ""
    assert snapshot(data_dir) == before


def test_no_passphrase_and_no_terminal(run: Run, data_dir: Path) -> None:
    result = run("cases", "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert "LEGAL_DESK_PASSPHRASE" in _one_clean_line(result.stderr)


def test_verify_good_workspace(run: Run, data_dir: Path) -> None:
    before = snapshot(data_dir)
    result = run("verify", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout
    assert result.stderr == ""
    assert snapshot(data_dir) == before


def test_verify_names_a_tampered_event(run: Run, data_dir: Path) -> None:
    workspace = Workspace.unlock(data_dir, Passphrase(PASSPHRASE))
    with workspace.transaction() as session:
        session.connection().exec_driver_sql("UPDATE audit_event SET summary='x' WHERE seq=3")
    workspace.lock()
    result = run("verify", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 1
    assert "FAIL audit chain: first broken link at event 3" in result.stdout
    assert "Problems found." in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("page", "expected"), [(3, "page 3"), (1, "FAIL decrypt")])
def test_verify_reports_a_flipped_byte(
    run: Run, data_dir: Path, tmp_path: Path, page: int, expected: str
) -> None:
    # A copy, as IT would check one, so the original stays whole.
    copy = tmp_path / "copy"
    copy.mkdir()
    db_path(copy).write_bytes(db_path(data_dir).read_bytes())
    (copy / "workspace.keys").write_bytes((data_dir / "workspace.keys").read_bytes())
    assert db_path(copy).stat().st_size >= 4 * PAGE_SIZE
    flip_byte(db_path(copy), (page - 1) * PAGE_SIZE + 1500)
    digest = sha256_of(db_path(copy))

    result = run("verify", "--data-dir", str(copy), LEGAL_DESK_PASSPHRASE=PASSPHRASE)

    assert result.returncode == 1
    assert expected in result.stdout
    assert "Problems found." in result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr == ""  # no library noise either
    assert sha256_of(db_path(copy)) == digest
    assert sorted(p.name for p in copy.iterdir()) == ["workspace.db", "workspace.keys"]


def test_verify_with_a_damaged_key_file(run: Run, data_dir: Path) -> None:
    keys = data_dir / "workspace.keys"
    keys.write_bytes(keys.read_bytes()[:40])
    result = run("verify", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 2
    assert "damaged" in _one_clean_line(result.stderr)


def test_cases_on_a_damaged_database(run: Run, data_dir: Path) -> None:
    flip_byte(db_path(data_dir), 1000)
    before = snapshot(data_dir)
    result = run("cases", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 2
    assert "damaged" in _one_clean_line(result.stderr)
    assert snapshot(data_dir) == before


def test_cases_on_a_damaged_case_table(run: Run, data_dir: Path) -> None:
    """The key opens the file, but the cases' own page fails its check."""
    flip_table_page(data_dir, "case_file")
    result = run("cases", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert result.returncode == 2
    line = _one_clean_line(result.stderr)
    assert "could not be read" in line
    assert "legal-desk verify" in line


def test_verify_reports_an_older_copy_this_computer_has_seen_past(
    run: Run, data_dir: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    workspace = Workspace.unlock(data_dir, Passphrase(PASSPHRASE))
    try:
        CaseService(workspace).create(CaseIntake(school="Juniper Flats High School"))
        anchors = AuditAnchors(state / "LegalDesk" / "audit-anchors.json")
        anchors.remember(workspace)
        seen = anchors.seen(workspace.workspace_id)
        assert seen is not None
        # As if this computer had seen later events that the copy here lacks.
        anchors.path.write_text(
            json.dumps(
                {"workspaces": {workspace.workspace_id: {"seq": seen.seq + 3, "hash": "a" * 64}}}
            ),
            encoding="utf-8",
        )
    finally:
        workspace.lock()

    env = {"LEGAL_DESK_PASSPHRASE": PASSPHRASE, "XDG_STATE_HOME": str(state)}
    result = run("verify", "--data-dir", str(data_dir), **env)

    assert result.returncode == 1
    assert (
        f"FAIL newest event seen on this computer: the chain ends before event {seen.seq + 3}"
        in result.stdout
    )
    assert "Traceback" not in result.stderr
