"""What the composer loads for a case, off the UI thread: templates, values, suggestion."""

from __future__ import annotations

from dataclasses import dataclass

from legal_desk.advice.drafts import AdviceDrafts, Draft
from legal_desk.advice.library import AdviceTemplates, TemplateView
from legal_desk.advice.placeholders import CaseValues, case_values
from legal_desk.advice.seed import suggest_key
from legal_desk.advice.sent import AdviceRecords, SentView
from legal_desk.services.cases import detail
from legal_desk.workspace import Workspace


@dataclass(frozen=True)
class ComposeData:
    templates: tuple[TemplateView, ...]
    values: CaseValues
    suggested: str  # template key
    sent: tuple[SentView, ...]
    draft: Draft | None = None  # kept when the case was last closed or locked


def load_compose_data(workspace: Workspace, case_id: int) -> ComposeData:
    """On a worker thread: everything the composer shows for one case."""
    library = AdviceTemplates(workspace)
    library.ensure_seeded()  # a workspace made before templates existed gets them now
    values = case_values(workspace, case_id)
    facts = detail(workspace, case_id).facts
    exigent = facts.exigent_claimed or facts.lawful_order_claimed
    return ComposeData(
        templates=tuple(library.all()),
        values=values,
        suggested=suggest_key(values.kind, facts.request_type, exigent),
        sent=tuple(AdviceRecords(workspace).for_case(case_id)),
        draft=AdviceDrafts(workspace).load(case_id),
    )
