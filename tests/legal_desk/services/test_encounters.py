from __future__ import annotations

from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService
from legal_desk.services.encounters import repeat_encounters
from legal_desk.workspace import Workspace


def test_the_same_badge_in_another_case_is_listed(workspace: Workspace) -> None:
    service = CaseService(workspace)
    earlier = service.create(
        CaseIntake(school="Meadow Ridge Elementary", agents=(AgentFacts("D. Norris", "ERO-40117"),))
    )
    service.create(CaseIntake(school="Elsewhere", agents=(AgentFacts("Pat Lee", "CBP-1"),)))
    now = service.create(
        CaseIntake(school="North Cedar", agents=(AgentFacts("Dale Norris", "ero 40117"),))
    )
    with workspace.session() as session:
        found = repeat_encounters(session, now)
    assert [(e.case_id, e.matched_on) for e in found] == [(earlier, "badge number")]
    assert found[0].school == "Meadow Ridge Elementary"


def test_the_same_name_without_a_badge_is_listed(workspace: Workspace) -> None:
    service = CaseService(workspace)
    earlier = service.create(CaseIntake(agents=(AgentFacts("Dale Norris", ""),)))
    now = service.create(CaseIntake(agents=(AgentFacts("dale  norris", ""),)))
    with workspace.session() as session:
        assert [e.case_id for e in repeat_encounters(session, now)] == [earlier]
        assert [e.case_id for e in repeat_encounters(session, earlier)] == [now]


def test_no_agent_means_no_encounters(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake())
    with workspace.session() as session:
        assert repeat_encounters(session, case_id) == []
