"""The advice templates shipped in `resources/advice`, and which one fits a case.

Kept apart from the library so the workspace can seed a new file without importing
the services (which import the workspace).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AdviceTemplate, AdviceTemplateVersion, DocumentKind, RequestType

SEED_AUTHOR = "Legal Desk (seed)"


@dataclass(frozen=True)
class SeedTemplate:
    """A template as shipped, with the case facts it fits."""

    key: str
    title: str
    subject: str
    body: str
    kinds: frozenset[DocumentKind] = frozenset()
    request_types: frozenset[RequestType] = frozenset()
    exigent: bool = False  # fits any case where an emergency was claimed
    fallback: bool = False  # fits when nothing else does


@cache
def seed_templates() -> tuple[SeedTemplate, ...]:
    """The templates shipped in `resources/advice` (read once per process)."""
    folder = resources.files("resources") / "advice"
    seeds = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        seeds.append(
            SeedTemplate(
                key=data["key"],
                title=data["title"],
                subject=data["subject"].strip(),
                body=data["body"].strip() + "\n",
                kinds=frozenset(DocumentKind(k) for k in data.get("kinds", ())),
                request_types=frozenset(RequestType(r) for r in data.get("request_types", ())),
                exigent=bool(data.get("exigent", False)),
                fallback=bool(data.get("fallback", False)),
            )
        )
    return tuple(seeds)


def suggest_key(kind: DocumentKind | None, request_type: RequestType, exigent: bool) -> str:
    """The shipped template that fits a case best: an emergency first, then what the
    document is, then what was asked for, else the hold-and-wait advice."""
    seeds = seed_templates()
    if exigent:
        for seed in seeds:
            if seed.exigent:
                return seed.key
    if kind is not None:
        for seed in seeds:
            if kind in seed.kinds:
                return seed.key
    for seed in seeds:
        if request_type in seed.request_types:
            return seed.key
    return next(seed.key for seed in seeds if seed.fallback)


def seed(session: Session, now: datetime) -> int:
    """Add the shipped templates a workspace does not have yet; returns how many."""
    have = set(session.scalars(select(AdviceTemplate.key)))
    added = 0
    for item in seed_templates():
        if item.key in have:
            continue
        template = AdviceTemplate(key=item.key, title=item.title)
        template.versions.append(
            AdviceTemplateVersion(
                version=1,
                subject=item.subject,
                body=item.body,
                created_at=now,
                created_by=SEED_AUTHOR,
            )
        )
        session.add(template)
        added += 1
    return added
