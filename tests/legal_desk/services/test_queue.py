from __future__ import annotations

from datetime import UTC, datetime, timedelta

from legal_desk.services import queue
from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import CaseStatus, RequestType

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _cases(workspace: Workspace) -> dict[str, int]:
    service = CaseService(workspace)
    ids = {
        "old_records": service.create(
            CaseIntake(
                school="Alder High",
                request_type=RequestType.STUDENT_RECORDS,
                received_at=T0,
                assigned_attorney="J. Okafor",
                agents=(AgentFacts("Zed Young"),),
            )
        ),
        "access": service.create(
            CaseIntake(
                school="Birch Elementary",
                request_type=RequestType.STUDENT_ACCESS,
                received_at=T0 + timedelta(days=1),
                assigned_attorney="A. Rivera",
                agents=(AgentFacts("Amy Adams"),),
            )
        ),
        "urgent": service.create(
            CaseIntake(
                school="Cedar Middle", exigent_claimed=True, received_at=T0 + timedelta(hours=1)
            )
        ),
        "closed": service.create(
            CaseIntake(school="Alder High", received_at=T0 + timedelta(days=2))
        ),
    }
    service.set_status(
        ids["closed"], CaseStatus.CLOSED, "closed in setup", override_open_items=True
    )
    return ids


def test_default_order_is_urgent_then_newest(workspace: Workspace) -> None:
    ids = _cases(workspace)
    with workspace.session() as s:
        order = queue.ordered_ids(s, queue.QueueFilter())
    assert order == [ids["urgent"], ids["closed"], ids["access"], ids["old_records"]]


def test_sorting_by_school_and_agent(workspace: Workspace) -> None:
    ids = _cases(workspace)
    with workspace.session() as s:
        by_school = queue.ordered_ids(s, queue.QueueFilter(), queue.SortKey.SCHOOL, False)
        rows = queue.rows(s, by_school)
        assert [rows[i].school for i in by_school] == [
            "Alder High",
            "Alder High",
            "Birch Elementary",
            "Cedar Middle",
        ]
        by_agent = queue.ordered_ids(s, queue.QueueFilter(), queue.SortKey.AGENT, True)
        assert by_agent[0] == ids["old_records"]  # "Zed Young" sorts last, first descending


def test_filters_combine_and_counts_ignore_the_status_filter(workspace: Workspace) -> None:
    ids = _cases(workspace)
    with workspace.session() as s:
        flt = queue.QueueFilter(statuses=queue.OPEN_STATUSES, assigned_to="A. Rivera")
        assert queue.ordered_ids(s, flt) == [ids["access"]]
        dated = queue.QueueFilter(
            received_from=T0 + timedelta(hours=2), received_to=T0 + timedelta(days=2)
        )
        assert queue.ordered_ids(s, dated) == [ids["access"]]
        counts = queue.counts_by_status(s, queue.QueueFilter(statuses=frozenset()))
    assert counts[CaseStatus.NEW] == 3
    assert counts[CaseStatus.CLOSED] == 1


def test_a_closed_urgent_case_is_no_longer_shown_urgent(workspace: Workspace) -> None:
    ids = _cases(workspace)
    CaseService(workspace).set_status(
        ids["urgent"], CaseStatus.CLOSED, "closed in setup", override_open_items=True
    )
    with workspace.session() as s:
        rows = queue.rows(s, [ids["urgent"]])
        order = queue.ordered_ids(s, queue.QueueFilter())
    assert rows[ids["urgent"]].urgent is False
    assert order[0] == ids["closed"]


def test_filtering_by_school_name_is_exact_and_an_unknown_name_matches_nothing(
    workspace: Workspace,
) -> None:
    ids = _cases(workspace)
    with workspace.session() as s:
        alder = queue.QueueFilter(school_name="Alder High")
        assert queue.ordered_ids(s, alder) == [ids["closed"], ids["old_records"]]
        assert queue.ordered_ids(s, queue.QueueFilter(school_name="Alder")) == []
        assert queue.ordered_ids(s, queue.QueueFilter(school_name="Nowhere Academy")) == []
        only_new = queue.QueueFilter(statuses=frozenset({CaseStatus.NEW}), school_name="Alder High")
        assert queue.ordered_ids(s, only_new) == [ids["old_records"]]
        counts = queue.counts_by_status(s, only_new)
    assert counts[CaseStatus.NEW] == 1
    assert counts[CaseStatus.CLOSED] == 1


def test_sorting_by_reference(workspace: Workspace) -> None:
    _cases(workspace)
    with workspace.session() as s:
        ascending = queue.ordered_ids(s, queue.QueueFilter(), queue.SortKey.REFERENCE, False)
        rows = queue.rows(s, ascending)
        references = [rows[i].reference for i in ascending]
        descending = queue.ordered_ids(s, queue.QueueFilter(), queue.SortKey.REFERENCE, True)
    assert references == sorted(references)
    assert descending == ascending[::-1]


def test_urgency_order_matches_sorting_the_rows_in_both_directions(workspace: Workspace) -> None:
    ids = _cases(workspace)
    service = CaseService(workspace)
    same_time = [
        service.create(CaseIntake(school="Alder High", exigent_claimed=urgent, received_at=T0))
        for urgent in (True, False, True, False)
    ]
    service.set_status(
        same_time[2], CaseStatus.CLOSED, "closed in setup", override_open_items=True
    )  # a closed emergency sinks
    with workspace.session() as s:
        for flt in (queue.QueueFilter(), queue.QueueFilter(statuses=queue.OPEN_STATUSES)):
            for descending in (True, False):
                order = queue.ordered_ids(s, flt, queue.SortKey.URGENCY, descending)
                rows = queue.rows(s, order)
                by_time = sorted(order, key=lambda i: (rows[i].received_at, i), reverse=True)
                expected = sorted(by_time, key=lambda i: rows[i].urgent, reverse=descending)
                assert order == expected
    assert order[-2:] == [ids["urgent"], same_time[0]]  # ascending: urgent ones last
