"""Who is working: the OS account, and the display name the user chose."""

from __future__ import annotations

import getpass
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    os_user: str
    display_name: str

    @property
    def audit_name(self) -> str:
        """Events name the OS account too, so a shared display name stays traceable."""
        if self.display_name and self.display_name != self.os_user:
            return f"{self.display_name} ({self.os_user})"
        return self.os_user


def os_user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) or no login name
        return "unknown"
