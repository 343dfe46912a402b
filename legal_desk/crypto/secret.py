"""The data key held in a mutable buffer, so it can be overwritten on lock."""

from __future__ import annotations

import os
import secrets

KEY_BYTES = 32


class SecretKey:
    """32 key bytes in a bytearray; `wipe()` zeroes them in place.

    Python copies bytes freely, so wiping is best effort: callers avoid making
    immutable copies except for the moment a key is handed to a C library.
    """

    __slots__ = ("_buf",)

    def __init__(self, data: bytes | bytearray) -> None:
        if len(data) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._buf = bytearray(data)

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    def copy(self) -> SecretKey:
        """A second key object with its own buffer, for work that must outlive a lock
        of the first (the caller wipes it); no immutable copy is made on the way."""
        if len(self._buf) == 0:
            raise ValueError("key has been wiped")
        twin = SecretKey.__new__(SecretKey)
        twin._buf = bytearray(self._buf)
        return twin

    @property
    def wiped(self) -> bool:
        return not any(self._buf) or len(self._buf) == 0

    def hex(self) -> str:
        if len(self._buf) == 0:
            raise ValueError("key has been wiped")
        return self._buf.hex()

    def bytes_view(self) -> memoryview:
        return memoryview(self._buf)

    def wipe(self) -> None:
        for i in range(len(self._buf)):
            self._buf[i] = 0
        self._buf = bytearray()

    def __repr__(self) -> str:  # never print key bytes
        return "SecretKey(<wiped>)" if len(self._buf) == 0 else "SecretKey(<32 bytes>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretKey) and secrets.compare_digest(
            bytes(self._buf), bytes(other._buf)
        )

    __hash__ = None  # type: ignore[assignment]


def random_bytes(n: int) -> bytes:
    return os.urandom(n)
