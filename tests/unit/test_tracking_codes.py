"""Tracking codes: unambiguous when read aloud, forgiving when typed, never a crash on junk."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.tracking_codes import (
    ALPHABET,
    find_other_reference,
    find_tracking_code,
    new_tracking_code,
    normalize_tracking_code,
)

CODE = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
# near misses hit the interesting branches far more often than random unicode does
NEAR_MISSES = ALPHABET + ALPHABET.lower() + " -\t\n\u00a0\u200b0OoIiLl1ſßıＡ２_#"


def test_new_codes_are_two_groups_of_four_from_the_unambiguous_alphabet() -> None:
    for _ in range(500):
        assert CODE.match(new_tracking_code())


def test_new_codes_mix_letters_and_digits_so_they_read_as_codes_without_their_hyphen() -> None:
    for _ in range(2000):
        code = new_tracking_code()
        assert any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
        assert find_tracking_code(f"ma {code.replace('-', '').lower()} sao roi") is not None


def test_new_codes_do_not_repeat() -> None:
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_the_alphabet_leaves_out_look_alikes() -> None:
    assert len(ALPHABET) == 31
    assert not set("01OIL") & set(ALPHABET)


@pytest.mark.parametrize(
    "typed",
    [
        "K7M3-9QX2",
        "k7m3-9qx2",
        "K7M39QX2",
        "k7m3 9qx2",
        "  K7M3-9QX2\n",
        "k7 m3-9q x2",
        "K7M3--9QX2",
    ],
)
def test_typed_variants_of_a_code_normalize_to_the_canonical_form(typed: str) -> None:
    assert normalize_tracking_code(typed) == "K7M3-9QX2"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "-",
        "K7M3-9QX",  # too short
        "K7M3-9QX22",  # too long
        "K7M3-9QX0",  # zero is not in the alphabet
        "K7M3-9QXO",  # nor the letter O
        "K7M3-9QX1",
        "K7M3-9QXI",
        "K7M3-9QXL",
        "K7M3_9QX2",
        "K7M3-9Qſ2",  # "ſ".upper() is "S"
        "K7M3-9Qß",  # "ß".upper() is "SS"
        "Ｋ7M3-9QX2",  # fullwidth K
        None,
    ],
)
def test_text_that_cannot_be_a_code_is_refused(typed: str | None) -> None:
    assert normalize_tracking_code(typed) is None


@settings(database=None, max_examples=500)
@given(st.one_of(st.text(), st.text(alphabet=NEAR_MISSES, min_size=6, max_size=12)))
def test_normalizing_hostile_text_never_raises_and_gives_none_or_a_valid_code(text: str) -> None:
    result = normalize_tracking_code(text)
    if result is None:
        return
    assert CODE.match(result)
    assert normalize_tracking_code(result) == result
    # nothing but case and separators changed
    kept = "".join(ch for ch in text if not ch.isspace() and ch != "-")
    assert kept.upper() == result.replace("-", "")


@settings(database=None)
@given(
    st.text(alphabet=ALPHABET, min_size=8, max_size=8),
    st.lists(st.sampled_from(["", " ", "-", "  "]), min_size=9, max_size=9),
    st.booleans(),
)
def test_any_code_survives_being_retyped_with_other_case_and_spacing(
    raw: str, separators: list[str], lower: bool
) -> None:
    canonical = f"{raw[:4]}-{raw[4:]}"
    retyped = (
        "".join(sep + ch for sep, ch in zip(separators[:8], raw, strict=True)) + separators[-1]
    )
    assert normalize_tracking_code(retyped.lower() if lower else retyped) == canonical


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("K7PM-3QXA", "K7PM-3QXA"),
        ("hồ sơ k7pm-3qxa sao rồi", "K7PM-3QXA"),
        ("tra cuu k7pm3qxa", "K7PM-3QXA"),
        ("K7PM 3QXA", "K7PM-3QXA"),
        # letters only, as codes issued before they mixed digits: hyphen, capitals or a cue word
        ("KXRT-PQMA", "KXRT-PQMA"),
        ("mã KXRTPQMA sao rồi", "KXRT-PQMA"),
        ("ma kxrtpqma sao roi", "KXRT-PQMA"),
        ("code kxrtpqma please", "KXRT-PQMA"),
        ("KXRTPQMA", "KXRT-PQMA"),
    ],
)
def test_a_code_is_found_however_it_is_typed(text: str, code: str) -> None:
    found = find_tracking_code(text)
    assert found is not None and found[0] == code
    assert normalize_tracking_code(text[found[1] : found[2]]) == code


@pytest.mark.parametrize(
    "text",
    ["remember to fix the road", "whatever", "sđt 0912 345 678", "nha so 12345678", "K7PM-3QXAB"],
)
def test_words_and_numbers_are_not_taken_for_codes(text: str) -> None:
    assert find_tracking_code(text) is None


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("HB-2026-00487", "HB-2026-00487"),
        ("Phản ánh HB-2025-01876 đang ở bước nào", "HB-2025-01876"),
        ("ma ho so 000.00.12.H55-240101-0001", "000.00.12.H55-240101-0001"),
        # one of ours mistyped with a letter ours never use
        ("Mã Q8ZN-4LDC", "Q8ZN-4LDC"),
        ("ma R2LX5NPV", "R2LX5NPV"),
    ],
)
def test_another_systems_reference_is_found(text: str, reference: str) -> None:
    assert find_other_reference(text) == reference


@pytest.mark.parametrize(
    "text",
    [
        "K7PM-3QXA",
        "sdt 0987-654-321",
        "từ 12-10-2025",
        "lan.nguyen923@gmail.com",
        "dichvucong.gov.vn",
    ],
)
def test_our_codes_phones_dates_and_addresses_are_not_other_references(text: str) -> None:
    assert find_other_reference(text) is None
