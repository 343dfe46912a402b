"""Replacing a workspace's database and key file together, safe against a crash.

A new pair is first written complete into a folder beside them; renaming that folder
to `PENDING` is the moment of commit. Every open of the workspace first finishes a
pending swap, so a crash leaves the old pair (before the commit) or ends with the
new pair (after it), never a database with a key file that does not open it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PARTIAL = "swap.partial"
PENDING = "swap.ready"


def staging(directory: Path) -> Path:
    """A fresh, empty folder to write the new pair into."""
    folder = directory / PARTIAL
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    return folder


def commit(directory: Path, database: str, keys: str) -> None:
    """Make the staged pair the workspace's. The database's connections must be closed."""
    (directory / PARTIAL).rename(directory / PENDING)
    finish_pending(directory, database, keys)


def finish_pending(directory: Path, database: str, keys: str) -> bool:
    """Complete a committed swap (after a crash); drop an uncommitted one. True if a
    swap was completed."""
    ready = directory / PENDING
    if not ready.is_dir():
        shutil.rmtree(directory / PARTIAL, ignore_errors=True)
        return False
    if (ready / database).exists():
        # The old database's log was checkpointed into it before the commit; a log
        # left beside the new file would be read as the new file's.
        for suffix in ("-wal", "-shm"):
            (directory / f"{database}{suffix}").unlink(missing_ok=True)
    for name in (database, keys):
        if (ready / name).exists():
            (ready / name).replace(directory / name)
    shutil.rmtree(ready)
    return True
