"""What was typed into a short form when the window locked, kept for the attorney.

The Security call, a FERPA log entry or a checklist note may be half typed when the
idle timer locks the window. Locking must clear every widget, and submitting a half
typed form would put something unconfirmed on the record, so the typed values are kept
as a draft per case and form instead, and offered again when that form next opens.

Stored encrypted with everything else (a setting per case and form), never a file.
The audit trail says that a draft was kept or dropped, never what it held: a draft is
not a record, and the trail keeps everything forever.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from legal_desk import audit
from legal_desk.workspace import Workspace
from models import Setting

_PREFIX = "form.draft."
MAX_VALUE_CHARS = 200_000  # per field: more than any of these forms accepts


@dataclass(frozen=True)
class FormDraft:
    values: dict[str, str]
    saved_at: datetime | None


def _key(case_id: int | None, form: str) -> str:
    return f"{_PREFIX}{form}.{'workspace' if case_id is None else case_id}"


def _of(case_id: int | None) -> str:
    return "" if case_id is None else f" for case {case_id}"


class FormDrafts:
    """Drafts of the short forms of one workspace, by case and form name (case None:
    a form of the whole workspace, such as a template editor)."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def save(self, case_id: int | None, form: str, values: Mapping[str, str]) -> None:
        """Keep `values` (field name to text) as the draft of `form` for the case."""
        value = json.dumps(
            {
                "values": {str(k): str(v)[:MAX_VALUE_CHARS] for k, v in values.items()},
                "saved_at": self._workspace.clock().isoformat(),
            }
        )
        key = _key(case_id, form)
        with self._workspace.transaction() as session:
            row = session.get(Setting, key)
            if row is None:
                row = Setting(key=key, value=value)
                session.add(row)
            elif row.value == value:
                return
            else:
                row.value = value
            audit.set_summary(session, row, f"Draft of a form kept{_of(case_id)}")
            audit.withhold_values(session, row, "value")

    def load(self, case_id: int | None, form: str) -> FormDraft | None:
        """The kept draft, or None (also for one that cannot be read back)."""
        with self._workspace.session() as session:
            raw = session.scalar(select(Setting.value).where(Setting.key == _key(case_id, form)))
        return _parse(raw) if raw is not None else None

    def take(self, case_id: int | None, form: str) -> FormDraft | None:
        """The kept draft, removed from the workspace: it goes back into the form, and
        the form keeps it from then on (or keeps it again at the next lock). Forms call
        this each time they open, so with no draft it only reads."""
        with self._workspace.session() as session:
            raw = session.scalar(select(Setting.value).where(Setting.key == _key(case_id, form)))
        if raw is None:
            return None
        self.discard(case_id, form)  # an unreadable one goes too
        return _parse(raw)

    def discard(self, case_id: int | None, form: str) -> None:
        with self._workspace.transaction() as session:
            row = session.get(Setting, _key(case_id, form))
            if row is not None:
                audit.set_summary(session, row, f"Draft of a form dropped{_of(case_id)}")
                audit.withhold_values(session, row, "value")
                session.delete(row)


def _parse(raw: str) -> FormDraft | None:
    try:
        data = json.loads(raw)
        values = {str(k): str(v) for k, v in data["values"].items()}
        saved = data.get("saved_at")
        saved_at = datetime.fromisoformat(saved) if isinstance(saved, str) else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return FormDraft(values=values, saved_at=saved_at)
