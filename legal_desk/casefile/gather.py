"""Everything the case file shows, read from the workspace without writing to it.

Exporting is a read: the checklist is read as stored (`ChecklistService.items` would
sync it, which writes and audits), so exporting a case never changes its timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from legal_desk.advice.sent import AdviceRecords, SentView
from legal_desk.ferpa.log import DisclosureLog, EntryView
from legal_desk.security.notifications import NotificationView, SecurityNotifications
from legal_desk.services.cases import CaseDetail, detail
from legal_desk.services.classification import ClassificationService, ClassificationView
from legal_desk.services.timeline import TimelineEntry, case_timeline
from legal_desk.workspace import Workspace
from models import ChecklistItem


@dataclass(frozen=True)
class ChecklistLine:
    label: str
    required: bool
    done: bool
    done_by: str | None
    done_at: datetime | None
    note: str
    auto_reason: str


@dataclass(frozen=True)
class CaseFileData:
    case: CaseDetail
    timeline: tuple[TimelineEntry, ...]
    # Document id -> the checker's latest run on it (absent: never checked).
    checks: dict[int, ClassificationView]
    advice: tuple[SentView, ...]
    checklist: tuple[ChecklistLine, ...]
    notifications: tuple[NotificationView, ...]
    ferpa: tuple[EntryView, ...]
    exported_at: datetime
    exported_by: str


def checklist_as_stored(workspace: Workspace, case_id: int) -> tuple[ChecklistLine, ...]:
    """The case's checklist items in working order, exactly as recorded (no sync)."""
    with workspace.session() as session:
        items = session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.case_id == case_id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
        ).all()
        return tuple(
            ChecklistLine(
                label=i.label,
                required=i.required,
                done=i.done,
                done_by=i.done_by,
                done_at=i.done_at,
                note=i.note,
                auto_reason=i.auto_reason,
            )
            for i in items
        )


def gather(workspace: Workspace, case_id: int) -> CaseFileData:
    """Read the case; raises `LegalDeskError` for an unknown case id."""
    case = detail(workspace, case_id)
    with workspace.session() as session:
        timeline = tuple(case_timeline(session, case_id))
    checker = ClassificationService(workspace)
    checks = {}
    for document in case.documents:
        latest = checker.latest(document.id)
        if latest is not None:
            checks[document.id] = latest
    return CaseFileData(
        case=case,
        timeline=timeline,
        checks=checks,
        advice=tuple(AdviceRecords(workspace).for_case(case_id)),
        checklist=checklist_as_stored(workspace, case_id),
        notifications=tuple(SecurityNotifications(workspace).for_case(case_id)),
        ferpa=tuple(DisclosureLog(workspace).entries(case_id=case_id)),
        exported_at=workspace.clock(),
        exported_by=workspace.actor.display_name,
    )
