"""Short forms that keep what was typed when the window locks (see legal_desk.form_drafts).

A form that can be half typed when the idle timer fires implements `KeepsDraft`; the
main window keeps the drafts of every such form under it before it clears them, and
the form takes its draft back when it next opens for the same case.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from legal_desk.form_drafts import FormDraft, FormDrafts
from legal_desk.workspace import Workspace
from ui.formatting import local_time

log = logging.getLogger(__name__)


@runtime_checkable
class KeepsDraft(Protocol):
    def lock_draft(self) -> tuple[int | None, str, dict[str, str]] | None:
        """(case id, or None for a form of the whole workspace; form name; field
        values) of what was typed; None if nothing was."""
        ...


def keep_drafts(root: QWidget, workspace: Workspace) -> int:
    """Keep the draft of every form in `root` (itself included) that holds typed text;
    how many were kept."""
    kept = 0
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, KeepsDraft):
            continue
        try:
            draft = widget.lock_draft()
            if draft is None:
                continue
            case_id, form, values = draft
            FormDrafts(workspace).save(case_id, form, values)
        except Exception:  # one form that cannot be kept must not stop the lock
            log.exception("keeping a form's draft failed")
            continue
        kept += 1
    return kept


def take_draft(workspace: Workspace, case_id: int | None, form: str) -> FormDraft | None:
    """The draft kept for this form, if any (removed from the workspace: the form holds
    it now). A draft that cannot be read is logged and forgotten, never an error."""
    try:
        return FormDrafts(workspace).take(case_id, form)
    except Exception:
        log.exception("reading a form's draft failed")
        return None


def restored_text(draft: FormDraft) -> str:
    when = f" at {local_time(draft.saved_at)}" if draft.saved_at is not None else ""
    return f"Restored what was typed here before the window locked{when}."
