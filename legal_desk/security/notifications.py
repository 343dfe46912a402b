"""Recording the call to district Security, which moves the case to "Security notified".

The record and the status moves commit in one transaction: a failure anywhere
leaves neither, so a case never shows "Security notified" without the call on
file, nor a call on file that silently failed to move the case. The moves follow
`TRANSITIONS` and carry the same audit sentences as `CaseService.set_status`; its
close gate does not apply because this path never closes a case. A case that
cannot move (already closed, say) keeps its status with the call recorded, and the
returned view says so instead of losing the record.

Mailing the briefing is audited too (`briefing_mailed`), but it is not a
notification: the procedure says to call Security, so only a recorded call counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import TRANSITIONS
from legal_desk.services.facts import normalize_phone
from legal_desk.workspace import Workspace
from models import Case, CaseStatus, SecurityNotification

MAX_PERSON = 200
MAX_NUMBER = 40
MAX_METHOD = 40
# Offered by the form; any other short word is accepted.
METHODS = ("phone", "e-mail", "in person", "radio")
REASON = "Security notified"
# A mailed briefing reads in the timeline like a new record: its fields as values.
MAILED_ACTION = "create"
MAILED_ENTITY = "security_briefing"


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


def _advance(session: Session, case: Case) -> tuple[CaseStatus, str]:
    """Move `case` to "Security notified" inside the caller's transaction, one audited
    step at a time (a flush per step, so each step is its own event as with
    `CaseService.set_status`)."""
    start = case.status
    path = _path_to_notified(start)
    if not path:
        if start is CaseStatus.SECURITY_NOTIFIED:
            return start, ""
        return start, f"The case stays {start.label}: reopen it to change its status."
    for step in path:
        if step not in TRANSITIONS[case.status]:  # _path_to_notified only offers allowed moves
            raise LegalDeskError(f"A case cannot go from {case.status.label} to {step.label}.")
        audit.set_summary(session, case, f"Status {case.status.label} → {step.label}: {REASON}")
        case.status = step
        session.flush()
    return case.status, ""


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
            status, note = _advance(session, case)
        return replace(view, status=status, status_note=note)

    def briefing_mailed(self, case_id: int, *, recipient: str, subject: str, text: str) -> None:
        """Put a mailed briefing in the case's audit trail (who, to whom, what).

        Only an audit event: the schema keeps no table for it, and a mail is not a
        recorded notification (the case's status does not move)."""
        recipient = " ".join(recipient.split())
        if not recipient:
            raise LegalDeskError("Say whom the briefing was mailed to.")
        with self._workspace.transaction() as session:
            if session.get(Case, case_id) is None:
                raise LegalDeskError(f"Case {case_id} does not exist.")
            audit.append_event(
                session.connection(),
                actor=self._workspace.actor.audit_name,
                occurred_at=self._workspace.clock(),
                action=MAILED_ACTION,
                entity=MAILED_ENTITY,
                entity_id=None,
                case_id=case_id,
                summary=(
                    f"Security briefing mailed to {recipient} "
                    "(the call to Security is recorded separately)"
                ),
                changes={
                    "recipient": [None, recipient],
                    "subject": [None, subject],
                    "text": [None, text],
                },
            )

    def for_case(self, case_id: int) -> list[NotificationView]:
        """Every notification recorded for a case, oldest call first."""
        with self._workspace.session() as session:
            rows = session.scalars(
                select(SecurityNotification)
                .where(SecurityNotification.case_id == case_id)
                .order_by(SecurityNotification.notified_at, SecurityNotification.id)
            ).all()
            return [_view(row) for row in rows]
