"""Advice being written, kept in the workspace when the case is closed or the window
locks, so an attorney called away mid-sentence finds the draft again.

Stored encrypted with everything else (a setting per case); never a file. The audit
trail says when a draft was kept or discarded, never what it held."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import select

from legal_desk import audit
from legal_desk.workspace import Workspace
from models import Setting

_PREFIX = "advice.draft."


@dataclass(frozen=True)
class Draft:
    template_key: str
    subject: str
    recipient: str
    html: str
    edited: bool  # the text was changed by hand after the template filled it
    answers: dict[str, str] = field(default_factory=dict)
    saved_at: str = ""  # ISO time, for telling the attorney when it was kept


def _key(case_id: int) -> str:
    return f"{_PREFIX}{case_id}"


class AdviceDrafts:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def save(self, case_id: int, draft: Draft) -> None:
        stamped = Draft(**{**asdict(draft), "saved_at": self._workspace.clock().isoformat()})
        value = json.dumps(asdict(stamped))
        with self._workspace.transaction() as session:
            row = session.get(Setting, _key(case_id))
            if row is None:
                row = Setting(key=_key(case_id), value=value)
                audit.set_summary(session, row, f"Advice draft kept for case {case_id}")
                audit.withhold_values(session, row, "value")  # a draft is not a record
                session.add(row)
            elif row.value != value:
                audit.set_summary(session, row, f"Advice draft kept for case {case_id}")
                audit.withhold_values(session, row, "value")
                row.value = value

    def load(self, case_id: int) -> Draft | None:
        """The kept draft, or None (also for one that cannot be read back)."""
        with self._workspace.session() as session:
            raw = session.scalar(select(Setting.value).where(Setting.key == _key(case_id)))
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            answers = data.get("answers", {})
            return Draft(
                template_key=str(data["template_key"]),
                subject=str(data["subject"]),
                recipient=str(data["recipient"]),
                html=str(data["html"]),
                edited=bool(data["edited"]),
                answers={str(k): str(v) for k, v in answers.items()},
                saved_at=str(data.get("saved_at", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def discard(self, case_id: int) -> None:
        with self._workspace.transaction() as session:
            row = session.get(Setting, _key(case_id))
            if row is not None:
                audit.set_summary(session, row, f"Advice draft of case {case_id} discarded")
                audit.withhold_values(session, row, "value")
                session.delete(row)


def saved_at_text(draft: Draft) -> str:
    try:
        return f"{datetime.fromisoformat(draft.saved_at).astimezone():%a %d %b %Y, %H:%M}"
    except ValueError:
        return "earlier"
