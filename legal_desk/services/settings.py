"""Workspace settings kept inside the encrypted database (never secrets, never UI state)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from legal_desk.errors import LegalDeskError
from legal_desk.services.reference_data import DEFAULT_IDLE_MINUTES, IDLE_TIMEOUT_KEY
from legal_desk.workspace import Workspace
from models import Contact, Setting

MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240


@dataclass(frozen=True)
class ContactInfo:
    key: str
    label: str
    phone: str
    extension: str
    email: str

    @property
    def dial_text(self) -> str:
        return f"{self.phone} ext. {self.extension}" if self.extension else self.phone


class SettingsService:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def _get(self, key: str, default: Any) -> Any:
        with self._workspace.session() as session:
            raw = session.scalar(select(Setting.value).where(Setting.key == key))
        return default if raw is None else json.loads(raw)

    def _set(self, key: str, value: Any) -> None:
        with self._workspace.transaction() as session:
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)

    def idle_minutes(self) -> int:
        value = self._get(IDLE_TIMEOUT_KEY, DEFAULT_IDLE_MINUTES)
        return value if isinstance(value, int) else DEFAULT_IDLE_MINUTES

    def set_idle_minutes(self, minutes: int) -> None:
        if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
            raise LegalDeskError(
                f"The idle lock must be between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes."
            )
        self._set(IDLE_TIMEOUT_KEY, minutes)

    def contacts(self) -> list[ContactInfo]:
        with self._workspace.session() as session:
            rows = session.scalars(select(Contact).order_by(Contact.id)).all()
            return [ContactInfo(c.key, c.label, c.phone, c.extension, c.email) for c in rows]

    def contact(self, key: str) -> ContactInfo:
        for info in self.contacts():
            if info.key == key:
                return info
        raise LegalDeskError(f"No contact named {key!r} in the directory.")

    def update_contact(self, info: ContactInfo) -> None:
        with self._workspace.transaction() as session:
            row = session.scalar(select(Contact).where(Contact.key == info.key))
            if row is None:
                session.add(
                    Contact(
                        key=info.key,
                        label=info.label,
                        phone=info.phone,
                        extension=info.extension,
                        email=info.email,
                    )
                )
            else:
                row.label, row.phone = info.label, info.phone
                row.extension, row.email = info.extension, info.email
