"""Memory-hard key derivation (Argon2id) with parameters tuned to this machine."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

TARGET_SECONDS = 0.5


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 2

    def to_json(self) -> dict[str, Any]:
        return {"name": "argon2id", **asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        if data.get("name") != "argon2id":
            raise ValueError("unsupported KDF")
        values = [data["memory_kib"], data["iterations"], data["lanes"]]
        # Whole numbers only: int() of a float like Infinity (valid JSON to Python)
        # raises OverflowError, which no caller expects from a damaged file.
        if not all(type(v) is int for v in values):
            raise ValueError("KDF parameters must be whole numbers")
        params = cls(memory_kib=values[0], iterations=values[1], lanes=values[2])
        # Refuse absurd values from a tampered file instead of exhausting memory.
        if not (8 * params.lanes <= params.memory_kib <= 4 * 1024 * 1024):
            raise ValueError("KDF memory out of range")
        if not (1 <= params.iterations <= 100 and 1 <= params.lanes <= 16):
            raise ValueError("KDF cost out of range")
        return params


# Cheap parameters for tests only: never used for a real workspace.
FAST_TEST_PARAMS = KdfParams(memory_kib=1024, iterations=1, lanes=1)


def derive(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)


def tune(target_seconds: float = TARGET_SECONDS, memory_kib: int = 65536) -> KdfParams:
    """Pick iterations so one derivation takes about `target_seconds` here."""
    probe = KdfParams(memory_kib=memory_kib, iterations=1, lanes=2)
    start = time.perf_counter()
    derive(b"calibration", b"\0" * 16, probe)
    per_iteration = max(time.perf_counter() - start, 1e-4)
    iterations = max(2, min(20, round(target_seconds / per_iteration)))
    return KdfParams(memory_kib=memory_kib, iterations=iterations, lanes=2)
