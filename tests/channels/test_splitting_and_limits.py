"""The splitter both channels use, and the flood limiter's arithmetic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.ratelimit import SenderLimiter
from bot.splitting import split_text, utf16_length


def test_a_short_text_is_one_part() -> None:
    assert split_text("  Xin chào  ", 4096) == ["Xin chào"]
    assert split_text("", 4096) == []


def test_paragraphs_are_preferred_over_sentences_and_sentences_over_words() -> None:
    text = "Câu một. Câu hai.\n\nĐoạn hai dài hơn một chút. Còn nữa."
    assert split_text(text, 30) == ["Câu một. Câu hai.", "Đoạn hai dài hơn một chút.", "Còn nữa."]
    assert split_text("một hai ba bốn năm sáu", 10) == ["một hai ba", "bốn năm", "sáu"]


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_telegram_limits_count_utf16_units() -> None:
    parts = split_text("😀" * 5000, 4096, utf16_length)
    assert [utf16_length(part) for part in parts] == [4096, 4096, 1808]


@given(
    text=st.text(alphabet=st.sampled_from("ab ạ.\n😀!?"), max_size=400), limit=st.integers(2, 60)
)
def test_parts_fit_and_keep_every_word_in_order(text: str, limit: int) -> None:
    parts = split_text(text, limit, utf16_length)
    assert all(0 < utf16_length(part) <= limit for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


async def test_a_sender_gets_a_burst_then_the_sustained_rate() -> None:
    now = [0.0]
    limiter = SenderLimiter(6, clock=lambda: now[0])  # 6 a minute: one per 10 s
    assert [await limiter.delay("a") for _ in range(6)] == [0.0] * 6
    assert [await limiter.delay("a") for _ in range(3)] == [10.0, 20.0, 30.0]
    assert await limiter.delay("b") == 0.0  # other senders are not affected
    now[0] = 100.0  # a quiet spell refills the bucket
    assert await limiter.delay("a") == 0.0
