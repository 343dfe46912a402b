"""Backups: encrypted, verified copies that the workspace's own passphrase opens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from legal_desk.backup.copy import (
    BackupCancelledError,
    BackupError,
    check_copy,
    make_backup,
    restore,
)
from legal_desk.backup.rotation import Found, backups_in, run_daily, to_delete
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import WrongCredentialError
from legal_desk.services.cases import CaseIntake, CaseService, detail
from legal_desk.workspace import Passphrase, Workspace, db_path, unwrap_key
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import flip_byte, markers, sha256_of, snapshot, store_marked_case
from tests.ui.case.helpers import make_pdf

NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _case_with_document(workspace: Workspace, school: str = "Backup Hill Elementary") -> int:
    case_id = CaseService(workspace).create(CaseIntake(school=school))
    DocumentStore(workspace).attach(case_id, "warrant.pdf", make_pdf("Backup test warrant"))
    return case_id


def test_a_backup_opens_with_the_same_passphrase_and_holds_every_case(
    workspace: Workspace, tmp_path: Path
) -> None:
    case_id = _case_with_document(workspace)
    made = make_backup(workspace, tmp_path / "backups", now=NOON)

    assert made.folder.name == "legal-desk-backup-20261130T120000Z"
    assert made.contents.rows["case_file"] == 1 and made.contents.documents == 1
    copy = Workspace.unlock(made.folder, Passphrase(PASSPHRASE))
    try:
        assert detail(copy, case_id).facts.school == "Backup Hill Elementary"
        assert DocumentStore(copy).original_bytes(1) == DocumentStore(workspace).original_bytes(1)
    finally:
        copy.lock()


def test_a_backup_is_encrypted_and_leaves_no_plain_text(
    workspace: Workspace, tmp_path: Path
) -> None:
    tag = markers("bkp")
    store_marked_case(workspace, tag)
    made = make_backup(workspace, tmp_path / "backups", now=NOON)
    for path in made.folder.iterdir():
        data = path.read_bytes()
        for marker in tag.all():
            assert marker.encode() not in data, f"{marker} in plain text in {path.name}"
            assert marker.encode("utf-16-le") not in data
        assert not data.startswith(b"SQLite format 3")
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [made.folder.name]


def test_the_copy_is_checked_against_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    _case_with_document(workspace)
    made = make_backup(workspace, tmp_path / "backups", now=NOON)
    key = workspace.data_key()
    assert check_copy(made.folder, key, made.contents) == []

    # A case added after the backup: the copy no longer matches the workspace.
    _case_with_document(workspace, "Later School")
    later = make_backup(workspace, tmp_path / "other", now=NOON).contents
    problems = check_copy(made.folder, key, later)
    assert any("case_file: 1 rows in the copy, 2 in the workspace" in p for p in problems)


def test_a_damaged_backup_is_reported_and_not_restored(
    workspace: Workspace, tmp_path: Path
) -> None:
    _case_with_document(workspace)
    made = make_backup(workspace, tmp_path / "backups", now=NOON)
    database = db_path(made.folder)
    flip_byte(database, database.stat().st_size // 2)
    before = snapshot(made.folder)

    with pytest.raises(BackupError, match="damaged and was not restored"):
        restore(made.folder, tmp_path / "restored", Passphrase(PASSPHRASE))
    assert not (tmp_path / "restored").exists()
    assert snapshot(made.folder) == before  # the check only reads


def test_restore_goes_into_a_new_folder_and_never_over_a_workspace_unasked(
    workspace: Workspace, workspace_dir: Path, tmp_path: Path
) -> None:
    case_id = _case_with_document(workspace)
    made = make_backup(workspace, tmp_path / "backups", now=NOON)

    restored = restore(made.folder, tmp_path / "restored", Passphrase(PASSPHRASE))
    copy = Workspace.unlock(restored.directory, Passphrase(PASSPHRASE))
    assert detail(copy, case_id).facts.school == "Backup Hill Elementary"
    copy.lock()

    live = sha256_of(db_path(workspace_dir))
    with pytest.raises(BackupError, match="already in"):
        restore(made.folder, workspace_dir, Passphrase(PASSPHRASE))
    assert sha256_of(db_path(workspace_dir)) == live


def test_restore_with_replace_keeps_the_old_workspace_aside(
    workspace: Workspace, tmp_path: Path
) -> None:
    _case_with_document(workspace)
    made = make_backup(workspace, tmp_path / "backups", now=NOON)
    target = tmp_path / "target"
    first = restore(made.folder, target, Passphrase(PASSPHRASE))
    old = sha256_of(db_path(first.directory))

    again = restore(made.folder, target, Passphrase(PASSPHRASE), replace=True)
    assert again.replaced_to is not None
    assert sha256_of(db_path(again.replaced_to)) == old


def test_a_wrong_passphrase_restores_nothing(workspace: Workspace, tmp_path: Path) -> None:
    made = make_backup(workspace, tmp_path / "backups", now=NOON)
    with pytest.raises(WrongCredentialError):
        restore(made.folder, tmp_path / "restored", Passphrase("not the passphrase"))
    assert not (tmp_path / "restored").exists()


def test_an_unwritable_folder_is_a_clear_error(workspace: Workspace, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(BackupError, match="cannot be made"):
        make_backup(workspace, blocker / "backups", now=NOON)


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackupError, match="not a Legal Desk backup"):
        restore(tmp_path / "empty", tmp_path / "restored", Passphrase(PASSPHRASE))


def test_the_key_slots_come_along(workspace: Workspace, tmp_path: Path) -> None:
    made = make_backup(workspace, tmp_path / "backups", now=NOON)
    _slots, key = unwrap_key(made.folder, Passphrase(PASSPHRASE))
    assert key == workspace.data_key()


# ----- daily rotation -----


def _found(days_ago: float, hour: int = 12) -> Found:
    when = NOON - timedelta(days=days_ago) + timedelta(hours=hour - 12)
    return Found(Path(f"b{days_ago}-{hour}"), when)


def test_rotation_keeps_seven_days_and_four_weeks() -> None:
    backups = [_found(d) for d in range(60)]
    kept = {b.folder for b in backups} - {b.folder for b in to_delete(backups)}
    kept_days = sorted(int(str(p).split("-")[0][1:]) for p in kept)
    assert kept_days[:7] == [0, 1, 2, 3, 4, 5, 6]
    assert len(kept) == 11  # 7 daily + 4 weekly
    assert max(kept_days) <= 6 + 4 * 7


def test_rotation_keeps_the_newest_of_a_day() -> None:
    morning, evening = _found(0, 8), _found(0, 18)
    assert to_delete([morning, evening]) == [morning]


def test_daily_backup_runs_once_a_day_and_prunes(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    for day in range(10, 0, -1):
        run_daily(workspace, folder, now=NOON - timedelta(days=day))
    assert run_daily(workspace, folder, now=NOON) is not None
    assert run_daily(workspace, folder, now=NOON + timedelta(hours=1)) is None  # already today
    names = [f.folder.name for f in backups_in(folder)]
    assert len(names) <= 11
    assert names[0] == "legal-desk-backup-20261130T120000Z-auto"

    hand_made = make_backup(workspace, folder, now=NOON - timedelta(days=40))
    run_daily(workspace, folder, now=NOON + timedelta(days=1))
    assert hand_made.folder.exists()  # rotation never removes a backup made by hand


def test_a_cancelled_backup_leaves_nothing(workspace: Workspace, tmp_path: Path) -> None:
    _case_with_document(workspace)
    asked: list[int] = []

    def cancel_once_started() -> bool:
        asked.append(1)
        return len(asked) > 1  # the export is under way when Cancel is pressed

    with pytest.raises(BackupCancelledError):
        make_backup(workspace, tmp_path / "backups", now=NOON, cancel=cancel_once_started)
    assert list((tmp_path / "backups").iterdir()) == []
    # The workspace is unharmed and the next backup works.
    assert make_backup(workspace, tmp_path / "backups", now=NOON).contents.documents == 1
