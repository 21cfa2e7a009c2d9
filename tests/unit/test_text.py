"""Folding and language detection: what lets "so do" mean "sổ đỏ" and answers come in English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.language import detect_language
from core.text import fold, nfc, normalize


def test_folding_strips_every_vietnamese_diacritic_and_keeps_positions() -> None:
    text = nfc("Đăng ký khai sinh ở phường Hòa Bình")
    assert fold(text) == "dang ky khai sinh o phuong hoa binh"
    assert len(fold(text)) == len(text)


@given(st.text())
def test_folding_never_changes_the_length_of_nfc_text(text: str) -> None:
    text = nfc(text)
    assert len(fold(text)) == len(text)


def test_shorthand_is_expanded_to_the_full_word() -> None:
    assert normalize("ko dc j a") == "khong duoc gi a"
    assert normalize("Đc không ạ") == "duoc khong a"


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("xin chào", "vi"),
        ("thu tuc lam can cuoc can giay to gi", "vi"),
        ("the can cuoc het han roi", "vi"),
        ("ad oi cho e hoi", "vi"),
        ("hello", "en"),
        ("what can you do for me", "en"),
        ("how much is the passport fee", "en"),
        ("thanks a lot", "en"),
        # a Vietnamese place's name does not make an English sentence Vietnamese
        ("Hello, I live in residential group 4, Kỳ Sơn ward. I'd like to make a suggestion", "en"),
        ("I want to report a pothole on Hùng Vương street in Việt Trì ward", "en"),
        ("Cho tôi hỏi về passport", "vi"),
        ("Trần Văn Tư, 0987 111 222", "vi"),
    ],
)
def test_language_is_told_from_one_message(message: str, language: str) -> None:
    assert detect_language(message) == language


@pytest.mark.parametrize(
    "message", ["ok", "👍", "K7M3-9QX2", "0912345678", "", "hamlet 3, Hợp Lý commune"]
)
def test_a_message_without_evidence_keeps_the_language_it_had(message: str) -> None:
    assert detect_language(message) is None
