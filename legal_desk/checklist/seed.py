"""The default post-call checklist, written from the district procedure.

Kept apart from the service so the workspace can seed a new file without importing
the services (which import the workspace).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ChecklistTemplate, ChecklistTemplateItem
from models.checklist import AppliesTo

if TYPE_CHECKING:
    from legal_desk.workspace import Workspace

TEMPLATE_KEY = "post_call"
TEMPLATE_TITLE = "After the call"

# Names of the rules in `legal_desk.checklist.rules`.
RULE_AGENT = "agent_identified"
RULE_SUPERVISOR_PHONE = "supervisor_phone"
RULE_PURPOSE = "purpose_recorded"
RULE_WARRANT = "warrant_answered"
RULE_DOCUMENT = "document_attached"
RULE_ADVICE = "advice_sent"
RULE_SECURITY = "security_notified"
RULE_FERPA_LOGGED = "disclosures_logged"
RULE_FERPA_NOTICE = "parent_notice_given"

EMERGENCY_GUIDANCE = (
    "The officer claimed an emergency or gave a lawful order. Staff comply and do not "
    "interfere: no one blocks the officer or hides a student. Call District Security now, "
    "then keep the legal office on the line. Write down what the officer said and did, "
    "and when, as soon as it is safe to."
)


@dataclass(frozen=True)
class SeedItem:
    key: str
    label: str
    applies_to: AppliesTo = AppliesTo.ALL
    auto_rule: str = ""
    required: bool = True


# Order matters: it is the order the attorney works through after the call. The
# emergency item is first so a claimed emergency puts the Security call on top.
SEED_ITEMS: tuple[SeedItem, ...] = (
    SeedItem(
        "call_security_now",
        "Call District Security now (emergency or lawful order claimed)",
        AppliesTo.EXIGENT,
        RULE_SECURITY,
    ),
    SeedItem("agent_identified", "Officer's name and badge number on file", auto_rule=RULE_AGENT),
    SeedItem(
        "supervisor_phone",
        "Phone number of the officer's supervisor on file",
        auto_rule=RULE_SUPERVISOR_PHONE,
    ),
    SeedItem("purpose", "Stated purpose of the visit on file", auto_rule=RULE_PURPOSE),
    SeedItem(
        "warrant",
        "Whether a warrant was shown is recorded, and a copy attached if one was",
        auto_rule=RULE_WARRANT,
    ),
    SeedItem(
        "other_documents",
        "Any other papers the officer handed over are attached",
        required=False,
    ),
    SeedItem(
        "notes_attached",
        "The school's notes, scans or photos are attached",
        auto_rule=RULE_DOCUMENT,
    ),
    SeedItem("advice_sent", "Legal office has advised the school", auto_rule=RULE_ADVICE),
    SeedItem("next_steps", "School leader knows the next steps"),
    SeedItem(
        "security_notified",
        "District Security told about the visit (time, person reached, number called)",
        auto_rule=RULE_SECURITY,
    ),
    SeedItem(
        "records_held",
        "No student record released without counsel's approval",
        AppliesTo.RECORDS,
    ),
    SeedItem(
        "records_logged",
        "Any disclosure entered in the FERPA disclosure log",
        AppliesTo.RECORDS,
        RULE_FERPA_LOGGED,
    ),
    SeedItem(
        "records_parent_notice",
        "Parent notified before any release under a court order or subpoena",
        AppliesTo.RECORDS,
        RULE_FERPA_NOTICE,
    ),
)


def seed(session: Session) -> int:
    """Add the default template unless the workspace has one; returns items added.

    An existing template is left alone: the attorney may have edited it."""
    if session.scalar(select(ChecklistTemplate.id).where(ChecklistTemplate.key == TEMPLATE_KEY)):
        return 0
    template = ChecklistTemplate(key=TEMPLATE_KEY, title=TEMPLATE_TITLE)
    template.items = [
        ChecklistTemplateItem(
            position=index,
            key=item.key,
            label=item.label,
            required=item.required,
            applies_to=item.applies_to,
            auto_rule=item.auto_rule,
        )
        for index, item in enumerate(SEED_ITEMS)
    ]
    session.add(template)
    return len(template.items)


def backfill_rules(template: ChecklistTemplate) -> None:
    """Give a template seeded by an older version the rules added since, on the items
    that kept their key. The editor never sets or clears a rule, so an empty rule on
    such an item only means it predates the rule."""
    rules = {item.key: item.auto_rule for item in SEED_ITEMS if item.auto_rule}
    for item in template.items:
        if not item.auto_rule and rules.get(item.key):
            item.auto_rule = rules[item.key]


def ensure_seeded(workspace: Workspace) -> int:
    """Seed a workspace created before checklists existed (a no-op once seeded)."""
    with workspace.transaction() as session:
        return seed(session)
