"""Synthetic workspaces for benchmarks: the same rows, encrypted and plain.

Rows are inserted with Core executemany (no ORM, no audit hook): the benchmark
measures reading, and a 100k-case audit trail would only slow the set-up.
"""

from __future__ import annotations

import random
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, insert
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from legal_desk import search
from legal_desk.crypto.secret import SecretKey
from legal_desk.storage import migrate
from legal_desk.storage.engine import CACHE_KIB, explicit_transactions, make_engine
from models import Agent, Case, CaseStatus, Document, RequestType, School, Student

WORDS = (
    "warrant subpoena officer badge supervisor records enrollment attendance transcript "
    "hallway office principal counselor custody parent guardian removal hearing judge "
    "district court magistrate administrative detainer notice appearance interview lobby "
    "parking visitor schedule bus cafeteria library gym nurse emergency consent release"
).split()
FIRST = "Ana Ben Carla Dev Elena Farid Grace Hugo Ines Jamal Kira Luis Mei Noor Omar Pia".split()
LAST = "Alvarez Brooks Chen Diallo Evans Flores Garcia Haddad Ito Jones Kim Lopez Moreno".split()


def plain_engine(path: Path) -> Engine:
    """The baseline: the same SQLite build with no key (so no encryption)."""

    def connect() -> Any:
        uri = f"file:{urllib.parse.quote(str(path))}?mode=rwc"
        conn = sqlcipher.connect(uri, uri=True, check_same_thread=False)
        # Every setting of the app's connection but the key (`storage.engine._connect`):
        # without temp_store = MEMORY the baseline's sorts spilled to temp files and the
        # encrypted queue looked faster than plain (ratios of 0.6).
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        creator=connect,
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    explicit_transactions(engine)  # the app's transactions too
    return engine


def encrypted_engine(path: Path, key: SecretKey) -> Engine:
    return make_engine(path, key, create=True)


def populate(engine: Engine, cases: int, documents: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    migrate.upgrade(engine)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    schools = [
        {"id": i + 1, "name": f"{rng.choice(LAST)} {kind} {i + 1}"}
        for i, kind in enumerate(["Elementary", "Middle School", "High School"] * 40)
    ]
    statuses = list(CaseStatus)
    requests = list(RequestType)
    with engine.begin() as conn:
        conn.execute(insert(School), schools)
        batch: list[dict[str, Any]] = []
        agents: list[dict[str, Any]] = []
        students: list[dict[str, Any]] = []
        for i in range(1, cases + 1):
            received = now - timedelta(minutes=rng.randrange(0, 5 * 365 * 24 * 60))
            batch.append(
                {
                    "id": i,
                    "reference": f"B-{i:06d}",
                    "status": rng.choice(statuses),
                    "urgent": rng.random() < 0.02,
                    "received_at": received,
                    "contact_at": received,
                    "school_id": rng.randrange(1, len(schools) + 1),
                    "request_type": rng.choice(requests),
                    "stated_purpose": " ".join(rng.choices(WORDS, k=8)),
                    "notes": " ".join(rng.choices(WORDS, k=30)),
                    "assigned_attorney": rng.choice(["A. Rivera", "J. Okafor", "M. Lind", None]),
                    "created_at": received,
                    "updated_at": received,
                }
            )
            agents.append(
                {
                    "case_id": i,
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "badge_number": f"ERO-{rng.randrange(10000, 99999)}",
                }
            )
            students.append(
                {
                    "case_id": i,
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "grade": str(rng.randrange(1, 13)),
                }
            )
            if len(batch) == 5000:
                conn.execute(insert(Case), batch)
                conn.execute(insert(Agent), agents)
                conn.execute(insert(Student), students)
                batch, agents, students = [], [], []
        if batch:
            conn.execute(insert(Case), batch)
            conn.execute(insert(Agent), agents)
            conn.execute(insert(Student), students)
        docs = [
            {
                "case_id": rng.randrange(1, cases + 1),
                "filename": f"scan-{d}.pdf",
                "media_type": "application/pdf",
                "sha256": f"{d:064x}",
                "size": 1000,
                "page_count": 2,
                "extracted_text": " ".join(rng.choices(WORDS, k=300)),
                "imported_at": now,
            }
            for d in range(1, documents + 1)
        ]
        for start in range(0, len(docs), 5000):
            conn.execute(insert(Document), docs[start : start + 5000])
    search.ensure_index(engine)
