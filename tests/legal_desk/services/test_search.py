from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from legal_desk import search
from legal_desk.services.cases import AgentFacts, CaseIntake, CaseService, detail, update_facts
from legal_desk.workspace import Workspace
from models import Document


def _add_document(workspace: Workspace, case_id: int, text: str) -> int:
    with workspace.transaction() as session:
        doc = Document(
            case_id=case_id,
            filename="warrant.pdf",
            media_type="application/pdf",
            sha256="0" * 64,
            size=10,
            page_count=1,
            extracted_text=text,
        )
        session.add(doc)
        session.flush()
        return doc.id


def test_finds_a_badge_number_and_a_word_from_a_document(workspace: Workspace) -> None:
    service = CaseService(workspace)
    case_id = service.create(
        CaseIntake(
            school="Meadow Ridge Elementary", agents=(AgentFacts("Dale Norris", "ERO-40117"),)
        )
    )
    doc_id = _add_document(workspace, case_id, "WARRANT FOR ARREST OF ALIEN, Form I-200")
    with workspace.session() as s:
        by_badge = search.search(s, "ERO-40117")
        by_doc = search.search(s, "arrest")
    assert [(h.case_id, h.document_id) for h in by_badge] == [(case_id, None)]
    assert "<b>ERO-40117</b>" in by_badge[0].snippet_html
    assert [(h.case_id, h.document_id) for h in by_doc] == [(case_id, doc_id)]


def test_prefix_matches_while_typing_and_accents_are_ignored(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(
        CaseIntake(notes="Lucía waited in the counselor's office")
    )
    with workspace.session() as s:
        assert [h.case_id for h in search.search(s, "couns")] == [case_id]
        assert [h.case_id for h in search.search(s, "lucia")] == [case_id]


def test_edits_are_searchable_at_once_and_old_text_is_gone(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(notes="first version"))
    facts = detail(workspace, case_id).facts
    from dataclasses import replace

    update_facts(workspace, case_id, replace(facts, notes="second draft"))
    with workspace.session() as s:
        assert search.search(s, "first") == []
        assert [h.case_id for h in search.search(s, "second")] == [case_id]


def test_a_rolled_back_change_is_not_searchable(workspace: Workspace) -> None:
    service = CaseService(workspace)
    case_id = service.create(CaseIntake(notes="kept"))
    from models import Case

    with workspace.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.notes = "phantom"
        session.flush()
        session.rollback()
    with workspace.session() as s:
        assert search.search(s, "phantom") == []
        assert [h.case_id for h in search.search(s, "kept")] == [case_id]


def test_matches_are_highlighted_and_the_rest_is_escaped(workspace: Workspace) -> None:
    CaseService(workspace).create(CaseIntake(notes="<script>alert(1)</script> badge shown"))
    with workspace.session() as s:
        hit = search.search(s, "badge")[0]
    assert "<script>" not in hit.snippet_html
    assert "&lt;/script&gt;" in hit.snippet_html
    assert "<b>badge</b>" in hit.snippet_html


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_text_is_a_safe_query(text: str) -> None:
    query = search.to_match_query(text)
    assert query is None or query.count('"') % 2 == 0


def test_hostile_queries_do_not_raise(workspace: Workspace) -> None:
    CaseService(workspace).create(CaseIntake(notes="anything"))
    with workspace.session() as s:
        for text in [
            '"',
            "NEAR(",
            "a OR",
            "*",
            "col:x",
            "x AND NOT y",
            "'; DROP TABLE x; --",
            "\x00",
        ]:
            assert isinstance(search.search(s, text), list)


def test_snippet_marks_prefixes_whole_words_and_keeps_badges_together() -> None:
    whole, prefixes = search._query_words("warrant ERO-40")
    snippet = search.make_snippet(
        "A warrant was shown by agent ERO-40117 and warranted nothing", whole, prefixes
    )
    assert snippet == ("A <b>warrant</b> was shown by agent <b>ERO-40117</b> and warranted nothing")


def test_snippet_is_a_window_around_the_first_match() -> None:
    body = " ".join(f"w{i}" for i in range(100)) + " needle " + "tail " * 50
    snippet = search.make_snippet(body, frozenset(), frozenset({"needle"}))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<b>needle</b>" in snippet
    assert len(snippet) < 200


def test_snippets_show_labels_not_stored_codes(workspace: Workspace) -> None:
    from models import Agency

    CaseService(workspace).create(
        CaseIntake(agents=(AgentFacts("Dale Norris", "ERO-40117", agency=Agency.ICE_ERO),))
    )
    with workspace.session() as s:
        snippet = search.search(s, "Norris")[0].snippet_html
    assert "ICE ERO" in snippet
    assert "ice_ero" not in snippet
