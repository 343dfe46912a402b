"""Full-text search over cases and documents, inside the encrypted database.

This is the one module that uses SQLite-only features (FTS5), so the rest of the
schema stays portable. The index is kept in step by a flush hook: whatever a
session changes about a case or a document is re-indexed in the same
transaction, so search never shows a case that a rollback removed.

Row ids encode what a row is: a case is `id * 2`, a document `id * 2 + 1`. That
makes re-indexing a lookup by rowid and lets "newest first" be `ORDER BY rowid`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from models import Agency, Agent, Case, Document, RequestType, School, SchoolStaff, Student

TABLE = "search_index"
# Ranking every match of a common word costs ~75 ms at 100k rows; ranking only the
# newest matches keeps typing responsive (CONVENTIONS.md, FTS5 measurements).
RANK_WINDOW = 400
_TOKEN = re.compile(r"[\w@.'+-]+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def is_search_table(name: str) -> bool:
    """FTS5 tables and their shadow tables, which Alembic must not manage."""
    return name == TABLE or name.startswith(f"{TABLE}_")


@dataclass(frozen=True)
class SearchHit:
    case_id: int
    document_id: int | None
    title: str
    snippet_html: str  # escaped text with <b> around the matches


def ensure_index(engine: Engine) -> None:
    """Create the index if this workspace has none yet, and fill it."""
    with engine.begin() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)
        ).first()
        if exists:
            return
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
            "title, body, case_id UNINDEXED, document_id UNINDEXED, "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        rebuild(conn)


def rebuild(conn: Connection) -> None:
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    case_ids = [r[0] for r in conn.execute(text("SELECT id FROM case_file"))]
    doc_ids = [r[0] for r in conn.execute(text("SELECT id FROM document"))]
    reindex(conn, case_ids, doc_ids)


def _case_text(conn: Connection, case_id: int) -> tuple[str, str] | None:
    row = conn.execute(
        text(
            "SELECT c.reference, coalesce(s.name, ''), c.stated_purpose, c.notes, "
            "c.officer_location_note, c.request_type, coalesce(c.assigned_attorney, '') "
            "FROM case_file c LEFT JOIN school s ON s.id = c.school_id WHERE c.id = :id"
        ),
        {"id": case_id},
    ).first()
    if row is None:
        return None
    reference, school, purpose, notes, location, request_type, attorney = row
    # Labels, not stored codes: the snippet shows "ICE ERO", never "ice_ero".
    parts: list[str] = [
        reference,
        school,
        purpose,
        notes,
        location,
        RequestType(request_type).label,
        attorney,
    ]
    for table, cols in (
        ("agent", "name, badge_number, agency, supervisor_name, supervisor_phone"),
        ("school_staff", "name, role, phone, email"),
        ("student", "name, grade"),
    ):
        for r in conn.execute(
            text(f"SELECT {cols} FROM {table} WHERE case_id = :id"),
            {"id": case_id},
        ):
            values = [str(v) for v in r if v]
            if table == "agent" and r[2]:
                values[values.index(str(r[2]))] = Agency(r[2]).label
            parts.extend(values)
    return f"{reference} · {school}".strip(" ·"), "\n".join(p for p in parts if p)


def reindex(conn: Connection, case_ids: Iterable[int], document_ids: Iterable[int]) -> None:
    for case_id in set(case_ids):
        conn.exec_driver_sql(f"DELETE FROM {TABLE} WHERE rowid = ?", (case_id * 2,))
        found = _case_text(conn, case_id)
        if found is not None:
            conn.exec_driver_sql(
                f"INSERT INTO {TABLE}(rowid, title, body, case_id, document_id) "
                "VALUES (?, ?, ?, ?, NULL)",
                (case_id * 2, found[0], found[1], case_id),
            )
    for doc_id in set(document_ids):
        conn.exec_driver_sql(f"DELETE FROM {TABLE} WHERE rowid = ?", (doc_id * 2 + 1,))
        row = conn.execute(
            text(
                "SELECT case_id, filename, description, extracted_text FROM document WHERE id = :id"
            ),
            {"id": doc_id},
        ).first()
        if row is not None:
            conn.exec_driver_sql(
                f"INSERT INTO {TABLE}(rowid, title, body, case_id, document_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (doc_id * 2 + 1, row[1], f"{row[1]}\n{row[2]}\n{row[3]}", row[0], doc_id),
            )


# ----- keeping the index in step -----

_CASE_CHILDREN = (Agent, SchoolStaff, Student)


def _touched(session: Session) -> tuple[set[int], set[int]]:
    cases: set[int] = set()
    docs: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Case):
            cases.add(obj.id)
        elif isinstance(obj, _CASE_CHILDREN):
            if obj.case_id is not None:
                cases.add(obj.case_id)
        elif isinstance(obj, Document):
            docs.add(obj.id)
        elif isinstance(obj, School) and obj.id is not None:
            # A renamed school changes the text of every case at it.
            ids = session.connection().execute(
                text("SELECT id FROM case_file WHERE school_id = :id"), {"id": obj.id}
            )
            cases.update(r[0] for r in ids)
    return cases, docs


def _after_flush(session: Session, _ctx: Any) -> None:
    cases, docs = _touched(session)
    if cases or docs:
        reindex(session.connection(), cases, docs)


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "after_flush", _after_flush)


# ----- querying -----


def to_match_query(user_text: str) -> str | None:
    """Turn what the user typed into a safe FTS5 query: every word must match, the
    last one as a prefix (results update as the user types)."""
    tokens = _TOKEN.findall(user_text)
    if not tokens:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


def _fold(word: str) -> str:
    """Case- and accent-insensitive form, as the index's tokenizer compares words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _query_words(user_text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Whole words to match, and the words of the last token (matched as prefixes)."""
    tokens = _TOKEN.findall(user_text)
    if not tokens:
        return frozenset(), frozenset()
    whole = {_fold(w) for t in tokens[:-1] for w in _WORD.findall(t)}
    last_words = [_fold(w) for w in _WORD.findall(tokens[-1])]
    # Inside the last token only its final word is still being typed.
    whole.update(last_words[:-1])
    return frozenset(whole), frozenset(last_words[-1:])


