"""The newest audit event this computer has seen in each workspace, kept outside it.

An older copy of the database put back over the live one (a backup, a file restored
by a sync tool) opens without an error and has silently lost every case recorded since;
so has a chain with events cut off its end, which `verify` cannot see because what
is left still links up. So each computer remembers, per workspace, the sequence number
and hash of the newest event it saw, in a small file of its own, and opening a
workspace whose chain is shorter, or holds a different event at that number, is
reported. Audit events are never deleted, so a chain only ever grows.

Only a count and a hash are kept: no case data and no key.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.paths import APP_NAME
from legal_desk.workspace import Workspace
from models import AuditEvent

log = logging.getLogger(__name__)
FILE_NAME = "audit-anchors.json"


@dataclass(frozen=True)
class Head:
    """The newest event of a chain: its sequence number and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Rollback:
    """What was found: the chain now ends before the event this computer saw, or holds
    another event at that number."""

    seen: Head
    now: Head | None
    replaced: bool  # the event at `seen.seq` is a different one (history rewritten)

    @property
    def message(self) -> str:
        now = self.now.seq if self.now is not None else 0
        if self.replaced:
            return (
                f"This workspace's history differs from what this computer last saw: event "
                f"{self.seen.seq} is not the same event. The workspace may have been replaced "
                "by another copy, or its history rewritten. Nothing was changed."
            )
        return (
            f"This workspace ends at audit event {now}, but this computer has already seen "
            f"event {self.seen.seq} of it: it is an older copy (a backup, or a copy put back "
            "in place). Cases and changes recorded after it was made are not in it. Nothing "
            "was changed."
        )


def default_path() -> Path:
    return platformdirs.user_state_path(APP_NAME, appauthor=False) / FILE_NAME


def head_of(session: Session) -> Head | None:
    row = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return Head(int(row[0]), str(row[1])) if row is not None else None


def _compare(session: Session, seen: Head) -> Rollback | None:
    now = head_of(session)
    if now is None or now.seq < seen.seq:
        return Rollback(seen=seen, now=now, replaced=False)
    if _hash_at(session, seen.seq) != seen.hash:
        return Rollback(seen=seen, now=now, replaced=True)
    return None


def _hash_at(session: Session, seq: int) -> str | None:
    value = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq))
    return str(value) if value is not None else None


class AuditAnchors:
    """The heads this computer has seen, by workspace id, in one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, Head]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {
                str(k): Head(int(v["seq"]), str(v["hash"]))
                for k, v in data.get("workspaces", {}).items()
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Unreadable: start again rather than block opening. Logged without content.
            log.warning("the audit anchor file could not be read; starting a new one")
            return {}

    def seen(self, workspace_id: str) -> Head | None:
        return self._read().get(workspace_id)

    def check(self, workspace: Workspace) -> Rollback | None:
        """Compare the workspace's chain with the newest event this computer saw."""
        seen = self.seen(workspace.workspace_id)
        if seen is None:
            return None
        with workspace.session() as session:
            return _compare(session, seen)

    def remember(self, workspace: Workspace, *, accept: bool = False) -> Rollback | None:
        """Keep the workspace's newest event, and return None; or, when the chain is
        behind what this computer saw (or another history), keep nothing and return
        what was found, unless `accept` (the user chose to keep working with this copy).
        One read of the file and the chain: opening calls this instead of `check`."""
        heads = self._read()
        seen = heads.get(workspace.workspace_id)
        with workspace.session() as session:
            now = head_of(session)
            found = _compare(session, seen) if seen is not None else None
        if found is not None and not accept:
            return found
        if now is not None and now != seen:
            heads[workspace.workspace_id] = now
            self._write(heads)
        return None

    def accept(self, workspace: Workspace, rollback: Rollback) -> None:
        """The user keeps working with this copy: say so in its audit trail, and take its
        newest event as the one seen from now on."""
        with workspace.transaction() as session:
            audit.append_event(
                session.connection(),
                actor=workspace.actor.audit_name,
                occurred_at=workspace.clock(),
                action="accept_copy",
                entity="workspace",
                entity_id=None,
                case_id=None,
                summary=(
                    "Kept working with this copy of the workspace, although this computer "
                    f"had seen audit event {rollback.seen.seq} "
                    + ("with a different history" if rollback.replaced else "of a newer copy")
                ),
                changes={"seen_seq": [None, rollback.seen.seq]},
            )
        self.remember(workspace, accept=True)

    def _write(self, heads: dict[str, Head]) -> None:
        """Write through a temp file in the same folder, then replace: never half written."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = {
            "format": 1,
            "workspaces": {k: {"seq": h.seq, "hash": h.hash} for k, h in sorted(heads.items())},
        }
        fd, temp = tempfile.mkstemp(prefix=".anchors-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
                out.flush()
                os.fsync(out.fileno())
            Path(temp).replace(self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
