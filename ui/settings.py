"""Typed UI settings over QSettings, with every key and default declared in one place.

QSettings is a plain file (or registry key) outside the encrypted workspace, so it
holds window layout only: never a secret, never case data (not even the selected
case id, which stays in memory). Modelled on Picard's `picard/config.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", QByteArray, int, bool, str)

ORGANIZATION = "LegalDesk"
APPLICATION = "Legal Desk"


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T


class UiSettings:
    """The app's QSettings file. Pass `path` for an explicit INI file (tests, portable use)."""

    VERSION = 1
    SETTINGS_VERSION = Key[int]("settings/version", 0)
    WINDOW_GEOMETRY = Key[QByteArray]("window/geometry", QByteArray())
    WINDOW_STATE = Key[QByteArray]("window/state", QByteArray())
    QUEUE_SPLITTER = Key[QByteArray]("window/queue_splitter", QByteArray())

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._qsettings = QSettings(ORGANIZATION, APPLICATION)
        else:
            self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)
        self._upgrade()

    @property
    def file_name(self) -> str:
        return self._qsettings.fileName()

    def get(self, key: Key[T]) -> T:
        value = self._qsettings.value(key.name, key.default, type=type(key.default))
        return value if isinstance(value, type(key.default)) else key.default

    def set(self, key: Key[T], value: T) -> None:
        self._qsettings.setValue(key.name, value)

    def sync(self) -> None:
        self._qsettings.sync()

    def _upgrade(self) -> None:
        """Versioned upgrades: rename or drop old keys here when the layout changes."""
        if self.get(self.SETTINGS_VERSION) < self.VERSION:
            self.set(self.SETTINGS_VERSION, self.VERSION)

    # Named accessors for the keys the window uses.

    @property
    def window_geometry(self) -> QByteArray:
        return self.get(self.WINDOW_GEOMETRY)

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.set(self.WINDOW_GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray:
        return self.get(self.WINDOW_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.set(self.WINDOW_STATE, value)

    @property
    def queue_splitter(self) -> QByteArray:
        return self.get(self.QUEUE_SPLITTER)

    @queue_splitter.setter
    def queue_splitter(self, value: QByteArray) -> None:
        self.set(self.QUEUE_SPLITTER, value)