def make_snippet(
    body: str, whole: frozenset[str], prefixes: frozenset[str], width: int = 14
) -> str:
    """A window of `width` words around the first match, escaped, matches in <b>."""
    spans = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(body)]
    if not spans:
        return ""
    hits = {
        i
        for i, (_, _, word) in enumerate(spans)
        if word in whole or any(word.startswith(p) for p in prefixes)
    }
    first = min(hits) if hits else 0
    start = max(0, first - width // 3)
    end = min(len(spans), start + width)
    out: list[str] = ["…"] if start > 0 else []
    bold = False
    for i in range(start, end):
        a, b, _ = spans[i]
        gap = _SPACES.sub(" ", body[spans[i - 1][1] : a]) if i > start else ""
        # "ERO-40117" stays one highlight: close the mark only at a space or a miss.
        if bold and (i not in hits or " " in gap):
            out.append("</b>")
            bold = False
        out.append(html.escape(gap))
        if i in hits and not bold:
            out.append("<b>")
            bold = True
        out.append(html.escape(body[a:b]))
    if bold:
        out.append("</b>")
    if end < len(spans):
        out.append(" …")
    return "".join(out)


def search(session: Session, user_text: str, limit: int = 25) -> list[SearchHit]:
    query = to_match_query(user_text)
    if query is None:
        return []
    conn = session.connection()
    # Rank only the newest matches (measured at 20k cases: 0.8 ms here against
    # 18 ms for ORDER BY rank over every match), then make snippets for the few shown.
    newest = conn.exec_driver_sql(
        f"SELECT rowid, rank, case_id, document_id, title FROM {TABLE} "
        f"WHERE {TABLE} MATCH ? ORDER BY rowid DESC LIMIT ?",
        (query, RANK_WINDOW),
    ).all()
    best = sorted(newest, key=lambda r: (r[1], -r[0]))[:limit]
    if not best:
        return []
    marks = ",".join("?" * len(best))
    # Snippets are made here, not by FTS5's snippet(): for a prefix longer than the
    # prefix index (e.g. "guardia*") snippet() re-expands the prefix for every row,
    # measured at 3 ms a row (75 ms a query at 100k cases) against 0.1 ms here.
    bodies: dict[int, str] = dict(
        conn.exec_driver_sql(
            f"SELECT rowid, body FROM {TABLE} WHERE rowid IN ({marks})",
            tuple(r[0] for r in best),
        ).all()
    )
    words, last = _query_words(user_text)
    snippets = {rowid: make_snippet(body, words, last) for rowid, body in bodies.items()}
    return [
        SearchHit(
            case_id=int(r[2]),
            document_id=None if r[3] is None else int(r[3]),
            title=str(r[4]),
            snippet_html=snippets.get(r[0], ""),
        )
        for r in best
    ]
