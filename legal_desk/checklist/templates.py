"""Editing the workspace's checklist template (issue 6: "seeded from the procedure and editable").

Saving replaces the template's items with the edited list in one audited transaction.
Items are matched by id, so a renamed item keeps its key and its auto-tick rule. Cases
follow on their next sync: open items take the new wording, new items appear, removed
ones go unless somebody ticked them (a ticked item is a record of work done).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.checklist import seed
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import ChecklistItem, ChecklistTemplate, ChecklistTemplateItem
from models.checklist import AppliesTo

MAX_LABEL = 300
MAX_KEY = 60
APPLIES_TO_LABELS = {
    AppliesTo.ALL: "All cases",
    AppliesTo.RECORDS: "Records requests",
    AppliesTo.EXIGENT: "Emergency claimed",
}


@dataclass(frozen=True)
class TemplateItem:
    """One line of the template as the editor holds it; `id` is None until saved."""

    id: int | None
    label: str
    required: bool = True
    applies_to: AppliesTo = AppliesTo.ALL
    key: str = ""
    auto_rule: str = ""  # read only: set by the seed, kept through renames

    @property
    def ticks_itself(self) -> bool:
        return bool(self.auto_rule)


def _view(row: ChecklistTemplateItem) -> TemplateItem:
    return TemplateItem(
        id=row.id,
        label=row.label,
        required=row.required,
        applies_to=row.applies_to,
        key=row.key,
        auto_rule=row.auto_rule,
    )


def _template(session: Session) -> ChecklistTemplate:
    seed.seed(session)  # a no-op unless the workspace predates checklists
    session.flush()
    found = session.scalar(
        select(ChecklistTemplate).where(ChecklistTemplate.key == seed.TEMPLATE_KEY)
    )
    assert found is not None
    return found


def _slug(label: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
    return (words or "item")[: MAX_KEY - 8]


def _new_key(session: Session, label: str, taken: set[str]) -> str:
    """A key no template item and no case item has ever used, so a case never mistakes
    a new item for an old one it kept."""
    used = taken | set(session.scalars(select(ChecklistItem.key).distinct()))
    base = _slug(label)
    key, n = base, 2
    while key in used:
        key, n = f"{base}_{n}", n + 1
    return key


def _clean(items: Sequence[TemplateItem]) -> list[TemplateItem]:
    if not items:
        raise LegalDeskError("The checklist needs at least one item.")
    cleaned = []
    for number, item in enumerate(items, start=1):
        label = " ".join(item.label.split())
        if not label:
            raise LegalDeskError(f"Item {number} has no text; write what is to be done.")
        if len(label) > MAX_LABEL:
            raise LegalDeskError(f"Item {number} is longer than {MAX_LABEL} characters.")
        cleaned.append(
            TemplateItem(
                item.id, label, item.required, AppliesTo(item.applies_to), item.key, item.auto_rule
            )
        )
    ids = [i.id for i in cleaned if i.id is not None]
    if len(ids) != len(set(ids)):
        raise LegalDeskError("The same item appears twice in the checklist.")
    return cleaned


class ChecklistTemplates:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def items(self) -> list[TemplateItem]:
        """The template's items in working order."""
        with self._workspace.transaction() as session:
            return [_view(row) for row in _template(session).items]

    def save(self, items: Sequence[TemplateItem]) -> list[TemplateItem]:
        """Make the template exactly `items`, in this order; returns it as stored."""
        cleaned = _clean(items)
        with self._workspace.transaction() as session:
            template = _template(session)
            rows = {row.id: row for row in template.items}
            unknown = [i.id for i in cleaned if i.id is not None and i.id not in rows]
            if unknown:
                raise LegalDeskError(
                    "The checklist template was changed elsewhere; close the editor and "
                    "open it again."
                )
            kept_ids = {i.id for i in cleaned}
            for row in list(template.items):
                if row.id not in kept_ids:
                    self._remove(session, template, row)
            taken = {row.key for row in template.items}
            ordered: list[ChecklistTemplateItem] = []
            last = -1
            for item in cleaned:
                changed = False
                if item.id is None:
                    row = ChecklistTemplateItem(
                        key=_new_key(session, item.label, taken),
                        label=item.label,
                        required=item.required,
                        applies_to=item.applies_to,
                        auto_rule="",
                    )
                    taken.add(row.key)
                    audit.set_summary(session, row, f"Checklist template: added “{row.label}”")
                else:
                    row = rows[item.id]
                    changed = self._update(session, row, item)
                # Positions may have gaps: a removal or an item added at the end moves
                # nothing else, so the audit trail shows only what the attorney moved.
                if row.position is None or row.position <= last:
                    if row.id is not None and not changed:
                        audit.set_summary(session, row, f"Checklist template: moved “{row.label}”")
                    row.position = last + 1
                last = row.position
                ordered.append(row)
            template.items = ordered
            session.flush()
            return [_view(row) for row in template.items]

    @staticmethod
    def _update(session: Session, row: ChecklistTemplateItem, item: TemplateItem) -> bool:
        changes = []
        if row.label != item.label:
            changes.append(f"renamed “{row.label}” to “{item.label}”")
            row.label = item.label
        if row.required != item.required:
            changes.append(f"“{item.label}” is now {'required' if item.required else 'optional'}")
            row.required = item.required
        if row.applies_to is not item.applies_to:
            where = APPLIES_TO_LABELS[item.applies_to].lower()
            changes.append(f"“{item.label}” now applies to {where}")
            row.applies_to = item.applies_to
        if changes:
            audit.set_summary(session, row, "Checklist template: " + "; ".join(changes))
        return bool(changes)

    @staticmethod
    def _remove(session: Session, template: ChecklistTemplate, row: ChecklistTemplateItem) -> None:
        # Case items keep their own copy of the wording and who ticked them; only the
        # link to the template row has to go before the row can.
        for case_item in session.scalars(
            select(ChecklistItem).where(ChecklistItem.template_item_id == row.id)
        ):
            audit.set_summary(
                session, case_item, f"Checklist: “{case_item.label}” left the template"
            )
            case_item.template_item_id = None
        session.flush()  # unlinked before the row goes (foreign keys are enforced)
        audit.set_summary(session, row, f"Checklist template: removed “{row.label}”")
        template.items.remove(row)
        session.delete(row)  # by name, so the audit hook sees it (see service._drop)
        session.flush()
