"""Recovery codes: 125 random bits, written in Crockford base32 groups for reading aloud."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
GROUPS = 5
GROUP_LEN = 5
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    return "-".join(chars[i : i + GROUP_LEN] for i in range(0, len(chars), GROUP_LEN))


def normalize(code: str) -> str:
    """Uppercase, drop separators and fix look-alike letters, so a typed code matches."""
    return "".join(ch for ch in code.upper() if ch.isalnum()).translate(_CONFUSABLE)


def looks_valid(code: str) -> bool:
    cleaned = normalize(code)
    return len(cleaned) == GROUPS * GROUP_LEN and all(ch in ALPHABET for ch in cleaned)
