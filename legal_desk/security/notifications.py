"""Recording the call to district Security, which moves the case to "Security notified".

The record is written first and the status moved after it through
`CaseService.set_status`, so any rule that service enforces on status changes
applies here too. A case that cannot move (already closed, say) keeps its status,
and the returned view says so instead of losing the record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from legal_desk import audit
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import TRANSITIONS, CaseService
from legal_desk.services.facts import normalize_phone
from legal_desk.workspace import Workspace
from models import Case, CaseStatus, SecurityNotification

MAX_PERSON = 200
MAX_NUMBER = 40
MAX_METHOD = 40
# Offered by the form; any other short word is accepted.
METHODS = ("phone", "e-mail", "in person", "radio")


@dataclass(frozen=True)
class NotificationView:
    id: int
    case_id: int
    notified_at: datetime
    person_spoken_to: str
    number_called: str
    method: str
    recorded_by: str
    recorded_at: datetime
    # The case's status after recording, and a sentence when it did not become
    # "Security notified" (empty for views read back later).
    status: CaseStatus | None = None
    status_note: str = ""

    @property
    def status_moved(self) -> bool:
        return self.status is CaseStatus.SECURITY_NOTIFIED and not self.status_note


def _view(row: SecurityNotification) -> NotificationView:
    return NotificationView(
        id=row.id,
        case_id=row.case_id,
        notified_at=row.notified_at,
        person_spoken_to=row.person_spoken_to,
        number_called=row.number_called,
        method=row.method,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )


def _path_to_notified(status: CaseStatus) -> tuple[CaseStatus, ...]:
    """The moves that take a case to "Security notified": direct when allowed, else via
    "In review" (a case whose Security call is recorded has been reviewed)."""
    target = CaseStatus.SECURITY_NOTIFIED
    if status in (CaseStatus.SECURITY_NOTIFIED, CaseStatus.CLOSED):
        return ()
    if target in TRANSITIONS[status]:
        return (target,)
    via = CaseStatus.IN_REVIEW
    if via in TRANSITIONS[status] and target in TRANSITIONS[via]:
        return (via, target)
    return ()


class SecurityNotifications:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def record(
        self,
        case_id: int,
        *,
        person_spoken_to: str,
        number_called: str,
        method: str = "phone",
        notified_at: datetime | None = None,
    ) -> NotificationView:
        person = " ".join(person_spoken_to.split())
        number = normalize_phone(number_called)
        method = " ".join(method.split()).lower()
        now = self._workspace.clock()
        when = notified_at or now
        if not person:
            raise LegalDeskError("Record the name of the person spoken to at Security.")
        if len(person) > MAX_PERSON:
            raise LegalDeskError(f"The name is longer than {MAX_PERSON} characters.")
        if not number:
            raise LegalDeskError("Record the number called (or the address written to).")
        if len(number) > MAX_NUMBER:
            raise LegalDeskError(f"The number is longer than {MAX_NUMBER} characters.")
        if not method:
            raise LegalDeskError("Record how Security was notified (phone, e-mail...).")
        if len(method) > MAX_METHOD:
            raise LegalDeskError(f"The method is longer than {MAX_METHOD} characters.")
        if when.tzinfo is None:
            raise LegalDeskError("The time of the call needs a time zone.")
        if when > now:
            raise LegalDeskError("The time Security was notified cannot be in the future.")
        with self._workspace.transaction() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise LegalDeskError(f"Case {case_id} does not exist.")
            row = SecurityNotification(
                case_id=case_id,
                notified_at=when,
                person_spoken_to=person,
                number_called=number,
                method=method,
                recorded_by=self._workspace.actor.display_name,
                recorded_at=now,
            )
            session.add(row)
            audit.set_summary(
                session, row, f"Security notified by {method}: spoke to {person} at {number}"
            )
            session.flush()
            view = _view(row)
            start = case.status
        status, note = self._advance(case_id, start)
        return replace(view, status=status, status_note=note)

    def _advance(self, case_id: int, start: CaseStatus) -> tuple[CaseStatus, str]:
        path = _path_to_notified(start)
        if not path:
            if start is CaseStatus.SECURITY_NOTIFIED:
                return start, ""
            return start, f"The case stays {start.label}: reopen it to change its status."
        cases = CaseService(self._workspace)
        current = start
        for step in path:
            try:
                cases.set_status(case_id, step, reason="Security notified")
            except LegalDeskError as error:
                return current, f"The case stays {current.label}: {error}"
            current = step
        return current, ""

    def for_case(self, case_id: int) -> list[NotificationView]:
        """Every notification recorded for a case, oldest call first."""
        with self._workspace.session() as session:
            rows = session.scalars(
                select(SecurityNotification)
                .where(SecurityNotification.case_id == case_id)
                .order_by(SecurityNotification.notified_at, SecurityNotification.id)
            ).all()
            return [_view(row) for row in rows]
