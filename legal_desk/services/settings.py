"""Workspace settings kept inside the encrypted database (never secrets, never UI state)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from legal_desk.advice.letters import Letterhead
from legal_desk.advice.mail import MailSecurity, MailSettings
from legal_desk.advice.mail import validate as validate_mail
from legal_desk.errors import LegalDeskError
from legal_desk.services.reference_data import DEFAULT_IDLE_MINUTES, IDLE_TIMEOUT_KEY
from legal_desk.workspace import Workspace
from models import Contact, Setting

MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240
MAIL_KEY = "mail_server"
LETTERHEAD_KEY = "letterhead"
BACKUP_KEY = "backup"
MAX_LETTERHEAD_LINE = 200


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


@dataclass(frozen=True)
class BackupSettings:
    folder: Path
    daily: bool = True


def default_backup_folder(workspace_dir: Path) -> Path:
    # Beside the workspace, not inside it: a folder the office can point its own
    # backup or sync tool at. A copy on the same disk still guards against damage and
    # mistakes; the dialog suggests a second disk or a network share.
    return workspace_dir.parent / f"{workspace_dir.name} backups"


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

    # ----- mail server and letterhead (issue 5); the mail password is in the keyring -----

    def mail(self) -> MailSettings:
        raw = self._get(MAIL_KEY, {})
        if not isinstance(raw, dict):
            return MailSettings()
        try:
            security = MailSecurity(raw.get("security", MailSecurity.STARTTLS))
        except ValueError:
            security = MailSecurity.STARTTLS
        port = raw.get("port")
        return MailSettings(
            host=str(raw.get("host", "")),
            port=port if isinstance(port, int) else security.default_port,
            security=security,
            username=str(raw.get("username", "")),
            sender=str(raw.get("sender", "")),
        )

    def set_mail(self, settings: MailSettings) -> None:
        """Keep the mail server's settings; all fields empty means "no mail server"."""
        settings = MailSettings(
            host=settings.host.strip(),
            port=settings.port,
            security=MailSecurity(settings.security),
            username=settings.username.strip(),
            sender=" ".join(settings.sender.split()),
        )
        if settings.host or settings.username or settings.sender:
            validate_mail(settings)
        self._set(
            MAIL_KEY,
            {
                "host": settings.host,
                "port": settings.port,
                "security": settings.security.value,
                "username": settings.username,
                "sender": settings.sender,
            },
        )

    def letterhead(self) -> Letterhead:
        raw = self._get(LETTERHEAD_KEY, {})
        if not isinstance(raw, dict):
            return Letterhead()
        default = Letterhead()
        return Letterhead(
            name=str(raw.get("name", default.name)),
            address=str(raw.get("address", default.address)),
            phone=str(raw.get("phone", default.phone)),
        )

    def set_letterhead(self, letterhead: Letterhead) -> None:
        name = " ".join(letterhead.name.split())
        if not name:
            raise LegalDeskError("The letterhead needs the office's name.")
        address = "\n".join(
            " ".join(line.split()) for line in letterhead.address.splitlines() if line.strip()
        )
        phone = " ".join(letterhead.phone.split())
        for line in (name, phone, *address.splitlines()):
            if len(line) > MAX_LETTERHEAD_LINE:
                raise LegalDeskError(
                    f"A letterhead line is longer than {MAX_LETTERHEAD_LINE} characters."
                )
        self._set(LETTERHEAD_KEY, {"name": name, "address": address, "phone": phone})

    def backup(self) -> BackupSettings:
        raw = self._get(BACKUP_KEY, {})
        if not isinstance(raw, dict):
            raw = {}
        folder = str(raw.get("folder", "")).strip()
        return BackupSettings(
            folder=Path(folder) if folder else default_backup_folder(self._workspace.directory),
            daily=bool(raw.get("daily", True)),
        )

    def check_backup_folder(self, folder: Path) -> Path:
        """The folder as it will be stored, or a `LegalDeskError` saying why not."""
        folder = folder.expanduser()
        if not folder.is_absolute():
            raise LegalDeskError("Choose the backup folder by its full path.")
        if folder.resolve() == self._workspace.directory.resolve():
            raise LegalDeskError("Choose a backup folder other than the workspace folder.")
        return folder

    def set_backup(self, settings: BackupSettings) -> None:
        folder = self.check_backup_folder(settings.folder)
        self._set(BACKUP_KEY, {"folder": str(folder), "daily": settings.daily})
