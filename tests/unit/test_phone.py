"""Phone numbers typed or shared by citizens are normalised to +84, and nothing else is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.phones import normalize_phone, normalize_shared_phone


@pytest.mark.parametrize(
    "typed",
    ["0912345678", "0912 345 678", "+84912345678", "84 912 345 678", "0912.345.678", "912345678"],
)
def test_the_usual_ways_of_typing_a_mobile_become_one_number(typed: str) -> None:
    assert normalize_phone(typed) == "+84912345678"


@pytest.mark.parametrize("typed", ["12345", "0212345678", "hello", "091234567890", ""])
def test_what_is_not_a_vietnamese_mobile_is_refused(typed: str) -> None:
    assert normalize_phone(typed) is None


@given(st.text(max_size=60))
def test_any_input_gives_none_or_a_plus84_number(text: str) -> None:
    result = normalize_phone(text)
    assert result is None or (result.startswith("+84") and len(result) == 12)


@pytest.mark.parametrize(
    ("shared", "e164"),
    [
        ("84912345678", "+84912345678"),  # Zalo
        ("+84 912 345 678", "+84912345678"),
        ("0912345678", "+84912345678"),  # typed into Zalo's form
        ("14155552671", "+14155552671"),  # Telegram without the '+': a US account
        ("+442071838750", "+442071838750"),
    ],
)
def test_a_number_a_platform_shares_is_kept_in_e164(shared: str, e164: str) -> None:
    assert normalize_shared_phone(shared) == e164


@pytest.mark.parametrize("shared", [None, "", "12", "not a phone", 84912345678])
def test_a_shared_number_that_is_no_number_is_dropped(shared: object) -> None:
    assert normalize_shared_phone(shared) is None
