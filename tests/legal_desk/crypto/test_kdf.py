"""KDF parameters from a key file are checked before any memory is spent on them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legal_desk.crypto.kdf import FAST_TEST_PARAMS, KdfParams, derive

MAX_MEMORY_KIB = 4 * 1024 * 1024


def _json(memory_kib: Any = 65536, iterations: Any = 3, lanes: Any = 2) -> dict[str, Any]:
    return {"name": "argon2id", "memory_kib": memory_kib, "iterations": iterations, "lanes": lanes}


@given(
    st.integers(min_value=1, max_value=16).flatmap(
        lambda lanes: st.tuples(
            st.integers(min_value=8 * lanes, max_value=MAX_MEMORY_KIB),
            st.integers(min_value=1, max_value=100),
            st.just(lanes),
        )
    )
)
def test_in_range_parameters_round_trip(values: tuple[int, int, int]) -> None:
    params = KdfParams.from_json(_json(*values))
    assert (params.memory_kib, params.iterations, params.lanes) == values
    assert KdfParams.from_json(params.to_json()) == params


@given(
    st.one_of(
        st.builds(_json, memory_kib=st.integers(max_value=15)),  # below 8 KiB per lane
        st.builds(_json, memory_kib=st.integers(min_value=MAX_MEMORY_KIB + 1)),
        st.builds(_json, iterations=st.integers(max_value=0)),
        st.builds(_json, iterations=st.integers(min_value=101)),
        st.builds(_json, lanes=st.integers(max_value=0)),
        st.builds(_json, lanes=st.integers(min_value=17)),
        st.builds(_json, memory_kib=st.floats() | st.text() | st.booleans() | st.none()),
        st.builds(_json, iterations=st.floats() | st.text() | st.booleans() | st.none()),
        st.builds(_json, lanes=st.floats() | st.text() | st.booleans() | st.none()),
    )
)
def test_out_of_range_or_non_integer_parameters_are_refused(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        KdfParams.from_json(data)


def test_other_kdfs_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        KdfParams.from_json({**_json(), "name": "pbkdf2"})


def test_derivation_depends_on_secret_and_salt() -> None:
    a = derive(b"secret", b"s" * 16, FAST_TEST_PARAMS)
    assert len(a) == 32
    assert a == derive(b"secret", b"s" * 16, FAST_TEST_PARAMS)
    assert a != derive(b"secret!", b"s" * 16, FAST_TEST_PARAMS)
    assert a != derive(b"secret", b"t" * 16, FAST_TEST_PARAMS)
