"""Queue fixtures: many cases at once, written the way the benchmark writes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from legal_desk.workspace import Workspace
from models import Case, CaseStatus, RequestType, School

BULK_START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def bulk_cases(workspace: Workspace, count: int, school: str = "Lazy Valley Elementary") -> None:
    """`count` open, non-urgent cases, one minute apart: case n is "2025-n" (zero-padded).

    Written with Core executemany, like bench/workload.py: 1,000 cases through
    CaseService take ~5 s (audit and search index per case), this takes ~0.1 s, and
    the queue only reads them.
    """
    with workspace.engine.begin() as conn:
        school_id = conn.execute(insert(School).values(name=school)).inserted_primary_key[0]
        conn.execute(
            insert(Case),
            [
                {
                    "reference": f"2025-{n:04d}",
                    "status": CaseStatus.NEW,
                    "urgent": False,
                    "received_at": BULK_START + timedelta(minutes=n),
                    "contact_at": BULK_START + timedelta(minutes=n),
                    "school_id": school_id,
                    "request_type": RequestType.OTHER,
                }
                for n in range(1, count + 1)
            ],
        )
