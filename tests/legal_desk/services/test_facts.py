from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService, StaffFacts, detail
from legal_desk.services.facts import normalize_phone
from legal_desk.workspace import Workspace
from models import Presented


def test_phone_numbers_are_written_one_way() -> None:
    assert normalize_phone("303.326.1800") == "(303) 326-1800"
    assert normalize_phone("+1 303 326 1800") == "(303) 326-1800"
    assert normalize_phone("(303) 326-1800 x28301") == "(303) 326-1800 ext. 28301"
    assert normalize_phone("303-326-1800 ext 28301") == "(303) 326-1800 ext. 28301"
    assert normalize_phone("  ") == ""


def test_odd_numbers_are_kept_as_typed_not_lost() -> None:
    assert normalize_phone("ext 5 only") == "ext 5 only"
    assert normalize_phone("+44 20 7946 0958") == "+44 20 7946 0958"
    assert normalize_phone("call the front desk") == "call the front desk"


@given(st.from_regex(r"[2-9]\d{2}[2-9]\d{6}", fullmatch=True), st.sampled_from(["", "-", ".", " "]))
def test_any_ten_digit_number_normalizes_to_the_same_text(digits: str, sep: str) -> None:
    typed = sep.join([digits[:3], digits[3:6], digits[6:]])
    assert normalize_phone(typed) == normalize_phone(digits)
    assert normalize_phone(normalize_phone(typed)) == normalize_phone(typed)


def test_saving_is_never_blocked_and_missing_facts_are_listed(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake())
    keys = [m.key for m in detail(workspace, case_id).missing]
    assert keys == [
        "school",
        "caller",
        "agent_name",
        "badge_number",
        "supervisor_phone",
        "purpose",
        "warrant_asked",
    ]


def test_a_warrant_shown_without_a_copy_asks_for_the_copy(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(
        CaseIntake(
            school="Meadow Ridge Elementary",
            stated_purpose="Wants to speak with a student",
            document_presented=Presented.YES,
            staff=(StaffFacts("Rosa Ibarra", "Principal", "303 555 0100", is_caller=True),),
            agents=(AgentFacts("Dale Norris", "ERO-40117", supervisor_phone="3035550199"),),
        )
    )
    found = detail(workspace, case_id)
    assert [m.key for m in found.missing] == ["warrant_copy"]
    assert found.facts.staff[0].phone == "(303) 555-0100"
    assert found.facts.agents[0].supervisor_phone == "(303) 555-0199"
