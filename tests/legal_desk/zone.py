"""Times print in the office's zone: an autouse fixture that runs a folder's tests in
Denver's zone, whatever the machine's (import it into that folder's conftest)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def denver_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Denver")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
