"""An older copy of a workspace put back in place is noticed: real workspaces, real
copies of their files, the anchor file in a temp folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select

from legal_desk.audit_anchor import AuditAnchors, Head
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.storage.integrity import verify
from legal_desk.workspace import Passphrase, Workspace, db_path
from models import AuditEvent
from tests.conftest import PASSPHRASE


def reopen(directory: Path) -> Workspace:
    return Workspace.unlock(directory, Passphrase(PASSPHRASE), os_user="tester")


def test_a_workspace_that_only_grew_passes(workspace: Workspace, tmp_path: Path) -> None:
    anchors = AuditAnchors(tmp_path / "state" / "anchors.json")
    assert anchors.check(workspace) is None  # never seen here: nothing to compare
    anchors.remember(workspace)
    CaseService(workspace).create(CaseIntake(school="Meadow Ridge Elementary"))

    assert anchors.check(workspace) is None
    anchors.remember(workspace)
    seen = anchors.seen(workspace.workspace_id)
    assert seen is not None and seen.seq > 1
    # Only a count and a hash are kept.
    data = json.loads(anchors.path.read_text(encoding="utf-8"))
    assert data["workspaces"][workspace.workspace_id] == {"seq": seen.seq, "hash": seen.hash}


def test_an_older_copy_put_back_is_reported_and_never_remembered_over(
    workspace: Workspace, workspace_dir: Path, tmp_path: Path
) -> None:
    anchors = AuditAnchors(tmp_path / "state" / "anchors.json")
    anchors.remember(workspace)
    workspace.lock()
    old_copy = tmp_path / "old-copy"
    shutil.copytree(workspace_dir, old_copy)
    live = reopen(workspace_dir)
    CaseService(live).create(CaseIntake(school="Juniper Flats High School"))
    anchors.remember(live)
    newest = anchors.seen(live.workspace_id)
    live.lock()
    shutil.rmtree(workspace_dir)
    shutil.copytree(old_copy, workspace_dir)  # the older copy takes the live one's place

    opened = reopen(workspace_dir)
    try:
        rollback = anchors.check(opened)
        assert rollback is not None and not rollback.replaced
        assert rollback.seen == newest
        assert "older copy" in rollback.message
        anchors.remember(opened)  # what a lock does: it must not step back
        assert anchors.seen(opened.workspace_id) == newest

        anchors.accept(opened, rollback)  # the user keeps working with this copy
        assert anchors.check(opened) is None
        with opened.session() as session:
            last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last is not None and last.summary.startswith(
            "Kept working with this copy of the workspace"
        )
    finally:
        opened.lock()


def test_another_history_at_the_same_length_is_reported(
    workspace: Workspace, tmp_path: Path
) -> None:
    anchors = AuditAnchors(tmp_path / "anchors.json")
    anchors.remember(workspace)
    seen = anchors.seen(workspace.workspace_id)
    assert seen is not None
    anchors.path.write_text(
        json.dumps({"workspaces": {workspace.workspace_id: {"seq": seen.seq, "hash": "f" * 64}}}),
        encoding="utf-8",
    )

    rollback = anchors.check(workspace)

    assert rollback is not None and rollback.replaced
    assert rollback.seen == Head(seen.seq, "f" * 64)
    assert "differs from what this computer last saw" in rollback.message


def test_an_unreadable_anchor_file_neither_blocks_nor_crashes(
    workspace: Workspace, tmp_path: Path
) -> None:
    anchors = AuditAnchors(tmp_path / "anchors.json")
    anchors.path.write_text("{not json", encoding="utf-8")
    assert anchors.check(workspace) is None
    anchors.remember(workspace)
    assert anchors.seen(workspace.workspace_id) is not None


def test_verify_checks_the_newest_event_this_computer_saw(
    workspace: Workspace, workspace_dir: Path, tmp_path: Path
) -> None:
    anchors = AuditAnchors(tmp_path / "anchors.json")
    anchors.remember(workspace)
    seen = anchors.seen(workspace.workspace_id)
    assert seen is not None
    key = workspace.data_key().copy()
    workspace.lock()
    try:
        fine = verify(db_path(workspace_dir), key, (seen.seq, seen.hash))
        later = verify(db_path(workspace_dir), key, (seen.seq + 5, "0" * 64))
        other = verify(db_path(workspace_dir), key, (seen.seq, "0" * 64))
    finally:
        key.wipe()

    assert fine.ok
    assert "ok   newest event seen on this computer: event" in "\n".join(fine.lines())
    assert not later.ok
    assert f"the chain ends before event {seen.seq + 5}" in "\n".join(later.lines())
    assert not other.ok
    assert f"event {seen.seq} is not the event this computer saw" in "\n".join(other.lines())
