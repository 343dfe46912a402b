"""Repeat encounters: other cases where the same agent (name or badge) was seen.

Like a conflict check: if an officer has visited before, the attorney sees the
earlier cases and what happened there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import Agent, Case, CaseStatus, School


@dataclass(frozen=True)
class Encounter:
    case_id: int
    reference: str
    received_at: datetime
    school: str
    status: CaseStatus
    agent_name: str
    badge_number: str
    matched_on: str  # "badge number" or "name"


def _norm_badge(badge: str) -> str:
    return "".join(ch for ch in badge.upper() if ch.isalnum())


def repeat_encounters(session: Session, case_id: int) -> list[Encounter]:
    mine = session.execute(
        select(Agent.name, Agent.badge_number).where(Agent.case_id == case_id)
    ).all()
    names = {" ".join(n.split()).lower() for n, _ in mine if n.strip()}
    badges = {_norm_badge(b) for _, b in mine if _norm_badge(b)}
    if not names and not badges:
        return []
    # Badges are compared without punctuation ("ERO 40117" is "ERO-40117").
    badge_expr = func.upper(
        func.replace(func.replace(func.replace(Agent.badge_number, "-", ""), " ", ""), ".", "")
    )
    conditions = []
    if badges:
        conditions.append(badge_expr.in_(sorted(badges)))
    if names:
        conditions.append(func.lower(Agent.name).in_(sorted(names)))
    rows = session.execute(
        select(
            Case.id,
            Case.reference,
            Case.received_at,
            School.name,
            Case.status,
            Agent.name,
            Agent.badge_number,
        )
        .join(Agent, Agent.case_id == Case.id)
        .outerjoin(School, School.id == Case.school_id)
        .where(Case.id != case_id, or_(*conditions))
        .order_by(Case.received_at.desc())
    ).all()
    seen: dict[int, Encounter] = {}
    for r in rows:
        on_badge = _norm_badge(r[6]) in badges if r[6] else False
        if r[0] in seen and not on_badge:
            continue
        seen[r[0]] = Encounter(
            case_id=r[0],
            reference=r[1],
            received_at=r[2],
            school=r[3] or "",
            status=r[4],
            agent_name=r[5],
            badge_number=r[6],
            matched_on="badge number" if on_badge else "name",
        )
    return list(seen.values())
