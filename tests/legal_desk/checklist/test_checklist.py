"""The post-call checklist with a real workspace: seeding, items, auto-ticks, the close gate."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import func, select

from legal_desk.advice.letters import Letter
from legal_desk.advice.sent import AdviceRecords
from legal_desk.checklist import seed
from legal_desk.checklist.service import AUTO_TICKER, ChecklistService, ItemView
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import (
    AgentFacts,
    CaseIntake,
    CaseService,
    detail,
    update_facts,
)
from legal_desk.workspace import Passphrase, Workspace
from models import (
    AuditEvent,
    CaseStatus,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    DeliveryChannel,
    Presented,
    RequestType,
)
from models.checklist import SecurityNotification
from tests.conftest import PASSPHRASE

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ALL_KEYS = [
    "agent_identified",
    "supervisor_phone",
    "purpose",
    "warrant",
    "other_documents",
    "notes_attached",
    "advice_sent",
    "next_steps",
    "security_notified",
]
RECORDS_KEYS = ["records_held", "records_logged", "records_parent_notice"]


@pytest.fixture
def clocked(workspace: Workspace) -> Workspace:
    workspace.clock = lambda: NOON
    return workspace


def new_case(workspace: Workspace, **facts: object) -> int:
    intake = CaseIntake(school="Meadow Ridge Elementary", request_type=RequestType.STUDENT_ACCESS)
    return CaseService(workspace).create(replace(intake, **facts))  # type: ignore[arg-type]


def by_key(items: list[ItemView]) -> dict[str, ItemView]:
    return {i.key: i for i in items}


def events(workspace: Workspace, case_id: int) -> list[AuditEvent]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)
            )
        )


def pdf_bytes() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Notes taken at the front office")
    return bytes(doc.tobytes())


def notify_security(workspace: Workspace, case_id: int) -> int:
    with workspace.transaction() as session:
        row = SecurityNotification(
            case_id=case_id,
            notified_at=NOON,
            person_spoken_to="Officer Dana Kim",
            number_called="(303) 365-7816",
            method="phone",
            recorded_by="tester",
        )
        session.add(row)
        session.flush()
        return row.id


# ----- seeding -----


def test_a_new_workspace_has_the_default_template(workspace: Workspace) -> None:
    with workspace.session() as session:
        template = session.scalar(select(ChecklistTemplate))
        assert template is not None and template.key == seed.TEMPLATE_KEY
        assert [i.key for i in template.items] == [s.key for s in seed.SEED_ITEMS]


def test_ensure_seeded_fills_an_older_workspace_once(workspace: Workspace) -> None:
    with workspace.transaction() as session:  # as if made before checklists existed
        session.delete(session.scalar(select(ChecklistTemplate)))
    assert seed.ensure_seeded(workspace) == len(seed.SEED_ITEMS)
    assert seed.ensure_seeded(workspace) == 0
    with workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(ChecklistTemplate)) == 1
        assert session.scalar(select(func.count()).select_from(ChecklistTemplateItem)) == len(
            seed.SEED_ITEMS
        )


def test_a_workspace_without_a_template_gets_one_on_first_use(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        session.delete(session.scalar(select(ChecklistTemplate)))
    case_id = new_case(workspace)
    assert [i.key for i in ChecklistService(workspace).items(case_id)] == ALL_KEYS


def test_seeding_survives_reopening(workspace: Workspace, workspace_dir: Path) -> None:
    workspace.lock()
    reopened = Workspace.unlock(workspace_dir, Passphrase(PASSPHRASE), os_user="tester")
    assert seed.ensure_seeded(reopened) == 0
    reopened.lock()


# ----- items per case -----


def test_an_access_case_gets_the_common_items_in_order(clocked: Workspace) -> None:
    items = ChecklistService(clocked).items(new_case(clocked))
    assert [i.key for i in items] == ALL_KEYS
    assert not any(i.done for i in items)
    assert by_key(items)["other_documents"].required is False


def test_a_records_request_adds_the_ferpa_items(clocked: Workspace) -> None:
    case_id = new_case(clocked, request_type=RequestType.STUDENT_RECORDS)
    assert [i.key for i in ChecklistService(clocked).items(case_id)] == ALL_KEYS + RECORDS_KEYS


def test_items_are_made_once(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    first = service.items(case_id)
    assert service.items(case_id) == first
    with clocked.session() as session:
        count = session.scalar(
            select(func.count()).select_from(ChecklistItem).where(ChecklistItem.case_id == case_id)
        )
    assert count == len(ALL_KEYS)


@pytest.mark.parametrize("claim", ["exigent_claimed", "lawful_order_claimed"])
def test_an_emergency_puts_the_security_call_first(clocked: Workspace, claim: str) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, **{claim: True})
    items = service.items(case_id)
    assert items[0].key == "call_security_now"
    assert items[0].label.startswith("Call District Security now")
    assert items[0].required
    assert "comply" in service.emergency_guidance(case_id)


def test_no_emergency_no_emergency_item_or_guidance(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    assert "call_security_now" not in by_key(service.items(case_id))
    assert service.emergency_guidance(case_id) == ""


def test_an_emergency_claimed_later_adds_the_call_on_top(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, request_type=RequestType.STUDENT_RECORDS)
    service.items(case_id)
    update_facts(clocked, case_id, replace(detail(clocked, case_id).facts, exigent_claimed=True))
    assert service.items(case_id)[0].key == "call_security_now"


def test_an_untouched_item_that_stops_applying_goes_a_ticked_one_stays(
    clocked: Workspace,
) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, request_type=RequestType.STUDENT_RECORDS)
    service.tick(by_key(service.items(case_id))["records_held"].id, note="Nothing released")
    facts = detail(clocked, case_id).facts
    update_facts(clocked, case_id, replace(facts, request_type=RequestType.STUDENT_ACCESS))
    keys = [i.key for i in service.items(case_id)]
    assert keys == [*ALL_KEYS, "records_held"]


# ----- auto-ticks -----


def test_agent_name_and_badge_tick_the_item_and_say_why(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, agents=(AgentFacts(name="Dale Norris"),))
    assert not by_key(service.items(case_id))["agent_identified"].done  # no badge yet

    facts = detail(clocked, case_id).facts
    agent = AgentFacts(name="Dale Norris", badge_number="4417")
    update_facts(clocked, case_id, replace(facts, agents=(agent,)))
    item = by_key(service.items(case_id))["agent_identified"]
    assert item.done and item.ticked_itself
    assert item.done_by == AUTO_TICKER and item.done_at == NOON
    assert "Dale Norris" in item.auto_reason and "4417" in item.auto_reason

    update_facts(clocked, case_id, replace(facts, agents=(AgentFacts(name="Dale Norris"),)))
    item = by_key(service.items(case_id))["agent_identified"]
    assert not item.done and item.done_by is None and item.auto_reason == ""


def test_supervisor_phone_ticks_and_unticks(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    agent = AgentFacts(name="Dale Norris", supervisor_phone="303 555 0100")
    case_id = new_case(clocked, agents=(agent,))
    item = by_key(service.items(case_id))["supervisor_phone"]
    assert item.done and "(303) 555-0100" in item.auto_reason

    facts = detail(clocked, case_id).facts
    update_facts(clocked, case_id, replace(facts, agents=(replace(agent, supervisor_phone=""),)))
    assert not by_key(service.items(case_id))["supervisor_phone"].done


def test_purpose_ticks_and_unticks(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, stated_purpose="To speak with a fourth-grade student")
    item = by_key(service.items(case_id))["purpose"]
    assert item.done and "fourth-grade student" in item.auto_reason

    facts = detail(clocked, case_id).facts
    update_facts(clocked, case_id, replace(facts, stated_purpose=""))
    assert not by_key(service.items(case_id))["purpose"].done


def test_warrant_item_needs_an_answer_and_a_copy_if_one_was_shown(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    assert not by_key(service.items(case_id))["warrant"].done  # not asked yet

    facts = detail(clocked, case_id).facts
    update_facts(clocked, case_id, replace(facts, document_presented=Presented.NO))
    item = by_key(service.items(case_id))["warrant"]
    assert item.done and "no warrant" in item.auto_reason

    update_facts(clocked, case_id, replace(facts, document_presented=Presented.YES))
    assert not by_key(service.items(case_id))["warrant"].done  # shown, but no copy yet

    DocumentStore(clocked).attach(case_id, "warrant.pdf", pdf_bytes())
    item = by_key(service.items(case_id))["warrant"]
    assert item.done and "1 document attached" in item.auto_reason

    update_facts(clocked, case_id, replace(facts, document_presented=Presented.UNKNOWN))
    assert not by_key(service.items(case_id))["warrant"].done


def test_an_attached_document_ticks_the_notes_item(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    assert not by_key(service.items(case_id))["notes_attached"].done
    DocumentStore(clocked).attach(case_id, "front-office-notes.pdf", pdf_bytes())
    item = by_key(service.items(case_id))["notes_attached"]
    assert item.done and "front-office-notes.pdf" in item.auto_reason


def test_sent_advice_ticks_the_advice_item(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    assert not by_key(service.items(case_id))["advice_sent"].done
    letter = Letter.from_html(case_id, None, "Guidance", "<p>Do not consent to entry.</p>")
    AdviceRecords(clocked).record(letter, DeliveryChannel.CLIPBOARD)
    item = by_key(service.items(case_id))["advice_sent"]
    assert item.done and "Advice sent 2026-03-02 12:00" in item.auto_reason


def test_security_notification_ticks_both_security_items_and_unticks(
    clocked: Workspace,
) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, exigent_claimed=True)
    row_id = notify_security(clocked, case_id)
    items = by_key(service.items(case_id))
    for key in ("call_security_now", "security_notified"):
        assert items[key].done and "Dana Kim" in items[key].auto_reason
    # The procedure asks for the time, the person reached and the number called.
    reason = items["security_notified"].auto_reason
    assert "2026-03-02 12:00" in reason and "(303) 365-7816" in reason

    with clocked.transaction() as session:
        session.delete(session.get(SecurityNotification, row_id))
    items = by_key(service.items(case_id))
    assert not items["call_security_now"].done and not items["security_notified"].done


def test_a_manual_tick_is_never_undone_by_the_rules(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    item = by_key(service.items(case_id))["purpose"]
    service.tick(item.id, note="Officer would not say; asked twice")
    after = by_key(service.items(case_id))["purpose"]
    assert after.done and after.done_by == "Tess Tester (tester)" and after.auto_reason == ""


def test_a_manual_tick_takes_over_an_auto_tick(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, stated_purpose="Records request")
    item = by_key(service.items(case_id))["purpose"]
    service.tick(item.id, note="Confirmed with the principal")
    facts = detail(clocked, case_id).facts
    update_facts(clocked, case_id, replace(facts, stated_purpose=""))
    after = by_key(service.items(case_id))["purpose"]
    assert after.done and after.note == "Confirmed with the principal"


# ----- manual ticks -----


def test_tick_and_untick_record_who_when_and_note_in_the_audit_trail(
    clocked: Workspace,
) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    item = by_key(service.items(case_id))["next_steps"]

    ticked = service.tick(item.id, note="  Told Ms Rivera by phone  ")
    assert ticked.done and ticked.done_by == "Tess Tester (tester)"
    assert ticked.done_at == NOON and ticked.note == "Told Ms Rivera by phone"
    assert by_key(service.items(case_id))["next_steps"] == ticked

    summaries = [e.summary for e in events(clocked, case_id)]
    assert (
        "Checklist: ticked “School leader knows the next steps” (note: Told Ms Rivera by phone)"
        in summaries
    )
    tick_event = next(e for e in events(clocked, case_id) if "ticked “School" in e.summary)
    assert tick_event.actor == "Tess Tester (tester)" and tick_event.occurred_at == NOON

    unticked = service.untick(item.id)
    assert not unticked.done and unticked.done_by is None and unticked.done_at is None
    assert "Checklist: un-ticked “School leader knows the next steps”" in [
        e.summary for e in events(clocked, case_id)
    ]


def test_an_item_the_case_proves_cannot_be_unticked(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, stated_purpose="To speak with a student")
    item = by_key(service.items(case_id))["purpose"]
    with pytest.raises(LegalDeskError, match="Change that fact"):
        service.untick(item.id)
    assert by_key(service.items(case_id))["purpose"].done


def test_auto_ticks_are_audited_with_their_reason(clocked: Workspace) -> None:
    case_id = new_case(clocked, stated_purpose="To speak with a student")
    ChecklistService(clocked).items(case_id)
    assert any(
        "ticked itself: Purpose on file: To speak with a student" in e.summary
        for e in events(clocked, case_id)
    )


def test_unknown_items_are_refused(clocked: Workspace) -> None:
    with pytest.raises(LegalDeskError, match="does not exist"):
        ChecklistService(clocked).tick(9999)
    with pytest.raises(LegalDeskError, match="does not exist"):
        ChecklistService(clocked).items(9999)


# ----- the close gate -----


def test_open_required_lists_only_required_open_items(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, stated_purpose="To speak with a student")
    open_keys = [i.key for i in service.open_required(case_id)]
    assert "purpose" not in open_keys and "other_documents" not in open_keys
    assert "next_steps" in open_keys


def test_closing_is_refused_while_a_required_item_is_open(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    service.items(case_id)
    cases = CaseService(clocked)
    with pytest.raises(LegalDeskError, match="School leader knows the next steps"):
        cases.set_status(case_id, CaseStatus.CLOSED, "Done")
    with pytest.raises(LegalDeskError, match="cannot be closed"):
        cases.set_status(case_id, CaseStatus.CLOSED, "  ", override_open_items=True)
    assert detail(clocked, case_id).status is CaseStatus.NEW


def test_closing_with_a_reason_overrides_and_is_audited(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    service.items(case_id)
    CaseService(clocked).set_status(
        case_id,
        CaseStatus.CLOSED,
        "Officer left; school closed for the day",
        override_open_items=True,
    )
    assert detail(clocked, case_id).status is CaseStatus.CLOSED
    closing = [e for e in events(clocked, case_id) if e.summary.startswith("Status New → Closed")]
    assert len(closing) == 1
    assert "Officer left; school closed for the day" in closing[0].summary
    assert "closed with open checklist items" in closing[0].summary
    assert "School leader knows the next steps" in closing[0].summary


def test_closing_is_allowed_once_every_required_item_is_done(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    for item in service.open_required(case_id):
        service.tick(item.id)
    CaseService(clocked).set_status(case_id, CaseStatus.CLOSED)
    assert detail(clocked, case_id).status is CaseStatus.CLOSED
    closing = [e for e in events(clocked, case_id) if e.summary.startswith("Status New → Closed")]
    assert "open checklist items" not in closing[0].summary


def test_the_gate_sees_a_fact_removed_since_the_checklist_was_shown(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, stated_purpose="To speak with a student")
    for item in service.open_required(case_id):
        service.tick(item.id)
    facts = detail(clocked, case_id).facts
    update_facts(clocked, case_id, replace(facts, stated_purpose=""))
    with pytest.raises(LegalDeskError, match="Stated purpose of the visit on file"):
        CaseService(clocked).set_status(case_id, CaseStatus.CLOSED, "Done")


def test_records_items_gate_a_records_case(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, request_type=RequestType.STUDENT_RECORDS)
    for item in service.open_required(case_id):
        if not item.key.startswith("records_"):
            service.tick(item.id)
    with pytest.raises(LegalDeskError, match="FERPA disclosure log"):
        CaseService(clocked).set_status(case_id, CaseStatus.CLOSED, "Done")


def test_a_case_whose_checklist_was_never_opened_is_held_to_it_too(workspace: Workspace) -> None:
    """Nobody looked at the checklist: closing still needs every required step done
    or a reason (the checklist is made at the gate)."""
    case_id = new_case(workspace)
    with pytest.raises(LegalDeskError, match="required checklist items are open"):
        CaseService(workspace).set_status(case_id, CaseStatus.CLOSED)
    assert detail(workspace, case_id).status is CaseStatus.NEW
    CaseService(workspace).set_status(
        case_id, CaseStatus.CLOSED, "Duplicate of another case", override_open_items=True
    )
    assert detail(workspace, case_id).status is CaseStatus.CLOSED
