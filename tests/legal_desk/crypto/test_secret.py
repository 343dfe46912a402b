"""The data key never shows itself and can be overwritten."""

from __future__ import annotations

import pytest

from legal_desk.crypto.secret import SecretKey


def test_repr_and_str_never_show_key_bytes() -> None:
    key = SecretKey.generate()
    raw = bytes(key.bytes_view())
    for shown in (repr(key), str(key), f"{key!r}", f"{[key]}"):
        assert key.hex() not in shown
        assert key.hex().upper() not in shown
        assert repr(raw) not in shown
    assert repr(key) == "SecretKey(<32 bytes>)"


def test_wipe_zeroes_the_buffer_in_place() -> None:
    key = SecretKey(bytes(range(1, 33)))
    view = key.bytes_view()
    key.wipe()
    assert bytes(view) == bytes(32)
    assert key.wiped
    assert repr(key) == "SecretKey(<wiped>)"
    with pytest.raises(ValueError, match="wiped"):
        key.hex()


def test_keys_are_32_bytes_and_unhashable() -> None:
    with pytest.raises(ValueError):
        SecretKey(b"short")
    key = SecretKey.generate()
    assert key == SecretKey(bytes(key.bytes_view()))
    assert key != SecretKey.generate()
    with pytest.raises(TypeError):
        hash(key)
