"""Per-case checklist items: made from the template, ticked by hand or by the facts on file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.checklist import rules, seed
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import Case, ChecklistItem, ChecklistTemplate, ChecklistTemplateItem, RequestType
from models.checklist import AppliesTo

AUTO_TICKER = "Legal Desk"


@dataclass(frozen=True)
class ItemView:
    id: int
    key: str
    label: str
    required: bool
    done: bool
    done_by: str | None
    done_at: datetime | None
    note: str
    auto_reason: str

    @property
    def ticked_itself(self) -> bool:
        return self.done and bool(self.auto_reason)


def _view(item: ChecklistItem) -> ItemView:
    return ItemView(
        id=item.id,
        key=item.key,
        label=item.label,
        required=item.required,
        done=item.done,
        done_by=item.done_by,
        done_at=item.done_at,
        note=item.note,
        auto_reason=item.auto_reason,
    )


def is_emergency(case: Case) -> bool:
    return case.exigent_claimed or case.lawful_order_claimed


def _applies(applies_to: AppliesTo, case: Case) -> bool:
    if applies_to is AppliesTo.RECORDS:
        return case.request_type is RequestType.STUDENT_RECORDS
    if applies_to is AppliesTo.EXIGENT:
        return is_emergency(case)
    return True


def _template(session: Session) -> ChecklistTemplate:
    found = session.scalar(
        select(ChecklistTemplate).where(ChecklistTemplate.key == seed.TEMPLATE_KEY)
    )
    if found is None:  # a workspace from before checklists existed
        seed.seed(session)
        session.flush()
        found = session.scalar(
            select(ChecklistTemplate).where(ChecklistTemplate.key == seed.TEMPLATE_KEY)
        )
    assert found is not None
    seed.backfill_rules(found)
    return found


def _rule_of(session: Session, item: ChecklistItem) -> str:
    if item.template_item_id is None:
        return ""
    template_item = session.get(ChecklistTemplateItem, item.template_item_id)
    return template_item.auto_rule if template_item is not None else ""


def _refresh(session: Session, case: Case, item: ChecklistItem, rule: str, now: datetime) -> None:
    """Tick an item the facts prove; un-tick one they no longer prove. A tick by a
    person is theirs: the rules never undo it."""
    if item.done and not item.auto_reason:
        return
    why = rules.reason(rule, session, case) if rule else None
    if why is not None and why != item.auto_reason:
        verb = "still proved" if item.done else "ticked itself"  # not a second tick
        audit.set_summary(session, item, f"Checklist: “{item.label}” {verb}: {why}")
        if not item.done:
            item.done, item.done_by, item.done_at = True, AUTO_TICKER, now
        item.auto_reason = why
    elif why is None and item.done:
        audit.set_summary(
            session, item, f"Checklist: “{item.label}” un-ticked itself: the fact is gone"
        )
        item.done, item.done_by, item.done_at, item.auto_reason = False, None, None, ""


def _drop(session: Session, case: Case, item: ChecklistItem) -> None:
    # Deleted by name: a row that only becomes an orphan during the flush is not in
    # `session.deleted` when the audit hook runs, and would go unrecorded.
    case.checklist.remove(item)
    session.delete(item)


def _follow_template(
    session: Session, item: ChecklistItem, template_item: ChecklistTemplateItem
) -> None:
    """An open item takes the template's wording and weight; a ticked one keeps the
    label it was ticked under, so the record says what was vouched for."""
    if item.done:
        return
    if item.label != template_item.label:
        audit.set_summary(
            session,
            item,
            f"Checklist: “{item.label}” is now “{template_item.label}” (template edited)",
        )
        item.label = template_item.label
    if item.required != template_item.required:
        item.required = template_item.required


def _order_key(
    template_order: dict[str, tuple[int, int]],
) -> Callable[[ChecklistItem], tuple[int, int, int]]:
    def key(item: ChecklistItem) -> tuple[int, int, int]:
        # Items dropped from the template (kept because they were ticked) go last.
        group, position = template_order.get(item.key, (2, item.position))
        return (group, position, item.id or 0)

    return key


def sync(session: Session, case: Case, now: datetime) -> list[ChecklistItem]:
    """Bring a case's items in line with the template and the facts; returns them in order.

    Items are added when they start to apply (the request turns out to be for records,
    an emergency is claimed later); an item that stops applying, or that was removed
    from the template, goes only if nobody ticked it, so a record of work done is never
    dropped. Under a claimed emergency the emergency items come first, wherever the
    template puts them."""
    template = _template(session)
    by_key = {t.key: t for t in template.items}
    have = {item.key: item for item in case.checklist}
    for template_item in template.items:
        applies = _applies(template_item.applies_to, case)
        item = have.get(template_item.key)
        if item is None and applies:
            item = ChecklistItem(
                template_item_id=template_item.id,
                position=template_item.position,
                key=template_item.key,
                label=template_item.label,
                required=template_item.required,
                note="",
                auto_reason="",
            )
            audit.set_summary(session, item, f"Checklist: “{item.label}” added")
            case.checklist.append(item)
        elif item is not None and not applies and not item.done:
            audit.set_summary(session, item, f"Checklist: “{item.label}” no longer applies")
            _drop(session, case, item)
        elif item is not None:
            _follow_template(session, item, template_item)
    for item in list(case.checklist):
        if item.key not in by_key and not item.done:
            audit.set_summary(session, item, f"Checklist: “{item.label}” removed from the template")
            _drop(session, case, item)
    for item in case.checklist:
        source = by_key.get(item.key)
        if source is not None:  # a ticked item the template dropped stays as it is
            _refresh(session, case, item, source.auto_rule, now)
    session.flush()
    template_order = {
        t.key: (0 if t.applies_to is AppliesTo.EXIGENT else 1, t.position) for t in template.items
    }
    return sorted(case.checklist, key=_order_key(template_order))


def open_required_labels(session: Session, case: Case, now: datetime) -> list[str]:
    """The required items still open, for the close gate. A checklist nobody opened is
    made now: a case is finished only when every step is done (or a reason says why
    not), whether or not anyone looked at its checklist."""
    return [i.label for i in sync(session, case, now) if i.required and not i.done]


class ChecklistService:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def _case(self, session: Session, case_id: int) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise LegalDeskError(f"Case {case_id} does not exist.")
        return case

    def _item(self, session: Session, item_id: int) -> ChecklistItem:
        item = session.get(ChecklistItem, item_id)
        if item is None:
            raise LegalDeskError(f"Checklist item {item_id} does not exist.")
        return item

    def items(self, case_id: int) -> list[ItemView]:
        """The case's checklist in working order, made on first use and ticked from the facts."""
        with self._workspace.transaction() as session:
            case = self._case(session, case_id)
            return [_view(i) for i in sync(session, case, self._workspace.clock())]

    def open_required(self, case_id: int) -> list[ItemView]:
        return [i for i in self.items(case_id) if i.required and not i.done]

    def emergency_guidance(self, case_id: int) -> str:
        """What to do under a claimed emergency, or "" when none was claimed."""
        with self._workspace.session() as session:
            return seed.EMERGENCY_GUIDANCE if is_emergency(self._case(session, case_id)) else ""

    def tick(self, item_id: int, *, note: str = "") -> ItemView:
        note = note.strip()
        with self._workspace.transaction() as session:
            item = self._item(session, item_id)
            audit.set_summary(
                session,
                item,
                f"Checklist: ticked “{item.label}”" + (f" (note: {note})" if note else ""),
            )
            item.done = True
            item.done_by = self._workspace.actor.audit_name
            item.done_at = self._workspace.clock()
            item.note = note
            item.auto_reason = ""  # a person vouches for it now
            session.flush()
            return _view(item)

    def untick(self, item_id: int) -> ItemView:
        with self._workspace.transaction() as session:
            item = self._item(session, item_id)
            rule = _rule_of(session, item)
            why = rules.reason(rule, session, item.case) if rule else None
            if why is not None:
                # It would tick itself again at once; the fact is what needs changing.
                raise LegalDeskError(
                    f"“{item.label}” is proved by the case itself ({why.removesuffix('.')}). "
                    "Change that fact to un-tick it."
                )
            if not item.done:
                return _view(item)
            audit.set_summary(session, item, f"Checklist: un-ticked “{item.label}”")
            item.done, item.done_by, item.done_at, item.auto_reason = False, None, None, ""
            session.flush()
            return _view(item)

    def restore(self, before: ItemView) -> ItemView:
        """Put an item back as `before` showed it: the undo of a tick or an un-tick.

        Who ticked it and when come back as they were; the audit trail records the undo
        under the person who made it."""
        with self._workspace.transaction() as session:
            item = self._item(session, before.id)
            state = "ticked" if before.done else "open"
            audit.set_summary(session, item, f"Checklist: undo, “{item.label}” is {state} again")
            item.done, item.done_by, item.done_at = before.done, before.done_by, before.done_at
            item.note, item.auto_reason = before.note, before.auto_reason
            session.flush()
            return _view(item)
