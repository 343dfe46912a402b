from __future__ import annotations

from dataclasses import replace

from legal_desk.services.cases import CaseIntake, CaseService, detail, update_facts
from legal_desk.services.timeline import case_timeline
from legal_desk.workspace import Workspace


def test_a_change_of_school_reads_as_school_names_not_row_ids(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Meadow Ridge Elementary"))
    facts = detail(workspace, case_id).facts
    update_facts(workspace, case_id, replace(facts, school="North Cedar Middle School"))
    with workspace.session() as session:
        entries = case_timeline(session, case_id)
    created = next(e for e in entries if e.action == "create" and e.entity == "case_file")
    assert ("school", None, "Meadow Ridge Elementary") in [
        (c.field, c.before, c.after) for c in created.changes
    ]
    edit = entries[-1]
    assert [(c.field, c.before, c.after) for c in edit.changes] == [
        ("school", "Meadow Ridge Elementary", "North Cedar Middle School")
    ]
