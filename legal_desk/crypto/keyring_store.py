"""The OS keyring as a home for one key slot's secret.

Some backends cannot be trusted to keep a secret: keyring's fail backend raises,
and its null backend accepts writes and silently drops them. `is_usable` proves a
backend with a write-then-read round trip before any slot relies on it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import secrets
from typing import Any

import keyring
import keyring.errors

SERVICE = "legal-desk"
log = logging.getLogger(__name__)


class KeyringStore:
    def __init__(self, backend: Any | None = None, service: str = SERVICE) -> None:
        self._backend = backend
        self.service = service

    @property
    def backend(self) -> Any:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def is_usable(self) -> bool:
        probe_user = f"probe-{secrets.token_hex(8)}"
        probe_value = secrets.token_hex(16)
        try:
            self.backend.set_password(self.service, probe_user, probe_value)
            ok = bool(self.backend.get_password(self.service, probe_user) == probe_value)
        except Exception as exc:  # any backend failure means "not usable"
            log.info("keyring not usable: %s", type(exc).__name__)
            return False
        with contextlib.suppress(Exception):  # a probe we cannot delete is harmless
            self.backend.delete_password(self.service, probe_user)
        return ok

    def get(self, user: str) -> bytes | None:
        try:
            value = self.backend.get_password(self.service, user)
        except Exception as exc:
            log.info("keyring read failed: %s", type(exc).__name__)
            return None
        if value is None:
            return None
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None

    def set(self, user: str, secret: bytes) -> None:
        self.backend.set_password(self.service, user, base64.b64encode(secret).decode())

    def delete(self, user: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self.backend.delete_password(self.service, user)
