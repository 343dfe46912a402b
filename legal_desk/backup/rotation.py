"""Automatic backups: when one is due, and which old ones to keep (7 daily, 4 weekly)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from legal_desk.backup.copy import Backup, made_at, make_backup
from legal_desk.workspace import Workspace

KEEP_DAILY = 7
KEEP_WEEKLY = 4
AUTO_LABEL = "auto"


@dataclass(frozen=True)
class Found:
    folder: Path
    made_at: datetime


def backups_in(folder: Path) -> list[Found]:
    """Finished backups in `folder`, newest first (half-made and other folders ignored)."""
    if not folder.is_dir():
        return []
    found = []
    for child in folder.iterdir():
        when = made_at(child) if child.is_dir() else None
        if when is not None:
            found.append(Found(child, when))
    return sorted(found, key=lambda f: f.made_at, reverse=True)


def _day(when: datetime) -> date:
    # The office's calendar day, so "today's backup" means what the attorney means.
    return when.astimezone().date()


def to_delete(
    backups: list[Found], *, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY
) -> list[Found]:
    """Which backups rotation removes: it keeps the newest backup of each of the
    `keep_daily` most recent days that have one, and the newest of each of the
    `keep_weekly` most recent ISO weeks beyond those; everything else goes."""
    newest_first = sorted(backups, key=lambda f: f.made_at, reverse=True)
    keep: set[Path] = set()
    days: list[date] = []
    for backup in newest_first:
        day = _day(backup.made_at)
        if day not in days and len(days) < keep_daily:
            days.append(day)
            keep.add(backup.folder)
    weeks: list[tuple[int, int]] = []
    oldest_daily = min(days) if days else None
    for backup in newest_first:
        day = _day(backup.made_at)
        if oldest_daily is not None and day >= oldest_daily:
            continue  # covered by the daily ones
        iso = day.isocalendar()
        week = (iso.year, iso.week)
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.append(week)
            keep.add(backup.folder)
    return [b for b in newest_first if b.folder not in keep]


def automatic(folder: Path) -> list[Found]:
    """The backups rotation manages: only those it made, never one made by hand."""
    return [f for f in backups_in(folder) if f.folder.name.endswith(f"-{AUTO_LABEL}")]


def run_daily(
    workspace: Workspace,
    folder: Path,
    now: datetime | None = None,
    *,
    cancel: Callable[[], bool] | None = None,
) -> Backup | None:
    """Make today's automatic backup if there is none yet, then prune old automatic
    ones; returns the backup made, or None when one already existed today."""
    when = now or workspace.clock()
    made = None
    if not any(_day(f.made_at) == _day(when) for f in automatic(folder)):
        made = make_backup(workspace, folder, label=AUTO_LABEL, now=when, cancel=cancel)
    for old in to_delete(automatic(folder)):
        shutil.rmtree(old.folder, ignore_errors=True)
    return made
