"""Recovery codes survive the ways people read them aloud and type them back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legal_desk.crypto import recovery

codes = st.text(alphabet=recovery.ALPHABET, min_size=25, max_size=25).map(
    lambda s: "-".join(s[i : i + 5] for i in range(0, 25, 5))
)


def test_generated_codes_look_valid() -> None:
    for _ in range(100):
        code = recovery.generate()
        assert recovery.looks_valid(code)
        assert len(code) == 29 and code.count("-") == 4


@given(codes, st.sampled_from([" ", "", "-", "  ", " - "]), st.booleans())
def test_typed_variants_normalize_to_the_same_code(code: str, sep: str, lower: bool) -> None:
    canonical = recovery.normalize(code)
    assert canonical == code.replace("-", "")
    typed = code.replace("-", sep)
    typed = typed.lower() if lower else typed
    typed = typed.replace("0", "O").replace("1", "I")
    assert recovery.looks_valid(typed)
    assert recovery.normalize(f"  {typed}\n") == canonical
    assert recovery.normalize(canonical) == canonical  # idempotent


@given(st.text(max_size=60))
def test_looks_valid_means_25_alphabet_characters(text: str) -> None:
    if recovery.looks_valid(text):
        cleaned = recovery.normalize(text)
        assert len(cleaned) == 25
        assert set(cleaned) <= set(recovery.ALPHABET)


@given(codes, st.integers(min_value=0, max_value=24))
def test_a_missing_character_is_not_valid(code: str, drop: int) -> None:
    cleaned = recovery.normalize(code)
    assert not recovery.looks_valid(cleaned[:drop] + cleaned[drop + 1 :])
