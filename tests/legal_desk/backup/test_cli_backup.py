"""`legal-desk backup` and `legal-desk restore`, run as the office's IT would."""

from __future__ import annotations

import json
from pathlib import Path

from legal_desk.workspace import db_path
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import sha256_of
from tests.legal_desk.test_cli import Run, _one_clean_line, data_dir, run

__all__ = ["data_dir", "run"]  # fixtures shared with test_cli


def test_backup_then_restore_into_a_new_folder(run: Run, data_dir: Path, tmp_path: Path) -> None:
    backup = run(
        "backup",
        str(tmp_path / "usb"),
        "--data-dir",
        str(data_dir),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert backup.returncode == 0, backup.stderr
    assert "written and verified" in backup.stdout and "1 cases" in backup.stdout
    [folder] = (tmp_path / "usb").iterdir()

    restored = tmp_path / "restored"
    result = run(
        "restore", str(folder), "--data-dir", str(restored), LEGAL_DESK_PASSPHRASE=PASSPHRASE
    )
    assert result.returncode == 0, result.stderr
    assert "Restored and verified" in result.stdout
    cases = run("cases", "--json", "--data-dir", str(restored), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert [c["school"] for c in json.loads(cases.stdout)] == ["Lincoln Elementary"]


def test_restore_refuses_to_overwrite_the_live_workspace(
    run: Run, data_dir: Path, tmp_path: Path
) -> None:
    run(
        "backup",
        str(tmp_path / "usb"),
        "--data-dir",
        str(data_dir),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    [folder] = (tmp_path / "usb").iterdir()
    live = sha256_of(db_path(data_dir))

    refused = run(
        "restore", str(folder), "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE
    )
    assert refused.returncode == 2
    assert "already in" in _one_clean_line(refused.stderr)
    assert sha256_of(db_path(data_dir)) == live

    replaced = run(
        "restore",
        str(folder),
        "--replace",
        "--data-dir",
        str(data_dir),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert replaced.returncode == 0, replaced.stderr
    assert "kept in" in replaced.stdout


def test_bad_backup_arguments_are_one_line(run: Run, data_dir: Path, tmp_path: Path) -> None:
    missing = run(
        "restore",
        str(tmp_path / "nowhere"),
        "--data-dir",
        str(tmp_path / "new"),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert missing.returncode == 2
    assert "No backup folder" in _one_clean_line(missing.stderr)

    wrong = run(
        "backup",
        str(tmp_path / "usb"),
        "--data-dir",
        str(data_dir),
        LEGAL_DESK_PASSPHRASE="wrong passphrase here",
    )
    assert wrong.returncode == 2
    _one_clean_line(wrong.stderr)
    assert not (tmp_path / "usb").exists()


def test_change_passphrase_then_rekey(run: Run, data_dir: Path) -> None:
    new = "a brand new office passphrase"
    changed = run(
        "change-passphrase",
        "--data-dir",
        str(data_dir),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
        LEGAL_DESK_NEW_PASSPHRASE=new,
    )
    assert changed.returncode == 0, changed.stderr
    old = run("cases", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=PASSPHRASE)
    assert old.returncode == 2
    before = sha256_of(db_path(data_dir))

    rekeyed = run("rekey", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=new)
    assert rekeyed.returncode == 0, rekeyed.stderr
    assert "New recovery code" in rekeyed.stdout
    assert sha256_of(db_path(data_dir)) != before
    cases = run("cases", "--json", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=new)
    assert [c["school"] for c in json.loads(cases.stdout)] == ["Lincoln Elementary"]
    verified = run("verify", "--data-dir", str(data_dir), LEGAL_DESK_PASSPHRASE=new)
    assert verified.returncode == 0, verified.stdout + verified.stderr
