"""The editable checklist template, and the rule for the school's own notes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from legal_desk.checklist import seed
from legal_desk.checklist.service import ChecklistService
from legal_desk.checklist.templates import ChecklistTemplates, TemplateItem
from legal_desk.documents.store import DocumentStore
from legal_desk.errors import LegalDeskError
from legal_desk.services.cases import detail, update_facts
from legal_desk.services.classification import ClassificationService
from legal_desk.workspace import Workspace
from models import AuditEvent, Classification, DocumentKind, Presented, RequestType
from models.checklist import AppliesTo
from tests.legal_desk.checklist.test_checklist import by_key, clocked, new_case, pdf_bytes

__all__ = ["clocked"]  # the fixture, shared with the checklist tests


def classify(workspace: Workspace, document_id: int, kind: DocumentKind) -> int:
    with workspace.transaction() as session:
        row = Classification(document_id=document_id, suggested_kind=kind)
        session.add(row)
        session.flush()
        return row.id


def template_events(workspace: Workspace) -> list[str]:
    with workspace.session() as session:
        return list(
            session.scalars(
                select(AuditEvent.summary)
                .where(AuditEvent.entity == "checklist_template_item")
                .order_by(AuditEvent.seq)
            )
        )


# ----- the notes rule -----


def test_the_officers_warrant_does_not_tick_the_notes_item(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, document_presented=Presented.YES)
    warrant = DocumentStore(clocked).attach(case_id, "i-200.pdf", pdf_bytes())
    classify(clocked, warrant, DocumentKind.ADMINISTRATIVE_WARRANT)
    items = by_key(service.items(case_id))
    assert not items["notes_attached"].done
    assert items["warrant"].done  # the warrant item still counts it

    DocumentStore(clocked).attach(case_id, "front-desk-notes.pdf", pdf_bytes())
    item = by_key(service.items(case_id))["notes_attached"]
    assert item.done and item.auto_reason == "Attached: front-desk-notes.pdf."


def test_a_document_found_to_be_an_officers_paper_unticks_the_notes_item(
    clocked: Workspace,
) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    document = DocumentStore(clocked).attach(case_id, "scan-0001.pdf", pdf_bytes())
    assert by_key(service.items(case_id))["notes_attached"].done  # not checked yet
    classify(clocked, document, DocumentKind.JUDICIAL_WARRANT)
    assert not by_key(service.items(case_id))["notes_attached"].done


def test_an_unknown_document_ticks_the_notes_item(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    document = DocumentStore(clocked).attach(case_id, "photo-of-sign-in-sheet.pdf", pdf_bytes())
    classify(clocked, document, DocumentKind.UNKNOWN)
    item = by_key(service.items(case_id))["notes_attached"]
    assert item.done and "photo-of-sign-in-sheet.pdf" in item.auto_reason


def test_the_attorneys_decision_wins_over_the_checkers(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    document = DocumentStore(clocked).attach(case_id, "paper.pdf", pdf_bytes())
    checked = classify(clocked, document, DocumentKind.JUDICIAL_WARRANT)
    assert not by_key(service.items(case_id))["notes_attached"].done
    ClassificationService(clocked).confirm(
        checked, DocumentKind.UNKNOWN, reason="The principal's own notes, not a warrant"
    )
    assert by_key(service.items(case_id))["notes_attached"].done

    again = classify(clocked, document, DocumentKind.UNKNOWN)  # the latest check counts
    ClassificationService(clocked).confirm(
        again, DocumentKind.COURT_ORDER, reason="It is the court order after all"
    )
    assert not by_key(service.items(case_id))["notes_attached"].done


def test_the_notes_reason_names_only_the_schools_files(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    store = DocumentStore(clocked)
    warrant = store.attach(case_id, "warrant.pdf", pdf_bytes())
    classify(clocked, warrant, DocumentKind.JUDICIAL_WARRANT)
    store.attach(case_id, "notes.pdf", pdf_bytes())
    store.attach(case_id, "photos.pdf", pdf_bytes())
    item = by_key(service.items(case_id))["notes_attached"]
    assert item.auto_reason == "Attached: notes.pdf and 1 other."


# ----- the template -----


def test_the_template_reads_back_as_seeded(clocked: Workspace) -> None:
    items = ChecklistTemplates(clocked).items()
    assert [i.key for i in items] == [s.key for s in seed.SEED_ITEMS]
    assert items[0].applies_to is AppliesTo.EXIGENT and items[0].ticks_itself


def test_rename_keeps_the_rule_and_open_items_follow(clocked: Workspace) -> None:
    templates = ChecklistTemplates(clocked)
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    service.items(case_id)
    items = templates.items()
    purpose = next(i for i in items if i.key == "purpose")
    saved = templates.save(
        [replace(i, label="Why the officer came is on file") if i is purpose else i for i in items]
    )
    renamed = next(i for i in saved if i.id == purpose.id)
    assert renamed.key == "purpose" and renamed.auto_rule == seed.RULE_PURPOSE
    assert "Checklist template: renamed “Stated purpose of the visit on file” to " in "\n".join(
        template_events(clocked)
    )

    item = by_key(service.items(case_id))["purpose"]
    assert item.label == "Why the officer came is on file" and not item.done
    facts = detail(clocked, case_id).facts
    update_facts(clocked, case_id, replace(facts, stated_purpose="To see a student"))
    assert by_key(service.items(case_id))["purpose"].done  # the rule came along


def test_a_ticked_item_keeps_the_label_it_was_ticked_under(clocked: Workspace) -> None:
    templates = ChecklistTemplates(clocked)
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    service.tick(by_key(service.items(case_id))["next_steps"].id, note="By phone")
    templates.save(
        [
            replace(i, label="Principal told what happens next") if i.key == "next_steps" else i
            for i in templates.items()
        ]
    )
    item = by_key(service.items(case_id))["next_steps"]
    assert item.done and item.label == "School leader knows the next steps"
    assert item.note == "By phone"


def test_reorder_add_and_toggle_required_show_in_cases(clocked: Workspace) -> None:
    templates = ChecklistTemplates(clocked)
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    service.items(case_id)
    items = templates.items()
    next_steps = next(i for i in items if i.key == "next_steps")
    others = [i for i in items if i.key != "next_steps"]
    others = [replace(i, required=True) if i.key == "other_documents" else i for i in others]
    added = TemplateItem(None, "  Counselor   checked on the student ", required=False)
    templates.save([next_steps, *others, added])

    keys = [i.key for i in service.items(case_id)]
    assert keys[0] == "next_steps"
    assert keys[-1] == "counselor_checked_on_the_student"
    items_now = by_key(service.items(case_id))
    assert items_now["counselor_checked_on_the_student"].label == "Counselor checked on the student"
    assert not items_now["counselor_checked_on_the_student"].required
    assert items_now["other_documents"].required


def test_removing_an_item_drops_open_ones_and_keeps_ticked_ones(clocked: Workspace) -> None:
    templates = ChecklistTemplates(clocked)
    service = ChecklistService(clocked)
    ticked_case, open_case = new_case(clocked), new_case(clocked)
    service.tick(by_key(service.items(ticked_case))["next_steps"].id, note="Told her")
    service.items(open_case)
    templates.save([i for i in templates.items() if i.key != "next_steps"])

    assert "next_steps" not in by_key(service.items(open_case))
    kept = by_key(service.items(ticked_case))["next_steps"]
    assert kept.done and kept.note == "Told her"
    assert service.items(ticked_case)[-1].key == "next_steps"  # after the template's items
    service.untick(kept.id)  # no rule holds it: it can be un-ticked, then it goes
    assert "next_steps" not in by_key(service.items(ticked_case))
    assert any("removed “School leader" in e for e in template_events(clocked))


def test_a_re_added_item_does_not_take_over_an_old_kept_one(clocked: Workspace) -> None:
    templates = ChecklistTemplates(clocked)
    service = ChecklistService(clocked)
    case_id = new_case(clocked)
    service.tick(by_key(service.items(case_id))["next_steps"].id)
    templates.save([i for i in templates.items() if i.key != "next_steps"])
    label = "School leader knows the next steps"
    templates.save([*templates.items(), TemplateItem(None, label)])
    items = service.items(case_id)
    same = [i for i in items if i.label == label]
    assert len(same) == 2 and [i.done for i in same] == [False, True]


def test_applies_to_moves_an_item_between_paths(clocked: Workspace) -> None:
    templates = ChecklistTemplates(clocked)
    service = ChecklistService(clocked)
    access = new_case(clocked)
    records = new_case(clocked, request_type=RequestType.STUDENT_RECORDS)
    templates.save(
        [
            replace(i, applies_to=AppliesTo.RECORDS) if i.key == "other_documents" else i
            for i in templates.items()
        ]
    )
    assert "other_documents" not in by_key(service.items(access))
    assert "other_documents" in by_key(service.items(records))


def test_an_emergency_item_stays_first_wherever_the_template_puts_it(clocked: Workspace) -> None:
    templates = ChecklistTemplates(clocked)
    items = templates.items()
    templates.save([*items[1:], items[0]])
    case_id = new_case(clocked, exigent_claimed=True)
    assert ChecklistService(clocked).items(case_id)[0].key == "call_security_now"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda items: [], "at least one item"),
        (lambda items: [replace(items[0], label="   "), *items[1:]], "Item 1 has no text"),
        (lambda items: [*items, items[0]], "appears twice"),
        (lambda items: [replace(items[0], id=99999)], "changed elsewhere"),
    ],
)
def test_bad_templates_are_refused_and_nothing_changes(
    clocked: Workspace, edit: object, message: str
) -> None:
    templates = ChecklistTemplates(clocked)
    before = templates.items()
    with pytest.raises(LegalDeskError, match=message):
        templates.save(edit(before))  # type: ignore[operator]
    assert templates.items() == before


def test_restore_puts_an_item_back_as_it_was(clocked: Workspace) -> None:
    service = ChecklistService(clocked)
    case_id = new_case(clocked, stated_purpose="To see a student")
    before = by_key(service.items(case_id))["purpose"]
    assert before.ticked_itself
    service.tick(before.id, note="Asked again")
    assert service.restore(before) == before
    assert by_key(service.items(case_id))["purpose"] == before


# ----- any sequence of edits -----

EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("rename"), st.integers(0, 30), st.text(min_size=1, max_size=40)),
        st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 30)),
        st.tuples(st.just("add"), st.integers(0, 30), st.text(min_size=1, max_size=40)),
        st.tuples(st.just("remove"), st.integers(0, 30), st.none()),
        st.tuples(st.just("required"), st.integers(0, 30), st.none()),
    ),
    max_size=8,
)


def apply_edits(items: list[TemplateItem], edits: list[tuple[str, int, object]]) -> None:
    for action, index, value in edits:
        at = index % len(items) if items else 0
        if action == "add" or not items:
            items.insert(at, TemplateItem(None, f"x{value}"))
        elif action == "rename":
            items[at] = replace(items[at], label=f"x{value}")
        elif action == "move":
            items.insert(int(str(value)) % len(items), items.pop(at))
        elif action == "remove" and len(items) > 1:
            del items[at]
        elif action == "required":
            items[at] = replace(items[at], required=not items[at].required)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_any_edits_round_trip_and_cases_follow(
    clocked: Workspace, edits: list[tuple[str, int, object]]
) -> None:
    templates = ChecklistTemplates(clocked)
    before = {i.id: i for i in templates.items()}
    edited = templates.items()
    apply_edits(edited, edits)
    saved = templates.save(edited)

    assert templates.items() == saved
    assert [" ".join(i.label.split()) for i in edited] == [i.label for i in saved]
    assert [i.required for i in edited] == [i.required for i in saved]
    for old, new in zip(edited, saved, strict=True):
        if old.id is not None:  # kept items keep their identity, key and rule
            assert new.id == old.id and new.key == before[old.id].key
            assert new.auto_rule == before[old.id].auto_rule
    assert len({i.key for i in saved}) == len(saved)

    case_id = new_case(clocked, exigent_claimed=True, request_type=RequestType.STUDENT_RECORDS)
    labels = [i.label for i in ChecklistService(clocked).items(case_id)]
    emergency = [i.label for i in saved if i.applies_to is AppliesTo.EXIGENT]
    assert labels == emergency + [i.label for i in saved if i.applies_to is not AppliesTo.EXIGENT]
