"""Log lines that hold no case data: tracebacks keep where it happened, not what it said.

An exception's message may quote what was typed or stored (a name, an address, a value
SQLite refused), and the log file is not encrypted. So the log gets each exception's
type and frames, never its message; the user sees the message on screen instead.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def describe(exc: BaseException) -> str:
    kind = type(exc)
    return f"{kind.__module__}.{kind.__qualname__} (message not logged)"


class NoDataFormatter(logging.Formatter):
    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:
        exc = ei[1]
        chain: list[str] = []
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            frames = "".join(traceback.format_tb(exc.__traceback__))
            chain.append(f"Traceback (most recent call last):\n{frames}{describe(exc)}")
            exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        return "\n\nwhich came from:\n".join(chain)
