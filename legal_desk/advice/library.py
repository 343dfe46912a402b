"""The advice template library: seeded from `resources/advice`, edited by attorneys,
versioned (an edit adds a version; advice already sent keeps pointing at its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.advice.engine import TemplateError, TemplateSource, analyse
from legal_desk.advice.placeholders import PLACEHOLDERS
from legal_desk.advice.seed import seed
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace
from models import AdviceTemplate, AdviceTemplateVersion

MAX_TITLE = 200
MAX_SUBJECT = 300


class TemplateNotFoundError(LegalDeskError):
    pass


@dataclass(frozen=True)
class TemplateView:
    key: str
    title: str
    version: int
    version_id: int
    subject: str
    body: str
    created_at: datetime
    created_by: str

    @property
    def source(self) -> TemplateSource:
        return TemplateSource(self.subject, self.body)


def validate(source: TemplateSource) -> None:
    """Refuse a template with a syntax error or a name that is neither a placeholder
    nor a prompt, naming the line or the names."""
    found = analyse(source, PLACEHOLDERS)
    if found.unknown:
        names = ", ".join(found.unknown)
        raise TemplateError(
            f"Unknown placeholder{'s' if len(found.unknown) > 1 else ''}: {names}. "
            'Use one from the list, or ask("a question") to ask while composing.'
        )


class AdviceTemplates:
    """Lists, reads and edits the templates of one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def ensure_seeded(self) -> int:
        """Add shipped templates missing from this workspace (e.g. one made before
        templates existed, or after a new template ships)."""
        with self._workspace.transaction() as session:
            return seed(session, self._workspace.clock())

    def all(self) -> list[TemplateView]:
        """The current version of every template in use, by title."""
        with self._workspace.session() as session:
            templates = session.scalars(
                select(AdviceTemplate)
                .where(AdviceTemplate.archived.is_(False))
                .order_by(AdviceTemplate.title)
            ).all()
            return [_view(t, t.versions[-1]) for t in templates if t.versions]

    def current(self, key: str) -> TemplateView:
        with self._workspace.session() as session:
            template = _template(session, key)
            return _view(template, template.versions[-1])

    def versions(self, key: str) -> list[TemplateView]:
        """Every version of a template, oldest first."""
        with self._workspace.session() as session:
            template = _template(session, key)
            return [_view(template, v) for v in template.versions]

    def version(self, version_id: int) -> TemplateView:
        with self._workspace.session() as session:
            row = session.get(AdviceTemplateVersion, version_id)
            if row is None:
                raise TemplateNotFoundError(f"Template version {version_id} does not exist.")
            return _view(row.template, row)

    def save(self, key: str, *, title: str, subject: str, body: str) -> TemplateView:
        """Store an edit as a new version (nothing is stored when nothing changed).
        Raises `TemplateError` for a template that cannot be used."""
        title = " ".join(title.split())
        subject = " ".join(subject.split())
        if not title:
            raise LegalDeskError("A template needs a title.")
        if len(title) > MAX_TITLE or len(subject) > MAX_SUBJECT:
            raise LegalDeskError(
                f"Keep the title under {MAX_TITLE} and the subject under {MAX_SUBJECT} characters."
            )
        validate(TemplateSource(subject, body))
        with self._workspace.transaction() as session:
            template = _template(session, key)
            latest = template.versions[-1]
            if (template.title, latest.subject, latest.body) == (title, subject, body):
                return _view(template, latest)
            number = (
                session.scalar(
                    select(func.max(AdviceTemplateVersion.version)).where(
                        AdviceTemplateVersion.template_id == template.id
                    )
                )
                or 0
            ) + 1
            template.title = title
            row = AdviceTemplateVersion(
                version=number,
                subject=subject,
                body=body,
                created_at=self._workspace.clock(),
                created_by=self._workspace.actor.audit_name,
            )
            audit.set_summary(session, row, f"Template “{title}” edited: version {number}")
            template.versions.append(row)
            session.flush()
            return _view(template, row)


def _template(session: Session, key: str) -> AdviceTemplate:
    template = session.scalar(select(AdviceTemplate).where(AdviceTemplate.key == key))
    if template is None or not template.versions:
        raise TemplateNotFoundError(f"There is no advice template “{key}”.")
    return template


def _view(template: AdviceTemplate, version: AdviceTemplateVersion) -> TemplateView:
    return TemplateView(
        key=template.key,
        title=template.title,
        version=version.version,
        version_id=version.id,
        subject=version.subject,
        body=version.body,
        created_at=version.created_at,
        created_by=version.created_by,
    )
